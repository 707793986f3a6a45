#!/usr/bin/env python3
"""Times the distributed path on the feed of tools/bench.py (the seeds repeated, each copy a
distinct document; default 2,000 copies = 10,000 documents): `newsgraph extract --workers 2`
as a filter, the same extraction on Spark in local mode (local[2], tools/spark_extract.py),
`load` of Spark's output against `build` of the feed (quad counts), and, when --push URL,GSP
is given, `push` of that store. No timing is asserted anywhere; this prints figures.

Usage: python3 tools/bench_dist.py [COPIES] [--rounds N] [--no-load] [--spark-arg=ARG ...]
                                   [--push=SPARQL_URL,GSP_URL]

--rounds N runs extract and Spark N times each, alternating (extract, Spark, extract, ...), so
that a change in the machine's load weighs on both alike; every run is printed, then the best
and the median of each. The load average is printed before and after. Spark's figures are
three: its start-up (JVM, SparkContext), the job (reading the corpus, extraction, writing the
partitions), and the whole run as a user waits for it. The CPU time of every process of a run
(the JVM, Python's workers, newsgraph), sampled from /proc, is printed too: on a shared machine
it varies less than the wall time.

Needs PySpark in the Python that runs it (or NEWSGRAPH_TEST_PYTHON) and java.
"""
import json
import os
import pathlib
import re
import statistics
import subprocess
import sys
import tempfile
import threading
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.chdir(ROOT)
argv = sys.argv[1:]
push = next((a.split("=", 1)[1] for a in argv if a.startswith("--push=")), None)
spark_args = [a.split("=", 1)[1] for a in argv if a.startswith("--spark-arg=")]
rounds = int(argv[argv.index("--rounds") + 1]) if "--rounds" in argv else 1
no_load = "--no-load" in argv
positional = [a for i, a in enumerate(argv)
              if not a.startswith("--") and (i == 0 or argv[i - 1] != "--rounds")]
copies = int(positional[0]) if positional else 2000
target = os.environ.setdefault("CARGO_TARGET_DIR", str(pathlib.Path.home() / ".cache/newsgraph-target"))
subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "newsgraph"], check=True)
binary = str(pathlib.Path(target) / "release" / "newsgraph")
python = os.environ.get("NEWSGRAPH_TEST_PYTHON", sys.executable)


def load_average():
    return " ".join(pathlib.Path("/proc/loadavg").read_text().split()[:3])


TICK = os.sysconf("SC_CLK_TCK")


def session_cpu(sid, seen):
    """Adds to `seen` (pid -> CPU seconds) every live process of session `sid`."""
    for entry in os.listdir("/proc"):
        if not entry.isdigit():
            continue
        try:
            fields = pathlib.Path(f"/proc/{entry}/stat").read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        # after the command's name: state ppid pgrp session ... utime(12) stime(13)
        if int(fields[3]) == sid:
            seen[entry] = max(seen.get(entry, 0), (int(fields[11]) + int(fields[12])) / TICK)


