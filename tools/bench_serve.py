#!/usr/bin/env python3
"""Times `newsgraph serve` under load (a benchmark script, not a timed test).

Builds (or reuses) a store of N documents from the feed of tools/bench.py (the five seeds
repeated, each copy its own id), starts `newsgraph serve` on a free loopback port, then runs
C concurrent clients (threads, stdlib HTTP): each runs every ready query of queries/ (not the
Wikidata ones) through /sparql (POST application/sparql-query, JSON results) and loads
entity pages, document pages and the other pages, R rounds in its own shuffled order. Prints
p50/p99 per query and page, the machine (cores, load average) and the store's size.

A warm-up round (one client, every request once) comes first and is reported apart: it is
what the first visitor after a build pays.

Usage: python3 tools/bench_serve.py [--docs N] [--clients C] [--rounds R] [--store DIR]
       [--binary PATH] [--dev] [--server-log FILE]
  defaults: 10000 documents, 8 clients, 5 rounds, store in $TMPDIR/newsgraph-bench-serve-N
  (reused when it holds N documents); --dev cycles the seeds and ../shared/dev as
  tools/bench_store.py does.
"""
import argparse
import http.client
import json
import os
import pathlib
import random
import statistics
import subprocess
import tempfile
import threading
import time
import urllib.parse

ROOT = pathlib.Path(__file__).resolve().parent.parent
os.chdir(ROOT)

# pages a reader opens: the busiest entities of the seeds, documents, search, statistics
PAGES = [
    "/entity/us-immigration-and-customs-enforcement",
    "/entity/new-york-city-ny",
    "/entity/andrew-cuomo",
    "/entity/denver-co",
    "/entity/matthew-albence",
    "/doc/{doc}",
    "/search?q=immigration",
    "/suggest?q=new",
    "/stats",
    "/",
    "/graph/denver-co",
]


def build_binary():
    target = os.environ.setdefault(
        "CARGO_TARGET_DIR", str(pathlib.Path.home() / ".cache/newsgraph-target"))
    subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "newsgraph"], check=True)
    return str(pathlib.Path(target) / "release" / "newsgraph")


def texts(dev):
    dirs = [ROOT / "seeds"] + ([ROOT.parent / "shared" / "dev"] if dev else [])
    return [(p.stem, p.read_text()) for d in dirs for p in sorted(d.glob("*.txt"))]


def write_feed(path, n, items):
    """The feed of tools/bench.py: each text repeated, copy k of text STEM has id STEM-k."""
    with path.open("w") as f:
        for i in range(n):
            stem, text = items[i % len(items)]
            f.write(json.dumps({"id": f"{stem}-{i // len(items)}", "text": text}) + "\n")


def ensure_store(binary, store, n, dev):
    stamp = store / "bench-serve.json"
    # format 2: the store keeps each document's text (the document page shows it)
    want = {"docs": n, "dev": dev, "format": 2}
    if stamp.exists() and json.loads(stamp.read_text()) == want:
        return
    subprocess.run(["rm", "-rf", str(store)], check=True)
    with tempfile.TemporaryDirectory() as tmp:
        feed = pathlib.Path(tmp) / "feed.jsonl"
        write_feed(feed, n, texts(dev))
        start = time.perf_counter()
        subprocess.run([binary, "--store", str(store), "build", str(feed)], check=True,
                       stdout=subprocess.DEVNULL)
        print(f"built {n} documents in {time.perf_counter() - start:.1f} s", flush=True)
    stamp.write_text(json.dumps(want))


def start_server(binary, store, log):
    started = time.perf_counter()
    p = subprocess.Popen([binary, "serve", "--store", str(store), "--bind", "127.0.0.1:0"],
                         stdout=subprocess.PIPE, stderr=log, text=True)
    line = p.stdout.readline()
    url = next((w for w in line.split() if w.startswith("http://")), None)
    if not url:
        p.kill()
        raise SystemExit(f"serve did not start: {line!r}")
    host, port = urllib.parse.urlsplit(url).netloc.split(":")
    print(f"serve up in {time.perf_counter() - started:.1f} s (store loaded) at {url}", flush=True)
    return p, host, int(port)


