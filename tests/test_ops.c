/* test_ops.c - what serves many captures: content sniffing, directory
 * walking, --fail-if parsing and checking, the progress text. */
#include "testlib.h"

#include <stdio.h>
#include <sys/stat.h>
#include <unistd.h>

#include "columns.h"
#include "inputs.h"
#include "progress.h"
#include "threshold.h"

static void
test_sniff(void **state)
{
	static const unsigned char pcap_le[] = { 0xd4, 0xc3, 0xb2, 0xa1 };
	static const unsigned char pcap_be[] = { 0xa1, 0xb2, 0xc3, 0xd4 };
	static const unsigned char pcap_ns[] = { 0x4d, 0x3c, 0xb2, 0xa1 };
	static const unsigned char pcapng[] = { 0x0a, 0x0d, 0x0d, 0x0a, 1 };
	static const unsigned char gz[] = { 0x1f, 0x8b, 8 };
	static const unsigned char text[] = "hello";

	(void)state;
	assert_int_equal(sx_sniff(pcap_le, 4), SX_KIND_PCAP);
	assert_int_equal(sx_sniff(pcap_be, 4), SX_KIND_PCAP);
	assert_int_equal(sx_sniff(pcap_ns, 4), SX_KIND_PCAP);
	assert_int_equal(sx_sniff(pcapng, 5), SX_KIND_PCAPNG);
	assert_int_equal(sx_sniff(gz, 3), SX_KIND_COMPRESSED);
	assert_int_equal(sx_sniff(text, 5), SX_KIND_OTHER);
	assert_int_equal(sx_sniff(pcap_le, 3), SX_KIND_OTHER);  /* short */
	assert_int_equal(sx_sniff(text, 0), SX_KIND_OTHER);
}

static void
write_file(const char *path, const void *p, size_t n)
{
	FILE *f = fopen(path, "wb");

	assert_non_null(f);
	assert_int_equal(fwrite(p, 1, n, f), n);
	assert_int_equal(fclose(f), 0);
}

struct skips {
	char text[1024];
	int n;
};

static void
on_skip(const char *path, const char *why, void *ctx)
{
	struct skips *s = ctx;
	const char *base = strrchr(path, '/');
	size_t len = strlen(s->text);

	snprintf(s->text + len, sizeof(s->text) - len, "%s: %s\n",
	    base ? base + 1 : path, why);
	s->n++;
}

static void
test_walk(void **state)
{
	static const unsigned char pcap[24] = { 0xd4, 0xc3, 0xb2, 0xa1 };
	static const unsigned char ng[28] = { 0x0a, 0x0d, 0x0d, 0x0a };
	char dir[] = "/tmp/sx-walk.XXXXXX", p[256];
	struct sx_inputs in = { 0 };
	struct skips sk = { "", 0 };

	(void)state;
	assert_non_null(mkdtemp(dir));
	snprintf(p, sizeof(p), "%s/b.pcap", dir);
	write_file(p, pcap, sizeof(pcap));
	snprintf(p, sizeof(p), "%s/a.bin", dir);      /* named badly */
	write_file(p, ng, sizeof(ng));
	snprintf(p, sizeof(p), "%s/c.txt", dir);
	write_file(p, "text\n", 5);
	snprintf(p, sizeof(p), "%s/d.pcap", dir);
	write_file(p, "", 0);
	snprintf(p, sizeof(p), "%s/sub", dir);
	assert_int_equal(mkdir(p, 0700), 0);
	snprintf(p, sizeof(p), "%s/sub/e.pcap", dir);
	write_file(p, pcap, sizeof(pcap));
	snprintf(p, sizeof(p), "%s/loop", dir);
	assert_int_equal(symlink(".", p), 0);

	sx_inputs_add(&in, dir, 0, on_skip, &sk);
	assert_int_equal(in.n, 2);
	assert_non_null(strstr(in.v[0].name, "/a.bin"));
	assert_int_equal(in.v[0].kind, SX_KIND_PCAPNG);
	assert_non_null(strstr(in.v[1].name, "/b.pcap"));
	assert_true(in.v[1].from_dir);
	assert_null(in.v[1].error);
	assert_int_equal(in.skipped, 4);
	assert_string_equal(sk.text,
	    "c.txt: not a capture (neither pcap, pcapng nor gzip, zstd or lz4)\n"
	    "d.pcap: empty file\n"
	    "loop: a directory (-R reads subdirectories too)\n"
	    "sub: a directory (-R reads subdirectories too)\n");
	sx_inputs_free(&in);

	/* recursive: the subdirectory, but never the link back */
	sk.text[0] = '\0';
	sx_inputs_add(&in, dir, 1, on_skip, &sk);
	assert_int_equal(in.n, 3);
	assert_non_null(strstr(in.v[2].name, "/sub/e.pcap"));
	assert_non_null(strstr(sk.text, "loop: a symbolic link to a "
	    "directory (not followed)"));
	/* a file argument is taken as it is, whatever it holds */
	snprintf(p, sizeof(p), "%s/c.txt", dir);
	sx_inputs_add(&in, p, 0, on_skip, &sk);
	assert_int_equal(in.n, 4);
	sx_inputs_add(&in, "-", 0, on_skip, &sk);
	assert_string_equal(in.v[4].name, "-");
	sx_inputs_free(&in);

	snprintf(p, sizeof(p), "rm -rf '%s'", dir);
	assert_int_equal(system(p), 0);
}

