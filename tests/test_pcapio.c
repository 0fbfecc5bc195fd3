/* test_pcapio.c - the pcap/pcapng block reader. */
#include "testlib.h"

#include "pcapio.h"

/* Byte writers in a chosen order. */
static void
put16(struct sx_buf *b, int be, unsigned v)
{
	unsigned char c[2];

	c[be ? 0 : 1] = (unsigned char)(v >> 8);
	c[be ? 1 : 0] = (unsigned char)v;
	sx_buf_add(b, c, 2);
}

static void
put32(struct sx_buf *b, int be, uint32_t v)
{
	if (be) {
		put16(b, 1, v >> 16);
		put16(b, 1, v & 0xffff);
	} else {
		put16(b, 0, v & 0xffff);
		put16(b, 0, v >> 16);
	}
}

static void
pcap_hdr(struct sx_buf *b, int be, int ns, uint32_t linktype)
{
	put32(b, be, ns ? 0xa1b23c4du : 0xa1b2c3d4u);
	put16(b, be, 2);
	put16(b, be, 4);
	put32(b, be, 0);
	put32(b, be, 0);
	put32(b, be, 65535);
	put32(b, be, linktype);
}

static void
pcap_rec(struct sx_buf *b, int be, uint32_t sec, uint32_t frac,
    const char *data, uint32_t len)
{
	put32(b, be, sec);
	put32(b, be, frac);
	put32(b, be, len);
	put32(b, be, len);
	sx_buf_add(b, data, len);
}

/* Read every block of [p, p + n) at once; returns the count, -1 on error.
 * Stores up to 8 blocks. */
static int
read_all(struct sx_pcapio *r, const unsigned char *p, size_t n,
    struct sx_block *out)
{
	size_t off = 0, used, need;
	struct sx_block b;
	int k = 0, ret;

	while ((ret = sx_pcapio_next(r, p + off, n - off, 1, &b, &used,
	    &need)) == 1) {
		if (k < 8)
			out[k] = b;
		k++;
		off += used;
	}
	return ret < 0 ? -1 : k;
}

static void
test_pcap_both_orders(void **state)
{
	int be;

	(void)state;
	for (be = 0; be <= 1; be++) {
		struct sx_buf b = { 0 };
		struct sx_pcapio r;
		struct sx_block blk[8];

		pcap_hdr(&b, be, 0, 1);
		pcap_rec(&b, be, 100, 250000, "abcd", 4);
		pcap_rec(&b, be, 101, 999999, "xy", 2);
		sx_pcapio_init(&r);
		assert_int_equal(read_all(&r, (unsigned char *)b.data, b.len,
		    blk), 3);
		assert_int_equal(r.format, SX_PCAP_PCAP);
		assert_int_equal(r.swapped, be);
		assert_int_equal(blk[0].kind, SX_BLK_HEADER);
		assert_int_equal(blk[0].len, 24);
		assert_int_equal(blk[1].kind, SX_BLK_PACKET);
		assert_int_equal(blk[1].linktype, 1);
		assert_true(blk[1].ts_ns == 100250000000LL);
		assert_int_equal(blk[1].ts_status, SX_TS_EXACT);
		assert_int_equal(blk[1].caplen, 4);
		assert_memory_equal(blk[1].pkt, "abcd", 4);
		assert_int_equal(blk[1].len, 20);
		assert_ptr_equal(blk[1].data, b.data + 24);
		assert_true(blk[2].ts_ns == 101999999000LL);
		assert_int_equal(blk[2].unusual, 0);
		sx_pcapio_free(&r);
		sx_buf_free(&b);
	}
}

static void
test_pcap_nanoseconds(void **state)
{
	struct sx_buf b = { 0 };
	struct sx_pcapio r;
	struct sx_block blk[8];

	(void)state;
	pcap_hdr(&b, 1, 1, 101);
	pcap_rec(&b, 1, 7, 123456789, "q", 1);
	pcap_rec(&b, 1, 7, 1000000000, "q", 1);   /* fraction too big */
	sx_pcapio_init(&r);
	assert_int_equal(read_all(&r, (unsigned char *)b.data, b.len, blk),
	    3);
	assert_int_equal(r.nsec, 1);
	assert_int_equal(blk[1].linktype, 101);
	assert_true(blk[1].ts_ns == 7123456789LL);
	assert_int_equal(blk[1].ts_status, SX_TS_EXACT);
	assert_int_equal(blk[2].ts_status, SX_TS_INEXACT);
	assert_int_equal(blk[2].unusual, 1);
	sx_pcapio_free(&r);
	sx_buf_free(&b);
}

