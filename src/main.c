/* main.c - streamxpert's command line, wiring and exit status. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "columns.h"
#include "escape.h"
#include "inputs.h"
#include "options.h"
#include "proc.h"
#include "progress.h"
#include "report.h"
#include "signals.h"
#include "threshold.h"
#include "tshark.h"
#include "util.h"
#include "version.h"

/* Tallies kept while results are reported. */
struct run_state {
	const struct sx_options *opt;
	struct sx_report report;
	size_t ok, partial, failed, done;
	uint64_t frames, streams;
	double last_every;      /* monotonic seconds of the last live report */
	int write_err;          /* errno of a failed --every report, or 0 */
	const char *tshark_version;
	size_t njobs;
};

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
static int
write_error(const struct run_state *rs)
{
	return rs->write_err ? rs->write_err : sx_report_error(&rs->report);
}

static int
job_done(const struct sx_result *res, void *ctx)
{
	struct run_state *rs = ctx;
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
	sx_buf_free(&nb);
	fi.name = res->name;
	fi.complete = res->outcome == SX_OUT_OK;
	fi.error = res->message;
	fi.frames = res->table ? res->table->frames : 0;
	if (res->table) {
		rs->frames += res->table->frames;
		rs->streams += res->table->nstreams;
	}
	rs->done++;
	if (rs->opt->summary) {
		struct sx_summary sum;

		sx_summary_of(&sum, res->table, res->outcome == SX_OUT_OK ?
		    "ok" : res->outcome == SX_OUT_PARTIAL ? "partial" :
		    "failed");
		sx_report_summary(&rs->report, &fi, &sum);
	} else {
		sx_report_file(&rs->report, &fi, res->table);
	}
	return write_error(rs) != 0;
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
	r->summary = opt->summary;
	r->th = opt->th;
	r->nth = opt->nth;
	r->out = stdout;
	r->tshark_version = tshark_version;
}