static void
test_threshold_parse(void **state)
{
	struct sx_threshold t;
	char err[200];

	(void)state;
	assert_int_equal(sx_threshold_parse("retransmission>10", 0, &t, err,
	    sizeof(err)), 0);
	assert_string_equal(t.cond[0].col->name, "retransmission");
	assert_int_equal(t.cond[0].op, SX_CMP_GT);
	assert_true(t.cond[0].value == 10);
	assert_string_equal(t.text, "retransmission>10");
	assert_int_equal(sx_threshold_parse(" retrans_rate >= 2% ", 0, &t,
	    err, sizeof(err)), 0);
	assert_int_equal(t.cond[0].op, SX_CMP_GE);
	assert_true(t.cond[0].value == 0.02);
	assert_string_equal(t.text, "retrans_rate>=2%");
	assert_int_equal(sx_threshold_parse("rtt_max<0.25", 0, &t, err,
	    sizeof(err)), 0);
	assert_int_equal(t.cond[0].ns, 250000000);
	assert_int_equal(sx_threshold_parse("frames_fwd!=0", 0, &t, err,
	    sizeof(err)), 0);
	assert_int_equal(t.cond[0].op, SX_CMP_NE);
	assert_int_equal(sx_threshold_parse("frames=3", 0, &t, err,
	    sizeof(err)), 0);
	assert_int_equal(t.cond[0].op, SX_CMP_EQ);
	/* summary columns exist only with summary */
	assert_int_equal(sx_threshold_parse("problem_streams>0", 1, &t, err,
	    sizeof(err)), 0);
	assert_int_equal(sx_threshold_parse("problem_streams>0", 0, &t, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "no column 'problem_streams'"));
	/* what is refused */
	assert_int_equal(sx_threshold_parse("src>1", 0, &t, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "holds text"));
	assert_int_equal(sx_threshold_parse("frames", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse(">3", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("frames>", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("frames>-1", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("frames>1e3", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("frames>inf", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("frames>1 2", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("frames=>1", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("", 0, &t, err, sizeof(err)),
	    -1);
	/* times in nanoseconds must fit (found by fuzz_ops) */
	assert_int_equal(sx_threshold_parse("rtt_max>666666666666666666666",
	    0, &t, err, sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("duration>9000000000", 0, &t,
	    err, sizeof(err)), 0);
	assert_int_equal(t.cond[0].ns, 9000000000LL * 1000000000LL);
}

static void
test_threshold_crossed(void **state)
{
	struct sx_threshold t;
	struct sx_value v;
	char err[200];

	(void)state;
	memset(&v, 0, sizeof(v));
	assert_int_equal(sx_threshold_parse("retransmission>10", 0, &t, err,
	    sizeof(err)), 0);
	v.count = 10;
	assert_false(sx_cond_holds(&t.cond[0], &v));
	v.count = 11;
	assert_true(sx_cond_holds(&t.cond[0], &v));
	assert_int_equal(sx_threshold_parse("retransmission<=10", 0, &t,
	    err, sizeof(err)), 0);
	v.count = 10;
	assert_true(sx_cond_holds(&t.cond[0], &v));
	/* rates compare exactly: 1/50 is 0.02 */
	assert_int_equal(sx_threshold_parse("retrans_rate>=0.02", 0, &t,
	    err, sizeof(err)), 0);
	v.ratio = 1.0 / 50;
	assert_true(sx_cond_holds(&t.cond[0], &v));
	v.ratio = 0.0199999;
	assert_false(sx_cond_holds(&t.cond[0], &v));
	/* absent values never cross, whatever the operator */
	assert_int_equal(sx_threshold_parse("rtt_avg<1", 0, &t, err,
	    sizeof(err)), 0);
	v.null = 1;
	assert_false(sx_cond_holds(&t.cond[0], &v));
	v.null = 0;
	v.ns = 999999999;
	assert_true(sx_cond_holds(&t.cond[0], &v));
	v.ns = 1000000000;
	assert_false(sx_cond_holds(&t.cond[0], &v));
}

/* && joins comparisons; headers name columns; --where speaks for
 * itself; unknown names get the closest ones. */
static void
test_condition_and(void **state)
{
	struct sx_threshold t;
	char err[320];

	(void)state;
	assert_int_equal(sx_threshold_parse(" retrrate > 2% && datasegs>=100",
	    0, &t, err, sizeof(err)), 0);
	assert_int_equal(t.n, 2);
	assert_string_equal(t.cond[0].col->name, "retrans_rate");
	assert_true(t.cond[0].value == 0.02);
	assert_string_equal(t.cond[1].col->name, "data_segments");
	assert_int_equal(t.cond[1].op, SX_CMP_GE);
	assert_string_equal(t.text, "retrans_rate>2%&&data_segments>=100");
	assert_int_equal(sx_threshold_parse("frames>1&&", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("&&frames>1", 0, &t, err,
	    sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("frames>1&&&frames<3", 0, &t,
	    err, sizeof(err)), -1);
	assert_int_equal(sx_threshold_parse("a>1&&b>1&&c>1&&d>1&&e>1&&f>1&&"
	    "g>1&&h>1&&i>1", 0, &t, err, sizeof(err)), -1);
	assert_int_equal(sx_condition_parse("--where", "retrnas>3", 0, &t,
	    err, sizeof(err)), -1);
	assert_string_equal(err, "--where 'retrnas>3': no column 'retrnas': "
	    "did you mean retrans? (--list-columns shows them)");
	assert_int_equal(sx_condition_parse("--where", "worst>3", 0, &t,
	    err, sizeof(err)), -1);
	assert_non_null(strstr(err, "it is a --summary column"));
	assert_int_equal(sx_condition_parse("--where", "worst>3", 1, &t,
	    err, sizeof(err)), 0);
	assert_string_equal(t.text, "worst_stream>3");
}

static void
test_progress_text(void **state)
{
	char b[256];

	(void)state;
	sx_progress_format(b, sizeof(b), 250000000, 1000000000, 120000,
	    10, 0, 1);
	assert_string_equal(b, " 25.0% of 1.0 GB, 120000 frames, 12000 "
	    "frames/s, 0:10 elapsed, 0:30 left");
	sx_progress_format(b, sizeof(b), 0, 0, 500, 2, 1, 3);
	assert_string_equal(b, "500 frames, 250 frames/s, 0:02 elapsed, "
	    "file 2 of 3");
	sx_progress_format(b, sizeof(b), 10, 100, 1, 4000, 0, 1);
	assert_string_equal(b, " 10.0% of 100 B, 1 frames, 0 frames/s, "
	    "1:06:40 elapsed, 10:00:00 left");
	/* too early to tell */
	sx_progress_format(b, sizeof(b), 0, 100, 0, 0.2, 0, 1);
	assert_string_equal(b, "  0.0% of 100 B, 0 frames, 0 frames/s, "
	    "0:00 elapsed, ? left");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_sniff),
		cmocka_unit_test(test_walk),
		cmocka_unit_test(test_threshold_parse),
		cmocka_unit_test(test_threshold_crossed),
		cmocka_unit_test(test_condition_and),
		cmocka_unit_test(test_progress_text),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
