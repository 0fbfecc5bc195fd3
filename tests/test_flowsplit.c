/* test_flowsplit.c - link layers, IP, the direction-independent hash. */
#include "testlib.h"

#include "flowsplit.h"

/* Build an IPv4/TCP packet from a to b into buf; returns its length. */
static size_t
ipv4_tcp(unsigned char *buf, const unsigned char a[4], uint16_t pa,
    const unsigned char b[4], uint16_t pb, unsigned proto, uint16_t frag)
{
	memset(buf, 0, 40);
	buf[0] = 0x45;
	buf[3] = 40;
	buf[6] = (unsigned char)(frag >> 8);
	buf[7] = (unsigned char)frag;
	buf[8] = 64;
	buf[9] = (unsigned char)proto;
	memcpy(buf + 12, a, 4);
	memcpy(buf + 16, b, 4);
	buf[20] = (unsigned char)(pa >> 8);
	buf[21] = (unsigned char)pa;
	buf[22] = (unsigned char)(pb >> 8);
	buf[23] = (unsigned char)pb;
	buf[32] = 0x50;   /* data offset 5 */
	return 40;
}

static size_t
ipv6_tcp(unsigned char *buf, const unsigned char a[16], uint16_t pa,
    const unsigned char b[16], uint16_t pb, int with_hbh)
{
	size_t off = 40;

	memset(buf, 0, 88);
	buf[0] = 0x60;
	buf[5] = (unsigned char)(20 + (with_hbh ? 8 : 0));
	buf[6] = with_hbh ? 0 : 6;
	memcpy(buf + 8, a, 16);
	memcpy(buf + 24, b, 16);
	if (with_hbh) {
		buf[40] = 6;      /* next: TCP */
		buf[41] = 0;      /* 8 bytes */
		off = 48;
	}
	buf[off] = (unsigned char)(pa >> 8);
	buf[off + 1] = (unsigned char)pa;
	buf[off + 2] = (unsigned char)(pb >> 8);
	buf[off + 3] = (unsigned char)pb;
	buf[off + 12] = 0x50;
	return off + 20;
}

static const unsigned char A4[4] = { 10, 0, 0, 1 }, B4[4] = { 10, 0, 0, 2 };

static void
test_hash_both_directions(void **state)
{
	unsigned char a6[16] = { 0x20, 0x01, 0x0d, 0xb8 }, b6[16];
	unsigned n, i, hits[4] = { 0 };

	(void)state;
	memcpy(b6, a6, 16);
	b6[15] = 9;
	assert_true(sx_flow_hash(4, A4, 1234, B4, 80) ==
	    sx_flow_hash(4, B4, 80, A4, 1234));
	assert_true(sx_flow_hash(6, a6, 1, b6, 2) ==
	    sx_flow_hash(6, b6, 2, a6, 1));
	/* same addresses, swapped ports: another connection */
	assert_true(sx_flow_hash(4, A4, 80, B4, 1234) !=
	    sx_flow_hash(4, A4, 1234, B4, 80));
	/* one address, two ports: the same connection both ways */
	assert_true(sx_flow_hash(4, A4, 5, A4, 6) ==
	    sx_flow_hash(4, A4, 6, A4, 5));
	assert_true(sx_flow_hash(4, A4, 5, A4, 6) !=
	    sx_flow_hash(4, A4, 5, A4, 7));
	for (n = 1; n <= 16; n++) {
		uint64_t h = sx_flow_hash(4, A4, 40000, B4, 443);

		assert_true(sx_flow_partition(h, n) < n);
		assert_int_equal(sx_flow_partition(h, n),
		    sx_flow_partition(sx_flow_hash(4, B4, 443, A4, 40000), n));
	}
	/* a spread over 4 partitions of 4000 client ports */
	for (i = 0; i < 4000; i++)
		hits[sx_flow_partition(sx_flow_hash(4, A4,
		    (uint16_t)(20000 + i), B4, 80), 4)]++;
	for (i = 0; i < 4; i++)
		assert_true(hits[i] > 800 && hits[i] < 1200);
}

