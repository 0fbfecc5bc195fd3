#!/bin/bash
# tshark-chroot.sh SUITE - Debian SUITE's own tshark, without touching the
# system's: a minimal chroot with the suite's tshark package in it, and a
# wrapper script that runs it. Prints the wrapper's path on stdout.
#
#   tests/tshark-chroot.sh bullseye     # tshark 3.4 (Debian 11)
#   tests/tshark-chroot.sh bookworm     # tshark 4.0 (Debian 12)
#   tests/tshark-chroot.sh trixie       # tshark 4.4 (Debian 13)
#   tests/tshark-chroot.sh sid          # tshark 4.6 (Debian unstable)
#
# The chroot is made once by debootstrap (about 40 s and 400 MB each) and
# kept in $SX_TSHARK_CACHE (default /var/cache/streamxpert/tsharks), outside
# the repository: CACHE/SUITE is the chroot, CACHE/SUITE.tshark the wrapper.
# It is made again only when it is missing or its tshark does not run.
# Needs root (debootstrap, chroot, mount); installs debootstrap when it is
# missing. In sid a plugin package may fail to configure: debootstrap then
# exits non-zero, and the chroot is kept if its tshark runs.
#
# The wrapper runs `chroot CACHE/SUITE /usr/bin/tshark ARGS...`. The capture
# reaches tshark on standard input (streamxpert runs `tshark -r -`), so the
# chroot needs no view of the host's files but for these, bind-mounted at
# the same path, in a mount namespace of that one run (nothing stays mounted
# and nothing is left inside the chroot but the empty mount points):
#   - ${TMPDIR:-/tmp}, read-write: streamxpert's private, empty
#     WIRESHARK_CONFIG_DIR is made there (sx_tshark_isolate);
#   - $WIRESHARK_CONFIG_DIR, when it is a directory elsewhere;
#   - each directory of SX_CHROOT_BIND (colon-separated), read-only: for a
#     test that hands tshark a file name (-r FILE, -X lua_script:FILE).
# SX_CHROOT_USER=NAME runs tshark as that user and its group, with HOME set
# to that user's (tshark 4.4 and later skip Lua scripts when run as root); a
# WIRESHARK_CONFIG_DIR given then must be readable by that user.
#
# Exit status: 0 the wrapper works; 2 the chroot cannot be made here.
set -u -o pipefail

die() { printf 'tshark-chroot: %s\n' "$*" >&2; exit 2; }

[ $# -eq 1 ] || die "usage: tests/tshark-chroot.sh SUITE"
SUITE=$1
case $SUITE in
*/* | .* | "") die "bad suite name '$SUITE'" ;;
esac
CACHE=${SX_TSHARK_CACHE:-/var/cache/streamxpert/tsharks}
ROOT=$CACHE/$SUITE
WRAP=$CACHE/$SUITE.tshark

# works: the wrapper exists and its tshark prints a version
works() {
	[ -x "$WRAP" ] && "$WRAP" -v 2>/dev/null | head -1 | grep -q '^TShark'
}

# mounted DIR: something is mounted at or under DIR (never delete then)
mounted() {
	awk -v d="$1" '$2 == d || index($2, d "/") == 1 { f = 1 } END { exit !f }' \
	    /proc/self/mounts
}

write_wrapper() {
	local tmp=$WRAP.tmp.$$
	cat >"$tmp" <<-EOF
	#!/bin/sh
	# tshark of Debian $SUITE in the chroot $ROOT (made by
	# streamxpert's tests/tshark-chroot.sh; read it for what is shared).
	root='$ROOT'
	EOF
	cat >>"$tmp" <<-'EOF'
	[ -x "$root/usr/bin/tshark" ] || { echo "$0: no tshark in $root" >&2; exit 2; }
	exec /usr/bin/unshare --mount --propagation private -- /bin/sh -c '
	root=$1; shift
	bind() {   # bind DIR ro|rw
		[ -d "$1" ] || return 0
		mkdir -p "$root$1" && mount --bind "$1" "$root$1" || exit 2
		[ "$2" = rw ] || mount -o remount,bind,ro "$root$1" || exit 2
	}
	bind "${TMPDIR:-/tmp}" rw
	[ -n "${WIRESHARK_CONFIG_DIR:-}" ] && bind "$WIRESHARK_CONFIG_DIR" rw
	old=$IFS; IFS=:
	for d in ${SX_CHROOT_BIND:-}; do IFS=$old; [ -n "$d" ] && bind "$d" ro; done
	IFS=$old
	if [ -n "${SX_CHROOT_USER:-}" ]; then
		HOME=$(getent passwd "$SX_CHROOT_USER" | cut -d: -f6); export HOME
		exec /usr/sbin/chroot --userspec="$SX_CHROOT_USER:$(id -gn "$SX_CHROOT_USER")" \
		    "$root" /usr/bin/tshark "$@"
	fi
	exec /usr/sbin/chroot "$root" /usr/bin/tshark "$@"
	' sh "$root" "$@"
	EOF
	chmod 755 "$tmp" && mv "$tmp" "$WRAP"
}

mkdir -p "$CACHE" || die "cannot make $CACHE"
# one builder per suite at a time; a second one waits, then finds it made
exec 9>"$CACHE/.$SUITE.lock" || die "cannot write in $CACHE"
flock 9 || die "cannot lock $CACHE/.$SUITE.lock"

if [ -d "$ROOT" ] && [ -x "$ROOT/usr/bin/tshark" ]; then
	write_wrapper
	works && { printf '%s\n' "$WRAP"; exit 0; }
fi
[ "$(id -u)" = 0 ] || die "making the $SUITE chroot needs root"
if ! command -v debootstrap >/dev/null 2>&1; then
	export DEBIAN_FRONTEND=noninteractive
	{ apt-get install -y -qq debootstrap || { apt-get update -qq &&
	    apt-get install -y -qq debootstrap; }; } >"$CACHE/apt.log" 2>&1 ||
	    die "cannot install debootstrap (see $CACHE/apt.log)"
fi
for d in "$ROOT" "$ROOT.tmp"; do
	[ -e "$d" ] || continue
	mounted "$d" && die "$d has something mounted in it: not removing it"
	rm -rf --one-file-system "$d" || die "cannot remove the broken $d"
done
printf 'tshark-chroot: making %s (debootstrap %s, about a minute) ...\n' \
    "$ROOT" "$SUITE" >&2
debootstrap --variant=minbase --include=tshark "$SUITE" "$ROOT.tmp" \
    >"$CACHE/$SUITE.log" 2>&1
rc=$?
# debootstrap mounts /proc and /sys while it works; they must be gone
mounted "$ROOT.tmp" && die "debootstrap left mounts in $ROOT.tmp"
[ -x "$ROOT.tmp/usr/bin/tshark" ] ||
    die "debootstrap $SUITE failed (exit $rc): $(tail -1 "$CACHE/$SUITE.log")"
mv "$ROOT.tmp" "$ROOT" || die "cannot rename $ROOT.tmp"
write_wrapper
works || die "the $SUITE tshark does not run: $("$WRAP" -v 2>&1 | tail -1)"
[ "$rc" = 0 ] || printf 'tshark-chroot: debootstrap %s exited %s, but its tshark runs\n' \
    "$SUITE" "$rc" >&2
printf '%s\n' "$WRAP"
