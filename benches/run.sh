#!/usr/bin/env bash
# benches/run.sh — how much does a ticket cost? Run from anywhere:
#
#     bash benches/run.sh
#
# Builds 9pic-help and a do-nothing "floor" binary (examples/floor.rs) with the
# same release profile, then measures with hyperfine (median of many runs) and
# /usr/bin/time -v (peak RSS): --version, a billing ticket to stdout, an
# enterprise ticket as eml with no / 1 / 4 / 16 MB attachment, --format json,
# guide, two dynamic completion calls (a subcommand name; one Tab on
# `billing --issue ''`), the peak RSS of an eml with a 2 GB attachment
# (BENCH_BIG_MB), git format-patch as the peer (when git is installed) and a
# shell loop of 1,000 tickets. It also
# checks with strace that composing to stdout opens no socket, no D-Bus, no
# keyring and no TLS library, and reports the binary's size and what dominates
# it. The table is printed and written to benches/results.md.
#
# On a busy machine wall-clock figures wander, so each case without a big
# attachment also gets its CPU instruction count (valgrind --tool=callgrind),
# which does not depend on load.
#
# Missing tools (hyperfine, time, jq, strace, valgrind) are installed with apt-get.
# BENCH_QUICK=1 shortens every measurement (for trying the script, not for
# figures); BENCH_NO_BLOAT=1 skips the size breakdown (it needs a second,
# unstripped release build).
set -euo pipefail

cd "$(dirname "$0")/.."
ROOT=$PWD
OUT=$ROOT/benches/results.md

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'benches/run.sh: %s\n' "$*" >&2; exit 1; }

