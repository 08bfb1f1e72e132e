#!/usr/bin/env bash
# benches/encode.sh — the cost of redaction and of eml attachments. Run from anywhere:
#
#     bash benches/encode.sh [BINARY]
#
# Measures, against the release build (or BINARY):
#   - redaction of 1 MiB of digit groups given as --details-file: "1 1 1 …",
#     pasted six-digit payment IDs, and card numbers between payment IDs
#     (wall time; each run is stopped after BENCH_TIMEOUT seconds, 60 by default);
#   - peak memory (max RSS from /usr/bin/time -v) of `--format eml` (streamed to
#     stdout) and of `--send` to a loopback SMTP server (tests/support/smtp_server.py,
#     python3-aiosmtpd), with no attachment and with a 20 MB one, reported as ratios
#     to the attachment's size.
# Figures are printed, not checked: the tests check behaviour, not time.
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
say() { printf '==> %s\n' "$*" >&2; }

if [ $# -ge 1 ]; then
    BIN=$1
else
    say "building the release binary"
    # Static build: under target/<host tuple>/release; cargo says where (needs jq).
    BIN=$(cargo build --release --locked --quiet --message-format=json-render-diagnostics --bin 9pic-help |
        jq -r 'select(.reason == "compiler-artifact" and .executable != null) | .executable' | tail -n 1)
fi
[ -x /usr/bin/time ] || { echo "benches/encode.sh: needs /usr/bin/time (apt-get install time)" >&2; exit 1; }
TIMEOUT=${BENCH_TIMEOUT:-60}

WORK=$(mktemp -d "${TMPDIR:-/tmp}/9pic-encode-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/config" "$WORK/data" "$WORK/cache"
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data \
    XDG_CACHE_HOME=$WORK/cache NINEPIC_HELP_DATA_DIR=$WORK/data/9pic-help \
    NINEPIC_HELP_CONFIG_DIR=$WORK/config/9pic-help NO_COLOR=1 CI=1 LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY BROWSER VISUAL EDITOR SOURCE_DATE_EPOCH NINEPIC_HELP_SMTP_PASSWORD \
    DBUS_SESSION_BUS_ADDRESS 2>/dev/null || true

MIB=$((1024 * 1024))
python3 - "$WORK" "$MIB" <<'PY'
import random, sys
work, size = sys.argv[1], int(sys.argv[2])
def fill(name, unit):
    out, n = [], 0
    while n < size:
        u = unit()
        out.append(u); n += len(u)
    open(f"{work}/{name}", "w").write("".join(out)[:size - 1] + "\n")
r = random.Random(7)
fill("ones.txt", lambda: "1 ")
fill("ids.txt", lambda: f"{r.randrange(10**6):06d} ")
fill("cards.txt", lambda: "4111 1111 1111 1111 123456 ")
PY
head -c $((20 * 1000 * 1000)) /dev/urandom >"$WORK/report-20M.pdf"

ACCOUNT=(--org Acme --login-email ops@acme.example --plan pro)
BILLING=(billing --issue pending --payment-id pay_123 --when '20m ago' --rechecked "${ACCOUNT[@]}" --no-history)
ENTERPRISE=(enterprise --volume 50k --products checkout,sla --timeline 'next month' "${ACCOUNT[@]}" --format eml --no-history)

# run LABEL ARGS… — prints "seconds max_rss_kib exit" for one run.
run() {
    local label=$1
    shift
    local code=0
    timeout "$TIMEOUT" /usr/bin/time -v -o "$WORK/time.txt" "$BIN" "$@" >"$WORK/out" 2>"$WORK/err" || code=$?
    if [ "$code" = 124 ]; then
        printf '%-44s  > %s s (stopped)\n' "$label" "$TIMEOUT"
        return
    fi
    local wall rss
    wall=$(sed -n 's/.*Elapsed (wall clock) time (h:mm:ss or m:ss): //p' "$WORK/time.txt" |
        awk -F: '{ s = 0; for (i = 1; i <= NF; i++) s = s * 60 + $i; print s }')
    rss=$(sed -n 's/.*Maximum resident set size (kbytes): //p' "$WORK/time.txt")
    printf '%-44s  %7.2f s  %8d KiB  exit %s\n' "$label" "$wall" "$rss" "$code"
    LAST_RSS=$rss
}

echo "binary: $BIN"
echo
echo "redaction of 1 MiB of --details-file"
for f in ones ids cards; do
    run "  $f (1 MiB)" "${BILLING[@]}" --details-file "$WORK/$f.txt"
done
echo
echo "peak memory of --format eml"
LAST_RSS=0
run "  no attachment" "${ENTERPRISE[@]}"
BASE=$LAST_RSS
run "  20 MB attachment" "${ENTERPRISE[@]}" --attach "$WORK/report-20M.pdf"
SIZE_KIB=$((20 * 1000 * 1000 / 1024))
awk -v rss="$LAST_RSS" -v base="$BASE" -v size="$SIZE_KIB" 'BEGIN {
    printf "  max RSS / attachment size: %.2fx; above the no-attachment run: %.2fx\n",
        rss / size, (rss - base) / size }'

echo
echo "peak memory of --send to a loopback SMTP server (aiosmtpd)"
coproc SERVER { exec /usr/bin/python3 "$ROOT/tests/support/smtp_server.py" --spool "$WORK/spool"; }
read -r _ PORT <&"${SERVER[0]}"
mkdir -p "$NINEPIC_HELP_CONFIG_DIR"
chmod 700 "$NINEPIC_HELP_CONFIG_DIR"
cat >"$NINEPIC_HELP_CONFIG_DIR/profiles.json" <<JSON
{"version": 1, "default": "bench", "profiles": {"bench": {"org": "Acme", "login_email": "ops@acme.example",
 "plan": "pro", "smtp": {"host": "127.0.0.1", "port": $PORT, "security": "none"}}}}
JSON
SEND=(bug --summary 'Bench upload' --page /events --send --no-history --quiet)
run "  no attachment" "${SEND[@]}"
BASE=$LAST_RSS
run "  20 MB attachment" "${SEND[@]}" --attach "$WORK/report-20M.pdf"
awk -v rss="$LAST_RSS" -v base="$BASE" -v size="$SIZE_KIB" 'BEGIN {
    printf "  max RSS / attachment size: %.2fx; above the no-attachment run: %.2fx\n",
        rss / size, (rss - base) / size }'
kill "$SERVER_PID" 2>/dev/null || true
