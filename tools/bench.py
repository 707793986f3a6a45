#!/usr/bin/env python3
"""Times whole runs of the release binary (no timing inside tests): extraction of the five
seeds (startup included), startup alone, and throughput on a feed of the real articles (the
seeds and, when ../shared/dev is there, the development articles) cycled, each copy a
distinct document: on every core, and on one (`--workers 1`, the MB/s per core the scale
issue asks for, with and without the start-up); then a build of that feed into a store.

Usage: python3 tools/bench.py [DOCUMENTS]   (default 1,000 documents)
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
docs = int(sys.argv[1]) if len(sys.argv) > 1 else 1000
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
    startup = best_of("startup (one short document)", [binary, "extract", "-"], stdin=b"Hello.\n")
    texts = []
    for d in [pathlib.Path("seeds"), ROOT.parent / "shared" / "dev"]:
        texts += [p.read_text() for p in sorted(d.glob("*.txt"))]
    feed = pathlib.Path(tmp) / "feed.jsonl"
    with feed.open("w") as f:
        for n in range(docs):
            f.write(json.dumps({"id": f"doc{n:07d}", "text": texts[n % len(texts)]}) + "\n")
    mb = feed.stat().st_size / 1e6
    print(f"feed: {docs} documents, {len(texts)} distinct articles, {mb:.2f} MB")
    t = best_of(f"extract {docs} documents", [binary, "extract", str(feed)], runs=3)
    print(f"{'throughput':<44}{docs / t:8.0f} documents/s, {mb / t:.1f} MB/s, {os.cpu_count()} cores")
    t = best_of(f"extract {docs} documents, --workers 1", [binary, "extract", "--workers", "1", str(feed)], runs=3)
    print(f"{'per core':<44}{mb / t:8.1f} MB/s, {mb / (t - startup):.1f} MB/s net of start-up")
    store = pathlib.Path(tmp) / "store"
    best_of(f"build {docs} documents into a new store", [binary, "--store", str(store), "build", str(feed)],
            runs=3, before=lambda: shutil.rmtree(store, ignore_errors=True))
