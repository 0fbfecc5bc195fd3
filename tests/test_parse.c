/* test_parse.c - one tshark line to a frame record. */
#include "testlib.h"

#include <stdio.h>

#include "parse.h"

struct fixture {
	struct sx_parser ps;
	struct sx_buf line;
};

static int
setup_fields(void **state)
{
	struct fixture *fx = sx_calloc(1, sizeof(*fx));

	sx_parser_init(&fx->ps, SX_FLAGSTYLE_FIELDS, NULL);
	*state = fx;
	return 0;
}

static int
setup_columns(void **state)
{
	struct fixture *fx = sx_calloc(1, sizeof(*fx));

	sx_parser_init(&fx->ps, SX_FLAGSTYLE_COLUMNS, NULL);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	sx_parser_free(&fx->ps);
	sx_buf_free(&fx->line);
	free(fx);
	return 0;
}

static int
parse(struct fixture *fx, const struct line_spec *spec)
{
	const char *l = join_line(&fx->line, spec);

	return sx_parse_line(&fx->ps, l, strlen(l));
}

/* A plain IPv4 data segment of stream 3. */
static struct line_spec
ipv4_segment(void)
{
	struct line_spec s = { { 0 } };

	s.f[SX_F_STREAM] = "3";
	s.f[SX_F_TIME] = "1.250000000";
	s.f[SX_F_PROTOCOLS] = "eth:ethertype:ip:tcp:http";
	s.f[SX_F_IP_SRC] = "10.0.0.1";
	s.f[SX_F_IP_DST] = "10.0.0.2";
	s.f[SX_F_SRCPORT] = "40000";
	s.f[SX_F_DSTPORT] = "80";
	s.f[SX_F_TCPFLAGS] = "0x0018";
	s.f[SX_F_TCPLEN] = "512";
	return s;
}

static void
test_plain_segment(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();
	struct sx_frame *f = &fx->ps.frame;
	struct sx_endpoint ep;

	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(f->nhdr, 1);
	assert_int_equal(f->hdr[0].stream, 3);
	assert_int_equal(f->time_ns, 1250000000LL);
	assert_int_equal(f->hdr[0].srcport, 40000);
	assert_int_equal(f->hdr[0].dstport, 80);
	assert_int_equal(f->hdr[0].tcpflags, 0x18);
	assert_int_equal(f->hdr[0].len, 512);
	assert_int_equal(f->flags, 0);
	assert_int_equal(f->nrtt, 0);
	assert_false(f->has_irtt);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 1, &ep), 0);
	assert_int_equal(ep.af, 4);
	assert_memory_equal(ep.addr, "\x0a\x00\x00\x01", 4);
	assert_int_equal(ep.port, 40000);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 0, &ep), 0);
	assert_memory_equal(ep.addr, "\x0a\x00\x00\x02", 4);
	assert_int_equal(ep.port, 80);
}

/* -T fields prints "1" for a flag, "1,1" for a duplicate ACK. */
static void
test_fields_flags(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();

	s.f[FLAGF(SX_FL_DUPLICATE_ACK)] = "1,1";
	s.f[FLAGF(SX_FL_RETRANSMISSION)] = "1";
	s.f[FLAGF(SX_FL_REUSED_PORTS)] = "1";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(fx->ps.frame.flags,
	    1u << SX_FL_DUPLICATE_ACK | 1u << SX_FL_RETRANSMISSION |
	    1u << SX_FL_REUSED_PORTS);

	/* a check mark is not what -T fields prints */
	s.f[FLAGF(SX_FL_RETRANSMISSION)] = "\xe2\x9c\x93";
	assert_int_equal(parse(fx, &s), -1);
	assert_non_null(strstr(fx->ps.err, "retransmission"));
	s.f[FLAGF(SX_FL_RETRANSMISSION)] = "0";
	assert_int_equal(parse(fx, &s), -1);
	s.f[FLAGF(SX_FL_RETRANSMISSION)] = "1,";
	assert_int_equal(parse(fx, &s), -1);
}

