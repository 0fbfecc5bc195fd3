#!/bin/bash
# cron.sh - what a cron job over a directory that a capture daemon keeps
# filling needs (issue 17): --settle (a capture being written, driven step
# by step by tests/capwriter.pl), --state (first and later runs, rotated
# and rewritten files, -j, SIGKILL at random points, a full disk, two runs
# at once), -o (the report lands whole), -T prometheus (read by promtool
# and by the Prometheus client library's parser, against the TSV, for
# every crafted and public capture and odd names) and the sqlite3 imports
# the man page shows (EXAMPLES).
# Runs alone as tests/it/cron.sh [BUILD_DIR] or tests/run.sh cron.
. "$(dirname "$0")/../lib.sh"

section "--settle, --state, a capture being written"
C=$T/cron
mkdir -p "$C/caps"
# summary_of FILE: the NDJSON summary row of a capture, without its name
summary_of() { "$SX" -T ndjson --summary "$1" 2>/dev/null | jq -cS 'del(.file)'; }
# rows_of NDJSON FILE: the rows for FILE in a report, without the name
rows_of() { jq -cS --arg f "$2" 'select(.file == $f) | del(.file)' "$1"; }
old() { touch -d '2026-01-01 00:00:00' "$@"; }   # long settled

cp testdata/many-streams.pcap "$C/caps/finished.pcap"
cp testdata/rst.pcap "$C/caps/rotated.pcap"
cp testdata/retransmission.pcap "$C/caps/rewritten.pcap"
old "$C/caps"/*.pcap
# a capture daemon that writes growing.pcap, one step at a time
coproc CW { perl tests/capwriter.pl testdata/out-of-order.pcap "$C/caps/growing.pcap"; }
# (bash unsets CW_PID once the writer has ended: keep it)
cw_pid=$CW_PID
cw() { echo "$1" >&"${CW[1]}"; read -r cw_ans <&"${CW[0]}"; [ "${cw_ans%% *}" = ok ]; }
check "the writer starts a capture" cw header
check "the writer appends packets" cw "packet 3"
check "the writer leaves a packet cut in half" cw half
S="$C/state"
# busy: the daemon is still at it (its last write just now), however long
# the runs before took: on a loaded machine or under valgrind they may
# take more than the 60 s of --settle, and a writer that paused that long
# would be finished as far as --settle can tell
busy() { touch "$C/caps/growing.pcap"; }
busy
run "$C/out1" "$C/err1" --state "$S" -T ndjson --summary -j 2 "$C/caps"
check "first run: exit 0 with a capture being written (got $rc)" test "$rc" = 0
check "first run: one line for the capture being written" \
    test "$(cat "$C/err1")" = "streamxpert: $C/caps/growing.pcap: skipped: still being written (modified less than 60 s ago; see --settle)"
check "first run: the three finished captures" test "$(wc -l <"$C/out1")" = 3
check "first run: finished.pcap as it is alone" \
    test "$(rows_of "$C/out1" "$C/caps/finished.pcap")" = "$(summary_of testdata/many-streams.pcap)"
check "first run: rotated.pcap as it is alone" \
    test "$(rows_of "$C/out1" "$C/caps/rotated.pcap")" = "$(summary_of testdata/rst.pcap)"
busy
run "$C/outq" "$C/errq" -q --state "$C/state-q" -T ndjson --summary "$C/caps"
check "-q: no line for the capture being written" test ! -s "$C/errq"
run "$C/outn" "$C/errn" -T tsv --summary "$C/caps/growing.pcap"
check "a capture named on the command line is read even while written (cut: 3, got $rc)" \
    test "$rc" = 3 -a "$(wc -l <"$C/outn")" = 2
run "$C/outs" "$C/errs" --settle 0 -T ndjson --summary "$C/caps"
check "--settle 0: the capture being written is read too" \
    test "$(jq -r .file "$C/outs" | grep -c growing)" = 1
mkdir -p "$C/recent"
cp testdata/rst.pcap "$C/recent/two-hours.pcap"
touch -d '-2 hours' "$C/recent/two-hours.pcap"
run "$C/outs" "$C/errs" --settle 10800 -T ndjson --summary "$C/recent"
check "--settle 10800: a capture modified two hours ago is skipped, exit 0 (got $rc)" \
    test "$rc" = 0 -a ! -s "$C/outs"
check "--settle 10800: all captures settling: one line with the way out" \
    test "$(cat "$C/errs")" = "streamxpert: nothing analysed: the capture found was modified less than 10800 s ago (still being written?); --settle 0 reads it as it is"
cp testdata/rst.pcap "$C/recent/two-hours-b.pcap"
touch -d '-2 hours' "$C/recent/two-hours-b.pcap"
run "$C/outs" "$C/errs" --settle 10800 -T tsv "$C/recent"
check "--settle 10800, two captures settling: one line for both, nothing on stdout (got $rc)" \
    test "$rc" = 0 -a ! -s "$C/outs" -a "$(cat "$C/errs")" = "streamxpert: nothing analysed: all 2 captures found were modified less than 10800 s ago (still being written?); --settle 0 reads them as they are"
rm "$C/recent/two-hours-b.pcap"
run "$C/outs" "$C/errs" --settle 3600 -T ndjson --summary "$C/recent"
check "--settle 3600: a capture modified two hours ago is read" \
    test "$rc" = 0 -a "$(wc -l <"$C/outs")" = 1
busy
run "$C/out2" "$C/err2" --state "$S" -T ndjson --summary "$C/caps"
check "second run: nothing new, exit 0 (got $rc)" test "$rc" = 0 -a ! -s "$C/out2"
check "second run: the same line for the capture being written" \
    test "$(grep -c 'growing.pcap: skipped: still being written' "$C/err2")" = 1
busy
run "$C/out2t" "$C/err2t" --state "$S" -T tsv --summary "$C/caps"
check "nothing new as TSV: nothing on stdout, not even the header" test ! -s "$C/out2t"
# the daemon finishes its file; one file is rotated over (a new inode),
# one rewritten in place (the same inode, another size)
check "the writer completes the cut packet" cw rest
check "the writer appends more" cw "packet 5"
cw close
wait "$cw_pid" 2>/dev/null
cp testdata/ipv6.pcap "$C/caps/.new" && mv "$C/caps/.new" "$C/caps/rotated.pcap"
cat testdata/zero-window.pcap >"$C/caps/rewritten.pcap"
old "$C/caps"/*.pcap
head -c "$(stat -c %s "$C/caps/growing.pcap")" testdata/out-of-order.pcap >"$C/growing-want.pcap"
run "$C/out3" "$C/err3" --state "$S" -T ndjson --summary -j 2 "$C/caps"
check "third run: exit 0, no message (got $rc)" test "$rc" = 0 -a ! -s "$C/err3"
check "third run: the rotated, rewritten and finished-writing captures only" \
    test "$(jq -r .file "$C/out3" | xargs -n1 basename | tr '\n' ' ')" = "growing.pcap rewritten.pcap rotated.pcap "
check "third run: growing.pcap whole, as the same bytes alone" \
    test "$(rows_of "$C/out3" "$C/caps/growing.pcap")" = "$(summary_of "$C/growing-want.pcap")"
check "third run: rotated.pcap is the new capture" \
    test "$(rows_of "$C/out3" "$C/caps/rotated.pcap")" = "$(summary_of testdata/ipv6.pcap)"
check "third run: rewritten.pcap is the new content" \
    test "$(rows_of "$C/out3" "$C/caps/rewritten.pcap")" = "$(summary_of testdata/zero-window.pcap)"
run "$C/out4" "$C/err4" --state "$S" -T ndjson --summary "$C/caps"
check "fourth run: nothing new" test "$rc" = 0 -a ! -s "$C/out4"
cat "$C"/out[1234] | jq -r .file | sort | uniq -c | awk '{print $1}' | tr '\n' ' ' >"$C/counts"
check "each capture's content reported once over the four runs" \
    test "$(cat "$C/counts")" = "1 1 2 2 "
# the state file names what it remembers, and rejects what is not one
check "the state names the captures" test "$(grep -c "^reported" "$S")" = 4
printf 'garbage\n' >"$C/bad-state"
run "$C/x" "$C/xe" --state "$C/bad-state" -T tsv "$C/caps"
check "a file that is not a state: exit 2, one line, untouched (got $rc)" \
    test "$rc" = 2 -a "$(wc -l <"$C/xe")" = 1 -a "$(cat "$C/bad-state")" = garbage -a ! -s "$C/x"
grep -q "bad-state: line 1: not a streamxpert state file" "$C/xe" ||
    fail "the state error names the file and the line"

section "-j, -o, a full disk"
# -j: captures done out of order, written and recorded in input order.
# Eight crafted captures (small, some with many streams, one cut short,
# one without TCP), named so that the big ones come first and finish last
mkdir -p "$C/many"
i=0
for f in many-streams window-full zero-window ipv6 truncated reused-ports \
    no-tcp rst; do
	i=$((i + 1))
	cp "testdata/$f.pcap" "$C/many/$i-$f.pcap"
done
old "$C/many"/*
"$SX" -T ndjson --summary -j 1 "$C/many" >"$C/many-all" 2>/dev/null
for fmt in ndjson tsv json table prometheus; do
	rm -f "$C/st-$fmt"
	"$SX" --state "$C/st-$fmt" -T $fmt --summary -j 4 "$C/many" >"$C/j4.$fmt" 2>/dev/null
	"$SX" -T $fmt --summary -j 1 "$C/many" >"$C/j1.$fmt" 2>/dev/null
	check "--state, -j 4, $fmt: the report of -j 1" \
	    cmp -s <(grep -v last_run_timestamp "$C/j1.$fmt") <(grep -v last_run_timestamp "$C/j4.$fmt")
	check "--state, -j 4, $fmt: every capture read recorded" \
	    test "$(grep -c '^reported' "$C/st-$fmt")" = "$(jq -r 'select(.status != "failed") | .file' "$C/many-all" | wc -l)"
done

# -o: the report lands whole or not at all
echo old >"$C/report.tsv"
run "$C/x" "$C/xe" -o "$C/report.tsv" -T tsv "$C/many"
check "-o: exit as without it, nothing on stdout (got $rc)" test "$rc" = 3 -a ! -s "$C/x"
"$SX" -T tsv "$C/many" >"$C/want.tsv" 2>/dev/null
check "-o: the file holds the report" cmp -s "$C/want.tsv" "$C/report.tsv"
check "-o: no temporary file left" test "$(ls -A "$C" | grep -c '^\.report')" = 0
run "$C/x" "$C/xe" -o "$C/no-such-dir/r.tsv" -T tsv "$C/many"
check "-o into a missing directory: exit 2, one line naming it (got $rc)" \
    test "$rc" = 2 -a "$(wc -l <"$C/xe")" = 1 && grep -q "no-such-dir/r.tsv" "$C/xe"
if mkdir -p "$C/small" && mount -t tmpfs -o size=64k tmpfs "$C/small" 2>/dev/null; then
	# a full disk while the report is written: the old report stays
	echo old >"$C/small/r.tsv"
	dd if=/dev/zero of="$C/small/fill" bs=4k 2>/dev/null
	run "$C/x" "$C/xe" -o "$C/small/r.tsv" -T tsv -e all "$C/many"
	check "-o on a full disk: exit 2 (got $rc)" test "$rc" = 2
	check "-o on a full disk: the message says so" grep -q "No space left on device" "$C/xe"
	check "-o on a full disk: the old report untouched, no temporary file" \
	    test "$(cat "$C/small/r.tsv")" = old -a "$(ls -A "$C/small" | wc -l)" = 2
	rm -f "$C/small/fill" "$C/small/r.tsv"
	# a full disk while the state is written: a clear error, the old
	# state intact, and the captures reported again when there is room
	mkdir -p "$C/fd"
	cp testdata/rst.pcap "$C/fd/a.pcap"
	old "$C/fd/a.pcap"
	run "$C/x" "$C/xe" --state "$C/small/state" -T ndjson --summary "$C/fd"
	check "state on a small disk: first run records a.pcap" \
	    test "$rc" = 0 -a "$(grep -c '^reported' "$C/small/state")" = 1
	cp "$C/small/state" "$C/state-before"
	cp testdata/ipv6.pcap "$C/fd/b.pcap"
	old "$C/fd/b.pcap"
	dd if=/dev/zero of="$C/small/fill" bs=4k 2>/dev/null
	run "$C/x" "$C/xe" --state "$C/small/state" -T ndjson --summary "$C/fd"
	check "state on a full disk: exit 2 (got $rc)" test "$rc" = 2
	check "state on a full disk: one clear line" \
	    test "$(grep -c "cannot save the state: .*state: No space left on device" "$C/xe")" = 1
	check "state on a full disk: the old state intact" cmp -s "$C/state-before" "$C/small/state"
	check "state on a full disk: no temporary file left" \
	    test "$(ls -A "$C/small" | grep -vc -e '^state$' -e '^state.lock$' -e '^fill$')" = 0
	check "state on a full disk: b.pcap was reported" \
	    test "$(jq -r .file "$C/x" | xargs -n1 basename)" = b.pcap
	rm -f "$C/small/fill"
	run "$C/x" "$C/xe" --state "$C/small/state" -T ndjson --summary "$C/fd"
	check "room again: b.pcap is reported again, not lost" \
	    test "$rc" = 0 -a "$(jq -r .file "$C/x" | xargs -n1 basename)" = b.pcap
	# -o and --state on the full disk: neither lands, nothing is lost
	cp "$C/small/state" "$C/state-before"
	cp testdata/zero-window.pcap "$C/fd/c.pcap"
	old "$C/fd/c.pcap"
	dd if=/dev/zero of="$C/small/fill" bs=4k 2>/dev/null
	run "$C/x" "$C/xe" --state "$C/small/state" -o "$C/small/r.ndjson" -T ndjson --summary "$C/fd"
	check "-o and --state on a full disk: exit 2, no report, the old state (got $rc)" \
	    test "$rc" = 2 -a ! -e "$C/small/r.ndjson" && cmp -s "$C/state-before" "$C/small/state"
	umount "$C/small"
else
	skip "full disk: cannot mount a small tmpfs here (needs root)"
fi

section "SIGKILL, two runs at once"
# SIGKILL at a random point, then reruns until one ends: with -o every
# capture is in exactly one report; on stdout (NDJSON) none is lost and
# every line is whole. (Never under valgrind: a killed valgrind leaves a
# log cut short.)
SXK=$SXBIN
for k in 1 2; do
	rm -rf "$C/k" && mkdir -p "$C/k"
	for mode in o stdout; do
		rm -f "$C/k/state"
		n=0
		while :; do
			n=$((n + 1))
			if [ $mode = o ]; then
				"$SXK" --state "$C/k/state" -o "$C/k/out.$n" -T ndjson --summary -j 2 "$C/many" 2>/dev/null &
			else
				"$SXK" --state "$C/k/state" -T ndjson --summary -j 2 "$C/many" >"$C/k/out.$n" 2>/dev/null &
			fi
			pid=$!
			if [ $n -le 3 ]; then
				sleep "0.$(printf %03d $((RANDOM % 1000)))"
				kill -KILL $pid 2>/dev/null
			fi
			{ wait $pid; } 2>/dev/null; rc=$?
			[ $rc = 3 ] && break     # the run ended (truncated.pcap: 3)
			[ $n -ge 8 ] && break
		done
		cat "$C/k"/out.* 2>/dev/null | jq -r .file | sort >"$C/k/got.$mode"
		jq -r .file "$C/many-all" | sort >"$C/k/want"
		if [ $mode = o ]; then
			check "SIGKILL round $k (-o): every capture reported exactly once" \
			    cmp -s "$C/k/want" "$C/k/got.$mode"
		else
			check "SIGKILL round $k (stdout): no capture lost" \
			    test -z "$(sort -u "$C/k/got.$mode" | comm -23 "$C/k/want" -)"
			check "SIGKILL round $k (stdout): every line whole" \
			    jq -e . "$C"/k/out.* >/dev/null
		fi
		rm -f "$C"/k/out.*
	done
	check "SIGKILL round $k: no temporary file left (state, reports)" \
	    test "$(ls -A "$C/k" | grep -c '^\.')" = 0
done

# two runs at once on one state: the second stops at once with exit 4
# and does nothing; the first finishes; nothing is reported twice
cat >"$C/gated-tshark" <<EOF
#!/bin/sh
# tshark, but reading a capture waits until $C/go exists
case " \$* " in *" -r "*)
	echo \$\$ >>"$C/gate-started"
	while [ ! -e "$C/go" ]; do sleep 0.05; done
esac
exec "$(command -v "$TSHARK")" "\$@"
EOF
chmod +x "$C/gated-tshark"
# (a first run with the gate open puts the probe of this tshark, which
# reads an empty capture, in the cache: the gate then holds the analysis)
touch "$C/go"
"$SX" --tshark "$C/gated-tshark" -T tsv testdata/rst.pcap >/dev/null 2>&1
rm -f "$C/go" "$C/gate-started" "$C/cs"
"$SX" --tshark "$C/gated-tshark" --state "$C/cs" -T ndjson --summary -j 1 "$C/many" >"$C/ca" 2>"$C/cae" &
apid=$!
check "the first run has started its tshark" started "$C/gate-started"
run "$C/cb" "$C/cbe" --state "$C/cs" -T ndjson --summary "$C/many"
check "a second run on the held state: exit 4 (got $rc)" test "$rc" = 4
check "a second run on the held state: one line naming the state and the holder" \
    test "$(cat "$C/cbe")" = "streamxpert: $C/cs: in use by another streamxpert run (pid $apid); this one stops"
check "a second run on the held state: no output" test ! -s "$C/cb"
touch "$C/go"
wait $apid; rc=$?
check "the first run ends as usual (got $rc)" test "$rc" = 3
check "the first run reports every capture" \
    test "$(jq -r .file "$C/ca" | sort)" = "$(jq -r .file "$C/many-all" | sort)"
for k in 1 2 3; do
	rm -f "$C/cs"
	"$SX" --state "$C/cs" -T ndjson --summary -j 2 "$C/many" >"$C/c1" 2>/dev/null & p1=$!
	"$SX" --state "$C/cs" -T ndjson --summary -j 2 "$C/many" >"$C/c2" 2>/dev/null & p2=$!
	wait $p1; r1=$?
	wait $p2; r2=$?
	check "concurrent round $k: each run ends with 3 or 4 (got $r1 $r2)" \
	    test "$r1$r2" = 34 -o "$r1$r2" = 43 -o "$r1$r2" = 33
	check "concurrent round $k: each capture reported exactly once" \
	    test "$(cat "$C/c1" "$C/c2" | jq -r .file | sort)" = "$(jq -r .file "$C/many-all" | sort)"
done

section "Prometheus text, SQLite"
# Prometheus text, read by promtool and by the Prometheus client
# library's parser (tests/prom-check.py), against the --summary TSV of
# the same captures: every crafted and public capture; names with
# quotes, backslashes and newlines never become labels; --prom-labels;
# the cron scenario with --state. (A real Prometheus scraping
# node_exporter's textfile collector waits for scrape intervals: that is
# tests/prom-live.sh, outside make check.)
PROMPY=/usr/bin/python3
if command -v promtool >/dev/null 2>&1 &&
    "$PROMPY" -c 'import prometheus_client' 2>/dev/null; then
	odd="$C/odd"
	mkdir -p "$odd"
	cp testdata/many-streams.pcap "$odd/q\"uote.pcap"
	cp testdata/ipv6.pcap "$odd/back\\slash.pcap"
	cp testdata/rst.pcap "$odd/new"$'\n'"line.pcap"
	cp testdata/reused-ports.pcap "$odd/all\\\"of"$'\n'"them\\n.pcap"
	old "$odd"/*   # (settled: they are read through a directory below)
	# prom_against_tsv NAME ARGS...: the Prometheus text of a run,
	# parsed and held against the --summary TSV of the same captures
	prom_against_tsv() {
		local name=$1
		shift
		"$SX" -T prometheus "$@" >"$C/p.prom" 2>/dev/null
		"$SX" -T tsv --summary "$@" >"$C/p.tsv" 2>/dev/null
		promtool check metrics <"$C/p.prom" >"$C/promtool.out" 2>&1 ||
		    bad="$bad $name(promtool)"
		"$PROMPY" tests/prom-check.py "$C/p.prom" "$C/p.tsv" ||
		    bad="$bad $name"
	}
	bad=""
	# every crafted and public capture (under SX_SUBSET, the public
	# ones of the subset) in one run, then a few alone
	caps=()
	for f in testdata/*.pcap "$CAPS"/*.pcap*; do
		[ -f "$f" ] || continue
		[ "${f#"$CAPS"/}" != "$f" ] && ! in_subset "$f" && continue
		caps+=("$f")
	done
	prom_against_tsv "${#caps[@]} captures" "${caps[@]}"
	for f in testdata/many-streams.pcap testdata/truncated.pcap \
	    testdata/no-tcp.pcap; do
		prom_against_tsv "$f" "$f"
	done
	check "Prometheus output parses and holds the TSV's sums and latest capture:${bad:- all}" test -z "$bad"
	# (the comparison can fail: the first capture's frames, one more)
	awk -F'\t' -v OFS='\t' 'NR == 2 { $3 = $3 + 1 } 1' "$C/p.tsv" >"$C/p-off.tsv"
	check "prom-check.py sees one number that differs" \
	    sh -c "! '$PROMPY' tests/prom-check.py '$C/p.prom' '$C/p-off.tsv' >/dev/null"
	# many captures, odd names: bounded labels (none: no file name, no
	# stream number), each family once
	"$SX" -T prometheus -o "$C/all.prom" "$C/many" "$odd" 2>/dev/null
	check "Prometheus, many captures: promtool accepts it" promtool check metrics <"$C/all.prom"
	check "Prometheus, many captures: each TYPE once" \
	    test -z "$(grep '^# TYPE' "$C/all.prom" | sort | uniq -d)"
	check "Prometheus, many captures: no labels at all by default" \
	    test -z "$(grep -v '^#' "$C/all.prom" | grep '{')"
	check "Prometheus: no worst_stream gauge (a stream number is no measurement)" \
	    test -z "$(grep -e worst_stream -e worst_src "$C/all.prom")"
	# --prom-labels dir: one label set per directory; host: the host name
	"$SX" -T prometheus --prom-labels dir "$C/many" "$odd" >"$C/dir.prom" 2>/dev/null
	check "--prom-labels dir: promtool accepts it" promtool check metrics <"$C/dir.prom"
	check "--prom-labels dir: two directories, two label sets" \
	    test "$(grep '^streamxpert_captures_total' "$C/dir.prom" | sed 's/ .*//' | tr '\n' ' ')" = "streamxpert_captures_total{dir=\"$C/many\"} streamxpert_captures_total{dir=\"$C/odd\"} "
	"$SX" -T prometheus --prom-labels host "$C/many" >"$C/host.prom" 2>/dev/null
	"$SX" -T tsv --summary "$C/many" >"$C/many.tsv" 2>/dev/null
	check "--prom-labels host: every sample labelled with this host's name" \
	    "$PROMPY" tests/prom-check.py "$C/host.prom" "$C/many.tsv" "host=$(hostname)"
	run "$C/x" "$C/xe" --prom-labels file -T prometheus "$C/many"
	check "--prom-labels file: refused, exit 2 (got $rc)" test "$rc" = 2 -a ! -s "$C/x"

	# The cron scenario: --state and -o into a textfile collector's
	# directory, four runs, new captures arriving before the second and
	# third, none before the fourth. After each: promtool accepts the
	# file; its counters are the sums over every capture so far and its
	# gauges the latest capture's (the TSV of them all, without
	# --state); no series of the run before is gone; no counter went
	# down.
	P=$C/promcron
	rm -rf "$P" && mkdir -p "$P/caps" "$P/textfile"
	minute=0
	arrive() {
		local f
		for f; do
			cp "testdata/$f.pcap" "$P/caps/$f.pcap"
			minute=$((minute + 1))
			touch -d "2026-01-01 00:$(printf %02d $minute):00" "$P/caps/$f.pcap"
		done
	}
	grow_check() {  # grow_check OLD NEW: no series gone, no counter down
		"$PROMPY" -c '
import sys
from prometheus_client.parser import text_string_to_metric_families as parse
def read(p):
    out = {}
    for fam in parse(open(p).read()):
        for s in fam.samples:
            out[(s.name, tuple(sorted(s.labels.items())))] = (fam.type, s.value)
    return out
a, b = read(sys.argv[1]), read(sys.argv[2])
bad = [k for k in a if k not in b] + [k for k in a if k in b and
       a[k][0] == "counter" and b[k][1] < a[k][1]]
print(*bad, sep="\n")
sys.exit(1 if bad else 0)' "$1" "$2"
	}
	cron_bad=""
	prev=""
	for k in 1 2 3 4; do
		case $k in
		1) arrive many-streams rst ;;
		2) arrive ipv6 zero-window retransmission ;;
		3) arrive truncated out-of-order ;;
		esac
		run "$C/x" "$C/xe" --state "$P/state" -o "$P/textfile/sx.prom" -T prometheus "$P/caps"
		cp "$P/textfile/sx.prom" "$P/run$k.prom"
		"$SX" -T tsv --summary "$P/caps" >"$P/all$k.tsv" 2>/dev/null
		promtool check metrics <"$P/run$k.prom" >/dev/null 2>&1 || cron_bad="$cron_bad run$k(promtool)"
		"$PROMPY" tests/prom-check.py "$P/run$k.prom" "$P/all$k.tsv" || cron_bad="$cron_bad run$k(sums)"
		if [ -n "$prev" ]; then
			grow_check "$prev" "$P/run$k.prom" || cron_bad="$cron_bad run$k(gone or down)"
		fi
		prev=$P/run$k.prom
	done
	check "cron with --state: every run's set complete, counters the sums so far, none gone or down:${cron_bad:- all four runs}" \
	    test -z "$cron_bad"
	check "cron with --state: run 4 (nothing new) rewrote the set: only the run's time differs" \
	    test "$(grep -v last_run_timestamp "$P/run3.prom" | md5sum)" = "$(grep -v last_run_timestamp "$P/run4.prom" | md5sum)"
	check "cron with --state: the captures were counted once (7, 3 runs reading)" \
	    grep -qx 'streamxpert_captures_total 7' "$P/run4.prom"
	check "the state keeps the series (format 2)" \
	    test "$(head -1 "$P/state")" = "streamxpert-state 2" -a "$(grep -c '^metric' "$P/state")" -gt 40
	# a state of version 1 (what runs without -T prometheus write, and
	# older streamxpert) is read: the captures it has are not counted
	rm -f "$P/state1"
	"$SX" --state "$P/state1" -T ndjson --summary "$C/many" >/dev/null 2>&1
	check "a state without series is written as version 1" test "$(head -1 "$P/state1")" = "streamxpert-state 1"
	cp testdata/rst.pcap "$C/many/9-new.pcap"
	old "$C/many/9-new.pcap"
	run "$C/x" "$C/xe" --state "$P/state1" -T prometheus "$C/many"
	check "a version 1 state is read; only the new capture is counted (got $rc)" \
	    test "$rc" = 0 && grep -qx 'streamxpert_captures_total 1' "$C/x"
	rm -f "$C/many/9-new.pcap"
