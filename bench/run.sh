#!/usr/bin/env bash
# bench/run.sh BUILD_DIR - streamxpert's benchmark (`make bench`).
#
# Times streamxpert against a Wireshark Lua tap, the design card's
# `tshark -T fields` pipeline and tshark's dissection floor on one capture,
# checks that streamxpert's counts equal the Lua tap's, measures memory per
# stream, and prints a report with PASS/FAIL lines. See bench/README.md.
#
# Environment: BENCH_TSHARK=PATH (benchmark that tshark, any version; the
# Lua tap runs on the same one), BENCH_CAPTURE=FILE (use this capture), BENCH_ROUNDS=N
# (counted rounds, default 5; 2 with BENCH_QUICK), BENCH_QUICK=1 (smoke run:
# fewer rounds, no warm-up, no 10M-stream run), STREAMXPERT_BENCH_DIR (cache
# of generated captures), BENCH_STRICT=1 (exit 1 when a target fails),
# BENCH_PARTS="main full breakeven memory speed" (the sections to run: the
# snaplen-128 capture, the full-payload capture, the split's break-even,
# memory per stream, issue 25's ratios: bench/speed-cost.sh),
# BENCH_FULL_ROUNDS=N (rounds on the full-payload capture, default
# BENCH_ROUNDS), BENCH_SPEED_ROUNDS=N (rounds of the speed part).
#
# Exit status: 0 the benchmark ran and the counts are identical (speed and
# CPU targets are reported, not enforced, unless BENCH_STRICT=1); 1 counts
# differ, a run failed, or (strict) a target failed; 2 cannot run.
set -u -o pipefail

[ $# -eq 1 ] || { echo "usage: bench/run.sh BUILD_DIR" >&2; exit 2; }
BUILD=$1
. "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

QUICK=${BENCH_QUICK:-0}
[ "$QUICK" = 0 ] || [ "$QUICK" = 1 ] || die "BENCH_QUICK must be 0 or 1"
if [ "$QUICK" = 1 ]; then
    ROUNDS=${BENCH_ROUNDS:-2}
    WARMUP=0
else
    ROUNDS=${BENCH_ROUNDS:-5}
    WARMUP=1
fi
[[ $ROUNDS =~ ^[1-9][0-9]*$ ]] || die "BENCH_ROUNDS must be a positive number"
PARTS=" ${BENCH_PARTS:-main full breakeven memory speed} "
part() { [[ $PARTS == *" $1 "* ]]; }
if ! part main; then ROUNDS=0; WARMUP=0; fi
LUA=$REPO/bench/streamxpert.lua
RAW=$WORK/raw.tsv       # variant round wall_s peak_rss_kb exit
STATS=$WORK/stats.tsv   # variant round, then streamxpert's --stats k=v
: >"$RAW"
: >"$STATS"
T_START=$EPOCHREALTIME
FAILED=0

sx_tshark_args
sx_prune_args
choose_capture

say "== streamxpert benchmark"
machine_info
say "capture: $CAP"
say "         $CAP_HOW"
say "         $(stat -c %s "$CAP" | awk '{ printf "%.1f MB", $1 / 1e6 }'), $(capinfos -M -c "$CAP" 2>/dev/null | awk -F': *' '/Number of packets/ { print $2 }') frames"

# --------------------------------------------------------------- variants

WS=(env "WIRESHARK_CONFIG_DIR=$EMPTY_CFG" "$TSHARK")
lua_tshark
FIELDS4=(-e tcp.stream -e tcp.analysis.retransmission -e tcp.analysis.duplicate_ack
         -e tcp.analysis.out_of_order -e tcp.analysis.zero_window)
# BENCH_VARIANTS="a d f" runs only those (the Lua tap and the ratios that
# matter, for a quicker run per tshark version); BENCH_MEMORY=0 skips the
# memory-per-stream runs.
read -r -a VARIANTS <<<"${BENCH_VARIANTS:-a b c d e f}"
for v in "${VARIANTS[@]}"; do
    case $v in [a-f]) ;; *) die "BENCH_VARIANTS: unknown variant '$v' (a to f)" ;; esac