/* Custom columns print a check mark. */
static void
test_columns_flags(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();

	s.f[FLAGF(SX_FL_ZERO_WINDOW)] = "\xe2\x9c\x93";
	s.f[FLAGF(SX_FL_KEEP_ALIVE)] = "\xe2\x9c\x93,\xe2\x9c\x93";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(fx->ps.frame.flags,
	    1u << SX_FL_ZERO_WINDOW | 1u << SX_FL_KEEP_ALIVE);
	s.f[FLAGF(SX_FL_ZERO_WINDOW)] = "1";
	assert_int_equal(parse(fx, &s), -1);
}

static void
test_field_count(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();
	struct sx_buf b = { 0 };
	const char *l;

	l = join_line(&fx->line, &s);
	/* one field too many */
	sx_buf_adds(&b, l);
	sx_buf_adds(&b, "\t");
	assert_int_equal(sx_parse_line(&fx->ps, b.data, b.len), -1);
	assert_non_null(strstr(fx->ps.err, "fields"));
	/* one too few: drop the last tab and what follows */
	assert_int_equal(sx_parse_line(&fx->ps, l, strrchr(l, '\t') - l),
	    -1);
	assert_non_null(strstr(fx->ps.err, "fields"));
	/* nothing at all, and garbage */
	assert_int_equal(sx_parse_line(&fx->ps, "", 0), -1);
	assert_int_equal(sx_parse_line(&fx->ps, "garbage", 7), -1);
	sx_buf_free(&b);
}

static void
test_bad_values(void **state)
{
	static const struct {
		enum sx_field f;
		const char *v;
	} bad[] = {
		{ SX_F_STREAM, "x" }, { SX_F_STREAM, "-1" },
		{ SX_F_STREAM, "4294967295" },
		{ SX_F_STREAM, "99999999999999999999" },
		{ SX_F_STREAM, "1,,2" }, { SX_F_STREAM, "1," },
		{ SX_F_STREAM, ",1" }, { SX_F_STREAM, " 1" },
		{ SX_F_SRCPORT, "65536" }, { SX_F_DSTPORT, "http" },
		{ SX_F_TCPFLAGS, "18" }, { SX_F_TCPFLAGS, "0xzz" },
		{ SX_F_TCPFLAGS, "0x1234567" }, { SX_F_TCPFLAGS, "0x00001000" },
		{ SX_F_TCPFLAGS, "0x000000010" }, { SX_F_TCPLEN, "-5" },
		{ SX_F_IP_SRC, "10.0.0.1;rm" }, { SX_F_IP6_DST, "fe80::g" },
		{ SX_F_PROTOCOLS, "eth:ip tcp" },
		{ SX_F_PROTOCOLS, "eth:\x01" },
	};
	struct fixture *fx = *state;
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(bad); i++) {
		struct line_spec s = ipv4_segment();

		s.f[bad[i].f] = bad[i].v;
		if (parse(fx, &s) != -1)
			fail_msg("%s = '%s' was accepted",
			    sx_field_names[bad[i].f], bad[i].v);
		assert_true(strlen(fx->ps.err) > 0);
	}
}

/* tshark 3.x prints tcp.flags 32 bits wide: "0x00000012". */
static void
test_flags_32bit(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();
	struct sx_frame *f = &fx->ps.frame;

	s.f[SX_F_TCPFLAGS] = "0x00000012";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(f->hdr[0].tcpflags, 0x12);
	s.f[SX_F_TCPFLAGS] = "0x00000FFF";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(f->hdr[0].tcpflags, 0xfff);
}

static void
test_no_tcp(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = { { 0 } };

	s.f[SX_F_TIME] = "0.5";
	s.f[SX_F_PROTOCOLS] = "eth:ethertype:ip:icmp:ip:tcp";
	s.f[SX_F_IP_SRC] = "10.0.0.9,10.0.0.1";
	s.f[SX_F_IP_DST] = "10.0.0.1,10.0.0.2";
	s.f[SX_F_SRCPORT] = "40000";   /* the quoted header has ports */
	s.f[SX_F_DSTPORT] = "80";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(fx->ps.frame.nhdr, 0);
}

