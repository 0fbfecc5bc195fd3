/* options.c - the command line: options, their arguments, --help. */
#include "options.h"

#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "names.h"
#include "util.h"
#include "version.h"

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
"  -T, --format FMT      table (default), tsv, csv, json, ndjson,\n"
"                        prometheus (text exposition format, for\n"
"                        node_exporter's textfile collector: captures\n"
"                        summed up, counters kept with --state) or html\n"
"                        (one page: the table, and graphs of the\n"
"                        streams worth a look)\n"
"      --graph KIND      with --stream N: that stream's graph as an SVG\n"
"                        document: tseq, throughput, rtt or inflight\n"
"  -o, --output FILE     write the report to FILE: to a temporary file\n"
"                        beside it, renamed over FILE once complete\n"
"      --prom-labels L   -T prometheus's label set: none (default), dir\n"
"                        (the capture's directory) or host\n"
"  -e, --columns LIST    columns to print, comma-separated, by name or\n"
"                        table header; 'all' for every column, 'default'\n"
"                        for the default set\n"
"      --list-columns    print every column with its meaning and exit\n"
"      --no-header       no header line (table, tsv, csv)\n"
"      --sort COLUMN[:asc|:desc]\n"
"                        sort each file's streams by COLUMN: counts, times,\n"
"                        rates and statistics worst (largest) first, text\n"
"                        and stream numbers ascending; ties keep stream order;\n"
"                        COLUMN is added to the output if not chosen\n"
"      --top N           only the first N streams of each file\n"
"      --where COND      only rows for which COND holds (--fail-if's syntax;\n"
"                        repeatable, all must hold), before everything else\n"
"      --problems        only streams with a network problem\n"
"                        (retransmission, duplicate ACK, out-of-order,\n"
"                        zero window, zero-window probe, window full)\n"
"      --stream N        only stream N (Wireshark's tcp.stream number)\n"
"      --explain         instead of rows, the streams in words, worst\n"
"                        first: a headline with what the problems cost\n"
"                        (impact), then the evidence; then each capture's\n"
"                        quality; for --stream N, the --problems set, or\n"
"                        else every stream whose diagnosis is not ok\n"
"                        (-T json or ndjson: the same as objects)\n"
"      --timeline        after each --explain paragraph, the stream's\n"
"                        throughput over its life in one line, ! for\n"
"                        retransmissions, 0 for zero windows (the default\n"
"                        when standard output is a terminal)\n"
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
"                        header, and keeps back the frames without TCP\n"
"                        where nothing can find any: the same report,\n"
"                        sooner)\n"
"  -q, --quiet           no line for files skipped in directories\n"
"      --settle SECONDS  in directories, skip files modified less than\n"
"                        SECONDS ago, as still being written (default\n"
"                        60; 0: none); files named are always read\n"
"      --state FILE      remember in FILE the captures reported (device,\n"
"                        inode, size, modification time) and skip them\n"
"                        next time; one run at a time (exit status 4 if\n"
"                        another holds FILE; with --shard, one FILE per\n"
"                        shard)\n"
"      --shard K/N       of the inputs (directories expanded, in order),\n"
"                        take every N-th from the K-th (K from 0): N runs\n"
"                        share them, each file read once; 'slurm' and\n"
"                        'k8s/N' read K (and N) from a Slurm job array's\n"
"                        or a Kubernetes Indexed Job's environment\n";

static const char usage_text3[] =
"      --community-id-seed N\n"
"                        the seed of the community_id column (0 to 65535;\n"
"                        default 0, as Zeek, Suricata and Wireshark)\n"
"      --summary         one row per capture instead of one per stream\n"
"                        (the table: 8 columns; -e, --sort, --top, --where\n"
"                        apply; --list-columns --summary names them)\n"
"      --fail-if COND    exit with status 1 when a stream (with --summary,\n"
"                        a capture) that --where lets through crosses\n"
"                        COND: COLUMN OP NUMBER with OP one of > >= < <=\n"
"                        == !=, joined by && (all must hold), as in\n"
"                        'retrans_rate>2% && data_segments>=100'\n"
"                        (repeatable: any one alerts; rows that cross are\n"
"                        marked in an added column, alert)\n"
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
"analysed, or the report or the --state file could not be written; 3 some\n"
"input was damaged or unreadable (named on stderr) and the rest is\n"
"reported. When several apply, the first in the order 2, 1, 3 wins.\n"
"4 another run holds the --state file (nothing done). Files skipped as\n"
"still being written or already reported do not change the status.\n";


