# independent-stats.awk - the statistics columns of issue 13 computed a
# second way, straight from tshark's raw fields, by their documented
# definitions (the man page's STATISTICS), to check streamxpert against. It
# shares no code with streamxpert. Input: the lines of
#   tshark -n -r FILE -o tcp.analyze_sequence_numbers:TRUE \
#     -o tcp.track_bytes_in_flight:TRUE \
#     -o 'tcp.default_window_scaling:Not known' \
#     -T fields -E separator=/t -E occurrence=a -E aggregator=, \
#     -e tcp.stream -e frame.time_relative -e frame.protocols \
#     -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
#     -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.analysis.ack_rtt \
#     -e tcp.analysis.retransmission -e tcp.window_size \
#     -e tcp.window_size_scalefactor -e tcp.analysis.bytes_in_flight \
#     -e tcp.option_kind -e tcp.options.mss_val \
#     -e tcp.options.wscale.shift \
#     -e tls.handshake.extensions_server_name -e http.host
# Output: a TSV header of streamxpert's column names (stream, src, dst,
# then the statistics), then one line per stream in stream order.
#
# Times are kept as integer nanoseconds (parsed from the text, never as
# floating seconds), printed like streamxpert's (rounded to the
# microsecond). rtt_sd is computed from sums of squares in seconds (a
# different method from streamxpert's): compare it with a tolerance of
# one microsecond; everything else must match exactly.
BEGIN {
	FS = "\t"
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
# A time "12.345678901" as integer ns relative to base (whole seconds,
# the stream's first frame's), exact in awk's doubles even for times far
# from the capture's start: ts_sec and ts_frac hold the parsed parts.
function parse_time(t,    p) {
	ts_neg = substr(t, 1, 1) == "-"
	if (ts_neg) t = substr(t, 2)
	p = index(t, ".")
	if (p == 0) { ts_sec = t + 0; ts_frac = 0 } else {
		ts_sec = substr(t, 1, p - 1) + 0
		ts_frac = substr(substr(t, p + 1) "000000000", 1, 9) + 0
	}
}
function rel(base) {
	if (!ts_neg) return (ts_sec - base) * 1000000000 + ts_frac
	return -((ts_sec + base) * 1000000000 + ts_frac)
}
function whole() { return ts_neg ? -ts_sec : ts_sec }
function tons(t) { parse_time(t); return rel(0) }
# ns relative to base seconds, printed as seconds rounded to the us
function secs(ns, base,    q, us) {
	q = ns >= 0 ? int(ns / 1000) : -int((-ns + 999) / 1000)
	us = base * 1000000 + q + ((ns - q * 1000) >= 500)
	if (us < 0) return "-" sprintf("%d.%06d", int(-us / 1000000), (-us) % 1000000)
	return sprintf("%d.%06d", int(us / 1000000), us % 1000000)
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
	nl = split($11, len, ",")
	parse_time($2)
	n4 = 0; n6 = 0; kind = 0; ntcp = 0; app = ""
	for (i = 1; i <= np; i++) {
		if (proto[i] == "ip") { kind = 4; idx = ++n4 }
		else if (proto[i] == "ipv6") { kind = 6; idx = ++n6 }
		else if (proto[i] == "tcp") {
			ntcp++; tkind[ntcp] = kind; tidx[ntcp] = idx
			app = (i < np && proto[i + 1] != "data") ? proto[i + 1] : ""
		}
	}
	single = (ns == 1 && nsp == 1)
	delete seen
	delete sbytes
	for (i = 1; i <= ns; i++) {
		s = st[i] + 0
		if (nl == ns) sbytes[s] += len[i]
		else if (ns == 1 && nl > 0) sbytes[s] += len[1]
	}
	distinct = 0
	for (i = 1; i <= ns; i++) {
		s = st[i] + 0
		if (s in seen) continue
		seen[s] = 1
		distinct++
		h = (ntcp == ns) ? i : 1
		j = (nsp == ns) ? i : 1
		a = addr(tkind[h], tidx[h], s4, s6) ":" sp[j]
		b = addr(tkind[h], tidx[h], d4, d6) ":" dp[j]
		f = (nfl == ns) ? hexval(fl[i]) : hexval(fl[1])
		if (!(s in first)) {
			base[s] = whole()
			first[s] = 1
			nframes[s] = 0
			if (bit(f, 2) && bit(f, 16)) { src[s] = b; dst[s] = a }
			else { src[s] = a; dst[s] = b }
			if (s > max) max = s
		}
		t = rel(base[s])
		if (nframes[s] > 0 && t - last[s] > idle[s] + 0) {
			idle[s] = t - last[s]
		}
		nframes[s]++
		last[s] = t
		d = (a == src[s] || a != dst[s]) ? "fwd" : "rev"
		dir[s] = d
		by = sbytes[s] + 0
		if (by > 0) {
			bytes[s, d] += by; data[s, d]++
			if (!((s, d) in fdata)) fdata[s, d] = t
			ldata[s, d] = t
			if (by > segmax[s, d] + 0) segmax[s, d] = by
			if ($13 != "") rbytes[s, d] += by
		}
		if (!single) continue
		# the single TCP header's own fields
		if ($14 != "") {
			if ($15 == "-1") wunk[s, d] = 1
			else {
				w = $14 + 0
				if (!((s, d) in wn) || w < wmin[s, d]) wmin[s, d] = w
				if (!((s, d) in wn) || w > wmax[s, d]) wmax[s, d] = w
				wsum[s, d] += w; wn[s, d]++
			}
		}
		if ($16 != "") {
			v = $16 + 0
			if (!((s, d) in fln) || v > flmax[s, d]) flmax[s, d] = v
			flsum[s, d] += v; fln[s, d]++
		}
		if (bit(f, 2) && !((s, d) in syn)) {
			syn[s, d] = 1
			nk = split($17, kinds, ",")
			sack[s, d] = 0; tsopt[s, d] = 0
			for (k = 1; k <= nk; k++) {
				if (kinds[k] == 4) sack[s, d] = 1
				if (kinds[k] == 8) tsopt[s, d] = 1
			}
			if ($18 != "") mss[s, d] = $18
			if ($19 != "") wsc[s, d] = $19
		}
		if (app != "" && !(s in service)) service[s] = app
		sni = $20; sub(/,.*/, "", sni)
		host = $21; sub(/,.*/, "", host)
		if (sni != "" && !(s in issni)) { sname[s] = sni; issni[s] = 1 }
		else if (host != "" && !(s in sname)) sname[s] = host
	}
	if (distinct == 1) {
		s = st[1] + 0
		d = dir[s] == "fwd" ? "rev" : "fwd"
		n = split($12, r, ",")
		for (i = 1; i <= n; i++) {
			v = tons(r[i]) / 1e9
			rs[s, d] += v; rq[s, d] += v * v; rn[s, d]++
		}
	}
}
function fmt6(x) { return sprintf("%.6f", x) }
function both(a, s) { return a[s, "fwd"] + a[s, "rev"] }
# one part's columns: part is "fwd", "rev" or "all"
function part(s, p,    out, d, n, any, lo, hi, by, rb, i, x, mn, mx, sum,
    unk, q, span) {
	n = split(p == "all" ? "fwd rev" : p, ds, " ")
	by = 0; rb = 0; any = 0; lo = 0; hi = 0
	for (i = 1; i <= n; i++) {
		d = ds[i]; by += bytes[s, d]; rb += rbytes[s, d]
		if ((s, d) in fdata) {
			if (!any || fdata[s, d] < lo) lo = fdata[s, d]
			if (!any || ldata[s, d] > hi) hi = ldata[s, d]
			any = 1
		}
	}
	span = hi - lo
	out = rb "\t" (by - rb)
	out = out "\t" (any && span > 0 ? fmt6(by * 1000000000 / span) : "")
	out = out "\t" (any && span > 0 ? fmt6((by - rb) * 1000000000 / span) : "")
	# bytes in flight
	x = 0; mx = 0; sum = 0
	for (i = 1; i <= n; i++) {
		d = ds[i]
		if (!((s, d) in fln)) continue
		if (!x || flmax[s, d] > mx) mx = flmax[s, d]
		x += fln[s, d]; sum += flsum[s, d]
	}
	out = out "\t" (x ? mx : "") "\t" (x ? fmt6(sum / x) : "")
	# segments
	x = 0; mx = 0
	for (i = 1; i <= n; i++) {
		d = ds[i]; x += data[s, d]
		if (segmax[s, d] + 0 > mx) mx = segmax[s, d]
	}
	out = out "\t" (x ? mx : "") "\t" (x ? fmt6(by / x) : "")
	# windows
	x = 0; unk = 0; sum = 0
	for (i = 1; i <= n; i++) {
		d = ds[i]
		if ((s, d) in wunk) unk = 1
		if (!((s, d) in wn)) continue
		if (!x || wmin[s, d] < mn) mn = wmin[s, d]
		if (!x || wmax[s, d] > mx) mx = wmax[s, d]
		x += wn[s, d]; sum += wsum[s, d]
	}
	if (x && !unk)
		out = out "\t" mn "\t" fmt6(sum / x) "\t" mx
	else
		out = out "\t\t\t"
	# RTT spread: population standard deviation
	x = 0; sum = 0; q = 0
	for (i = 1; i <= n; i++) {
		d = ds[i]; x += rn[s, d]; sum += rs[s, d]; q += rq[s, d]
	}
	if (x) {
		v = q / x - (sum / x) * (sum / x)
		out = out "\t" fmt6(v > 0 ? sqrt(v) : 0)
	} else
		out = out "\t"
	return out
}
function opts(s, d) {
	return ((s, d) in mss ? mss[s, d] : "") "\t" \
	    ((s, d) in wsc ? wsc[s, d] : "") "\t" \
	    ((s, d) in syn ? sack[s, d] : "") "\t" \
	    ((s, d) in syn ? tsopt[s, d] : "") "\t" \
	    ((s, d) in fdata ? secs(fdata[s, d], base[s]) : "")
}
function names(x) {
	return "retrans_bytes" x "\tgoodput_bytes" x "\tthroughput" x \
	    "\tgoodput" x "\tin_flight_max" x "\tin_flight_avg" x \
	    "\tseg_max" x "\tseg_avg" x "\twin_min" x "\twin_avg" x \
	    "\twin_max" x "\trtt_sd" x
}
function onames(x) {
	return "mss" x "\twscale" x "\tsack_perm" x "\ttimestamps" x \
	    "\tfirst_data" x
}
END {
	print "stream\tsrc\tdst\tidle_max\tservice\tserver_name\t" names("") \
	    "\t" names("_fwd") "\t" onames("_fwd") "\t" names("_rev") "\t" \
	    onames("_rev")
	for (s = 0; s <= max; s++) {
		if (!(s in first)) continue
		print s "\t" src[s] "\t" dst[s] "\t" \
		    (nframes[s] > 1 ? secs(idle[s] + 0, 0) : "") "\t" \
		    service[s] "\t" sname[s] "\t" part(s, "all") "\t" \
		    part(s, "fwd") "\t" opts(s, "fwd") "\t" part(s, "rev") \
		    "\t" opts(s, "rev")
	}
}
