#!/bin/sh
# Runs the libFuzzer target over the draft → email road for a bounded time.
# Usage: fuzz/run.sh [SECONDS]   (default 300; needs a nightly toolchain and cargo-fuzz)
set -eu
cd "$(dirname "$0")/.."
secs="${1:-300}"
mkdir -p fuzz/artifacts/compose
# New inputs go to a scratch corpus so the checked-in seeds stay small;
# merge the interesting ones back with `cargo fuzz cmin` when wanted.
work="${TMPDIR:-/tmp}/9pic-help-fuzz-corpus"
mkdir -p "$work"
exec cargo +nightly fuzz run compose "$work" fuzz/corpus/compose -- \
    -max_total_time="$secs" -max_len=4096 -timeout=10 -rss_limit_mb=2048 \
    -print_final_stats=1
