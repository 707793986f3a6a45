#!/usr/bin/env python3
"""Times whole runs of the release binary (no timing inside tests): extraction of the five
seeds (startup included), startup alone, and throughput on a feed of the seeds repeated
(each copy a distinct document), then a build of that feed into a store.

Usage: python3 tools/bench.py [COPIES]   (default 200 copies of each seed = 1,000 documents)
"""
import json
import os
import pathlib
import shutil
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.chdir(ROOT)
copies = int(sys.argv[1]) if len(sys.argv) > 1 else 200
target = os.environ.setdefault("CARGO_TARGET_DIR", str(pathlib.Path.home() / ".cache/newsgraph-target"))
subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "newsgraph"], check=True)
binary = str(pathlib.Path(target) / "release" / "newsgraph")


def best_of(label, args, stdin=None, runs=5, before=None):
    best = None
    for _ in range(runs):
        if before:
            before()
        start = time.perf_counter()
        subprocess.run(args, input=stdin, stdout=subprocess.DEVNULL, check=True)
        t = time.perf_counter() - start
        best = t if best is None else min(best, t)
    print(f"{label:<44}{best:8.3f} s")
    return best


with tempfile.TemporaryDirectory() as tmp:
    best_of("extract seeds/ (5 documents)", [binary, "extract", "seeds"])
    best_of("startup (one short document)", [binary, "extract", "-"], stdin=b"Hello.\n")
    feed = pathlib.Path(tmp) / "feed.jsonl"
    with feed.open("w") as f:
        for p in sorted(pathlib.Path("seeds").glob("*.txt")):
            text = p.read_text()
            for n in range(copies):
                f.write(json.dumps({"id": f"{p.stem}-{n}", "text": text}) + "\n")
    docs = copies * 5
    t = best_of(f"extract {docs} documents", [binary, "extract", str(feed)], runs=3)
    mb = feed.stat().st_size / 1e6
    print(f"{'throughput':<44}{docs / t:8.0f} documents/s, {mb / t:.1f} MB/s, {os.cpu_count()} cores")
    store = pathlib.Path(tmp) / "store"
    best_of(f"build {docs} documents into a new store", [binary, "--store", str(store), "build", str(feed)],
            runs=3, before=lambda: shutil.rmtree(store, ignore_errors=True))
