#!/bin/sh
# bench/fake-tshark.sh - a stand-in tshark for the memory benchmark, used by
# bench/run.sh only when build/fake_tshark fails (when it prints other
# fields than streamxpert asks for). Answers -v like an unknown tshark
# (9.9.9), so streamxpert asks for plain `-T fields`; then prints
# FAKE_TSHARK_LINES lines, each a new stream, with exactly the -e fields
# asked for (a plain IPv4 segment of 10 bytes, no flags). The capture on
# standard input is not read.
if [ "${1:-}" = -v ]; then
    echo "TShark (Wireshark) 9.9.9 (bench fake)."
    exit 0
fi
fields=
while [ $# -gt 0 ]; do
    if [ "$1" = -e ] && [ $# -gt 1 ]; then fields="$fields $2"; shift; fi
    shift
done
exec awk -v n="${FAKE_TSHARK_LINES:-10}" -v fields="$fields" 'BEGIN {
    v["frame.time_relative"] = "0.000000"
    v["frame.protocols"] = "eth:ethertype:ip:tcp"
    v["ip.src"] = "10.0.0.1"; v["ip.dst"] = "10.0.0.2"
    v["tcp.srcport"] = "1000"; v["tcp.dstport"] = "80"
    v["tcp.flags"] = "0x0018"; v["tcp.len"] = "10"
    k = split(fields, f, " ")
    if (k == 0 || f[1] != "tcp.stream") { print "bench fake: tcp.stream is not the first field" > "/dev/stderr"; exit 1 }
    rest = ""
    for (i = 2; i <= k; i++) rest = rest "\t" v[f[i]]
    for (i = 0; i < n; i++) printf "%d%s\n", i, rest
}'
