/* test_streams.c - the stream table: growth, gaps, directions, counters. */
#include "testlib.h"

#include <stdio.h>

#include "columns.h"
#include "parse.h"
#include "streams.h"

struct fixture {
	struct sx_parser ps;
	struct sx_table t;
	struct sx_buf line;
	char err[256];
};

static int
setup(void **state)
{
	struct fixture *fx = sx_calloc(1, sizeof(*fx));

	sx_parser_init(&fx->ps, SX_FLAGSTYLE_FIELDS, NULL);
	sx_table_init(&fx->t);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	sx_parser_free(&fx->ps);
	sx_table_free(&fx->t);
	sx_buf_free(&fx->line);
	free(fx);
	return 0;
}

/* A frame of a connection between 10.0.0.1 and 10.0.0.2. */
struct seg {
	const char *stream;
	const char *time;
	int from_client;        /* 10.0.0.1:cport -> 10.0.0.2:sport */
	const char *tcpflags;
	const char *len;
	enum sx_flag flag;      /* SX_FL_COUNT for none */
	const char *rtt;
};

static int
add(struct fixture *fx, const struct seg *g)
{
	struct line_spec s = { { 0 } };
	const char *l;

	s.f[SX_F_STREAM] = g->stream;
	s.f[SX_F_TIME] = g->time ? g->time : "0";
	s.f[SX_F_PROTOCOLS] = "eth:ethertype:ip:tcp";
	s.f[SX_F_IP_SRC] = g->from_client ? "10.0.0.1" : "10.0.0.2";
	s.f[SX_F_IP_DST] = g->from_client ? "10.0.0.2" : "10.0.0.1";
	s.f[SX_F_SRCPORT] = g->from_client ? "5000" : "80";
	s.f[SX_F_DSTPORT] = g->from_client ? "80" : "5000";
	s.f[SX_F_TCPFLAGS] = g->tcpflags ? g->tcpflags : "0x0010";
	s.f[SX_F_TCPLEN] = g->len ? g->len : "0";
	s.f[SX_F_ACK_RTT] = g->rtt;
	if (g->flag != SX_FL_COUNT)
		s.f[FLAGF(g->flag)] = "1";
	l = join_line(&fx->line, &s);
	if (sx_parse_line(&fx->ps, l, strlen(l)) != 0)
		fail_msg("parse: %s", fx->ps.err);
	return sx_table_add(&fx->t, &fx->ps.frame, fx->err,
	    sizeof(fx->err));
}

static void
endpoint_text(const struct sx_endpoint *ep, char *buf)
{
	sx_format_endpoint(ep, buf, 64);
}

