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

finish
