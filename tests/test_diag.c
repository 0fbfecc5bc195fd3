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
	uint32_t tsval;        /* the timestamp option when tsval != 0 */
	uint32_t unused;
	uint32_t dsack_s, dsack_e; /* a D-SACK block when dsack_e != 0 */
};

/* The working state of the table the tests feed (one per test), and the
 * stream fed. */
static struct sx_diag_work *work;
static uint32_t stream_fed = 1;

static int
setup(void **state)
{
	(void)state;
	work = sx_diag_work_new();
	return 0;
}

static int
teardown(void **state)
{
	(void)state;
	sx_diag_work_free(work);
	work = NULL;
	return 0;
}

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
	h.has_ts = s->tsval != 0;
	h.tsval = s->tsval;
	h.has_dsack = s->dsack_e != 0;
	h.dsack_s = s->dsack_s;
	h.dsack_e = s->dsack_e;
	sx_diag_add(work, dg, stream_fed, dir, &f, &h, first, prev);
}

/* An ACK of direction 1 at t ns (the previous frame at prev) holding
 * [sack_s, sack_e) in a SACK block, none when sack_e is 0. */
static void
feed_sack(struct sx_diag *dg, int64_t t, int64_t prev, uint32_t ack,
    uint16_t ipid, uint32_t sack_s, uint32_t sack_e)
{
	struct sx_frame f;
	struct sx_hdr h;

	memset(&f, 0, sizeof(f));
	memset(&h, 0, sizeof(h));
	f.time_ns = t;
	h.has_seq = h.has_ack = h.has_win = h.has_ipid = 1;
	h.has_len = h.has_flags = h.has_ts = 1;
	h.seq = 5;
	h.ack = ack;
	h.win = 100;
	h.tcpflags = 0x10;
	h.ipid = ipid;
	h.tsval = 900;
	h.nsack = sack_e != 0;
	h.sack_s[0] = sack_s;
	h.sack_e[0] = sack_e;
	sx_diag_add(work, dg, stream_fed, 1, &f, &h, 0, prev);
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
		{ b, 1, 1000, 100, 0x10, 0, 0, 0, 0, 0, 0, 0 },
		/* [b+1000, b+2000) missing: it straddles 2^32 */
		{ b + 2000, 1, 1000, 100, 0x10, LOST, 0, 0, 0, 0, 0, 0 },
		{ b + 1000, 1, 1000, 100, 0x10, RT, 0, 0, 0, 0, 0, 0 }, /* up */
		{ b + 2000, 1, 1000, 100, 0x10, RT, 0, 0, 0, 0, 0, 0 }, /* down */
		{ b + 2000, 1, 1000, 100, 0x10, RT | SP, 0, 0, 0, 0, 0, 0 },
		{ b - 500, 1, 100, 100, 0x10, RT, 0, 0, 0, 0, 0, 0 }, /* < lo */
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

/* SX_DIAG_GAPS holes are tracked, one more is counted in gap_overflow;
 * a segment inside a hole cuts it in two (no slot left: the upper part
 * is counted too); filling holes frees slots again. */
static void
test_gap_bound(void **state)
{
	struct sx_diag dg;
	struct seg s;
	uint32_t i;

	(void)state;
	memset(&dg, 0, sizeof(dg));
	memset(&s, 0, sizeof(s));
	s.flags = 0x10;
	s.len = 100;
	for (i = 0; i <= SX_DIAG_GAPS + 1; i++) {   /* holes in between */
		s.seq = 200 * i;
		s.ipid = (uint16_t)(i + 1);
		s.t = (int64_t)i * 1000;
		feed(&dg, 0, &s, i == 0, s.t - 1000);
	}
	assert_int_equal(dg.d[0].ngaps, SX_DIAG_GAPS);
	assert_int_equal(dg.d[0].gap_overflow, 1);
	s.seq = 130;                  /* inside hole [100, 200) */
	s.len = 20;
	feed(&dg, 0, &s, 0, s.t);
	assert_int_equal(dg.d[0].gap_overflow, 2);
	assert_int_equal(dg.d[0].ngaps, SX_DIAG_GAPS);
	/* its IP ID is later than the opener's, of a sender shown numbering
	 * one by one since: a resending */
	assert_int_equal(dg.d[0].lost_up, 1);
	s.seq = 300;                  /* fills [300, 400) whole */
	s.len = 100;
	s.wsflags = RT;
	feed(&dg, 0, &s, 0, s.t);
	assert_int_equal(dg.d[0].ngaps, SX_DIAG_GAPS - 1);
	assert_int_equal(dg.d[0].lost_up, 2);
}

/* A transfer longer than 1 GiB: the seen space keeps the last 2^30 below
 * its end, a hole left behind is dropped and counted as unfilled, and a
 * retransmission far below the space counts as neither. */
static void
test_seen_window(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 0, 1, 1000, 100, 0x10, 0, 0, 0, 0, 0, 0, 0 },
		{ 2000, 1, 1000, 100, 0x10, LOST, 0, 0, 0, 0, 0, 0 },  /* hole */
		{ 0x50000000u, 1, 1000, 100, 0x10, 0, 0, 0, 0, 0, 0, 0 },
		{ 1000, 1, 1000, 100, 0x10, RT, 0, 0, 0, 0, 0, 0 }, /* far below */
		{ 0x4ffff000u, 1, 1000, 100, 0x10, RT, 0, 0, 0, 0, 0, 0 },
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

/* Copies are the same transmission seen twice within a few ms, found
 * among recent frames even with others in between; a resending with the
 * same IP ID 300 ms later, one with another TSval, and RSTs without IP
 * ID or timestamp are not copies. */
static void
test_duplicates(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 1000, 5, 100, 100, 0x18, 0, 7, 1000000, 0, 0, 0, 0 },
		{ 1100, 5, 100, 100, 0x18, 0, 8, 1100000, 0, 0, 0, 0 },
		{ 1000, 5, 100, 100, 0x18, RT, 7, 1200000, 0, 0, 0, 0 }, /* copy */
		{ 1100, 5, 100, 100, 0x18, RT, 8, 1300000, 0, 0, 0, 0 }, /* copy */
		{ 1000, 5, 100, 100, 0x18, RT, 7, 301000000, 0, 0, 0, 0 },
		{ 1000, 5, 100, 100, 0x18, RT, 9, 302000000, 77, 0, 0, 0 },
		{ 1000, 5, 100, 100, 0x18, RT, 9, 302100000, 78, 0, 0, 0 },
		{ 1000, 5, 100, 100, 0x18, RT, 9, 302200000, 78, 0, 0, 0 },
		{ 1200, 0, 0, 0, 0x04, 0, 0, 303000000, 0, 0, 0, 0 },
		{ 1200, 0, 0, 0, 0x04, 0, 0, 303000001, 0, 0, 0, 0 },
	};
	size_t i;

	(void)state;
	memset(&dg, 0, sizeof(dg));
	for (i = 0; i < SX_ARRAY_LEN(v); i++)   /* the RSTs: IP ID 0 */
		feed(&dg, 0, &v[i], i == 0, 0);
	assert_int_equal(dg.d[0].dups, 3);
	/* the resendings: 300 ms later, then TSval 77 and 78 */
	assert_int_equal(dg.d[0].lost_down, 3);
}

