#!/bin/bash
# versions.sh - tshark versions (issue 16), what needs no chroot: the probe
# of what a tshark supports (a fake tshark 3.4 that lacks two fields and has
# one TCP heuristic), a column whose field the tshark lacks, and that the
# real tshark accepts every heuristic the probe found. The fidelity tests
# against tshark 3.4, 4.0, 4.4 and 4.6 are tests/versions.sh (make
# check-versions). Runs alone as tests/it/versions.sh [BUILD_DIR] or
# tests/run.sh versions.
. "$(dirname "$0")/../lib.sh"

section "tshark versions: the probe of what a tshark supports"
M=testdata/many-streams.pcap
R=testdata/retransmission.pcap
# a fake tshark 3.4 that lacks tcp.completeness and
# tcp.analysis.reused_ports and has one TCP heuristic, http_tcp
OLD=(env FAKE_TSHARK_MODE=old-tshark XDG_CACHE_HOME="$T/cache-old")
"${OLD[@]}" "$SX" -v --engine plain --tshark "$FAKE" -T tsv "$M" >"$T/out" 2>"$T/err"
check "tshark lacking a field: the default columns still work (exit $?)" \
    test $? = 0 -a "$(wc -l <"$T/out")" = 3
c=$(cat "$T"/cache-old/streamxpert/tshark-* 2>/dev/null)
check "the probe keeps only the heuristics tshark accepts" \
    grep -qx 'heuristics=http_tcp' <<<"$c"
check "the probe names the fields tshark refuses" \
    grep -qx 'missing=tcp.completeness,tcp.analysis.reused_ports' <<<"$c"
"${OLD[@]}" "$SX" --engine plain --tshark "$FAKE" -T tsv -e stream,reused_ports "$M" >"$T/out" 2>"$T/err"
check "a column whose field tshark lacks: exit 2, nothing printed (got $?)" \
    test $? = 2 -a ! -s "$T/out"
check "a column whose field tshark lacks: one line naming both" \
    test "$(cat "$T/err")" = "streamxpert: column reused_ports needs the field tcp.analysis.reused_ports, which tshark 3.4.99 does not have"
"${OLD[@]}" "$SX" --engine plain --tshark "$FAKE" -T tsv -e stream,state,completeness "$M" >"$T/out" 2>"$T/err"
check "no tcp.completeness: state and completeness are derived (exit $?)" \
    test $? = 0 -a ! -s "$T/err"
"${OLD[@]}" "$SX" --engine plain --tshark "$FAKE" --sort reused_ports -T tsv "$M" >"$T/out" 2>"$T/err"
check "--sort on a column whose field tshark lacks: exit 2 (got $?)" \
    test $? = 2 -a "$(grep -c 'needs the field tcp.analysis.reused_ports' "$T/err")" = 1
# the real tshark: every heuristic the probe found is accepted (the run
# would fail otherwise) and the tuned engine disables them
run "$T/out" "$T/err" -v -j 1 -T tsv "$R"
n=$(grep -o -- '--disable-heuristic=' "$T/err" | wc -l)
check "tshark $("$TSHARK" -v 2>/dev/null | awk 'NR == 1 { print $3 }'): the probe found its TCP heuristics ($n) and tshark accepted them (exit $rc)" \
    test "$n" -ge 20 -a "$rc" = 0

finish
