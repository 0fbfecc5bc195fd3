#!/bin/bash
# live.sh - live capture on the loopback interface (-i, -f, -a, --every, SIGINT)
# with connections made by the test itself.
# Runs alone as tests/it/live.sh [BUILD_DIR] or tests/run.sh live.
. "$(dirname "$0")/../lib.sh"

section "live capture"
if [ "$(id -u)" = 0 ] && command -v python3 >/dev/null 2>&1 && ip link show lo >/dev/null 2>&1; then
	port=$((20000 + $$ % 20000))
	python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 &
	srv=$!
	# connections to it, one after the other, until the file $1 appears
	traffic() {
		local i
		for i in $(seq 1 200); do
			[ -e "$1" ] && return
			python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/').read()" >/dev/null 2>&1
			sleep 0.2
		done
	}
	sleep 1
	traffic "$T/stop1" & gen=$!
	run "$T/live.tsv" "$T/live.err" -i lo -f "tcp port $port" -a duration:8 -T tsv -e stream,src,dst,frames
	touch "$T/stop1"
	check "live capture stopped by -a duration: exit 0 (got $rc)" test "$rc" = 0
	check "live capture: the connections made are reported" \
	    awk -F'\t' -v p="127.0.0.1:$port" 'NR > 1 && $3 == p && $4 >= 6 { n++ } END { exit n < 1 }' "$T/live.tsv"
	wait $gen 2>/dev/null
	traffic "$T/stop2" & gen=$!
	set -m
	"$SX" -i lo -f "tcp port $port" --every 1 -T tsv -e stream,src,dst,frames >"$T/live2.tsv" 2>"$T/live2.err" &
	pid=$!
	set +m
	# Ctrl-C once a report shows a connection (at most 60 s)
	for i in $(seq 1 120); do
		grep -q "127.0.0.1:$port" "$T/live2.tsv" && break
		sleep 0.5
	done
	kill -INT $pid
	wait $pid; rc=$?
	touch "$T/stop2"
	check "live capture stopped by SIGINT: exit 0 (got $rc)" test "$rc" = 0
	# the last report, after the last header line
	awk '/^stream/ { n = 0; delete r; next } { r[++n] = $0 } END { for (i = 1; i <= n; i++) print r[i] }' \
	    "$T/live2.tsv" >"$T/live2.last"
	check "live capture stopped by SIGINT: the final report has the connections" \
	    grep -q "127.0.0.1:$port" "$T/live2.last"
	check "live capture with --every 1: several reports" \
	    test "$(grep -c '^stream' "$T/live2.tsv")" -ge 2
	# (dumpcap is tshark's child, not streamxpert's: it may take a moment
# to go once tshark has; a bound, not a timing assertion)
check "live capture: no tshark or dumpcap left" leftover_goes "tcp port $port"
	kill $srv 2>/dev/null
	wait $srv $gen 2>/dev/null
else
	skip "live capture: needs root, python3 and a loopback interface"
fi
run "$T/x" "$T/x.err" -a duration:1 testdata/rst.pcap
check "-a without -i: usage error (got $rc)" test "$rc" = 2

finish