/* pcapng writers */
static void
ng_block(struct sx_buf *b, int be, uint32_t type, const struct sx_buf *body)
{
	size_t pad = (4 - body->len % 4) % 4;
	uint32_t len = (uint32_t)(12 + body->len + pad);

	put32(b, be, type);
	put32(b, be, len);
	sx_buf_add(b, body->data, body->len);
	sx_buf_add(b, "\0\0\0", pad);
	put32(b, be, len);
}

static void
ng_shb(struct sx_buf *b, int be)
{
	struct sx_buf body = { 0 };

	put32(&body, be, 0x1a2b3c4du);
	put16(&body, be, 1);
	put16(&body, be, 0);
	put32(&body, be, 0xffffffffu);
	put32(&body, be, 0xffffffffu);
	ng_block(b, be, 0x0a0d0d0au, &body);
	sx_buf_free(&body);
}

/* An IDB; tsresol < 0: no option. */
static void
ng_idb(struct sx_buf *b, int be, unsigned linktype, int tsresol)
{
	struct sx_buf body = { 0 };

	put16(&body, be, linktype);
	put16(&body, be, 0);
	put32(&body, be, 0);
	if (tsresol >= 0) {
		unsigned char v = (unsigned char)tsresol;

		put16(&body, be, 9);
		put16(&body, be, 1);
		sx_buf_add(&body, &v, 1);
		sx_buf_add(&body, "\0\0\0", 3);
		put16(&body, be, 0);
		put16(&body, be, 0);
	}
	ng_block(b, be, 1, &body);
	sx_buf_free(&body);
}

static void
ng_epb(struct sx_buf *b, int be, uint32_t ifid, uint64_t ts,
    const char *data, uint32_t len)
{
	struct sx_buf body = { 0 };

	put32(&body, be, ifid);
	put32(&body, be, (uint32_t)(ts >> 32));
	put32(&body, be, (uint32_t)ts);
	put32(&body, be, len);
	put32(&body, be, len);
	sx_buf_add(&body, data, len);
	while (body.len % 4)
		sx_buf_addc(&body, 0);
	ng_block(b, be, 6, &body);
	sx_buf_free(&body);
}

static void
test_pcapng_sections_and_interfaces(void **state)
{
	struct sx_buf b = { 0 };
	struct sx_pcapio r;
	struct sx_block blk[8];
	struct sx_buf nrb = { 0 };

	(void)state;
	/* section 1, little-endian: Ethernet at microseconds, Linux cooked
	 * at nanoseconds */
	ng_shb(&b, 0);
	ng_idb(&b, 0, 1, -1);
	ng_idb(&b, 0, 113, 9);
	ng_epb(&b, 0, 1, 5000000000123ull, "hello", 5);
	put32(&nrb, 0, 0);    /* an empty name resolution block */
	ng_block(&b, 0, 4, &nrb);
	/* section 2, big-endian: one raw-IP interface at milliseconds */
	ng_shb(&b, 1);
	ng_idb(&b, 1, 101, 3);
	ng_epb(&b, 1, 0, 1500, "abc", 3);
	sx_pcapio_init(&r);
	{
		size_t off = 0, used, need;
		struct sx_block x;
		int k = 0;

		while (sx_pcapio_next(&r, (unsigned char *)b.data + off,
		    b.len - off, 1, &x, &used, &need) == 1) {
			if (k < 8)
				blk[k] = x;
			k++;
			off += used;
			if (k == 4) {
				assert_int_equal(r.nifs, 2);
			}
		}
		assert_int_equal(k, 8);
		assert_int_equal(off, b.len);
	}
	assert_int_equal(blk[0].kind, SX_BLK_HEADER);
	assert_int_equal(blk[1].kind, SX_BLK_HEADER);
	assert_int_equal(blk[2].kind, SX_BLK_HEADER);
	assert_int_equal(blk[3].kind, SX_BLK_PACKET);
	assert_int_equal(blk[3].linktype, 113);
	assert_int_equal(blk[3].ifid, 1);
	assert_true(blk[3].ts_ns == 5000000000123LL);
	assert_int_equal(blk[3].caplen, 5);
	assert_memory_equal(blk[3].pkt, "hello", 5);
	assert_int_equal(blk[4].kind, SX_BLK_META);
	assert_int_equal(blk[5].kind, SX_BLK_HEADER);
	assert_int_equal(blk[6].kind, SX_BLK_HEADER);
	assert_int_equal(blk[7].kind, SX_BLK_PACKET);
	assert_int_equal(blk[7].linktype, 101);
	assert_true(blk[7].ts_ns == 1500000000LL);
	assert_int_equal(blk[7].ts_status, SX_TS_EXACT);
	assert_int_equal(r.swapped, 1);
	assert_int_equal(r.nifs, 1);   /* the new section's table */
	sx_pcapio_free(&r);
	sx_buf_free(&b);
	sx_buf_free(&nrb);
}

