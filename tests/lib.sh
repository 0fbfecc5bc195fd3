# lib.sh - what every integration test file (tests/it/NAME.sh) shares.
# A test file starts with
#     . "$(dirname "$0")/../lib.sh"
# and ends with `finish`. It then runs alone:
#     tests/it/NAME.sh [BUILD_DIR]     or   tests/run.sh NAME
# and tests/run.sh runs them all (make check-integration).
#
# Environment:
#   SX_BUILD       the build directory (default build; the first argument
#                  of the test file wins)
#   SX_CAPTURES    where the public captures are (../shared/captures)
#   SX_VALGRIND=1  every streamxpert (never tshark) runs under valgrind
#                  memcheck; finish fails on any error or definite or
#                  indirect leak in any run
#   SX_SUBSET=1    of the public captures, run only SUBSET's through the
#                  per-capture loops (column by column against tshark,
#                  -j N against -j 1, the cut three ways); the others
#                  are named as skipped. The ASan and valgrind passes
#                  use it: the same code, a fraction of the tshark runs
#   SX_TSHARK      the tshark to test against (default: tshark in PATH);
#                  the independent counts run it ($TSHARK), and
#                  versions.sh gives it to streamxpert as --tshark
#   SX_TSHARK_MEMO a directory: tshark in PATH remembers what it read
#                  (tests/tshark-memo.sh; make check sets it); the real
#                  one is $TSHARK_REAL
#
# Each file gets its own temporary directory $T (removed at exit), its
# own probe cache and its own copy of the fake tshark, so that files can
# run at the same time without seeing each other's processes.
set -u
cd "$(dirname "${BASH_SOURCE[0]}")/.." || exit 2
B=${1:-${SX_BUILD:-build}}
SXBIN=$PWD/$B/streamxpert
MKCAP=$PWD/$B/mkcap
CAPS=${SX_CAPTURES:-$PWD/../shared/captures}
# a clone made elsewhere (mktemp -d) of a local checkout: the captures
# beside the checkout it was cloned from
if [ -z "${SX_CAPTURES:-}" ] && [ ! -d "$CAPS" ]; then
	origin=$(git -C "$PWD" config --get remote.origin.url 2>/dev/null) || origin=
	[ -n "$origin" ] && [ -d "$origin/../shared/captures" ] &&
	    CAPS=$(cd "$origin/../shared/captures" && pwd)
fi
TEST_NAME=$(basename "$0" .sh)
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-$TEST_NAME.XXXXXX")
trap 'rm -rf "$T"' EXIT
for f in "$SXBIN" "$MKCAP" "$PWD/build/fake_tshark"; do
	[ -x "$f" ] || { echo "$TEST_NAME: $f is not built (make check-integration builds it)" >&2; exit 2; }
