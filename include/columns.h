/* columns.h - the report's selections of columns: the -e lists, their
 * groups, the default selection. The columns themselves are the rows of
 * the catalogue (catalogue.h); what they print is values.h. */
#ifndef SX_COLUMNS_H
#define SX_COLUMNS_H

#include <stddef.h>

#include "catalogue.h"
#include "summary.h"
#include "values.h"

/* A selection of columns, in output order. */
struct sx_colset {
	const struct sx_column **col;
	size_t n;
};

/* Whether any column of a selection needs the payload (see
 * sx_column.needs_payload; sx_fieldset_needs_payload says the same of
 * the fields asked for). */
int sx_colset_needs_payload(const struct sx_colset *set);

/* Is name one of sx_colset_parse's groups? */
int sx_column_is_group(const char *name);

/* Parse a --columns list and append to set: column names and the groups
 * "all" (every column), "default", "flags" (the 15 flags), "fwd" and
 * "rev" (every column of that direction) and the statistics' "transfer",
 * "window", "options", "timing", "app" and "limits", separated by commas. Returns
 * 0, or -1 with a message in err. */
int sx_colset_parse(struct sx_colset *set, const char *list, char *err,
    size_t errsize);

/* Split a comma-separated list and call fn with each name (at most 63
 * characters; none empty) and ctx. Returns 0, or -1 with a message in
 * err: fn's (it returns 0 or -1), or about the list itself. */
int sx_colset_each(const char *list, int (*fn)(void *ctx, const char *name,
    char *err, size_t errsize), void *ctx, char *err, size_t errsize);

/* The default selection (the columns of the original Lua tap plus the
 * endpoints). */
void sx_colset_default(struct sx_colset *set);

/* Put the file column first unless it is already selected. */
void sx_colset_want_file(struct sx_colset *set);

void sx_colset_free(struct sx_colset *set);

#endif
