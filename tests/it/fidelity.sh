#!/bin/bash
# fidelity.sh - every column of every stream of every crafted and public capture
# against an independent count from tshark's raw fields, the tuned engine
# against plain -T fields, completeness against two-pass tshark, and what
# MANIFEST.tsv records for the public captures.
# Runs alone as tests/it/fidelity.sh [BUILD_DIR] or tests/run.sh fidelity.
# FIDELITY_CAPTURES="FILE ..." compares those captures only (the mutation
# check, tests/mutant.sh).
. "$(dirname "$0")/../lib.sh"

# sorted FILE COLUMN SORT-OPTIONS...: --sort COLUMN --top 5 gives what
# sort(1) and head(1) give on the unsorted TSV (the -e all report)
sorted() {
	local f=$1 c=$2
	shift 2
	cols "$T/auto.txt" stream,"$c" >"$T/s0.txt" || return 1
	tail -n +2 "$T/s0.txt" |
	    LC_ALL=C sort -s -t "$(printf '\t')" "$@" | head -5 >"$T/s1.txt"
	"$SX" -T tsv --no-header -e stream,"$c" --sort "$c" --top 5 "$f" \
	    >"$T/s2.txt" 2>/dev/null
	cmp -s "$T/s1.txt" "$T/s2.txt"
}

# compare FILE: every column against tshark's raw fields, the connection
# state against a two-pass tshark, directions against totals, and the
# tuned tshark invocation against plain -T fields
compare() {
	local f=$1 name c
	in_subset "$f" || return 0
	name=$(basename "$f")
	raw_report "$f" >"$T/raw.txt"
	"$SX" -T tsv -e all "$f" >"$T/auto.txt" 2>/dev/null
	"$SX" -T tsv -e all --engine plain "$f" >"$T/plain.txt" 2>/dev/null
	check "tuned tshark run equals plain -T fields on $name" \
	    cmp -s "$T/plain.txt" "$T/auto.txt"
	cols "$T/auto.txt" "$(head -1 "$T/raw.txt" | tr '\t' ,)" >"$T/sx.txt"
	check "every count, endpoint, time and rate of $name equals tshark's raw fields" \
	    awk -f tests/same-numbers.awk "$T/raw.txt" "$T/sx.txt"
	# Wireshark's completeness, as a two-pass tshark shows it on every
	# frame of a stream, against the completeness column
	"$TSHARK" -2 -n -r "$f" -T fields -e tcp.stream -e tcp.completeness 2>/dev/null |
	    awk -F'\t' '$1 != "" && $1 !~ /,/ && !($1 in s) { s[$1] = $2; print }' |
	    LC_ALL=C sort >"$T/two.txt"
	cols "$T/auto.txt" stream,completeness >"$T/compl-sx.txt"
	crc=$?
	tail -n +2 "$T/compl-sx.txt" | LC_ALL=C sort |
	    join -t "$(printf '\t')" "$T/two.txt" - | awk -F'\t' '$2 != $3' >"$T/compl.txt"
	check "completeness of $name equals two-pass tshark's" \
	    test "$crc" = 0 -a ! -s "$T/compl.txt"
	# fwd + rev = the stream, for every counter
	check "forward + reverse = total for every counter of $name" \
	    fwd_rev_sum "$T/auto.txt" frames bytes $FLAGS rst \
	    plain_retransmission problems capture_problems data_segments \
	    retrans_segments
	# the default columns, asked for alone, equal the same from -e all
	"$SX" -T tsv "$f" >"$T/def.txt" 2>/dev/null
	cols "$T/auto.txt" "$(head -1 "$T/def.txt" | tr '\t' ,)" >"$T/alldef.txt"
	check "default columns of $name equal the same columns of -e all" \
	    cmp -s "$T/def.txt" "$T/alldef.txt"
	# --sort and --top agree with sort(1) and head(1) on the unsorted TSV
	check "--sort retransmission --top 5 on $name equals sort | head" \
	    sorted "$f" retransmission -k2,2nr
	check "--sort src --top 5 on $name equals sort | head" \
	    sorted "$f" src -k2,2
	check "--sort duration --top 5 on $name equals sort | head" \
	    sorted "$f" duration -k2,2gr
}

