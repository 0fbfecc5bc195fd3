/* pcapio.c - incremental pcap/pcapng block reader. */
#include "pcapio.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define PCAP_MAGIC_US 0xa1b2c3d4u
#define PCAP_MAGIC_NS 0xa1b23c4du
#define PCAPNG_SHB 0x0a0d0d0au
#define PCAPNG_BOM 0x1a2b3c4du
#define PCAPNG_IDB 0x00000001u
#define PCAPNG_PB 0x00000002u
#define PCAPNG_SPB 0x00000003u
#define PCAPNG_NRB 0x00000004u
#define PCAPNG_ISB 0x00000005u
#define PCAPNG_EPB 0x00000006u
#define PCAPNG_DSB 0x0000000au

/* Wireshark's standard limit on a captured packet. */
#define MAX_CAPLEN 262144u

void
sx_pcapio_init(struct sx_pcapio *r)
{
	memset(r, 0, sizeof(*r));
}

void
sx_pcapio_free(struct sx_pcapio *r)
{
	free(r->ifs);
	memset(r, 0, sizeof(*r));
}

/* Say why in r->err; returns -1. */
#define fail(r, ...) sx_errf((r)->err, sizeof((r)->err), __VA_ARGS__)

static uint32_t
le32(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[0] << 24;
}

/* Readers in the file's byte order: the first four bytes decide. */
static uint32_t
rd32(const struct sx_pcapio *r, const unsigned char *p)
{
	return r->swapped ? be32(p) : le32(p);
}

static uint16_t
rd16(const struct sx_pcapio *r, const unsigned char *p)
{
	return r->swapped ? (uint16_t)(p[0] << 8 | p[1]) :
	    (uint16_t)(p[1] << 8 | p[0]);
}

enum sx_pcap_format
sx_pcap_sniff(const unsigned char *p, size_t n)
{
	uint32_t m;

	if (n < 4)
		return SX_PCAP_UNKNOWN;
	m = le32(p);
	if (m == PCAP_MAGIC_US || m == PCAP_MAGIC_NS || be32(p) ==
	    PCAP_MAGIC_US || be32(p) == PCAP_MAGIC_NS)
		return SX_PCAP_PCAP;
	if (m == PCAPNG_SHB)
		return SX_PCAP_PCAPNG;
	return SX_PCAP_UNKNOWN;
}

/* The pcap file header (24 bytes). */
static int
pcap_header(struct sx_pcapio *r, const unsigned char *p, size_t n, int eof,
    struct sx_block *b, size_t *used, size_t *need)
{
	uint32_t lt;

	*need = 24;
	if (n < 24)
		return eof ? fail(r, "the file header is cut short") : 0;
	if (le32(p) == PCAP_MAGIC_US || le32(p) == PCAP_MAGIC_NS) {
		r->swapped = 0;
	} else {
		r->swapped = 1;
	}
	r->nsec = rd32(r, p) == PCAP_MAGIC_NS;
	if (rd16(r, p + 4) != 2 || rd16(r, p + 6) != 4)
		return fail(r, "pcap version %u.%u, not 2.4", rd16(r, p + 4),
		    rd16(r, p + 6));
	r->snaplen = rd32(r, p + 16);
	lt = rd32(r, p + 20);
	if (lt > 0xffff)
		return fail(r, "pcap link type field 0x%08lx has FCS or other "
		    "flag bits", (unsigned long)lt);
	r->nifs = 0;
	if (r->ifs_cap == 0) {
		r->ifs_cap = 4;
		r->ifs = sx_reallocarray(NULL, r->ifs_cap, sizeof(*r->ifs));
	}
	r->ifs[0].linktype = lt;
	r->ifs[0].snaplen = r->snaplen;
	r->ifs[0].units = r->nsec ? 1000000000u : 1000000u;
	r->ifs[0].ts_status = SX_TS_EXACT;
	r->nifs = 1;
	memset(b, 0, sizeof(*b));
	b->data = p;
	b->len = 24;
	b->kind = SX_BLK_HEADER;
	*used = 24;
	return 1;
}

/* A packet record or block b is read: one more packet, unusual if it
 * holds more than it could (snaplen 0: no limit). Returns 1. */
static int
packet_read(struct sx_pcapio *r, struct sx_block *b, uint32_t snaplen)
{
	if (b->caplen > MAX_CAPLEN || b->caplen > b->origlen ||
	    (snaplen != 0 && b->caplen > snaplen))
		b->unusual = 1;
	r->packets++;
	return 1;
}

