#!/bin/bash
# withhold.sh - issue 25: frames no TCP analysis can see are kept from
# tshark. Every crafted and public capture three ways (--no-cut: tshark
# reads the whole file; cut -j 1; split -j 2), byte-identical reports,
# messages and exit status, frame numbers included; which frames are kept
# back, against tshark's own reading; that tshark's port dissectors take
# every payload on the ports the rule trusts.
# Runs alone as tests/it/withhold.sh [BUILD_DIR] or tests/run.sh withhold.
. "$(dirname "$0")/../lib.sh"
split_small

section "frames kept from tshark: the same reports three ways"
HDR=$("$SX" --list-columns | awk -F'\t' '$3 != "app" { printf "%s%s", s, $1; s = "," }')
"$MKCAP" mixed "$T/mixed.pcap"
"$MKCAP" mixed-plain "$T/mixed-plain.pcap"
# the mixed capture cut short in its last frame
head -c $(($(stat -c %s "$T/mixed.pcap") - 20)) "$T/mixed.pcap" >"$T/mixed-short.pcap"
# QUIC among TCP on Ethernet and Linux cooked (kept back) and raw IP
# (given whole); quic-demo-*: a QUIC-looking connection that tshark 4.4
# finds TCP in (tests/quiccap.pl)
for l in eth:1 sll:113 null:0 raw:101; do
	perl tests/quiccap.pl "${l#*:}" 0 "$T/quic-${l%:*}.pcap"
	perl tests/quiccap.pl "${l#*:}" 1 "$T/quic-demo-${l%:*}.pcap"
done
# three_ways (lib.sh): --no-cut, -j 1 and -j 2; some captures hold no TCP
JS=2 THREE_WAYS_EMPTY=1
MINE="$T/mixed.pcap $T/mixed-plain.pcap $T/mixed-short.pcap $T/quic-eth.pcap $T/quic-sll.pcap
    $T/quic-null.pcap $T/quic-raw.pcap"
