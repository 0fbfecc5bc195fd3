/* names.h - the names a user may give a column (-e, --sort, --where,
 * --fail-if): its name (the TSV and CSV header, the JSON key) or its
 * table header, which abbreviates it ("retrans" for retransmission);
 * and, for a name that is neither, the closest ones ("did you mean"). */
#ifndef SX_NAMES_H
#define SX_NAMES_H

#include <stddef.h>

#include "columns.h"

/* The column called name, or headed name in the table, among the
 * stream report's columns (summary = 0) or the summary's (1); NULL if
 * there is none. */
const struct sx_column *sx_name_column(const char *name, int summary);

/* What to tell the user who wrote name that is no column: "did you mean
 * X?" or "did you mean X or Y?" with the closest names and headers (by
 * edit distance), "it is a --summary column" (or "not a --summary
 * column") when it is one of the other list, or "" when nothing is
 * close. Writes into buf (at least 1 byte). */
void sx_name_suggest(const char *name, int summary, char *buf, size_t size);

/* The message for name that is no column: "unknown column 'NAME'WHAT:
 * did you mean ...? (--list-columns shows them all)" (WHAT: "" or
 * " for --sort"), into err. */
void sx_name_unknown(const char *name, int summary, const char *what,
    char *err, size_t errsize);

/* The summary's default columns: about eight that fit 100 characters. */
void sx_summary_colset_default(struct sx_colset *set);

/* Parse an -e list and append to set, comma-separated: column names or
 * headers and the groups of sx_colset_parse (summary = 0), or summary
 * column names or headers and the groups "default" and "all"
 * (summary = 1). Returns 0, or -1 with a message in err. */
int sx_names_colset_parse(struct sx_colset *set, const char *list,
    int summary, char *err, size_t errsize);

#endif
