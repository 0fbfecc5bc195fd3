/* svg.c - the graphs of one stream as SVG. */
#include "svg.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

const char *const sx_graph_names[SX_G_COUNT] = {
	"tseq", "throughput", "rtt", "inflight",
};

/* Okabe and Ito's colours, which colour-blind readers can tell apart:
 * blue data, green ACKs, dark yellow window, vermillion, orange and
 * pink retransmissions. */
const char sx_svg_css[] =
	"svg.graph{font:11px sans-serif;background:#fff}"
	".graph .axis line{stroke:#888;stroke-width:1}"
	".graph .axis .grid{stroke:#e4e4e4}"
	".graph .axis text,.graph .key text{fill:#333}"
	".graph .head{font-weight:bold;fill:#222}"
	".graph line.seg{stroke:#0072b2;stroke-width:1.5}"
	".graph line.retrans{stroke:#d55e00;stroke-width:2.5}"
	".graph line.fast{stroke:#e69f00}"
	".graph line.spurious{stroke:#cc79a7}"
	".graph .ack{stroke:#009e73;fill:none;stroke-width:1.2}"
	".graph .win{stroke:#b8a000;fill:none;stroke-width:1.2}"
	".graph .sack{stroke:#56b4e9;stroke-width:3}"
	".graph .zerowin{fill:#e00000;stroke:none}"
	".graph .winfull{fill:none;stroke:#7f3c8d;stroke-width:1.5}"
	".graph .dupack{stroke:#222;stroke-width:1.5}"
	".graph .lost-up{fill:#8b0000}"
	".graph .lost-down{fill:#ff4040}"
	".graph .tput{stroke:#0072b2;fill:none;stroke-width:1.5}"
	".graph .gput{stroke:#009e73;fill:none;stroke-width:1.5;"
	"stroke-dasharray:4 2}"
	".graph .rev.tput{stroke:#d55e00}.graph .rev.gput{stroke:#e69f00}"
	".graph .rtt{fill:#d55e00}.graph .rtt.rev{fill:#0072b2}"
	".graph line.rtt{stroke:#d55e00}.graph line.rtt.rev{stroke:#0072b2}"
	".graph .inflight{stroke:#0072b2;fill:none;stroke-width:1.2}"
	".graph .rwnd{stroke:#b8a000;fill:none;stroke-width:1.2}"
	".k-seg{fill:#0072b2}.k-retrans{fill:#d55e00}.k-fast{fill:#e69f00}"
	".k-spurious{fill:#cc79a7}.k-ack{fill:#009e73}.k-win{fill:#b8a000}"
	".k-sack{fill:#56b4e9}.k-zerowin{fill:#e00000}.k-winfull{fill:#7f3c8d}"
	".k-dupack{fill:#222}.k-lost-up{fill:#8b0000}.k-lost-down{fill:#ff4040}";

#define W 900.0
#define ML 72.0
#define MR 12.0
#define MT 40.0
#define MB 34.0

int
sx_graph_parse(const char *s, enum sx_graph *g)
{
	int i;

	for (i = 0; i < SX_G_COUNT; i++)
		if (strcmp(s, sx_graph_names[i]) == 0) {
			*g = (enum sx_graph)i;
			return 0;
		}
	return -1;
}

/* A plot area: data ranges mapped to pixels. */
struct plot {
	double h;
	double x0, x1, y0, y1;
};

static double
px(const struct plot *g, double v)
{
	return ML + (v - g->x0) / (g->x1 - g->x0) * (W - ML - MR);
}

static double
py(const struct plot *g, double v)
{
	double y = g->h - MB - (v - g->y0) / (g->y1 - g->y0) *
	    (g->h - MT - MB);

	/* a line above the plot (the window far above the data) stops at
	 * its top */
	return y < MT - 6 ? MT - 6 : y > g->h - MB + 6 ? g->h - MB + 6 : y;
}

/* A number for an axis or a title: 1500, 1.5k, 2.25M. */
static void
human(struct sx_buf *b, double v)
{
	static const char unit[] = " kMGTP";
	double a = v < 0 ? -v : v;
	int u = 0;

	while (a >= 1000 && u < 5) {
		a /= 1000;
		v /= 1000;
		u++;
	}
	sx_buf_printf(b, "%.3g", v);
	if (u)
		sx_buf_addc(b, unit[u]);
}

