#!/bin/bash
# pictures.sh - -T html and --graph (issue 23): the page and every SVG in
# it are well-formed; the page renders in headless Chromium with the
# graphs' colours (the screenshot is kept as build/.../pictures.png); on
# every crafted and public capture the time-sequence marks number what
# tshark flags and what the report counts, and the data bars are exactly
# tshark's tcp.seq_raw/tcp.len of the stream's frames
# (tests/pictures-check.py); the limit phases shaded add up to the
# limits columns, never overlap, hold Wireshark's window_full frames
# (tests/phases-check.py) and render; the page's table is the report's rows worst
# first, and a click on a header sorts it in the browser; the page loads
# nothing; a long stream is downsampled with its marks kept; -j N gives
# the page of -j 1; --graph writes one SVG document; usage errors;
# --explain's timeline at a terminal and not in a pipe. Runs alone as
# tests/it/pictures.sh [BUILD_DIR] or tests/run.sh pictures.
. "$(dirname "$0")/../lib.sh"

# raw FILE: tshark's own fields for pictures-check.py
raw() {
	"$TSHARK" -n -r "$1" -T fields -E occurrence=a -e tcp.stream \
	    -e frame.number -e tcp.seq_raw -e tcp.len \
	    -e tcp.analysis.retransmission -e tcp.analysis.fast_retransmission \
	    -e tcp.analysis.spurious_retransmission -e tcp.analysis.zero_window \
	    -e tcp.analysis.duplicate_ack 2>/dev/null
}
# wellformed NAME PAGE: the page parses as XML and as HTML (libxml2's
# HTML parser knows no HTML5 element: only those may be unknown to it),
# and each SVG in it parses alone
wellformed() {
	local n=$1 page=$2 f bad=0
	check "$n: the page is well-formed XML" xmllint --noout "$page"
	xmllint --html --noout "$page" 2>&1 |
	    grep -E '^[^ ].*(error|warning)' |
	    grep -vE 'Tag (section|details|summary|svg|title|text|line|polyline|polygon|circle|rect|g|style) invalid' \
	    >"$T/htmlerr.txt"
	check "$n: the HTML parser finds nothing wrong but HTML5 tags" \
	    test ! -s "$T/htmlerr.txt"
	head -3 "$T/htmlerr.txt"
	rm -rf "$T/svgs" && mkdir "$T/svgs"
	awk -v d="$T/svgs" '/^<svg /{f = sprintf("%s/%05d.svg", d, ++n)}
	    f {print > f} /<\/svg>$/ {close(f); f = ""}' "$page"
	# one xmllint for them all: it names each file that does not parse
	(cd "$T/svgs" && ls | xargs -r xmllint --noout) >"$T/svgerr.txt" 2>&1
	bad=$(grep -c 'parser error' "$T/svgerr.txt")
	check "$n: each of its $(ls "$T/svgs" | wc -l) SVGs parses as XML alone ($bad errors)" \
	    test "$bad" = 0 -a ! -s "$T/svgerr.txt"
}
# marks NAME FILE: every stream drawn; marks and bars against tshark
marks() {
	local n=$1 f=$2
	"$SX" -j 1 -T html --top 1000000 "$f" >"$T/page.html" 2>"$T/page.err"
	raw "$f" >"$T/raw.txt"
	"$SX" -j 1 -T tsv -e stream,retransmission,fast_retransmission,spurious_retransmission,zero_window,duplicate_ack \
	    "$f" >"$T/counts.tsv" 2>/dev/null
	python3 tests/pictures-check.py --all "$T/page.html" "$T/raw.txt" \
	    "$T/counts.tsv" >"$T/check.txt" 2>&1
	check "$n: marks equal tshark's flags and the report's counts; bars equal tcp.seq_raw/tcp.len ($(tail -1 "$T/check.txt"))" \
	    test "$?" = 0
	grep FAIL "$T/check.txt" | head -3
	phases "$n" "$f" "$T/page.html"
}
# phases NAME FILE PAGE: the limit phases shaded in PAGE add up, per
# stream, direction and limit, to the report's columns, never overlap,
# and hold the frames where Wireshark sees the window full
# (phases-check.py)
phases() {
	"$SX" -j 1 -T tsv -e stream,rwnd_limited_time_fwd,sender_limited_time_fwd,network_limited_time_fwd,rwnd_limited_time_rev,sender_limited_time_rev,network_limited_time_rev \
	    "$2" >"$T/limits.tsv" 2>/dev/null
	"$TSHARK" -n -r "$2" -T fields -E occurrence=a -e tcp.stream \
	    -e frame.time_epoch -e tcp.srcport -e tcp.len \
	    -e tcp.analysis.window_full >"$T/full.txt" 2>/dev/null
	python3 tests/phases-check.py "$3" "$T/limits.tsv" "$T/full.txt" \
	    >"$T/phases.txt" 2>&1
	check "$1: the shaded limit phases add up to the report's rwnd/sender/network_limited_time and hold Wireshark's window_full ($(tail -1 "$T/phases.txt"))" \
	    test "$?" = 0
	grep FAIL "$T/phases.txt" | head -3
}

