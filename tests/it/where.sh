#!/bin/bash
# where.sh - the table's headers as column names and "did you mean";
# --where (repeated, &&) against an awk filter of the unfiltered TSV;
# --fail-if with && and scoped by --where; the sort column always shown;
# --summary with -e, --sort, --top, --where and its eight-column table;
# the table's units converted back to the TSV's exact numbers.
# Runs alone as tests/it/where.sh [BUILD_DIR] or tests/run.sh where.
. "$(dirname "$0")/../lib.sh"

M=testdata/many-streams.pcap
R=testdata/retransmission.pcap
# the captures of the filter and unit checks: crafted ones, and public
# ones when present (SX_SUBSET's among them): hundreds of streams, a
# stream of 31 days, durations past a minute, loss, damage
CAPTURES=()
for n in many-streams retransmission bulk-transfer idle-gap truncated \
    demo diag-zero-window; do
	CAPTURES+=("testdata/$n.pcap")
done
for n in fix2-dup-ack-storm.pcap ftp-crack-many-streams.pcap \
    ldap-11-interfaces-mixed-linktype.pcapng http-206-zero-window-ooo.pcap \
    http-fault-post-truncated.pcap socks-stream-index-gap.pcap \
    email-troubles-lost-segments.pcap kakaotalk-chat-sll.pcap; do
	[ -f "$CAPS/$n" ] && in_subset "$CAPS/$n" && CAPTURES+=("$CAPS/$n")
done
# the captures of the summary checks
SUMCAPS=(testdata/many-streams.pcap testdata/retransmission.pcap
    testdata/rst.pcap testdata/truncated.pcap testdata/no-tcp.pcap
    testdata/reused-ports.pcap testdata/diag-loss-both.pcap
    testdata/handshake-close.pcap testdata/demo.pcap)

section "headers name columns; did you mean"
for s in "" --summary; do
	"$SX" --list-columns $s >"$T/list"
	names=$(cut -f1 "$T/list" | paste -sd,)
	heads=$(cut -f2 "$T/list" | paste -sd,)
	run "$T/h.tsv" "$T/h.err" $s -T tsv -e "$heads" "$M"
	check "${s:-stream report}: -e with every table header gives every column by name (rc $rc)" \
	    test "$rc" = 0 -a "$(head -1 "$T/h.tsv" | tr '\t' ,)" = "$names"
done
"$SX" -T tsv -e retransmission,duplicate_ack --sort retransmission "$R" >"$T/byname" 2>/dev/null
run "$T/byhead" "$T/err" -T tsv -e retrans,dupack --sort retrans "$R"
check "-e retrans,dupack --sort retrans is -e retransmission,duplicate_ack --sort retransmission" \
    cmp -s "$T/byname" "$T/byhead"
run "$T/out" "$T/err" -e retrnas "$M"
check "an unknown column: exit 2, nothing on stdout, did you mean (rc $rc)" \
    test "$rc" = 2 -a ! -s "$T/out" -a \
    "$(head -1 "$T/err")" = "streamxpert: unknown column 'retrnas': did you mean retrans? (--list-columns shows them all)"
run "$T/out" "$T/err" --sort dupak "$M"
check "--sort dupak: did you mean dupack?" grep -q "did you mean dupack?" "$T/err"
run "$T/out" "$T/err" --where 'datasegment>3' "$M"
check "--where datasegment: did you mean datasegs or data_segments?" \
    grep -q "no column 'datasegment': did you mean data_segments" "$T/err"
run "$T/out" "$T/err" -e worst_stream "$M"
check "a summary column without --summary says so" \
    grep -q "'worst_stream': it is a --summary column" "$T/err"
run "$T/out" "$T/err" --summary -e status "$M"
check "--summary -e status works (rc $rc)" test "$rc" = 0 -a "$(head -1 "$T/out" | tr -s ' ')" = "file status"

