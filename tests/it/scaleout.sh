#!/bin/bash
# scaleout.sh - many runs sharing one output, --shard, community_id.
#   1. xargs -P 8 and GNU parallel (grouped, --ungroup, -S :) append the
#      NDJSON and TSV of many runs (-e all: rows of kilobytes) to one
#      file: every line parses, and the lines are exactly those of one
#      sequential run (each stream of each capture once). Before rows
#      went out in one write() each, stdio cut them at 4 KiB and this
#      failed: the build of main before them, SX_SCALEOUT_LINES_ONLY=1,
#      had 24 and 23 corrupt NDJSON lines of 1,708 (xargs, parallel
#      --ungroup) and 11 and 10 TSV lines; parallel's own grouping none.
#   2. --shard K/N for N = 1..5 over a directory (-R): the union of the N
#      runs is the unsharded run, no file in two shards, each skipped
#      file named by one shard; slurm and k8s/N give the same split;
#      --state per shard; bad K/N exit 2.
#   3. community_id equals tshark's own (--enable-protocol communityid)
#      on every public and crafted capture, seeds 0 and 1, and a hash
#      computed by Python's hashlib from the src and dst columns.
# Runs alone as tests/it/scaleout.sh [BUILD_DIR] or tests/run.sh scaleout.
# SX_SCALEOUT_LINES_ONLY=1 runs part 1 alone: against a build from before
# whole lines (a copy of it as BUILD_DIR/streamxpert) it fails.
. "$(dirname "$0")/../lib.sh"

# ---------------------------------------------------------------- 1
section "whole lines from concurrent runs"
# corrupt_ndjson FILE: lines that are not one JSON value each
corrupt_ndjson() {
	jq -R -r 'try (fromjson | "ok") catch "bad"' "$1" | grep -c bad
}
# corrupt_tsv FILE NF: lines without exactly NF fields
corrupt_tsv() {
	awk -F'\t' -v nf="$2" 'NF != nf { n++ } END { print n + 0 }' "$1"
}
# same_lines A B: the same lines, in any order
same_lines() { cmp -s <(LC_ALL=C sort "$1") <(LC_ALL=C sort "$2"); }

if [ -n "${SX_VALGRIND:-}" ]; then
	skip "whole lines: not under valgrind (hundreds of runs)"
elif ! have_caps || ! command -v parallel >/dev/null; then
	skip "whole lines: no public captures or no GNU parallel"
else
	# each public capture under COPIES names (fewer in the ASan pass)
	copies=2
	[ -n "${SX_SUBSET:-}" ] && copies=1
	M=$T/many
	mkdir -p "$M"
	for f in "${PUBLIC[@]}"; do
		for k in $(seq $copies); do ln -s "$f" "$M/c$k-$(basename "$f")"; done
	done
	(cd "$M" && ls) | LC_ALL=C sort | sed "s|^|$M/|" >"$T/many.list"
	nfiles=$(wc -l <"$T/many.list")
	# -H: a run given one capture (the last of an odd number) names it
	ONE=(-q -j 1 -H -e all)
	# the truth: one run after the other
	"$SX" "${ONE[@]}" -T ndjson $(cat "$T/many.list") >"$T/seq.ndjson" 2>/dev/null
	"$SX" "${ONE[@]}" -T tsv --no-header $(cat "$T/many.list") >"$T/seq.tsv" 2>/dev/null
	nf=$("$SX" -H -e all -T tsv testdata/rst.pcap | head -1 | awk -F'\t' '{ print NF }')
	nlines=$(wc -l <"$T/seq.ndjson")
	check "sequential run: $nlines rows from $nfiles captures" \
	    test "$nlines" -gt $((400 * copies))
	check "sequential run: TSV rows as many" test "$(wc -l <"$T/seq.tsv")" = "$nlines"

	# each recipe appends to one file from 8 runs at once, 2 captures each
	tr '\n' '\0' <"$T/many.list" >"$T/many.list0"
	xargs -0 -n 2 -P 8 "$SX" "${ONE[@]}" -T ndjson <"$T/many.list0" \
	    >>"$T/xargs.ndjson" 2>/dev/null
	xargs -0 -n 2 -P 8 "$SX" "${ONE[@]}" -T tsv --no-header <"$T/many.list0" \
	    >>"$T/xargs.tsv" 2>/dev/null
	parallel --will-cite --ungroup -j 8 -n 2 "$SX" "${ONE[@]}" -T ndjson \
	    :::: "$T/many.list" >>"$T/ungroup.ndjson" 2>/dev/null
	parallel --will-cite --ungroup -j 8 -n 2 "$SX" "${ONE[@]}" -T tsv \
	    --no-header :::: "$T/many.list" >>"$T/ungroup.tsv" 2>/dev/null
	# -S: through parallel's remote-host path (the local host), grouped
	parallel --will-cite -S 8/: -n 2 "$SX" "${ONE[@]}" -T ndjson \
	    :::: "$T/many.list" >>"$T/ssh.ndjson" 2>/dev/null
	for r in xargs ungroup ssh; do
		f=$T/$r.ndjson
		[ -f "$f" ] || continue
		bad=$(corrupt_ndjson "$f")
		echo "   $r NDJSON: $bad corrupt of $(wc -l <"$f") lines"
		check "$r NDJSON: every line parses ($bad corrupt)" test "$bad" = 0
		check "$r NDJSON: the lines of the sequential run, each once" \
		    same_lines "$f" "$T/seq.ndjson"
	done
	for r in xargs ungroup; do
		f=$T/$r.tsv
		bad=$(corrupt_tsv "$f" "$nf")
		echo "   $r TSV: $bad corrupt of $(wc -l <"$f") lines"
		check "$r TSV: every line has $nf fields ($bad corrupt)" test "$bad" = 0
		check "$r TSV: the lines of the sequential run, each once" \
		    same_lines "$f" "$T/seq.tsv"
	done
	# (file, stream) once each, said with jq itself
	dups=$(jq -R -r 'fromjson? | "\(.file)\t\(.stream)"' "$T/ungroup.ndjson" |
	    sort | uniq -d | wc -l)
	check "ungroup NDJSON: no stream twice ($dups)" test "$dups" = 0
