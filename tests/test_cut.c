/* test_cut.c - what the cut keeps of a frame, and the blocks it writes. */
#include "testlib.h"

#include "cut.h"
#include "flowsplit.h"
#include "pcapio.h"
#include "runner.h"

static const unsigned char A4[4] = { 10, 0, 0, 1 }, B4[4] = { 10, 0, 0, 2 };

static void
be16(unsigned char *p, unsigned v)
{
	p[0] = (unsigned char)(v >> 8);
	p[1] = (unsigned char)v;
}

/* IPv4 (proto) from A4 to B4 at buf: a TCP header of 20 + opt bytes
 * (or an 8-byte UDP header) and len payload bytes; returns the IP
 * packet's length. */
static size_t
ipv4(unsigned char *buf, unsigned proto, uint16_t sp, uint16_t dp,
    unsigned opt, unsigned len)
{
	unsigned l4 = proto == 6 ? 20 + opt : 8;

	memset(buf, 0, 20 + l4 + len);
	buf[0] = 0x45;
	be16(buf + 2, 20 + l4 + len);
	buf[6] = 0x40;
	buf[8] = 64;
	buf[9] = (unsigned char)proto;
	memcpy(buf + 12, A4, 4);
	memcpy(buf + 16, B4, 4);
	be16(buf + 20, sp);
	be16(buf + 22, dp);
	if (proto == 6)
		buf[32] = (unsigned char)((20 + opt) / 4 << 4);
	memset(buf + 20 + l4, 'x', len);
	return 20 + l4 + len;
}

/* An Ethernet frame (ethertype 0x0800) around ipv4(). */
static size_t
eth4(unsigned char *f, unsigned proto, uint16_t sp, uint16_t dp,
    unsigned opt, unsigned len)
{
	memset(f, 0, 14);
	f[12] = 0x08;
	return 14 + ipv4(f + 14, proto, sp, dp, opt, len);
}

static size_t
keep_of(uint32_t linktype, const unsigned char *f, size_t n)
{
	struct sx_flow fl;
	struct sx_block b;

	memset(&b, 0, sizeof(b));
	b.kind = SX_BLK_PACKET;
	b.pkt = f;
	b.caplen = (uint32_t)n;
	b.origlen = (uint32_t)n;
	sx_flow_classify(linktype, f, n, &fl);
	return sx_cut_keep(&b, &fl);
}

static void
test_keep_tcp_options(void **state)
{
	unsigned char f[256];
	unsigned opt;
	size_t n;

	(void)state;
	/* every header length from 20 to 60 bytes: all of it is kept */
	for (opt = 0; opt <= 40; opt += 4) {
		n = eth4(f, 6, 40000, 80, opt, 100);
		assert_int_equal(keep_of(1, f, n), 14 + 20 + 20 + opt);
		/* no payload: nothing to cut */
		n = eth4(f, 6, 40000, 80, opt, 0);
		assert_int_equal(keep_of(1, f, n), 0);
		/* captured up to the end of the header: nothing to cut */
		n = eth4(f, 6, 40000, 80, opt, 10);
		assert_int_equal(keep_of(1, f, 14 + 40 + opt), 0);
		/* captured length inside the TCP header: whole */
		if (opt >= 4)
			assert_int_equal(keep_of(1, f, 14 + 40 + opt - 2), 0);
	}
	/* Ethernet padding after a pure ACK goes */
	n = eth4(f, 6, 40000, 80, 0, 0);
	memset(f + n, 0, 60 - n);
	assert_int_equal(keep_of(1, f, 60), 54);
	/* a data offset past the IP packet's end: whole */
	n = eth4(f, 6, 40000, 80, 0, 10);
	f[14 + 32] = 0xf0;
	assert_int_equal(keep_of(1, f, n), 0);
}

