/* test_report.c - every output format, byte for byte. */
#include "testlib.h"

#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include <stdio.h>

#include "columns.h"
#include "parse.h"
#include "report.h"
#include "streams.h"
#include "threshold.h"
#include "version.h"

struct fixture {
	struct sx_table t;
	struct sx_colset cols;
	char *out;
	size_t outlen;
};

/* Two streams: 0 (IPv4, with an RTT sample and a retransmission) and 2
 * (IPv6, no RTT); stream 1 never appears. */
static int
setup(void **state)
{
	struct fixture *fx = sx_calloc(1, sizeof(*fx));
	struct sx_parser ps;
	struct sx_buf b = { 0 };
	struct line_spec s[3];
	char err[128];
	int i;

	memset(s, 0, sizeof(s));
	s[0].f[SX_F_STREAM] = "0";
	s[0].f[SX_F_TIME] = "0.5";
	s[0].f[SX_F_PROTOCOLS] = "eth:ip:tcp";
	s[0].f[SX_F_IP_SRC] = "192.0.2.1";
	s[0].f[SX_F_IP_DST] = "192.0.2.2";
	s[0].f[SX_F_SRCPORT] = "1234";
	s[0].f[SX_F_DSTPORT] = "80";
	s[0].f[SX_F_TCPFLAGS] = "0x0018";
	s[0].f[SX_F_TCPLEN] = "100";
	s[1] = s[0];
	s[1].f[SX_F_TIME] = "2.75";
	s[1].f[SX_F_IP_SRC] = "192.0.2.2";
	s[1].f[SX_F_IP_DST] = "192.0.2.1";
	s[1].f[SX_F_SRCPORT] = "80";
	s[1].f[SX_F_DSTPORT] = "1234";
	s[1].f[SX_F_TCPLEN] = "0";
	s[1].f[SX_F_ACK_RTT] = "0.0125";
	s[1].f[FLAGF(SX_FL_RETRANSMISSION)] = "1";
	s[2].f[SX_F_STREAM] = "2";
	s[2].f[SX_F_TIME] = "3";
	s[2].f[SX_F_PROTOCOLS] = "eth:ipv6:tcp";
	s[2].f[SX_F_IP6_SRC] = "2001:db8::1";
	s[2].f[SX_F_IP6_DST] = "2001:db8::2";
	s[2].f[SX_F_SRCPORT] = "5555";
	s[2].f[SX_F_DSTPORT] = "443";
	s[2].f[SX_F_TCPFLAGS] = "0x0002";
	s[2].f[SX_F_TCPLEN] = "0";

	sx_parser_init(&ps, SX_FLAGSTYLE_FIELDS, NULL);
	sx_table_init(&fx->t);
	for (i = 0; i < 3; i++) {
		const char *l = join_line(&b, &s[i]);

		if (sx_parse_line(&ps, l, strlen(l)) != 0 ||
		    sx_table_add(&fx->t, &ps.frame, err, sizeof(err)) != 0)
			return -1;
	}
	sx_parser_free(&ps);
	sx_buf_free(&b);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	sx_table_free(&fx->t);
	sx_colset_free(&fx->cols);
	free(fx->out);
	free(fx);
	return 0;
}

/* Write the fixture's table as file name (plus a failed file when
 * with_failed) in format fmt with the columns list. */
/* Options of the report beyond its format and columns. */
struct ropts {
	int totals;
	const char *sort;
	int desc;
	size_t top;
	int problems;
};