/* Several TCP headers in one frame: lists line up with tcp.stream, and
 * each header finds its own IP header through frame.protocols. */
static void
test_multi_header(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = { { 0 } };
	struct sx_frame *f = &fx->ps.frame;
	struct sx_endpoint ep;

	s.f[SX_F_STREAM] = "1,2,0";
	s.f[SX_F_TIME] = "3";
	s.f[SX_F_PROTOCOLS] = "eth:ethertype:ip:udp:sflow:eth:ethertype:ip:"
	    "tcp:eth:ethertype:ip:udp:data:eth:ethertype:ipv6:tcp:eth:"
	    "ethertype:ip:tcp:tls";
	s.f[SX_F_IP_SRC] = "172.16.0.1,10.1.1.1,10.2.2.2,10.3.3.3";
	s.f[SX_F_IP_DST] = "172.16.0.2,10.1.1.2,10.2.2.3,10.3.3.4";
	s.f[SX_F_IP6_SRC] = "2001:db8::1";
	s.f[SX_F_IP6_DST] = "2001:db8::2";
	s.f[SX_F_SRCPORT] = "1000,2000,3000";
	s.f[SX_F_DSTPORT] = "80,443,22";
	s.f[SX_F_TCPFLAGS] = "0x010,0x002,0x004";
	s.f[SX_F_TCPLEN] = "10,0,20";
	s.f[SX_F_ACK_RTT] = "0.001,0.002";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(f->nhdr, 3);
	assert_int_equal(f->hdr[1].stream, 2);
	assert_int_equal(f->hdr[2].srcport, 3000);
	assert_int_equal(f->hdr[1].tcpflags, 0x002);
	assert_int_equal(f->hdr[2].len, 20);
	assert_int_equal(f->any_tcpflags, 0x016);
	assert_int_equal(f->nrtt, 2);
	assert_int_equal(f->rtt[1], 2000000);

	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 1, &ep), 0);
	assert_memory_equal(ep.addr, "\x0a\x01\x01\x01", 4);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[1], 0, &ep), 0);
	assert_int_equal(ep.af, 6);
	assert_memory_equal(ep.addr, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0"
	    "\x02", 16);
	assert_int_equal(ep.port, 443);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[2], 1, &ep), 0);
	assert_memory_equal(ep.addr, "\x0a\x03\x03\x03", 4);
}

/* A tunnel: TCP's own IP header is the innermost one before it, and an
 * IP header carried inside the TCP payload does not count. */
static void
test_tunnel_endpoint(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();
	struct sx_frame *f = &fx->ps.frame;
	struct sx_endpoint ep;

	s.f[SX_F_PROTOCOLS] = "eth:ethertype:vlan:ethertype:ip:gre:wlan:llc:"
	    "ip:tcp:openvpn:ip:udp";
	s.f[SX_F_IP_SRC] = "1.1.1.1,10.3.34.171,192.168.9.9";
	s.f[SX_F_IP_DST] = "2.2.2.2,10.37.36.92,192.168.9.8";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 1, &ep), 0);
	assert_memory_equal(ep.addr, "\x0a\x03\x22\xab", 4);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 0, &ep), 0);
	assert_memory_equal(ep.addr, "\x0a\x25\x24\x5c", 4);

	/* No IP layer at all: the port is still known. */
	s.f[SX_F_PROTOCOLS] = "sll:tcp";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 1, &ep), -1);
	assert_int_equal(ep.af, 0);
	assert_int_equal(ep.port, 40000);
}

static void
test_rtt_fields(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();
	struct sx_frame *f = &fx->ps.frame;

	s.f[SX_F_ACK_RTT] = "0.000212000";
	s.f[SX_F_IRTT] = "0.000221000";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(f->nrtt, 1);
	assert_int_equal(f->rtt[0], 212000);
	assert_true(f->has_irtt);
	assert_int_equal(f->irtt, 221000);
}

