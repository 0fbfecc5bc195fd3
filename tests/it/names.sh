#!/bin/bash
# names.sh - hostile file names in TSV and JSON: spaces, a leading dash, newline,
# tab, quotes, $(...), ';', bytes that are not UTF-8.
# Runs alone as tests/it/names.sh [BUILD_DIR] or tests/run.sh names.
. "$(dirname "$0")/../lib.sh"

section "hostile file names"
R=testdata/retransmission.pcap
for n in 'with space.pcap' '-leading-dash.pcap' $'new\nline.pcap' $'tab\there.pcap' \
    'quote"s.pcap' '$(touch pwned).pcap' 'semi;colon.pcap' $'bad\xff\xfebytes.pcap'; do
	cp "$R" "$T/$n"
	(cd "$T" && "$SX" -T tsv -H -- "$n" >"$T/hn.tsv" 2>"$T/hn.err"); rc=$?
	check "name '$n' analysed (rc $rc)" test "$rc" = 0
	check "name '$n' keeps TSV rows on one line" test "$(wc -l <"$T/hn.tsv")" = 2
	(cd "$T" && "$SX" -T json -H -- "$n" >"$T/hn.json" 2>/dev/null)
	check "name '$n' keeps JSON valid" jq -e '.streams | length == 1' \
	    "$T/hn.json" >/dev/null
done
check "no command ran from a file name" test ! -e "$T/pwned" -a ! -e pwned

finish
