# man-columns.awk - the column lists of --list-columns and of the man page
# in one form, so that the two can be compared (tests/it/catalogue.sh):
# one line per column, NAME TAB HEAD TAB GROUP TAB SIDES TAB MEANING,
# SIDES "" (the stream only), "also" (also NAME_fwd and NAME_rev, headers
# HEAD_f and HEAD_r, same group and meaning) or "only" (NAME_fwd and
# NAME_rev only).
#   awk -v from=list -f tests/man-columns.awk   < streamxpert --list-columns
#   awk -v from=man -v list=NAME -f tests/man-columns.awk man/streamxpert.1
#       (the entries under .SS "NAME list", up to the next .SS or .SH)
#   awk -v from=canon -v to=man -f ...   the man page's entries for a
#       canonical list (how the man page's lists are written)
BEGIN { FS = "\t" }

function flush_man() {
	if (mname != "") {
		gsub(/\\-/, "-", mtext)
		sub(/^ /, "", mtext)
		print mname "\t" mhead "\t" mgroup "\t" msides "\t" mtext
	}
	mname = ""
}

from == "list" {
	n++
	name[n] = $1; head[n] = $2; group[n] = $3; help[n] = $4
	idx[$1] = n
	next
}

from == "man" && /^\.S[SH] / {
	flush_man()
	inlist = $0 == ".SS \"" list " list\""
	next
}
from == "man" && inlist && /^\.TP/ { flush_man(); next }
from == "man" && inlist && /^\.BR / {
	# .BR name " (head, group)"  or  " (head, group; also _fwd, _rev)"
	mname = $0; sub(/^\.BR /, "", mname); sub(/ .*/, "", mname)
	rest = $0; sub(/^[^"]*" \(/, "", rest); sub(/\)"$/, "", rest)
	msides = ""
	if (sub(/; also _fwd, _rev$/, "", rest)) msides = "also"
	else if (sub(/; _fwd and _rev only$/, "", rest)) msides = "only"
	mhead = rest; sub(/, .*/, "", mhead)
	mgroup = rest; sub(/^[^,]*, /, "", mgroup)
	mtext = ""
	next
}
from == "man" && inlist && mname != "" && /^\./ { flush_man(); next }
from == "man" && inlist && mname != "" { mtext = mtext " " $0; next }

from == "canon" && to == "man" {
	sides = $4 == "also" ? "; also _fwd, _rev" : \
	    $4 == "only" ? "; _fwd and _rev only" : ""
	text = $5
	gsub(/-/, "\\-", text)
	print ".TP"
	print ".BR " $1 " \" (" $2 ", " $3 sides ")\""
	# at most about 72 characters a line, never a line starting with a dot
	line = ""
	k = split(text, w, " ")
	for (i = 1; i <= k; i++) {
		if (line != "" && length(line) + 1 + length(w[i]) > 72) {
			print line
			line = ""
		}
		line = line == "" ? w[i] : line " " w[i]
	}
	if (line != "")
		print line
}

# Whether column j is stream column b's for direction sfx (f or r).
function same_side(j, b, sfx) {
	return j && head[j] == head[idx[b]] "_" sfx &&
	    group[j] == group[idx[b]] && help[j] == help[idx[b]]
}

# A _fwd or _rev column i that repeats its stream column, which has both:
# the stream column's name, or "".
function variant_of(i,    b) {
	if (name[i] !~ /_(fwd|rev)$/)
		return ""
	b = substr(name[i], 1, length(name[i]) - 4)
	if (b in idx && same_side(idx[b "_fwd"], b, "f") &&
	    same_side(idx[b "_rev"], b, "r"))
		return b
	return ""
}

END {
	if (from == "man")
		flush_man()
	if (from != "list")
		exit
	for (i = 1; i <= n; i++)
		if ((b = variant_of(i)) != "")
			also[b] = "also"
	for (i = 1; i <= n; i++) {
		if (variant_of(i) != "")
			continue
		b = substr(name[i], 1, length(name[i]) - 4)
		if (name[i] ~ /_(fwd|rev)$/ && !(b in idx) &&
		    head[i] ~ /_[fr]$/) {
			# a column of each side only: once, if both agree
			if (b in only)
				continue
			only[b] = 1
			r = idx[b "_rev"]
			if (name[i] ~ /_fwd$/ && r &&
			    head[r] == substr(head[i], 1, length(head[i]) - 1) "r" &&
			    group[r] == group[i] && help[r] == help[i]) {
				print b "\t" substr(head[i], 1, length(head[i]) - 2) \
				    "\t" group[i] "\tonly\t" help[i]
				continue
			}
		}
		print name[i] "\t" head[i] "\t" group[i] "\t" also[name[i]] \
		    "\t" help[i]
	}
}
