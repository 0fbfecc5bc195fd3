/* test_limits.c - what limited a transfer (limits.h): the time given to
 * each limit on a hand-made exchange whose answer is worked out below,
 * across a sequence-number wrap, with the sender next to the capture
 * point and 2 ms upstream of it; an unknown window scale. */
#include "testlib.h"

#include "limits.h"
#include "parse.h"

/* One frame: time (ms), direction, seq, ack, payload, window, flags,
 * MSS option (0: none), window scale unknown. */
struct fr {
	int64_t ms;
	int dir;
	uint32_t seq, ack, len, win;
	unsigned flags;
	uint16_t mss;
	int unknown;
};

#define A SX_TH_ACK
#define S SX_TH_SYN
#define F SX_TH_FIN

/* Client (0) sends 5 kB to the server (1); the times each stretch gets:
 *  10-12 network (1000 in flight, window 10000), 12-20 network,
 *  20-30 sender (nothing in flight: given when new data comes at 30),
 *  30-31 network (1000 + mss 1000 <= 2500), 31-40 rwnd (2000 + 1000 >
 *  2500), 40-50 rwnd, 50-60 rwnd (window 0, nothing in flight: given at
 *  70), 60-70 sender (given at 70), 70-75 network; then all is acked at
 *  75 and the FIN's time is not the transfer's. rwnd 29, sender 20,
 *  network 16 ms: 65 ms in all, from 10 to 75. */
static const struct fr ex[] = {
	{ 0, 0, 999, 0, 0, 64000, S, 1460, 0 },
	{ 1, 1, 4999, 1000, 0, 10000, S | A, 1000, 0 },
	{ 2, 0, 1000, 5000, 0, 64000, A, 0, 0 },
	{ 10, 0, 1000, 5000, 1000, 64000, A, 0, 0 },
	{ 12, 0, 2000, 5000, 1000, 64000, A, 0, 0 },
	{ 20, 1, 5000, 3000, 0, 2500, A, 0, 0 },
	{ 30, 0, 3000, 5000, 1000, 64000, A, 0, 0 },
	{ 31, 0, 4000, 5000, 1000, 64000, A, 0, 0 },
	{ 40, 1, 5000, 3000, 0, 2500, A, 0, 0 },
	{ 50, 1, 5000, 5000, 0, 0, A, 0, 0 },
	{ 60, 1, 5000, 5000, 0, 5000, A, 0, 0 },
	{ 70, 0, 5000, 5000, 1000, 64000, A, 0, 0 },
	{ 75, 1, 5000, 6000, 0, 5000, A, 0, 0 },
	{ 90, 0, 6000, 5000, 0, 64000, F | A, 0, 0 },
	{ 91, 1, 5000, 6001, 0, 5000, A, 0, 0 },
};

/* ack3: the time (ms) of the handshake's third frame: the client's
 * upstream round trip is ack3 - 1 ms. With ph, the phases recorded. */
static void
play(struct sx_limits *lm, uint32_t base, int unknown_at, int64_t ack3,
    struct sx_phases ph[2])
{
	size_t i;

	memset(lm, 0, sizeof(*lm));
	for (i = 0; i < SX_ARRAY_LEN(ex); i++) {
		const struct fr *x = &ex[i];
		struct sx_frame f;
		struct sx_hdr h;

		memset(&f, 0, sizeof(f));
		memset(&h, 0, sizeof(h));
		f.time_ns = (i == 2 ? ack3 : x->ms) * 1000000;
		h.has_seq = h.has_ack = h.has_len = h.has_flags = 1;
		/* each side's numbers from its own base, both moved by base */
		h.seq = x->seq + base;
		h.ack = x->ack + base;
		h.len = x->len;
		h.tcpflags = (uint16_t)x->flags;
		f.x.single = 1;
		f.x.has_win = 1;
		f.x.win = x->win;
		f.x.win_unknown = (int)i == unknown_at;
		f.x.has_mss = x->mss != 0;
		f.x.mss = x->mss;
		if (ph != NULL)
			sx_limits_add_phases(lm, x->dir, &f, &h, i == 0, ph);
		else
			sx_limits_add(lm, x->dir, &f, &h, i == 0, 0);
	}
}

/* The same exchange with its phases recorded (ack3 1). */
static void
play_phases(struct sx_limits *lm, struct sx_phases ph[2])
{
	sx_phases_init(&ph[0], 0, 91000000);
	sx_phases_init(&ph[1], 0, 91000000);
	play(lm, 0, -1, 1, ph);
	sx_limits_phases_end(lm, ph);
}

