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

#include "sched.h"
#include "escape.h"
#include "inputs.h"
#include "options.h"
#include "plan.h"
#include "proc.h"
#include "progress.h"
#include "results.h"
#include "signals.h"
#include "tshark.h"
#include "util.h"

/* Files skipped as still being written (--settle) are said at the end
 * of the scan: one line each, or one for all when nothing else is
 * left to read. */
static struct sx_buf settling_said;

static void
say_skipped(const char *path, const char *why, void *ctx)
{
	const struct sx_options *o = ctx;
	struct sx_buf b = { 0 };

	if (!o->quiet) {
		sx_escape_text(&b, path, strlen(path));
		if (strstr(why, "see --settle") != NULL)
			sx_buf_printf(&settling_said, "%s: skipped: %s%c",
			    sx_buf_cstr(&b), why, '\0');
		else
			sx_warn("%s: skipped: %s", sx_buf_cstr(&b), why);
	}
	sx_buf_free(&b);
}

/* The settling files, each on a line; when they are all there was, one
 * line with the way out. */
static void
say_settling(const struct sx_inputs *in, const struct sx_options *opt)
{
	size_t off = 0;

	if (in->settling > 0 && in->n == 0 && opt->delivery.skipped == 0 &&
	    in->shard_out == 0 && !opt->quiet) {
		if (in->settling == 1)
			sx_warn("nothing analysed: the capture found was "
			    "modified less than %g s ago (still being "
			    "written?); --settle 0 reads it as it is",
			    (double)in->settle_ns / 1e9);
		else
			sx_warn("nothing analysed: all %zu captures found were "
			    "modified less than %g s ago (still being "
			    "written?); --settle 0 reads them as they are",
			    in->settling, (double)in->settle_ns / 1e9);
	}
	else
		for (; off < settling_said.len;
		    off += strlen(settling_said.data + off) + 1)
			sx_warn("%s", settling_said.data + off);
	sx_buf_free(&settling_said);
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

/* The run's configuration from the options and the plan. */
static void
setup_run(struct sx_run_config *cfg, const struct sx_options *opt,
    const struct sx_tshark *ts, const struct sx_plan *plan,
    struct sx_results *rs)
{
	memset(cfg, 0, sizeof(*cfg));
	cfg->ts = ts;
	cfg->run.fields = &plan->fields;
	cfg->run.dfilter = opt->dfilter;
	cfg->run.interface = opt->interface;
	cfg->run.cfilter = opt->cfilter;
	cfg->run.autostop = opt->autostop;
	cfg->run.line_buffered = opt->every > 0;
	cfg->run.cheap_endpoints = 1;
	cfg->live = opt->interface != NULL;
	cfg->verbose = opt->verbose;
	cfg->cut = plan->cut;
	cfg->nocut_why = plan->nocut_why;
	cfg->parallel = opt->jobs;
	cfg->watch_stdout = opt->delivery.output == NULL;
	cfg->done = sx_results_done;
	cfg->ctx = rs;
}

/* The inputs: files as given, directories walked. Returns 0, or -1
 * (said) when there is no capture. */
static int
find_inputs(struct sx_inputs *in, struct sx_options *opt, int *left_out)
{
	size_t i;

	*left_out = 0;
	if (opt->interface) {
		sx_inputs_add(in, opt->interface, 0, NULL, NULL);
		return 0;
	}
	in->settle_ns = sx_delivery_settle_ns(&opt->delivery);
	in->shard = opt->shard;
	for (i = 0; i < opt->ninputs; i++)
		sx_inputs_add(in, opt->inputs[i], opt->recursive,
		    say_skipped, opt);
	/* --state: the captures reported before are left out (after
	 * --shard: a shard's state holds what that shard reported) */
	sx_delivery_filter(&opt->delivery, in);
	say_settling(in, opt);
	*left_out = sx_delivery_left_out(&opt->delivery, in) ||
	    in->shard_out > 0;
	if (in->n > 0 || *left_out || sx_signals_caught())
		return 0;       /* (a signal stops the run in sx_sched_run) */
	sx_warn("no capture found (%zu file%s skipped)", in->skipped,
	    in->skipped == 1 ? "" : "s");
	return -1;
}

/* One job per input; *total_bytes: the size of the regular files. */
static struct sx_job **
make_jobs(const struct sx_inputs *in, const struct sx_options *opt,
    uint64_t *total_bytes)
{
	struct sx_job **jobs = sx_calloc(in->n, sizeof(*jobs));
	size_t i;

	*total_bytes = 0;
	for (i = 0; i < in->n; i++) {
		struct stat st;

		jobs[i] = sx_job_new(in->v[i].name,
		    in->v[i].kind == SX_KIND_GZIP);
		if (in->v[i].error)
			sx_job_set_failed(jobs[i], in->v[i].error);
		else if (!opt->interface && stat(in->v[i].name, &st) == 0 &&
		    S_ISREG(st.st_mode))
			*total_bytes += (uint64_t)st.st_size;
	}
	return jobs;
}

/* Run the jobs with a progress line and --every when asked. Returns what
 * sx_sched_run returns. */
static int
run_jobs(struct sx_options *opt, struct sx_run_config *cfg,
    const struct sx_inputs *in, char *err, size_t errsize)
{
	uint64_t total_bytes;
	struct sx_job **jobs = make_jobs(in, opt, &total_bytes);
	size_t i;
	int sig;

	if (opt->progress < 0)
		opt->progress = isatty(2);
	if (opt->progress)
		sx_progress_start(total_bytes);
	if (opt->progress || opt->every > 0) {
		cfg->tick = sx_results_tick;
		cfg->tick_ms = 250;
	}
	sig = sx_sched_run(jobs, in->n, cfg, err, errsize);
	sx_progress_stop();
	for (i = 0; i < in->n; i++)
		sx_job_free(jobs[i]);
	free(jobs);
	return sig;
}

/* Find, isolate and probe the tshark, and plan the run on it. Fails
 * (said) when it cannot serve. */
static int
setup_tshark(struct sx_tshark *ts, const struct sx_options *opt,
    struct sx_plan *plan)
{
	char err[512];

	if (sx_tshark_find(ts, opt->tshark, err, sizeof(err)) != 0 ||
	    (!opt->user_config && sx_tshark_isolate(ts, err,
	    sizeof(err)) != 0) ||
	    sx_tshark_probe(ts, err, sizeof(err)) != 0) {
		if (!sx_signals_caught())
			sx_warn("%s", err);
		return -1;
	}
	return sx_plan_make(plan, opt, ts);
}

/* After the jobs (sig: what sx_sched_run returned, err its message):
 * the report's end, or the exit by the signal that stopped the run or
 * the report's writing, or quietly when the reader went away (then this
 * does not return). Returns whether tshark could not be started. */
static int
end_run(struct sx_options *opt, struct sx_tshark *ts, struct sx_results *rs,
    int sig, const char *err)
{
	int no_tshark;

	/* Every child is reaped now. A report written to standard output
	 * (no -o, no --state to keep right) leaves nothing to clean up:
	 * from here a signal kills at once, even while a write is blocked
	 * on a reader that stopped reading. */
	if (sig == 0 && !opt->delivery.output && !opt->delivery.state_path) {
		sx_tshark_free(ts);     /* its configuration directory */
		sx_signals_default();
	}
	if (sig == 0 && sx_signals_caught())
		sig = sx_signals_caught();

	if (sig == 0)
		sx_report_end(&rs->report);
	no_tshark = sig == SX_SCHED_NO_TSHARK;
	if (no_tshark)
		sx_warn("cannot start tshark: %s", err);
	if (sx_signals_caught())
		sig = sx_signals_caught();  /* while the report was written
		                             * (a blocked write is interrupted) */
	else if (sx_results_write_error(rs) == EPIPE)
		sig = SIGPIPE;  /* the reader is gone: stop quietly */
	else if (sig < 0)
		sig = 0;        /* a write failed or no tshark: said */
	sx_tshark_free(ts);
	if (sig) {
		sx_delivery_abort(&opt->delivery);
		sx_proc_kill_all();
		sx_die_by_signal(sig);
	}
	return no_tshark;
}

int
main(int argc, char **argv)
{
	struct sx_options opt;
	struct sx_tshark ts = { 0 };
	struct sx_run_config cfg;
	struct sx_plan plan;
	struct sx_results rs;
	struct sx_inputs inputs = { 0 };
	char err[512];
	int sig, status, no_tshark, e, left_out;
	FILE *out = stdout;
	double t0 = sx_now();

	keep_std_fds();
	sx_options_parse(&opt, argc, argv);
	sx_column_community_id_seed(opt.cid_seed);
	sx_signals_init();
	if (setup_tshark(&ts, &opt, &plan) != 0) {
		sx_tshark_free(&ts);
		sx_options_free(&opt);
		/* a signal while tshark was probed: it is stopped already */
		if ((sig = sx_signals_caught()) != 0) {
			sx_proc_kill_all();
			sx_die_by_signal(sig);
		}
		return SX_EXIT_USAGE;
	}
	setup_run(&cfg, &opt, &ts, &plan, &rs);
	if (opt.verbose)
		print_command(&ts, &cfg.run);
	/* --state, -o: the lock, the state, the temporary output */
	if ((status = sx_delivery_start(&opt.delivery, opt.format,
	    opt.quiet, &out)) == SX_EXIT_BUSY && opt.shard.n > 1)
		sx_warn("(with --shard, give each shard a --state file of its "
		    "own)");
	if (status != 0 || find_inputs(&inputs, &opt, &left_out) != 0) {
		sx_inputs_free(&inputs);
		sx_tshark_free(&ts);
		sx_options_free(&opt);
		return status ? status : SX_EXIT_USAGE;
	}
	sx_results_init(&rs, &opt, ts.version, inputs.n, out);
	rs.left_out = left_out;
	rs.report.ts = &ts;
	sig = run_jobs(&opt, &cfg, &inputs, err, sizeof(err));
	sx_inputs_free(&inputs);
	no_tshark = end_run(&opt, &ts, &rs, sig, err);
	status = sx_results_status(&rs, no_tshark);
	/* (--graph with nothing to draw leaves no file) */
	status = sx_delivery_finish(&opt.delivery, status,
	    sx_results_write_error(&rs) == 0 && !rs.report.nothing);
	if (opt.stats)
		sx_results_stats(&rs, sx_now() - t0);
	sx_report_free(&rs.report);
	sx_options_free(&opt);
	if ((e = close_stdout()) != 0 && status != SX_EXIT_USAGE) {
		sx_warn("writing the report: %s", strerror(e));
		status = SX_EXIT_USAGE;
	}
	return status;
}
