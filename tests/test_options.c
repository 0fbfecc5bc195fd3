/* test_options.c - the parsers of option arguments (--sort, --top). */
#include "testlib.h"

#include "options.h"

static void
test_sort(void **state)
{
	const struct sx_column *c = NULL;
	char err[256];
	int desc = -1;

	(void)state;
	assert_int_equal(sx_sort_parse("retransmission", &c, &desc, err,
	    sizeof(err)), 0);
	assert_string_equal(c->name, "retransmission");
	assert_int_equal(desc, 1);            /* a count: worst first */
	assert_int_equal(sx_sort_parse("src", &c, &desc, err,
	    sizeof(err)), 0);
	assert_string_equal(c->name, "src");
	assert_int_equal(desc, 0);            /* text: ascending */
	assert_int_equal(sx_sort_parse("stream", &c, &desc, err,
	    sizeof(err)), 0);
	assert_int_equal(desc, 0);
	assert_int_equal(sx_sort_parse("rtt_avg_fwd:asc", &c, &desc, err,
	    sizeof(err)), 0);
	assert_string_equal(c->name, "rtt_avg_fwd");
	assert_int_equal(desc, 0);
	assert_int_equal(sx_sort_parse("src:desc", &c, &desc, err,
	    sizeof(err)), 0);
	assert_int_equal(desc, 1);
}

static void
test_sort_errors(void **state)
{
	static const char *const bad[] = {
		"", ":asc", "nosuch", "retransmission:", "retransmission:up",
		"retransmission:asc:desc", "src:ASC", " src", "src,dst",
	};
	const struct sx_column *c = NULL;
	char err[256], longname[300];
	size_t i;
	int desc = 7;

	(void)state;
	for (i = 0; i < SX_ARRAY_LEN(bad); i++) {
		err[0] = '\0';
		assert_int_equal(sx_sort_parse(bad[i], &c, &desc, err,
		    sizeof(err)), -1);
		assert_true(strstr(err, "--sort") != NULL);
		assert_null(c);   /* nothing stored on an error */
		assert_int_equal(desc, 7);
	}
	/* a name longer than any column, with and without an order */
	memset(longname, 'a', sizeof(longname) - 1);
	longname[sizeof(longname) - 1] = '\0';
	assert_int_equal(sx_sort_parse(longname, &c, &desc, err,
	    sizeof(err)), -1);
	assert_true(strlen(err) < sizeof(err) - 1);
	memcpy(longname + 100, ":asc", 5);
	assert_int_equal(sx_sort_parse(longname, &c, &desc, err,
	    sizeof(err)), -1);
	/* a tiny error buffer is cut, never overrun */
	assert_int_equal(sx_sort_parse("nosuch", &c, &desc, err, 4), -1);
	assert_string_equal(err, "unk");
}

static void
test_top(void **state)
{
	static const char *const bad[] = {
		"", "0", "-1", "+1", " 1", "1 ", "1x", "0x10", "1e3",
		"99999999999999999999999",
	};
	char err[256];
	size_t top = 0, i;

	(void)state;
	assert_int_equal(sx_top_parse("1", &top, err, sizeof(err)), 0);
	assert_int_equal(top, 1);
	assert_int_equal(sx_top_parse("18446744073709551615", &top, err,
	    sizeof(err)), 0);
	assert_true(top == SIZE_MAX);
	for (i = 0; i < SX_ARRAY_LEN(bad); i++) {
		top = 5;
		assert_int_equal(sx_top_parse(bad[i], &top, err,
		    sizeof(err)), -1);
		assert_int_equal(top, 5);
		assert_true(strstr(err, "--top wants a number") != NULL);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sort),
		cmocka_unit_test(test_sort_errors),
		cmocka_unit_test(test_top),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