for f in $MINE testdata/*.pcap "${PUBLIC[@]}"; do
	[ -f "$f" ] || continue
	[ "${f#"$CAPS"/}" != "$f" ] && ! in_subset "$f" && continue
	three_ways "$(basename "$f")" -T json -e "$HDR" "$f"
done
# the captures with frames kept back: every format, the summary, the
# explanations and the HTML page (frame numbers in its graphs' titles)
for f in $MINE "$CAPS/kakaotalk-chat-sll.pcap" "$CAPS/tcpreplay-test-vlan-ipv6.pcap" \
    "$CAPS/icmp-traceroute-no-tcp.pcapng" "$CAPS/email-troubles-lost-segments.pcap"; do
	[ -f "$f" ] || continue
	n=$(basename "$f")
	three_ways "$n" -T table -e all "$f"
	three_ways "$n" -T csv -e "$HDR" "$f"
	three_ways "$n" -T ndjson -e "$HDR" "$f"
	three_ways "$n --summary" -T tsv --summary "$f"
	three_ways "$n --explain" --explain "$f"
	three_ways "$n html" -T html -e "$HDR" "$f"
done

section "which frames are kept back"
# by tshark's reading of the original: not the first frame; ARP; where
# the link header is not empty (not raw IP), so that a frame without TCP
# is given cut to it, any IP packet that is not a fragment and carries
# no TCP and no tunnel (UDP on a tunnel's port, GRE, IP in IP, AH, an
# IPv6 routing header, ...): UDP, ICMP, IGMP, ESP, EIGRP, ...;
# on raw IP: UDP not fragmented whose lower port is a service tshark
# dissects by port (DNS, DHCP, NTP, NetBIOS names, DHCPv6, mDNS, LLMNR),
# ICMP echo, timestamp and router messages, ICMPv6 echo and MLD, IGMP
kept_by_tshark() {
	"$TSHARK" -n -r "$1" -T fields -E occurrence=f -e frame.number -e frame.protocols \
	    -e udp.srcport -e udp.dstport -e ip.flags.mf -e ip.frag_offset -e icmp.type \
	    -e icmpv6.type -e ipv6.fragment -e tcp.srcport 2>/dev/null | awk -F'\t' '
	function quiet(p) { return p == 53 || p == 67 || p == 68 || p == 123 || p == 137 ||
	    p == 546 || p == 547 || p == 5353 || p == 5355 }
	function tunnel(p) { return p == 1701 || p == 2152 || p == 3544 || p == 4789 ||
	    p == 6081 || p == 6343 || p == 4754 || p == 6635 || p == 8472 || p == 5555 ||
	    p == 5246 || p == 5247 || p == 37008 || p == 2123 || p == 1723 }
	$1 == 1 { next }
	$10 != "" { next }
	{ l = $2; sub(/^(eth:ethertype:(vlan:ethertype:)*|sll:ethertype:|null:|raw:)/, "", l) }
	l == "arp" { n++; next }
	$5 == 1 || ($6 != "" && $6 != 0) || $9 != "" { next }
	$3 != "" && (tunnel($3) || tunnel($4)) { next }
	$2 !~ /^raw:/ && l ~ /^ipv?6?:/ &&
	    l !~ /^ipv?6?:(ip|ipv6|gre|etherip|l2tp|mpls|ah|ipv6\.routing)(:|$)/ { n++; next }
	$2 !~ /^raw:/ { next }
	l ~ /^ipv?6?:udp:[a-z]+$/ && quiet($3 < $4 ? $3 : $4) { n++; next }
	l ~ /^ip:icmp(:data)?$/ && ($7 == 0 || $7 == 8 || $7 == 9 || $7 == 10 || $7 == 13 || $7 == 14) { n++; next }
	l ~ /^ipv6:icmpv6(:data)?$/ && ($8 == 128 || $8 == 129 || $8 == 130 || $8 == 131 || $8 == 132 || $8 == 143) { n++; next }
	l ~ /^ip:igmp(:igmp)?$/ { n++ }
	END { print n + 0 }'
}
for f in $MINE "$CAPS/kakaotalk-chat-sll.pcap" "$CAPS/tcpreplay-test-vlan-ipv6.pcap" \
    "$CAPS/icmp-traceroute-no-tcp.pcapng" "$CAPS/email-troubles-lost-segments.pcap" \
    "$CAPS/fix2-dup-ack-storm.pcap" testdata/no-tcp.pcap; do
	[ -f "$f" ] || continue
	want=$(kept_by_tshark "$f")
	got=$("$SX" -v -j 1 -T tsv -e stream "$f" 2>&1 >/dev/null |
	    sed -n 's/.* \([0-9][0-9]*\) kept back (no TCP analysis sees them).*/\1/p')
	check "$(basename "$f"): -v says $got frames kept back, tshark's reading $want" \
	    test "$got" = "$want"
done
check "the mixed capture has frames of each kind kept back" \
    test "$(kept_by_tshark "$T/mixed.pcap")" -ge 20
check "QUIC on Ethernet, Linux cooked and null kept back (39 datagrams each), on raw IP given" \
    test "$(kept_by_tshark "$T/quic-eth.pcap") $(kept_by_tshark "$T/quic-sll.pcap") $(kept_by_tshark "$T/quic-null.pcap") $(kept_by_tshark "$T/quic-raw.pcap")" = "39 39 39 0"
# what tshark is given: the frames kept back are missing, the others are
# there in order; no frame tshark finds TCP in is missing
tee_tshark
for f in "$T/mixed.pcap" "$CAPS/kakaotalk-chat-sll.pcap"; do
	[ -f "$f" ] || continue
	rm -f "$T/fed.pcap"
	"$SX" -j 1 --tshark "$T/tee-tshark" -T tsv "$f" >/dev/null 2>&1
	"$TSHARK" -n -r "$f" -T fields -e frame.time_epoch -e frame.len -e tcp.stream \
	    -e frame.protocols 2>/dev/null >"$T/orig.f"
	"$TSHARK" -n -r "$T/fed.pcap" -T fields -e frame.time_epoch -e frame.len \
	    2>/dev/null >"$T/fed.f"
	awk -F'\t' 'NR == FNR { fed[$1 "/" $2] = 1; nfed++; next }
	    !(($1 "/" $2) in fed) && ($3 != "" || $4 ~ /tcp/) { print "kept back with TCP: " $0; bad++ }
	    ($1 "/" $2) in fed { seen++ }
	    END { if (seen != nfed) { print "fed frames not in the original"; bad++ } exit bad > 0 }' \
	    "$T/fed.f" "$T/orig.f" >"$T/kept.bad"
	check "no frame with TCP is kept back: $(basename "$f")" test ! -s "$T/kept.bad"
	head -3 "$T/kept.bad"
