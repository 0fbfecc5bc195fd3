#!/usr/bin/env python3
"""limits-check.py NAME KERNEL.tsv SX.tsv - streamxpert's limits of a lab
run against the kernel's own account of the same run (issue 22).

KERNEL.tsv: one record per sender socket (limits-traffic.c): role, dir
(up: the client sends, down: the server does), client port, server port,
elapsed, busy, rwnd_limited, sndbuf_limited, min_rtt (us), bytes acked.
SX.tsv: streamxpert -T tsv -e src,dst,diagnosis,round_trips and, per
direction, round_trips, transfer_time and the three shares.

The kernel's limit of a socket: latency when elapsed is at most 5 of its
min_rtt; else the largest of rwnd = rwnd_limited / elapsed, sender =
(elapsed - busy) / elapsed (not busy: nothing queued nor unacknowledged),
network = (busy - rwnd_limited) / elapsed (busy with the window open:
congestion window, bottleneck, a full send buffer).
streamxpert's limit of the direction: latency when the diagnosis says
latency_bound or the direction's round_trips are at most 5; else the
receiver_limited / sender_limited / network_limited finding that names
it; none without one.

Checks: every sender socket has its stream; the verdicts agree with the
kernel on >= 95 % of the sockets; and the scenario's own claims (below).
Prints a table, "ok: ..." and "FAIL: ..." lines; exit 1 on a failure.
"""
import sys

LAT = 5.0


def kernel_limit(k):
    e = k["elapsed"]
    if k["min_rtt"] > 0 and e <= LAT * k["min_rtt"]:
        return "latency", None
    sh = {
        "rwnd": k["rwnd"] / e,
        "sender": max(0.0, e - k["busy"]) / e,
        "network": max(0.0, k["busy"] - k["rwnd"]) / e,
    }
    return max(sh, key=sh.get), sh


def sx_limit(row, d):
    side, other = ("src", "dst") if d == "fwd" else ("dst", "src")
    diag = row["diagnosis"].split(",")
    rt = row["round_trips_" + d]
    if "latency_bound" in diag or (rt != "" and float(rt) <= LAT):
        return "latency"
    if "receiver_limited:" + other in diag:
        return "rwnd"
    if "sender_limited:" + side in diag:
        return "sender"
    if "network_limited:" + side in diag:
        return "network"
    return "none"


def share(row, d, name):
    v = row[name + "_limited_share_" + d]
    return float(v) if v != "" else None


def main():
    name, kfile, sxfile = sys.argv[1:4]
    fails = []
    kern = []
    with open(kfile) as f:
        for line in f:
            p = line.split("\t")
            kern.append({
                "role": p[0], "dir": p[1], "cport": int(p[2]),
                "sport": int(p[3]), "elapsed": float(p[4]),
                "busy": float(p[5]), "rwnd": float(p[6]),
                "sndbuf": float(p[7]), "min_rtt": float(p[8]),
                "bytes": int(p[9]),
            })
    rows = {}
    with open(sxfile) as f:
        head = f.readline().rstrip("\n").split("\t")
        for line in f:
            r = dict(zip(head, line.rstrip("\n").split("\t")))
            if not r["src"].startswith("10.211.1.1:"):
                continue
            key = (int(r["src"].rsplit(":", 1)[1]),
                   int(r["dst"].rsplit(":", 1)[1]))
            rows[key] = r
    agree = 0
    per = {}
    print("scenario\tsocket\tkernel_rwnd\tsx_rwnd\tkernel_notbusy\t"
          "sx_sender\tkernel_network\tsx_network\tkernel\tsx\tdiagnosis")
    for k in kern:
        r = rows.get((k["cport"], k["sport"]))
        sock = "%s:%d->%d %s" % (k["role"], k["cport"], k["sport"], k["dir"])
        if r is None:
            fails.append("%s: no stream in the capture" % sock)
            continue
        d = "fwd" if k["dir"] == "up" else "rev"
        kl, ksh = kernel_limit(k)
        sl = sx_limit(r, d)
        agree += kl == sl
        e = k["elapsed"]
        ks = ksh or {"rwnd": k["rwnd"] / e,
                     "sender": max(0.0, e - k["busy"]) / e,
                     "network": max(0.0, k["busy"] - k["rwnd"]) / e}

        def fmt(x):
            return "-" if x is None else "%.3f" % x
        print("%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s\t%s" % (
            name, sock, fmt(ks["rwnd"]), fmt(share(r, d, "rwnd")),
            fmt(ks["sender"]), fmt(share(r, d, "sender")),
            fmt(ks["network"]), fmt(share(r, d, "network")), kl, sl,
            r["diagnosis"]))
        per.setdefault(k["sport"], []).append((k, r, d, kl, sl, ks))
    n = len(kern)
    pct = 100.0 * agree / n if n else 0
    line = "%s: the verdict agrees with the kernel's dominant limit on " \
        "%d of %d sender sockets (%.1f %%)" % (name, agree, n, pct)
    if n and pct >= 95:
        print("ok: " + line)
    else:
        fails.append(line + ", not >= 95 %")
    claims(name, per, fails)
    for f in fails:
        print("FAIL: %s: %s" % (name, f))
    return 1 if fails else 0


