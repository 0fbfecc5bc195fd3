/* results.c - what each job's result does to the report, the tallies,
 * --every, --stats and the exit status. */
#include "results.h"

#include <string.h>
#include <sys/resource.h>

#include "escape.h"
#include "impact.h"
#include "points.h"
#include "progress.h"
#include "util.h"

/* A file name fit for a one-line message. */
static const char *
safe_name(const char *name, struct sx_buf *b)
{
	sx_buf_reset(b);
	if (strcmp(name, "-") == 0)
		sx_buf_adds(b, "standard input");
	else
		sx_escape_text(b, name, strlen(name));
	return sx_buf_cstr(b);
}

/* A write of the report failed: its errno, or 0. */
int
sx_results_write_error(const struct sx_results *rs)
{
	return rs->write_err ? rs->write_err : sx_report_error(&rs->report);
}

static int
is_quality(const struct sx_column *c)
{
	return c != NULL && c->metric >= SX_M_SUM_QUALITY &&
	    c->metric <= SX_M_SUM_DUP_FRAMES;
}

static int
conditions_quality(const struct sx_threshold *th, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < th[i].n; j++)
			if (is_quality(th[i].cond[j].col))
				return 1;
	return 0;
}

/* Whether a column of the capture's quality is selected, sorted on or
 * tested (it costs a reading of the file). */
static int
wants_quality(const struct sx_options *opt)
{
	size_t i;

	for (i = 0; i < opt->cols.n; i++)
		if (is_quality(opt->cols.col[i]))
			return 1;
	return is_quality(opt->sort) ||
	    conditions_quality(opt->th, opt->nth) ||
	    conditions_quality(opt->where, opt->nwhere);
}

/* The capture's own quality into its summary. */
static void
summary_quality(struct sx_summary *sum, const char *name,
    const struct sx_table *t)
{
	struct sx_buf v = { 0 };

	sx_trust_of(name, t, &sum->trust);
	sx_trust_verdict(&sum->trust, &v);
	snprintf(sum->quality, sizeof(sum->quality), "%s", sx_buf_cstr(&v));
	sx_buf_free(&v);
}

int
sx_results_done(const struct sx_result *res, void *ctx)
{
	struct sx_results *rs = ctx;
	struct sx_file_info fi;
	struct sx_buf nb = { 0 };

	if (res->maybe_capture && res->outcome == SX_OUT_FAILED &&
	    res->error == SX_JOB_NOT_CAPTURE) {
		/* A gzip file in a directory that holds no capture. */
		if (!rs->opt->quiet)
			sx_warn("%s: skipped: compressed, but not a capture",
			    safe_name(res->name, &nb));
		sx_buf_free(&nb);
		rs->done++;
		return 0;
	}
	switch (res->outcome) {
	case SX_OUT_OK:
		rs->ok++;
		break;
	case SX_OUT_PARTIAL:
		rs->partial++;
		break;
	case SX_OUT_FAILED:
		rs->failed++;
		break;
	}
	if (res->message)
		sx_warn("%s: %s", safe_name(res->name, &nb), res->message);
	fi.name = res->name;
	fi.complete = res->outcome == SX_OUT_OK;
	fi.error = res->message;
	fi.frames = res->table ? res->table->frames : 0;
	if (res->table) {
		rs->frames += res->table->frames;
		rs->streams += res->table->nstreams;
		if (rs->analysed++ == 0) {
			snprintf(rs->first, sizeof(rs->first), "%s",
			    safe_name(res->name, &nb));
			rs->first_streams = res->table->nstreams;
		}
	}
	rs->done++;
	if (rs->opt->summary) {
		struct sx_summary sum;

		sx_summary_of(&sum, res->table, res->outcome == SX_OUT_OK ?
		    "ok" : res->outcome == SX_OUT_PARTIAL ? "partial" :
		    "failed");
		if (res->table != NULL && wants_quality(rs->opt))
			summary_quality(&sum, res->name, res->table);
		sx_report_summary(&rs->report, &fi, &sum);
	} else {
		sx_report_file(&rs->report, &fi, res->table);
	}
	sx_buf_free(&nb);
	sx_delivery_done(rs->delivery, rs->done - 1,
	    res->outcome != SX_OUT_FAILED, &rs->report);
	return sx_results_write_error(rs) != 0;
}

static double
seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}