done
# the ports the rule trusts: tshark's port dissector takes any payload
# there (a DNS, NTP, ... dissector that refused it would let heuristics,
# some of which find captured frames, look at it)
for svc in 53:dns 67:dhcp 68:dhcp 123:ntp 137:nbns 546:dhcpv6 547:dhcpv6 \
    5353:mdns 5355:llmnr; do
	p=${svc%%:*}
	perl -e '
	my ($port, $out) = @ARGV;
	open(my $f, ">", $out) or die;
	binmode $f;
	print $f pack("VvvVVVV", 0xa1b2c3d4, 2, 4, 0, 0, 65535, 1);
	my $pay = pack("C*", map { ($_ * 37 + 11) & 255 } 0 .. 99);
	my $udp = pack("nnnn", 60000, $port, 8 + length($pay), 0) . $pay;
	my $ip = pack("CCnnnCCn", 0x45, 0, 20 + length($udp), 1, 0, 64, 17, 0) .
	    pack("C4C4", 10, 0, 0, 1, 10, 0, 0, 2);
	my $eth = pack("H12H12n", "020000000002", "020000000001", 0x0800);
	my $fr = $eth . $ip . $udp;
	print $f pack("VVVV", 1, 0, length($fr), length($fr)) . $fr;
	close($f) or die;' "$p" "$T/port.pcap"
	got=$("$TSHARK" -n -r "$T/port.pcap" -T fields -e frame.protocols 2>/dev/null)
	check "UDP port $p: tshark's ${svc#*:} dissector takes any payload ($got)" \
	    test "${got#eth:ethertype:ip:udp:"${svc#*:}"}" != "$got"
done
# QUIC is kept back only where tshark would get it cut to its link
# header: given (STREAMXPERT_WITHHOLD=0), such a frame shows tshark no
# IP header, so no UDP, QUIC or heuristic dissector runs on it; on raw
# IP it goes whole, and is given
for l in eth sll null raw; do
	rm -f "$T/fed.pcap"
	STREAMXPERT_WITHHOLD=0 "$SX" -j 1 --tshark "$T/tee-tshark" -T tsv "$T/quic-$l.pcap" >/dev/null 2>&1
	got=$("$TSHARK" -n -r "$T/fed.pcap" -T fields -e frame.protocols 2>/dev/null | grep -c udp)
	want=0
	[ $l = raw ] && want=39
	check "QUIC given on $l: tshark reads UDP in $got frames (want $want)" test "$got" = "$want"
done
# withholding changes nothing that cutting did not: the same report with
# every frame given (cut) and with QUIC kept back, also where tshark 4.4
# finds TCP in a datagram of a QUIC-looking connection (on Ethernet the
# cut hides it from both; on raw IP both give it whole)
for l in eth raw; do
	f=$T/quic-demo-$l.pcap
	for j in 1 2; do
		STREAMXPERT_WITHHOLD=0 "$SX" -j $j -T tsv -e "$HDR" "$f" >"$T/all.out" 2>"$T/all.err"
		"$SX" -j $j -T tsv -e "$HDR" "$f" >"$T/kept.out" 2>"$T/kept.err"
		check "quic-demo-$l -j $j: the same report with QUIC kept back" \
		    cmp -s "$T/all.out" "$T/kept.out"
	done
done
# STREAMXPERT_WITHHOLD=0: every frame is given, the same report
STREAMXPERT_WITHHOLD=0 "$SX" -v -j 1 -T tsv -e "$HDR" "$T/mixed.pcap" >"$T/all.out" 2>"$T/all.err"
"$SX" -j 1 -T tsv -e "$HDR" "$T/mixed.pcap" >"$T/kept.out" 2>/dev/null
check "STREAMXPERT_WITHHOLD=0 keeps nothing back" grep -q " 0 kept back" "$T/all.err"
check "STREAMXPERT_WITHHOLD=0: the same report" cmp -s "$T/all.out" "$T/kept.out"
finish