class Client:
    """One keep-alive HTTP connection."""

    def __init__(self, host, port):
        self.host, self.port = host, port
        self.conn = http.client.HTTPConnection(host, port, timeout=120)

    def request(self, item):
        kind, target, body = item
        headers = {"Accept": "application/sparql-results+json"}
        if kind == "query":
            headers["Content-Type"] = "application/sparql-query"
        start = time.perf_counter()
        try:
            self.conn.request("POST" if body else "GET", target, body=body, headers=headers)
            res = self.conn.getresponse()
            data = res.read()
        except (http.client.HTTPException, OSError):
            self.conn.close()
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=120)
            raise
        return time.perf_counter() - start, res.status, data


def work_items(doc):
    items = []
    for q in sorted((ROOT / "queries").glob("*.rq")):
        if "wikidata" not in q.name:
            items.append((q.name, ("query", "/sparql", q.read_bytes())))
    for page in PAGES:
        path = page.format(doc=doc)
        items.append((path, ("page", path, None)))
    return items


def pct(xs, p):
    xs = sorted(xs)
    return xs[min(len(xs) - 1, int(round(p / 100 * (len(xs) - 1))))]


def run_clients(host, port, items, clients, rounds):
    times = {name: [] for name, _ in items}
    errors = []
    lock = threading.Lock()

    def client(seed):
        c = Client(host, port)
        order = [it for it in items for _ in range(rounds)]
        random.Random(seed).shuffle(order)
        for name, item in order:
            try:
                t, status, data = c.request(item)
            except (http.client.HTTPException, OSError) as e:
                status, data = None, str(e).encode()
            with lock:
                if status == 200:
                    times[name].append(t)
                else:  # reported, not fatal: the table says how many failed
                    errors.append(f"{name}: {status} {data[:200]!r}")

    threads = [threading.Thread(target=client, args=(i,)) for i in range(clients)]
    start = time.perf_counter()
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    return times, errors, time.perf_counter() - start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--docs", type=int, default=10000)
    ap.add_argument("--clients", type=int, default=8)
    ap.add_argument("--rounds", type=int, default=5)
    ap.add_argument("--store", type=pathlib.Path)
    ap.add_argument("--binary")
    ap.add_argument("--dev", action="store_true")
    ap.add_argument("--server-log", type=pathlib.Path,
                    help="keep the server's request log (standard error) in this file")
    a = ap.parse_args()
    binary = a.binary or build_binary()
    store = a.store or pathlib.Path(tempfile.gettempdir()) / f"newsgraph-bench-serve-{a.docs}"
    ensure_store(binary, store, a.docs, a.dev)
    size = sum(p.stat().st_size for p in store.rglob("*") if p.is_file())
    log = a.server_log.open("w") if a.server_log else subprocess.DEVNULL
    server, host, port = start_server(binary, store, log)
    try:
        items = work_items("001_72e29b7a571df496-0")
        c = Client(host, port)
        warm = {}
        for name, item in items:
            t, status, body = c.request(item)
            if status != 200:
                warm[name] = (t, f"HTTP {status}")
            elif item[0] == "query":
                warm[name] = (t, f"{len(json.loads(body)['results']['bindings'])} rows")
            else:
                warm[name] = (t, f"{len(body)} bytes")
            print(f"  first {name}: {t * 1000:.0f} ms, {warm[name][1]}", flush=True)
        times, errors, wall = run_clients(host, port, items, a.clients, a.rounds)
    finally:
        server.terminate()
        server.wait()
    print(f"\nmachine    {os.cpu_count()} cores, load average {' '.join(f'{x:.2f}' for x in os.getloadavg())}")
    print(f"store      {a.docs} documents, {size / 1e6:.0f} MB on disk ({store})")
    print(f"load       {a.clients} clients x {a.rounds} rounds x {len(items)} requests "
          f"in {wall:.1f} s")
    print(f"\n{'request':<46}{'first':>9}{'p50':>9}{'p99':>9}{'n':>5}  answer")
    for name, _ in items:
        ts = times[name]
        first, size_ = warm[name]
        p50 = f"{pct(ts, 50) * 1000:7.1f}ms" if ts else "      -  "
        p99 = f"{pct(ts, 99) * 1000:7.1f}ms" if ts else "      -  "
        print(f"{name:<46}{first * 1000:7.1f}ms{p50}{p99}{len(ts):5}  {size_}")
    allq = [t for (name, it) in items if it[0] == "query" for t in times[name]]
    if allq:
        print(f"{'all queries':<46}{'':9}{pct(allq, 50) * 1000:7.1f}ms{pct(allq, 99) * 1000:7.1f}ms{len(allq):5}")
    if errors:
        print(f"\n{len(errors)} failed requests, e.g. {errors[0]}")


if __name__ == "__main__":
    main()