def near(a, b):
    return a is not None and b is not None and abs(a - b) <= 0.10


def claims(name, per, fails):
    """The scenario's own claims, by server port."""
    def say(ok, what):
        if ok:
            print("ok: %s: %s" % (name, what))
        else:
            fails.append(what)
    if name == "limits-slowread":
        for k, r, d, kl, sl, ks in per.get(9001, []):
            sx = share(r, d, "rwnd")
            say(sl == "rwnd" and near(sx, ks["rwnd"]),
                "slow reader: receiver_limited:dst (got %s), "
                "rwnd_limited_share %s within 0.10 of the kernel's %.3f"
                % (r["diagnosis"], sx, ks["rwnd"]))
    if name == "limits-paced":
        for k, r, d, kl, sl, ks in per.get(9001, []):
            sx = share(r, d, "sender")
            say(sl == "sender" and near(sx, ks["sender"]),
                "10 kB every 100 ms: sender_limited:src (got %s), "
                "sender_limited_share %s within 0.10 of the kernel's "
                "not-busy share %.3f" % (r["diagnosis"], sx, ks["sender"]))
        for k, r, d, kl, sl, ks in per.get(9002, []):
            say("receiver_limited:dst" not in r["diagnosis"].split(","),
                "clean paced bulk: not receiver_limited (got %s)"
                % r["diagnosis"])
    if name == "limits-bottleneck":
        for k, r, d, kl, sl, ks in per.get(9001, []):
            say(sl == "network",
                "20 Mbit/s bottleneck: network_limited:src (got %s)"
                % r["diagnosis"])
    if name == "limits-rr":
        streams = {}
        for k, r, d, kl, sl, ks in per.get(9003, []):
            streams[k["cport"]] = r
        lat = sum("latency_bound" in r["diagnosis"].split(",")
                  for r in streams.values())
        n = len(streams)
        # the answers' senders are 40 ms beyond the capture point: their
        # ACKs reach them a round trip after the capture saw them. Per
        # socket the kernel's busy time is counted in jiffies (4 ms of a
        # 100 ms answer), and data the sender holds back (pacing, a
        # softirq run late on a loaded machine) is busy to the kernel and
        # nothing in flight to the capture: the mean is what is claimed
        far = [(share(r, d, "sender"), ks["sender"])
               for k, r, d, kl, sl, ks in per.get(9003, [])
               if k["role"] == "server"]
        diffs = [abs(a - b) for a, b in far if a is not None]
        mean = sum(diffs) / len(diffs) if diffs else 1.0
        say(far and len(diffs) == len(far) and mean <= 0.10,
            "answers sent 40 ms beyond the capture point: "
            "sender_limited_share within %.3f of the kernel's not-busy "
            "share on average over %d sockets (%d within 0.10; want a "
            "mean <= 0.10)" % (mean, len(far),
                               sum(x <= 0.10 for x in diffs)))
        say(n >= 45 and lat >= 0.9 * n,
            "short exchanges over a 40 ms RTT: latency_bound on %d of %d "
            "connections (%.0f %%, want >= 90 %%)"
            % (lat, n, 100.0 * lat / n if n else 0))


if __name__ == "__main__":
    sys.exit(main())
