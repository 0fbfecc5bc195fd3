# independent.awk - streamxpert's report computed a second way, straight
# from tshark's raw fields, to check streamxpert against. Input: the lines
#   tshark -n -r FILE -T fields -E separator=/t -E occurrence=a \
#     -e tcp.stream -e frame.time_relative -e frame.protocols \
#     -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
#     -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.analysis.ack_rtt \
#     -e tcp.analysis.initial_rtt -e tcp.analysis.<flag>...
# with the 15 flags in the order of FLAGS below. Output: a header line of
# streamxpert's column names, then one line per stream in stream order;
# times in seconds, "" where there is no value.
#
# The rules, as Wireshark's display filter counts frames:
# - a frame counts once for each distinct stream in its tcp.stream list,
#   and each flag present on the frame counts for each of those streams;
# - rst: any tcp.flags value of the frame has 0x004;
# - a TCP header's addresses are those of the last IP header before it in
#   frame.protocols; lists line up with tcp.stream when they are as long;
# - src is the sender of the stream's first frame, or its receiver when
#   that frame is a SYN-ACK; a frame goes src->dst (fwd) when its sender
#   is src, else dst->src (rev);
# - bytes and data segments add the tcp.len of the stream's headers;
# - RTT samples come from frames that carry a single stream, and count for
#   the direction opposite to the frame's (the data they acknowledge).
BEGIN {
	FS = "\t"
	CONVFMT = "%.9f"
	nflags = split("retransmission fast_retransmission " \
	    "spurious_retransmission duplicate_ack out_of_order lost_segment " \
	    "ack_lost_segment zero_window zero_window_probe " \
	    "zero_window_probe_ack window_full window_update keep_alive " \
	    "keep_alive_ack reused_ports", FLAGS, " ")
	for (k = 1; k <= nflags; k++)
		FI[FLAGS[k]] = k
	split("retransmission duplicate_ack out_of_order zero_window " \
	    "zero_window_probe window_full", p, " ")
	for (k in p) PROBLEM[FI[p[k]]] = 1
	CAPTURE[FI["lost_segment"]] = 1
	CAPTURE[FI["ack_lost_segment"]] = 1
	max = -1
}
function hexval(s,    i, v) {
	v = 0
	s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function bit(v, b) { return int(v / b) % 2 }
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
	nl = split($11, len, ",")
	n4 = 0; n6 = 0; kind = 0; ntcp = 0
	for (i = 1; i <= np; i++) {
		if (proto[i] == "ip") { kind = 4; idx = ++n4 }
		else if (proto[i] == "ipv6") { kind = 6; idx = ++n6 }
		else if (proto[i] == "tcp") {
			ntcp++; tkind[ntcp] = kind; tidx[ntcp] = idx
		}
	}
	rst = 0
	for (i = 1; i <= nfl; i++)
		if (bit(hexval(fl[i]), 4)) rst = 1
	distinct = 0
	delete seen
	delete sbytes
	for (i = 1; i <= ns; i++) {
		s = st[i] + 0
		if (nl == ns) sbytes[s] += len[i]
		else if (ns == 1 && nl > 0) sbytes[s] += len[1]
	}
	for (i = 1; i <= ns; i++) {
		s = st[i] + 0
		if (s in seen) continue
		seen[s] = 1
		distinct++
		h = (ntcp == ns) ? i : 1
		j = (nsp == ns) ? i : 1
		a = addr(tkind[h], tidx[h], s4, s6) ":" sp[j]
		b = addr(tkind[h], tidx[h], d4, d6) ":" dp[j]
		if (!(s in first)) {
			first[s] = $2 + 0
			f = (nfl == ns) ? hexval(fl[i]) : hexval(fl[1])
			if (bit(f, 2) && bit(f, 16)) { src[s] = b; dst[s] = a }
			else { src[s] = a; dst[s] = b }
			if (s > max) max = s
		}
		last[s] = $2 + 0
		d = (a == src[s] || a != dst[s]) ? "fwd" : "rev"
		dir[s] = d
		frames[s, d]++
		if (sbytes[s] > 0) {
			bytes[s, d] += sbytes[s]
			data[s, d]++
			if ($(14) != "") rdata[s, d]++
		}
		prob = 0; capt = 0
		for (k = 1; k <= nflags; k++) {
			if ($(13 + k) == "") continue
			cnt[s, d, k]++
			if (k in PROBLEM) prob = 1
			if (k in CAPTURE) capt = 1
		}
		problems[s, d] += prob
		capture[s, d] += capt
		if (rst) rsts[s, d]++
	}
	if (distinct == 1) {
		s = st[1] + 0
		d = dir[s] == "fwd" ? "rev" : "fwd"
		n = split($12, r, ",")
		for (i = 1; i <= n; i++) {
			v = r[i] + 0
			rtt(s, d, v); rtt(s, "all", v)
		}
		if ($13 != "" && !(s in irtt)) {
			split($13, ir, ",")
			irtt[s] = ir[1] + 0
		}
	}
}
function rtt(s, d, v) {
	if (!((s, d) in rn) || v < rmin[s, d]) rmin[s, d] = v
	if (!((s, d) in rn) || v > rmax[s, d]) rmax[s, d] = v
	rsum[s, d] += v; rn[s, d]++
}
# The counters of one part: "all", "fwd" or "rev".
function sum(a, s, part) {
	if (part == "all") return a[s, "fwd"] + a[s, "rev"]
	return a[s, part] + 0
}
function flagsum(s, part, k) {
	if (part == "all") return cnt[s, "fwd", k] + cnt[s, "rev", k]
	return cnt[s, part, k] + 0
}
function counters(s, part,    out, k, rt, rd, dd, sx) {
	sx = part == "all" ? "" : "_" part
	out = sum(frames, s, part) "\t" sum(bytes, s, part)
	for (k = 1; k <= nflags; k++)
		out = out "\t" flagsum(s, part, k)
	out = out "\t" sum(rsts, s, part)
	if ((s, part) in rn)
		out = out "\t" rmin[s, part] "\t" (rsum[s, part] / rn[s, part]) \
		    "\t" rmax[s, part]
	else
		out = out "\t\t\t"
	rt = flagsum(s, part, 1) - flagsum(s, part, 2) - flagsum(s, part, 3)
	rd = sum(rdata, s, part); dd = sum(data, s, part)
	out = out "\t" rt "\t" sum(problems, s, part) "\t" \
	    sum(capture, s, part) "\t" dd "\t" rd "\t" \
	    (dd > 0 ? rd / dd : "")
	return out
}
function names(sx,    out, k) {
	out = "frames" sx "\tbytes" sx
	for (k = 1; k <= nflags; k++) out = out "\t" FLAGS[k] sx
	return out "\trst" sx "\trtt_min" sx "\trtt_avg" sx "\trtt_max" sx \
	    "\tplain_retransmission" sx "\tproblems" sx "\tcapture_problems" sx \
	    "\tdata_segments" sx "\tretrans_segments" sx "\tretrans_rate" sx
}
END {
	print "stream\tsrc\tdst\tstart\tduration\tirtt\t" names("") "\t" \
	    names("_fwd") "\t" names("_rev")
	for (s = 0; s <= max; s++) {
		if (!(s in first)) continue
		line = s "\t" src[s] "\t" dst[s] "\t" first[s] "\t" \
		    (last[s] - first[s]) "\t" ((s in irtt) ? irtt[s] : "")
		print line "\t" counters(s, "all") "\t" counters(s, "fwd") \
		    "\t" counters(s, "rev")
	}
}
