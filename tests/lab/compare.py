"""compare.py - streamxpert's loss location against the lab's truth.

  compare.py NAME TRUTH.txt SX.tsv
      per scenario: lost bytes upstream and downstream within 2 % of the
      truth plus SLACK bytes (upstream: of the truth less the bytes whose
      loss the middle capture holds no trace of, truth.py's tail_up, and
      those lost in bursts of over 32 frames, burst_up, up to the truth), loss findings of each stream and side as the truth
      supports (required where it charges resent bytes to the place,
      allowed where a transmission was lost there; not required where the
      middle capture holds no trace of the loss: truth.py's tail_up, a
      tail or a resending of bytes it had carried, of a sender whose IP
      IDs it had not shown numbered one by one) but for at most 2 % of
      the findings the truth requires (MISPLACED),
      dup_frames 0, gap_overflow 0 (streams with the same ends, a client
      port used again, are judged together: truth.py keys by the ends)
  compare.py --doubled NAME SX.tsv SX-DOUBLED.tsv FRAMES [TWINS]
      the doubled capture: at least 99 % of the FRAMES copies found, at
      most FRAMES + TWINS (frames the capture held twice unchanged), the
      loss columns of every stream as in the capture it was made from
  compare.py --thinned NAME TRUTH-THINNED.txt SX-THINNED.tsv REMOVED
      a capture with REMOVED frames taken out: no copies, no gap overflow,
      lost bytes (up + down) within 2 % of the truth counted on the
      frames left plus SLACK, plus the bytes of the frames removed (a
      removed original moves a loss from downstream to upstream, never
      more)

Why the slack. One run's figures are a few hundred resendings, and some
of them cannot be placed from one capture point: a resending whose
original and first resending were lost on the same side of the middle
link, while Linux interleaves resendings and new data in a recovery so
that the IP IDs skipped between them could be either; a receiver's ACK
whose D-SACK would show a resending needless, lost on its way. The
truth has noise of its own: now and then a capture point misses a frame
the next point saw. Over 26 runs of bulk and 23 of short (stop 33, the
rules of that stop) the byte totals were off by at most -1.2 % upstream
(against the truth less tail_up and burst_up) and +3.5 % (8,688 bytes, 6
segments) downstream, and at most 2 of about 230 findings of a run were
misplaced (1 run; 1 in 3 runs; 3 in one run before that stop's rule for
a tail lost after a resending). SLACK (four full-size segments) and
MISPLACED (2 %) keep such runs passing, while rules that misplace losses
wholesale (a share of every recovery) still fail.

SX*.tsv: streamxpert -T tsv -e COLS (see check-loss.sh). Prints "ok: ..."
and "FAIL: ..." lines and a "figures:" line; exit status 1 on a failure.
"""
import csv
import sys

LOSS = ["lost_upstream_bytes_fwd", "lost_upstream_bytes_rev",
        "lost_downstream_bytes_fwd", "lost_downstream_bytes_rev",
        "lost_upstream_fwd", "lost_upstream_rev", "lost_downstream_fwd",
        "lost_downstream_rev"]
fails = 0


def check(ok, what):
    global fails
    print(("ok: " if ok else "FAIL: ") + what)
    fails += not ok


def rows(path):
    with open(path) as fh:
        return list(csv.DictReader(fh, delimiter="\t"))


def truth(path):
    t = {}
    keyline = None
    for line in open(path):
        p = line.rstrip("\n").split("\t")
        if p[0] == "dir":
            t[(p[1], p[2])] = [int(x) for x in p[3:]]
        elif line.startswith("key:"):
            keyline = line.strip()
    return t, keyline


def total(rs, col):
    return sum(int(r[col] or 0) for r in rs)


# four full-size segments (MSS 1448 with timestamps) of one run's noise
SLACK = 4 * 1448
# the share of the findings the truth requires that may be misplaced
MISPLACED = 0.02


def near(rep, tru):
    return abs(rep - tru) <= 0.02 * tru + SLACK


def side_truth(t, r, side):
    a, b = (r["src"], r["dst"]) if side == 0 else (r["dst"], r["src"])
    return t.get((a, b), [0, 0, 0, 0, 0, 0])


