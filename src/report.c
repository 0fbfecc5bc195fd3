/* report.c - the report writers. */
#include "report.h"

#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
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
		{ "ndjson", SX_FMT_NDJSON },
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

/* Write the pending line and start a new one; remember a failure. */
static void
flush_line(struct sx_report *r)
{
	if (!r->failed && r->line.len > 0 &&
	    fwrite(r->line.data, 1, r->line.len, r->out) != r->line.len) {
		r->failed = 1;
		r->err = errno ? errno : EIO;
	}
	sx_buf_reset(&r->line);
}

/* A value as text, for the table, TSV and CSV ("" when absent). */
static void
value_text(struct sx_buf *b, const struct sx_column *c,
    const struct sx_value *v, enum sx_format fmt)
{
	char tmp[64];

	if (v->null) {
		if (fmt == SX_FMT_TABLE)
			sx_buf_addc(b, '-');
		return;
	}
	switch (c->type) {
	case SX_CT_TEXT:
		if (fmt == SX_FMT_CSV)
			sx_escape_csv(b, v->str, strlen(v->str));
		else
			sx_escape_text(b, v->str, strlen(v->str));
		break;
	case SX_CT_COUNT:
		sx_buf_printf(b, "%" PRIu64, v->count);
		break;
	case SX_CT_TIME:
		sx_format_seconds(tmp, sizeof(tmp), v->ns);
		sx_buf_adds(b, tmp);
		break;
	case SX_CT_RATIO:
		sx_buf_printf(b, "%.4f", v->ratio);
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

static void
row_json(struct sx_report *r, const struct sx_row *row)
{
	struct sx_value v;
	size_t i;

	sx_buf_addc(&r->line, '{');
	for (i = 0; i < r->cols->n; i++) {
		const struct sx_column *c = r->cols->col[i];

		if (i)
			sx_buf_addc(&r->line, ',');
		sx_buf_printf(&r->line, "\"%s\":", c->name);
		sx_column_value(c, row, &v);
		value_json(&r->line, c, &v);
	}
	sx_buf_addc(&r->line, '}');
}

void
sx_report_begin(struct sx_report *r)
{
	size_t i;

	sx_buf_reset(&r->line);
	switch (r->fmt) {
	case SX_FMT_TABLE:
		r->width = sx_calloc(r->cols->n, sizeof(*r->width));
		for (i = 0; i < r->cols->n; i++) {
			const char *h = r->cols->col[i]->head;

			sx_buf_add(&r->cells, h, strlen(h) + 1);
			r->width[i] = strlen(h);
		}
		break;
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
		sx_buf_adds(&r->line, ",\"streams\":[");
		flush_line(r);
		break;
	case SX_FMT_NDJSON:
		break;
	}
}

static void
file_json(struct sx_report *r, const struct sx_file_info *fi, size_t n)
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
	sx_buf_printf(b, ",\"frames\":%" PRIu64 ",\"streams\":%zu}",
	    fi->frames, n);
}

void
sx_report_file(struct sx_report *r, const struct sx_file_info *fi,
    const struct sx_table *t)
{
	size_t s, i, slots = t ? sx_table_slots(t) : 0, n = 0;
	struct sx_row row;
	struct sx_value v;

	row.file = fi->name;
	for (s = 0; s < slots && !r->failed; s++) {
		row.st = sx_table_get(t, s);
		if (row.st == NULL)
			continue;
		row.stream = s;
		row.ext = sx_stream_ext(t, row.st);
		n++;
		switch (r->fmt) {
		case SX_FMT_TABLE:
			for (i = 0; i < r->cols->n; i++) {
				size_t start = r->cells.len, w;

				sx_column_value(r->cols->col[i], &row, &v);
				value_text(&r->cells, r->cols->col[i], &v,
				    SX_FMT_TABLE);
				w = sx_text_width(r->cells.data + start,
				    r->cells.len - start);
				if (w > r->width[i])
					r->width[i] = w;
				sx_buf_addc(&r->cells, '\0');
			}
			r->nrows++;
			break;
		case SX_FMT_TSV:
		case SX_FMT_CSV:
			for (i = 0; i < r->cols->n; i++) {
				if (i)
					sx_buf_addc(&r->line,
					    r->fmt == SX_FMT_TSV ? '\t' : ',');
				sx_column_value(r->cols->col[i], &row, &v);
				value_text(&r->line, r->cols->col[i], &v,
				    r->fmt);
			}
			sx_buf_addc(&r->line, '\n');
			flush_line(r);
			break;
		case SX_FMT_JSON:
			if (r->nstreams_written++)
				sx_buf_addc(&r->line, ',');
			sx_buf_addc(&r->line, '\n');
			row_json(r, &row);
			flush_line(r);
			break;
		case SX_FMT_NDJSON:
			row_json(r, &row);
			sx_buf_addc(&r->line, '\n');
			flush_line(r);
			break;
		}
	}
	if (r->fmt == SX_FMT_JSON)
		file_json(r, fi, n);
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
			sx_buf_addc(&r->line, '\n');
			flush_line(r);
		}
	}
}

int
sx_report_end(struct sx_report *r)
{
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
	default:
		break;
	}
	if (!r->failed && fflush(r->out) != 0) {
		r->failed = 1;
		r->err = errno ? errno : EIO;
	}
	return r->failed ? -1 : 0;
}

void
sx_report_free(struct sx_report *r)
{
	sx_buf_free(&r->line);
	sx_buf_free(&r->cells);
	sx_buf_free(&r->files);
	free(r->width);
	r->width = NULL;
}
