/* options.h - the command line only: what streamxpert was asked to do,
 * and its checks (what tshark is then asked and how: plan.h). The
 * parsers of single option arguments are here too, so that the unit
 * tests and the fuzz targets (tests/fuzz/) can call them: each returns
 * 0, or -1 with a message for the user in err (without the program
 * name) and nothing stored. */
#ifndef SX_OPTIONS_H
#define SX_OPTIONS_H

#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "delivery.h"
#include "exitcode.h"
#include "report.h"
#include "shard.h"
#include "svg.h"
#include "threshold.h"
#include "tshark.h"


struct sx_options {
	enum sx_format format;
	struct sx_colset cols;
	const struct sx_column *sort;
	int sort_desc;
	size_t top;
	int problems_only;
	int has_stream;         /* --stream N */
	size_t stream_only;
	int explain;            /* --explain */
	int has_graph;          /* --graph KIND */
	int timeline;           /* --explain's timeline: 1 with --timeline,
	                         * -1 when standard output is a terminal */
	enum sx_graph graph;
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
	int summary;            /* also set by -T prometheus */
	int prom_labels;        /* --prom-labels (prom.h) */
	int has_prom_labels;
	struct sx_threshold *th;
	size_t nth;
	struct sx_threshold *where;   /* --where */
	size_t nwhere;
	int progress;           /* -1: when stderr is a terminal */
	const char *interface;  /* live capture */
	int no_cut;             /* --no-cut */
	const char *cfilter;
	const char **autostop;  /* NULL-terminated */
	size_t nautostop;
	double every;           /* seconds between live reports; 0 none */
	struct sx_delivery delivery;  /* --settle, --state, -o (delivery.h) */
	struct sx_shard shard;  /* --shard (shard.h) */
	uint16_t cid_seed;      /* --community-id-seed */
	/* private: while parsing */
	int list;               /* --list-columns */
	const char *fail_if[64];
	size_t nfail;
	const char *where_arg[64];
	size_t nwhere_arg;
	const char *columns_arg[64];   /* -e lists */
	size_t ncolumns_arg;
	const char *sort_arg;
};

/* Parse the command line into o. A usage error is said on stderr and
 * exits with SX_EXIT_USAGE; --help, --version and --list-columns print
 * and exit. */
void sx_options_parse(struct sx_options *o, int argc, char **argv);
void sx_options_free(struct sx_options *o);

/* --sort COLUMN[:asc|:desc]: the column (by name or table header), and
 * whether largest comes first (by default counts, times and rates sort
 * worst, that is largest, first; text and the stream number
 * ascending). sx_sort_parse_in looks among the summary's columns when
 * summary is 1. */
int sx_sort_parse(const char *arg, const struct sx_column **col, int *desc,
    char *err, size_t errsize);
int sx_sort_parse_in(const char *arg, int summary,
    const struct sx_column **col, int *desc, char *err, size_t errsize);

/* --top N: a number above 0. */
int sx_top_parse(const char *arg, size_t *top, char *err, size_t errsize);

#endif
