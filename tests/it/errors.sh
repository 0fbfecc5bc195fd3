#!/bin/bash
# errors.sh - bad input and a bad environment: missing, empty, text and device
# files, FIFOs, a missing tshark, usage errors, a full disk.
# Runs alone as tests/it/errors.sh [BUILD_DIR] or tests/run.sh errors.
. "$(dirname "$0")/../lib.sh"

section "errors"
M=testdata/many-streams.pcap
R=testdata/retransmission.pcap
run "$T/out" "$T/err" "$T/does-not-exist.pcap"
check "missing file: exit 2" test "$rc" = 2
check "missing file: one line naming it" \
    test "$(cat "$T/err")" = "streamxpert: $T/does-not-exist.pcap: No such file or directory"
# nothing analysed, nothing on stdout: no header, no empty document
for fmt in table tsv csv json ndjson prometheus; do
	run "$T/out" "$T/err" -T $fmt "$T/does-not-exist.pcap"
	check "missing file, -T $fmt: exit 2, nothing on stdout" test "$rc" = 2 -a ! -s "$T/out"
done
run "$T/out" "$T/err" --summary -T tsv "$T/does-not-exist.pcap"
check "missing file, --summary: exit 2, nothing on stdout" test "$rc" = 2 -a ! -s "$T/out"
# a missing file first, then a capture: the header comes first all the
# same, and the failed capture's row follows it (--summary)
run "$T/out" "$T/err" --summary -T tsv "$T/does-not-exist.pcap" testdata/rst.pcap
check "missing file then a capture, --summary: header, the failed row, the capture's row (exit 3, got $rc)" \
    test "$rc" = 3 -a "$(cut -f1,2 "$T/out" | tr '\n\t' '| ')" = "file status|$T/does-not-exist.pcap failed|testdata/rst.pcap ok|"
# --stream N that no capture has: an error naming the capture
for fmt in table tsv json; do
	run "$T/out" "$T/err" -T $fmt --stream 99 testdata/many-streams.pcap
	check "--stream 99 of a 6-stream capture, -T $fmt: exit 2, one line, nothing on stdout (got $rc)" \
	    test "$rc" = 2 -a ! -s "$T/out" -a "$(cat "$T/err")" = "streamxpert: testdata/many-streams.pcap: no stream 99 (the capture has 6 TCP streams)"
done
run "$T/out" "$T/err" --explain --stream 7 "$CAPS/tcp-dup-ack-fast-retrans.pcapng"
check "--explain --stream 7 of a public 1-stream capture: exit 2, named (got $rc)" \
    test "$rc" = 2 -a ! -s "$T/out" -a "$(cat "$T/err")" = "streamxpert: $CAPS/tcp-dup-ack-fast-retrans.pcapng: no stream 7 (the capture has 1 TCP stream)"
run "$T/out" "$T/err" -T tsv --stream 99 testdata/many-streams.pcap testdata/rst.pcap
check "--stream 99 in none of two captures: exit 2, one line" \
    test "$rc" = 2 -a ! -s "$T/out" -a "$(cat "$T/err")" = "streamxpert: no stream 99 in any of the 2 captures"
run "$T/out" "$T/err" -T tsv -e stream,frames --stream 5 testdata/many-streams.pcap testdata/rst.pcap
check "--stream 5 in one of two captures: exit 0, its row alone (no totals row for the other)" \
    test "$rc" = 0 -a "$(tr '\n\t' '| ' <"$T/out")" = "file stream frames|testdata/many-streams.pcap 5 $(tshark -r testdata/many-streams.pcap -Y 'tcp.stream == 5' 2>/dev/null | wc -l)|"
mkdir "$T/empty-dir"
run "$T/out" "$T/err" "$T/empty-dir"
check "a directory without captures: exit 2 and says so" \
    test "$rc" = 2 -a "$(cat "$T/err")" = "streamxpert: no capture found (0 files skipped)"
: >"$T/empty.pcap"
run "$T/out" "$T/err" "$T/empty.pcap"
check "empty file: exit 2 and says so" test "$rc" = 2 -a "$(grep -c 'empty file' "$T/err")" = 1
mkfifo "$T/fifo.pcap"
cat "$M" >"$T/fifo.pcap" &
run "$T/out" "$T/err" -T tsv -e all "$T/fifo.pcap"
wait
check "a FIFO is read as the capture it carries" \
    test "$rc" = 0 -a "$(cat "$T/out")" = "$(cat testdata/golden/many-streams.tsv)"
run "$T/out" "$T/err" /dev/zero
check "/dev/zero: exit 2, a device tshark cannot read" \
    test "$rc" = 2 -a "$(grep -c '/dev/zero: not a file tshark can read' "$T/err")" = 1
echo "just text" >"$T/text.pcap"
run "$T/out" "$T/err" "$T/text.pcap"
check "text file: exit 2, not a capture" test "$rc" = 2 -a "$(grep -c 'not a capture file' "$T/err")" = 1
run "$T/out" "$T/err" -T tsv "$T/text.pcap" "$M"
check "one bad file among good ones: exit 3, good rows kept" \
    test "$rc" = 3 -a "$(wc -l <"$T/out")" = 7
run "$T/out" "$T/err" --tshark "$T/no-tshark" "$M"
check "tshark missing (--tshark): exit 2" test "$rc" = 2
check "tshark missing: the message names it" grep -q "no-tshark" "$T/err"
PATH=/nonexistent "$SX" "$M" >"$T/out" 2>"$T/err"; rc=$?
check "tshark not in PATH: exit 2 and says how to install" \
    test "$rc" = 2 -a "$(grep -c 'apt-get install tshark' "$T/err")" = 1
run "$T/out" "$T/err" --bogus
check "unknown option: exit 2" test "$rc" = 2
run "$T/out" "$T/err" -e nosuchcolumn "$M"
check "unknown column: exit 2 naming it" test "$rc" = 2 -a "$(grep -c nosuchcolumn "$T/err")" = 1
run "$T/out" "$T/err" -T yaml "$M"
check "unknown format: exit 2" test "$rc" = 2
run "$T/out" "$T/err"
check "no input: exit 2" test "$rc" = 2
run "$T/out" "$T/err" - -
check "stdin twice: exit 2" test "$rc" = 2
if [ -w /dev/full ]; then
	"$SX" "$M" >/dev/full 2>"$T/err"; rc=$?
	check "a full disk: exit 2 with a message" \
	    test "$rc" = 2 -a "$(grep -c 'No space left' "$T/err")" = 1
fi

finish
