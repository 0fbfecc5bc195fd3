#!/bin/bash
# raw-report.sh FILE - streamxpert's report computed independently from
# tshark's raw -T fields output, by tests/independent.awk (see there for the
# rules). The tshark is $SX_TSHARK (default: tshark in PATH), so that the
# same count can be made with any version (make check-versions). The capture
# reaches tshark on standard input, as streamxpert hands it over, so a
# tshark in a chroot (tests/tshark-chroot.sh) needs no view of FILE.
set -u
cd "$(dirname "$0")/.." || exit 2
FLAGS="retransmission fast_retransmission spurious_retransmission duplicate_ack out_of_order lost_segment ack_lost_segment zero_window zero_window_probe zero_window_probe_ack window_full window_update keep_alive keep_alive_ack reused_ports"
args=()
for f in $FLAGS; do args+=(-e "tcp.analysis.$f"); done
"${SX_TSHARK:-tshark}" -n -r - -T fields -E separator=/t -E occurrence=a \
    -e tcp.stream -e frame.time_relative -e frame.protocols \
    -e ip.src -e ip.dst -e ipv6.src -e ipv6.dst -e tcp.srcport \
    -e tcp.dstport -e tcp.flags -e tcp.len -e tcp.analysis.ack_rtt \
    -e tcp.analysis.initial_rtt "${args[@]}" <"$1" 2>/dev/null |
    awk -f tests/independent.awk
