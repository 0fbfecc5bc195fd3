# shellcheck shell=bash
# bench/speed-cost.sh - sourced by bench/run.sh (BENCH_PARTS "speed"):
# issue 25's ratios side by side in each round, on the bench capture
# ($CAP):
#   M0/M1  the mixed capture (mkcap add-udp: a DNS, NTP or mDNS datagram
#          after every frame, half the frames without TCP), every frame
#          given to tshark (STREAMXPERT_WITHHOLD=0) and the default (the
#          datagrams kept back), -j 1 and -j 2;
#   Q0/Q1  the same with QUIC datagrams (mkcap add-quic: UDP port 443,
#          Initials then short headers), -j 1 and -j 2;
#   P/Z    the capture plain and gzip-compressed (.pcap.gz, read through
#          gzip -dc), -j 1 and -j 2;
#   O1/O2  streamxpert's own path with build/fake_tshark reading what it is
#          given (FAKE_TSHARK_MODE=pcap): frames and bytes per second of
#          streamxpert's own CPU time (read, cut, route to the parts, parse
#          the lines, merge), -j 1 and -j 2 (split forced).
# Bench results are reported, never asserted (BENCH_STRICT=1 makes a FAIL
# the exit status).

SPEED_ROUNDS=${BENCH_SPEED_ROUNDS:-$ROUNDS}
[ "$SPEED_ROUNDS" -gt 0 ] 2>/dev/null || SPEED_ROUNDS=3
RAW4=$WORK/raw-speed.tsv
STATS4=$WORK/stats-speed.tsv
: >"$RAW4"
: >"$STATS4"

speed_part() {
    local mixed=$CACHE/$(basename "$CAP" .pcap)-mixed.pcap gz=$CACHE/$(basename "$CAP").gz r v
    local quic=$CACHE/$(basename "$CAP" .pcap)-mixed-quic.pcap
    if [ ! -s "$mixed" ] || [ "$mixed" -ot "$CAP" ]; then
        "$MKCAP" add-udp "$CAP" "$mixed.partial" && mv "$mixed.partial" "$mixed" ||
            { rm -f "$mixed.partial"; warn "mkcap add-udp failed"; return 1; }
    fi
    if [ ! -s "$quic" ] || [ "$quic" -ot "$CAP" ] || [ "$quic" -ot "$MKCAP" ]; then
        "$MKCAP" add-quic "$CAP" "$quic.partial" && mv "$quic.partial" "$quic" ||
            { rm -f "$quic.partial"; warn "mkcap add-quic failed"; return 1; }
    fi
    if [ ! -s "$gz" ] || [ "$gz" -ot "$CAP" ]; then
        gzip -c "$CAP" >"$gz.partial" && mv "$gz.partial" "$gz" ||
            { rm -f "$gz.partial"; warn "gzip failed"; return 1; }
    fi
    SPEED_FRAMES=$(capinfos -M -c "$CAP" 2>/dev/null | awk -F': *' '/Number of packets/ { print $2 }')
    SPEED_BYTES=$(stat -c %s "$CAP")
    say "issue 25 (speed): $SPEED_ROUNDS rounds, in the order M0 M1 M0j2 M1j2 Q0 Q1 Q0j2 Q1j2 P1 Z1 P2 Z2 O1 O2 each round"
    say "         mixed: $mixed ($(capinfos -M -c "$mixed" 2>/dev/null | awk -F': *' '/Number of packets/ { print $2 }') frames)"
    say "         QUIC:  $quic ($(capinfos -M -c "$quic" 2>/dev/null | awk -F': *' '/Number of packets/ { print $2 }') frames)"
    say "         gzip:  $gz ($(stat -c %s "$gz" | awk '{ printf "%.1f MB", $1 / 1e6 }'))"
    say "         load average at the start: $(cut -d' ' -f1-3 /proc/loadavg)"
    local sx=("$SX" --stats --tshark "$TSHARK" -T tsv)
    for ((r = 1; r <= SPEED_ROUNDS; r++)); do
        printf 'speed round %d/%d:' "$r" "$SPEED_ROUNDS"
        RAW=$RAW4 STATS=$STATS4 run_one M0 "$r" /dev/null env STREAMXPERT_WITHHOLD=0 "${sx[@]}" -j 1 "$mixed"
        RAW=$RAW4 STATS=$STATS4 run_one M1 "$r" /dev/null "${sx[@]}" -j 1 "$mixed"
        RAW=$RAW4 STATS=$STATS4 run_one M0j2 "$r" /dev/null env STREAMXPERT_WITHHOLD=0 "${sx[@]}" -j 2 "$mixed"
        RAW=$RAW4 STATS=$STATS4 run_one M1j2 "$r" /dev/null "${sx[@]}" -j 2 "$mixed"
        RAW=$RAW4 STATS=$STATS4 run_one Q0 "$r" /dev/null env STREAMXPERT_WITHHOLD=0 "${sx[@]}" -j 1 "$quic"
        RAW=$RAW4 STATS=$STATS4 run_one Q1 "$r" /dev/null "${sx[@]}" -j 1 "$quic"
        RAW=$RAW4 STATS=$STATS4 run_one Q0j2 "$r" /dev/null env STREAMXPERT_WITHHOLD=0 "${sx[@]}" -j 2 "$quic"
        RAW=$RAW4 STATS=$STATS4 run_one Q1j2 "$r" /dev/null "${sx[@]}" -j 2 "$quic"
        RAW=$RAW4 STATS=$STATS4 run_one P1 "$r" /dev/null "${sx[@]}" -j 1 "$CAP"
        RAW=$RAW4 STATS=$STATS4 run_one Z1 "$r" /dev/null "${sx[@]}" -j 1 "$gz"
        RAW=$RAW4 STATS=$STATS4 run_one P2 "$r" /dev/null "${sx[@]}" -j 2 "$CAP"
        RAW=$RAW4 STATS=$STATS4 run_one Z2 "$r" /dev/null "${sx[@]}" -j 2 "$gz"
        RAW=$RAW4 STATS=$STATS4 run_one O1 "$r" /dev/null env FAKE_TSHARK_MODE=pcap \
            "$SX" --stats --tshark "$FAKE" -T tsv -j 1 "$CAP"
        RAW=$RAW4 STATS=$STATS4 run_one O2 "$r" /dev/null env FAKE_TSHARK_MODE=pcap \
            STREAMXPERT_SPLIT_FRAMES=1 "$SX" --stats --tshark "$FAKE" -T tsv -j 2 "$CAP"
        for v in M0 M1 M0j2 M1j2 Q0 Q1 Q0j2 Q1j2 P1 Z1 P2 Z2 O1 O2; do
            printf ' %s %ss' "$v" "$(awk -F'\t' -v v="$v" -v r="$r" '$1 == v && $2 == r { w = $3 } END { print w }' "$RAW4")"
        done
        printf '\n'
    done
    say "         load average at the end: $(cut -d' ' -f1-3 /proc/loadavg)"
}