def timed(label, cmd, **kw):
    """Runs cmd in a session of its own; its wall time and the completed process. The CPU time
    of all the session's processes (the JVM, Python's workers, newsgraph), sampled from /proc
    every 50 ms, is left in timed.cpu: waiting for a child does not count them all, as
    Spark's Python daemon does not wait for its workers."""
    seen, done = {}, threading.Event()
    start = time.perf_counter()
    proc = subprocess.Popen(cmd, start_new_session=True, **kw)

    def sample():
        while not done.wait(0.05):
            session_cpu(proc.pid, seen)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    out, err = proc.communicate()
    t = time.perf_counter() - start
    # the JVM outlives the Python that launched it by a moment
    while any(pathlib.Path(f"/proc/{p}").exists() for p in list(seen)) and time.perf_counter() - start < t + 10:
        time.sleep(0.05)
    done.set()
    sampler.join()
    timed.cpu = sum(seen.values())
    print(f"{label:<52}{t:8.2f} s   {timed.cpu:7.2f} s CPU   (exit {proc.returncode})", flush=True)
    return t, subprocess.CompletedProcess(cmd, proc.returncode, out, err)


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    feed = tmp / "feed.jsonl"
    with feed.open("w") as f:
        for p in sorted(pathlib.Path("seeds").glob("*.txt")):
            text = p.read_text()
            for n in range(copies):
                f.write(json.dumps({"id": f"{p.stem}-{n}", "text": text}) + "\n")
    docs = copies * 5
    print(f"load average before: {load_average()}  ({os.cpu_count()} cores)", flush=True)
    x_times, s_start, s_job, s_wall, x_cpu, s_cpu = [], [], [], [], [], []
    out = tmp / "spark"
    for n in range(rounds):
        with feed.open("rb") as stdin:
            t, _ = timed(f"extract --workers 2 ({docs} documents)",
                         [binary, "extract", "--format", "nquads", "--workers", "2", "-"],
                         stdin=stdin, stdout=subprocess.DEVNULL)
        x_times.append(t)
        x_cpu.append(timed.cpu)
        subprocess.run(["rm", "-rf", str(out)], check=True)
        t, r = timed("spark local[2] (spark_extract.py, whole run)",
                     [python, "tools/spark_extract.py", "--master", "local[2]", "--newsgraph", binary,
                      *spark_args, str(feed), str(out)], stderr=subprocess.PIPE, text=True)
        s_wall.append(t)
        s_cpu.append(timed.cpu)
        started = re.search(r"spark started in ([0-9.]+) s", r.stderr or "")
        job = re.search(r"job took ([0-9.]+) s", r.stderr or "")
        if r.returncode != 0 or not job:
            print(r.stderr)
            sys.exit(1)
        s_start.append(float(started.group(1)) if started else float("nan"))
        s_job.append(float(job.group(1)))
        print(f"{'  of which Spark start-up / the job':<52}{s_start[-1]:8.2f} s / {s_job[-1]:.2f} s", flush=True)
    print(f"load average after: {load_average()}")

    def line(label, times):
        best, median = min(times), statistics.median(times)
        print(f"{label:<44}best {best:7.2f} s ({docs / best / 2:4.0f} documents/s per core)"
              f"   median {median:7.2f} s ({docs / median / 2:4.0f})")

    line("extract --workers 2", x_times)
    line("spark local[2], the job", s_job)
    line("spark local[2], start-up", s_start)
    line("spark local[2], whole run", s_wall)
    print(f"{'CPU time, extract / the whole Spark run':<44}median {statistics.median(x_cpu):7.2f} s"
          f" / {statistics.median(s_cpu):7.2f} s")
    ratio = statistics.median(s_job) / statistics.median(x_times)
    print(f"the job's median time against extract's: {100 * (ratio - 1):+.0f}%"
          f"  (throughput ratio {1 / ratio:.2f})")
    if no_load:
        sys.exit(0)
    quads = {}
    for name, cmd in [("load", [binary, "--store", str(tmp / "loaded"), "load", str(out / "nquads")]),
                      ("build", [binary, "--store", str(tmp / "built"), "build", str(feed)])]:
        t, r = timed(f"{name} into a new store", cmd, stdout=subprocess.PIPE, text=True)
        quads[name] = int(re.search(r"quads\s+(\d+)", r.stdout).group(1))
        print(f"{'  quads':<52}{quads[name]:8d}")
    print("load and build agree" if quads["load"] == quads["build"] else "LOAD AND BUILD DIFFER")
    if push:
        sparql, gsp = push.split(",")
        t, r = timed("push of the built store", [binary, "--store", str(tmp / "built"), "push",
                                                 "--endpoint", sparql, "--graph-store", gsp],
                     stdout=subprocess.PIPE, text=True)
        print(r.stdout.strip())
        print(f"{'  push':<52}{docs / t:8.0f} documents/s")
