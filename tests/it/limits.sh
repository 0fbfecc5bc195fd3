#!/bin/bash
# limits.sh - this machine's limits are not damaged captures: closed
# standard descriptors, and too few file descriptors for -j N tsharks
# (fewer run at once, every capture is analysed, the output is that of
# -j 1; only when not even one tshark can start is it an error, said once).
# Runs alone as tests/it/limits.sh [BUILD_DIR] or tests/run.sh limits.
. "$(dirname "$0")/../lib.sh"

# Under valgrind both halves test valgrind, not streamxpert: valgrind
# opens its log file before streamxpert runs (a closed descriptor 1 is
# then valgrind's log), and keeps descriptors of its own that count
# against ulimit -n. They run in the normal and the ASan passes.
if [ -n "${SX_VALGRIND:-}" ]; then
	skip "closed descriptors and descriptor limits under valgrind (its own descriptors)"
	SX_VALGRIND='' finish   # (no run of streamxpert to look at)
	exit
fi
section "closed standard descriptors"
R=testdata/retransmission.pcap
"$SX" -T tsv "$R" >"$T/ref.out" 2>"$T/ref.err"; rc_ref=$?
check "reference run (rc $rc_ref)" test "$rc_ref" = 0 -a -s "$T/ref.out"

"$SX" "$R" >&- 2>"$T/err"; rc=$?
check "stdout closed: status 2 (got $rc)" test "$rc" = 2
check "stdout closed: one line says the report cannot be written" \
    test "$(cat "$T/err")" = "streamxpert: writing the report: Bad file descriptor"
"$SX" -T tsv --no-header --problems testdata/handshake-close.pcap >&- 2>"$T/err"; rc=$?
check "stdout closed, empty report: status 2 (got $rc)" test "$rc" = 2
check "stdout closed, empty report: said" grep -q "writing the report" "$T/err"
# (two directories of three captures: many writes, one message)
mkdir "$T/three"
for f in rst ipv6 retransmission; do ln -s "$PWD/testdata/$f.pcap" "$T/three/"; done
for f in json ndjson csv; do
	"$SX" --settle 0 -T $f -j 2 "$T/three" "$T/three" >&- 2>"$T/err"; rc=$?
	check "stdout closed, -T $f over two directories: status 2 (got $rc)" test "$rc" = 2
	check "stdout closed, -T $f: the write error said once" \
	    test "$(grep -c "writing the report" "$T/err")" = 1
done

"$SX" -T tsv "$R" <&- >"$T/out" 2>"$T/err"; rc=$?
check "stdin closed, a file argument: as usual (rc $rc)" \
    test "$rc" = 0 -a "$(cksum <"$T/out")" = "$(cksum <"$T/ref.out")"
"$SX" -T tsv - <&- >"$T/out" 2>"$T/err"; rc=$?
check "stdin closed, '-': status 2 (got $rc)" test "$rc" = 2
check "stdin closed, '-': one line naming standard input" \
    test "$(wc -l <"$T/err")" = 1 -a "$(grep -c '^streamxpert: standard input: ' "$T/err")" = 1

"$SX" -T tsv "$R" 2>&- >"$T/out"; rc=$?
check "stderr closed: same report, same status" \
    test "$rc" = 0 -a "$(cksum <"$T/out")" = "$(cksum <"$T/ref.out")"
"$SX" -T tsv testdata/truncated.pcap 2>&- >/dev/null; rc=$?
check "stderr closed: a damaged capture still gives status 3 (got $rc)" test "$rc" = 3

