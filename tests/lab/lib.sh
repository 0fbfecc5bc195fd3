# lib.sh - the network-namespace lab: a sourced bash library.
#
# Topology (four namespaces made here, removed on exit; every address is
# inside them, nothing is routed anywhere else):
#
#   client 10.211.1.1 --client link-- .1.2 r1 .2.1 --middle link-- .2.2 r2
#          .3.1 --server link-- 10.211.3.2 server
#
# veth links with every offload off (one packet is one frame on the wire
# and in the captures). "up" is the direction client -> server, "down"
# server -> client. The middle link (r1-r2) is the capture point given to
# streamxpert; the client and server links are the senders' and receivers'
# captures, from which the truth is computed.
#
# Interface (all functions return non-zero on failure; names are stable):
#
#   lab_init [TAG]           set up names with the PID ($LAB_ID), a work
#                            directory ($LAB_DIR) and the EXIT/INT/TERM
#                            trap that calls lab_cleanup. TAG (letters,
#                            digits, at most 3) goes into the names, so
#                            two libraries in one process never collide.
#                            LAB_NO_TRAP=1: no trap (call lab_cleanup).
#   lab_topology             make the namespaces, links, addresses, routes.
#   lab_ns ROLE              the namespace name of ROLE: client r1 r2 server
#   lab_if ROLE LINK         the interface of ROLE on LINK (client|middle|
#                            server), e.g. lab_if r1 middle
#   lab_addr ROLE            the address of client or server (10.211.x.y)
#   lab_in ROLE CMD...       run CMD in ROLE's namespace (foreground)
#   lab_bg ROLE CMD...       run CMD in ROLE's namespace in the background,
#                            its PID recorded (killed by lab_cleanup);
#                            the PID is left in $LAB_LAST_PID
#   lab_tbf LINK DIR RATE [BURST] [LIMIT]
#                            a tbf bottleneck on LINK for direction DIR
#                            (up|down): on the egress of the router end
#                            (for the client link "down" that is r1's
#                            egress, "up" is not allowed there: a sender's
#                            own qdisc drop is a local error, not loss on
#                            the wire; the same for the server link "down").
#                            BURST default 32kb, LIMIT (bytes) default 200kb
#                            (a real queue: the RTT grows, tail drops).
#   lab_drop WHERE DIR PERMILLE
#                            nftables random drops of TCP data packets
#                            (IP total length > 100) in direction DIR
#                            (up|down), WHERE before or after the middle
#                            link: up/before and down/after are in r1's
#                            forward hook, up/after and down/before in r2's.
#   lab_drop_counts          print the nft counters "r1 PKTS r2 PKTS".
#   lab_capture_start [SNAPLEN]
#                            tcpdump on the three links ($LAB_DIR/client.pcap,
#                            middle.pcap, server.pcap); waits until all
#                            three are listening. SNAPLEN default 128.
#   lab_capture_stop         stop the three (SIGINT), wait; returns 1 and
#                            says so on stderr if any reports packets
#                            "dropped by kernel" (or not 0 of them): the
#                            caller reruns the scenario, never loosens.
#   lab_hook ROLE LINK CMD...
#                            the delay-line hook: called by nothing here;
#                            runs CMD in ROLE's namespace with LAB_HOOK_IF
#                            set to lab_if ROLE LINK (a user-space delay
#                            line can attach to that interface).
#   lab_wait_listen ROLE PORT...
#                            wait (at most 10 s) until ROLE listens on PORTs.
#   lab_servers              start the servers in the server namespace:
#                            iperf3 -s on ports 5201..5204, traffic.py's
#                            request/response server on 8080 and its
#                            keep-alive sink on 8081; waits until they
#                            listen.
#   lab_bulk DIR SECONDS [STREAMS] [RATE]
#                            iperf3 bulk transfer, DIR up (client sends)
#                            or down (-R: server sends), STREAMS parallel
#                            (default 1), RATE per stream (iperf3 -b,
#                            default 0 = unlimited), in the background
#                            (one port per lab_bulk, at most 4 at once).
#   lab_rr WORKERS SECONDS   many short request/response connections
#                            (traffic.py rr), in the background.
#   lab_keep N SECONDS       N idle connections with 1 s keep-alives.
#   lab_traffic_wait         wait for every lab_bulk/lab_rr/lab_keep.
#   lab_cleanup              kill the PIDs this library started, then every
#                            PID left in its own namespaces (by PID, never
#                            by name), delete the namespaces and $LAB_DIR
#                            (LAB_KEEP=1 keeps $LAB_DIR).
#
# Needs root, iproute2, nftables, tcpdump, ethtool (lab_deps installs the
# missing ones with apt-get). Variables: LAB_ID, LAB_DIR, LAB_PIDS (array).

LAB_NET=10.211