section "--where against an awk filter of the unfiltered rows"
# the awk filter: values absent in TSV (empty) never pass
COLS=stream,data_segments,retransmission,retrans_rate,duration,rtt_avg
for f in "${CAPTURES[@]}"; do
	n=$(basename "$f")
	"$SX" -T tsv --no-header -e "$COLS" "$f" >"$T/all" 2>/dev/null
	base_rc=$?   # 3 for a damaged capture
	awk -F'\t' '$2 >= 3 && $4 != "" && $4 > 0.02' "$T/all" >"$T/want"
	run "$T/got" "$T/err" -T tsv --no-header -e "$COLS" \
	    --where 'data_segments>=3' --where 'retrans_rate>2%' "$f"
	check "$n: two --where equal the awk filter ($(wc -l <"$T/want") of $(wc -l <"$T/all") rows)" \
	    cmp -s "$T/want" "$T/got"
	run "$T/got2" "$T/err" -T tsv --no-header -e "$COLS" \
	    --where ' datasegs >= 3 && retrrate > 0.02 ' "$f"
	check "$n: one --where with && and headers: the same" cmp -s "$T/want" "$T/got2"
	awk -F'\t' '$6 != "" && $6 < 0.01 && $5 >= 0.001' "$T/all" >"$T/want"
	run "$T/got" "$T/err" -T tsv --no-header -e "$COLS" \
	    --where 'rtt_avg<0.01&&duration>=0.001' "$f"
	check "$n: times in seconds, absent RTTs never pass" cmp -s "$T/want" "$T/got"
	# before --sort and --top: the filtered rows, most retransmissions
	# first, ties in stream order, the first 3
	awk -F'\t' '$2 >= 2' "$T/all" | sort -t "$(printf '\t')" -k3,3nr -k1,1n |
	    head -3 >"$T/want"
	run "$T/got" "$T/err" -T tsv --no-header -e "$COLS" --where 'data_segments>=2' \
	    --sort retrans --top 3 "$f"
	check "$n: --where before --sort and --top" cmp -s "$T/want" "$T/got"
	# --fail-if with &&: exit 1 exactly when a row crosses, and the
	# alert column marks exactly those rows; --where scopes it
	awk -F'\t' '$4 != "" && $4 > 0.02 && $2 >= 3 { print $1 }' "$T/all" >"$T/want"
	want_rc=$base_rc
	[ -s "$T/want" ] && want_rc=1   # an alert wins over damage
	run "$T/got" "$T/err" -T tsv --no-header -e stream \
	    --fail-if 'retrans_rate>2% && data_segments>=3' "$f"
	check "$n: --fail-if with &&: exit $want_rc (got $rc)" test "$rc" = "$want_rc"
	check "$n: --fail-if with &&: the marked rows are the awk filter's" \
	    test "$(awk -F'\t' '$2 != "" { print $1 }' "$T/got")" = "$(cat "$T/want")"
	run "$T/got2" "$T/err" -T tsv --no-header -e stream \
	    --where 'data_segments>=3' --fail-if 'retrans_rate>2%' "$f"
	check "$n: --where scopes --fail-if: the same exit ($rc)" test "$rc" = "$want_rc"
	check "$n: --where scopes --fail-if: the same streams marked" \
	    test "$(awk -F'\t' '$2 != "" { print $1 }' "$T/got2")" = "$(cat "$T/want")"
done
run "$T/tot" "$T/err" -T tsv --totals -e stream,frames,retransmission --where 'frames>=10' "$M"
check "--where: the totals are the sums of the rows shown" \
    awk -F'\t' 'NR > 1 && $1 != "total" { if ($2 < 10) bad++; f += $2; r += $3 }
        $1 == "total" { ok = ($2 == f && $3 == r) } END { exit bad || !ok }' "$T/tot"
run "$T/out" "$T/err" --explain --where 'frames>1000000' "$M"
check "--explain explains only the streams --where lets through (none; the capture's quality line stays)" \
    test "$rc" = 0 -a "$(grep -c '^stream ' "$T/out")" = 0 -a \
    "$(grep -c 'capture quality' "$T/out")" = 1
run "$T/out" "$T/err" --where 'frames>' "$M"
check "--where with no number: usage error naming --where (rc $rc)" \
    test "$rc" = 2 -a "$(grep -c "^streamxpert: --where 'frames>'" "$T/err")" = 1
run "$T/out" "$T/err" --where 'frames>1 &&' "$M"
check "--where ending with &&: usage error (rc $rc)" test "$rc" = 2 -a ! -s "$T/out"

section "the sort column is always in the output"
run "$T/out" "$T/err" -T csv --sort retrans_rate "$M"
check "-T csv --sort retrans_rate: retrans_rate is the last column" \
    test "$(head -1 "$T/out")" = "stream,src,dst,frames,retransmission,duplicate_ack,out_of_order,zero_window,retrans_rate"
run "$T/out" "$T/err" -T tsv -e stream --sort retrans --fail-if 'frames>0' "$M"
check "-e stream --sort retrans --fail-if: stream, retransmission, alert" \
    test "$(head -1 "$T/out")" = "$(printf 'stream\tretransmission\talert')"
