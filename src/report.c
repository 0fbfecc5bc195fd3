/* report.c - the report writers. */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "explain.h"
#include "impact.h"
#include "trust.h"
#include "html.h"
#include "units.h"
#include "version.h"

int
sx_format_parse(const char *s, enum sx_format *fmt)
{
	static const struct {
		const char *name;
		enum sx_format fmt;
	} names[] = {
		{ "table", SX_FMT_TABLE }, { "tsv", SX_FMT_TSV },
		{ "csv", SX_FMT_CSV }, { "json", SX_FMT_JSON },
		{ "ndjson", SX_FMT_NDJSON }, { "prometheus", SX_FMT_PROM },
		{ "html", SX_FMT_HTML },
	};
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(names); i++) {
		if (strcmp(s, names[i].name) == 0) {
			*fmt = names[i].fmt;
			return 0;
		}
	}
	return -1;
}

/* Write the pending line (or the few lines of one unit: a paragraph
 * of --explain, a Prometheus family) and start a new one; remember a
 * failure. It goes out in one write() on the stream's descriptor, not
 * through stdio, whose buffer would cut it at a buffer boundary: runs
 * appending to one file or pipe then never mix within a line
 * (sx_write_all). A stream with no descriptor (a memory stream) is
 * written through stdio. */
static void
flush_line(struct sx_report *r)
{
	int fd = fileno(r->out);

	if (!r->started) {
		/* held until something was analysed (sx_report_start) */
		sx_buf_add(&r->held, r->line.data, r->line.len);
		sx_buf_reset(&r->line);
		return;
	}
	if (!r->failed && r->line.len > 0 && (fd >= 0 ?
	    sx_write_all(fd, r->line.data, r->line.len) != 0 :
	    fwrite(r->line.data, 1, r->line.len, r->out) != r->line.len)) {
		r->failed = 1;
		r->err = errno ? errno : EIO;
	}
	sx_buf_reset(&r->line);
}

/* A number as the table shows it (units.h); 0 when the column's unit
 * is plain: then as in TSV. */
static int
table_number(struct sx_buf *b, const struct sx_column *c,
    const struct sx_value *v)
{
	char tmp[SX_UNIT_LEN];

	switch (sx_column_unit(c)) {
	case SX_U_PLAIN:
		return 0;
	case SX_U_COUNT:
		sx_buf_adds(b, sx_unit_count(tmp, v->count));
		break;
	case SX_U_BITRATE:
		sx_buf_adds(b, sx_unit_bitrate(tmp, v->ratio));
		break;
	case SX_U_PERCENT:
		sx_buf_adds(b, sx_unit_percent(tmp, v->ratio));
		break;
	case SX_U_RTT:
		sx_buf_adds(b, sx_unit_ms(tmp, v->ns));
		break;
	case SX_U_DURATION:
		sx_buf_adds(b, sx_unit_duration(tmp, v->ns));
		break;
	case SX_U_AVERAGE:
		sx_buf_adds(b, sx_unit_average(tmp, v->ratio));
		break;
	}
	return 1;
}

/* A value as text, for the table, TSV and CSV ("" when absent). */
static void
value_text(struct sx_buf *b, const struct sx_column *c,
    const struct sx_value *v, enum sx_format fmt)
{
	char tmp[64];

	if ((c->show & SX_SHOW_MARK) && fmt == SX_FMT_TABLE) {
		/* the table's marker: "!" and what was crossed */
		if (!v->null) {
			sx_buf_addc(b, '!');
			sx_escape_text(b, v->str, strlen(v->str));
		}
		return;
	}
	if (v->null) {
		if (fmt == SX_FMT_TABLE)
			sx_buf_addc(b, '-');
		return;
	}
	if (fmt == SX_FMT_TABLE && c->type != SX_CT_TEXT &&
	    table_number(b, c, v))
		return;
	switch (c->type) {
	case SX_CT_TEXT:
		if (fmt == SX_FMT_CSV)
			sx_escape_csv(b, v->str, strlen(v->str));
		else
			sx_escape_text(b, v->str, strlen(v->str));
		break;
	case SX_CT_COUNT:
	case SX_CT_NUMBER:
		sx_buf_printf(b, "%" PRIu64, v->count);
		break;
	case SX_CT_TIME:
		sx_format_seconds(tmp, sizeof(tmp), v->ns);
		sx_buf_adds(b, tmp);
		break;
	case SX_CT_RATIO:
		sx_buf_printf(b, "%.6f", v->ratio);
		break;
	}
}

