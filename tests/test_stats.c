/* test_stats.c - the statistics of issue 13: their fields parsed, frames
 * accounted, records copied (the split's merge), columns and groups. */
#include "testlib.h"

#include <stdio.h>

#include "columns.h"
#include "parse.h"
#include "stats.h"
#include "streams.h"

struct fixture {
	struct sx_fieldset fs;
	struct sx_parser ps;
	struct sx_table t;
	struct sx_buf line;
	char err[256];
};

static int
setup(void **state)
{
	struct fixture *fx = sx_calloc(1, sizeof(*fx));
	int f;

	sx_fieldset_all(&fx->fs);
	for (f = SX_F_FLAG_END; f < SX_F_STATS_END; f++)
		fx->fs.want[f] = 1;
	fx->fs.stats = 1;
	fx->fs.service = 1;
	sx_parser_init(&fx->ps, SX_FLAGSTYLE_FIELDS, &fx->fs);
	sx_table_init(&fx->t);
	fx->t.stats = 1;
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;

	sx_parser_free(&fx->ps);
	sx_table_free(&fx->t);
	sx_buf_free(&fx->line);
	free(fx);
	return 0;
}

/* One frame of a connection 10.0.0.1:5000 <-> 10.0.0.2:80. */
struct seg {
	const char *time;
	int from_client;
	const char *tcpflags;   /* default 0x0010 */
	const char *len;        /* default 0 */
	const char *win, *scale, *inflight, *kinds, *mss, *shift;
	const char *protocols, *sni, *host, *rtt;
	int retrans;
};

static const char *
line_of(struct fixture *fx, const struct seg *g)
{
	struct line_spec s = { { 0 } };

	s.f[SX_F_STREAM] = "0";
	s.f[SX_F_TIME] = g->time ? g->time : "0";
	s.f[SX_F_PROTOCOLS] = g->protocols ? g->protocols :
	    "eth:ethertype:ip:tcp";
	s.f[SX_F_APPPROTO] = s.f[SX_F_PROTOCOLS];
	s.f[SX_F_IP_SRC] = g->from_client ? "10.0.0.1" : "10.0.0.2";
	s.f[SX_F_IP_DST] = g->from_client ? "10.0.0.2" : "10.0.0.1";
	s.f[SX_F_SRCPORT] = g->from_client ? "5000" : "80";
	s.f[SX_F_DSTPORT] = g->from_client ? "80" : "5000";
	s.f[SX_F_TCPFLAGS] = g->tcpflags ? g->tcpflags : "0x0010";
	s.f[SX_F_TCPLEN] = g->len ? g->len : "0";
	s.f[SX_F_ACK_RTT] = g->rtt;
	s.f[SX_F_WINSIZE] = g->win;
	s.f[SX_F_WINSCALE] = g->scale;
	s.f[SX_F_INFLIGHT] = g->inflight;
	s.f[SX_F_OPTKIND] = g->kinds;
	s.f[SX_F_MSS] = g->mss;
	s.f[SX_F_WSHIFT] = g->shift;
	s.f[SX_F_SNI] = g->sni;
	s.f[SX_F_HTTPHOST] = g->host;
	if (g->retrans)
		s.f[FLAGF(SX_FL_RETRANSMISSION)] = "1";
	return join_line_fs(&fx->line, &s, &fx->fs);
}

static void
add(struct fixture *fx, const struct seg *g)
{
	const char *l = line_of(fx, g);

	if (sx_parse_line(&fx->ps, l, strlen(l)) != 0)
		fail_msg("parse: %s", fx->ps.err);
	if (sx_table_add(&fx->t, &fx->ps.frame, fx->err, sizeof(fx->err)))
		fail_msg("add: %s", fx->err);
}

/* The value of column name for stream 0 of table t. */
static struct sx_value
value(const struct sx_table *t, const char *name)
{
	const struct sx_column *c = sx_column_find(name);
	struct sx_row r = { 0 };
	struct sx_value v = { 0 };

	if (c == NULL)
		fail_msg("no column %s", name);
	r.st = sx_table_get(t, 0);
	assert_non_null(r.st);
	r.ext = sx_stream_ext(t, r.st);
	r.table = t;
	sx_column_value(c, &r, &v);
	return v;
}

