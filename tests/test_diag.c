/* test_diag.c - the diagnosis state: loss location, gap bound, sequence
 * wrap, duplicates, zero-window time (the verdict: test_verdict.c). */
#include "testlib.h"

#include "columns.h"
#include "diag.h"
#include "parse.h"

/* One header of a frame, as the parser would fill it. */
struct seg {
	uint32_t seq, ack, len, win;
	unsigned flags;        /* TCP flags */
	uint32_t wsflags;      /* sx_flag bits */
	uint16_t ipid;
	int64_t t;
};

static void
feed(struct sx_diag *dg, int dir, const struct seg *s, int first,
    int64_t prev)
{
	struct sx_frame f;
	struct sx_hdr h;

	memset(&f, 0, sizeof(f));
	memset(&h, 0, sizeof(h));
	f.time_ns = s->t;
	f.flags = s->wsflags;
	h.has_seq = h.has_ack = h.has_win = h.has_ipid = 1;
	h.has_len = h.has_flags = 1;
	h.seq = s->seq;
	h.ack = s->ack;
	h.len = s->len;
	h.win = s->win;
	h.tcpflags = (uint16_t)s->flags;
	h.ipid = s->ipid;
	sx_diag_add(dg, dir, &f, &h, first, prev);
}

#define RT (1u << SX_FL_RETRANSMISSION)
#define SP (1u << SX_FL_SPURIOUS_RETRANSMISSION)
#define OOO (1u << SX_FL_OUT_OF_ORDER)
#define LOST (1u << SX_FL_LOST_SEGMENT)
#define ZW (1u << SX_FL_ZERO_WINDOW)

/* Feed segments of one direction, 1 ms apart, IP IDs counting up. */
static void
run(struct sx_diag *dg, const struct seg *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct seg s = v[i];

		if (s.t == 0)
			s.t = (int64_t)(i + 1) * 1000000;
		if (s.ipid == 0)
			s.ipid = (uint16_t)(100 + i);
		feed(dg, 0, &s, i == 0, (int64_t)i * 1000000);
	}
}