int
sx_sort_parse(const char *arg, const struct sx_column **col, int *desc,
    char *err, size_t errsize)
{
	return sx_sort_parse_in(arg, 0, col, desc, err, errsize);
}

int
sx_sort_parse_in(const char *arg, int summary, const struct sx_column **col,
    int *desc, char *err, size_t errsize)
{
	char name[80];
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	const struct sx_column *c;
	int d;

	if (n >= sizeof(name)) {
		snprintf(err, errsize, "unknown column '%.80s...' for --sort",
		    arg);
		return -1;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	c = sx_name_column(name, summary);
	if (c == NULL) {
		sx_name_unknown(name, summary, " for --sort", err, errsize);
		return -1;
	}
	/* Counts, times and rates: worst first; text and the stream
	 * number: ascending. */
	d = c->desc;
	if (colon && strcmp(colon, ":asc") == 0) {
		d = 0;
	} else if (colon && strcmp(colon, ":desc") == 0) {
		d = 1;
	} else if (colon) {
		snprintf(err, errsize, "--sort %.100s: the order is :asc or "
		    ":desc", arg);
		return -1;
	}
	*col = c;
	*desc = d;
	return 0;
}

int
sx_top_parse(const char *arg, size_t *top, char *err, size_t errsize)
{
	uint64_t num;

	if (sx_parse_u64(arg, strlen(arg), SIZE_MAX, &num) != 0 || num == 0) {
		snprintf(err, errsize, "--top wants a number above 0, not "
		    "'%.100s'", arg);
		return -1;
	}
	*top = (size_t)num;
	return 0;
}

static void
usage_error(const char *fmt, ...) SX_PRINTF(1, 2);

static void
usage_error(const char *fmt, ...)
{
	struct sx_buf b = { 0 };
	va_list ap;

	va_start(ap, fmt);
	sx_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sx_warn("%s\nTry 'streamxpert --help' for more information.",
	    sx_buf_cstr(&b));
	sx_buf_free(&b);
	exit(SX_EXIT_USAGE);
}

/* Whether NAME_fwd exists. */
static int
has_directions(const char *name)
{
	char b[80];

	snprintf(b, sizeof(b), "%s_fwd", name);
	return sx_column_find(b) != NULL;
}

/* The diagnosis rules (diag.c), as the man page states them. */
static const char diag_help[] =
"\n"
"diagnosis: the findings, in this order (SIDE src: the _fwd columns, dst:\n"
"the _rev ones; values compared as printed), else ok:\n"
"  refused                completeness has SYN, not SYN-ACK; rst_rev > 0\n"
"  unanswered             completeness has SYN, not SYN-ACK; frames_rev == 0\n"
"  receiver_limited:SIDE  rwnd_limited_share of the data SIDE receives > 0.5\n"
"  sender_limited:SIDE    sender_limited_share of the data SIDE sends > 0.5\n"
"  network_limited:SIDE   network_limited_share of the data SIDE sends > 0.5\n"
"                         (these three not for a direction whose\n"
"                         round_trips <= 5, nor with latency_bound)\n"
"  latency_bound          round_trips <= 5 (the whole exchange)\n"
"  loss_downstream:SIDE   lost_downstream_SIDE > 0 (lost after the capture\n"
"                         point)\n"
"  loss_upstream:SIDE     lost_upstream_SIDE > 0 (lost before it)\n"
"  idle                   not refused/unanswered; idle_max >= 1 s and\n"
"                         idle_max >= 0.5 * duration\n"
"  reset:SIDE             rst_SIDE > 0, unless refused\n"
"  capture_gaps           unfilled_gaps > 0 or ack_lost_segment > 0\n"
"  duplicates             dup_frames > 0 (copies in the capture, not loss)\n"
"At most 4 gaps are tracked per direction (more: gap_overflow).\n";

static void
print_help(void)
{
	size_t i, n;
	const struct sx_column *c = sx_columns(&n);

	fputs(usage_text, stdout);
	fputs(usage_text2, stdout);
	fputs(usage_text3, stdout);
	fputs("\ncolumns (name, table header, meaning; * also NAME_fwd and "
	    "NAME_rev,\nheaders _f and _r, for src->dst and dst->src):\n",
	    stdout);
	for (i = 0; i < n; i++) {
		char side[64];

		if (c[i].dir == SX_CD_FWD && sx_column_find(c[i].base) ==
		    NULL) {
			/* a column of each side only (mss_fwd, mss_rev) */
			int hn = (int)strlen(c[i].head) - 2;

			snprintf(side, sizeof(side), "%s_fwd/_rev",
			    c[i].base);
			printf("  %-22s  %-10.*s %s\n", side, hn > 0 ? hn : 0,
			    c[i].head, c[i].help);
			continue;
		}
		if (c[i].dir != SX_CD_BOTH)
			continue;
		printf("  %-22s%c %-10s %s\n", c[i].name,
		    has_directions(c[i].name) ? '*' : ' ', c[i].head,
		    c[i].help);
	}
	fputs("\nGroups for --columns: default (stream src dst frames "
	    "retransmission\nduplicate_ack out_of_order zero_window), all, "
	    "flags, fwd, rev; the statistics:\ntransfer (retrans_bytes ... "
	    "seg_avg), window (win_*), options (mss wscale\nsack_perm "
	    "timestamps), timing (idle_max rtt_sd first_data), limits\n"
	    "(transfer_time round_trips *_limited_time *_limited_share), app\n"
	    "(service server_name: these dissect the payload and make tshark\n"
	    "slower).\n"
	    "Any column may be named by its table header (-e retrans,dupack).\n"
	    "TSV, CSV, JSON and Prometheus have exact numbers: seconds, fractions,\n"
	    "bytes per second. The table shows units: counts with separators\n"
	    "(12,345), bit/s with k, M, G (54.4Mbit/s), percentages (3.76%),\n"
	    "round-trip times in ms (0.697ms), durations 6.48ms 1.234s 1m23s 2d3h.\n",
	    stdout);
	fputs(diag_help, stdout);
	fputs("See streamxpert(1).\n", stdout);
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
	OPT_STREAM,
	OPT_EXPLAIN,
	OPT_SETTLE,
	OPT_STATE,
	OPT_NO_CUT,
	OPT_SHARD,
	OPT_CID_SEED,
	OPT_GRAPH,
	OPT_TIMELINE,
	OPT_WHERE,
	OPT_PROM_LABELS
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
	{ "where", required_argument, NULL, OPT_WHERE },
	{ "progress", no_argument, NULL, OPT_PROGRESS },
	{ "no-progress", no_argument, NULL, OPT_NO_PROGRESS },
	{ "interface", required_argument, NULL, 'i' },
	{ "capture-filter", required_argument, NULL, 'f' },
	{ "autostop", required_argument, NULL, 'a' },
	{ "every", required_argument, NULL, OPT_EVERY },
	{ "stream", required_argument, NULL, OPT_STREAM },
	{ "explain", no_argument, NULL, OPT_EXPLAIN },
	{ "graph", required_argument, NULL, OPT_GRAPH },
	{ "timeline", no_argument, NULL, OPT_TIMELINE },
	{ "no-cut", no_argument, NULL, OPT_NO_CUT },
	{ "settle", required_argument, NULL, OPT_SETTLE },
	{ "state", required_argument, NULL, OPT_STATE },
	{ "shard", required_argument, NULL, OPT_SHARD },
	{ "community-id-seed", required_argument, NULL, OPT_CID_SEED },
	{ "output", required_argument, NULL, 'o' },
	{ "prom-labels", required_argument, NULL, OPT_PROM_LABELS },
	{ "help", no_argument, NULL, 'h' },
	{ "version", no_argument, NULL, OPT_VERSION },
	{ NULL, 0, NULL, 0 }
};

static void
add_input(struct sx_options *o, const char *name)
{
	o->inputs = sx_reallocarray(o->inputs, o->ninputs + 1,
	    sizeof(*o->inputs));
	o->inputs[o->ninputs++] = name;
}

static int
has_directory(const struct sx_options *o)
{
	struct stat st;
	size_t i;

	for (i = 0; i < o->ninputs; i++)
		if (strcmp(o->inputs[i], "-") != 0 &&
		    stat(o->inputs[i], &st) == 0 && S_ISDIR(st.st_mode))
			return 1;
	return 0;
}

static const char *
env_get(const char *name)
{
	return getenv(name);
}

/* One option (getopt_long's answer c, its argument optarg). */
static void
parse_one(struct sx_options *o, int c)
{
	char err[256];
	uint64_t num;
	int64_t ns;

	switch (c) {
	case 'T':
		if (sx_format_parse(optarg, &o->format) != 0)
			usage_error("unknown format '%s' (table, tsv, "
			    "csv, json, ndjson or prometheus)", optarg);
		break;
	case 'e':   /* parsed once --summary is known */
		if (o->ncolumns_arg == SX_ARRAY_LEN(o->columns_arg))
			usage_error("too many -e lists");
		o->columns_arg[o->ncolumns_arg++] = optarg;
		break;
	case OPT_LIST_COLUMNS:
		o->list = 1;
		break;
	case 'R':
		o->recursive = 1;
		break;
	case OPT_NO_CUT:
		o->no_cut = 1;
		break;
	case OPT_SETTLE:
	case OPT_STATE:
	case 'o':
		if (sx_delivery_option(&o->delivery, c == OPT_SETTLE ?
		    "settle" : c == OPT_STATE ? "state" : "output", optarg,
		    err, sizeof(err)) != 0)
			usage_error("%s", err);
		break;
	case OPT_SHARD:
		if (sx_shard_parse(optarg, env_get, &o->shard, err,
		    sizeof(err)) != 0)
			usage_error("%s", err);
		break;
	case OPT_CID_SEED:
		if (sx_parse_u64(optarg, strlen(optarg), UINT16_MAX, &num) !=
		    0)
			usage_error("--community-id-seed wants a number from "
			    "0 to 65535, not '%s'", optarg);
		o->cid_seed = (uint16_t)num;
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
	case OPT_PROM_LABELS:
		if (sx_prom_labels_parse(optarg, &o->prom_labels) != 0)
			usage_error("--prom-labels wants none, dir or host, "
			    "not '%s'", optarg);
		o->has_prom_labels = 1;
		break;
	case OPT_FAIL_IF:
		if (o->nfail == SX_ARRAY_LEN(o->fail_if))
			usage_error("too many --fail-if conditions");
		o->fail_if[o->nfail++] = optarg;
		break;
	case OPT_WHERE:
		if (o->nwhere_arg == SX_ARRAY_LEN(o->where_arg))
			usage_error("too many --where conditions");
		o->where_arg[o->nwhere_arg++] = optarg;
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
	case OPT_SORT:   /* parsed once --summary is known */
		o->sort_arg = optarg;
		break;
	case OPT_TOP:
		if (sx_top_parse(optarg, &o->top, err,
		    sizeof(err)) != 0)
			usage_error("%s", err);
		break;
	case OPT_PROBLEMS:
		o->problems_only = 1;
		break;
	case OPT_STREAM:
		if (sx_parse_u64(optarg, strlen(optarg), UINT32_MAX - 1,
		    &num) != 0)
			usage_error("--stream wants a stream number, not "
			    "'%s'", optarg);
		o->has_stream = 1;
		o->stream_only = (size_t)num;
		break;
	case OPT_EXPLAIN:
		o->explain = 1;
		break;
	case OPT_TIMELINE:
		o->timeline = 1;
		break;
	case OPT_GRAPH:
		if (sx_graph_parse(optarg, &o->graph) != 0)
			usage_error("unknown graph '%s' (tseq, throughput, rtt, "
			    "inflight)", optarg);
		o->has_graph = 1;
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
		exit(fflush(stdout) == 0 ? 0 : SX_EXIT_USAGE);
	case OPT_VERSION:
		printf("streamxpert %s\n", SX_VERSION);
		exit(fflush(stdout) == 0 ? 0 : SX_EXIT_USAGE);
	default:
		usage_error("bad option");
	}
}

/* The inputs and the options that go (or do not go) with them. */
static void
check_inputs(struct sx_options *o)
{
	if (o->every > 0 && o->delivery.output)
		usage_error("--every writes to standard output: not with -o");
	if (o->interface) {
		if (o->ninputs)
			usage_error("-i captures live: no capture files with "
			    "it");
		if (o->shard.n)
			usage_error("--shard shares capture files: not with "
			    "-i");
	} else {
		if (o->cfilter || o->nautostop || o->every > 0)
			usage_error("%s needs -i (a live capture)", o->cfilter ?
			    "-f" : o->nautostop ? "-a" : "--every");
		if (o->ninputs == 0)
			usage_error("no capture given (use - to read standard "
			    "input)");
	}
}

/* Standard input can be read once. */
static void
check_dashes(const struct sx_options *o)
{
	size_t i;
	int ndash = 0;

	for (i = 0; i < o->ninputs; i++)
		ndash += strcmp(o->inputs[i], "-") == 0;
	if (ndash > 1)
		usage_error("standard input (-) can be read only once");
}

/* -T html and --graph read each capture twice (the second time for
 * the graphs' points): not a live capture, one graph of one stream. */
static void
check_pictures(struct sx_options *o)
{
	if (o->has_graph) {
		if (o->format != SX_FMT_TABLE)
			usage_error("--graph writes SVG: not with -T");
		if (!o->has_stream || o->ninputs != 1 || o->explain)
			usage_error("--graph draws one stream of one capture: "
			    "it needs --stream N and one capture file");
		o->format = SX_FMT_SVG;
	}
	if (o->format != SX_FMT_HTML && o->format != SX_FMT_SVG)
		return;
	if (o->interface)
		usage_error("-T html and --graph read a capture twice: not "
		    "with -i");
	if (o->summary)
		usage_error("-T html has its own summary: not with --summary");
	if (o->sort == NULL) {   /* worst first */
		o->sort = sx_column_find("problems");
		o->sort_desc = 1;
	}
}

/* Whether set has column c. */
static int
colset_has(const struct sx_colset *set, const struct sx_column *c)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->col[i] == c)
			return 1;
	return 0;
}