/* --every: the report of a live capture so far, as if it ended now. */
static void
report_so_far(struct run_state *rs, const char *name,
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

static void
tick(const struct sx_tick *t, void *ctx)
{
	struct run_state *rs = ctx;

	if (rs->opt->every > 0 && t->table != NULL &&
	    sx_now() - rs->last_every >= rs->opt->every) {
		rs->last_every = sx_now();
		report_so_far(rs, t->name, t->table);
	}
	sx_progress_update(t->bytes, rs->frames + t->frames, rs->done,
	    rs->njobs);
}

static void
say_skipped(const char *path, const char *why, void *ctx)
{
	const struct sx_options *o = ctx;
	struct sx_buf b = { 0 };

	if (!o->quiet) {
		sx_escape_text(&b, path, strlen(path));
		sx_warn("%s: skipped: %s", sx_buf_cstr(&b), why);
	}
	sx_buf_free(&b);
}

/* --stats: one line of figures for benchmarks. maxrss is in KiB; the
 * tshark figures cover every tshark run (its -v probe included). */
static void
print_stats(const struct run_state *rs, double wall)
{
	struct rusage self, kids;

	getrusage(RUSAGE_SELF, &self);
	getrusage(RUSAGE_CHILDREN, &kids);
	sx_warn("stats: frames=%llu streams=%llu wall=%.3f self_user=%.3f "
	    "self_sys=%.3f self_maxrss_kb=%ld tshark_user=%.3f "
	    "tshark_sys=%.3f tshark_maxrss_kb=%ld",
	    (unsigned long long)rs->frames, (unsigned long long)rs->streams,
	    wall, seconds(self.ru_utime), seconds(self.ru_stime),
	    self.ru_maxrss, seconds(kids.ru_utime), seconds(kids.ru_stime),
	    kids.ru_maxrss);
}

/* Make sure 0, 1 and 2 are open before anything else is, so that no
 * descriptor opened later (a pipe to tshark) is taken for one of them.
 * A closed one becomes /dev/null: standard input reads as empty;
 * standard output is opened read-only, so that writing the report fails
 * (EBADF: said on stderr, status 2) rather than vanishing; standard error
 * is written to /dev/null (messages are lost; the status still says). */
static void
keep_std_fds(void)
{
	static const int mode[3] = { O_RDONLY, O_RDONLY, O_WRONLY };
	int fd;

	for (fd = 0; fd <= 2; fd++)
		if (fcntl(fd, F_GETFD) < 0 && errno == EBADF &&
		    open("/dev/null", mode[fd]) != fd)
			_exit(SX_EXIT_USAGE);
}

/* Flush and close stdout; 0, or the errno of the failed write. A
 * zero-length write finds a standard output that cannot be written at
 * all even when the report is empty. */
static int
close_stdout(void)
{
	int e = 0;

	if (fflush(stdout) != 0 || write(STDOUT_FILENO, "", 0) < 0)
		e = errno ? errno : EIO;
	if (fclose(stdout) != 0 && e == 0)
		e = errno ? errno : EIO;
	return e;
}

static void
print_command(const struct sx_tshark *ts, const struct sx_tshark_run *run)
{
	char **argv = sx_tshark_argv(ts, run);
	struct sx_buf b = { 0 };
	size_t i;

	for (i = 0; argv[i]; i++) {
		if (i)
			sx_buf_addc(&b, ' ');
		sx_escape_text(&b, argv[i], strlen(argv[i]));
	}
	sx_warn("tshark %s, %s engine%s: %s", ts->version,
	    sx_engine_name(ts->engine), ts->tuned ? ", tuned" : "",
	    sx_buf_cstr(&b));
	sx_buf_free(&b);
	sx_argv_free(argv);
}

int
main(int argc, char **argv)
{
	struct sx_options opt;
	struct sx_tshark ts = { 0 };
	struct sx_run_config cfg = { 0 };
	struct sx_fieldset fields;
	struct run_state rs = { 0 };
	struct sx_job **jobs;
	struct sx_inputs inputs = { 0 };
	uint64_t total_bytes = 0;
	char err[512];
	size_t i;
	int sig, status, no_tshark, e;

	double t0 = sx_now();

	keep_std_fds();
	sx_options_parse(&opt, argc, argv);
	sx_signals_init();

	if (sx_tshark_find(&ts, opt.tshark, err, sizeof(err)) != 0 ||
	    (!opt.user_config && sx_tshark_isolate(&ts, err,
	    sizeof(err)) != 0) ||
	    sx_tshark_probe(&ts, opt.engine, err, sizeof(err)) != 0) {
		sx_warn("%s", err);
		sx_tshark_free(&ts);
		sx_options_free(&opt);
		return SX_EXIT_USAGE;
	}

	sx_options_fields(&opt, ts.has_completeness, &fields);

	cfg.ts = &ts;
	cfg.run.fields = &fields;
	cfg.run.dfilter = opt.dfilter;
	cfg.run.interface = opt.interface;
	cfg.run.cfilter = opt.cfilter;
	cfg.run.autostop = opt.autostop;
	cfg.run.line_buffered = opt.every > 0;
	cfg.run.cheap_endpoints = 1;
	cfg.live = opt.interface != NULL;
	cfg.verbose = opt.verbose;
	cfg.parallel = opt.jobs;
	cfg.watch_stdout = 1;
	cfg.done = job_done;
	cfg.ctx = &rs;
	if (opt.verbose)
		print_command(&ts, &cfg.run);

	/* The inputs: files as given, directories walked. */
	if (opt.interface) {
		sx_inputs_add(&inputs, opt.interface, 0, NULL, NULL);
	} else {
		for (i = 0; i < opt.ninputs; i++)
			sx_inputs_add(&inputs, opt.inputs[i], opt.recursive,
			    say_skipped, &opt);
		if (inputs.n == 0) {
			sx_warn("no capture found (%zu file%s skipped)",
			    inputs.skipped, inputs.skipped == 1 ? "" : "s");
			sx_inputs_free(&inputs);
			sx_tshark_free(&ts);
			sx_options_free(&opt);
			return SX_EXIT_USAGE;
		}
	}

	rs.opt = &opt;
	rs.tshark_version = ts.version;
	rs.last_every = sx_now();
	setup_report(&rs.report, &opt, ts.version);
	sx_report_begin(&rs.report);

	jobs = sx_calloc(inputs.n, sizeof(*jobs));
	for (i = 0; i < inputs.n; i++) {
		struct stat st;

		jobs[i] = sx_job_new(inputs.v[i].name,
		    inputs.v[i].kind == SX_KIND_GZIP);
		if (inputs.v[i].error)
			sx_job_set_failed(jobs[i], inputs.v[i].error);
		else if (!opt.interface && stat(inputs.v[i].name, &st) == 0 &&
		    S_ISREG(st.st_mode))
			total_bytes += (uint64_t)st.st_size;
	}
	if (opt.progress < 0)
		opt.progress = isatty(2);
	if (opt.progress)
		sx_progress_start(total_bytes);
	if (opt.progress || opt.every > 0) {
		cfg.tick = tick;
		cfg.tick_ms = 250;
	}
	rs.njobs = inputs.n;
	sig = sx_analyze(jobs, inputs.n, &cfg, err, sizeof(err));
	sx_progress_stop();
	for (i = 0; i < inputs.n; i++)
		sx_job_free(jobs[i]);
	free(jobs);
	sx_inputs_free(&inputs);

	if (sig == 0)
		sx_report_end(&rs.report);
	no_tshark = sig == SX_ANALYZE_NO_TSHARK;
	if (no_tshark)
		sx_warn("cannot start tshark: %s", err);
	if (write_error(&rs) == EPIPE)
		sig = SIGPIPE;  /* the reader is gone: stop quietly */
	else if (sig < 0)
		sig = 0;        /* a write failed or no tshark: said */
	sx_tshark_free(&ts);
	if (sig) {
		sx_proc_kill_all();
		sx_die_by_signal(sig);
	}
	if (write_error(&rs)) {
		sx_warn("writing the report: %s", strerror(write_error(&rs)));
		status = SX_EXIT_USAGE;
	} else if (rs.ok + rs.partial == 0 || no_tshark) {
		status = SX_EXIT_USAGE;
	} else if (rs.report.alerts > 0) {
		status = SX_EXIT_ALERT;
	} else if (rs.partial + rs.failed > 0) {
		status = SX_EXIT_DAMAGED;
	} else {
		status = SX_EXIT_CLEAN;
	}
	if (opt.stats)
		print_stats(&rs, sx_now() - t0);
	sx_report_free(&rs.report);
	sx_options_free(&opt);
	if ((e = close_stdout()) != 0 && status != SX_EXIT_USAGE) {
		sx_warn("writing the report: %s", strerror(e));
		status = SX_EXIT_USAGE;
	}
	return status;
}
