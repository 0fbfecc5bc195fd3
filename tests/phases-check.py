#!/usr/bin/python3
"""phases-check.py PAGE REPORT - the limit phases shaded in an HTML report
(-T html) against the report's own limit columns.

PAGE    the HTML report (polyglot: it parses as XML)
REPORT  streamxpert -T tsv -e stream,rwnd_limited_time_fwd,
        sender_limited_time_fwd,network_limited_time_fwd,
        rwnd_limited_time_rev,sender_limited_time_rev,
        network_limited_time_rev of the same capture

For every time-sequence graph (one per data direction) and every
throughput graph (shaded for one direction, its phases group's data-dir)
of a stream: per class (phase-rwnd, phase-sender, phase-network) the
shaded widths in pixels, turned into seconds by the graph's own scale
(data-px-per-s), add up to the report's column for that stream and
direction within the drawing's rounding (the widths printed to 0.001 px,
the report to 1 us), and so does the exact time each rectangle carries
(data-ns); a direction whose columns are empty or all zero has no
shading; every rectangle has a <title>. Prints one line per failure and
a summary; exit status 1 if any failed.
"""
import sys
import xml.etree.ElementTree as ET

SVG = '{http://www.w3.org/2000/svg}'
CLASSES = ['phase-rwnd', 'phase-sender', 'phase-network']
COLS = ['rwnd_limited_time', 'sender_limited_time', 'network_limited_time']


def report(path):
    rows = [l.rstrip('\n').split('\t') for l in open(path)]
    head = rows[0]
    want = {}
    for r in rows[1:]:
        s = int(r[head.index('stream')])
        for d in ('fwd', 'rev'):
            v = [r[head.index(c + '_' + d)] for c in COLS]
            want[(s, d)] = None if '' in v else [float(x) for x in v]
    return want


def main():
    page, rep = sys.argv[1], sys.argv[2]
    want = report(rep)
    fails, graphs, rects = [], 0, 0
    root = ET.parse(page).getroot()
    for svg in root.iter(SVG + 'svg'):
        kind = svg.get('class', '').split()
        if 'tseq' not in kind and 'throughput' not in kind:
            continue
        s = int(svg.get('data-stream'))
        groups = [g for g in svg.iter(SVG + 'g')
                  if g.get('class') == 'phases']
        if 'tseq' in kind:
            dirs = [svg.get('data-dir')]
        else:
            dirs = [g.get('data-dir') for g in groups] or []
        for d in dirs:
            graphs += 1
            name = 'stream %d %s %s' % (s, d, kind[1])
            w = want.get((s, d))
            mine = [g for g in groups if g.get('data-dir') == d]
            if w is None or sum(w) == 0:
                if mine:
                    fails.append('%s: shaded, but the report has %s' %
                                 (name, w))
                continue
            if len(mine) != 1:
                fails.append('%s: %d phase groups, not 1' % (name, len(mine)))
                continue
            pxps = float(mine[0].get('data-px-per-s'))
            for cls, col in zip(CLASSES, w):
                rs = [r for r in mine[0].iter(SVG + 'rect')
                      if r.get('class') == cls]
                rects += len(rs)
                width = sum(float(r.get('width')) for r in rs)
                ns = sum(int(r.get('data-ns')) for r in rs)
                if any(r.find(SVG + 'title') is None for r in rs):
                    fails.append('%s %s: a rectangle without a title' %
                                 (name, cls))
                # the widths: each printed to 0.001 px
                tol = (len(rs) * 0.0005 + 1e-6) / pxps + 5e-7
                if abs(width / pxps - col) > tol:
                    fails.append('%s %s: widths %.9f s, report %.6f s' %
                                 (name, cls, width / pxps, col))
                if abs(ns / 1e9 - col) > 5.01e-7:
                    fails.append('%s %s: data-ns %.9f s, report %.6f s' %
                                 (name, cls, ns / 1e9, col))
    for f in fails:
        print('FAIL: ' + f)
    print('%d graphs, %d shaded rectangles, %d failures' %
          (graphs, rects, len(fails)))
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
