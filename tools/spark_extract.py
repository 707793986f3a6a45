#!/usr/bin/env python3
"""Extraction on Apache Spark: `newsgraph extract --format nquads -` runs as a filter over every
partition of a JSON Lines corpus, and the N-Quads come out partitioned, ready for
`newsgraph load OUTPUT/nquads` (the same store `newsgraph build` makes of the same articles).

    spark-submit tools/spark_extract.py INPUT OUTPUT [--newsgraph PATH] [--partitions N]
    python3 tools/spark_extract.py --master 'local[2]' INPUT OUTPUT     (PySpark from pip)

INPUT is a JSON Lines file or directory on any Hadoop filesystem (a local path, file://,
hdfs://, s3a://, gs://...). OUTPUT/nquads/part-NNNNN holds each document's quads as one run
of lines, partitions in input order; OUTPUT/errors/part-00000 holds one JSON line per document
the filter refused ({"partition", "line", "id", "error"}); the job exits 1 when there is any.

How the N-Quads are written (--write): on a local filesystem (a plain path or file://, which on
a cluster is each executor's own disk, or a shared mount) each task's newsgraph writes its
partition straight into OUTPUT/nquads/_temporary/, renamed to part-NNNNN when the task
succeeds (a task run again by Spark rewrites it whole); elsewhere (hdfs://, s3a://, ...) the
output goes through Spark's own saveAsTextFile. Both give the same files; the first spares
the output's gigabytes the trip through Python and the JVM (about as much work as the
extraction itself on two cores).

The newsgraph binary is found as --newsgraph PATH, else as a file shipped with
`spark-submit --files /path/to/newsgraph` (SparkFiles), else on the executors' PATH. The
filter keeps no state between documents, so a failed task is simply run again by Spark.
"""
import argparse
import json
import os
import re
import shutil
import subprocess
import sys
import threading
import time
import uuid

from pyspark import SparkConf, SparkContext, SparkFiles, TaskContext
from pyspark.accumulators import AccumulatorParam

SKIPPED = re.compile(r"^newsgraph: skipped -:(\d+): (.*)$")
# bytes of the filter's output handed to Spark at a time (whole lines only), --write hadoop
CHUNK = 1 << 20


class ListParam(AccumulatorParam):
    """Error records gathered from the tasks (Spark applies each task's update once)."""

    def zero(self, value):
        return []

    def addInPlace(self, a, b):
        a.extend(b)
        return a


def binary(given):
    """The newsgraph executable on this executor."""
    if given:
        return given
    try:
        shipped = SparkFiles.get("newsgraph")
        if os.path.exists(shipped):
            os.chmod(shipped, 0o755)
            return shipped
    except Exception:  # no SparkContext files on this worker
        pass
    found = shutil.which("newsgraph")
    if not found:
        raise RuntimeError("no newsgraph binary: give --newsgraph PATH or ship it with --files")
    return found


def document_id(line):
    try:
        value = json.loads(line).get("id")
        return None if value is None else str(value)
    except (ValueError, AttributeError):
        return None


def local_dir(url):
    """The directory of `url` when it is on the local filesystem (a plain path, file:), else None."""
    if url.startswith("file:"):
        path = url[len("file:"):]
        # file:///x and file:/x are /x; file://host/x is not ours to write
        if path.startswith("//"):
            path = path[2:]
            if not path.startswith("/"):
                return None
        return path
    return None if re.match(r"^[A-Za-z][A-Za-z0-9+.-]*://", url) else os.path.abspath(url)


class Filter:
    """newsgraph extract on one partition: feeds it the lines, gathers its error lines."""

    def __init__(self, given, workers, base, index, stdout):
        cmd = [binary(given), "--base", base, "extract", "--format", "nquads", "--workers", str(workers), "-"]
        self.index = index
        self.proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=stdout,
                                     stderr=subprocess.PIPE, bufsize=1 << 20)
        self.sent = []  # the partition's lines (bytes), kept to name a refused document by its id
        self.err_lines = []
        self.threads = [threading.Thread(target=self._drain, daemon=True)]

    def _drain(self):
        for raw in self.proc.stderr:
            self.err_lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

    def feed(self, lines):
        try:
            for line in lines:
                self.sent.append(line)
                self.proc.stdin.write(line + b"\n")
        except BrokenPipeError:
            pass
        finally:
            try:
                self.proc.stdin.close()
            except BrokenPipeError:
                pass

    def start(self, lines=None):
        if lines is not None:
            # the filter's output is read by the caller meanwhile: feed from a thread
            self.threads.append(threading.Thread(target=self.feed, args=(lines,), daemon=True))
        for t in self.threads:
            t.start()

    def finish(self):
        """Waits for the filter; the documents it refused, as error records."""
        code = self.proc.wait()
        for t in self.threads:
            t.join()
        if code not in (0, 1):
            raise RuntimeError(f"newsgraph exited with {code} on partition {self.index}: "
                               + " | ".join(self.err_lines[-5:]))
        found = []
        for e in self.err_lines:
            m = SKIPPED.match(e)
            if m:
                n = int(m.group(1))
                doc = document_id(self.sent[n - 1]) if 0 < n <= len(self.sent) else None
                found.append({"partition": self.index, "line": n, "id": doc, "error": m.group(2)})
            elif e.strip():
                found.append({"partition": self.index, "line": None, "id": None, "error": e})
        return found


