# limits-lib.sh - what the limits scenarios (tests/lab/scenarios/limits-*.sh,
# issue 22) add to lib.sh: their traffic program with the kernel's own
# account of each sender socket (limits-traffic.c, records in
# $LAB_DIR/kernel.tsv, kept beside the captures by run.sh), a user-space
# delay line in r2 (delayline.c: the kernel has no netem), and the check
# of streamxpert's limits against the kernel (limits-check.py).
#
#   limits_build             compile both programs into $LAB_DIR
#   limits_delay ONE_WAY_US  every packet r2 forwards waits ONE_WAY_US
#                            (both ways: the RTT grows by twice that)
#   limits_sink PORT READ_BYTES READ_MS [RCVBUF]
#                            a receiver on the server reading READ_BYTES
#                            every READ_MS ms (0: at full speed)
#   limits_send PORT CHUNK EVERY_MS SECONDS
#                            the client writes CHUNK bytes every EVERY_MS
#                            ms (0: all the time) for SECONDS s
#   limits_rr PORT CONNECTIONS WORKERS REQUEST RESPONSE
#                            short request/response connections
#   limits_wait              wait until the traffic started has ended
#   limits_check DIR BUILD   the check (scenario_check calls it), with
#                            limits_phases: the HTML report's shaded
#                            phases (tests/phases-check.py)
LIMITS_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
LIMITS_PIDS=()

limits_build() {
	local p
	for p in limits-traffic delayline; do
		cc -std=c11 -O2 -Wall -Wextra -o "$LAB_DIR/$p" "$LIMITS_HERE/$p.c" ||
		    { echo "lab: cannot build $p" >&2; return 1; }
	done
}

limits_delay() {
	local tun="${LAB_ID}d" n
	lab_bg r2 "$LAB_DIR/delayline" "$tun" "$1" >"$LAB_DIR/delayline.log" 2>&1
	for n in $(seq 100); do
		grep -q ready "$LAB_DIR/delayline.log" 2>/dev/null && break
		sleep 0.05
	done
	grep -q ready "$LAB_DIR/delayline.log" ||
	    { echo "lab: the delay line did not start: $(cat "$LAB_DIR/delayline.log")" >&2; return 1; }
	lab_in r2 ip link set "$tun" txqueuelen 10000 up &&
	lab_in r2 sysctl -qw net.ipv4.conf.all.rp_filter=0 \
	    net.ipv4.conf.default.rp_filter=0 "net.ipv4.conf.$tun.rp_filter=0" &&
	lab_in r2 ip route add default dev "$tun" table 100 &&
	lab_in r2 ip rule add iif "$(lab_if r2 middle)" lookup 100 &&
	lab_in r2 ip rule add iif "$(lab_if r2 server)" lookup 100
}

limits_sink() {
	lab_bg server "$LAB_DIR/limits-traffic" sink "$(lab_addr server)" "$1" \
	    "$2" "$3" "${4:-0}" "$LAB_DIR/kernel.tsv"
	lab_wait_listen server "$1"
}

limits_send() {
	lab_bg client "$LAB_DIR/limits-traffic" send "$(lab_addr server)" "$1" \
	    "$2" "$3" "$4" "$LAB_DIR/kernel.tsv"
	LIMITS_PIDS+=("$LAB_LAST_PID")
}

# wait here for the traffic started, then give the three tcpdumps time
# to read what the kernel holds for them: on a loaded machine a tcpdump
# ran 0.7 s behind, and the SIGINT that stops it drops what it has not
# read yet without counting it as "dropped by kernel" (the last
# connections were missing from one capture but in the others)
limits_wait() {
	local pid
	for pid in "${LIMITS_PIDS[@]}"; do wait "$pid"; done
	LIMITS_PIDS=()
	sleep "${LIMITS_SETTLE:-3}"
}

limits_rr() {
	lab_bg server "$LAB_DIR/limits-traffic" rrserver "$(lab_addr server)" \
	    "$1" "$5" "$LAB_DIR/kernel.tsv"
	lab_wait_listen server "$1" || return 1
	lab_bg client "$LAB_DIR/limits-traffic" rrclient "$(lab_addr server)" \
	    "$1" "$2" "$3" "$4" "$LAB_DIR/kernel.tsv"
	LIMITS_PIDS+=("$LAB_LAST_PID")
}

limits_check() {
	local dir=$1 build=$2 name cols
	name=$(basename "$dir")
	[ -s "$dir/kernel.tsv" ] || { echo "FAIL: $name: no kernel records"; return 1; }
	cols=src,dst,diagnosis,round_trips
	for d in fwd rev; do
		cols=$cols,round_trips_$d,transfer_time_$d,rwnd_limited_share_$d
		cols=$cols,sender_limited_share_$d,network_limited_share_$d
	done
	"$build/streamxpert" -j 1 -T tsv -e "$cols" "$dir/middle.pcap" \
	    >"$dir/limits.tsv" 2>"$dir/limits.err" ||
	    { echo "FAIL: $name: streamxpert: $(head -2 "$dir/limits.err")"; return 1; }
	"$build/streamxpert" -j 2 -T tsv -e "$cols" "$dir/middle.pcap" \
	    >"$dir/limits-j2.tsv" 2>/dev/null
	if cmp -s "$dir/limits.tsv" "$dir/limits-j2.tsv"; then
		echo "ok: $name: the limits with -j 2 = -j 1"
	else
		echo "FAIL: $name: the limits with -j 2 differ from -j 1"
		return 1
	fi
	python3 "$LIMITS_HERE/limits-check.py" "$name" "$dir/kernel.tsv" "$dir/limits.tsv" |
	    tee "$dir/limits-check.txt"
	[ "${PIPESTATUS[0]}" = 0 ] || return 1
	limits_phases "$dir" "$build"
}

# limits_phases DIR BUILD: the HTML report's shaded limit phases of each
# capture point against its limits columns and Wireshark's window_full
# (tests/phases-check.py)
limits_phases() {
	local dir=$1 build=$2 p f cols=stream rc=0
	for p in rwnd sender network; do cols=$cols,${p}_limited_time_fwd; done
	for p in rwnd sender network; do cols=$cols,${p}_limited_time_rev; done
	for p in client middle server; do
		f=$dir/$p.pcap
		"$build/streamxpert" -j 1 -T html --top 1000000 "$f" >"$dir/$p.html" 2>/dev/null
		"$build/streamxpert" -j 1 -T tsv -e "$cols" "$f" >"$dir/$p-times.tsv" 2>/dev/null
		tshark -n -r "$f" -T fields -E occurrence=a -e tcp.stream \
		    -e frame.time_epoch -e tcp.srcport -e tcp.len \
		    -e tcp.analysis.window_full >"$dir/$p-full.txt" 2>/dev/null
		if python3 "$LIMITS_HERE/../phases-check.py" "$dir/$p.html" \
		    "$dir/$p-times.tsv" "$dir/$p-full.txt" >"$dir/$p-phases.txt"; then
			echo "ok: $(basename "$dir"): $p: the shaded phases: $(tail -1 "$dir/$p-phases.txt")"
		else
			grep FAIL "$dir/$p-phases.txt" | head -5
			echo "FAIL: $(basename "$dir"): $p: the shaded phases: $(tail -1 "$dir/$p-phases.txt")"
			rc=1
		fi
	done
	return $rc
}
