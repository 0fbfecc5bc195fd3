#!/bin/bash
# diag.sh - the diagnosis (issue 14): lost_downstream/lost_upstream and
# their bytes, reordered_upstream, unfilled_gaps, gap_overflow, dup_frames
# and zero_window_time equal an independent computation from tshark's raw
# fields (tests/diag-independent.awk) on every crafted and public capture;
# the diagnosis column equals the documented rules restated in awk over
# -T tsv -e all (tests/diag-rules.awk); every crafted capture shows the
# verdict it was made for; -j 1 equals -j 2/-j 4; --summary counts per
# finding; --fail-if on the new columns; --stream and --explain; docs.
# Runs alone as tests/it/diag.sh [BUILD_DIR] or tests/run.sh diag.
. "$(dirname "$0")/../lib.sh"

section "crafted captures: counters, rules, verdicts"
DIAG_NUM="lost_downstream lost_downstream_bytes lost_upstream lost_upstream_bytes reordered_upstream unfilled_gaps gap_overflow dup_frames zero_window_time"
# diag_raw FILE: the diagnosis counters from tshark's raw fields, by awk
diag_raw() {
	"$TSHARK" -n -r "$1" -T fields -E separator=/t -E occurrence=a \
	    -e tcp.stream -e frame.time_epoch -e frame.protocols \
	    -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
	    -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.seq_raw -e tcp.seq \
	    -e tcp.nxtseq -e tcp.ack_raw -e ip.id -e tcp.window_size_value \
	    -e tcp.analysis.retransmission \
	    -e tcp.analysis.spurious_retransmission \
	    -e tcp.analysis.out_of_order -e tcp.analysis.lost_segment \
	    -e tcp.analysis.zero_window 2>/dev/null |
	    awk -f tests/diag-independent.awk
}
# diag_compare FILE: counters against the raw fields, the diagnosis
# against the rules restated over -T tsv -e all, -j 1 against -j 2/-j 4
diag_compare() {
	local f=$1 name c want
	name=$(basename "$f")
	diag_raw "$f" >"$T/dr.txt"
	"$SX" -j 1 -T tsv -e all "$f" >"$T/dall.txt" 2>/dev/null
	check "$name: -e all report for the diagnosis checks" test -s "$T/dall.txt"
	cols "$T/dall.txt" "$(head -1 "$T/dr.txt" | tr '\t' ,)" >"$T/dsx.txt"
	check "$name: lost_downstream/upstream, reordered, gaps, dup_frames, zero_window_time, idle_max equal tshark's raw fields" \
	    cmp -s "$T/dr.txt" "$T/dsx.txt"
	cmp -s "$T/dr.txt" "$T/dsx.txt" || diff "$T/dr.txt" "$T/dsx.txt" | head -4
	awk -f tests/diag-rules.awk "$T/dall.txt" >"$T/drules-all.txt"
	rc=$?
	awk -F'\t' '$2 != $3' "$T/drules-all.txt" >"$T/drules.txt"
	check "$name: diagnosis equals the documented rules restated in awk (every column they read is there)" \
	    test "$rc" = 0 -a ! -s "$T/drules.txt"
	head -3 "$T/drules.txt"
	# fwd + rev = the stream for the new counters
	check "$name: forward + reverse = total for the diagnosis counters" \
	    fwd_rev_sum "$T/dall.txt" ${DIAG_NUM% zero_window_time}
}
for s in $("$MKCAP" --list | grep '^diag-') out-of-order rst lost-segment \
    zero-window fast-retransmission; do
	diag_compare "testdata/$s.pcap"
	check "$s: its --explain has a golden case" \
	    grep -q "^$s.explain .*--explain --stream 0 testdata/$s.pcap" tests/golden.list
done
# each crafted capture shows the verdict it was made for
while read -r s want; do
	got=$("$SX" -T tsv --no-header -e diagnosis "testdata/$s.pcap" 2>/dev/null)
	check "$s: diagnosis is $want (got $got)" test "$got" = "$want"
done <<'VERDICTS'
diag-loss-downstream latency_bound,loss_downstream:dst
diag-loss-upstream latency_bound,loss_upstream:dst
diag-loss-both network_limited:dst,loss_downstream:dst,loss_upstream:dst
diag-capture-drops latency_bound,capture_gaps
diag-zero-window receiver_limited:src
diag-refused refused
diag-unanswered unanswered
diag-duplicates duplicates
diag-idle sender_limited:src,sender_limited:dst,idle
diag-gap-overflow latency_bound,loss_downstream:dst,loss_upstream:dst
handshake-close ok
no-handshake ok
bulk-transfer network_limited:dst
VERDICTS
got=$("$SX" -T tsv --no-header -e zero_window_time_fwd,zero_window_share_fwd,duration testdata/diag-zero-window.pcap 2>/dev/null)
check "diag-zero-window: 2.5 s of 3.0 s at zero window (got $got)" \
    test "$got" = "$(printf '2.500000\t0.833333\t3.000000')"