/* The bulk lab's SYN-ACK sent twice by Linux 77 us apart (its timer and
 * the answer to the client's repeated SYN), IP ID 0, one TSval, reaching
 * the capture point 2 us apart: two sendings, not a copy. In a capture
 * with copies (the SYN's copy seen first) the same pair is a copy. */
static void
test_synack_twice(void **state)
{
	struct sx_diag dg;
	const struct seg syn = { 500, 0, 0, 64240, 0x02, 0, 0x320e, 1000000,
	    900, 0, 0, 0 };
	const struct seg sa = { 700, 501, 0, 65160, 0x12, 0, 0, 2000000,
	    4000, 0, 0, 0 };
	struct seg sa2 = sa;

	(void)state;
	sa2.t += 2000;
	memset(&dg, 0, sizeof(dg));
	feed(&dg, 0, &syn, 1, 0);
	feed(&dg, 1, &sa, 0, syn.t);
	feed(&dg, 1, &sa2, 0, sa.t);
	assert_int_equal(dg.d[0].dups + dg.d[1].dups, 0);
	/* the capture holds every frame twice */
	memset(&dg, 0, sizeof(dg));
	stream_fed++;
	feed(&dg, 0, &syn, 1, 0);
	feed(&dg, 1, &sa, 0, syn.t);
	feed(&dg, 0, &syn, 0, sa.t);      /* the SYN's copy */
	feed(&dg, 1, &sa2, 0, syn.t);
	assert_int_equal(dg.d[0].dups, 1);
	assert_int_equal(dg.d[1].dups, 1);
	stream_fed = 1;
}

