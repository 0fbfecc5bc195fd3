/* columns.h - the report's columns: names, meanings, and their values. */
#ifndef SX_COLUMNS_H
#define SX_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "streams.h"

/* What a column holds. */
enum sx_col_type {
	SX_CT_TEXT,    /* a string */
	SX_CT_COUNT,   /* an unsigned integer */
	SX_CT_TIME,    /* seconds, may be absent (null) */
	SX_CT_RATIO    /* a fraction, may be absent (null) */
};

/* What a column measures. */
enum sx_col_what {
	SX_CW_FILE,
	SX_CW_STREAM,
	SX_CW_SRC,
	SX_CW_DST,
	SX_CW_FRAMES,
	SX_CW_BYTES,
	SX_CW_START,
	SX_CW_DURATION,
	SX_CW_FLAG,        /* one of the 15 analysis flags: see flag */
	SX_CW_RST,
	SX_CW_RTT_MIN,
	SX_CW_RTT_AVG,
	SX_CW_RTT_MAX,
	SX_CW_IRTT
};

struct sx_column {
	const char *name;      /* as in TSV/CSV headers and JSON keys */
	const char *head;      /* table header (may abbreviate) */
	const char *help;      /* one-line meaning */
	enum sx_col_type type;
	enum sx_col_what what;
	int flag;              /* for SX_CW_FLAG: an sx_flag */
};

/* Every column, in canonical order. */
extern const struct sx_column sx_columns[];
extern const size_t sx_ncolumns;

/* A selection of columns, in output order. */
struct sx_colset {
	const struct sx_column **col;
	size_t n;
};

/* Look up a column by name; NULL if there is none. */
const struct sx_column *sx_column_find(const char *name);

/* Parse a --columns list ("stream,src,retransmission", "all", "default",
 * or several of these separated by commas) and append to set. Returns 0,
 * or -1 with a message in err. */
int sx_colset_parse(struct sx_colset *set, const char *list, char *err,
    size_t errsize);

/* The default selection (the columns of the original Lua tap plus the
 * endpoints). */
void sx_colset_default(struct sx_colset *set);

/* Put the file column first unless it is already selected. */
void sx_colset_want_file(struct sx_colset *set);

void sx_colset_free(struct sx_colset *set);

/* One stream as the writers see it. */
struct sx_row {
	const char *file;
	size_t stream;
	const struct sx_stream *st;
	const struct sx_ext *ext;
};

/* A column's value for a row. */
struct sx_value {
	int null;            /* absent (no RTT sample, ...) */
	uint64_t count;      /* SX_CT_COUNT */
	int64_t ns;          /* SX_CT_TIME */
	double ratio;        /* SX_CT_RATIO */
	char text[64];       /* SX_CT_TEXT, except the file name */
	const char *str;     /* SX_CT_TEXT: the string to print */
};

void sx_column_value(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v);

/* Format an endpoint as "addr:port" or "[addr]:port" (buf >= 64). */
void sx_format_endpoint(const struct sx_endpoint *ep, char *buf,
    size_t size);

#endif
