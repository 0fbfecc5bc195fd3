#!/usr/bin/python3
# prom-check.py PROM TSV [LABEL=VALUE] - read streamxpert's Prometheus
# output with the Prometheus client library's own parser (Debian's
# python3-prometheus-client) and hold it against the --summary TSV of
# the same captures (one row per capture, plain file names): each count
# column NAME is a counter streamxpert_NAME_total equal to the column's
# sum over the rows; streamxpert_captures_total, _partial_total and
# _failed_total count the rows by status; the latest capture that was
# read (the greatest modification time, from os.stat here; the later
# row on ties) gives every streamxpert_last_capture_NAME gauge (an empty
# cell: NaN) and streamxpert_last_capture_timestamp_seconds. Every
# sample carries exactly the label LABEL=VALUE (none when not given),
# but streamxpert_last_run_timestamp_seconds, which has none. Nothing
# else may be there: no file label, no stream number. Prints what
# differs; exit 1 then.
import math
import os
import sys

from prometheus_client.parser import text_string_to_metric_families

prom_path, tsv_path = sys.argv[1:3]
want_labels = dict([sys.argv[3].split("=", 1)]) if len(sys.argv) > 3 else {}
# the summary's columns that are not counts (everything else is)
NOT_COUNTS = {"file", "status", "retrans_rate", "worst_stream", "worst_src",
              "worst_dst", "worst_retrans_rate", "alert", "capture_quality"}
TEXT = {"file", "status", "worst_stream", "worst_src", "worst_dst", "alert",
        "capture_quality"}
errors = []

with open(prom_path, encoding="utf-8") as f:
    families = list(text_string_to_metric_families(f.read()))
got = {}
for fam in families:
    if fam.type not in ("counter", "gauge"):
        errors.append("family %s has type %s" % (fam.name, fam.type))
    if not fam.documentation:
        errors.append("family %s has no HELP" % fam.name)
    for s in fam.samples:
        if s.name == "streamxpert_last_run_timestamp_seconds":
            if s.labels:
                errors.append("%s has labels %r" % (s.name, s.labels))
        elif s.labels != want_labels:
            errors.append("%s: labels %r, want %r" % (s.name, s.labels,
                                                      want_labels))
        if fam.type == "counter" and not s.name.endswith("_total"):
            errors.append("counter sample %s without _total" % s.name)
        if s.name in got:
            errors.append("sample %s twice" % s.name)
        got[s.name] = s.value

with open(tsv_path, encoding="utf-8", newline="\n") as f:
    lines = f.read().split("\n")
header = lines[0].split("\t")
rows = [dict(zip(header, l.split("\t"))) for l in lines[1:] if l]

want = {"streamxpert_captures_total": len(rows),
        "streamxpert_captures_partial_total":
            sum(r["status"] == "partial" for r in rows),
        "streamxpert_captures_failed_total":
            sum(r["status"] == "failed" for r in rows)}
for col in header:
    if col not in NOT_COUNTS:
        # (an empty cell, a number not known, adds nothing)
        want["streamxpert_%s_total" % col] = sum(int(r[col] or 0)
                                                 for r in rows)
latest, latest_ns = None, None
for r in rows:
    if r["status"] == "failed":
        continue
    ns = os.stat(r["file"]).st_mtime_ns
    if latest_ns is None or ns >= latest_ns:
        latest, latest_ns = r, ns
if latest is not None:
    want["streamxpert_last_capture_timestamp_seconds"] = latest_ns / 1e9
    for col in header:
        if col in TEXT:
            continue
        name = "streamxpert_last_capture_%s%s" % (
            col, "_ratio" if col.endswith("rate") else "")
        want[name] = float(latest[col]) if latest[col] != "" else math.nan

for name, value in want.items():
    if name not in got:
        errors.append("%s missing (want %r)" % (name, value))
    elif isinstance(value, float) and math.isnan(value):
        if not math.isnan(got[name]):
            errors.append("%s: %r, want NaN" % (name, got[name]))
    elif abs(got[name] - value) > (2e-6 if "timestamp" in name else 0.5e-6):
        errors.append("%s: %r, want %r" % (name, got[name], value))
for name in got:
    if name not in want and name != "streamxpert_last_run_timestamp_seconds":
        errors.append("%s: a sample no TSV column accounts for" % name)
if "streamxpert_last_run_timestamp_seconds" not in got:
    errors.append("streamxpert_last_run_timestamp_seconds missing")

for e in errors[:20]:
    print("prom-check: " + e)
sys.exit(1 if errors else 0)