static void
colset_append(struct sx_colset *set, const struct sx_column *c)
{
	set->col = sx_reallocarray(set->col, set->n + 1, sizeof(*set->col));
	set->col[set->n++] = c;
}

/* The columns of the report, once every option is known. */
static void
settle_columns(struct sx_options *o)
{
	if (o->summary) {
		const struct sx_column *file = sx_summary_column_find("file");

		/* the table fits a terminal; the others have every
		 * column, as they always had */
		if (o->cols.n == 0 && sx_names_colset_parse(&o->cols,
		    o->format == SX_FMT_TABLE ? "default" : "all", 1, NULL,
		    0) != 0)
			abort();
		if (!colset_has(&o->cols, file)) {   /* a row per capture */
			colset_append(&o->cols, file);
			memmove(o->cols.col + 1, o->cols.col, (o->cols.n - 1) *
			    sizeof(*o->cols.col));
			o->cols.col[0] = file;
		}
	} else {
		if (o->cols.n == 0)
			sx_colset_default(&o->cols);
		/* A directory may hold any number of captures. */
		if (o->ninputs > 1 || o->with_filename || has_directory(o))
			sx_colset_want_file(&o->cols);
	}
	/* The rows' order is seen in the rows. */
	if (o->sort_arg && !o->explain && !colset_has(&o->cols, o->sort))
		colset_append(&o->cols, o->sort);
	if (o->nth)
		colset_append(&o->cols, sx_column_alert());
}