def write_partition(given, workers, base, nquads):
    """A mapPartitionsWithIndex function, --write direct: the filter writes the partition's file
    itself; the task yields only the partition's error records."""

    def run(index, lines):
        lines = iter(lines)
        first = next(lines, None)
        final = os.path.join(nquads, f"part-{index:05d}")
        ctx = TaskContext.get()
        attempt = f"{ctx.stageId()}-{ctx.attemptNumber()}" if ctx else uuid.uuid4().hex
        tmp = os.path.join(nquads, "_temporary", f"part-{index:05d}.{attempt}")
        with open(tmp, "wb") as out:
            found = []
            if first is not None:  # an empty partition: an empty file, and no filter to start
                f = Filter(given, workers, base, index, out)
                f.start()
                f.feed(_chain(first, lines))
                found = f.finish()
        os.replace(tmp, final)
        return iter(found)

    return run


def stream_partition(given, workers, base, errors):
    """A mapPartitionsWithIndex function, --write hadoop: the filter's output handed to Spark."""

    def run(index, lines):
        lines = iter(lines)
        first = next(lines, None)
        if first is None:
            return
        f = Filter(given, workers, base, index, subprocess.PIPE)
        f.start(_chain(first, lines))
        pending = b""
        while True:
            chunk = f.proc.stdout.read(CHUNK)
            if not chunk:
                break
            pending += chunk
            cut = pending.rfind(b"\n")
            if cut >= 0:
                # saveAsTextFile writes each element and a newline: whole lines only
                yield pending[:cut]
                pending = pending[cut + 1:]
        if pending:
            yield pending
        found = f.finish()
        if found:
            errors.add(found)

    return run


def _chain(first, rest):
    yield first
    yield from rest


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--newsgraph", help="the newsgraph binary (default: shipped with --files, or on PATH)")
    ap.add_argument("--partitions", type=int, default=0,
                    help="input partitions, at least (default: 2 per core; each starts newsgraph once)")
    ap.add_argument("--workers", type=int, default=0,
                    help="extraction threads per task (default: spark.task.cpus)")
    ap.add_argument("--write", choices=["auto", "direct", "hadoop"], default="auto",
                    help="direct: each task writes its part file on the local filesystem; hadoop: "
                         "through Spark's saveAsTextFile; auto (default): direct for a local OUTPUT")
    ap.add_argument("--base", default="https://w3id.org/newsgraph/id/", help="base of instance IRIs")
    ap.add_argument("--master", help="Spark master when run without spark-submit, e.g. local[2]")
    args = ap.parse_args()

    begun = time.perf_counter()
    conf = SparkConf().setAppName("newsgraph-extract")
    conf.setIfMissing("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower())
    if args.master:
        conf.setMaster(args.master)
        if args.master.startswith("local"):
            # one short-lived JVM on this machine: no web UI, and no optimising JIT pass, whose
            # compiler threads cost seconds of CPU at start-up and buy nothing here (the JVM
            # only hands lines to Python; the extraction runs in newsgraph)
            conf.setIfMissing("spark.ui.enabled", "false")
            conf.setIfMissing("spark.driver.extraJavaOptions", "-XX:TieredStopAtLevel=1")
    # the job is RDDs only: a SparkContext, not a SparkSession (whose SQL start-up costs more
    # than the context's own)
    sc = SparkContext.getOrCreate(conf)
    sc.setLogLevel("WARN")
    print(f"newsgraph: spark started in {time.perf_counter() - begun:.2f} s", file=sys.stderr)
    workers = args.workers or int(sc.getConf().get("spark.task.cpus", "1"))
    partitions = args.partitions or 2 * sc.defaultParallelism
    given = os.path.abspath(args.newsgraph) if args.newsgraph else None
    out = args.output.rstrip("/")
    local = local_dir(out)
    direct = args.write == "direct" or (args.write == "auto" and local is not None)
    if direct and local is None:
        ap.error(f"--write direct: {args.output} is not on the local filesystem")

    # the lines as the file's bytes: newsgraph reads UTF-8, no decoding and encoding in Python
    lines = sc.textFile(args.input, minPartitions=partitions, use_unicode=False)
    started = time.perf_counter()
    if direct:
        nquads = os.path.join(local, "nquads")
        if os.path.exists(nquads):
            ap.error(f"{nquads} already exists")
        os.makedirs(os.path.join(nquads, "_temporary"))
        run = write_partition(given, workers, args.base, nquads)
        found = lines.mapPartitionsWithIndex(run).collect()
        shutil.rmtree(os.path.join(nquads, "_temporary"))
        open(os.path.join(nquads, "_SUCCESS"), "w").close()
    else:
        errors = sc.accumulator([], ListParam())
        run = stream_partition(given, workers, args.base, errors)
        lines.mapPartitionsWithIndex(run).saveAsTextFile(out + "/nquads")
        found = errors.value
    print(f"newsgraph: spark job took {time.perf_counter() - started:.2f} s", file=sys.stderr)

    found = sorted(found, key=lambda e: (e["partition"], e["line"] or 0))
    # written even when empty, so that the output always has the same shape
    report = [json.dumps(e) for e in found]
    if direct:
        os.makedirs(os.path.join(local, "errors"))
        with open(os.path.join(local, "errors", "part-00000"), "w") as f:
            f.writelines(r + "\n" for r in report)
        open(os.path.join(local, "errors", "_SUCCESS"), "w").close()
    else:
        sc.parallelize(report, 1).saveAsTextFile(out + "/errors")
    if found:
        for e in found[:20]:
            print(f"newsgraph: skipped partition {e['partition']} line {e['line']}"
                  f" (id {e['id']}): {e['error']}", file=sys.stderr)
        print(f"newsgraph: {len(found)} documents refused; see {args.output}/errors", file=sys.stderr)
    sc.stop()
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