/* The phases of the worked example, as the comment above play tells
 * them: stretches of one limit merged, the pauses with nothing in flight
 * counted once new data came (20-30, 50-70), the pause after the last
 * ACK (75-91) not. */
static void
test_phases(void **state)
{
	static const struct sx_phase want[] = {
		{ 10, 20, SX_LIM_NETWORK }, { 20, 30, SX_LIM_SENDER },
		{ 30, 31, SX_LIM_NETWORK }, { 31, 60, SX_LIM_RWND },
		{ 60, 70, SX_LIM_SENDER }, { 70, 75, SX_LIM_NETWORK },
	};
	struct sx_limits lm;
	struct sx_phases ph[2];
	size_t i;
	int l;

	(void)state;
	play_phases(&lm, ph);
	assert_null(ph[0].col);
	assert_int_equal(ph[0].n, SX_ARRAY_LEN(want));
	for (i = 0; i < SX_ARRAY_LEN(want); i++) {
		assert_int_equal(ph[0].v[i].t0, want[i].t0 * 1000000);
		assert_int_equal(ph[0].v[i].t1, want[i].t1 * 1000000);
		assert_int_equal(ph[0].v[i].lim, want[i].lim);
	}
	for (l = 0; l < SX_LIM_COUNT; l++)
		assert_int_equal(ph[0].total[l],
		    sx_limits_time_ns(&lm.d[0], (enum sx_limit)l));
	assert_int_equal(ph[0].end, 75000000);
	assert_int_equal(ph[1].n, 0);   /* the server sent no data */
	sx_phases_free(&ph[0]);
	sx_phases_free(&ph[1]);
}

/* More stretches than SX_PHASES_MAX: the direction goes over to time
 * columns, and every limit's time stays exact, in the totals and in the
 * columns. 300 rounds of: data at 10i ms (network until its ACK), the
 * ACK of all of it at 10i + 5 (then sender until the next data, the
 * last pause not counted), the columns' span shorter than the transfer
 * (what is after it goes to the last column). */
static void
test_phases_columns(void **state)
{
	struct sx_limits lm;
	struct sx_phases ph[2];
	struct sx_frame f;
	struct sx_hdr h;
	int64_t sum[SX_LIM_COUNT] = { 0 }, inside;
	size_t i, k;
	int l, d;

	(void)state;
	memset(&lm, 0, sizeof(lm));
	sx_phases_init(&ph[0], 0, 2000000000);
	sx_phases_init(&ph[1], 0, 2000000000);
	for (i = 0; i < 600; i++) {
		memset(&f, 0, sizeof(f));
		memset(&h, 0, sizeof(h));
		d = (int)(i % 2);
		f.time_ns = (int64_t)(i / 2) * 10000000 + d * 5000000;
		h.has_seq = h.has_ack = h.has_len = h.has_flags = 1;
		h.tcpflags = SX_TH_ACK;
		h.seq = d ? 7 : 100 + 1000 * (uint32_t)(i / 2);
		h.ack = d ? 100 + 1000 * (uint32_t)(i / 2 + 1) : 7;
		h.len = d ? 0 : 1000;
		f.x.single = f.x.has_win = 1;
		f.x.win = 64000;
		sx_limits_add_phases(&lm, d, &f, &h, i == 0, ph);
	}
	sx_limits_phases_end(&lm, ph);
	assert_non_null(ph[0].col);
	assert_int_equal(ph[0].n, 0);
	assert_int_equal(ph[0].total[SX_LIM_NETWORK], 300 * 5000000LL);
	assert_int_equal(ph[0].total[SX_LIM_SENDER], 299 * 5000000LL);
	assert_int_equal(ph[0].total[SX_LIM_RWND], 0);
	for (k = 0; k < SX_PHASES_COLS; k++) {
		inside = 0;
		for (l = 0; l < SX_LIM_COUNT; l++) {
			sum[l] += ph[0].col[k][l];
			inside += ph[0].col[k][l];
		}
		if (k + 1 < SX_PHASES_COLS)   /* a column holds its width */
			assert_true(inside <= sx_phases_edge(&ph[0], k + 1) -
			    sx_phases_edge(&ph[0], k));
	}
	for (l = 0; l < SX_LIM_COUNT; l++) {
		assert_int_equal(sum[l], ph[0].total[l]);
		assert_int_equal(ph[0].total[l],
		    sx_limits_time_ns(&lm.d[0], (enum sx_limit)l));
	}
	sx_phases_free(&ph[0]);
	sx_phases_free(&ph[1]);
}

