#!/bin/bash
# mkcorpus.sh BUILD_DIR - (re)make the seed corpora in tests/fuzz/corpus/
# from the crafted captures in testdata/ and real tshark: what
# streamxpert itself asks tshark for (streamxpert -v shows the command),
# with the fuzz_parse header that selects the same fields and flag style.
# The argument and text seeds are written out below.
set -eu
cd "$(dirname "$0")/../.."
B=${1:-build}
SX=$PWD/$B/streamxpert
C=tests/fuzz/corpus
export WIRESHARK_CONFIG_DIR=$(mktemp -d)
trap 'rm -rf "$WIRESHARK_CONFIG_DIR"' EXIT
mkdir -p $C/fuzz_parse $C/fuzz_args $C/fuzz_text
FIELDS=$(sed -n 's/^\t\[SX_F_[A-Z0-9_ +]*\] =[ \t]*\(".*"\),*$/\1/p; s/^\t    \("tcp\..*"\),$/\1/p' src/fields.c | tr -d '"')

# seed NAME ENGINE COLUMNS CAPTURE BYTE0: tshark's lines for that run
seed() {
	local name=$1 engine=$2 cols=$3 cap=$4 byte0=$5 cmd mask
	cmd=$("$SX" -v --engine "$engine" -e "$cols" "$cap" 2>&1 >/dev/null |
	    sed -n 's/^streamxpert: tshark [^:]*: //p')
	# the fields asked for (-e NAME, or %Cus:NAME: in custom columns),
	# in order -> bit f of enum sx_field
	mask=$(printf '%s\n' $cmd | grep -o '%Cus:[a-z0-9_.]*' | cut -d: -f2
	    printf '%s\n' $cmd | awk 'prev == "-e" { print } { prev = $0 }')
	mask=$(printf '%s\n' "$mask" | awk -v list="$FIELDS" '
	    BEGIN { n = split(list, f, " "); for (i = 1; i <= n; i++) idx[f[i]] = i - 1 }
	    $0 in idx { m += 2 ^ idx[$0] } END { printf "%d", m }')
	{
		printf "\\$(printf %o "$byte0")"
		printf "\\$(printf %o $((mask & 255)))\\$(printf %o $((mask >> 8 & 255)))"
		printf "\\$(printf %o $((mask >> 16 & 255)))\\$(printf %o $((mask >> 24 & 255)))"
		printf '\001\002'
		eval "$cmd" <"$cap" 2>/dev/null |
		    awk '{ n += length($0) + 1; if (n > 6000) exit; print }'
	} >"$C/fuzz_parse/$name"
}
i=0
for cap in many-streams retransmission ipv6 vlan reused-ports zero-window \
    icmp-error handshake-close spurious-retransmission keep-alive \
    lost-segment out-of-order rst window-full fast-retransmission; do
	# byte 0: bit 1 numbering check, bits 2-3 = 3 default line limit,
	# bits 4-6 the chunking, bit 0 the flag style, bit 7 JSON
	chunk=$(( (i % 7) << 4 ))
	seed "$cap-plain-all" plain all "testdata/$cap.pcap" $((2 | 12 | chunk))
	seed "$cap-columns-all" columns all "testdata/$cap.pcap" $((1 | 2 | 12 | chunk | 128))
	seed "$cap-plain-default" plain default "testdata/$cap.pcap" $((2 | 12 | chunk))
	i=$((i + 1))
done

a() { printf '%b' "$2" >"$C/fuzz_args/$1"; }
a columns-default 'default'
a columns-all 'all\0stream,src,dst,frames\0retransmission_fwd,retransmission_rev,state'
a columns-groups 'flags,fwd\0rev\0file,stream'
a columns-stats-groups 'transfer\0window,stream\0options\0timing,app\0stream,timing\0fwd'
a columns-typical 'stream,src,dst,rtt_avg,irtt\0stream,problems,capture_problems,retrans_rate'
a sort 'retrans_rate\0src:asc\0duration:desc\0stream'
a top '10\0001\00018446744073709551615'
a formats 'table\0tsv\0csv\0json\0ndjson\0prometheus\0auto\0plain\0fields\0columns'
a times '0.000000000\0-1.5\0001234.000001\0009223372035.999999999'

t() { printf '%b' "$2" >"$C/fuzz_text/$1"; }
t name-plain 'capture.pcap'
t name-hostile '$(touch pwned);\t"quote"\nnew\r\\\xff\xfe\xc3\xa9.pcap'
t stderr-cut 'Running as user "root" and group "root". This could be dangerous.\ntshark: The file "-" appears to have been cut short in the middle of a packet.\n'
t stderr-format 'tshark: The standard input isn'"'"'t a capture file in a format TShark understands.\n'
t stderr-damaged 'tshark: The file "-" appears to be damaged or corrupt.\n(pcap: File has 4294967295-byte packet, bigger than maximum of 262144)\n'

# fuzz_pcapio: byte 0 the step the file is offered in, then a capture:
# crafted ones as pcap, nanosecond pcap and pcapng (editcap), and the
# two odd formats of the split tests
mkdir -p $C/fuzz_pcapio
TMP=$(mktemp -d)
i=0
for cap in handshake-close ipv6 vlan icmp-error ip-in-ip rst truncated \
    zero-packets no-tcp; do
	for fmt in pcap nsecpcap pcapng; do
		editcap -F $fmt "testdata/$cap.pcap" "$TMP/c" 2>/dev/null ||
		    cp "testdata/$cap.pcap" "$TMP/c"
		{ printf "\\$(printf %o $((i % 8)))"; cat "$TMP/c"; } \
		    >"$C/fuzz_pcapio/$cap-$fmt"
		i=$((i + 1))
	done
done
for kind in ns-disorder ng-mixed; do
	perl tests/splitcap.pl $kind "$TMP/c"
	{ printf "\\$(printf %o $((i % 8)))"; cat "$TMP/c"; } \
	    >"$C/fuzz_pcapio/$kind"
	i=$((i + 1))
done
# the cut's edges (issue 15), the pcap cut to its first 8000 bytes (the
# fuzzer's longest input)
for kind in cut-edges cut-ng; do
	build/mkcap $kind "$TMP/c"
	{ printf "\\$(printf %o $((i % 8)))"; head -c 8000 "$TMP/c"; } \
	    >"$C/fuzz_pcapio/$kind"
	i=$((i + 1))
done
rm -rf "$TMP"
