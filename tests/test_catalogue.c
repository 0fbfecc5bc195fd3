/* test_catalogue.c - the column catalogue: every row complete and
 * unique, every column the verdict or a summary column is made of
 * present, the fields of a column those of what it is made of. */
#include "testlib.h"

#include "catalogue.h"
#include "columns.h"
#include "diag.h"

static void
check_list(const struct sx_column *c, size_t n)
{
	size_t i, j;

	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		assert_non_null(c[i].value);
		assert_true(c[i].name[0] && c[i].head[0] && c[i].help[0] &&
		    c[i].group[0]);
		assert_null(strchr(c[i].help, '\t'));
		assert_null(strchr(c[i].help, '\n'));
		/* counts, times and rates sort largest first; text never */
		if (c[i].type == SX_CT_COUNT || c[i].type == SX_CT_TIME ||
		    c[i].type == SX_CT_RATIO)
			assert_true(c[i].desc);
		if (c[i].type == SX_CT_TEXT)
			assert_false(c[i].desc);
		for (j = 0; j < i; j++)
			assert_string_not_equal(c[i].name, c[j].name);
	}
}

static void
test_rows(void **state)
{
	size_t n, i;
	const struct sx_column *c = sx_columns(&n);

	(void)state;
	check_list(c, n);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(sx_column_find(c[i].name), &c[i]);
		assert_ptr_equal(sx_column_of(c[i].metric, c[i].metric ==
		    SX_M_FLAG ? c[i].flag : 0, c[i].dir), &c[i]);
		assert_false(c[i].needs & SX_NEED_SUMMARY);
		if (c[i].dir != SX_CD_BOTH)
			assert_int_equal(strncmp(c[i].name, c[i].base,
			    strlen(c[i].base)), 0);
	}
	c = sx_summary_columns(&n);
	check_list(c, n);
	for (i = 0; i < n; i++) {
		assert_ptr_equal(sx_summary_column_find(c[i].name), &c[i]);
		assert_int_equal(c[i].dir, SX_CD_BOTH);
		if (c[i].from != SX_M_NONE)
			assert_non_null(sx_column_of(c[i].from, c[i].from ==
			    SX_M_FLAG ? c[i].flag : 0, SX_CD_BOTH));
	}
	assert_string_equal(sx_column_alert()->name, "alert");
	assert_null(sx_column_find("alert"));
}

/* Every number the verdict reads is a column; none is read twice. */
static void
test_verdict_inputs(void **state)
{
	size_t n, i, j;
	const struct sx_verdict_input *in = sx_verdict_inputs(&n);

	(void)state;
	assert_true(n > 0);
	for (i = 0; i < n; i++) {
		const struct sx_column *c = sx_column_of(in[i].metric,
		    in[i].flag, in[i].dir);

		assert_non_null(c);
		assert_int_not_equal(c->type, SX_CT_TEXT);
		if (in[i].maybe)   /* stored as int64_t: a whole number */
			assert_true(c->type == SX_CT_COUNT ||
			    c->type == SX_CT_NUMBER);
		assert_true(in[i].off < sizeof(struct sx_verdict_in));
		for (j = 0; j < i; j++)
			assert_int_not_equal(in[i].off, in[j].off);
	}
}

static int
covers(const struct sx_fieldset *a, const struct sx_fieldset *b)
{
	int f;

	for (f = 0; f < SX_F_COUNT; f++)
		if (b->want[f] && !a->want[f])
			return 0;
	return (a->stats || !b->stats) && (a->service || !b->service);
}

/* A column asks for what it is made of: the diagnosis for its inputs'
 * fields (but tcp.completeness and the SYN options) and the
 * accounting's, a direction for
 * the stream's and the endpoints, a summary column for its source's. */
static void
test_fields(void **state)
{
	size_t n, i;
	const struct sx_verdict_input *in = sx_verdict_inputs(&n);
	const struct sx_column *c;
	struct sx_fieldset diag, one, acc;

	(void)state;
	memset(&diag, 0, sizeof(diag));
	sx_column_fields(sx_column_find("diagnosis"), &diag);
	memset(&acc, 0, sizeof(acc));
	sx_diag_fields(&acc);
	assert_true(covers(&diag, &acc));
	assert_false(diag.want[SX_F_COMPLETENESS]);
	for (i = 0; i < n; i++) {
		/* --explain's SYN options: read when another column asked */
		if (in[i].own_fields && in[i].metric != SX_M_COMPLETENESS)
			continue;
		memset(&one, 0, sizeof(one));
		sx_column_fields(sx_column_of(in[i].metric, in[i].flag,
		    in[i].dir), &one);
		one.want[SX_F_COMPLETENESS] = 0;
		assert_true(covers(&diag, &one));
	}
	c = sx_columns(&n);
	for (i = 0; i < n; i++) {
		const struct sx_column *both = sx_column_find(c[i].base);

		memset(&one, 0, sizeof(one));
		sx_column_fields(&c[i], &one);
		assert_true(one.want[SX_F_STREAM]);
		if (c[i].dir == SX_CD_BOTH || both == NULL)
			continue;
		memset(&acc, 0, sizeof(acc));
		sx_column_fields(both, &acc);
		assert_true(covers(&one, &acc));
		assert_true(one.want[SX_F_SRCPORT] && one.want[SX_F_IP_SRC]);
	}
	c = sx_summary_columns(&n);
	for (i = 0; i < n; i++) {
		if (c[i].from == SX_M_NONE)
			continue;
		memset(&one, 0, sizeof(one));
		sx_column_fields(&c[i], &one);
		memset(&acc, 0, sizeof(acc));
		sx_column_fields(sx_column_of(c[i].from, c[i].from ==
		    SX_M_FLAG ? c[i].flag : 0, SX_CD_BOTH), &acc);
		assert_true(covers(&one, &acc));
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_rows),
		cmocka_unit_test(test_verdict_inputs),
		cmocka_unit_test(test_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
