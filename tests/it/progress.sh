#!/bin/bash
# progress.sh - the progress line: never when stderr is not a terminal,
# shown under a terminal (script(1) gives one) and with --progress, cleared
# at the end, and the report unchanged by it.
# Runs alone as tests/it/progress.sh [BUILD_DIR] or tests/run.sh progress.
#
# The line appears only once a run has taken half a second, so the runs
# that must show it read the capture through a paced tshark: a wrapper
# that hands the capture to the real tshark in 20 pieces, 0.1 s apart. A
# run then takes at least 2 s however fast the machine is (a slower one
# only makes it longer), and output arrives all along: no race with the
# machine's speed or load.
. "$(dirname "$0")/../lib.sh"

section "progress"
"$MKCAP" bulk 6000 "$T/bulk.pcap"
# (the wrapper takes in all it is given first and paces that: streamxpert
# gives tshark the frames cut to their headers, fewer bytes than the file)
cat >"$T/paced-tshark" <<EOS
#!/bin/bash
# the capture on stdin, in 20 pieces every 0.1 s, then tshark's own end
cat >"$T/in.\$\$"
piece=\$(( (\$(wc -c <"$T/in.\$\$") + 19) / 20 ))
while :; do
	dd bs=\$piece count=1 iflag=fullblock status=none >"$T/piece.\$\$" || break
	[ -s "$T/piece.\$\$" ] || break
	cat "$T/piece.\$\$"
	sleep 0.1
done <"$T/in.\$\$" | "$TSHARK_REAL" "\$@"
s=\${PIPESTATUS[1]}
rm -f "$T/piece.\$\$" "$T/in.\$\$"
exit \$s
EOS
chmod +x "$T/paced-tshark"
P=(--tshark "$T/paced-tshark")

run "$T/p.tsv" "$T/p.err" -T tsv "$T/bulk.pcap"
check "no progress when stderr is a file" test "$rc" = 0 -a ! -s "$T/p.err"
run "$T/paced.tsv" "$T/paced.err" "${P[@]}" -T tsv "$T/bulk.pcap"
check "the paced tshark gives the same report, quietly" \
    test "$rc" = 0 -a ! -s "$T/paced.err" -a -s "$T/p.tsv"
check "the paced tshark gives the same report" cmp -s "$T/p.tsv" "$T/paced.tsv"
if command -v script >/dev/null 2>&1; then
	for j in 1 2; do
		script -qec "'$SX' -j $j --tshark '$T/paced-tshark' -T tsv '$T/bulk.pcap' >'$T/pty.tsv'" \
		    "$T/pty.log" >/dev/null 2>&1
		check "progress under a terminal (-j $j): percentage and frames/s" \
		    grep -q "% of .*frames/s.*elapsed" "$T/pty.log"
		check "progress under a terminal (-j $j): the line is cleared at the end" \
		    grep -q "$(printf '\r\033\\[K')" "$T/pty.log"
		check "progress under a terminal (-j $j): the report is the same" \
		    cmp -s "$T/p.tsv" "$T/pty.tsv"
	done
	script -qec "'$SX' --no-progress --tshark '$T/paced-tshark' -T tsv '$T/bulk.pcap' >/dev/null" \
	    "$T/pty2.log" >/dev/null 2>&1
	check "--no-progress under a terminal: no progress" \
	    test -f "$T/pty2.log" -a "$(grep -c 'frames/s' "$T/pty2.log")" = 0
else
	skip "progress under a terminal: no script(1)"
fi
run "$T/p2.tsv" "$T/p2.err" "${P[@]}" --progress -T tsv "$T/bulk.pcap"
check "--progress forces it on a file" grep -q "frames/s" "$T/p2.err"
check "--progress: the report is the same" cmp -s "$T/p.tsv" "$T/p2.tsv"
# standard input has no size: frames/s and elapsed time, no percentage
"$SX" "${P[@]}" --progress -T tsv - <"$T/bulk.pcap" >"$T/p3.tsv" 2>"$T/p3.err"
check "--progress on standard input: frames/s without a percentage" \
    test "$(grep -c 'frames/s' "$T/p3.err")" -ge 1 -a "$(grep -c '% of' "$T/p3.err")" = 0
finish
