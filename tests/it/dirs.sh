#!/bin/bash
# dirs.sh - directory arguments (content sniffing, name order, -R, -q, what is
# skipped and said), -j 4 against -j 1 over directories, --summary.
# Runs alone as tests/it/dirs.sh [BUILD_DIR] or tests/run.sh dirs.
. "$(dirname "$0")/../lib.sh"

section "directories, -j, summaries"
D="$T/dir"
mkdir -p "$D/sub" "$D/empty-sub"
cp testdata/rst.pcap "$D/b-rst.pcap"
cp testdata/ipv6.pcap "$D/a-ipv6.cap"            # the extension does not matter
cp testdata/truncated.pcap "$D/c-damaged.pcap"
gzip -c testdata/vlan.pcap >"$D/d-vlan.gz"
cp testdata/zero-window.pcap "$D/sub/e-zero-window.pcap"
echo "not a capture" >"$D/notes.txt"
echo "not a capture either" | gzip -c >"$D/notes.txt.gz"
: >"$D/empty.pcap"
# long settled, as captures in a directory are (--settle)
find "$D" -type f -exec touch -d '2026-01-01 00:00:00' {} +
run "$T/dir.tsv" "$T/dir.err" -j 1 -T tsv -e stream,frames "$D"
check "directory with a damaged capture: exit 3 (got $rc)" test "$rc" = 3
cut -f1 "$T/dir.tsv" | sed 1d | uniq >"$T/dir.files"
printf '%s\n' "$D/a-ipv6.cap" "$D/b-rst.pcap" "$D/c-damaged.pcap" \
    "$D/d-vlan.gz" >"$T/dir.want"
check "directory: its captures by content, in name order, damaged rows kept" \
    cmp -s "$T/dir.want" "$T/dir.files"
for f in b-rst.pcap a-ipv6.cap d-vlan.gz; do
	"$SX" -T tsv -e stream,frames "$D/$f" 2>/dev/null | sed 1d >"$T/one.tsv"
	awk -F'\t' -v f="$D/$f" 'NR > 1 && $1 == f { print $2 "\t" $3 }' \
	    "$T/dir.tsv" >"$T/from-dir.tsv"
	check "directory: the rows of $f equal its own report" \
	    cmp -s "$T/one.tsv" "$T/from-dir.tsv"
done
check "directory: one line for the text file" \
    grep -q "notes.txt: skipped: not a capture" "$T/dir.err"
check "directory: one line for the gzip that holds no capture" \
    grep -q "notes.txt.gz: skipped: compressed, but not a capture" "$T/dir.err"
check "directory: one line for the empty file" \
    grep -q "empty.pcap: skipped: empty file" "$T/dir.err"
check "directory: one line for the subdirectory without -R" \
    grep -q "sub: skipped: a directory" "$T/dir.err"
check "directory: one line for the damaged capture" \
    grep -q "c-damaged.pcap: the capture is cut short" "$T/dir.err"
check "directory: nothing else on stderr" test "$(wc -l <"$T/dir.err")" = 6
run "$T/dirq.tsv" "$T/dirq.err" -q -T tsv -e stream,frames "$D"
check "--quiet: only the damaged capture is named" \
    test "$(wc -l <"$T/dirq.err")" = 1 -a "$rc" = 3
check "--quiet: same rows" cmp -s "$T/dir.tsv" "$T/dirq.tsv"
run "$T/dirr.tsv" "$T/dirr.err" -R -T tsv -e stream,frames "$D"
check "-R: the capture in the subdirectory is read" \
    grep -q "^$D/sub/e-zero-window.pcap	" "$T/dirr.tsv"
check "-R: the empty subdirectory is no error" \
    test "$rc" = 3 -a "$(grep -c skipped "$T/dirr.err")" = 3
rm -f "$D/c-damaged.pcap"
run "$T/dirok.tsv" "$T/dirok.err" -q -T tsv "$D"
check "directory without damaged captures: exit 0 (got $rc)" test "$rc" = 0
mkdir "$T/nocaps" && echo x >"$T/nocaps/x.txt"
run "$T/none.tsv" "$T/none.err" "$T/nocaps"
check "a directory without captures: exit 2 with a message (got $rc)" \
    test "$rc" = 2 -a "$(grep -c 'no capture found' "$T/none.err")" = 1

if [ -d "$CAPS" ]; then
	# every column of every public capture in TSV; on the crafted ones
	# the two writers that hold rows back (JSON closes one document,
	# the table sizes its columns over every row); CSV and NDJSON write
	# row by row as TSV does
	for run in "tsv $CAPS" "json testdata" "table testdata"; do
		set -- $run
		"$SX" -q --settle 0 -j 1 -T "$1" -e all "$2" >"$T/j1.$1" 2>"$T/j1.err"
		rc1=$?
		"$SX" -q --settle 0 -j 4 -T "$1" -e all "$2" >"$T/j4.$1" 2>"$T/j4.err"
		rc4=$?
		check "-j 4 gives the same $1 as -j 1 on $(basename "$2")" \
		    cmp -s "$T/j1.$1" "$T/j4.$1"
		check "-j 4: same stderr and status as -j 1 ($rc1, $rc4)" \
		    test "$rc1" = "$rc4" -a "$(cat "$T/j1.err")" = "$(cat "$T/j4.err")"
		check "-j 1 on $(basename "$2") ($1) reported rows (status $rc1)" \
		    test \( "$rc1" = 0 -o "$rc1" = 3 \) -a "$(wc -l <"$T/j1.$1")" -ge 3
	done
	# The summary's totals are the sums of the stream report.
	"$SX" -q --settle 0 -T tsv --summary "$CAPS" >"$T/sum.tsv" 2>/dev/null
	awk -F'\t' -v flags="$FLAGS frames bytes rst" '
	BEGIN { nw = split(flags, w, " ") }
	FNR == 1 { for (i = 1; i <= NF; i++) col[FILENAME, $i] = i; next }
	FNR == NR {
		f = $1; streams[f]++
		for (k = 1; k <= nw; k++)
			if (w[k] != "frames") s[f, w[k]] += $(col[FILENAME, w[k]])
		next
	}
	{
		f = $1; n++
		if ($(col[FILENAME, "streams"]) != streams[f] + 0) { print "streams of " f; bad++ }
		for (k = 1; k <= nw; k++)
			if (w[k] != "frames" && $(col[FILENAME, w[k]]) != s[f, w[k]] + 0) {
				print w[k] " of " f; bad++
			}
	}
	END { exit !(bad == 0 && n > 0) }
	' "$T/j1.tsv" "$T/sum.tsv" >"$T/sum.diff"
	check "--summary: streams and every flag, byte and RST total equal the stream report's sums" \
	    test $? = 0
	check "--summary: one row per capture" \
	    test "$(sed 1d "$T/sum.tsv" | wc -l)" = "$(ls "$CAPS" | grep -c -e '\.pcap' -e '\.cap')"
else
	skip "-j and --summary on the public captures: $CAPS not found"
fi

finish
