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

/* Exit statuses (documented in the man page and README). */
enum {
	EXIT_CLEAN = 0,      /* every input read completely */
	EXIT_ALERT = 1,      /* a --fail-if threshold was crossed */
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
	int user_config;
	enum sx_engine engine;
	const char *dfilter;
	const char *tshark;
	const char **inputs;
	size_t ninputs;
	int recursive;
	unsigned jobs;          /* files at once */
	int quiet;
	int summary;
	struct sx_threshold *th;
	size_t nth;
	int progress;           /* -1: when stderr is a terminal */
	const char *interface;  /* live capture */
	int no_cut;             /* --no-cut */
	const char *cfilter;
	const char **autostop;  /* NULL-terminated */
	size_t nautostop;
	double every;           /* seconds between live reports; 0 none */
};

/* Tallies kept while results are reported. */
struct run_state {
	const struct options *opt;
	struct sx_report report;
	size_t ok, partial, failed, done;
	uint64_t frames, streams;
	double last_every;      /* monotonic seconds of the last live report */
	int write_err;          /* errno of a failed --every report, or 0 */
	const char *tshark_version;
	size_t njobs;
};

static const char usage_text[] =
"usage: streamxpert [options] capture|directory...\n"
"       streamxpert [options] -            (read a capture from stdin)\n"
"       streamxpert [options] -i INTERFACE (capture live)\n"
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
"";

static const char usage_text2[] =
"  -H, --with-filename   add the file column even for one input\n"
"  -r, --read FILE       a capture to read (same as an argument)\n"
"  -R, --recursive       directories: also the captures in their\n"
"                        subdirectories (a directory argument means the\n"
"                        pcap, pcapng and gzip files in it, by content)\n"
"  -j, --jobs N          analyse up to N files at once, each with its own\n"
"                        tshark (default: the number of CPUs); a single\n"
"                        capture is split by TCP connection across N\n"
"                        tsharks (at most 64); the output is the same as\n"
"                        with -j 1; a small capture is split fewer ways\n"
"                        (each tshark needs tens of thousands of frames to\n"
"                        make up for its start)\n"
"      --no-cut          give tshark the whole frames (by default\n"
"                        streamxpert reads pcap and pcapng itself and\n"
"                        gives tshark each frame cut to the end of its TCP\n"
"                        header: the same report, sooner)\n"
"  -q, --quiet           no line for files skipped in directories\n"
"      --summary         one row per capture instead of one per stream\n"
"      --fail-if COND    exit with status 1 when a stream (with --summary,\n"
"                        a capture) crosses COND, COLUMN OP NUMBER with OP\n"
"                        one of > >= < <= == !=, as in retransmission>10\n"
"                        or retrans_rate>0.02 (repeatable; rows that\n"
"                        cross are marked in an added column, alert)\n"
"      --progress, --no-progress\n"
"                        a progress line on stderr (default: only when\n"
"                        stderr is a terminal)\n"
"  -i, --interface IFACE capture live on IFACE with tshark (until Ctrl-C\n"
"                        or a -a condition), then report\n"
"  -f, --capture-filter FILTER\n"
"                        capture filter for -i (tshark -f)\n"
"  -a, --autostop COND   stop condition for -i, as tshark means it\n"
"                        (duration:SEC, packets:N, filesize:KB; repeatable)\n"
"      --every SECONDS   with -i: print the report so far every SECONDS\n"
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
"  -v, --verbose         say which tshark runs, and how\n"
"      --stats           at the end, print frames, streams, time and the\n"
"                        CPU time and peak memory of streamxpert and of\n"
"                        tshark on stderr\n"
"  -h, --help            this help\n"
"      --version         print the version and exit\n"
"\n"
"exit status: 0 every input read completely (and no --fail-if crossed);\n"
"1 a --fail-if threshold was crossed; 2 usage error, nothing could be\n"
"analysed, or the report could not be written; 3 some input was damaged or\n"
"unreadable (named on stderr) and the rest is reported. When several\n"
"apply, the first in the order 2, 1, 3 wins.\n";

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
	fputs(usage_text2, stdout);
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
list_columns(int summary)
{
	size_t i, n;
	const struct sx_column *c = summary ? sx_summary_columns(&n) :
	    sx_columns(&n);

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
	OPT_VERSION,
	OPT_SUMMARY,
	OPT_FAIL_IF,
	OPT_PROGRESS,
	OPT_NO_PROGRESS,
	OPT_EVERY,
	OPT_NO_CUT
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
	{ "recursive", no_argument, NULL, 'R' },
	{ "jobs", required_argument, NULL, 'j' },
	{ "quiet", no_argument, NULL, 'q' },
	{ "summary", no_argument, NULL, OPT_SUMMARY },
	{ "fail-if", required_argument, NULL, OPT_FAIL_IF },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "interface", required_argument, NULL, 'i' },
	{ "capture-filter", required_argument, NULL, 'f' },
	{ "autostop", required_argument, NULL, 'a' },
	{ "every", required_argument, NULL, OPT_EVERY },
	{ "no-cut", no_argument, NULL, OPT_NO_CUT },
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

