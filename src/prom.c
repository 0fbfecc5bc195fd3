/* prom.c - the Prometheus text exposition format: captures summed up
 * per label set, counters kept across runs (prom.h). */
#include "prom.h"

#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"

/* The families that come from no column. */
enum {
	FAM_CAPTURES,
	FAM_PARTIAL,
	FAM_FAILED,
	FAM_LAST_TIME,
	FAM_LAST_RUN,
	FAM_FIXED
};

static const struct {
	const char *name, *help;
	int counter;
} fixed[FAM_FIXED] = {
	{ "streamxpert_captures_total", "Captures analysed (every "
	    "status).", 1 },
	{ "streamxpert_captures_partial_total", "Captures that were damaged "
	    "(read in part).", 1 },
	{ "streamxpert_captures_failed_total", "Attempts at captures that "
	    "could not be read at all (tried again by the next run).", 1 },
	{ "streamxpert_last_capture_timestamp_seconds", "Modification time "
	    "of the latest capture read (the last_capture gauges are "
	    "its).", 0 },
	{ "streamxpert_last_run_timestamp_seconds", "When streamxpert last "
	    "wrote this report.", 0 },
};

struct family {
	char *name;
	const char *help;             /* fixed families */
	const struct sx_column *col;  /* the others */
	int counter;
};

struct labelset {
	char *labels;          /* dir="..." or "" */
	int has_last;
	int64_t last_ns;       /* the latest capture's time */
	uint64_t *count;       /* per family (counters) */
	char **gauge;          /* per family: text, or NULL (NaN) */
};

struct sx_prom {
	struct family *fam;
	size_t nfam;
	struct labelset *ls;
	size_t nls;
	int labels;
	int64_t run_ns;
	char host[256];
};

int
sx_prom_labels_parse(const char *s, int *labels)
{
	static const char *const names[] = { "none", "dir", "host" };
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(names); i++)
		if (strcmp(s, names[i]) == 0) {
			*labels = (int)i;
			return 0;
		}
	return -1;
}

static void
add_family(struct sx_prom *p, const char *name, const char *help,
    const struct sx_column *c, int counter)
{
	struct family *f = &p->fam[p->nfam++];

	f->name = sx_strdup(name);
	f->help = help;
	f->col = c;
	f->counter = counter;
}

/* The families of column c, if it makes any. */
static void
column_families(struct sx_prom *p, const struct sx_column *c)
{
	struct sx_buf b = { 0 };

	if (c->type == SX_CT_TEXT || c->metric == SX_M_SUM_WORST_STREAM)
		return;
	if (c->type == SX_CT_COUNT) {
		sx_buf_printf(&b, "streamxpert_%s_total", c->name);
		add_family(p, sx_buf_cstr(&b), NULL, c, 1);
		sx_buf_reset(&b);
	}
	sx_buf_printf(&b, "streamxpert_last_capture_%s%s", c->name,
	    c->type == SX_CT_TIME ? "_seconds" : c->type == SX_CT_RATIO ?
	    "_ratio" : "");
	add_family(p, sx_buf_cstr(&b), NULL, c, 0);
	sx_buf_free(&b);
}

struct sx_prom *
sx_prom_new(const struct sx_colset *cols, int labels)
{
	struct sx_prom *p = sx_calloc(1, sizeof(*p));
	struct timespec ts;
	size_t i;

	p->labels = labels;
	p->fam = sx_calloc(FAM_FIXED + 2 * cols->n, sizeof(*p->fam));
	for (i = 0; i < FAM_FIXED; i++)
		add_family(p, fixed[i].name, fixed[i].help, NULL,
		    fixed[i].counter);
	for (i = 0; i < cols->n; i++)
		column_families(p, cols->col[i]);
	if (clock_gettime(CLOCK_REALTIME, &ts) == 0)
		p->run_ns = (int64_t)ts.tv_sec * 1000000000 + ts.tv_nsec;
	if (gethostname(p->host, sizeof(p->host) - 1) != 0)
		strcpy(p->host, "unknown");
	return p;
}

static struct labelset *
labelset(struct sx_prom *p, const char *labels)
{
	struct labelset *l;
	size_t i;

	for (i = 0; i < p->nls; i++)
		if (strcmp(p->ls[i].labels, labels) == 0)
			return &p->ls[i];
	p->ls = sx_reallocarray(p->ls, p->nls + 1, sizeof(*p->ls));
	l = &p->ls[p->nls++];
	memset(l, 0, sizeof(*l));
	l->labels = sx_strdup(labels);
	l->count = sx_calloc(p->nfam, sizeof(*l->count));
	l->gauge = sx_calloc(p->nfam, sizeof(*l->gauge));
	return l;
}