/* A value as JSON. */
static void
value_json(struct sx_buf *b, const struct sx_column *c,
    const struct sx_value *v)
{
	if (v->null) {
		sx_buf_adds(b, "null");
		return;
	}
	if (c->type == SX_CT_TEXT)
		sx_escape_json(b, v->str, strlen(v->str));
	else
		value_text(b, c, v, SX_FMT_JSON);
}

/* The selected columns as a JSON object: the stream's own columns as
 * keys, then those of each direction nested in "fwd" and "rev" under
 * their base names. With sums != NULL, the count columns only, from
 * sums (indexed like the selection). */
static void
object_json(struct sx_buf *b, const struct sx_colset *cols,
    const struct sx_row *row, const uint64_t *sums)
{
	static const char *const dirkey[] = { "fwd", "rev" };
	struct sx_value v;
	size_t i;
	int d, n = 0;

	sx_buf_addc(b, '{');
	for (d = SX_CD_BOTH; d <= SX_CD_REV; d++) {
		int m = 0;

		for (i = 0; i < cols->n; i++) {
			const struct sx_column *c = cols->col[i];

			if ((int)c->dir != d || (sums && c->type !=
			    SX_CT_COUNT))
				continue;
			if (d != SX_CD_BOTH && m == 0)
				sx_buf_printf(b, "%s\"%s\":{", n ? "," : "",
				    dirkey[d]);
			else if (n || m)
				sx_buf_addc(b, ',');
			sx_buf_printf(b, "\"%s\":", d == SX_CD_BOTH ? c->name :
			    c->base);
			if (sums) {
				sx_buf_printf(b, "%" PRIu64, sums[i]);
			} else {
				sx_column_value(c, row, &v);
				value_json(b, c, &v);
			}
			m++;
			n++;
		}
		if (d != SX_CD_BOTH && m > 0)
			sx_buf_addc(b, '}');
	}
	sx_buf_addc(b, '}');
}

/* What the pictures' writer is told of the report (html.h), again
 * before each use: the tshark is set after sx_report_begin. */
static void
html_opts(struct sx_report *r)
{
	struct sx_html_opts *o = &r->hopts;

	o->cols = r->cols;
	o->svg = r->fmt == SX_FMT_SVG;
	o->timeline = r->fmt != SX_FMT_HTML && r->fmt != SX_FMT_SVG;
	o->has_stream = r->has_stream;
	o->stream_only = r->stream_only;
	o->top = r->top;
	o->graph = r->graph;
	o->ts = r->ts;
	o->dfilter = r->dfilter;
	o->tshark_version = r->tshark_version;
	o->width_explain = r->width_explain;
}

void
sx_report_begin(struct sx_report *r)
{
	size_t i;

	sx_buf_reset(&r->line);
	/* what stdio holds goes first: the rows bypass it (flush_line) */
	if (fflush(r->out) != 0) {
		r->failed = 1;
		r->err = errno ? errno : EIO;
	}
	switch (r->fmt) {
	case SX_FMT_TABLE:
		r->width = sx_calloc(r->cols->n, sizeof(*r->width));
		for (i = 0; i < r->cols->n; i++) {
			const char *h = r->cols->col[i]->head;

			sx_buf_add(&r->cells, h, strlen(h) + 1);
			r->width[i] = strlen(h);
		}
		break;
	case SX_FMT_PROM:
		r->prom = sx_prom_new(r->cols, r->prom_labels);
		if (r->prom_prev != NULL)
			sx_prom_carry(r->prom, r->prom_prev);
		break;
	case SX_FMT_HTML:
	case SX_FMT_SVG:
		r->started = 1;
		break;
	case SX_FMT_TSV:
	case SX_FMT_CSV:
	case SX_FMT_JSON:
	case SX_FMT_NDJSON:
		break;   /* their first lines wait for sx_report_start */
	}
	if (r->fmt == SX_FMT_HTML || r->fmt == SX_FMT_SVG || r->timeline) {
		html_opts(r);
		r->html = sx_html_new(&r->hopts);
	}
}

