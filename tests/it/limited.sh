#!/bin/bash
# limited.sh - what limited each transfer (issue 22): transfer_time,
# round_trips and the rwnd/sender/network limited times and shares equal
# an independent computation from tshark's raw fields
# (tests/independent-limits.awk, written from the man page's
# definitions) on every crafted and public capture; the three shares add
# up to 1; -j N = -j 1; --sort, --fail-if, --summary and --explain on
# them; tshark is asked for their fields only when they are chosen; docs.
# (The lab's scenarios check them against the Linux kernel's own
# accounting: tests/lab/scenarios/limits-*.sh, make check-lab.)
# Runs alone as tests/it/limited.sh [BUILD_DIR] or tests/run.sh limited.
. "$(dirname "$0")/../lib.sh"

LIM="transfer_time round_trips rwnd_limited_time sender_limited_time network_limited_time rwnd_limited_share sender_limited_share network_limited_share"
# lim_raw FILE: the limits columns from tshark's raw fields, by awk
lim_raw() {
	"$TSHARK" -n -r "$1" -T fields -E separator=/t -E occurrence=a \
	    -e tcp.stream -e frame.time_relative -e frame.protocols \
	    -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
	    -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.seq_raw \
	    -e tcp.ack_raw -e tcp.window_size -e tcp.window_size_scalefactor \
	    -e tcp.options.mss_val -e tcp.analysis.ack_rtt \
	    -e tcp.analysis.initial_rtt 2>/dev/null |
	    awk -f tests/independent-limits.awk
}
# lim_compare FILE: streamxpert's columns against the awk's
lim_compare() {
	local f=$1 name
	name=$(basename "$f")
	lim_raw "$f" >"$T/lr.txt"
	"$SX" -j 1 -T tsv -e "$(head -1 "$T/lr.txt" | tr '\t' ,)" "$f" \
	    >"$T/lsx.txt" 2>/dev/null
	check "$name: the limits columns equal tshark's raw fields computed by awk" \
	    cmp -s "$T/lr.txt" "$T/lsx.txt"
	cmp -s "$T/lr.txt" "$T/lsx.txt" || diff "$T/lr.txt" "$T/lsx.txt" | head -4
	cat "$T/lsx.txt" >>"$T/all.txt"
}

section "crafted and public captures against tshark's raw fields"
: >"$T/all.txt"
# the crafted captures with data in both directions, windows, losses,
# zero windows, idle time, several streams
for s in bulk-transfer diag-zero-window zero-window diag-idle diag-loss-both \
    retransmission wscale-negotiated wscale-one-side no-handshake \
    many-streams window-full; do
	lim_compare "testdata/$s.pcap"
done
if have_caps; then
	for f in "${PUBLIC[@]}"; do
		in_subset "$f" && lim_compare "$f"
	done
else
	skip "no public captures in $CAPS"
fi
# the comparison covers every limit: some direction of the captures is
# mostly held back by each (a test that compares only empty or zero
# columns could not fail)
for l in rwnd sender network; do
	n=$(awk -F'\t' -v c="${l}_limited_share" '
	    $1 == "stream" { a = b = 0; for (i = 1; i <= NF; i++) { if ($i == c "_fwd") a = i; if ($i == c "_rev") b = i }; next }
	    ($a != "" && $a > 0.5) || ($b != "" && $b > 0.5) { n++ } END { print n + 0 }' "$T/all.txt")
	check "some direction is mostly ${l}-limited in the captures compared (got $n)" test "$n" -gt 0
done
# the three shares of a direction add up to 1 (printed with 6 decimals)
awk -F'\t' '$1 == "stream" { for (i = 1; i <= NF; i++) c[$i] = i; next }
    { for (k = 0; k < 3; k++) { sx = k == 0 ? "" : k == 1 ? "_fwd" : "_rev"
	r = $(c["rwnd_limited_share" sx]); s = $(c["sender_limited_share" sx])
	n = $(c["network_limited_share" sx])
	if (r != "" && (r + s + n < 0.999997 || r + s + n > 1.000003)) print }
    }' "$T/all.txt" >"$T/sum1.txt"
check "rwnd + sender + network shares add up to 1 in every row" test ! -s "$T/sum1.txt"
head -2 "$T/sum1.txt"

section "-j N, --sort, --fail-if, --summary, fields"
split_small
for f in testdata/many-streams.pcap "$CAPS"/ftp-crack-many-streams.pcap \
    "$CAPS"/kakaotalk-chat-sll.pcap; do
	[ -f "$f" ] || continue
	JS=2 same_j "$(basename "$f")" -T tsv -e stream,limits,diagnosis "$f"
done
"$SX" -v -j 2 -T tsv -e limits testdata/many-streams.pcap 2>&1 >/dev/null |
    grep -q "split across 2 tsharks"
check "-j 2 with the limits columns really splits" test $? = 0
W="$CAPS"/ftp-upload-window-full.pcap
if [ -f "$W" ]; then
	run "$T/out" "$T/err" --fail-if 'rwnd_limited_share_rev>0.9' "$W"
	check "--fail-if rwnd_limited_share_rev>0.9 on a window-limited download exits 1 (got $rc)" test "$rc" = 1
	run "$T/out" "$T/err" --fail-if 'sender_limited_share_rev>0.5' "$W"
	check "--fail-if sender_limited_share_rev>0.5 there exits 0 (got $rc)" test "$rc" = 0
	run "$T/out" "$T/err" --summary -T tsv "$W"
	check "--summary counts the receiver-limited stream" \
	    test "$(cols "$T/out" diag_receiver_limited | tail -1)" = 1
fi
E="$CAPS"/ethereum-zero-window-probe.pcap
if [ -f "$E" ]; then
	run "$T/out" "$T/err" -T tsv --no-header --sort network_limited_share_fwd \
	    -e network_limited_share_fwd "$E"
	sort -g "$T/out" | grep -v '^$' >"$T/sorted.txt"
	grep -v '^$' "$T/out" | tac >"$T/got.txt"
	check "--sort network_limited_share_fwd orders the rows (largest first)" \
	    cmp -s "$T/sorted.txt" "$T/got.txt"
fi
run "$T/out" "$T/err" -v testdata/many-streams.pcap
check "the default report does not ask tshark for tcp.window_size, tcp.seq_raw or the MSS" \
    test "$(grep -c -e window_size -e seq_raw -e mss_val "$T/err")" = 0
run "$T/out" "$T/err" -v -e rwnd_limited_share testdata/many-streams.pcap
check "-e rwnd_limited_share asks for tcp.seq_raw, tcp.ack_raw, tcp.window_size, the MSS, the RTTs" \
    grep -q 'ack_rtt.*initial_rtt.*window_size.*scalefactor.*mss_val.*seq_raw.*ack_raw' "$T/err"

section "documentation"
for c in $LIM; do
	"$SX" --list-columns | grep -q "^$c	" &&
	    "$SX" --help | grep -q "^  $c[ *]" &&
	    grep -qF -- "$c" man/streamxpert.1 || fail "column $c is not documented everywhere"
done
for w in sender_limited network_limited latency_bound; do
	"$SX" --help | grep -q "$w" && grep -qF "$w" man/streamxpert.1 &&
	    grep -qF "$w" README.md || fail "finding $w is not documented everywhere"
done
finish
