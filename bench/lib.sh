# shellcheck shell=bash
# bench/lib.sh - shared by bench/run.sh and bench/field-cost.sh. Source it
# after setting BUILD (the build directory); it sets:
#   REPO SX MKCAP FAKE TSHARK GNU_TIME CACHE WORK EMPTY_CFG
# and defines the functions below. Needs bash 5 ($EPOCHREALTIME).

say() { printf '%s\n' "$*"; }
warn() { printf 'bench: %s\n' "$*" >&2; }
die() { warn "$*"; exit 2; }

# An awk function for the reports' awk programs ("$AWK_MEDIAN"'...'):
# median(a, n), the median of a[1..n], -1 when n is 0.
AWK_MEDIAN='
function median(a, n,    i, j, t, b) {
    if (n == 0) return -1
    for (i = 1; i <= n; i++) b[i] = a[i]
    for (i = 2; i <= n; i++) { t = b[i]; for (j = i - 1; j >= 1 && b[j] > t; j--) b[j + 1] = b[j]; b[j + 1] = t }
    return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
}
'

REPO=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=$(cd "$BUILD" 2>/dev/null && pwd) || die "no build directory '$BUILD'"
SX=$BUILD/streamxpert
MKCAP=$BUILD/mkcap
# The Makefile always builds the fake tshark as build/fake_tshark.
FAKE=$BUILD/fake_tshark
[ -x "$FAKE" ] || FAKE=$REPO/build/fake_tshark
[ -x "$SX" ] || die "$SX not found: run make first"
[ -x "$MKCAP" ] || die "$MKCAP not found: run make $BUILD/mkcap first"