static void
test_parse_fields(void **state)
{
	struct fixture *fx = *state;
	struct seg g = { 0 };
	const struct sx_fstats *x = &fx->ps.frame.x;
	const char *l;

	g.from_client = 1;
	g.tcpflags = "0x0002";
	g.win = "29200";
	g.kinds = "2,4,8,1,3";
	g.mss = "1460";
	g.shift = "7";
	g.protocols = "eth:ethertype:ip:tcp:tls";
	g.sni = "a.example,b.example";
	l = line_of(fx, &g);
	assert_int_equal(sx_parse_line(&fx->ps, l, strlen(l)), 0);
	assert_true(x->single);
	assert_true(x->has_win);
	assert_int_equal(x->win, 29200);
	assert_false(x->win_unknown);
	assert_int_equal(x->opt_bits, SX_DS_MSS | SX_DS_WSCALE | SX_DS_SACK |
	    SX_DS_TS);
	assert_true(x->has_mss && x->mss == 1460);
	assert_true(x->has_wshift && x->wshift == 7);
	assert_int_equal(x->app_n, 3);
	assert_memory_equal(x->app, "tls", 3);
	assert_int_equal(x->sni_n, 9);   /* up to the comma */
	assert_memory_equal(x->sni, "a.example", 9);
	assert_null(x->host);

	/* the unknown scale factor; the data layer is no service */
	memset(&g, 0, sizeof(g));
	g.win = "108";
	g.scale = "-1";
	g.inflight = "1448";
	g.protocols = "eth:ethertype:ip:tcp:data";
	l = line_of(fx, &g);
	assert_int_equal(sx_parse_line(&fx->ps, l, strlen(l)), 0);
	assert_true(x->win_unknown);
	assert_true(x->has_inflight && x->inflight == 1448);
	assert_null(x->app);
}

static void
test_parse_errors(void **state)
{
	struct fixture *fx = *state;
	static const struct {
		enum sx_field f;
		const char *v;
	} bad[] = {
		{ SX_F_WINSIZE, "12x" }, { SX_F_WINSIZE, "-5" },
		{ SX_F_WINSCALE, "-3" }, { SX_F_WINSCALE, "32768" },
		{ SX_F_INFLIGHT, "4294967296" }, { SX_F_OPTKIND, "2,4," },
		{ SX_F_OPTKIND, "256" }, { SX_F_MSS, "65536" },
		{ SX_F_WSHIFT, "1,,2" }, { SX_F_HTTPHOST, "a\001b" },
		{ SX_F_APPPROTO, "eth:ip:tcp:t ls" },
	};
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(bad); i++) {
		struct seg g = { 0 };
		struct line_spec s = { { 0 } };
		const char *l;

		(void)g;
		s.f[SX_F_STREAM] = "0";
		s.f[SX_F_TIME] = "0";
		s.f[SX_F_PROTOCOLS] = "eth:ethertype:ip:tcp";
		s.f[SX_F_IP_SRC] = "10.0.0.1";
		s.f[SX_F_IP_DST] = "10.0.0.2";
		s.f[SX_F_SRCPORT] = "1";
		s.f[SX_F_DSTPORT] = "2";
		s.f[SX_F_TCPFLAGS] = "0x0010";
		s.f[SX_F_TCPLEN] = "0";
		s.f[bad[i].f] = bad[i].v;
		l = join_line_fs(&fx->line, &s, &fx->fs);
		assert_int_equal(sx_parse_line(&fx->ps, l, strlen(l)), -1);
		assert_non_null(strstr(fx->ps.err, sx_field_names[bad[i].f]));
	}
}

/* Two TCP headers in a frame: their lists cannot be told apart. */
static void
test_two_headers_skipped(void **state)
{
	struct fixture *fx = *state;
	struct line_spec s = { { 0 } };
	const char *l;

	s.f[SX_F_STREAM] = "0";
	s.f[SX_F_TIME] = "0";
	s.f[SX_F_PROTOCOLS] = "eth:ethertype:ip:tcp:ip:tcp";
	s.f[SX_F_IP_SRC] = "10.0.0.1,10.0.0.3";
	s.f[SX_F_IP_DST] = "10.0.0.2,10.0.0.4";
	s.f[SX_F_SRCPORT] = "5000,6000";
	s.f[SX_F_DSTPORT] = "80,90";
	s.f[SX_F_TCPFLAGS] = "0x0002,0x0002";
	s.f[SX_F_TCPLEN] = "0";
	s.f[SX_F_WINSIZE] = "1000";
	s.f[SX_F_OPTKIND] = "2,4";
	s.f[SX_F_MSS] = "1460";
	l = join_line_fs(&fx->line, &s, &fx->fs);
	assert_int_equal(sx_parse_line(&fx->ps, l, strlen(l)), 0);
	assert_false(fx->ps.frame.x.single);
	assert_false(fx->ps.frame.x.has_win);
	assert_int_equal(sx_table_add(&fx->t, &fx->ps.frame, fx->err,
	    sizeof(fx->err)), 0);
	assert_true(value(&fx->t, "mss_fwd").null);
	assert_true(value(&fx->t, "sack_perm_fwd").null);
	assert_true(value(&fx->t, "win_max").null);
}