run "$T/out" "$T/err" -T tsv -e stream,frames --sort frames "$M"
check "a sort column already chosen is not repeated" \
    test "$(head -1 "$T/out")" = "$(printf 'stream\tframes')"

section "--summary: eight columns in the table, -e, --sort, --top, --where"
run "$T/sum" "$T/err" --summary "${SUMCAPS[@]}"
check "the summary table's default header" \
    test "$(head -1 "$T/sum" | tr -s ' ')" = "file status streams problem retrate worst worstrate quality"
check "the summary table of the crafted captures fits 100 characters" \
    test "$(awk 'length > 100' "$T/sum" | wc -l)" = 0 -a "$(wc -l <"$T/sum")" = 10
run "$T/sum.tsv" "$T/err" --summary -T tsv "${SUMCAPS[@]}"
check "TSV keeps every summary column by default" \
    test "$(head -1 "$T/sum.tsv" | tr '\t' ,)" = "$("$SX" --list-columns --summary | cut -f1 | paste -sd,)"
# the truth: every capture's row, in input order, sorted by streams
# (largest first, ties in input order) with awk and sort, cut at 4
cols "$T/sum.tsv" file,streams,retransmission | awk 'NR > 1 { print NR "\t" $0 }' |
    sort -t "$(printf '\t')" -k3,3nr -k1,1n | cut -f2- | head -4 >"$T/want"
run "$T/got" "$T/err" --summary -T tsv --no-header -e file,streams,retrans \
    --sort streams --top 4 "${SUMCAPS[@]}"
check "--summary --sort streams --top 4 equals sort over the unsorted rows" \
    cmp -s "$T/want" "$T/got"
cols "$T/sum.tsv" file,streams,retransmission | awk -F'\t' 'NR > 1 && $2 >= 2 && $3 > 0' >"$T/want"
run "$T/got" "$T/err" --summary -T tsv --no-header -e streams,retrans \
    --where 'streams>=2 && retransmission>0' "${SUMCAPS[@]}"
check "--summary --where equals the awk filter (file column first)" \
    cmp -s "$T/want" "$T/got"

# a summary column chosen alone asks tshark for what it sums: the
# capture's quality and duplicates as in the TSV of every column
for f in "${CAPTURES[@]}"; do
	n=$(basename "$f")
	"$SX" --summary -T tsv "$f" >"$T/all" 2>/dev/null
	cols "$T/all" capture_quality,dup_frames,ack_lost_segment >"$T/want"
	run "$T/got" "$T/err" --summary -T tsv -e quality,dupframes,acklost "$f"
	check "$n: --summary -e quality,dupframes,acklost equals every column's ($(sed -n 2p "$T/want" | tr '\t' ' '))" \
	    test "$(cut -f2- "$T/got")" = "$(cat "$T/want")"
done
run "$T/out" "$T/err" -T prometheus --sort streams "$M"
check "-T prometheus has its own metrics: --sort refused (rc $rc)" \
    test "$rc" = 2 -a ! -s "$T/out" -a "$(grep -c 'has its own metrics' "$T/err")" = 1

section "table units convert back to the TSV's exact numbers"
# every numeric column (the text columns left out, whose cells may be
# empty or hold blanks); each cell's unit is the one the man page gives
# the column's name, read back within the rounding of its last digit
NUMERIC=$("$SX" --list-columns | cut -f1 |
    grep -vxE 'file|src|dst|community_id|state|diagnosis|service|server_name' | paste -sd,)
for f in "${CAPTURES[@]}"; do
	n=$(basename "$f")
	"$SX" -T tsv --no-header -e "$NUMERIC" "$f" >"$T/u.tsv" 2>/dev/null
	"$SX" --no-header --no-totals -e "$NUMERIC" "$f" >"$T/u.tab" 2>/dev/null
	[ -s "$T/u.tsv" ] || continue
	check "$n: every table cell is its TSV value in the column's unit" \
	    awk -v names="$NUMERIC" -f tests/table-units.awk "$T/u.tsv" "$T/u.tab"
done
# the ones worth a look by eye, from a public capture
if [ -f "$CAPS/fix2-dup-ack-storm.pcap" ]; then
	run "$T/out" "$T/err" --no-header -e thruput,retrrate,rttavg,duration "$CAPS/fix2-dup-ack-storm.pcap"
	check "fix2: 54.4Mbit/s, 53.7%, 0.024ms, 6.48ms on the first row" \
	    test "$(head -1 "$T/out" | tr -s ' ' | sed 's/^ //')" = "54.4Mbit/s 53.7% 0.024ms 6.48ms"
fi

finish