fi

if [ -n "${SX_SCALEOUT_LINES_ONLY:-}" ]; then
	finish
	exit
fi

# ---------------------------------------------------------------- 2
section "--shard"
S=$T/shard
mkdir -p "$S/sub"
for n in $(crafted | sed -n '1,40p' | awk 'NR % 3 == 1'); do
	cp "testdata/$n.pcap" "$S/$n.pcap"
done
cp testdata/truncated.pcap testdata/no-tcp.pcap testdata/ipv6.pcap "$S/"
cp testdata/rst.pcap "$S/sub/z-rst.pcap"
cp testdata/ipv6.pcap "$S/sub/a-ipv6.pcap"
echo "not a capture" >"$S/notes.txt"
find "$S" -type f -exec touch -d '2026-01-01 00:00:00' {} +
SH=(-j 2 -R -T tsv --no-header --totals -e file,stream,frames,community_id)
"$SX" -q "${SH[@]}" "$S" >"$T/sh.all" 2>/dev/null
check "unsharded: rows" test -s "$T/sh.all"
for N in 1 2 3 4 5; do
	: >"$T/sh.union"
	: >"$T/sh.files"
	: >"$T/sh.notes"
	for K in $(seq 0 $((N - 1))); do
		"$SX" "${SH[@]}" --shard "$K/$N" "$S" >"$T/sh.$K" 2>"$T/sh.$K.err"
		rc=$?
		check "--shard $K/$N: exit 0 or 3 (got $rc)" test "$rc" = 0 -o "$rc" = 3
		cat "$T/sh.$K" >>"$T/sh.union"
		cut -f1 "$T/sh.$K" | sort -u >>"$T/sh.files"
		grep -c "notes.txt: skipped" "$T/sh.$K.err" >>"$T/sh.notes"
		if [ "$N" = 3 ]; then
			JOB_COMPLETION_INDEX=$K "$SX" "${SH[@]}" --shard "k8s/$N" \
			    "$S" >"$T/sh.k8s" 2>/dev/null
			check "--shard k8s/$N with JOB_COMPLETION_INDEX=$K is $K/$N" \
			    cmp -s "$T/sh.k8s" "$T/sh.$K"
			SLURM_ARRAY_TASK_ID=$((K + 1)) SLURM_ARRAY_TASK_MIN=1 \
			    SLURM_ARRAY_TASK_MAX=$N SLURM_ARRAY_TASK_COUNT=$N \
			    "$SX" "${SH[@]}" --shard slurm "$S" >"$T/sh.slurm" 2>/dev/null
			check "--shard slurm, --array=1-$N task $((K + 1)), is $K/$N" \
			    cmp -s "$T/sh.slurm" "$T/sh.$K"
			SLURM_ARRAY_TASK_ID=$((K * 10)) SLURM_ARRAY_TASK_MIN=0 \
			    SLURM_ARRAY_TASK_STEP=10 SLURM_ARRAY_TASK_COUNT=$N \
			    "$SX" "${SH[@]}" --shard slurm "$S" >"$T/sh.slurm" 2>/dev/null
			check "--shard slurm, step 10, task $((K * 10)), is $K/$N" \
			    cmp -s "$T/sh.slurm" "$T/sh.$K"
		fi
	done
	check "--shard ?/$N: the union of the $N runs is the unsharded run" \
	    same_lines "$T/sh.union" "$T/sh.all"
	check "--shard ?/$N: no file in two shards" \
	    test -z "$(sort "$T/sh.files" | uniq -d)"
	check "--shard ?/$N: the non-capture named by one shard only" \
	    test "$(awk '{ s += $1 } END { print s }' "$T/sh.notes")" = 1