/* A connection: options, windows, in flight, data, RTTs, idle gaps. */
static void
connection(struct fixture *fx)
{
	struct seg syn = { .time = "0", .from_client = 1, .tcpflags = "0x0002",
	    .win = "64240", .kinds = "2,4,8,1,3", .mss = "1460",
	    .shift = "7" };
	struct seg synack = { .time = "0.010", .tcpflags = "0x0012",
	    .win = "65160", .kinds = "2,1,1,3", .mss = "1400",
	    .shift = "8" };
	struct seg req = { .time = "0.011", .from_client = 1,
	    .tcpflags = "0x0018", .len = "100", .win = "64256",
	    .scale = "128", .inflight = "100",
	    .protocols = "eth:ethertype:ip:tcp:http", .host = "h.example" };
	struct seg r1 = { .time = "1.5", .len = "1000", .win = "65280",
	    .scale = "256", .inflight = "1000", .rtt = "0.001",
	    .protocols = "eth:ethertype:ip:tcp:tls", .sni = "s.example" };
	struct seg back = { .time = "1.2", .len = "500", .win = "25600",
	    .scale = "256", .inflight = "1500", .retrans = 1 };
	struct seg ack = { .time = "4.0", .from_client = 1, .win = "64256",
	    .scale = "128", .rtt = "0.003,0.010" };

	add(fx, &syn);
	add(fx, &synack);
	add(fx, &req);
	add(fx, &r1);
	add(fx, &back);
	add(fx, &ack);
}

static void
test_connection(void **state)
{
	struct fixture *fx = *state;
	struct sx_value v;

	connection(fx);
	assert_int_equal(value(&fx->t, "mss_fwd").count, 1460);
	assert_int_equal(value(&fx->t, "mss_rev").count, 1400);
	assert_int_equal(value(&fx->t, "wscale_rev").count, 8);
	assert_int_equal(value(&fx->t, "sack_perm_fwd").count, 1);
	v = value(&fx->t, "sack_perm_rev");
	assert_false(v.null);
	assert_int_equal(v.count, 0);
	assert_int_equal(value(&fx->t, "timestamps_fwd").count, 1);
	assert_int_equal(value(&fx->t, "timestamps_rev").count, 0);
	assert_int_equal(value(&fx->t, "win_min").count, 25600);
	assert_int_equal(value(&fx->t, "win_max_rev").count, 65280);
	assert_true(value(&fx->t, "win_avg_fwd").ratio ==
	    (64240.0 + 64256 + 64256) / 3);
	assert_int_equal(value(&fx->t, "in_flight_max").count, 1500);
	assert_true(value(&fx->t, "in_flight_avg_rev").ratio == 1250.0);
	assert_int_equal(value(&fx->t, "retrans_bytes").count, 500);
	assert_int_equal(value(&fx->t, "goodput_bytes").count, 1100);
	assert_int_equal(value(&fx->t, "seg_max_rev").count, 1000);
	/* the server's data span runs from its first data frame (1.5 s)
	 * to its last (1.2 s, back in time): no span, no rate */
	assert_true(value(&fx->t, "throughput_rev").null);
	assert_true(value(&fx->t, "goodput_rev").null);
	/* the stream's: 0.011 s to 1.2 s */
	assert_true(value(&fx->t, "throughput").ratio ==
	    1600.0 * 1e9 / 1189000000.0);
	assert_true(value(&fx->t, "goodput").ratio ==
	    1100.0 * 1e9 / 1189000000.0);
	assert_true(value(&fx->t, "throughput_fwd").null);  /* one frame */
	assert_int_equal(value(&fx->t, "first_data_fwd").ns, 11000000);
	assert_int_equal(value(&fx->t, "first_data_rev").ns, 1500000000);
	/* gaps 0.010, 0.001, 1.489, -0.3, 2.8 */
	assert_int_equal(value(&fx->t, "idle_max").ns, 2800000000);
	/* rev's data: 3 and 10 ms (sd 3.5 ms); fwd's: 1 ms (sd 0);
	 * together {1, 3, 10} ms: sqrt(134 / 9) ms */
	assert_int_equal(value(&fx->t, "rtt_sd_rev").ns, 3500000);
	assert_int_equal(value(&fx->t, "rtt_sd_fwd").ns, 0);
	assert_int_equal(value(&fx->t, "rtt_sd").ns, 3858612);
	/* the SNI wins over the Host seen before it */
	v = value(&fx->t, "server_name");
	assert_string_equal(v.str, "s.example");
	assert_string_equal(value(&fx->t, "service").str, "http");
}