static const char *
render_with(struct fixture *fx, enum sx_format fmt, const char *cols,
    const char *name, int header, int with_failed, const struct ropts *o)
{
	struct sx_report r;
	struct sx_file_info fi = { name, 1, NULL, 3 };
	struct sx_file_info bad = { "gone.pcap", 0, "No such file", 0 };
	char err[128];
	FILE *f;

	free(fx->out);
	fx->out = NULL;
	sx_colset_free(&fx->cols);
	assert_int_equal(sx_colset_parse(&fx->cols, cols, err, sizeof(err)),
	    0);
	f = open_memstream(&fx->out, &fx->outlen);
	assert_non_null(f);
	memset(&r, 0, sizeof(r));
	r.fmt = fmt;
	r.cols = &fx->cols;
	r.header = header;
	r.out = f;
	r.tshark_version = "4.0.17";
	if (o) {
		r.totals = o->totals;
		r.sort = o->sort ? sx_column_find(o->sort) : NULL;
		r.sort_desc = o->desc;
		r.top = o->top;
		r.problems_only = o->problems;
	}
	sx_report_begin(&r);
	sx_report_file(&r, &fi, &fx->t);
	if (with_failed)
		sx_report_file(&r, &bad, NULL);
	assert_int_equal(sx_report_end(&r), 0);
	sx_report_free(&r);
	fclose(f);
	return fx->out;
}

static const char *
render(struct fixture *fx, enum sx_format fmt, const char *cols,
    const char *name, int header, int with_failed)
{
	return render_with(fx, fmt, cols, name, header, with_failed, NULL);
}

#define COLS "stream,src,dst,frames,bytes,retransmission,rtt_avg,duration"

static void
test_table(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(render(fx, SX_FMT_TABLE, COLS, "a.pcap", 1, 0),
	    "stream src                dst               frames bytes "
	    "retrans rttavg duration\n"
	    "     0 192.0.2.1:1234     192.0.2.2:80           2   100 "
	    "      1 12.5ms   2.250s\n"
	    "     2 [2001:db8::1]:5555 [2001:db8::2]:443      1     0 "
	    "      0      -      0ms\n");
}

static void
test_tsv(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(render(fx, SX_FMT_TSV, COLS, "a.pcap", 1, 1),
	    "stream\tsrc\tdst\tframes\tbytes\tretransmission\trtt_avg\t"
	    "duration\n"
	    "0\t192.0.2.1:1234\t192.0.2.2:80\t2\t100\t1\t0.012500\t"
	    "2.250000\n"
	    "2\t[2001:db8::1]:5555\t[2001:db8::2]:443\t1\t0\t0\t\t"
	    "0.000000\n");
	assert_string_equal(render(fx, SX_FMT_TSV, "file,stream",
	    "dir/odd\tname\n.pcap", 0, 0),
	    "dir/odd\\tname\\n.pcap\t0\ndir/odd\\tname\\n.pcap\t2\n");
}

static void
test_csv(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(render(fx, SX_FMT_CSV, "file,stream,irtt,rst",
	    "x,\"y\".pcap", 1, 0),
	    "file,stream,irtt,rst\n"
	    "\"x,\"\"y\"\".pcap\",0,,0\n"
	    "\"x,\"\"y\"\".pcap\",2,,0\n");
}

static void
test_json(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(render(fx, SX_FMT_JSON, "file,stream,src,rtt_min",
	    "caf\xc3\xa9\xff.pcap", 1, 1),
	    "{\"streamxpert\":\"" SX_VERSION "\",\"tshark_version\":\"4.0.17\","
	    "\"streams\":[\n"
	    "{\"file\":\"caf\xc3\xa9\\ufffd.pcap\",\"stream\":0,"
	    "\"src\":\"192.0.2.1:1234\",\"rtt_min\":0.012500},\n"
	    "{\"file\":\"caf\xc3\xa9\\ufffd.pcap\",\"stream\":2,"
	    "\"src\":\"[2001:db8::1]:5555\",\"rtt_min\":null}\n"
	    "],\"files\":[{\"file\":\"caf\xc3\xa9\\ufffd.pcap\","
	    "\"complete\":true,\"error\":null,\"frames\":3,\"streams\":2,"
	    "\"totals\":{}},"
	    "{\"file\":\"gone.pcap\",\"complete\":false,"
	    "\"error\":\"No such file\",\"frames\":0,\"streams\":0,"
	    "\"totals\":{}}]}\n");
}

static void
test_ndjson(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(render(fx, SX_FMT_NDJSON, "stream,frames,start",
	    "a.pcap", 1, 1),
	    "{\"stream\":0,\"frames\":2,\"start\":0.500000}\n"
	    "{\"stream\":2,\"frames\":1,\"start\":3.000000}\n");
}