/* The frames a copy is looked for among are the last SX_DIAG_RECENT of
 * its own stream and direction: any number of another stream's frames
 * in between change nothing (so -j N, each tshark with some of the
 * connections, finds the same copies); one more of its own pushes the
 * original out. */
static void
test_copy_window(void **state)
{
	struct sx_diag dg, other;
	struct seg a = { 1000, 5, 100, 100, 0x18, 0, 7, 1000000, 0, 0, 0, 0 };
	struct seg x = a;
	int i;

	(void)state;
	memset(&dg, 0, sizeof(dg));
	memset(&other, 0, sizeof(other));
	feed(&dg, 0, &a, 1, 0);
	stream_fed = 2;
	for (i = 0; i < 4 * SX_DIAG_RECENT; i++) {
		x.seq = 5000 + 100 * (uint32_t)i;
		x.ipid = (uint16_t)(20 + i);
		x.t = a.t + i;
		feed(&other, 0, &x, i == 0, x.t);
	}
	stream_fed = 1;
	a.t += 10000;
	feed(&dg, 0, &a, 0, a.t);
	assert_int_equal(dg.d[0].dups, 1);
	assert_int_equal(other.d[0].dups, 0);
	/* SX_DIAG_RECENT - 1 frames of its own: still in the window */
	x = a;
	for (i = 0; i < SX_DIAG_RECENT - 1; i++) {
		x.seq = 1100 + 100 * (uint32_t)i;
		x.ipid = (uint16_t)(8 + i);
		x.t = a.t + 1 + i;
		feed(&dg, 0, &x, 0, x.t);
	}
	a.t = x.t + 1;
	feed(&dg, 0, &a, 0, a.t);
	assert_int_equal(dg.d[0].dups, 2);
	/* one more: out of it */
	x.seq += 100;
	x.ipid++;
	x.t = a.t + 1;
	feed(&dg, 0, &x, 0, x.t);
	a.t = x.t + 1;
	feed(&dg, 0, &a, 0, a.t);
	assert_int_equal(dg.d[0].dups, 2);
	stream_fed = 1;
}

/* A pure ACK numbered after data still on its way opens no hole: the
 * data then counts as neither loss nor reordering. */
static void
test_pure_ack(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 1000, 5, 100, 100, 0x18, 0, 0, 0, 0, 0, 0, 0 },
		{ 1200, 5, 0, 100, 0x10, LOST, 0, 0, 0, 0, 0, 0 },  /* ACK */
		{ 1100, 5, 100, 100, 0x18, RT, 0, 0, 0, 0, 0, 0 },
		{ 1200, 5, 100, 100, 0x18, 0, 0, 0, 0, 0, 0, 0 },
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	assert_int_equal(dg.d[0].lost_up + dg.d[0].lost_down +
	    dg.d[0].reordered + dg.d[0].ngaps, 0);
	assert_int_equal(dg.d[0].hi, 1300);
}

/* Data into a hole sent after the frame that opened it (a later IP ID
 * of a sender that numbers frames one by one) is a resending, whatever
 * Wireshark flags; sent before it, reordering. */
static void
test_hole_fill(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 0, 5, 100, 100, 0x10, 0, 10, 0, 0, 0, 0, 0 },
		{ 100, 5, 100, 100, 0x10, 0, 11, 0, 0, 0, 0, 0 },
		{ 200, 5, 100, 100, 0x10, 0, 12, 0, 0, 0, 0, 0 },
		{ 300, 5, 100, 100, 0x10, 0, 13, 0, 0, 0, 0, 0 },
		{ 400, 5, 100, 100, 0x10, 0, 14, 0, 0, 0, 0, 0 },
		{ 500, 5, 100, 100, 0x10, 0, 15, 0, 0, 0, 0, 0 },
		{ 600, 5, 100, 100, 0x10, 0, 16, 0, 0, 0, 0, 0 },
		{ 700, 5, 100, 100, 0x10, 0, 17, 0, 0, 0, 0, 0 },
		{ 800, 5, 100, 100, 0x10, 0, 18, 0, 0, 0, 0, 0 },
		{ 1100, 5, 100, 100, 0x10, LOST, 21, 0, 0, 0, 0, 0 },
		{ 900, 5, 100, 100, 0x10, OOO, 19, 0, 0, 0, 0, 0 },  /* before */
		{ 1000, 5, 100, 100, 0x10, OOO, 22, 0, 0, 0, 0, 0 }, /* after */
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	assert_int_equal(dg.d[0].reordered, 1);
	assert_int_equal(dg.d[0].lost_up, 1);
	assert_int_equal(dg.d[0].ngaps, 0);
}