static void
test_ethernet_vlan_and_directions(void **state)
{
	unsigned char f[128], g[128];
	struct sx_flow x, y;
	size_t n;

	(void)state;
	memset(f, 0, sizeof(f));
	f[12] = 0x08;
	n = 14 + ipv4_tcp(f + 14, A4, 1234, B4, 80, 6, 0x4000);
	assert_int_equal(sx_flow_classify(1, f, n, &x), SX_FLOW_TCP);
	assert_int_equal(x.af, 4);
	assert_int_equal(x.sport, 1234);
	assert_int_equal(x.dport, 80);
	/* the reply, inside two VLAN tags (QinQ) */
	memset(g, 0, sizeof(g));
	g[12] = 0x88;
	g[13] = 0xa8;
	g[16] = 0x81;
	g[17] = 0x00;
	g[20] = 0x08;
	n = 22 + ipv4_tcp(g + 22, B4, 80, A4, 1234, 6, 0);
	assert_int_equal(sx_flow_classify(1, g, n, &y), SX_FLOW_TCP);
	assert_true(x.hash == y.hash);
	/* cut short in the TCP header */
	assert_int_equal(sx_flow_classify(1, f, 14 + 20 + 10, &x),
	    SX_FLOW_UNSURE);
	/* ARP */
	f[12] = 0x08;
	f[13] = 0x06;
	assert_int_equal(sx_flow_classify(1, f, 60, &x), SX_FLOW_OTHER);
	/* MPLS */
	f[12] = 0x88;
	f[13] = 0x47;
	assert_int_equal(sx_flow_classify(1, f, 60, &x), SX_FLOW_UNSURE);
}

static void
test_linux_cooked_raw_null(void **state)
{
	unsigned char f[128];
	struct sx_flow a, b, c, d, e;
	uint64_t h;
	size_t n;

	(void)state;
	h = sx_flow_hash(4, A4, 1234, B4, 80);
	/* SLL: protocol at 14 */
	memset(f, 0, sizeof(f));
	f[14] = 0x08;
	n = 16 + ipv4_tcp(f + 16, A4, 1234, B4, 80, 6, 0);
	assert_int_equal(sx_flow_classify(113, f, n, &a), SX_FLOW_TCP);
	assert_true(a.hash == h);
	/* SLL2: protocol at 0 */
	memset(f, 0, sizeof(f));
	f[0] = 0x08;
	n = 20 + ipv4_tcp(f + 20, B4, 80, A4, 1234, 6, 0);
	assert_int_equal(sx_flow_classify(276, f, n, &b), SX_FLOW_TCP);
	assert_true(b.hash == h);
	/* raw IP */
	n = ipv4_tcp(f, A4, 1234, B4, 80, 6, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &c), SX_FLOW_TCP);
	assert_true(c.hash == h);
	assert_int_equal(sx_flow_classify(228, f, n, &c), SX_FLOW_TCP);
	assert_int_equal(sx_flow_classify(229, f, n, &c), SX_FLOW_UNSURE);
	/* BSD null, AF_INET in little-endian and big-endian host order */
	memset(f, 0, sizeof(f));
	f[0] = 2;
	n = 4 + ipv4_tcp(f + 4, A4, 1234, B4, 80, 6, 0);
	assert_int_equal(sx_flow_classify(0, f, n, &d), SX_FLOW_TCP);
	assert_true(d.hash == h);
	f[0] = 0;
	f[3] = 2;
	assert_int_equal(sx_flow_classify(0, f, n, &e), SX_FLOW_TCP);
	assert_int_equal(sx_flow_classify(108, f, n, &e), SX_FLOW_TCP);
	/* an unknown link type */
	assert_int_equal(sx_flow_classify(147, f, n, &e), SX_FLOW_UNSURE);
}