/* Prometheus: one family per column, samples together, every row's
 * file and stream as labels, text columns as an info gauge, absent
 * values left out, totals never (PromQL sums). */
static void
test_no_header(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(render(fx, SX_FMT_TABLE, "stream,frames",
	    "a.pcap", 0, 0), "     0      2\n     2      1\n");
	assert_string_equal(render(fx, SX_FMT_CSV, "stream", "a.pcap", 0, 0),
	    "0\n2\n");
}

/* Writing to a full disk is an error, never a silent success. */
static void
test_write_error(void **state)
{
	struct fixture *fx = *state;
	struct sx_file_info fi = { "a.pcap", 1, NULL, 3 };
	struct sx_report r;
	FILE *f = fopen("/dev/full", "w");
	char err[64];

	if (f == NULL)
		skip();
	assert_int_equal(sx_colset_parse(&fx->cols, "all", err, sizeof(err)),
	    0);
	memset(&r, 0, sizeof(r));
	r.fmt = SX_FMT_TSV;
	r.cols = &fx->cols;
	r.header = 1;
	r.out = f;
	r.tshark_version = "4.0.17";
	sx_report_begin(&r);
	sx_report_file(&r, &fi, &fx->t);
	assert_int_equal(sx_report_end(&r), -1);
	assert_int_equal(r.err, 28 /* ENOSPC */);
	sx_report_free(&r);
	fclose(f);
}

static void
test_columns_parse(void **state)
{
	struct sx_colset set = { 0 };
	char err[128];

	(void)state;
	size_t ncols;
	const struct sx_column *all = sx_columns(&ncols);

	assert_int_equal(sx_colset_parse(&set, "all", err, sizeof(err)), 0);
	assert_int_equal(set.n, ncols - 1);   /* all but file */
	sx_colset_free(&set);
	assert_int_equal(sx_colset_parse(&set, "flags", err, sizeof(err)), 0);
	assert_int_equal(set.n, SX_FL_COUNT);
	sx_colset_free(&set);
	assert_int_equal(sx_colset_parse(&set, "fwd", err, sizeof(err)), 0);
	assert_true(set.n > SX_FL_COUNT);
	for (size_t i = 0; i < set.n; i++)
		assert_int_equal(set.col[i]->dir, SX_CD_FWD);
	sx_colset_free(&set);
	assert_non_null(sx_column_find("retransmission_rev"));
	assert_string_equal(sx_column_find("retransmission_rev")->base,
	    "retransmission");
	assert_null(sx_column_find("stream_fwd"));
	assert_null(sx_column_find("irtt_rev"));
	/* the groups are no column names, and each selects columns */
	for (size_t i = 0; i < ncols; i++)
		assert_false(sx_column_is_group(all[i].name));
	{
		static const char *const g[] = { "all", "default", "flags",
		    "fwd", "rev", "transfer", "window", "options", "timing",
		    "app" };

		for (size_t i = 0; i < sizeof(g) / sizeof(g[0]); i++) {
			assert_true(sx_column_is_group(g[i]));
			assert_int_equal(sx_colset_parse(&set, g[i], err,
			    sizeof(err)), 0);
			assert_true(set.n > 0);
			sx_colset_free(&set);
		}
	}
	assert_false(sx_column_is_group("throughput"));
	assert_int_equal(sx_colset_parse(&set, "default,rst", err,
	    sizeof(err)), 0);
	assert_int_equal(set.n, 9);
	assert_string_equal(set.col[8]->name, "rst");
	sx_colset_want_file(&set);
	assert_string_equal(set.col[0]->name, "file");
	assert_int_equal(set.n, 10);
	sx_colset_want_file(&set);
	assert_int_equal(set.n, 10);
	sx_colset_free(&set);
	assert_int_equal(sx_colset_parse(&set, "stream,nope", err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "nope"));
	sx_colset_free(&set);
	assert_int_equal(sx_colset_parse(&set, "stream,", err, sizeof(err)),
	    -1);
	sx_colset_free(&set);
	assert_int_equal(sx_colset_parse(&set, "", err, sizeof(err)), -1);
	sx_colset_free(&set);
}