/* The conditions of --fail-if or --where (opt), in th. */
static struct sx_threshold *
parse_conditions(const char *opt, const char *const *arg, size_t n,
    int summary, size_t *nth)
{
	struct sx_threshold *th = sx_calloc(n ? n : 1, sizeof(*th));
	char err[320];

	for (*nth = 0; *nth < n; (*nth)++)
		if (sx_condition_parse(opt, arg[*nth], summary, &th[*nth], err,
		    sizeof(err)) != 0)
			usage_error("%s", err);
	return th;
}

/* What names columns: -e, --sort, --where, --fail-if (the stream
 * report's columns, or with --summary the summary's). */
static void
parse_names(struct sx_options *o)
{
	char err[320];
	size_t i;

	for (i = 0; i < o->ncolumns_arg; i++)
		if (sx_names_colset_parse(&o->cols, o->columns_arg[i],
		    o->summary, err, sizeof(err)) != 0)
			usage_error("%s", err);
	if (o->sort_arg && sx_sort_parse_in(o->sort_arg, o->summary, &o->sort,
	    &o->sort_desc, err, sizeof(err)) != 0)
		usage_error("%s", err);
	o->th = parse_conditions("--fail-if", o->fail_if, o->nfail,
	    o->summary, &o->nth);
	o->where = parse_conditions("--where", o->where_arg, o->nwhere_arg,
	    o->summary, &o->nwhere);
}

