/* test_shard.c - --shard's argument and the share of each shard. */
#include "testlib.h"

#include "shard.h"

/* A made-up environment: NAME=VALUE pairs. */
static const char *const *fake;

static const char *
fake_env(const char *name)
{
	size_t i, n = strlen(name);

	for (i = 0; fake && fake[i]; i++)
		if (strncmp(fake[i], name, n) == 0 && fake[i][n] == '=')
			return fake[i] + n + 1;
	return NULL;
}

static int
parse(const char *arg, struct sx_shard *s)
{
	char err[256];

	return sx_shard_parse(arg, fake_env, s, err, sizeof(err));
}

static void
test_plain(void **state)
{
	static const char *const bad[] = {
		"", "/", "1", "1/", "/3", "3/3", "4/3", "0/0", "-1/3", "1/-3",
		"+1/3", " 1/3", "1/3 ", "1/2/3", "1/1000001", "k8s", "slurm/3",
		"x/3", "0x1/3", "k8s/0",
	};
	struct sx_shard s = { 9, 9 };
	size_t i;

	(void)state;
	fake = NULL;
	assert_int_equal(parse("0/1", &s), 0);
	assert_true(s.k == 0 && s.n == 1);
	assert_int_equal(parse("4/5", &s), 0);
	assert_true(s.k == 4 && s.n == 5);
	assert_int_equal(parse("999999/1000000", &s), 0);
	for (i = 0; i < SX_ARRAY_LEN(bad); i++) {
		s.k = s.n = 7;
		assert_int_equal(parse(bad[i], &s), -1);
		assert_true(s.k == 7 && s.n == 7);  /* nothing stored */
	}
}

static void
test_env(void **state)
{
	static const char *const k8s[] = { "JOB_COMPLETION_INDEX=2", NULL };
	static const char *const k8s_bad[] = { "JOB_COMPLETION_INDEX=x",
	    NULL };
	/* --array=1-8: IDs 1..8, the fifth is shard 4 */
	static const char *const slurm1[] = { "SLURM_ARRAY_TASK_ID=5",
	    "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_MAX=8",
	    "SLURM_ARRAY_TASK_COUNT=8", "SLURM_ARRAY_TASK_STEP=1", NULL };
	/* --array=0-30:10: IDs 0, 10, 20, 30 */
	static const char *const slurm_step[] = { "SLURM_ARRAY_TASK_ID=20",
	    "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_COUNT=4",
	    "SLURM_ARRAY_TASK_STEP=10", NULL };
	static const char *const slurm_off[] = { "SLURM_ARRAY_TASK_ID=15",
	    "SLURM_ARRAY_TASK_MIN=0", "SLURM_ARRAY_TASK_COUNT=4",
	    "SLURM_ARRAY_TASK_STEP=10", NULL };
	static const char *const slurm_past[] = { "SLURM_ARRAY_TASK_ID=9",
	    "SLURM_ARRAY_TASK_MIN=1", "SLURM_ARRAY_TASK_COUNT=8", NULL };
	static const char *const slurm_nocount[] = {
	    "SLURM_ARRAY_TASK_ID=1", NULL };
	struct sx_shard s;

	(void)state;
	fake = k8s;
	assert_int_equal(parse("k8s/3", &s), 0);
	assert_true(s.k == 2 && s.n == 3);
	assert_int_equal(parse("k8s/2", &s), -1);   /* 2 is not below 2 */
	assert_int_equal(parse("k8s", &s), -1);     /* no count */
	fake = k8s_bad;
	assert_int_equal(parse("k8s/3", &s), -1);
	fake = NULL;
	assert_int_equal(parse("k8s/3", &s), -1);
	assert_int_equal(parse("slurm", &s), -1);
	fake = slurm1;
	assert_int_equal(parse("slurm", &s), 0);
	assert_true(s.k == 4 && s.n == 8);
	fake = slurm_step;
	assert_int_equal(parse("slurm", &s), 0);
	assert_true(s.k == 2 && s.n == 4);
	fake = slurm_off;
	assert_int_equal(parse("slurm", &s), -1);
	fake = slurm_past;
	assert_int_equal(parse("slurm", &s), -1);
	fake = slurm_nocount;
	assert_int_equal(parse("slurm", &s), -1);
	fake = NULL;
}

/* N shards take every entry exactly once between them; no shard (n 0)
 * takes all. */
static void
test_takes(void **state)
{
	struct sx_shard s;
	uint64_t i, n, k, owners;

	(void)state;
	for (n = 1; n <= 7; n++) {
		for (i = 0; i < 50; i++) {
			owners = 0;
			for (k = 0; k < n; k++) {
				s.k = k;
				s.n = n;
				owners += (uint64_t)sx_shard_takes(&s, i);
			}
			assert_true(owners == 1);
		}
	}
	s.k = s.n = 0;
	assert_true(sx_shard_takes(&s, 12345));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_plain),
		cmocka_unit_test(test_env),
		cmocka_unit_test(test_takes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