static int
pcap_record(struct sx_pcapio *r, const unsigned char *p, size_t n, int eof,
    struct sx_block *b, size_t *used, size_t *need)
{
	uint32_t sec, frac, caplen, origlen;

	*need = 16;
	if (n < 16)
		return eof ? fail(r, "the capture is cut short in a record "
		    "header") : 0;
	sec = rd32(r, p);
	frac = rd32(r, p + 4);
	caplen = rd32(r, p + 8);
	origlen = rd32(r, p + 12);
	if (caplen > SX_PCAP_MAX_BLOCK)
		return fail(r, "a record of %lu bytes", (unsigned long)caplen);
	*need = 16 + (size_t)caplen;
	if (n < *need)
		return eof ? fail(r, "the capture is cut short in the middle "
		    "of a packet") : 0;
	memset(b, 0, sizeof(*b));
	b->data = p;
	b->len = *need;
	b->swapped = r->swapped;
	b->kind = SX_BLK_PACKET;
	b->linktype = r->ifs[0].linktype;
	b->pkt = p + 16;
	b->caplen = caplen;
	b->origlen = origlen;
	b->ts_status = SX_TS_EXACT;
	if (frac >= (r->nsec ? 1000000000u : 1000000u)) {
		b->ts_status = SX_TS_INEXACT;
		b->unusual = 1;
	}
	b->ts_ns = (int64_t)sec * 1000000000 +
	    (int64_t)frac * (r->nsec ? 1 : 1000);
	*used = b->len;
	return packet_read(r, b, r->snaplen);
}

/* Read the options of an IDB into ifc. */
static void
idb_options(struct sx_pcapio *r, const unsigned char *o, size_t n,
    struct sx_pcap_if *ifc)
{
	while (n >= 4) {
		uint16_t code = rd16(r, o), len = rd16(r, o + 2);
		size_t padded = ((size_t)len + 3) & ~(size_t)3;

		if (code == 0 || 4 + padded > n)
			break;
		if (code == 9 && len >= 1) {          /* if_tsresol */
			unsigned v = o[4] & 0x7f;
			uint64_t u = 1;
			unsigned i;

			if (o[4] & 0x80) {
				/* a power of 2: not exact in ns */
				ifc->ts_status = SX_TS_INEXACT;
				ifc->units = v < 64 ? (uint64_t)1 << v : 0;
			} else if (v > 9) {
				ifc->ts_status = SX_TS_INEXACT;
				ifc->units = 0;
			} else {
				for (i = 0; i < v; i++)
					u *= 10;
				ifc->units = u;
			}
		} else if (code == 14) {              /* if_tsoffset */
			ifc->ts_status = SX_TS_INEXACT;
		}
		o += 4 + padded;
		n -= 4 + padded;
	}
}

/* The frame of the next block: its type, and its length in *need.
 * Returns 1 when it is all there and sound, 0 for more bytes, -1. */
static int
pcapng_frame(struct sx_pcapio *r, const unsigned char *p, size_t n, int eof,
    uint32_t *type, size_t *need)
{
	uint32_t len, tail;

	*need = 12;
	if (n < 12)
		return eof ? fail(r, "the capture is cut short in a block "
		    "header") : 0;
	*type = le32(p);
	if (*type == PCAPNG_SHB) {
		/* The byte-order magic sets the order of this section. */
		if (le32(p + 8) == PCAPNG_BOM)
			r->swapped = 0;
		else if (be32(p + 8) == PCAPNG_BOM)
			r->swapped = 1;
		else
			return fail(r, "a section header block without the "
			    "byte-order magic");
	}
	*type = rd32(r, p);
	len = rd32(r, p + 4);
	if (len < 12 || len % 4 != 0 || len > SX_PCAP_MAX_BLOCK)
		return fail(r, "a block of impossible length %lu at offset "
		    "%llu", (unsigned long)len, (unsigned long long)r->offset);
	*need = len;
	if (n < len)
		return eof ? fail(r, "the capture is cut short in the middle "
		    "of a block") : 0;
	tail = rd32(r, p + len - 4);
	if (tail != len)
		return fail(r, "a block whose two lengths differ (%lu, %lu) "
		    "at offset %llu", (unsigned long)len, (unsigned long)tail,
		    (unsigned long long)r->offset);
	return 1;
}

/* An interface description block: one more interface. */
static int
pcapng_idb(struct sx_pcapio *r, const unsigned char *p, uint32_t len,
    struct sx_block *b)
{
	struct sx_pcap_if ifc;

