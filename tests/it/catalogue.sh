#!/bin/bash
# catalogue.sh - the man page's column lists ("Column list", "Summary
# column list") name the same columns, with the same table headers,
# groups, directions and meanings, in the same order, as --list-columns
# and --summary --list-columns print them (both put in one form by
# tests/man-columns.awk, then compared); and the comparison fails when
# either side loses or changes a column.
# Runs alone as tests/it/catalogue.sh [BUILD_DIR] or tests/run.sh catalogue.
. "$(dirname "$0")/../lib.sh"

M=man/streamxpert.1
# canon_list ARGS: --list-columns (with ARGS) in the compared form
canon_list() { "$SX" "$@" --list-columns | awk -v from=list -f tests/man-columns.awk; }
# canon_man LIST [FILE]: the man page's list LIST in the compared form
canon_man() { awk -v from=man -v list="$1" -f tests/man-columns.awk "${2:-$M}"; }

section "the man page's lists are --list-columns"
canon_list >"$T/list" && canon_man Column >"$T/man"
n=$(wc -l <"$T/list")
check "--list-columns gives the stream's columns ($n)" test "$n" -gt 60
check "every stream column of --list-columns in the man page, and no other" \
    diff "$T/list" "$T/man"
canon_list --summary >"$T/slist" && canon_man "Summary column" >"$T/sman"
n=$(wc -l <"$T/slist")
check "--summary --list-columns gives the summary's columns ($n)" \
    test "$n" -gt 30
check "every summary column in the man page, and no other" \
    diff "$T/slist" "$T/sman"
# the directions are folded in, not lost: every _fwd of the list is
# one of the man page's names with "also" or "only"
check "every _fwd column is accounted for" test "$("$SX" --list-columns |
    grep -c '^[a-z_]*_fwd	')" = "$(awk -F'\t' '$4 != ""' "$T/man" | wc -l)"

section "the comparison fails on a difference"
sed 's/^smallest tcp\.analysis\.ack_rtt, seconds/smallest tcp.analysis.ack_rtt in seconds/' \
    "$M" >"$T/m1"
check "a meaning changed in the man page is found" \
    test "$(canon_man Column "$T/m1" | cmp -s - "$T/list"; echo $?)" = 1
awk '/^\.BR dup_frames /{ skip = 1; next } skip && /^\.TP/{ skip = 0 } !skip' \
    "$M" >"$T/m2"
check "a column missing from the man page is found" \
    test "$(canon_man Column "$T/m2" | cmp -s - "$T/list"; echo $?)" = 1
"$SX" --list-columns | sed '/^rtt_max_rev	/d' |
    awk -v from=list -f tests/man-columns.awk >"$T/l3"
check "a direction missing from --list-columns is found" \
    test "$(cmp -s "$T/l3" "$T/man"; echo $?)" = 1
"$SX" --summary --list-columns | sed 's/	its src$/	its source/' |
    awk -v from=list -f tests/man-columns.awk >"$T/l4"
check "a summary meaning changed in --list-columns is found" \
    test "$(cmp -s "$T/l4" "$T/sman"; echo $?)" = 1

finish