static int
has_directory(const struct options *o)
{
	struct stat st;
	size_t i;

	for (i = 0; i < o->ninputs; i++)
		if (strcmp(o->inputs[i], "-") != 0 &&
		    stat(o->inputs[i], &st) == 0 && S_ISDIR(st.st_mode))
			return 1;
	return 0;
}

static void
parse_options(struct options *o, int argc, char **argv)
{
	char err[256];
	int c, ndash = 0, list = 0;
	const char *fail_if[64];
	size_t nfail = 0;
	uint64_t num;
	size_t i;
	long ncpu;
	int64_t ns;

	memset(o, 0, sizeof(*o));
	o->header = 1;
	o->totals = -1;
	o->progress = -1;
	o->engine = SX_ENGINE_AUTO;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (unsigned)ncpu;
	while ((c = getopt_long(argc, argv, "T:e:Hr:Y:vhRj:qi:f:a:",
	    long_options, NULL)) != -1) {
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
			list = 1;
			break;
		case 'R':
			o->recursive = 1;
			break;
		case 'j':
			if (sx_parse_u64(optarg, strlen(optarg), 1024, &num) !=
			    0 || num == 0)
				usage_error("-j wants a number from 1 to 1024, "
				    "not '%s'", optarg);
			o->jobs = (unsigned)num;
			break;
		case 'q':
			o->quiet = 1;
			break;
		case OPT_SUMMARY:
			o->summary = 1;
			break;
		case OPT_FAIL_IF:
			if (nfail == SX_ARRAY_LEN(fail_if))
				usage_error("too many --fail-if conditions");
			fail_if[nfail++] = optarg;
			break;
		case OPT_PROGRESS:
		case OPT_NO_PROGRESS:
			o->progress = c == OPT_PROGRESS;
			break;
		case 'i':
			o->interface = optarg;
			break;
		case 'f':
			o->cfilter = optarg;
			break;
		case 'a':
			o->autostop = sx_reallocarray(o->autostop,
			    o->nautostop + 2, sizeof(*o->autostop));
			o->autostop[o->nautostop++] = optarg;
			o->autostop[o->nautostop] = NULL;
			break;
		case OPT_NO_CUT:
			o->no_cut = 1;
			break;
		case OPT_EVERY:
			if (sx_parse_time_ns(optarg, strlen(optarg), &ns) != 0 ||
			    ns < 100000000 || ns > 86400LL * 1000000000)
				usage_error("--every wants seconds from 0.1 to "
				    "86400, not '%s'", optarg);
			o->every = (double)ns / 1e9;
			break;
		case OPT_NO_HEADER:
			o->header = 0;
			break;
		case OPT_SORT:
			if (sx_sort_parse(optarg, &o->sort, &o->sort_desc,
			    err, sizeof(err)) != 0)
				usage_error("%s", err);
			break;
		case OPT_TOP:
			if (sx_top_parse(optarg, &o->top, err,
			    sizeof(err)) != 0)
				usage_error("%s", err);
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
	if (list) {
		list_columns(o->summary);
		exit(fflush(stdout) == 0 ? 0 : EXIT_USAGE);
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		add_input(o, argv[i]);
	if (o->interface) {
		if (o->ninputs)
			usage_error("-i captures live: no capture files with "
			    "it");
	} else {
		if (o->cfilter || o->nautostop || o->every > 0)
			usage_error("%s needs -i (a live capture)", o->cfilter ?
			    "-f" : o->nautostop ? "-a" : "--every");
		if (o->ninputs == 0)
			usage_error("no capture given (use - to read standard "
			    "input)");
	}
	if (o->summary && (o->cols.n || o->sort || o->top ||
	    o->problems_only))
		usage_error("--summary has its own columns: --columns, "
		    "--sort, --top and --problems do not apply to it");
	o->th = sx_calloc(nfail ? nfail : 1, sizeof(*o->th));
	for (i = 0; i < nfail; i++)
		if (sx_threshold_parse(fail_if[i], o->summary, &o->th[o->nth++],
		    err, sizeof(err)) != 0)
			usage_error("%s", err);
	for (i = 0; i < o->ninputs; i++)
		ndash += strcmp(o->inputs[i], "-") == 0;
	if (ndash > 1)
		usage_error("standard input (-) can be read only once");
	if (o->summary) {
		const struct sx_column *sc = sx_summary_columns(&i);

		o->cols.col = sx_reallocarray(NULL, i + 1,
		    sizeof(*o->cols.col));
		for (o->cols.n = 0; o->cols.n < i; o->cols.n++)
			o->cols.col[o->cols.n] = &sc[o->cols.n];
	} else {
		if (o->cols.n == 0)
			sx_colset_default(&o->cols);
		/* A directory may hold any number of captures. */
		if (o->ninputs > 1 || o->with_filename || has_directory(o))
			sx_colset_want_file(&o->cols);
	}
	if (o->nth) {
		o->cols.col = sx_reallocarray(o->cols.col, o->cols.n + 1,
		    sizeof(*o->cols.col));
		o->cols.col[o->cols.n++] = sx_column_alert();
	}
	if (o->totals < 0)
		o->totals = o->format == SX_FMT_TABLE;
}

static void
free_options(struct options *o)
{
	sx_colset_free(&o->cols);
	free(o->inputs);
	free(o->th);
	free(o->autostop);
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
setup_report(struct sx_report *r, const struct options *opt,
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

/* Whether tshark may get the frames cut to their TCP headers (cut.h):
 * not when a chosen column reads the payload, nor with a display filter
 * (it may test anything above TCP), nor with the user's profile (Decode
 * As or preferences may make a dissector read the payload). */
static int
cut_allowed(const struct options *o, const char **why)
{
	static char msg[160];
	const struct sx_column *c = NULL;
	size_t i;

	for (i = 0; i < o->cols.n && c == NULL; i++)
		if (o->cols.col[i]->payload)
			c = o->cols.col[i];
	if (c == NULL && o->sort != NULL && o->sort->payload)
		c = o->sort;
	for (i = 0; i < o->nth && c == NULL; i++)
		if (o->th[i].col->payload)
			c = o->th[i].col;
	if (o->no_cut)
		*why = "--no-cut";
	else if (o->dfilter != NULL)
		*why = "a display filter (-Y) may test what lies past the TCP "
		    "header";
	else if (o->user_config)
		*why = "--user-config: the profile may make a dissector read "
		    "the payload";
	else if (c != NULL) {
		snprintf(msg, sizeof(msg), "the column %s reads the payload",
		    c->name);
		*why = msg;
	} else {
		*why = NULL;
		return 1;
	}
	return 0;
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
	const struct options *o = ctx;
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
			_exit(EXIT_USAGE);
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
	struct options opt;
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
	if (opt.summary) {
		/* What the summary's columns are made of. */
		static const char *const need[] = { "src", "dst", "bytes",
		    "rst", "retrans_rate", "problems" };

		for (i = 0; i < SX_ARRAY_LEN(need); i++)
			sx_column_fields(sx_column_find(need[i]), &fields);
		for (i = 0; i < SX_FL_COUNT; i++)
			sx_column_fields(sx_column_find(sx_flag_names[i]),
			    &fields);
	}
	for (i = 0; i < opt.nth; i++)
		if (!opt.summary)
			sx_column_fields(opt.th[i].col, &fields);
	if (!ts.has_completeness)
		fields.want[SX_F_COMPLETENESS] = 0;

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
	cfg.cut = cut_allowed(&opt, &cfg.nocut_why);
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
			free_options(&opt);
			return EXIT_USAGE;
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
		status = EXIT_USAGE;
	} else if (rs.ok + rs.partial == 0 || no_tshark) {
		status = EXIT_USAGE;
	} else if (rs.report.alerts > 0) {
		status = EXIT_ALERT;
	} else if (rs.partial + rs.failed > 0) {
		status = EXIT_DAMAGED;
	} else {
		status = EXIT_CLEAN;
	}
	if (opt.stats)
		print_stats(&rs, sx_now() - t0);
	sx_report_free(&rs.report);
	free_options(&opt);
	if ((e = close_stdout()) != 0 && status != EXIT_USAGE) {
		sx_warn("writing the report: %s", strerror(e));
		status = EXIT_USAGE;
	}
	return status;
}