section "the page: well-formed, every stream's marks and bars against tshark"
for s in $(crafted); do
	f=testdata/$s.pcap
	marks "$s" "$f"
	case $s in diag-loss-both|fast-retransmission|zero-window|many-streams|ip-in-ip|truncated)
		wellformed "$s" "$T/page.html" ;;
	esac
done
if have_caps; then
	for f in "${PUBLIC[@]}"; do
		in_subset "$f" || continue
		marks "$(basename "$f")" "$f"
		wellformed "$(basename "$f")" "$T/page.html"
	done
else
	skip "no public captures in $CAPS"
fi

# the table: the report's values, diagnosis first after the identity,
# worst first (by problems, as --sort problems orders them)
for f in "testdata/many-streams.pcap testdata/diag-loss-both.pcap testdata/rst.pcap" \
    "$CAPS/ethereum-zero-window-probe.pcap" "$CAPS/ftp-upload-window-full.pcap"; do
	# shellcheck disable=SC2086  # a list of captures
	"$SX" -j 1 -T html $f >"$T/t.html" 2>/dev/null || [ $? = 3 ] || continue
	python3 tests/html-table.py "$T/t.html" >"$T/t.tsv"
	c=$(head -1 "$T/t.tsv" | tr '\t' ,)
	# shellcheck disable=SC2086  # (the sort column, added last, is not
	# on the page)
	"$SX" -j 1 -T tsv --sort problems -e "$c" $f 2>/dev/null |
	    cut -f "1-$(echo "$c" | tr , '\n' | wc -l)" >"$T/want.tsv"
	check "$(basename "${f%% *}"): the page's table is -T tsv --sort problems -e $c" \
	    cmp -s "$T/t.tsv" "$T/want.tsv"
	check "$(basename "${f%% *}"): diagnosis comes first after the stream's identity" \
	    grep -qE '^(file	)?stream	src	dst	diagnosis	' "$T/t.tsv"
done

section "limit phases: shaded, with a key, titles and classes; bounded"
"$MKCAP" bulk 20000 "$T/bulk.pcap"
"$SX" -j 1 -T html "$T/bulk.pcap" >"$T/bulk.html" 2>/dev/null
phases "bulk 20000" "$T/bulk.pcap" "$T/bulk.html"
check "bulk 20000: all three limits are shaded, each named in a key" \
    test "$(grep -o '<rect x="[0-9.]*" y="[0-9.]*" width="10" height="10" class="phase-[a-z]*"/><text[^>]*>[a-z ]*</text>' "$T/bulk.html" |
	grep -o 'phase-[a-z]*' | sort -u | tr '\n' ' ')" = "phase-network phase-rwnd phase-sender "
check "bulk 20000: every shaded stretch says what it is and when" \
    test "$(grep -o '<rect class="phase-[a-z]*"[^>]*><title>limited by the [a-z ]*: [0-9.]* s from [0-9.]* s of the transfer from ' "$T/bulk.html" | wc -l)" = \
    "$(grep -o '<rect class="phase-' "$T/bulk.html" | wc -l)"
if have_caps && [ -f "$CAPS/ftp-upload-window-full.pcap" ]; then
	# 1.4 MB sent under a full window: more stretches than are kept
	# exact, drawn per time column
	"$SX" -j 1 -T html "$CAPS/ftp-upload-window-full.pcap" >"$T/fu.html" 2>/dev/null
	phases ftp-upload-window-full "$CAPS/ftp-upload-window-full.pcap" "$T/fu.html"
	n=$(grep -o '<g class="phases"' "$T/fu.html" | wc -l)
	k=$(grep -o 'in this time column (downsampled)' "$T/fu.html" | wc -l)
	check "ftp-upload-window-full: its phases drawn per time column ($k stretches in $n graphs, at most 3 x 800 each)" \
	    test "$n" -ge 1 -a "$k" -gt 0 -a "$k" -le $((n * 2400))
