#!/bin/bash
# prom-live.sh [BUILD_DIR] - a real Prometheus scraping node_exporter's
# textfile collector while a cron job writes streamxpert's -T prometheus
# report with --state into the collector's directory (issue 27). Five
# runs, captures arriving before the first three; after each run it waits
# until Prometheus has scraped the new file twice (it polls: no run
# depends on the machine's speed). Then it asks Prometheus itself: no
# streamxpert series went stale between its first scrape and the end (a
# missing step while the target was up), no counter ever reset, the
# collector never failed to read the file, and the captures counter went
# 2, 5, 7. Then it shows that these questions can fail: the file gone for
# a few scrapes (stale series), and a run without --state after a
# capture was deleted (counters reset).
# Not part of make check (a minute of scraping, two servers); needs the
# Debian packages prometheus and prometheus-node-exporter, and curl.
# Exit 0 all passed, 1 some failed, 77 skipped (something missing).
set -u
cd "$(dirname "$0")/.." || exit 1
B=${1:-build}
SX=$PWD/$B/streamxpert
NE=$(command -v prometheus-node-exporter || command -v node_exporter)
for t in prometheus curl "$NE"; do
	if ! command -v "$t" >/dev/null 2>&1; then
		echo "prom-live: skipped: ${t:-prometheus-node-exporter} missing" >&2
		exit 77
	fi
done
[ -x "$SX" ] || { echo "prom-live: no $SX (make first)" >&2; exit 1; }
L=$(mktemp -d /tmp/prom-live.XXXXXX)
pids=()
cleanup() {
	local p
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null && wait "$p" 2>/dev/null; done
	rm -rf "$L"
}
trap cleanup EXIT
trap 'exit 1' INT TERM

# two free ports, chosen by the kernel
port() { python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
NP=$(port) PP=$(port)
mkdir -p "$L/tf" "$L/caps" "$L/data"
cat >"$L/prometheus.yml" <<EOF
global:
  scrape_interval: 1s
  scrape_timeout: 1s
scrape_configs:
  - job_name: node
    static_configs:
      - targets: ['127.0.0.1:$NP']
EOF
"$NE" --web.listen-address="127.0.0.1:$NP" --collector.disable-defaults \
    --collector.textfile --collector.textfile.directory="$L/tf" >"$L/ne.log" 2>&1 &
pids+=($!)
prometheus --config.file="$L/prometheus.yml" --storage.tsdb.path="$L/data" \
    --web.listen-address="127.0.0.1:$PP" >"$L/prom.log" 2>&1 &
pids+=($!)

# ask QUERY [ARGS...]: the result of a Prometheus API call as JSON lines
# (API path query or query_range; args as name=value)
ask() {
	local path=$1 q=$2
	shift 2
	local a=(-sf --get "http://127.0.0.1:$PP/api/v1/$path" --data-urlencode "query=$q")
	for kv; do a+=(--data-urlencode "$kv"); done
	curl "${a[@]}" | jq -c '.data.result[]'
}
# until_true CMD...: CMD until it succeeds; a hang guard of 120 tries
until_true() {
	local i
	for ((i = 0; i < 120; i++)); do "$@" && return 0; sleep 1; done
	echo "prom-live: gave up waiting for: $*" >&2
	exit 1
}
scrapes() { ask query 'count_over_time(up[1h])' | jq -r '.value[1]'; }
up_now() { [ "$(ask query up | jq -r '.value[1]')" = 1 ]; }
seen_run() {  # Prometheus has the file's last_run_timestamp
	local want got
	want=$(awk '/^streamxpert_last_run_timestamp_seconds/ { print $2 }' "$L/tf/sx.prom")
	got=$(ask query streamxpert_last_run_timestamp_seconds | jq -r '.value[1]')
	# (as numbers: Prometheus drops a trailing zero of the fraction)
	[ -n "$want" ] && [ -n "$got" ] &&
	    awk -v a="$want" -v b="$got" 'BEGIN { exit !(a - b < 1e-4 && b - a < 1e-4) }'
}
more_scrapes() { [ "$(scrapes)" -ge "$1" ]; }
settle() {  # the new file seen, then two more scrapes
	until_true seen_run
	local n
	n=$(scrapes)
	until_true more_scrapes $((n + 2))
}
until_true up_now

minute=0
arrive() {
	local f
	for f; do
		cp "testdata/$f.pcap" "$L/caps/$f.pcap"
		minute=$((minute + 1))
		touch -d "2026-01-01 00:$(printf %02d $minute):00" "$L/caps/$f.pcap"
	done
}
pass=0 fail=0
check() {  # check WHAT CMD...
	local what=$1
	shift
	if "$@"; then pass=$((pass + 1)); echo "ok   $what"; else fail=$((fail + 1)); echo "FAIL $what"; fi
}

# stale_steps T0 T1: the streamxpert series missing at a step where the
# target was up (Prometheus wrote a staleness marker: the series left
# the file), after the series' first sample; "NAME N" lines
stale_steps() {
	ask query_range up "start=$1" "end=$2" step=1 |
	    jq -r '.values[] | select(.[1] == "1") | .[0]' >"$L/upsteps"
	ask query_range '{__name__=~"streamxpert_.*"}' "start=$1" "end=$2" step=1 |
	    jq -r '.metric.__name__ as $n | .values | (.[0][0]) as $first |
		map(.[0]) | [$n, $first, .[]] | @tsv' |
	    awk -F'\t' 'NR == FNR { up[$1]; next }
		{ have = ""; for (i = 3; i <= NF; i++) have = have " " $i " "
		  n = 0
		  for (t in up) if (t + 0 >= $2 + 0 && index(have, " " t " ") == 0) n++
		  if (n) print $1, n }' "$L/upsteps" -
}
# resets_of T0 T1: the counters that reset between T0 and T1
resets_of() {
	local n
	for n in $(grep -o '^streamxpert_[a-z_]*_total' "$L/tf/sx.prom" | sort -u); do
		ask query "resets(${n}[$(($2 - $1 + 2))s])" "time=$2" |
		    jq -r --arg n "$n" 'select(.value[1] != "0") | $n'
	done
}

t0=$(date +%s)
for k in 1 2 3 4 5; do
	case $k in
	1) arrive many-streams rst ;;
	2) arrive ipv6 zero-window retransmission ;;
	3) arrive truncated out-of-order ;;
	esac
	"$SX" --state "$L/state" -o "$L/tf/sx.prom" -T prometheus "$L/caps" 2>/dev/null
	settle
	cp "$L/tf/sx.prom" "$L/run$k.prom"
