#!/bin/bash
# run.sh [-j N] [BUILD_DIR] [NAME...] - run integration test files.
#
#   tests/run.sh                  every tests/it/*.sh against build/
#   tests/run.sh fidelity split   only those two
#   tests/run.sh build/asan       every file against the ASan build
#   SX_TEST_JOBS=1 tests/run.sh   one file at a time (default: 2 at once)
#
# Each file runs in its own process with its own temporary directory, so
# files can run side by side; each one's output is printed whole when it
# ends. The closing line adds up every file's counts. A file that ends
# without its closing line (it crashed) counts as one failure.
set -u
cd "$(dirname "$0")/.." || exit 2
jobs=${SX_TEST_JOBS:-2}
if [ "${1:-}" = -j ]; then jobs=$2; shift 2; fi
build=build
if [ $# -gt 0 ] && [ -d "$1" ] && [ -x "$1/streamxpert" ]; then
	build=$1; shift
fi
names=("$@")
if [ ${#names[@]} = 0 ]; then
	# the longest first, so that two at a time end together
	names=(fidelity perf stats split diag cron scaleout)
	for f in tests/it/*.sh; do
		n=$(basename "$f" .sh)
		case " ${names[*]} " in *" $n "*) ;; *) names+=("$n") ;; esac
	done
fi
for n in "${names[@]}"; do
	[ -f "tests/it/$n.sh" ] || {
		echo "run.sh: no test file tests/it/$n.sh (there are: $(cd tests/it && ls | sed 's/\.sh$//' | tr '\n' ' '))" >&2
		exit 2
	}
done
L=$(mktemp -d "${TMPDIR:-/tmp}/sx-run.XXXXXX")
trap 'rm -rf "$L"' EXIT
pass=0 failed=0 skipped=0
# collect N: print the log of file N and add its closing line up
collect() {
	local n=$1 line p f s
	cat "$L/$n.log"
	line=$(grep -E "^$n: [0-9]+ passed, [0-9]+ failed, [0-9]+ skipped\$" "$L/$n.log" | tail -1)
	if [ -z "$line" ]; then
		echo "FAIL: $n ended without its closing line (status $(cat "$L/$n.rc"))"
		failed=$((failed + 1))
		return
	fi
	read -r p f s <<<"$(echo "$line" | sed 's/^[^:]*: \([0-9]*\) passed, \([0-9]*\) failed, \([0-9]*\) skipped$/\1 \2 \3/')"
	pass=$((pass + p)) failed=$((failed + f)) skipped=$((skipped + s))
	if [ "$(cat "$L/$n.rc")" != 0 ] && [ "$f" = 0 ]; then
		echo "FAIL: $n exited with status $(cat "$L/$n.rc")"
		failed=$((failed + 1))
	fi
}
running=()
for n in "${names[@]}"; do
	( s0=$SECONDS; bash "tests/it/$n.sh" "$build" >"$L/$n.log" 2>&1 </dev/null
	  r=$?; echo "($n: $((SECONDS - s0)) s)" >>"$L/$n.log"; echo $r >"$L/$n.rc" ) &
	running+=("$n")
	while [ ${#running[@]} -ge "$jobs" ]; do
		wait -n
		left=()
		for r in "${running[@]}"; do
			if [ -f "$L/$r.rc" ]; then collect "$r"; else left+=("$r"); fi
		done
		running=("${left[@]}")
	done
done
wait
for r in "${running[@]}"; do collect "$r"; done
echo "integration: $pass passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
