# select-columns.awk - print the named columns of a TSV file with a header
# line, in the order given. Usage: awk -v cols=a,b,c -f select-columns.awk
BEGIN { FS = OFS = "\t"; n = split(cols, want, ",") }
NR == 1 {
	for (i = 1; i <= NF; i++) at[$i] = i
	for (k = 1; k <= n; k++)
		if (!(want[k] in at)) { print "no column " want[k] > "/dev/stderr"; exit 2 }
}
{
	line = ""
	for (k = 1; k <= n; k++) line = line (k > 1 ? OFS : "") $(at[want[k]])
	print line
}