done
t1=$(date +%s)
nseries=$(ask query 'count({__name__=~"streamxpert_.*"})' | jq -r '.value[1]')
ncounters=$(grep -c '^# TYPE .* counter' "$L/tf/sx.prom")
stale=$(stale_steps "$t0" "$t1")
check "5 cron runs with --state: none of the $nseries series went stale in Prometheus${stale:+: $stale}" test -z "$stale"
resets=$(resets_of "$t0" "$t1")
check "5 cron runs with --state: none of the $ncounters counters reset${resets:+: $resets}" test -z "$resets"
check "the textfile collector read every file (node_textfile_scrape_error never 1)" \
    test "$(ask query 'max_over_time(node_textfile_scrape_error[1h])' | jq -r '.value[1]')" = 0
seq=$(ask query_range streamxpert_captures_total "start=$t0" "end=$t1" step=1 |
    jq -r '[.values[][1]] | reduce .[] as $v ([]; if (length > 0 and .[-1] == $v) then . else . + [$v] end) | join(" ")')
check "streamxpert_captures_total as Prometheus saw it: 2 5 7 (got $seq)" test "$seq" = "2 5 7"

# the questions can fail: the file gone for a few scrapes, then a run
# without --state after a capture was deleted (its counters go down)
c0=$(date +%s)
mv "$L/tf/sx.prom" "$L/held.prom"
n=$(scrapes)
until_true more_scrapes $((n + 3))
mv "$L/held.prom" "$L/tf/sx.prom"
rm "$L/caps/many-streams.pcap"
"$SX" -o "$L/tf/sx.prom" -T prometheus "$L/caps" 2>/dev/null
settle
c1=$(date +%s)
check "control: the file gone for 3 scrapes shows as stale series" test -n "$(stale_steps "$c0" "$c1")"
check "control: a run without --state after a deletion shows as counter resets" test -n "$(resets_of "$c0" "$c1")"
echo "prom-live: $pass passed, $fail failed"
[ "$fail" = 0 ]