done
case " ${VARIANTS[*]} " in *" a "*) ;; *) die "BENCH_VARIANTS must include a (the Lua tap)" ;; esac
say "rounds:  $ROUNDS counted$([ "$WARMUP" = 1 ] && echo " + 1 warm-up"), in the order ${VARIANTS[*]} each round"
say

declare -A DESC=(
    [a]="a. Lua tap (bench/streamxpert.lua)"
    [b]="b. tshark -T fields, 4 flags (design card)"
    [c]="c. floor: tshark -n -q -z io,stat,0, sx prefs"
    [d]="d. streamxpert -j 1 (default columns)"
    [e]="e. streamxpert -j 1 -e all"
    [f]="f. streamxpert -j 2 (one file, 2 tsharks)"
)

run_variant() {   # run_variant V ROUND
    local v=$1 r=$2 out=/dev/null
    case $v in
    a) out=$WORK/out.a.$r
       RUN_STDIN=$CAP run_one a "$r" "$out" "${LUA_TS[@]}" -q -X "lua_script:$LUA" -r - ;;
    b) RUN_STDIN=$CAP run_one b "$r" "$out" "${WS[@]}" -r - -T fields "${FIELDS4[@]}" ;;
    c) RUN_STDIN=$CAP run_one c "$r" "$out" "${WS[@]}" -n -q -r - "${PRUNE_ARGS[@]}" -z io,stat,0 ;;
    d) out=$WORK/out.d.$r
       run_one d "$r" "$out" "$SX" --stats -j 1 --tshark "$TSHARK" -T tsv "$CAP" ;;
    e) out=$WORK/out.e.$r
       run_one e "$r" "$out" "$SX" --stats -j 1 --tshark "$TSHARK" -e all -T tsv "$CAP" ;;
    f) out=$WORK/out.f.$r
       run_one f "$r" "$out" "$SX" --stats -j 2 --tshark "$TSHARK" -T tsv "$CAP" ;;
    esac
}

# project FILE: the columns compared with the Lua tap, by header name.
project() {
    awk -F'\t' -v OFS='\t' '
        NR == 1 {
            for (i = 1; i <= NF; i++) col[$i] = i
            n = split("stream frames retransmission duplicate_ack out_of_order zero_window", want, " ")
            for (j = 1; j <= n; j++)
                if (!(want[j] in col)) { print "no column " want[j] > "/dev/stderr"; exit 1 }
        }
        { s = $(col[want[1]]); for (j = 2; j <= n; j++) s = s OFS $(col[want[j]]); print s }' "$1"
}

COUNT_ROUNDS=0
COUNT_BAD=()
check_counts() {   # check_counts ROUND
    local r=$1 v
    [ -s "$WORK/out.a.$r" ] || { COUNT_BAD+=("round $r: the Lua tap printed nothing"); return; }
    [ -s "$WORK/lua.ref" ] || cp "$WORK/out.a.$r" "$WORK/lua.ref"
    cmp -s "$WORK/out.a.$r" "$WORK/lua.ref" ||
        COUNT_BAD+=("round $r: the Lua tap's table changed between rounds")
    for v in d e f; do
        case " ${VARIANTS[*]} " in *" $v "*) ;; *) continue ;; esac
        if ! project "$WORK/out.$v.$r" >"$WORK/proj.$v" 2>/dev/null ||
           ! cmp -s "$WORK/proj.$v" "$WORK/out.a.$r"; then
            COUNT_BAD+=("round $r: ${DESC[$v]} differs from the Lua tap")
            [ -e "$WORK/first.diff" ] ||
                diff "$WORK/out.a.$r" "$WORK/proj.$v" >"$WORK/first.diff" 2>&1
        fi
    done
    COUNT_ROUNDS=$((COUNT_ROUNDS + 1))
    rm -f "$WORK/out.a.$r" "$WORK/out.d.$r" "$WORK/out.e.$r" "$WORK/out.f.$r"
}

