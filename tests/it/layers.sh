#!/bin/bash
# layers.sh - the modules of src/ and include/ form no cycle and each
# defines only what its own header declares (tests/layers.sh); and that
# check fails on a copy of the tree with a cycle or a stray definition
# put in on purpose.
# Runs alone as tests/it/layers.sh [BUILD_DIR] or tests/run.sh layers.
. "$(dirname "$0")/../lib.sh"

section "the module graph of this tree"
tests/layers.sh . >"$T/l.out" 2>&1; rc=$?
check "no cycle, each module defines what its header declares (rc $rc)" \
    test "$rc" = 0
[ "$rc" = 0 ] || cat "$T/l.out"
check "the modules are listed lowest first, the accounting below the values" \
    awk '{ for (i = 1; i <= NF; i++) pos[$i] = ++n }
	END { exit !(pos["util"] && pos["streams"] < pos["values"] &&
	    pos["stats"] < pos["streams"] && pos["diag"] < pos["streams"] &&
	    pos["values"] < pos["catalogue"] && pos["verdict"] < pos["values"] &&
	    pos["catalogue"] < pos["explain"] && pos["explain"] < pos["report"]) }' \
    <(sed 1d "$T/l.out")

# copy: a fresh copy of src/ and include/ in $T/c
copy() {
	rm -rf "$T/c"
	mkdir -p "$T/c"
	cp -r src include "$T/c/"
}

section "it finds a cycle put in on purpose"
copy
# util, the bottom, using report (which uses util through a chain)
printf '#include "report.h"\n' >>"$T/c/include/util.h"
tests/layers.sh "$T/c" >"$T/c.out" 2>&1; rc=$?
check "a cycle through util fails (rc $rc)" test "$rc" = 1
check "it names the loop" grep -qx 'util' "$T/c.out"
copy
# two modules using each other directly
printf '#include "verdict.h"\n' >>"$T/c/src/diag.c"
printf '#include "diag.h"\n' >>"$T/c/include/verdict.h"
tests/layers.sh "$T/c" >"$T/c.out" 2>&1; rc=$?
check "diag <-> verdict fails (rc $rc)" test "$rc" = 1

section "it finds a function defined outside its module"
copy
printf '\nint\nsx_stray(void)\n{\n\treturn 0;\n}\n' >>"$T/c/src/values.c"
tests/layers.sh "$T/c" >"$T/c.out" 2>&1; rc=$?
check "values.c defining what values.h does not declare fails (rc $rc)" \
    test "$rc" = 1
check "it names the function" grep -q 'values.c defines sx_stray' "$T/c.out"

# (no run of streamxpert here: nothing for the valgrind pass to look at)
SX_VALGRIND='' finish