static void
test_pcapng_inexact_and_bad_interface(void **state)
{
	struct sx_buf b = { 0 };
	struct sx_pcapio r;
	struct sx_block blk[8];

	(void)state;
	ng_shb(&b, 0);
	ng_idb(&b, 0, 1, 0x80 | 20);   /* 2^-20 s */
	ng_epb(&b, 0, 0, 1, "a", 1);
	sx_pcapio_init(&r);
	assert_int_equal(read_all(&r, (unsigned char *)b.data, b.len, blk),
	    3);
	assert_int_equal(blk[2].ts_status, SX_TS_INEXACT);
	sx_pcapio_free(&r);

	ng_epb(&b, 0, 3, 1, "a", 1);   /* interface 3 does not exist */
	sx_pcapio_init(&r);
	assert_int_equal(read_all(&r, (unsigned char *)b.data, b.len, blk),
	    -1);
	assert_non_null(strstr(r.err, "interface 3"));
	sx_pcapio_free(&r);
	sx_buf_free(&b);
}

/* Fed a byte at a time, the reader asks for more until a block is whole,
 * and at the end of a file cut short it says so. */
static void
test_incremental_and_truncated(void **state)
{
	struct sx_buf b = { 0 };
	struct sx_pcapio r;
	struct sx_block x;
	size_t off = 0, avail = 0, used, need;
	int blocks = 0, ret;

	(void)state;
	ng_shb(&b, 1);
	ng_idb(&b, 1, 1, -1);
	ng_epb(&b, 1, 0, 77, "0123456789", 10);
	ng_epb(&b, 1, 0, 78, "0123456789", 10);
	sx_pcapio_init(&r);
	while (avail <= b.len) {
		ret = sx_pcapio_next(&r, (unsigned char *)b.data + off,
		    avail - off, 0, &x, &used, &need);
		assert_true(ret >= 0);
		if (ret == 1) {
			blocks++;
			off += used;
			continue;
		}
		avail++;
	}
	assert_int_equal(blocks, 4);
	sx_pcapio_free(&r);

	/* the last block lacks its final 3 bytes */
	sx_pcapio_init(&r);
	off = 0;
	blocks = 0;
	while ((ret = sx_pcapio_next(&r, (unsigned char *)b.data + off,
	    b.len - 3 - off, 1, &x, &used, &need)) == 1) {
		blocks++;
		off += used;
	}
	assert_int_equal(ret, -1);
	assert_int_equal(blocks, 3);
	assert_non_null(strstr(r.err, "cut short"));
	sx_pcapio_free(&r);

	/* pcap: the last record's data is cut short */
	sx_buf_reset(&b);
	pcap_hdr(&b, 0, 0, 1);
	pcap_rec(&b, 0, 1, 2, "abcdef", 6);
	pcap_rec(&b, 0, 1, 3, "abcdef", 6);
	sx_pcapio_init(&r);
	off = 0;
	blocks = 0;
	while ((ret = sx_pcapio_next(&r, (unsigned char *)b.data + off,
	    b.len - 1 - off, 1, &x, &used, &need)) == 1) {
		blocks++;
		off += used;
	}
	assert_int_equal(ret, -1);
	assert_int_equal(blocks, 2);
	assert_non_null(strstr(r.err, "middle of a packet"));
	sx_pcapio_free(&r);
	sx_buf_free(&b);
}