static void
setup_report(struct sx_report *r, const struct sx_options *opt,
    const char *tshark_version)
{
	memset(r, 0, sizeof(*r));
	r->fmt = opt->format;
	r->cols = &opt->cols;
	r->header = opt->header;
	r->totals = opt->totals && !opt->summary;
	r->sort = opt->sort;
	r->sort_desc = opt->sort_desc;
	r->top = opt->top;
	r->problems_only = opt->problems_only;
	r->has_stream = opt->has_stream;
	r->stream_only = opt->stream_only;
	r->explain = opt->explain;
	r->width_explain = opt->explain ? sx_explain_width() : 0;
	r->graph = (int)opt->graph;
	r->timeline = opt->timeline > 0 && !opt->interface;
	r->dfilter = opt->dfilter;
	r->summary = opt->summary;
	r->prom_labels = opt->prom_labels;
	r->th = opt->th;
	r->nth = opt->nth;
	r->where = opt->where;
	r->nwhere = opt->nwhere;
	r->out = stdout;
	r->tshark_version = tshark_version;
}

/* --every: the report of a live capture so far, as if it ended now. */
static void
report_so_far(struct sx_results *rs, const char *name,
    const struct sx_table *t)
{
	struct sx_report r;
	struct sx_file_info fi;

	sx_progress_clear();
	setup_report(&r, rs->opt, rs->tshark_version);
	fi.name = name;
	fi.complete = 0;
	fi.error = NULL;
	fi.frames = t->frames;
	sx_report_begin(&r);
	if (rs->opt->summary) {
		struct sx_summary sum;

		sx_summary_of(&sum, t, "running");
		sx_report_summary(&r, &fi, &sum);
	} else {
		sx_report_file(&r, &fi, t);
	}
	if (sx_report_end(&r) != 0 && rs->write_err == 0)
		rs->write_err = sx_report_error(&r);
	sx_report_free(&r);
}

void
sx_results_tick(const struct sx_tick *t, void *ctx)
{
	struct sx_results *rs = ctx;

	if (rs->opt->every > 0 && t->table != NULL &&
	    sx_now() - rs->last_every >= rs->opt->every) {
		rs->last_every = sx_now();
		report_so_far(rs, t->name, t->table);
	}
	sx_progress_update(t->bytes, rs->frames + t->frames, rs->done,
	    rs->njobs);
}

/* --stats: one line of figures for benchmarks. maxrss is in KiB; the
 * tshark figures cover every tshark run (its -v probe included). */
void
sx_results_stats(const struct sx_results *rs, double wall)
{
	struct rusage self, kids;
	size_t peak, n;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	sx_warn("stats: frames=%llu streams=%llu wall=%.3f self_user=%.3f "
	    "self_sys=%.3f self_maxrss_kb=%ld tshark_user=%.3f "
	    "tshark_sys=%.3f tshark_maxrss_kb=%ld",
	    (unsigned long long)rs->frames, (unsigned long long)rs->streams,
	    wall, seconds(self.ru_utime), seconds(self.ru_stime),
	    self.ru_maxrss, seconds(kids.ru_utime), seconds(kids.ru_stime),
	    kids.ru_maxrss);
	if ((peak = sx_pts_peak_bytes(&n)) > 0)
		sx_warn("stats: graphs: streams=%zu max_bytes_per_stream=%zu",
		    n, peak);
}

void
sx_results_init(struct sx_results *rs, struct sx_options *opt,
    const char *tshark_version, size_t njobs, FILE *out)
{
	memset(rs, 0, sizeof(*rs));
	rs->opt = opt;
	rs->delivery = &opt->delivery;
	rs->tshark_version = tshark_version;
	rs->njobs = njobs;
	rs->last_every = sx_now();
	setup_report(&rs->report, opt, tshark_version);
	rs->report.out = out;
	if (opt->format == SX_FMT_PROM && opt->delivery.state_path) {
		/* the series of earlier runs in, the whole set out */
		rs->report.prom_prev = &opt->delivery.st.metrics;
		rs->report.prom_next = &opt->delivery.metrics;
	}
	sx_report_begin(&rs->report);
}

enum sx_exit
sx_results_status(const struct sx_results *rs, int no_tshark)
{
	int e = sx_results_write_error(rs);

	if (e) {
		sx_warn("writing the report: %s", strerror(e));
		return SX_EXIT_USAGE;
	}
	if ((rs->ok + rs->partial == 0 && !rs->left_out) || no_tshark)
		return SX_EXIT_USAGE;
	if (rs->opt->has_stream && !rs->report.stream_seen &&
	    rs->analysed > 0) {
		if (rs->analysed == 1)
			sx_warn("%s: no stream %zu (the capture has %zu TCP "
			    "stream%s)", rs->first, rs->opt->stream_only,
			    rs->first_streams, rs->first_streams == 1 ? "" :
			    "s");
		else
			sx_warn("no stream %zu in any of the %zu captures",
			    rs->opt->stream_only, rs->analysed);
		return SX_EXIT_USAGE;
	}
	if (rs->report.nothing)
		return SX_EXIT_USAGE;
	if (rs->report.alerts > 0)
		return SX_EXIT_ALERT;
	if (rs->partial + rs->failed > 0)
		return SX_EXIT_DAMAGED;
	return SX_EXIT_CLEAN;
}
