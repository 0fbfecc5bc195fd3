#!/bin/sh
# run.sh BUILD_DIR SECONDS TARGET... - run each libFuzzer target for
# SECONDS on its corpus and fail on any finding (a crash, a leak, a
# sanitizer report, a broken invariant, an input slower than 10 s, more
# than 2 GiB). New inputs go to BUILD_DIR/corpus/TARGET, the seeds in
# tests/fuzz/corpus/TARGET are only read; a finding is saved as
# BUILD_DIR/artifacts/TARGET-crash-... and is replayed with
#   BUILD_DIR/TARGET BUILD_DIR/artifacts/TARGET-crash-...
set -u
cd "$(dirname "$0")/../.." || exit 2
B=$1 S=$2
shift 2
mkdir -p "$B/artifacts" || exit 2
status=0
for t in "$@"; do
	mkdir -p "$B/corpus/$t" "tests/fuzz/corpus/$t"
	echo "== fuzz $t for ${S}s"
	"$B/$t" -max_total_time="$S" -timeout=10 -rss_limit_mb=2048 \
	    -max_len=8192 -print_final_stats=1 \
	    -artifact_prefix="$B/artifacts/$t-" \
	    "$B/corpus/$t" "tests/fuzz/corpus/$t" >"$B/$t.log" 2>&1
	rc=$?
	execs=$(sed -n 's/^stat::number_of_executed_units: *//p' "$B/$t.log")
	rate=$(sed -n 's/^stat::average_exec_per_sec: *//p' "$B/$t.log")
	cov=$(grep -o 'cov: [0-9]*' "$B/$t.log" | tail -1)
	if [ "$rc" != 0 ]; then
		status=1
		grep -E 'ERROR|invariant|runtime error|Test unit written' \
		    "$B/$t.log" | head -20
		echo "FAIL: fuzz $t (exit $rc, log in $B/$t.log)"
	else
		echo "ok: fuzz $t: ${execs:-?} execs, ${rate:-?} execs/s, ${cov:-?}, no finding"
	fi
done
exit $status