static void
test_handshake_directions(void **state)
{
	struct fixture *fx = *state;
	const struct sx_stream *st;
	const struct sx_ext *e;
	char a[64], b[64];
	const struct seg segs[] = {
		{ "0", "1.0", 1, "0x0002", "0", SX_FL_COUNT, NULL },
		{ "0", "1.1", 0, "0x0012", "0", SX_FL_COUNT, "0.1" },
		{ "0", "1.2", 1, "0x0010", "0", SX_FL_COUNT, "0.1" },
		{ "0", "1.3", 1, "0x0018", "100", SX_FL_COUNT, NULL },
		{ "0", "1.5", 1, "0x0018", "100", SX_FL_RETRANSMISSION, NULL },
		{ "0", "1.6", 0, "0x0010", "0", SX_FL_DUPLICATE_ACK, "0.3" },
		{ "0", "1.7", 0, "0x0014", "0", SX_FL_COUNT, NULL },
	};
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(segs); i++)
		assert_int_equal(add(fx, &segs[i]), 0);
	st = sx_table_get(&fx->t, 0);
	assert_non_null(st);
	e = sx_stream_ext(&fx->t, st);
	endpoint_text(&st->ep[0], a);
	endpoint_text(&st->ep[1], b);
	assert_string_equal(a, "10.0.0.1:5000");
	assert_string_equal(b, "10.0.0.2:80");
	assert_int_equal(st->frames[SX_FWD], 4);
	assert_int_equal(st->frames[SX_REV], 3);
	assert_int_equal(st->first_ns, 1000000000LL);
	assert_int_equal(st->last_ns, 1700000000LL);
	assert_int_equal(e->bytes[SX_FWD], 200);
	assert_int_equal(e->bytes[SX_REV], 0);
	assert_int_equal(e->data[SX_FWD], 2);
	assert_int_equal(e->flag[SX_FWD][SX_FL_RETRANSMISSION], 1);
	assert_int_equal(e->retrans_data[SX_FWD], 1);
	assert_int_equal(e->flag[SX_REV][SX_FL_DUPLICATE_ACK], 1);
	assert_int_equal(e->rst[SX_REV], 1);
	assert_int_equal(e->rst[SX_FWD], 0);
	/* Wireshark's completeness: the RST-ACK also counts as an ACK */
	assert_int_equal(sx_stream_completeness(st), SX_ST_SYN |
	    SX_ST_SYNACK | SX_ST_ACK | SX_ST_DATA | SX_ST_RST);
	assert_int_equal(sx_stream_first_end(st, 0), SX_REV);
	assert_int_equal(sx_stream_first_end(st, 1), -1);
	assert_int_equal(e->problems[SX_FWD], 1);
	assert_int_equal(e->problems[SX_REV], 1);
	assert_int_equal(e->capture[SX_FWD] + e->capture[SX_REV], 0);
	/* RTT samples measure the data of the other direction: the
	 * server's ACKs (0.1, 0.3) time the client's data. */
	assert_int_equal(e->rtt_n[SX_FWD], 2);
	assert_int_equal(e->rtt_min[SX_FWD], 100000000LL);
	assert_int_equal(e->rtt_max[SX_FWD], 300000000LL);
	assert_int_equal(e->rtt_sum[SX_FWD], 400000000LL);
	assert_int_equal(e->rtt_n[SX_REV], 1);
}

/* The client is the receiver of a first SYN-ACK, and the sender of any
 * other first frame. */
static void
test_client_rules(void **state)
{
	struct fixture *fx = *state;
	const struct seg synack = { "0", "0", 0, "0x0012", "0", SX_FL_COUNT,
				    NULL };
	const struct seg midstream = { "1", "0", 0, "0x0018", "10",
				       SX_FL_COUNT, NULL };
	const struct seg after = { "1", "1", 1, "0x0010", "0", SX_FL_COUNT,
				   NULL };
	char a[64];

	assert_int_equal(add(fx, &synack), 0);
	assert_int_equal(add(fx, &midstream), 0);
	assert_int_equal(add(fx, &after), 0);
	endpoint_text(&sx_table_get(&fx->t, 0)->ep[0], a);
	assert_string_equal(a, "10.0.0.1:5000");
	assert_int_equal(sx_table_get(&fx->t, 0)->frames[SX_REV], 1);
	endpoint_text(&sx_table_get(&fx->t, 1)->ep[0], a);
	assert_string_equal(a, "10.0.0.2:80");
	assert_int_equal(sx_table_get(&fx->t, 1)->frames[SX_FWD], 1);
	assert_int_equal(sx_table_get(&fx->t, 1)->frames[SX_REV], 1);
}

/* Wireshark's completeness rules: the first frame counts only as a SYN;
 * later ones as SYN-ACK, ACK or data, FIN with ACK, RST. */
