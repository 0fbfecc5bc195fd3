#!/bin/bash
# compressed.sh - issue 25: gzip, zstd and lz4 captures read through the
# decompressor as a child process, then cut and split like any file: the
# same reports as tshark reading the compressed file itself (--no-cut)
# and as the plain file; the tool missing; a file cut short or damaged;
# no child left behind, signals.
# Runs alone as tests/it/compressed.sh [BUILD_DIR] or tests/run.sh compressed.
. "$(dirname "$0")/../lib.sh"
split_small

section "compressed captures through their decompressor"
HDR=$("$SX" --list-columns | awk -F'\t' '$3 != "app" { printf "%s%s", s, $1; s = "," }')
"$MKCAP" mixed-plain "$T/mixed-plain.pcap"
"$MKCAP" mixed "$T/mixed.pcap"
"$MKCAP" cut-ng "$T/cut-ng.pcapng"
"$MKCAP" bulk 20000 "$T/bulk.pcap" >/dev/null
TOOLS=gzip
for t in zstd lz4; do command -v $t >/dev/null && TOOLS="$TOOLS $t"; done
ext() { case $1 in gzip) echo gz ;; zstd) echo zst ;; lz4) echo lz4 ;; esac; }
compress() {  # compress TOOL IN OUT
	case $1 in
	gzip) gzip -c "$2" >"$3" ;;
	zstd) zstd -q -c "$2" >"$3" ;;
	lz4) lz4 -q -c "$2" >"$3" ;;
	esac
}
# the report of a file, its name replaced by X (the plain file and the
# compressed one have different names)
report() {  # report OUT ERR ARGS... FILE
	local out=$1 err=$2 f
	shift 2
	f=${!#}
	"$SX" "$@" >"$out.raw" 2>"$err.raw"; rc=$?
	sed "s#$f#X#g" "$out.raw" >"$out"
	sed "s#$f#X#g" "$err.raw" >"$err"
}
for tool in $TOOLS; do
	e=$(ext $tool)
	for f in "$T/mixed-plain.pcap" "$T/mixed.pcap" "$T/cut-ng.pcapng" \
	    testdata/many-streams.pcap "$T/bulk.pcap"; do
		n=$(basename "$f")
		compress $tool "$f" "$T/$n.$e"
		for args in "-T json -e $HDR" "--summary -T tsv"; do
			# shellcheck disable=SC2086
			report "$T/p" "$T/p.err" -j 1 $args "$f"; rc0=$rc
			# shellcheck disable=SC2086
			report "$T/w" "$T/w.err" --no-cut -j 1 $args "$T/$n.$e"; rc1=$rc
			check "$n.$e, tshark reading it, equals the plain file ($args)" \
			    test "$rc1" = "$rc0" -a "$(cksum <"$T/w")" = "$(cksum <"$T/p")"
			for j in 1 2; do
				# shellcheck disable=SC2086
				report "$T/c" "$T/c.err" -j $j $args "$T/$n.$e"
				check "$n.$e -j $j, decompressed by $tool, equals --no-cut ($args)" \
				    test "$rc" = "$rc1" -a "$(cksum <"$T/c")" = "$(cksum <"$T/w")" \
				    -a "$(cksum <"$T/c.err")" = "$(cksum <"$T/w.err")"
			done
		done
	done
	"$SX" -v -j 1 -T tsv "$T/mixed.pcap.$e" 2>"$T/v.err" >/dev/null
	check "-v: $tool -dc decompresses it" grep -q "mixed.pcap.$e: decompressed by .*/$tool -dc" "$T/v.err"
	check "-v: its frames are cut and kept back" \
	    grep -q "mixed.pcap.$e: .* frames cut to their headers, [1-9][0-9]* kept back" "$T/v.err"
	"$SX" -v -j 2 -T tsv "$T/bulk.pcap.$e" 2>"$T/v.err" >/dev/null
	check "-v: -j 2 splits it ($tool)" \
	    grep -q "bulk.pcap.$e: split across 2 tsharks by TCP connection (decompressed by .*/$tool -dc)" "$T/v.err"
done

section "the tool missing, damaged files"
# a PATH with tshark and nothing else: tshark reads the file itself
mkdir -p "$T/bin"
ln -s "$(command -v "$TSHARK")" "$T/bin/tshark"
for tool in $TOOLS; do
	e=$(ext $tool)
	PATH=$T/bin "$SX" -v -j 1 -T tsv -e "$HDR" "$T/mixed.pcap.$e" >"$T/a" 2>"$T/a.err"
	check "$tool missing: -v says tshark reads it" \
	    grep -q "mixed.pcap.$e: $tool is not installed: tshark reads the compressed file itself" "$T/a.err"
	"$SX" -j 1 -T tsv -e "$HDR" "$T/mixed.pcap.$e" >"$T/b" 2>/dev/null
	check "$tool missing: the same report" cmp -s "$T/a" "$T/b"
done
# cut short (half the file) and damaged (bytes overwritten in the
# middle): exit status 3, the messages a plain capture gives, one line
S=$(stat -c %s "$T/bulk.pcap")
head -c $((S / 2)) "$T/bulk.pcap" >"$T/plain-short.pcap"
"$SX" -T tsv "$T/plain-short.pcap" >/dev/null 2>"$T/plain.err"; rc0=$?
check "a plain capture cut short: status 3, cut short" \
    test "$rc0" = 3 -a "$(grep -c 'the capture is cut short in the middle of a packet; the report covers only the' "$T/plain.err")" = 1
for tool in $TOOLS; do
	e=$(ext $tool)
	S=$(stat -c %s "$T/bulk.pcap.$e")
	head -c $((S / 2)) "$T/bulk.pcap.$e" >"$T/short.pcap.$e"
	for j in 1 2; do
		"$SX" -j $j -T tsv "$T/short.pcap.$e" >/dev/null 2>"$T/s.err"; rc=$?
		check "$tool, cut short, -j $j: status 3, the plain file's message" \
		    test "$rc" = 3 -a "$(wc -l <"$T/s.err")" = 1 -a \
		    "$(grep -c "short.pcap.$e: the capture is cut short in the middle of a packet; the report covers only the [0-9]* frames read before that" "$T/s.err")" = 1
	done
	cp "$T/bulk.pcap.$e" "$T/bad.pcap.$e"
	printf '\377\377\377\377\377\377\377\377\377\377\377\377' |
	    dd of="$T/bad.pcap.$e" bs=1 seek=$((S / 2)) conv=notrunc 2>/dev/null
	for j in 1 2; do
		"$SX" -j $j -T tsv "$T/bad.pcap.$e" >/dev/null 2>"$T/d.err"; rc=$?
		check "$tool, damaged, -j $j: status 3, one line: damaged or cut short" \
		    test "$rc" = 3 -a "$(wc -l <"$T/d.err")" = 1 -a \
		    "$(grep -c "bad.pcap.$e: the capture is \(damaged or corrupt\|cut short\)" "$T/d.err")" = 1
	done
done

section "children and signals"
# a decompressor that gives part of the capture and then hangs: SIGTERM
# ends streamxpert promptly, with no child left
cat >"$T/bin/gzip" <<EOF
#!/bin/bash
# the first call looks at the start; later ones hang after 100 kB
n=\$(cat "$T/calls" 2>/dev/null || echo 0)
echo \$((n + 1)) >"$T/calls"
if [ "\$n" = 0 ]; then exec $(command -v gzip) "\$@"; fi
$(command -v gzip) "\$@" | head -c 100000
exec -a "$T/hanging-gzip" sleep 300
EOF
chmod +x "$T/bin/gzip"
rm -f "$T/calls"
PATH=$T/bin:$PATH "$SX" -j 1 -T tsv "$T/bulk.pcap.gz" >/dev/null 2>"$T/sig.err" &
pid=$!
for i in $(seq 300); do pgrep -f "$T/hanging-gzip" >/dev/null && break; sleep 0.1; done
check "the hanging decompressor runs" pgrep -f "$T/hanging-gzip" >/dev/null
kill -TERM $pid
wait $pid; rc=$?
check "SIGTERM ends streamxpert (status $rc)" test "$rc" -ne 0
check "no decompressor left behind" leftover_goes "$T/hanging-gzip"
check "no tshark left behind" no_leftover "bulk.pcap.gz"
# a normal run, split (three runs of the tool), leaves no child
mkdir -p "$T/bin2"
printf '#!/bin/bash\nexec -a "%s" %s "$@"\n' "$T/marked-gzip" "$(command -v gzip)" >"$T/bin2/gzip"
chmod +x "$T/bin2/gzip"
PATH=$T/bin2:$PATH "$SX" -v -j 2 -T tsv "$T/bulk.pcap.gz" >/dev/null 2>"$T/m.err"
check "the marked decompressor ran" grep -q "bin2/gzip -dc" "$T/m.err"
check "no process of a finished run is left" no_leftover "$T/marked-gzip"
finish
