#!/bin/sh
# compare-binaries.sh - run two streamxpert binaries over every capture in
# ../shared/captures and testdata/*.pcap with several option sets, and
# require byte-identical standard output, standard error and exit status.
# A tool for restructuring: build the old binary from a separate checkout
# (git worktree add --detach ../wt-base main; make -C ../wt-base) and run
#   tests/compare-binaries.sh ../wt-base/build/streamxpert build/streamxpert
# Prints one line per difference and ends with a count; status 1 when any
# run differs.
set -u
OLD=${1:?usage: compare-binaries.sh OLD NEW}
NEW=${2:?usage: compare-binaries.sh OLD NEW}
CAPS=${CAPS:-$PWD/../shared/captures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-compare.XXXXXX")
trap 'rm -rf "$T"' EXIT
runs=0 diffs=0

# one NAME ARGS...: run both, compare the three results.
one() {
	name=$1; shift
	runs=$((runs + 1))
	"$OLD" "$@" >"$T/o.out" 2>"$T/o.err" </dev/null; echo $? >"$T/o.rc"
	"$NEW" "$@" >"$T/n.out" 2>"$T/n.err" </dev/null; echo $? >"$T/n.rc"
	for k in out err rc; do
		if ! cmp -s "$T/o.$k" "$T/n.$k"; then
			diffs=$((diffs + 1))
			echo "DIFF ($k): $name: $*"
			diff "$T/o.$k" "$T/n.$k" | head -5
		fi
	done
}

set --
for f in "$CAPS"/*.pcap "$CAPS"/*.pcapng "$CAPS"/*.gz testdata/*.pcap; do
	[ -f "$f" ] && set -- "$@" "$f"
done
for f in "$@"; do
	b=$(basename "$f")
	one "$b default" "$f"
	one "$b tsv all" -T tsv -e all "$f"
	one "$b json all" -T json -e all "$f"
	one "$b summary" --summary "$f"
	one "$b problems" --problems "$f"
	one "$b -j1" -j 1 -T tsv -e all "$f"
	one "$b -j2" -j 2 -T tsv -e all "$f"
	one "$b -j4" -j 4 -T csv -e all "$f"
	one "$b -v" -v -j 2 "$f"
done
one "dir captures" -T tsv -e all "$CAPS"
one "dir testdata -j4" -j 4 --summary testdata
one "dir testdata -j1" -j 1 -T ndjson -e all testdata
one "dir both -v" -v -j 3 "$CAPS" testdata
one "missing" testdata/no-such-file.pcap testdata/rst.pcap
one "stdin-less dash" -
echo "== $runs runs, $diffs differences"
[ "$diffs" -eq 0 ]
