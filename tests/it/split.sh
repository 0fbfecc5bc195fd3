#!/bin/bash
# split.sh - one capture split across several tsharks (-j N): byte-identical to
# -j 1 on every capture (JSON -e all), the fallbacks and what -v says of them,
# a partition's tshark failing, standard input.
# Runs alone as tests/it/split.sh [BUILD_DIR] or tests/run.sh split.
. "$(dirname "$0")/../lib.sh"
split_small

section "-j: one capture split across several tsharks"
M=testdata/many-streams.pcap
# it really splits, and says when it does not (-v)
split_says() {  # split_says FILE PATTERN
	"$SX" -v -j 2 -T tsv "$1" 2>&1 >/dev/null | grep -v '^streamxpert: tshark ' >"$T/v.err"
	grep -q -- "$2" "$T/v.err"
}
# every capture, every column (JSON holds them all, with the file's
# frames, completeness and error)
for f in testdata/*.pcap "${PUBLIC[@]}"; do
	[ -f "$f" ] || continue
	[ "${f#"$CAPS"/}" != "$f" ] && ! in_subset "$f" && continue
	same_j "$(basename "$f")" -T json -e all "$f"
done
# pcap with nanoseconds and timestamps out of order (times below zero);
# pcapng with a big-endian and a little-endian section, three link types,
# three timestamp resolutions, an obsolete packet block, NRB and ISB
for k in ns-disorder ng-mixed; do
	perl tests/splitcap.pl $k "$T/$k.pcap"
	check "$k splits" split_says "$T/$k.pcap" "$k.pcap: split across 2 tsharks"
	same_j $k -T json -e all "$T/$k.pcap"
done
# the default columns (fewer fields asked of tshark), the table, sorted
# totals, on captures that split (Ethernet with many streams, Linux
# cooked, pcapng with 11 interfaces); every format is written from the
# same merged table
for f in testdata/many-streams.pcap "$CAPS/kakaotalk-chat-sll.pcap" \
    "$CAPS/ldap-11-interfaces-mixed-linktype.pcapng"; do
	[ -f "$f" ] || continue
	JS=2 same_j "$(basename "$f")" -T table "$f"
	JS=2 same_j "$(basename "$f")" -T table -e all "$f"
	JS=2 same_j "$(basename "$f") sorted" -T tsv --totals --sort retransmission \
	    --problems -e stream,src,retransmission,start "$f"
done
check "-j 2 splits a plain Ethernet capture" \
    split_says testdata/many-streams.pcap "many-streams.pcap: split across 2 tsharks"
check "-j 2 falls back on an ICMP error quoting TCP" \
    split_says testdata/icmp-error.pcap "one tshark for the whole file: frame 8: an ICMP error quoting a TCP header"
check "-j 2 falls back on a damaged capture" \
    split_says testdata/truncated.pcap "one tshark for the whole file: the capture is cut short"
check "-j 2 falls back with a display filter (no split is even tried)" \
    test "$("$SX" -v -j 2 -Y tcp "$M" 2>&1 >/dev/null | grep -c 'split\|whole file')" = 0
if [ -d "$CAPS" ]; then
	check "-j 2 falls back on GRE" \
	    split_says "$CAPS/gre-aruba-vlan-zero-window.pcap" "whole file: frame 1: an IP tunnel"
	# (a compressed capture has no first reading: the split starts, then
	# gives way at the frame that stops it)
	check "-j 2 reads gzip through its decompressor (then SOCKS keeps it whole)" \
	    split_says "$CAPS/honeynet-attack-trace.pcap.gz" "whole file, after all: frame 68: a SOCKS connection"
	check "-j 2 falls back on sFlow (several TCP headers in a frame)" \
	    split_says "$CAPS/sflow-seven-tcp-in-one-frame.pcap" "whole file: frame 66: UDP on a tunnel port"
	check "-j 2 falls back on SOCKS (stream numbers of its own)" \
	    split_says "$CAPS/socks-stream-index-gap.pcap" "whole file: frame 15: a SOCKS connection"
	check "-j 2 falls back on MPLS" \
	    split_says "$CAPS/tcpreplay-test-vlan-ipv6.pcap" "whole file: frame 11: an encapsulation"
	check "-j 2 splits a pcapng with 11 interfaces and two link types" \
	    split_says "$CAPS/ldap-11-interfaces-mixed-linktype.pcapng" "split across 2 tsharks"
fi
# a tshark that fails in a partition: the split gives up, one tshark
# reads the file, and the outcome is a single run's
for mode in good exit2 segv garbage; do
	FAKE_TSHARK_MODE=$mode JS=2 SAME_J_FAILS=$([ $mode = good ] || echo 1) \
	    same_j "fake tshark '$mode'" --tshark "$FAKE" -T tsv "$M"
done
FAKE_TSHARK_MODE=good "$SX" -v -j 2 --tshark "$FAKE" -T tsv "$M" 2>"$T/v.err" >/dev/null
check "-v says when a split is given up after the start" \
    grep -q "many-streams.pcap: one tshark for the whole file, after all: " "$T/v.err"
check "a given-up split leaves no tshark behind" no_leftover "$FAKE"
# a capture on stdin is not split, and gives the same report
"$SX" -j 2 -T tsv -e all - <"$M" >"$T/stdin2" 2>/dev/null
"$SX" -T tsv -e all "$M" >"$T/file1" 2>/dev/null
check "-j 2 on stdin equals a file" cmp -s "$T/stdin2" "$T/file1"
# (half a million frames split in two: make check-scale, tests/scale.sh;
# 100,000 frames split by their own sizing: perf.sh)

section "-j: the first reading's routes, noted for the second"
# STREAMXPERT_SPLIT_MEMO: the routes of how many frames the first reading
# notes (the rest are classified again). A mixed capture that splits, and
# its copy whose second connection's first three frames (7 to 9) are on
# rpcap's port 2002: from frame 7 on nothing is kept back, also past the
# frames noted, where no frame on that port is left to say so.
"$MKCAP" mixed-plain "$T/mp.pcap"
perl -e '
	local $/; my $d = <STDIN>; my $o = 24; my $i = 0;
	while ($o + 16 <= length $d && ++$i <= 9) {
		my $n = unpack("V", substr($d, $o + 8, 4)); my $p = $o + 16;
		if ($n >= 54 && substr($d, $p + 12, 2) eq "\x08\x00" &&
		    ord(substr($d, $p + 23, 1)) == 6) {
			my $t = $p + 14 + (ord(substr($d, $p + 14, 1)) & 15) * 4;
			for my $k (0, 2) {
				substr($d, $t + $k, 2) = pack("n", 2002)
				    if unpack("n", substr($d, $t + $k, 2)) == 50200;
			}
		}
		$o = $p + $n;
	}
	print $d' <"$T/mp.pcap" >"$T/mp-rpcap.pcap"
kept() {  # kept FILE J: the frames -v says were kept back
	STREAMXPERT_SPLIT_FRAMES=1 "$SX" -v -j "$2" -T tsv "$1" 2>&1 >/dev/null |
	    sed -n 's/.* \([0-9][0-9]*\) kept back.*/\1/p' | head -1
}
check "the rpcap copy keeps fewer frames back than the original" \
    test "$(kept "$T/mp-rpcap.pcap" 1)" -lt "$(kept "$T/mp.pcap" 1)"
for m in 0 1 8 12 40; do
	for f in "$T/mp.pcap" "$T/mp-rpcap.pcap" testdata/many-streams.pcap; do
		STREAMXPERT_SPLIT_MEMO=$m STREAMXPERT_SPLIT_FRAMES=1 JS=2 \
		    same_j "$(basename "$f"), $m routes noted" -T json -e all "$f"
		n1=$(kept "$f" 1)
		n2=$(STREAMXPERT_SPLIT_MEMO=$m kept "$f" 2)
		check "$(basename "$f"), $m routes noted: -j 2 keeps back what -j 1 does ($n1)" \
		    test "$n2" = "$n1"
	done
done

finish
