#!/bin/sh
# function-length.sh - no function in src/ longer than 80 lines (HACKING.md),
# except those named in ALLOWED below: flat tables and the getopt switch.
# A function is counted from the line with its name to its closing brace,
# in the code's style (KNF: the name at the start of a line, the body's
# braces alone at the start of theirs). Prints every function over the
# limit, each allowed one marked so; status 1 when one is not allowed.
#   tests/function-length.sh [FILE...]     (default: src/*.c include/*.h)
set -u
LIMIT=80
# FILE FUNCTION: why it may be longer
ALLOWED='
src/options.c parse_one: the getopt switch, one flat case an option
'
[ $# -gt 0 ] || set -- src/*.c include/*.h

awk -v limit=$LIMIT -v allowed="$ALLOWED" '
BEGIN {
	n = split(allowed, a, "\n")
	for (i = 1; i <= n; i++)
		if (split(a[i], w, /[ :]+/) >= 2)
			ok[w[1] " " w[2]] = 1
}
FNR == 1 { name = ""; inbody = 0 }
# a function name at the start of a line (a prototype ends with ";")
!inbody && /^[A-Za-z_][A-Za-z0-9_]*\(/ {
	if ($0 ~ /;[ \t]*$/)
		next
	name = $0
	sub(/\(.*/, "", name)
	start = FNR
	next
}
!inbody && /;[ \t]*$/ { name = ""; next }
!inbody && name != "" && /^\{/ { inbody = 1; next }
inbody && /^\}/ {
	len = FNR - start + 1
	if (len > limit) {
		key = FILENAME " " name
		printf "%s:%d: %s is %d lines (limit %d)%s\n", FILENAME,
		    start, name, len, limit,
		    key in ok ? " (allowed)" : ""
		if (!(key in ok))
			bad++
	}
	inbody = 0
	name = ""
}
END {
	if (bad) {
		printf "%d function%s over %d lines: split %s (HACKING.md)\n",
		    bad, bad == 1 ? "" : "s", limit, bad == 1 ? "it" : "them"
		exit 1
	}
}
' "$@"