static void
set_gauge(struct labelset *l, size_t f, const char *text)
{
	free(l->gauge[f]);
	l->gauge[f] = text ? sx_strdup(text) : NULL;
}

void
sx_prom_carry(struct sx_prom *p, const struct sx_metric_list *m)
{
	struct sx_buf name = { 0 }, labels = { 0 };
	struct labelset *l;
	size_t i, f, klen;
	const char *brace;
	uint64_t v;

	for (i = 0; i < m->n; i++) {
		const char *key = m->v[i].key, *val = m->v[i].value;

		brace = strchr(key, '{');
		klen = strlen(key);
		sx_buf_reset(&name);
		sx_buf_reset(&labels);
		sx_buf_add(&name, key, brace ? (size_t)(brace - key) : klen);
		if (brace && klen > (size_t)(brace - key) + 1)
			sx_buf_add(&labels, brace + 1, klen -
			    (size_t)(brace - key) - 2);
		for (f = 0; f < p->nfam; f++)
			if (strcmp(p->fam[f].name, sx_buf_cstr(&name)) == 0)
				break;
		if (f == p->nfam || f == FAM_LAST_RUN)
			continue;
		l = labelset(p, sx_buf_cstr(&labels));
		if (p->fam[f].counter) {
			if (sx_parse_u64(val, strlen(val), UINT64_MAX, &v) == 0)
				l->count[f] += v;
		} else if (f == FAM_LAST_TIME) {
			l->has_last = sx_parse_time_ns(val, strlen(val),
			    &l->last_ns) == 0;
		} else {
			set_gauge(l, f, strcmp(val, "NaN") ? val : NULL);
		}
	}
	sx_buf_free(&name);
	sx_buf_free(&labels);
}

/* The label set of a capture, into b: dir is the directory as an
 * absolute path (as the capture was named: no symbolic link is
 * resolved). */
static void
row_labels(const struct sx_prom *p, const char *file, struct sx_buf *b)
{
	const char *slash;
	struct sx_buf d = { 0 };
	char cwd[4096];

	if (p->labels == SX_PROM_LABELS_HOST) {
		sx_buf_adds(b, "host=\"");
		sx_escape_prom(b, p->host, strlen(p->host));
		sx_buf_addc(b, '"');
		return;
	}
	if (p->labels != SX_PROM_LABELS_DIR)
		return;
	slash = strrchr(file, '/');
	if (file[0] != '/' && strcmp(file, "-") != 0 &&
	    getcwd(cwd, sizeof(cwd)) != NULL)
		sx_buf_adds(&d, cwd);
	if (slash != NULL && slash != file && file[0] != '/')
		sx_buf_addc(&d, '/');
	if (slash != NULL)
		sx_buf_add(&d, file, slash == file ? 1 :
		    (size_t)(slash - file));
	else if (strcmp(file, "-") == 0)
		sx_buf_adds(&d, "-");
	sx_buf_adds(b, "dir=\"");
	sx_escape_prom(b, sx_buf_cstr(&d), d.len);
	sx_buf_addc(b, '"');
	sx_buf_free(&d);
}

/* A value as the exposition writes it; NULL when absent. */
static const char *
value_text(const struct sx_column *c, const struct sx_row *row, char *tmp,
    size_t size)
{
	struct sx_value v;

	sx_column_value(c, row, &v);
	if (v.null)
		return NULL;
	if (c->type == SX_CT_TIME)
		sx_format_seconds(tmp, size, v.ns);
	else if (c->type == SX_CT_RATIO)
		snprintf(tmp, size, "%.6f", v.ratio);
	else
		snprintf(tmp, size, "%" PRIu64, v.count);
	return tmp;
}

/* The capture's time: its modification time (standard input and a
 * live capture: now). */