static void
test_garbage(void **state)
{
	static const unsigned char gz[] = { 0x1f, 0x8b, 0x08, 0x00, 0, 0 };
	static const unsigned char text[] = "just some text\n";
	struct sx_buf b = { 0 };
	struct sx_pcapio r;
	struct sx_block blk[8];

	(void)state;
	assert_int_equal(sx_pcap_sniff(gz, sizeof(gz)), SX_PCAP_UNKNOWN);
	sx_pcapio_init(&r);
	assert_int_equal(read_all(&r, gz, sizeof(gz), blk), -1);
	sx_pcapio_free(&r);
	sx_pcapio_init(&r);
	assert_int_equal(read_all(&r, text, sizeof(text) - 1, blk), -1);
	sx_pcapio_free(&r);

	/* a pcapng block whose trailing length disagrees */
	ng_shb(&b, 0);
	ng_idb(&b, 0, 1, -1);
	b.data[b.len - 4] ^= 4;
	sx_pcapio_init(&r);
	assert_int_equal(read_all(&r, (unsigned char *)b.data, b.len, blk),
	    -1);
	assert_non_null(strstr(r.err, "lengths differ"));
	sx_pcapio_free(&r);

	/* an impossible block length */
	sx_buf_reset(&b);
	ng_shb(&b, 0);
	put32(&b, 0, 6);
	put32(&b, 0, 7);
	put32(&b, 0, 7);
	sx_pcapio_init(&r);
	assert_int_equal(read_all(&r, (unsigned char *)b.data, b.len, blk),
	    -1);
	assert_non_null(strstr(r.err, "impossible length"));
	sx_pcapio_free(&r);

	/* pcap 2.3 is not read */
	sx_buf_reset(&b);
	pcap_hdr(&b, 0, 0, 1);
	b.data[6] = 3;
	sx_pcapio_init(&r);
	assert_int_equal(read_all(&r, (unsigned char *)b.data, b.len, blk),
	    -1);
	sx_pcapio_free(&r);
	sx_buf_free(&b);
}

/* The record headers libwiretap takes as a sign of a pcap variant. */
/* An ISB of interface ifid with isb_ifdrop and, when osdrop is not
 * ~0, isb_osdrop; a comment first (an option to step over). */
static void
ng_isb(struct sx_buf *b, int be, uint32_t ifid, uint64_t ifdrop,
    uint64_t osdrop)
{
	struct sx_buf body = { 0 };

	put32(&body, be, ifid);
	put32(&body, be, 0);
	put32(&body, be, 0);
	put16(&body, be, 1);
	put16(&body, be, 5);
	sx_buf_add(&body, "hello\0\0\0", 8);
	put16(&body, be, 5);
	put16(&body, be, 8);
	put32(&body, be, be ? (uint32_t)(ifdrop >> 32) : (uint32_t)ifdrop);
	put32(&body, be, be ? (uint32_t)ifdrop : (uint32_t)(ifdrop >> 32));
	if (osdrop != ~(uint64_t)0) {
		put16(&body, be, 7);
		put16(&body, be, 8);
		put32(&body, be, be ? (uint32_t)(osdrop >> 32) :
		    (uint32_t)osdrop);
		put32(&body, be, be ? (uint32_t)osdrop :
		    (uint32_t)(osdrop >> 32));
	}
	put16(&body, be, 0);
	put16(&body, be, 0);
	ng_block(b, be, 5, &body);
	sx_buf_free(&body);
}

/* Interface statistics blocks: the drop counters, in both byte orders,
 * with and without isb_osdrop; other blocks are not ISBs; a damaged
 * option length is refused. */