def main_plain(name, tpath, spath):
    t, keyline = truth(tpath)
    check(keyline is not None and keyline.endswith(" 0 keys not unique"),
          "%s: %s" % (name, keyline))
    rs = rows(spath)
    tu = sum(v[0] for v in t.values())
    td = sum(v[1] for v in t.values())
    ru = total(rs, "lost_upstream_bytes_fwd") + total(rs, "lost_upstream_bytes_rev")
    rd = total(rs, "lost_downstream_bytes_fwd") + total(rs, "lost_downstream_bytes_rev")
    # the bytes whose loss the middle capture holds no trace of
    # (truth.py's tail_up) may be missed, as their findings may be; so
    # may those lost in a burst of over 32 frames (burst_up)
    tt = sum(v[4] for v in t.values())
    tb = sum(v[5] for v in t.values())
    check(0.98 * (tu - tt - tb) - SLACK <= ru <= 1.02 * tu + SLACK,
          "%s: lost bytes upstream %d, truth %d (%d of them without a trace "
          "at the middle link, %d lost in bursts of over 32 frames)"
          % (name, ru, tu, tt, tb))
    check(near(rd, td), "%s: lost bytes downstream %d, truth %d" % (name, rd, td))
    bad, hidden = [], []
    nfind = 0
    # a client port used again (tcp_tw_reuse) gives two streams the same
    # ends; the truth (by ends) holds both, so their findings are joined
    groups = {}
    for r in rs:
        k = (r["src"], r["dst"])
        if k in groups:
            groups[k]["diagnosis"] += "," + r["diagnosis"]
        else:
            groups[k] = dict(r)
    for r in groups.values():
        diag = set(r["diagnosis"].split(","))
        for side, who in ((0, "src"), (1, "dst")):
            tr = side_truth(t, r, side)
            for i, fi in ((0, "loss_upstream"), (1, "loss_downstream")):
                # required where the truth charges resent bytes to the
                # place; allowed where a transmission was lost there
                # (a segment lost after the capture point whose first
                # resending was lost before it: the second resending is
                # charged upstream, yet the loss downstream is real)
                want = tr[i] > 0
                may = want or tr[2 + i] > 0
                nfind += want
                got = "%s:%s" % (fi, who) in diag
                if want == got or (got and may):
                    continue
                what = "%s->%s %s:%s truth %d bytes, diagnosis %s" % (
                    r["src"], r["dst"], fi, who, tr[i], r["diagnosis"])
                # lost upstream only in sendings the middle capture holds
                # no trace of (truth.py's tail_up: a tail or bytes it had
                # carried, so no hole, and no IP ID shown missing):
                # undecidable from the middle link, where the resending
                # looks like a first sending or a first resending
                if i == 0 and want and tr[4] + tr[5] >= tr[0]:
                    hidden.append(what)
                else:
                    bad.append(what)
    allowed = int(MISPLACED * nfind)
    check(len(bad) <= allowed, "%s: loss findings of %d streams as the "
          "truth supports (%d findings, %d misplaced, at most %d allowed)%s"
          % (name, len(groups), nfind, len(bad), allowed,
             "".join("\n    " + b for b in bad[:10])))
    print("note: %s: %d side(s) whose only upstream loss the middle "
          "capture holds no trace of or was in a burst of over 32 frames, "
          "not found (undecidable there)%s" % (
              name, len(hidden), "".join("\n    " + h for h in hidden[:10])))
    dups = total(rs, "dup_frames")
    ovf = total(rs, "gap_overflow")
    check(dups == 0, "%s: dup_frames %d on a capture without copies" % (name, dups))
    check(ovf == 0, "%s: gap_overflow %d" % (name, ovf))
    print("figures: %s lost_up_bytes truth %d reported %d; lost_down_bytes "
          "truth %d reported %d; gap_overflow %d; dup_frames %d; streams %d"
          % (name, tu, ru, td, rd, ovf, dups, len(rs)))


def by_ends(rs):
    return {(r["src"], r["dst"]): r for r in rs}


def main_doubled(name, spath, dpath, nframes, twins):
    a, b = by_ends(rows(spath)), by_ends(rows(dpath))
    dups = sum(int(r["dup_frames"] or 0) for r in b.values())
    pct = 100.0 * dups / nframes if nframes else 0
    # (twins: frames the capture already held twice unchanged, which
    # count as copies too once the stream shows copies)
    check(dups <= nframes + twins and pct >= 99.0,
          "%s doubled: %d of %d copies found (%.2f %%; %d frames sent twice "
          "unchanged)" % (name, dups, nframes, pct, twins))
    diff = [k for k in a if k not in b or
            any(a[k][c] != b[k][c] for c in LOSS + ["gap_overflow"])]
    check(not diff and len(a) == len(b),
          "%s doubled: loss columns of %d streams as in the capture it was "
          "made from%s" % (name, len(a), "".join(
              "\n    %s->%s %s / %s" % (k[0], k[1],
                                      [a[k][c] for c in LOSS],
                                      [b[k][c] for c in LOSS] if k in b else None)
              for k in diff[:5])))
    print("figures: %s doubled copies %d of %d (%.2f %%)" % (name, dups, nframes, pct))


def main_thinned(name, tpath, spath, removed_bytes):
    t, _ = truth(tpath)
    rs = rows(spath)
    tl = sum(v[0] + v[1] for v in t.values())
    # no trace at the middle link, or lost in a burst
    tt = sum(v[4] + v[5] for v in t.values())
    rl = sum(total(rs, c) for c in LOSS[:4])
    check(0.98 * (tl - tt) - SLACK <= rl <= tl + removed_bytes + 0.02 * tl + SLACK,
          "%s thinned: lost bytes %d, truth on the frames left %d (+ at most "
          "%d bytes removed)" % (name, rl, tl, removed_bytes))
    check(total(rs, "dup_frames") == 0, "%s thinned: dup_frames 0" % name)
    check(total(rs, "gap_overflow") == 0, "%s thinned: gap_overflow 0" % name)


if __name__ == "__main__":
    if sys.argv[1] == "--doubled":
        main_doubled(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]),
                     int(sys.argv[6]) if len(sys.argv) > 6 else 0)
    elif sys.argv[1] == "--thinned":
        main_thinned(sys.argv[2], sys.argv[3], sys.argv[4], int(sys.argv[5]))
    else:
        main_plain(sys.argv[1], sys.argv[2], sys.argv[3])
    sys.exit(1 if fails else 0)
