#!/usr/bin/python3
"""phases-check.py PAGE REPORT [RAW] - the limit phases shaded in an HTML
report (-T html) against the report's own limit columns, and, with RAW,
against Wireshark's tcp.analysis.window_full.

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
shading; every rectangle has a <title>.

RAW     tshark -T fields -e tcp.stream -e frame.time_epoch -e tcp.srcport
        -e tcp.len -e tcp.analysis.window_full of the same capture
Where the sender fills the receiver's window (Wireshark's window_full:
the data in flight, from the receiver's last ACK to the end of this
segment, is all the window it advertised) not one more full segment
fits, so the time that follows is the receiver window's. For every such
frame of a shaded direction, at its time (from the stream's first
frame): the time-sequence graph's rectangle there (data-span-ns, the
stretch it stands for) is phase-rwnd, or downsampled, its time column
holds some phase-rwnd time. At least 90 % of the frames must agree (the
sender learns the window an upstream round trip after the capture
point; the report's ACKs wait that long, Wireshark's do not), and in
every graph the shaded stretches of different limits never overlap.
Prints one line per failure and a summary; exit status 1 if any failed.
"""
import re
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


def raw_full(path):
    """{stream: (t0, [(t, srcport)] of its window_full data frames)}"""
    t0, full = {}, {}
    for line in open(path):
        f = line.rstrip('\n').split('\t')
        if len(f) < 5 or not f[0] or not f[1]:
            continue
        # exactly, in ns (a float of the epoch is off by ~0.2 us)
        sec, _, frac = f[1].partition('.')
        s = int(f[0].split(',')[0])
        t = int(sec) * 10**9 + int((frac + '000000000')[:9])
        t0[s] = min(t0.get(s, t), t)
        if f[4] and f[3] and int(f[3]) > 0:
            full.setdefault(s, []).append((t, int(f[2].split(',')[0])))
    return {s: (t0[s], full.get(s, [])) for s in t0}


def spans(g):
    """the rectangles of a phases group: (class, from_ns, to_ns, title)"""
    out = []
    for r in g.iter(SVG + 'rect'):
        a, b = (int(x) for x in r.get('data-span-ns').split())
        t = r.find(SVG + 'title')
        out.append((r.get('class'), a, b, '' if t is None else t.text))
    return out


def overlaps(v):
    """stretches of different limits that overlap (exact graphs only)"""
    v = sorted((a, b, c) for c, a, b, t in v if 'downsampled' not in t)
    return [(p, q) for p, q in zip(v, v[1:]) if q[0] < p[1] and
            q[2] != p[2]]


def full_check(name, g, stream, raw, fails):
    """window_full frames of this direction against the rwnd shading;
    returns (frames, agreeing)"""
    v = spans(g)
    for p, q in overlaps(v):
        fails.append('%s: %s [%d, %d) overlaps %s [%d, %d)' %
                     (name, p[2], p[0], p[1], q[2], q[0], q[1]))
    if raw is None or stream not in raw or not v:
        return 0, 0
    m = re.search(r':(\d+)\]? to .*:(\d+)\]?$', v[0][3])
    sport = int(m.group(1))
    t0, full = raw[stream]
    n = ok = 0
    for t, port in full:
        if port != sport:
            continue
        ns = t - t0
        n += 1
        here = [c for c, a, b, _ in v if a <= ns < b]
        ok += 'phase-rwnd' in here
    return n, ok


def main():
    page, rep = sys.argv[1], sys.argv[2]
    raw = raw_full(sys.argv[3]) if len(sys.argv) > 3 else None
    want = report(rep)
    fails, graphs, rects, nfull, okfull = [], 0, 0, 0, 0
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
            if 'tseq' in kind:
                n, ok = full_check(name, mine[0], s, raw, fails)
                nfull, okfull = nfull + n, okfull + ok
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
    if nfull and okfull < 0.9 * nfull:
        fails.append('%d of %d window_full frames in receiver window time'
                     % (okfull, nfull))
    for f in fails:
        print('FAIL: ' + f)
    full = ''
    if raw is not None:
        full = ', %d of %d window_full frames in receiver window time' % (
            okfull, nfull)
    print('%d graphs, %d shaded rectangles%s, %d failures' %
          (graphs, rects, full, len(fails)))
    return 1 if fails else 0


if __name__ == '__main__':
    sys.exit(main())
