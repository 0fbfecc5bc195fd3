#!/bin/bash
# formats.sh - the five formats, several files, stdin, -Y, the table, captures
# without packets or TCP, tunnels, ICMP errors; directions, totals,
# --problems and JSON nesting.
# Runs alone as tests/it/formats.sh [BUILD_DIR] or tests/run.sh formats.
. "$(dirname "$0")/../lib.sh"

section "formats and inputs"
M=testdata/many-streams.pcap
R=testdata/retransmission.pcap
run "$T/json" "$T/err" -T json -e all "$M" "$R"
check "json is valid and complete" jq -e >/dev/null \
    '(.streams | length) == 7 and (.files | length) == 2 and
     .files[0].complete and .tshark_version != "" and
     (.streams[0] | has("file") and has("rtt_avg") and has("reused_ports"))' \
    "$T/json"
run "$T/nd" "$T/err" -T ndjson "$M"
check "ndjson: one valid object per stream" \
    test "$(jq -c 'select(.frames > 0) | .stream' "$T/nd" | wc -l)" = 6
run "$T/csv" "$T/err" -T csv -e stream,src,irtt "$M"
check "csv header and rows" test "$(head -1 "$T/csv")" = "stream,src,irtt"
check "csv: empty irtt for a stream without one" grep -qx '0,192.0.2.14:41000,' "$T/csv"
run "$T/two" "$T/err" -T tsv "$M" "$R"
check "several files: file column first, stream numbers restart" \
    test "$(cut -f1,2 "$T/two" | tail -1)" = "$(printf '%s\t0' "$R")"
run "$T/one" "$T/err" -T tsv -H -e stream "$R"
check "-H adds the file column" test "$(tail -1 "$T/one")" = "$(printf '%s\t0' "$R")"
"$SX" -T tsv - <"$M" >"$T/stdin" 2>/dev/null
run "$T/file" "$T/err" -T tsv "$M"
check "a capture on stdin gives the same report" cmp -s "$T/stdin" "$T/file"
Y='tcp.stream == 4 && tcp.len > 0'
run "$T/flt" "$T/err" -T tsv --no-header -e stream,frames -Y "$Y" "$M"
check "-Y keeps only matching frames" test "$(cat "$T/flt")" = \
    "$(printf '4\t%s' "$(tshark -n -r "$M" -Y "$Y" 2>/dev/null | wc -l)")"
run "$T/tab" "$T/err" "$M"
check "default table: header, one row per stream, totals" \
    test "$(wc -l <"$T/tab")" = 8 -a "$(head -1 "$T/tab" | tr -s ' ')" = \
    "stream src dst frames retrans dupack ooo zerowin"
run "$T/out" "$T/err" -T tsv --no-header "testdata/zero-packets.pcap"
check "a capture without packets: no rows, exit 0" test "$rc" = 0 -a ! -s "$T/out"
run "$T/out" "$T/err" -T tsv "testdata/no-tcp.pcap"
check "a capture without TCP: header only, exit 0" test "$rc" = 0 -a "$(wc -l <"$T/out")" = 1
run "$T/out" "$T/err" -v -T tsv testdata/ip-in-ip.pcap
check "a tunnelled frame after plain ones: the file is read again" \
    test "$(grep -c 'ip-in-ip.pcap: .*2 IP headers (tshark output line 6); reading it again' "$T/err")" = 1
check "ip-in-ip: the tunnelled stream's endpoints are the inner addresses" \
    test "$(cut -f1-3 "$T/out" | tail -1)" = "$(printf '1\t10.1.0.5:50016\t10.2.0.7:8000')"
run "$T/out" "$T/err" -v -T tsv "$M"
check "many-streams is read once, with the built-in address columns" \
    test "$(grep -c '%uns' "$T/err")" = 1 -a "$(grep -c 'reading it again' "$T/err")" = 0
run "$T/out" "$T/err" -T tsv --no-header -e stream,frames "testdata/icmp-error.pcap"
check "an ICMP error quoting TCP belongs to no stream" \
    test "$(cat "$T/out")" = "$(printf '0\t8')"

section "directions, totals, problems, JSON nesting"
run "$T/tot" "$T/err" -T tsv --totals -e stream,frames,retransmission,frames_fwd,rtt_avg "$M" "$R"
check "--totals: one totals row per file, equal to the column sums" \
    test "$(awk -F'\t' 'NR > 1 && $2 != "total" { f[$1] += $3; r[$1] += $4; w[$1] += $5 }
        $2 == "total" { ok += ($3 == f[$1] && $4 == r[$1] && $5 == w[$1] && $6 == "") }
        END { print ok }' "$T/tot")" = 2
run "$T/tab" "$T/err" -e stream,frames "$M"
check "the table ends with a totals line" \
    test "$(tail -1 "$T/tab" | tr -s ' ')" = " total 53"
run "$T/tab" "$T/err" --no-totals -e stream,frames "$M"
check "--no-totals drops it" test "$(wc -l <"$T/tab")" = 7
run "$T/js" "$T/err" -T json -e stream,retransmission,retransmission_fwd,rtt_avg_rev,state "$M"
check "json nests directions and has totals equal to the sums" jq -e >/dev/null \
    '(.streams[4].fwd.retransmission | type) == "number" and
     (.streams[4] | has("rev") and (.rev | has("rtt_avg"))) and
     .files[0].totals.retransmission == ([.streams[].retransmission] | add) and
     .files[0].totals.fwd.retransmission == ([.streams[].fwd.retransmission] | add) and
     (.files[0].totals | has("state") | not)' "$T/js"
if [ -d "$CAPS" ]; then
	P="$CAPS/ethereum-zero-window-probe.pcap"
	"$SX" -T tsv --no-header -e stream,problems "$P" 2>/dev/null |
	    awk -F'\t' '$2 > 0' >"$T/p1"
	"$SX" -T tsv --no-header -e stream,problems --problems "$P" >"$T/p2" 2>/dev/null
	check "--problems keeps exactly the streams with problems" \
	    test -s "$T/p1" -a "$(cat "$T/p1")" = "$(cat "$T/p2")"
fi

finish
