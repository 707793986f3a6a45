#!/usr/bin/env python3
"""Extraction on Apache Spark: `newsgraph extract --format nquads -` runs as a filter over every
partition of a JSON Lines corpus, and the N-Quads come out partitioned, ready for
`newsgraph load OUTPUT/nquads` (the same store `newsgraph build` makes of the same articles).

    spark-submit tools/spark_extract.py INPUT OUTPUT [--newsgraph PATH] [--partitions N]
    python3 tools/spark_extract.py --master 'local[2]' INPUT OUTPUT     (PySpark from pip)

INPUT is a JSON Lines file or directory on any Hadoop filesystem (a local path, file://,
hdfs://, s3a://, gs://...). OUTPUT/nquads/part-NNNNN holds each document's quads as one run
of lines, partitions in input order; OUTPUT/errors/ holds one JSON line per document the filter
refused ({"partition", "line", "id", "error"}); the job exits 1 when there is any.

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

from pyspark import SparkFiles
from pyspark.accumulators import AccumulatorParam
from pyspark.sql import SparkSession

SKIPPED = re.compile(r"^newsgraph: skipped -:(\d+): (.*)$")
# bytes of the filter's output handed to Spark at a time (whole lines only)
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


def extract_partition(given, workers, base, errors):
    """A mapPartitionsWithIndex function: the partition's lines through the filter."""

    def run(index, lines):
        cmd = [binary(given), "--base", base, "extract", "--format", "nquads", "--workers", str(workers), "-"]
        proc = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE,
                                stderr=subprocess.PIPE, bufsize=0)
        sent = []  # the partition's lines, kept to name a refused document by its id
        err_lines = []

        def feed():
            try:
                for line in lines:
                    sent.append(line)
                    proc.stdin.write(line.encode("utf-8") + b"\n")
            except BrokenPipeError:
                pass
            finally:
                try:
                    proc.stdin.close()
                except BrokenPipeError:
                    pass

        def drain():
            for raw in proc.stderr:
                err_lines.append(raw.decode("utf-8", "replace").rstrip("\n"))

        threads = [threading.Thread(target=feed, daemon=True), threading.Thread(target=drain, daemon=True)]
        for t in threads:
            t.start()
        pending = b""
        while True:
            chunk = proc.stdout.read(CHUNK)
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
        code = proc.wait()
        for t in threads:
            t.join()
        if code not in (0, 1):
            raise RuntimeError(f"newsgraph exited with {code} on partition {index}: " + " | ".join(err_lines[-5:]))
        found = []
        for e in err_lines:
            m = SKIPPED.match(e)
            if m:
                n = int(m.group(1))
                doc = document_id(sent[n - 1]) if 0 < n <= len(sent) else None
                found.append({"partition": index, "line": n, "id": doc, "error": m.group(2)})
            elif e.strip():
                found.append({"partition": index, "line": None, "id": None, "error": e})
        if found:
            errors.add(found)

    return run


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("input")
    ap.add_argument("output")
    ap.add_argument("--newsgraph", help="the newsgraph binary (default: shipped with --files, or on PATH)")
    ap.add_argument("--partitions", type=int, default=0,
                    help="input partitions (default: 4 per core, so that no core waits on a last big one)")
    ap.add_argument("--workers", type=int, default=0,
                    help="extraction threads per task (default: spark.task.cpus)")
    ap.add_argument("--base", default="https://w3id.org/newsgraph/id/", help="base of instance IRIs")
    ap.add_argument("--master", help="Spark master when run without spark-submit, e.g. local[2]")
    args = ap.parse_args()

    builder = (SparkSession.builder.appName("newsgraph-extract")
               .config("spark.ui.showConsoleProgress", str(sys.stderr.isatty()).lower()))
    if args.master:
        builder = builder.master(args.master)
    spark = builder.getOrCreate()
    sc = spark.sparkContext
    sc.setLogLevel("WARN")
    workers = args.workers or int(sc.getConf().get("spark.task.cpus", "1"))
    partitions = args.partitions or 4 * sc.defaultParallelism
    errors = sc.accumulator([], ListParam())
    given = os.path.abspath(args.newsgraph) if args.newsgraph else None
    out = args.output.rstrip("/")

    lines = sc.textFile(args.input, minPartitions=partitions)
    run = extract_partition(given, workers, args.base, errors)
    started = time.perf_counter()
    lines.mapPartitionsWithIndex(run).saveAsTextFile(out + "/nquads")
    print(f"newsgraph: spark job took {time.perf_counter() - started:.2f} s", file=sys.stderr)

    found = sorted(errors.value, key=lambda e: (e["partition"], e["line"] or 0))
    # written even when empty, so that the output always has the same shape
    sc.parallelize([json.dumps(e) for e in found], 1).saveAsTextFile(out + "/errors")
    if found:
        for e in found[:20]:
            print(f"newsgraph: skipped partition {e['partition']} line {e['line']}"
                  f" (id {e['id']}): {e['error']}", file=sys.stderr)
        print(f"newsgraph: {len(found)} documents refused; see {args.output}/errors", file=sys.stderr)
    spark.stop()
    return 1 if found else 0


if __name__ == "__main__":
    sys.exit(main())