/* Times of 146 years and more are refused: sums and differences of the
 * accepted ones fit in 64 bits (the fuzz target fuzz_parse showed a
 * duration and an RTT sum overflowing with 9000000000-second times). */
static void
test_time_limits(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();
	struct sx_frame *f = &fx->ps.frame;

	s.f[SX_F_TIME] = "4611686018.427387903";        /* 2^62 - 1 ns */
	s.f[SX_F_ACK_RTT] = "-4611686018.427387903,4611686018.427387903";
	assert_int_equal(parse(fx, &s), 0);
	assert_true(f->time_ns == INT64_C(4611686018427387903));
	assert_true(f->rtt[0] == -INT64_C(4611686018427387903));
	/* beyond: a damaged frame (test_bad_times), still counted */
	s.f[SX_F_TIME] = "4611686018.427387904";        /* 2^62 ns */
	assert_int_equal(parse(fx, &s), 0);
	assert_non_null(strstr(fx->ps.bad_what, "frame.time_relative"));
	s.f[SX_F_TIME] = "-9000000000.0";
	assert_int_equal(parse(fx, &s), 0);
	s.f[SX_F_TIME] = "1.0";
	s.f[SX_F_ACK_RTT] = "0.1,9000000000.0";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(f->nrtt, 1);
	s.f[SX_F_ACK_RTT] = NULL;
	s.f[SX_F_IRTT] = "-4611686018.427387904";
	assert_int_equal(parse(fx, &s), 0);
	assert_false(f->has_irtt);
	assert_true(fx->ps.bad_times == 4);
}

/* Times tshark calls invalid, in every form a supported version prints
 * one: the frame is counted, with the last good time and without the
 * sample; the first one is named with its line. */
static void
test_bad_times(void **state)
{
	static const char *const bad[] = {
		"-0.(1000000000 nanoseconds)",       /* 4.4, 4.6 */
		"0.(1375448424 nanoseconds)",
		"1704067200.(1385447424 nanosec",    /* cut by tshark */
		"0.1375448424",                      /* 3.4, 4.0 */
		"-0.1325448424", "", "abc", "1.2.3", "--1",
	};
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();
	struct sx_frame *f = &fx->ps.frame;
	size_t i;

	s.f[SX_F_TIME] = "2.5";
	assert_int_equal(parse(fx, &s), 0);
	assert_true(fx->ps.bad_times == 0);
	for (i = 0; i < SX_ARRAY_LEN(bad); i++) {
		s.f[SX_F_TIME] = bad[i];
		s.f[SX_F_ACK_RTT] = NULL;
		if (parse(fx, &s) != 0)
			fail_msg("frame.time_relative '%s' refused the line",
			    bad[i]);
		assert_true(f->time_ns == (i == 0 ? INT64_C(2500000000) :
		    INT64_C(3000000000)));
		s.f[SX_F_TIME] = "3";
		s.f[SX_F_ACK_RTT] = bad[i][0] ? bad[i] : "x";
		assert_int_equal(parse(fx, &s), 0);
		assert_int_equal(f->nrtt, 0);
		s.f[SX_F_TIME] = "2.5";
	}
	assert_true(fx->ps.bad_times == 2 * SX_ARRAY_LEN(bad));
	assert_true(fx->ps.bad_line == 2);
	assert_string_equal(fx->ps.bad_what,
	    "frame.time_relative \"-0.(1000000000 nanoseconds)\"");
	/* one frame with two bad times counts once; a good list stays */
	s.f[SX_F_TIME] = "0.(5 nanoseconds)";
	s.f[SX_F_ACK_RTT] = "0.000000001,0.(5 nanoseconds),0.5";
	assert_int_equal(parse(fx, &s), 0);
	assert_int_equal(f->nrtt, 2);
	assert_true(f->rtt[1] == INT64_C(500000000));
	assert_true(fx->ps.bad_times == 2 * SX_ARRAY_LEN(bad) + 1);
}

