#!/bin/bash
# thresholds.sh - --fail-if: exit 1 exactly when crossed, the alert column and
# marks, precedence over damage, --summary thresholds, usage errors.
# Runs alone as tests/it/thresholds.sh [BUILD_DIR] or tests/run.sh thresholds.
. "$(dirname "$0")/../lib.sh"

section "thresholds"
R=testdata/retransmission.pcap
max=$("$SX" -T tsv --no-header -e retransmission "$R" | sort -n | tail -1)
run "$T/th.tsv" "$T/th.err" -T tsv --fail-if "retransmission>$max" "$R"
check "--fail-if retransmission>$max (the maximum): not crossed, exit 0 (got $rc)" test "$rc" = 0
check "--fail-if not crossed: the alert column is empty" \
    test -z "$(awk -F'\t' 'NR > 1 { print $NF }' "$T/th.tsv" | tr -d '\n')"
run "$T/th.tsv" "$T/th.err" -T tsv --fail-if "retransmission>=$max" "$R"
check "--fail-if retransmission>=$max: crossed, exit 1 (got $rc)" test "$rc" = 1
check "--fail-if: exactly the rows at the maximum are marked" \
    awk -F'\t' -v m="$max" 'NR > 1 { if (($5 >= m) != ($NF == "retransmission>=" m)) bad++ } END { exit bad > 0 }' "$T/th.tsv"
run "$T/th.txt" "$T/th.err" --fail-if "retransmission>=$max" "$R"
check "--fail-if: the table marks rows with !" grep -q "!retransmission>=$max" "$T/th.txt"
run "$T/th.json" "$T/th.err" -T json --fail-if "frames>0" --fail-if "rtt_max>100" "$R"
check "--fail-if in JSON: an alert key with the conditions crossed" \
    test "$(jq -r '.streams[0].alert' "$T/th.json")" = "frames>0"
D="$T/dir"
mkdir -p "$D"
cp testdata/rst.pcap testdata/truncated.pcap "$D/"
run "$T/th.tsv" "$T/th.err" -T tsv --fail-if "frames>0" "$D" "$T/missing.pcap"
check "--fail-if crossed and a missing file: threshold (1) wins over damage (3) (got $rc)" test "$rc" = 1
run "$T/th.tsv" "$T/th.err" --summary -T tsv --fail-if "retrans_rate>0" "$R" testdata/handshake-close.pcap
check "--summary --fail-if: exit 1, only the capture with retransmissions marked" \
    test "$rc" = 1 -a "$(awk -F'\t' 'NR > 1 && $NF != "" { print $1 }' "$T/th.tsv")" = "$R"
run "$T/th.tsv" "$T/th.err" --fail-if "src>1" "$R"
check "--fail-if on a text column: usage error (got $rc)" test "$rc" = 2
run "$T/th.tsv" "$T/th.err" --fail-if "retransmission>1e3" "$R"
check "--fail-if with a number that is not plain decimal: usage error (got $rc)" test "$rc" = 2

finish
