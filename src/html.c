/* html.c - the HTML report and the standalone SVG graph. */
#include "html.h"
#include "impact.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "explain.h"
#include "points.h"
#include "svg.h"
#include "version.h"

/* One stream row, kept until its capture's section is written. */
struct hrow {
	size_t stream;
	char *cells;         /* the <td> elements */
	char *explain;       /* its --explain paragraph, escaped */
	char *text;          /* the same as is (the timeline's), or NULL */
	char *end[2];        /* "addr:port" of src and dst, escaped */
	char *diagnosis;
	int problems;        /* a network problem, or a diagnosis not ok */
	int64_t t0, t1;
	struct sx_endpoint ep[2];
	uint64_t frames;
};

struct sx_html {
	const struct sx_html_opts *o; /* the report's (it may change until
	                             * the first sx_html_file) */
	const struct sx_column **col;  /* the table's columns, in order */
	size_t ncol;
	struct hrow *rows;
	size_t nrows, cap;
	struct sx_buf page;  /* the sections so far */
	struct sx_buf sum;   /* the summary's rows so far */
	size_t nfiles;
	int drawn;           /* --graph: the graph was written */
	int timeline;        /* --explain's timelines, not a page */
};

static const char page_css[] =
	"body{font:14px/1.4 sans-serif;margin:1.5em;color:#111}"
	"h1{font-size:1.4em}h2{font-size:1.15em;margin-top:1.6em}"
	"table{border-collapse:collapse;margin:.5em 0}"
	"th,td{border:1px solid #ccc;padding:2px 6px;text-align:right}"
	"th{background:#eef;cursor:pointer;white-space:nowrap}"
	"td.t{text-align:left}tr.bad td{background:#fff4f0}"
	"details{margin:.6em 0;border:1px solid #ccc;padding:.3em .6em}"
	"summary{cursor:pointer;font-weight:bold}"
	"p.explain{max-width:70em}.note{color:#666}"
	"svg.graph{display:block;margin:.6em 0;border:1px solid #ddd}";

/* Sort a table by the column clicked (numbers by data-v); a second
 * click reverses. Written without < and & so that the page stays
 * well-formed XML. */
static const char page_js[] =
	"document.querySelectorAll('table.streams th').forEach(function(th)"
	"{th.addEventListener('click',function(){"
	"var b=th.closest('table').tBodies[0],i=th.cellIndex,"
	"d=th.dataset.d==='1'?-1:1;th.dataset.d=d===1?'1':'0';"
	"var r=Array.prototype.slice.call(b.rows);"
	"r.sort(function(x,y){var p=x.cells[i].dataset.v,"
	"q=y.cells[i].dataset.v;if(p!==undefined){"
	"return d*(parseFloat(p)-parseFloat(q))}"
	"return d*x.cells[i].textContent.localeCompare("
	"y.cells[i].textContent)});"
	"r.forEach(function(e){b.appendChild(e)})})});";

static int
is_identity(const struct sx_column *c)
{
	return c->metric == SX_M_FILE || c->metric == SX_M_STREAM ||
	    c->metric == SX_M_SRC || c->metric == SX_M_DST;
}

/* The chosen columns with the diagnosis first after the stream's
 * identity (file, stream, src, dst). */
static void
table_columns(struct sx_html *h)
{
	const struct sx_colset *cs = h->o->cols;
	const struct sx_column *diag = sx_column_find("diagnosis");
	size_t i, lead = 0;

	h->col = sx_calloc(cs->n + 1, sizeof(*h->col));
	while (lead < cs->n && is_identity(cs->col[lead]))
		h->col[h->ncol++] = cs->col[lead++];
	h->col[h->ncol++] = diag;
	for (i = lead; i < cs->n; i++)
		if (cs->col[i] != diag)
			h->col[h->ncol++] = cs->col[i];
}

struct sx_html *
sx_html_new(const struct sx_html_opts *o)
{
	struct sx_html *h = sx_calloc(1, sizeof(*h));

	h->o = o;
	h->timeline = o->timeline;
	table_columns(h);
	return h;
}

/* A value as a <td>: text left-aligned, numbers with data-v for the
 * sort. */