else
	skip "Prometheus parsers: promtool (Debian package prometheus) or python3-prometheus-client missing"
fi

# SQLite: a CSV and an NDJSON report loaded with the sqlite3 client, as
# the man page shows, answer queries as the report does
if command -v sqlite3 >/dev/null 2>&1; then
	"$SX" -T csv -e all "$C/many" >"$C/r.csv" 2>/dev/null
	rm -f "$C/r.db"
	sqlite3 "$C/r.db" ".import --csv $C/r.csv streams"
	got=$(sqlite3 "$C/r.db" "SELECT count(*), sum(frames), sum(retransmission), sum(duplicate_ack), count(DISTINCT file) FROM streams")
	want=$(awk -F, 'NR > 1 {n++; f += $4; r += $9; d += $12} END {print n "|" f "|" r "|" d}' \
	    <(cols <(tr , '\t' <"$C/r.csv") file,stream,src,frames,bytes,start,duration,dst,retransmission,fast_retransmission,spurious_retransmission,duplicate_ack | tr '\t' ,))
	nfiles=$(cut -d, -f1 "$C/r.csv" | tail -n +2 | sort -u | wc -l)
	check "sqlite3 imports the CSV report: rows and sums as the report's ($got)" \
	    test "$got" = "$want|$nfiles"
	# the man page's query: CSV columns are text, hence the CAST
	sqlite3 "$C/r.db" "SELECT file, stream, frames FROM streams WHERE CAST(frames AS INTEGER) > 10 ORDER BY file, CAST(stream AS INTEGER)" >"$C/q1"
	awk -F'\t' 'NR > 1 && $3 > 10 {print $1 "|" $2 "|" $3}' <(cols <(tr , '\t' <"$C/r.csv") file,stream,frames) >"$C/q2"
	check "sqlite3: the streams with more than 10 frames are the report's" \
	    test -s "$C/q1" && cmp -s "$C/q1" "$C/q2"
	# a second import into the existing table skips the header
	sqlite3 "$C/r.db" ".import --csv --skip 1 $C/r.csv streams"
	check "sqlite3: a second CSV import adds the rows again, no header row" \
	    test "$(sqlite3 "$C/r.db" "SELECT count(*), count(DISTINCT file) FROM streams")" = "$(( $(wc -l <"$C/r.csv") * 2 - 2 ))|$nfiles"
	"$SX" -T ndjson --summary "$C/many" >"$C/r.ndjson" 2>/dev/null
	sqlite3 "$C/r.db" 'CREATE TABLE IF NOT EXISTS reports(j TEXT)'
	sqlite3 "$C/r.db" '.mode ascii' '.separator "\037" "\n"' ".import $C/r.ndjson reports"
	got=$(sqlite3 "$C/r.db" "SELECT j->>'file', j->>'status', j->>'streams', j->>'retransmission' FROM reports ORDER BY j->>'file'")
	want=$(jq -r '[.file, .status, .streams, .retransmission] | map(tostring) | join("|")' "$C/r.ndjson" | LC_ALL=C sort)
	check "sqlite3 imports the NDJSON report: every row, field by field" test "$got" = "$want"
	got=$(sqlite3 "$C/r.db" "SELECT j->>'file' FROM reports WHERE j->>'frames' > 10 ORDER BY 1")
	want=$(jq -r 'select(.frames > 10) | .file' "$C/r.ndjson" | LC_ALL=C sort)
	check "sqlite3: JSON numbers compare as numbers" test -n "$got" -a "$got" = "$want"
else
	skip "sqlite3: the sqlite3 client is missing"
fi

finish
