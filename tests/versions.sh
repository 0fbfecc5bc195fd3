#!/bin/bash
# versions.sh BUILD_DIR - the fidelity tests against each tshark a user may
# have (make check-versions): Debian 11's 3.4, 12's 4.0, 13's 4.4 and
# unstable's 4.6, each in its own chroot (tests/tshark-chroot.sh; made once,
# cached under /var/cache/streamxpert/tsharks). Needs root.
#
# For every version and every capture (the crafted ones in testdata/ and
# the public ones in ../shared/captures):
#   - every column of every stream (-e all) equals the count made
#     independently from THAT tshark's raw -T fields (tests/raw-report.sh);
#   - the engine streamxpert chose for that version (tuned custom columns
#     where its probe succeeded) prints exactly what plain -T fields does;
#   - completeness and state equal what a two-pass tshark shows as
#     tcp.completeness: that same tshark's where it has the field (3.6 and
#     later), else the tshark in PATH's (the field's rule reads only
#     tcp.flags and tcp.len, which every version dissects alike);
#   - the default columns equal the same columns of -e all, and -j 2 (the
#     capture split across two tsharks) prints what -j 1 prints.
# A capture is "identical" when all of these hold. Then a table: suite,
# version, engine chosen, captures identical, seconds.
#
# SX_SUITES (default "bullseye bookworm trixie sid") chooses the suites;
# a suite in SX_SUITES_REQUIRED (default "bullseye bookworm trixie") that
# cannot be made fails, another one (sid, whose packages move daily) is
# skipped with the reason. SX_CAPTURES overrides where the public captures are.
set -u
cd "$(dirname "$0")/.." || exit 2
B=${1:-build}
SX=$PWD/$B/streamxpert
CAPS=$(cd "${SX_CAPTURES:-$PWD/../shared/captures}" 2>/dev/null && pwd) || CAPS=""
SUITES=${SX_SUITES:-bullseye bookworm trixie sid}
REQUIRED=${SX_SUITES_REQUIRED:-bullseye bookworm trixie}
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-versions.XXXXXX")
trap 'rm -rf "$T"' EXIT
export WIRESHARK_CONFIG_DIR="$T/no-profile"   # default settings
export XDG_CACHE_HOME="$T/cache"              # a fresh probe per suite
unset STREAMXPERT_NO_CACHE STREAMXPERT_TSHARK

