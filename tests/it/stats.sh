#!/bin/bash
# stats.sh - the statistics columns of issue 13 (throughput, windows, in
# flight, options, timings, service): every value of every stream of every
# crafted and public capture, total and per direction, equals
# tests/independent-stats.awk's computation from tshark's raw -T fields
# output, with both engines (split.sh proves -j N byte-identical);
# the crafted statistics captures' values known by construction; JSON
# nesting; tshark asked only for the fields the columns need.
# Runs alone as tests/it/stats.sh [BUILD_DIR] or tests/run.sh stats.
. "$(dirname "$0")/../lib.sh"

# raw_stats FILE: the statistics columns computed by awk, straight from
# tshark's raw fields (with the preferences streamxpert pins for them)
raw_stats() {
	"$TSHARK" -n -r "$1" -o tcp.analyze_sequence_numbers:TRUE \
	    -o tcp.track_bytes_in_flight:TRUE \
	    -o 'tcp.default_window_scaling:Not known' \
	    -T fields -E separator=/t -E occurrence=a -E aggregator=, \
	    -e tcp.stream -e frame.time_relative -e frame.protocols \
	    -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
	    -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.analysis.ack_rtt \
	    -e tcp.analysis.retransmission -e tcp.window_size \
	    -e tcp.window_size_scalefactor -e tcp.analysis.bytes_in_flight \
	    -e tcp.option_kind -e tcp.options.mss_val \
	    -e tcp.options.wscale.shift \
	    -e tls.handshake.extensions_server_name -e http.host 2>/dev/null |
	    awk -f tests/independent-stats.awk
}
# stats_compare FILE: every statistic of every stream, total and per
# direction, against raw_stats, with both engines. (-j 2 and -j 4 give
# -j 1's -e all, statistics included, byte for byte: split.sh.)
stats_compare() {
	local f=$1 name how c
	name=$(basename "$f")
	in_subset "$f" || return 0
	raw_stats "$f" >"$T/st-raw.txt"
	c=$(head -1 "$T/st-raw.txt" | tr '\t' ,)
	for how in "-j 1" "-j 1 --engine plain"; do
		"$SX" $how -T tsv -e "$c" "$f" >"$T/st-sx.txt" 2>/dev/null
		check "statistics of $name ($how) equal tshark's raw fields" \
		    awk -f tests/same-stats.awk "$T/st-raw.txt" "$T/st-sx.txt"
	done
}
section "every statistic against tshark's raw fields, both engines"
for s in $(crafted); do
	stats_compare "testdata/$s.pcap"
done
if have_caps; then
	for f in "${PUBLIC[@]}"; do
		in_subset "$f" && stats_compare "$f"
	done
else
	skip "no public captures for the statistics ($CAPS)"
fi

section "values known by construction, JSON nesting, fields asked of tshark"

# the crafted captures' values, known by construction (testdata/README.md)
# val FILE COLUMN: the column's value in the first stream
val() { "$SX" -j 1 -T tsv --no-header -e "$2" "testdata/$1.pcap" 2>/dev/null | head -1; }
check "bulk-transfer: throughput_rev is 101000 B / 0.104 s" \
    test "$(val bulk-transfer throughput_rev)" = 971153.846154
check "bulk-transfer: goodput_rev is 100000 B / 0.104 s" \
    test "$(val bulk-transfer goodput_rev)" = 961538.461538
check "bulk-transfer: retrans_bytes_rev 1000, goodput_bytes_rev 100000" \
    test "$(val bulk-transfer retrans_bytes_rev,goodput_bytes_rev)" = "$(printf '1000\t100000')"
check "bulk-transfer: service http, server_name bulk.example" \
    test "$(val bulk-transfer service,server_name)" = "$(printf 'http\tbulk.example')"
check "bulk-transfer: SACK offered by both, timestamps by neither" \
    test "$(val bulk-transfer sack_perm_fwd,sack_perm_rev,timestamps_fwd,timestamps_rev)" = "$(printf '1\t1\t0\t0')"
check "idle-gap: idle_max is the 30 s gap" \
    test "$(val idle-gap idle_max)" = 30.000000
check "idle-gap: the server answers 30.01 s after the request" \
    test "$(val idle-gap first_data_fwd,first_data_rev)" = "$(printf '0.012080\t30.022080')"
check "wscale-negotiated: shifts 7 and 8, windows scaled (100 << 8)" \
    test "$(val wscale-negotiated wscale_fwd,wscale_rev,win_min_rev,mss_fwd)" = "$(printf '7\t8\t25600\t1460')"
check "wscale-one-side: no scaling: raw windows; SACK/timestamps one-sided" \
    test "$(val wscale-one-side wscale_fwd,wscale_rev,win_min_rev,win_max_rev,sack_perm_fwd,sack_perm_rev,timestamps_fwd,timestamps_rev)" = \
    "$(printf '6\t\t32000\t65160\t1\t0\t1\t0')"
check "no-handshake: options and windows unknown (empty)" \
    test "$(val no-handshake mss_fwd,mss_rev,sack_perm_fwd,win_min,win_avg_fwd,win_max_rev)" = "$(printf '\t\t\t\t\t')"
check "no-handshake: the table shows unknown windows as -" \
    sh -c "'$SX' -e stream,win_min,mss_fwd testdata/no-handshake.pcap | tail -n +2 | head -1 | grep -Eq '^ *0 +- +- *\$'"
check "the table shows throughput in bit/s, powers of 1000, TSV the plain bytes/s" \
    sh -c "'$SX' -e stream,throughput_rev,goodput_rev testdata/bulk-transfer.pcap | sed -n 2p | grep -Eq '^ *0 +7\.8Mbit/s +7\.7Mbit/s *\$' &&
        '$SX' -T tsv --no-header -e throughput_rev testdata/bulk-transfer.pcap | grep -qx 971153.846154"