void
sx_report_start(struct sx_report *r)
{
	size_t i;

	if (r->started)
		return;
	r->started = 1;
	switch (r->fmt) {
	case SX_FMT_TSV:
	case SX_FMT_CSV:
		if (!r->header)
			break;
		for (i = 0; i < r->cols->n; i++) {
			if (i)
				sx_buf_addc(&r->line,
				    r->fmt == SX_FMT_TSV ? '\t' : ',');
			sx_buf_adds(&r->line, r->cols->col[i]->name);
		}
		sx_buf_addc(&r->line, '\n');
		flush_line(r);
		break;
	case SX_FMT_JSON:
		sx_buf_adds(&r->line, "{\"streamxpert\":\"" SX_VERSION "\","
		    "\"tshark_version\":");
		sx_escape_json(&r->line, r->tshark_version,
		    strlen(r->tshark_version));
		sx_buf_adds(&r->line, r->summary ? ",\"summary\":[" :
		    r->explain ? ",\"findings\":[" : ",\"streams\":[");
		flush_line(r);
		break;
	case SX_FMT_TABLE:
	case SX_FMT_NDJSON:
	case SX_FMT_PROM:
	case SX_FMT_HTML:
	case SX_FMT_SVG:
		break;
	}
	/* what came before: rows of captures that failed */
	sx_buf_add(&r->line, r->held.data, r->held.len);
	sx_buf_free(&r->held);
	flush_line(r);
}

/* Add a table cell and widen its column if needed. */
static void
table_cell(struct sx_report *r, size_t i, const char *s, size_t n)
{
	size_t w = sx_text_width(s, n);

	sx_buf_add(&r->cells, s, n);
	sx_buf_addc(&r->cells, '\0');
	if (w > r->width[i])
		r->width[i] = w;
}

/* End a row: in the table it waits for the column widths; in the other
 * formats it is written now. */
static void
end_row(struct sx_report *r)
{
	if (r->fmt == SX_FMT_TABLE) {
		r->nrows++;
	} else {
		sx_buf_addc(&r->line, '\n');
		flush_line(r);
	}
}

/* One row in the table, TSV or CSV. */
static void
row_text(struct sx_report *r, const struct sx_row *row)
{
	struct sx_buf cell = { 0 };
	struct sx_value v;
	size_t i;

	for (i = 0; i < r->cols->n; i++) {
		const struct sx_column *c = r->cols->col[i];

		sx_column_value(c, row, &v);
		if (r->fmt == SX_FMT_TABLE) {
			sx_buf_reset(&cell);
			value_text(&cell, c, &v, r->fmt);
			table_cell(r, i, cell.data ? cell.data : "", cell.len);
			continue;
		}
		if (i)
			sx_buf_addc(&r->line, r->fmt == SX_FMT_TSV ? '\t' : ',');
		value_text(&r->line, c, &v, r->fmt);
	}
	sx_buf_free(&cell);
	end_row(r);
}

/* The column that carries the word "total" in a totals row. */
static size_t
label_column(const struct sx_colset *cols)
{
	size_t i;

	for (i = 0; i < cols->n; i++)
		if (cols->col[i]->metric == SX_M_STREAM)
			return i;
	for (i = 0; i < cols->n; i++)
		if (cols->col[i]->type == SX_CT_TEXT &&
		    cols->col[i]->metric != SX_M_FILE)
			return i;
	return cols->n;
}

/* A totals row in the table, TSV or CSV: the file name, "total", the
 * sums of the count columns, nothing in the others. */
static void
totals_text(struct sx_report *r, const char *file, const uint64_t *sums)
{
	struct sx_buf cell = { 0 };
	size_t i, label = label_column(r->cols);

	for (i = 0; i < r->cols->n; i++) {
		const struct sx_column *c = r->cols->col[i];

		sx_buf_reset(&cell);
		if (c->metric == SX_M_FILE) {
			if (r->fmt == SX_FMT_CSV)
				sx_escape_csv(&cell, file, strlen(file));
			else
				sx_escape_text(&cell, file, strlen(file));
		} else if (i == label) {
			sx_buf_adds(&cell, "total");
		} else if (c->type == SX_CT_COUNT && r->fmt == SX_FMT_TABLE) {
			char tmp[SX_UNIT_LEN];

			sx_buf_adds(&cell, sx_unit_count(tmp, sums[i]));
		} else if (c->type == SX_CT_COUNT) {
			sx_buf_printf(&cell, "%" PRIu64, sums[i]);
		}
		if (r->fmt == SX_FMT_TABLE) {
			table_cell(r, i, cell.data ? cell.data : "", cell.len);
		} else {
			if (i)
				sx_buf_addc(&r->line,
				    r->fmt == SX_FMT_TSV ? '\t' : ',');
			if (cell.len)
				sx_buf_add(&r->line, cell.data, cell.len);
		}
	}
	sx_buf_free(&cell);
	end_row(r);
}