/* Lines are parsed again and again with the same arrays. */
static void
test_reuse(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = ipv4_segment();
	int i;

	for (i = 0; i < 1000; i++) {
		char stream[16];

		snprintf(stream, sizeof(stream), "%d", i);
		s.f[SX_F_STREAM] = i % 2 ? stream : "7,7";
		assert_int_equal(parse(fx, &s), 0);
		assert_int_equal(fx->ps.frame.nhdr, i % 2 ? 1 : 2);
	}
}

/* The cheap endpoint fields: what tshark_fields asks for on the tuned
 * custom-column engine (default columns). */
static void
cheap_fieldset(struct sx_fieldset *fs)
{
	memset(fs, 0, sizeof(*fs));
	fs->want[SX_F_STREAM] = 1;
	fs->want[SX_F_NET_SRC] = fs->want[SX_F_IPVER] = 1;
	fs->want[SX_F_NET_DST] = 1;
	fs->want[SX_F_SRCPORT] = fs->want[SX_F_DSTPORT] = 1;
	fs->want[SX_F_TCPFLAGS] = 1;
	fs->want[SX_F_FLAG0 + SX_FL_RETRANSMISSION] = 1;
}

static int
setup_cheap(void **state)
{
	struct fixture *fx = sx_calloc(1, sizeof(*fx));
	struct sx_fieldset fs;

	cheap_fieldset(&fs);
	sx_parser_init(&fx->ps, SX_FLAGSTYLE_COLUMNS, &fs);
	*state = fx;
	return 0;
}

static int
parse_cheap(struct fixture *fx, const struct line_spec *spec)
{
	struct sx_fieldset fs;
	const char *l;

	cheap_fieldset(&fs);
	l = join_line_fs(&fx->line, spec, &fs);
	return sx_parse_line(&fx->ps, l, strlen(l));
}

static struct line_spec
cheap_segment(void)
{
	struct line_spec s = { { 0 } };

	s.f[SX_F_STREAM] = "5";
	s.f[SX_F_NET_SRC] = "  10.0.0.1";    /* tshark pads to 12 */
	s.f[SX_F_IPVER] = "4";
	s.f[SX_F_NET_DST] = "10.0.0.2  ";
	s.f[SX_F_SRCPORT] = "40000";
	s.f[SX_F_DSTPORT] = "80";
	s.f[SX_F_TCPFLAGS] = "0x012";
	s.f[FLAGF(SX_FL_RETRANSMISSION)] = "\xe2\x9c\x93";
	return s;
}

/* A simple frame: the built-in columns are its TCP header's addresses. */
static void
test_cheap_simple(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = cheap_segment();
	struct sx_frame *f = &fx->ps.frame;
	struct sx_endpoint ep;

	assert_int_equal(parse_cheap(fx, &s), 0);
	assert_int_equal(f->nhdr, 1);
	assert_int_equal(f->hdr[0].stream, 5);
	assert_int_equal(f->hdr[0].tcpflags, 0x12);
	assert_int_equal(f->flags, 1u << SX_FL_RETRANSMISSION);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 1, &ep), 0);
	assert_int_equal(ep.af, 4);
	assert_memory_equal(ep.addr, "\x0a\x00\x00\x01", 4);
	assert_int_equal(ep.port, 40000);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 0, &ep), 0);
	assert_memory_equal(ep.addr, "\x0a\x00\x00\x02", 4);
	assert_int_equal(ep.port, 80);

	s.f[SX_F_IPVER] = "6";
	s.f[SX_F_NET_SRC] = "2001:db8::1";
	s.f[SX_F_NET_DST] = "2001:db8::2";
	assert_int_equal(parse_cheap(fx, &s), 0);
	assert_int_equal(sx_frame_endpoint(f, &f->hdr[0], 0, &ep), 0);
	assert_int_equal(ep.af, 6);
	assert_memory_equal(ep.addr, "\x20\x01\x0d\xb8\0\0\0\0\0\0\0\0\0\0\0\x02",
	    16);
}

