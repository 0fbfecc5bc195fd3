#!/bin/sh
# install-deps.sh [--demo] - install what building and testing streamxpert
# needs, when it is missing (make check); with --demo only what building
# and running it needs: make, a C compiler and tshark (make demo). On
# Debian/Ubuntu as root (or with password-less sudo) it runs apt-get;
# otherwise it names what to install and fails.
set -u
demo=0
[ "${1:-}" = --demo ] && demo=1

missing=""
need() {  # need PACKAGE TEST-COMMAND...
	pkg=$1; shift
	"$@" >/dev/null 2>&1 || missing="$missing $pkg"
}
have_header() {
	printf '#include <stdarg.h>\n#include <stddef.h>\n#include <setjmp.h>\n#include <stdint.h>\n#include <%s>\n' "$1" |
	    ${CC:-cc} -E -x c - >/dev/null 2>&1
}

need make command -v make
need gcc command -v ${CC:-cc}
need tshark command -v tshark
if [ $demo = 0 ]; then
	need libcmocka-dev have_header cmocka.h
	need jq command -v jq
	need valgrind command -v valgrind
	need clang command -v clang
	# the cron tests: promtool and the Prometheus client library's
	# parser read the Prometheus output; sqlite3 imports reports
	need prometheus command -v promtool
	need python3-prometheus-client /usr/bin/python3 -c 'import prometheus_client'
	# make check-prom-live: a real Prometheus scrapes node_exporter's
	# textfile collector
	need prometheus-node-exporter sh -c 'command -v prometheus-node-exporter || command -v node_exporter'
	need curl command -v curl
	need sqlite3 command -v sqlite3
	# the scale-out tests run many streamxperts at once through GNU parallel
	need parallel command -v parallel
	# the pictures test: xmllint checks the HTML and SVG, headless
	# chromium renders the page to a PNG
	need libxml2-utils command -v xmllint
	need chromium command -v chromium
	need libclang-rt-14-dev sh -c 'ls /usr/lib/llvm-*/lib/clang/*/lib/linux/libclang_rt.fuzzer-*.a'
fi

[ -z "$missing" ] && exit 0

if [ "$(id -u)" = 0 ]; then
	SUDO=""
elif command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
	SUDO="sudo -n"
else
	echo "streamxpert: please install:$missing (as root: apt-get install$missing)" >&2
	exit 1
fi
if ! command -v apt-get >/dev/null 2>&1; then
	echo "streamxpert: no apt-get here; please install:$missing" >&2
	exit 1
fi
echo "streamxpert: installing:$missing" >&2
export DEBIAN_FRONTEND=noninteractive
# tshark asks whether non-root users may capture; the answer is no.
echo "wireshark-common wireshark-common/install-setuid boolean false" |
    $SUDO debconf-set-selections 2>/dev/null || true
$SUDO apt-get update -qq &&
    $SUDO apt-get install -y -qq --no-install-recommends $missing >/dev/null ||
    { echo "streamxpert: apt-get install$missing failed" >&2; exit 1; }