static void
cell(struct sx_buf *b, const struct sx_column *c, const struct sx_row *row)
{
	struct sx_value v;
	char tmp[64];

	sx_column_value(c, row, &v);
	if (c->type == SX_CT_TEXT) {
		sx_buf_adds(b, "<td class=\"t\">");
		if (!v.null && v.str)
			sx_escape_xml(b, v.str, strlen(v.str));
		sx_buf_adds(b, "</td>");
		return;
	}
	if (v.null) {
		sx_buf_adds(b, "<td data-v=\"-1e300\">-</td>");
		return;
	}
	switch (c->type) {
	case SX_CT_TIME:
		sx_format_seconds(tmp, sizeof(tmp), v.ns);
		sx_buf_printf(b, "<td data-v=\"%s\">%s</td>", tmp, tmp);
		break;
	case SX_CT_RATIO:
		sx_buf_printf(b, "<td data-v=\"%.6f\">%.6f</td>", v.ratio,
		    v.ratio);
		break;
	case SX_CT_TEXT:
	case SX_CT_COUNT:
	case SX_CT_NUMBER:
		sx_buf_printf(b, "<td data-v=\"%" PRIu64 "\">%" PRIu64 "</td>",
		    v.count, v.count);
		break;
	}
}

static char *
escaped(const char *s)
{
	struct sx_buf b = { 0 };
	char *r;

	sx_escape_xml(&b, s, strlen(s));
	r = sx_strdup(sx_buf_cstr(&b));
	sx_buf_free(&b);
	return r;
}

void
sx_html_row(struct sx_html *h, const struct sx_row *row)
{
	struct sx_buf b = { 0 };
	struct hrow *x;
	struct sx_value v;
	size_t i;
	char ep[64];

	h->rows = sx_grow(h->rows, &h->cap, h->nrows + 1, sizeof(*h->rows),
	    16);
	x = &h->rows[h->nrows++];
	memset(x, 0, sizeof(*x));
	x->stream = row->stream;
	for (i = 0; i < h->ncol; i++)
		cell(&b, h->col[i], row);
	x->cells = sx_strdup(sx_buf_cstr(&b));
	sx_buf_reset(&b);
	sx_explain(row, 0, &b);
	x->explain = escaped(sx_buf_cstr(&b));
	if (h->timeline) {   /* as --explain writes it */
		sx_buf_reset(&b);
		sx_explain_text(row, h->o->cols->n > 0 &&
		    h->o->cols->col[0]->metric == SX_M_FILE,
		    h->o->width_explain, &b);
		x->text = sx_strdup(sx_buf_cstr(&b));
	}
	for (i = 0; i < 2; i++) {
		sx_format_endpoint(&row->st->ep[i], ep, sizeof(ep));
		x->end[i] = escaped(ep);
		x->ep[i] = row->st->ep[i];
	}
	sx_column_value(sx_column_find("diagnosis"), row, &v);
	x->diagnosis = escaped(v.str ? v.str : "");
	x->problems = sx_row_has_problems(row) || sx_row_findings(row) != 0;
	x->t0 = row->st->first_ns;
	x->t1 = row->st->last_ns;
	x->frames = sx_stream_frames(row->st);
	sx_buf_free(&b);
}

static void
free_rows(struct sx_html *h)
{
	size_t i;

	for (i = 0; i < h->nrows; i++) {
		free(h->rows[i].cells);
		free(h->rows[i].explain);
		free(h->rows[i].text);
		free(h->rows[i].end[0]);
		free(h->rows[i].end[1]);
		free(h->rows[i].diagnosis);
	}
	h->nrows = 0;
}

/* Which rows get graphs: the one --stream names, every row --top lets
 * through, else the first SX_HTML_DRAW with a network problem or a
 * diagnosis other than ok (the rows come worst first). draw[i] set for each; returns how many. */
static size_t
choose(const struct sx_html *h, unsigned char *draw)
{
	size_t i, n = 0;

	for (i = 0; i < h->nrows; i++) {
		draw[i] = h->timeline || h->o->has_stream || h->o->top ||
		    (h->rows[i].problems && n < SX_HTML_DRAW);
		n += draw[i];
	}
	return n;
}

