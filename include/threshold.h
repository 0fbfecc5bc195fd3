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

struct sx_threshold {
	const struct sx_column *col;
	enum sx_cmp op;
	double value;       /* counts and rates */
	int64_t ns;         /* times: the value in nanoseconds */
	char text[96];      /* as written, normalised: "retransmission>10" */
};

/* Parse "COLUMN OP NUMBER" (blanks allowed around OP). The column is a
 * numeric column of the stream report (summary = 0) or of the summary
 * (summary = 1). NUMBER is a decimal number, with an optional '%' that
 * divides it by 100 (retrans_rate>2%); times are in seconds. Returns 0,
 * or -1 with a one-line reason in err. */
int sx_threshold_parse(const char *s, int summary, struct sx_threshold *t,
    char *err, size_t errsize);

/* Whether value v of t's column crosses t. Absent values never do. */
int sx_threshold_crossed(const struct sx_threshold *t,
    const struct sx_value *v);

#endif
