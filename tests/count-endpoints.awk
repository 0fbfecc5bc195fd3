# count-endpoints.awk - an independent per-stream view of endpoints, times
# and RTTs from raw tshark fields, to check streamxpert against. Input:
#   tshark -n -r FILE -T fields -E separator=/t -E occurrence=a \
#     -e tcp.stream -e frame.time_relative -e frame.protocols \
#     -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
#     -e tcp.dstport -e tcp.flags -e tcp.analysis.ack_rtt \
#     -e tcp.analysis.initial_rtt
# Output per stream, in stream order, tab-separated:
#   stream src dst start duration rtt_min rtt_avg rtt_max irtt
# (times in seconds as plain numbers, "" where there is no value).
# The client (src) is the sender of the stream's first frame, or its
# receiver when that frame is a SYN-ACK. A TCP header's addresses are
# those of the last IP header before it in frame.protocols. RTT samples
# count only in frames that carry a single stream.
BEGIN { FS = "\t"; max = -1; CONVFMT = "%.9f" }
function hexval(s,    i, v) {
	v = 0
	s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function addr(kind, idx, list4, list6) {
	if (kind == 4) return list4[idx]
	if (kind == 6) return "[" list6[idx] "]"
	return "?"
}
$1 != "" {
	ns = split($1, st, ",")
	np = split($3, proto, ":")
	split($4, s4, ","); split($5, d4, ",")
	split($6, s6, ","); split($7, d6, ",")
	nsp = split($8, sp, ","); split($9, dp, ",")
	nfl = split($10, fl, ",")
	n4 = 0; n6 = 0; kind = 0; ntcp = 0
	for (i = 1; i <= np; i++) {
		if (proto[i] == "ip") { kind = 4; idx = ++n4 }
		else if (proto[i] == "ipv6") { kind = 6; idx = ++n6 }
		else if (proto[i] == "tcp") {
			ntcp++; tkind[ntcp] = kind; tidx[ntcp] = idx
		}
	}
	distinct = 0
	delete seen
	for (i = 1; i <= ns; i++) {
		s = st[i] + 0
		if (s in seen) continue
		seen[s] = 1
		distinct++
		h = (ntcp == ns) ? i : 1
		j = (nsp == ns) ? i : 1
		t = $2 + 0
		if (!(s in first)) {
			first[s] = t
			f = (nfl == ns) ? hexval(fl[i]) : hexval(fl[1])
			a = addr(tkind[h], tidx[h], s4, s6) ":" sp[j]
			b = addr(tkind[h], tidx[h], d4, d6) ":" dp[j]
			if (f % 4 >= 2 && int(f / 16) % 2 == 1) {
				src[s] = b; dst[s] = a
			} else {
				src[s] = a; dst[s] = b
			}
			if (s > max) max = s
		}
		last[s] = t
	}
	if (distinct == 1) {
		s = st[1] + 0
		n = split($11, r, ",")
		for (i = 1; i <= n; i++) {
			v = r[i] + 0
			if (!(s in rn) || v < rmin[s]) rmin[s] = v
			if (!(s in rn) || v > rmax[s]) rmax[s] = v
			rsum[s] += v; rn[s]++
		}
		if ($12 != "" && !(s in irtt)) {
			split($12, ir, ",")
			irtt[s] = ir[1] + 0
		}
	}
}
END {
	for (s = 0; s <= max; s++) {
		if (!(s in first)) continue
		line = s "\t" src[s] "\t" dst[s] "\t" first[s] "\t" (last[s] - first[s])
		if (s in rn)
			line = line "\t" rmin[s] "\t" (rsum[s] / rn[s]) "\t" rmax[s]
		else
			line = line "\t\t\t"
		print line "\t" ((s in irtt) ? irtt[s] : "")
	}
}