fi
STREAMXPERT_SPLIT_FRAMES=1 same_j "limit phases, -T html" -T html "$T/bulk.pcap" testdata/zero-window.pcap

section "a long stream: downsampled, its marks kept"
"$MKCAP" long 6000 "$T/long.pcap"
"$SX" -j 1 -T html "$T/long.pcap" >"$T/long.html" 2>/dev/null
wellformed long "$T/long.html"
got=$(grep -o 'class="graph tseq" data-stream="0" data-dir="rev" data-downsampled="1"' "$T/long.html" | wc -l)
check "long: its time-sequence graph is downsampled" test "$got" = 1
# 6 retransmissions and 1 zero window: each its own time column
read -r rt zw <<<"$("$SX" -T tsv --no-header -e retransmission,zero_window "$T/long.pcap")"
check "long: 6 retransmissions and 1 zero window in the report (got $rt $zw)" test "$rt $zw" = "6 1"
check "long: every retransmission and zero window is a mark" \
    test "$(grep -o 'class="seg retrans' "$T/long.html" | wc -l)/$(grep -o 'class="zerowin"' "$T/long.html" | wc -l)" = "$rt/$zw"
n=$(grep -o 'class="seg"' "$T/long.html" | wc -l)
check "long: 6000 segments drawn as at most 800 column bars (got $n)" test "$n" -le 800 -a "$n" -gt 100

section "it renders: headless Chromium, the graphs' colours"
PNG=$PWD/$B/pictures.png
"$SX" -j 1 -T html testdata/fast-retransmission.pcap testdata/diag-loss-both.pcap >"$T/shot.html" 2>/dev/null
rm -f "$PNG"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$T/chromium" --screenshot="$PNG" \
    --window-size=1200,2000 "file://$T/shot.html" >"$T/chromium.log" 2>&1
check "chromium wrote a screenshot ($PNG)" test -s "$PNG"
python3 tests/png-colours.py "$PNG" 1200 2000 segment=0072b2 ack=009e73 \
    window=b8a000 retransmission=e69f00 >"$T/png.txt" 2>&1
check "the screenshot is 1200x2000 and shows the data, ACK, window and fast retransmission colours ($(tr '\n' ' ' <"$T/png.txt"))" \
    test "$?" = 0
# the limit phases: the receiver window's (window-full) and the
# sender's (diag-idle) shading over the white plot at 16 % (#e6c800 and
# #999 there), the network's slivers
PNG2=$PWD/$B/pictures-phases.png
"$SX" -j 1 -T html testdata/window-full.pcap testdata/diag-idle.pcap >"$T/shot2.html" 2>/dev/null
rm -f "$PNG2"
timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$T/chromium" --screenshot="$PNG2" \
    --window-size=1200,2000 "file://$T/shot2.html" >"$T/chromium.log" 2>&1
python3 tests/png-colours.py "$PNG2" 1200 2000 rwnd-phase=fbf6d6 \
    sender-phase=efefef network-phase=e4f3fb >"$T/png.txt" 2>&1
check "the limit phases render: receiver window, sender and network shading in the screenshot ($PNG2: $(tr '\n' ' ' <"$T/png.txt"))" \
    test "$?" = 0

# the inline script sorts: a copy of a page with a click on "frames"
# added, run by chromium; the rows' order read back from its title
"$SX" -j 1 -T html testdata/many-streams.pcap >"$T/js.html" 2>/dev/null
sed 's#</body></html>#<script>var th=document.querySelectorAll("table.streams th");for(var i=0;i!==th.length;i++){if(th[i].textContent==="frames"){th[i].click();}}document.title=Array.prototype.map.call(document.querySelectorAll("table.streams tbody tr"),function(r){return r.cells[4].textContent}).join(" ");</script></body></html>#' \
    "$T/js.html" >"$T/js2.html"
got=$(timeout 120 chromium --headless --no-sandbox --disable-gpu --disable-quic \
    --no-first-run --disable-background-networking --disable-component-update \
    --disable-sync --user-data-dir="$T/chromium2" --dump-dom "file://$T/js2.html" 2>/dev/null |
    grep -o '<title>[0-9 ]*</title>' | head -1)
