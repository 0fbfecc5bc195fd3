/* communityid.c - SHA-1 (FIPS 180-4), base64 (RFC 4648) and the
 * Community ID v1 flow hash built on them (communityid.h). */
#include "communityid.h"

#include <string.h>

static uint32_t
rol32(uint32_t x, unsigned n)
{
	return (x << n) | (x >> (32 - n));
}

/* One 64-byte block into the state: the 80 rounds of FIPS 180-4 6.1.2,
 * with the message schedule kept in a ring of 16 words. */
static void
sha1_block(uint32_t h[5], const unsigned char *p)
{
	static const uint32_t k[4] = {
		0x5a827999, 0x6ed9eba1, 0x8f1bbcdc, 0xca62c1d6
	};
	uint32_t w[16], a = h[0], b = h[1], c = h[2], d = h[3], e = h[4];
	uint32_t f, t;
	unsigned i;

	for (i = 0; i < 16; i++)
		w[i] = (uint32_t)p[4 * i] << 24 | (uint32_t)p[4 * i + 1] << 16 |
		    (uint32_t)p[4 * i + 2] << 8 | (uint32_t)p[4 * i + 3];
	for (i = 0; i < 80; i++) {
		if (i >= 16)
			w[i & 15] = rol32(w[(i + 13) & 15] ^ w[(i + 8) & 15] ^
			    w[(i + 2) & 15] ^ w[i & 15], 1);
		if (i < 20)
			f = (b & c) | (~b & d);            /* Ch */
		else if (i < 40 || i >= 60)
			f = b ^ c ^ d;                     /* Parity */
		else
			f = (b & c) | (b & d) | (c & d);   /* Maj */
		t = rol32(a, 5) + f + e + k[i / 20] + w[i & 15];
		e = d;
		d = c;
		c = rol32(b, 30);
		b = a;
		a = t;
	}
	h[0] += a;
	h[1] += b;
	h[2] += c;
	h[3] += d;
	h[4] += e;
}

void
sx_sha1_init(struct sx_sha1 *c)
{
	static const uint32_t iv[5] = {
		0x67452301, 0xefcdab89, 0x98badcfe, 0x10325476, 0xc3d2e1f0
	};

	memcpy(c->h, iv, sizeof(iv));
	c->bytes = 0;
	c->used = 0;
}

void
sx_sha1_update(struct sx_sha1 *c, const void *p, size_t n)
{
	const unsigned char *s = p;
	size_t take;

	c->bytes += n;
	while (n > 0) {
		if (c->used == 0 && n >= 64) {
			sha1_block(c->h, s);
			s += 64;
			n -= 64;
			continue;
		}
		take = 64 - c->used < n ? 64 - c->used : n;
		memcpy(c->block + c->used, s, take);
		c->used += take;
		s += take;
		n -= take;
		if (c->used == 64) {
			sha1_block(c->h, c->block);
			c->used = 0;
		}
	}
}

void
sx_sha1_final(struct sx_sha1 *c, unsigned char out[SX_SHA1_LEN])
{
	uint64_t bits = c->bytes * 8;
	unsigned i;

	/* 0x80, zeros up to 56 bytes into a block, the length in bits
	 * (64 bits, big-endian) */
	c->block[c->used++] = 0x80;
	if (c->used > 56) {
		memset(c->block + c->used, 0, 64 - c->used);
		sha1_block(c->h, c->block);
		c->used = 0;
	}
	memset(c->block + c->used, 0, 56 - c->used);
	for (i = 0; i < 8; i++)
		c->block[56 + i] = (unsigned char)(bits >> (56 - 8 * i));
	sha1_block(c->h, c->block);
	for (i = 0; i < SX_SHA1_LEN; i++)
		out[i] = (unsigned char)(c->h[i / 4] >> (24 - 8 * (i % 4)));
}

size_t
sx_base64(const unsigned char *p, size_t n, char *out)
{
	static const char alphabet[] =
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
	size_t i, o = 0;
	uint32_t v;

	for (i = 0; i + 3 <= n; i += 3) {
		v = (uint32_t)p[i] << 16 | (uint32_t)p[i + 1] << 8 | p[i + 2];
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = alphabet[(v >> 6) & 63];
		out[o++] = alphabet[v & 63];
	}
	if (n - i > 0) {
		/* one or two bytes left: two or three characters, then '=' */
		v = (uint32_t)p[i] << 16;
		if (n - i == 2)
			v |= (uint32_t)p[i + 1] << 8;
		out[o++] = alphabet[v >> 18];
		out[o++] = alphabet[(v >> 12) & 63];
		out[o++] = n - i == 2 ? alphabet[(v >> 6) & 63] : '=';
		out[o++] = '=';
	}
	out[o] = '\0';
	return o;
}

/* Whether the side a comes before b: the smaller address, or on equal
 * addresses the smaller port; equal sides keep their order. */
static int
comes_first(const struct sx_cid_end *a, const struct sx_cid_end *b,
    size_t alen)
{
	int c = memcmp(a->addr, b->addr, alen);

	return c < 0 || (c == 0 && a->port <= b->port);
}

int
sx_community_id(uint16_t seed, int af, const struct sx_cid_end *a,
    const struct sx_cid_end *b, uint8_t proto, int has_ports, char *out)
{
	unsigned char buf[2 + 16 + 16 + 2 + 4], digest[SX_SHA1_LEN];
	const struct sx_cid_end *lo = a, *hi = b;
	size_t alen, n = 0;
	struct sx_sha1 c;

	out[0] = '\0';
	if (af != 4 && af != 6)
		return -1;
	alen = af == 4 ? 4 : 16;
	if (!comes_first(a, b, alen)) {
		lo = b;
		hi = a;
	}
	buf[n++] = (unsigned char)(seed >> 8);
	buf[n++] = (unsigned char)seed;
	memcpy(buf + n, lo->addr, alen);
	n += alen;
	memcpy(buf + n, hi->addr, alen);
	n += alen;
	buf[n++] = proto;
	buf[n++] = 0;
	if (has_ports) {
		buf[n++] = (unsigned char)(lo->port >> 8);
		buf[n++] = (unsigned char)lo->port;
		buf[n++] = (unsigned char)(hi->port >> 8);
		buf[n++] = (unsigned char)hi->port;
	}
	sx_sha1_init(&c);
	sx_sha1_update(&c, buf, n);
	sx_sha1_final(&c, digest);
	out[0] = '1';
	out[1] = ':';
	sx_base64(digest, sizeof(digest), out + 2);
	return 0;
}
