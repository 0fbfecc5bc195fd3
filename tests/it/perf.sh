#!/bin/bash
# perf.sh - issue 15: tshark given each frame cut to the end of its TCP
# header. Every crafted and public capture three ways (tshark reading the
# whole file itself with --no-cut, fed the cut frames with -j 1, split
# with -j 2, and -j 4 on the cut's own captures), byte-identical; standard input;
# what tshark is given, frame by frame, against tshark's own reading of
# the original; what -v says; the split's sizing.
# Runs alone as tests/it/perf.sh [BUILD_DIR] or tests/run.sh perf.
. "$(dirname "$0")/../lib.sh"
split_small

section "the cut: tshark given each frame cut to the end of its TCP header"
# every column whose fields come from the headers: -e all less the two
# application columns (service, server_name), which read the payload and
# so turn the cut off (checked below)
HDR=$("$SX" --list-columns | awk -F'\t' '$3 != "app" { printf "%s%s", s, $1; s = "," }')
M=testdata/many-streams.pcap
"$MKCAP" cut-edges "$T/cut-edges.pcap"
"$MKCAP" cut-ng "$T/cut-ng.pcapng"
perl tests/splitcap.pl ng-mixed "$T/ng-mixed.pcapng"
perl tests/splitcap.pl ns-disorder "$T/ns-disorder.pcap"
# (JSON holds every column, the file's frames, completeness and error;
# the writers only format the stream table, which the cut does not reach)
CUTCAPS="$T/cut-edges.pcap $T/cut-ng.pcapng $T/ng-mixed.pcapng $T/ns-disorder.pcap"
for f in testdata/*.pcap "${PUBLIC[@]}"; do
	[ -f "$f" ] || continue
	[ "${f#"$CAPS"/}" != "$f" ] && ! in_subset "$f" && continue
	JS=2 three_ways "$(basename "$f")" -T json -e "$HDR" "$f"
done
# the cut's own captures and real ones of several link types: also -j 4,
# the table, the default columns (fewer fields asked of tshark) and the
# summary
for f in $CUTCAPS "$CAPS/kakaotalk-chat-sll.pcap" \
    "$CAPS/ldap-11-interfaces-mixed-linktype.pcapng" \
    "$CAPS/socks-stream-index-gap.pcap" "$CAPS/tcpreplay-test-vlan-ipv6.pcap"; do
	[ -f "$f" ] || continue
	case " $CUTCAPS " in *" $f "*)
		three_ways "$(basename "$f")" -T json -e "$HDR" "$f"
	esac
	JS=2 three_ways "$(basename "$f")" -T table -e "$HDR" "$f"
	JS=2 three_ways "$(basename "$f")" -T tsv "$f"
	JS=2 three_ways "$(basename "$f") --summary" -T tsv --summary "$f"
done
# the cut's captures, every count, endpoint, time and rate against an
# independent count from tshark's raw fields (as fidelity.sh does)
for f in "$T/cut-edges.pcap" "$T/cut-ng.pcapng"; do
	raw_report "$f" >"$T/raw.txt"
	"$SX" -T tsv -e "$HDR" "$f" >"$T/auto.txt" 2>/dev/null
	cols "$T/auto.txt" "$(head -1 "$T/raw.txt" | tr '\t' ,)" >"$T/sx.txt"
	check "every count, endpoint, time and rate of $(basename "$f") equals tshark's raw fields" \
	    awk -f tests/same-numbers.awk "$T/raw.txt" "$T/sx.txt"
done
# standard input: pcap, pcapng, gzip (copied as it is) and a capture cut
# short (copied as it is from the damage on: the same message)
for f in $CUTCAPS testdata/truncated.pcap "$CAPS/honeynet-attack-trace.pcap.gz"; do
	[ -f "$f" ] || continue
	"$SX" --no-cut -T tsv -e "$HDR" - <"$f" >"$T/a" 2>"$T/a.err"; rc1=$?
	"$SX" -T tsv -e "$HDR" - <"$f" >"$T/b" 2>"$T/b.err"; rc=$?
	check "stdin, cut, equals stdin, whole: $(basename "$f")" \
	    test "$rc" = "$rc1" -a -s "$T/a" -a "$(cksum <"$T/a")" = "$(cksum <"$T/b")" \
	    -a "$(cksum <"$T/a.err")" = "$(cksum <"$T/b.err")"
	cat "$f" | "$SX" -T tsv -e "$HDR" - >"$T/c" 2>/dev/null
	check "a pipe, cut, equals stdin, whole: $(basename "$f")" cmp -s "$T/a" "$T/c"
done
# what tshark is given: a tshark that keeps a copy of its input
tee_tshark
# per frame: number, lengths, ethertype, IP header length and protocol,
# TCP header length, payload, ports
fed_fields() {
	"$TSHARK" -n -r "$1" -T fields -E occurrence=f -e frame.number -e frame.len \
	    -e frame.cap_len -e eth.type -e ip.hdr_len -e ip.proto -e tcp.hdr_len \
	    -e tcp.len -e tcp.srcport -e tcp.dstport 2>/dev/null
}
for f in testdata/many-streams.pcap "$T/cut-edges.pcap"; do
	rm -f "$T/fed.pcap"
	# every frame given (withhold.sh tests the frames kept back)
	STREAMXPERT_WITHHOLD=0 "$SX" -j 1 --tshark "$T/tee-tshark" -T tsv "$f" >/dev/null 2>&1
	fed_fields "$f" >"$T/orig.f"
	fed_fields "$T/fed.pcap" | cut -f1-3 | paste "$T/orig.f" - >"$T/both.f"
	# by tshark's reading of the original: an untagged IPv4 TCP frame
	# with bytes past its TCP header ends there (not on ports 1080 and
	# 2002), an untagged IPv4 frame of UDP or ICMP (an echo: these
	# captures quote no TCP) right after its Ethernet header, an
	# untagged IPv4 frame without payload stays whole; other frames may
	# only be shorter; frame.len never changes
	awk -F'\t' '
	function bad(why) { printf "frame %s: %s\n", $1, why; nbad++ }
	{
		if ($11 != $1 || $12 != $2) bad("number or length changed")
		if ($4 == "0x0800" && $6 == 6 && $7 != "") {
			h = 14 + $5 + $7
			whole = $9 == 1080 || $10 == 1080 || $9 == 2002 || $10 == 2002
			want = (!whole && $3 > h) ? h : $3
			if ($13 != want) bad("captured " $13 ", want " want)
		} else if ($4 == "0x0800" && ($6 == 17 || $6 == 1)) {
			if ($13 != 14) bad("captured " $13 ", want 14")
		} else if ($13 > $3) {
			bad("longer than in the file")
		}
		if ($13 < $3) ncut++
	}
	END { if (ncut < 6) { print "only " ncut " frames cut"; nbad++ } exit nbad > 0 }
	' "$T/both.f" >"$T/fed.bad"
	check "tshark is given the frames cut to their headers: $(basename "$f")" \
	    test ! -s "$T/fed.bad"
	head -5 "$T/fed.bad"
done
# -v: whether, and why not
"$SX" -v -j 1 -T tsv "$T/cut-ng.pcapng" 2>"$T/v.err" >/dev/null
check "-v says tshark is fed the frames cut" \
    grep -q "cut-ng.pcapng: streamxpert feeds tshark the frames cut to their headers" "$T/v.err"
check "-v counts the frames cut" \
    grep -q "cut-ng.pcapng: [1-9][0-9]* of 35 frames cut to their headers" "$T/v.err"
v_says() {  # v_says PATTERN ARGS...
	local p=$1
	shift
	"$SX" -v -j 1 -T tsv "$@" 2>&1 >/dev/null | grep -q -- "$p"
}
check "-v: --no-cut" v_says "tshark reads the whole frames: --no-cut" --no-cut "$M"
check "-v: -Y is never cut" \
    v_says "tshark reads the whole frames: a display filter" -Y tcp "$M"
check "-v: --user-config is never cut" \
    v_says "tshark reads the whole frames: --user-config" --user-config "$M"
printf 'not a capture, only text\n' >"$T/m.txt"
check "-v: a file that is not pcap or pcapng" \
    v_says "not a pcap or pcapng file (tshark reads it itself)" "$T/m.txt"
check "-v: damaged from some byte on" \
    v_says "the rest as it is, from byte 1082 on: the capture is cut short" testdata/truncated.pcap
# a display filter: the report of the whole frames
"$SX" --no-cut -j 1 -T tsv -e all -Y 'tcp.len > 0' "$T/cut-edges.pcap" >"$T/a" 2>&1
"$SX" -j 1 -T tsv -e all -Y 'tcp.len > 0' "$T/cut-edges.pcap" >"$T/b" 2>&1
check "-Y: the same report as --no-cut" cmp -s "$T/a" "$T/b"
# the split sizes itself (STREAMXPERT_SPLIT_FRAMES unset): a small
# capture is not split, a larger one only as far as it has frames for
env -u STREAMXPERT_SPLIT_FRAMES "$SX" -v -j 4 -T tsv "$M" 2>"$T/v.err" >/dev/null
check "a 53-frame capture is not split with -j 4" grep -q \
    "one tshark for the whole file: 53 frames: each tshark of a split needs 50000" "$T/v.err"
"$MKCAP" bulk 100000 "$T/bulk100k.pcap" >/dev/null
env -u STREAMXPERT_SPLIT_FRAMES "$SX" -v -j 4 -T tsv -e "$HDR" "$T/bulk100k.pcap" >"$T/b4" 2>"$T/b4.err"
check "100000 frames, -j 4: split across 2 tsharks" \
    grep -q "bulk100k.pcap: split across 2 tsharks" "$T/b4.err"
"$SX" --no-cut -j 1 -T tsv -e "$HDR" "$T/bulk100k.pcap" >"$T/b1" 2>/dev/null
check "100000 frames: the sized split equals one tshark on the whole frames" \
    cmp -s "$T/b1" "$T/b4"
STREAMXPERT_SPLIT_FRAMES=30000 "$SX" -v -j 4 -T tsv "$T/bulk100k.pcap" 2>"$T/v.err" >/dev/null
check "STREAMXPERT_SPLIT_FRAMES=30000: 100000 frames across 3 tsharks" \
    grep -q "split across 3 tsharks" "$T/v.err"
run "$T/app.tsv" "$T/app.err" -v -j 1 -T tsv -e all "$M"
check "-e all (with service and server_name): no cut, and -v says why" \
    grep -q "the column service reads the payload" "$T/app.err"
run "$T/hdr.tsv" "$T/hdr.err" -v -j 1 -T tsv -e "$HDR" "$M"
check "every header column: the frames are cut" \
    test "$(grep -c 'reads the payload' "$T/hdr.err")" = 0
finish