/* A hole opened early in a connection, before its sender's IP IDs were
 * shown numbering its frames one by one, filled after they were (the
 * short lab's fast retransmission of a segment lost upstream, 100 us
 * after the frame that opened the hole, with the same TSval, flagged
 * out-of-order): the later IP ID shows a resending. Before the sender
 * was shown so it is not known and Wireshark's out-of-order flag says
 * reordered. */
static void
test_hole_fill_proven_later(void **state)
{
	struct sx_diag dg;
	struct seg v[14];
	size_t i;

	(void)state;
	memset(v, 0, sizeof(v));
	for (i = 0; i < 13; i++) {
		v[i].seq = (uint32_t)(i < 3 ? i : i + 1) * 100;
		v[i].ack = 5;
		v[i].len = v[i].win = 100;
		v[i].flags = 0x10;
		v[i].ipid = (uint16_t)(10 + (i < 3 ? i : i + 1));
		v[i].tsval = 77;
	}
	v[3].wsflags = LOST;             /* 400 opens the hole 300-400 */
	v[13] = v[0];
	v[13].seq = 300;
	v[13].wsflags = OOO;
	v[13].ipid = 10 + 14;            /* sent after all of them */
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));    /* 11 steps of 1 before the fill */
	assert_int_equal(dg.d[0].lost_up, 1);
	assert_int_equal(dg.d[0].reordered, 0);
	/* filled after only 5 steps of 1: not known, Wireshark's flag */
	memset(&dg, 0, sizeof(dg));
	v[8] = v[13];
	v[8].ipid = 10 + 9;
	run(&dg, v, 9);
	assert_int_equal(dg.d[0].lost_up, 0);
	assert_int_equal(dg.d[0].reordered, 1);
}

/* A hole whose order IP IDs and TSval cannot tell: filled after the
 * receiver asked for its first byte three times (an ACK and two
 * duplicates), a resending, though Wireshark flags it out-of-order (as
 * it may when the capture holds copies); asked once, as flagged. */
static void
test_hole_fill_asked(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 0, 5, 100, 100, 0x10, 0, 10, 1000000, 77, 0, 0, 0 },
		{ 100, 5, 100, 100, 0x10, 0, 11, 1000100, 77, 0, 0, 0 },
		{ 300, 5, 100, 100, 0x10, LOST, 13, 1000200, 77, 0, 0, 0 },
		{ 400, 5, 100, 100, 0x10, 0, 14, 1000300, 77, 0, 0, 0 },
		{ 500, 5, 100, 100, 0x10, 0, 15, 1000400, 77, 0, 0, 0 },
	};
	struct seg fill = { 200, 5, 100, 100, 0x10, OOO, 16, 1000900, 77, 0,
	    0, 0 };
	struct seg ack = { 5, 200, 0, 500, 0x10, 0, 50, 1000500, 90, 0, 0, 0 };
	size_t i, n;

	(void)state;
	for (n = 1; n <= 3; n += 2) {
		memset(&dg, 0, sizeof(dg));
		stream_fed = (uint32_t)(10 + n);
		for (i = 0; i < SX_ARRAY_LEN(v); i++)
			feed(&dg, 0, &v[i], i == 0, 0);
		for (i = 0; i < n; i++) {
			ack.ipid = (uint16_t)(50 + i);
			ack.t = 1000500 + (int64_t)i * 100;
			feed(&dg, 1, &ack, 0, 0);
		}
		feed(&dg, 0, &fill, 0, 0);
		assert_int_equal(dg.d[0].lost_up, n == 3);
		assert_int_equal(dg.d[0].reordered, n == 1);
	}
	stream_fed = 1;
}

/* Frames the network delivers late in a block: after IP IDs counted up
 * one by one (a counter), a step of 41 opens a hole that the late
 * frames, sent before its opener (lower IP IDs, the same TSval tick,
 * flagged retransmissions by Wireshark), fill: reordered, not lost. A
 * sender whose IP IDs never counted up is not trusted so. */
