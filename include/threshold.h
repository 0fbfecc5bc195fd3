/* threshold.h - alert thresholds (--fail-if COLUMN OP NUMBER). */
#ifndef SX_THRESHOLD_H
#define SX_THRESHOLD_H

#include <stddef.h>
#include <stdint.h>

#include "columns.h"

enum sx_cmp {
	SX_CMP_GT,   /* > */
	SX_CMP_GE,   /* >= */
	SX_CMP_LT,   /* < */
	SX_CMP_LE,   /* <= */
	SX_CMP_EQ,   /* == or = */
	SX_CMP_NE    /* != */
};

/* One comparison: COLUMN OP NUMBER. */
struct sx_cond {
	const struct sx_column *col;
	enum sx_cmp op;
	double value;       /* counts and rates */
	int64_t ns;         /* times: the value in nanoseconds */
};

#define SX_COND_MAX 8

/* A condition of --fail-if or --where: comparisons joined by &&, all
 * of which must hold. */
struct sx_threshold {
	struct sx_cond cond[SX_COND_MAX];
	size_t n;
	char text[256];     /* as written, normalised, with the columns'
	                     * own names: "retrans_rate>2%&&frames>=100" */
};

/* Parse "COLUMN OP NUMBER [&& COLUMN OP NUMBER]..." (blanks allowed
 * around OP and &&) for option opt ("--fail-if", "--where": it names
 * the option in messages). COLUMN is a numeric column of the stream
 * report (summary = 0) or of the summary (summary = 1), by name or
 * table header. NUMBER is a decimal number, with an optional '%' that
 * divides it by 100 (retrans_rate>2%); times are in seconds. Returns 0,
 * or -1 with a one-line reason in err. */
int sx_condition_parse(const char *opt, const char *s, int summary,
    struct sx_threshold *t, char *err, size_t errsize);

/* sx_condition_parse for --fail-if. */
int sx_threshold_parse(const char *s, int summary, struct sx_threshold *t,
    char *err, size_t errsize);

/* Whether value v of c's column satisfies c. Absent values never do. */
int sx_cond_holds(const struct sx_cond *c, const struct sx_value *v);

/* Whether row r satisfies every comparison of t. */
int sx_threshold_holds(const struct sx_threshold *t, const struct sx_row *r);

#endif