static void
test_directions_json(void **state)
{
	struct fixture *fx = *state;

	assert_string_equal(render(fx, SX_FMT_NDJSON, "stream,frames,"
	    "frames_fwd,bytes_rev,retransmission_rev,rtt_max_fwd", "a.pcap", 1,
	    0),
	    "{\"stream\":0,\"frames\":2,\"fwd\":{\"frames\":1,"
	    "\"rtt_max\":0.012500},\"rev\":{\"bytes\":0,"
	    "\"retransmission\":1}}\n"
	    "{\"stream\":2,\"frames\":1,\"fwd\":{\"frames\":1,"
	    "\"rtt_max\":null},\"rev\":{\"bytes\":0,"
	    "\"retransmission\":0}}\n");
}

static void
test_sort_top_problems_totals(void **state)
{
	struct fixture *fx = *state;
	struct ropts o = { 1, "frames", 1, 0, 0 };

	/* worst first, totals over the rows shown */
	assert_string_equal(render_with(fx, SX_FMT_TSV, "stream,frames,"
	    "retransmission,src", "a.pcap", 0, 0, &o),
	    "0\t2\t1\t192.0.2.1:1234\n2\t1\t0\t[2001:db8::1]:5555\n"
	    "total\t3\t1\t\n");
	/* ascending, a text column */
	o.sort = "src";
	o.desc = 0;
	o.totals = 0;
	assert_string_equal(render_with(fx, SX_FMT_TSV, "stream", "a.pcap",
	    0, 0, &o), "0\n2\n");
	o.desc = 1;
	assert_string_equal(render_with(fx, SX_FMT_TSV, "stream", "a.pcap",
	    0, 0, &o), "2\n0\n");
	/* absent values last, in either direction */
	o.sort = "rtt_avg";
	o.desc = 0;
	assert_string_equal(render_with(fx, SX_FMT_TSV, "stream", "a.pcap",
	    0, 0, &o), "0\n2\n");
	/* ties keep stream order */
	o.sort = "rst";
	o.desc = 1;
	assert_string_equal(render_with(fx, SX_FMT_TSV, "stream", "a.pcap",
	    0, 0, &o), "0\n2\n");
	o.top = 1;
	assert_string_equal(render_with(fx, SX_FMT_TSV, "stream", "a.pcap",
	    0, 0, &o), "0\n");
	/* only stream 0 retransmitted */
	o.top = 0;
	o.sort = NULL;
	o.problems = 1;
	o.totals = 1;
	assert_string_equal(render_with(fx, SX_FMT_CSV, "file,stream,frames",
	    "a.pcap", 0, 0, &o), "a.pcap,0,2\na.pcap,total,2\n");
	assert_string_equal(render_with(fx, SX_FMT_TABLE, "stream,frames",
	    "a.pcap", 1, 0, &o),
	    "stream frames\n     0      2\n total      2\n");
}

/* A report of cols in fmt into fx->out (finish with finish_report). */
static FILE *
start_report(struct fixture *fx, struct sx_report *r, enum sx_format fmt,
    const struct sx_colset *cols)
{
	FILE *f;

	free(fx->out);
	fx->out = NULL;
	f = open_memstream(&fx->out, &fx->outlen);
	assert_non_null(f);
	memset(r, 0, sizeof(*r));
	r->fmt = fmt;
	r->cols = cols;
	r->header = 1;
	r->out = f;
	r->tshark_version = "4.0.17";
	sx_report_begin(r);
	return f;
}

static void
finish_report(struct sx_report *r, FILE *f)
{
	assert_int_equal(sx_report_end(r), 0);
	sx_report_free(r);
	fclose(f);
}

/* -T prometheus: captures summed up, counters carried from an earlier
 * run, the latest capture's gauges, no file name, no stream number. */
