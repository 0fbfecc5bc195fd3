#!/bin/bash
# tshark-memo.sh ARGS... - tshark, remembered: the tshark that
# `make check` puts first in PATH (tests/lib.sh, SX_TSHARK_MEMO). tshark
# is deterministic: the same binary, arguments, capture, configuration
# directory and locale give the same output, messages and exit status.
# So a run that reads a capture (-r) is looked up by a hash of all five;
# the first time the real tshark ($SX_MEMO_REAL) runs and what it printed
# is kept in $SX_TSHARK_MEMO; every later time it is printed again. The
# integration files ask for the same readings many times (the ASan pass
# repeats those of the normal pass): each is made once. Everything else
# (-v, -G, a live capture) is the real tshark itself.
#
# The capture on standard input (-r -) is read whole first, so what a
# remembered run prints comes at once, after its input: the files that
# pace a tshark (progress.sh) or watch its process use the real one
# ($TSHARK_REAL).
set -u
real=${SX_MEMO_REAL:?}
memo=${SX_TSHARK_MEMO:?}
rfile="" prev=""
for a in "$@"; do
	[ "$prev" = -r ] && rfile=$a
	prev=$a
done
[ -n "$rfile" ] || exec "$real" "$@"
# standard input is remembered only from a file or a pipe (streamxpert's
# feed ends); a device (/dev/zero, a closed stdin made /dev/null) goes to
# tshark itself, which stops at its first bytes
if [ "$rfile" = - ] && [ ! -f /dev/stdin ] && [ ! -p /dev/stdin ]; then
	exec "$real" "$@"
fi
mkdir -p "$memo/runs" 2>/dev/null
tmp=$(mktemp "$memo/runs/.tmp.XXXXXX") || exec "$real" "$@"
trap 'rm -f "$tmp" "$tmp".*' EXIT
src=$rfile
stdin_kind=file
[ -p /dev/stdin ] && stdin_kind=pipe
if [ "$rfile" = - ]; then
	cat >"$tmp" || exit 2
	src=$tmp
fi
key=$({
	printf '%s\0' "$@" "$stdin_kind"
	printf 'locale %s %s %s %s\0' "${LC_ALL-}" "${LC_MESSAGES-}" "${LANG-}" "${TZ-}"
	stat -L -c 'tshark %n %s %Y %i' "$real"
	sha256sum <"$src"
	if [ -n "${WIRESHARK_CONFIG_DIR-}" ] && [ -d "$WIRESHARK_CONFIG_DIR" ]; then
		(cd "$WIRESHARK_CONFIG_DIR" && find . -type f -print0 | sort -z |
		    xargs -0r sha256sum)
	fi
} 2>/dev/null | sha256sum | cut -c1-40)
run=$memo/runs/$key
if [ -f "$run.rc" ]; then
	cat "$run.out"
	cat "$run.err" >&2
	exit "$(cat "$run.rc")"
fi
# (the capture reaches tshark as it came: through a pipe, or as a file)
if [ "$rfile" = - ] && [ "$stdin_kind" = pipe ]; then
	cat "$tmp" | "$real" "$@" >"$tmp.out" 2>"$tmp.err"
	rc=${PIPESTATUS[1]}
elif [ "$rfile" = - ]; then
	"$real" "$@" <"$tmp" >"$tmp.out" 2>"$tmp.err"
	rc=$?
else
	"$real" "$@" >"$tmp.out" 2>"$tmp.err"
	rc=$?
fi
cat "$tmp.out"
cat "$tmp.err" >&2
# kept only when tshark ended by itself (not killed by a signal), the
# status written last: a run is remembered whole or not at all
if [ "$rc" -lt 128 ]; then
	echo "$rc" >"$tmp.rc" &&
	    mv -f "$tmp.out" "$run.out" && mv -f "$tmp.err" "$run.err" &&
	    mv -f "$tmp.rc" "$run.rc"
fi
exit "$rc"