/* A step of 1, 2 or 5 times a power of ten giving about 6 ticks. */
static double
nice_step(double range)
{
	double s = 1e-9;

	while (s * 6 < range) {
		if (s * 2 * 6 >= range)
			return s * 2;
		if (s * 5 * 6 >= range)
			return s * 5;
		s *= 10;
	}
	return s;
}

/* Axes, grid and tick labels; time on x in seconds (ns data). */
static void
axes(struct sx_buf *b, const struct plot *g, const char *ylabel)
{
	double s = nice_step(g->x1 - g->x0), v;

	sx_buf_adds(b, "<g class=\"axis\">");
	for (v = 0; v <= g->x1 + s / 1000; v += s)
		sx_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
		    "y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"middle\">%.6g</text>", px(g, v), g->h - MB,
		    px(g, v), g->h - MB + 4, px(g, v), g->h - MB + 15,
		    v / 1e9);
	s = nice_step(g->y1 - g->y0);
	for (v = (double)(int64_t)(g->y0 / s) * s; v <= g->y1; v += s) {
		if (v < g->y0)
			continue;
		sx_buf_printf(b, "<line class=\"grid\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\"/><text x=\"%.1f\" y=\"%.1f\" "
		    "text-anchor=\"end\">", ML, py(g, v), W - MR, py(g, v),
		    ML - 4, py(g, v) + 4);
		human(b, v);
		sx_buf_adds(b, "</text>");
	}
	sx_buf_printf(b, "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	    "y2=\"%.1f\"/><line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" "
	    "y2=\"%.1f\"/>", ML, (double)MT, ML, g->h - MB, ML, g->h - MB,
	    W - MR, g->h - MB);
	sx_buf_printf(b, "<text x=\"%.1f\" y=\"%.1f\" text-anchor=\"middle\">"
	    "time (s)</text><text x=\"4\" y=\"%.1f\">%s</text></g>",
	    (ML + W - MR) / 2, g->h - 4, (double)MT - 12, ylabel);
}

static const char *const dir_name[2] = { "fwd", "rev" };

