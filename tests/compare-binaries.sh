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
# (-j, also forced on small captures), --no-cut, --list-columns, --help,
# and the error cases of the integration tests. SX_COMPARE_TSHARKS=
# "PATH..." also compares, with each of those tsharks (another version:
# tests/tshark-chroot.sh), every input in a few modes, -v's tshark
# command line included. MKCAP=build/mkcap
# (the default when it exists) adds the captures tests/it/streams.sh
# makes (dissectors that start streams, an invalid time, pcap variants);
# FAKE=build/fake_tshark (likewise) adds the misbehaving tsharks of
# tests/it/fake.sh and signals.sh, the probes' time limits included.
# tshark is remembered (tests/tshark-memo.sh) so that the second binary
# is given what the first one's tshark printed for the same arguments
# (SX_COMPARE_MEMO=0: the real tshark every time).
# On a busy machine split the work over several runs: FILES="a.pcap
# b.pcap" compares those captures only, GLOBAL=0 leaves out the runs over
# directories, without a capture, on the made captures and the error
# cases (give them to one run of the split).
set -u
OLD=${1:?usage: compare-binaries.sh OLD NEW}
NEW=${2:?usage: compare-binaries.sh OLD NEW}
CAPS=${CAPS:-$PWD/../shared/captures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-compare.XXXXXX")
trap 'rm -rf "$T"' EXIT
trap 'echo "== stopped after $runs runs, $diffs differences"; exit 3' INT TERM
if [ "${SX_COMPARE_MEMO:-1}" != 0 ] && [ -z "${SX_TSHARK_MEMO:-}" ]; then
	SX_MEMO_REAL=$(command -v tshark) || { echo "no tshark" >&2; exit 2; }
	SX_TSHARK_MEMO=$T/memo
	mkdir -p "$SX_TSHARK_MEMO/bin"
	ln -s "$PWD/tests/tshark-memo.sh" "$SX_TSHARK_MEMO/bin/tshark"
	export SX_MEMO_REAL SX_TSHARK_MEMO PATH="$SX_TSHARK_MEMO/bin:$PATH"
fi
runs=0 diffs=0

MKCAP=${MKCAP:-build/mkcap}
FAKE=${FAKE:-$PWD/build/fake_tshark}
# one NAME ARGS...: run both, compare the three results. ENVS="N=V ..."
# runs them with that environment, PRE="CMD ARGS" under that command,
# IN=FILE with that standard input, OUTF=FILE writing there (not
# compared, only the status and stderr).
ENVS= PRE= IN=/dev/null OUTF=
one() {
	name=$1; shift
	runs=$((runs + 1))
	$PRE env $ENVS "$OLD" "$@" >"${OUTF:-$T/o.out}" 2>"$T/o.err" <"$IN"
	echo $? >"$T/o.rc"
	$PRE env $ENVS "$NEW" "$@" >"${OUTF:-$T/n.out}" 2>"$T/n.err" <"$IN"
	echo $? >"$T/n.rc"
	# getopt names the program as it was run: the same name for both
	sed -i "s|^$OLD: |streamxpert: |" "$T/o.err"
	sed -i "s|^$NEW: |streamxpert: |" "$T/n.err"
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

# the made captures: in the run that makes the global comparisons
MADE=
if [ -x "$MKCAP" ] && [ "${GLOBAL:-1}" != 0 ]; then
	for g in stream-vnc stream-snmp stream-socks stream-connect bad-time \
	    modified-pcap ss990417-pcap; do
		"$MKCAP" "$g" "$T/$g.pcap" || echo "mkcap $g failed"
		MADE="$MADE $T/$g.pcap"
	done
fi
set --
# shellcheck disable=SC2086  # FILES splits at blanks
for f in ${FILES:-"$CAPS"/*.pcap "$CAPS"/*.pcapng "$CAPS"/*.gz testdata/*.pcap} \
    $MADE; do
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
	one "$b prometheus" -T prometheus "$f"
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
	ENVS=STREAMXPERT_SPLIT_FRAMES=1 one "$b -j2 split" -j 2 -T ndjson -e all "$f"
	ENVS=STREAMXPERT_SPLIT_FRAMES=1 one "$b -j2 split summary" -j 2 --summary "$f"
	one "$b no-cut" --no-cut -T ndjson -e all "$f"
	one "$b no-cut table" --no-cut -e all "$f"
done
for ts in ${SX_COMPARE_TSHARKS:-}; do
	for f in "$@"; do
		b="$(basename "$f") $ts"
		one "$b -v tsv all" --tshark "$ts" -v -T tsv -e all "$f"
		one "$b -v summary" --tshark "$ts" -v --summary "$f"
		one "$b -v plain" --tshark "$ts" -v --engine plain -e sack_perm_fwd,dup_frames "$f"
	done
done
if [ "${GLOBAL:-1}" != 0 ]; then
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
	UNORDERED_ERR=1 one "dir both -v" -v -j 3 "$CAPS" testdata
	one "missing" testdata/no-such-file.pcap testdata/rst.pcap
	one "bad sort" --sort nope testdata/rst.pcap
	one "stdin-less dash" -
	IN=$f one "stdin" -T tsv -e all -
	one "stdin twice" - -
	one "no input"
	one "community id seed" -T csv -e stream,community_id --community-id-seed 1 "$f"
	one "bad seed" --community-id-seed 70000 "$f"
	one "shard" --shard 1/3 -T tsv -e all testdata
	ENVS="SLURM_ARRAY_TASK_ID=2 SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=3" \
	    one "shard slurm" --shard slurm -T tsv testdata
	one "bad shard" --shard 3/3 testdata
	: >"$T/empty.pcap"
	echo "just text" >"$T/text.txt"
	one "empty file" "$T/empty.pcap"
	one "text among good" -T tsv "$T/text.txt" testdata/many-streams.pcap
	one "dev zero" /dev/zero
	mkdir -p "$T/empty-dir"
	one "empty dir" "$T/empty-dir"
	ENVS=PATH=/nonexistent one "no tshark in PATH" "$f"
	[ -w /dev/full ] && OUTF=/dev/full one "full disk" "$f"
	if [ -x "$FAKE" ]; then
		for m in good many-streams garbage nul wrong-fields huge-stream \
		    huger-stream far-stream negative-stream no-newline long-line \
		    exit2 exit2-early segv sigkill fds stderr-flood; do
			ENVS=FAKE_TSHARK_MODE=$m one "fake $m" -T tsv --tshark "$FAKE" \
			    testdata/many-streams.pcap
			ENVS="FAKE_TSHARK_MODE=$m STREAMXPERT_SPLIT_FRAMES=1" \
			    one "fake $m -j 2" -j 2 -T json --tshark "$FAKE" \
			    testdata/many-streams.pcap
		done
		ENVS="FAKE_TSHARK_MODE=bad-version STREAMXPERT_NO_CACHE=1" \
		    one "fake bad-version" --tshark "$FAKE" testdata/many-streams.pcap
		ENVS="FAKE_TSHARK_MODE=old-tshark STREAMXPERT_NO_CACHE=1" \
		    one "fake old-tshark" -v --tshark "$FAKE" testdata/many-streams.pcap
		ENVS="FAKE_TSHARK_MODE=hang-v STREAMXPERT_NO_CACHE=1 STREAMXPERT_PROBE_TIMEOUT=1" \
		    one "probe limit -v" --tshark "$FAKE" testdata/many-streams.pcap
		for m in hang-probe hang-validate; do
			ENVS="FAKE_TSHARK_MODE=$m STREAMXPERT_NO_CACHE=1 STREAMXPERT_PROBE_TIMEOUT=2.5" \
			    one "probe limit $m" -T tsv --tshark "$FAKE" \
			    testdata/many-streams.pcap
		done
		ENVS="STREAMXPERT_PROBE_TIMEOUT=abc" one "bad probe limit" "$f"
		# a signal while tshark hangs: in its -v, in its probe, in the run
		for m in hang-v hang-probe hang hang-silent; do
			for s in TERM INT HUP; do
				PRE="timeout --preserve-status -s $s 1" \
				    ENVS="FAKE_TSHARK_MODE=$m STREAMXPERT_NO_CACHE=1" \
				    one "SIG$s $m" --tshark "$FAKE" testdata/many-streams.pcap
			done
		done
	fi
fi
echo "== $runs runs, $diffs differences"
[ "$diffs" -eq 0 ]
