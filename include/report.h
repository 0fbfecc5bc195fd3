/* report.h - write the per-stream report as a table, TSV, CSV, JSON,
 * NDJSON, Prometheus text (prom.h) or HTML with graphs (html.h). Rows are written file by file as results arrive (the table
 * buffers them to align its columns). */
#ifndef SX_REPORT_H
#define SX_REPORT_H

#include <stdint.h>
#include <stdio.h>

#include "columns.h"
#include "fileinfo.h"
#include "html.h"
#include "prom.h"
#include "streams.h"
#include "threshold.h"
#include "util.h"

enum sx_format {
	SX_FMT_TABLE,
	SX_FMT_TSV,
	SX_FMT_CSV,
	SX_FMT_JSON,
	SX_FMT_NDJSON,
	SX_FMT_PROM,           /* Prometheus text exposition format */
	SX_FMT_HTML,           /* one page with graphs (html.h) */
	SX_FMT_SVG             /* --graph: one graph (html.h) */
};

struct sx_html;
struct sx_tshark;

/* Parse "table", "tsv", ...; returns 0 or -1. */
int sx_format_parse(const char *s, enum sx_format *fmt);


struct sx_report {
	enum sx_format fmt;
	const struct sx_colset *cols;
	int header;                 /* print the header line (table/tsv/csv) */
	int totals;                 /* a totals row per file (not JSON: it
	                             * always has a totals object) */
	const struct sx_column *sort;  /* sort the rows by this, or NULL */
	int sort_desc;              /* largest first */
	size_t top;                 /* at most this many rows a file; 0 all */
	int problems_only;          /* only streams with network problems */
	int has_stream;             /* --stream: only stream_only */
	size_t stream_only;
	int explain;                /* --explain: a paragraph per stream
	                             * (those with a finding, unless
	                             * --stream or --problems choose) */
	int summary;                /* one row per capture (cols are the
	                             * summary's columns) */
	const struct sx_threshold *th;  /* --fail-if conditions */
	size_t nth;
	const struct sx_threshold *where;  /* --where: rows must pass all */
	size_t nwhere;
	FILE *out;
	const char *tshark_version;
	const struct sx_tshark *ts;  /* html, svg: for the graphs' reading */
	const char *dfilter;        /* html, svg: the first reading's -Y */
	int graph;                  /* svg: an enum sx_graph (svg.h) */
	int nothing;                /* svg: no graph could be drawn */
	int timeline;               /* --explain: a timeline line after each
	                             * paragraph (html.h) */
	uint64_t alerts;            /* rows (streams, or captures with
	                             * summary) that crossed a threshold */
	int prom_labels;            /* prometheus: --prom-labels */
	const struct sx_metric_list *prom_prev;  /* prometheus: the series
	                             * of earlier runs (--state), or NULL */
	struct sx_metric_list *prom_next;  /* prometheus: where the complete
	                             * set goes at the end (--state), or NULL */
	int stream_seen;            /* --stream: some capture has it */
	/* private */
	int started;                /* something was analysed: the output
	                             * has begun (sx_report_start) */
	struct sx_buf held;         /* written before that */
	struct sx_buf fold;         /* --explain: routine streams, so far */
	size_t nfold;
	size_t width_explain;       /* --explain: wrap here (0: not) */
	struct sx_buf line;
	struct sx_buf cells;        /* table: every cell, NUL-separated */
	size_t *width;              /* table: column widths */
	size_t nrows;
	int nstreams_written;       /* json: a comma is needed */
	struct sx_buf files;        /* json: the "files" array, so far */
	struct sx_prom *prom;       /* prometheus: the samples, so far */
	struct sx_html *html;       /* html, svg: the page so far */
	struct {                    /* summary rows kept for --sort, --top */
		struct sx_summary sum;
		char *file;
	} *sums;
	size_t nsums, cap_sums;
	struct sx_html_opts hopts;  /* what it is told of this report */
	int failed;                 /* a write failed; errno is in err */
	int err;
};

void sx_report_begin(struct sx_report *r);

/* Begin the output: a run that analysed nothing writes nothing (not
 * even a header). Called when a capture was read, or a row is written;
 * what was written before (rows of failed captures) follows then. */
void sx_report_start(struct sx_report *r);

/* The streams of one input (t may be NULL when it failed). */
void sx_report_file(struct sx_report *r, const struct sx_file_info *fi,
    const struct sx_table *t);

/* The summary row of one input (summary mode). */
void sx_report_summary(struct sx_report *r, const struct sx_file_info *fi,
    const struct sx_summary *s);

/* Finish (the table is printed here) and flush. Returns 0, or -1 when
 * writing failed (r->err holds the errno). */
int sx_report_end(struct sx_report *r);

/* The errno of the write that failed, or 0 while every write worked. */
int sx_report_error(const struct sx_report *r);

/* Mark the report failed with errno e (a write that happened outside
 * the writers, such as a flush of its file by its owner). */
void sx_report_set_error(struct sx_report *r, int e);

void sx_report_free(struct sx_report *r);

#endif
