/* test_plan.c - the plan of a run (plan.c): the engine for a tshark and
 * its version, the fields asked for, the cut and its reasons, and the
 * refusal of a column whose field the tshark lacks. The tshark is made
 * up here as the probe would leave it (tshark.h); the facts about
 * versions are those of shared/TSHARK-NOTES.md and make check-versions:
 * tshark 3.x's custom columns print tcp.option_kind and ip.id by name. */
#include "testlib.h"

#include <getopt.h>
#include <stdio.h>

#include "plan.h"

/* Parse a command line (NULL-ended, without the program name). */
static void
parse(struct sx_options *o, const char *const *args)
{
	char *argv[32];
	int argc = 0;

	argv[argc++] = (char *)"streamxpert";
	while (*args)
		argv[argc++] = (char *)*args++;
	argv[argc] = NULL;
	optind = 0;     /* getopt starts over */
	sx_options_parse(o, argc, argv);
}

/* A tshark of version major.minor; its probe found caps when known. */
static void
tshark(struct sx_tshark *ts, int major, int minor, int known)
{
	memset(ts, 0, sizeof(*ts));
	snprintf(ts->version, sizeof(ts->version), "%d.%d.0", major, minor);
	ts->major = major;
	ts->minor = minor;
	ts->caps.known = known;
	ts->has_completeness = 1;
}

/* The engine and tuning that plan gives args on ts. */
static void
check_engine(const char *const *args, int major, int minor, int known,
    enum sx_engine want, int want_tuned)
{
	struct sx_options o;
	struct sx_tshark ts;
	struct sx_plan p;

	parse(&o, args);
	tshark(&ts, major, minor, known);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_int_equal(ts.engine, want);
	assert_int_equal(ts.tuned, want_tuned);
	sx_options_free(&o);
}

static void
test_engine(void **state)
{
	static const char *const plain[] = { "x.pcap", NULL };
	static const char *const opts[] = { "-e", "stream,sack_perm_fwd",
	    "x.pcap", NULL };
	static const char *const dups[] = { "-e", "dup_frames", "x.pcap",
	    NULL };
	static const char *const asked[] = { "--engine", "plain", "x.pcap",
	    NULL };
	static const char *const cols[] = { "--engine", "columns",
	    "x.pcap", NULL };

	(void)state;
	/* a tested version whose probe ran: tuned custom columns */
	check_engine(plain, 4, 0, 1, SX_ENGINE_COLUMNS, 1);
	check_engine(plain, 3, 4, 1, SX_ENGINE_COLUMNS, 1);
	/* no caps (an untested version, a failed probe): plain -T fields */
	check_engine(plain, 4, 8, 0, SX_ENGINE_PLAIN, 0);
	/* 3.x: option kinds and ip.id only by -T fields, still tuned */
	check_engine(opts, 3, 4, 1, SX_ENGINE_FIELDS, 1);
	check_engine(dups, 3, 6, 1, SX_ENGINE_FIELDS, 1);
	check_engine(opts, 4, 0, 1, SX_ENGINE_COLUMNS, 1);
	/* as asked */
	check_engine(asked, 4, 0, 1, SX_ENGINE_PLAIN, 0);
	check_engine(cols, 4, 8, 0, SX_ENGINE_COLUMNS, 0);
	check_engine((const char *const[]){ "--engine", "columns", "-e",
	    "dup_frames", "x.pcap", NULL }, 3, 4, 1, SX_ENGINE_FIELDS, 1);
}

/* Whether plan for args cuts the frames, and why not. */
static void
check_cut(const char *const *args, int want, const char *why)
{
	struct sx_options o;
	struct sx_tshark ts;
	struct sx_plan p;

	parse(&o, args);
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_int_equal(p.cut, want);
	if (why == NULL)
		assert_null(p.nocut_why);
	else
		assert_string_equal(p.nocut_why, why);
	sx_options_free(&o);
}

static void
test_cut(void **state)
{
	(void)state;
	check_cut((const char *const[]){ "x.pcap", NULL }, 1, NULL);
	check_cut((const char *const[]){ "--no-cut", "x.pcap", NULL }, 0,
	    "--no-cut");
	check_cut((const char *const[]){ "-Y", "tcp", "x.pcap", NULL }, 0,
	    "a display filter (-Y) may test what lies past the TCP header");
	check_cut((const char *const[]){ "--user-config", "x.pcap", NULL },
	    0, "--user-config: the profile may make a dissector read the "
	    "payload");
	check_cut((const char *const[]){ "-e", "stream,server_name",
	    "x.pcap", NULL }, 0, "the column server_name reads the payload");
}

/* The fields: what a mode adds, and tcp.completeness only when the
 * tshark has it. */