# ---- tools -----------------------------------------------------------------
missing=()
command -v hyperfine >/dev/null || missing+=(hyperfine)
[ -x /usr/bin/time ] || missing+=(time)
command -v jq >/dev/null || missing+=(jq)
command -v strace >/dev/null || missing+=(strace)
command -v valgrind >/dev/null || missing+=(valgrind)
if [ ${#missing[@]} -gt 0 ]; then
    say "installing ${missing[*]} with apt-get"
    SUDO=""
    [ "$(id -u)" -eq 0 ] || SUDO=sudo
    $SUDO apt-get update -qq
    $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${missing[@]}" >/dev/null
fi

# ---- build -----------------------------------------------------------------
# 9pic-help links the C library statically (.cargo/config.toml), so cargo puts
# it under target/<host tuple>/release: its path is taken from cargo's own
# report. The floor is what the issue names: `fn main(){}` built in release
# mode with Rust's default (dynamic) linking, by rustc itself so that our
# cargo configuration does not apply. The same program linked statically as
# 9pic-help is (the cargo example) is measured too, as a second reference.
say "building release binaries (9pic-help, and the floor twice)"
artifact() { # artifact CARGO-TARGET-ARGS… — the executable cargo built
    cargo build --release --locked --quiet --message-format=json-render-diagnostics "$@" |
        jq -r 'select(.reason == "compiler-artifact" and .executable != null) | .executable' | tail -n 1
}
BIN=$(artifact --bin 9pic-help)
FLOOR_STATIC=$(artifact --example floor)
mkdir -p "$ROOT/target/bench-floor"
FLOOR=$ROOT/target/bench-floor/floor
rustc --edition 2024 -C opt-level=3 -C codegen-units=1 -C strip=symbols \
    -o "$FLOOR" "$ROOT/examples/floor.rs"
[ -x "$BIN" ] && [ -x "$FLOOR" ] && [ -x "$FLOOR_STATIC" ] ||
    die "release build did not produce 9pic-help and the floors ($BIN, $FLOOR, $FLOOR_STATIC)"

# Cargo and rustup must keep finding their homes once HOME points at the sandbox.
export RUSTUP_HOME=${RUSTUP_HOME:-$HOME/.rustup} CARGO_HOME=${CARGO_HOME:-$HOME/.cargo}

# ---- a sealed environment: nothing from the user's own config or history ----
WORK=$(mktemp -d "${TMPDIR:-/tmp}/9pic-bench.XXXXXX")
trap 'rm -rf "$WORK"' EXIT
mkdir -p "$WORK/home" "$WORK/config" "$WORK/data" "$WORK/cache"
export HOME=$WORK/home XDG_CONFIG_HOME=$WORK/config XDG_DATA_HOME=$WORK/data \
    XDG_CACHE_HOME=$WORK/cache NINEPIC_HELP_DATA_DIR=$WORK/data/9pic-help \
    NINEPIC_HELP_CONFIG_DIR=$WORK/config/9pic-help NO_COLOR=1 CI=1 LC_ALL=C.UTF-8
unset DISPLAY WAYLAND_DISPLAY BROWSER VISUAL EDITOR SOURCE_DATE_EPOCH NINEPIC_HELP_COMPLETE \
    NINEPIC_HELP_SMTP_PASSWORD DBUS_SESSION_BUS_ADDRESS 2>/dev/null || true

for mb in 1 4 16; do
    head -c $((mb * 1024 * 1024)) /dev/urandom >"$WORK/report-${mb}M.pdf"
done

if [ "${BENCH_QUICK:-0}" = 1 ]; then
    HF=(--warmup 2 --runs 10)
    LOOP_RUNS=1
    RSS_RUNS=1
else
    HF=(--warmup 10 --min-runs 50)
    LOOP_RUNS=3
    RSS_RUNS=5
fi

ACCOUNT="--org Acme --login-email ops@acme.example --plan pro"
BILLING="$BIN billing --issue pending --payment-id pay_123 --when '20m ago' --rechecked $ACCOUNT"
ENTERPRISE="$BIN enterprise --volume 50k --products checkout,sla --timeline 'next month' $ACCOUNT --format eml"

ms() { awk -v s="$1" 'BEGIN { printf "%.2f ms", s * 1000 }'; }

# ---- measuring ---------------------------------------------------------------
ROWS=()       # "key|name|median_s|stddev_s|rss_kib|target"
declare -A MED RSS INSNS PAIR

# measure KEY NAME TARGET ENV COMMAND — ENV is "" or "VAR=value ..." for the run.
measure() {
    local key=$1 name=$2 target=$3 envs=$4 cmd=$5 json=$WORK/$1.json
    say "measuring: $name"
    # Every case starts with an empty history (it grows during the case's runs).
    rm -rf "$NINEPIC_HELP_DATA_DIR"
    # One checked run first: a command that fails must never be timed.
    if ! (eval "set -- $cmd" && exec env $envs "$@") >"$WORK/$key.out" 2>"$WORK/$key.err"; then
        cat "$WORK/$key.err" >&2
        die "'$name' failed: $cmd"
    fi
    local prep=() pair=()
    [ -z "${PREPARE:-}" ] || prep=(--prepare "$PREPARE")
    # Each case is timed side by side with the floor, in one hyperfine run, and
    # its ratio taken against that floor: the machine's speed drifts between
    # cases (a shared VM), so a floor measured minutes earlier would skew it.
    case $key in floor | floor2 | floorstatic) ;; *) pair=("$FLOOR") ;; esac
    env $envs hyperfine -N --style none "${HF[@]}" "${prep[@]}" --export-json "$json" "$cmd" "${pair[@]}" \
        >/dev/null 2>"$WORK/$key.hf.err" || { cat "$WORK/$key.hf.err" >&2; die "hyperfine failed on '$name'"; }
    local med sd rss=0 r i
    med=$(jq '.results[0].median' "$json")
    sd=$(jq '.results[0].stddev' "$json")
    [ ${#pair[@]} -eq 0 ] || PAIR[$key]=$(jq '.results[1].median' "$json")
    for ((i = 0; i < RSS_RUNS; i++)); do
        (eval "set -- $cmd" && exec env $envs /usr/bin/time -f '%M' -o "$WORK/$key.rss" "$@") >/dev/null 2>&1
        r=$(tail -n 1 "$WORK/$key.rss")
        [ "$r" -gt "$rss" ] && rss=$r
    done
    MED[$key]=$med
    RSS[$key]=$rss
    INSNS[$key]="-"
    case $key in eml4 | eml16 | billingshm) ;; *)
        rm -rf "$NINEPIC_HELP_DATA_DIR" # counted as the first ticket of an empty history
        INSNS[$key]=$( (eval "set -- $cmd" && exec env $envs valgrind --tool=callgrind \
            --callgrind-out-file=/dev/null "$@") 2>&1 >/dev/null |
            sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' | tail -n 1)
        ;;
    esac
    ROWS+=("$key|$name|$med|$sd|$rss|$target")
}

# loop KEY NAME TARGET COMMAND — COMMAND is run 1,000 times by a shell loop ($i = 1..1000).
loop() {
    local key=$1 name=$2 target=$3 cmd=$4 json=$WORK/$1.json
    say "measuring: $name"
    local script="for i in \$(seq 1000); do $cmd >/dev/null 2>&1 || exit 1; done"
    hyperfine --shell bash --style none --warmup 1 --runs "$LOOP_RUNS" --export-json "$json" \
        --prepare "rm -rf '$NINEPIC_HELP_DATA_DIR'" "$script" \
        >/dev/null 2>"$WORK/$key.hf.err" || { cat "$WORK/$key.hf.err" >&2; die "hyperfine failed on '$name'"; }
    MED[$key]=$(jq '.results[0].median' "$json")
    ROWS+=("$key|$name|${MED[$key]}|$(jq '.results[0].stddev // 0' "$json")|-|$target")
}

measure floor "floor (fn main(){}, release, default linking)" "-" "" "$FLOOR"
measure floorstatic "floor linked statically, as 9pic-help is" "-" "" "$FLOOR_STATIC"
# The peer: git writing one commit as a patch, when git is installed.
if command -v git >/dev/null; then
    PEER=$WORK/peer
    git init -q "$PEER" && printf 'one\n' >"$PEER/a.txt" &&
        git -C "$PEER" add a.txt && git -C "$PEER" -c user.name=b -c user.email=b@example \
        commit -qm one
    measure git "peer: git format-patch -1 --stdout" "-" "" "$(command -v git) -C $PEER format-patch -1 --stdout"
fi
measure version "9pic-help --version" "-" "" "$BIN --version"
# History on, as in daily use: before each run the history is put back to 50
# tickets of the last hour about other payments (a run that kept its own
# line would make every later run a repeat of the same payment).
SEED_DIR=$WORK/seed/9pic-help
for i in $(seq 50); do
    (eval "set -- $BILLING" && NINEPIC_HELP_DATA_DIR=$SEED_DIR exec "${@/pay_123/pay_seed_$i}") \
        >/dev/null 2>&1 || die "seeding the history failed"
done
# Every ticket case below runs against that history.
PREPARE="cp $SEED_DIR/history.jsonl $NINEPIC_HELP_DATA_DIR/history.jsonl"
measure billing "billing ticket to stdout (text), history on (50 earlier tickets)" \
    "<=2.0x floor, faster than git, <8 MiB" "" "$BILLING"
PREPARE="" measure nohist "billing ticket to stdout, --no-history" "<=1.5x floor" "" "$BILLING --no-history"
# The same ticket with its history on a RAM disk: what the history costs
# without the device's flush (fdatasync returns at once on tmpfs).
SHM_DIR=""
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
    SHM_DIR=$(mktemp -d /dev/shm/9pic-bench.XXXXXX)
    trap 'rm -rf "$WORK" "$SHM_DIR"' EXIT
    PREPARE="cp $SEED_DIR/history.jsonl $SHM_DIR/data/history.jsonl" \
        measure billingshm "billing ticket, history on tmpfs (/dev/shm)" "-" \
        "NINEPIC_HELP_DATA_DIR=$SHM_DIR/data" "$BILLING"
fi
measure json "billing ticket --format json" "<=2.0x floor, <8 MiB" "" "$BILLING --format json"
measure eml0 "enterprise --format eml, no attachment" "<=2.0x floor, <8 MiB" "" "$ENTERPRISE"
for mb in 1 4 16; do
    measure "eml$mb" "enterprise --format eml, ${mb} MB attachment" "linear in size" "" \
        "$ENTERPRISE --attach $WORK/report-${mb}M.pdf"
done
unset PREPARE
measure guide "9pic-help guide" "-" "" "$BIN guide"

# A big attachment in eml: peak RSS only (one run), against the attachment's size.
# Attachments are limited (25 MB by default, max_attachment_mb up to 1000 in the
# profile), so the big case raises the limit in a throw-away profile and stays
# under it: 900 MiB is about 944 MB.
BIG_MB=${BENCH_BIG_MB:-900}
"$BIN" profile init bench --org "Acme Events" --login-email ops@acme.example --plan pro \
    --quiet --no-input >/dev/null
"$BIN" --profile bench profile set max_attachment_mb 1000 >/dev/null
truncate -s "${BIG_MB}M" "$WORK/big.bin"
say "measuring: eml with a ${BIG_MB} MB attachment (peak RSS)"
rm -rf "$NINEPIC_HELP_DATA_DIR"
(eval "set -- $ENTERPRISE --attach $WORK/big.bin" && exec /usr/bin/time -f '%M' -o "$WORK/big.rss" "$@") \
    >/dev/null 2>"$WORK/big.err" || { cat "$WORK/big.err" >&2; die "the ${BIG_MB} MB eml failed"; }
BIG_RSS=$(tail -n 1 "$WORK/big.rss")
rm -f "$WORK/big.bin"

# Completion: what a shell runs on Tab, through the dynamic engine
# (NINEPIC_HELP_COMPLETE=fish, clap_complete) when this build has it; otherwise
# say so — never a made-up figure.
COMPLETION="not available yet"
if NINEPIC_HELP_COMPLETE=fish "$BIN" -- 9pic-help bil 2>/dev/null | grep -q billing; then
    COMPLETION=dynamic
    measure complete "completion: NINEPIC_HELP_COMPLETE=fish 9pic-help -- 9pic-help bil" "-" \
        "NINEPIC_HELP_COMPLETE=fish" "$BIN -- 9pic-help bil"
    measure tab "one Tab: NINEPIC_HELP_COMPLETE=fish 9pic-help -- 9pic-help billing --issue ''" "<=1.5x floor" \
        "NINEPIC_HELP_COMPLETE=fish" "$BIN -- 9pic-help billing --issue ''"
fi

loop loopfloor "loop: 1,000 x floor (bash for-loop)" "-" "$FLOOR"
loop loop "loop: 1,000 billing tickets (bash for-loop)" "<2 s" \
    "$BIN billing --issue pending --payment-id pay_\$i --when '20m ago' --rechecked $ACCOUNT"

# The loop left a history of 1,000 tickets: what does the next ticket cost?
HIST_LINES=$(wc -l <"$NINEPIC_HELP_DATA_DIR/history.jsonl" 2>/dev/null || echo 0)
HIST_INSNS=$( (eval "set -- $BILLING" && exec valgrind --tool=callgrind \
    --callgrind-out-file=/dev/null "$@") 2>&1 >/dev/null | sed -n 's/.*Collected : *\([0-9]*\).*/\1/p' | tail -n 1)
# Load only ever adds time: measure the floor again at the end, use the lower median.
measure floor2 "floor, measured again at the end" "-" "" "$FLOOR"
FLOOR_MEDIANS="$(ms "${MED[floor]}") at the start, $(ms "${MED[floor2]}") at the end"
if awk "BEGIN { exit !(${MED[floor2]} < ${MED[floor]}) }"; then MED[floor]=${MED[floor2]}; fi

# ---- what composing to stdout touches at run time -------------------------------
say "tracing a ticket to stdout (strace)"
(eval "set -- $BILLING" && exec strace -f -qq -e trace=openat,open,connect,socket,execve \
    -o "$WORK/strace.txt" "$@") >/dev/null 2>&1
# The dynamic libraries the binary needs at all (keyring/TLS would show here).
LIBS=$( (ldd "$BIN" 2>/dev/null || true) | { grep '=>\|ld-linux' || true; } | awk '{print $1}' | sed 's|.*/||' | sort | tr '\n' ' ')
[ -n "$LIBS" ] || LIBS="none ($(file -b "$BIN" | grep -o 'static-pie linked\|statically linked' || echo 'no dynamic section'))"
SOCKETS=$(grep -cE ' (socket|connect)\(' "$WORK/strace.txt" || true)
SUSPECT=$(grep -E 'openat\(' "$WORK/strace.txt" | grep -iE 'dbus|secret|keyring|keyutils|ssl|tls|crypto|gnutls|nss|resolv|/run/user|bus' || true)
OPENED=$(grep -E 'openat\(' "$WORK/strace.txt" | grep -v ENOENT | sed -E 's/.*openat\([^"]*"([^"]*)".*/\1/' | sort -u)
if [ "$SOCKETS" -eq 0 ] && [ -z "$SUSPECT" ]; then NET_OK=yes; else NET_OK=NO; fi

# ---- size ----------------------------------------------------------------------
SIZE=$(stat -c %s "$BIN")
FLOOR_SIZE=$(stat -c %s "$FLOOR")
FLOOR_STATIC_SIZE=$(stat -c %s "$FLOOR_STATIC")
BLOAT=""
if [ "${BENCH_NO_BLOAT:-0}" != 1 ]; then
    if ! command -v cargo-bloat >/dev/null; then
        say "installing cargo-bloat (cargo install, once)"
        cargo install --locked --quiet cargo-bloat >/dev/null 2>&1 || true
    fi
    if command -v cargo-bloat >/dev/null; then
        say "size breakdown: cargo bloat on an unstripped copy of the release profile"
        BLOAT=$(CARGO_PROFILE_RELEASE_STRIP=false cargo bloat --release --locked --quiet \
            --target-dir "$ROOT/target/bloat" --bin 9pic-help --crates -n 12 2>/dev/null || true)
    fi
    if [ -z "$BLOAT" ]; then
        say "size breakdown: nm --size-sort on an unstripped build"
        CARGO_PROFILE_RELEASE_STRIP=false cargo build --release --locked --quiet \
            --target-dir "$ROOT/target/bloat" --bin 9pic-help
        BLOAT=$(nm -C --size-sort --print-size "$(find "$ROOT/target/bloat" -path '*/release/9pic-help' -type f | head -n 1)" | tail -n 15)
    fi
fi

# ---- report ------------------------------------------------------------------------
F=${MED[floor]}
mib() { awk -v k="$1" 'BEGIN { printf "%.1f MiB", k / 1024 }'; }
mi() { awk -v n="$1" 'BEGIN { printf "%.2f M", n / 1e6 }'; }
ratio() { awk -v a="$1" -v b="$2" 'BEGIN { printf "%.2fx", a / b }'; }
# fl KEY — the floor timed beside case KEY (the run's floor when there was none).
fl() { echo "${PAIR[$1]:-$F}"; }
# x KEY — case KEY's time as a multiple of the floor timed beside it.
x() { ratio "${MED[$1]}" "$(fl "$1")"; }

pass() { if awk "BEGIN { exit !($1) }"; then echo yes; else echo NO; fi; }

TABLE="| Case | Median | σ | × floor | Instructions | Peak RSS | Target | Met |
|---|---:|---:|---:|---:|---:|---|---|"
for row in "${ROWS[@]}"; do
    IFS='|' read -r key name med sd rss target <<<"$row"
    case $key in
    loop | loopfloor)
        t=$(awk -v s="$med" 'BEGIN { printf "%.2f s", s }')
        s=$(awk -v s="$sd" 'BEGIN { printf "%.2f s", s }')
        x=$(ratio "$med" "${MED[loopfloor]}")
        mem="-"
        insns="-"
        ;;
    floor)
        t=$(ms "$F")
        s=$(ms "$sd")
        x="1.00x"
        mem=$(mib "$rss")
        insns=$(awk -v n="${INSNS[$key]}" 'BEGIN { printf "%.2f M", n / 1e6 }')
        ;;
    *)
        t=$(ms "$med")
        s=$(ms "$sd")
        x=$(ratio "$med" "$(fl "$key")")
        mem=$(mib "$rss")
        insns=$(awk -v n="${INSNS[$key]}" 'BEGIN { if (n == "-" || n == "") print "-"; else printf "%.2f M", n / 1e6 }')
        ;;
    esac
    case $key in
    floor2) continue ;;
    billing) met=$(pass "$med <= 2.0 * $(fl billing) && $med < ${MED[git]:-$med + 1} && $rss < 8192 && ${INSNS[billing]} <= 1000000") ;;
    nohist) met=$(pass "$med <= 1.5 * $(fl nohist)") ;;
    json | eml0) met=$(pass "$med <= 2.0 * $(fl "$key") && $rss < 8192") ;;
    tab) met=$(pass "$med <= 1.5 * $(fl tab)") ;;
    loop) met=$(pass "$med < 2") ;;
    eml1 | eml4 | eml16) met="see below" ;;
    *) met="-" ;;
    esac
    TABLE+="
