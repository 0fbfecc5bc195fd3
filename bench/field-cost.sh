#!/usr/bin/env bash
# bench/field-cost.sh BUILD_DIR - what each field of streamxpert's tshark
# command costs. Not part of `make bench` (it takes about 15 minutes).
#
# Takes the exact tshark commands streamxpert runs (from `streamxpert -v`,
# with default columns and with -e all), then times variants of them with
# some custom columns removed from gui.column.format, or with
# `-o tcp.track_bytes_in_flight:FALSE` added, alternating with the Lua tap
# (L v1 v2 ... L v1 v2 ...). Each tshark reads the capture from standard
# input, as under streamxpert, and writes to /dev/null. Reports per variant
# the median wall time, the median of the per-round ratios to the Lua tap
# and to the unmodified command it derives from, and the peak RSS.
#
# Same capture as bench/run.sh (BENCH_CAPTURE, or the cached realistic or
# synthetic one). FIELD_ROUNDS=N counted rounds (default 5, no warm-up);
# the variants' order rotates from round to round. FIELD_MODE=wall, instr
# (instructions per frame under valgrind, on the first FIELD_FRAMES frames,
# default 50000) or both (default). FIELD_ONLY="NAME..." runs only those
# variants (names in SPECS below).
set -u -o pipefail

[ $# -eq 1 ] || { echo "usage: bench/field-cost.sh BUILD_DIR" >&2; exit 2; }
BUILD=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

ROUNDS=${FIELD_ROUNDS:-5}
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "FIELD_ROUNDS must be a positive number"
MODE=${FIELD_MODE:-both}
case $MODE in wall | instr | both) ;; *) die "FIELD_MODE must be wall, instr or both" ;; esac
FRAMES=${FIELD_FRAMES:-50000}
[[ $FRAMES =~ ^[1-9][0-9]*$ ]] || die "FIELD_FRAMES must be a positive number"
RAW=$WORK/raw.tsv
STATS=$WORK/stats.tsv
: >"$RAW"
: >"$STATS"

sx_tshark_args
DEF_ARGS=("${TS_ARGS[@]}")
sx_tshark_args -e all
ALL_ARGS=("${TS_ARGS[@]}")
choose_capture