lab_deps() {
	local missing="" t pkg
	for t in ip:iproute2 nft:nftables tcpdump:tcpdump ethtool:ethtool \
	    iperf3:iperf3 python3:python3 tshark:tshark-not-here \
	    editcap:wireshark-common mergecap:wireshark-common; do
		pkg=${t#*:}; t=${t%%:*}
		command -v "$t" >/dev/null 2>&1 || missing="$missing $pkg"
	done
	[ -z "$missing" ] && return 0
	[ "$(id -u)" = 0 ] || { echo "lab: please install:$missing" >&2; return 1; }
	echo "lab: installing:$missing" >&2
	missing=${missing//tshark-not-here/tshark}
	export DEBIAN_FRONTEND=noninteractive
	# iperf3 asks whether to start a daemon: no
	echo "iperf3 iperf3/start_daemon boolean false" | debconf-set-selections 2>/dev/null || true
	apt-get install -y -qq --no-install-recommends $missing >/dev/null 2>&1 ||
	    { apt-get update -qq && apt-get install -y -qq --no-install-recommends $missing >/dev/null; } ||
	    { echo "lab: apt-get install$missing failed" >&2; return 1; }
}

lab_init() {
	local tag=${1:-}
	LAB_ID="lx$tag$$"
	LAB_PIDS=()
	LAB_CAP_PIDS=()
	LAB_TRAFFIC_PIDS=()
	LAB_NEXT_PORT=5201
	LAB_DIR=$(mktemp -d "${TMPDIR:-/tmp}/sx-lab.XXXXXX") || return 1
	if [ -z "${LAB_NO_TRAP:-}" ]; then
		trap 'lab_cleanup' EXIT
		trap 'exit 130' INT TERM
	fi
}

lab_ns() {
	case $1 in
	client) echo "${LAB_ID}c" ;;
	r1) echo "${LAB_ID}a" ;;
	r2) echo "${LAB_ID}b" ;;
	server) echo "${LAB_ID}s" ;;
	*) echo "lab_ns: no role $1" >&2; return 1 ;;
	esac
}

# Interface names are unique on the machine (at most 15 characters).
lab_if() {
	case $1:$2 in
	client:client) echo "${LAB_ID}c" ;;
	r1:client) echo "${LAB_ID}ac" ;;
	r1:middle) echo "${LAB_ID}am" ;;
	r2:middle) echo "${LAB_ID}bm" ;;
	r2:server) echo "${LAB_ID}bs" ;;
	server:server) echo "${LAB_ID}s" ;;
	*) echo "lab_if: $1 is not on the $2 link" >&2; return 1 ;;
	esac
}

lab_addr() {
	case $1 in
	client) echo "$LAB_NET.1.1" ;;
	server) echo "$LAB_NET.3.2" ;;
	*) echo "lab_addr: no role $1" >&2; return 1 ;;
	esac
}

lab_in() {
	local ns
	ns=$(lab_ns "$1") || return 1
	shift
	ip netns exec "$ns" "$@"
}

lab_bg() {
	local ns
	ns=$(lab_ns "$1") || return 1
	shift
	ip netns exec "$ns" "$@" &
	LAB_LAST_PID=$!
	LAB_PIDS+=("$LAB_LAST_PID")
}