	if (len < 20)
		return fail(r, "a short interface description block");
	memset(&ifc, 0, sizeof(ifc));
	ifc.linktype = rd16(r, p + 8);
	ifc.snaplen = rd32(r, p + 12);
	ifc.units = 1000000;
	ifc.ts_status = SX_TS_EXACT;
	idb_options(r, p + 16, len - 20, &ifc);
	r->ifs = sx_grow(r->ifs, &r->ifs_cap, r->nifs + 1, sizeof(*r->ifs), 4);
	r->ifs[r->nifs++] = ifc;
	b->kind = SX_BLK_HEADER;
	return 1;
}

/* An enhanced (or obsolete) packet block: a frame on an interface. */
static int
pcapng_epb(struct sx_pcapio *r, const unsigned char *p, uint32_t len,
    uint32_t type, struct sx_block *b)
{
	const struct sx_pcap_if *ifc;
	uint32_t ifid, hi, lo;
	uint64_t ts;

	if (len < 32)
		return fail(r, "a short packet block");
	ifid = type == PCAPNG_EPB ? rd32(r, p + 8) : rd16(r, p + 8);
	hi = rd32(r, p + 12);
	lo = rd32(r, p + 16);
	b->caplen = rd32(r, p + 20);
	b->origlen = rd32(r, p + 24);
	if (b->caplen > len - 32)
		return fail(r, "a packet block whose data runs past "
		    "its end at offset %llu",
		    (unsigned long long)r->offset);
	if (ifid >= r->nifs)
		return fail(r, "a packet on interface %lu, which is "
		    "not described", (unsigned long)ifid);
	ifc = &r->ifs[ifid];
	b->kind = SX_BLK_PACKET;
	b->ifid = ifid;
	b->linktype = ifc->linktype;
	b->pkt = p + 28;
	ts = (uint64_t)hi << 32 | lo;
	b->ts_status = ifc->ts_status;
	if (ifc->units == 0) {
		b->ts_status = SX_TS_INEXACT;
	} else if (b->ts_status == SX_TS_EXACT) {
		uint64_t s = ts / ifc->units, f = ts % ifc->units;

		if (s > (uint64_t)INT64_MAX / 1000000000 - 1)
			b->ts_status = SX_TS_INEXACT;
		else
			b->ts_ns = (int64_t)s * 1000000000 + (int64_t)
			    (f * (1000000000 / ifc->units));
	}
	return packet_read(r, b, ifc->snaplen);
}

/* A simple packet block: a frame on the first interface, no time. */
static int
pcapng_spb(struct sx_pcapio *r, const unsigned char *p, uint32_t len,
    struct sx_block *b)
{
	if (len < 16)
		return fail(r, "a short simple packet block");
	if (r->nifs == 0)
		return fail(r, "a simple packet block without an "
		    "interface");
	b->kind = SX_BLK_PACKET;
	b->linktype = r->ifs[0].linktype;
	b->origlen = rd32(r, p + 8);
	b->caplen = b->origlen;
	if (r->ifs[0].snaplen && b->caplen > r->ifs[0].snaplen)
		b->caplen = r->ifs[0].snaplen;
	if (b->caplen > len - 16)
		b->caplen = len - 16;
	b->pkt = p + 12;
	b->ts_status = SX_TS_NONE;
	r->packets++;
	return 1;
}

static int
pcapng_block(struct sx_pcapio *r, const unsigned char *p, size_t n, int eof,
    struct sx_block *b, size_t *used, size_t *need)
{
	uint32_t type = 0, len;
	int k;

	if ((k = pcapng_frame(r, p, n, eof, &type, need)) != 1)
		return k;
	len = (uint32_t)*need;
	memset(b, 0, sizeof(*b));
	b->data = p;
	b->len = len;
	b->type = type;
	b->swapped = r->swapped;
	*used = len;
	switch (type) {
	case PCAPNG_SHB:
		if (len < 28 || rd16(r, p + 12) != 1)
			return fail(r, "a section header block of version "
			    "%u", rd16(r, p + 12));
		r->nifs = 0;
		b->kind = SX_BLK_HEADER;
		return 1;
	case PCAPNG_IDB:
		return pcapng_idb(r, p, len, b);
	case PCAPNG_EPB:
	case PCAPNG_PB:
		return pcapng_epb(r, p, len, type, b);
	case PCAPNG_SPB:
		return pcapng_spb(r, p, len, b);
	case PCAPNG_NRB:
	case PCAPNG_ISB:
	case PCAPNG_DSB:
		b->kind = SX_BLK_META;
		return 1;
	default:
		b->kind = SX_BLK_OTHER;
		return 1;
	}
}

