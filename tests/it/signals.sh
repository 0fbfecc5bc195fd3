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

section "signals and time limits while tshark is probed"
# ends PID SECONDS: PID (a child of this shell) has ended within SECONDS
# (a bound against hanging); else it is killed and this is false
ends() {
	local i
	for i in $(seq $(($2 * 20))); do
		case $(ps -o stat= -p "$1" 2>/dev/null) in '' | Z*) return 0 ;; esac
		sleep 0.05
	done
	kill -9 "$1" 2>/dev/null
	return 1
}
# probe_sig SIGNAL EXPECTED-RC MODE: a tshark that never answers -v
# (hang-v) or the probe of what it supports (hang-probe); no cache, so
# that the probe runs
probe_sig() {
	local t0 ms
	rm -f "$T/pid"
	set -m
	STREAMXPERT_NO_CACHE=1 FAKE_TSHARK_MODE=$3 FAKE_TSHARK_PIDFILE="$T/pid" \
	    "$SX" --tshark "$FAKE" "$M" >"$T/sig.out" 2>"$T/sig.err" &
	pid=$!
	set +m
	if ! started "$T/pid"; then
		fail "SIG$1 ($3): the fake tshark never started"
		kill -9 $pid
		return
	fi
	t0=$(date +%s%N)
	kill -"$1" $pid
	ends $pid 60 2>/dev/null ||
	    fail "SIG$1 ($3): streamxpert still runs 60 s after the signal"
	# (bash's "Hangup" notice of the job goes to /dev/null)
	{ ms=$((($(date +%s%N) - t0) / 1000000)); wait $pid; rc=$?; } 2>/dev/null
	echo "   SIG$1 while tshark hangs in its probe ($3): ended in $ms ms"
	check "SIG$1 while tshark hangs in its probe ($3): exit $2 (got $rc)" test "$rc" = "$2"
	# the issue's bound, measured generously (the real figure is tens
	# of ms): the signal is not left waiting for the probe's limit (not
	# under valgrind, whose own exit takes its time)
	[ "$1" = TERM ] && [ "$3" = hang-v ] && [ -z "${SX_VALGRIND:-}" ] &&
	    check "SIGTERM while tshark -v hangs: ended within 2 s ($ms ms)" test "$ms" -lt 2000
	check "SIG$1 ($3): the probing tshark is stopped and reaped, no zombie" gone "$T/pid"
	check "SIG$1 ($3): no report, nothing on stderr" \
	    test ! -s "$T/sig.out" -a ! -s "$T/sig.err"
}
probe_sig TERM 143 hang-v
probe_sig INT 130 hang-v
probe_sig HUP 129 hang-v
probe_sig TERM 143 hang-probe
probe_sig INT 130 hang-probe
# every probe has a time limit (30 s; STREAMXPERT_PROBE_TIMEOUT seconds)
rm -f "$T/pid"
STREAMXPERT_NO_CACHE=1 STREAMXPERT_PROBE_TIMEOUT=1 FAKE_TSHARK_MODE=hang-v \
    FAKE_TSHARK_PIDFILE="$T/pid" "$SX" --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
rc=$?
check "tshark -v never answers: exit 2 at the limit (got $rc)" test "$rc" = 2
check "tshark -v never answers: one line naming the command and the limit" \
    test "$(wc -l <"$T/err")" = 1 -a "$(grep -cF "streamxpert: $FAKE -v: no answer within 1 s, stopped (STREAMXPERT_PROBE_TIMEOUT sets this limit)" "$T/err")" = 1
cat "$T/err"
check "tshark -v never answers: no report" test ! -s "$T/out"
check "tshark -v never answers: it is stopped and reaped" gone "$T/pid"
rm -f "$T/pid"
# (a limit the fake's immediate answer to -v cannot miss, however busy
# the machine)
STREAMXPERT_NO_CACHE=1 STREAMXPERT_PROBE_TIMEOUT=2.5 FAKE_TSHARK_MODE=hang-probe \
    FAKE_TSHARK_PIDFILE="$T/pid" "$SX" -T tsv --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
rc=$?
check "the probe of what tshark supports never answers: the run goes on untuned, exit 0 (got $rc), 2 streams" \
    test "$rc" = 0 -a "$(wc -l <"$T/out")" = 3
check "... one line naming the command and the limit" \
    test "$(wc -l <"$T/err")" = 1 -a "$(grep -cF "streamxpert: $FAKE -G heuristic-decodes: no answer within 2.5 s, stopped (STREAMXPERT_PROBE_TIMEOUT sets this limit); tshark runs untuned" "$T/err")" = 1
cat "$T/err"
check "... the probe and the run are stopped or ended, and reaped" gone "$T/pid"
# the same for the probe's run on an empty capture (after -G answered)
rm -f "$T/pid"
STREAMXPERT_NO_CACHE=1 STREAMXPERT_PROBE_TIMEOUT=2.5 FAKE_TSHARK_MODE=hang-validate \
    FAKE_TSHARK_PIDFILE="$T/pid" "$SX" -T tsv --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
rc=$?
check "the probe's run on an empty capture never answers: exit 0 (got $rc), 2 streams, one line naming it and the limit" \
    test "$rc" = 0 -a "$(wc -l <"$T/out")" = 3 -a "$(wc -l <"$T/err")" = 1 -a \
    "$(grep -cF "streamxpert: $FAKE -n -r - ...: no answer within 2.5 s, stopped (STREAMXPERT_PROBE_TIMEOUT sets this limit); tshark runs untuned" "$T/err")" = 1
cat "$T/err"
check "... stopped and reaped" gone "$T/pid"
probe_sig TERM 143 hang-validate
# A reader that stops reading: the signal ends the run while its write
# of the report is blocked (20,000 rows: far more than a pipe holds)
mkfifo "$T/fifo"
{ head -c 1 >/dev/null; : >"$T/reading"; exec sleep 300; } <"$T/fifo" &
reader=$!
set -m
FAKE_TSHARK_MODE=many-streams FAKE_TSHARK_LINES=20000 "$SX" --tshark "$FAKE" \
    "$M" >"$T/fifo" 2>"$T/err" &
pid=$!
set +m
for i in $(seq 600); do [ -e "$T/reading" ] && break; sleep 0.1; done
kill -TERM $pid
ends $pid 60 2>/dev/null || fail "SIGTERM with the report's write blocked: still running after 60 s"
{ wait $pid; rc=$?; } 2>/dev/null
check "SIGTERM with the report's write blocked: exit 143 (got $rc), nothing on stderr" \
    test "$rc" = 143 -a ! -s "$T/err"
kill $reader 2>/dev/null
wait $reader 2>/dev/null

section "a reader that goes away"
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