# lab_ours PID: PID is still a child of this shell. Bash reaps a
# background job when it ends, and its PID is then free for anyone (here
# pid_max is 32768 and a test suite wraps it in minutes): a PID recorded
# earlier is signalled only while it is still ours.
lab_ours() {
	local st
	st=$(cat "/proc/$1/stat" 2>/dev/null) || return 1
	st=${st##*) }
	set -- $st
	[ "$2" = "$$" ] || [ "$2" = "$BASHPID" ]
}

lab_have_ns() { ip netns list | grep -qE "^$1( |\$)"; }

lab_link() {   # lab_link ROLE_A ROLE_B LINK ADDR_A ADDR_B
	local a=$1 b=$2 link=$3 ia ib
	ia=$(lab_if "$a" "$link") && ib=$(lab_if "$b" "$link") || return 1
	ip link add "$ia" netns "$(lab_ns "$a")" type veth peer name "$ib" \
	    netns "$(lab_ns "$b")" || return 1
	lab_in "$a" ip addr add "$4/24" dev "$ia" &&
	lab_in "$b" ip addr add "$5/24" dev "$ib" || return 1
	lab_in "$a" ethtool -K "$ia" tso off gso off gro off tx off rx off >/dev/null 2>&1 &&
	lab_in "$b" ethtool -K "$ib" tso off gso off gro off tx off rx off >/dev/null 2>&1 ||
	    { echo "lab: cannot turn offloads off on $ia/$ib" >&2; return 1; }
	lab_in "$a" ip link set "$ia" up && lab_in "$b" ip link set "$ib" up
}

lab_topology() {
	local r ns
	for r in client r1 r2 server; do
		ns=$(lab_ns "$r")
		ip netns add "$ns" || return 1
		lab_in "$r" ip link set lo up || return 1
	done
	lab_link client r1 client "$LAB_NET.1.1" "$LAB_NET.1.2" &&
	lab_link r1 r2 middle "$LAB_NET.2.1" "$LAB_NET.2.2" &&
	lab_link r2 server server "$LAB_NET.3.1" "$LAB_NET.3.2" || return 1
	lab_in client ip route add default via "$LAB_NET.1.2" &&
	lab_in r1 ip route add "$LAB_NET.3.0/24" via "$LAB_NET.2.2" &&
	lab_in r2 ip route add "$LAB_NET.1.0/24" via "$LAB_NET.2.1" &&
	lab_in server ip route add default via "$LAB_NET.3.1" || return 1
	lab_in r1 sysctl -qw net.ipv4.ip_forward=1 &&
	lab_in r2 sysctl -qw net.ipv4.ip_forward=1 || return 1
	# many short connections: keep TIME_WAIT from running out of ports
	lab_in client sysctl -qw net.ipv4.tcp_tw_reuse=1 \
	    net.ipv4.ip_local_port_range="10000 60999" || true
	# nftables tables for lab_drop, with a counter per rule
	for r in r1 r2; do
		lab_in "$r" nft -f - <<-NFT || return 1
		table inet sxlab {
		    chain drops {
		        type filter hook forward priority 0; policy accept;
		    }
		}
		NFT
	done
}

# The router end that sends in direction dir on link.
lab_egress() {   # lab_egress LINK DIR -> "ROLE IF"
	case $1:$2 in
	client:down) echo "r1 $(lab_if r1 client)" ;;
	middle:up) echo "r1 $(lab_if r1 middle)" ;;
	middle:down) echo "r2 $(lab_if r2 middle)" ;;
	server:up) echo "r2 $(lab_if r2 server)" ;;
	*) echo "lab: no router egress for $2 on the $1 link (a sender's own qdisc drop is not loss on the wire)" >&2
	   return 1 ;;
	esac
}

lab_tbf() {
	local e role ifn
	e=$(lab_egress "$1" "$2") || return 1
	role=${e% *} ifn=${e#* }
	lab_in "$role" tc qdisc replace dev "$ifn" root tbf rate "$3" \
	    burst "${4:-32kb}" limit "${5:-200kb}"
}

lab_drop() {   # lab_drop WHERE DIR PERMILLE
	local where=$1 dir=$2 pm=$3 role match
	case $where:$dir in
	before:up) role=r1 match="oifname \"$(lab_if r1 middle)\"" ;;
	after:down) role=r1 match="iifname \"$(lab_if r1 middle)\"" ;;
	after:up) role=r2 match="iifname \"$(lab_if r2 middle)\"" ;;
	before:down) role=r2 match="oifname \"$(lab_if r2 middle)\"" ;;
	*) echo "lab_drop: WHERE is before|after, DIR up|down" >&2; return 1 ;;
	esac
	[ "$pm" -gt 0 ] 2>/dev/null || return 0
	lab_in "$role" nft add rule inet sxlab drops $match meta l4proto tcp \
	    ip length gt 100 numgen random mod 1000 lt "$pm" counter drop
}

lab_drop_counts() {
	local r n out=""
	for r in r1 r2; do
		n=$(lab_in "$r" nft list chain inet sxlab drops 2>/dev/null |
		    awk '/counter packets/ { for (i = 1; i < NF; i++) if ($i == "packets") s += $(i + 1) } END { print s + 0 }')
		out="$out${out:+ }$r $n"
	done
	echo "$out"
}