static void
file_json(struct sx_report *r, const struct sx_file_info *fi, size_t n,
    const uint64_t *sums)
{
	struct sx_buf *b = &r->files;

	if (b->len)
		sx_buf_addc(b, ',');
	sx_buf_adds(b, "{\"file\":");
	sx_escape_json(b, fi->name, strlen(fi->name));
	sx_buf_printf(b, ",\"complete\":%s,\"error\":",
	    fi->complete ? "true" : "false");
	if (fi->error)
		sx_escape_json(b, fi->error, strlen(fi->error));
	else
		sx_buf_adds(b, "null");
	sx_buf_printf(b, ",\"frames\":%" PRIu64 ",\"streams\":%zu",
	    fi->frames, n);
	if (sums) {
		sx_buf_adds(b, ",\"totals\":");
		object_json(b, r->cols, NULL, sums);
	}
	sx_buf_addc(b, '}');
}

/* The conditions row crosses, comma-separated, into b; returns whether
 * it crosses any. */
static int
alert_text(const struct sx_report *r, const struct sx_row *row,
    struct sx_buf *b)
{
	size_t i;
	int n = 0;

	sx_buf_reset(b);
	for (i = 0; i < r->nth; i++) {
		if (!sx_threshold_holds(&r->th[i], row))
			continue;
		if (n++)
			sx_buf_addc(b, ',');
		sx_buf_adds(b, r->th[i].text);
	}
	return n > 0;
}

/* Whether row passes every --where condition. */
static int
row_wanted(const struct sx_report *r, const struct sx_row *row)
{
	size_t i;

	for (i = 0; i < r->nwhere; i++)
		if (!sx_threshold_holds(&r->where[i], row))
			return 0;
	return 1;
}

/* Write one row in the report's format. */
static void
write_row(struct sx_report *r, const struct sx_row *row)
{
	switch (r->fmt) {
	case SX_FMT_TABLE:
	case SX_FMT_TSV:
	case SX_FMT_CSV:
		row_text(r, row);
		break;
	case SX_FMT_JSON:
		if (r->nstreams_written++)
			sx_buf_addc(&r->line, ',');
		sx_buf_addc(&r->line, '\n');
		object_json(&r->line, r->cols, row, NULL);
		flush_line(r);
		break;
	case SX_FMT_NDJSON:
		object_json(&r->line, r->cols, row, NULL);
		sx_buf_addc(&r->line, '\n');
		flush_line(r);
		break;
	case SX_FMT_PROM:
		sx_prom_row(r->prom, row);
		break;
	case SX_FMT_HTML:
	case SX_FMT_SVG:
		sx_html_row(r->html, row);
		break;
	}
}

/* Sorting: every row's key, computed once. */
struct keyed {
	struct sx_row row;
	struct sx_value key;
	struct sx_impact im;        /* --explain without --sort */
};

/* --explain tells the streams worst first (impact.h) unless --sort
 * says otherwise; -T html has its own order. */
static int
by_impact(const struct sx_report *r)
{
	return r->explain && r->sort == NULL &&
	    (r->html == NULL || r->timeline);
}

static const struct sx_column *sort_col;
static int sort_desc;

static int
cmp_impact(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c = sx_impact_cmp(&a->im, &b->im);

	if (c == 0)
		c = (a->row.stream > b->row.stream) -
		    (a->row.stream < b->row.stream);
	return c;
}

static int
cmp_keyed(const void *pa, const void *pb)
{
	const struct keyed *a = pa, *b = pb;
	int c;

	/* Absent values last, whatever the direction. */
	if (a->key.null != b->key.null)
		return a->key.null - b->key.null;
	c = a->key.null ? 0 : sx_value_cmp(sort_col, &a->key, &b->key);
	if (sort_desc)
		c = -c;
	if (c == 0)   /* ties keep stream order: the sort is stable */
		c = (a->row.stream > b->row.stream) -
		    (a->row.stream < b->row.stream);
	return c;
}