static void
test_completeness_rules(void **state)
{
	struct fixture *fx = *state;
	const struct seg segs[] = {
		/* stream 0 starts mid-way: its first frame adds nothing */
		{ "0", "0", 1, "0x0018", "10", SX_FL_COUNT, NULL },
		{ "0", "1", 1, "0x0001", "0", SX_FL_COUNT, NULL }, /* FIN alone */
		{ "0", "2", 1, "0x0002", "0", SX_FL_COUNT, NULL }, /* late SYN */
		{ "0", "3", 0, "0x0011", "0", SX_FL_COUNT, NULL }, /* FIN-ACK */
		/* stream 1: a SYN with data (TCP Fast Open) only */
		{ "1", "4", 1, "0x0002", "20", SX_FL_COUNT, NULL },
	};
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(segs); i++)
		assert_int_equal(add(fx, &segs[i]), 0);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 0)),
	    SX_ST_ACK | SX_ST_FIN);
	assert_int_equal(sx_stream_first_end(sx_table_get(&fx->t, 0), 1),
	    SX_FWD);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 1)),
	    SX_ST_SYN | SX_ST_DATA);
}

/* tshark 4.4 and later: a stream of one frame that is not a SYN counts
 * it by the later-frame rules; older ones count nothing. */
static void
test_completeness_lone(void **state)
{
	struct fixture *fx = *state;
	const struct seg segs[] = {
		{ "0", "0", 1, "0x0018", "10", SX_FL_COUNT, NULL }, /* data */
		{ "1", "1", 1, "0x0014", "0", SX_FL_COUNT, NULL },  /* RST-ACK */
		{ "2", "2", 1, "0x0002", "0", SX_FL_COUNT, NULL },  /* SYN */
		{ "3", "3", 1, "0x0018", "5", SX_FL_COUNT, NULL },  /* two */
		{ "3", "4", 0, "0x0010", "0", SX_FL_COUNT, NULL },  /* frames */
	};
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(segs); i++)
		assert_int_equal(add(fx, &segs[i]), 0);
	sx_stream_lone_first_rule(1);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 0)),
	    SX_ST_DATA);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 1)),
	    SX_ST_ACK | SX_ST_RST);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 2)),
	    SX_ST_SYN);
	/* only a lone frame: the first of two still counts as before */
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 3)),
	    SX_ST_ACK);
	sx_stream_lone_first_rule(0);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 0)), 0);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 1)), 0);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 2)),
	    SX_ST_SYN);
}

/* When tshark shows tcp.completeness, its values win: their OR, plus
 * what the last frame adds (tshark shows each frame the value before
 * it). */
static void
test_completeness_shown(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = { { 0 } };
	/* a conversation another dissector had made before its SYN: tshark
	 * does not count that SYN */
	const char *flags[] = { "0x0002", "0x0012", "0x0010", "0x0014" };
	const char *shown[] = { "0", "0", "2", "6" };
	const char *l;
	int i;

	s.f[SX_F_STREAM] = "0";
	s.f[SX_F_TIME] = "0";
	s.f[SX_F_TCPLEN] = "0";
	for (i = 0; i < 4; i++) {
		s.f[SX_F_TCPFLAGS] = flags[i];
		s.f[SX_F_COMPLETENESS] = shown[i];
		l = join_line(&fx->line, &s);
		assert_int_equal(sx_parse_line(&fx->ps, l, strlen(l)), 0);
		assert_int_equal(sx_table_add(&fx->t, &fx->ps.frame, fx->err,
		    sizeof(fx->err)), 0);
	}
	/* derived alone would say SYN too */
	assert_int_equal(sx_table_get(&fx->t, 0)->state, SX_ST_SYN |
	    SX_ST_SYNACK | SX_ST_ACK | SX_ST_RST);
	assert_int_equal(sx_stream_completeness(sx_table_get(&fx->t, 0)),
	    SX_ST_SYNACK | SX_ST_ACK | SX_ST_RST);
}

