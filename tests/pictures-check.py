#!/usr/bin/python3
"""pictures-check.py PAGE RAW REPORT - check the graphs of an HTML report
(-T html) against tshark's own fields, independently of streamxpert.

PAGE    the HTML report (it must parse as XML: the page is polyglot)
RAW     tshark -T fields -E occurrence=a -e tcp.stream -e frame.number
        -e tcp.seq_raw -e tcp.len -e tcp.analysis.retransmission
        -e tcp.analysis.fast_retransmission
        -e tcp.analysis.spurious_retransmission
        -e tcp.analysis.zero_window -e tcp.analysis.duplicate_ack
REPORT  streamxpert -T tsv -e stream,retransmission,fast_retransmission,
        spurious_retransmission,zero_window,duplicate_ack of the capture

Per stream drawn whole (data-downsampled="0"), the marks of its
time-sequence graphs must number what tshark flags and what the report
counts (retrans, fast, spurious, zerowin, dupack), and the data bars
(class seg) must be exactly the stream's frames with tcp.len > 0, each
with tshark's tcp.seq_raw and tcp.len. With --all, every stream tshark
saw must be drawn. Prints one line per failure; exit status 1 if any.
"""
import re
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
KINDS = ['retrans', 'fast', 'spurious', 'zerowin', 'dupack']
SEG = re.compile(r'frame\.number == (\d+): seq -?\d+, (\d+) bytes '
                 r'\(tcp\.seq_raw (\d+)\)')


def raw_counts(path):
    """tshark's view: per stream, the flag counts and the data frames."""
    counts, segs = {}, {}
    for line in open(path, encoding='utf-8', errors='replace'):
        f = line.rstrip('\n').split('\t')
        if len(f) < 9 or f[0] == '':
            continue
        streams = f[0].split(',')
        for k, s in enumerate(streams):
            if s in streams[:k]:
                continue          # a stream once a frame
            s = int(s)
            c = counts.setdefault(s, dict.fromkeys(KINDS, 0))
            for kind, v in zip(KINDS, f[4:9]):
                if v != '':
                    c[kind] += 1
            seq = f[2].split(',')
            ln = f[3].split(',')
            if k < len(seq) and k < len(ln) and ln[k].isdigit() and \
                    seq[k].isdigit() and int(ln[k]) > 0:
                segs.setdefault(s, {})[int(f[1])] = (int(seq[k]), int(ln[k]))
    return counts, segs


def report_counts(path):
    rows = [l.rstrip('\n').split('\t') for l in open(path)]
    head = rows[0]
    want = ['retransmission', 'fast_retransmission',
            'spurious_retransmission', 'zero_window', 'duplicate_ack']
    idx = [head.index(w) for w in want]
    out = {}
    for r in rows[1:]:
        out[int(r[head.index('stream')])] = dict(
            zip(KINDS, (int(r[i]) for i in idx)))
    return out


def page_marks(path):
    """Per stream: mark counts, data bars, whether downsampled."""
    root = ET.parse(path).getroot()
    marks, bars, down, drawn = {}, {}, {}, set()
    for det in root.iter('{http://www.w3.org/1999/xhtml}details'):
        drawn.add(int(det.get('data-stream')))
    for svg in root.iter(SVG + 'svg'):
        s = int(svg.get('data-stream'))
        drawn.add(s)
        if 'tseq' not in svg.get('class').split():
            continue
        down[s] = down.get(s, False) or svg.get('data-downsampled') == '1'
        c = marks.setdefault(s, dict.fromkeys(KINDS, 0))
        b = bars.setdefault(s, {})
        for el in svg.iter():
            cls = (el.get('class') or '').split()
            t = el.find(SVG + 'title')
            for kind in KINDS:
                if kind in cls:
                    c[kind] += 1
            if 'seg' in cls:
                m = SEG.search(t.text if t is not None else '')
                if m is None:
                    print('FAIL: stream %d: a data bar without its frame, '
                          'length and raw sequence number: %r'
                          % (s, t.text if t is not None else None))
                    continue
                b[int(m.group(1))] = (int(m.group(3)), int(m.group(2)))
    return marks, bars, down, drawn


def main():
    args = [a for a in sys.argv[1:] if a != '--all']
    every = '--all' in sys.argv
    counts, segs = raw_counts(args[1])
    report = report_counts(args[2])
    marks, bars, down, drawn = page_marks(args[0])
    bad = 0
    if every and set(counts) - drawn:
        print('FAIL: streams not drawn: %s' % sorted(set(counts) - drawn)[:10])
        bad += 1
    for s in sorted(drawn):
        zero = dict.fromkeys(KINDS, 0)
        if down.get(s):
            continue
        got = marks.get(s, zero)
        if got != counts.get(s, zero) or got != report.get(s, zero):
            print('FAIL: stream %d: marks %s, tshark %s, report %s'
                  % (s, got, counts.get(s), report.get(s)))
            bad += 1
        if bars.get(s, {}) != segs.get(s, {}):
            a, b = bars.get(s, {}), segs.get(s, {})
            diff = sorted(set(a.items()) ^ set(b.items()))[:4]
            print('FAIL: stream %d: data bars differ from tshark '
                  '(frame, (seq_raw, len)): %s' % (s, diff))
            bad += 1
    print('%d streams drawn, %d whole, %d marks, %d bars checked'
          % (len(drawn), sum(1 for s in drawn if not down.get(s)),
             sum(sum(c.values()) for c in marks.values()),
             sum(len(b) for b in bars.values())))
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
