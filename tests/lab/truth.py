"""truth.py - where each lab packet was lost, from the three captures.

  truth.py CLIENT.pcap MIDDLE.pcap SERVER.pcap [MIDDLE2.pcap]

Reads every TCP frame of the three captures with tshark -T fields (raw
header fields only, no analysis flags) and matches transmissions across
them by the key (IP ID, sequence number, payload length, TSval) within
one direction of one connection. Nothing here uses streamxpert's rules:

  * a data transmission seen at its sender's link and not on the middle
    link was lost before the capture point (upstream); seen on the
    middle link and not at the receiver's link, lost after it
    (downstream);
  * each data frame of the middle capture whose bytes were sent before
    (at the sender, earlier in time) is a retransmission; its bytes are
    charged to the fate of the latest earlier transmission of the same
    bytes, the loss that made it necessary: lost upstream, lost
    downstream, or delivered (spurious, not loss). (Charged to the first
    sending instead, a resending after two losses would count where the
    first was lost.)

MIDDLE2 (optional) is the capture streamxpert is given when it is not the
middle capture itself (a capture with frames removed): the
retransmissions counted are then those seen in MIDDLE2.

Prints the key check ("key: N data transmissions, D keys not unique")
and one line per connection and direction:
  dir SRC DST retrans_up_bytes retrans_down_bytes lost_up lost_down tail_up
      burst_up
(SRC and DST as addr:port; lost_* count transmissions of data; tail_up:
the part of retrans_up_bytes that the middle capture holds no trace of
having been lost: resent at or above the highest sequence number the
middle link had carried from that sender (a tail: no later data on the
middle link opened a hole), or resending only bytes the middle link had
carried before (a segment lost after it whose next resending was lost
before it: no hole either, the resending seen looks like the first
resending of a loss downstream), by a sender whose IP IDs the middle link
had not shown numbered one by one before it (nowhere before the
resending do nine frames of that direction in a row step +1 eight
times, as streamxpert requires: a counter shared by all of a host's
connections steps +1 a few times in a row, so fewer are no proof and
a number missing is then no sign of a frame not seen). Such a resending looks on the
middle link like a first sending after a pause; only the sender's link
shows it was not. burst_up: the part of retrans_up_bytes whose earlier
transmission was lost before the middle link in a burst, more than 32
frames of its sender in a row (pure ACKs too) that the middle link did
not carry: streamxpert reads an IP ID step that long as frames delivered
late, not as frames lost, and trusts the IP IDs again only after eight
more steps of 1 (diag.h), so it may miss such losses, though most open
a hole and are counted: lost in bursts of 34 to 89 frames, 2 runs of
48 reported 5.6 % and 20 % less upstream than the truth.)
"""
import bisect
import collections
import subprocess
import sys

FIELDS = ["frame.time_epoch", "ip.src", "tcp.srcport", "ip.dst",
          "tcp.dstport", "ip.id", "tcp.seq_raw", "tcp.len", "tcp.flags",
          "tcp.options.timestamp.tsval"]


def frames(path):
    cmd = ["tshark", "-n", "-r", path, "-Y", "tcp", "-T", "fields",
           "-E", "occurrence=f"]
    for f in FIELDS:
        cmd += ["-e", f]
    out = subprocess.run(cmd, check=True, capture_output=True, text=True).stdout
    for line in out.splitlines():
        t, src, sp, dst, dp, ipid, seq, ln, fl, tsv = line.split("\t")
        yield (float(t), "%s:%s" % (src, sp), "%s:%s" % (dst, dp),
               int(ipid, 16), int(seq), int(ln), int(fl, 16), tsv)


def key(fr):
    return (fr[1], fr[2], fr[3], fr[4], fr[5], fr[7])


class Fates:
    """The fate of the latest transmission of each byte: a sorted list of
    disjoint intervals [start, end) of unwrapped sequence numbers."""

    def __init__(self):
        self.start, self.end, self.fate = [], [], []

    def lookup(self, s, e):
        """[(bytes, fate)] for the parts of [s, e) sent before."""
        res = []
        i = max(bisect.bisect_right(self.start, s) - 1, 0)
        while i < len(self.start) and self.start[i] < e:
            lo, hi = max(s, self.start[i]), min(e, self.end[i])
            if hi > lo:
                res.append((hi - lo, self.fate[i]))
            i += 1
        return res

    def set(self, s, e, fate):
        if not self.start or s >= self.end[-1]:   # new data: at the end
            self.start.append(s), self.end.append(e), self.fate.append(fate)
            return
        i = max(bisect.bisect_right(self.start, s) - 1, 0)
        j = i
        keep = []
        while j < len(self.start) and self.start[j] < e:
            if self.start[j] < s < self.end[j]:
                keep.append((self.start[j], s, self.fate[j]))
            elif self.start[j] < s:
                keep.append((self.start[j], self.end[j], self.fate[j]))
            if self.end[j] > e:
                keep.append((e, self.end[j], self.fate[j]))
            j += 1
        keep.append((s, e, fate))
        keep.sort()
        self.start[i:j] = [k[0] for k in keep]
        self.end[i:j] = [k[1] for k in keep]
        self.fate[i:j] = [k[2] for k in keep]