/* Upstream and downstream loss across the 2^32 wrap. */
static void
test_wrap(void **state)
{
	struct sx_diag dg;
	const uint32_t b = 0xfffffa00u;   /* 1536 bytes before the wrap */
	const struct seg v[] = {
		{ b, 1, 1000, 100, 0x10, 0, 0, 0 },
		/* [b+1000, b+2000) missing: it straddles 2^32 */
		{ b + 2000, 1, 1000, 100, 0x10, LOST, 0, 0 },
		{ b + 1000, 1, 1000, 100, 0x10, RT, 0, 0 },   /* fills: up */
		{ b + 2000, 1, 1000, 100, 0x10, RT, 0, 0 },   /* seen: down */
		{ b + 2000, 1, 1000, 100, 0x10, RT | SP, 0, 0 }, /* spurious */
		{ b - 500, 1, 100, 100, 0x10, RT, 0, 0 },     /* before lo */
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	assert_int_equal(dg.d[0].lost_up, 1);
	assert_int_equal(dg.d[0].lost_up_bytes, 1000);
	assert_int_equal(dg.d[0].lost_down, 1);
	assert_int_equal(dg.d[0].lost_down_bytes, 1000);
	assert_int_equal(dg.d[0].ngaps, 0);
	assert_int_equal(dg.d[0].hi, b + 3000);
	/* the segment before the first one seen moves lo back */
	assert_int_equal(dg.d[0].lo, b - 500);
}

/* Five holes: the fifth is past the bound; a segment inside a hole cuts
 * it in two (needs a slot: none, so the upper part is dropped too). */
static void
test_gap_bound(void **state)
{
	struct sx_diag dg;
	struct seg v[8];
	size_t i;

	(void)state;
	memset(&dg, 0, sizeof(dg));
	memset(v, 0, sizeof(v));
	for (i = 0; i < 6; i++) {   /* 0, 200, 400, ...: holes in between */
		v[i].seq = (uint32_t)(200 * i);
		v[i].len = 100;
		v[i].flags = 0x10;
		v[i].wsflags = i ? LOST : 0;
	}
	v[6].seq = 130;              /* inside hole [100, 200) */
	v[6].len = 20;
	v[6].flags = 0x10;
	v[6].wsflags = OOO;
	v[7].seq = 900;              /* in the untracked hole [900, 1000) */
	v[7].len = 100;
	v[7].flags = 0x10;
	v[7].wsflags = RT;
	run(&dg, v, 8);
	assert_int_equal(dg.d[0].ngaps, 4);
	/* the fifth hole, then the upper part of the cut one */
	assert_int_equal(dg.d[0].gap_overflow, 2);
	assert_int_equal(dg.d[0].reordered, 1);
	/* a fill of an untracked hole counts downstream, as documented */
	assert_int_equal(dg.d[0].lost_down, 1);
	assert_int_equal(dg.d[0].lost_up, 0);
}

/* A transfer longer than 1 GiB: the seen space keeps the last 2^30 below
 * its end, a hole left behind is dropped and counted as unfilled, and a
 * retransmission far below the space counts as neither. */
static void
test_seen_window(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 0, 1, 1000, 100, 0x10, 0, 0, 0 },
		{ 2000, 1, 1000, 100, 0x10, LOST, 0, 0 },       /* hole */
		{ 0x50000000u, 1, 1000, 100, 0x10, 0, 0, 0 },   /* +1.25 GiB */
		{ 1000, 1, 1000, 100, 0x10, RT, 0, 0 },         /* far below */
		{ 0x4ffff000u, 1, 1000, 100, 0x10, RT, 0, 0 },  /* inside */
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	assert_int_equal(dg.d[0].ngaps, 0);
	assert_int_equal(dg.d[0].gap_expired, 1);
	assert_int_equal(dg.d[0].lo, 0x50000000u + 1000 - SX_DIAG_SEEN_MAX);
	assert_int_equal(dg.d[0].lost_up, 0);
	assert_int_equal(dg.d[0].lost_down, 1);
}

/* A copy (same IP ID, seq, ack, length, flags) right after its original
 * is a duplicate; a retransmission with a new IP ID is not. */
static void
test_duplicates(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 1000, 5, 100, 100, 0x18, 0, 7, 0 },
		{ 1000, 5, 100, 100, 0x18, RT, 7, 0 },     /* copy */
		{ 1000, 5, 100, 100, 0x18, RT, 8, 0 },     /* resent */
		{ 1000, 5, 100, 100, 0x18, RT, 8, 0 },     /* its copy */
		{ 1100, 5, 100, 100, 0x18, 0, 8, 0 },      /* new data */
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	assert_int_equal(dg.d[0].dups, 2);
	assert_int_equal(dg.d[0].lost_down, 1);
}

/* Zero window from t = 2 ms to the next frame with an open window at
 * t = 5 ms; a second period open at the end counts to the last frame. */
static void
test_zero_window(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 1, 1, 0, 100, 0x10, 0, 0, 0 },       /* 1 ms */
		{ 1, 1, 0, 0, 0x10, ZW, 0, 0 },        /* 2 ms: closed */
		{ 1, 1, 0, 0, 0x10, ZW, 0, 0 },        /* 3 ms: still */
		{ 1, 1, 0, 0, 0x11, 0, 0, 0 },         /* 4 ms: FIN, window 0 */
		{ 1, 1, 0, 500, 0x10, 0, 0, 0 },       /* 5 ms: open */
		{ 1, 1, 0, 0, 0x10, ZW, 0, 0 },        /* 6 ms: closed again */
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	assert_int_equal(sx_diag_zero_window_ns(&dg, 0, 6000000), 3000000);
	assert_int_equal(sx_diag_zero_window_ns(&dg, 0, 9000000), 6000000);
	/* an end before the start (time went backwards) adds nothing */
	assert_int_equal(sx_diag_zero_window_ns(&dg, 0, 1000000), 3000000);
	assert_int_equal(sx_diag_zero_window_ns(&dg, 1, 9000000), 0);
	assert_int_equal(dg.idle_max_ns, 1000000);
}

