#!/bin/bash
# streams.sh - stream numbers and counts as plain tshark gives them reading
# the whole frames with default settings (issue 24): every public, crafted
# and made capture, by the default run, -e all, -j 2 (split even when
# small) and --no-cut; captures made for the dissectors that start TCP
# conversations of their own (VNC's heuristic, SNMP over TCP, SOCKS), a
# time tshark calls invalid, and pcap variants that libwiretap tells
# apart by their first records. The truth is tests/raw-report.sh (tshark
# -T fields, counted by awk), with $TSHARK (SX_TSHARK: another version).
# Runs alone as tests/it/streams.sh [BUILD_DIR] or tests/run.sh streams.
. "$(dirname "$0")/../lib.sh"
split_small
[ -n "${SX_TSHARK:-}" ] && sxv() { "$SX" --tshark "$SX_TSHARK" "$@"; } ||
    sxv() { "$SX" "$@"; }
COLS="stream,frames,$(echo $FLAGS | tr ' ' ,)"

MADE="stream-vnc stream-snmp stream-socks stream-connect bad-time modified-pcap
ss990417-pcap"
for g in $MADE; do
	"$MKCAP" "$g" "$T/$g.pcap" || fail "mkcap $g"
done

# same_streams FILE [WAYS]: the four ways (or those of WAYS, a list of
# "def", "all", "j2", "nocut") give tshark's streams and counts
same_streams() {
	local f=$1 name how ways=${2:-def all j2 nocut}
	in_subset "$f" || return 0
	name=$(basename "$f")
	raw_report "$f" >"$T/raw.txt"
	cols "$T/raw.txt" "$COLS" >"$T/want.txt"
	for how in $ways; do
		case $how in
		def) how="" ;; all) how="-e all" ;; j2) how="-j 2" ;;
		nocut) how="--no-cut" ;;
		esac
		case $how in
		"-e all") sxv -T tsv -e all "$f" >"$T/got0.txt" 2>"$T/err" ;;
		*) sxv $how -T tsv -e "$COLS" "$f" >"$T/got0.txt" 2>"$T/err" ;;
		esac
		cols "$T/got0.txt" "$COLS" >"$T/got.txt"
		check "$name ${how:-(default)}: tshark's stream numbers and counts" \
		    cmp -s "$T/want.txt" "$T/got.txt"
		check "$name ${how:-(default)}: no message says 'standard input'" \
		    test "$(grep -c 'standard input' "$T/err")" = 0
	done
}

section "captures made for dissectors that start streams, odd files"
for g in $MADE; do
	same_streams "$T/$g.pcap"
done
# what the made captures show, on every version (tshark decides)
n=$(sxv -T tsv --no-header -e stream "$T/stream-vnc.pcap" 2>/dev/null | wc -l)
check "VNC: 2 connections are $n streams (>= 4: split at the RFB message)" \
    test "$n" -ge 4
g=$(sxv -T tsv --no-header -e stream "$T/stream-socks.pcap" 2>/dev/null |
    awk 'NR > 1 && $1 != p + 1 { g = 1 } { p = $1 } END { print g + 0 }')
check "SOCKS: the stream numbers keep tshark's gaps" test "$g" = 1
run "$T/out" "$T/err" -v -j 2 -T tsv "$T/stream-vnc.pcap"
check "VNC: -j 2 falls back to one tshark, and says why" \
    grep -q "one tshark for the whole file: .*a VNC version message" "$T/err"
run "$T/out" "$T/err" -v -T tsv "$T/stream-connect.pcap"
# (10 of them carry payload: without the tunnel rule they are cut)
check "CONNECT: the frames from the request on go whole" \
    grep -q ": 0 of 22 frames cut to their headers" "$T/err"
run "$T/out" "$T/err" -v -T tsv "$T/stream-vnc.pcap"
check "VNC: the heuristic vnc_tcp stays enabled" \
    test "$(grep -c -- '--disable-heuristic=vnc_tcp' "$T/err")" = 0 -a \
    "$(grep -c -- '--disable-heuristic=' "$T/err")" -gt 0
# an invalid time (in a column that reads times): counted, named with
# the file and frame, status 3
for how in "-e all" "-e stream,duration" "--no-cut -e all" "-j 2 -e all"; do
	sxv $how -T tsv "$T/bad-time.pcap" >"$T/out" 2>"$T/err"; rc=$?
	check "bad time ${how:-(default)}: exit 3 (got $rc)" test "$rc" = 3
	check "bad time ${how:-(default)}: one line naming the file and frame 5" \
	    test "$(grep -c "bad-time.pcap: frame 5: tshark printed an invalid time" "$T/err")" = 1
	check "bad time ${how:-(default)}: not 'did not ask for'" \
	    test "$(grep -c 'did not ask for' "$T/err")" = 0
	check "bad time ${how:-(default)}: the stream is reported" \
	    test "$(wc -l <"$T/out")" = 2
done
sxv -T json -e all "$T/bad-time.pcap" >"$T/out" 2>/dev/null
check "bad time: JSON says the capture is not complete" \
    grep -q '"complete": *false' "$T/out"
# pcap variants: tshark reads the file itself, as it would alone
for g in modified-pcap ss990417-pcap; do
	run "$T/out" "$T/err" -v -T tsv "$T/$g.pcap"
	check "$g: read as tshark reads it (exit $rc, 1 stream)" \
	    test "$rc" = 0 -a "$(wc -l <"$T/out")" = 2
done
check "ss990417-pcap: -v says why tshark reads it itself" \
    grep -q "may take it for a pcap variant" "$T/err"
"$SX" -T tsv - <"$T/modified-pcap.pcap" >/dev/null 2>"$T/err"
check "modified-pcap on a redirected stdin (a file): read (exit $?)" test $? = 0
cat "$T/modified-pcap.pcap" | "$SX" -T tsv - >/dev/null 2>"$T/err"
check "modified-pcap through a pipe: tshark's own refusal, exit 2" \
    test $? = 2 -a "$(grep -c "can't be read from a pipe" "$T/err")" = 1
head -c 160 testdata/retransmission.pcap >"$T/short.pcap"
run "$T/out" "$T/err" -T tsv "$T/short.pcap"
check "cut short after 1 frame: '1 frame', the file named (exit $rc)" \
    grep -q "short.pcap: .*covers only the 1 frame read" "$T/err"

# (fidelity.sh compares every column of the default run, split.sh -j 2
# and perf.sh --no-cut against tshark too: here the split and the whole
# frames, for their stream numbers)
section "crafted captures (testdata)"
for s in $(crafted); do
	same_streams "testdata/$s.pcap" "j2 nocut"
done

section "public captures ($CAPS)"
if have_caps; then
	for f in "${PUBLIC[@]}"; do
		same_streams "$f"
	done
else
	skip "public captures: $CAPS is absent"
fi
finish