/* Whether the report names the file on each line. */
static int
with_file(const struct sx_report *r)
{
	return r->cols->n > 0 && r->cols->col[0]->metric == SX_M_FILE;
}

/* --explain -T json/ndjson: one finding object. */
static void
explain_json(struct sx_report *r, const struct sx_row *row,
    const struct sx_impact *im)
{
	struct sx_buf *b = &r->line;
	struct sx_buf t = { 0 };
	char ep[400];
	int i;

	if (r->fmt == SX_FMT_JSON)
		sx_buf_adds(b, r->nstreams_written++ ? ",\n" : "\n");
	sx_buf_adds(b, "{\"file\":");
	sx_escape_json(b, row->file, strlen(row->file));
	sx_buf_printf(b, ",\"stream\":%zu", row->stream);
	for (i = 0; i < 2; i++) {
		sx_format_endpoint(&row->st->ep[i], ep, sizeof(ep));
		sx_buf_adds(b, i ? ",\"dst\":" : ",\"src\":");
		sx_escape_json(b, ep, strlen(ep));
	}
	sx_verdict_format(sx_row_findings(row), ep, sizeof(ep));
	sx_buf_adds(b, ",\"diagnosis\":");
	sx_escape_json(b, ep, strlen(ep));
	sx_buf_printf(b, ",\"impact_seconds\":%.6f,\"routine\":%s,"
	    "\"headline\":", (double)im->score_ns / 1e9,
	    im->routine ? "true" : "false");
	sx_impact_headline(row, im, 0, &t);
	sx_escape_json(b, t.data, t.len);
	sx_buf_printf(b, ",\"evidence\":{\"retransmission_timeouts\":%u,"
	    "\"timeout_wait_seconds\":%.6f,\"zero_window_seconds\":%.6f,"
	    "\"lost_bytes\":%llu,\"text\":", im->rto,
	    (double)im->rto_ns / 1e9, (double)im->zw_ns / 1e9,
	    (unsigned long long)im->lost_bytes);
	sx_buf_reset(&t);
	sx_explain(row, 0, &t);
	sx_escape_json(b, t.data, t.len);
	sx_buf_adds(b, "}}");
	if (r->fmt == SX_FMT_NDJSON)
		sx_buf_addc(b, '\n');
	flush_line(r);
	sx_buf_free(&t);
}

/* --explain in words: a routine stream is only named, at the end of its
 * capture (explain_end). Returns whether row is one. */
static int
fold_routine(struct sx_report *r, const struct sx_row *row)
{
	struct sx_impact im;

	if (!r->explain || r->has_stream || r->fmt == SX_FMT_JSON ||
	    r->fmt == SX_FMT_NDJSON || (r->html != NULL && !r->timeline))
		return 0;
	sx_impact_of(row, &im);
	if (!im.routine)
		return 0;
	sx_buf_printf(&r->fold, "%s%zu", r->nfold++ ? ", " : "",
	    row->stream);
	return 1;
}

/* --explain: the headline and the evidence of a stream. */
static void
explain_row(struct sx_report *r, const struct sx_row *row)
{
	struct sx_impact im;

	sx_impact_of(row, &im);
	if (r->fmt == SX_FMT_JSON || r->fmt == SX_FMT_NDJSON) {
		explain_json(r, row, &im);
		return;
	}
	sx_explain_text(row, with_file(r), r->width_explain, &r->line);
	sx_buf_addc(&r->line, '\n');
	flush_line(r);
}

/* --explain: after a capture's streams, the routine ones in a line and
 * what the capture itself is worth (trust.h). */