/* The diagnosis fields are read per header: ip.id from each header's own
 * IPv4 header (frame.protocols), the rest as tcp.len is. */
static void
test_parse_fields(void **state)
{
	struct sx_fieldset fs;
	struct sx_parser ps;
	struct sx_buf b = { 0 };
	struct line_spec l;
	const char *line;

	(void)state;
	memset(&fs, 0, sizeof(fs));
	sx_diag_fields(&fs);
	sx_parser_init(&ps, SX_FLAGSTYLE_FIELDS, &fs);
	memset(&l, 0, sizeof(l));
	l.f[SX_F_STREAM] = "3";
	l.f[SX_F_TIME] = "0.5";
	l.f[SX_F_PROTOCOLS] = "eth:ethertype:ip:ip:tcp";
	l.f[SX_F_IP_SRC] = "10.0.0.1,192.0.2.1";
	l.f[SX_F_IP_DST] = "10.0.0.2,192.0.2.2";
	l.f[SX_F_SRCPORT] = "1000";
	l.f[SX_F_DSTPORT] = "80";
	l.f[SX_F_TCPFLAGS] = "0x0018";
	l.f[SX_F_TCPLEN] = "10";
	l.f[SX_F_SEQ_RAW] = "4294967295";
	l.f[SX_F_ACK_RAW] = "7";
	l.f[SX_F_IP_ID] = "0x1234,0xbeef";
	l.f[SX_F_WINDOW] = "0";
	line = join_line_fs(&b, &l, &fs);
	assert_int_equal(sx_parse_line(&ps, line, strlen(line)), 0);
	assert_int_equal(ps.frame.nhdr, 1);
	assert_true(ps.frame.hdr[0].has_seq && ps.frame.hdr[0].has_ack &&
	    ps.frame.hdr[0].has_win && ps.frame.hdr[0].has_ipid);
	assert_int_equal(ps.frame.hdr[0].seq, 4294967295u);
	assert_int_equal(ps.frame.hdr[0].ack, 7);
	assert_int_equal(ps.frame.hdr[0].win, 0);
	assert_int_equal(ps.frame.hdr[0].ipid, 0xbeef);   /* the inner one */
	/* IPv6: no IP ID */
	l.f[SX_F_PROTOCOLS] = "eth:ethertype:ipv6:tcp";
	l.f[SX_F_IP_SRC] = l.f[SX_F_IP_DST] = l.f[SX_F_IP_ID] = "";
	l.f[SX_F_IP6_SRC] = "2001:db8::1";
	l.f[SX_F_IP6_DST] = "2001:db8::2";
	line = join_line_fs(&b, &l, &fs);
	assert_int_equal(sx_parse_line(&ps, line, strlen(line)), 0);
	assert_false(ps.frame.hdr[0].has_ipid);
	/* bad values are refused, not skipped */
	l.f[SX_F_IP_ID] = "0x12345";
	line = join_line_fs(&b, &l, &fs);
	assert_int_equal(sx_parse_line(&ps, line, strlen(line)), -1);
	assert_non_null(strstr(ps.err, "ip.id"));
	l.f[SX_F_IP_ID] = "";
	l.f[SX_F_SEQ_RAW] = "4294967296";
	line = join_line_fs(&b, &l, &fs);
	assert_int_equal(sx_parse_line(&ps, line, strlen(line)), -1);
	assert_non_null(strstr(ps.err, "tcp.seq_raw"));
	sx_parser_free(&ps);
	sx_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_wrap),
		cmocka_unit_test(test_gap_bound),
		cmocka_unit_test(test_seen_window),
		cmocka_unit_test(test_duplicates),
		cmocka_unit_test(test_zero_window),
		cmocka_unit_test(test_parse_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
