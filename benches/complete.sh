#!/usr/bin/env bash
# Median wall time of one dynamic completion call of 9pic-help.
#
# usage: benches/complete.sh [BIN] [RUNS]
#   BIN   the binary to measure (default: the release build,
#         target/<host tuple>/release/9pic-help; build it first with `cargo build --release`)
#   RUNS  calls per case (default 200)
#
# Each case is what a shell runs when Tab is pressed: `NINEPIC_HELP_COMPLETE=fish BIN -- WORDS`.
# The history holds 500 tickets and there are 20 saved profiles, in a temporary
# config and data directory, so the numbers include reading those files. Timing
# uses bash's $EPOCHREALTIME, so no extra process is measured. Prints one line
# per case: `complete <case> median_ms=<ms> runs=<n>`.
set -euo pipefail
bin=${1:-target/$(rustc --print host-tuple)/release/9pic-help}
runs=${2:-200}
[[ -x $bin ]] || { echo "complete.sh: $bin is not an executable; run cargo build --release" >&2; exit 2; }
bin=$(cd "$(dirname "$bin")" && pwd)/$(basename "$bin")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export HOME=$tmp/home NINEPIC_HELP_CONFIG_DIR=$tmp/config NINEPIC_HELP_DATA_DIR=$tmp/data
mkdir -p "$HOME"
mkdir -p "$NINEPIC_HELP_CONFIG_DIR" "$NINEPIC_HELP_DATA_DIR"
# The files as the profile and history stores write them (profiles.json, history.jsonl).
{
    printf '{"version":1,"default":"org0","profiles":{'
    for ((i = 0; i < 20; i++)); do
        ((i)) && printf ','
        printf '"org%d":{"org":"Org %d","login_email":"ops%d@example.org","plan":"pro"}' "$i" "$i" "$i"
    done
    printf '}}\n'
} >"$NINEPIC_HELP_CONFIG_DIR/profiles.json"
for ((i = 1; i <= 500; i++)); do
    printf '{"id":"%d","time":"2026-11-01T09:00:00Z","category":"ops","subject":"Processing stuck for event ev_%d","to":"support@9pic.ai","message_id":"%d@9pic-help","delivery":"stdout","event_id":"ev_%d"}\n' "$i" "$i" "$i" "$i"
done >"$NINEPIC_HELP_DATA_DIR/history.jsonl"

median_ms() { # times in microseconds on stdin -> median in ms
    sort -n | awk '{ a[NR] = $1 } END { m = (NR % 2) ? a[(NR + 1) / 2] : (a[NR / 2] + a[NR / 2 + 1]) / 2; printf "%.2f\n", m / 1000 }'
}
measure() { # name words...
    local name=$1 start end i
    shift
    for ((i = 0; i < runs; i++)); do
        start=${EPOCHREALTIME/[.,]/}
        NINEPIC_HELP_COMPLETE=fish "$bin" -- "$@" >/dev/null
        end=${EPOCHREALTIME/[.,]/}
        echo $((end - start))
    done | median_ms | { read -r ms; echo "complete $name median_ms=$ms runs=$runs"; }
}
measure subcommand 9pic-help bil
measure issue 9pic-help billing --issue ''
measure profile 9pic-help --profile ''
measure event 9pic-help ops --event-id ''
measure ticket 9pic-help escalate --ticket ''
