#!/bin/bash
# fake.sh - a misbehaving tshark (tests/fake_tshark.c): garbage, NUL bytes, wrong
# fields, huge stream numbers, a cut, crashes, stderr floods, descriptors,
# a tshark that is not tshark, a display filter as one argument.
# Runs alone as tests/it/fake.sh [BUILD_DIR] or tests/run.sh fake.
. "$(dirname "$0")/../lib.sh"

section "a misbehaving tshark"
M=testdata/many-streams.pcap
R=testdata/retransmission.pcap
fake() {  # fake MODE EXPECTED-RC PATTERN-ON-STDERR
	FAKE_TSHARK_MODE=$1 "$SX" -T tsv --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
	rc=$?
	check "fake tshark '$1': exit $2 (got $rc)" test "$rc" = "$2"
	check "fake tshark '$1': one line on stderr saying '$3'" \
	    test "$(wc -l <"$T/err")" = 1 -a "$(grep -c -- "$3" "$T/err")" = 1
	[ "$(wc -l <"$T/err")" = 1 ] || head -3 "$T/err"
}
FAKE_TSHARK_MODE=good "$SX" -T tsv --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
check "fake tshark 'good': exit 0, 2 streams" test $? = 0 -a "$(wc -l <"$T/out")" = 3
fake garbage 2 'did not ask for on output line 3'
fake nul 2 'output line 3'
fake wrong-fields 2 'tab-separated fields, got'
fake huge-stream 2 'tcp.stream is not a list of numbers'
fake huger-stream 2 'tcp.stream is not a list of numbers'
fake far-stream 2 'stream number 4000000000 cannot occur'
fake negative-stream 2 'tcp.stream'
fake no-newline 2 'ended in the middle of a line'
fake long-line 2 'longer than'
fake exit2 3 'cut short in the middle of a packet; the report covers only the 2 frames'
fake exit2-early 2 'not a capture file'
fake segv 3 'killed by signal 11'
fake sigkill 3 'killed by signal 9'
FAKE_TSHARK_MODE=fds "$SX" --tshark "$FAKE" "$M" >/dev/null 2>"$T/err"
check "tshark gets only descriptors 0, 1 and 2" test $? = 0 -a ! -s "$T/err"
# with several captures (one from stdin) and a descriptor streamxpert
# inherits: none of them reaches any tshark either
FAKE_TSHARK_MODE=fds "$SX" -T tsv --tshark "$FAKE" "$M" - "$R" "$M" <"$R" \
    >"$T/out" 2>"$T/err" 7<"$M"
check "several captures, stdin and an inherited descriptor: tshark still gets only 0, 1 and 2" \
    test $? = 0 -a ! -s "$T/err" -a "$(wc -l <"$T/out")" = 9
FAKE_TSHARK_MODE=exit2 "$SX" -T json --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
check "a tshark failing half-way: JSON marks the capture incomplete" \
    jq -e '.files[0].complete == false and (.files[0].error | test("cut short")) and
        (.streams | length) == 2' "$T/out" >/dev/null
FAKE_TSHARK_MODE=stderr-flood "$SX" -T tsv --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err" &
pid=$!
# (a bound against a deadlock, not a timing assertion)
for i in $(seq 600); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then
	kill -9 $pid; fail "megabytes on tshark's stderr deadlock streamxpert"
else
	wait $pid; check "megabytes on tshark's stderr: no deadlock, exit 0" test $? = 0
fi
FAKE_TSHARK_MODE=bad-version STREAMXPERT_NO_CACHE=1 "$SX" --tshark "$FAKE" "$M" >/dev/null 2>"$T/err"
check "a tshark that is not tshark: exit 2" test $? = 2 -a "$(grep -c 'is it tshark' "$T/err")" = 1
FAKE_TSHARK_MODE=argv FAKE_TSHARK_ARGV_FILE="$T/argv" "$SX" --tshark "$FAKE" \
    -Y 'tcp.port == 80 && $(id) ; `x` | "q"' "$M" >/dev/null 2>&1
check "a display filter reaches tshark as one argument" \
    grep -qxF 'arg:tcp.port == 80 && $(id) ; `x` | "q"' "$T/argv"
check "every file leaves no tshark behind" no_leftover "$FAKE"

finish