done
# the Slurm recipe of streamxpert(1): 4 tasks each -o its own part
for K in 0 1 2 3; do
	SLURM_ARRAY_TASK_ID=$K SLURM_ARRAY_TASK_MIN=0 SLURM_ARRAY_TASK_COUNT=4 \
	    "$SX" -q -j 2 -R -T ndjson -H --shard slurm -o "$T/part-$K.ndjson" "$S" \
	    2>/dev/null
done
"$SX" -q -j 2 -R -T ndjson -H "$S" >"$T/sh.all.ndjson" 2>/dev/null
check "Slurm recipe: the parts together are the unsharded run" \
    same_lines <(cat "$T"/part-*.ndjson) "$T/sh.all.ndjson"
# an explicit list of files is shared the same way
"$SX" -T tsv --no-header --summary --shard 1/2 "$S"/*.pcap >"$T/sh.args" 2>/dev/null
awk 'NR % 2 == 0' <(ls "$S"/*.pcap) >"$T/sh.args.want"
check "--shard 1/2 over arguments: the 2nd, 4th, ... file" \
    cmp -s <(cut -f1 "$T/sh.args") "$T/sh.args.want"
# a shard with nothing to do is no error
run "$T/sh.none" "$T/sh.none.err" "${SH[@]}" --shard 99/100 "$S"
check "--shard 99/100: nothing, exit 0 (got $rc)" test "$rc" = 0 -a ! -s "$T/sh.none"
# --state, one file per shard: each run once, then nothing new
: >"$T/sh.union"
for K in 0 1 2; do
	"$SX" "${SH[@]}" --shard "$K/3" --state "$T/state.$K" "$S" \
	    >>"$T/sh.union" 2>/dev/null
done
check "--shard with --state per shard: the unsharded run" \
    same_lines "$T/sh.union" "$T/sh.all"
for K in 0 1 2; do
	run "$T/sh.again" "$T/sh.again.err" "${SH[@]}" --shard "$K/3" \
	    --state "$T/state.$K" "$S"
	check "--shard $K/3 --state again: nothing new, exit 0 (got $rc)" \
	    test "$rc" = 0 -a ! -s "$T/sh.again"
done
for bad in 3/3 x/2 -1/2 1/0 k8s k8s/x slurm 1/2/3 ""; do
	run "$T/sh.bad" "$T/sh.bad.err" --shard "$bad" "$S"
	check "--shard '$bad': exit 2 with one line and the hint (got $rc)" \
	    test "$rc" = 2 -a "$(grep -c -- --shard "$T/sh.bad.err")" = 1 \
	    -a ! -s "$T/sh.bad"
done
run "$T/sh.bad" "$T/sh.bad.err" --shard 0/2 -i lo
check "--shard with -i: exit 2 (got $rc)" test "$rc" = 2

# ---------------------------------------------------------------- 3
section "community_id against tshark"
# cid_check CAPTURE SEED: our community_id of each stream against the
# one tshark shows on the stream's frames that carry one TCP header (a
# stream seen only inside frames of several is left to the hashlib
# check); prints "AGREE DISAGREE"
cid_check() {
	"$SX" -q -j 1 -T tsv --no-header -e stream,community_id \
	    --community-id-seed "$2" "$1" >"$T/cid.ours" 2>/dev/null
	$TSHARK -r "$1" -o "communityid.seed:$2" --enable-protocol communityid \
	    -T fields -e tcp.stream -e communityid 2>/dev/null >"$T/cid.theirs"
	awk -F'\t' 'NR == FNR {
		if ($1 != "" && $1 !~ /,/ && $2 != "" && !(($1, $2) in seen)) {
			seen[$1, $2] = 1; n[$1]++; val[$1] = $2
		}
		next
	}
	$1 in n {
		if (n[$1] == 1 && val[$1] == $2) agree++
		else { bad++; print "  stream " $1 ": ours " $2 ", tshark " val[$1] >"/dev/stderr" }
	}
	END { print agree + 0, bad + 0 }' "$T/cid.theirs" "$T/cid.ours"
}
if ! $TSHARK -G protocols 2>/dev/null | cut -f3 | grep -qx communityid; then
	skip "community_id: this tshark has no communityid dissector"
else
	total=0
	for f in "${PUBLIC[@]}" $(crafted | sed 's|.*|testdata/&.pcap|'); do
		read -r agree bad <<<"$(cid_check "$f" 0)"
		total=$((total + agree))
		check "community_id of $(basename "$f"): $agree streams equal tshark's, $bad differ" \
		    test "$bad" = 0
	done
	echo "   community_id: $total streams equal tshark's (seed 0)"
	check "community_id: hundreds of streams compared ($total)" test "$total" -gt 800
	for f in testdata/ipv6.pcap testdata/ip-in-ip.pcap testdata/vlan.pcap \
	    ${CAPS:+"$CAPS/http-ipv4-ipv6.pcapng" "$CAPS/gre-aruba-vlan-zero-window.pcap"}; do
		[ -f "$f" ] || continue
		for seed in 1 65535; do
			read -r agree bad <<<"$(cid_check "$f" $seed)"
			check "community_id seed $seed of $(basename "$f"): $agree equal, $bad differ" \
			    test "$agree" -gt 0 -a "$bad" = 0
		done
	done
fi
# the join with Zeek of streamxpert(1) and the README, on a conn.log
# made of tshark's own community IDs (uid C<stream>)
if $TSHARK -G protocols 2>/dev/null | cut -f3 | grep -qx communityid && have_caps; then
	f=$CAPS/ftp-crack-many-streams.pcap
	$TSHARK -r "$f" --enable-protocol communityid -T fields -e tcp.stream \
	    -e communityid 2>/dev/null | awk -F'\t' '$2 != "" && !seen[$1]++ {
		printf "{\"uid\":\"C%s\",\"community_id\":\"%s\",\"service\":\"ftp\"}\n", $1, $2 }' \
	    >"$T/conn.log"
	"$SX" -T ndjson -e file,stream,community_id,retransmission "$f" 2>/dev/null |
	    jq -c -n --slurpfile z "$T/conn.log" '($z | INDEX(.community_id)) as $c |
	        inputs | . + {uid: $c[.community_id].uid, service: $c[.community_id].service}' \
	    >"$T/joined.ndjson"
	n=$(jq -r 'select(.uid == "C\(.stream)" and .service == "ftp") | .stream' "$T/joined.ndjson" | wc -l)
	check "the jq join with a conn.log: every one of $(wc -l <"$T/joined.ndjson") streams gets its uid ($n)" \
	    test "$n" -gt 700 -a "$n" = "$(wc -l <"$T/joined.ndjson")"
fi
# hashlib from the src and dst columns, every stream (the streams of
# frames with several TCP headers too)
cat >"$T/cid.py" <<'EOF'
import base64, hashlib, ipaddress, struct, sys
bad = n = 0
for line in sys.stdin:
    src, dst, cid = line.rstrip("\n").split("\t")
    ends = []
    for e in (src, dst):
        a, p = e.rsplit(":", 1)
        ends.append((ipaddress.ip_address(a.strip("[]")).packed, int(p)))
    ends.sort()
    (sa, sp), (da, dp) = ends
    h = hashlib.sha1(struct.pack("!H", 0) + sa + da + struct.pack("!BBHH", 6, 0, sp, dp))
    want = "1:" + base64.b64encode(h.digest()).decode()
    n += 1
    if want != cid:
        bad += 1
        print("  %s %s: ours %s, hashlib %s" % (src, dst, cid, want), file=sys.stderr)
print(n, bad)
EOF
all_caps=("${PUBLIC[@]}" testdata/*.pcap)
"$SX" -q -j 2 -T tsv --no-header -e src,dst,community_id "${all_caps[@]}" \
    2>/dev/null | cut -f2- >"$T/cid.rows"
read -r n bad <<<"$(python3 "$T/cid.py" <"$T/cid.rows")"
check "community_id equals hashlib's over src and dst: $n streams, $bad differ" \
    test "$n" -gt 800 -a "$bad" = 0

finish
