# diag-independent.awk - the diagnosis counters computed a second way,
# straight from tshark's raw fields, to check streamxpert against. Input:
#   tshark -n -r FILE -T fields -E separator=/t -E occurrence=a \
#     -e tcp.stream -e frame.time_epoch -e frame.protocols \
#     -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
#     -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.seq_raw -e tcp.seq \
#     -e tcp.nxtseq -e tcp.ack_raw -e ip.id -e tcp.window_size_value \
#     -e tcp.analysis.retransmission \
#     -e tcp.analysis.spurious_retransmission \
#     -e tcp.analysis.out_of_order -e tcp.analysis.lost_segment \
#     -e tcp.analysis.zero_window
# (relative sequence numbers on, as tshark has them by default: the
# segment's length in sequence space is tcp.nxtseq - tcp.seq, its place
# on the wire tcp.seq_raw). Output: a header line of streamxpert's column
# names, then one line per stream in stream order.
#
# The definitions (man page, DIAGNOSIS), restated:
# - per stream and direction, the seen sequence space runs from the first
#   segment's start to the highest end seen; a frame flagged lost_segment
#   that starts beyond that end opens a hole [end, start); at most 4 holes
#   are kept, a fifth (or the upper part of a hole cut in two) is counted
#   in gap_overflow instead; any segment covering part of a hole closes
#   that part; the seen space keeps at most the last 2^30 below its end:
#   its start moves up past that, and holes left entirely below it are
#   dropped and counted as unfilled;
# - a frame with payload flagged retransmission but not spurious counts as
#   lost_upstream if it touches a hole, else as lost_downstream if it
#   starts inside the seen space (its offset from the start, modulo 2^32,
#   below the space's length); an out-of-order one touching a hole as
#   reordered_upstream; unfilled_gaps is the holes left at the end;
# - a frame whose IP ID, seq_raw, ack_raw, length and flags equal those of
#   the previous frame of its stream and direction (IPv4 only) is a
#   duplicate (dup_frames) and is otherwise ignored;
# - zero_window_time: from a frame flagged zero_window to the next frame
#   of the same direction whose window field is not 0, else to the
#   stream's last frame; a period whose end is not after its start
#   (timestamps going backwards) adds 0;
# - idle_max: the longest positive time between two consecutive frames of
#   the stream, absent for a stream of one frame.
# Sequence numbers are compared modulo 2^32; times are kept in integer
# nanoseconds from the capture's first frame.
BEGIN {
	FS = "\t"
	M = 4294967296
	H = 2147483648
	SEEN = 1073741824
	max = -1
	t0sec = ""
}
function hexval(s,    i, v) {
	v = 0
	s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function bit(v, b) { return int(v / b) % 2 }
# a - b as a signed 32-bit difference
function sdiff(a, b,    x) {
	x = (a - b) % M
	if (x < 0) x += M
	return x >= H ? x - M : x
}
function addr(kind, idx, list4, list6) {
	if (kind == 4) return list4[idx]
	if (kind == 6) return "[" list6[idx] "]"
	return "?"
}
# frame.time_epoch as integer nanoseconds since the first frame
function tns(t,    p, sec, frac) {
	p = index(t, ".")
	sec = p ? substr(t, 1, p - 1) : t
	frac = p ? substr(t, p + 1) : ""
	frac = substr(frac "000000000", 1, 9)
	if (t0sec == "") t0sec = sec
	return (sec - t0sec) * 1000000000 + frac
}
function overlaps(k, s, e,    i) {
	for (i = 1; i <= ng[k]; i++)
		if (sdiff(s, ge[k, i]) < 0 && sdiff(e, gs[k, i]) > 0)
			return 1
	return 0
}
function addgap(k, s, e) {
	if (ng[k] == 4) { ovf[k]++; return }
	ng[k]++
	gs[k, ng[k]] = s; ge[k, ng[k]] = e
}
function fill(k, s, e,    i, a, b) {
	i = 1
	while (i <= ng[k]) {
		a = gs[k, i]; b = ge[k, i]
		if (!(sdiff(s, b) < 0 && sdiff(e, a) > 0)) { i++; continue }
		if (sdiff(s, a) <= 0 && sdiff(e, b) >= 0) {
			gs[k, i] = gs[k, ng[k]]; ge[k, i] = ge[k, ng[k]]
			ng[k]--
			continue
		}
		if (sdiff(s, a) <= 0) gs[k, i] = e
		else if (sdiff(e, b) >= 0) ge[k, i] = s
		else { ge[k, i] = s; addgap(k, e, b) }
		i++
	}
}
$1 != "" {
	t = tns($2)
	ns = split($1, st, ",")
	np = split($3, proto, ":")
	split($4, s4, ","); split($5, d4, ",")
	split($6, s6, ","); split($7, d6, ",")
	nsp = split($8, sp, ","); split($9, dp, ",")
	nfl = split($10, fl, ",")
	nl = split($11, len, ",")
	nsr = split($12, sraw, ",")
	nsq = split($13, srel, ",")
	nnx = split($14, nx, ",")
	nak = split($15, ak, ",")
	split($16, ipid, ",")
	nwn = split($17, win, ",")
	n4 = 0; n6 = 0; kind = 0; ntcp = 0
	for (i = 1; i <= np; i++) {
		if (proto[i] == "ip") { kind = 4; idx = ++n4 }
		else if (proto[i] == "ipv6") { kind = 6; idx = ++n6 }
		else if (proto[i] == "tcp") {
			ntcp++; tkind[ntcp] = kind; tidx[ntcp] = idx
		}
	}
	delete done
	for (i = 1; i <= ns; i++) {
		s = st[i] + 0
		if (s in done) continue
		done[s] = 1
		h = (ntcp == ns) ? i : 1
		j = (nsp == ns) ? i : 1
		a = addr(tkind[h], tidx[h], s4, s6) ":" sp[j]
		b = addr(tkind[h], tidx[h], d4, d6) ":" dp[j]
		f = (nfl == ns) ? hexval(fl[i]) : (ns == 1 && nfl ? hexval(fl[1]) : 0)
		nfr[s]++
		if (!(s in first)) {
			first[s] = 1
			if (bit(f, 2) && bit(f, 16)) { src[s] = b; dst[s] = a }
			else { src[s] = a; dst[s] = b }
			if (s > max) max = s
		} else if (t - last[s] > idle[s]) {
			idle[s] = t - last[s]
		}
		last[s] = t
		d = (a == src[s] || a != dst[s]) ? "fwd" : "rev"
		k = s SUBSEP d
		q = (nsr == ns) ? i : (ns == 1 && nsr ? 1 : 0)
		l = (nl == ns) ? len[i] + 0 : (ns == 1 && nl ? len[1] + 0 : 0)
		hasid = tkind[h] == 4 && (tidx[h] in ipid)
		sig = hasid && q ? ipid[tidx[h]] ":" sraw[q] ":" \
		    ((nak == ns) ? ak[i] : (ns == 1 && nak ? ak[1] : 0)) ":" l ":" f : ""
		if (sig != "" && sig == lastsig[k]) { dups[k]++; continue }
		lastsig[k] = sig
		wv = (nwn == ns) ? win[i] : (ns == 1 && nwn ? win[1] : "")
		if ($22 != "") {
			if (!zw[k]) { zw[k] = 1; zstart[k] = t }
		} else if (zw[k] && wv != "" && wv + 0 != 0) {
			if (t > zstart[k]) ztime[k] += t - zstart[k]
			zw[k] = 0
		}
		if (!q) continue
		sq = sraw[q] + 0
		span = (nnx == nsq && nnx >= q) ? nx[q] - srel[q] : l
		e = (sq + span) % M
		if (!(k in lo)) { lo[k] = sq; hi[k] = e; continue }
		if ($21 != "" && sdiff(sq, hi[k]) > 0) addgap(k, hi[k], sq)
		if (l > 0 && $18 != "" && $19 == "") {
			if (overlaps(k, sq, e)) { up[k]++; upb[k] += l }
			else if (umod(sq - lo[k]) < umod(hi[k] - lo[k])) {
				down[k]++; downb[k] += l
			}
		} else if (l > 0 && $20 != "" && overlaps(k, sq, e)) {
			reord[k]++
		}
		if (e != sq) fill(k, sq, e)
		if (sdiff(e, hi[k]) > 0) hi[k] = e
		if (sdiff(sq, lo[k]) < 0) lo[k] = sq
		if (umod(hi[k] - lo[k]) > SEEN) {
			lo[k] = umod(hi[k] - SEEN)
			i = 1
			while (i <= ng[k]) {
				if (sdiff(ge[k, i], lo[k]) > 0) {
					if (sdiff(gs[k, i], lo[k]) < 0) gs[k, i] = lo[k]
					i++
					continue
				}
				expired[k]++
				gs[k, i] = gs[k, ng[k]]; ge[k, i] = ge[k, ng[k]]
				ng[k]--
			}
		}
	}
}
function umod(x) { x = x % M; return x < 0 ? x + M : x }
function secs(ns,    us) {
	us = int(ns / 1000) + (ns % 1000 >= 500 ? 1 : 0)
	return sprintf("%d.%06d", int(us / 1000000), us % 1000000)
}
function part(s, d,    k) {
	k = s SUBSEP d
	return (down[k] + 0) "\t" (downb[k] + 0) "\t" (up[k] + 0) "\t" \
	    (upb[k] + 0) "\t" (reord[k] + 0) "\t" (ng[k] + expired[k]) "\t" \
	    (ovf[k] + 0) "\t" (dups[k] + 0) "\t" \
	    secs(ztime[k] + (zw[k] && last[s] > zstart[k] ? last[s] - zstart[k] : 0))
}
function names(sx) {
	return "lost_downstream" sx "\tlost_downstream_bytes" sx \
	    "\tlost_upstream" sx "\tlost_upstream_bytes" sx \
	    "\treordered_upstream" sx "\tunfilled_gaps" sx "\tgap_overflow" sx \
	    "\tdup_frames" sx "\tzero_window_time" sx
}
END {
	print "stream\tidle_max\t" names("_fwd") "\t" names("_rev")
	for (s = 0; s <= max; s++)
		if (s in first)
			print s "\t" (nfr[s] > 1 ? secs(idle[s] + 0) : "") "\t" \
			    part(s, "fwd") "\t" \
			    part(s, "rev")
}