# the pinned preferences: a profile that guesses the window scale and
# stops tracking bytes in flight changes tshark's fields, not the report
mkdir -p "$T/prof"
printf 'tcp.default_window_scaling: 7\ntcp.track_bytes_in_flight: FALSE\n' >"$T/prof/preferences"
check "the profile changes plain tshark (so the next check can fail)" \
    test "$(WIRESHARK_CONFIG_DIR=$T/prof "$TSHARK" -n -r testdata/no-handshake.pcap -T fields \
        -e tcp.window_size_scalefactor -e tcp.analysis.bytes_in_flight 2>/dev/null | sed -n 2p)" = "$(printf '128\t')"
check "--user-config with that profile: windows still unknown, bytes in flight kept" \
    test "$(WIRESHARK_CONFIG_DIR=$T/prof "$SX" --user-config -T tsv --no-header \
        -e win_min,in_flight_max testdata/no-handshake.pcap 2>/dev/null)" = "$(printf '\t2000')"
# JSON: the per-side columns nest under fwd/rev only
"$SX" -T json -e stream,options,first_data_fwd,win_max testdata/wscale-one-side.pcap >"$T/st.json" 2>/dev/null
check "JSON: options nest under fwd/rev (null when absent), no total" \
    jq -e '.streams[0] | .fwd.mss == 1460 and .fwd.wscale == 6 and
        .rev.wscale == null and .rev.sack_perm == 0 and
        .fwd.timestamps == 1 and (.fwd.first_data | type) == "number" and
        (has("mss") | not) and (has("first_data") | not) and
        .win_max == 65160' "$T/st.json" >/dev/null
"$SX" -T ndjson -e stream,app,timing testdata/bulk-transfer.pcap >"$T/st.ndjson" 2>/dev/null
check "NDJSON: service and idle_max are the stream's, rtt_sd nests too" \
    jq -e 'select(.stream == 0) | .service == "http" and
        .server_name == "bulk.example" and (.idle_max | type) == "number" and
        (.fwd.rtt_sd | type) == "number" and (.rev | has("idle_max") | not)' \
    "$T/st.ndjson" >/dev/null
# the split merges the statistics records
STREAMXPERT_SPLIT_FRAMES=1 "$SX" -v -j 2 -T tsv -e all testdata/bulk-transfer.pcap >/dev/null 2>"$T/st.err"
check "-j 2 splits a capture with every statistic asked for" \
    grep -q "split across 2 tsharks" "$T/st.err"
# tshark is asked only for what the columns need
"$SX" -v -j 1 testdata/handshake-close.pcap >/dev/null 2>"$T/st-def.err"
check "the default report asks tshark for no statistics field or preference" \
    sh -c "! grep -Eq 'window_size|bytes_in_flight|option_kind|mss_val|wscale|server_name|http.host|default_window_scaling|track_bytes' '$T/st-def.err'"
"$SX" -v -j 1 -e stream,win_max testdata/handshake-close.pcap >/dev/null 2>"$T/st-win.err"
check "-e win_max asks for the window fields, pins the scaling guess, no payload fields" \
    sh -c "grep -q 'tcp.window_size_scalefactor' '$T/st-win.err' &&
        grep -q 'tcp.default_window_scaling:Not known' '$T/st-win.err' &&
        ! grep -Eq 'http.host|server_name|bytes_in_flight' '$T/st-win.err' &&
        grep -q -- '--disable-heuristic' '$T/st-win.err'"
"$SX" -v -j 1 -e stream,service testdata/handshake-close.pcap >/dev/null 2>"$T/st-app.err"
check "-e service keeps tshark's heuristic dissectors (its default decoding)" \
    sh -c "grep -q 'frame.protocols' '$T/st-app.err' && ! grep -q -- '--disable-heuristic' '$T/st-app.err'"
"$SX" --list-columns >"$T/st-list.txt"
for c in retrans_bytes goodput_bytes throughput goodput in_flight_max \
    in_flight_avg win_min win_avg win_max mss_fwd wscale_rev sack_perm_fwd \
    timestamps_rev seg_max seg_avg idle_max rtt_sd rtt_sd_fwd first_data_fwd \
    first_data_rev service server_name; do
	grep -q "^$c	" "$T/st-list.txt" || echo "$c"
done >"$T/st-missing.txt"
check "--list-columns lists every statistic" test ! -s "$T/st-missing.txt"
check "--list-columns has no mss or first_data total" \
    sh -c "! grep -Eq '^(mss|first_data|wscale|sack_perm|timestamps)	' '$T/st-list.txt'"
n=$("$SX" -T tsv -e transfer,window,options,timing,app testdata/bulk-transfer.pcap 2>/dev/null | head -1 | tr '\t' '\n' | wc -l)
check "-e transfer,window,options,timing,app: 49 columns (got $n)" test "$n" = 49
"$SX" -T tsv --no-header -e stream,throughput --sort throughput testdata/many-streams.pcap >"$T/st-sort.txt" 2>/dev/null
check "--sort throughput puts the fastest first (absent last)" \
    sh -c "cut -f2 '$T/st-sort.txt' | awk 'BEGIN{p=1e300} \$1==\"\"{e=1;next} e||\$1>p{exit 1} {p=\$1}'"
run "$T/out" "$T/err" --fail-if 'idle_max>20' -T tsv -e stream,idle_max testdata/idle-gap.pcap
check "--fail-if idle_max>20 on a 30 s gap: exit 1" test "$rc" = 1

finish