static void
test_keep_ports_and_other(void **state)
{
	unsigned char f[256];
	size_t n;

	(void)state;
	/* SOCKS and rpcap: their dissectors read the payload */
	n = eth4(f, 6, 40000, 1080, 0, 50);
	assert_int_equal(keep_of(1, f, n), 0);
	n = eth4(f, 6, 1080, 40000, 0, 50);
	assert_int_equal(keep_of(1, f, n), 0);
	n = eth4(f, 6, 40000, 2002, 0, 50);
	assert_int_equal(keep_of(1, f, n), 0);
	n = eth4(f, 6, 1194, 40000, 0, 50);
	assert_int_equal(keep_of(1, f, n), 0);
	/* UDP: the link header alone; on a tunnel port: whole */
	n = eth4(f, 17, 5353, 53, 0, 50);
	assert_int_equal(keep_of(1, f, n), 14);
	n = eth4(f, 17, 5353, 4789, 0, 50);
	assert_int_equal(keep_of(1, f, n), 0);
	/* a fragment of TCP: whole; of UDP: the link header */
	n = eth4(f, 6, 40000, 80, 0, 50);
	f[14 + 6] = 0x20;   /* more fragments */
	assert_int_equal(keep_of(1, f, n), 0);
	n = eth4(f, 17, 5353, 53, 0, 50);
	f[14 + 6] = 0x20;
	assert_int_equal(keep_of(1, f, n), 14);
	/* ARP, an unknown ethertype: whole */
	n = eth4(f, 17, 5353, 53, 0, 50);
	f[12] = 0x08;
	f[13] = 0x06;
	assert_int_equal(keep_of(1, f, n), 0);
	/* an ICMP error quoting TCP: whole; an echo: the link header */
	memset(f, 0, sizeof(f));
	f[12] = 0x08;
	n = 14 + ipv4(f + 14, 1, 0, 0, 0, 0);
	f[14 + 20] = 3;
	n = 14 + 20 + 8 + ipv4(f + 14 + 28, 6, 80, 40000, 0, 0);
	be16(f + 14 + 2, (unsigned)(n - 14));
	assert_int_equal(keep_of(1, f, n), 0);
	f[14 + 20] = 8;
	assert_int_equal(keep_of(1, f, n), 14);
	/* a link type the classifier does not parse: whole */
	n = eth4(f, 6, 40000, 80, 0, 50);
	assert_int_equal(keep_of(147, f, n), 0);
}

static void
test_keep_link_layers(void **state)
{
	unsigned char f[256];
	size_t n;

	(void)state;
	/* 802.1Q, then QinQ */
	memset(f, 0, sizeof(f));
	be16(f + 12, 0x8100);
	be16(f + 16, 0x0800);
	n = 18 + ipv4(f + 18, 6, 40000, 80, 12, 30);
	assert_int_equal(keep_of(1, f, n), 18 + 20 + 32);
	be16(f + 12, 0x88a8);
	be16(f + 16, 0x8100);
	be16(f + 20, 0x0800);
	n = 22 + ipv4(f + 22, 6, 40000, 80, 12, 30);
	assert_int_equal(keep_of(1, f, n), 22 + 20 + 32);
	/* raw IPv4, Linux cooked */
	n = ipv4(f, 6, 40000, 80, 8, 30);
	assert_int_equal(keep_of(101, f, n), 20 + 28);
	memset(f, 0, 16);
	be16(f + 14, 0x0800);
	n = 16 + ipv4(f + 16, 6, 40000, 80, 8, 30);
	assert_int_equal(keep_of(113, f, n), 16 + 20 + 28);
	/* IPv6 with hop-by-hop and destination options */
	memset(f, 0, sizeof(f));
	be16(f + 12, 0x86dd);
	f[14] = 0x60;
	be16(f + 14 + 4, 8 + 16 + 24 + 40);
	f[14 + 6] = 0;            /* hop-by-hop */
	f[14 + 8 + 15] = 1;
	f[14 + 24 + 15] = 2;
	f[54] = 60;               /* then destination options, 16 bytes */
	f[62] = 6;                /* then TCP */
	f[63] = 1;
	be16(f + 78, 40000);
	be16(f + 80, 443);
	f[78 + 12] = 6 << 4;      /* 24 bytes */
	n = 78 + 24 + 40;
	assert_int_equal(keep_of(1, f, n), 78 + 24);
	/* a routing header: unsure, whole */
	f[54] = 43;
	assert_int_equal(keep_of(1, f, n), 0);
}

/* put32 in either order */
static void
p32(unsigned char *p, uint32_t v, int big)
{
	int i;

	for (i = 0; i < 4; i++)
		p[big ? i : 3 - i] = (unsigned char)(v >> (24 - 8 * i));
}

