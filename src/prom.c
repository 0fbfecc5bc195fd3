/* prom.c - the Prometheus text exposition format. */
#include "prom.h"

#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"

struct sx_prom {
	const struct sx_colset *cols;
	int summary;
	struct sx_buf *samples;   /* one per column, then the info family */
	int has_info;             /* some text column besides the file */
};

/* Whether column c is a label rather than a metric of its own. */
static int
is_label(const struct sx_column *c)
{
	return c->type == SX_CT_TEXT || c->prom == SX_PROM_LABEL;
}

/* Whether column c is a label of the info family. */
static int
is_info(const struct sx_column *c)
{
	return c->type == SX_CT_TEXT && c->prom != SX_PROM_LABEL;
}

void
sx_prom_name(const struct sx_column *c, int summary, struct sx_buf *b)
{
	sx_buf_adds(b, summary ? "streamxpert_capture_" :
	    "streamxpert_stream_");
	sx_buf_adds(b, c->name);
	switch (c->type) {
	case SX_CT_COUNT:
		sx_buf_adds(b, "_total");
		break;
	case SX_CT_TIME:
		sx_buf_adds(b, "_seconds");
		break;
	case SX_CT_RATIO:
		sx_buf_adds(b, "_ratio");
		break;
	case SX_CT_TEXT:
	case SX_CT_NUMBER:
		break;
	}
}

struct sx_prom *
sx_prom_new(const struct sx_colset *cols, int summary)
{
	struct sx_prom *p = sx_calloc(1, sizeof(*p));
	size_t i;

	p->cols = cols;
	p->summary = summary;
	p->samples = sx_calloc(cols->n + 1, sizeof(*p->samples));
	for (i = 0; i < cols->n; i++)
		if (is_info(cols->col[i]))
			p->has_info = 1;
	return p;
}

/* name{file="...",stream="N" into b (the caller closes the brace). */
static void
sample_start(const struct sx_prom *p, struct sx_buf *b, const char *name,
    const struct sx_row *row)
{
	sx_buf_adds(b, name);
	sx_buf_adds(b, "{file=\"");
	sx_escape_prom(b, row->file, strlen(row->file));
	sx_buf_addc(b, '"');
	if (!p->summary)
		sx_buf_printf(b, ",stream=\"%zu\"", row->stream);
}

void
sx_prom_row(struct sx_prom *p, const struct sx_row *row)
{
	struct sx_buf name = { 0 }, *b;
	struct sx_value v;
	char tmp[64];
	size_t i;

	for (i = 0; i < p->cols->n; i++) {
		const struct sx_column *c = p->cols->col[i];

		if (is_label(c))
			continue;
		sx_column_value(c, row, &v);
		if (v.null)
			continue;
		sx_buf_reset(&name);
		sx_prom_name(c, p->summary, &name);
		b = &p->samples[i];
		sample_start(p, b, sx_buf_cstr(&name), row);
		sx_buf_adds(b, "} ");
		switch (c->type) {
		case SX_CT_TIME:
			sx_format_seconds(tmp, sizeof(tmp), v.ns);
			sx_buf_adds(b, tmp);
			break;
		case SX_CT_RATIO:
			sx_buf_printf(b, "%.6f", v.ratio);
			break;
		case SX_CT_TEXT:
		case SX_CT_COUNT:
		case SX_CT_NUMBER:
			sx_buf_printf(b, "%" PRIu64, v.count);
			break;
		}
		sx_buf_addc(b, '\n');
	}
	if (!p->has_info)
		goto out;
	b = &p->samples[p->cols->n];
	sample_start(p, b, p->summary ? "streamxpert_capture_info" :
	    "streamxpert_stream_info", row);
	for (i = 0; i < p->cols->n; i++) {
		const struct sx_column *c = p->cols->col[i];

		if (!is_info(c))
			continue;
		sx_column_value(c, row, &v);
		sx_buf_printf(b, ",%s=\"", c->name);
		if (!v.null)
			sx_escape_prom(b, v.str, strlen(v.str));
		sx_buf_addc(b, '"');
	}
	sx_buf_adds(b, "} 1\n");
out:
	sx_buf_free(&name);
}

/* HELP text: backslash and newline escaped. */
static void
help_text(struct sx_buf *b, const char *s)
{
	for (; *s; s++) {
		if (*s == '\\')
			sx_buf_adds(b, "\\\\");
		else if (*s == '\n')
			sx_buf_adds(b, "\\n");
		else
			sx_buf_addc(b, *s);
	}
}

int
sx_prom_family(const struct sx_prom *p, size_t i, struct sx_buf *b)
{
	const struct sx_buf *s;
	struct sx_buf name = { 0 };
	const struct sx_column *c;
	const char *type;
	size_t j;

	if (i > p->cols->n)
		return 0;
	s = &p->samples[i];
	if (s->len == 0)
		return 1;
	if (i == p->cols->n) {
		sx_buf_adds(&name, p->summary ? "streamxpert_capture_info" :
		    "streamxpert_stream_info");
		sx_buf_printf(b, "# HELP %s The %s's text columns as labels:",
		    sx_buf_cstr(&name), p->summary ? "capture" : "stream");
		for (j = 0; j < p->cols->n; j++) {
			c = p->cols->col[j];
			if (is_info(c))
				sx_buf_printf(b, " %s", c->name);
		}
		sx_buf_addc(b, '\n');
		type = "gauge";
	} else {
		c = p->cols->col[i];
		sx_prom_name(c, p->summary, &name);
		sx_buf_printf(b, "# HELP %s ", sx_buf_cstr(&name));
		help_text(b, c->help);
		sx_buf_addc(b, '\n');
		type = c->type == SX_CT_COUNT ? "counter" : "gauge";
	}
	sx_buf_printf(b, "# TYPE %s %s\n", sx_buf_cstr(&name), type);
	sx_buf_add(b, s->data, s->len);
	sx_buf_free(&name);
	return 1;
}

void
sx_prom_free(struct sx_prom *p)
{
	size_t i;

	if (p == NULL)
		return;
	for (i = 0; i <= p->cols->n; i++)
		sx_buf_free(&p->samples[i]);
	free(p->samples);
	free(p);
}
