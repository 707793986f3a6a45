#!/usr/bin/env python3
"""Times the store at scale with whole runs of the release binary (no timing inside tests).

For each size N (documents): build a new store from a feed of N distinct documents (the seeds
and the articles of ../shared/dev cycled, each copy its own id), then add one document, then
run every ready query of queries/ (not the Wikidata ones) R times through `newsgraph query`,
process start included. Prints build MB/s (wall, the whole `newsgraph build` of the feed),
the time to add one document, p50/p99 per query, peak RSS of each step, the store's size on
disk and the load average (1, 5, 15 min) beside each figure, since the machine may be shared.

Usage: python3 tools/bench_store.py [N ...] [--runs R] [--features rocksdb]
                                    [--binary PATH] [--no-queries] [--tmp DIR]
       (default sizes 1000 10000; R = 11; --binary times a binary already built, whatever
       its backend, instead of building one; --tmp puts the feeds and stores in DIR, which
       needs room: 100,000 documents are about 0.5 GB of feed and several GB of store)
"""
import argparse
import json
import os
import pathlib
import shutil
import statistics
import subprocess
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.chdir(ROOT)


def build_binary(features):
    target = os.environ.setdefault(
        "CARGO_TARGET_DIR", str(pathlib.Path.home() / ".cache/newsgraph-target"))
    cmd = ["cargo", "build", "--release", "--quiet", "-p", "newsgraph"]
    if features:
        cmd += ["--features", features]
    subprocess.run(cmd, check=True)
    return str(pathlib.Path(target) / "release" / "newsgraph")


def load():
    """The load average (1, 5, 15 min), as uptime prints it."""
    return "load " + " ".join(f"{x:.2f}" for x in os.getloadavg())


def backend(binary):
    """The store backend the binary was built with, from what `build` prints of a tiny store."""
    with tempfile.TemporaryDirectory() as tmp:
        doc = pathlib.Path(tmp) / "one.txt"
        doc.write_text("The mayor spoke.\n")
        out = subprocess.run([binary, "--store", str(pathlib.Path(tmp) / "s"), "build", str(doc)],
                             check=True, capture_output=True, text=True).stdout
    first = out.splitlines()[0]
    return first[first.rfind("(") + 1:first.rfind(")")]


def timed(args, stdin=None):
    """Runs a command; returns (seconds, peak RSS in MB)."""
    start = time.perf_counter()
    p = subprocess.Popen(args, stdin=subprocess.PIPE if stdin else subprocess.DEVNULL,
                         stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    if stdin:
        p.stdin.write(stdin)
        p.stdin.close()
    _, status, usage = os.wait4(p.pid, 0)
    elapsed = time.perf_counter() - start
    err = p.stderr.read().decode(errors="replace")
    if os.waitstatus_to_exitcode(status) != 0:
        raise SystemExit(f"{' '.join(args)} failed: {err}")
    return elapsed, usage.ru_maxrss / 1024


def corpus():
    texts = []
    for d in [ROOT / "seeds", ROOT.parent / "shared" / "dev"]:
        texts += [p.read_text() for p in sorted(d.glob("*.txt"))]
    return texts


def feed(path, n, texts):
    size = 0
    with path.open("w") as f:
        for i in range(n):
            line = json.dumps({"id": f"doc{i:07d}", "text": texts[i % len(texts)]}) + "\n"
            size += len(line.encode())
            f.write(line)
    return size


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("sizes", nargs="*", type=int, default=[1000, 10000])
    ap.add_argument("--runs", type=int, default=11)
    ap.add_argument("--features", default="")
    ap.add_argument("--binary", help="a release binary already built (skips cargo build)")
    ap.add_argument("--no-queries", action="store_true", help="build and add one only")
    ap.add_argument("--tmp", help="where the feeds and stores go (default: the system's)")
    a = ap.parse_args()
    binary = a.binary or build_binary(a.features)
    print(f"binary {binary}, backend {backend(binary)}, {os.cpu_count()} cores")
    texts = corpus()
    queries = sorted(q for q in (ROOT / "queries").glob("*.rq") if "wikidata" not in q.name)
    if a.no_queries:
        queries = []
    for n in a.sizes:
        with tempfile.TemporaryDirectory(dir=a.tmp) as tmp:
            tmp = pathlib.Path(tmp)
            f = tmp / "feed.jsonl"
            size = feed(f, n, texts)
            store = tmp / "store"
            print(f"\n== {n} documents ({size / 1e6:.1f} MB)    before: {load()}", flush=True)
            t, rss = timed([binary, "--store", str(store), "build", str(f)])
            print(f"{'build':<44}{t:8.2f} s  {size / 1e6 / t:6.2f} MB/s  peak RSS {rss:7.0f} MB"
                  f"  {load()}", flush=True)
            one = tmp / "one.txt"
            one.write_text("Gov. Maura Healey criticized U.S. Immigration and Customs Enforcement "
                           "on Tuesday, a day after the agency detained a student.\n")
            t, rss = timed([binary, "--store", str(store), "build", str(one)])
            print(f"{'add one document':<44}{t:8.2f} s                peak RSS {rss:7.0f} MB"
                  f"  {load()}", flush=True)
            du = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
            print(f"{'store on disk':<44}{du / 1e6:8.1f} MB", flush=True)
            if queries:
                print(f"{'query':<44}{'p50':>8}  {'p99':>8}  {'peak RSS':>9}")
            for q in queries:
                ts, peak = [], 0
                for _ in range(a.runs):
                    t, rss = timed([binary, "--store", str(store), "query", "--format", "tsv", str(q)])
                    ts.append(t)
                    peak = max(peak, rss)
                print(f"{q.name:<44}{pct(ts, 50) * 1000:6.0f}ms  {pct(ts, 99) * 1000:6.0f}ms"
                      f"  {peak:7.0f} MB  {load()}", flush=True)
            shutil.rmtree(store, ignore_errors=True)


if __name__ == "__main__":
    main()
