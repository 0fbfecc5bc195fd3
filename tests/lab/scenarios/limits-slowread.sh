# limits-slowread (issue 22): the client sends for 4 s as fast as it can
# to a receiver that reads 16 kB every 50 ms (320 kB/s) from a 64 kB
# receive buffer: the receiver's window limits the sender, mostly without
# advertising exactly zero. Want receiver_limited:dst, rwnd_limited_share
# within 0.10 of the kernel's rwnd_limited / elapsed.
#
# The sender runs Reno, not the machine's default BBR. BBR paces its
# sending itself (this kernel has no fq), and the kernel stops its
# rwnd_limited clock after any transmit pass that something other than
# the window ended, pacing included, even when the window was full too.
# So under BBR the kernel's share is 4 to 17 points below the time the
# window held the sender (0.829 to 0.943 against streamxpert's 0.939 to
# 0.972 in seven runs), and it moves with the machine's load. Under Reno
# the two agree within 0.01 (0.989 to 0.999 against 0.997, three runs).
. "$(dirname "${BASH_SOURCE[0]}")/../limits-lib.sh"
SC_LOSS_CHECK=0
scenario_setup() {
	limits_build &&
	lab_in client sysctl -qw net.ipv4.tcp_congestion_control=reno
}
scenario_traffic() {
	limits_sink 9001 16384 50 65536 &&
	limits_send 9001 65536 0 4 &&
	limits_wait
}
scenario_check() { limits_check "$1" "$2"; }