static void
test_reorder_block(void **state)
{
	struct sx_diag dg;
	struct seg v[21];
	size_t i;
	int counter;

	(void)state;
	for (counter = 1; counter >= 0; counter--) {
		memset(v, 0, sizeof(v));
		for (i = 0; i < 10; i++) {
			v[i].seq = (uint32_t)i * 100;
			v[i].ipid = (uint16_t)(counter ? 10 + i : 10 + 3 * i);
		}
		v[10].seq = 2000;                    /* hole 1000-2000 */
		v[10].ipid = (uint16_t)(v[9].ipid + 41);
		v[10].wsflags = LOST;
		for (i = 11; i < 21; i++) {
			v[i].seq = (uint32_t)(i - 1) * 100;
			v[i].ipid = (uint16_t)(v[9].ipid + (i - 10));
			v[i].wsflags = RT;
		}
		for (i = 0; i < 21; i++) {
			v[i].ack = 5;
			v[i].len = v[i].win = 100;
			v[i].flags = 0x10;
			v[i].tsval = 77;
		}
		memset(&dg, 0, sizeof(dg));
		run(&dg, v, SX_ARRAY_LEN(v));
		assert_int_equal(dg.d[0].reordered, counter ? 10 : 0);
		assert_int_equal(dg.d[0].lost_up, counter ? 0 : 10);
	}
}

/* A recovery whose first resending was lost before the capture point:
 * the receiver asks for 1000; the IP IDs skip one right before a
 * resending of 1200 (the sender resends in order: the frame not seen
 * was the resending of 1000), so the next resending of 1000 is charged
 * upstream, that of 1200 downstream. When the skip comes right before a
 * resending of 1000 itself, that one is the second resending only if
 * the sender's last new data was short (it had nothing new to send);
 * after a full segment the skipped frame may have been new data. */
static void
test_resend_lost_again(void **state)
{
	struct sx_diag dg;
	struct seg s, ack;
	int64_t t = 0;
	int k;
	uint32_t i;
	uint16_t id = 10;

	(void)state;
	for (k = 0; k < 3; k++) {
		memset(&dg, 0, sizeof(dg));
		stream_fed = (uint32_t)(20 + k);
		memset(&s, 0, sizeof(s));
		memset(&ack, 0, sizeof(ack));
		s.ack = 5;
		s.win = 100;
		s.flags = 0x10;
		s.tsval = 77;
		ack.seq = 5;
		ack.ack = 1000;
		ack.win = 500;
		ack.flags = 0x10;
		ack.tsval = 90;
		ack.ipid = 300;
		for (i = 0; i < 15; i++) {
			s.seq = i * 100;
			s.len = k == 1 && i == 14 ? 50 : 100;
			s.ipid = id++;
			s.t = t += 1000000;
			feed(&dg, 0, &s, i == 0, t - 1000000);
		}
		for (i = 0; i < 3; i++) {       /* asks for 1000 three times */
			ack.ipid++;
			ack.t = t += 1000000;
			feed(&dg, 1, &ack, 0, t - 1000000);
		}
		id++;                           /* a resending not seen */
		s.len = 100;
		s.wsflags = RT;
		s.tsval = 99;
		s.seq = k == 0 ? 1200 : 1000;
		s.ipid = id++;
		s.t = t += 1000000;
		feed(&dg, 0, &s, 0, t - 1000000);
		if (k == 0) {
			s.seq = 1000;
			s.ipid = id++;
			s.t = t += 1000000;
			feed(&dg, 0, &s, 0, t - 1000000);
		}
		assert_int_equal(dg.d[0].lost_up, k == 2 ? 0 : 1);
		assert_int_equal(dg.d[0].lost_down, k == 1 ? 0 : 1);
	}
	stream_fed = 1;
}

/* A skip right after a resending (of 1000) and before one of 1300: the
 * frame not seen resent the bytes after the previous resending (1100; a
 * sender resends in order), not the ones the peer asks for, whose
 * resending was seen; the next resending of 1100 counts upstream. */
static void
test_resend_in_order(void **state)
{
	struct sx_diag dg;
	struct seg s, ack;
	int64_t t = 0;
	uint32_t i;
	uint16_t id = 10;

	(void)state;
	memset(&dg, 0, sizeof(dg));
	stream_fed = 40;
	memset(&s, 0, sizeof(s));
	memset(&ack, 0, sizeof(ack));
	s.ack = 5;
	s.win = 100;
	s.flags = 0x10;
	s.tsval = 77;
	s.len = 100;
	ack.seq = 5;
	ack.ack = 1000;
	ack.win = 500;
	ack.flags = 0x10;
	ack.tsval = 90;
	ack.ipid = 300;
	for (i = 0; i < 15; i++) {
		s.seq = i * 100;
		s.ipid = id++;
		s.t = t += 1000000;
		feed(&dg, 0, &s, i == 0, t - 1000000);
	}
	for (i = 0; i < 3; i++) {
		ack.ipid++;
		ack.t = t += 1000000;
		feed(&dg, 1, &ack, 0, t - 1000000);
	}
	s.wsflags = RT;
	s.tsval = 99;
	s.seq = 1000;                   /* seen */
	s.ipid = id++;
	s.t = t += 1000000;
	feed(&dg, 0, &s, 0, t - 1000000);
	id++;                           /* 1100, not seen */
	s.seq = 1300;
	s.ipid = id++;
	s.t = t += 1000000;
	feed(&dg, 0, &s, 0, t - 1000000);
	ack.ack = 1100;
	ack.ipid++;
	ack.t = t += 1000000;
	feed(&dg, 1, &ack, 0, t - 1000000);
	s.seq = 1100;
	s.ipid = id++;
	s.t = t += 1000000;
	feed(&dg, 0, &s, 0, t - 1000000);
	assert_int_equal(dg.d[0].lost_up, 1);
	assert_int_equal(dg.d[0].lost_down, 2);
	stream_fed = 1;
}