static void
test_cut_pcap_record(void **state)
{
	unsigned char file[24 + 16 + 200];
	struct sx_buf out = { 0 };
	struct sx_pcapio rd;
	struct sx_block b, c;
	size_t used, need, n, k;
	int big;

	(void)state;
	for (big = 0; big <= 1; big++) {
		memset(file, 0, sizeof(file));
		p32(file, 0xa1b2c3d4, big);
		file[big ? 5 : 4] = 2;
		file[big ? 7 : 6] = 4;
		p32(file + 16, 65535, big);
		p32(file + 20, 1, big);
		n = eth4(file + 40, 6, 40000, 80, 12, 100);
		p32(file + 24, 1700000000, big);
		p32(file + 28, 123456, big);
		p32(file + 32, (uint32_t)n, big);
		p32(file + 36, (uint32_t)n + 1000, big);   /* a snaplen cut */
		sx_pcapio_init(&rd);
		assert_int_equal(sx_pcapio_next(&rd, file, 40 + n, 1, &b,
		    &used, &need), 1);
		assert_int_equal(sx_pcapio_next(&rd, file + 24, 16 + n, 1, &b,
		    &used, &need), 1);
		assert_int_equal(b.swapped, big);
		k = keep_of(1, b.pkt, b.caplen);
		assert_int_equal(k, 14 + 20 + 32);
		sx_buf_reset(&out);
		assert_int_equal(sx_cut_block(&b, k, &out), 1);
		assert_int_equal(out.len, 16 + k);
		/* the same timestamp and original length, the new captured
		 * length, the first k bytes */
		assert_memory_equal(out.data, file + 24, 8);
		assert_memory_equal(out.data + 12, file + 36, 4);
		assert_memory_equal(out.data + 16, file + 40, k);
		assert_int_equal(sx_pcapio_next(&rd, (unsigned char *)out.data,
		    out.len, 1, &c, &used, &need), 1);
		assert_int_equal(c.caplen, k);
		assert_int_equal(c.origlen, n + 1000);
		assert_true(c.ts_ns == b.ts_ns);
		/* nothing to cut: the block as it is */
		sx_buf_reset(&out);
		assert_int_equal(sx_cut_block(&b, 0, &out), 0);
		assert_int_equal(out.len, b.len);
		assert_memory_equal(out.data, b.data, b.len);
		sx_buf_reset(&out);
		assert_int_equal(sx_cut_block(&b, b.caplen, &out), 0);
		assert_int_equal(out.len, b.len);
		sx_pcapio_free(&rd);
	}
	sx_buf_free(&out);
}

/* A pcapng section with one Ethernet interface and one enhanced packet
 * block of a frame of n bytes with a comment of clen bytes; returns the
 * file's length, *epb where the packet block starts. */
static size_t
ng_file(unsigned char *f, int big, size_t n, size_t clen, size_t *epb)
{
	size_t at, start, i;

	memset(f, 0, 1024);
	p32(f, 0x0a0d0d0a, big);
	p32(f + 4, 28, big);
	p32(f + 8, 0x1a2b3c4d, big);
	f[big ? 13 : 12] = 1;
	memset(f + 16, 0xff, 8);
	p32(f + 24, 28, big);
	p32(f + 28, 1, big);         /* IDB */
	p32(f + 32, 20, big);
	f[big ? 37 : 36] = 1;        /* Ethernet */
	p32(f + 40, 65535, big);
	p32(f + 44, 20, big);
	start = at = 48;
	p32(f + at, 6, big);
	p32(f + at + 12, 0x5f5e1, big);
	p32(f + at + 16, 0x12345678, big);
	p32(f + at + 20, (uint32_t)n, big);
	p32(f + at + 24, (uint32_t)n, big);
	eth4(f + at + 28, 6, 40000, 80, 4, (unsigned)(n - 58));
	at += 28 + ((n + 3) & ~(size_t)3);
	if (clen) {
		f[at + (big ? 1 : 0)] = 1;           /* opt_comment */
		f[at + (big ? 3 : 2)] = (unsigned char)clen;
		for (i = 0; i < clen; i++)
			f[at + 4 + i] = (unsigned char)('a' + i % 26);
		at += 4 + ((clen + 3) & ~(size_t)3);
	}
	at += 4;                                 /* opt_endofopt */
	p32(f + start + 4, (uint32_t)(at + 4 - start), big);
	p32(f + at, (uint32_t)(at + 4 - start), big);
	*epb = start;
	return at + 4;
}