done
# the fake tshark is never sanitized (it must die the way it is told
# to); a private copy, so that pgrep sees this file's processes only
FAKE=$T/fake_tshark
cp "$PWD/build/fake_tshark" "$FAKE"
export WIRESHARK_CONFIG_DIR="$T/no-profile"   # plain tshark, default settings
export XDG_CACHE_HOME="$T/cache"              # streamxpert's probe cache, private
unset STREAMXPERT_NO_CACHE
# A capture is split across tsharks only from 50,000 frames on, so a
# test capture is read by one tshark (half the tshark runs of a split in
# two). split_small: the files that test the split (split.sh proves -j 2
# and -j 4 equal -j 1 on every capture, -e all) split small ones too.
unset STREAMXPERT_SPLIT_FRAMES
split_small() { export STREAMXPERT_SPLIT_FRAMES=1; }
TSHARK=${SX_TSHARK:-tshark}
TSHARK_REAL=$TSHARK
# SX_TSHARK_MEMO=DIR (make check sets it): tshark in PATH is
# tests/tshark-memo.sh, which runs each reading of a capture once and
# prints it again when asked again (DIR holds what it keeps). Not with
# SX_TSHARK: another tshark is tested as it is.
if [ -n "${SX_TSHARK_MEMO:-}" ] && [ -z "${SX_TSHARK:-}" ]; then
	SX_MEMO_REAL=$(command -v tshark) || { echo "$TEST_NAME: no tshark" >&2; exit 2; }
	case $SX_TSHARK_MEMO in /*) ;; *) SX_TSHARK_MEMO=$PWD/$SX_TSHARK_MEMO ;; esac
	mkdir -p "$SX_TSHARK_MEMO/bin" || exit 2
	ln -sf "$PWD/tests/tshark-memo.sh" "$SX_TSHARK_MEMO/bin/tshark"
	export SX_MEMO_REAL SX_TSHARK_MEMO PATH="$SX_TSHARK_MEMO/bin:$PATH"
	TSHARK_REAL=$SX_MEMO_REAL
fi

SX=$SXBIN
if [ -n "${SX_VALGRIND:-}" ]; then
	VALGRIND=$(command -v valgrind) || { echo "FAIL: no valgrind"; exit 1; }
	mkdir -p "$T/valgrind"
	# exec: the process signals are sent to is streamxpert's own
	cat >"$T/streamxpert" <<-EOS
	#!/bin/sh
	exec "$VALGRIND" --tool=memcheck --error-exitcode=99 --leak-check=full \\
	    --show-leak-kinds=definite,indirect \\
	    --errors-for-leak-kinds=definite,indirect \\
	    --log-file="$T/valgrind/%p.log" "$SXBIN" "\$@"
	EOS
	chmod +x "$T/streamxpert"
	SX=$T/streamxpert
fi

pass=0 failed=0 skipped=0
ok() { pass=$((pass + 1)); }
fail() { failed=$((failed + 1)); echo "FAIL: $*"; }
skip() { skipped=$((skipped + 1)); echo "skip: $*"; }
# check NAME COMMAND...: passes when the command succeeds
check() { local n=$1; shift; if "$@"; then ok; else fail "$n"; fi; }
# section TITLE: a heading in the output
section() { echo "== $TEST_NAME: $* (at ${SECONDS} s)"; }
# have_caps: the public captures are here (else the caller skips)
have_caps() { [ -d "$CAPS" ]; }

# tee_tshark: $T/tee-tshark, a tshark that keeps a copy of the capture it
# reads on standard input (-r -) in $T/fed.pcap
tee_tshark() {
	local ts
	ts=$(command -v "$TSHARK")
	{
		echo '#!/bin/sh'
		echo 'case " $* " in *" -r - "*)'
		echo "	tee \"$T/fed.pcap\" | \"$ts\" \"\$@\"; exit \$? ;;"
		echo 'esac'
		echo "exec \"$ts\" \"\$@\""
	} >"$T/tee-tshark"
	chmod +x "$T/tee-tshark"
}

# run OUT ERR ARGS...: run streamxpert; the exit status is in $rc
run() { local out=$1 err=$2; shift 2; "$SX" "$@" >"$out" 2>"$err"; rc=$?; }

# no_leftover PATTERN: no process whose command line matches is left
# (streamxpert reaps every child before it exits, so none may be seen
# once it has; the pattern names this file's own $T or $FAKE)
no_leftover() {
	! pgrep -f "$1" >/dev/null 2>&1
}
# leftover_goes PATTERN: no such process is left within 30 s (for the
# grandchildren streamxpert does not reap itself, such as dumpcap)
leftover_goes() {
	local i
	for i in $(seq 300); do
		no_leftover "$1" && return 0
		sleep 0.1
	done
	return 1
}
# started PIDFILE [N]: wait until N fake tsharks (default 1) have written
# their pids there (a bound against hanging, not a timing assertion)
started() {
	local i
	for i in $(seq 600); do
		[ -s "$1" ] && [ "$(wc -l <"$1")" -ge "${2:-1}" ] && return 0
		sleep 0.1
	done
	return 1
}
# gone PIDFILE: none of the tsharks listed there (one pid a line, one
# line for each that started) runs or is left a zombie: streamxpert has
# reaped them all before it exited
gone() {
	local pid
	[ -s "$1" ] || return 1
	for pid in $(cat "$1"); do
		! ps -o stat= -p "$pid" >/dev/null 2>&1 || return 1
	done
}

FLAGS="retransmission fast_retransmission spurious_retransmission duplicate_ack out_of_order lost_segment ack_lost_segment zero_window zero_window_probe zero_window_probe_ack window_full window_update keep_alive keep_alive_ack reused_ports"

# raw_report FILE: the report computed independently from tshark's raw
# fields, by awk (tests/raw-report.sh, with $TSHARK; the capture on stdin,
# so that a tshark in a chroot can run it too)
raw_report() { SX_TSHARK=$TSHARK tests/raw-report.sh "$1"; }
# cols FILE NAME,...: the named columns of a TSV report, in that order.
# A name missing from the header fails the test file (finish says so),
# even where cols runs in a pipeline whose status no check sees: a check
# that compares no column must not pass.
cols() {
	local rc
	awk -v cols="$2" -f tests/select-columns.awk "$1"
	rc=$?
	[ "$rc" != 2 ] || echo "$2" >>"$T/cols-missing"
	return "$rc"
}
# fwd_rev_sum REPORT COUNTER...: on every row of the TSV report, each
# COUNTER equals COUNTER_fwd + COUNTER_rev; false when not (the first
# differences are printed) or when any of the columns is missing
fwd_rev_sum() {
	local f=$1 c want=""
	shift
	for c; do want="$want${want:+,}$c,${c}_fwd,${c}_rev"; done
	cols "$f" "$want" >"$T/fwd-rev.txt" || return 1
	awk -F'\t' 'NR == 1 { for (i = 1; i <= NF; i++) h[i] = $i; next }
	    { for (i = 1; i + 2 <= NF; i += 3)
		if ($i != $(i + 1) + $(i + 2)) {
			if (bad++ < 3) print "row " NR - 1 ": " h[i] " " $i " is not " $(i + 1) " + " $(i + 2)
		} }
	    END { exit bad > 0 }' "$T/fwd-rev.txt"
}

# crafted: the names of the crafted captures (testdata/NAME.pcap)
crafted() { "$MKCAP" --list; }
# PUBLIC: the public captures (none when absent)
PUBLIC=()
for f in "$CAPS"/*.pcap*; do [ -f "$f" ] && PUBLIC+=("$f"); done

# The captures compared column by column with tshark under SX_SUBSET=1:
# the crafted ones with several streams, IPv6, reused ports and a cut, and
# public ones with seven TCP headers in a frame, IPv4 and IPv6 mixed,
# Linux cooked capture, GRE and VLANs.
SUBSET="many-streams.pcap reused-ports.pcap ipv6.pcap truncated.pcap
sflow-seven-tcp-in-one-frame.pcap http-ipv4-ipv6.pcapng
kakaotalk-chat-sll.pcap gre-aruba-vlan-zero-window.pcap"
not_compared=""
# in_subset FILE: true unless SX_SUBSET leaves FILE out (then it is
# named at the end)
in_subset() {
	local name
	name=$(basename "$1")
	if [ -n "${SX_SUBSET:-}" ] && ! printf '%s\n' $SUBSET | grep -qxF "$name"; then
		not_compared="$not_compared $name"
		return 1
	fi
}

# three_ways NAME ARGS...: tshark reading the whole file itself
# (--no-cut), tshark fed the cut frames (-j 1) and the split (-j N for N
# in $JS, default 2 and 4): the same report, messages and exit status
three_ways() {
	local n=$1 j rc1
	shift
	"$SX" --no-cut -j 1 "$@" >"$T/w.out" 2>"$T/w.err"; rc1=$?
	# a capture without TCP may report nothing (THREE_WAYS_EMPTY=1)
	check "--no-cut on $n reports rows (status $rc1)" \
	    test \( "$rc1" = 0 -o "$rc1" = 3 \) -a \
	    \( -s "$T/w.out" -o -n "${THREE_WAYS_EMPTY:-}" \)
	for j in 1 ${JS:-2 4}; do
		"$SX" -j $j "$@" >"$T/c.out" 2>"$T/c.err"; rc=$?
		check "cut -j $j equals --no-cut on $n: $*" \
		    test "$rc" = "$rc1" -a "$(cksum <"$T/c.out")" = "$(cksum <"$T/w.out")" \
		    -a "$(cksum <"$T/c.err")" = "$(cksum <"$T/w.err")"
	done
}

# same_j NAME ARGS...: -j N for N in $JS (default 2 and 4) gives the
# report, the messages and the exit status of -j 1, byte for byte
same_j() {
	local n=$1 j rc1
	shift
	"$SX" -j 1 "$@" >"$T/j1.out" 2>"$T/j1.err"; rc1=$?
	# a real run reports (a failing fake tshark may leave nothing)
	[ -n "${SAME_J_FAILS:-}" ] ||
	    check "-j 1 on $n reports rows (status $rc1)" \
	    test \( "$rc1" = 0 -o "$rc1" = 3 \) -a -s "$T/j1.out"
	for j in ${JS:-2 4}; do
		"$SX" -j $j "$@" >"$T/jn.out" 2>"$T/jn.err"; rc=$?
		check "-j $j equals -j 1 on $n: $*" \
		    test "$rc" = "$rc1" -a "$(cksum <"$T/jn.out")" = "$(cksum <"$T/j1.out")" \
		    -a "$(cksum <"$T/jn.err")" = "$(cksum <"$T/j1.err")"
	done
}

# finish: the valgrind verdict (under SX_VALGRIND), then the closing
# line tests/run.sh adds up; the exit status says whether all passed
finish() {
	local n bad f parent
	[ -n "$not_compared" ] &&
	    skip "SX_SUBSET: not compared column by column with tshark:$not_compared"
	if [ -n "${SX_VALGRIND:-}" ]; then
		n=$(ls "$T/valgrind" | wc -l)
		check "valgrind ran ($n runs of streamxpert)" test "$n" -gt 0
		# every run ended with a summary (valgrind itself was not
		# killed), but for the forked children that became tshark
		# (their parent is a run of streamxpert with a log here);
		# none found an error or a definite or indirect leak
		bad=$(for f in $(grep -L 'ERROR SUMMARY: ' "$T"/valgrind/*.log); do
			parent=$(sed -n 's/^==[0-9]*== Parent PID: //p' "$f")
			[ -f "$T/valgrind/$parent.log" ] || echo "$f"
		done; grep -l -e 'ERROR SUMMARY: [1-9]' -e 'definitely lost: [1-9]' \
		    -e 'indirectly lost: [1-9]' "$T"/valgrind/*.log)
		check "valgrind: no error, no leak in any run" test -z "$bad"
		for f in $bad; do
			echo "--- $f"
			grep -v '^==[0-9]*== *$' "$f" | head -40
		done
	fi
	[ -s "$T/cols-missing" ] &&
	    fail "columns the checks selected are missing from the report (those checks compared nothing): $(sort -u "$T/cols-missing" | tr '\n' ' ')"
	echo "$TEST_NAME: $pass passed, $failed failed, $skipped skipped"
	[ "$failed" = 0 ]
}
