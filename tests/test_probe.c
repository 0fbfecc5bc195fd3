/* test_probe.c - the probe's cache text: written, read back, and anything
 * else refused. */
#include "testlib.h"

#include <string.h>

#include "probe.h"

static void
test_roundtrip(void **state)
{
	struct sx_caps a = { 0 }, b = { 0 };
	struct sx_buf t = { 0 };
	char *names[] = { (char *)"http_tcp", (char *)"nano-tcp", NULL };

	(void)state;
	a.known = 1;
	a.heur = names;
	a.nheur = 2;
	a.no_field[SX_F_COMPLETENESS] = 1;
	a.prefs = 5;
	sx_caps_write(&a, &t);
	assert_string_equal(sx_buf_cstr(&t), "heuristics=http_tcp,nano-tcp\n"
	    "missing=tcp.completeness\nprefs=5\n");
	assert_int_equal(sx_caps_read(&b, t.data, t.len), 0);
	assert_int_equal(b.known, 1);
	assert_int_equal(b.nheur, 2);
	assert_string_equal(b.heur[0], "http_tcp");
	assert_string_equal(b.heur[1], "nano-tcp");
	assert_null(b.heur[2]);
	assert_int_equal(b.no_field[SX_F_COMPLETENESS], 1);
	assert_int_equal(b.no_field[SX_F_STREAM], 0);
	assert_int_equal(b.prefs, 5);
	sx_caps_free(&b);
	assert_null(b.heur);

	/* nothing found: empty lists */
	memset(&a, 0, sizeof(a));
	sx_buf_reset(&t);
	sx_caps_write(&a, &t);
	assert_int_equal(sx_caps_read(&b, t.data, t.len), 0);
	assert_int_equal(b.nheur, 0);
	assert_int_equal(b.known, 1);
	sx_caps_free(&b);
	sx_buf_free(&t);
}

static void
test_refused(void **state)
{
	static const char *const bad[] = {
		"",
		"heuristics=http_tcp\n",
		"heuristics=http_tcp\nmissing=\n",
		"heuristics=http_tcp\nmissing=\nprefs=\n",
		"heuristics=http_tcp\nmissing=\nprefs=1024\n",
		"heuristics=http_tcp\nmissing=\nprefs=x\n",
		"heuristics=http_tcp\nmissing=\nprefs=1\nmore\n",
		"heuristics=http_tcp\nmissing=no.such.field\nprefs=1\n",
		"heuristics=http_tcp\nmissing=\nprefs=1",
		"missing=\nheuristics=\nprefs=1\n",
	};
	struct sx_caps c;
	size_t i;

	(void)state;
	for (i = 0; i < SX_ARRAY_LEN(bad); i++) {
		if (sx_caps_read(&c, bad[i], strlen(bad[i])) != -1)
			fail_msg("accepted: '%s'", bad[i]);
		assert_int_equal(c.known, 0);
		assert_null(c.heur);
	}
}

/* The time limit of every probe: 30 s unless STREAMXPERT_PROBE_TIMEOUT
 * gives a positive number of seconds. */
static void
test_limit(void **state)
{
	static const struct {
		const char *env;
		long ms;
	} cases[] = {
		{ NULL, 30000 }, { "", 30000 }, { "1", 1000 },
		{ "0.5", 500 }, { "2.25", 2250 }, { "0.0001", 1 },
		{ "0", 30000 }, { "-1", 30000 }, { "x", 30000 },
		{ "5s", 30000 }, { "nan", 30000 }, { "1e9", 30000 },
	};
	size_t i;

	(void)state;
	for (i = 0; i < SX_ARRAY_LEN(cases); i++) {
		if (cases[i].env)
			setenv("STREAMXPERT_PROBE_TIMEOUT", cases[i].env, 1);
		else
			unsetenv("STREAMXPERT_PROBE_TIMEOUT");
		if (sx_probe_limit_ms() != cases[i].ms)
			fail_msg("'%s': %ld ms, want %ld", cases[i].env ?
			    cases[i].env : "(unset)", sx_probe_limit_ms(),
			    cases[i].ms);
	}
	unsetenv("STREAMXPERT_PROBE_TIMEOUT");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_roundtrip),
		cmocka_unit_test(test_refused),
		cmocka_unit_test(test_limit),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
