#!/bin/bash
# mutant.sh BUILD_DIR MUTANT_DIR - the mutation check of make check: the
# fidelity tests (tests/it/fidelity.sh, on two captures) must pass with
# BUILD_DIR's streamxpert and FAIL with MUTANT_DIR's, a copy built with
# -DSX_MUTANT_OFF_BY_ONE: one counter off by one (a direction's first
# retransmission counted twice, src/streams.c). A suite that passes the
# mutant could not see a wrong count.
set -u
cd "$(dirname "$0")/.." || exit 2
[ $# = 2 ] || { echo "usage: tests/mutant.sh BUILD_DIR MUTANT_DIR" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-mutant.XXXXXX")
trap 'rm -rf "$T"' EXIT
export FIDELITY_CAPTURES="testdata/retransmission.pcap testdata/fast-retransmission.pcap"
echo "== mutant: the fidelity tests on $FIDELITY_CAPTURES"
tests/it/fidelity.sh "$1" >"$T/real" 2>&1
real=$?
tests/it/fidelity.sh "$2" >"$T/mutant" 2>&1
mutant=$?
echo "   $1 (the real build): $(tail -1 "$T/real") (status $real)"
echo "   $2 (one counter off by one): $(tail -1 "$T/mutant") (status $mutant)"
grep '^FAIL' "$T/mutant" | sed 's/^/     /'
status=0
if [ "$real" != 0 ]; then
	echo "FAIL: mutant: the fidelity tests fail on the real build too"
	cat "$T/real"
	status=1
fi
# the check that compares every count with tshark's raw fields, for
# each capture
n=$(grep -c "^FAIL: every count, endpoint, time and rate of .* equals tshark's raw fields" "$T/mutant")
if [ "$mutant" = 0 ] || [ "$n" != 2 ]; then
	echo "FAIL: mutant: the fidelity tests did not catch the off-by-one counter on both captures (status $mutant, $n caught)"
	status=1
fi
[ $status = 0 ] && echo "mutant: 1 passed, 0 failed, 0 skipped (the off-by-one is caught)"
exit $status
