/* names.c - column names and headers as the user writes them, and the
 * closest ones for a name that is neither. */
#include "names.h"

#include <stdio.h>
#include <string.h>

#include "util.h"

static const struct sx_column *
list_of(int summary, size_t *n)
{
	return summary ? sx_summary_columns(n) : sx_columns(n);
}

const struct sx_column *
sx_name_column(const char *name, int summary)
{
	size_t i, n;
	const struct sx_column *c = list_of(summary, &n);

	for (i = 0; i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return &c[i];
	for (i = 0; i < n; i++)   /* no header is another column's name */
		if (strcmp(c[i].head, name) == 0)
			return &c[i];
	return NULL;
}

/* How far a name may be from what was written to be suggested. */
static size_t
tolerance(const char *name)
{
	size_t n = strlen(name);

	return n <= 4 ? 1 : n <= 8 ? 2 : 3;
}

/* Up to three closest names or headers, at the smallest distance. */
static size_t
closest(const char *name, int summary, const char *pick[3])
{
	size_t i, n, k = 0, best = tolerance(name) + 1;
	const struct sx_column *c = list_of(summary, &n);

	for (i = 0; i < n; i++) {
		size_t dn = sx_edit_distance(name, c[i].name);
		size_t dh = sx_edit_distance(name, c[i].head);
		size_t d = dh < dn ? dh : dn;
		const char *s = dh < dn ? c[i].head : c[i].name;

		if (d > best)
			continue;
		if (d < best) {
			best = d;
			k = 0;
		}
		if (k < 3)
			pick[k++] = s;
	}
	return k;
}

void
sx_name_suggest(const char *name, int summary, char *buf, size_t size)
{
	const char *pick[3];
	size_t k;

	buf[0] = '\0';
	if (sx_name_column(name, !summary) != NULL) {
		snprintf(buf, size, "it is %s --summary column",
		    summary ? "not a" : "a");
		return;
	}
	k = closest(name, summary, pick);
	if (k == 1)
		snprintf(buf, size, "did you mean %s?", pick[0]);
	else if (k == 2)
		snprintf(buf, size, "did you mean %s or %s?", pick[0],
		    pick[1]);
	else if (k == 3)
		snprintf(buf, size, "did you mean %s, %s or %s?", pick[0],
		    pick[1], pick[2]);
}

static void
colset_add(struct sx_colset *set, const struct sx_column *c)
{
	set->col = sx_reallocarray(set->col, set->n + 1, sizeof(*set->col));
	set->col[set->n++] = c;
}

void
sx_summary_colset_default(struct sx_colset *set)
{
	size_t i, n;
	const struct sx_column *c = sx_summary_columns(&n);

	for (i = 0; i < n; i++)   /* the catalogue's A_DEFAULT rows */
		if (c[i].in_default)
			colset_add(set, &c[i]);
}

void
sx_name_unknown(const char *name, int summary, const char *what,
    char *err, size_t errsize)
{
	char hint[160];

	sx_name_suggest(name, summary, hint, sizeof(hint));
	snprintf(err, errsize, "unknown %scolumn '%s'%s%s%s (--list-columns%s "
	    "shows them all)", summary ? "summary " : "", name, what,
	    hint[0] ? ": " : "", hint, summary ? " --summary" : "");
}

/* What add_name adds to. */
struct adding {
	struct sx_colset *set;
	int summary;
};

/* One name or group of an -e list. */
static int
add_name(void *ctx, const char *name, char *err, size_t errsize)
{
	struct adding *a = ctx;
	size_t i, n;
	const struct sx_column *c;

	if (!a->summary && sx_column_is_group(name))
		return sx_colset_parse(a->set, name, err, errsize);
	if (a->summary && strcmp(name, "default") == 0) {
		sx_summary_colset_default(a->set);
		return 0;
	}
	if (a->summary && strcmp(name, "all") == 0) {
		c = sx_summary_columns(&n);
		for (i = 0; i < n; i++)
			colset_add(a->set, &c[i]);
		return 0;
	}
	c = sx_name_column(name, a->summary);
	if (c == NULL) {
		sx_name_unknown(name, a->summary, "", err, errsize);
		return -1;
	}
	colset_add(a->set, c);
	return 0;
}

int
sx_names_colset_parse(struct sx_colset *set, const char *list,
    int summary, char *err, size_t errsize)
{
	struct adding a;

	a.set = set;
	a.summary = summary;
	return sx_colset_each(list, add_name, &a, err, errsize);
}
