/* main.c - streamxpert's command line, wiring and exit status. */
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "analyze.h"
#include "columns.h"
#include "escape.h"
#include "report.h"
#include "signals.h"
#include "tshark.h"
#include "util.h"
#include "version.h"

/* Exit statuses (documented in the man page and README). */
enum {
	EXIT_CLEAN = 0,      /* every input read completely */
	EXIT_USAGE = 2,      /* usage error, nothing analysed, write error */
	EXIT_DAMAGED = 3     /* some input damaged or unreadable */
};

struct options {
	enum sx_format format;
	struct sx_colset cols;
	const struct sx_column *sort;
	int sort_desc;
	size_t top;
	int problems_only;
	int totals;             /* -1: the format's default */
	int header;
	int with_filename;
	int verbose;
	int stats;
	unsigned parallel;      /* -j */
	int user_config;
	enum sx_engine engine;
	const char *dfilter;
	const char *tshark;
	const char **inputs;
	size_t ninputs;
};

/* Tallies kept while results are reported. */
struct run_state {
	const struct options *opt;
	struct sx_report report;
	size_t ok, partial, failed;
	uint64_t frames, streams;
};

static const char usage_text[] =
"usage: streamxpert [options] capture...\n"
"       streamxpert [options] -            (read a capture from stdin)\n"
"\n"
"Per TCP stream, what Wireshark's TCP analysis found: retransmissions,\n"
"duplicate ACKs, out-of-order and lost segments, zero windows, resets and\n"
"round-trip times. Counts are frames, exactly as Wireshark's display\n"
"filter 'tcp.stream == N && tcp.analysis.X' counts them.\n"
"\n"
"options:\n"
"  -T, --format FMT      table (default), tsv, csv, json or ndjson\n"
"  -e, --columns LIST    columns to print, comma-separated; 'all' for\n"
"                        every column, 'default' for the default set\n"
"      --list-columns    print every column with its meaning and exit\n"
"      --no-header       no header line (table, tsv, csv)\n"
"      --sort COLUMN[:asc|:desc]\n"
"                        sort each file's streams by COLUMN: counts, times\n"
"                        and rates worst (largest) first, text and stream\n"
"                        numbers ascending; ties keep stream order\n"
"      --top N           only the first N streams of each file\n"
"      --problems        only streams with a network problem\n"
"                        (retransmission, duplicate ACK, out-of-order,\n"
"                        zero window, zero-window probe, window full)\n"
"      --totals, --no-totals\n"
"                        a totals line after each file (default: on for\n"
"                        the table, off for tsv, csv and ndjson; json\n"
"                        always has a totals object per file)\n"
"  -H, --with-filename   add the file column even for one input\n"
"  -r, --read FILE       a capture to read (same as an argument)\n"
"  -Y, --display-filter FILTER\n"
"                        only frames matching this Wireshark display\n"
"                        filter (passed to tshark -Y as it is)\n"
"      --tshark PATH     the tshark to run (default: $STREAMXPERT_TSHARK,\n"
"                        else tshark in PATH)\n"
"      --engine ENGINE   how tshark is asked: auto (default: the fastest\n"
"                        known to be exact for its version), plain (-T\n"
"                        fields, nothing else), fields or columns (tuned)\n"
"      --user-config     let tshark read your Wireshark profile (by default\n"
"                        it runs with default settings)\n"
"  -j, --jobs N          run up to N tsharks at once; a single capture is\n"
"                        split by TCP connection across N tsharks, with\n"
"                        the same report as one tshark gives\n"
"  -v, --verbose         say which tshark runs, and how\n"
"      --stats           at the end, print frames, streams, time and the\n"
"                        CPU time and peak memory of streamxpert and of\n"
"                        tshark on stderr\n"
"  -h, --help            this help\n"
"      --version         print the version and exit\n"
"\n"
"exit status: 0 every input read completely; 2 usage error, nothing could\n"
"be analysed, or the report could not be written; 3 some input was damaged\n"
"or unreadable (named on stderr) and the rest is reported.\n";

static void
usage_error(const char *fmt, ...) SX_PRINTF(1, 2);

static void
usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "%s: ", sx_progname);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nTry 'streamxpert --help' for more information.\n");
	exit(EXIT_USAGE);
}