static int64_t
capture_ns(const struct sx_prom *p, const char *file)
{
	struct stat st;

	if (strcmp(file, "-") == 0 || stat(file, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return p->run_ns;
	return (int64_t)st.st_mtim.tv_sec * 1000000000 + st.st_mtim.tv_nsec;
}

void
sx_prom_row(struct sx_prom *p, const struct sx_row *row)
{
	struct sx_buf b = { 0 };
	struct labelset *l;
	const char *status = row->sum->status;
	struct sx_value v;
	char tmp[64];
	int64_t t;
	size_t f;

	row_labels(p, row->file, &b);
	l = labelset(p, sx_buf_cstr(&b));
	sx_buf_free(&b);
	l->count[FAM_CAPTURES]++;
	l->count[FAM_PARTIAL] += strcmp(status, "partial") == 0;
	l->count[FAM_FAILED] += strcmp(status, "failed") == 0;
	for (f = FAM_FIXED; f < p->nfam; f++)
		if (p->fam[f].counter) {
			sx_column_value(p->fam[f].col, row, &v);
			l->count[f] += v.count;
		}
	if (strcmp(status, "failed") == 0)
		return;
	t = capture_ns(p, row->file);
	if (l->has_last && t < l->last_ns)
		return;   /* an older capture than the latest one */
	l->has_last = 1;
	l->last_ns = t;
	for (f = FAM_FIXED; f < p->nfam; f++)
		if (!p->fam[f].counter)
			set_gauge(l, f, value_text(p->fam[f].col, row, tmp,
			    sizeof(tmp)));
}

static int
cmp_labelset(const void *a, const void *b)
{
	return strcmp(((const struct labelset *)a)->labels,
	    ((const struct labelset *)b)->labels);
}

/* Series i of family f in label set l as "name{labels} value", or
 * nothing when it has no sample. */
static void
sample(const struct sx_prom *p, size_t f, const struct labelset *l,
    struct sx_buf *key, struct sx_buf *val)
{
	char tmp[64];

	sx_buf_reset(key);
	sx_buf_reset(val);
	sx_buf_adds(key, p->fam[f].name);
	if (*l->labels)
		sx_buf_printf(key, "{%s}", l->labels);
	if (p->fam[f].counter) {
		sx_buf_printf(val, "%" PRIu64, l->count[f]);
	} else if (f == FAM_LAST_TIME) {
		if (!l->has_last)
			return;
		sx_format_seconds(tmp, sizeof(tmp), l->last_ns);
		sx_buf_adds(val, tmp);
	} else if (l->has_last) {
		sx_buf_adds(val, l->gauge[f] ? l->gauge[f] : "NaN");
	}
}

/* Every series of family f: fn(key, value) for each. */
static void
each_series(struct sx_prom *p, size_t f,
    void (*fn)(const char *, const char *, void *), void *ctx)
{
	struct sx_buf key = { 0 }, val = { 0 };
	char tmp[64];
	size_t i;

	if (f == FAM_LAST_RUN) {
		sx_format_seconds(tmp, sizeof(tmp), p->run_ns);
		fn(p->fam[f].name, tmp, ctx);
		return;
	}
	if (p->nls > 1)
		qsort(p->ls, p->nls, sizeof(*p->ls), cmp_labelset);
	for (i = 0; i < p->nls; i++) {
		sample(p, f, &p->ls[i], &key, &val);
		if (val.len)
			fn(sx_buf_cstr(&key), sx_buf_cstr(&val), ctx);
	}
	sx_buf_free(&key);
	sx_buf_free(&val);
}

static void
put_sample(const char *key, const char *value, void *ctx)
{
	sx_buf_printf(ctx, "%s %s\n", key, value);
}

static void
put_series(const char *key, const char *value, void *ctx)
{
	sx_metric_add(ctx, key, value);
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
sx_prom_family(struct sx_prom *p, size_t i, struct sx_buf *b)
{
	const struct family *f;

	if (i >= p->nfam)
		return 0;
	f = &p->fam[i];
	sx_buf_printf(b, "# HELP %s ", f->name);
	if (f->help)
		help_text(b, f->help);
	else {
		sx_buf_adds(b, f->counter ? "Sum over the captures analysed "
		    "(across runs with --state) of: " : "The latest "
		    "capture's: ");
		help_text(b, f->col->help);
	}
	sx_buf_printf(b, "\n# TYPE %s %s\n", f->name, f->counter ? "counter" :
	    "gauge");
	each_series(p, i, put_sample, b);
	return 1;
}

void
sx_prom_series(struct sx_prom *p, struct sx_metric_list *l)
{
	size_t f;

	for (f = 0; f < p->nfam; f++)
		each_series(p, f, put_series, l);
}

void
sx_prom_free(struct sx_prom *p)
{
	size_t i, f;

	if (p == NULL)
		return;
	for (i = 0; i < p->nls; i++) {
		for (f = 0; f < p->nfam; f++)
			free(p->ls[i].gauge[f]);
		free(p->ls[i].gauge);
		free(p->ls[i].count);
		free(p->ls[i].labels);
	}
	for (f = 0; f < p->nfam; f++)
		free(p->fam[f].name);
	free(p->ls);
	free(p->fam);
	free(p);
}
