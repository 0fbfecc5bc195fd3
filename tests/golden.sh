#!/bin/bash
# golden.sh [BUILD_DIR] - regenerate every expected output that
# tests/golden.list names, after an intended change to the output. Review
# `git diff testdata/golden` before committing. Exits 1 when a case's exit
# status is not the one the list says (its file is written all the same).
set -u
cd "$(dirname "$0")/.." || exit 2
SX=$PWD/${1:-build}/streamxpert
[ -x "$SX" ] || { echo "golden.sh: build $SX first (make)" >&2; exit 2; }
T=$(mktemp -d "${TMPDIR:-/tmp}/sx-golden.XXXXXX")
trap 'rm -rf "$T"' EXIT
export WIRESHARK_CONFIG_DIR="$T/no-profile" XDG_CACHE_HOME="$T/cache"
bad=0 n=0
while read -r want status args; do
	case $want in ''|'#'*) continue ;; esac
	# shellcheck disable=SC2086  # the list's arguments split at blanks
	"$SX" $args >"testdata/golden/$want" 2>/dev/null
	rc=$?
	n=$((n + 1))
	if [ "$rc" != "$status" ]; then
		echo "golden.sh: $want: exit status $rc, the list says $status" >&2
		bad=1
	fi
done <tests/golden.list
echo "golden.sh: $n expected outputs written under testdata/golden/"
exit $bad