/* Equal ports on both ends: the addresses decide the direction. */
static void
test_equal_ports(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = { { 0 } };
	const struct sx_stream *st;
	const char *l;
	int i;

	s.f[SX_F_STREAM] = "0";
	s.f[SX_F_TIME] = "0";
	s.f[SX_F_PROTOCOLS] = "eth:ethertype:ipv6:tcp:bgp";
	s.f[SX_F_SRCPORT] = "179";
	s.f[SX_F_DSTPORT] = "179";
	s.f[SX_F_TCPFLAGS] = "0x0018";
	s.f[SX_F_TCPLEN] = "19";
	for (i = 0; i < 5; i++) {
		int fwd = i != 1 && i != 3;

		s.f[SX_F_IP6_SRC] = fwd ? "fe80::1" : "fe80::2";
		s.f[SX_F_IP6_DST] = fwd ? "fe80::2" : "fe80::1";
		l = join_line(&fx->line, &s);
		assert_int_equal(sx_parse_line(&fx->ps, l, strlen(l)), 0);
		assert_int_equal(sx_table_add(&fx->t, &fx->ps.frame, fx->err,
		    sizeof(fx->err)), 0);
	}
	st = sx_table_get(&fx->t, 0);
	assert_int_equal(st->frames[SX_FWD], 3);
	assert_int_equal(st->frames[SX_REV], 2);
}

/* Stream numbers with gaps leave empty slots that are skipped. */
static void
test_sparse(void **state)
{
	struct fixture *fx = *state;
	const char *nums[] = { "0", "1", "3", "5", "1", "0" };
	size_t i, present = 0;

	for (i = 0; i < SX_ARRAY_LEN(nums); i++) {
		struct seg g = { nums[i], "0", 1, NULL, NULL, SX_FL_COUNT,
				 NULL };

		assert_int_equal(add(fx, &g), 0);
	}
	assert_int_equal(sx_table_slots(&fx->t), 6);
	for (i = 0; i < sx_table_slots(&fx->t); i++)
		present += sx_table_get(&fx->t, i) != NULL;
	assert_int_equal(present, 4);
	assert_null(sx_table_get(&fx->t, 2));
	assert_null(sx_table_get(&fx->t, 4));
	assert_null(sx_table_get(&fx->t, 6));
	assert_null(sx_table_get(&fx->t, 1000000));
	assert_int_equal(sx_stream_frames(sx_table_get(&fx->t, 1)), 2);
	assert_int_equal(fx->t.nstreams, 4);
}

/* A frame that carries several streams counts once for each, and a
 * flag on the frame counts for each (as Wireshark's filter does). */
static void
test_multi_stream_frame(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = { { 0 } };
	const char *l;
	const struct sx_ext *e0, *e1;

	s.f[SX_F_STREAM] = "0,1,0";
	s.f[SX_F_TIME] = "0";
	s.f[SX_F_PROTOCOLS] = "eth:ip:udp:sflow:eth:ip:tcp:eth:ip:tcp:eth:"
	    "ip:tcp";
	s.f[SX_F_IP_SRC] = "9.9.9.9,1.1.1.1,2.2.2.2,1.1.1.1";
	s.f[SX_F_IP_DST] = "9.9.9.8,1.1.1.2,2.2.2.3,1.1.1.2";
	s.f[SX_F_SRCPORT] = "10,20,10";
	s.f[SX_F_DSTPORT] = "11,21,11";
	s.f[SX_F_TCPFLAGS] = "0x010,0x004,0x010";
	s.f[SX_F_TCPLEN] = "5,0,7";
	s.f[FLAGF(SX_FL_RETRANSMISSION)] = "1";
	l = join_line(&fx->line, &s);
	assert_int_equal(sx_parse_line(&fx->ps, l, strlen(l)), 0);
	assert_int_equal(sx_table_add(&fx->t, &fx->ps.frame, fx->err,
	    sizeof(fx->err)), 0);
	assert_int_equal(sx_stream_frames(sx_table_get(&fx->t, 0)), 1);
	assert_int_equal(sx_stream_frames(sx_table_get(&fx->t, 1)), 1);
	e0 = sx_stream_ext(&fx->t, sx_table_get(&fx->t, 0));
	e1 = sx_stream_ext(&fx->t, sx_table_get(&fx->t, 1));
	assert_int_equal(e0->bytes[SX_FWD], 12);
	assert_int_equal(e0->flag[SX_FWD][SX_FL_RETRANSMISSION], 1);
	assert_int_equal(e1->flag[SX_FWD][SX_FL_RETRANSMISSION], 1);
	/* the frame has an RST (in stream 1's header): both count it */
	assert_int_equal(e0->rst[SX_FWD], 1);
	assert_int_equal(e1->rst[SX_FWD], 1);
	assert_int_equal(sx_stream_first_end(sx_table_get(&fx->t, 1), 0),
	    SX_FWD);
	assert_int_equal(sx_stream_first_end(sx_table_get(&fx->t, 0), 0), -1);
}

