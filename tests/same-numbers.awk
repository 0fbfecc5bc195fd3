# same-numbers.awk - compare two tab-separated files line by line: text
# fields must be equal, numeric fields may differ by at most 1.5e-6 (the
# rounding of six-decimal output). Prints the first differences and exits
# 1 if there are any. Usage: awk -f same-numbers.awk A B
BEGIN { FS = "\t" }
FNR == NR { a[FNR] = $0; na = FNR; next }
{
	nb = FNR
	if (!(FNR in a)) { print "extra line " FNR ": " $0; bad++; next }
	n = split(a[FNR], x, "\t")
	if (n != NF) { print "line " FNR ": " a[FNR] " <> " $0; bad++; next }
	for (i = 1; i <= NF; i++) {
		if (x[i] == $i) continue
		if (x[i] ~ /^-?[0-9.]+(e-?[0-9]+)?$/ && $i ~ /^-?[0-9.]+$/ &&
		    (x[i] - $i) <= 1.5e-6 && ($i - x[i]) <= 1.5e-6) continue
		print "line " FNR " field " i ": " x[i] " <> " $i; bad++
		break
	}
	if (bad > 5) exit 1
}
END {
	if (na != nb) { print "line counts differ: " na " <> " nb; bad++ }
	exit bad > 0
}
