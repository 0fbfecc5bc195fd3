#!/bin/bash
# cache.sh - the tshark probe cache: written, damaged in every way, replaced,
# a changed tshark probed again, STREAMXPERT_NO_CACHE, XDG_CACHE_HOME.
# Runs alone as tests/it/cache.sh [BUILD_DIR] or tests/run.sh cache.
. "$(dirname "$0")/../lib.sh"

section "the probe cache"
M=testdata/many-streams.pcap
R=testdata/retransmission.pcap
CD="$T/cache/streamxpert"
run "$T/ref" "$T/err" -T tsv -e all "$R"
check "the tshark probe is cached" test "$(cat "$CD"/tshark-* | grep -c '^version=[0-9]*\.[0-9]*\.[0-9]*$')" -ge 1
for k in $(ls "$CD"); do cp "$CD/$k" "$T/good-cache-$k"; done
real_cache=$(grep -l "^path=$(command -v tshark)\$" "$CD"/tshark-* | head -1)
corrupt() {  # corrupt NAME COMMAND: damage the cache, then run
	local n=$1
	shift
	cp "$T/good-cache-$(basename "$real_cache")" "$real_cache"
	"$@"
	run "$T/out" "$T/err" -T tsv -e all "$R"
	check "probe cache $n: same report, exit 0 (got $rc)" \
	    test "$rc" = 0 -a ! -s "$T/err"
	check "probe cache $n: same report" cmp -s "$T/ref" "$T/out"
	check "probe cache $n: rewritten whole" \
	    cmp -s "$real_cache" "$T/good-cache-$(basename "$real_cache")"
}
corrupt garbage sh -c "printf 'garbage\n' >'$real_cache'"
corrupt empty sh -c ": >'$real_cache'"
corrupt cut-short sh -c "head -c 60 '$T/good-cache-$(basename "$real_cache")' >'$real_cache'"
corrupt "with another version" sed -i 's/^version=.*/version=3.6.0/' "$real_cache"
corrupt "made world-writable" chmod 666 "$real_cache"
rm -f "$real_cache"
mkdir "$real_cache"
run "$T/out" "$T/err" -T tsv -e all "$R"
check "probe cache replaced by a directory: same report, exit 0" \
    test "$rc" = 0 -a ! -s "$T/err"
check "probe cache replaced by a directory: same report" cmp -s "$T/ref" "$T/out"
rmdir "$real_cache"
# a tshark replaced or touched is probed again
cp "$FAKE" "$T/fake2"
FAKE_TSHARK_MODE=good "$SX" --tshark "$T/fake2" "$M" >/dev/null 2>&1
touch -d '2001-01-01' "$T/fake2"
FAKE_TSHARK_MODE=bad-version "$SX" --tshark "$T/fake2" "$M" >/dev/null 2>"$T/err"
check "a changed tshark binary is probed again" test $? = 2 -a "$(grep -c 'is it tshark' "$T/err")" = 1
# STREAMXPERT_NO_CACHE: neither read nor written
XDG_CACHE_HOME="$T/cache2" STREAMXPERT_NO_CACHE=1 "$SX" -T tsv "$R" >/dev/null 2>&1
check "STREAMXPERT_NO_CACHE writes no cache" test ! -e "$T/cache2"
XDG_CACHE_HOME="$T/cache2" "$SX" -T tsv "$R" >/dev/null 2>&1
check "the cache goes under XDG_CACHE_HOME" test -d "$T/cache2/streamxpert"

finish