/* The last segment of a reply lost before the capture point: its
 * resending starts at the highest sequence number seen, unflagged, but
 * its IP ID skips one and it was sent later (newer TSval). */
static void
test_tail_resend(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 0, 5, 100, 100, 0x10, 0, 10, 0, 50, 0, 0, 0 },
		{ 100, 5, 100, 100, 0x10, 0, 11, 0, 50, 0, 0, 0 },
		{ 200, 5, 100, 100, 0x10, 0, 12, 0, 50, 0, 0, 0 },
		{ 300, 5, 100, 100, 0x10, 0, 13, 0, 50, 0, 0, 0 },
		{ 400, 5, 100, 100, 0x10, 0, 14, 0, 50, 0, 0, 0 },
		{ 500, 5, 100, 100, 0x10, 0, 15, 0, 50, 0, 0, 0 },
		{ 600, 5, 100, 100, 0x10, 0, 16, 0, 50, 0, 0, 0 },
		{ 700, 5, 100, 100, 0x10, 0, 17, 0, 50, 0, 0, 0 },
		{ 800, 5, 100, 100, 0x10, 0, 18, 0, 50, 0, 0, 0 },
		{ 900, 5, 50, 100, 0x18, 0, 20, 0, 250, 0, 0, 0 },
	};

	struct seg last = v[SX_ARRAY_LEN(v) - 1];
	struct seg ack;
	int acked;

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	assert_int_equal(dg.d[0].lost_up, 1);
	assert_int_equal(dg.d[0].lost_up_bytes, 50);
	/* within one tick of the TSval clock (a fast link): a resending
	 * once the receiver has acknowledged everything below it since the
	 * frame before the skip; without that ACK, not known */
	memset(&ack, 0, sizeof(ack));
	ack.seq = 5;
	ack.ack = 900;
	ack.win = 500;
	ack.flags = 0x10;
	ack.ipid = 400;
	ack.t = 9500000;
	for (acked = 0; acked <= 1; acked++) {
		memset(&dg, 0, sizeof(dg));
		stream_fed = (uint32_t)(30 + acked);
		run(&dg, v, SX_ARRAY_LEN(v) - 1);
		if (acked)
			feed(&dg, 1, &ack, 0, 9000000);
		last.tsval = 50;
		last.t = 9600000;
		feed(&dg, 0, &last, 0, 9000000);
		assert_int_equal(dg.d[0].lost_up, acked);
	}
	/* skipped right after a resending (of 300): resendings lost
	 * again, so the data at the top that follows is new, not a tail */
	memset(&dg, 0, sizeof(dg));
	stream_fed = 32;
	run(&dg, v, SX_ARRAY_LEN(v) - 1);
	last = v[3];
	last.wsflags = RT;
	last.ipid = 19;
	last.t = 9500000;
	feed(&dg, 0, &last, 0, 9000000);
	last = v[SX_ARRAY_LEN(v) - 1];
	last.ipid = 21;
	last.t = 9600000;
	feed(&dg, 0, &last, 0, 9500000);
	assert_int_equal(dg.d[0].lost_up, 0);
	/* the lost tail numbered by a frame without payload after the skip
	 * (seq 950): its resending is flagged retransmission, and counts */
	memset(&dg, 0, sizeof(dg));
	stream_fed = 33;
	run(&dg, v, SX_ARRAY_LEN(v) - 1);
	last = v[SX_ARRAY_LEN(v) - 1];
	last.seq = 950;
	last.len = 0;
	last.ipid = 20;
	last.t = 9500000;
	feed(&dg, 0, &last, 0, 9000000);
	last = v[SX_ARRAY_LEN(v) - 1];
	last.wsflags = RT;
	last.ipid = 21;
	last.t = 9600000;
	feed(&dg, 0, &last, 0, 9500000);
	assert_int_equal(dg.d[0].lost_up, 1);
	stream_fed = 1;
}