speed_report() {
    [ -s "$RAW4" ] || return 0
    awk -F'\t' -v ROUNDS="$SPEED_ROUNDS" -v FRAMES="$SPEED_FRAMES" -v BYTES="$SPEED_BYTES" "$AWK_MEDIAN"'
function ratio(x, y,    r, n) {   # median over rounds of x / y
    n = 0
    for (r = 1; r <= ROUNDS; r++)
        if (wall[y, r] > 0 && (x, r) in wall) q[++n] = wall[x, r] / wall[y, r]
    v = median(q, n); delete q; return v
}
function cratio(x, y,    r, n) {  # the same in CPU time
    n = 0
    for (r = 1; r <= ROUNDS; r++)
        if (tot[y, r] > 0 && tot[x, r] > 0) q[++n] = tot[x, r] / tot[y, r]
    v = median(q, n); delete q; return v
}
FNR == 1 { file++ }
file == 1 { wall[$1, $2] = $3; if ($5 != 0) bad[$1] = 1; next }
{
    split($3, kv, " ")
    for (i in kv) { split(kv[i], p, "="); st[$1, $2, p[1]] = p[2] }
}
END {
    split("M0 M1 M0j2 M1j2 Q0 Q1 Q0j2 Q1j2 P1 Z1 P2 Z2 O1 O2", V, " ")
    d["M0"] = "M0. mixed, every frame given, -j 1"; d["M1"] = "M1. mixed, datagrams kept back, -j 1"
    d["M0j2"] = "M0j2. mixed, every frame given, -j 2"; d["M1j2"] = "M1j2. mixed, kept back, -j 2"
    d["Q0"] = "Q0. QUIC mixed, every frame given, -j 1"; d["Q1"] = "Q1. QUIC mixed, kept back, -j 1"
    d["Q0j2"] = "Q0j2. QUIC mixed, every frame given, -j 2"; d["Q1j2"] = "Q1j2. QUIC mixed, kept back, -j 2"
    d["P1"] = "P1. plain .pcap, -j 1"; d["Z1"] = "Z1. .pcap.gz through gzip -dc, -j 1"
    d["P2"] = "P2. plain .pcap, -j 2"; d["Z2"] = "Z2. .pcap.gz through gzip -dc, -j 2"
    d["O1"] = "O1. own path, fake tshark, -j 1"; d["O2"] = "O2. own path, fake tshark, -j 2"
    printf "%-44s %9s %12s %14s %14s\n", "variant", "median s", "own CPU s", "own frames/s", "own MB/s"
    for (vi = 1; vi <= 14; vi++) {
        v = V[vi]; n = 0
        for (r = 1; r <= ROUNDS; r++) {
            if (!((v, r) in wall)) continue
            w[++n] = wall[v, r]
            c[n] = st[v, r, "self_user"] + st[v, r, "self_sys"]
        }
        if (n == 0) continue
        med[v] = median(w, n); cpu[v] = median(c, n)
        for (r = 1; r <= ROUNDS; r++)
            tot[v, r] = st[v, r, "self_user"] + st[v, r, "self_sys"] + st[v, r, "tshark_user"] + st[v, r, "tshark_sys"]
        printf "%-44s %9.2f %12.3f %14.0f %14.1f%s\n", d[v], med[v], cpu[v],
            (cpu[v] > 0 ? FRAMES / cpu[v] : 0), (cpu[v] > 0 ? BYTES / cpu[v] / 1e6 : 0),
            bad[v] ? "  (FAILED RUNS)" : ""
        delete w; delete c
    }
    print "   (own frames/s and MB/s: the capture'"'"'s frames and bytes over streamxpert'"'"'s own user+sys CPU time;"
    print "    for M0..Q1j2 the mixed captures have twice the frames of the others)"
    m1 = ratio("M1", "M0"); m2 = ratio("M1j2", "M0j2"); z1 = ratio("Z1", "P1"); z2 = ratio("Z2", "P2")
    q1 = ratio("Q1", "Q0"); q2 = ratio("Q1j2", "Q0j2")
    print ""
    print "the same pairs in CPU time (streamxpert and its tsharks, user + sys; steadier than wall time on a busy machine):"
    printf "   M1/M0 %.3f, M1j2/M0j2 %.3f, Q1/Q0 %.3f, Q1j2/Q0j2 %.3f, Z1/P1 %.3f, Z2/P2 %.3f (the gzip -dc child is not counted in Z)\n",
        cratio("M1", "M0"), cratio("M1j2", "M0j2"), cratio("Q1", "Q0"), cratio("Q1j2", "Q0j2"), cratio("Z1", "P1"), cratio("Z2", "P2")
    print ""
    print "targets (issue 25; ratios: median over rounds of the pair in the same round):"
    printf "%s mixed capture: kept back / every frame given = %.3f at -j 1, %.3f at -j 2 (target <= 0.6)\n",
        (m1 > 0 && m1 <= 0.6 ? "PASS" : "FAIL"), m1, m2
    printf "%s QUIC mixed capture: kept back / every frame given = %.3f at -j 1, %.3f at -j 2 (target <= 0.6)\n",
        (q1 > 0 && q1 <= 0.6 ? "PASS" : "FAIL"), q1, q2
    printf "%s .pcap.gz / .pcap = %.3f at -j 1 (target <= 1.15)\n", (z1 > 0 && z1 <= 1.15 ? "PASS" : "FAIL"), z1
    printf "%s .pcap.gz / .pcap = %.3f at -j 2 (target <= 1.15)\n", (z2 > 0 && z2 <= 1.15 ? "PASS" : "FAIL"), z2
    o1 = cpu["O1"] > 0 ? FRAMES / cpu["O1"] : 0; o2 = cpu["O2"] > 0 ? FRAMES / cpu["O2"] : 0
    printf "%s own path: %.2f M frames/s at -j 1, %.2f M frames/s at -j 2 (split: read twice, routed, merged) on one core (target >= 3)\n",
        (o2 >= 3e6 ? "PASS" : "FAIL"), o1 / 1e6, o2 / 1e6
}' "$RAW4" "$STATS4" | tee -a "$WORK/report"
    cp "$RAW4" "$CACHE/last-run-speed-raw.tsv"
    cp "$STATS4" "$CACHE/last-run-speed-stats.tsv"
}