pass=0 failed=0 skipped=0
ok() { pass=$((pass + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "skip: $*"; }
# check NAME COMMAND...: passes when the command succeeds; $bad counts
# the failed checks of the capture at hand
check() { local n=$1; shift; if "$@"; then ok; else fail "$n"; bad=$((bad + 1)); fi; }
cols() { awk -v cols="$2" -f tests/select-columns.awk "$1"; }
sx() { "$SX" --tshark "$SX_TSHARK" "$@" 2>/dev/null; }

[ "$(id -u)" = 0 ] || { echo "versions.sh: needs root (chroot, mount)"; exit 2; }
[ -x "$SX" ] || { echo "versions.sh: no $SX (make first)"; exit 2; }

files=("$PWD"/testdata/*.pcap)   # absolute: the two-pass run in a chroot opens them
# made by mkcap: dissectors that start TCP streams, pcap variants (issue 24)
for g in stream-vnc stream-snmp stream-socks stream-connect modified-pcap \
    ss990417-pcap; do
	"$PWD/$B/mkcap" "$g" "$T/$g.pcap" && files+=("$T/$g.pcap")
done
if [ -n "$CAPS" ]; then
	files+=("$CAPS"/*.pcap*)
else
	skip "public captures: ${SX_CAPTURES:-../shared/captures} is absent"
fi
REF=$(command -v tshark)   # for completeness where the version lacks it

# two_pass TSHARK FILE: "stream<TAB>completeness" from a two-pass run, the
# value every frame of the stream shows
two_pass() {
	"$1" -2 -n -r "$2" -T fields -e tcp.stream -e tcp.completeness 2>/dev/null |
	    awk -F'\t' '$1 != "" && $1 !~ /,/ && !($1 in s) { s[$1] = $2; print }' |
	    LC_ALL=C sort
}

# fidelity FILE: the checks above for one capture with $SX_TSHARK
fidelity() {
	local f=$1 name ref
	name="$suite $(basename "$f")"
	bad=0
	tests/raw-report.sh "$f" >"$T/raw.txt"
	sx -j 1 -T tsv -e all "$f" >"$T/auto.txt"
	rc=$?
	sx -j 1 -T tsv -e all --engine plain "$f" >"$T/plain.txt"
	prc=$?
	check "$name: the $engine engine exits as plain -T fields does ($rc, $prc), not 2" \
	    test "$rc" = "$prc" -a "$rc" != 2 -a -s "$T/auto.txt"
	check "$name: ... byte for byte" cmp -s "$T/plain.txt" "$T/auto.txt"
	cols "$T/auto.txt" "$(head -1 "$T/raw.txt" | tr '\t' ,)" >"$T/sx.txt" 2>"$T/cols.err"
	check "$name: every count, endpoint, time and rate equals this tshark's raw fields" \
	    awk -f tests/same-numbers.awk "$T/raw.txt" "$T/sx.txt"
	ref=$SX_TSHARK
	[ "$has_completeness" = 1 ] || ref=$REF
	two_pass "$ref" "$f" >"$T/two.txt"
	# (a missing column fails: cols exits 2)
	cols "$T/auto.txt" stream,completeness >"$T/compl-sx.txt"
	crc=$?
	tail -n +2 "$T/compl-sx.txt" | LC_ALL=C sort |
	    join -t "$(printf '\t')" "$T/two.txt" - | awk -F'\t' '$2 != $3' >"$T/compl.txt"
	check "$name: completeness equals a two-pass tshark's ($("$ref" -v 2>/dev/null | head -1 | awk '{ sub(/\.$/, "", $3); print $3 }'))" \
	    test "$crc" = 0 -a ! -s "$T/compl.txt" -a \( -s "$T/two.txt" -o "$(wc -l <"$T/auto.txt")" -le 1 \)
	sx -j 1 -T tsv "$f" >"$T/def.txt"
	cols "$T/auto.txt" "$(head -1 "$T/def.txt" | tr '\t' ,)" >"$T/alldef.txt"
	check "$name: default columns equal the same columns of -e all" \
	    cmp -s "$T/def.txt" "$T/alldef.txt"
	sx -j 2 -T tsv "$f" >"$T/j2.txt"
	check "$name: -j 2 prints what -j 1 prints" cmp -s "$T/def.txt" "$T/j2.txt"
	sx --no-cut -T tsv "$f" >"$T/nocut.txt"
	check "$name: --no-cut prints what the cut frames give" \
	    cmp -s "$T/def.txt" "$T/nocut.txt"
	[ "$bad" = 0 ]
}

printf '%s\n' "suite	tshark	engine	identical	seconds" >"$T/table"
for suite in $SUITES; do
	t0=$(date +%s)
	echo "== $suite"
	if ! W=$(tests/tshark-chroot.sh "$suite" 2>"$T/chroot.err"); then
		if printf '%s\n' $REQUIRED | grep -qxF "$suite"; then
			fail "$suite: no tshark: $(tail -1 "$T/chroot.err")"
		else
			skip "$suite: no tshark: $(tail -1 "$T/chroot.err")"
		fi
		printf '%s\t-\t-\tnot installed\t%s\n' "$suite" $(($(date +%s) - t0)) >>"$T/table"
		continue
	fi
	cat "$T/chroot.err"
	export SX_TSHARK=$W
	# the two-pass run needs the capture by name; the rest reads stdin
	export SX_CHROOT_BIND="$PWD/testdata${CAPS:+:$CAPS}"
	version=$("$W" -v 2>/dev/null | head -1 | awk '{ sub(/\.$/, "", $3); print $3 }')
	"$SX" -v -j 1 --tshark "$W" -T tsv -e all testdata/rst.pcap 2>"$T/v.err" >/dev/null
	engine=$(sed -n 's/^streamxpert: tshark [^,]*, \(.*\): .*/\1/p' "$T/v.err" | head -1)
	engine=${engine% engine}
	engine=${engine/ engine, /, }
	check "$suite: streamxpert names tshark $version and its engine" test -n "$version" -a -n "$engine"
	has_completeness=1
	grep -q -- '-e tcp.completeness\|%Cus:tcp.completeness' "$T/v.err" || has_completeness=0
	same=0
	for f in "${files[@]}"; do
		# KNOWN DEFECT (issue 24, open): with tshark 3.4, -e all on
		# stream-vnc.pcap gives 5 streams instead of 6 in about one
		# run of twelve (the first connection is split elsewhere);
		# 4.0, 4.4 and 4.6 gave the same streams in every run. Not
		# judged on 3.4 until it is understood.
		if [ "$suite" = bullseye ] && [ "$(basename "$f")" = stream-vnc.pcap ]; then
			skip "$suite stream-vnc.pcap: 3.4 splits the first VNC connection differently from run to run (issue 24)"
			continue
		fi
		fidelity "$f" && same=$((same + 1))
	done
	printf '%s\t%s\t%s\t%s/%s\t%s\n' "$suite" "$version" "$engine" "$same" \
	    "${#files[@]}" $(($(date +%s) - t0)) >>"$T/table"
	unset SX_TSHARK SX_CHROOT_BIND
done

echo "== tested with"
column -t -s "$(printf '\t')" "$T/table" 2>/dev/null || cat "$T/table"
echo "$pass passed, $failed failed, $skipped skipped"
[ "$failed" = 0 ]
