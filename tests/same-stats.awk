# same-stats.awk - compare streamxpert's statistics (B) with
# independent-stats.awk's (A), both TSV with the same header: every field
# must be equal, except the rtt_sd columns, which may differ by one
# microsecond (independent-stats.awk computes them another way, from sums
# of squares). Prints the first differences and exits 1 if there are any.
# Usage: awk -f same-stats.awk A B
BEGIN { FS = "\t" }
FNR == NR { a[FNR] = $0; na = FNR; next }
FNR == 1 { for (i = 1; i <= NF; i++) h[i] = $i }
{
	nb = FNR
	if (!(FNR in a)) { print "extra line " FNR ": " $0; bad++; next }
	n = split(a[FNR], x, "\t")
	if (n != NF) { print "line " FNR ": " n " <> " NF " fields"; bad++; next }
	for (i = 1; i <= NF; i++) {
		if (x[i] == $i) continue
		if (h[i] ~ /^rtt_sd/ && x[i] != "" && $i != "" &&
		    (x[i] - $i) <= 1.000001e-6 && ($i - x[i]) <= 1.000001e-6)
			continue
		print "line " FNR " (stream " $1 ") " h[i] ": " x[i] " <> " $i
		bad++
	}
	if (bad > 5) exit 1
}
END {
	if (na != nb) { print "line counts differ: " na " <> " nb; bad++ }
	exit bad > 0
}