if [ -n "${FIDELITY_CAPTURES:-}" ]; then
	section "the captures of FIDELITY_CAPTURES"
	for f in $FIDELITY_CAPTURES; do
		compare "$f"
	done
	finish
	exit
fi

section "crafted captures (testdata)"
for s in $(crafted); do
	compare "testdata/$s.pcap"
done

section "public captures ($CAPS)"
if have_caps; then
	for f in "${PUBLIC[@]}"; do
		compare "$f"
	done
	# per file: streams and the sums of the four classic columns equal
	# what MANIFEST.tsv records (computed there with plain tshark)
	if [ -f "$CAPS/MANIFEST.tsv" ]; then
		tail -n +2 "$CAPS/MANIFEST.tsv" |
		while IFS=$'\t' read -r file _ _ _ _ _ _ streams re du oo zw _; do
			got=$("$SX" -T tsv --no-header -e stream,retransmission,duplicate_ack,out_of_order,zero_window \
			    "$CAPS/$file" 2>/dev/null | awk -F'\t' \
			    '{n++; r+=$2; d+=$3; o+=$4; z+=$5} END {printf "%d %d %d %d %d", n, r, d, o, z}')
			[ "$got" = "$streams $re $du $oo $zw" ] ||
			    echo "FAIL: $file totals $got, MANIFEST.tsv says $streams $re $du $oo $zw"
		done >"$T/manifest.txt"
		check "file totals equal MANIFEST.tsv" test ! -s "$T/manifest.txt"
		cat "$T/manifest.txt"
	fi
	# the socks capture's stream numbers have gaps: 0 1 3 5
	run "$T/out" "$T/err" -T tsv --no-header -e stream \
	    "$CAPS/socks-stream-index-gap.pcap"
	check "stream numbers keep Wireshark's gaps" \
	    test "$(tr '\n' ' ' <"$T/out")" = "0 1 3 5 "
	# the cheap endpoint fields: used where every frame is simple, and
	# the capture read again with the exact ones where a frame is not
	run "$T/out" "$T/err" -v -T tsv "$CAPS/http-ipv4-ipv6.pcapng"
	check "a simple capture is read once, with the built-in address columns" \
	    test "$(grep -c '%uns' "$T/err")" = 1 -a "$(grep -c 'reading it again' "$T/err")" = 0
	for c in sflow-seven-tcp-in-one-frame.pcap gre-aruba-vlan-zero-window.pcap; do
		run "$T/out" "$T/err" -v -T tsv -e all "$CAPS/$c"
		check "$c is read again with the exact endpoint fields" \
		    test "$(grep -c "$c: .*reading it again" "$T/err")" = 1
		cat "$CAPS/$c" | "$SX" -v -T tsv -e all - >"$T/pipe" 2>"$T/err"
		# (with the cheap fields the pipe would fail: it cannot be
		# read again)
		check "$c through a pipe: exact fields from the start" \
		    test "$(grep -c 'reading it again' "$T/err")" = 0
		check "$c through a pipe equals the file's report" cmp -s "$T/out" "$T/pipe"
	done
	# a gzip-compressed capture, read directly and from stdin
	run "$T/a" "$T/err" -T tsv "$CAPS/honeynet-attack-trace.pcap.gz"
	gzip -dc "$CAPS/honeynet-attack-trace.pcap.gz" | "$SX" -T tsv - >"$T/b" 2>/dev/null
	check "zcat | streamxpert - equals reading the .gz" cmp -s "$T/a" "$T/b"
	check "the .gz capture has 5 streams" test "$(wc -l <"$T/a")" = 6
else
	skip "public captures: $CAPS is absent"
fi
finish
