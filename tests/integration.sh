#!/bin/bash
# integration.sh BUILD_DIR - end-to-end tests of streamxpert against real
# tshark, the crafted captures in testdata/, the public captures in
# ../shared/captures (when present) and a fake tshark for error paths.
#
# SX_CAPTURES overrides where the public captures are.
#
# SX_VALGRIND=1 runs every streamxpert (not tshark) under valgrind
# memcheck; each run writes a log, and the suite fails if any log reports
# an error or a definite or indirect leak. SX_SUBSET=1 compares only a
# few of the public captures with tshark (the rest take long under
# valgrind and exercise the same code); the skipped ones are named.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${1:-build}
SX=$PWD/$B/streamxpert
MKCAP=$PWD/$B/mkcap
FAKE=$PWD/build/fake_tshark   # never sanitized: it must crash cleanly
CAPS=${SX_CAPTURES:-$PWD/../shared/captures}
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-test.XXXXXX")
trap 'rm -rf "$T"' EXIT
export WIRESHARK_CONFIG_DIR="$T/no-profile"   # plain tshark, default settings
if [ -n "${SX_VALGRIND:-}" ]; then
	VALGRIND=$(command -v valgrind) || { echo "FAIL: no valgrind"; exit 1; }
	mkdir -p "$T/valgrind"
	# exec: the process signals are sent to is streamxpert's own
	cat >"$T/streamxpert" <<-EOF
	#!/bin/sh
	exec "$VALGRIND" --tool=memcheck --error-exitcode=99 --leak-check=full \\
	    --show-leak-kinds=definite,indirect \\
	    --errors-for-leak-kinds=definite,indirect \\
	    --log-file="$T/valgrind/%p.log" "$SX" "\$@"
	EOF
	chmod +x "$T/streamxpert"
	SX=$T/streamxpert
	echo "== every streamxpert below runs under valgrind memcheck"
fi
export XDG_CACHE_HOME="$T/cache"   # streamxpert's probe cache, private
unset STREAMXPERT_NO_CACHE
# the crafted captures are small: split them all the same (issue 15's
# section tests the sizing without this)
export STREAMXPERT_SPLIT_FRAMES=1