static void
test_prometheus(void **state)
{
	struct fixture *fx = *state;
	struct sx_summary sum, none;
	struct sx_report r;
	struct sx_colset cols = { 0 };
	struct sx_metric_list prev = { 0 }, next = { 0 };
	char path[] = "/tmp/sx-prom-XXXXXX";
	struct timespec ts[2] = { { 1700000000, 500000000 },
	    { 1700000000, 500000000 } };
	struct sx_file_info fi = { path, 1, NULL, 3 };
	struct sx_file_info bad = { "gone.pcap", 0, "No such file", 0 };
	const struct sx_column *sc;
	const char *want[] = {
		"# TYPE streamxpert_captures_total counter\n"
		    "streamxpert_captures_total 7\n",
		"streamxpert_captures_failed_total 1\n",
		"streamxpert_last_capture_timestamp_seconds "
		    "1700000000.500000\n",
		"# TYPE streamxpert_retransmission_total counter\n"
		    "streamxpert_retransmission_total 11\n",
		"# TYPE streamxpert_last_capture_retransmission gauge\n"
		    "streamxpert_last_capture_retransmission 1\n",
		"streamxpert_streams_total 2\n",
		"streamxpert_last_capture_retrans_rate_ratio 0.000000\n",
	};
	size_t n, i;
	int fd;
	FILE *f;

	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(futimens(fd, ts), 0);
	close(fd);
	sx_summary_of(&sum, &fx->t, "ok");
	sx_summary_of(&none, NULL, "failed");
	sc = sx_summary_columns(&n);
	cols.col = sx_calloc(n, sizeof(*cols.col));
	for (i = 0; i < n; i++) {
		char key[64];

		snprintf(key, sizeof(key), ",%s,", sc[i].name);
		if (strstr(",file,status,streams,retransmission,retrans_rate,"
		    "worst_stream,worst_src,", key) != NULL)
			cols.col[cols.n++] = &sc[i];
	}
	sx_metric_add(&prev, "streamxpert_captures_total", "5");
	sx_metric_add(&prev, "streamxpert_retransmission_total", "10");
	sx_metric_add(&prev, "streamxpert_gone_family_total", "3");
	f = open_memstream(&fx->out, &fx->outlen);
	memset(&r, 0, sizeof(r));
	r.fmt = SX_FMT_PROM;
	r.cols = &cols;
	r.out = f;
	r.summary = 1;
	r.prom_prev = &prev;
	r.prom_next = &next;
	r.tshark_version = "4.0.17";
	sx_report_begin(&r);
	sx_report_summary(&r, &fi, &sum);
	sx_report_summary(&r, &bad, &none);
	finish_report(&r, f);
	unlink(path);
	for (i = 0; i < SX_ARRAY_LEN(want); i++)
		if (strstr(fx->out, want[i]) == NULL)
			fail_msg("missing: %s\nin:\n%s", want[i], fx->out);
	assert_null(strstr(fx->out, "file="));
	assert_null(strstr(fx->out, "worst_stream"));
	assert_null(strstr(fx->out, "gone_family"));
	assert_non_null(strstr(fx->out,
	    "streamxpert_last_run_timestamp_seconds "));
	/* the complete set goes back to the state */
	for (i = 0; i < next.n; i++)
		if (strcmp(next.v[i].key, "streamxpert_captures_total") == 0)
			assert_string_equal(next.v[i].value, "7");
	assert_true(next.n >= 10);
	sx_metric_list_free(&prev);
	sx_metric_list_free(&next);
	free(cols.col);
}

/* --summary: the sums over the streams, the worst stream, every format
 * writes one row; thresholds mark rows and count them. */