static void
explain_end(struct sx_report *r, const struct sx_file_info *fi,
    const struct sx_table *t)
{
	struct sx_trust tr;
	struct sx_buf q = { 0 };

	if (r->nfold) {
		if (with_file(r)) {
			sx_escape_text(&q, fi->name, strlen(fi->name));
			sx_buf_adds(&q, ": ");
		}
		sx_buf_printf(&q, "%zu stream%s with routine findings only "
		    "(reset or idle; no time or byte lost): %s", r->nfold,
		    r->nfold == 1 ? "" : "s", sx_buf_cstr(&r->fold));
		sx_wrap(&r->line, sx_buf_cstr(&q), r->width_explain, 0);
		sx_buf_reset(&q);
		flush_line(r);
	}
	sx_buf_free(&r->fold);
	r->nfold = 0;
	if (t == NULL || r->has_stream)
		return;
	sx_trust_of(fi->name, t, &tr);
	if (r->fmt == SX_FMT_JSON || r->fmt == SX_FMT_NDJSON) {
		if (r->fmt == SX_FMT_JSON)
			sx_buf_adds(&r->line, r->nstreams_written++ ? ",\n" :
			    "\n");
		sx_buf_adds(&r->line, "{\"file\":");
		sx_escape_json(&r->line, fi->name, strlen(fi->name));
		sx_trust_json(&tr, &r->line);
		sx_buf_adds(&r->line, r->fmt == SX_FMT_NDJSON ? "}\n" : "}");
	} else {
		sx_escape_text(&q, fi->name, strlen(fi->name));
		sx_buf_adds(&q, ": capture quality ");
		sx_trust_verdict(&tr, &q);
		sx_buf_adds(&q, ": ");
		sx_trust_numbers(&tr, &q);
		sx_buf_addc(&q, '.');
		sx_wrap(&r->line, sx_buf_cstr(&q), r->width_explain, 0);
	}
	flush_line(r);
	sx_buf_free(&q);
}

/* Write one row, marked with the thresholds it crosses, and add its
 * counts to sums. */
static void
emit_row(struct sx_report *r, struct sx_row *row, uint64_t *sums,
    struct sx_buf *alert)
{
	struct sx_value v;
	size_t i;

	sx_report_start(r);
	for (i = 0; i < r->cols->n; i++) {
		if (r->cols->col[i]->type != SX_CT_COUNT)
			continue;
		sx_column_value(r->cols->col[i], row, &v);
		sums[i] += v.count;
	}
	if (r->nth && alert_text(r, row, alert))
		row->alert = sx_buf_cstr(alert);
	if (fold_routine(r, row)) {
		;
	} else if (r->html) {
		sx_html_row(r->html, row);
	} else if (r->explain) {
		explain_row(r, row);
	} else {
		write_row(r, row);
	}
	row->alert = NULL;
}

/* After the n rows of a file: JSON closes its object; the totals (of a
 * file with a stream table) follow in the other formats. */
static void
file_end(struct sx_report *r, const struct sx_file_info *fi,
    const struct sx_table *t, size_t n, const uint64_t *sums)
{
	int has_table = t != NULL;

	if (r->explain && (r->html == NULL || r->timeline)) {
		explain_end(r, fi, t);
		if (r->fmt != SX_FMT_JSON)
			return;
	}
	if (r->fmt == SX_FMT_JSON) {
		file_json(r, fi, n, sums);
		return;
	}
	if (r->html)
		return;
	if (!r->totals || !has_table || r->failed || r->fmt == SX_FMT_PROM)
		return;   /* (sums are PromQL's business) */
	if (r->has_stream && n == 0)
		return;   /* not this capture's stream */
	if (r->fmt == SX_FMT_NDJSON) {
		sx_buf_adds(&r->line, "{\"file\":");
		sx_escape_json(&r->line, fi->name, strlen(fi->name));
		sx_buf_printf(&r->line, ",\"streams\":%zu,\"totals\":", n);
		object_json(&r->line, r->cols, NULL, sums);
		sx_buf_adds(&r->line, "}\n");
		flush_line(r);
	} else {
		totals_text(r, fi->name, sums);
	}
}

/* A capture was read: the output begins (with --stream, at its first
 * row); whether it has --stream's stream. */
static void
file_begin(struct sx_report *r, const struct sx_table *t, size_t slots)
{
	if (t != NULL && !r->has_stream)
		sx_report_start(r);
	if (t != NULL && r->has_stream && r->stream_only < slots &&
	    sx_table_get(t, r->stream_only) != NULL)
		r->stream_seen = 1;
}

/* The n rows kept, sorted (by --sort, else by impact) and cut to top:
 * written; how many. */
static size_t
emit_sorted(struct sx_report *r, struct keyed *rows, size_t n, size_t top,
    uint64_t *sums, struct sx_buf *alert)
{
	size_t s;

	if (n > 1) {
		sort_col = r->sort;
		sort_desc = r->sort_desc;
		qsort(rows, n, sizeof(*rows), r->sort ? cmp_keyed :
		    cmp_impact);
	}
	if (top && n > top)
		n = top;
	for (s = 0; s < n && !r->failed; s++)
		emit_row(r, &rows[s].row, sums, alert);
	return n;
}