pass=0 failed=0 skipped=0
ok() { pass=$((pass + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "skip: $*"; }
# check NAME COMMAND...: passes when the command succeeds
check() { local n=$1; shift; if "$@"; then ok; else fail "$n"; fi; }

# run OUT ERR ARGS...: run streamxpert; the exit status is in $rc
run() { local out=$1 err=$2; shift 2; "$SX" "$@" >"$out" 2>"$err"; rc=$?; }

# no child of ours may outlive streamxpert (no zombie, no orphan tshark)
no_leftover() {
	sleep 0.2
	! pgrep -f "$1" >/dev/null 2>&1
}
# started PIDFILE [N]: wait until N fake tsharks (default 1) have written
# their pids there (a bound against hanging, not a timing assertion)
started() {
	local i
	for i in $(seq 600); do
		[ -s "$1" ] && [ "$(wc -l <"$1")" -ge "${2:-1}" ] && return 0
		sleep 0.1
	done
	return 1
}
# gone PIDFILE: none of the tsharks listed there (one pid a line, one
# line for each that started) runs or is left a zombie
gone() {
	local pid
	[ -s "$1" ] || return 1
	sleep 0.2
	for pid in $(cat "$1"); do
		! ps -o stat= -p "$pid" >/dev/null 2>&1 || return 1
	done
}

FLAGS="retransmission fast_retransmission spurious_retransmission duplicate_ack out_of_order lost_segment ack_lost_segment zero_window zero_window_probe zero_window_probe_ack window_full window_update keep_alive keep_alive_ack reused_ports"

# The report computed independently from tshark's raw fields, by awk.
raw_report() {
	local args=() f
	for f in $FLAGS; do args+=(-e "tcp.analysis.$f"); done
	tshark -n -r "$1" -T fields -E separator=/t -E occurrence=a \
	    -e tcp.stream -e frame.time_relative -e frame.protocols \
	    -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
	    -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.analysis.ack_rtt \
	    -e tcp.analysis.initial_rtt "${args[@]}" 2>/dev/null |
	    awk -f tests/independent.awk
}
# cols FILE NAME,...: the named columns of a TSV report
cols() { awk -v cols="$2" -f tests/select-columns.awk "$1"; }

# sorted FILE COLUMN SORT-OPTIONS...: --sort COLUMN --top 5 gives what
# sort(1) and head(1) give on the unsorted TSV
sorted() {
	local f=$1 c=$2
	shift 2
	"$SX" -T tsv --no-header -e stream,"$c" "$f" 2>/dev/null |
	    LC_ALL=C sort -s -t "$(printf '\t')" "$@" | head -5 >"$T/s1.txt"
	"$SX" -T tsv --no-header -e stream,"$c" --sort "$c" --top 5 "$f" \
	    >"$T/s2.txt" 2>/dev/null
	cmp -s "$T/s1.txt" "$T/s2.txt"
}

# The captures compared column by column with tshark under SX_SUBSET=1:
# the crafted ones with several streams, IPv6, reused ports and a cut, and
# public ones with seven TCP headers in a frame, IPv4 and IPv6 mixed,
# Linux cooked capture, GRE and VLANs.
SUBSET="many-streams.pcap reused-ports.pcap ipv6.pcap truncated.pcap
sflow-seven-tcp-in-one-frame.pcap http-ipv4-ipv6.pcapng
kakaotalk-chat-sll.pcap gre-aruba-vlan-zero-window.pcap"
not_compared=""
# compare FILE: compare_with_tshark, unless SX_SUBSET leaves it out
compare() {
	local name
	name=$(basename "$1")
	if [ -n "${SX_SUBSET:-}" ] && ! printf '%s\n' $SUBSET | grep -qxF "$name"; then
		not_compared="$not_compared $name"
		return
	fi
	compare_with_tshark "$1"
}

# compare_with_tshark FILE: every column against tshark's raw fields, the
# connection state against a two-pass tshark, directions against totals,
# and the tuned tshark invocation against plain -T fields
compare_with_tshark() {
	local f=$1 name c
	name=$(basename "$f")
	raw_report "$f" >"$T/raw.txt"
	"$SX" -T tsv -e all "$f" >"$T/auto.txt" 2>/dev/null
	"$SX" -T tsv -e all --engine plain "$f" >"$T/plain.txt" 2>/dev/null
	check "tuned tshark run equals plain -T fields on $name" \
	    cmp -s "$T/plain.txt" "$T/auto.txt"
	cols "$T/auto.txt" "$(head -1 "$T/raw.txt" | tr '\t' ,)" >"$T/sx.txt"
	check "every count, endpoint, time and rate of $name equals tshark's raw fields" \
	    awk -f tests/same-numbers.awk "$T/raw.txt" "$T/sx.txt"
	# Wireshark's completeness, as a two-pass tshark shows it on every
	# frame of a stream, against the completeness column
	tshark -2 -n -r "$f" -T fields -e tcp.stream -e tcp.completeness 2>/dev/null |
	    awk -F'\t' '$1 != "" && $1 !~ /,/ && !($1 in s) { s[$1] = $2; print }' |
	    LC_ALL=C sort >"$T/two.txt"
	cols "$T/auto.txt" stream,completeness | tail -n +2 | LC_ALL=C sort |
	    join -t "$(printf '\t')" "$T/two.txt" - | awk -F'\t' '$2 != $3' >"$T/compl.txt"
	check "completeness of $name equals two-pass tshark's" test ! -s "$T/compl.txt"
	# fwd + rev = the stream, for every counter
	for c in frames bytes $FLAGS rst plain_retransmission problems \
	    capture_problems data_segments retrans_segments; do
		cols "$T/auto.txt" "$c,${c}_fwd,${c}_rev" | tail -n +2 |
		    awk -F'\t' '$1 != $2 + $3' | head -1
	done >"$T/sum.txt"
	check "forward + reverse = total for every counter of $name" test ! -s "$T/sum.txt"
	# the default columns, asked for alone, equal the same from -e all
	"$SX" -T tsv "$f" >"$T/def.txt" 2>/dev/null
	cols "$T/auto.txt" "$(head -1 "$T/def.txt" | tr '\t' ,)" >"$T/alldef.txt"
	check "default columns of $name equal the same columns of -e all" \
	    cmp -s "$T/def.txt" "$T/alldef.txt"
	# --sort and --top agree with sort(1) and head(1) on the unsorted TSV
	check "--sort retransmission --top 5 on $name equals sort | head" \
	    sorted "$f" retransmission -k2,2nr
	check "--sort src --top 5 on $name equals sort | head" \
	    sorted "$f" src -k2,2
	check "--sort duration --top 5 on $name equals sort | head" \
	    sorted "$f" duration -k2,2gr
}

echo "== crafted captures (testdata)"
for s in $("$MKCAP" --list); do
	"$MKCAP" "$s" "$T/$s.pcap"
	check "mkcap $s regenerates testdata/$s.pcap" \
	    cmp -s "$T/$s.pcap" "testdata/$s.pcap"
	run "$T/out" "$T/err" -T tsv -e all "testdata/$s.pcap"
	want=0
	[ "$s" = truncated ] && want=3
	check "$s exits $want (got $rc)" test "$rc" = "$want"
	check "$s output equals testdata/golden/$s.tsv" \
	    cmp -s "$T/out" "testdata/golden/$s.tsv"
	[ "$s" = truncated ] &&
	    check "truncated names the file and the cause" grep -q \
	    "testdata/truncated.pcap: the capture is cut short" "$T/err"
	compare "testdata/$s.pcap"
done

echo "== public captures ($CAPS)"
if [ -d "$CAPS" ]; then
	for f in "$CAPS"/*.pcap*; do
		compare "$f"
	done
	# per file: streams and the sums of the four classic columns equal
	# what MANIFEST.tsv records (computed there with plain tshark)
	if [ -f "$CAPS/MANIFEST.tsv" ]; then
		tail -n +2 "$CAPS/MANIFEST.tsv" |
		while IFS=$'\t' read -r file _ _ _ _ _ _ streams re du oo zw _; do
			got=$("$SX" -T tsv --no-header -e stream,retransmission,duplicate_ack,out_of_order,zero_window \
			    "$CAPS/$file" 2>/dev/null | awk -F'\t' \
			    '{n++; r+=$2; d+=$3; o+=$4; z+=$5} END {printf "%d %d %d %d %d", n, r, d, o, z}')
			[ "$got" = "$streams $re $du $oo $zw" ] ||
			    echo "FAIL: $file totals $got, MANIFEST.tsv says $streams $re $du $oo $zw"
		done >"$T/manifest.txt"
		check "file totals equal MANIFEST.tsv" test ! -s "$T/manifest.txt"
		cat "$T/manifest.txt"
	fi
	# the socks capture's stream numbers have gaps: 0 1 3 5
	run "$T/out" "$T/err" -T tsv --no-header -e stream \
	    "$CAPS/socks-stream-index-gap.pcap"
	check "stream numbers keep Wireshark's gaps" \
	    test "$(tr '\n' ' ' <"$T/out")" = "0 1 3 5 "
	# the cheap endpoint fields: used where every frame is simple, and
	# the capture read again with the exact ones where a frame is not
	run "$T/out" "$T/err" -v -T tsv "$CAPS/http-ipv4-ipv6.pcapng"
	check "a simple capture is read once, with the built-in address columns" \
	    test "$(grep -c '%uns' "$T/err")" = 1 -a "$(grep -c 'reading it again' "$T/err")" = 0
	for c in sflow-seven-tcp-in-one-frame.pcap gre-aruba-vlan-zero-window.pcap; do
		run "$T/out" "$T/err" -v -T tsv -e all "$CAPS/$c"
		check "$c is read again with the exact endpoint fields" \
		    test "$(grep -c "$c: .*reading it again" "$T/err")" = 1
		cat "$CAPS/$c" | "$SX" -v -T tsv -e all - >"$T/pipe" 2>"$T/err"
		# (with the cheap fields the pipe would fail: it cannot be
		# read again)
		check "$c through a pipe: exact fields from the start" \
		    test "$(grep -c 'reading it again' "$T/err")" = 0
		check "$c through a pipe equals the file's report" cmp -s "$T/out" "$T/pipe"
	done
	# a gzip-compressed capture, read directly and from stdin
	run "$T/a" "$T/err" -T tsv "$CAPS/honeynet-attack-trace.pcap.gz"
	gzip -dc "$CAPS/honeynet-attack-trace.pcap.gz" | "$SX" -T tsv - >"$T/b" 2>/dev/null
	check "zcat | streamxpert - equals reading the .gz" cmp -s "$T/a" "$T/b"
	check "the .gz capture has 5 streams" test "$(wc -l <"$T/a")" = 6
else
	skip "public captures: $CAPS is absent"
fi

echo "== -j: one capture split across several tsharks"
M=testdata/many-streams.pcap
# same_j NAME ARGS...: -j N for N in $JS (default 2 and 4) gives the
# report, the messages and the exit status of -j 1, byte for byte
same_j() {
	local n=$1 j rc1
	shift
	"$SX" -j 1 "$@" >"$T/j1.out" 2>"$T/j1.err"; rc1=$?
	# a real run reports (a failing fake tshark may leave nothing)
	[ -n "${SAME_J_FAILS:-}" ] ||
	    check "-j 1 on $n reports rows (status $rc1)" \
	    test \( "$rc1" = 0 -o "$rc1" = 3 \) -a -s "$T/j1.out"
	for j in ${JS:-2 4}; do
		"$SX" -j $j "$@" >"$T/jn.out" 2>"$T/jn.err"; rc=$?
		check "-j $j equals -j 1 on $n: $*" \
		    test "$rc" = "$rc1" -a "$(cksum <"$T/jn.out")" = "$(cksum <"$T/j1.out")" \
		    -a "$(cksum <"$T/jn.err")" = "$(cksum <"$T/j1.err")"
	done
}
# it really splits, and says when it does not (-v)
split_says() {  # split_says FILE PATTERN
	"$SX" -v -j 2 -T tsv "$1" 2>&1 >/dev/null | grep -v '^streamxpert: tshark ' >"$T/v.err"
	grep -q -- "$2" "$T/v.err"
}
# every capture, every column (JSON holds them all, with the file's
# frames, completeness and error), and TSV -e all
for f in testdata/*.pcap "$CAPS"/*.pcap*; do
	[ -f "$f" ] || continue
	same_j "$(basename "$f")" -T json -e all "$f"
	JS=2 same_j "$(basename "$f")" -T tsv -e all "$f"
done
# pcap with nanoseconds and timestamps out of order (times below zero);
# pcapng with a big-endian and a little-endian section, three link types,
# three timestamp resolutions, an obsolete packet block, NRB and ISB
for k in ns-disorder ng-mixed; do
	perl tests/splitcap.pl $k "$T/$k.pcap"
	check "$k splits" split_says "$T/$k.pcap" "$k.pcap: split across 2 tsharks"
	same_j $k -T json -e all "$T/$k.pcap"
done
# every other format, default columns and -e all, on captures that split
# (Ethernet with many streams, Linux cooked, pcapng with 11 interfaces);
# every format is written from the same merged table
for f in testdata/many-streams.pcap "$CAPS/kakaotalk-chat-sll.pcap" \
    "$CAPS/ldap-11-interfaces-mixed-linktype.pcapng"; do
	[ -f "$f" ] || continue
	for fmt in table tsv csv json ndjson; do
		JS=2 same_j "$(basename "$f")" -T $fmt "$f"
	done
	for fmt in table csv ndjson; do
		JS=2 same_j "$(basename "$f")" -T $fmt -e all "$f"
	done
	JS=2 same_j "$(basename "$f") sorted" -T tsv --totals --sort retransmission \
	    --problems -e stream,src,retransmission,start "$f"
done
check "-j 2 splits a plain Ethernet capture" \
    split_says testdata/many-streams.pcap "many-streams.pcap: split across 2 tsharks"
check "-j 2 falls back on an ICMP error quoting TCP" \
    split_says testdata/icmp-error.pcap "one tshark for the whole file: frame 8: an ICMP error quoting a TCP header"
check "-j 2 falls back on a damaged capture" \
    split_says testdata/truncated.pcap "one tshark for the whole file: the capture is cut short"
check "-j 2 falls back with a display filter (no split is even tried)" \
    test "$("$SX" -v -j 2 -Y tcp "$M" 2>&1 >/dev/null | grep -c 'split\|whole file')" = 0
if [ -d "$CAPS" ]; then
	check "-j 2 falls back on GRE" \
	    split_says "$CAPS/gre-aruba-vlan-zero-window.pcap" "whole file: frame 1: an IP tunnel"
	check "-j 2 falls back on gzip" \
	    split_says "$CAPS/honeynet-attack-trace.pcap.gz" "whole file: a gzip-compressed file"
	check "-j 2 falls back on sFlow (several TCP headers in a frame)" \
	    split_says "$CAPS/sflow-seven-tcp-in-one-frame.pcap" "whole file: frame 66: UDP on a tunnel port"
	check "-j 2 falls back on SOCKS (stream numbers of its own)" \
	    split_says "$CAPS/socks-stream-index-gap.pcap" "whole file: frame 15: a SOCKS connection"
	check "-j 2 falls back on MPLS" \
	    split_says "$CAPS/tcpreplay-test-vlan-ipv6.pcap" "whole file: frame 11: an encapsulation"
	check "-j 2 splits a pcapng with 11 interfaces and two link types" \
	    split_says "$CAPS/ldap-11-interfaces-mixed-linktype.pcapng" "split across 2 tsharks"
fi
# a tshark that fails in a partition: the split gives up, one tshark
# reads the file, and the outcome is a single run's
for mode in good exit2 segv garbage; do
	FAKE_TSHARK_MODE=$mode JS=2 SAME_J_FAILS=$([ $mode = good ] || echo 1) \
	    same_j "fake tshark '$mode'" --tshark "$FAKE" -T tsv "$M"
done
FAKE_TSHARK_MODE=good "$SX" -v -j 2 --tshark "$FAKE" -T tsv "$M" 2>"$T/v.err" >/dev/null
check "-v says when a split is given up after the start" \
    grep -q "many-streams.pcap: one tshark for the whole file, after all: " "$T/v.err"
check "a given-up split leaves no tshark behind" no_leftover "$FAKE"
# a capture on stdin is not split, and gives the same report
"$SX" -j 2 -T tsv -e all - <"$M" >"$T/stdin2" 2>/dev/null
"$SX" -T tsv -e all "$M" >"$T/file1" 2>/dev/null
check "-j 2 on stdin equals a file" cmp -s "$T/stdin2" "$T/file1"
# a large capture: half a million frames (the cached realistic capture of
# make bench when present, else a generated one)
BIG=${STREAMXPERT_BENCH_DIR:-$HOME/.cache/streamxpert-bench}/realistic-500k.pcap
if [ ! -f "$BIG" ]; then
	BIG=$T/bulk500k.pcap
	"$MKCAP" bulk 500000 "$BIG"
fi
"$SX" -j 1 -T tsv -e all "$BIG" >"$T/big1" 2>"$T/big1.err"; rc1=$?
"$SX" -v -j 2 -T tsv -e all "$BIG" >"$T/big2" 2>"$T/big2.err"; rc=$?
check "500k frames: -j 2 splits" grep -q "split across 2 tsharks" "$T/big2.err"
check "500k frames: -j 2 equals -j 1 (tsv -e all, $(($(wc -l <"$T/big1") - 1)) streams)" \
    test "$rc" = "$rc1" -a "$rc" = 0 -a -s "$T/big1" -a "$(cksum <"$T/big1")" = "$(cksum <"$T/big2")"
rm -f "$T/bulk500k.pcap"

echo "== formats and inputs"
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

# depth: directions, totals, problems, JSON nesting
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

echo "== operations: directories, -j, summaries, thresholds, progress"
D="$T/dir"
mkdir -p "$D/sub" "$D/empty-sub"
cp testdata/rst.pcap "$D/b-rst.pcap"
cp testdata/ipv6.pcap "$D/a-ipv6.cap"            # the extension does not matter
cp testdata/truncated.pcap "$D/c-damaged.pcap"
gzip -c testdata/vlan.pcap >"$D/d-vlan.gz"
cp testdata/zero-window.pcap "$D/sub/e-zero-window.pcap"
echo "not a capture" >"$D/notes.txt"
echo "not a capture either" | gzip -c >"$D/notes.txt.gz"
: >"$D/empty.pcap"
run "$T/dir.tsv" "$T/dir.err" -j 1 -T tsv -e stream,frames "$D"
check "directory with a damaged capture: exit 3 (got $rc)" test "$rc" = 3
cut -f1 "$T/dir.tsv" | sed 1d | uniq >"$T/dir.files"
printf '%s\n' "$D/a-ipv6.cap" "$D/b-rst.pcap" "$D/c-damaged.pcap" \
    "$D/d-vlan.gz" >"$T/dir.want"
check "directory: its captures by content, in name order, damaged rows kept" \
    cmp -s "$T/dir.want" "$T/dir.files"
for f in b-rst.pcap a-ipv6.cap d-vlan.gz; do
	"$SX" -T tsv -e stream,frames "$D/$f" 2>/dev/null | sed 1d >"$T/one.tsv"
	awk -F'\t' -v f="$D/$f" 'NR > 1 && $1 == f { print $2 "\t" $3 }' \
	    "$T/dir.tsv" >"$T/from-dir.tsv"
	check "directory: the rows of $f equal its own report" \
	    cmp -s "$T/one.tsv" "$T/from-dir.tsv"
done
check "directory: one line for the text file" \
    grep -q "notes.txt: skipped: not a capture" "$T/dir.err"
check "directory: one line for the gzip that holds no capture" \
    grep -q "notes.txt.gz: skipped: compressed, but not a capture" "$T/dir.err"
check "directory: one line for the empty file" \
    grep -q "empty.pcap: skipped: empty file" "$T/dir.err"
check "directory: one line for the subdirectory without -R" \
    grep -q "sub: skipped: a directory" "$T/dir.err"
check "directory: one line for the damaged capture" \
    grep -q "c-damaged.pcap: the capture is cut short" "$T/dir.err"
check "directory: nothing else on stderr" test "$(wc -l <"$T/dir.err")" = 6
run "$T/dirq.tsv" "$T/dirq.err" -q -T tsv -e stream,frames "$D"
check "--quiet: only the damaged capture is named" \
    test "$(wc -l <"$T/dirq.err")" = 1 -a "$rc" = 3
check "--quiet: same rows" cmp -s "$T/dir.tsv" "$T/dirq.tsv"
run "$T/dirr.tsv" "$T/dirr.err" -R -T tsv -e stream,frames "$D"
check "-R: the capture in the subdirectory is read" \
    grep -q "^$D/sub/e-zero-window.pcap	" "$T/dirr.tsv"
check "-R: the empty subdirectory is no error" \
    test "$rc" = 3 -a "$(grep -c skipped "$T/dirr.err")" = 3
rm -f "$D/c-damaged.pcap"
run "$T/dirok.tsv" "$T/dirok.err" -q -T tsv "$D"
check "directory without damaged captures: exit 0 (got $rc)" test "$rc" = 0
mkdir "$T/nocaps" && echo x >"$T/nocaps/x.txt"
run "$T/none.tsv" "$T/none.err" "$T/nocaps"
check "a directory without captures: exit 2 with a message (got $rc)" \
    test "$rc" = 2 -a "$(grep -c 'no capture found' "$T/none.err")" = 1

if [ -d "$CAPS" ]; then
	# every column of every public capture in TSV; every format on the
	# crafted ones (quicker, and the writers are the same)
	for run in "tsv $CAPS" "json testdata" "table testdata" "csv testdata" \
	    "ndjson testdata"; do
		set -- $run
		"$SX" -q -j 1 -T "$1" -e all "$2" >"$T/j1.$1" 2>"$T/j1.err"
		rc1=$?
		"$SX" -q -j 4 -T "$1" -e all "$2" >"$T/j4.$1" 2>"$T/j4.err"
		rc4=$?
		check "-j 4 gives the same $1 as -j 1 on $(basename "$2")" \
		    cmp -s "$T/j1.$1" "$T/j4.$1"
		check "-j 4: same stderr and status as -j 1 ($rc1, $rc4)" \
		    test "$rc1" = "$rc4" -a "$(cat "$T/j1.err")" = "$(cat "$T/j4.err")"
		check "-j 1 on $(basename "$2") ($1) reported rows (status $rc1)" \
		    test \( "$rc1" = 0 -o "$rc1" = 3 \) -a "$(wc -l <"$T/j1.$1")" -ge 3
	done
	# The summary's totals are the sums of the stream report.
	"$SX" -q -T tsv --summary "$CAPS" >"$T/sum.tsv" 2>/dev/null
	awk -F'\t' -v flags="$FLAGS frames bytes rst" '
	BEGIN { nw = split(flags, w, " ") }
	FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
	FNR == NR {
		f = $1; streams[f]++
		for (k = 1; k <= nw; k++)
			if (w[k] != "frames") s[f, w[k]] += $(col[FILENAME, w[k]])
		next
	}
	{
		f = $1; n++
		if ($(col[FILENAME, "streams"]) != streams[f] + 0) { print "streams of " f; bad++ }
		for (k = 1; k <= nw; k++)
			if (w[k] != "frames" && $(col[FILENAME, w[k]]) != s[f, w[k]] + 0) {
				print w[k] " of " f; bad++
			}
	}
	END { exit !(bad == 0 && n > 0) }
	' "$T/j1.tsv" "$T/sum.tsv" >"$T/sum.diff"
	check "--summary: streams and every flag, byte and RST total equal the stream report's sums" \
	    test $? = 0
	check "--summary: one row per capture" \
	    test "$(sed 1d "$T/sum.tsv" | wc -l)" = "$(ls "$CAPS" | grep -c -e '\.pcap' -e '\.cap')"
else
	skip "-j and --summary on the public captures: $CAPS not found"
fi

# Thresholds: exit 1 exactly when crossed; the alert column marks the rows.
R=testdata/retransmission.pcap
max=$("$SX" -T tsv --no-header -e retransmission "$R" | sort -n | tail -1)
run "$T/th.tsv" "$T/th.err" -T tsv --fail-if "retransmission>$max" "$R"
check "--fail-if retransmission>$max (the maximum): not crossed, exit 0 (got $rc)" test "$rc" = 0
check "--fail-if not crossed: the alert column is empty" \
    test -z "$(awk -F'\t' 'NR > 1 { print $NF }' "$T/th.tsv" | tr -d '\n')"
run "$T/th.tsv" "$T/th.err" -T tsv --fail-if "retransmission>=$max" "$R"
check "--fail-if retransmission>=$max: crossed, exit 1 (got $rc)" test "$rc" = 1
check "--fail-if: exactly the rows at the maximum are marked" \
    awk -F'\t' -v m="$max" 'NR > 1 { if (($5 >= m) != ($NF == "retransmission>=" m)) bad++ } END { exit bad > 0 }' "$T/th.tsv"
run "$T/th.txt" "$T/th.err" --fail-if "retransmission>=$max" "$R"
check "--fail-if: the table marks rows with !" grep -q "!retransmission>=$max" "$T/th.txt"
run "$T/th.json" "$T/th.err" -T json --fail-if "frames>0" --fail-if "rtt_max>100" "$R"
check "--fail-if in JSON: an alert key with the conditions crossed" \
    test "$(jq -r '.streams[0].alert' "$T/th.json")" = "frames>0"
run "$T/th.tsv" "$T/th.err" -T tsv --fail-if "frames>0" "$D" "$T/missing.pcap"
check "--fail-if crossed and a missing file: threshold (1) wins over damage (3) (got $rc)" test "$rc" = 1
run "$T/th.tsv" "$T/th.err" --summary -T tsv --fail-if "retrans_rate>0" "$R" testdata/handshake-close.pcap
check "--summary --fail-if: exit 1, only the capture with retransmissions marked" \
    test "$rc" = 1 -a "$(awk -F'\t' 'NR > 1 && $NF != "" { print $1 }' "$T/th.tsv")" = "$R"
run "$T/th.tsv" "$T/th.err" --fail-if "src>1" "$R"
check "--fail-if on a text column: usage error (got $rc)" test "$rc" = 2
run "$T/th.tsv" "$T/th.err" --fail-if "retransmission>1e3" "$R"
check "--fail-if with a number that is not plain decimal: usage error (got $rc)" test "$rc" = 2

# Progress: never when stderr is not a terminal; shown under a terminal.
"$MKCAP" bulk 60000 "$T/bulk60k.pcap"
run "$T/p.tsv" "$T/p.err" -T tsv "$T/bulk60k.pcap"
check "no progress when stderr is a file" test ! -s "$T/p.err"
if command -v script >/dev/null 2>&1; then
	script -qec "'$SX' -T tsv '$T/bulk60k.pcap' >'$T/pty.tsv'" "$T/pty.log" >/dev/null 2>&1
	check "progress under a terminal: percentage and frames/s" \
	    grep -q "% of .*frames/s.*elapsed" "$T/pty.log"
	check "progress under a terminal: the line is cleared at the end" \
	    grep -q "$(printf '\r\033\\[K')" "$T/pty.log"
	check "progress under a terminal: the report is the same" cmp -s "$T/p.tsv" "$T/pty.tsv"
	script -qec "'$SX' --no-progress -T tsv '$T/bulk60k.pcap' >/dev/null" "$T/pty2.log" >/dev/null 2>&1
	check "--no-progress under a terminal: no progress" \
	    test "$(grep -c 'frames/s' "$T/pty2.log")" = 0
else
	skip "progress under a terminal: no script(1)"
fi
run "$T/p.tsv" "$T/p.err" --progress -T tsv "$T/bulk60k.pcap"
check "--progress forces it on a file" grep -q "frames/s" "$T/p.err"

# Live capture on the loopback interface, with connections made here.
if [ "$(id -u)" = 0 ] && command -v python3 >/dev/null 2>&1 && ip link show lo >/dev/null 2>&1; then
	port=$((20000 + $$ % 20000))
	python3 -m http.server "$port" --bind 127.0.0.1 >/dev/null 2>&1 &
	srv=$!
	# connections to it, one after the other, until the file $1 appears
	traffic() {
		local i
		for i in $(seq 1 200); do
			[ -e "$1" ] && return
			python3 -c "import urllib.request as u; u.urlopen('http://127.0.0.1:$port/').read()" >/dev/null 2>&1
			sleep 0.2
		done
	}
	sleep 1
	traffic "$T/stop1" & gen=$!
	run "$T/live.tsv" "$T/live.err" -i lo -f "tcp port $port" -a duration:8 -T tsv -e stream,src,dst,frames
	touch "$T/stop1"
	check "live capture stopped by -a duration: exit 0 (got $rc)" test "$rc" = 0
	check "live capture: the connections made are reported" \
	    awk -F'\t' -v p="127.0.0.1:$port" 'NR > 1 && $3 == p && $4 >= 6 { n++ } END { exit n < 1 }' "$T/live.tsv"
	wait $gen 2>/dev/null
	traffic "$T/stop2" & gen=$!
	set -m
	"$SX" -i lo -f "tcp port $port" --every 1 -T tsv -e stream,src,dst,frames >"$T/live2.tsv" 2>"$T/live2.err" &
	pid=$!
	set +m
	# Ctrl-C once a report shows a connection (at most 60 s)
	for i in $(seq 1 120); do
		grep -q "127.0.0.1:$port" "$T/live2.tsv" && break
		sleep 0.5
	done
	kill -INT $pid
	wait $pid; rc=$?
	touch "$T/stop2"
	check "live capture stopped by SIGINT: exit 0 (got $rc)" test "$rc" = 0
	# the last report, after the last header line
	awk '/^stream/ { n = 0; delete r; next } { r[++n] = $0 } END { for (i = 1; i <= n; i++) print r[i] }' \
	    "$T/live2.tsv" >"$T/live2.last"
	check "live capture stopped by SIGINT: the final report has the connections" \
	    grep -q "127.0.0.1:$port" "$T/live2.last"
	check "live capture with --every 1: several reports" \
	    test "$(grep -c '^stream' "$T/live2.tsv")" -ge 2
	check "live capture: no tshark or dumpcap left" no_leftover "tcp port $port"
	kill $srv 2>/dev/null
	wait $srv $gen 2>/dev/null
else
	skip "live capture: needs root, python3 and a loopback interface"
fi
run "$T/x" "$T/x.err" -a duration:1 testdata/rst.pcap
check "-a without -i: usage error (got $rc)" test "$rc" = 2

echo "== hostile file names"
for n in 'with space.pcap' '-leading-dash.pcap' $'new\nline.pcap' $'tab\there.pcap' \
    'quote"s.pcap' '$(touch pwned).pcap' 'semi;colon.pcap' $'bad\xff\xfebytes.pcap'; do
	cp "$R" "$T/$n"
	(cd "$T" && "$SX" -T tsv -H -- "$n" >"$T/hn.tsv" 2>"$T/hn.err"); rc=$?
	check "name '$n' analysed (rc $rc)" test "$rc" = 0
	check "name '$n' keeps TSV rows on one line" test "$(wc -l <"$T/hn.tsv")" = 2
	(cd "$T" && "$SX" -T json -H -- "$n" >"$T/hn.json" 2>/dev/null)
	check "name '$n' keeps JSON valid" jq -e '.streams | length == 1' \
	    "$T/hn.json" >/dev/null
done
check "no command ran from a file name" test ! -e "$T/pwned" -a ! -e pwned

echo "== errors"
run "$T/out" "$T/err" "$T/does-not-exist.pcap"
check "missing file: exit 2" test "$rc" = 2
check "missing file: one line naming it" \
    test "$(cat "$T/err")" = "streamxpert: $T/does-not-exist.pcap: No such file or directory"
mkdir "$T/empty-dir"
run "$T/out" "$T/err" "$T/empty-dir"
check "a directory without captures: exit 2 and says so" \
    test "$rc" = 2 -a "$(cat "$T/err")" = "streamxpert: no capture found (0 files skipped)"
: >"$T/empty.pcap"
run "$T/out" "$T/err" "$T/empty.pcap"
check "empty file: exit 2 and says so" test "$rc" = 2 -a "$(grep -c 'empty file' "$T/err")" = 1
mkfifo "$T/fifo.pcap"
cat "$M" >"$T/fifo.pcap" &
run "$T/out" "$T/err" -T tsv -e all "$T/fifo.pcap"
wait
check "a FIFO is read as the capture it carries" \
    test "$rc" = 0 -a "$(cat "$T/out")" = "$(cat testdata/golden/many-streams.tsv)"
run "$T/out" "$T/err" /dev/zero
check "/dev/zero: exit 2, a device tshark cannot read" \
    test "$rc" = 2 -a "$(grep -c '/dev/zero: not a file tshark can read' "$T/err")" = 1
echo "just text" >"$T/text.pcap"
run "$T/out" "$T/err" "$T/text.pcap"
check "text file: exit 2, not a capture" test "$rc" = 2 -a "$(grep -c 'not a capture file' "$T/err")" = 1
run "$T/out" "$T/err" -T tsv "$T/text.pcap" "$M"
check "one bad file among good ones: exit 3, good rows kept" \
    test "$rc" = 3 -a "$(wc -l <"$T/out")" = 7
run "$T/out" "$T/err" --tshark "$T/no-tshark" "$M"
check "tshark missing (--tshark): exit 2" test "$rc" = 2
check "tshark missing: the message names it" grep -q "no-tshark" "$T/err"
PATH=/nonexistent "$SX" "$M" >"$T/out" 2>"$T/err"; rc=$?
check "tshark not in PATH: exit 2 and says how to install" \
    test "$rc" = 2 -a "$(grep -c 'apt-get install tshark' "$T/err")" = 1
run "$T/out" "$T/err" --bogus
check "unknown option: exit 2" test "$rc" = 2
run "$T/out" "$T/err" -e nosuchcolumn "$M"
check "unknown column: exit 2 naming it" test "$rc" = 2 -a "$(grep -c nosuchcolumn "$T/err")" = 1
run "$T/out" "$T/err" -T yaml "$M"
check "unknown format: exit 2" test "$rc" = 2
run "$T/out" "$T/err"
check "no input: exit 2" test "$rc" = 2
run "$T/out" "$T/err" - -
check "stdin twice: exit 2" test "$rc" = 2
if [ -w /dev/full ]; then
	"$SX" "$M" >/dev/full 2>"$T/err"; rc=$?
	check "a full disk: exit 2 with a message" \
	    test "$rc" = 2 -a "$(grep -c 'No space left' "$T/err")" = 1
fi

echo "== a misbehaving tshark"
fake() {  # fake MODE EXPECTED-RC PATTERN-ON-STDERR
	FAKE_TSHARK_MODE=$1 "$SX" -T tsv --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
	rc=$?
	check "fake tshark '$1': exit $2 (got $rc)" test "$rc" = "$2"
	check "fake tshark '$1': one line on stderr saying '$3'" \
	    test "$(wc -l <"$T/err")" = 1 -a "$(grep -c -- "$3" "$T/err")" = 1
	[ "$(wc -l <"$T/err")" = 1 ] || head -3 "$T/err"
}
FAKE_TSHARK_MODE=good "$SX" -T tsv --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
check "fake tshark 'good': exit 0, 2 streams" test $? = 0 -a "$(wc -l <"$T/out")" = 3
fake garbage 2 'did not ask for on output line 3'
fake nul 2 'output line 3'
fake wrong-fields 2 'tab-separated fields, got'
fake huge-stream 2 'tcp.stream is not a list of numbers'
fake huger-stream 2 'tcp.stream is not a list of numbers'
fake far-stream 2 'stream number 4000000000 cannot occur'
fake negative-stream 2 'tcp.stream'
fake no-newline 2 'ended in the middle of a line'
fake long-line 2 'longer than'
fake exit2 3 'cut short in the middle of a packet; the report covers only the 2 frames'
fake exit2-early 2 'not a capture file'
fake segv 3 'killed by signal 11'
fake sigkill 3 'killed by signal 9'
FAKE_TSHARK_MODE=fds "$SX" --tshark "$FAKE" "$M" >/dev/null 2>"$T/err"
check "tshark gets only descriptors 0, 1 and 2" test $? = 0 -a ! -s "$T/err"
# with several captures (one from stdin) and a descriptor streamxpert
# inherits: none of them reaches any tshark either
FAKE_TSHARK_MODE=fds "$SX" -T tsv --tshark "$FAKE" "$M" - "$R" "$M" <"$R" \
    >"$T/out" 2>"$T/err" 7<"$M"
check "several captures, stdin and an inherited descriptor: tshark still gets only 0, 1 and 2" \
    test $? = 0 -a ! -s "$T/err" -a "$(wc -l <"$T/out")" = 9
FAKE_TSHARK_MODE=exit2 "$SX" -T json --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err"
check "a tshark failing half-way: JSON marks the capture incomplete" \
    jq -e '.files[0].complete == false and (.files[0].error | test("cut short")) and
        (.streams | length) == 2' "$T/out" >/dev/null
FAKE_TSHARK_MODE=stderr-flood "$SX" -T tsv --tshark "$FAKE" "$M" >"$T/out" 2>"$T/err" &
pid=$!
# (a bound against a deadlock, not a timing assertion)
for i in $(seq 600); do kill -0 $pid 2>/dev/null || break; sleep 0.1; done
if kill -0 $pid 2>/dev/null; then
	kill -9 $pid; fail "megabytes on tshark's stderr deadlock streamxpert"
else
	wait $pid; check "megabytes on tshark's stderr: no deadlock, exit 0" test $? = 0
fi
FAKE_TSHARK_MODE=bad-version STREAMXPERT_NO_CACHE=1 "$SX" --tshark "$FAKE" "$M" >/dev/null 2>"$T/err"
check "a tshark that is not tshark: exit 2" test $? = 2 -a "$(grep -c 'is it tshark' "$T/err")" = 1
FAKE_TSHARK_MODE=argv FAKE_TSHARK_ARGV_FILE="$T/argv" "$SX" --tshark "$FAKE" \
    -Y 'tcp.port == 80 && $(id) ; `x` | "q"' "$M" >/dev/null 2>&1
check "a display filter reaches tshark as one argument" \
    grep -qxF 'arg:tcp.port == 80 && $(id) ; `x` | "q"' "$T/argv"
check "every file leaves no tshark behind" no_leftover "$FAKE"

echo "== the probe cache"
CD="$T/cache/streamxpert"
run "$T/ref" "$T/err" -T tsv -e all "$R"
check "the tshark probe is cached" test "$(cat "$CD"/tshark-* | grep -c '^version=[0-9]*\.[0-9]*\.[0-9]*$')" -ge 1
for k in $(ls "$CD"); do cp "$CD/$k" "$T/good-cache-$k"; done
real_cache=$(grep -l "^path=$(command -v tshark)\$" "$CD"/tshark-* | head -1)
corrupt() {  # corrupt NAME COMMAND: damage the cache, then run
	local n=$1
	shift
	cp "$T/good-cache-$(basename "$real_cache")" "$real_cache"
	"$@"
	run "$T/out" "$T/err" -T tsv -e all "$R"
	check "probe cache $n: same report, exit 0 (got $rc)" \
	    test "$rc" = 0 -a ! -s "$T/err"
	check "probe cache $n: same report" cmp -s "$T/ref" "$T/out"
	check "probe cache $n: rewritten whole" \
	    cmp -s "$real_cache" "$T/good-cache-$(basename "$real_cache")"
}
corrupt garbage sh -c "printf 'garbage\n' >'$real_cache'"
corrupt empty sh -c ": >'$real_cache'"
corrupt cut-short sh -c "head -c 60 '$T/good-cache-$(basename "$real_cache")' >'$real_cache'"
corrupt "with another version" sed -i 's/^version=.*/version=3.6.0/' "$real_cache"
corrupt "made world-writable" chmod 666 "$real_cache"
rm -f "$real_cache"
mkdir "$real_cache"
run "$T/out" "$T/err" -T tsv -e all "$R"
check "probe cache replaced by a directory: same report, exit 0" \
    test "$rc" = 0 -a ! -s "$T/err"
check "probe cache replaced by a directory: same report" cmp -s "$T/ref" "$T/out"
rmdir "$real_cache"
# a tshark replaced or touched is probed again
cp "$FAKE" "$T/fake2"
FAKE_TSHARK_MODE=good "$SX" --tshark "$T/fake2" "$M" >/dev/null 2>&1
touch -d '2001-01-01' "$T/fake2"
FAKE_TSHARK_MODE=bad-version "$SX" --tshark "$T/fake2" "$M" >/dev/null 2>"$T/err"
check "a changed tshark binary is probed again" test $? = 2 -a "$(grep -c 'is it tshark' "$T/err")" = 1
# STREAMXPERT_NO_CACHE: neither read nor written
XDG_CACHE_HOME="$T/cache2" STREAMXPERT_NO_CACHE=1 "$SX" -T tsv "$R" >/dev/null 2>&1
check "STREAMXPERT_NO_CACHE writes no cache" test ! -e "$T/cache2"
XDG_CACHE_HOME="$T/cache2" "$SX" -T tsv "$R" >/dev/null 2>&1
check "the cache goes under XDG_CACHE_HOME" test -d "$T/cache2/streamxpert"

echo "== signals and pipes"
# each signal while tshark hangs (after two lines, or before any): tshark
# is stopped and reaped, nothing is printed, the exit is by the signal
sigtest() {  # sigtest SIGNAL EXPECTED-RC MODE JOBS
	rm -f "$T/pid"
	# (job control on, or the shell starts the background job with
	# SIGINT ignored, as it does for every '&' in a script)
	set -m
	FAKE_TSHARK_MODE=$3 FAKE_TSHARK_PIDFILE="$T/pid" "$SX" -j "$4" \
	    --tshark "$FAKE" "$M" >"$T/sig.out" 2>"$T/sig.err" &
	pid=$!
	set +m
	if ! started "$T/pid" "$4"; then
		fail "SIG$1: $4 fake tshark(s) never started"
		kill -9 $pid
		return
	fi
	kill -"$1" $pid
	{ wait $pid; rc=$?; } 2>/dev/null   # (no "Hangup" from bash)
	check "SIG$1 while tshark hangs ($3, -j $4): exit $2 (got $rc)" test "$rc" = "$2"
	check "SIG$1 ($3, -j $4): every tshark is stopped and reaped, no zombie" gone "$T/pid"
	check "SIG$1 ($3, -j $4): no report, nothing on stderr" \
	    test ! -s "$T/sig.out" -a ! -s "$T/sig.err"
}
sigtest TERM 143 hang 1
sigtest INT 130 hang-silent 1
sigtest HUP 129 hang 1
sigtest INT 130 hang 1
# the same with the capture split across two tsharks (both started)
sigtest TERM 143 hang 2
sigtest INT 130 hang 2
check "signals: no tshark left" no_leftover "$FAKE"
# A reader that goes away early: streamxpert stops at once, quietly.
FAKE_TSHARK_MODE=hang "$SX" --tshark "$FAKE" "$M" 2>"$T/err" | head -c 0
rc=${PIPESTATUS[0]}
check "| head with tshark still running: ends by SIGPIPE (got $rc)" test "$rc" = 141
check "| head: nothing on stderr" test ! -s "$T/err"
check "| head: tshark is stopped and reaped" no_leftover "$FAKE"
"$MKCAP" bulk 200000 "$T/bulk.pcap"
# a tshark that logs each start, under a name to look for afterwards
printf '#!/bin/bash\necho "$*" >>"%s"\nexec -a "$0" tshark "$@"\n' "$T/starts" \
    >"$T/tshark-under-test"
chmod +x "$T/tshark-under-test"
"$SX" -j 1 --tshark "$T/tshark-under-test" -T tsv -e all "$T/bulk.pcap" \
    "$T/bulk.pcap" "$T/bulk.pcap" 2>"$T/err" | head -2 >/dev/null
rc=${PIPESTATUS[0]}
check "| head -2 on a real capture: killed by SIGPIPE (got $rc), quiet" \
    test "$rc" = 141 -a ! -s "$T/err"
check "| head -2: no tshark left" no_leftover "$T/tshark-under-test"
# head leaves after the first file's first row (so that file ran): the
# third file never starts
n=$(grep -c -- '-r -' "$T/starts")
check "| head -2: streamxpert stops instead of reading on ($n of 3 started)" \
    test "$n" -ge 1 -a "$n" -le 2

# ==== issue 15: header-only frames for tshark ====
echo "== the cut: tshark given each frame cut to the end of its TCP header"
"$MKCAP" cut-edges "$T/cut-edges.pcap"
"$MKCAP" cut-ng "$T/cut-ng.pcapng"
perl tests/splitcap.pl ng-mixed "$T/ng-mixed.pcapng"
perl tests/splitcap.pl ns-disorder "$T/ns-disorder.pcap"
# three_ways NAME ARGS...: tshark reading the whole file itself
# (--no-cut), tshark fed the cut frames (-j 1) and the split (-j N for N
# in $JS, default 2 and 4): the same report, messages and exit status
three_ways() {
	local n=$1 j rc1
	shift
	"$SX" --no-cut -j 1 "$@" >"$T/w.out" 2>"$T/w.err"; rc1=$?
	check "--no-cut on $n reports rows (status $rc1)" \
	    test \( "$rc1" = 0 -o "$rc1" = 3 \) -a -s "$T/w.out"
	for j in 1 ${JS:-2 4}; do
		"$SX" -j $j "$@" >"$T/c.out" 2>"$T/c.err"; rc=$?
		check "cut -j $j equals --no-cut on $n: $*" \
		    test "$rc" = "$rc1" -a "$(cksum <"$T/c.out")" = "$(cksum <"$T/w.out")" \
		    -a "$(cksum <"$T/c.err")" = "$(cksum <"$T/w.err")"
	done
}
CUTCAPS="$T/cut-edges.pcap $T/cut-ng.pcapng $T/ng-mixed.pcapng $T/ns-disorder.pcap"
for f in testdata/*.pcap $CUTCAPS "$CAPS"/*.pcap*; do
	[ -f "$f" ] || continue
	three_ways "$(basename "$f")" -T json -e all "$f"
	JS=2 three_ways "$(basename "$f")" -T tsv -e all "$f"
done
# every format, default columns and -e all: the cut's own captures and
# real ones of several link types
for f in $CUTCAPS "$CAPS/kakaotalk-chat-sll.pcap" \
    "$CAPS/ldap-11-interfaces-mixed-linktype.pcapng" \
    "$CAPS/socks-stream-index-gap.pcap" "$CAPS/tcpreplay-test-vlan-ipv6.pcap"; do
	[ -f "$f" ] || continue
	for fmt in table csv ndjson; do
		JS=2 three_ways "$(basename "$f")" -T $fmt -e all "$f"
	done
	for fmt in table tsv csv json ndjson; do
		JS=2 three_ways "$(basename "$f")" -T $fmt "$f"
	done
	JS=2 three_ways "$(basename "$f") --summary" -T tsv --summary "$f"
done
# the cut's pcap, compared with tshark's own fields column by column
# (independently of streamxpert) like the crafted ones
compare "$T/cut-edges.pcap"
# standard input: pcap, pcapng, gzip (copied as it is) and a capture cut
# short (copied as it is from the damage on: the same message)
for f in $CUTCAPS testdata/truncated.pcap "$CAPS/honeynet-attack-trace.pcap.gz"; do
	[ -f "$f" ] || continue
	"$SX" --no-cut -T tsv -e all - <"$f" >"$T/a" 2>"$T/a.err"; rc1=$?
	"$SX" -T tsv -e all - <"$f" >"$T/b" 2>"$T/b.err"; rc=$?
	check "stdin, cut, equals stdin, whole: $(basename "$f")" \
	    test "$rc" = "$rc1" -a -s "$T/a" -a "$(cksum <"$T/a")" = "$(cksum <"$T/b")" \
	    -a "$(cksum <"$T/a.err")" = "$(cksum <"$T/b.err")"
	cat "$f" | "$SX" -T tsv -e all - >"$T/c" 2>/dev/null
	check "a pipe, cut, equals stdin, whole: $(basename "$f")" cmp -s "$T/a" "$T/c"
done
# what tshark is given: a tshark that keeps a copy of its input
TSHARK_PATH=$(command -v tshark)
{
	echo '#!/bin/sh'
	echo 'case " $* " in *" -r - "*)'
	echo "	tee \"$T/fed.pcap\" | \"$TSHARK_PATH\" \"\$@\"; exit \$? ;;"
	echo 'esac'
	echo "exec \"$TSHARK_PATH\" \"\$@\""
} >"$T/tee-tshark"
chmod +x "$T/tee-tshark"
# per frame: number, lengths, ethertype, IP header length and protocol,
# TCP header length, payload, ports
fed_fields() {
	tshark -n -r "$1" -T fields -E occurrence=f -e frame.number -e frame.len \
	    -e frame.cap_len -e eth.type -e ip.hdr_len -e ip.proto -e tcp.hdr_len \
	    -e tcp.len -e tcp.srcport -e tcp.dstport 2>/dev/null
}
for f in testdata/many-streams.pcap "$T/cut-edges.pcap"; do
	rm -f "$T/fed.pcap"
	"$SX" -j 1 --tshark "$T/tee-tshark" -T tsv "$f" >/dev/null 2>&1
	fed_fields "$f" >"$T/orig.f"
	fed_fields "$T/fed.pcap" | cut -f1-3 | paste "$T/orig.f" - >"$T/both.f"
	# by tshark's reading of the original: an untagged IPv4 TCP frame
	# with bytes past its TCP header ends there (not on ports 1080 and
	# 2002), an untagged IPv4 frame of UDP or ICMP (an echo: these
	# captures quote no TCP) right after its Ethernet header, an
	# untagged IPv4 frame without payload stays whole; other frames may
	# only be shorter; frame.len never changes
	awk -F'\t' '
	function bad(why) { printf "frame %s: %s\n", $1, why; nbad++ }
	{
		if ($11 != $1 || $12 != $2) bad("number or length changed")
		if ($4 == "0x0800" && $6 == 6 && $7 != "") {
			h = 14 + $5 + $7
			whole = $9 == 1080 || $10 == 1080 || $9 == 2002 || $10 == 2002
			want = (!whole && $3 > h) ? h : $3
			if ($13 != want) bad("captured " $13 ", want " want)
		} else if ($4 == "0x0800" && ($6 == 17 || $6 == 1)) {
			if ($13 != 14) bad("captured " $13 ", want 14")
		} else if ($13 > $3) {
			bad("longer than in the file")
		}
		if ($13 < $3) ncut++
	}
	END { if (ncut < 6) { print "only " ncut " frames cut"; nbad++ } exit nbad > 0 }
	' "$T/both.f" >"$T/fed.bad"
	check "tshark is given the frames cut to their headers: $(basename "$f")" \
	    test ! -s "$T/fed.bad"
	head -5 "$T/fed.bad"
done
# -v: whether, and why not
"$SX" -v -j 1 -T tsv "$T/cut-ng.pcapng" 2>"$T/v.err" >/dev/null
check "-v says tshark is fed the frames cut" \
    grep -q "cut-ng.pcapng: streamxpert feeds tshark the frames cut to their headers" "$T/v.err"
check "-v counts the frames cut" \
    grep -q "cut-ng.pcapng: [1-9][0-9]* of 35 frames cut to their headers" "$T/v.err"
v_says() {  # v_says PATTERN ARGS...
	local p=$1
	shift
	"$SX" -v -j 1 -T tsv "$@" 2>&1 >/dev/null | grep -q -- "$p"
}
check "-v: --no-cut" v_says "tshark reads the whole frames: --no-cut" --no-cut "$M"
check "-v: -Y is never cut" \
    v_says "tshark reads the whole frames: a display filter" -Y tcp "$M"
check "-v: --user-config is never cut" \
    v_says "tshark reads the whole frames: --user-config" --user-config "$M"
gzip -c "$M" >"$T/m.pcap.gz"
check "-v: a file that is not pcap or pcapng" \
    v_says "not a pcap or pcapng file (tshark reads it itself)" "$T/m.pcap.gz"
check "-v: damaged from some byte on" \
    v_says "the rest as it is, from byte 1082 on: the capture is cut short" testdata/truncated.pcap
# a display filter: the report of the whole frames
"$SX" --no-cut -j 1 -T tsv -e all -Y 'tcp.len > 0' "$T/cut-edges.pcap" >"$T/a" 2>&1
"$SX" -j 1 -T tsv -e all -Y 'tcp.len > 0' "$T/cut-edges.pcap" >"$T/b" 2>&1
check "-Y: the same report as --no-cut" cmp -s "$T/a" "$T/b"
# the split sizes itself (STREAMXPERT_SPLIT_FRAMES unset): a small
# capture is not split, a larger one only as far as it has frames for
env -u STREAMXPERT_SPLIT_FRAMES "$SX" -v -j 4 -T tsv "$M" 2>"$T/v.err" >/dev/null
check "a 53-frame capture is not split with -j 4" grep -q \
    "one tshark for the whole file: 53 frames: each tshark of a split needs 50000" "$T/v.err"
"$MKCAP" bulk 100000 "$T/bulk100k.pcap" >/dev/null
env -u STREAMXPERT_SPLIT_FRAMES "$SX" -v -j 4 -T tsv -e all "$T/bulk100k.pcap" >"$T/b4" 2>"$T/b4.err"
check "100000 frames, -j 4: split across 2 tsharks" \
    grep -q "bulk100k.pcap: split across 2 tsharks" "$T/b4.err"
"$SX" --no-cut -j 1 -T tsv -e all "$T/bulk100k.pcap" >"$T/b1" 2>/dev/null
check "100000 frames: the sized split equals one tshark on the whole frames" \
    cmp -s "$T/b1" "$T/b4"
STREAMXPERT_SPLIT_FRAMES=30000 "$SX" -v -j 4 -T tsv "$T/bulk100k.pcap" 2>"$T/v.err" >/dev/null
check "STREAMXPERT_SPLIT_FRAMES=30000: 100000 frames across 3 tsharks" \
    grep -q "split across 3 tsharks" "$T/v.err"
# ==== end issue 15 ====

[ -n "$not_compared" ] &&
    skip "SX_SUBSET: not compared column by column with tshark:$not_compared"
if [ -n "${SX_VALGRIND:-}" ]; then
	echo "== valgrind logs"
	n=$(ls "$T/valgrind" | wc -l)
	check "valgrind ran ($n runs of streamxpert)" test "$n" -gt 100
	# every run ended with a summary (valgrind itself was not killed),
	# but for the forked children that became tshark (their parent is
	# a run of streamxpert with a log here); none found an error or a
	# definite or indirect leak
	bad=$(for f in $(grep -L 'ERROR SUMMARY: ' "$T"/valgrind/*.log); do
		parent=$(sed -n 's/^==[0-9]*== Parent PID: //p' "$f")
		[ -f "$T/valgrind/$parent.log" ] || echo "$f"
	done; grep -l -e 'ERROR SUMMARY: [1-9]' -e 'definitely lost: [1-9]' \
	    -e 'indirectly lost: [1-9]' "$T"/valgrind/*.log)
	check "valgrind: no error, no leak in any run" test -z "$bad"
	for f in $bad; do
		echo "--- $f"
		grep -v '^==[0-9]*== *$' "$f" | head -40
	done
fi

echo "== $pass passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