static void
test_unknown_window(void **state)
{
	struct fixture *fx = *state;
	struct seg a = { .time = "0", .from_client = 1, .len = "10",
	    .win = "108", .scale = "-1" };
	struct seg b = { .time = "0.5", .len = "10", .win = "2048",
	    .scale = "-2" };

	add(fx, &a);
	add(fx, &b);
	assert_true(value(&fx->t, "win_min_fwd").null);
	assert_true(value(&fx->t, "win_max").null);   /* one side unknown */
	assert_int_equal(value(&fx->t, "win_max_rev").count, 2048);
	assert_true(value(&fx->t, "mss_fwd").null);
	assert_true(value(&fx->t, "sack_perm_rev").null);
	assert_true(value(&fx->t, "service").null);
	assert_true(value(&fx->t, "rtt_sd").null);
	assert_true(value(&fx->t, "throughput").ratio == 20.0 * 2);
}

/* The split's merge: a record copied into another table, strings too. */
static void
test_copy(void **state)
{
	struct fixture *fx = *state;
	struct sx_table dst;
	struct sx_ext *de;
	const struct sx_stream *st;
	static const char *const names[] = {
		"throughput_rev", "win_avg_fwd", "rtt_sd", "idle_max",
		"mss_rev", "in_flight_avg", "first_data_rev",
	};
	size_t i;

	connection(fx);
	st = sx_table_get(&fx->t, 0);
	sx_table_init(&dst);
	dst.stats = 1;
	dst.s = sx_calloc(1, sizeof(*dst.s));
	dst.cap = dst.used = dst.nstreams = 1;
	dst.s[0] = *st;
	dst.ext = sx_calloc(1, sizeof(*dst.ext));
	dst.ext_cap = dst.next = 1;
	dst.ext[0] = *sx_stream_ext(&fx->t, st);
	dst.s[0].ext = 1;
	de = &dst.ext[0];
	sx_stats_copy(&dst.sstats, &de->stats, &fx->t.sstats,
	    sx_stream_ext(&fx->t, st)->stats);
	for (i = 0; i < SX_ARRAY_LEN(names); i++) {
		struct sx_value a = value(&fx->t, names[i]);
		struct sx_value b = value(&dst, names[i]);

		assert_int_equal(a.null, b.null);
		assert_true(a.ratio == b.ratio);
		assert_int_equal(a.ns, b.ns);
		assert_int_equal(a.count, b.count);
	}
	assert_string_equal(value(&dst, "server_name").str, "s.example");
	assert_string_equal(value(&dst, "service").str, "http");
	assert_ptr_not_equal(value(&dst, "service").str,
	    value(&fx->t, "service").str);
	sx_table_free(&dst);
}

static void
test_groups_and_fields(void **state)
{
	struct sx_colset set = { 0 };
	struct sx_fieldset fs;
	char err[128];
	size_t i;
	int f;

	(void)state;
	assert_int_equal(sx_colset_parse(&set, "options", err, sizeof(err)),
	    0);
	assert_int_equal(set.n, 8);
	for (i = 0; i < set.n; i++)
		assert_int_not_equal(set.col[i]->dir, SX_CD_BOTH);
	assert_false(sx_colset_needs_payload(&set));
	sx_colset_free(&set);
	assert_int_equal(sx_colset_parse(&set, "transfer", err, sizeof(err)),
	    0);
	assert_int_equal(set.n, 24);
	sx_colset_free(&set);
	/* the column throughput, not a group */
	assert_int_equal(sx_colset_parse(&set, "throughput", err,
	    sizeof(err)), 0);
	assert_int_equal(set.n, 1);
	sx_colset_free(&set);
	assert_null(sx_column_find("mss"));
	assert_null(sx_column_find("first_data"));
	assert_null(sx_column_find("idle_max_fwd"));

	/* the default columns want no statistics field */
	memset(&fs, 0, sizeof(fs));
	sx_colset_default(&set);
	for (i = 0; i < set.n; i++)
		sx_column_fields(set.col[i], &fs);
	for (f = SX_F_FLAG_END; f < SX_F_STATS_END; f++)
		assert_false(fs.want[f]);
	assert_false(fs.stats);
	assert_false(sx_fieldset_needs_payload(&fs));
	sx_colset_free(&set);

	/* only service and server_name need the payload */
	assert_int_equal(sx_colset_parse(&set, "all", err, sizeof(err)), 0);
	for (i = 0; i < set.n; i++) {
		memset(&fs, 0, sizeof(fs));
		sx_column_fields(set.col[i], &fs);
		assert_int_equal(set.col[i]->needs_payload,
		    sx_fieldset_needs_payload(&fs));
		assert_int_equal(set.col[i]->needs_payload,
		    strcmp(set.col[i]->name, "service") == 0 ||
		    strcmp(set.col[i]->name, "server_name") == 0);
	}
	assert_true(sx_colset_needs_payload(&set));
	sx_colset_free(&set);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_parse_fields, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_parse_errors, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_two_headers_skipped, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_connection, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_unknown_window, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_copy, setup, teardown),
		cmocka_unit_test(test_groups_and_fields),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
