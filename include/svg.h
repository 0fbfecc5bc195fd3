/* svg.h - one stream's graphs as SVG, from its points (points.h).
 *
 * Every graph is an <svg class="graph KIND" data-stream="N"> element
 * (data-dir="fwd" or "rev" for a graph of one data direction,
 * data-downsampled="1" when the stream's points were merged per time
 * column). Every mark is an element whose class names what it is
 * (sx_pt_class: "seg", "retrans", "fast", "spurious", "ack", "win",
 * "sack", "zerowin", "winfull", "dupack", "lost-up", "lost-down", "rtt";
 * a retransmission is also a "seg" when it carries data, and a fast or
 * spurious one is also a "retrans") and holds a <title> saying what it
 * is and its frame number ("frame.number == N"). Legends, axes and
 * labels use other classes ("key", "axis"). Output depends only on the
 * points: the same points give the same bytes. */
#ifndef SX_SVG_H
#define SX_SVG_H

#include "points.h"
#include "util.h"

enum sx_graph {
	SX_G_TSEQ,          /* time-sequence (tcptrace style) */
	SX_G_THROUGHPUT,    /* throughput and goodput over time */
	SX_G_RTT,           /* RTT samples over time */
	SX_G_INFLIGHT,      /* bytes in flight against the receive window */
	SX_G_COUNT
};

extern const char *const sx_graph_names[SX_G_COUNT];

/* Parse "tseq", "throughput", "rtt" or "inflight"; 0 or -1. */
int sx_graph_parse(const char *s, enum sx_graph *g);

/* The style sheet of the graphs (the HTML page holds it once; a
 * standalone SVG holds its own copy). */
extern const char sx_svg_css[];

/* Names of the two ends for titles: [0] the src end, [1] the dst end
 * ("192.0.2.1:80"), already escaped for XML. */
struct sx_svg_ctx {
	const struct sx_pts *p;
	const char *end[2];
	int standalone;     /* an .svg file: XML declaration and style */
};

/* Whether direction dir has anything for the graphs of one direction
 * (tseq, inflight) to show. */
int sx_svg_has_dir(const struct sx_pts *p, int dir);

/* The direction that sent more payload (the first on a tie). */
int sx_svg_main_dir(const struct sx_pts *p);

/* Append graph g of the stream to b; dir is the data direction for
 * tseq and inflight (ignored by the others). */
void sx_svg_graph(struct sx_buf *b, const struct sx_svg_ctx *c,
    enum sx_graph g, int dir);

#endif