static void
test_ip_cases(void **state)
{
	unsigned char f[128], a6[16] = { 0xfe, 0x80 }, b6[16] = { 0xfe, 0x80 };
	struct sx_flow x, y;
	size_t n;

	(void)state;
	b6[15] = 1;
	/* IPv6 with a hop-by-hop header, both directions */
	n = ipv6_tcp(f, a6, 5000, b6, 22, 1);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_TCP);
	assert_int_equal(x.af, 6);
	assert_int_equal(x.dport, 22);
	n = ipv6_tcp(f, b6, 22, a6, 5000, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &y), SX_FLOW_TCP);
	assert_true(x.hash == y.hash);
	/* IPv6 fragments, as IPv4's: of TCP unsure; the first of UDP on a
	 * tunnel port unsure; of other UDP, or a later one, other */
	memset(f, 0, sizeof(f));
	f[0] = 0x60;
	f[5] = 16;          /* payload: fragment header + 8 bytes UDP */
	f[6] = 44;          /* next: fragment */
	memcpy(f + 8, a6, 16);
	memcpy(f + 24, b6, 16);
	f[40] = 6;          /* fragment of TCP */
	f[43] = 1;          /* offset 0, more fragments */
	assert_int_equal(sx_flow_classify(101, f, 64, &x), SX_FLOW_UNSURE);
	f[40] = 17;         /* of UDP to VXLAN */
	f[50] = 4789 >> 8;
	f[51] = 4789 & 0xff;
	assert_int_equal(sx_flow_classify(101, f, 64, &x), SX_FLOW_UNSURE);
	f[42] = 0x01;       /* a later fragment: offset 32, no ports */
	f[43] = 0x00;
	assert_int_equal(sx_flow_classify(101, f, 64, &y), SX_FLOW_OTHER);
	f[42] = 0;
	f[43] = 1;
	f[51] = 53;         /* the first fragment of DNS */
	assert_int_equal(sx_flow_classify(101, f, 64, &x), SX_FLOW_OTHER);
	assert_true(x.hash == y.hash);   /* together by their addresses */
	/* a TCP fragment */
	n = ipv4_tcp(f, A4, 1, B4, 2, 6, 0x2000);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_UNSURE);
	/* UDP fragments stay together by their addresses */
	n = ipv4_tcp(f, A4, 1, B4, 2, 17, 0x2000);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_OTHER);
	n = ipv4_tcp(f, A4, 1, B4, 2, 17, 0x0010);
	assert_int_equal(sx_flow_classify(101, f, n, &y), SX_FLOW_OTHER);
	assert_true(x.hash == y.hash);
	/* GRE, IP in IP */
	n = ipv4_tcp(f, A4, 1, B4, 2, 47, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_UNSURE);
	n = ipv4_tcp(f, A4, 1, B4, 2, 4, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_UNSURE);
	/* SOCKS makes stream numbers of its own; SNMP over TCP and VNC's
	 * heuristic start streams: whole frames, not split */
	n = ipv4_tcp(f, A4, 40000, B4, 1080, 6, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_UNSURE);
	assert_int_equal(x.keep, 0);
	n = ipv4_tcp(f, A4, 161, B4, 40000, 6, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_UNSURE);
	assert_non_null(strstr(x.why, "SNMP"));
	n = ipv4_tcp(f, A4, 40000, B4, 162, 6, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_UNSURE);
	n = ipv4_tcp(f, A4, 40000, B4, 15900, 6, 0);
	memcpy(f + 40, "rfb 003.008\n", 12);
	f[3] = 52;
	assert_int_equal(sx_flow_classify(101, f, 52, &x), SX_FLOW_UNSURE);
	assert_non_null(strstr(x.why, "VNC"));
	assert_int_equal(x.keep, 0);
	/* not 12 bytes, or not "RFB xxx.": cut as usual */
	f[3] = 53;
	f[52] = 'x';
	assert_int_equal(sx_flow_classify(101, f, 53, &x), SX_FLOW_TCP);
	assert_int_equal(x.keep, 40);
	f[3] = 52;
	f[47] = ',';
	assert_int_equal(sx_flow_classify(101, f, 52, &x), SX_FLOW_TCP);
	/* a payload the capture cut short is not looked into */
	f[47] = '.';
	f[3] = 52;
	assert_int_equal(sx_flow_classify(101, f, 45, &x), SX_FLOW_TCP);
	/* an HTTP CONNECT request opens a tunnel: the caller keeps it */
	n = ipv4_tcp(f, A4, 40000, B4, 3128, 6, 0);
	memcpy(f + 40, "CONNECT h:80 HTTP/1.1\r\n", 24);
	f[3] = 64;
	assert_int_equal(sx_flow_classify(101, f, 64, &x), SX_FLOW_UNSURE);
	assert_int_equal(x.opens_tunnel, 1);
	n = ipv4_tcp(f, B4, 3128, A4, 40000, 6, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &y), SX_FLOW_TCP);
	assert_int_equal(y.opens_tunnel, 0);
	assert_true(x.hash == y.hash);
	assert_int_equal(sx_flow_heuristic_makes_streams("vnc_tcp"), 1);
	assert_int_equal(sx_flow_heuristic_makes_streams("http_tcp"), 0);
	/* VXLAN */
	n = ipv4_tcp(f, A4, 1, B4, 4789, 17, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_UNSURE);
	/* an ICMP port unreachable quoting TCP, and an echo request */
	memset(f, 0, sizeof(f));
	ipv4_tcp(f, A4, 0, B4, 0, 1, 0);
	f[3] = 96;
	f[20] = 3;
	ipv4_tcp(f + 28, B4, 80, A4, 1234, 6, 0);
	assert_int_equal(sx_flow_classify(101, f, 96, &x), SX_FLOW_UNSURE);
	f[20] = 8;
	assert_int_equal(sx_flow_classify(101, f, 96, &x), SX_FLOW_OTHER);
	/* an ICMP error quoting UDP */
	f[20] = 3;
	f[28 + 9] = 17;
	assert_int_equal(sx_flow_classify(101, f, 96, &x), SX_FLOW_OTHER);
}