CACHE=${STREAMXPERT_BENCH_DIR:-${XDG_CACHE_HOME:-$HOME/.cache}/streamxpert-bench}
mkdir -p "$CACHE" || die "cannot create the cache directory $CACHE"
case "$CACHE/" in
"$REPO"/*) warn "note: the cache $CACHE is inside the repository" ;;
esac

WORK=$(mktemp -d "${TMPDIR:-/tmp}/sxbench.XXXXXX") || die "mktemp failed"
trap 'rm -rf "$WORK"' EXIT
EMPTY_CFG=$WORK/wireshark-config   # an empty profile for raw tshark runs
mkdir -p "$EMPTY_CFG"
# the same for the Lua tap, which may run as another user (lua_tshark)
chmod 711 "$WORK"
mkdir -m 755 "$WORK/lua-config"

is_root() { [ "$(id -u)" = 0 ]; }

# apt_install PKG...: install Debian packages (root only).
apt_install() {
    is_root && command -v apt-get >/dev/null || return 1
    say "bench: installing with apt-get: $*"
    export DEBIAN_FRONTEND=noninteractive
    apt-get install -y -qq "$@" >"$WORK/apt.log" 2>&1 ||
        { apt-get update -qq >>"$WORK/apt.log" 2>&1 &&
          apt-get install -y -qq "$@" >>"$WORK/apt.log" 2>&1; } ||
        { tail -5 "$WORK/apt.log" >&2; return 1; }
}

# need CMD:PKG...: install the packages of the commands that are missing.
# Returns 1 when some are still missing afterwards.
need() {
    local pair pkgs=() missing=()
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || pkgs+=("${pair#*:}")
    done
    [ ${#pkgs[@]} -eq 0 ] && return 0
    apt_install $(printf '%s\n' "${pkgs[@]}" | sort -u) || true
    for pair in "$@"; do
        command -v "${pair%%:*}" >/dev/null 2>&1 || missing+=("${pair%%:*}")
    done
    [ ${#missing[@]} -eq 0 ] || { warn "missing: ${missing[*]}"; return 1; }
}

# BENCH_TSHARK=PATH benchmarks another tshark (any version; for example a
# wrapper made by tests/tshark-chroot.sh); else the one in PATH.
if [ -n "${BENCH_TSHARK:-}" ]; then
    need capinfos:wireshark-common || die "capinfos is needed"
    [ -x "$BENCH_TSHARK" ] || die "BENCH_TSHARK=$BENCH_TSHARK is not executable"
    TSHARK=$BENCH_TSHARK
else
    need tshark:tshark capinfos:wireshark-common || die "tshark is needed"
    TSHARK=$(command -v tshark)
fi
# tcptrace: the speed a user gives up Wireshark's verdicts for (issue 15)
need tcptrace:tcptrace editcap:wireshark-common || warn "tcptrace is missing: its line is left out"
GNU_TIME=/usr/bin/time
if ! "$GNU_TIME" --version 2>&1 | grep -q GNU; then
    apt_install time || true
    "$GNU_TIME" --version 2>&1 | grep -q GNU ||
        die "GNU time (/usr/bin/time, Debian package 'time') is needed"
fi

# ---------------------------------------------------------------- captures

# The realistic capture: real kernel TCP traffic from gen-capture.sh, with
# the options of the shared RESULTS.md's medium.pcap (about 500k frames).
GEN=$REPO/../shared/bench/gen-capture.sh
GEN_OPTS=(-c 500000 -d 300 -r 150mbit -P 6 -w 32 -k 10)
REAL_CAP=$CACHE/realistic-500k.pcap
SYNTH_CAP=$CACHE/mkcap-bulk-500000.pcap

# make_real: generate $REAL_CAP once; 1 when it cannot be made here.
make_real() {
    [ -s "$REAL_CAP" ] && return 0
    is_root || { warn "not root: cannot generate a realistic capture"; return 1; }
    [ -f "$GEN" ] || { warn "no $GEN"; return 1; }
    need ip:iproute2 tc:iproute2 ss:iproute2 nft:nftables tcpdump:tcpdump \
         iperf3:iperf3 python3:python3 openssl:openssl timeout:coreutils \
         ethtool:ethtool || return 1
    local part=$CACHE/.realistic-500k.partial.$$.pcap
    say "bench: generating $REAL_CAP (real TCP in network namespaces, about 30 s):"
    say "       gen-capture.sh ${GEN_OPTS[*]}"
    if bash "$GEN" -o "$part" "${GEN_OPTS[@]}" >"$WORK/gen.log" 2>&1 && [ -s "$part" ]; then
        mv "$part" "$REAL_CAP"
        printf 'real kernel TCP traffic: ../shared/bench/gen-capture.sh %s, made %s on %s\n' \
            "${GEN_OPTS[*]}" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(uname -n)" >"$REAL_CAP.how"
        return 0
    fi
    rm -f "$part"
    warn "gen-capture.sh failed:"; tail -5 "$WORK/gen.log" >&2
    return 1
}

# The full-payload capture (issue 15): the same traffic taken with
# snaplen 65535, as tcpdump and dumpcap take it by default (about 300k
# frames, 300 MB). Cached like the other.
GEN_OPTS_FULL=(-c 300000 -d 300 -r 150mbit -P 6 -w 32 -k 10 -s 65535)
FULL_CAP=$CACHE/realistic-300k-full.pcap

# make_full: generate $FULL_CAP once; 1 when it cannot be made here.
make_full() {
    [ -s "$FULL_CAP" ] && return 0
    is_root || { warn "not root: cannot generate the full-payload capture"; return 1; }
    [ -f "$GEN" ] || { warn "no $GEN"; return 1; }
    need ip:iproute2 tc:iproute2 ss:iproute2 nft:nftables tcpdump:tcpdump \
         iperf3:iperf3 python3:python3 openssl:openssl timeout:coreutils \
         ethtool:ethtool || return 1
    local part=$CACHE/.realistic-300k-full.partial.$$.pcap
    say "bench: generating $FULL_CAP (full payload, about 30 s):"
    say "       gen-capture.sh ${GEN_OPTS_FULL[*]}"
    if bash "$GEN" -o "$part" "${GEN_OPTS_FULL[@]}" >"$WORK/gen.log" 2>&1 && [ -s "$part" ]; then
        mv "$part" "$FULL_CAP"
        printf 'real kernel TCP traffic, full payload: ../shared/bench/gen-capture.sh %s, made %s on %s\n' \
            "${GEN_OPTS_FULL[*]}" "$(date -u '+%Y-%m-%d %H:%M UTC')" "$(uname -n)" >"$FULL_CAP.how"
        return 0
    fi
    rm -f "$part"
    warn "gen-capture.sh failed:"; tail -5 "$WORK/gen.log" >&2
    return 1
}

# make_syn N: $CACHE/syn-only-N.pcap (N streams of one SYN each), cached.
make_syn() {
    local f=$CACHE/syn-only-$1.pcap
    if [ ! -s "$f" ]; then
        "$MKCAP" syn-only "$1" "$f.partial" >/dev/null && mv "$f.partial" "$f" ||
            { rm -f "$f.partial"; die "mkcap syn-only $1 failed"; }
    fi
    printf '%s\n' "$f"
}

# choose_capture: sets CAP and CAP_HOW.
choose_capture() {
    if [ -n "${BENCH_CAPTURE:-}" ]; then
        [ -r "$BENCH_CAPTURE" ] || die "BENCH_CAPTURE=$BENCH_CAPTURE is not readable"
        CAP=$BENCH_CAPTURE
        CAP_HOW="given by BENCH_CAPTURE"
    elif make_real; then
        CAP=$REAL_CAP
        CAP_HOW=$(cat "$REAL_CAP.how" 2>/dev/null || echo "real kernel TCP traffic (gen-capture.sh)")
    else
        if [ ! -s "$SYNTH_CAP" ]; then
            say "bench: making $SYNTH_CAP with mkcap bulk 500000"
            "$MKCAP" bulk 500000 "$SYNTH_CAP.partial" >/dev/null &&
                mv "$SYNTH_CAP.partial" "$SYNTH_CAP" ||
                { rm -f "$SYNTH_CAP.partial"; die "mkcap bulk failed"; }
        fi
        CAP=$SYNTH_CAP
        CAP_HOW="SYNTHETIC (mkcap bulk 500000): no realistic capture could be made here"
    fi
}

# ------------------------------------------------ streamxpert's tshark command

# sx_tshark_args [STREAMXPERT-OPTION...]: fills the array TS_ARGS with the
# arguments streamxpert passes to tshark (from `streamxpert -v`), as it runs
# them (with -r -: streamxpert hands the capture over as standard input).
sx_tshark_args() {
    local tiny=$WORK/tiny.pcap line
    [ -s "$tiny" ] || "$MKCAP" syn-only 3 "$tiny" >/dev/null || die "mkcap failed"
    line=$("$SX" -v --tshark "$TSHARK" "$@" -T tsv "$tiny" 2>&1 >/dev/null |
           grep -F -m1 " $TSHARK ") ||
        die "streamxpert -v did not print the tshark command"
    SX_ENGINE=${line%%": $TSHARK "*}
    SX_ENGINE=${SX_ENGINE#streamxpert: }
    read -r -a TS_ARGS <<<"${line#*" $TSHARK "}"
    case " ${TS_ARGS[*]} " in
    *" -r - "*) ;;
    *) die "unexpected tshark command from streamxpert -v: ${line#*" $TSHARK "}" ;;
    esac
}

# sx_prune_args: the -o preferences (but the column format) and the
# --disable-heuristic options of TS_ARGS, into PRUNE_ARGS.
sx_prune_args() {
    local i a
    PRUNE_ARGS=()
    for ((i = 0; i < ${#TS_ARGS[@]}; i++)); do
        a=${TS_ARGS[i]}
        if [ "$a" = -o ]; then
            case ${TS_ARGS[i + 1]} in
            gui.column.format:*) ;;
            *) PRUNE_ARGS+=(-o "${TS_ARGS[i + 1]}") ;;
            esac
            i=$((i + 1))
        elif [[ $a == --disable-heuristic=* ]]; then
            PRUNE_ARGS+=("$a")
        fi
    done
}

# lua_tshark: fills LUA_TS with the command that runs $TSHARK for a Lua
# script. tshark 4.4 and later skip Lua scripts (silently) when run as root,
# so as root it runs as the user nobody (every version alike): a chroot
# wrapper from tests/tshark-chroot.sh is told so (SX_CHROOT_USER, with the
# bench directory shared read-only), any other tshark runs under setpriv.
# The capture goes on standard input, opened by us.
lua_tshark() {
    LUA_TS=(env "WIRESHARK_CONFIG_DIR=$WORK/lua-config")
    if ! is_root; then
        LUA_TS+=("$TSHARK")
    elif grep -q SX_CHROOT_USER "$TSHARK" 2>/dev/null; then
        LUA_TS+=(SX_CHROOT_USER=nobody "SX_CHROOT_BIND=$REPO/bench" "$TSHARK")
    else
        command -v setpriv >/dev/null || die "setpriv (util-linux) is needed to run the Lua tap as nobody"
        LUA_TS=(setpriv --reuid=nobody --regid=nogroup --clear-groups "${LUA_TS[@]}" "$TSHARK")
    fi
}

# ------------------------------------------------------------- measuring

# run_one VARIANT ROUND OUTFILE CMD...: runs CMD (stdin from $RUN_STDIN or
# /dev/null), appends "VARIANT ROUND wall_s peak_rss_kb exit cpu_s" to $RAW
# (cpu_s: user + system time of CMD and the children it waited for) and,
# when CMD printed a streamxpert --stats line, "VARIANT ROUND k=v..." to
# $STATS. Its stderr stays in $WORK/err.VARIANT.
run_one() {
    local v=$1 r=$2 out=$3 t0 t1 rc rss cu cs
    shift 3
    t0=$EPOCHREALTIME
    "$GNU_TIME" -f '%M %U %S' -o "$WORK/rss" "$@" >"$out" 2>"$WORK/err.$v" <"${RUN_STDIN:-/dev/null}"
    rc=$?
    t1=$EPOCHREALTIME
    read -r rss cu cs <<<"$(tail -n1 "$WORK/rss")"
    printf '%s\t%s\t%s\t%s\t%s\t%s\n' "$v" "$r" \
        "$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')" \
        "${rss:-0}" "$rc" "$(awk -v u="${cu:-0}" -v s="${cs:-0}" 'BEGIN { printf "%.2f", u + s }')" >>"$RAW"
    if [ "$rc" != 0 ]; then
        warn "$v (round $r) exited with status $rc:"
        grep -v '^Running as user' "$WORK/err.$v" | tail -3 >&2
    fi
    grep -m1 '^streamxpert: stats:' "$WORK/err.$v" |
        sed "s/^streamxpert: stats: */$v\t$r\t/" >>"$STATS" || true
}

# machine_info: date, machine and tshark version, one per line.
machine_info() {
    say "date:    $(date -u '+%Y-%m-%d %H:%M UTC')"
    say "machine: $(nproc) CPUs, $(awk '/MemTotal/ { printf "%.1f GiB", $2 / 1048576 }' /proc/meminfo) RAM, $(grep -m1 'model name' /proc/cpuinfo | sed 's/.*: //'), $(uname -sr)"
    say "tshark:  $("$TSHARK" -v 2>/dev/null | head -1)"
    say "streamxpert: $("$SX" --version 2>/dev/null | head -1) ($SX_ENGINE)"
}
