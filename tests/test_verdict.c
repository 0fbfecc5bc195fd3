/* test_verdict.c - the diagnosis rules as a pure function: numbers in,
 * findings out, no table built; and the verdict's words. The numbers are
 * those the man page's DIAGNOSIS rules name. */
#include "testlib.h"

#include "verdict.h"

#define B SX_FINDING_BIT

/* A stream that saw its handshake and nothing wrong: 10 s, 20 frames,
 * its data in 40 round trips with no limit in the majority. */
static void
healthy(struct sx_verdict_in *in)
{
	memset(in, 0, sizeof(*in));
	in->completeness = 1 | 2 | 4 | 8 | 16;
	in->frames = 20;
	in->frames_side[0] = in->frames_side[1] = 10;
	in->duration_ns = 10000000000LL;
	in->zw_share[0] = in->zw_share[1] = 0;
	in->rtts = in->rtts_side[0] = in->rtts_side[1] = 40;
	for (int side = 0; side < 2; side++) {
		in->rwnd_share[side] = 0.4;
		in->snd_share[side] = 0.3;
		in->net_share[side] = 0.3;
	}
}

static void
test_ok(void **state)
{
	struct sx_verdict_in in;

	(void)state;
	healthy(&in);
	assert_int_equal(sx_verdict(&in), 0);
	/* no duration: the shares are absent, not a finding */
	in.zw_share[0] = in.zw_share[1] = -1;
	assert_int_equal(sx_verdict(&in), 0);
}

static void
test_refused_unanswered(void **state)
{
	struct sx_verdict_in in;

	(void)state;
	healthy(&in);
	in.completeness = 1 | 32;           /* SYN, RST: no SYN-ACK */
	in.rst[1] = 1;
	/* refused hides the reset it is made of, and idle */
	in.idle_ns = in.duration_ns;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_REFUSED, 0));
	in.rst[1] = 0;
	in.frames_side[1] = 0;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_UNANSWERED, 0));
	/* with a SYN-ACK it is neither */
	in.completeness = 1 | 2;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_IDLE, 0));
}

static void
test_receiver_limited(void **state)
{
	struct sx_verdict_in in;

	(void)state;
	healthy(&in);
	/* a share above 0.5 as printed: 0.5000004 prints 0.500000 */
	in.rwnd_share[0] = 0.5000004;
	assert_int_equal(sx_verdict(&in), 0);
	in.rwnd_share[0] = 0.5000006;
	/* the window of the data src sends is dst's: dst is the receiver */
	assert_int_equal(sx_verdict(&in), B(SX_FIND_RECEIVER_LIMITED, 1));
	/* the zero-window share is no rule of its own any more */
	in.rwnd_share[0] = 0.4;
	in.zw_share[1] = 0.9;
	assert_int_equal(sx_verdict(&in), 0);
	/* absent shares are no finding */
	in.rwnd_share[1] = -1;
	assert_int_equal(sx_verdict(&in), 0);
}

static void
test_sender_network_limited(void **state)
{
	struct sx_verdict_in in;

	(void)state;
	healthy(&in);
	in.snd_share[0] = 0.8;
	in.net_share[1] = 0.6;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_SENDER_LIMITED, 0) |
	    B(SX_FIND_NETWORK_LIMITED, 1));
	/* a direction of a few round trips names no limit */
	in.rtts_side[1] = 5;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_SENDER_LIMITED, 0));
	in.rtts_side[1] = 5.0000006;        /* prints 5.000001 */
	assert_int_equal(sx_verdict(&in), B(SX_FIND_SENDER_LIMITED, 0) |
	    B(SX_FIND_NETWORK_LIMITED, 1));
}

static void
test_latency_bound(void **state)
{
	struct sx_verdict_in in;

	(void)state;
	healthy(&in);
	in.snd_share[0] = 0.8;
	/* the whole exchange in at most 5 round trips: only that */
	in.rtts = 5.0000004;                /* prints 5.000000 */
	assert_int_equal(sx_verdict(&in), B(SX_FIND_LATENCY_BOUND, 0));
	in.rtts = 0;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_LATENCY_BOUND, 0));
	/* without an RTT it is absent: the limits decide */
	in.rtts = -1;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_SENDER_LIMITED, 0));
}

static void
test_loss_and_reset(void **state)
{
	struct sx_verdict_in in;

	(void)state;
	healthy(&in);
	in.lost_down[0] = 2;
	in.lost_up[1] = 1;
	in.rst[0] = 1;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_LOSS_DOWNSTREAM, 0) |
	    B(SX_FIND_LOSS_UPSTREAM, 1) | B(SX_FIND_RESET, 0));
}

static void
test_idle(void **state)
{
	struct sx_verdict_in in;

	(void)state;
	healthy(&in);
	/* at least 1 s and at least half the duration, as printed */
	in.idle_ns = 5000000000LL;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_IDLE, 0));
	in.idle_ns = 4999999000LL;
	assert_int_equal(sx_verdict(&in), 0);
	in.idle_ns = 4999999500LL;          /* prints 5.000000 */
	assert_int_equal(sx_verdict(&in), B(SX_FIND_IDLE, 0));
	in.duration_ns = 1500000000LL;
	in.idle_ns = 999999000LL;
	assert_int_equal(sx_verdict(&in), 0);
}

static void
test_capture(void **state)
{
	struct sx_verdict_in in;

	(void)state;
	healthy(&in);
	in.unfilled = 1;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_CAPTURE_GAPS, 0));
	in.unfilled = 0;
	in.ack_lost = 3;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_CAPTURE_GAPS, 0));
	in.dups = 1;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_CAPTURE_GAPS, 0) |
	    B(SX_FIND_DUPLICATES, 0));
	/* numbers only --explain reads change nothing */
	in.gap_overflow = 9;
	in.reordered[0] = 4;
	in.fast_retrans[1] = 2;
	assert_int_equal(sx_verdict(&in), B(SX_FIND_CAPTURE_GAPS, 0) |
	    B(SX_FIND_DUPLICATES, 0));
}

static void
test_format(void **state)
{
	char buf[400];

	(void)state;
	sx_verdict_format(0, buf, sizeof(buf));
	assert_string_equal(buf, "ok");
	sx_verdict_format(B(SX_FIND_RECEIVER_LIMITED, 1) |
	    B(SX_FIND_RESET, 0), buf, sizeof(buf));
	assert_string_equal(buf, "receiver_limited:dst,reset:src");
	sx_verdict_format(B(SX_FIND_REFUSED, 0) | B(SX_FIND_DUPLICATES, 0),
	    buf, sizeof(buf));
	assert_string_equal(buf, "refused,duplicates");
	/* every finding on both sides fits and is cut cleanly when short */
	sx_verdict_format(0xffffff, buf, sizeof(buf));
	assert_non_null(strstr(buf, "duplicates"));
	assert_non_null(strstr(buf, "network_limited:dst"));
	sx_verdict_format(0xffffff, buf, 20);
	assert_true(strlen(buf) < 20);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_ok),
		cmocka_unit_test(test_refused_unanswered),
		cmocka_unit_test(test_receiver_limited),
		cmocka_unit_test(test_sender_network_limited),
		cmocka_unit_test(test_latency_bound),
		cmocka_unit_test(test_loss_and_reset),
		cmocka_unit_test(test_idle),
		cmocka_unit_test(test_capture),
		cmocka_unit_test(test_format),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
