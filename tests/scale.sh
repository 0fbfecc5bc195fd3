#!/bin/bash
# scale.sh BUILD_DIR - a capture of 1,000,000 streams of one SYN each
# (made by mkcap): streamxpert reports every one of them correctly, and
# its own memory stays bounded: 16 MiB plus SCALE_MAX_BYTES_PER_STREAM
# bytes a stream, 256 by default. Today it takes 208: the 72-byte stream
# record plus the report's 136-byte row (with a sort key) per stream,
# allocated even without --sort (bench/RESULTS.md measures the same). Real tshark reads
# the capture: it needs about 1.5 GB and half a minute or more, so this
# is `make check-scale`, not part of `make check`; so is a capture of half
# a million frames split across two tsharks against one.
#
# SCALE_STREAMS changes the number of streams.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${1:-build}
N=${SCALE_STREAMS:-1000000}
PER=${SCALE_MAX_BYTES_PER_STREAM:-256}
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-scale.XXXXXX")
trap 'rm -rf "$T"' EXIT
export WIRESHARK_CONFIG_DIR="$T/no-profile"
failed=0
check() { local n=$1; shift; if "$@"; then echo "ok: $n"; else failed=1; echo "FAIL: $n"; fi; }

"$B/mkcap" syn-only "$N" "$T/syn.pcap" || exit 2
echo "== $N SYN-only streams ($(du -h "$T/syn.pcap" | cut -f1)B capture)"
"$B/streamxpert" --stats -T tsv -e stream,src,dst,frames,state \
    "$T/syn.pcap" >"$T/out.tsv" 2>"$T/err"
rc=$?
check "exit 0 (got $rc)" test "$rc" = 0
check "nothing on stderr but the stats line" \
    test "$(grep -vc '^streamxpert: stats: ' "$T/err")" = 0
check "one header and $N rows" test "$(wc -l <"$T/out.tsv")" = $((N + 1))
# stream i: 10.(i/64000/256).(i/64000%256).1:(1024 + i%64000) to
# 198.51.100.80:8000, one frame, a SYN
awk -F'\t' -v n="$N" 'NR == 1 { next }
    { i = NR - 2; ip = int(i / 64000)
      want = i "\t10." int(ip / 256) "." ip % 256 ".1:" 1024 + i % 64000 \
          "\t198.51.100.80:8000\t1\tSYN"
      if ($0 != want) { print "row " NR ": " $0 " (want " want ")"; bad++ }
      if (bad > 5) exit 1 }
    END { exit bad > 0 }' "$T/out.tsv" >"$T/bad"
check "stream i is the i-th SYN: its endpoints, 1 frame, state SYN" test ! -s "$T/bad"
head -5 "$T/bad"
kb=$(sed -n 's/.*self_maxrss_kb=\([0-9]*\).*/\1/p' "$T/err")
echo "streamxpert peak memory: ${kb:-?} KiB, $(( ${kb:-0} * 1024 / N )) bytes a stream"
sed -n 's/^streamxpert: stats: //p' "$T/err"
check "streamxpert's memory at most 16 MiB + $PER bytes a stream" \
    test -n "$kb" -a "$(( kb * 1024 ))" -le "$(( 16 * 1024 * 1024 + PER * N ))"
rm -f "$T/syn.pcap"

# half a million frames split across two tsharks equal one tshark (the
# cached realistic capture of make bench when present, else a generated
# one); tests/it/split.sh does the same on every small capture
BIG=${STREAMXPERT_BENCH_DIR:-$HOME/.cache/streamxpert-bench}/realistic-500k.pcap
if [ ! -f "$BIG" ]; then
	BIG=$T/bulk500k.pcap
	"$B/mkcap" bulk 500000 "$BIG" || exit 2
fi
echo "== $BIG: -j 2 against -j 1"
"$B/streamxpert" -j 1 -T tsv -e all "$BIG" >"$T/big1" 2>"$T/big1.err"; rc1=$?
"$B/streamxpert" -v -j 2 -T tsv -e all "$BIG" >"$T/big2" 2>"$T/big2.err"; rc=$?
check "500k frames: -j 2 splits" grep -q "split across 2 tsharks" "$T/big2.err"
check "500k frames: -j 2 equals -j 1 (tsv -e all, $(($(wc -l <"$T/big1") - 1)) streams)" \
    test "$rc" = "$rc1" -a "$rc" = 0 -a -s "$T/big1" -a "$(cksum <"$T/big1")" = "$(cksum <"$T/big2")"
[ "$failed" = 0 ]
