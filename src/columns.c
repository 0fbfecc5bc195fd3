/* columns.c - selections of columns: the -e lists and their groups. */
#include "columns.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static void
colset_add(struct sx_colset *set, const struct sx_column *c)
{
	set->col = sx_reallocarray(set->col, set->n + 1, sizeof(*set->col));
	set->col[set->n++] = c;
}

/* What a -e group selects. */
enum group_kind {
	G_GROUP,     /* the columns whose group it is (the statistics') */
	G_DEFAULT,   /* the default selection */
	G_ALL,       /* every column but file */
	G_FLAGS,     /* the 15 flags, for the stream */
	G_FWD,       /* every column of a direction */
	G_REV
};

static const struct {
	const char *name;
	enum group_kind kind;
} groups[] = {
	{ "transfer", G_GROUP }, { "window", G_GROUP },
	{ "options", G_GROUP }, { "timing", G_GROUP }, { "app", G_GROUP },
	{ "limits", G_GROUP },
	{ "default", G_DEFAULT }, { "all", G_ALL }, { "flags", G_FLAGS },
	{ "fwd", G_FWD }, { "rev", G_REV },
};

static int
group_index(const char *name)
{
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(groups); i++)
		if (strcmp(name, groups[i].name) == 0)
			return (int)i;
	return -1;
}

int
sx_column_is_group(const char *name)
{
	return group_index(name) >= 0;
}

/* Whether group g selects column c. */
static int
in_group(int g, const struct sx_column *c)
{
	switch (groups[g].kind) {
	case G_GROUP:
		return strcmp(c->group, groups[g].name) == 0;
	case G_DEFAULT:
		return c->in_default;
	case G_ALL:
		return c->metric != SX_M_FILE;
	case G_FLAGS:
		return c->metric == SX_M_FLAG && c->dir == SX_CD_BOTH;
	case G_FWD:
		return c->dir == SX_CD_FWD;
	case G_REV:
		return c->dir == SX_CD_REV;
	}
	return 0;
}

/* Add the columns of a group; returns 0, or -1 if name is no group. */
static int
add_group(struct sx_colset *set, const char *name)
{
	size_t i, n;
	const struct sx_column *c = sx_columns(&n);
	int g = group_index(name);

	if (g < 0)
		return -1;
	for (i = 0; i < n; i++)
		if (in_group(g, &c[i]))
			colset_add(set, &c[i]);
	return 0;
}

void
sx_colset_default(struct sx_colset *set)
{
	add_group(set, "default");
}

int
sx_colset_each(const char *list, int (*fn)(void *ctx, const char *name,
    char *err, size_t errsize), void *ctx, char *err, size_t errsize)
{
	const char *p = list;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char name[64];

		if (n == 0 || n >= sizeof(name)) {
			snprintf(err, errsize, "bad column list '%.64s'",
			    list);
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		if (fn(ctx, name, err, errsize) != 0)
			return -1;
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

/* One name of an -e list: a group or a column's name. */
static int
add_one(void *set, const char *name, char *err, size_t errsize)
{
	const struct sx_column *c;

	if (add_group(set, name) == 0)
		return 0;
	c = sx_column_find(name);
	if (c == NULL) {
		snprintf(err, errsize, "unknown column '%s' (--list-columns "
		    "shows them all)", name);
		return -1;
	}
	colset_add(set, c);
	return 0;
}

int
sx_colset_parse(struct sx_colset *set, const char *list, char *err,
    size_t errsize)
{
	return sx_colset_each(list, add_one, set, err, errsize);
}

void
sx_colset_want_file(struct sx_colset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->col[i]->metric == SX_M_FILE)
			return;
	colset_add(set, NULL);
	memmove(set->col + 1, set->col, (set->n - 1) * sizeof(*set->col));
	set->col[0] = sx_column_of(SX_M_FILE, 0, SX_CD_BOTH);
}

int
sx_colset_needs_payload(const struct sx_colset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->col[i]->needs_payload)
			return 1;
	return 0;
}

void
sx_colset_free(struct sx_colset *set)
{
	free(set->col);
	set->col = NULL;
	set->n = 0;
}