static void
test_cut_pcapng_block(void **state)
{
	unsigned char f[1024];
	struct sx_buf out = { 0 };
	struct sx_pcapio rd;
	struct sx_block b, c;
	size_t used, need, len, epb, n, clen, k, optoff, optlen, i;
	int big;

	(void)state;
	for (big = 0; big <= 1; big++)
		for (n = 80; n <= 83; n++)
			for (clen = 0; clen <= 5; clen++) {
				len = ng_file(f, big, n, clen, &epb);
				sx_pcapio_init(&rd);
				assert_int_equal(sx_pcapio_next(&rd, f, len, 1,
				    &b, &used, &need), 1);
				assert_int_equal(sx_pcapio_next(&rd, f + used,
				    len - used, 1, &b, &used, &need), 1);
				assert_int_equal(sx_pcapio_next(&rd, f + epb,
				    len - epb, 1, &b, &used, &need), 1);
				assert_int_equal(b.kind, SX_BLK_PACKET);
				assert_int_equal(b.caplen, n);
				k = keep_of(1, b.pkt, b.caplen);
				assert_int_equal(k, 14 + 20 + 24);
				sx_buf_reset(&out);
				assert_int_equal(sx_cut_block(&b, k, &out), 1);
				/* a block the reader takes, of 32-bit length */
				assert_int_equal(out.len % 4, 0);
				assert_int_equal(sx_pcapio_next(&rd,
				    (unsigned char *)out.data, out.len, 1, &c,
				    &used, &need), 1);
				assert_int_equal(used, out.len);
				assert_int_equal(c.caplen, k);
				assert_int_equal(c.origlen, n);
				assert_true(c.ts_ns == b.ts_ns);
				assert_memory_equal(c.pkt, b.pkt, k);
				/* zero padding, then the options as they were */
				for (i = k; i < ((k + 3) & ~(size_t)3); i++)
					assert_int_equal(c.pkt[i], 0);
				optoff = 28 + ((n + 3) & ~(size_t)3);
				optlen = b.len - 4 - optoff;
				assert_int_equal(out.len, 28 + ((k + 3) &
				    ~(size_t)3) + optlen + 4);
				assert_memory_equal(out.data + out.len - 4 -
				    optlen, b.data + optoff, optlen);
				sx_pcapio_free(&rd);
			}
	sx_buf_free(&out);
}

static void
test_keep_refuses(void **state)
{
	unsigned char f[256];
	struct sx_flow fl;
	struct sx_block b;
	size_t n;

	(void)state;
	n = eth4(f, 6, 40000, 80, 0, 100);
	memset(&b, 0, sizeof(b));
	b.kind = SX_BLK_PACKET;
	b.pkt = f;
	b.caplen = b.origlen = (uint32_t)n;
	sx_flow_classify(1, f, n, &fl);
	assert_int_equal(sx_cut_keep(&b, &fl), 54);
	/* a record tshark may judge unusual, a simple packet block, a
	 * block that is no frame: whole */
	b.unusual = 1;
	assert_int_equal(sx_cut_keep(&b, &fl), 0);
	b.unusual = 0;
	b.type = 3;
	assert_int_equal(sx_cut_keep(&b, &fl), 0);
	b.type = 6;
	assert_int_equal(sx_cut_keep(&b, &fl), 54);
	b.kind = SX_BLK_META;
	assert_int_equal(sx_cut_keep(&b, &fl), 0);
}

/* The frame map: the lines that follow frames kept back, with their
 * numbers in the file; the frames a report covers. */
static void
test_framemap(void **state)
{
	static const int given[] = { 1, 0, 0, 1, 1, 0, 1, 0 };
	static const uint64_t number[] = { 1, 4, 5, 7 };
	struct sx_framemap m;
	uint64_t f = 0, line;
	size_t i;

	(void)state;
	memset(&m, 0, sizeof(m));
	m.used = 1;
	for (i = 0; i < SX_ARRAY_LEN(given); i++)
		sx_framemap_frame(&m, given[i]);
	assert_int_equal(m.lines, 4);
	assert_int_equal(m.frames, 8);
	/* line 2 is frame 4, line 4 frame 7 */
	assert_int_equal(m.n, 2);
	assert_int_equal(m.v[0][0], 2);
	assert_int_equal(m.v[0][1], 4);
	assert_int_equal(m.v[1][0], 4);
	assert_int_equal(m.v[1][1], 7);
	/* tshark stopped after line 2 (frame 4), before the feed ended */
	assert_int_equal(sx_framemap_covered(&m, 2, 4), 4);
	m.ended = 1;
	assert_int_equal(sx_framemap_covered(&m, 2, 4), 4);
	/* every line printed: the frames after the last count too */
	assert_int_equal(sx_framemap_covered(&m, 4, 7), 8);
	/* the lines numbered as the runner numbers them */
	for (line = 1; line <= 4; line++) {
		f = sx_framemap_number(&m, line, f);
		assert_int_equal(f, number[line - 1]);
	}
	assert_int_equal(m.n, 0);
	/* no frame kept back: a line's number is the frame's */
	m.used = 0;
	assert_int_equal(sx_framemap_number(&m, 9, 3), 9);
	assert_int_equal(sx_framemap_covered(&m, 9, 9), 9);
	free(m.v);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_keep_tcp_options),
		cmocka_unit_test(test_keep_ports_and_other),
		cmocka_unit_test(test_keep_link_layers),
		cmocka_unit_test(test_cut_pcap_record),
		cmocka_unit_test(test_cut_pcapng_block),
		cmocka_unit_test(test_framemap),
		cmocka_unit_test(test_keep_refuses),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
