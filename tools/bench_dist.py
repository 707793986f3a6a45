#!/usr/bin/env python3
"""Times the distributed path on the feed of tools/bench.py (the seeds repeated, each copy a
distinct document; default 2,000 copies = 10,000 documents): `newsgraph extract --workers 2`
as a filter, the same extraction on Spark in local mode (local[2], tools/spark_extract.py),
`load` of Spark's output against `build` of the feed (quad counts), and, when --push URL,GSP
is given, `push` of that store. No timing is asserted anywhere; this prints figures.

Usage: python3 tools/bench_dist.py [COPIES] [--push SPARQL_URL,GSP_URL]
Needs PySpark in the Python that runs it (or NEWSGRAPH_TEST_PYTHON) and java.
"""
import json
import os
import pathlib
import re
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.chdir(ROOT)
args = [a for a in sys.argv[1:] if not a.startswith("--push")]
push = next((a.split("=", 1)[1] for a in sys.argv[1:] if a.startswith("--push=")), None)
copies = int(args[0]) if args else 2000
target = os.environ.setdefault("CARGO_TARGET_DIR", str(pathlib.Path.home() / ".cache/newsgraph-target"))
subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "newsgraph"], check=True)
binary = str(pathlib.Path(target) / "release" / "newsgraph")
python = os.environ.get("NEWSGRAPH_TEST_PYTHON", sys.executable)


def timed(label, cmd, **kw):
    start = time.perf_counter()
    r = subprocess.run(cmd, check=False, **kw)
    t = time.perf_counter() - start
    print(f"{label:<48}{t:8.2f} s   (exit {r.returncode})", flush=True)
    return t, r


with tempfile.TemporaryDirectory() as tmp:
    tmp = pathlib.Path(tmp)
    feed = tmp / "feed.jsonl"
    with feed.open("w") as f:
        for p in sorted(pathlib.Path("seeds").glob("*.txt")):
            text = p.read_text()
            for n in range(copies):
                f.write(json.dumps({"id": f"{p.stem}-{n}", "text": text}) + "\n")
    docs = copies * 5
    with feed.open("rb") as stdin:
        t_x, _ = timed(f"extract --workers 2 ({docs} documents)",
                       [binary, "extract", "--format", "nquads", "--workers", "2", "-"],
                       stdin=stdin, stdout=subprocess.DEVNULL)
    out = tmp / "spark"
    t_s, r = timed("spark local[2] (spark_extract.py, JVM start included)",
                   [python, "tools/spark_extract.py", "--master", "local[2]", "--newsgraph", binary,
                    str(feed), str(out)], stderr=subprocess.PIPE, text=True)
    job = re.search(r"job took ([0-9.]+) s", r.stderr or "")
    print(f"{'  extract --workers 2':<48}{docs / t_x / 2:8.0f} documents/s per core")
    print(f"{'  spark local[2], whole run':<48}{docs / t_s / 2:8.0f} documents/s per executor core")
    if job:
        t_j = float(job.group(1))
        print(f"{'  spark local[2], the job alone':<48}{docs / t_j / 2:8.0f} documents/s per executor core"
              f"  ({100 * (t_j / t_x - 1):+.0f}% time against extract)")
    quads = {}
    for name, cmd in [("load", [binary, "--store", str(tmp / "loaded"), "load", str(out / "nquads")]),
                      ("build", [binary, "--store", str(tmp / "built"), "build", str(feed)])]:
        t, r = timed(f"{name} into a new store", cmd, stdout=subprocess.PIPE, text=True)
        quads[name] = int(re.search(r"quads\s+(\d+)", r.stdout).group(1))
        print(f"{'  quads':<48}{quads[name]:8d}")
    print("load and build agree" if quads["load"] == quads["build"] else "LOAD AND BUILD DIFFER")
    if push:
        sparql, gsp = push.split(",")
        t, r = timed("push of the built store", [binary, "--store", str(tmp / "built"), "push",
                                                 "--endpoint", sparql, "--graph-store", gsp],
                     stdout=subprocess.PIPE, text=True)
        print(r.stdout.strip())
        print(f"{'  push':<48}{docs / t:8.0f} documents/s")
