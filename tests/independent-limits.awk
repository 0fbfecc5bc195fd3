# independent-limits.awk - what limited each transfer, computed a second
# way straight from tshark's raw fields, to check streamxpert's limits
# columns against. Written from the man page's definitions (LIMITS), not
# from the C. Input:
#   tshark -n -r FILE -T fields -E separator=/t -E occurrence=a \
#     -e tcp.stream -e frame.time_relative -e frame.protocols \
#     -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
#     -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.seq_raw \
#     -e tcp.ack_raw -e tcp.window_size -e tcp.window_size_scalefactor \
#     -e tcp.options.mss_val -e tcp.analysis.ack_rtt \
#     -e tcp.analysis.initial_rtt
# Output: a header line of streamxpert's column names, then one line per
# stream in stream order, the values printed as streamxpert prints them.
#
# The definitions, restated:
# - a direction's transfer starts at its first frame with payload; from
#   then on every stretch between two consecutive frames of the stream
#   is given, by the state after the earlier frame, to
#     rwnd     when in_flight + mss > window,
#     sender   else when in_flight is 0,
#     network  else;
#   in_flight = (end of the highest payload the side sent) - (highest
#   ACK number the peer sent, in frames with the ACK flag; the first data
#   segment's start when the peer has sent none), 0 when not positive,
#   modulo 2^32; window = tcp.window_size of the peer's latest frame with
#   a single TCP header (no window yet: no rwnd); mss = the largest
#   payload the side has sent so far, at most the MSS option of the
#   peer's first SYN that carried one;
# - a stretch that begins with nothing in flight is held back and given
#   only when the side later sends new data (beyond its highest end):
#   the transfer ends at the ACK of its last data, or at the stream's
#   last frame when the data is never all acknowledged;
# - what the peer sends (ACK number, window) counts for the side only one
#   upstream round trip U after the frame: for the side that sent the
#   SYN, U = (its first pure ACK after the SYN-ACK) - (the SYN-ACK), for
#   the other side U = (the SYN-ACK) - (the latest SYN before it), 0
#   without them; at most 4 frames' worth wait at once: when 4 wait, a
#   new one updates the last waiting one (a higher ACK number, its
#   window) instead and arrives at that one's time; those still waiting
#   after the last frame arrive all the same (the stretches up to them
#   count); a stretch is cut where one arrives;
# - transfer_time of a direction = the time given; of the stream = from
#   the earliest first data to the latest end (first data + given);
# - the shares divide by the transfer time; the stream's add both
#   directions' times and both transfer times; times and shares are
#   absent when the peer ever showed an unknown window scale (-1), all
#   are absent for a direction that sent no payload;
# - round_trips = transfer_time / RTT: the stream's first
#   tcp.analysis.initial_rtt (from frames of a single stream) when
#   positive, else the smallest tcp.analysis.ack_rtt measured on the
#   direction's data (for the stream: of either direction).
BEGIN {
	FS = "\t"
	M = 4294967296
	H = 2147483648
	max = -1
	LIMS["rwnd"] = LIMS["sender"] = LIMS["network"] = 1
}
function hexval(s,    i, v) {
	v = 0
	s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++)
		v = v * 16 + index("0123456789abcdef", substr(s, i, 1)) - 1
	return v
}
function bit(v, b) { return int(v / b) % 2 }
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
# seconds with up to 9 decimals as integer nanoseconds after whole second
# base (exact in a double when the result is below 2^53)
function tns(t, base,    p, sec, frac, sg) {
	sg = substr(t, 1, 1) == "-" ? -1 : 1
	if (sg < 0) t = substr(t, 2)
	p = index(t, ".")
	sec = p ? substr(t, 1, p - 1) : t
	frac = p ? substr(t, p + 1) : ""
	frac = substr(frac "000000000", 1, 9)
	return (sg * sec - base) * 1000000000 + sg * frac
}
# a frame time of stream s: from the whole second of the stream's first
# frame (only differences within a stream matter), so that it stays exact
# however far from the capture's start tshark puts it
function ftns(t, s) {
	if (!(s in t0)) t0[s] = int(t + 0)
	return tns(t, t0[s])
}
function pick(n, arr, i, ns) {
	if (n == ns) return arr[i]
	if (ns == 1 && n) return arr[1]
	return ""
}
function inflight(k,    x) {
	x = sdiff(nxt[k], una[k])
	return x > 0 ? x : 0
}
function limit(k,    m, f) {
	m = seg[k]
	if ((k in mssopt) && mssopt[k] < m) m = mssopt[k]
	f = inflight(k)
	if ((k in win) && f + m > win[k]) return "rwnd"
	return f == 0 ? "sender" : "network"
}
function give(k, dt,    l) {
	if (!(k in started) || dt <= 0) return
	l = limit(k)
	if (inflight(k) > 0) T[k, l] += dt
	else P[k, l] += dt
}
function deliver(k,    h) {
	h = qh[k] + 0
	if (Qa[k, h] != "" && (!(k in una) || sdiff(Qa[k, h], una[k]) > 0))
		una[k] = Qa[k, h] + 0
	if (Qw[k, h] != "") win[k] = Qw[k, h] + 0
	qh[k] = (h + 1) % 4
	qn[k]--
}
# time runs to now; all = 1: every waiting one arrives, no time after
function advance(k, now, all,    due) {
	while (qn[k] > 0 && (all || Qd[k, qh[k] + 0] <= now)) {
		due = Qd[k, qh[k] + 0]
		if (due > at[k]) { give(k, due - at[k]); at[k] = due }
		deliver(k)
	}
	if (!all) { give(k, now - at[k]); at[k] = now }
}
function tell(k, t, av, wv,    i) {
	if (av == "" && wv == "") return
	if (up[k] + 0 <= 0 && qn[k] + 0 == 0) {
		if (av != "" && (!(k in una) || sdiff(av, una[k]) > 0)) una[k] = av + 0
		if (wv != "") win[k] = wv + 0
		return
	}
	if (qn[k] + 0 < 4) {
		i = (qh[k] + qn[k]) % 4
		Qd[k, i] = t + up[k]; Qa[k, i] = av; Qw[k, i] = wv
		qn[k]++
		return
	}
	i = (qh[k] + 3) % 4
	if (av != "" && (Qa[k, i] == "" || sdiff(av, Qa[k, i]) > 0)) Qa[k, i] = av
	if (wv != "") Qw[k, i] = wv
}
$1 != "" {
	ns = split($1, st, ",")
	np = split($3, proto, ":")
	split($4, s4, ","); split($5, d4, ",")
	split($6, s6, ","); split($7, d6, ",")
	nsp = split($8, sp, ","); split($9, dp, ",")
	nfl = split($10, fl, ",")
	nl = split($11, len, ",")
	nsq = split($12, sq, ",")
	nak = split($13, ak, ",")
	nwin = split($14, wn, ",")
	nsc = split($15, sc, ",")
	nms = split($16, ms, ",")
	nrt = split($17, rt, ",")
	split($18, irt, ",")
	n4 = 0; n6 = 0; kind = 0; ntcp = 0
	for (i = 1; i <= np; i++) {
		if (proto[i] == "ip") { kind = 4; idx = ++n4 }
		else if (proto[i] == "ipv6") { kind = 6; idx = ++n6 }
		else if (proto[i] == "tcp") {
			ntcp++; tkind[ntcp] = kind; tidx[ntcp] = idx
		}
	}
	one = 1
	for (i = 2; i <= ns; i++) if (st[i] != st[1]) one = 0
	single = ns == 1 && nsp == 1
	delete done
	for (i = 1; i <= ns; i++) {
		s = st[i] + 0
		if (s in done) continue
		done[s] = 1
		t = ftns($2, s)
		h = (ntcp == ns) ? i : 1
		j = (nsp == ns) ? i : 1
		a = addr(tkind[h], tidx[h], s4, s6) ":" sp[j]
		b = addr(tkind[h], tidx[h], d4, d6) ":" dp[j]
		fv = pick(nfl, fl, i, ns)
		f = fv == "" ? 0 : hexval(fv)
		if (!(s in src)) {
			if (bit(f, 2) && bit(f, 16)) { src[s] = b; dst[s] = a }
			else { src[s] = a; dst[s] = b }
			if (s > max) max = s
			at[s, "fwd"] = at[s, "rev"] = t
		}
		advance(s SUBSEP "fwd", t, 0)
		advance(s SUBSEP "rev", t, 0)
		d = (a == src[s] || a != dst[s]) ? "fwd" : "rev"
		o = d == "fwd" ? "rev" : "fwd"
		k = s SUBSEP d
		r = s SUBSEP o
		# the handshake: each side's upstream round trip
		if (bit(f, 2) && !bit(f, 16) && !(s in sa)) {
			sy[s] = t; side[s] = d
		} else if (bit(f, 2) && bit(f, 16) && (s in sy) && !(s in sa) &&
		    d != side[s]) {
			sa[s] = t
			if (t > sy[s]) up[k] = t - sy[s]
		} else if (!bit(f, 2) && bit(f, 16) && (s in sa) &&
		    !(s in a3) && d == side[s]) {
			a3[s] = t
			if (t > sa[s]) up[k] = t - sa[s]
		}
		l = pick(nl, len, i, ns)
		q = pick(nsq, sq, i, ns)
		# what this side sent
		if (l != "" && l + 0 > 0 && q != "") {
			e = (q + l) % M
			if (!(k in started)) {
				started[k] = 1
				first[k] = t
				nxt[k] = e
				if (!(k in una)) una[k] = q + 0
			} else if (sdiff(e, nxt[k]) > 0) {
				for (x in LIMS) { T[k, x] += P[k, x]; P[k, x] = 0 }
				nxt[k] = e
			}
			if (l + 0 > seg[k]) seg[k] = l + 0
		}
		# what it tells the other side's sender (on its way to it)
		av = pick(nak, ak, i, ns)
		if (!bit(f, 16)) av = ""
		wv = single && nwin == 1 ? wn[1] : ""
		if (single) {
			if (nwin == 1 && nsc == 1 && sc[1] == -1) unknown[r] = 1
			if (nms == 1 && bit(f, 2) && !(r in mssopt))
				mssopt[r] = ms[1] + 0
		}
		tell(r, t, av, wv)
		if (one) {
			for (x = 1; x <= nrt; x++) {
				v = tns(rt[x], 0)
				if (!(r in rmin) || v < rmin[r]) rmin[r] = v
			}
			if ($18 != "" && !(s in irtt)) irtt[s] = tns(irt[1], 0)
		}
	}
}
function secs(ns,    us) {
	us = int(ns / 1000) + (ns % 1000 >= 500 ? 1 : 0)
	return sprintf("%d.%06d", int(us / 1000000), us % 1000000)
}
function ratio(a, b) { return sprintf("%.6f", a / b) }
function rtt(s, d,    best) {
	if ((s in irtt) && irtt[s] > 0) return irtt[s]
	best = 0
	if (d != "rev" && ((s, "fwd") in rmin) && rmin[s, "fwd"] > 0)
		best = rmin[s, "fwd"]
	if (d != "fwd" && ((s, "rev") in rmin) && rmin[s, "rev"] > 0 &&
	    (best == 0 || rmin[s, "rev"] < best))
		best = rmin[s, "rev"]
	return best
}
function xfer(k) { return T[k, "rwnd"] + T[k, "sender"] + T[k, "network"] }
# the columns of direction d ("fwd", "rev" or "" for the stream)
function part(s, d,    k, n, any, unk, tot, span, a, b, x, R, out, i) {
	n = split(d == "" ? "fwd rev" : d, D, " ")
	any = 0; unk = 0; tot = 0; a = ""; b = ""
	for (x in LIMS) R[x] = 0
	for (i = 1; i <= n; i++) {
		k = s SUBSEP D[i]
		if (!(k in started)) continue
		any = 1
		if (k in unknown) unk = 1
		tot += xfer(k)
		for (x in LIMS) R[x] += T[k, x]
		if (a == "" || first[k] < a) a = first[k]
		if (b == "" || first[k] + xfer(k) > b) b = first[k] + xfer(k)
	}
	span = d == "" ? b - a : tot
	out = any ? secs(span) : ""
	x = rtt(s, d)
	out = out "\t" (any && x > 0 ? ratio(span, x) : "")
	for (i = 1; i <= 3; i++)
		out = out "\t" (any && !unk ? secs(R[L[i]]) : "")
	for (i = 1; i <= 3; i++)
		out = out "\t" (any && !unk && tot > 0 ? ratio(R[L[i]], tot) : "")
	return out
}
function names(sx) {
	return "transfer_time" sx "\tround_trips" sx "\trwnd_limited_time" sx \
	    "\tsender_limited_time" sx "\tnetwork_limited_time" sx \
	    "\trwnd_limited_share" sx "\tsender_limited_share" sx \
	    "\tnetwork_limited_share" sx
}
END {
	for (s = 0; s <= max; s++)
		if (s in src) {
			advance(s SUBSEP "fwd", 0, 1)
			advance(s SUBSEP "rev", 0, 1)
		}
	split("rwnd sender network", L, " ")
	print "stream\t" names("") "\t" names("_fwd") "\t" names("_rev")
	for (s = 0; s <= max; s++)
		if (s in src)
			print s "\t" part(s, "") "\t" part(s, "fwd") "\t" \
			    part(s, "rev")
}
