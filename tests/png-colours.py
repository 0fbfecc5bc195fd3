#!/usr/bin/python3
"""png-colours.py PNG WIDTH HEIGHT NAME=RRGGBB... - check a screenshot:
its size, and that each named colour covers at least 20 pixels (within a
small tolerance, for anti-aliasing). Reads 8-bit RGB or RGBA PNGs, not
interlaced (what Chromium writes), with the standard library only.
Prints the count of each colour; exit status 1 if one is missing."""
import struct
import sys
import zlib


def rows(path):
    data = open(path, 'rb').read()
    if data[:8] != b'\x89PNG\r\n\x1a\n':
        sys.exit('%s: not a PNG' % path)
    pos, idat, w = 8, b'', None
    while pos < len(data):
        n, kind = struct.unpack('>I4s', data[pos:pos + 8])
        body = data[pos + 8:pos + 8 + n]
        if kind == b'IHDR':
            w, h, depth, ctype, _, _, inter = struct.unpack('>IIBBBBB', body)
            if depth != 8 or ctype not in (2, 6) or inter:
                sys.exit('%s: not 8-bit RGB(A), or interlaced' % path)
            bpp = 3 if ctype == 2 else 4
        elif kind == b'IDAT':
            idat += body
        pos += 12 + n
    raw = zlib.decompress(idat)
    stride = w * bpp
    prev = bytearray(stride)
    out = []
    for y in range(h):
        f = raw[y * (stride + 1)]
        cur = bytearray(raw[y * (stride + 1) + 1:(y + 1) * (stride + 1)])
        for i in range(stride):
            a = cur[i - bpp] if i >= bpp else 0
            b = prev[i]
            c = prev[i - bpp] if i >= bpp else 0
            if f == 1:
                cur[i] = (cur[i] + a) & 255
            elif f == 2:
                cur[i] = (cur[i] + b) & 255
            elif f == 3:
                cur[i] = (cur[i] + (a + b) // 2) & 255
            elif f == 4:
                p = a + b - c
                pa, pb, pc = abs(p - a), abs(p - b), abs(p - c)
                pr = a if pa <= pb and pa <= pc else b if pb <= pc else c
                cur[i] = (cur[i] + pr) & 255
        out.append(cur)
        prev = cur
    return w, h, bpp, out


def main():
    path, want_w, want_h = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    w, h, bpp, img = rows(path)
    bad = 0
    if (w, h) != (want_w, want_h):
        print('FAIL: %s is %dx%d, not %dx%d' % (path, w, h, want_w, want_h))
        bad = 1
    seen = {}
    for row in img:
        for i in range(0, len(row), bpp):
            px = bytes(row[i:i + 3])
            seen[px] = seen.get(px, 0) + 1
    for spec in sys.argv[4:]:
        name, hexrgb = spec.split('=')
        rgb = bytes.fromhex(hexrgb)
        n = sum(c for px, c in seen.items()
                if all(abs(px[k] - rgb[k]) <= 6 for k in range(3)))
        print('%s #%s: %d pixels' % (name, hexrgb, n))
        if n < 20:
            print('FAIL: %s (#%s) is not in %s' % (name, hexrgb, path))
            bad = 1
    white = seen.get(b'\xff\xff\xff', 0)
    if white > 0.995 * w * h:
        print('FAIL: %s is blank' % path)
        bad = 1
    return bad


if __name__ == '__main__':
    sys.exit(main())