static void
test_summary_and_alerts(void **state)
{
	struct fixture *fx = *state;
	struct sx_summary sum;
	struct sx_report r;
	struct sx_colset cols = { 0 };
	struct sx_threshold th[2];
	struct sx_file_info fi = { "a.pcap", 1, NULL, 3 };
	const struct sx_column *sc;
	char err[160];
	size_t n, i;
	FILE *f;

	sx_summary_of(&sum, &fx->t, "ok");
	assert_int_equal(sum.frames, 3);
	assert_int_equal(sum.streams, 2);
	assert_int_equal(sum.problem_streams, 1);
	assert_int_equal(sum.flag[SX_FL_RETRANSMISSION], 1);
	assert_int_equal(sum.flag[SX_FL_DUPLICATE_ACK], 0);
	assert_int_equal(sum.bytes, 100);
	assert_int_equal(sum.data, 1);
	/* the retransmitted frame carried no data: nobody is worst */
	assert_int_equal(sum.retrans_data, 0);
	assert_false(sum.has_worst);

	sc = sx_summary_columns(&n);
	cols.col = sx_calloc(n + 1, sizeof(*cols.col));
	for (i = 0; i < n; i++)
		if (strcmp(sc[i].name, "file") == 0 ||
		    strcmp(sc[i].name, "streams") == 0 ||
		    strcmp(sc[i].name, "retransmission") == 0 ||
		    strcmp(sc[i].name, "worst_stream") == 0)
			cols.col[cols.n++] = &sc[i];
	cols.col[cols.n++] = sx_column_alert();
	assert_int_equal(sx_threshold_parse("streams >= 2", 1, &th[0], err,
	    sizeof(err)), 0);
	assert_int_equal(sx_threshold_parse("retransmission>1", 1, &th[1],
	    err, sizeof(err)), 0);

	f = start_report(fx, &r, SX_FMT_TSV, &cols);
	r.summary = 1;
	r.th = th;
	r.nth = 2;
	sx_report_summary(&r, &fi, &sum);
	finish_report(&r, f);
	assert_string_equal(fx->out,
	    "file\tstreams\tretransmission\tworst_stream\talert\n"
	    "a.pcap\t2\t1\t\tstreams>=2\n");
	assert_int_equal(r.alerts, 1);

	/* NDJSON: an alert string or null, null for no worst stream */
	f = start_report(fx, &r, SX_FMT_NDJSON, &cols);
	r.summary = 1;
	r.th = &th[1];
	r.nth = 1;
	sx_report_summary(&r, &fi, &sum);
	finish_report(&r, f);
	assert_string_equal(fx->out, "{\"file\":\"a.pcap\",\"streams\":2,"
	    "\"retransmission\":1,\"worst_stream\":null,\"alert\":null}\n");
	assert_int_equal(r.alerts, 0);
	free(cols.col);
}

/* Stream thresholds look at every stream, also those --top leaves out. */
static void
test_alerts_on_hidden_rows(void **state)
{
	struct fixture *fx = *state;
	struct sx_report r;
	struct sx_colset cols = { 0 };
	struct sx_threshold th;
	struct sx_file_info fi = { "a.pcap", 1, NULL, 3 };
	char err[160];
	FILE *f;

	assert_int_equal(sx_colset_parse(&cols, "stream,frames", err,
	    sizeof(err)), 0);
	cols.col = sx_reallocarray(cols.col, cols.n + 1, sizeof(*cols.col));
	cols.col[cols.n++] = sx_column_alert();
	assert_int_equal(sx_threshold_parse("frames<2", 0, &th, err,
	    sizeof(err)), 0);
	f = start_report(fx, &r, SX_FMT_TABLE, &cols);
	r.top = 1;
	r.th = &th;
	r.nth = 1;
	sx_report_file(&r, &fi, &fx->t);
	finish_report(&r, f);
	/* stream 2 (one frame) crosses but is not shown */
	assert_string_equal(fx->out, "stream frames alert\n"
	    "     0      2\n");
	assert_int_equal(r.alerts, 1);
	sx_colset_free(&cols);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_table, setup, teardown),
		cmocka_unit_test_setup_teardown(test_tsv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_csv, setup, teardown),
		cmocka_unit_test_setup_teardown(test_json, setup, teardown),
		cmocka_unit_test_setup_teardown(test_ndjson, setup, teardown),
		cmocka_unit_test_setup_teardown(test_no_header, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_write_error, setup,
		    teardown),
		cmocka_unit_test(test_columns_parse),
		cmocka_unit_test_setup_teardown(test_directions_json, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_prometheus, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_summary_and_alerts, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_alerts_on_hidden_rows,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_sort_top_problems_totals,
		    setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