def sent_here(f, client_link):
    """Whether frame f of the client (or server) link's capture was sent
    by the host on that link."""
    return f[1].startswith(CLIENT) == client_link


def main(argv):
    cli, mid, srv = (list(frames(p)) for p in argv[1:4])
    seen_mid = collections.Counter(key(f) for f in mid)
    shown = seen_mid
    if len(argv) > 4:
        shown = collections.Counter(key(f) for f in frames(argv[4]))
    seen_at = {id(cli): collections.Counter(key(f) for f in srv),
               id(srv): collections.Counter(key(f) for f in cli)}
    # the key check: among the data frames each sender sent
    ndata = nonunique = 0
    for cap in (cli, srv):
        sent = collections.Counter(key(f) for f in cap
                                   if f[5] > 0 and sent_here(f, cap is cli))
        ndata += sum(sent.values())
        nonunique += sum(n - 1 for n in sent.values() if n > 1)
    print("key: %d data transmissions, %d keys not unique" % (ndata, nonunique))
    # the middle link's IP IDs per direction, in capture order
    mid_ids = collections.defaultdict(list)
    mid_pos = {}
    for f in mid:
        d = (f[1], f[2])
        mid_pos.setdefault(key(f), (d, len(mid_ids[d])))
        mid_ids[d].append(f[3])

    # where each direction's IP IDs first step +1 RUN times in a row on
    # the middle link
    RUN = 8
    est = {}
    for d, v in mid_ids.items():
        n = 0
        for j in range(1, len(v)):
            n = n + 1 if (v[j] - v[j - 1]) & 0xffff == 1 else 0
            if n == RUN:
                est[d] = j
                break

    def numbered(k):
        """The middle link had shown k's sender numbering its frames one
        by one before k."""
        d, i = mid_pos[k]
        return d in est and est[d] < i

    # each sender's frames lost before the middle link in a burst of
    # more than BURST frames in a row of its direction (pure ACKs too: a
    # counter numbers them all): streamxpert reads such an IP ID step as
    # frames delivered late, not as frames not seen (diag.h)
    BURST = 32
    burst = set()
    for cap in (cli, srv):
        runs = collections.defaultdict(list)
        for f in sorted(cap, key=lambda x: x[0]):
            if not sent_here(f, cap is cli):
                continue
            d = (f[1], f[2])
            if key(f) in seen_mid:
                if len(runs[d]) > BURST:
                    burst.update(runs[d])
                runs[d] = []
            else:
                runs[d].append(key(f))
        for r in runs.values():
            if len(r) > BURST:
                burst.update(r)

    out = collections.OrderedDict()
    for cap in (cli, srv):
        # the sender's own transmissions, in time order
        isn = {}
        mid_hi = {}
        fates = collections.defaultdict(Fates)
        carried = collections.defaultdict(Fates)   # seen on the middle link
        for f in sorted(cap, key=lambda x: x[0]):
            if not sent_here(f, cap is cli) or f[5] == 0 and not f[6] & 3:
                continue
            d = (f[1], f[2])
            rec = out.setdefault(d, [0, 0, 0, 0, 0, 0])
            base = isn.setdefault(d, f[4])
            s = base + ((f[4] - base) & 0xffffffff)   # unwrapped
            s = s - (1 << 32) if s - base > (1 << 31) else s
            e = s + f[5] + ((f[6] & 2) != 0) + ((f[6] & 1) != 0)
            k = key(f)
            rcv = seen_at[id(cap)]   # the receiver's link
            if k not in seen_mid:
                fate = "burst" if k in burst else "up"
            elif k not in rcv:
                fate = "down"
            else:
                fate = "ok"
            if f[5] > 0:
                rec[2] += fate in ("up", "burst")
                rec[3] += fate == "down"
            if f[5] > 0 and k in shown:
                nohole = s >= mid_hi.get(d, s) or sum(
                    n for n, _ in carried[d].lookup(s, e)) >= e - s
                for n, was in fates[d].lookup(s, e):
                    if was == "burst":
                        rec[0] += n
                        rec[5] += n
                    elif was == "up":
                        rec[0] += n
                        rec[4] += n if nohole and (
                            k not in mid_pos or not numbered(k)) else 0
                    elif was == "down":
                        rec[1] += n
            fates[d].set(s, e, fate)
            if k in seen_mid:
                mid_hi[d] = max(mid_hi.get(d, e), e)
                carried[d].set(s, e, "mid")
    for (src, dst), r in out.items():
        print("dir\t%s\t%s\t%d\t%d\t%d\t%d\t%d\t%d" % (src, dst, *r))


CLIENT = "10.211.1."

if __name__ == "__main__":
    main(sys.argv)