static void
test_exchange(void **state)
{
	static const uint32_t bases[] = { 0, 0xfffff000u, 0x7ffffc00u };
	struct sx_limits lm;
	size_t b;

	(void)state;
	for (b = 0; b < SX_ARRAY_LEN(bases); b++) {
		play(&lm, bases[b], -1, 1, NULL);
		assert_int_equal(lm.d[0].t[SX_LIM_RWND], 29000000);
		assert_int_equal(lm.d[0].t[SX_LIM_SENDER], 20000000);
		assert_int_equal(lm.d[0].t[SX_LIM_NETWORK], 16000000);
		assert_int_equal(sx_limits_transfer_ns(&lm.d[0]), 65000000);
		assert_int_equal(lm.d[0].first_ns, 10000000);
		assert_true(sx_limits_known(&lm.d[0]));
		/* the server sent no data */
		assert_int_equal(sx_limits_transfer_ns(&lm.d[1]), 0);
		assert_false(sx_limits_known(&lm.d[1]));
	}
}

/* The client 2 ms upstream of the capture point (the handshake's ACK 2
 * ms after the SYN-ACK): what the server sends reaches it 2 ms after the
 * capture saw it. 10-22 network (the ACK of 20 arrives at 22), 22-30
 * sender, 30-31 network, 31-52 rwnd (the zero window of 50 arrives at
 * 52), 52-62 rwnd, 62-70 sender, 70-77 network (the last ACK, seen at
 * 75, arrives at 77): rwnd 31, sender 16, network 20 ms, from 10 to 77. */
static void
test_upstream(void **state)
{
	struct sx_limits lm;

	(void)state;
	play(&lm, 0, -1, 3, NULL);
	assert_int_equal(lm.d[0].up_ns, 2000000);
	assert_int_equal(lm.d[1].up_ns, 1000000);
	assert_int_equal(sx_limits_time_ns(&lm.d[0], SX_LIM_RWND), 31000000);
	assert_int_equal(sx_limits_time_ns(&lm.d[0], SX_LIM_SENDER), 16000000);
	assert_int_equal(sx_limits_time_ns(&lm.d[0], SX_LIM_NETWORK),
	    20000000);
	assert_int_equal(sx_limits_transfer_ns(&lm.d[0]), 67000000);
}

/* A window of the receiver with an unknown scale: the times are kept,
 * but the limits are not known. */
static void
test_unknown_scale(void **state)
{
	struct sx_limits lm;

	(void)state;
	play(&lm, 0, 5, 1, NULL);
	assert_false(sx_limits_known(&lm.d[0]));
	assert_int_equal(sx_limits_transfer_ns(&lm.d[0]), 65000000);
	/* an unknown scale of the client's own frames does not matter */
	play(&lm, 0, 4, 1, NULL);
	assert_true(sx_limits_known(&lm.d[0]));
}

/* Timestamps that go backwards give no time. */
static void
test_backwards(void **state)
{
	struct sx_limits lm;
	struct sx_frame f;
	struct sx_hdr h;

	(void)state;
	memset(&lm, 0, sizeof(lm));
	memset(&f, 0, sizeof(f));
	memset(&h, 0, sizeof(h));
	h.has_seq = h.has_ack = h.has_len = h.has_flags = 1;
	h.tcpflags = A;
	h.seq = 1;
	h.len = 100;
	f.time_ns = 5000;
	sx_limits_add(&lm, 0, &f, &h, 1, 0);
	h.seq = 101;
	f.time_ns = 1000;
	sx_limits_add(&lm, 0, &f, &h, 0, 5000);
	assert_int_equal(sx_limits_transfer_ns(&lm.d[0]), 0);
	f.time_ns = 3000;
	sx_limits_add(&lm, 0, &f, &h, 0, 1000);
	assert_int_equal(lm.d[0].t[SX_LIM_NETWORK], 2000);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_exchange),
		cmocka_unit_test(test_phases),
		cmocka_unit_test(test_phases_columns),
		cmocka_unit_test(test_upstream),
		cmocka_unit_test(test_unknown_scale),
		cmocka_unit_test(test_backwards),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