# columns MODE BASE FIELD...: prints BASE's arguments, one per line, with
# the custom columns of the FIELDs removed (MODE drop) or with only those
# kept (MODE keep). BASE is def or all.
columns() {
    local mode=$1 base=$2 a f keep title fmt i
    shift 2
    local -n src=${base^^}_ARGS
    for a in "${src[@]}"; do
        if [[ $a != gui.column.format:* ]]; then
            printf '%s\n' "$a"
            continue
        fi
        local -a tok out=()
        IFS=, read -r -a tok <<<"${a#gui.column.format:}"
        for ((i = 0; i + 1 < ${#tok[@]}; i += 2)); do
            title=${tok[i]} fmt=${tok[i + 1]}
            f=${fmt#\"%Cus:}
            f=${f%%:*}
            keep=$([ "$mode" = keep ] && echo 0 || echo 1)
            case " $* " in *" $f "*) keep=$((1 - keep)) ;; esac
            [ "$keep" = 1 ] && out+=("$title" "$fmt")
        done
        out+=($APPEND)
        printf 'gui.column.format:%s\n' "$(IFS=,; printf '%s' "${out[*]}")"
    done
}

ADDR="ip.src ip.dst ipv6.src ipv6.dst"
RTT="tcp.analysis.ack_rtt tcp.analysis.initial_rtt"
FOUR="tcp.stream tcp.analysis.retransmission tcp.analysis.duplicate_ack tcp.analysis.out_of_order tcp.analysis.zero_window"
BIF="-o tcp.track_bytes_in_flight:FALSE"
# name | base | mode | fields | extra tshark arguments | description |
# built-in columns appended (title format ...; def-builtin replaces the
# endpoint fields by tshark's own net address and port columns, which come
# from the packet info rather than from fields)
SPECS=(
    "all|all|drop|||-e all: the command as streamxpert runs it"
    "all-proto|all|drop|frame.protocols||-e all without frame.protocols"
    "all-addr|all|drop|$ADDR||-e all without ip/ipv6 src/dst"
    "all-rtt|all|drop|$RTT||-e all without ack_rtt, initial_rtt"
    "all-time|all|drop|frame.time_relative||-e all without frame.time_relative"
    "all+bif|all|drop||$BIF|-e all + track_bytes_in_flight:FALSE"
    "def|def|drop|||default columns: as streamxpert runs it"
    "def-proto|def|drop|frame.protocols||default without frame.protocols"
    "def-addr|def|drop|$ADDR||default without ip/ipv6 src/dst"
    "def-flags|def|drop|tcp.flags||default without tcp.flags"
    "def+bif|def|drop||$BIF|default + track_bytes_in_flight:FALSE"
    "four|def|keep|$FOUR||only tcp.stream + the 4 design-card flags"
    "four+bif|def|keep|$FOUR|$BIF|4 flags + track_bytes_in_flight:FALSE"
    "def-builtin|def|drop|frame.protocols $ADDR tcp.srcport tcp.dstport||default, endpoints as %uns %und %uS %uD|\"a\" \"%uns\" \"b\" \"%und\" \"c\" \"%uS\" \"d\" \"%uD\""
)
NAMES=()
declare -A BASE DESC CMD
for spec in "${SPECS[@]}"; do
    IFS='|' read -r name base mode fields extra desc APPEND <<<"$spec"
    if [ -n "${FIELD_ONLY:-}" ]; then
        case " $FIELD_ONLY " in *" $name "*) ;; *) continue ;; esac
    fi
    NAMES+=("$name")
    BASE[$name]=$base
    DESC[$name]=$desc
    mapfile -t args < <(columns "$mode" "$base" $fields)
    # extra arguments go before the column format
    CMD[$name]=$(printf '%s\n' $extra "${args[@]}")
done


# ------------------------------------------------ instructions (valgrind)

# instr_count OUT STDIN CMD...: instructions executed by CMD (valgrind's
# cachegrind without cache simulation), into OUT.
instr_count() {
    local dest=$1 in=$2
    shift 2
    WIRESHARK_CONFIG_DIR=$EMPTY_CFG valgrind --tool=cachegrind --cache-sim=no \
        --cachegrind-out-file=/dev/null --log-file="$WORK/vg.log" "$@" <"$in" >/dev/null 2>"$WORK/vg.err" ||
        { warn "valgrind $*: failed"; tail -3 "$WORK/vg.err" >&2; echo 0 >"$dest"; return; }
    grep -m1 'I *refs:' "$WORK/vg.log" | sed 's/.*refs: *//; s/,//g' >"$dest"
}

instr_phase() {
    need valgrind:valgrind editcap:wireshark-common || die "valgrind and editcap are needed"
    local one=$WORK/first-1.pcap many=$WORK/first-$FRAMES.pcap name n1 nn v
    editcap -r "$CAP" "$one" 1-1 >/dev/null 2>&1 &&
        editcap -r "$CAP" "$many" "1-$FRAMES" >/dev/null 2>&1 || die "editcap failed"
    nn=$(capinfos -M -c "$many" 2>/dev/null | awk -F': *' '/Number of packets/ { print $2 }')
    say "instructions per frame: (count on the first $nn frames - count on the first frame) / $((nn - 1)),"
    say "counted by valgrind (cachegrind, no cache simulation); deterministic, one run each"
    : >"$WORK/instr.tsv"
    for name in L "${NAMES[@]}"; do
        if [ "$name" = L ]; then
            instr_count "$WORK/i1" /dev/null "$TSHARK" -q -X "lua_script:$REPO/bench/streamxpert.lua" -r "$one"
            instr_count "$WORK/in" /dev/null "$TSHARK" -q -X "lua_script:$REPO/bench/streamxpert.lua" -r "$many"
        else
            mapfile -t args <<<"${CMD[$name]}"
            instr_count "$WORK/i1" "$one" "$TSHARK" "${args[@]}"
            instr_count "$WORK/in" "$many" "$TSHARK" "${args[@]}"
        fi
        printf '%s\t%s\t%s\n' "$name" "$(cat "$WORK/i1")" "$(cat "$WORK/in")" >>"$WORK/instr.tsv"
        printf ' %s' "$name"
    done
    # the floor: the same dissection with no output (as bench/run.sh's c)
    TS_ARGS=("${DEF_ARGS[@]}")
    sx_prune_args
    instr_count "$WORK/i1" /dev/null "$TSHARK" -n -q -r "$one" "${PRUNE_ARGS[@]}" -z io,stat,0
    instr_count "$WORK/in" /dev/null "$TSHARK" -n -q -r "$many" "${PRUNE_ARGS[@]}" -z io,stat,0
    printf 'floor\t%s\t%s\n' "$(cat "$WORK/i1")" "$(cat "$WORK/in")" >>"$WORK/instr.tsv"
    printf ' floor'

    printf '\n\n'
    {
        printf '%s\t%s\t%s\n' L L "Lua tap (bench/streamxpert.lua)"
        for name in "${NAMES[@]}"; do printf '%s\t%s\t%s\n' "$name" "${BASE[$name]}" "${DESC[$name]}"; done
        printf '%s\t%s\t%s\n' floor def "floor: -n -q -z io,stat,0, same prefs"
        printf -- '--\n'
        cat "$WORK/instr.tsv"
    } | awk -F'\t' -v nn="$nn" '
    sep == 0 && $0 == "--" { sep = 1; next }
    sep == 0 { order[++nv] = $1; base[$1] = $2; desc[$1] = $3; next }
    { per[$1] = ($3 - $2) / (nn - 1); start[$1] = $2 }
    END {
        printf "%-46s %12s %10s %9s %11s\n", "variant", "instr/frame", "x Lua tap", "x base", "start-up G"
        for (i = 1; i <= nv; i++) {
            v = order[i]
            printf "%-46s %12.0f %10.3f %9s %11.2f\n", desc[v], per[v], per[v] / per["L"],
                ((v == "L" || per[base[v]] <= 0) ? "" : sprintf("%.3f", per[v] / per[base[v]])), start[v] / 1e9
        }
    }' | tee "$WORK/instr-report"
    cp "$WORK/instr-report" "$CACHE/last-field-cost-instr.txt"
}

say "== per-field cost of streamxpert's tshark command"
machine_info
say "capture: $CAP ($CAP_HOW)"
for name in def all; do
    [ -n "${CMD[$name]+set}" ] || continue
    say "$name command: tshark $(printf '%s\n' "${CMD[$name]}" | grep -v '^--disable-heuristic=' | tr '\n' ' ')[+ $(printf '%s\n' "${CMD[$name]}" | grep -c '^--disable-heuristic=') --disable-heuristic]"
done
say

if [ "$MODE" != instr ]; then
    say "wall time: $ROUNDS rounds, each: Lua tap, then every variant (order rotated)"
    for ((r = 1; r <= ROUNDS; r++)); do
        printf 'round %d/%d:' "$r" "$ROUNDS"
        run_one L "$r" /dev/null env "WIRESHARK_CONFIG_DIR=$EMPTY_CFG" "$TSHARK" -q \
            -X "lua_script:$REPO/bench/streamxpert.lua" -r "$CAP"
        printf ' L'
        # rotate the order each round, so that no variant always runs right
        # after the Lua tap or last
        nn=${#NAMES[@]}
        for ((k = 0; k < nn; k++)); do
            name=${NAMES[(k + (r - 1) * 5) % nn]}
            mapfile -t args <<<"${CMD[$name]}"
            RUN_STDIN=$CAP run_one "$name" "$r" /dev/null \
                env "WIRESHARK_CONFIG_DIR=$EMPTY_CFG" "$TSHARK" "${args[@]}"
            printf ' %s' "$name"
        done
        printf '\n'
    done
    say

    {
        for name in "${NAMES[@]}"; do printf '%s\t%s\t%s\n' "$name" "${BASE[$name]}" "${DESC[$name]}"; done
        printf -- '--\n'
        cat "$RAW"
    } | awk -F'\t' '
    function median(a, n,    i, j, t, b) {
        if (n == 0) return -1
        for (i = 1; i <= n; i++) b[i] = a[i]
        for (i = 2; i <= n; i++) { t = b[i]; for (j = i - 1; j >= 1 && b[j] > t; j--) b[j + 1] = b[j]; b[j + 1] = t }
        return n % 2 ? b[(n + 1) / 2] : (b[n / 2] + b[n / 2 + 1]) / 2
    }
    sep == 0 && $0 == "--" { sep = 1; next }
    sep == 0 { order[++nv] = $1; base[$1] = $2; desc[$1] = $3; next }
    { wall[$1, $2] = $3; if ($4 > rss[$1]) rss[$1] = $4; if ($5 != 0) bad[$1] = $5; if ($2 > maxr) maxr = $2 }
    END {
        printf "%-46s %8s %10s %9s %9s\n", "variant", "median s", "x Lua tap", "x base", "peak MiB"
        n = 0; for (r = 1; r <= maxr; r++) if ((("L", r) in wall)) w[++n] = wall["L", r]
        printf "%-46s %8.2f %10.3f %9s %9.0f\n", "Lua tap (bench/streamxpert.lua)", median(w, n), 1, "", rss["L"] / 1024
        for (i = 1; i <= nv; i++) {
            v = order[i]; b = (base[v] == "all") ? "all" : "def"
            n = 0; m = 0; q = 0
            for (r = 1; r <= maxr; r++) {
                if (!((v, r) in wall)) continue
                w[++n] = wall[v, r]
                if (wall["L", r] > 0) la[++m] = wall[v, r] / wall["L", r]
                if (wall[b, r] > 0) lb[++q] = wall[v, r] / wall[b, r]
            }
            printf "%-46s %8.2f %10.3f %9.3f %9.0f%s\n", desc[v], median(w, n), median(la, m), median(lb, q),
                rss[v] / 1024, (bad[v] ? "  FAILED (exit " bad[v] ")" : "")
        }
    }' | tee "$WORK/report"
    cp "$RAW" "$CACHE/last-field-cost-raw.tsv"
    cp "$WORK/report" "$CACHE/last-field-cost-report.txt"
fi
if [ "$MODE" != wall ]; then
    [ "$MODE" = both ] && say
    instr_phase
fi
