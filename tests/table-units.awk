# table-units.awk - check a table's cells against the TSV of the same run:
#     awk -v names=COL,COL,... -f tests/table-units.awk REPORT.tsv REPORT.table
# Both without header (and the table without totals), with the numeric
# columns NAMES in that order. Each table cell is read back in the unit
# the man page (UNITS IN THE TABLE) gives its column, by the column's name
# alone, and must be the TSV's exact value within the rounding of the
# cell's last digit (and the TSV's own sixth decimal). Written from the
# man page, not from the C: a unit is recognised by its spelling.
# Exits 1 and prints the first differences when a cell does not match.
BEGIN {
	FS = "\t"
	n = split(names, name, ",")
	for (i = 1; i <= n; i++) {
		b = name[i]
		sub(/_(fwd|rev)$/, "", b)
		if (b ~ /^(retrans_rate|zero_window_share|(rwnd|sender|network)_limited_share)$/)
			kind[i] = "percent"
		else if (b ~ /^(throughput|goodput)$/)
			kind[i] = "bitrate"
		else if (b ~ /^(rtt_min|rtt_avg|rtt_max|irtt|rtt_sd)$/)
			kind[i] = "ms"
		else if (b ~ /^(start|duration|idle_max|first_data|zero_window_time|transfer_time|(rwnd|sender|network)_limited_time)$/)
			kind[i] = "duration"
		else if (b ~ /^(in_flight_avg|seg_avg|win_avg|round_trips)$/)
			kind[i] = "average"
		else if (b == "stream" || b == "completeness")
			kind[i] = "plain"
		else
			kind[i] = "count"
	}
}
FNR == NR { tsv[FNR] = $0; rows = FNR; next }
{
	nt = split($0, cell, /[ ]+/)
	if (cell[1] == "") {   # right-aligned: leading blanks
		for (i = 1; i < nt; i++)
			cell[i] = cell[i + 1]
		nt--
	}
	split(tsv[FNR], v, "\t")
	if (nt != n) {
		bad("row " FNR ": " nt " table cells for " n " columns")
		next
	}
	for (i = 1; i <= n; i++)
		if (!same(kind[i], cell[i], v[i]))
			bad("row " FNR " " name[i] " (" kind[i] "): table " cell[i] \
			    ", TSV " v[i])
}
END {
	if (FNR != rows && !nbad)
		bad("the table has " FNR " rows, the TSV " rows)
	exit nbad > 0
}
function bad(msg) { if (nbad++ < 5) print msg }
# the number of decimals written in s
function decimals(s) { return s ~ /\./ ? length(s) - index(s, ".") : 0 }
# t (in the TSV's unit) matches v within half the last digit, whose size
# in the TSV's unit is unit
function near(t, v, digits, unit) {
	return (t - v) <= 0.5 * 10 ^ -digits * unit + 5.1e-7 &&
	    (v - t) <= 0.5 * 10 ^ -digits * unit + 5.1e-7
}
function same(k, c, v,    x, u, m, p) {
	if (v == "")
		return c == "-"
	if (k == "plain")
		return c == v
	if (k == "count") {
		x = c
		gsub(/,/, "", x)
		# separators exactly from 10,000 on
		if ((length(x) > 4) != (c ~ /,/))
			return 0
		return x == v
	}
	if (k == "percent") {
		if (c == "<0.01%")
			return v > 0 && v < 0.0001 + 5.1e-7
		if (c !~ /^[0-9]+(\.[0-9]+)?%$/)
			return 0
		x = substr(c, 1, length(c) - 1)
		return near(x / 100, v, decimals(x), 0.01)
	}
	if (k == "bitrate") {
		if (!match(c, /^[0-9]+(\.[0-9]+)?/))
			return 0
		x = substr(c, 1, RLENGTH)
		u = substr(c, RLENGTH + 1)
		m = u == "bit/s" ? 1 : u == "kbit/s" ? 1e3 : u == "Mbit/s" ? 1e6 : \
		    u == "Gbit/s" ? 1e9 : u == "Tbit/s" ? 1e12 : u == "Pbit/s" ? 1e15 : 0
		if (m == 0)
			return 0
		return near(x * m / 8, v, decimals(x), m / 8)
	}
	if (k == "average") {
		x = c
		gsub(/,/, "", x)
		if (x !~ /^[0-9]+(\.[0-9])?$/)
			return 0
		return near(x, v, decimals(x), 1)
	}
	if (c ~ /^[0-9][0-9,]*(\.[0-9]+)?ms$/) {   # ms and duration
		x = substr(c, 1, length(c) - 2)
		gsub(/,/, "", x)
		return near(x / 1000, v, decimals(x), 0.001)
	}
	if (k != "duration")
		return 0
	if (c ~ /^[0-9]+\.[0-9]+s$/) {
		x = substr(c, 1, length(c) - 1)
		return near(x, v, decimals(x), 1)
	}
	if (c ~ /^[0-9]+m[0-9]+s$/) {   # whole seconds, rounded
		split(c, p, /[ms]/)
		return near(p[1] * 60 + p[2], v, 0, 1)
	}
	if (c ~ /^[0-9]+h[0-9]+m$/) {   # the minutes rounded down
		split(c, p, /[hm]/)
		x = p[1] * 3600 + p[2] * 60
		return v >= x - 0.5 && v < x + 60
	}
	if (c ~ /^[0-9]+d[0-9]+h$/) {   # the hours rounded down
		split(c, p, /[dh]/)
		x = p[1] * 86400 + p[2] * 3600
		return v >= x - 0.5 && v < x + 3600
	}
	return 0
}