void
sx_options_parse(struct sx_options *o, int argc, char **argv)
{
	size_t i;
	long ncpu;
	int c;

	memset(o, 0, sizeof(*o));
	sx_delivery_init(&o->delivery);
	o->header = 1;
	o->totals = -1;
	o->progress = -1;
	o->engine = SX_ENGINE_AUTO;
	ncpu = sysconf(_SC_NPROCESSORS_ONLN);
	o->jobs = ncpu < 1 ? 1 : ncpu > 64 ? 64 : (unsigned)ncpu;
	while ((c = getopt_long(argc, argv, "T:e:Hr:Y:vhRj:qi:f:a:o:",
	    long_options, NULL)) != -1)
		parse_one(o, c);
	if (o->list) {
		list_columns(o->summary);
		exit(fflush(stdout) == 0 ? 0 : SX_EXIT_USAGE);
	}
	for (i = (size_t)optind; i < (size_t)argc; i++)
		add_input(o, argv[i]);
	check_inputs(o);
	/* Prometheus wants bounded label sets: captures, not streams,
	 * and its own metric set: every summary column, of every capture */
	if (o->format == SX_FMT_PROM) {
		o->summary = 1;
		if (o->ncolumns_arg || o->sort_arg || o->top || o->nwhere_arg)
			usage_error("-T prometheus has its own metrics: "
			    "--columns, --sort, --top and --where do not apply "
			    "to it");
	} else if (o->has_prom_labels)
		usage_error("--prom-labels goes with -T prometheus");
	if (o->summary && (o->problems_only || o->has_stream || o->explain))
		usage_error("--summary has a row per capture: --problems, "
		    "--stream and --explain do not apply to it");
	parse_names(o);
	check_pictures(o);
	if (o->timeline && !o->explain)
		usage_error("--timeline goes with --explain");
	if (o->explain && o->format == SX_FMT_TABLE && !o->timeline &&
	    !o->interface && !o->delivery.output && isatty(STDOUT_FILENO))
		o->timeline = 1;   /* at a terminal: a reader, not a pipe */
	if (o->explain && o->format != SX_FMT_HTML) {
		/* paragraphs, not rows: no header, no totals, no columns;
		 * as JSON or NDJSON, one object per finding */
		if (o->ncolumns_arg)
			usage_error("--explain prints paragraphs: --columns "
			    "does not apply to it");
		if (o->format != SX_FMT_JSON && o->format != SX_FMT_NDJSON)
			o->format = SX_FMT_TSV;
		o->header = 0;
		o->totals = 0;
	}
	check_dashes(o);
	settle_columns(o);
	if (o->totals < 0)
		o->totals = o->format == SX_FMT_TABLE;
}

void
sx_options_free(struct sx_options *o)
{
	sx_colset_free(&o->cols);
	free(o->inputs);
	free(o->th);
	free(o->where);
	free(o->autostop);
	sx_delivery_free(&o->delivery);
	o->inputs = NULL;
}