/* A frame with a stream that is not simple asks for the exact fields. */
static void
test_cheap_fallback(void **state)
{
	static const struct {
		enum sx_field f;
		const char *v;
	} cases[] = {
		{ SX_F_IPVER, "4,4" },            /* a tunnel */
		{ SX_F_IPVER, "4,6" },            /* 6in4 */
		{ SX_F_IPVER, "" },               /* TCP without IP */
		{ SX_F_IPVER, "5" },              /* not IPv4 or IPv6 */
		{ SX_F_STREAM, "1,2" },           /* sFlow samples */
		{ SX_F_SRCPORT, "40000,1" },      /* a quoted TCP header */
		{ SX_F_NET_SRC, "00000001.ffffffffffff" },  /* not IPv4 */
	};
	struct fixture *fx = *state;
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(cases); i++) {
		struct line_spec s = cheap_segment();

		s.f[cases[i].f] = cases[i].v;
		if (cases[i].f == SX_F_SRCPORT)
			s.f[SX_F_DSTPORT] = "80,2";
		assert_int_equal(parse_cheap(fx, &s), SX_PARSE_FALLBACK);
		assert_true(fx->ps.err[0] != '\0');
	}
}

/* Frames without a stream: any network address, any number of IP
 * headers; malformed fields are still errors. */
static void
test_cheap_no_stream(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = cheap_segment();

	s.f[SX_F_STREAM] = "";
	s.f[SX_F_IPVER] = "4,4";
	s.f[SX_F_NET_SRC] = "00000001.ffffffffffff";
	assert_int_equal(parse_cheap(fx, &s), 0);
	assert_int_equal(fx->ps.frame.nhdr, 0);
	s.f[SX_F_NET_SRC] = "            ";
	assert_int_equal(parse_cheap(fx, &s), 0);

	s = cheap_segment();
	s.f[SX_F_IPVER] = "four";
	assert_int_equal(parse_cheap(fx, &s), -1);
	s.f[SX_F_IPVER] = "4,";
	assert_int_equal(parse_cheap(fx, &s), -1);
	s = cheap_segment();
	s.f[SX_F_NET_SRC] = "10.0.0.1\x01";
	s.f[SX_F_STREAM] = "";
	assert_int_equal(parse_cheap(fx, &s), -1);
}

/* A field set that asks for nothing still reads tcp.stream: a line is
 * one field, and two fields are too many (never read past the map). */
static void
test_no_field_asked(void **state)
{
	struct sx_fieldset none;
	struct sx_parser ps;

	(void)state;
	memset(&none, 0, sizeof(none));
	sx_parser_init(&ps, SX_FLAGSTYLE_FIELDS, &none);
	assert_int_equal(sx_parse_line(&ps, "7", 1), 0);
	assert_int_equal(ps.frame.nhdr, 1);
	assert_int_equal(ps.frame.hdr[0].stream, 7);
	assert_int_equal(sx_parse_line(&ps, "7\t8", 3), -1);
	assert_int_equal(sx_parse_line(&ps, "\t\t\t\t\t\t\t\t\t\t\t\t\t\t"
	    "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t"
	    "\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t\t", 60), -1);
	sx_parser_free(&ps);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_plain_segment,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_fields_flags,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_columns_flags,
		    setup_columns, teardown),
		cmocka_unit_test_setup_teardown(test_field_count,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_bad_values,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_flags_32bit,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_no_tcp,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_multi_header,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_tunnel_endpoint,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_time_limits,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_bad_times,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_rtt_fields,
		    setup_columns, teardown),
		cmocka_unit_test_setup_teardown(test_reuse,
		    setup_fields, teardown),
		cmocka_unit_test_setup_teardown(test_cheap_simple,
		    setup_cheap, teardown),
		cmocka_unit_test_setup_teardown(test_cheap_fallback,
		    setup_cheap, teardown),
		cmocka_unit_test(test_no_field_asked),
		cmocka_unit_test_setup_teardown(test_cheap_no_stream,
		    setup_cheap, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
