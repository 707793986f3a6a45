#!/usr/bin/env python3
"""Extraction speed by input shape, and whether time grows linearly with document size.

Generates one document per shape and size, times the release binary's `extract` on each
(best of a few runs; CPU time of the child, so MB/s is per core) and prints MB/s per shape,
with and without the fixed cost of a run (loading the gazetteers, timed on a short document),
and the ratio of the 10 MB time to the 1 MB time (linear time means about 10; the target is
at most 12). Shapes:

- news:     the seeds' body paragraphs cycled (news-like text);
- numbers:  sentences thick with figures (counts, money, percentages, partitives, years);
- titles:   HTML with a `<title>` and a short paragraph per section, many times over;
- capsrun:  one run of capitalised words with no full stop (1 MB only);
- numrun:   figures with no full stop (1 MB only).

Usage: python3 tools/bench_scaling.py [--sizes 1,10] [--runs N] [--shapes news,numbers,...]
       [--binary PATH] [--no-build]
"""
import argparse
import os
import pathlib
import random
import resource
import subprocess
import sys
import tempfile
import time

ROOT = pathlib.Path(__file__).resolve().parent.parent
MB = 1_000_000


def news(size):
    paras = []
    for p in sorted((ROOT / "seeds").glob("*.txt")):
        # body paragraphs only: a page's furniture (a copyright line, "This article was written
        # by") would end the article
        paras += [q.strip() for q in p.read_text().split("\n\n")
                  if len(q.split()) >= 12 and not q.strip().startswith(("Copyright", "©", "This article"))]
    out, n = [], 0
    while n < size:
        for q in paras:
            out.append(q)
            n += len(q) + 2
            if n >= size:
                break
    return "\n\n".join(out) + "\n"


def _figure(rng):
    return rng.choice([
        lambda: f"{rng.randint(2, 999):,} arrests",
        lambda: f"${rng.randint(1, 99)}.{rng.randint(0, 9)} million",
        lambda: f"{rng.randint(1, 99)} percent of {rng.randint(100, 99999):,} cases",
        lambda: f"{rng.randint(1, 9)} of {rng.randint(10, 60)} counties",
        lambda: f"{rng.randint(2, 500)} officers",
        lambda: f"in {rng.randint(1990, 2025)}",
    ])()


def numbers(size, stops=True):
    rng = random.Random(7)
    out, n = [], 0
    while n < size:
        figs = ", ".join(_figure(rng) for _ in range(rng.randint(8, 30)))
        s = f"The county reported {figs}" + (". " if stops else ", ")
        out.append(s)
        n += len(s)
        if stops and rng.random() < 0.2:
            out.append("\n\n")
    return "".join(out) + "\n"


def titles(size):
    rng = random.Random(11)
    heads = ["State sues EPA", "Governor Vetoes Bill", "City Council Votes", "ICE Detainers Rise",
             "Judge Blocks Order", "Mayor Responds"]
    out, n = ["<html><head>"], 0
    while n < size:
        s = (f"<title>{rng.choice(heads)} {rng.randint(1, 9999)}</title>"
             f"<p>The state of Texas sued the city of Austin on Monday, officials said.</p>\n")
        out.append(s)
        n += len(s)
    out.append("</head></html>\n")
    return "".join(out)


def capsrun(size):
    rng = random.Random(3)
    words = ["Governor", "Smith", "Council", "Department", "Justice", "Chicago", "New", "York",
             "Board", "Sheriff", "County", "Immigration", "Federal", "Court", "Mayor", "Adams"]
    out, n = [], 0
    while n < size:
        w = rng.choice(words)
        out.append(w)
        n += len(w) + 1
    return " ".join(out) + "\n"


SHAPES = {
    "news": ("txt", news, True),
    "numbers": ("txt", numbers, True),
    "titles": ("html", titles, True),
    "capsrun": ("txt", capsrun, False),
    "numrun": ("txt", lambda size: numbers(size, stops=False), False),
}


def cpu_time(args):
    """CPU seconds (user + system) and wall seconds of one child run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(args, stdout=subprocess.DEVNULL, check=True)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    cpu = (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)
    return cpu, wall


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--sizes", default="1,10", help="document sizes in MB, comma-separated")
    ap.add_argument("--runs", type=int, default=2)
    ap.add_argument("--shapes", default=",".join(SHAPES))
    ap.add_argument("--no-build", action="store_true")
    ap.add_argument("--binary", help="time this newsgraph binary instead of the release build")
    a = ap.parse_args()
    target = os.environ.setdefault("CARGO_TARGET_DIR", str(pathlib.Path.home() / ".cache/newsgraph-target"))
    if not a.no_build and not a.binary:
        subprocess.run(["cargo", "build", "--release", "--quiet", "-p", "newsgraph"], check=True, cwd=ROOT)
    binary = a.binary or str(pathlib.Path(target) / "release" / "newsgraph")
    # the fixed cost of a run (loading the gazetteers), to report extraction speed without it
    with tempfile.TemporaryDirectory() as tmp:
        tiny = pathlib.Path(tmp) / "tiny.txt"
        tiny.write_text("Hello.\n")
        startup = min(cpu_time([binary, "extract", "--format", "jsonl", str(tiny)])[0] for _ in range(3))
    print(f"startup (one short document): {startup:.2f} s CPU")
    sizes = [float(s) for s in a.sizes.split(",")]
    print(f"{'shape':<10}{'size':>8}{'cpu s':>10}{'wall s':>10}{'MB/s/core':>12}{'w/o startup':>13}")
    with tempfile.TemporaryDirectory() as tmp:
        for shape in a.shapes.split(","):
            ext, make, scaled = SHAPES[shape]
            times = {}
            for mb in (sizes if scaled else sizes[:1]):
                path = pathlib.Path(tmp) / f"{shape}-{mb:g}.{ext}"
                path.write_text(make(int(mb * MB)))
                real_mb = path.stat().st_size / MB
                best = min((cpu_time([binary, "extract", "--format", "jsonl", str(path)])
                            for _ in range(a.runs)), key=lambda t: t[0])
                times[mb] = best[0]
                net = max(best[0] - startup, 1e-3)
                print(f"{shape:<10}{real_mb:7.2f}M{best[0]:10.2f}{best[1]:10.2f}{real_mb / best[0]:12.2f}"
                      f"{real_mb / net:13.2f}")
                sys.stdout.flush()
            if len(times) >= 2:
                lo, hi = min(times), max(times)
                net = [max(times[x] - startup, 1e-3) for x in (hi, lo)]
                print(f"{shape:<10}{'ratio':>8}  {hi:g}x/{lo:g}x time = {times[hi] / times[lo]:.1f}"
                      f", without startup {net[0] / net[1]:.1f} (linear: {hi / lo:g})")


if __name__ == "__main__":
    main()