void
sx_report_file(struct sx_report *r, const struct sx_file_info *fi,
    const struct sx_table *t)
{
	size_t s, slots = t ? sx_table_slots(t) : 0, n = 0, seen = 0;
	struct keyed *rows = NULL;
	uint64_t *sums = sx_calloc(r->cols->n, sizeof(*sums));
	struct sx_buf alert = { 0 };
	size_t top = r->top ? r->top : r->html ? SX_HTML_ROWS : 0;

	file_begin(r, t, slots);

	/* The rows: the streams present, filtered, sorted, cut. Without
	 * --sort they are written straight from the stream table, in
	 * stream order, with no copy (which would cost more memory per
	 * stream than the table itself). */
	if (slots && (r->sort || by_impact(r)))
		rows = sx_calloc(t->nstreams ? t->nstreams : 1, sizeof(*rows));
	for (s = 0; s < slots && seen < t->nstreams; s++) {
		struct sx_row row = { 0 };

		row.st = sx_table_get(t, s);
		if (row.st == NULL)
			continue;
		seen++;
		row.file = fi->name;
		row.stream = s;
		row.ext = sx_stream_ext(t, row.st);
		row.diag = t->diag ? sx_stream_diag(t, row.st) : NULL;
		row.table = t;
		if (!row_wanted(r, &row))
			continue;
		/* Thresholds look at every stream --where lets through,
		 * shown or not. */
		if (r->nth && alert_text(r, &row, &alert))
			r->alerts++;
		if (r->problems_only && !sx_row_has_problems(&row))
			continue;
		if (r->has_stream && s != r->stream_only)
			continue;
		if (r->explain && !r->problems_only && !r->has_stream &&
		    sx_row_findings(&row) == 0)
			continue;
		if (rows == NULL) {
			/* Past --top, only the thresholds still look. */
			if ((top && n >= top) || r->failed) {
				if (r->nth == 0)
					break;
				continue;
			}
			emit_row(r, &row, sums, &alert);
			n++;
			continue;
		}
		rows[n].row = row;
		if (r->sort)
			sx_column_value(r->sort, &row, &rows[n].key);
		else
			sx_impact_of(&row, &rows[n].im);
		n++;
	}
	if (rows != NULL)
		n = emit_sorted(r, rows, n, top, sums, &alert);
	if (r->html) {
		html_opts(r);
		sx_html_file(r->html, fi, t, &r->line);
		flush_line(r);
	}
	file_end(r, fi, t, n, sums);
	free(rows);
	free(sums);
	sx_buf_free(&alert);
}

/* Write a summary row, marked with the thresholds it crosses. */
static void
summary_row(struct sx_report *r, struct sx_row *row)
{
	struct sx_buf alert = { 0 };

	if (r->nth && alert_text(r, row, &alert))
		row->alert = sx_buf_cstr(&alert);
	if (!r->failed)
		write_row(r, row);
	row->alert = NULL;
	sx_buf_free(&alert);
}

void
sx_report_summary(struct sx_report *r, const struct sx_file_info *fi,
    const struct sx_summary *s)
{
	struct sx_row row = { 0 };
	struct sx_buf alert = { 0 };

	row.file = fi->name;
	row.sum = s;
	if (strcmp(s->status, "failed") != 0)
		sx_report_start(r);
	if (row_wanted(r, &row)) {
		if (r->nth && alert_text(r, &row, &alert))
			r->alerts++;
		if (r->sort == NULL && r->top == 0) {
			summary_row(r, &row);
		} else {   /* sorted, cut at the end (sx_report_end) */
			r->sums = sx_grow(r->sums, &r->cap_sums, r->nsums + 1,
			    sizeof(*r->sums), 16);
			r->sums[r->nsums].sum = *s;
			r->sums[r->nsums++].file = sx_strdup(fi->name);
		}
	}
	if (r->fmt == SX_FMT_JSON)
		file_json(r, fi, (size_t)s->streams, NULL);
	sx_buf_free(&alert);
}