/* <svg ...> with its title and, standalone, its style. */
static void
begin(struct sx_buf *b, const struct sx_svg_ctx *c, enum sx_graph g,
    int dir, double h, const char *title)
{
	if (c->standalone)
		sx_buf_adds(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
	sx_buf_printf(b, "<svg xmlns=\"http://www.w3.org/2000/svg\" "
	    "class=\"graph %s\" data-stream=\"%zu\"", sx_graph_names[g],
	    c->p->stream);
	if (dir >= 0)
		sx_buf_printf(b, " data-dir=\"%s\"", dir_name[dir]);
	sx_buf_printf(b, " data-downsampled=\"%d\" width=\"%.0f\" "
	    "height=\"%.0f\" viewBox=\"0 0 %.0f %.0f\"><title>%s</title>",
	    c->p->downsampled, W, h, W, h, title);
	if (c->standalone)
		sx_buf_printf(b, "<style>%s</style>", sx_svg_css);
	sx_buf_printf(b, "<text class=\"head\" x=\"%.1f\" y=\"14\">%s</text>",
	    ML, title);
}

/* A mark's <title>: what, its frame(s), and detail (already text). */
static void
mark_title(struct sx_buf *b, const struct sx_pt *q, const char *what,
    const char *detail)
{
	if (q->n == 1)
		sx_buf_printf(b, "<title>%s, frame.number == %" PRIu32
		    ": %s</title>", what, q->frame, detail);
	else
		sx_buf_printf(b, "<title>%" PRIu32 " x %s, frame.number == %"
		    PRIu32 " to %" PRIu32 ": %s</title>", q->n, what,
		    q->frame, q->last, detail);
}

int
sx_svg_has_dir(const struct sx_pts *p, int dir)
{
	static const int marks[] = { SX_PK_RETRANS, SX_PK_FAST,
	    SX_PK_SPURIOUS, SX_PK_WINFULL, SX_PK_LOST_UP, SX_PK_LOST_DOWN,
	    SX_PK_SACK, SX_PK_ZEROWIN, SX_PK_DUPACK };
	size_t k;

	if (p->bytes[dir] > 0)
		return 1;
	for (k = 0; k < SX_ARRAY_LEN(marks); k++)
		if (p->count[dir][marks[k]])
			return 1;
	return 0;
}

int
sx_svg_main_dir(const struct sx_pts *p)
{
	return p->bytes[1] > p->bytes[0];
}

/* Kinds drawn on the time-sequence graph, and on its y range. */
static int
in_tseq(int kind)
{
	return kind != SX_PK_INFLIGHT && kind != SX_PK_RWND &&
	    kind != SX_PK_RTT;
}

static int
is_retrans(int kind)
{
	return kind == SX_PK_RETRANS || kind == SX_PK_FAST ||
	    kind == SX_PK_SPURIOUS;
}

/* The plot of the time-sequence graph of dir: the stream's life on x,
 * the sequence space its points span on y. */
static void
tseq_plot(const struct sx_pts *p, int dir, struct plot *g)
{
	size_t i;
	int any = 0;
	double top;

	g->h = 380;
	g->x0 = 0;
	g->x1 = (double)(p->t1 - p->t0);
	g->y0 = g->y1 = 0;
	for (i = 0; i < p->n; i++) {
		const struct sx_pt *q = &p->v[i];

		if (q->dir != dir || !in_tseq(q->kind) || q->kind == SX_PK_WIN)
			continue;
		if (!any || (double)q->lo < g->y0)
			g->y0 = (double)q->lo;
		if (!any || (double)q->hi > g->y1)
			g->y1 = (double)q->hi;
		any = 1;
	}
	if (g->y1 - g->y0 < 1)
		g->y1 = g->y0 + 1;
	/* the window line counts up to a third more than the rest: a
	 * window far above the data is drawn at the top */
	top = g->y1 + (g->y1 - g->y0) / 3;
	for (i = 0; i < p->n; i++)
		if (p->v[i].dir == dir && p->v[i].kind == SX_PK_WIN &&
		    (double)p->v[i].hi > g->y1)
			g->y1 = (double)p->v[i].hi < top ? (double)p->v[i].hi :
			    top;
	g->y1 += (g->y1 - g->y0) * 0.03;
}

/* A polyline of the points of one kind: a step line (exact) or the
 * lowest and highest of each column (downsampled). */
static void
step_line(struct sx_buf *b, const struct sx_pts *p, const struct plot *g,
    int kind, int dir, const char *cls, const char *title)
{
	size_t i, n = 0;
	double lasty = 0;

	for (i = 0; i < p->n; i++) {
		const struct sx_pt *q = &p->v[i];
		double x = px(g, (double)q->t);

		if (q->kind != kind || q->dir != dir)
			continue;
		if (n++ == 0)
			sx_buf_printf(b, "<polyline class=\"%s\" points=\"", cls);
		else if (!p->downsampled)
			sx_buf_printf(b, " %.1f,%.1f", x, lasty);
		sx_buf_printf(b, "%s%.1f,%.1f", n > 1 ? " " : "", x,
		    py(g, (double)q->lo));
		if (q->hi != q->lo)
			sx_buf_printf(b, " %.1f,%.1f", x, py(g, (double)q->hi));
		lasty = py(g, (double)q->hi);
	}
	if (n)
		sx_buf_printf(b, "\"><title>%s</title></polyline>", title);
}

/* The detail of a sequence-space mark. */
static void
seq_detail(struct sx_buf *d, const struct sx_pts *p, const struct sx_pt *q)
{
	sx_buf_reset(d);
	if (q->n > 1) {
		sx_buf_printf(d, "seq %" PRId64 " to %" PRId64, q->lo, q->hi);
		return;
	}
	sx_buf_printf(d, "seq %" PRId64 ", %" PRId64 " bytes (tcp.seq_raw "
	    "%" PRIu32 "), %.6f s", q->lo, q->hi - q->lo,
	    (uint32_t)(p->base[q->dir] + (uint32_t)q->lo),
	    (double)(q->t + p->t0) / 1e9);
}

static const char *const what[SX_PK_COUNT] = {
	"segment", "retransmission", "fast retransmission",
	"spurious retransmission", "window full", "lost upstream",
	"lost downstream", "bytes in flight", "ACK", "window", "window",
	"SACK block", "zero window", "duplicate ACK", "RTT",
};

/* A vertical bar from lo to hi (at least 2 px long). */
static void
bar(struct sx_buf *b, double x, double y0, double y1, const char *cls)
{
	if (y0 - y1 < 2) {
		double m = (y0 + y1) / 2;

		y0 = m + 1;
		y1 = m - 1;
	}
	sx_buf_printf(b, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" "
	    "x2=\"%.1f\" y2=\"%.1f\">", cls, x, y0, x, y1);
}

/* One mark of the time-sequence graph. */
static void
tseq_mark(struct sx_buf *b, const struct sx_pts *p, const struct plot *g,
    const struct sx_pt *q, struct sx_buf *d)
{
	double x = px(g, (double)q->t), ylo = py(g, (double)q->lo);
	double yhi = py(g, (double)q->hi);
	const char *tag = "line";
	char cls[48];

	seq_detail(d, p, q);
	snprintf(cls, sizeof(cls), "%s%s%s", q->hi > q->lo &&
	    is_retrans(q->kind) ? "seg " : "", q->kind == SX_PK_FAST ||
	    q->kind == SX_PK_SPURIOUS ? "retrans " : "",
	    sx_pt_class[q->kind]);
	switch (q->kind) {
	case SX_PK_SACK:
		bar(b, x + 2, ylo, yhi, cls);
		break;
	case SX_PK_WINFULL:
		tag = "circle";
		sx_buf_printf(b, "<circle class=\"%s\" cx=\"%.1f\" cy=\"%.1f\" "
		    "r=\"3\">", cls, x, yhi);
		break;
	case SX_PK_DUPACK:
		sx_buf_printf(b, "<line class=\"%s\" x1=\"%.1f\" y1=\"%.1f\" "
		    "x2=\"%.1f\" y2=\"%.1f\">", cls, x - 4, ylo, x + 4, ylo);
		break;
	case SX_PK_ZEROWIN:
	case SX_PK_LOST_UP:
	case SX_PK_LOST_DOWN: {
		double s = q->kind == SX_PK_LOST_UP ? -6 : 6;
		double y = q->kind == SX_PK_ZEROWIN ? ylo + 8 : ylo + 2;

		if (q->kind == SX_PK_LOST_UP)
			y = yhi - 2;
		tag = "polygon";
		sx_buf_printf(b, "<polygon class=\"%s\" points=\"%.1f,%.1f "
		    "%.1f,%.1f %.1f,%.1f\">", cls, x, y, x - 4, y + s, x + 4,
		    y + s);
		break;
	}
	default:
		bar(b, x, ylo, yhi, cls);
		break;
	}
	mark_title(b, q, what[q->kind], sx_buf_cstr(d));
	sx_buf_printf(b, "</%s>", tag);
}

/* The legend: a swatch and a name for each kind present. */
static void
legend(struct sx_buf *b, const int *kinds, size_t n, const uint64_t *count)
{
	double x = W - MR - 6;
	size_t i;

	sx_buf_adds(b, "<g class=\"key\">");
	for (i = n; i-- > 0;) {
		int k = kinds[i];
		double w = 22 + 6.6 * (double)strlen(what[k]);

		if (count && count[k] == 0)
			continue;
		x -= w;
		sx_buf_printf(b, "<rect x=\"%.1f\" y=\"20\" width=\"10\" "
		    "height=\"10\" class=\"k-%s\"/><text x=\"%.1f\" y=\"29\">"
		    "%s</text>", x, sx_pt_class[k], x + 13, what[k]);
	}
	sx_buf_adds(b, "</g>");
}

static void
tseq(struct sx_buf *b, const struct sx_svg_ctx *c, int dir)
{
	static const int order[] = { SX_PK_SACK, SX_PK_SEG, SX_PK_RETRANS,
	    SX_PK_FAST, SX_PK_SPURIOUS, SX_PK_WINFULL, SX_PK_DUPACK,
	    SX_PK_ZEROWIN, SX_PK_LOST_UP, SX_PK_LOST_DOWN };
	static const int keys[] = { SX_PK_SEG, SX_PK_RETRANS, SX_PK_FAST,
	    SX_PK_SPURIOUS, SX_PK_ACK, SX_PK_WIN, SX_PK_SACK, SX_PK_ZEROWIN,
	    SX_PK_WINFULL, SX_PK_DUPACK, SX_PK_LOST_UP, SX_PK_LOST_DOWN };
	const struct sx_pts *p = c->p;
	struct sx_buf d = { 0 }, t = { 0 };
	struct plot g;
	size_t i, k;

	tseq_plot(p, dir, &g);
	sx_buf_printf(&t, "Stream %zu: time-sequence of the data from %s to "
	    "%s", p->stream, c->end[dir], c->end[!dir]);
	begin(b, c, SX_G_TSEQ, dir, g.h, t.data);
	axes(b, &g, "sequence number (relative)");
	sx_buf_reset(&t);
	sx_buf_printf(&t, "window line: the ACK plus the receive window "
	    "that %s advertised", c->end[!dir]);
	step_line(b, p, &g, SX_PK_WIN, dir, "win", t.data);
	sx_buf_reset(&t);
	sx_buf_printf(&t, "ACK line: what %s acknowledged", c->end[!dir]);
	step_line(b, p, &g, SX_PK_ACK, dir, "ack", t.data);
	for (k = 0; k < SX_ARRAY_LEN(order); k++)
		for (i = 0; i < p->n; i++)
			if (p->v[i].dir == dir && p->v[i].kind == order[k])
				tseq_mark(b, p, &g, &p->v[i], &d);
	legend(b, keys, SX_ARRAY_LEN(keys), p->count[dir]);
	sx_buf_adds(b, "</svg>\n");
	sx_buf_free(&d);
	sx_buf_free(&t);
}

/* Throughput and goodput of each direction that sent data, per bin. */
static void
throughput(struct sx_buf *b, const struct sx_svg_ctx *c)
{
	const struct sx_pts *p = c->p;
	double bin = (double)(p->t1 - p->t0) / SX_PTS_BINS, top = 1;
	struct sx_buf t = { 0 };
	struct plot g = { 240, 0, (double)(p->t1 - p->t0), 0, 1 };
	int d, k;
	size_t i;

	for (d = 0; d < 2; d++)
		for (i = 0; i < SX_PTS_BINS; i++)
			if ((double)p->bin[d][i] / (bin / 1e9) > top)
				top = (double)p->bin[d][i] / (bin / 1e9);
	g.y1 = top * 1.05;
	sx_buf_printf(&t, "Stream %zu: throughput (solid) and goodput "
	    "(dashed), bytes per second", p->stream);
	begin(b, c, SX_G_THROUGHPUT, -1, g.h, t.data);
	axes(b, &g, "bytes/s");
	for (d = 0; d < 2; d++) {
		for (k = 0; k < 2 && p->bytes[d] > 0; k++) {
			const uint64_t *v = k ? p->good[d] : p->bin[d];

			sx_buf_printf(b, "<polyline class=\"%s %s\" points=\"",
			    k ? "gput" : "tput", dir_name[d]);
			for (i = 0; i < SX_PTS_BINS; i++)
				sx_buf_printf(b, "%s%.1f,%.1f", i ? " " : "",
				    px(&g, bin * ((double)i + 0.5)),
				    py(&g, (double)v[i] / (bin / 1e9)));
			sx_buf_printf(b, "\"><title>%s of the data from %s "
			    "(%.6g s bins)</title></polyline>", k ? "goodput "
			    "(retransmissions left out)" : "throughput",
			    c->end[d], bin / 1e9);
		}
	}
	sx_buf_adds(b, "</svg>\n");
	sx_buf_free(&t);
}

/* The largest value of one kind in direction dir (< 0: either). */
static double
top_of(const struct sx_pts *p, int kind, int dir)
{
	double top = 0;
	size_t i;

	for (i = 0; i < p->n; i++)
		if (p->v[i].kind == kind && (dir < 0 || p->v[i].dir == dir) &&
		    (double)p->v[i].hi > top)
			top = (double)p->v[i].hi;
	return top;
}

/* RTT samples: the time from a segment of dir to its ACK. */
static void
rtt(struct sx_buf *b, const struct sx_svg_ctx *c)
{
	const struct sx_pts *p = c->p;
	struct plot g = { 240, 0, (double)(p->t1 - p->t0), 0, 1 };
	struct sx_buf t = { 0 };
	size_t i;

	g.y1 = top_of(p, SX_PK_RTT, -1) / 1e6 * 1.05;
	if (g.y1 <= 0)
		g.y1 = 1;
	sx_buf_printf(&t, "Stream %zu: RTT samples (ACK time minus segment "
	    "time)", p->stream);
	begin(b, c, SX_G_RTT, -1, g.h, t.data);
	axes(b, &g, "RTT (ms)");
	for (i = 0; i < p->n; i++) {
		const struct sx_pt *q = &p->v[i];

		if (q->kind != SX_PK_RTT)
			continue;
		sx_buf_reset(&t);
		sx_buf_printf(&t, "%.3f ms", (double)q->lo / 1e6);
		if (q->hi != q->lo)
			sx_buf_printf(&t, " to %.3f ms", (double)q->hi / 1e6);
		sx_buf_printf(&t, " for data from %s", c->end[q->dir]);
		if (q->n > 1)
			bar(b, px(&g, (double)q->t), py(&g, (double)q->lo / 1e6),
			    py(&g, (double)q->hi / 1e6), q->dir ? "rtt rev" :
			    "rtt fwd");
		else
			sx_buf_printf(b, "<circle class=\"rtt %s\" cx=\"%.1f\" "
			    "cy=\"%.1f\" r=\"2.5\">", dir_name[q->dir],
			    px(&g, (double)q->t), py(&g, (double)q->lo / 1e6));
		mark_title(b, q, "RTT sample", t.data);
		sx_buf_adds(b, q->n > 1 ? "</line>" : "</circle>");
	}
	sx_buf_adds(b, "</svg>\n");
	sx_buf_free(&t);
}

/* Bytes in flight from dir against the window its receiver offered. */
static void
inflight(struct sx_buf *b, const struct sx_svg_ctx *c, int dir)
{
	const struct sx_pts *p = c->p;
	struct plot g = { 240, 0, (double)(p->t1 - p->t0), 0, 1 };
	struct sx_buf t = { 0 };
	double a = top_of(p, SX_PK_INFLIGHT, dir);
	double w = top_of(p, SX_PK_RWND, dir);

	g.y1 = (a > w ? a : w) * 1.05;
	if (g.y1 <= 0)
		g.y1 = 1;
	sx_buf_printf(&t, "Stream %zu: bytes in flight from %s (blue) and "
	    "the receive window of %s", p->stream, c->end[dir],
	    c->end[!dir]);
	begin(b, c, SX_G_INFLIGHT, dir, g.h, t.data);
	axes(b, &g, "bytes");
	sx_buf_reset(&t);
	sx_buf_printf(&t, "receive window advertised by %s", c->end[!dir]);
	step_line(b, p, &g, SX_PK_RWND, dir, "rwnd", t.data);
	sx_buf_reset(&t);
	sx_buf_printf(&t, "bytes in flight (sent by %s, not yet ACKed)",
	    c->end[dir]);
	step_line(b, p, &g, SX_PK_INFLIGHT, dir, "inflight", t.data);
	sx_buf_adds(b, "</svg>\n");
	sx_buf_free(&t);
}

void
sx_svg_graph(struct sx_buf *b, const struct sx_svg_ctx *c, enum sx_graph g,
    int dir)
{
	switch (g) {
	case SX_G_TSEQ:
		tseq(b, c, dir);
		break;
	case SX_G_THROUGHPUT:
		throughput(b, c);
		break;
	case SX_G_RTT:
		rtt(b, c);
		break;
	case SX_G_INFLIGHT:
	case SX_G_COUNT:
		inflight(b, c, dir);
		break;
	}
}
