# limits-slowread (issue 22): the client sends for 4 s as fast as it can
# to a receiver that reads 16 kB every 50 ms (320 kB/s) from a 64 kB
# receive buffer: the receiver's window limits the sender, mostly without
# advertising exactly zero. Want receiver_limited:dst, rwnd_limited_share
# within 0.10 of the kernel's rwnd_limited / elapsed.
. "$(dirname "${BASH_SOURCE[0]}")/../limits-lib.sh"
SC_LOSS_CHECK=0
scenario_setup() { limits_build; }
scenario_traffic() {
	limits_sink 9001 16384 50 65536 &&
	limits_send 9001 65536 0 4 &&
	limits_wait
}
scenario_check() { limits_check "$1" "$2"; }