/* The summary rows kept for --sort and --top: sorted, cut, written. */
static void
summary_rows(struct sx_report *r)
{
	struct keyed *rows;
	size_t i, n = r->nsums;

	if (n == 0)
		return;
	rows = sx_calloc(n, sizeof(*rows));
	for (i = 0; i < n; i++) {
		rows[i].row.file = r->sums[i].file;
		rows[i].row.sum = &r->sums[i].sum;
		rows[i].row.stream = i;   /* ties: the captures' order */
		if (r->sort)
			sx_column_value(r->sort, &rows[i].row, &rows[i].key);
	}
	if (r->sort && n > 1) {
		sort_col = r->sort;
		sort_desc = r->sort_desc;
		qsort(rows, n, sizeof(*rows), cmp_keyed);
	}
	if (r->top && n > r->top)
		n = r->top;
	for (i = 0; i < n; i++)
		summary_row(r, &rows[i].row);
	free(rows);
}

static void
print_table(struct sx_report *r)
{
	const char *cell = r->cells.data;
	size_t row, i, first = r->header ? 0 : 1;

	if (cell == NULL)
		return;
	for (row = 0; row <= r->nrows && !r->failed; row++) {
		for (i = 0; i < r->cols->n; i++) {
			size_t len = strlen(cell);
			size_t w = sx_text_width(cell, len), pad;
			int right = r->cols->col[i]->type != SX_CT_TEXT;

			pad = r->width[i] - w;
			if (row >= first) {
				if (i)
					sx_buf_addc(&r->line, ' ');
				if (right)
					while (pad--)
						sx_buf_addc(&r->line, ' ');
				sx_buf_add(&r->line, cell, len);
				if (!right && i + 1 < r->cols->n)
					while (pad--)
						sx_buf_addc(&r->line, ' ');
			}
			cell += len + 1;
		}
		if (row >= first) {
			/* no trailing blanks from empty cells */
			while (r->line.len && r->line.data[r->line.len - 1] ==
			    ' ')
				r->line.len--;
			sx_buf_addc(&r->line, '\n');
			flush_line(r);
		}
	}
}

int
sx_report_end(struct sx_report *r)
{
	summary_rows(r);
	if (r->fmt == SX_FMT_PROM && r->prom_next != NULL)
		sx_report_start(r);   /* the series of earlier runs */
	if (!r->started) {
		sx_buf_free(&r->held);
		return r->failed ? -1 : 0;
	}
	switch (r->fmt) {
	case SX_FMT_TABLE:
		print_table(r);
		break;
	case SX_FMT_JSON:
		sx_buf_adds(&r->line, "\n],\"files\":[");
		if (r->files.len)
			sx_buf_add(&r->line, r->files.data, r->files.len);
		sx_buf_adds(&r->line, "]}\n");
		flush_line(r);
		break;
	case SX_FMT_PROM: {
		size_t i;

		for (i = 0; sx_prom_family(r->prom, i, &r->line); i++)
			flush_line(r);
		if (r->prom_next != NULL)
			sx_prom_series(r->prom, r->prom_next);
		break;
	}
	case SX_FMT_HTML:
	case SX_FMT_SVG:
		html_opts(r);
		r->nothing = sx_html_end(r->html, &r->line) != 0;
		flush_line(r);
		break;
	case SX_FMT_TSV:   /* --explain --timeline: written file by file */
	case SX_FMT_CSV:
	case SX_FMT_NDJSON:
		break;
	}
	if (!r->failed && fflush(r->out) != 0) {
		r->failed = 1;
		r->err = errno ? errno : EIO;
	}
	return r->failed ? -1 : 0;
}

int
sx_report_error(const struct sx_report *r)
{
	return r->failed ? r->err : 0;
}

void
sx_report_set_error(struct sx_report *r, int e)
{
	if (!r->failed) {
		r->failed = 1;
		r->err = e;
	}
}

void
sx_report_free(struct sx_report *r)
{
	sx_buf_free(&r->line);
	sx_buf_free(&r->held);
	sx_buf_free(&r->fold);
	sx_buf_free(&r->cells);
	sx_buf_free(&r->files);
	while (r->nsums > 0)
		free(r->sums[--r->nsums].file);
	free(r->sums);
	r->sums = NULL;
	free(r->width);
	r->width = NULL;
	sx_prom_free(r->prom);
	r->prom = NULL;
	sx_html_free(r->html);
	r->html = NULL;
}