/* A counter shared by a host's connections steps by 1 a few times in a
 * row, then by more (frames of other connections): not frames lost, so
 * new data after a pause is not a resending. */
static void
test_shared_ipid(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 0, 5, 100, 100, 0x10, 0, 10, 100000000, 0, 0, 0, 0 },
		{ 100, 5, 100, 100, 0x10, 0, 11, 200000000, 0, 0, 0, 0 },
		{ 200, 5, 100, 100, 0x10, 0, 12, 300000000, 0, 0, 0, 0 },
		{ 300, 5, 100, 100, 0x10, 0, 13, 400000000, 0, 0, 0, 0 },
		{ 400, 5, 100, 100, 0x10, 0, 22, 500000000, 0, 0, 0, 0 },
		{ 500, 5, 100, 100, 0x10, 0, 30, 600000000, 0, 0, 0, 0 },
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));   /* 100 ms apart, no timestamps */
	assert_int_equal(dg.d[0].lost_up, 0);
}

/* A retransmission the receiver shows was not needed is not loss: a
 * D-SACK of its bytes takes back the latest one inside them. */
static void
test_spurious(void **state)
{
	struct sx_diag dg;
	struct seg s;
	const struct seg v[] = {
		{ 0, 5, 100, 100, 0x10, 0, 10, 1000000, 40, 0, 0, 0 },
		{ 100, 5, 100, 100, 0x10, 0, 11, 2000000, 40, 0, 0, 0 },
		{ 100, 5, 100, 100, 0x10, RT, 12, 250000000, 290, 0, 0, 0 },
		{ 0, 5, 100, 100, 0x10, RT, 13, 260000000, 300, 0, 0, 0 },
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	assert_int_equal(dg.d[0].lost_down, 2);
	memset(&s, 0, sizeof(s));
	s.seq = 5;
	s.flags = 0x10;
	s.t = 261000000;
	s.ack = 200;          /* covers both */
	s.tsval = 900;
	s.dsack_s = 100;      /* D-SACK of the first */
	s.dsack_e = 200;
	s.ipid = 500;
	feed(&dg, 1, &s, 0, 260000000);
	assert_int_equal(dg.d[0].lost_down, 1);
	assert_int_equal(dg.d[0].lost_down_bytes, 100);
	/* a D-SACK after an ACK covered the bytes still counts (it comes
	 * when the resending reaches the receiver); one of bytes no
	 * resending kept covers takes nothing back */
	s.t = 262000000;
	s.ipid = 501;
	s.dsack_s = 0;
	s.dsack_e = 100;
	feed(&dg, 1, &s, 0, 261000000);
	assert_int_equal(dg.d[0].lost_down, 0);
	s.ipid = 502;
	s.t = 263000000;
	feed(&dg, 1, &s, 0, 262000000);
	assert_int_equal(dg.d[0].lost_down, 0);
	assert_int_equal(dg.d[0].lost_down_bytes, 0);
}

/* A resending of bytes the receiver's latest ACK holds in a SACK block
 * is no loss (its D-SACK may be lost); bytes outside the blocks, or
 * after an ACK without blocks, are. */
static void
test_sacked(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 0, 5, 100, 100, 0x10, 0, 10, 1000000, 40, 0, 0, 0 },
		{ 100, 5, 100, 100, 0x10, 0, 11, 2000000, 41, 0, 0, 0 },
		{ 200, 5, 100, 100, 0x10, 0, 12, 3000000, 42, 0, 0, 0 },
	};
	const struct seg resend[] = {
		{ 200, 5, 100, 100, 0x10, RT, 13, 9000000, 50, 0, 0, 0 },
		{ 100, 5, 100, 100, 0x10, RT, 14, 9100000, 50, 0, 0, 0 },
		{ 200, 5, 100, 100, 0x10, RT, 15, 9300000, 51, 0, 0, 0 },
	};

	(void)state;
	memset(&dg, 0, sizeof(dg));
	run(&dg, v, SX_ARRAY_LEN(v));
	/* the receiver asks for 100 and holds [200, 300) */
	feed_sack(&dg, 8000000, 3000000, 100, 500, 200, 300);
	feed(&dg, 0, &resend[0], 0, 8000000);
	assert_int_equal(dg.d[0].lost_down, 0);
	feed(&dg, 0, &resend[1], 0, 9000000);
	assert_int_equal(dg.d[0].lost_down, 1);
	assert_int_equal(dg.d[0].lost_down_bytes, 100);
	/* an ACK without blocks: the receiver holds nothing above it */
	feed_sack(&dg, 9200000, 9100000, 100, 501, 0, 0);
	feed(&dg, 0, &resend[2], 0, 9200000);
	assert_int_equal(dg.d[0].lost_down, 2);
	assert_int_equal(dg.d[0].lost_down_bytes, 200);
}