/* tshark numbers streams in order of appearance: a number far beyond
 * what it can have made by then is refused, unless a filter may have
 * hidden frames. */
static void
test_numbering_check(void **state)
{
	struct fixture *fx = *state;
	struct seg g = { "4294967294", "0", 1, NULL, NULL, SX_FL_COUNT, NULL };

	fx->t.check_numbering = 1;
	assert_int_equal(add(fx, &g), -1);
	assert_non_null(strstr(fx->err, "4294967294"));
	g.stream = "1000";
	assert_int_equal(add(fx, &g), 0);
	fx->t.check_numbering = 0;
	g.stream = "3000000";
	assert_int_equal(add(fx, &g), 0);
	assert_true(sx_table_slots(&fx->t) == 3000001);
}

/* RTT sums stay below 2^62 ns, or the line is refused: the sum of both
 * directions, and any average, cannot overflow (found by fuzz_parse). */
static void
test_rtt_sum_limit(void **state)
{
	struct fixture *fx = *state;
	struct seg g = { "0", "0", 1, NULL, NULL, SX_FL_COUNT,
	    "4611686018.0" };
	const struct sx_column *avg = sx_column_find("rtt_avg");
	const struct sx_stream *st;
	struct sx_value v;
	struct sx_row row;

	assert_int_equal(add(fx, &g), 0);
	g.rtt = "-4611686018.0";      /* back to 0 */
	assert_int_equal(add(fx, &g), 0);
	g.from_client = 0;            /* the other direction, near the top */
	g.rtt = "4611686018.0";
	assert_int_equal(add(fx, &g), 0);
	g.from_client = 1;
	g.rtt = "4611686018.0";
	assert_int_equal(add(fx, &g), 0);
	st = sx_table_get(&fx->t, 0);
	row.file = NULL;
	row.stream = 0;
	row.st = st;
	row.ext = sx_stream_ext(&fx->t, st);
	sx_column_value(avg, &row, &v);   /* both sums together */
	assert_false(v.null);
	assert_true(v.ns == INT64_C(4611686018000000000) * 2 / 4);
	/* one more pushes this direction's sum past 2^62 ns */
	g.rtt = "1.0";
	assert_int_equal(add(fx, &g), -1);
	assert_non_null(strstr(fx->err, "146 years"));
}

/* A million streams: growth by doubling, every one kept. */
static void
test_million(void **state)
{
	struct fixture *fx = *state;
	char num[16];
	size_t i;

	fx->t.check_numbering = 1;
	for (i = 0; i < 1000000; i++) {
		struct seg g = { num, "0", 1, "0x0002", NULL, SX_FL_COUNT,
				 NULL };

		snprintf(num, sizeof(num), "%zu", i);
		assert_int_equal(add(fx, &g), 0);
	}
	assert_int_equal(fx->t.nstreams, 1000000);
	assert_int_equal(sx_table_slots(&fx->t), 1000000);
	assert_true(fx->t.cap >= 1000000 && fx->t.cap < 2100000);
	/* SYN-only streams need no extended record */
	assert_int_equal(fx->t.next, 0);
	assert_int_equal(sx_stream_frames(sx_table_get(&fx->t, 999999)), 1);
	assert_true(sizeof(struct sx_stream) <= 72);
}

