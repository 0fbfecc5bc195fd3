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
    bytes: lost upstream, lost downstream, or delivered (spurious, not
    loss).

MIDDLE2 (optional) is the capture streamxpert is given when it is not the
middle capture itself (a capture with frames removed): the
retransmissions counted are then those seen in MIDDLE2.

Prints the key check ("key: N data transmissions, D keys not unique")
and one line per connection and direction:
  dir SRC DST retrans_up_bytes retrans_down_bytes lost_up lost_down
(SRC and DST as addr:port; lost_* count transmissions of data.)
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
    out = collections.OrderedDict()
    for cap in (cli, srv):
        # the sender's own transmissions, in time order
        isn = {}
        fates = collections.defaultdict(Fates)
        for f in sorted(cap, key=lambda x: x[0]):
            if not sent_here(f, cap is cli) or f[5] == 0 and not f[6] & 3:
                continue
            d = (f[1], f[2])
            rec = out.setdefault(d, [0, 0, 0, 0])
            base = isn.setdefault(d, f[4])
            s = base + ((f[4] - base) & 0xffffffff)   # unwrapped
            s = s - (1 << 32) if s - base > (1 << 31) else s
            e = s + f[5] + ((f[6] & 2) != 0) + ((f[6] & 1) != 0)
            k = key(f)
            rcv = seen_at[id(cap)]   # the receiver's link
            if k not in seen_mid:
                fate = "up"
            elif k not in rcv:
                fate = "down"
            else:
                fate = "ok"
            if f[5] > 0:
                rec[2] += fate == "up"
                rec[3] += fate == "down"
            if f[5] > 0 and k in shown:
                for n, was in fates[d].lookup(s, e):
                    if was == "up":
                        rec[0] += n
                    elif was == "down":
                        rec[1] += n
            fates[d].set(s, e, fate)
    for (src, dst), r in out.items():
        print("dir\t%s\t%s\t%d\t%d\t%d\t%d" % (src, dst, r[0], r[1], r[2], r[3]))


CLIENT = "10.211.1."

if __name__ == "__main__":
    main(sys.argv)