got=$("$SX" -T tsv --no-header -e lost_upstream_rev,lost_downstream_rev,gap_overflow_rev,unfilled_gaps testdata/diag-gap-overflow.pcap 2>/dev/null)
check "diag-gap-overflow: 4 tracked holes filled upstream, 2 past the bound (got $got)" \
    test "$got" = "$(printf '4\t2\t2\t0')"
got=$("$SX" -T tsv --no-header -e dup_frames,retransmission,lost_downstream,lost_upstream testdata/diag-duplicates.pcap 2>/dev/null)
check "diag-duplicates: 9 copies, Wireshark's retransmissions are no loss (got $got)" \
    test "$got" = "$(printf '9\t6\t0\t0')"
section "public captures: counters against tshark's raw fields, the rules in awk"
if have_caps; then
	for f in "${PUBLIC[@]}"; do
		in_subset "$f" && diag_compare "$f"
	done
else
	skip "no public captures in $CAPS"
fi
section "-j 1 and -j N, --summary, --fail-if, --stream, --explain"
split_small
# -j 1 and -j N: byte-identical, the split really ran
for f in testdata/diag-loss-both.pcap testdata/many-streams.pcap \
    "$CAPS"/fix2-dup-ack-storm.pcap "$CAPS"/ftp-crack-many-streams.pcap \
    "$CAPS"/ethereum-zero-window-probe.pcap; do
	[ -f "$f" ] || continue
	name=$(basename "$f")
	"$SX" -j 1 -T tsv -e all "$f" >"$T/j1.txt" 2>/dev/null
	for n in 2 4; do
		"$SX" -v -j $n -T tsv -e all "$f" >"$T/jn.txt" 2>"$T/jn.err"
		check "$name: -e all with -j $n equals -j 1" cmp -s "$T/j1.txt" "$T/jn.txt"
		grep -q "split across $n tsharks" "$T/jn.err" ||
		    grep -q "one tshark for the whole file" "$T/jn.err" ||
		    fail "$name: -j $n neither split nor said why"
	done
	"$SX" -j 1 --explain "$f" >"$T/e1.txt" 2>/dev/null
	"$SX" -j 2 --explain "$f" >"$T/e2.txt" 2>/dev/null
	check "$name: --explain with -j 2 equals -j 1" cmp -s "$T/e1.txt" "$T/e2.txt"
	"$SX" -j 1 --summary -T tsv "$f" >"$T/s1.txt" 2>/dev/null
	"$SX" -j 4 --summary -T tsv "$f" >"$T/s2.txt" 2>/dev/null
	check "$name: --summary with -j 4 equals -j 1" cmp -s "$T/s1.txt" "$T/s2.txt"
done
"$SX" -v -j 2 -T tsv -e all "$CAPS"/ftp-crack-many-streams.pcap >/dev/null 2>"$T/jn.err"
[ -f "$CAPS"/ftp-crack-many-streams.pcap ] &&
    check "ftp-crack-many-streams.pcap: -j 2 is split by connection" \
    grep -q "split across 2 tsharks" "$T/jn.err"
# --summary: streams per finding = the diagnosis column counted by awk
for f in testdata/rst.pcap testdata/diag-loss-both.pcap "$CAPS"/ethereum-zero-window-probe.pcap \
    "$CAPS"/http-206-zero-window-ooo.pcap; do
	[ -f "$f" ] || continue
	"$SX" -T tsv --no-header -e diagnosis "$f" 2>/dev/null | awk '
	    BEGIN { n = split("refused unanswered receiver_limited sender_limited network_limited latency_bound loss_downstream loss_upstream idle reset capture_gaps duplicates ok", W, " ") }
	    { delete h; m = split($0, a, ","); for (i = 1; i <= m; i++) { sub(/:.*/, "", a[i]); h[a[i]] = 1 }
	      for (k in h) c[k]++ }
	    END { for (i = 1; i <= n; i++) printf "%s%d", (i > 1 ? "\t" : ""), c[W[i]] + 0; print "" }' >"$T/want.txt"
	"$SX" -T tsv --summary "$f" 2>/dev/null | cols /dev/stdin \
	    diag_refused,diag_unanswered,diag_receiver_limited,diag_sender_limited,diag_network_limited,diag_latency_bound,diag_loss_downstream,diag_loss_upstream,diag_idle,diag_reset,diag_capture_gaps,diag_duplicates,diag_ok |
	    tail -n +2 >"$T/got.txt"
	check "$(basename "$f"): --summary counts per finding equal the diagnosis column" \
	    cmp -s "$T/want.txt" "$T/got.txt"
