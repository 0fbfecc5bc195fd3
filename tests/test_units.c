/* test_units.c - the table's units (units.h), the edit distance behind
 * "did you mean", and column names by header (names.h). */
#include "testlib.h"

#include <stdio.h>
#include <string.h>

#include "names.h"
#include "units.h"

#define MS 1000000LL
#define SEC 1000000000LL

static void
test_count(void **state)
{
	char b[SX_UNIT_LEN];

	(void)state;
	assert_string_equal(sx_unit_count(b, 0), "0");
	assert_string_equal(sx_unit_count(b, 9999), "9999");
	assert_string_equal(sx_unit_count(b, 10000), "10,000");
	assert_string_equal(sx_unit_count(b, 123456), "123,456");
	assert_string_equal(sx_unit_count(b, 1234567), "1,234,567");
	assert_string_equal(sx_unit_count(b, UINT64_MAX),
	    "18,446,744,073,709,551,615");
}

static void
test_bitrate(void **state)
{
	char b[SX_UNIT_LEN];

	(void)state;
	/* bytes per second in, bits per second out */
	assert_string_equal(sx_unit_bitrate(b, 0), "0bit/s");
	assert_string_equal(sx_unit_bitrate(b, 100), "800bit/s");
	assert_string_equal(sx_unit_bitrate(b, 124.9), "999bit/s");
	assert_string_equal(sx_unit_bitrate(b, 124.99), "1.0kbit/s");
	assert_string_equal(sx_unit_bitrate(b, 124993), "999.9kbit/s");
	assert_string_equal(sx_unit_bitrate(b, 124994), "1.0Mbit/s");
	assert_string_equal(sx_unit_bitrate(b, 125), "1.0kbit/s");
	assert_string_equal(sx_unit_bitrate(b, 6800171.969046),
	    "54.4Mbit/s");
	assert_string_equal(sx_unit_bitrate(b, 125e6), "1.0Gbit/s");
	assert_string_equal(sx_unit_bitrate(b, 1.25e14), "1.0Pbit/s");
	assert_string_equal(sx_unit_bitrate(b, 1.25e20), "1000000.0Pbit/s");
}

static void
test_percent(void **state)
{
	char b[SX_UNIT_LEN];

	(void)state;
	assert_string_equal(sx_unit_percent(b, 0), "0%");
	assert_string_equal(sx_unit_percent(b, 1), "100%");
	assert_string_equal(sx_unit_percent(b, 0.00001), "<0.01%");
	assert_string_equal(sx_unit_percent(b, 0.0001), "0.01%");
	assert_string_equal(sx_unit_percent(b, 0.037625), "3.76%");
	assert_string_equal(sx_unit_percent(b, 0.537129), "53.7%");
	assert_string_equal(sx_unit_percent(b, 0.09996), "10.0%");
}

static void
test_ms(void **state)
{
	char b[SX_UNIT_LEN];

	(void)state;
	assert_string_equal(sx_unit_ms(b, 0), "0ms");
	assert_string_equal(sx_unit_ms(b, 1000), "0.001ms");
	assert_string_equal(sx_unit_ms(b, 697000), "0.697ms");
	assert_string_equal(sx_unit_ms(b, 6970000), "6.97ms");
	assert_string_equal(sx_unit_ms(b, 69700000), "69.7ms");
	assert_string_equal(sx_unit_ms(b, 697 * MS), "697ms");
	assert_string_equal(sx_unit_ms(b, 12345 * MS), "12,345ms");
}

static void
test_duration(void **state)
{
	char b[SX_UNIT_LEN];

	(void)state;
	assert_string_equal(sx_unit_duration(b, 0), "0ms");
	assert_string_equal(sx_unit_duration(b, 6483000), "6.48ms");
	assert_string_equal(sx_unit_duration(b, 1234 * MS), "1.234s");
	assert_string_equal(sx_unit_duration(b, 12345 * MS), "12.35s");
	assert_string_equal(sx_unit_duration(b, 59994 * MS), "59.99s");
	assert_string_equal(sx_unit_duration(b, 59996 * MS), "1m0s");
	assert_string_equal(sx_unit_duration(b, 83 * SEC), "1m23s");
	assert_string_equal(sx_unit_duration(b, (5 * 3600 + 7 * 60 + 59) *
	    SEC), "5h7m");
	/* the 2678277.111 s: 30 days and 23 hours */
	assert_string_equal(sx_unit_duration(b, 2678277111 * MS), "30d23h");
	assert_string_equal(sx_unit_duration(b, (2 * 86400 + 3 * 3600) *
	    SEC), "2d3h");
	assert_string_equal(sx_unit_duration(b, -1500 * MS), "-1.500000s");
}