int
sx_pcapio_next(struct sx_pcapio *r, const unsigned char *p, size_t n,
    int eof, struct sx_block *b, size_t *used, size_t *need)
{
	int ret;

	*used = 0;
	*need = 0;
	if (r->format == SX_PCAP_UNKNOWN) {
		if (n < 4)
			return eof ? (n == 0 ? fail(r, "an empty file") :
			    fail(r, "not a capture file")) : 0;
		r->format = sx_pcap_sniff(p, n);
		if (r->format == SX_PCAP_UNKNOWN)
			return fail(r, "not a pcap or pcapng file");
		if (r->format == SX_PCAP_PCAP) {
			ret = pcap_header(r, p, n, eof, b, used, need);
			if (ret != 1)
				r->format = SX_PCAP_UNKNOWN;
			else
				r->offset += *used;
			return ret;
		}
	}
	if (n == 0 && eof)
		return 0;
	if (r->format == SX_PCAP_PCAP)
		ret = pcap_record(r, p, n, eof, b, used, need);
	else
		ret = pcapng_block(r, p, n, eof, b, used, need);
	if (ret == 1)
		r->offset += *used;
	return ret;
}

/* The largest captured length libwiretap expects of most link types. */
#define WTAP_LIKELY_MAX 262144u

const char *
sx_pcap_record_doubt(const unsigned char *filehdr,
    const unsigned char *rec)
{
	struct sx_pcapio r;
	uint32_t frac, caplen, origlen, snaplen;

	memset(&r, 0, sizeof(r));
	if (le32(filehdr) != PCAP_MAGIC_US && be32(filehdr) != PCAP_MAGIC_US)
		return NULL;   /* only the microsecond magic has variants */
	r.swapped = le32(filehdr) != PCAP_MAGIC_US;
	snaplen = rd32(&r, filehdr + 16);
	frac = rd32(&r, rec + 4);
	caplen = rd32(&r, rec + 8);
	origlen = rd32(&r, rec + 12);
	if (frac >= 1000000u)
		return "microseconds of a million or more";
	if (caplen > snaplen)
		return "a captured length above the snapshot length";
	if (caplen > origlen)
		return "a captured length above the length on the wire";
	if (caplen > WTAP_LIKELY_MAX || origlen > 128u * 1024 * 1024)
		return "a length too large for a packet";
	return NULL;
}

uint32_t
sx_pcap_record_caplen(const unsigned char *filehdr, const unsigned char *rec)
{
	struct sx_pcapio r;

	memset(&r, 0, sizeof(r));
	r.swapped = le32(filehdr) != PCAP_MAGIC_US &&
	    le32(filehdr) != PCAP_MAGIC_NS;
	return rd32(&r, rec + 8);
}

/* An unsigned 64-bit option value in the block's byte order. */
static uint64_t
opt64(const struct sx_block *b, const unsigned char *p)
{
	uint64_t v = 0;
	int i;

	for (i = 0; i < 8; i++)
		v |= (uint64_t)p[b->swapped ? 7 - i : i] << (8 * i);
	return v;
}

int
sx_pcapio_isb(const struct sx_block *b, struct sx_isb *isb)
{
	struct sx_pcapio r;
	const unsigned char *o, *end;
	uint16_t code, len;

	if (b->type != PCAPNG_ISB || b->len < 24)
		return 0;
	memset(isb, 0, sizeof(*isb));
	memset(&r, 0, sizeof(r));
	r.swapped = b->swapped;
	isb->ifid = rd32(&r, b->data + 8);
	o = b->data + 20;
	end = b->data + b->len - 4;
	while (end - o >= 4) {
		code = rd16(&r, o);
		len = rd16(&r, o + 2);
		o += 4;
		if (code == 0)          /* opt_endofopt */
			break;
		if ((size_t)(end - o) < ((size_t)len + 3) / 4 * 4)
			return -1;
		if ((code == 5 || code == 7) && len == 8) {
			if (code == 5) {
				isb->has_ifdrop = 1;
				isb->ifdrop = opt64(b, o);
			} else {
				isb->has_osdrop = 1;
				isb->osdrop = opt64(b, o);
			}
		}
		o += ((size_t)len + 3) / 4 * 4;
	}
	return 1;
}