done
# --fail-if on the new columns
run "$T/out" "$T/err" --fail-if 'lost_upstream>0' testdata/diag-loss-upstream.pcap
check "--fail-if lost_upstream>0 on an upstream loss exits 1 (got $rc)" test "$rc" = 1
run "$T/out" "$T/err" --fail-if 'lost_upstream>0' testdata/diag-loss-downstream.pcap
check "--fail-if lost_upstream>0 on a downstream loss exits 0 (got $rc)" test "$rc" = 0
run "$T/out" "$T/err" -T tsv --fail-if 'zero_window_time_fwd>=2.5' -e stream testdata/diag-zero-window.pcap
check "--fail-if zero_window_time_fwd>=2.5 exits 1 and marks the row (got $rc)" \
    test "$rc" = 1 -a "$(tail -1 "$T/out")" = "$(printf '0\tzero_window_time_fwd>=2.5')"
run "$T/out" "$T/err" --fail-if 'dup_frames>0' --fail-if 'zero_window_share>50%' testdata/handshake-close.pcap
check "--fail-if dup_frames>0, zero_window_share>50% on a clean stream exits 0 (got $rc)" test "$rc" = 0
run "$T/out" "$T/err" --summary --fail-if 'diag_refused>0' testdata/rst.pcap
check "--summary --fail-if diag_refused>0 exits 1 on a refused SYN (got $rc)" test "$rc" = 1
# --stream and --explain: selection and usage errors
run "$T/out" "$T/err" -T tsv --no-header -e stream,diagnosis --stream 1 testdata/rst.pcap
check "--stream 1 keeps stream 1 only" test "$(cat "$T/out")" = "$(printf '1\trefused')"
run "$T/out" "$T/err" --explain testdata/rst.pcap
check "--explain without --stream: the streams that are not ok (2 headlines, 2 evidence lines, the capture's quality)" \
    test "$rc" = 0 -a "$(grep -c '^stream ' "$T/out")" = 2 -a "$(grep -c '^    ' "$T/out")" = 2 -a "$(wc -l <"$T/out")" = 5
run "$T/out" "$T/err" --explain testdata/no-handshake.pcap
check "--explain on a capture whose streams are ok: its quality alone" \
    test "$rc" = 0 -a "$(cut -c1-60 "$T/out")" = "testdata/no-handshake.pcap: capture quality ok: no interface"
run "$T/out" "$T/err" --explain --problems testdata/fast-retransmission.pcap
check "--explain --problems explains the problem streams" \
    grep -q '^stream 0 (192.0.2.10:50003 -> 198.51.100.20:8000, .*): impact .*: latency_bound,loss_downstream:src' "$T/out"
run "$T/out" "$T/err" --explain testdata/rst.pcap testdata/diag-idle.pcap
check "--explain with two files names the file" \
    grep -q '^testdata/diag-idle.pcap: stream 0 ' "$T/out"
run "$T/out" "$T/err" --explain --summary testdata/rst.pcap
check "--explain with --summary is a usage error (got $rc)" test "$rc" = 2
run "$T/out" "$T/err" --explain -e stream testdata/rst.pcap
check "--explain with --columns is a usage error (got $rc)" test "$rc" = 2
run "$T/out" "$T/err" --stream x testdata/rst.pcap
check "--stream x is a usage error naming the argument (got $rc)" \
    test "$rc" = 2 -a "$(grep -c "'x'" "$T/err")" = 1
# the default report asks tshark for none of the diagnosis fields
run "$T/out" "$T/err" -v testdata/rst.pcap
check "the default report does not ask for tcp.seq_raw, ip.id, window" \
    test "$(grep -c -e seq_raw -e ip.id -e window_size_value "$T/err")" = 0
run "$T/out" "$T/err" -v -e diagnosis testdata/rst.pcap
check "-e diagnosis asks for tcp.seq_raw, tcp.ack_raw, ip.id, tcp.window_size_value" \
    grep -q 'tcp.seq_raw.*tcp.ack_raw.*ip.id.*tcp.window_size_value' "$T/err"
section "documentation"
# every new column is documented: --help, --list-columns and the man
# page (the reference: README.md keeps no column list)
for c in $DIAG_NUM zero_window_share idle_max diagnosis; do
	"$SX" --list-columns | grep -q "^$c	" &&
	    "$SX" --help | grep -q "^  $c[ *]" &&
	    grep -qF -- "$c" man/streamxpert.1 || fail "column $c is not documented everywhere"
done
for o in explain stream; do
	"$SX" --help | grep -q -- "--$o" &&
	    grep -qF -- "\\-\\-$o" man/streamxpert.1 &&
	    grep -qF -- "--$o" README.md || fail "option --$o is not documented everywhere"
done
finish