for ((r = 1 - WARMUP; r <= ROUNDS; r++)); do
    if [ "$r" = 0 ]; then printf 'warm-up round:'; else printf 'round %d/%d:' "$r" "$ROUNDS"; fi
    for v in "${VARIANTS[@]}"; do
        run_variant "$v" "$r"
        printf ' %s %ss' "$v" "$(awk -F'\t' -v v="$v" -v r="$r" '$1 == v && $2 == r { w = $3 } END { print w }' "$RAW")"
    done
    printf '\n'
    check_counts "$r"
done
say

# ------------------------------------------- the full-payload capture (issue 15)

# Side by side in each round, on the full-payload capture: the Lua tap,
# streamxpert as tshark reads the whole frames (--no-cut, as before issue
# 15), streamxpert -j 1 and -j 2 (tshark fed the frames cut to their
# headers), the floor (tshark dissecting the same cut frames with the TCP
# analysis and nothing else to print) and tcptrace.
FULL_ROUNDS=${BENCH_FULL_ROUNDS:-$ROUNDS}
RAW2=$WORK/raw-full.tsv
: >"$RAW2"
full_part() {
    make_full || { warn "no full-payload capture: its section is left out"; return 1; }
    local cut=$CACHE/realistic-300k-full.cut.pcap r v tt=()
    # the cut copy: exactly what streamxpert -j 1 gives tshark
    if [ ! -s "$cut" ] || [ "$cut" -ot "$FULL_CAP" ]; then
        {
            echo '#!/bin/sh'
            echo 'case " $* " in *" -r - "*)'
            echo "	tee \"$cut.partial\" | \"$TSHARK\" \"\$@\"; exit \$? ;;"
            echo 'esac'
            echo "exec \"$TSHARK\" \"\$@\""
        } >"$WORK/tee-tshark"
        chmod +x "$WORK/tee-tshark"
        "$SX" -j 1 --tshark "$WORK/tee-tshark" -T tsv "$FULL_CAP" >/dev/null 2>&1 &&
            mv "$cut.partial" "$cut" || { rm -f "$cut.partial"; warn "cannot make the cut copy"; return 1; }
    fi
    command -v tcptrace >/dev/null && tt=(tcptrace -n -l -r "$FULL_CAP")
    say "full-payload capture: $FULL_CAP"
    say "         $(cat "$FULL_CAP.how" 2>/dev/null)"
    say "         $(stat -c %s "$FULL_CAP" | awk '{ printf "%.1f MB", $1 / 1e6 }'); cut copy $(stat -c %s "$cut" | awk '{ printf "%.1f MB", $1 / 1e6 }')"
    say "rounds:  $FULL_ROUNDS, in the order A N J1 J2 F T each round"
    for ((r = 1; r <= FULL_ROUNDS; r++)); do
        printf 'full round %d/%d:' "$r" "$FULL_ROUNDS"
        RAW=$RAW2 run_one A "$r" "$WORK/full.A.$r" "${WS[@]}" -q -X "lua_script:$LUA" -r "$FULL_CAP"
        RAW=$RAW2 run_one N "$r" "$WORK/full.N.$r" "$SX" --stats --no-cut -j 1 --tshark "$TSHARK" -T tsv "$FULL_CAP"
        RAW=$RAW2 run_one J1 "$r" "$WORK/full.J1.$r" "$SX" --stats -j 1 --tshark "$TSHARK" -T tsv "$FULL_CAP"
        RAW=$RAW2 run_one J2 "$r" "$WORK/full.J2.$r" "$SX" --stats -j 2 --tshark "$TSHARK" -T tsv "$FULL_CAP"
        RAW=$RAW2 run_one F "$r" /dev/null "${WS[@]}" -n -q -r "$cut" "${PRUNE_ARGS[@]}" -Y tcp.analysis.flags
        [ ${#tt[@]} -gt 0 ] && RAW=$RAW2 run_one T "$r" /dev/null "${tt[@]}"
        for v in A N J1 J2 F T; do
            printf ' %s %ss' "$v" "$(awk -F'\t' -v v="$v" -v r="$r" '$1 == v && $2 == r { w = $3 } END { print w }' "$RAW2")"
        done
        printf '\n'
        # the same report with and without the cut, -j 1 and -j 2, and
        # the Lua tap's counts
        for v in J1 J2; do
            cmp -s "$WORK/full.N.$r" "$WORK/full.$v.$r" ||
                COUNT_BAD+=("full round $r: streamxpert $v differs from --no-cut")
        done
        project "$WORK/full.N.$r" >"$WORK/proj.N" 2>/dev/null && cmp -s "$WORK/proj.N" "$WORK/full.A.$r" ||
            COUNT_BAD+=("full round $r: streamxpert --no-cut differs from the Lua tap")
        rm -f "$WORK/full.A.$r" "$WORK/full.N.$r" "$WORK/full.J1.$r" "$WORK/full.J2.$r"
    done
    say
}

# The split's break-even: -j 1 against -j 2 forced (STREAMXPERT_SPLIT_FRAMES
# =1) on the first N frames of the full-payload capture.
BE_NS=(2000 10000 25000 50000 100000)
RAW3=$WORK/raw-breakeven.tsv
: >"$RAW3"
breakeven_part() {
    [ -s "$FULL_CAP" ] || return 1
    local n r f
    say "measuring the split's break-even (-j 1 and -j 2 forced, 3 rounds each, alternating) ..."
    for n in "${BE_NS[@]}"; do
        f=$CACHE/realistic-300k-full.first$n.pcap
        [ -s "$f" ] || editcap -r "$FULL_CAP" "$f" "1-$n" >/dev/null 2>&1 || { warn "editcap failed"; return 1; }
        for r in 1 2 3; do
            RAW=$RAW3 run_one "j1-$n" "$r" /dev/null "$SX" -j 1 --tshark "$TSHARK" -T tsv "$f"
            RAW=$RAW3 STREAMXPERT_SPLIT_FRAMES=1 run_one "j2-$n" "$r" /dev/null \
                env STREAMXPERT_SPLIT_FRAMES=1 "$SX" -j 2 --tshark "$TSHARK" -T tsv "$f"
        done
    done
}

full_report() {
    [ -s "$RAW2" ] || return 0
    awk -F'\t' -v ROUNDS="$FULL_ROUNDS" -v BE_NS="${BE_NS[*]}" "$AWK_MEDIAN"'
FNR == 1 { file++ }
file == 1 { wall[$1, $2] = $3; rss[$1, $2] = $4; if ($5 != 0) bad[$1] = 1; next }   # raw-full
file == 2 {                                                                  # stats
    if ($1 !~ /^(N|J1|J2)$/) next
    split($3, kv, " ")
    for (i in kv) { split(kv[i], p, "="); st[$1, $2, p[1]] = p[2] }
    next
}
{ bw[$1, $2] = $3 }                                                          # raw-breakeven
END {
    d["A"] = "A. Lua tap (bench/streamxpert.lua)"
    d["N"] = "N. streamxpert -j 1 --no-cut (whole frames)"
    d["J1"] = "J1. streamxpert -j 1 (cut frames)"
    d["J2"] = "J2. streamxpert -j 2 (cut frames)"
    d["F"] = "F. floor: tshark -q -Y tcp.analysis.flags, cut copy"
    d["T"] = "T. tcptrace -n -l -r (no Wireshark verdicts)"
    split("A N J1 J2 F T", V, " ")
    print "full-payload capture, side by side in each round:"
    printf "%-52s %9s %10s %9s %15s\n", "variant", "median s", "x Lua tap", "x floor", "tshark peak MiB"
    for (vi = 1; vi <= 6; vi++) {
        v = V[vi]; n = m = q = 0
        for (r = 1; r <= ROUNDS; r++) {
            if (!((v, r) in wall)) continue
            w[++n] = wall[v, r]
            if (wall["A", r] > 0) la[++m] = wall[v, r] / wall["A", r]
            if (wall["F", r] > 0) fl[++q] = wall[v, r] / wall["F", r]
            if ((v, r, "tshark_maxrss_kb") in st) tr[n] = st[v, r, "tshark_maxrss_kb"]
            else tr[n] = rss[v, r]
            if ((v, r, "self_user") in st) {
                sc = st[v, r, "self_user"] + st[v, r, "self_sys"]
                tc = st[v, r, "tshark_user"] + st[v, r, "tshark_sys"]
                pc[n] = tc > 0 ? 100 * sc / tc : -1
            }
        }
        if (n == 0) continue
        med[v] = median(w, n); rl[v] = median(la, m); rf[v] = median(fl, q); mr[v] = median(tr, n) / 1024
        if (v ~ /^(N|J1|J2)$/) cpu[v] = median(pc, n)
        printf "%-52s %9.2f %10.3f %9.2f %15.0f%s\n", d[v], med[v], rl[v], rf[v], mr[v], bad[v] ? "  (FAILED RUNS)" : ""
        delete w; delete la; delete fl; delete tr; delete pc
    }
    for (v in cpu) printf "   own CPU %s: %.2f%% of its tshark\x27s\n", v, cpu[v]
    print ""
    n = split(BE_NS, BN, " ")
    if (n > 0 && (("j1-" BN[1]), 1) in bw) {
        print "the split'"'"'s break-even (first N frames of the full-payload capture; median of 3):"
        printf "   %9s %9s %9s %9s\n", "frames", "-j 1 s", "-j 2 s", "-j2/-j1"
        for (i = 1; i <= n; i++) {
            for (r = 1; r <= 3; r++) { a1[r] = bw["j1-" BN[i], r]; a2[r] = bw["j2-" BN[i], r] }
            x = median(a1, 3); y = median(a2, 3)
            printf "   %9d %9.2f %9.2f %9.2f\n", BN[i], x, y, (x > 0 ? y / x : -1)
            if (!found && x > 0 && y < x) { found = BN[i] }
        }
        if (found) printf "   -j 2 is faster from about %d frames on (streamxpert gives each tshark of a split at least 50000 frames: split.c SPLIT_FRAMES)\n", found
        else print "   -j 2 was not faster at any of these sizes"
        print ""
    }
    print "targets (full payload, ratios to the Lua tap):"
    printf "%s speed: -j 1 = %.3f x the Lua tap (target <= 0.45)\n", (rl["J1"] > 0 && rl["J1"] <= 0.45 ? "PASS" : "FAIL"), rl["J1"]
    printf "%s speed: -j 2 = %.3f x the Lua tap (target <= 0.25)\n", (rl["J2"] > 0 && rl["J2"] <= 0.25 ? "PASS" : "FAIL"), rl["J2"]
    printf "%s floor: -j 1 = %.2f x the header-only floor (target <= 1.15)\n", (rf["J1"] > 0 && rf["J1"] <= 1.15 ? "PASS" : "FAIL"), rf["J1"]
    printf "%s memory: tshark peak %.0f MiB with the cut, %.0f MiB on whole frames: %.0f%% lower (target >= 30%%)\n",
        (mr["N"] > 0 && mr["J1"] <= 0.70 * mr["N"] ? "PASS" : "FAIL"), mr["J1"], mr["N"], (mr["N"] > 0 ? 100 * (1 - mr["J1"] / mr["N"]) : 0)
    printf "%s own CPU: -j 1 = %.2f%% of its tshark'"'"'s, reading and cutting included (target < 5%%)\n",
        ((("J1") in cpu) && cpu["J1"] >= 0 && cpu["J1"] < 5 ? "PASS" : "FAIL"), cpu["J1"]
}' "$RAW2" "$STATS" "$RAW3" | tee -a "$WORK/report"
}

part full && full_part
part breakeven && breakeven_part

# --------------------------------------------------------- memory per stream

if part memory; then
[ "${BENCH_MEMORY:-1}" = 0 ] && MEM_NS=() || MEM_NS=(10000 100000 1000000)
[ ${#MEM_NS[@]} -gt 0 ] && say "measuring memory per stream ..."
for n in "${MEM_NS[@]}"; do
    f=$(make_syn "$n")
    run_one "syn$n" 0 /dev/null "$SX" --stats -j 1 --tshark "$TSHARK" -T tsv "$f"
done
if [ "$QUICK" = 1 ]; then FAKE_NS=(100000 1000000); else FAKE_NS=(1000000 10000000); fi
[ ${#MEM_NS[@]} -gt 0 ] || FAKE_NS=()
# build/fake_tshark prints a fixed set of fields; when streamxpert asks for
# others it fails, and bench/fake-tshark.sh (which prints what is asked) is
# used instead, so that the figures do not depend on the test tool.
fake_ok() {
    FAKE_TSHARK_MODE=many-streams FAKE_TSHARK_LINES=10 \
        "$SX" --tshark "$1" -T tsv "$WORK/tiny.pcap" >/dev/null 2>"$WORK/fake.err"
}
if [ ! -x "$FAKE" ] || ! fake_ok "$FAKE"; then
    warn "$FAKE is missing or does not print the fields streamxpert asks for" \
         "($(grep -v '^Running' "$WORK/fake.err" 2>/dev/null | head -1)); using bench/fake-tshark.sh"
    FAKE=$REPO/bench/fake-tshark.sh
    fake_ok "$FAKE" || warn "bench/fake-tshark.sh fails too: $(head -1 "$WORK/fake.err")"
fi
for n in "${FAKE_NS[@]}"; do
    run_one "fake$n" 0 /dev/null env FAKE_TSHARK_MODE=many-streams \
        "FAKE_TSHARK_LINES=$n" "$SX" --stats -j 1 --tshark "$FAKE" -T tsv "$WORK/tiny.pcap"
done
fi

# ----------------------------------------------------------------- report

# the main and memory parts' report, when one of them ran (else their
# empty figures would read as FAILs)
: >"$WORK/report"
if part main || part memory; then
awk -F'\t' -v ROUNDS="$ROUNDS" -v FAKE_NS="${FAKE_NS[*]}" -v FAKE="${FAKE#"$REPO"/}" \
    -v DA="${DESC[a]}" -v DB="${DESC[b]}" -v DC="${DESC[c]}" -v DD="${DESC[d]}" -v DE="${DESC[e]}" -v DF="${DESC[f]}" \
    -v COUNT_OK="$([ ${#COUNT_BAD[@]} -eq 0 ] && echo 1 || echo 0)" -v COUNT_ROUNDS="$COUNT_ROUNDS" "$AWK_MEDIAN"'
function mib(kb) { return kb / 1024 }
FNR == 1 { file++ }
file == 1 {                      # raw.tsv: v round wall rss exit
    if ($5 != 0) { bad[$1] = $5; anybad = 1 }
    if ($2 == 0 && $1 ~ /^[a-f]$/) next
    wall[$1, $2] = $3; rss[$1] = rss[$1] > $4 ? rss[$1] : $4; rnds[$1]++; cpu[$1, $2] = $6
    next
}
{                                # stats.tsv: v round "k=v k=v ..."
    split($3, kv, " ")
    for (i in kv) { split(kv[i], p, "="); st[$1, $2, p[1]] = p[2] }
    if ($1 ~ /^[a-f]$/ && $2 > 0) {
        cpu_self = st[$1, $2, "self_user"] + st[$1, $2, "self_sys"]
        cpu_ts = st[$1, $2, "tshark_user"] + st[$1, $2, "tshark_sys"]
        k = ++ns[$1]
        selfcpu[$1, k] = cpu_self; tscpu[$1, k] = cpu_ts
        pct[$1, k] = cpu_ts > 0 ? 100 * cpu_self / cpu_ts : -1
        selfrss[$1, k] = st[$1, $2, "self_maxrss_kb"]; tsrss[$1, k] = st[$1, $2, "tshark_maxrss_kb"]
        frames[$1] = st[$1, $2, "frames"]; streams[$1] = st[$1, $2, "streams"]
    }
}
END {
    desc["a"] = DA; desc["b"] = DB; desc["c"] = DC; desc["d"] = DD; desc["e"] = DE; desc["f"] = DF
    printf "%-47s %9s %11s %13s %9s %9s %9s\n", "variant", "median s", "x Lua tap", "[min-max]", "x floor", "peak MiB", "x Lua CPU"
    for (vi = 1; vi <= 6; vi++) {
        v = substr("abcdef", vi, 1)
        n = 0; m = 0; q = 0; o = 0
        for (r = 1; r <= ROUNDS; r++) {
            if (!((v, r) in wall)) continue
            w[++n] = wall[v, r]
            if (wall["a", r] > 0) la[++m] = wall[v, r] / wall["a", r]
            if (wall["c", r] > 0) fl[++q] = wall[v, r] / wall["c", r]
            if (cpu["a", r] > 0) lc[++o] = cpu[v, r] / cpu["a", r]
        }
        rc[v] = median(lc, o)
        med[v] = median(w, n); rl[v] = median(la, m); rf[v] = median(fl, q)
        lo = hi = la[1]; for (k = 2; k <= m; k++) { if (la[k] < lo) lo = la[k]; if (la[k] > hi) hi = la[k] }
        printf "%-47s %9.2f %11.3f %13s %9.2f %9.0f %9.3f%s\n", desc[v], med[v], rl[v],
            sprintf("[%.2f-%.2f]", lo, hi), rf[v], mib(rss[v]), rc[v],
            (bad[v] ? "  (FAILED RUNS)" : "")
    }
    print ""
    for (vi = 4; vi <= 6; vi++) {
        v = substr("abcdef", vi, 1)
        n = ns[v]
        if (n == 0) { printf "%s: no --stats line\n", desc[v]; continue }
        for (k = 1; k <= n; k++) { a1[k] = pct[v, k]; a2[k] = selfcpu[v, k]; a3[k] = tscpu[v, k]; a4[k] = selfrss[v, k]; a5[k] = tsrss[v, k] }
        p[v] = median(a1, n); median_tsrss[v] = median(a5, n)
        printf "%s: %s frames, %s streams, %.0f frames/s;\n", desc[v], frames[v], streams[v], (med[v] > 0 ? frames[v] / med[v] : 0)
        printf "   own CPU %.3f s = %.2f%% of its tshark'"'"'s %.2f s; own peak RSS %.1f MiB (tshark %.0f MiB)\n",
            median(a2, n), p[v], median(a3, n), mib(median(a4, n)), mib(median(a5, n))
    }
    print ""
    print "memory per stream (mkcap syn-only N: one SYN per stream):"
    printf "   %9s %14s %15s %9s %11s\n", "streams", "own peak KiB", "tshark peak MiB", "wall s", "own CPU s"
    split("10000 100000 1000000", SN, " ")
    for (i = 1; i <= 3; i++) {
        v = "syn" SN[i]
        if (bad[v]) { printf "   %9s  FAILED (exit status %s)\n", SN[i], bad[v]; continue }
        if (!((v, 0, "self_maxrss_kb") in st)) { printf "   %9s  (no --stats line)\n", SN[i]; continue }
        sr[i] = st[v, 0, "self_maxrss_kb"]
        printf "   %9s %14d %15.0f %9.2f %11.3f\n", SN[i], sr[i], mib(st[v, 0, "tshark_maxrss_kb"]),
            st[v, 0, "wall"], st[v, 0, "self_user"] + st[v, 0, "self_sys"]
    }
    if (3 in sr && 2 in sr) printf "   slope 100k -> 1M: %.1f bytes/stream", (sr[3] - sr[2]) * 1024 / 900000
    if (2 in sr && 1 in sr) printf " (10k -> 100k: %.1f)", (sr[2] - sr[1]) * 1024 / 90000
    print ""
    split(FAKE_NS, FN, " ")
    for (i = 1; i <= 2; i++) {
        if (!(i in FN)) continue
        v = "fake" FN[i]
        if (bad[v]) { printf "%s, %d streams: FAILED (exit status %s)\n", FAKE, FN[i], bad[v]; fakebad = 1; continue }
        if (!((v, 0, "self_maxrss_kb") in st)) { printf "%s, %d streams: no --stats line (see above)\n", FAKE, FN[i]; fakebad = 1; continue }
        fr[i] = st[v, 0, "self_maxrss_kb"]; fc[i] = st[v, 0, "self_user"] + st[v, 0, "self_sys"]
        printf "%s, %d streams (one line each): own peak RSS %.1f MiB = %.1f bytes/stream; own CPU %.2f s = %.0f ns/line; %s streams reported\n",
            FAKE, FN[i], mib(fr[i]), fr[i] * 1024 / FN[i], fc[i], 1e9 * fc[i] / FN[i], st[v, 0, "streams"]
    }
    if (!fakebad && fr[2] > 0) printf "   slope %d -> %d streams: %.1f bytes/stream\n", FN[1], FN[2], (fr[2] - fr[1]) * 1024 / (FN[2] - FN[1])
    print ""
    print "targets:"
    printf "%s speed: streamxpert (default columns) = %.3f x the Lua tap'"'"'s wall time (target <= 0.55)\n",
        ((rl["d"] > 0 && rl["d"] <= 0.55) ? "PASS" : "FAIL"), rl["d"]
    printf "%s own CPU: streamxpert (default columns) = %.2f%% of its tshark'"'"'s CPU (target <= 3%%)\n",
        ((ns["d"] > 0 && p["d"] >= 0 && p["d"] <= 3) ? "PASS" : "FAIL"), (ns["d"] > 0 ? p["d"] : -1)
    printf "%s speed: streamxpert -j 2 = %.3f x the Lua tap'"'"'s wall time (target <= 0.33 on 2 cores); %.3f x -j 1; tshark peak %.0f MiB per process (-j 1: %.0f MiB)\n",
        ((rl["f"] > 0 && rl["f"] <= 0.33) ? "PASS" : "FAIL"), rl["f"], (med["d"] > 0 ? med["f"] / med["d"] : -1),
        (ns["f"] > 0 ? mib(median_tsrss["f"]) : -1), (ns["d"] > 0 ? mib(median_tsrss["d"]) : -1)
    printf "%s counts: streamxpert (default, -e all and -j 2) identical to the Lua tap per stream (%d rounds, %s streams)\n",
        ((COUNT_OK && COUNT_ROUNDS > 0) ? "PASS" : "FAIL"), COUNT_ROUNDS, streams["d"]
    if (anybad) print "FAIL some runs exited with a non-zero status (see above)"
}' "$RAW" "$STATS" | tee "$WORK/report"
say
fi
full_report

# issue 25: frames kept back, .pcap.gz, the own path (bench/speed-cost.sh)
. "$REPO/bench/speed-cost.sh"
if part speed; then
    say
    speed_part && speed_report
fi

# the statistics columns (issue 13): each group's cost, bytes/stream
. "$REPO/bench/stats-cost.sh"
part main && stats_cost

for m in "${COUNT_BAD[@]}"; do warn "$m"; done
if [ -s "$WORK/first.diff" ]; then
    warn "first difference (< Lua tap, > streamxpert):"
    head -10 "$WORK/first.diff" >&2
fi
grep -q '^FAIL counts\|^FAIL some' "$WORK/report" && FAILED=1
[ "${BENCH_STRICT:-0}" = 1 ] && grep -q '^FAIL' "$WORK/report" && FAILED=1
if [ -s "$RAW" ]; then   # the main part ran: keep its figures
    cp "$RAW" "$CACHE/last-run-raw.tsv"
    cp "$STATS" "$CACHE/last-run-stats.tsv"
fi
cp "$WORK/report" "$CACHE/last-run-report.txt"
say
say "total $(awk -v a="$T_START" -v b="$EPOCHREALTIME" 'BEGIN { printf "%.0f", b - a }') s; raw timings in $CACHE/last-run-raw.tsv"
exit "$FAILED"