static void
test_average(void **state)
{
	char b[SX_UNIT_LEN];

	(void)state;
	assert_string_equal(sx_unit_average(b, 0), "0.0");
	assert_string_equal(sx_unit_average(b, 9.246933), "9.2");
	assert_string_equal(sx_unit_average(b, 99.94), "99.9");
	assert_string_equal(sx_unit_average(b, 101.452970), "101");
	assert_string_equal(sx_unit_average(b, 65488.524912), "65,489");
}

/* The unit follows what the column measures. */
static void
test_column_units(void **state)
{
	static const struct {
		const char *name;
		enum sx_unit unit;
	} want[] = {
		{ "stream", SX_U_PLAIN }, { "src", SX_U_PLAIN },
		{ "completeness", SX_U_PLAIN }, { "frames", SX_U_COUNT },
		{ "bytes", SX_U_COUNT }, { "win_max", SX_U_COUNT },
		{ "throughput", SX_U_BITRATE }, { "goodput_rev", SX_U_BITRATE },
		{ "retrans_rate", SX_U_PERCENT },
		{ "zero_window_share", SX_U_PERCENT },
		{ "rtt_avg", SX_U_RTT }, { "irtt", SX_U_RTT },
		{ "rtt_sd_fwd", SX_U_RTT }, { "duration", SX_U_DURATION },
		{ "idle_max", SX_U_DURATION }, { "win_avg", SX_U_AVERAGE },
		{ "round_trips", SX_U_AVERAGE },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(want) / sizeof(want[0]); i++)
		assert_int_equal(sx_column_unit(sx_column_find(want[i].name)),
		    want[i].unit);
	assert_int_equal(sx_column_unit(sx_summary_column_find(
	    "worst_retrans_rate")), SX_U_PERCENT);
	assert_int_equal(sx_column_unit(sx_summary_column_find(
	    "worst_stream")), SX_U_PLAIN);
}

static void
test_edit_distance(void **state)
{
	char longer[80];

	(void)state;
	assert_int_equal(sx_edit_distance("", ""), 0);
	assert_int_equal(sx_edit_distance("abc", ""), 3);
	assert_int_equal(sx_edit_distance("", "abc"), 3);
	assert_int_equal(sx_edit_distance("kitten", "sitting"), 3);
	assert_int_equal(sx_edit_distance("retrnas", "retrans"), 2);
	assert_int_equal(sx_edit_distance("dupak", "dupack"), 1);
	memset(longer, 'a', sizeof(longer) - 1);
	longer[sizeof(longer) - 1] = '\0';
	assert_true(sx_edit_distance(longer, "a") == (size_t)-1);
}

/* Every header names its column, in both lists; names come first. */
static void
test_headers(void **state)
{
	const struct sx_column *c;
	size_t i, n;
	int summary;
	char hint[160];

	(void)state;
	for (summary = 0; summary <= 1; summary++) {
		c = summary ? sx_summary_columns(&n) : sx_columns(&n);
		for (i = 0; i < n; i++) {
			assert_ptr_equal(sx_name_column(c[i].name, summary),
			    &c[i]);
			assert_ptr_equal(sx_name_column(c[i].head, summary),
			    &c[i]);
		}
	}
	assert_null(sx_name_column("nosuch", 0));
	sx_name_suggest("retrnas", 0, hint, sizeof(hint));
	assert_string_equal(hint, "did you mean retrans?");
	sx_name_suggest("dupacks", 0, hint, sizeof(hint));
	assert_string_equal(hint, "did you mean dupack?");
	sx_name_suggest("statu", 1, hint, sizeof(hint));
	assert_string_equal(hint, "did you mean status?");
	sx_name_suggest("status", 0, hint, sizeof(hint));
	assert_string_equal(hint, "it is a --summary column");
	sx_name_suggest("zzzzzzzzzzzz", 0, hint, sizeof(hint));
	assert_string_equal(hint, "");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_count),
		cmocka_unit_test(test_bitrate),
		cmocka_unit_test(test_percent),
		cmocka_unit_test(test_ms),
		cmocka_unit_test(test_duration),
		cmocka_unit_test(test_average),
		cmocka_unit_test(test_column_units),
		cmocka_unit_test(test_edit_distance),
		cmocka_unit_test(test_headers),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
