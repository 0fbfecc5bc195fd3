#!/usr/bin/python3
# prom-check.py PROM TSV FILE stream|capture - read streamxpert's
# Prometheus output with the Prometheus client library's own parser
# (Debian's python3-prometheus-client) and hold it against the TSV
# report of the same capture and columns: every number of the TSV is
# one sample of the metric its column names (COLUMN_total for counts,
# COLUMN_seconds for times, COLUMN_ratio for rates, COLUMN otherwise),
# an empty cell is no sample, the text columns are the labels of the
# _info gauge, and every sample's file label is FILE exactly (quotes,
# backslashes and newlines included). FILE * : a report of several
# captures, each sample's file label that of its TSV row's file column
# (plain names only: the TSV escapes odd ones). Prints what differs;
# exit 1 then.
import sys

from prometheus_client.parser import text_string_to_metric_families

prom_path, tsv_path, fname, mode = sys.argv[1:5]
prefix = "streamxpert_%s_" % mode
errors = []

with open(prom_path, encoding="utf-8") as f:
    families = list(text_string_to_metric_families(f.read()))

samples = {}   # (sample name, file, stream) -> (value, labels)
for fam in families:
    if not fam.name.startswith(prefix):
        errors.append("family %s lacks the prefix %s" % (fam.name, prefix))
    if fam.type not in ("counter", "gauge"):
        errors.append("family %s has type %s" % (fam.name, fam.type))
    if not fam.documentation:
        errors.append("family %s has no HELP" % fam.name)
    for s in fam.samples:
        if fam.type == "counter" and not s.name.endswith("_total"):
            errors.append("counter sample %s without _total" % s.name)
        sfile = s.labels.get("file")
        if fname != "*" and sfile != fname:
            errors.append("%s: file label %r, want %r" %
                          (s.name, sfile, fname))
        stream = s.labels.get("stream")
        if (stream is None) != (mode == "capture"):
            errors.append("%s: stream label %r in %s mode" %
                          (s.name, stream, mode))
        key = (s.name, sfile, stream)
        if key in samples:
            errors.append("sample %s file %r stream %s twice" % key)
        samples[key] = (s.value, s.labels)

with open(tsv_path, encoding="utf-8", newline="\n") as f:
    lines = f.read().split("\n")
header = lines[0].split("\t")
rows = [dict(zip(header, l.split("\t"))) for l in lines[1:] if l]
used = set()
for row in rows:
    stream = row.get("stream") if mode == "stream" else None
    rfile = row.get("file") if fname == "*" else fname
    info = None
    for col, cell in row.items():
        if col in ("file", "stream"):
            continue
        names = [prefix + col + suf for suf in ("_total", "_seconds",
                                                "_ratio", "")]
        found = [n for n in names if (n, rfile, stream) in samples]
        if len(found) > 1:
            errors.append("%s: several metrics %s" % (col, found))
            continue
        if found:
            value, _ = samples[(found[0], rfile, stream)]
            used.add((found[0], rfile, stream))
            try:
                want = float(cell)
            except ValueError:
                errors.append("%s stream %s: TSV %r, a sample %r" %
                              (col, stream, cell, value))
                continue
            if value != want:
                errors.append("%s stream %s: %r, TSV says %r" %
                              (found[0], stream, value, cell))
            continue
        # not a metric: empty cell (absent value) or a text label
        if info is None:
            info_key = (prefix + "info", rfile, stream)
            info = samples.get(info_key, (None, None))[1]
            used.add(info_key)
        try:
            float(cell)
            numeric = True
        except ValueError:
            numeric = False
        if cell == "":
            if info is not None and col in info and info[col] != "":
                errors.append("%s stream %s: label %r, TSV empty" %
                              (col, stream, info[col]))
        elif numeric and (info is None or col not in info):
            errors.append("%s stream %s: TSV %s but no sample" %
                          (col, stream, cell))
        elif info is None or info.get(col) != cell:
            errors.append("%s stream %s: label %r, TSV %r" %
                          (col, stream, None if info is None else
                           info.get(col), cell))
extra = set(samples) - used
if extra:
    errors.append("samples no TSV cell accounts for: %s" %
                  sorted(extra)[:5])
if not rows:
    errors.append("the TSV has no row: nothing was compared")
for e in errors[:20]:
    print("prom-check: %s: %s" % (prom_path, e))
sys.exit(1 if errors else 0)
