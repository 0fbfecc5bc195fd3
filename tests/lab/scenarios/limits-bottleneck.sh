# limits-bottleneck (issue 22): the client sends for 4 s as fast as it can
# through a 20 Mbit/s tbf bottleneck to a receiver reading at full speed:
# want network_limited:src. The bottleneck's queue is in r2, after the
# capture point: what waits in it is in flight where the capture sees it.
# (A queue before the capture point would hide from it what waits there:
# the man page says so, LIMITS.)
. "$(dirname "${BASH_SOURCE[0]}")/../limits-lib.sh"
SC_LOSS_CHECK=0
scenario_setup() { limits_build && lab_tbf server up 20mbit; }
scenario_traffic() {
	limits_sink 9001 0 0 &&
	limits_send 9001 65536 0 4 &&
	limits_wait
}
scenario_check() { limits_check "$1" "$2"; }