lab_capture_start() {
	local snap=${1:-128} pt role ifn n
	LAB_CAP_PIDS=()
	LAB_TRAFFIC_PIDS=()
	LAB_NEXT_PORT=5201
	for pt in client:client middle:r1 server:server; do
		role=${pt#*:} ifn=$(lab_if "$role" "${pt%%:*}")
		rm -f "$LAB_DIR/${pt%%:*}.pcap" "$LAB_DIR/${pt%%:*}.tcpdump"
		ip netns exec "$(lab_ns "$role")" tcpdump -i "$ifn" -nn -s "$snap" \
		    -B 65536 -Z root -w "$LAB_DIR/${pt%%:*}.pcap" tcp \
		    >"$LAB_DIR/${pt%%:*}.tcpdump" 2>&1 &
		LAB_CAP_PIDS+=($!)
	done
	for n in $(seq 200); do
		[ "$(cat "$LAB_DIR"/*.tcpdump 2>/dev/null | grep -c 'listening on')" = 3 ] && return 0
		sleep 0.05
	done
	echo "lab: tcpdump did not start:" >&2
	cat "$LAB_DIR"/*.tcpdump >&2
	return 1
}

lab_capture_stop() {
	local pid pt bad=0 d
	for pid in "${LAB_CAP_PIDS[@]}"; do
		! lab_ours "$pid" || kill -INT "$pid" 2>/dev/null || true
	done
	for pid in "${LAB_CAP_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	LAB_CAP_PIDS=()
	LAB_TRAFFIC_PIDS=()
	LAB_NEXT_PORT=5201
	for pt in client middle server; do
		d=$(sed -n 's/^\([0-9]*\) packets\{0,1\} dropped by kernel$/\1/p' "$LAB_DIR/$pt.tcpdump")
		if [ "$d" != 0 ]; then
			echo "lab: tcpdump on the $pt link: ${d:-no count of} packets dropped by kernel" >&2
			bad=1
		fi
	done
	return $bad
}

lab_hook() {
	local role=$1 link=$2
	shift 2
	LAB_HOOK_IF=$(lab_if "$role" "$link") || return 1
	export LAB_HOOK_IF
	lab_in "$role" "$@"
}

lab_wait_listen() {
	local role=$1 p n
	shift
	for p in "$@"; do
		for n in $(seq 200); do
			lab_in "$role" ss -Hltn "sport = :$p" 2>/dev/null | grep -q . && break
			sleep 0.05
		done
		lab_in "$role" ss -Hltn "sport = :$p" | grep -q . ||
		    { echo "lab: nothing listens on $role:$p" >&2; return 1; }
	done
}

LAB_HERE=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

lab_servers() {
	local p
	LAB_TRAFFIC_PIDS=()
	LAB_NEXT_PORT=5201
	for p in 5201 5202 5203 5204; do
		lab_bg server iperf3 -s -p "$p" >/dev/null 2>&1
	done
	lab_bg server python3 "$LAB_HERE/traffic.py" server "$(lab_addr server)" \
	    8080 8081 >"$LAB_DIR/server.log" 2>&1
	lab_wait_listen server 5201 5202 5203 5204 8080 8081
}

lab_bulk() {
	local dir=$1 secs=$2 streams=${3:-1} rate=${4:-0} rev=""
	[ "$dir" = down ] && rev=-R
	[ "$LAB_NEXT_PORT" -le 5204 ] || { echo "lab_bulk: at most 4 at once" >&2; return 1; }
	lab_bg client timeout $((secs + 30)) iperf3 -c "$(lab_addr server)" \
	    -p "$LAB_NEXT_PORT" -t "$secs" -P "$streams" -b "$rate" $rev \
	    --connect-timeout 3000 >"$LAB_DIR/iperf-$LAB_NEXT_PORT.log" 2>&1
	LAB_TRAFFIC_PIDS+=("$LAB_LAST_PID")
	LAB_NEXT_PORT=$((LAB_NEXT_PORT + 1))
}

lab_rr() {
	lab_bg client python3 "$LAB_HERE/traffic.py" rr "$(lab_addr server)" 8080 "$1" "$2"
	LAB_TRAFFIC_PIDS+=("$LAB_LAST_PID")
}

lab_keep() {
	lab_bg client python3 "$LAB_HERE/traffic.py" keep "$(lab_addr server)" 8081 "$1" "$2"
	LAB_TRAFFIC_PIDS+=("$LAB_LAST_PID")
}

lab_traffic_wait() {
	local pid
	for pid in "${LAB_TRAFFIC_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
	LAB_TRAFFIC_PIDS=()
	LAB_NEXT_PORT=5201
}

lab_cleanup() {
	local rc=$? pid ns sig r
	trap - EXIT INT TERM
	for pid in "${LAB_CAP_PIDS[@]}" "${LAB_PIDS[@]}"; do
		! lab_ours "$pid" || kill "$pid" 2>/dev/null || true
	done
	for sig in TERM KILL; do
		for r in client r1 r2 server; do
			ns=$(lab_ns "$r")
			lab_have_ns "$ns" || continue
			for pid in $(ip netns pids "$ns" 2>/dev/null); do
				kill -s "$sig" "$pid" 2>/dev/null || true
			done
		done
		[ "$sig" = TERM ] && sleep 0.3
	done
	for pid in "${LAB_CAP_PIDS[@]}" "${LAB_PIDS[@]}"; do
		wait "$pid" 2>/dev/null || true
	done
	for r in client r1 r2 server; do
		ns=$(lab_ns "$r")
		ip netns del "$ns" 2>/dev/null || true
		lab_have_ns "$ns" && echo "lab: namespace $ns left behind" >&2
	done
	[ -n "${LAB_KEEP:-}" ] || rm -rf "$LAB_DIR"
	return "$rc"
}
