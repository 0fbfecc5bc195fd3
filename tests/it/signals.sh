#!/bin/bash
# signals.sh - signals while tshark runs (every tshark stopped and reaped, exit by
# the signal), a reader that goes away early (| head).
# Runs alone as tests/it/signals.sh [BUILD_DIR] or tests/run.sh signals.
. "$(dirname "$0")/../lib.sh"

section "signals and pipes"
M=testdata/many-streams.pcap
# each signal while tshark hangs (after two lines, or before any): tshark
# is stopped and reaped, nothing is printed, the exit is by the signal
sigtest() {  # sigtest SIGNAL EXPECTED-RC MODE JOBS
	rm -f "$T/pid"
	# (job control on, or the shell starts the background job with
	# SIGINT ignored, as it does for every '&' in a script)
	set -m
	FAKE_TSHARK_MODE=$3 FAKE_TSHARK_PIDFILE="$T/pid" "$SX" -j "$4" \
	    --tshark "$FAKE" "$M" >"$T/sig.out" 2>"$T/sig.err" &
	pid=$!
	set +m
	if ! started "$T/pid" "$4"; then
		fail "SIG$1: $4 fake tshark(s) never started"
		kill -9 $pid
		return
	fi
	kill -"$1" $pid
	{ wait $pid; rc=$?; } 2>/dev/null   # (no "Hangup" from bash)
	check "SIG$1 while tshark hangs ($3, -j $4): exit $2 (got $rc)" test "$rc" = "$2"
	check "SIG$1 ($3, -j $4): every tshark is stopped and reaped, no zombie" gone "$T/pid"
	check "SIG$1 ($3, -j $4): no report, nothing on stderr" \
	    test ! -s "$T/sig.out" -a ! -s "$T/sig.err"
}
sigtest TERM 143 hang 1
sigtest INT 130 hang-silent 1
sigtest HUP 129 hang 1
sigtest INT 130 hang 1
# the same with the capture split across two tsharks (both started)
split_small
sigtest TERM 143 hang 2
sigtest INT 130 hang 2
check "signals: no tshark left" no_leftover "$FAKE"
# A reader that goes away early: streamxpert stops at once, quietly.
FAKE_TSHARK_MODE=hang "$SX" --tshark "$FAKE" "$M" 2>"$T/err" | head -c 0
rc=${PIPESTATUS[0]}
check "| head with tshark still running: ends by SIGPIPE (got $rc)" test "$rc" = 141
check "| head: nothing on stderr" test ! -s "$T/err"
check "| head: tshark is stopped and reaped" no_leftover "$FAKE"
# 5,000 streams: the first file's report alone (megabytes with -e all)
# is far more than a pipe holds, so streamxpert is still writing it when
# head leaves, however the two are scheduled
"$MKCAP" syn-only 5000 "$T/bulk.pcap"
# a tshark that logs each start, under a name to look for afterwards
# (the real tshark: this one's process is looked for)
printf '#!/bin/bash\necho "$*" >>"%s"\nexec -a "$0" "%s" "$@"\n' "$T/starts" \
    "$TSHARK_REAL" >"$T/tshark-under-test"
chmod +x "$T/tshark-under-test"
"$SX" -j 1 --tshark "$T/tshark-under-test" -T tsv -e all "$T/bulk.pcap" \
    "$T/bulk.pcap" "$T/bulk.pcap" 2>"$T/err" | head -2 >/dev/null
rc=${PIPESTATUS[0]}
check "| head -2 on a real capture: killed by SIGPIPE (got $rc), quiet" \
    test "$rc" = 141 -a ! -s "$T/err"
check "| head -2: no tshark left" no_leftover "$T/tshark-under-test"
# head leaves after the first file's first row (so that file ran): the
# third file never starts
# (analysis runs only: the probe of a new tshark runs it on an empty
# capture too)
n=$(grep -c -- 'tcp.analyze_sequence_numbers' "$T/starts")
check "| head -2: streamxpert stops instead of reading on ($n of 3 started)" \
    test "$n" -ge 1 -a "$n" -le 2

finish