/* Partitions merged into one tshark's numbering: by first frame, each
 * stream whole, its extended counters with it. */
static void
test_merge(void **state)
{
	struct fixture *fx = *state;
	struct sx_table a, b, m;
	struct sx_table_part part[2];
	const uint64_t first_a[] = { 5, 1 }, first_b[] = { 3 };
	const struct seg seg_a[] = {
		{ "0", "1.0", 1, "0x0002", "0", SX_FL_COUNT, NULL },
		{ "1", "0.5", 1, "0x0018", "10", SX_FL_COUNT, NULL },
		{ "1", "0.6", 1, "0x0018", "10", SX_FL_RETRANSMISSION, NULL },
	};
	const struct seg seg_b[] = {
		{ "0", "0.7", 0, "0x0012", "0", SX_FL_COUNT, NULL },
		{ "0", "0.8", 1, "0x0010", "0", SX_FL_DUPLICATE_ACK, NULL },
		{ "0", "0.9", 1, "0x0010", "0", SX_FL_COUNT, NULL },
	};
	const struct sx_stream *st;
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(seg_a); i++)
		assert_int_equal(add(fx, &seg_a[i]), 0);
	a = fx->t;
	sx_table_init(&fx->t);
	for (i = 0; i < SX_ARRAY_LEN(seg_b); i++)
		assert_int_equal(add(fx, &seg_b[i]), 0);
	b = fx->t;
	sx_table_init(&fx->t);
	part[0] = (struct sx_table_part){ &a, first_a, 2 };
	part[1] = (struct sx_table_part){ &b, first_b, 1 };
	sx_table_init(&m);
	sx_table_merge(&m, part, 2);
	assert_int_equal(m.nstreams, 3);
	assert_int_equal(sx_table_slots(&m), 3);
	assert_int_equal(m.frames, 6);
	/* first frame 1: a's stream 1 */
	st = sx_table_get(&m, 0);
	assert_non_null(st);
	assert_int_equal(sx_stream_frames(st), 2);
	assert_int_equal(sx_stream_ext(&m, st)->flag[SX_FWD]
	    [SX_FL_RETRANSMISSION], 1);
	assert_int_equal(sx_stream_ext(&m, st)->bytes[SX_FWD], 20);
	/* first frame 3: b's stream 0 */
	st = sx_table_get(&m, 1);
	assert_non_null(st);
	assert_int_equal(sx_stream_frames(st), 3);
	assert_int_equal(sx_stream_ext(&m, st)->flag[SX_REV]
	    [SX_FL_DUPLICATE_ACK] + sx_stream_ext(&m, st)->flag[SX_FWD]
	    [SX_FL_DUPLICATE_ACK], 1);
	assert_int_equal(sx_stream_ext(&m, st)->flag[SX_FWD]
	    [SX_FL_RETRANSMISSION], 0);
	/* first frame 5: a's stream 0, a SYN alone: no extended record */
	st = sx_table_get(&m, 2);
	assert_non_null(st);
	assert_int_equal(sx_stream_frames(st), 1);
	assert_int_equal(st->ext, 0);
	assert_int_equal(m.next, 2);
	sx_table_free(&a);
	sx_table_free(&b);
	sx_table_free(&m);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_handshake_directions,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_client_rules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_equal_ports, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_completeness_lone, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_completeness_rules, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_completeness_shown, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_sparse, setup, teardown),
		cmocka_unit_test_setup_teardown(test_multi_stream_frame,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_numbering_check, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_million, setup, teardown),
		cmocka_unit_test_setup_teardown(test_rtt_sum_limit, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_merge, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
