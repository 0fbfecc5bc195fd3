#!/bin/bash
# golden.sh - the crafted captures are what tests/mkcap.c makes, and every
# case of tests/golden.list gives its expected output and exit status.
# Runs alone as tests/it/golden.sh [BUILD_DIR] or tests/run.sh golden.
. "$(dirname "$0")/../lib.sh"

section "crafted captures regenerate"
for s in $(crafted); do
	"$MKCAP" "$s" "$T/$s.pcap"
	check "mkcap $s regenerates testdata/$s.pcap" \
	    cmp -s "$T/$s.pcap" "testdata/$s.pcap"
done

section "tests/golden.list"
while read -r want status args; do
	case $want in ''|'#'*) continue ;; esac
	# shellcheck disable=SC2086  # the list's arguments split at blanks
	run "$T/out" "$T/err" $args
	check "$want: exit $status (got $rc)" test "$rc" = "$status"
	check "$want: output equals testdata/golden/$want" \
	    cmp -s "$T/out" "testdata/golden/$want"
	cmp -s "$T/out" "testdata/golden/$want" ||
	    diff "testdata/golden/$want" "$T/out" | head -5
done <tests/golden.list
for s in $(crafted); do
	check "crafted capture $s has a golden case" \
	    grep -q "testdata/$s\.pcap" tests/golden.list
done
check "every file in testdata/golden is a case of the list" test -z "$(
	for f in testdata/golden/*; do
		awk -v w="$(basename "$f")" '$1 == w { f = 1 } END { exit !f }' \
		    tests/golden.list || echo "$f"
	done)"
run "$T/out" "$T/err" -T tsv -e all testdata/truncated.pcap
check "truncated names the file and the cause" grep -q \
    "testdata/truncated.pcap: the capture is cut short" "$T/err"
finish
