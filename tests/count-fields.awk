# count-fields.awk - an independent per-stream count from raw tshark
# fields, to check streamxpert against. Input: the lines of
#   tshark -n -r FILE -T fields -E separator=/t -E occurrence=a \
#     -e tcp.stream -e tcp.flags -e tcp.len -e tcp.analysis.<flag>...
# (the flags in the order of FLAGS below). Output, one line per stream in
# stream order: stream frames bytes <flags...> rst, tab-separated.
#
# Rules (Wireshark's display filter, counted in frames): a frame counts
# once for each distinct stream in its tcp.stream list; a flag counts for
# a frame when its field is non-empty; rst when any tcp.flags value has
# the 0x004 bit. Bytes add the tcp.len of each TCP header of the stream
# (lists line up when they have as many items as tcp.stream).
BEGIN {
	FS = "\t"
	nflags = split("retransmission fast_retransmission " \
	    "spurious_retransmission duplicate_ack out_of_order lost_segment " \
	    "ack_lost_segment zero_window zero_window_probe " \
	    "zero_window_probe_ack window_full window_update keep_alive " \
	    "keep_alive_ack reused_ports", FLAGS, " ")
	max = -1
}
function hexval(s,    i, c, v) {
	v = 0
	s = tolower(substr(s, 3))
	for (i = 1; i <= length(s); i++) {
		c = index("0123456789abcdef", substr(s, i, 1)) - 1
		v = v * 16 + c
	}
	return v
}
$1 != "" {
	ns = split($1, st, ",")
	nl = split($3, len, ",")
	nf = split($2, fl, ",")
	rst = 0
	for (i = 1; i <= nf; i++)
		if (int(hexval(fl[i]) / 4) % 2 == 1)
			rst = 1
	delete seen
	for (i = 1; i <= ns; i++) {
		s = st[i] + 0
		if (nl == ns)
			bytes[s] += len[i]
		else if (i == 1 && nl > 0)
			bytes[s] += len[1]
		if (s in seen)
			continue
		seen[s] = 1
		frames[s]++
		if (s > max)
			max = s
		for (k = 1; k <= nflags; k++)
			if ($(3 + k) != "")
				cnt[s, k]++
		if (rst)
			rsts[s]++
	}
}
END {
	for (s = 0; s <= max; s++) {
		if (!(s in frames))
			continue
		line = s "\t" frames[s] "\t" (bytes[s] + 0)
		for (k = 1; k <= nflags; k++)
			line = line "\t" (cnt[s, k] + 0)
		print line "\t" (rsts[s] + 0)
	}
}
