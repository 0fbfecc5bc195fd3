#!/usr/bin/python3
# pcapng-isb.py IN.pcap OUT.pcapng [options] - rewrite a classic pcap
# (microsecond, little-endian, as tests/mkcap.c writes) as pcapng with
# what a capture says about itself, for the capture-trust tests:
#   --be               big-endian sections
#   --isb IF:IFDROP[:OSDROP]   an interface statistics block for
#                      interface IF at the end (repeatable; a later one
#                      for the same interface supersedes: counters are
#                      cumulative); OSDROP "-" leaves isb_osdrop out
#   --interfaces N     N interface description blocks (frames on #0)
#   --sections K       the frames and blocks repeated in K sections
#   --snap N           every frame cut to N captured bytes (its length on
#                      the wire kept)
#   --back I           frame I (1-based) stamped one second before the one
#                      before it
# Written here, independently of streamxpert's reader (pcapio.c).
import struct
import sys

args = sys.argv[1:]
src, dst = args[0], args[1]
be, isbs, nif, sections, snap, back = False, [], 1, 1, None, None
i = 2
while i < len(args):
    a = args[i]
    if a == "--be":
        be = True
    elif a == "--isb":
        i += 1
        parts = args[i].split(":")
        isbs.append((int(parts[0]), int(parts[1]),
                     None if len(parts) < 3 or parts[2] == "-"
                     else int(parts[2])))
    elif a == "--interfaces":
        i += 1
        nif = int(args[i])
    elif a == "--sections":
        i += 1
        sections = int(args[i])
    elif a == "--snap":
        i += 1
        snap = int(args[i])
    elif a == "--back":
        i += 1
        back = int(args[i])
    else:
        sys.exit("pcapng-isb.py: unknown option " + a)
    i += 1
E = ">" if be else "<"

with open(src, "rb") as f:
    data = f.read()
magic, = struct.unpack("<I", data[:4])
assert magic == 0xA1B2C3D4, "a little-endian microsecond pcap"
linktype, = struct.unpack("<I", data[20:24])
frames = []
off = 24
while off + 16 <= len(data):
    sec, usec, caplen, origlen = struct.unpack("<IIII", data[off:off + 16])
    frames.append([sec * 1000000 + usec, data[off + 16:off + 16 + caplen],
                   origlen])
    off += 16 + caplen
if back is not None:
    frames[back - 1][0] = frames[back - 2][0] - 1000000


def block(btype, body):
    pad = (-len(body)) % 4
    total = 12 + len(body) + pad
    return (struct.pack(E + "II", btype, total) + body + b"\0" * pad +
            struct.pack(E + "I", total))


def option(code, value):
    pad = (-len(value)) % 4
    return struct.pack(E + "HH", code, len(value)) + value + b"\0" * pad


out = []
for s in range(sections):
    out.append(block(0x0A0D0D0A, struct.pack(E + "IHHq", 0x1A2B3C4D, 1, 0,
                                             -1)))
    for n in range(nif):
        out.append(block(1, struct.pack(E + "HHI", linktype, 0, 262144)))
    for ts, pkt, origlen in frames:
        if snap is not None and len(pkt) > snap:
            pkt = pkt[:snap]
        out.append(block(6, struct.pack(E + "IIIII", 0, ts >> 32,
                                        ts & 0xFFFFFFFF, len(pkt), origlen) +
                         pkt))
    for ifid, ifdrop, osdrop in isbs:
        opts = option(4, struct.pack(E + "Q", len(frames)))
        opts += option(5, struct.pack(E + "Q", ifdrop))
        if osdrop is not None:
            opts += option(7, struct.pack(E + "Q", osdrop))
        opts += option(0, b"")
        ts = frames[-1][0]
        out.append(block(5, struct.pack(E + "III", ifid, ts >> 32,
                                        ts & 0xFFFFFFFF) + opts))
with open(dst, "wb") as f:
    f.write(b"".join(out))