/* Whether NAME_fwd exists. */
static int
has_directions(const char *name)
{
	char b[80];

	snprintf(b, sizeof(b), "%s_fwd", name);
	return sx_column_find(b) != NULL;
}

static void
print_help(void)
{
	size_t i, n;
	const struct sx_column *c = sx_columns(&n);

	fputs(usage_text, stdout);
	fputs("\ncolumns (name, table header, meaning; * also NAME_fwd and "
	    "NAME_rev,\nheaders _f and _r, for src->dst and dst->src):\n",
	    stdout);
	for (i = 0; i < n; i++) {
		if (c[i].dir != SX_CD_BOTH)
			continue;
		printf("  %-22s%c %-10s %s\n", c[i].name,
		    has_directions(c[i].name) ? '*' : ' ', c[i].head,
		    c[i].help);
	}
	fputs("\nGroups for --columns: default (stream src dst frames "
	    "retransmission\nduplicate_ack out_of_order zero_window), all, "
	    "flags, fwd, rev.\nSee streamxpert(1).\n", stdout);
}

static void
list_columns(void)
{
	size_t i, n;
	const struct sx_column *c = sx_columns(&n);

	for (i = 0; i < n; i++)
		printf("%s\t%s\t%s\t%s\n", c[i].name, c[i].head, c[i].group,
		    c[i].help);
}

enum {
	OPT_LIST_COLUMNS = 256,
	OPT_NO_HEADER,
	OPT_SORT,
	OPT_TOP,
	OPT_PROBLEMS,
	OPT_TOTALS,
	OPT_NO_TOTALS,
	OPT_TSHARK,
	OPT_ENGINE,
	OPT_USER_CONFIG,
	OPT_STATS,
	OPT_VERSION
};

static const struct option long_options[] = {
	{ "format", required_argument, NULL, 'T' },
	{ "columns", required_argument, NULL, 'e' },
	{ "list-columns", no_argument, NULL, OPT_LIST_COLUMNS },
	{ "no-header", no_argument, NULL, OPT_NO_HEADER },
	{ "sort", required_argument, NULL, OPT_SORT },
	{ "top", required_argument, NULL, OPT_TOP },
	{ "problems", no_argument, NULL, OPT_PROBLEMS },
	{ "totals", no_argument, NULL, OPT_TOTALS },
	{ "no-totals", no_argument, NULL, OPT_NO_TOTALS },
	{ "with-filename", no_argument, NULL, 'H' },
	{ "read", required_argument, NULL, 'r' },
	{ "display-filter", required_argument, NULL, 'Y' },
	{ "tshark", required_argument, NULL, OPT_TSHARK },
	{ "engine", required_argument, NULL, OPT_ENGINE },
	{ "user-config", no_argument, NULL, OPT_USER_CONFIG },
	{ "verbose", no_argument, NULL, 'v' },
	{ "stats", no_argument, NULL, OPT_STATS },
	{ "jobs", required_argument, NULL, 'j' },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static void
add_input(struct options *o, const char *name)
{
	o->inputs = sx_reallocarray(o->inputs, o->ninputs + 1,
	    sizeof(*o->inputs));
	o->inputs[o->ninputs++] = name;
}

/* --sort COLUMN[:asc|:desc] */
static void
parse_sort(struct options *o, const char *arg)
{
	char name[80];
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);

	if (n >= sizeof(name))
		usage_error("unknown column '%s' for --sort", arg);
	memcpy(name, arg, n);
	name[n] = '\0';
	o->sort = sx_column_find(name);
	if (o->sort == NULL)
		usage_error("unknown column '%s' for --sort (--list-columns "
		    "shows them all)", name);
	/* Counts, times and rates: worst first; text and the stream
	 * number: ascending. */
	o->sort_desc = o->sort->type == SX_CT_COUNT ||
	    o->sort->type == SX_CT_TIME || o->sort->type == SX_CT_RATIO;
	if (colon && strcmp(colon, ":asc") == 0)
		o->sort_desc = 0;
	else if (colon && strcmp(colon, ":desc") == 0)
		o->sort_desc = 1;
	else if (colon)
		usage_error("--sort %s: the order is :asc or :desc", arg);
}

