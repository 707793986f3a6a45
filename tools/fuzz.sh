#!/usr/bin/env bash
# Runs the property tests (crates/extract/tests/properties.rs, crates/store/tests/properties.rs)
# again and again, with a fresh random seed and PROPTEST_CASES cases each round, for MINUTES
# minutes (default 5). Stops at the first failure, exit 1; proptest prints the shrunk input
# and saves it under proptest-regressions/ beside the test, which is then replayed first by
# every later `cargo test`. Debug builds: overflow checks are on.
#
# Each round's seed (NEWSGRAPH_PROPTEST_SEED) is printed with a failure, so the failure can be
# replayed. By default the seeds are random; FUZZ_SEED_BASE=N gives rounds the seeds N, N+1, …,
# the same on every run, which is what CI uses: a gate must not fail by luck, and the seeds it
# reaches can be run for longer beforehand.
#
#   tools/fuzz.sh [MINUTES]        e.g. nice -n 19 tools/fuzz.sh 30
set -euo pipefail
cd "$(dirname "$0")/.."
minutes="${1:-5}"
cases="${PROPTEST_CASES:-2000}"
deadline=$(( $(date +%s) + minutes * 60 ))
tests=(-p newsgraph-extract --test properties -p newsgraph-store --test properties)
# built once; the rounds run the test binaries themselves, so that cargo's lock on the target
# directory is free for other builds meanwhile
mapfile -t bins < <(cargo test --quiet "${tests[@]}" --no-run --message-format=json \
    | grep -o '"executable":"[^"]*properties[^"]*"' | sed 's/"executable":"\(.*\)"/\1/')
[ "${#bins[@]}" -eq 2 ] || { echo "fuzz: expected 2 test binaries, found ${#bins[@]}" >&2; exit 2; }
rounds=0
started=$(date +%s)
# at least one round, then rounds until the deadline
while :; do
    if [ -n "${FUZZ_SEED_BASE:-}" ]; then
        seed=$((FUZZ_SEED_BASE + rounds))
    else
        seed=$(od -An -N4 -tu4 /dev/urandom | tr -d ' ')
    fi
    for bin in "${bins[@]}"; do
        if ! NEWSGRAPH_PROPTEST_SEED="$seed" PROPTEST_CASES="$cases" "$bin" --quiet \
            >/tmp/newsgraph-fuzz.$$ 2>&1; then
            cat /tmp/newsgraph-fuzz.$$
            rm -f /tmp/newsgraph-fuzz.$$
            echo "fuzz: FAILED ($bin) in round $((rounds + 1)) after $(( ($(date +%s) - started) / 60 )) min;" \
                "replay: NEWSGRAPH_PROPTEST_SEED=$seed PROPTEST_CASES=$cases $bin" >&2
            exit 1
        fi
    done
    rounds=$((rounds + 1))
    [ "$(date +%s)" -lt "$deadline" ] || break
done
rm -f /tmp/newsgraph-fuzz.$$
echo "fuzz: $rounds rounds of $cases cases per property (last seed $seed), $(( ($(date +%s) - started) / 60 )) min, no failure"