static void
test_isb(void **state)
{
	int be;

	(void)state;
	for (be = 0; be <= 1; be++) {
		struct sx_buf f = { 0 };
		struct sx_pcapio r;
		struct sx_block b;
		struct sx_isb isb;
		size_t used, need, off = 0;
		int n = 0;

		ng_shb(&f, be);
		ng_idb(&f, be, 1, -1);
		ng_epb(&f, be, 0, 1, "abcd", 4);
		ng_isb(&f, be, 3, UINT64_C(0x100000002), 7);
		ng_isb(&f, be, 0, 9, ~(uint64_t)0);
		sx_pcapio_init(&r);
		while (sx_pcapio_next(&r, (const unsigned char *)f.data + off,
		    f.len - off, 1, &b, &used, &need) == 1) {
			off += used;
			if (b.type != 5) {
				assert_int_equal(sx_pcapio_isb(&b, &isb), 0);
				continue;
			}
			assert_int_equal(sx_pcapio_isb(&b, &isb), 1);
			if (n++ == 0) {
				assert_int_equal(isb.ifid, 3);
				assert_true(isb.has_ifdrop && isb.has_osdrop);
				assert_true(isb.ifdrop == UINT64_C(0x100000002));
				assert_true(isb.osdrop == 7);
			} else {
				assert_int_equal(isb.ifid, 0);
				assert_true(isb.has_ifdrop && !isb.has_osdrop);
				assert_true(isb.ifdrop == 9);
				/* an option longer than the block */
				((unsigned char *)b.data)[20 + (be ? 3 : 2)] = 200;
				assert_int_equal(sx_pcapio_isb(&b, &isb), -1);
			}
		}
		assert_int_equal(n, 2);
		sx_pcapio_free(&r);
		sx_buf_free(&f);
	}
}

static void
test_variant_doubt(void **state)
{
	struct sx_buf b = { 0 };
	const unsigned char *h, *r;
	int be;

	(void)state;
	for (be = 0; be < 2; be++) {
		sx_buf_reset(&b);
		pcap_hdr(&b, be, 0, 1);
		pcap_rec(&b, be, 1, 999999, "abcd", 4);
		h = (unsigned char *)b.data;
		r = h + 24;
		assert_null(sx_pcap_record_doubt(h, r));
		assert_int_equal(sx_pcap_record_caplen(h, r), 4);
		b.data[24 + (be ? 7 : 4)] = 0x40;      /* > 1e6 us */
		b.data[24 + (be ? 6 : 5)] = 0x42;
		b.data[24 + (be ? 5 : 6)] = 0x0f;
		assert_non_null(strstr(sx_pcap_record_doubt(h, r),
		    "million"));
		b.data[24 + (be ? 7 : 4)] = 0;
		b.data[24 + (be ? 6 : 5)] = 0;
		b.data[24 + (be ? 5 : 6)] = 0;
		b.data[24 + 12 + (be ? 3 : 0)] = 3;    /* caplen > origlen */
		assert_non_null(strstr(sx_pcap_record_doubt(h, r),
		    "on the wire"));
		b.data[24 + 12 + (be ? 3 : 0)] = 4;
		b.data[24 + 8 + (be ? 1 : 2)] = 1;     /* caplen > snaplen */
		assert_non_null(strstr(sx_pcap_record_doubt(h, r),
		    "snapshot"));
	}
	/* nanosecond files have no variants */
	sx_buf_reset(&b);
	pcap_hdr(&b, 0, 1, 1);
	pcap_rec(&b, 0, 1, 999999999, "abcd", 4);
	b.data[24 + 8] = 9;
	assert_null(sx_pcap_record_doubt((unsigned char *)b.data,
	    (unsigned char *)b.data + 24));
	sx_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_pcap_both_orders),
		cmocka_unit_test(test_pcap_nanoseconds),
		cmocka_unit_test(test_pcapng_sections_and_interfaces),
		cmocka_unit_test(test_pcapng_inexact_and_bad_interface),
		cmocka_unit_test(test_incremental_and_truncated),
		cmocka_unit_test(test_garbage),
		cmocka_unit_test(test_variant_doubt),
		cmocka_unit_test(test_isb),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