/* Data at the top after a skip that follows a resending: a tail lost
 * before the capture point when that resending left nothing the
 * receiver asked for (its ACK and SACK blocks), else the skipped frames
 * may have been resendings. */
static void
tail_after_resend(uint32_t sack_s, int want_up)
{
	struct sx_diag dg;
	struct seg v[10];
	const struct seg resend =
		{ 500, 5, 100, 100, 0x10, RT, 110, 20000000, 60, 0, 0, 0 };
	const struct seg top =   /* IP ID 111 not seen: 1000 sent there */
		{ 1000, 5, 100, 100, 0x10, 0, 112, 60000000, 100, 0, 0, 0 };
	size_t i;

	memset(&dg, 0, sizeof(dg));
	memset(v, 0, sizeof(v));
	for (i = 0; i < 10; i++) {   /* IP IDs 100 to 109, one by one */
		v[i].seq = (uint32_t)(100 * i);
		v[i].ack = 5;
		v[i].len = 100;
		v[i].win = 100;
		v[i].flags = 0x10;
		v[i].tsval = (uint32_t)(40 + i);
	}
	run(&dg, v, SX_ARRAY_LEN(v));
	/* the receiver asks for 500 and holds [sack_s, 1000) */
	feed_sack(&dg, 15000000, 10000000, 500, 500, sack_s, 1000);
	feed(&dg, 0, &resend, 0, 15000000);
	assert_int_equal(dg.d[0].lost_down, 1);
	feed(&dg, 0, &top, 0, 20000000);
	assert_int_equal(dg.d[0].lost_up, want_up);
	assert_int_equal(dg.d[0].lost_up_bytes, want_up ? 100 : 0);
}

static void
test_tail_after_resend(void **state)
{
	(void)state;
	tail_after_resend(600, 1);   /* nothing left: new data was lost */
	tail_after_resend(700, 0);   /* [600, 700) left: maybe its resending */
}

/* Zero window from t = 2 ms to the next frame with an open window at
 * t = 5 ms; a second period open at the end counts to the last frame. */
static void
test_zero_window(void **state)
{
	struct sx_diag dg;
	const struct seg v[] = {
		{ 1, 1, 0, 100, 0x10, 0, 0, 0, 0, 0, 0, 0 },       /* 1 ms */
		{ 1, 1, 0, 0, 0x10, ZW, 0, 0, 0, 0, 0, 0 },        /* 2 ms: closed */
		{ 1, 1, 0, 0, 0x10, ZW, 0, 0, 0, 0, 0, 0 },        /* 3 ms: still */
		{ 1, 1, 0, 0, 0x11, 0, 0, 0, 0, 0, 0, 0 },         /* 4 ms: FIN, window 0 */
		{ 1, 1, 0, 500, 0x10, 0, 0, 0, 0, 0, 0, 0 },       /* 5 ms: open */
		{ 1, 1, 0, 0, 0x10, ZW, 0, 0, 0, 0, 0, 0 },        /* 6 ms: closed again */
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

/* The diagnosis fields (those a diagnosis column asks for) are read per
 * header: ip.id from each header's own IPv4 header (frame.protocols),
 * the rest as tcp.len is. */
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
	sx_column_fields(sx_column_find("lost_upstream"), &fs);
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
		cmocka_unit_test_setup_teardown(test_wrap, setup, teardown),
		cmocka_unit_test_setup_teardown(test_gap_bound, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_seen_window, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy_window, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_duplicates, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_synack_twice, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pure_ack, setup, teardown),
		cmocka_unit_test_setup_teardown(test_hole_fill, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_hole_fill_proven_later,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_hole_fill_asked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_shared_ipid, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_reorder_block, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_resend_lost_again, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_resend_in_order, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tail_resend, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_spurious, setup, teardown),
		cmocka_unit_test_setup_teardown(test_sacked, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tail_after_resend, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_zero_window, setup,
		    teardown),
		cmocka_unit_test(test_parse_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