/* Whether an IPv4 packet from port pa to port pb (protocol proto,
 * fragment field frag) is kept back. */
static int
held(uint16_t pa, uint16_t pb, unsigned proto, uint16_t frag)
{
	unsigned char f[128];
	struct sx_flow x;
	size_t n = ipv4_tcp(f, A4, pa, B4, pb, proto, frag);

	sx_flow_classify(101, f, n, &x);
	return x.withhold;
}

/* Which frames no TCP analysis can see (withhold): by the lower UDP
 * port, never fragments, never ICMP that quotes a packet. */
static void
test_withhold(void **state)
{
	unsigned char f[128];
	struct sx_flow x;
	size_t n;

	(void)state;
	n = ipv4_tcp(f, A4, 40000, B4, 53, 17, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_OTHER);
	assert_int_equal(x.withhold, 1);
	assert_int_equal(held(53, 40000, 17, 0x4000), 1);  /* DF: no fragment */
	assert_int_equal(held(5353, 5353, 17, 0), 1);
	/* QUIC is found by a heuristic: given whole (raw IP), so given */
	assert_int_equal(held(50000, 443, 17, 0), 0);
	assert_int_equal(held(443, 50000, 17, 0), 0);
	/* the lower port decides: 30 is no service here */
	assert_int_equal(held(30, 53, 17, 0), 0);
	/* a fragment of DNS, the first or a later one */
	assert_int_equal(held(40000, 53, 17, 0x2000), 0);
	assert_int_equal(held(40000, 53, 17, 0x0004), 0);
	/* TCP, and a UDP tunnel port above a service port */
	assert_int_equal(held(40000, 53, 6, 0), 0);
	n = ipv4_tcp(f, A4, 53, B4, 4789, 17, 0);
	assert_int_equal(sx_flow_classify(101, f, n, &x), SX_FLOW_UNSURE);
	assert_int_equal(x.withhold, 0);
	/* ICMP: an echo kept back, an error (even quoting UDP) given */
	memset(f, 0, sizeof(f));
	ipv4_tcp(f, A4, 0, B4, 0, 1, 0);
	f[3] = 96;
	f[20] = 8;
	sx_flow_classify(101, f, 96, &x);
	assert_int_equal(x.withhold, 1);
	f[20] = 3;
	ipv4_tcp(f + 28, B4, 53, A4, 1234, 17, 0);
	assert_int_equal(sx_flow_classify(101, f, 96, &x), SX_FLOW_OTHER);
	assert_int_equal(x.withhold, 0);
	f[20] = 5;   /* a redirect quotes a packet too */
	sx_flow_classify(101, f, 96, &x);
	assert_int_equal(x.withhold, 0);
	/* ARP on Ethernet kept back; an unknown ethertype given */
	memset(f, 0, 60);
	f[12] = 0x08;
	f[13] = 0x06;
	sx_flow_classify(1, f, 60, &x);
	assert_int_equal(x.withhold, 1);
	f[13] = 0x42;
	sx_flow_classify(1, f, 60, &x);
	assert_int_equal(x.withhold, 0);
}

