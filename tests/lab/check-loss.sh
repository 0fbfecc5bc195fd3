#!/bin/bash
# check-loss.sh DIR BUILD - streamxpert's loss location and duplicates on
# a lab run (DIR/{client,middle,server}.pcap) against the truth of the
# same run (truth.py), with the checks of compare.py:
#   1. the middle capture: lost bytes up/down within 2 % plus four
#      segments, loss findings (2 % may be misplaced: compare.py says why),
#      dup_frames 0, gap_overflow 0; the same report with -j 2 as -j 1;
#   2. the middle capture merged with itself shifted by 200 us (every
#      frame twice, copies mostly not next to their originals): >= 99 %
#      of the copies found, the loss columns unchanged;
#   3. the middle capture with 1 frame in 300 removed (capture drops):
#      no copies, no overflow, lost bytes as the truth on what is left.
set -u
dir=$1 build=$2
here=$(cd "$(dirname "$0")" && pwd)
name=$(basename "$dir")
sx=$build/streamxpert
cols=src,dst,lost_upstream_fwd,lost_upstream_rev,lost_downstream_fwd,lost_downstream_rev
cols=$cols,lost_upstream_bytes_fwd,lost_upstream_bytes_rev,lost_downstream_bytes_fwd
cols=$cols,lost_downstream_bytes_rev,reordered_upstream,unfilled_gaps,gap_overflow,dup_frames,diagnosis
fail=0
report() {   # report CAPTURE OUT [ARGS]
	local cap=$1 out=$2
	shift 2
	"$sx" -T tsv -e "$cols" "$@" "$cap" >"$out" 2>"$out.err" || {
		echo "FAIL: $name: streamxpert $* $cap: status $?: $(head -3 "$out.err")"
		fail=1
	}
}

python3 "$here/truth.py" "$dir/client.pcap" "$dir/middle.pcap" "$dir/server.pcap" \
    >"$dir/truth.txt" || { echo "FAIL: $name: truth.py"; exit 1; }
report "$dir/middle.pcap" "$dir/sx.tsv" -j 1
python3 "$here/compare.py" "$name" "$dir/truth.txt" "$dir/sx.tsv" || fail=1
report "$dir/middle.pcap" "$dir/sx-j2.tsv" -j 2
if cmp -s "$dir/sx.tsv" "$dir/sx-j2.tsv"; then
	echo "ok: $name: -j 2 = -j 1"
else
	echo "FAIL: $name: -j 2 differs from -j 1"; fail=1
fi

# every frame twice: a copy 200 us after each one
editcap -t 0.0002 "$dir/middle.pcap" "$dir/shifted.pcap" >/dev/null &&
    mergecap -F pcap -w "$dir/doubled.pcap" "$dir/middle.pcap" "$dir/shifted.pcap" ||
    { echo "FAIL: $name: editcap/mergecap"; exit 1; }
n=$(tshark -n -r "$dir/middle.pcap" -Y tcp -T fields -e frame.number 2>/dev/null | wc -l)
# frames the middle capture holds twice already, the same in every field
# 5 ms apart at most (Linux may send a SYN-ACK twice at once): once the
# stream shows copies they are copies too (frames without IP ID, TSval
# and payload, such as the RSTs Linux repeats, never count as copies)
twins=$(tshark -n -r "$dir/middle.pcap" -Y tcp -T fields -e frame.time_epoch \
    -e tcp.stream -e ip.id -e tcp.seq_raw -e tcp.ack_raw -e tcp.len -e tcp.flags \
    -e tcp.options.timestamp.tsval 2>/dev/null |
    awk -F'\t' '$3 ~ /^0x0*[1-9a-f]/ || $8 != "" || $6 > 0 {
	k = $2 SUBSEP $3 SUBSEP $4 SUBSEP $5 SUBSEP $6 SUBSEP $7 SUBSEP $8
	if ((k in t) && $1 - t[k] <= 0.005) n++
	t[k] = $1 } END { print n + 0 }')
report "$dir/doubled.pcap" "$dir/sx-doubled.tsv" -j 1
python3 "$here/compare.py" --doubled "$name" "$dir/sx.tsv" "$dir/sx-doubled.tsv" "$n" "$twins" || fail=1

# capture drops: every 300th frame removed (from the 150th on)
total=$(tshark -n -r "$dir/middle.pcap" -T fields -e frame.number 2>/dev/null | tail -1)
del=$(seq 150 300 "$total")
removed=$(tshark -n -r "$dir/middle.pcap" -T fields -e frame.number -e tcp.len 2>/dev/null |
    awk -v d=" $(echo $del) " 'index(d, " " $1 " ") { s += $2 } END { print s + 0 }')
# shellcheck disable=SC2086
editcap "$dir/middle.pcap" "$dir/thinned.pcap" $del >/dev/null ||
    { echo "FAIL: $name: editcap"; exit 1; }
python3 "$here/truth.py" "$dir/client.pcap" "$dir/middle.pcap" "$dir/server.pcap" \
    "$dir/thinned.pcap" >"$dir/truth-thinned.txt" || { echo "FAIL: $name: truth.py"; exit 1; }
report "$dir/thinned.pcap" "$dir/sx-thinned.tsv" -j 1
python3 "$here/compare.py" --thinned "$name" "$dir/truth-thinned.txt" \
    "$dir/sx-thinned.tsv" "$removed" || fail=1
rm -f "$dir/shifted.pcap"
exit $fail
