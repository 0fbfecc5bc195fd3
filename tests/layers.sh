#!/bin/sh
# layers.sh [DIR] - check the module structure of DIR/src and DIR/include
# (default: the current directory), and print the modules lowest first.
#
# A module is X.c with its header X.h (a file X_PART.c belongs to module
# X). Module A uses module B when a file of A includes B's header. Two
# rules, each failing the script (status 1) with what breaks it:
#   - no cycle: no module uses itself through a chain of others (tsort
#     finds and names the loop);
#   - a module defines only the functions its own header declares (and
#     main.c only main).
# Run by tests/it/layers.sh, which also shows that it catches both.
set -u
dir=${1:-.}
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-layers.XXXXXX") || exit 2
trap 'rm -rf "$T"' EXIT
bad=0

# The module of a file name: its base name without extension or _PART.
module() {
	b=${1##*/}
	b=${b%.*}
	echo "${b%%_*}"
}

# Every "A B" (A uses B), and "A A" so that every module is listed.
for f in "$dir"/src/*.c "$dir"/include/*.h; do
	[ -f "$f" ] || continue
	m=$(module "$f")
	echo "$m $m"
	sed -n 's/^[[:space:]]*#[[:space:]]*include[[:space:]]*"\([^"]*\)".*/\1/p' "$f" |
	while read -r h; do
		hm=$(module "$h")
		[ "$hm" = "$m" ] || echo "$m $hm"
	done
done | sort -u >"$T/edges"
# tsort wants "B A" to put B (the used) first.
if ! awk '{ print $2, $1 }' "$T/edges" | tsort >"$T/order" 2>"$T/loop"; then
	echo "layers: a cycle of modules (each uses the next):"
	sed 's/^tsort: //' "$T/loop"
	bad=1
fi

# The functions a file defines with external linkage: in this code's
# style the name starts a line, its type is on the line before.
for f in "$dir"/src/*.c; do
	m=$(module "$f")
	h=$dir/include/$m.h
	awk '
		/^[A-Za-z_][A-Za-z0-9_]*\(/ && prev !~ /^static/ &&
		    prev !~ /^#/ && prev ~ /[A-Za-z_*]$/ {
			n = $0; sub(/\(.*/, "", n); print n
		}
		{ prev = $0 }' "$f" >"$T/defs"
	while read -r fn; do
		if [ "$m" = main ]; then
			[ "$fn" = main ] && continue
		elif [ -f "$h" ] && grep -qw -- "$fn" "$h"; then
			continue
		fi
		echo "layers: ${f#"$dir"/} defines $fn, which include/$m.h does not declare"
		bad=1
	done <"$T/defs"
done

if [ "$bad" = 0 ]; then
	echo "layers: $(wc -l <"$T/order") modules, no cycle, each defines what its header declares; lowest first:"
	tr '\n' ' ' <"$T/order" | fold -s -w 72
	echo
fi
exit "$bad"
