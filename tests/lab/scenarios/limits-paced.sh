# limits-paced (issue 22): over a 5 ms RTT (the delay line in r2), the
# client writes 10 kB every 100 ms for 4 s on one connection (want
# sender_limited:src, sender_limited_share within 0.10 of the kernel's
# not-busy share) and 128 kB every 100 ms on another (a clean paced bulk
# transfer: not receiver_limited), both to receivers reading at full speed.
. "$(dirname "${BASH_SOURCE[0]}")/../limits-lib.sh"
SC_LOSS_CHECK=0
scenario_setup() { limits_build && limits_delay 2500; }
scenario_traffic() {
	limits_sink 9001 0 0 && limits_sink 9002 0 0 &&
	limits_send 9001 10000 100 4 &&
	limits_send 9002 131072 100 4 &&
	limits_wait
}
scenario_check() { limits_check "$1" "$2"; }
