# limits-rr (issue 22): 50 short request/response connections (200 bytes
# up, 20 kB down, 5 at a time) over a 40 ms RTT (the delay line in r2):
# want latency_bound on >= 90 % of them.
. "$(dirname "${BASH_SOURCE[0]}")/../limits-lib.sh"
SC_LOSS_CHECK=0
scenario_setup() { limits_build && limits_delay 20000; }
scenario_traffic() { limits_rr 9003 50 5 200 20000 && limits_wait; }
scenario_check() { limits_check "$1" "$2"; }
