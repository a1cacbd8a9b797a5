#!/usr/bin/env bash
# `just bench`: time the release binary on the sample corpus, side by side with a baseline.
#
# Baseline: BASELINE=<git rev> builds that revision in a worktree (target/bench-baseline) and times it the same
# way; without it, the baseline is the same binary held to one thread (RAYON_NUM_THREADS=1), which shows what
# the parallel force reading buys. Uses hyperfine when installed (apt-get install hyperfine), else a loop.
set -euo pipefail
cd "$(dirname "$0")/.."
foi=target/release/foi
runs=${RUNS:-20}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

base_cmd="RAYON_NUM_THREADS=1 $foi ingest --store $tmp/base-store"
base_name="same binary, 1 thread"
if [ -n "${BASELINE:-}" ]; then
  wt=target/bench-baseline
  rm -rf "$wt"
  git worktree add -f --detach "$wt" "$BASELINE" >/dev/null
  (cd "$wt" && CARGO_TARGET_DIR=../bench-baseline-target cargo build --release -q -p foi-cli)
  base_cmd="target/bench-baseline-target/release/foi ingest --raw data-raw --store $tmp/base-store"
  base_name="baseline $BASELINE"
fi
new_cmd="$foi ingest --store $tmp/new-store"

report_cmd="$foi report northamptonshire --campaign tiktok-2024 --store $tmp/new-store --out $tmp/reports"
$new_cmd >/dev/null   # a store for the report timing

if command -v hyperfine >/dev/null; then
  hyperfine --warmup 3 --runs "$runs" -N --export-markdown "$tmp/bench.md" \
    -n "ingest ($base_name)" "$base_cmd" \
    -n "ingest (this build)" "$new_cmd" \
    -n "report northamptonshire (this build)" "$report_cmd" 2>/dev/null \
    || hyperfine --warmup 3 --runs "$runs" --export-markdown "$tmp/bench.md" \
      -n "ingest ($base_name)" "$base_cmd" -n "ingest (this build)" "$new_cmd" -n "report northamptonshire (this build)" "$report_cmd"
  cat "$tmp/bench.md"
else
  time_it() {
    local name=$1 cmd=$2 best=999999 total=0
    for _ in $(seq "$runs"); do
      local s e ms
      s=$(date +%s%N); bash -c "$cmd" >/dev/null 2>&1; e=$(date +%s%N)
      ms=$(( (e - s) / 1000000 )); total=$((total + ms)); [ "$ms" -lt "$best" ] && best=$ms
    done
    printf '| %-40s | %6d ms | %6d ms |\n' "$name" "$((total / runs))" "$best"
  }
  echo "(hyperfine not found: plain loop of $runs runs; apt-get install hyperfine for statistics)"
  printf '| %-40s | %9s | %9s |\n' command mean best
  printf '|%s|%s|%s|\n' "$(printf -- '-%.0s' {1..42})" "-----------" "-----------"
  time_it "ingest ($base_name)" "$base_cmd"
  time_it "ingest (this build)" "$new_cmd"
  time_it "report northamptonshire (this build)" "$report_cmd"
fi
if [ -n "${BASELINE:-}" ]; then git worktree remove --force target/bench-baseline >/dev/null 2>&1 || true; fi