static void
test_fields(void **state)
{
	struct sx_options o;
	struct sx_tshark ts;
	struct sx_plan p;

	(void)state;
	parse(&o, (const char *const[]){ "-e", "stream", "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_STREAM]);
	assert_false(p.fields.want[SX_F_OPTKIND]);
	assert_false(p.fields.want[SX_F_IP_ID]);
	assert_false(p.fields.stats);
	sx_options_free(&o);

	/* a statistics column keeps the statistics */
	parse(&o, (const char *const[]){ "-e", "stream,sack_perm_fwd",
	    "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_OPTKIND]);
	assert_true(p.fields.stats);
	sx_options_free(&o);

	/* --explain (default columns): the diagnosis's raw sequence
	 * numbers, which the default columns alone do not ask for */
	parse(&o, (const char *const[]){ "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_false(p.fields.want[SX_F_SEQ_RAW]);
	sx_options_free(&o);
	parse(&o, (const char *const[]){ "--explain", "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_SEQ_RAW]);
	sx_options_free(&o);
	/* so do -T html's paragraphs and a --graph's */
	parse(&o, (const char *const[]){ "-T", "html", "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_SEQ_RAW]);
	sx_options_free(&o);
	parse(&o, (const char *const[]){ "--graph", "tseq", "--stream", "0",
	    "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_SEQ_RAW]);
	sx_options_free(&o);

	/* tcp.completeness (the state column) only from a tshark that
	 * has it (3.6 and later) */
	parse(&o, (const char *const[]){ "-e", "stream,state", "x.pcap",
	    NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_COMPLETENESS]);
	sx_options_free(&o);
	parse(&o, (const char *const[]){ "-e", "stream,state", "x.pcap",
	    NULL });
	tshark(&ts, 3, 4, 1);
	ts.has_completeness = 0;
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_false(p.fields.want[SX_F_COMPLETENESS]);
	assert_true(p.fields.want[SX_F_TCPFLAGS]);
	sx_options_free(&o);
}

/* --where and --fail-if ask for the fields of every column of their
 * conditions, the second of a && too; with --summary they test the
 * summary's columns, which ask tshark for nothing more. */
static void
test_condition_fields(void **state)
{
	struct sx_options o;
	struct sx_tshark ts;
	struct sx_plan p;

	(void)state;
	parse(&o, (const char *const[]){ "-e", "stream", "--where",
	    "sack_perm_fwd>0", "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_OPTKIND]);
	sx_options_free(&o);
	parse(&o, (const char *const[]){ "-e", "stream", "--fail-if",
	    "retrans>0 && sack_perm_fwd>0", "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_OPTKIND]);
	sx_options_free(&o);
	parse(&o, (const char *const[]){ "-e", "stream", "--where",
	    "stream>=0", "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_false(p.fields.want[SX_F_OPTKIND]);
	sx_options_free(&o);
}

/* A summary column asks for the fields of what it sums: the capture's
 * quality reads the streams' duplicates (the diagnosis's raw sequence
 * numbers) and ACKed-unseen segments, with nothing else chosen. */
static void
test_summary_fields(void **state)
{
	struct sx_options o;
	struct sx_tshark ts;
	struct sx_plan p;

	(void)state;
	parse(&o, (const char *const[]){ "--summary", "-e", "status",
	    "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_false(p.fields.want[SX_F_SEQ_RAW]);
	assert_false(p.fields.want[SX_F_FLAG0 + SX_FL_ACK_LOST_SEGMENT]);
	sx_options_free(&o);
	parse(&o, (const char *const[]){ "--summary", "-e", "quality",
	    "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_SEQ_RAW]);
	assert_true(p.fields.want[SX_F_FLAG0 + SX_FL_ACK_LOST_SEGMENT]);
	sx_options_free(&o);
	parse(&o, (const char *const[]){ "--summary", "-e", "dup_frames",
	    "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	assert_true(p.fields.want[SX_F_SEQ_RAW]);
	sx_options_free(&o);
}

/* A column whose field the tshark lacks is refused (said on stderr);
 * the field of a column not chosen does not matter. */
static void
test_lacking(void **state)
{
	struct sx_options o;
	struct sx_tshark ts;
	struct sx_plan p;

	(void)state;
	parse(&o, (const char *const[]){ "-e", "stream,dup_frames",
	    "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	ts.caps.no_field[SX_F_IP_ID] = 1;
	assert_int_equal(sx_plan_make(&p, &o, &ts), -1);
	sx_options_free(&o);
	parse(&o, (const char *const[]){ "-e", "stream", "x.pcap", NULL });
	tshark(&ts, 4, 0, 1);
	ts.caps.no_field[SX_F_IP_ID] = 1;
	assert_int_equal(sx_plan_make(&p, &o, &ts), 0);
	sx_options_free(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_engine),
		cmocka_unit_test(test_cut),
		cmocka_unit_test(test_fields),
		cmocka_unit_test(test_condition_fields),
		cmocka_unit_test(test_summary_fields),
		cmocka_unit_test(test_lacking),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
