#!/bin/sh
# compare-binaries.sh - run two streamxpert binaries over every capture in
# ../shared/captures and testdata/*.pcap with several option sets, and
# require byte-identical standard output, standard error and exit status.
# A tool for restructuring: build the old binary from a separate checkout
# (git worktree add --detach ../wt-base main; make -C ../wt-base) and run
#   tests/compare-binaries.sh ../wt-base/build/streamxpert build/streamxpert
# Prints one line per difference and ends with a count; status 1 when any
# run differs. Every mode is covered: the table, TSV, CSV, JSON, NDJSON,
# Prometheus and HTML of every column, --explain (also with --timeline
# and as -T html), --summary in every format, --problems, --sort,
# --fail-if, the limits and community_id columns, --graph, the split
# (-j), --list-columns and --help.
# tshark is remembered (tests/tshark-memo.sh) so that the second binary
# is given what the first one's tshark printed for the same arguments
# (SX_COMPARE_MEMO=0: the real tshark every time).
# On a busy machine split the work over several runs: FILES="a.pcap
# b.pcap" compares those captures only, GLOBAL=0 leaves out the runs over
# directories and without a capture (give them to one run of the split).
set -u
OLD=${1:?usage: compare-binaries.sh OLD NEW}
NEW=${2:?usage: compare-binaries.sh OLD NEW}
CAPS=${CAPS:-$PWD/../shared/captures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-compare.XXXXXX")
trap 'rm -rf "$T"' EXIT
if [ "${SX_COMPARE_MEMO:-1}" != 0 ] && [ -z "${SX_TSHARK_MEMO:-}" ]; then
	SX_MEMO_REAL=$(command -v tshark) || { echo "no tshark" >&2; exit 2; }
	SX_TSHARK_MEMO=$T/memo
	mkdir -p "$SX_TSHARK_MEMO/bin"
	ln -s "$PWD/tests/tshark-memo.sh" "$SX_TSHARK_MEMO/bin/tshark"
	export SX_MEMO_REAL SX_TSHARK_MEMO PATH="$SX_TSHARK_MEMO/bin:$PATH"
fi
runs=0 diffs=0

# one NAME ARGS...: run both, compare the three results.
one() {
	name=$1; shift
	runs=$((runs + 1))
	"$OLD" "$@" >"$T/o.out" 2>"$T/o.err" </dev/null; echo $? >"$T/o.rc"
	"$NEW" "$@" >"$T/n.out" 2>"$T/n.err" </dev/null; echo $? >"$T/n.rc"
	if [ -n "${UNORDERED_ERR:-}" ]; then
		# lines of parallel jobs come in any order, with either binary
		sort "$T/o.err" -o "$T/o.err"
		sort "$T/n.err" -o "$T/n.err"
	fi
	for k in out err rc; do
		if ! cmp -s "$T/o.$k" "$T/n.$k"; then
			diffs=$((diffs + 1))
			echo "DIFF ($k): $name: $*"
			diff "$T/o.$k" "$T/n.$k" | head -5
		fi
	done
}

set --
# shellcheck disable=SC2086  # FILES splits at blanks
for f in ${FILES:-"$CAPS"/*.pcap "$CAPS"/*.pcapng "$CAPS"/*.gz testdata/*.pcap}; do
	[ -f "$f" ] && set -- "$@" "$f"
done
for f in "$@"; do
	b=$(basename "$f")
	one "$b default" "$f"
	one "$b table all" -e all "$f"
	one "$b tsv all" -T tsv -e all "$f"
	one "$b csv all" -T csv -e all "$f"
	one "$b json all" -T json -e all "$f"
	one "$b ndjson all" -T ndjson -e all "$f"
	one "$b prometheus all" -T prometheus -e all "$f"
	one "$b html all" -T html -e all "$f"
	one "$b html" -T html "$f"
	one "$b explain" --explain "$f"
	one "$b explain problems" --explain --problems "$f"
	one "$b explain timeline" --explain --timeline "$f"
	one "$b summary" --summary "$f"
	one "$b summary tsv" --summary -T tsv "$f"
	one "$b summary csv" --summary -T csv "$f"
	one "$b summary json" --summary -T json "$f"
	one "$b summary ndjson" --summary -T ndjson "$f"
	one "$b summary prometheus" --summary -T prometheus "$f"
	one "$b problems" --problems "$f"
	one "$b problems json" --problems -T json -e default,diagnosis "$f"
	one "$b limits" -T tsv -e limits,diagnosis "$f"
	one "$b community seed" -T csv -e community_id --community-id-seed 1 "$f"
	one "$b sort diagnosis" --sort diagnosis -e stream,diagnosis "$f"
	one "$b graph" --graph tseq --stream 0 "$f"
	one "$b sort" --sort retrans_rate --top 5 -e default,diagnosis "$f"
	one "$b fail-if" -T csv --fail-if 'lost_upstream>0' \
	    --fail-if 'throughput>100000' "$f"
	one "$b -j1" -j 1 -T tsv -e all "$f"
	one "$b -j2" -j 2 -T tsv -e all "$f"
	one "$b -j2 csv" -j 2 -T csv -e all "$f"
	one "$b -j4" -j 4 -T csv -e all "$f"
	UNORDERED_ERR=1 one "$b -v" -v -j 2 "$f"
done
if [ "${GLOBAL:-1}" != 0 ]; then
	one "dir captures" -T tsv -e all "$CAPS"
	one "dir testdata -j4" -j 4 --summary testdata
	one "dir testdata -j1" -j 1 -T ndjson -e all testdata
	UNORDERED_ERR=1 one "dir both -v" -v -j 3 "$CAPS" testdata
	one "missing" testdata/no-such-file.pcap testdata/rst.pcap
	one "list-columns" --list-columns
	one "list-columns summary" --summary --list-columns
	one "help" --help
	one "bad column" -e nope testdata/rst.pcap
	one "bad sort" --sort nope testdata/rst.pcap
	one "stdin-less dash" -
fi
echo "== $runs runs, $diffs differences"
[ "$diffs" -eq 0 ]
