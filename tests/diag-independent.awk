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
#     -e tcp.analysis.zero_window \
#     -e tcp.options.timestamp.tsval -e tcp.options.timestamp.tsecr \
#     -e tcp.options.sack_le -e tcp.options.sack_re -e tcp.ack \
#     -e tcp.analysis.zero_window_probe -e tcp.analysis.keep_alive
# (relative sequence numbers on, as tshark has them by default: the
# segment's length in sequence space is tcp.nxtseq - tcp.seq, its place
# on the wire tcp.seq_raw; SACK edges are relative as tcp.ack is). Output:
# a header line of streamxpert's column names, then one line per stream
# in stream order.
#
# The definitions (man page, the diagnosis columns), restated:
# - copies: a frame with a sequence number whose stream, direction, IP
#   ID, seq_raw, ack_raw, length, flags, window and TSval equal those of
#   the latest such frame among the last 256 frames kept (frames that
#   were not copies) of the same stream and direction, at most 5 ms
#   away; without a non-zero IP ID and without TSval only a frame with
#   payload, within 0.5 ms (and one without payload is not kept).
#   Counted in dup_frames, otherwise ignored;
# - per direction, the seen sequence space runs from the first frame
#   with sequence space (payload, SYN, FIN) to the highest end seen; a
#   frame with sequence space starting beyond that end (by less than
#   2^30) opens a hole [end, start) remembering the opener's IP ID (when
#   the sender numbers frames one by one: see below) and TSval; at most
#   8192 holes, one more (or the upper part of one cut in two) counts in
#   gap_overflow; any frame covering part of a hole closes that part; the
#   seen space keeps the last 2^30 below its end, holes left below are
#   dropped and counted as unfilled;
# - IP IDs: steps of exactly 1 eight times in a row make them trusted; then a
#   step k > 1 means k - 1 frames not seen; a step of 0 or backwards
#   changes nothing; a step over 32 makes them untrusted for good, unless
#   they were trusted once (a counter: then only the count of steps of 1
#   starts again, and the IP IDs still order frames against a hole's
#   opener); a step over 1 while not trusted starts the count again. Frames not seen
#   are remembered until a frame with payload opens a hole; a frame
#   starting at the highest end, not flagged retransmission, with payload
#   and sent later than the last frame seen before the first of them
#   (a larger TSval, else 10 ms later; or the other direction's latest
#   ACK number changed since that skip and reaches the highest end)
#   while some are remembered is
#   lost_upstream (one fewer remembered); a skip at such a frame without
#   payload or not sent later forgets them and untrusts the IP IDs;
#   a skip right before a frame with payload starting below the highest
#   end, at or above the lowest seen, where the other direction's latest
#   ACK number (or, when the previous frame of the direction had payload
#   and did not raise the highest end, that frame's end if higher) is
#   below the frame's start (or the ACK number equal to it while the frame
#   that last raised the highest end had less payload than the longest
#   seen) forgets them and remembers that number: the next frame
#   below that would count lost_downstream but starts there, while the
#   other direction's latest ACK number is still that, is lost_upstream
#   (any frame with payload covering that number forgets it); data at
#   the highest end after frames not seen counts as above only if the
#   frame before them raised the highest end, or resent bytes below it
#   after which, from the other direction's latest ACK number up, it and
#   that direction's latest SACK blocks covered all below the highest
#   end (else they are forgotten);
#   a frame without payload beyond the highest end while some are
#   remembered remembers its number: the next frame with payload at the
#   highest end, flagged retransmission and with an IP ID after the
#   previous one's, is then lost_upstream (one fewer remembered);
# - a frame with payload touching a hole: sent after the hole's opener
#   (IP ID, else TSval; else flagged retransmission and not spurious) is
#   lost_upstream, sent before it (else flagged out-of-order)
#   reordered_upstream; else, starting in the seen space and flagged
#   retransmission or out-of-order, but not spurious, zero-window probe or
#   keep-alive, nor held by the other direction by the SACK blocks of its
#   latest ACK (up to 4 after any D-SACK block; an ACK without them holds
#   none): lost_downstream, and it is kept (the last 4096 of the
#   direction) for a D-SACK;
# - a D-SACK of the other direction (first SACK block below the ACK, or
#   inside the second block) takes back the latest one kept inside it;
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
	GAPS = 8192
	PEND = 4096
	RING = 256
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
# the item of list x (n items) for header i of ns
function item(x, n, i) { return n == ns ? x[i] : (ns == 1 && n ? x[1] : "") }
# the lowest hole of k that [s, e) touches, or 0
function touched(k, s, e,    i, best) {
	best = 0
	for (i = 1; i <= ng[k]; i++)
		if (sdiff(s, ge[k, i]) < 0 && sdiff(e, gs[k, i]) > 0 &&
		    (!best || sdiff(gs[k, i], gs[k, best]) < 0))
			best = i
	return best
}
# a hole [s, e) with the opener of hole j of k (j = 0: the frame's own)
function addgap(k, s, e, j) {
	if (ng[k] == GAPS) { ovf[k]++; return }
	ng[k]++
	gs[k, ng[k]] = s; ge[k, ng[k]] = e
	if (j) {
		gid[k, ng[k]] = gid[k, j]; gts[k, ng[k]] = gts[k, j]
		gsure[k, ng[k]] = gsure[k, j]
	} else {
		gid[k, ng[k]] = run[k] != "random" && hasid && id != 0 ? id : ""
		gsure[k, ng[k]] = trusted(k) || ctr[k]
		gts[k, ng[k]] = ts
	}
}
function delgap(k, i) {
	gs[k, i] = gs[k, ng[k]]; ge[k, i] = ge[k, ng[k]]
	gid[k, i] = gid[k, ng[k]]; gts[k, i] = gts[k, ng[k]]
	gsure[k, i] = gsure[k, ng[k]]
	ng[k]--
}
function fill(k, s, e,    i, a, b) {
	i = 1
	while (i <= ng[k]) {
		a = gs[k, i]; b = ge[k, i]
		if (!(sdiff(s, b) < 0 && sdiff(e, a) > 0)) { i++; continue }
		if (sdiff(s, a) <= 0 && sdiff(e, b) >= 0) { delgap(k, i); continue }
		if (sdiff(s, a) <= 0) gs[k, i] = e
		else if (sdiff(e, b) >= 0) ge[k, i] = s
		else { ge[k, i] = s; addgap(k, e, b, i) }
		i++
	}
}
function trusted(k) { return run[k] != "random" && run[k] >= 8 }
# frames the IP ID step says were not seen, or -1
function unseen_of(k,    step, sure) {
	if (!hasid || id == 0 || run[k] == "random") return -1
	if (!(k in lastid)) { lastid[k] = id; return -1 }
	step = (id - lastid[k] + 65536) % 65536
	if (step == 0 || step >= 32768) return -1
	lastid[k] = id
	if (step > 32) { run[k] = ctr[k] ? 0 : "random"; return -1 }
	sure = run[k] >= 8
	if (step == 1 && !sure) run[k]++
	else if (step > 1 && !sure) run[k] = 0
	if (run[k] >= 8) ctr[k] = 1
	return sure ? step - 1 : -1
}
# whether this frame (ts, id) was sent after hole j's opener: 1, 0, -1
# (IP IDs compared once the sender numbers one by one, then or now)
function after(k, j) {
	if (gid[k, j] != "" && (gsure[k, j] || trusted(k) || ctr[k]) && hasid &&
	    id != gid[k, j])
		return (id - gid[k, j] + 65536) % 65536 < 32768
	if (gts[k, j] != "" && ts != "" && ts != gts[k, j])
		return sdiff(ts, gts[k, j]) > 0
	return -1
}
# a D-SACK from direction k's receiver takes back its latest resending
# inside the block
function settle(k,    i, j) {
	if (!(k in np) || dsl == "") return
	for (i = np[k]; i >= 1; i--) {
		if (sdiff(ps[k, i], dsl) < 0 || sdiff(pe[k, i], dsr) > 0) continue
		down[k]--; downb[k] -= pl[k, i]
		for (j = i; j < np[k]; j++) {
			ps[k, j] = ps[k, j + 1]; pe[k, j] = pe[k, j + 1]
			pl[k, j] = pl[k, j + 1]
		}
		np[k]--
		return
	}
}
# the D-SACK block of this frame (one TCP header) into dsl, dsr, its
# other SACK blocks (at most 4) as side k's latest: skn[k], skl, skr
function dsack(k,    nle, nre, le, re, off, l0, r0, l1, r1, i) {
	dsl = dsr = ""
	skn[k] = 0
	if (ns != 1 || $25 == "" || ackv == "" || $27 == "" || index($27, ","))
		return
	nle = split($25, le, ","); nre = split($26, re, ",")
	if (nle != nre) return
	off = umod(ackv - $27)
	l0 = (le[1] + off) % M; r0 = (re[1] + off) % M
	if (nle >= 2) { l1 = (le[2] + off) % M; r1 = (re[2] + off) % M }
	i = 1
	if (sdiff(r0, ackv) <= 0 ||
	    (nle >= 2 && sdiff(l0, l1) >= 0 && sdiff(r0, r1) <= 0)) {
		dsl = l0; dsr = r0
		i = 2
	}
	for (; i <= nle && skn[k] < 4; i++) {
		skn[k]++
		skl[k, skn[k]] = (le[i] + off) % M
		skr[k, skn[k]] = (re[i] + off) % M
	}
}
# whether side k's latest SACK blocks hold all of [s, e)
function sacked(k, s, e,    i) {
	for (i = 1; i <= skn[k]; i++)
		if (sdiff(skl[k, i], s) <= 0 && sdiff(e, skr[k, i]) <= 0 &&
		    sdiff(skl[k, i], skr[k, i]) < 0)
			return 1
	return 0
}
# is this frame (signature sig) a copy of a frame kept? else keep it
function copy_of(sig, bare,    bound) {
	if (bare && l == 0) return 0
	bound = bare ? 500000 : 5000000
	if ((sig in ktime) && kept[k] - kidx[sig] < RING &&
	    t - ktime[sig] <= bound && ktime[sig] - t <= bound)
		return 1
	kept[k]++
	ktime[sig] = t; kidx[sig] = kept[k]
	return 0
}
$1 != "" {
	t = tns($2)
	ns = split($1, st, ",")
	np_ = split($3, proto, ":")
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
	ntv = split($23, tsv, ","); nte = split($24, tse, ",")
	n4 = 0; n6 = 0; kind = 0; ntcp = 0
	for (i = 1; i <= np_; i++) {
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
		k2 = s SUBSEP (d == "fwd" ? "rev" : "fwd")
		q = (nsr == ns) ? i : (ns == 1 && nsr ? 1 : 0)
		l = (nl == ns) ? len[i] + 0 : (ns == 1 && nl ? len[1] + 0 : 0)
		hasid = tkind[h] == 4 && (tidx[h] in ipid)
		id = hasid ? hexval(ipid[tidx[h]]) : 0
		ts = item(tsv, ntv, i); ecr = item(tse, nte, i)
		ackv = (nak == ns) ? ak[i] : (ns == 1 && nak ? ak[1] : "")
		wv = (nwn == ns) ? win[i] : (ns == 1 && nwn ? win[1] : "")
		if (q) {
			sig = k SUBSEP hasid SUBSEP id SUBSEP sraw[q] SUBSEP ackv \
			    SUBSEP l SUBSEP f SUBSEP wv SUBSEP ts
			# a frame of IP ID 0 without payload only once its
			# stream has shown a copy
			if (copy_of(sig, !(hasid && id != 0) && ts == "") &&
			    !(hasid && id == 0 && l == 0 &&
			    dups[s, "fwd"] + dups[s, "rev"] == 0)) {
				dups[k]++
				continue
			}
		}
		if ($22 != "") {
			if (!zw[k]) { zw[k] = 1; zstart[k] = t }
		} else if (zw[k] && wv != "" && wv + 0 != 0) {
			if (t > zstart[k]) ztime[k] += t - zstart[k]
			zw[k] = 0
		}
		if (ackv != "" && bit(f, 16)) {
			dsack(k)
			settle(k2)
			# this side's ACK number, repeated without payload
			if (!(k in ackn) || ackn[k] != ackv + 0) {
				ackn[k] = ackv + 0; ackd[k] = 0
			} else if (l == 0 && ackd[k] < 255) ackd[k]++
		}
		ask = (k2 in ackn) ? ackn[k2] : 0
		if (lres[k] && sdiff(lend[k], ask) > 0) ask = lend[k]
		fstep = hasid && (k in lastid) ? (id - lastid[k] + 65536) % 65536 : 0
		fwd = fstep >= 1 && fstep <= 32767
		u = unseen_of(k)
		if (u > 0 && !unseen[k]) {
			skts[k] = lts[k]; skt[k] = lt[k]
			ska[k] = lpa[k] + 0
			sktop[k] = ltop[k] + 0
			skall[k] = lall[k] + 0
		}
		if (ts != "" && skts[k] != "") later = sdiff(ts, skts[k]) > 0
		else later = t - skt[k] >= 10000000
		lts[k] = ts; lt[k] = t
		lpa[k] = (k2 in ackn) ? ackn[k2] : 0
		ltop[k] = 0; lres[k] = 0; lall[k] = 0
		if (!q) continue
		sq = sraw[q] + 0
		span = (nnx == nsq && nnx >= q) ? nx[q] - srel[q] : l
		e = (sq + span) % M
		if (!(k in lo)) {
			if (e == sq) continue
			lo[k] = sq; hi[k] = e
			continue
		}
		tail(k)
		if (e == sq) continue
		if (sdiff(sq, hi[k]) > 0 && umod(sq - hi[k]) < SEEN)
			addgap(k, hi[k], sq, 0)
		if (l > 0) locate(k)
		fill(k, sq, e)
		if (l > 0 && sdiff(e, hi[k]) <= 0) lall[k] = resent_all(k, sq, e)
		if (l > maxl[k]) maxl[k] = l > 65535 ? 65535 : l
		if (sdiff(e, hi[k]) > 0) {
			hi[k] = e; tshort[k] = l < maxl[k]; ltop[k] = l > 0
		} else if (l > 0) { lres[k] = 1; lend[k] = e }
		if (sdiff(sq, lo[k]) < 0) lo[k] = sq
		if (umod(hi[k] - lo[k]) > SEEN) {
			lo[k] = umod(hi[k] - SEEN)
			gi = 1
			while (gi <= ng[k]) {
				if (sdiff(ge[k, gi], lo[k]) > 0) {
					if (sdiff(gs[k, gi], lo[k]) < 0) gs[k, gi] = lo[k]
					gi++
					continue
				}
				expired[k]++
				delgap(k, gi)
			}
		}
	}
}
# what the IP IDs say of this frame (u frames not seen)
function tail(k) {
	if (u > 0) unseen[k] = (unseen[k] + u > 255) ? 255 : unseen[k] + u
	if (sdiff(sq, hi[k]) > 0 && l > 0) { unseen[k] = 0; return }
	if (u > 0 && l > 0 && sdiff(sq, hi[k]) < 0 && (k2 in ackn) &&
	    sdiff(ackn[k2], lo[k]) >= 0 && (ask != ackn[k2] ||
	    sdiff(ask, sq) < 0 || (ackn[k2] == sq && tshort[k]))) {
		unseen[k] = 0
		upres[k] = ask != ackn[k2] || sdiff(ask, sq) < 0 ? ask : sq
		return
	}
	if (unseen[k] && l == 0 && sdiff(sq, hi[k]) > 0) { tailto[k] = sq; return }
	if (unseen[k] && $18 != "" && l > 0 && fwd && sq == hi[k] &&
	    (k in tailto) && sdiff(tailto[k], sq) > 0) {
		delete tailto[k]
		unseen[k]--; up[k]++; upb[k] += l
		return
	}
	if (!unseen[k] || $18 != "" || sq != hi[k]) return
	if (l > 0 && !sktop[k] && !skall[k]) { unseen[k] = 0; return }
	if (l > 0 && (later || ((k2 in ackn) && ackn[k2] != ska[k] &&
	    sdiff(ackn[k2], hi[k]) >= 0))) {
		unseen[k]--; up[k]++; upb[k] += l
		return
	}
	if (u > 0) { run[k] = 0; unseen[k] = 0 }
}
# whether resending [s, e) left nothing below the highest end that the
# other direction's ACK number and latest SACK blocks still ask for
function resent_all(k, s, e,    x, moved, i) {
	if (!(k2 in ackn) || sdiff(ackn[k2], lo[k]) < 0) return 0
	x = ackn[k2]; moved = 1
	while (moved && sdiff(x, hi[k]) < 0) {
		moved = 0
		if (sdiff(s, x) <= 0 && sdiff(x, e) < 0) { x = e; moved = 1 }
		for (i = 1; i <= skn[k2]; i++)
			if (sdiff(skl[k2, i], x) <= 0 && sdiff(x, skr[k2, i]) < 0) {
				x = skr[k2, i]; moved = 1
			}
	}
	return sdiff(x, hi[k]) >= 0
}
# where this frame's payload was lost, if it was resent
function locate(k,    g, af, rt, j, ur) {
	rt = $18 != "" && $19 == ""
	ur = 0
	if ((k in upres) && sdiff(sq, upres[k]) <= 0 && sdiff(upres[k], e) < 0) {
		ur = sq == upres[k]
		delete upres[k]
	}
	g = touched(k, sq, e)
	if (g) {
		af = after(k, g)
		if (af < 0 && (k2 in ackn) && ackn[k2] == gs[k, g] && ackd[k2] >= 2)
			af = 1
		else if (af < 0 && rt) af = 1
		else if (af < 0 && $20 != "") af = 0
		if (af == 1) { up[k]++; upb[k] += l }
		else if (af == 0) reord[k]++
		return
	}
	if (umod(sq - lo[k]) < umod(hi[k] - lo[k]) && !sacked(k2, sq, e) &&
	    ($18 != "" || $20 != "") && $19 == "" && $28 == "" && $29 == "") {
		if (ur && (k2 in ackn) && ackn[k2] == sq) {
			up[k]++; upb[k] += l
			return
		}
		down[k]++; downb[k] += l
		if (np[k] == PEND) {
			for (j = 1; j < np[k]; j++) {
				ps[k, j] = ps[k, j + 1]; pe[k, j] = pe[k, j + 1]
				pl[k, j] = pl[k, j + 1]
			}
			np[k]--
		}
		np[k]++
		ps[k, np[k]] = sq; pe[k, np[k]] = e; pl[k, np[k]] = l
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