static int
cmp_pts(const void *a, const void *b)
{
	const struct sx_pts *x = a, *y = b;

	return (x->stream > y->stream) - (x->stream < y->stream);
}

/* Read the points of the drawn rows (sorted by stream into *out).
 * Returns how many; a failure of the reading is said in note. */
static size_t
read_points(struct sx_html *h, const char *file, const unsigned char *draw,
    struct sx_pts **out, struct sx_buf *note)
{
	struct sx_pts_job job;
	size_t i, n = 0;
	char err[400];

	*out = sx_calloc(h->nrows + 1, sizeof(**out));
	for (i = 0; i < h->nrows; i++) {
		if (!draw[i])
			continue;
		sx_pts_init(&(*out)[n], h->rows[i].stream, h->rows[i].t0,
		    h->rows[i].t1, h->rows[i].ep, h->rows[i].frames);
		(*out)[n++].bins_only = h->timeline;
	}
	if (n == 0)
		return 0;
	if (strcmp(file, "-") == 0) {
		sx_buf_adds(note, "No graphs: standard input cannot be read "
		    "a second time for the points of the graphs.");
		return 0;
	}
	qsort(*out, n, sizeof(**out), cmp_pts);
	job.ts = h->o->ts;
	job.file = file;
	job.dfilter = h->o->dfilter;
	job.s = *out;
	job.n = n;
	if (sx_pts_read(&job, err, sizeof(err)) != 0) {
		sx_warn("%s: graphs: %s", file, err);
		sx_buf_adds(note, "The graphs may be incomplete: ");
		sx_escape_xml(note, err, strlen(err));
		sx_buf_addc(note, '.');
	}
	return n;
}