# Under valgrind the descriptor limits are valgrind's own (it keeps
# descriptors of its own and cannot start under a tight ulimit -n): the
# limits are tested in the normal and ASan passes.
if [ -z "${SX_VALGRIND:-}" ]; then
section "too few descriptors for -j N"
# 300 captures (links to the crafted ones) through the fake tshark, which
# starts fast; then a few through the real tshark. (--settle 0: the
# links lead to files a fresh clone has just written)
D=$T/many
mkdir "$D"
i=0
while [ $i -lt 300 ]; do
	for f in testdata/*.pcap; do
		[ $i -lt 300 ] || break
		i=$((i + 1))
		ln -s "$PWD/$f" "$D/c$i.pcap"
	done
done
FAKE_TSHARK_MODE=good "$SX" --settle 0 -j 1 -T tsv --tshark "$FAKE" "$D" >"$T/j1.out" 2>"$T/j1.err"; rc1=$?
check "fake tshark, 300 captures, -j 1: every one reported (rc $rc1)" \
    test "$rc1" = 0 -a "$(grep -c "^$D/c[0-9]*\.pcap	" "$T/j1.out")" = 600
(ulimit -n 40; FAKE_TSHARK_MODE=good exec "$SX" --settle 0 -j 64 -T tsv --tshark "$FAKE" "$D") \
    >"$T/jn.out" 2>"$T/jn.err"; rc=$?
check "fake tshark, ulimit -n 40, -j 64: status of -j 1 ($rc)" test "$rc" = "$rc1"
check "fake tshark, ulimit -n 40, -j 64: output of -j 1" \
    test "$(cksum <"$T/jn.out")" = "$(cksum <"$T/j1.out")" -a \
    "$(cksum <"$T/jn.err")" = "$(cksum <"$T/j1.err")"
(ulimit -n 40; FAKE_TSHARK_MODE=good exec "$SX" --settle 0 -v -j 64 -T tsv --tshark "$FAKE" "$D") \
    >/dev/null 2>"$T/v.err"
check "-v says that fewer tsharks run at once" \
    grep -q 'Too many open files; running at most [0-9]* tsharks at once' "$T/v.err"
check "no fake tshark left" no_leftover "$FAKE"

D2=$T/some
mkdir "$D2"
for f in $(ls testdata/*.pcap | head -10); do ln -s "$PWD/$f" "$D2/$(basename "$f")"; done
"$SX" --settle 0 -j 1 -T tsv -e all "$D2" >"$T/j1.out" 2>"$T/j1.err"; rc1=$?
(ulimit -n 24; exec "$SX" --settle 0 -j 16 -T tsv -e all "$D2") >"$T/jn.out" 2>"$T/jn.err"; rc=$?
check "tshark, ulimit -n 24, -j 16: status of -j 1 ($rc1, $rc)" test "$rc" = "$rc1"
check "tshark, ulimit -n 24, -j 16: output of -j 1" \
    test "$(cksum <"$T/jn.out")" = "$(cksum <"$T/j1.out")" -a \
    "$(cksum <"$T/jn.err")" = "$(cksum <"$T/j1.err")"
check "tshark, ulimit -n 24: no 'Too many open files'" \
    test "$(grep -c 'Too many open files' "$T/jn.err")" = 0

# Lower and lower limits: each run either works as without a limit or
# fails with status 2 and one line; at some limit tshark -v still runs but
# no capture's tshark can: that is said once, not once per capture.
export FAKE_TSHARK_MODE=good
"$SX" -j 1 -T tsv --tshark "$FAKE" "$R" "$R" "$R" >"$T/ref.out" 2>/dev/null
said=0 worked=0 bad=
for n in $(seq 6 24); do
	(ulimit -n $n; exec "$SX" -j 3 -T tsv --tshark "$FAKE" "$R" "$R" "$R") \
	    >"$T/out" 2>"$T/err"; rc=$?
	if [ "$rc" = 0 ]; then
		cmp -s "$T/out" "$T/ref.out" && [ ! -s "$T/err" ] && worked=1 || bad="$bad $n"
	elif [ "$rc" = 2 ]; then
		[ "$(wc -l <"$T/err")" = 1 ] || bad="$bad $n"
		grep -q '^streamxpert: cannot start tshark: .*Too many open files$' "$T/err" && said=1
	else
		bad="$bad $n(rc $rc)"
	fi
done
check "every limit: the report of no limit, or status 2 and one line (not at:$bad)" test -z "$bad"
check "some limit lets every capture run" test "$worked" = 1
check "some limit lets no capture's tshark start: said once" test "$said" = 1
unset FAKE_TSHARK_MODE

section "too few descriptors for the split of one capture"
split_small
if have_caps; then
	C=$CAPS/ftp-crack-many-streams.pcap
	"$SX" -j 1 -T tsv -e all "$C" >"$T/j1.out" 2>"$T/j1.err"; rc1=$?
	(ulimit -n 40; exec "$SX" -v -j 64 -T tsv -e all "$C") >"$T/jn.out" 2>"$T/jn.err"; rc=$?
	n=$(sed -n 's/.*: split across \([0-9]*\) tsharks by TCP connection$/\1/p' "$T/jn.err")
	check "ulimit -n 40, -j 64: split across fewer tsharks (${n:-none})" \
	    test -n "$n" && test "$n" -ge 2 -a "$n" -lt 64
	check "ulimit -n 40, -j 64: merged, not rerun" grep -q ': merged [0-9]* streams' "$T/jn.err"
	check "ulimit -n 40, -j 64: status and output of -j 1" \
	    test "$rc" = "$rc1" -a "$(cksum <"$T/jn.out")" = "$(cksum <"$T/j1.out")"
	# so few that not even two can run: one tshark for the whole file
	(ulimit -n 16; exec "$SX" -v -j 8 -T tsv -e all "$C") >"$T/jn.out" 2>"$T/jn.err"; rc=$?
	check "ulimit -n 16, -j 8: status and output of -j 1 ($rc)" \
	    test "$rc" = "$rc1" -a "$(cksum <"$T/jn.out")" = "$(cksum <"$T/j1.out")"
else
	skip "no public captures in $CAPS: the split under a descriptor limit"
fi
else
	skip "descriptor limits under valgrind (its own descriptors count against them)"
fi

finish