static void
parse_options(struct options *o, int argc, char **argv)
{
	char err[256];
	int c, ndash = 0;
	uint64_t num;
	size_t i;

	memset(o, 0, sizeof(*o));
	o->header = 1;
	o->totals = -1;
	o->engine = SX_ENGINE_AUTO;
	while ((c = getopt_long(argc, argv, "T:e:Hr:Y:vhj:", long_options,
	    NULL)) != -1) {
		switch (c) {
		case 'T':
			if (sx_format_parse(optarg, &o->format) != 0)
				usage_error("unknown format '%s' (table, tsv, "
				    "csv, json or ndjson)", optarg);
			break;
		case 'e':
			if (sx_colset_parse(&o->cols, optarg, err,
			    sizeof(err)) != 0)
				usage_error("%s", err);
			break;
		case OPT_LIST_COLUMNS:
			list_columns();
			exit(fflush(stdout) == 0 ? 0 : EXIT_USAGE);
		case OPT_NO_HEADER:
			o->header = 0;
			break;
		case OPT_SORT:
			parse_sort(o, optarg);
			break;
		case OPT_TOP:
			if (sx_parse_u64(optarg, strlen(optarg), SIZE_MAX,
			    &num) != 0 || num == 0)
				usage_error("--top wants a number above 0, "
				    "not '%s'", optarg);
			o->top = (size_t)num;
			break;
		case OPT_PROBLEMS:
			o->problems_only = 1;
			break;
		case OPT_TOTALS:
		case OPT_NO_TOTALS:
			o->totals = c == OPT_TOTALS;
			break;
		case 'H':
			o->with_filename = 1;
			break;
		case 'r':
			add_input(o, optarg);
			break;
		case 'Y':
			o->dfilter = optarg;
			break;
		case OPT_TSHARK:
			o->tshark = optarg;
			break;
		case OPT_ENGINE:
			if (sx_engine_parse(optarg, &o->engine) != 0)
				usage_error("unknown engine '%s' (auto, plain, "
				    "fields or columns)", optarg);
			break;
		case OPT_USER_CONFIG:
			o->user_config = 1;
			break;
		case 'v':
			o->verbose = 1;
			break;
		case OPT_STATS:
			o->stats = 1;
			break;
		case 'j':
			if (sx_parse_u64(optarg, strlen(optarg), 64, &num) !=
			    0 || num == 0)
				usage_error("-j wants a number from 1 to 64, "
				    "not '%s'", optarg);
			o->parallel = (unsigned)num;
			break;
		case 'h':
			print_help();
			exit(fflush(stdout) == 0 ? 0 : EXIT_USAGE);
		case OPT_VERSION:
			printf("streamxpert %s\n", SX_VERSION);
			exit(fflush(stdout) == 0 ? 0 : EXIT_USAGE);
		default:
			usage_error("bad option");
		}
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		add_input(o, argv[i]);
	if (o->ninputs == 0)
		usage_error("no capture given (use - to read standard input)");
	for (i = 0; i < o->ninputs; i++)
		ndash += strcmp(o->inputs[i], "-") == 0;
	if (ndash > 1)
		usage_error("standard input (-) can be read only once");
	if (o->cols.n == 0)
		sx_colset_default(&o->cols);
	if (o->ninputs > 1 || o->with_filename)
		sx_colset_want_file(&o->cols);
	if (o->totals < 0)
		o->totals = o->format == SX_FMT_TABLE;
}

static void
free_options(struct options *o)
{
	sx_colset_free(&o->cols);
	free(o->inputs);
	o->inputs = NULL;
}

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

static int
job_done(struct sx_job *j, void *ctx)
{
	struct run_state *rs = ctx;
	struct sx_file_info fi;
	struct sx_buf nb = { 0 };

	switch (j->outcome) {
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
	if (j->error)
		sx_warn("%s: %s", safe_name(j->name, &nb), j->error);
	sx_buf_free(&nb);
	fi.name = j->name;
	fi.complete = j->outcome == SX_OUT_OK;
	fi.error = j->error;
	fi.frames = j->table.frames;
	rs->frames += j->table.frames;
	rs->streams += j->table.nstreams;
	sx_report_file(&rs->report, &fi,
	    j->outcome == SX_OUT_FAILED ? NULL : &j->table);
	/* The rows are written (or copied, for the table): free them now,
	 * so memory holds one capture's streams at a time. */
	sx_table_free(&j->table);
	return rs->report.failed;
}

static double
seconds(struct timeval tv)
{
	return (double)tv.tv_sec + (double)tv.tv_usec / 1e6;
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
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

/* Make sure 0, 1 and 2 are open, so that no descriptor we open later
 * can be mistaken for one of them. */
static void
keep_std_fds(void)
{
	int fd;

	while ((fd = open("/dev/null", O_RDWR)) >= 0 && fd <= 2)
		;
	if (fd > 2)
		close(fd);
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
	struct options opt;
	struct sx_tshark ts = { 0 };
	struct sx_run_config cfg = { 0 };
	struct sx_fieldset fields;
	struct run_state rs = { 0 };
	struct sx_job **jobs;
	char err[512];
	size_t i;
	int sig, status;

	double t0 = now();

	keep_std_fds();
	parse_options(&opt, argc, argv);
	sx_signals_init();

	if (sx_tshark_find(&ts, opt.tshark, err, sizeof(err)) != 0 ||
	    (!opt.user_config && sx_tshark_isolate(&ts, err,
	    sizeof(err)) != 0) ||
	    sx_tshark_probe(&ts, opt.engine, err, sizeof(err)) != 0) {
		sx_warn("%s", err);
		sx_tshark_free(&ts);
		free_options(&opt);
		return EXIT_USAGE;
	}

	/* Ask tshark only for what the chosen columns need. */
	memset(&fields, 0, sizeof(fields));
	for (i = 0; i < opt.cols.n; i++)
		sx_column_fields(opt.cols.col[i], &fields);
	if (opt.sort)
		sx_column_fields(opt.sort, &fields);
	if (opt.problems_only)
		sx_column_fields(sx_column_find("problems"), &fields);
	if (!ts.has_completeness)
		fields.want[SX_F_COMPLETENESS] = 0;

	cfg.ts = &ts;
	cfg.run.fields = &fields;
	cfg.run.dfilter = opt.dfilter;
	cfg.parallel = opt.parallel ? opt.parallel : 1;
	cfg.verbose = opt.verbose;
	cfg.watch_stdout = 1;
	cfg.done = job_done;
	cfg.ctx = &rs;
	if (opt.verbose)
		print_command(&ts, &cfg.run);

	rs.opt = &opt;
	rs.report.fmt = opt.format;
	rs.report.cols = &opt.cols;
	rs.report.header = opt.header;
	rs.report.totals = opt.totals;
	rs.report.sort = opt.sort;
	rs.report.sort_desc = opt.sort_desc;
	rs.report.top = opt.top;
	rs.report.problems_only = opt.problems_only;
	rs.report.out = stdout;
	rs.report.tshark_version = ts.version;
	sx_report_begin(&rs.report);

	jobs = sx_calloc(opt.ninputs, sizeof(*jobs));
	for (i = 0; i < opt.ninputs; i++)
		jobs[i] = sx_job_new(opt.inputs[i]);
	sig = sx_analyze(jobs, opt.ninputs, &cfg);
	for (i = 0; i < opt.ninputs; i++)
		sx_job_free(jobs[i]);
	free(jobs);

	if (sig == 0)
		sx_report_end(&rs.report);
	if (rs.report.failed && rs.report.err == EPIPE)
		sig = SIGPIPE;  /* the reader is gone: stop quietly */
	else if (sig < 0)
		sig = 0;        /* a write failed: said below */
	sx_tshark_free(&ts);
	if (sig) {
		sx_proc_kill_all();
		sx_die_by_signal(sig);
	}
	if (rs.report.failed) {
		sx_warn("writing the report: %s", strerror(rs.report.err));
		status = EXIT_USAGE;
	} else if (rs.ok + rs.partial == 0) {
		status = EXIT_USAGE;
	} else if (rs.partial + rs.failed > 0) {
		status = EXIT_DAMAGED;
	} else {
		status = EXIT_CLEAN;
	}
	if (opt.stats)
		print_stats(&rs, now() - t0);
	sx_report_free(&rs.report);
	free_options(&opt);
	if (fclose(stdout) != 0 && status != EXIT_USAGE) {
		sx_warn("writing the report: %s", strerror(errno));
		status = EXIT_USAGE;
	}
	return status;
}