| $name | $t | $s | $x | $insns | $mem | $target | $met |"
done
TABLE+="
| eml, ${BIG_MB} MB attachment (one run) | - | - | - | - | $(mib "$BIG_RSS") | <=1.5x attachment + 8 MiB | $(pass "$BIG_RSS <= 1.5 * $BIG_MB * 1024 + 8192") |"
if [ "$COMPLETION" != dynamic ]; then
    TABLE+="
| completion (dynamic) | not available yet | - | - | - | - | <=2x floor | not measured: this build has no completion engine |"
fi

# Attachment cost per MB over the same ticket without one: linear if it stays flat.
PER_MB=""
for mb in 1 4 16; do
    PER_MB+="$(awk -v a="${MED[eml$mb]}" -v z="${MED[eml0]}" -v n="$mb" \
        'BEGIN { printf "%.2f", (a - z) * 1000 / n }') "
done
read -r p1 p4 p16 <<<"$PER_MB"
LINEAR=$(pass "$p16 <= 1.5 * $p1 && $p16 >= $p1 / 1.5 && $p4 <= 1.5 * $p1 && $p4 >= $p1 / 1.5")
RSS_PER_MB=$(awk -v a="${RSS[eml16]}" -v b="${RSS[eml1]}" 'BEGIN { printf "%.1f", (a - b) / 1024 / 15 }')