/* The points of stream s among the n read, or NULL. */
static const struct sx_pts *
points_of(const struct sx_pts *v, size_t n, size_t s)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {   /* v is in stream order */
		size_t mid = lo + (hi - lo) / 2;

		if (v[mid].stream == s)
			return &v[mid];
		if (v[mid].stream < s)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* Every graph of one stream; returns how many. */
static int
graphs(struct sx_buf *b, const struct hrow *x, const struct sx_pts *p)
{
	struct sx_svg_ctx c;
	int d, n = 0;

	c.p = p;
	c.end[0] = x->end[0];
	c.end[1] = x->end[1];
	c.standalone = 0;
	for (d = 0; d < 2; d++)
		if (sx_svg_has_dir(p, d) && ++n)
			sx_svg_graph(b, &c, SX_G_TSEQ, d);
	if (p->bytes[0] + p->bytes[1] > 0 && ++n)
		sx_svg_graph(b, &c, SX_G_THROUGHPUT, -1);
	if (p->count[0][SX_PK_RTT] + p->count[1][SX_PK_RTT] > 0 && ++n)
		sx_svg_graph(b, &c, SX_G_RTT, -1);
	for (d = 0; d < 2; d++)
		if (p->count[d][SX_PK_INFLIGHT] > 0 && ++n)
			sx_svg_graph(b, &c, SX_G_INFLIGHT, d);
	return n;
}

/* The table of the capture's rows. */
static void
table(struct sx_html *h)
{
	struct sx_buf *b = &h->page;
	size_t i;

	sx_buf_adds(b, "<table class=\"streams\"><thead><tr>");
	for (i = 0; i < h->ncol; i++) {
		sx_buf_printf(b, "<th title=\"");
		sx_escape_xml(b, h->col[i]->help, strlen(h->col[i]->help));
		sx_buf_printf(b, "\">%s</th>", h->col[i]->name);
	}
	sx_buf_adds(b, "</tr></thead><tbody>\n");
	for (i = 0; i < h->nrows; i++)
		sx_buf_printf(b, "<tr%s>%s</tr>\n", h->rows[i].problems ? " class=\"bad\"" :
		    "", h->rows[i].cells);
	sx_buf_adds(b, "</tbody></table>\n");
}

/* --graph: the one graph asked for, as an SVG document. */
static void
one_graph(struct sx_html *h, const struct sx_pts *p, const struct hrow *x)
{
	struct sx_svg_ctx c;
	int g = h->o->graph, d = sx_svg_main_dir(p);

	if (g == SX_G_TSEQ && !sx_svg_has_dir(p, d))
		d = !d;
	c.p = p;
	c.end[0] = x->end[0];
	c.end[1] = x->end[1];
	c.standalone = 1;
	sx_svg_graph(&h->page, &c, (enum sx_graph)g, d);
	h->drawn = 1;
}

/* The <details> of each drawn stream; the first is open. */
static void
sections(struct sx_html *h, const unsigned char *draw,
    const struct sx_pts *v, size_t n)
{
	struct sx_buf *b = &h->page;
	size_t i, k = 0;

	for (i = 0; i < h->nrows; i++) {
		const struct hrow *x = &h->rows[i];
		const struct sx_pts *p;

		if (!draw[i])
			continue;
		sx_buf_printf(b, "<details class=\"stream\" data-stream=\"%zu\""
		    "%s><summary>Stream %zu: %s &#8594; %s: %s</summary>\n"
		    "<p class=\"explain\">%s</p>\n", x->stream, k++ ? "" :
		    " open=\"open\"", x->stream, x->end[0], x->end[1],
		    x->diagnosis, x->explain);
		p = points_of(v, n, x->stream);
		if (p != NULL && graphs(b, x, p) == 0 &&
		    p->frames[0] + p->frames[1] > 0)
			sx_buf_adds(b, "<p class=\"note\">Nothing to draw: no "
			    "payload and no marks.</p>\n");
		sx_buf_adds(b, "</details>\n");
	}
}

/* One stream's timeline: throughput in blocks, marks, and its scale. */
static void
timeline(struct sx_buf *b, const struct sx_pts *p)
{
	static const char *const block[9] = { " ", "\u2581", "\u2582",
	    "\u2583", "\u2584", "\u2585", "\u2586", "\u2587", "\u2588" };
	uint64_t v[SX_TIMELINE_COLS] = { 0 }, top = 0;
	uint8_t m[SX_TIMELINE_COLS] = { 0 }, all = 0;
	char t0[32], t1[32];
	size_t i;

	for (i = 0; i < SX_PTS_BINS; i++) {
		size_t c = i * SX_TIMELINE_COLS / SX_PTS_BINS;

		v[c] += p->bin[0][i] + p->bin[1][i];
		m[c] |= p->mark[i];
		all |= p->mark[i];
	}
	for (i = 0; i < SX_TIMELINE_COLS; i++)
		top = v[i] > top ? v[i] : top;
	sx_buf_adds(b, "  |");
	for (i = 0; i < SX_TIMELINE_COLS; i++)
		sx_buf_adds(b, m[i] & SX_PTS_RETRANS ? "!" : m[i] &
		    SX_PTS_ZEROWIN ? "0" : block[top ? (v[i] * 8 + top - 1) /
		    top : 0]);
	sx_format_seconds(t0, sizeof(t0), p->t0);
	sx_format_seconds(t1, sizeof(t1), p->t1);
	sx_buf_printf(b, "| %s to %s s, peak ", t0, t1);
	sx_human_rate(b, (double)top / ((double)(p->t1 - p->t0) / 1e9 /
	    SX_TIMELINE_COLS));
	sx_buf_adds(b, "B/s");
	if (all & SX_PTS_RETRANS)
		sx_buf_adds(b, ", ! retransmission");
	if (all & SX_PTS_ZEROWIN)
		sx_buf_adds(b, ", 0 zero window");
	sx_buf_addc(b, '\n');
}

/* --explain with timelines: each paragraph and its line. */
static void
timelines(struct sx_html *h, const struct sx_pts *v, size_t n,
    struct sx_buf *out)
{
	size_t i;

	for (i = 0; i < h->nrows; i++) {
		const struct sx_pts *p = points_of(v, n, h->rows[i].stream);

		sx_buf_adds(out, h->rows[i].text);
		sx_buf_addc(out, '\n');
		if (p != NULL && p->frames[0] + p->frames[1] > 0)
			timeline(out, p);
	}
}

void
sx_html_file(struct sx_html *h, const struct sx_file_info *fi,
    const struct sx_table *t, struct sx_buf *out)
{
	unsigned char *draw = sx_calloc(h->nrows + 1, 1);
	struct sx_buf note = { 0 };
	struct sx_pts *v = NULL;
	size_t i, ndraw = choose(h, draw), n;

	n = read_points(h, fi->name, draw, &v, &note);
	if (h->timeline) {
		timelines(h, v, n, out);
	} else if (h->o->svg) {
		for (i = 0; i < n && !h->drawn; i++)
			if (v[i].frames[0] + v[i].frames[1] > 0)
				one_graph(h, &v[i], &h->rows[0]);
	} else {
		h->nfiles++;
		sx_buf_printf(&h->sum, "<tr><td class=\"t\"><a href=\"#c%zu\">",
		    h->nfiles);
		sx_escape_xml(&h->sum, fi->name, strlen(fi->name));
		sx_buf_printf(&h->sum, "</a></td><td>%" PRIu64 "</td><td>%zu"
		    "</td><td>%zu</td><td>%zu</td><td class=\"t\">",
		    fi->frames, t ? t->nstreams : 0, h->nrows, ndraw);
		if (fi->error)
			sx_escape_xml(&h->sum, fi->error, strlen(fi->error));
		else
			sx_buf_adds(&h->sum, fi->complete ? "complete" :
			    "partial");
		sx_buf_adds(&h->sum, "</td></tr>\n");
		sx_buf_printf(&h->page, "<section class=\"capture\" id=\"c%zu\">"
		    "<h2>", h->nfiles);
		sx_escape_xml(&h->page, fi->name, strlen(fi->name));
		sx_buf_adds(&h->page, "</h2>\n");
		if (note.len)
			sx_buf_printf(&h->page, "<p class=\"note\">%s</p>\n",
			    note.data);
		table(h);
		sections(h, draw, v, n);
		sx_buf_adds(&h->page, "</section>\n");
	}
	for (i = 0; i < n; i++)
		sx_pts_free(&v[i]);
	free(v);
	free(draw);
	sx_buf_free(&note);
	free_rows(h);
}

int
sx_html_end(struct sx_html *h, struct sx_buf *out)
{
	if (h->o->svg) {
		if (!h->drawn) {
			sx_warn("--graph: stream %zu has no frames to draw",
			    h->o->stream_only);
			return -1;
		}
		sx_buf_add(out, h->page.data, h->page.len);
		return 0;
	}
	sx_buf_printf(out, "<!DOCTYPE html>\n<html xmlns=\"http://www.w3.org/"
	    "1999/xhtml\" lang=\"en\"><head><meta charset=\"utf-8\"/>"
	    "<title>streamxpert report</title>\n<style>%s%s</style></head>"
	    "\n<body>\n<h1>streamxpert report</h1>\n<p class=\"note\">"
	    "streamxpert %s, tshark ", page_css, sx_svg_css, SX_VERSION);
	sx_escape_xml(out, h->o->tshark_version, strlen(h->o->tshark_version));
	sx_buf_printf(out, ". Rows worst first (click a header to sort); "
	    "the streams with graphs are folded below each table. Hover a "
	    "mark for its frame number (frame.number == N in Wireshark)."
	    "</p>\n<table class=\"summary\"><thead><tr><th>capture</th>"
	    "<th>frames</th><th>streams</th><th>listed</th><th>drawn</th>"
	    "<th>status</th></tr></thead><tbody>\n%s</tbody></table>\n",
	    h->sum.len ? h->sum.data : "");
	if (h->page.len)
		sx_buf_add(out, h->page.data, h->page.len);
	sx_buf_printf(out, "<script>%s</script>\n</body></html>\n", page_js);
	return 0;
}

void
sx_html_free(struct sx_html *h)
{
	if (h == NULL)
		return;
	free_rows(h);
	free(h->rows);
	free(h->col);
	sx_buf_free(&h->page);
	sx_buf_free(&h->sum);
	free(h);
}