/* Frames without TCP where the frame is cut to a link header that is not
 * empty: kept back, whatever they carry (QUIC on 443, any UDP, ESP);
 * where they go whole (raw IP): only the service ports. */
static void
test_withhold_cut_to_link(void **state)
{
	unsigned char f[160];
	struct sx_flow x;
	size_t n;

	(void)state;
	memset(f, 0, sizeof(f));
	f[12] = 0x08;                         /* Ethernet, IPv4 */
	n = 14 + ipv4_tcp(f + 14, A4, 50000, B4, 443, 17, 0x4000);
	assert_int_equal(sx_flow_classify(1, f, n, &x), SX_FLOW_OTHER);
	assert_int_equal(x.keep, 14);
	assert_int_equal(x.withhold, 1);
	ipv4_tcp(f + 14, B4, 443, A4, 50000, 17, 0);
	sx_flow_classify(1, f, n, &x);
	assert_int_equal(x.withhold, 1);
	/* any ports, any transport that is not TCP */
	ipv4_tcp(f + 14, B4, 30000, A4, 30002, 17, 0);
	sx_flow_classify(1, f, n, &x);
	assert_int_equal(x.withhold, 1);
	ipv4_tcp(f + 14, B4, 0, A4, 0, 50, 0);      /* ESP */
	assert_int_equal(sx_flow_classify(1, f, n, &x), SX_FLOW_OTHER);
	assert_int_equal(x.withhold, 1);
	/* not TCP, nor a fragment */
	ipv4_tcp(f + 14, B4, 443, A4, 50000, 6, 0);
	sx_flow_classify(1, f, n, &x);
	assert_int_equal(x.withhold, 0);
	ipv4_tcp(f + 14, B4, 443, A4, 50000, 17, 0x2000);
	sx_flow_classify(1, f, n, &x);
	assert_int_equal(x.withhold, 0);
	/* a tunnel port, and IPv4 AH (TCP may follow it): given whole */
	ipv4_tcp(f + 14, B4, 443, A4, 4789, 17, 0);
	assert_int_equal(sx_flow_classify(1, f, n, &x), SX_FLOW_UNSURE);
	assert_int_equal(x.withhold, 0);
	ipv4_tcp(f + 14, B4, 0, A4, 0, 51, 0);
	assert_int_equal(sx_flow_classify(1, f, n, &x), SX_FLOW_UNSURE);
	assert_int_equal(x.withhold, 0);
	/* null/loopback (a 4-byte header) kept back; raw IPv4 given */
	memset(f, 0, sizeof(f));
	f[0] = 2;                             /* AF_INET, host order */
	n = 4 + ipv4_tcp(f + 4, A4, 50000, B4, 443, 17, 0);
	sx_flow_classify(0, f, n, &x);
	assert_int_equal(x.withhold, 1);
	n = ipv4_tcp(f, A4, 50000, B4, 443, 17, 0);
	sx_flow_classify(228, f, n, &x);
	assert_int_equal(x.withhold, 0);
	n = ipv4_tcp(f, A4, 30000, B4, 30002, 17, 0);
	sx_flow_classify(228, f, n, &x);
	assert_int_equal(x.withhold, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_hash_both_directions),
		cmocka_unit_test(test_ethernet_vlan_and_directions),
		cmocka_unit_test(test_linux_cooked_raw_null),
		cmocka_unit_test(test_ip_cases),
		cmocka_unit_test(test_withhold),
		cmocka_unit_test(test_withhold_cut_to_link),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
