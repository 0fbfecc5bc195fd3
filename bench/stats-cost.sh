# bench/stats-cost.sh - the cost of the statistics columns (issue 13),
# sourced by bench/run.sh after its own report (it uses run_one, $SX,
# $TSHARK, $CAP, $WORK, $ROUNDS, $REPO, $QUICK and $FAKE_NS from there).
#
# stats_cost: on the bench capture, side by side in each round, the
# default columns alone and with each statistics group added (transfer,
# window, options, timing, app) and -e all; prints for each the median
# wall time and its ratio to the default run, the median tshark CPU and
# its ratio, and streamxpert's own CPU as a share of its tshark's. Then
# the memory per stream with -e all: bench/fake-tshark.sh prints one new
# stream with payload per line (every stream gets the extended and the
# statistics records), at two sizes; the slope is bytes per stream.

stats_cost() {
    local groups=(default transfer window options timing app all) g r n
    say
    say "== statistics columns (issue 13): cost of each group, -j 1, $ROUNDS rounds side by side"
    for ((r = 1; r <= ROUNDS; r++)); do
        printf 'round %d/%d:' "$r" "$ROUNDS"
        for g in "${groups[@]}"; do
            local cols=default
            [ "$g" = default ] || cols=default,$g
            [ "$g" = all ] && cols=all
            run_one "st_$g" "$r" /dev/null "$SX" --stats -j 1 --tshark "$TSHARK" -T tsv -e "$cols" "$CAP"
            printf ' %s %ss' "$g" "$(awk -F'\t' -v v="st_$g" -v r="$r" '$1 == v && $2 == r { w = $3 } END { print w }' "$RAW")"
        done
        printf '\n'
    done
    for n in "${FAKE_NS[@]}"; do
        run_one "stfake$n" 0 /dev/null env "FAKE_TSHARK_LINES=$n" \
            "$SX" --stats -j 1 --tshark "$REPO/bench/fake-tshark.sh" -T tsv -e all "$WORK/tiny.pcap"
    done
    awk -F'\t' -v ROUNDS="$ROUNDS" -v GROUPS="${groups[*]}" -v FAKE_NS="${FAKE_NS[*]}" "$AWK_MEDIAN"'
FNR == 1 { file++ }
file == 1 { if ($1 ~ /^st/) { wall[$1, $2] = $3; if ($5 != 0) bad[$1] = $5 }; next }
$1 ~ /^st/ {
    split($3, kv, " ")
    for (i in kv) { split(kv[i], p, "="); st[$1, $2, p[1]] = p[2] }
}
END {
    ng = split(GROUPS, G, " ")
    printf "%-12s %9s %10s %13s %10s %16s\n", "-e default,", "median s", "x default", "tshark CPU s", "x default", "own CPU % tshark"
    for (gi = 1; gi <= ng; gi++) {
        v = "st_" G[gi]; n = 0
        for (r = 1; r <= ROUNDS; r++) {
            if (!((v, r) in wall)) continue
            n++
            w[n] = wall[v, r]
            wr[n] = wall["st_default", r] > 0 ? wall[v, r] / wall["st_default", r] : 0
            ts = st[v, r, "tshark_user"] + st[v, r, "tshark_sys"]
            t0 = st["st_default", r, "tshark_user"] + st["st_default", r, "tshark_sys"]
            tc[n] = ts; tr[n] = t0 > 0 ? ts / t0 : 0
            sc[n] = ts > 0 ? 100 * (st[v, r, "self_user"] + st[v, r, "self_sys"]) / ts : 0
        }
        printf "%-12s %9.2f %10.3f %13.2f %10.3f %15.2f%%%s\n", (G[gi] == "all" ? "(-e all)" : G[gi]),
            median(w, n), median(wr, n), median(tc, n), median(tr, n), median(sc, n),
            (bad[v] ? "  (FAILED RUNS)" : "")
    }
    split(FAKE_NS, FN, " ")
    for (i = 1; i <= 2; i++) {
        v = "stfake" FN[i]
        fr[i] = st[v, 0, "self_maxrss_kb"]
        if (bad[v] || fr[i] == "") { printf "-e all, %d streams: FAILED\n", FN[i]; fbad = 1; continue }
        printf "-e all, bench/fake-tshark.sh, %d streams with payload: own peak RSS %.1f MiB = %.1f bytes/stream\n",
            FN[i], fr[i] / 1024, fr[i] * 1024 / FN[i]
    }
    if (!fbad) printf "   slope %d -> %d streams: %.1f bytes/stream with -e all\n", FN[1], FN[2], (fr[2] - fr[1]) * 1024 / (FN[2] - FN[1])
}' "$RAW" "$STATS" | tee -a "$WORK/report"
}