want=$("$SX" -T tsv --no-header --sort frames:asc -e frames testdata/many-streams.pcap | tr '\n' ' ' | sed 's/ $//')
check "a click on a header sorts the table in the browser (frames: $got)" \
    test "$got" = "<title>$want</title>"
# nothing from the network: no external script, style, font or image
check "the page loads nothing: no src=, no url(, no @import, no http link" \
    test -z "$(grep -oE 'src=|url\(|@import|href="(https?:)?//' "$T/shot.html")"

section "-j N, --graph, standard input, usage errors"
split_small
same_j "two captures, -T html" -T html testdata/diag-loss-both.pcap testdata/many-streams.pcap testdata/zero-window.pcap
"$SX" --stream 0 --graph tseq -o "$T/s.svg" testdata/fast-retransmission.pcap 2>/dev/null
check "--graph tseq -o s.svg writes one SVG document" xmllint --noout "$T/s.svg"
check "--graph: with its XML declaration and its own style" \
    test "$(head -c 5 "$T/s.svg")" = "<?xml" -a "$(grep -c '<style>' "$T/s.svg")" = 1
for g in throughput rtt inflight; do
	"$SX" --stream 0 --graph $g testdata/diag-loss-both.pcap >"$T/g.svg" 2>/dev/null
	check "--graph $g: an SVG of class $g" grep -q "class=\"graph $g\" data-stream=\"0\"" "$T/g.svg"
done
run "$T/o" "$T/e" --stream 5 --graph tseq testdata/fast-retransmission.pcap
check "--graph on a stream that is not there: status 2, said, nothing written (got $rc)" \
    test "$rc" = 2 -a ! -s "$T/o" -a -s "$T/e"
run "$T/o" "$T/e" --graph tseq testdata/fast-retransmission.pcap
check "--graph without --stream: usage error (got $rc)" test "$rc" = 2
run "$T/o" "$T/e" --graph pie --stream 0 testdata/fast-retransmission.pcap
check "--graph pie: usage error naming the graphs (got $rc)" test "$rc" = 2 && grep -q tseq "$T/e"
run "$T/o" "$T/e" -T html --summary testdata/fast-retransmission.pcap
check "-T html --summary: usage error (got $rc)" test "$rc" = 2
"$SX" -T html - <testdata/diag-loss-both.pcap >"$T/stdin.html" 2>/dev/null
check "standard input: a page without graphs, which says why" \
    grep -q "standard input cannot be read" "$T/stdin.html"
section "--explain's timeline"
script -qec "$SX -j 1 --no-progress --explain testdata/diag-zero-window.pcap" /dev/null >"$T/tty.txt" 2>&1
check "at a terminal --explain adds the timeline" grep -q '^  |.*| 0.000000 to 3.000000 s' "$T/tty.txt"
"$SX" -j 1 --explain testdata/diag-zero-window.pcap | cat >"$T/pipe.txt"
check "piped, --explain is the headline, the evidence and the capture's quality alone" \
    test "$(wc -l <"$T/pipe.txt")" = 3 -a "$(grep -c '^  |' "$T/pipe.txt")" = 0
# ! where the report counts a retransmission, 0 where a zero window
for s in $(crafted | grep -E '^diag-|retransmission|zero-window|lost'); do
	"$SX" -j 1 --explain --timeline --stream 0 "testdata/$s.pcap" >"$T/tl.txt" 2>/dev/null
	read -r rt zw <<<"$("$SX" -T tsv --no-header --stream 0 -e retransmission,zero_window "testdata/$s.pcap")"
	tl=$(grep '^  |' "$T/tl.txt" | cut -d'|' -f2)
	check "$s: the timeline has ! iff retransmissions ($rt), 0 iff zero windows ($zw): |$tl|" \
	    test "$(case $tl in *!*) echo 1 ;; *) echo 0 ;; esac)$(case $tl in *0*) echo 1 ;; *) echo 0 ;; esac)" = \
	    "$([ "${rt:-0}" -gt 0 ] && echo 1 || echo 0)$([ "${zw:-0}" -gt 0 ] && echo 1 || echo 0)"
done
check "man page: -T html, --graph and the marks" \
    grep -q 'data-stream' man/streamxpert.1
finish
