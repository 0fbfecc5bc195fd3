/* html.h - the pictures' writers (report.h's -T html and --graph).
 *
 * -T html: one self-contained page (no network, no external script,
 * style or font; well-formed as XML too): a summary of the captures, a
 * table of each capture's streams (the chosen columns, diagnosis first
 * among the findings; sortable by a click on a header, readable without
 * script), and for each stream worth a look a <details> section with
 * its --explain paragraph and its graphs (svg.h). The graphs' points
 * come from a second tshark over the capture restricted to the streams
 * drawn (points.h). --graph KIND: one graph of one stream as a
 * standalone SVG document. --explain --timeline: after each paragraph
 * one line of Unicode blocks, the stream's throughput over its life in
 * SX_TIMELINE_COLS intervals, "!" where a retransmission happened and
 * "0" where a zero window was advertised. */
#ifndef SX_HTML_H
#define SX_HTML_H

#include <stddef.h>

#include "columns.h"
#include "fileinfo.h"
#include "util.h"

/* Rows listed per capture when --top does not say. */
#define SX_HTML_ROWS 1000
/* Streams drawn per capture when neither --top nor --stream says. */
#define SX_HTML_DRAW 20
/* Intervals of the timeline. */
#define SX_TIMELINE_COLS 50

struct sx_table;
struct sx_tshark;
struct sx_html;

/* What the writers are told of the report (report.c fills it from
 * struct sx_report, which keeps it: the writer reads it through its
 * pointer). */
struct sx_html_opts {
	const struct sx_colset *cols;
	int svg;                    /* --graph: one SVG document */
	int timeline;               /* --explain --timeline: paragraphs and
	                             * timelines, no page */
	int has_stream;             /* --stream: only stream_only */
	size_t stream_only;
	size_t top;                 /* --top (0: none) */
	int graph;                  /* svg: an enum sx_graph (svg.h) */
	const struct sx_tshark *ts; /* for the graphs' reading */
	const char *dfilter;        /* the first reading's -Y */
	const char *tshark_version;
	size_t width_explain;       /* --explain: wrap here (0: not) */
};

struct sx_html *sx_html_new(const struct sx_html_opts *o);

/* A row of the capture being reported (in the order of the report). */
void sx_html_row(struct sx_html *h, const struct sx_row *row);

/* The capture's rows are all given: draw and write its section (or,
 * for --explain's timeline, append each row's paragraph and timeline to
 * out). */
void sx_html_file(struct sx_html *h, const struct sx_file_info *fi,
    const struct sx_table *t, struct sx_buf *out);

/* The whole page (or SVG document) into out. Returns 0, or -1 when
 * --graph found nothing to draw (said on stderr). */
int sx_html_end(struct sx_html *h, struct sx_buf *out);

void sx_html_free(struct sx_html *h);

#endif