LOAD=$(cut -d' ' -f1-3 /proc/loadavg)
CPU=$(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | sed 's/^ *//')

REPORT="# 9pic-help benchmark results

Produced by \`bash benches/run.sh\` on $(date -u +%Y-%m-%dT%H:%MZ) — commit
\`$(git rev-parse --short HEAD 2>/dev/null || echo unknown)\`$(git diff --quiet 2>/dev/null || echo ' (plus uncommitted changes)'),
$(nproc) cores ($CPU), load average before the report: $LOAD.
hyperfine $(hyperfine --version | cut -d' ' -f2) (\`-N\`, no shell; median of ≥50 runs after 10 warm-ups),
peak RSS = max of $RSS_RUNS runs of \`/usr/bin/time\` (%M); instructions = one run (first ticket of an empty history) under
\`valgrind --tool=callgrind\` (whole process, start-up included; load-independent).
Output goes to /dev/null. Tickets are recorded in the history as by default: before each
timed run of a ticket case the history is put back to 50 tickets of the last hour about
other payments; each 1,000-ticket run starts with an empty one; one row shows \`--no-history\`.

$TABLE

## Targets

The floor for every ratio is \`fn main(){}\` built in release mode with Rust's default
(dynamic) linking, as the issue defines it, timed beside each case in the same hyperfine run
(each pair in one run): the machine's speed drifts from case to case, and a ratio is taken
against the floor of its own moment (the floor row shows the run's lowest lone floor). 9pic-help is a static, position-dependent executable
(.cargo/config.toml); the same empty program linked that way is the row \"floor linked
statically\". Measured against that floor instead: billing with history
$(ratio "${MED[billing]}" "${MED[floorstatic]}"), \`--no-history\` $(ratio "${MED[nohist]}" "${MED[floorstatic]}"),
one Tab $(if [ "$COMPLETION" = dynamic ]; then ratio "${MED[tab]}" "${MED[floorstatic]}"; else echo -; fi).
$(if [ -n "$SHM_DIR" ]; then echo "The history's fdatasync waits for the disk: the billing ticket takes $(ms "${MED[billing]}") with its
history on the disk this script runs on and $(ms "${MED[billingshm]}") ($(x billingshm)) with it on tmpfs."; fi)

- A ticket to stdout with the history on within 2.0× the floor: billing text $(x billing) — $(pass "${MED[billing]} <= 2.0 * $(fl billing)");
  in the other formats json $(x json), eml $(x eml0) — $(pass "${MED[json]} <= 2.0 * $(fl json) && ${MED[eml0]} <= 2.0 * $(fl eml0)").
- The same ticket with \`--no-history\` within 1.5× the floor: $(x nohist) — $(pass "${MED[nohist]} <= 1.5 * $(fl nohist)").
  Load-independent view (instructions): floor $(mi "${INSNS[floor]}"), \`--version\` $(mi "${INSNS[version]}")
  (start-up plus building clap's command tree), billing ticket $(mi "${INSNS[billing]}").
  The floor alone, at the start and at the end: $FLOOR_MEDIANS.
  History: each ticket reads the file from its end back to the newest earlier ticket about
  the same payment (event, domain), at most 24 hours, and fdatasyncs its append. After the
  loop the history holds $HIST_LINES tickets of the last minutes, each about another payment
  (pay_1 … pay_1000): the billing ticket about pay_123 passes over the newer ones to
  ticket 123 and takes $(mi "$HIST_INSNS") instructions (vs $(mi "${INSNS[billing]}") with an empty history).
- Peak RSS of an eml with a ${BIG_MB} MB attachment: $(mib "$BIG_RSS") — within 1.5× the attachment + 8 MiB: $(pass "$BIG_RSS <= 1.5 * $BIG_MB * 1024 + 8192").
- Peak RSS under 8 MiB without attachments: billing $(mib "${RSS[billing]}"), json $(mib "${RSS[json]}"),
  eml $(mib "${RSS[eml0]}") — $(pass "${RSS[billing]} < 8192 && ${RSS[json]} < 8192 && ${RSS[eml0]} < 8192").
- Attachment time linear in size: extra time per MB over the same eml without attachment
  is $p1 ms (1 MB), $p4 ms (4 MB), $p16 ms (16 MB) — linear: $LINEAR.
  Memory grows by about $RSS_PER_MB MiB per MB of attachment (1 → 16 MB).
- One Tab (\`billing --issue ''\`) within 1.5× the floor: $(if [ "$COMPLETION" = dynamic ]; then echo "$(x tab) — $(pass "${MED[tab]} <= 1.5 * $(fl tab)")"; else echo "not available yet in this build (no dynamic completion engine)"; fi).
- Instructions per ticket at most 1.0 M: $(mi "${INSNS[billing]}") — $(pass "${INSNS[billing]} <= 1000000").
- A ticket faster than \`git format-patch -1 --stdout\`: $(if [ -n "${MED[git]:-}" ]; then echo "$(ms "${MED[billing]}") vs $(ms "${MED[git]}") — $(pass "${MED[billing]} < ${MED[git]}")"; else echo "git not installed"; fi).
- 1,000 tickets under 2 s: $(awk -v s="${MED[loop]}" 'BEGIN { printf "%.2f s", s }') — $(pass "${MED[loop]} < 2")
  (the same loop around the floor: $(awk -v s="${MED[loopfloor]}" 'BEGIN { printf "%.2f s", s }')).
- Composing to stdout loads no keyring, TLS or network code: $NET_OK. Checked with
  \`strace -f -e trace=openat,open,connect,socket,execve\` on the billing ticket:
  $SOCKETS socket/connect calls; no file opened matching dbus/secret/keyring/ssl/tls/crypto/nss/resolv/bus.
  Linked dynamic libraries (\`ldd\`): $LIBS
  Files it opened:

\`\`\`
$OPENED
\`\`\`

## Size

Release binary (stripped, \`lto = \"thin\"\`, \`codegen-units = 1\`): $SIZE bytes
($(awk -v b="$SIZE" 'BEGIN { printf "%.2f MiB", b / 1048576 }')), a static, position-dependent executable; the floor: $FLOOR_SIZE bytes
(dynamic), $FLOOR_STATIC_SIZE bytes (static).
$(if [ -n "$BLOAT" ]; then printf 'What dominates it (unstripped build of the same profile):\n\n```\n%s\n```\n' "$BLOAT"; else echo "(size breakdown skipped)"; fi)
"

printf '%s\n' "$REPORT" >"$OUT"
printf '%s\n' "$TABLE"
printf '\n(full report: %s)\n' "${OUT#"$ROOT"/}"
