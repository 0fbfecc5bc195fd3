#!/bin/bash
# run.sh [BUILD_DIR] [SCENARIO...] - run lab scenarios (as root).
#
#   tests/lab/run.sh                    every tests/lab/scenarios/*.sh
#   tests/lab/run.sh build bulk-loss    only that one
#
# A scenario file (tests/lab/scenarios/NAME.sh, sourced; see lib.sh for
# the lab_* functions) defines:
#   scenario_setup      after lab_topology: lab_tbf, lab_drop (optional)
#   scenario_traffic    starts the traffic: lab_bulk, lab_rr, lab_keep
#                       (run.sh then waits for it with lab_traffic_wait)
#   scenario_check DIR BUILD
#                       optional, run after the namespaces are gone, on
#                       DIR/{client,middle,server}.pcap: prints "ok: ..."
#                       and "FAIL: ..." lines, returns non-zero on failure
#   SC_LOSS_CHECK=0     to skip the loss/duplicate check (check-loss.sh)
#                       that every scenario gets by default
#   SC_SNAPLEN          tcpdump's snap length (default 128)
# A run whose tcpdump dropped packets is run again (3 tries), never
# judged. The captures stay in build/lab/NAME/ (LAB_OUT overrides).
# The closing line: "lab: N passed, M failed, 0 skipped".
set -u
cd "$(dirname "$0")/../.." || exit 2
build=build
if [ $# -gt 0 ] && [ -d "$1" ] && [ -x "$1/streamxpert" ]; then
	build=$1; shift
fi
[ "$(id -u)" = 0 ] || { echo "lab: must run as root (network namespaces)" >&2; exit 2; }
. tests/lab/lib.sh
lab_deps || exit 2
names=("$@")
if [ ${#names[@]} = 0 ]; then
	for f in tests/lab/scenarios/*.sh; do names+=("$(basename "$f" .sh)"); done
fi
out=${LAB_OUT:-$build/lab}
pass=0 failed=0

# One capture run of scenario $1 into directory $2; status 75 when a
# tcpdump dropped packets.
capture_run() {
	local name=$1 dir=$2
	(
		set -u
		SC_SNAPLEN=128
		. "tests/lab/scenarios/$name.sh"
		lab_init
		lab_topology || exit 1
		if declare -F scenario_setup >/dev/null; then scenario_setup || exit 1; fi
		lab_servers || exit 1
		lab_capture_start "$SC_SNAPLEN" || exit 1
		scenario_traffic || exit 1
		lab_traffic_wait
		sleep 0.3   # the last ACKs and FINs reach every capture point
		lab_capture_stop || exit 75
		echo "drops (nft packets): $(lab_drop_counts)" >"$dir/drops"
		cp "$LAB_DIR"/client.pcap "$LAB_DIR"/middle.pcap "$LAB_DIR"/server.pcap "$dir/"
		# a scenario's own records (the limits' kernel.tsv) stay too
		for f in "$LAB_DIR"/*.tsv; do [ -f "$f" ] && cp "$f" "$dir/"; done
		true
	)
}

for name in "${names[@]}"; do
	f=tests/lab/scenarios/$name.sh
	[ -f "$f" ] || { echo "lab: no scenario $f" >&2; exit 2; }
	dir=$out/$name
	rm -rf "$dir"; mkdir -p "$dir"
	t0=$SECONDS
	rc=75
	for try in 1 2 3; do
		capture_run "$name" "$dir"
		rc=$?
		[ $rc = 75 ] || break
		echo "lab: $name: tcpdump dropped packets, run again ($try)" >&2
	done
	if [ $rc != 0 ]; then
		echo "FAIL: $name: the capture run failed (status $rc)"
		failed=$((failed + 1))
		continue
	fi
	echo "== $name: captured in $((SECONDS - t0)) s, $(cat "$dir/drops")"
	ok=1
	( . "$f"; [ "${SC_LOSS_CHECK:-1}" = 0 ] ) ||
	    tests/lab/check-loss.sh "$dir" "$build" || ok=0
	if ( . "$f"; declare -F scenario_check >/dev/null ); then
		( . "$f"; scenario_check "$dir" "$build" ) || ok=0
	fi
	echo "== $name: $((SECONDS - t0)) s in all"
	if [ $ok = 1 ]; then pass=$((pass + 1)); else failed=$((failed + 1)); fi
done
echo "lab: $pass passed, $failed failed, 0 skipped"
[ $failed = 0 ]
