#!/bin/sh
# compare-binaries.sh - run two streamxpert binaries over every capture in
# ../shared/captures and testdata/*.pcap with several option sets, and
# require byte-identical standard output, standard error and exit status.
# A tool for restructuring: build the old binary from a separate checkout
# (git worktree add --detach ../wt-base main; make -C ../wt-base) and run
#   tests/compare-binaries.sh ../wt-base/build/streamxpert build/streamxpert
# Prints one line per difference and ends with a count; status 1 when any
# run differs. SX_COMPARE_TSHARKS="PATH..." also compares, with each of
# those tsharks (another version: tests/tshark-chroot.sh), every input
# in a few modes, -v's tshark command line included.
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
	# getopt names the program as it was run: the same name for both
	sed -i "s|^$OLD: |streamxpert: |" "$T/o.err"
	sed -i "s|^$NEW: |streamxpert: |" "$T/n.err"
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
	one "$b explain" --explain "$f"
	one "$b prometheus" -T prometheus "$f"
done
for ts in ${SX_COMPARE_TSHARKS:-}; do
	for f in "$@"; do
		b="$(basename "$f") $ts"
		one "$b -v tsv all" --tshark "$ts" -v -T tsv -e all "$f"
		one "$b -v summary" --tshark "$ts" -v --summary "$f"
		one "$b -v plain" --tshark "$ts" -v --engine plain -e sack_perm_fwd,dup_frames "$f"
	done
done
# how tshark is asked: engines, cut or not, filters, options, payload
f=testdata/retransmission.pcap
for e in auto plain fields columns; do
	one "engine $e" -v --engine "$e" -T tsv -e all "$f"
	one "engine $e mss" -v --engine "$e" -e sack_perm_fwd,dup_frames "$f"
done
one "no-cut" -v --no-cut "$f"
one "-Y" -v -Y 'tcp.port == 80' -T json "$f"
one "user-config" -v --user-config "$f"
one "payload column" -v -e stream,service "$f"
one "sort top" -v --sort retrans_rate --top 2 "$f"
one "fail-if" -v --fail-if 'retransmission>0' "$f"
one "fail-if summary" --summary --fail-if 'retransmission>0' "$f"
one "stream" -v --stream 0 --explain "$f"
one "problems explain" --problems --explain "$f"
one "every without -i" --every 1 "$f"
one "bad option" --no-such-option "$f"
one "bad column" -e no_such_column "$f"
one "bad format" -T xml "$f"
one "bad engine" --engine turbo "$f"
one "no tshark" --tshark /nonexistent/tshark "$f"
one "not tshark" --tshark /bin/false "$f"
one "truncated -v" -v testdata/truncated.pcap
one "not a capture" -v README.md
one "directory as file" -j 1 testdata/golden
one "list-columns" --list-columns
one "list-columns summary" --list-columns --summary
one "help" --help
one "dir captures" -T tsv -e all "$CAPS"
one "dir testdata -j4" -j 4 --summary testdata
one "dir testdata -j1" -j 1 -T ndjson -e all testdata
one "dir both -v" -v -j 3 "$CAPS" testdata
one "missing" testdata/no-such-file.pcap testdata/rst.pcap
one "stdin-less dash" -
echo "== $runs runs, $diffs differences"
[ "$diffs" -eq 0 ]
