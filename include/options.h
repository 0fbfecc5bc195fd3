/* options.h - parsers of option arguments, kept out of main.c so that the
 * unit tests and the fuzz targets (tests/fuzz/) can call them. Each one
 * returns 0, or -1 with a message for the user in err (without the
 * program name) and nothing stored. */
#ifndef SX_OPTIONS_H
#define SX_OPTIONS_H

#include <stddef.h>

#include "columns.h"

/* --sort COLUMN[:asc|:desc]: the column, and whether largest comes first
 * (by default counts, times and rates sort worst, that is largest,
 * first; text and the stream number ascending). */
int sx_sort_parse(const char *arg, const struct sx_column **col, int *desc,
    char *err, size_t errsize);

/* --top N: a number above 0. */
int sx_top_parse(const char *arg, size_t *top, char *err, size_t errsize);

#endif
