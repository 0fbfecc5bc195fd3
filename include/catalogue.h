/* catalogue.h - every column, each one row of one table (catalogue.c):
 * its name, table header, group, meaning (--list-columns), the tshark
 * fields and the accounting its value is made of, how its value is read
 * (its accessor, values.h), its type and sort order, its directions, how
 * -T prometheus and the table show it. Everything else asks the table:
 * the -e lists (columns.h), the fields asked of tshark
 * (sx_column_fields), --list-columns, the JSON types and the
 * Prometheus families (report.c, prom.c).
 *
 * Adding a column: HACKING.md, "Adding a column". */
#ifndef SX_CATALOGUE_H
#define SX_CATALOGUE_H

#include <stddef.h>
#include <stdint.h>

#include "fields.h"
#include "values.h"
#include "verdict.h"

/* Every column of the stream report, in canonical order: the stream's
 * own columns, then the _fwd columns, then the _rev columns. */
const struct sx_column *sx_columns(size_t *n);

/* Look up a column by name; NULL if there is none. */
const struct sx_column *sx_column_find(const char *name);

/* The column of metric m (with flag fl for SX_M_FLAG, else 0) covering
 * d; NULL if there is none. */
const struct sx_column *sx_column_of(enum sx_metric m, int fl,
    enum sx_coldir d);

/* The summary's columns (--summary), in order. */
const struct sx_column *sx_summary_columns(size_t *n);
const struct sx_column *sx_summary_column_find(const char *name);

/* The "alert" column added when thresholds are given. */
const struct sx_column *sx_column_alert(void);

/* Add to fs the tshark fields column c needs: its own fields, those of
 * the accounting it needs (sx_column.needs), those of the columns it is
 * made of. */
void sx_column_fields(const struct sx_column *c, struct sx_fieldset *fs);

/* One number the verdict reads (struct sx_verdict_in): the value of a
 * column, stored at offset off. */
struct sx_verdict_input {
	enum sx_metric metric;
	int flag;
	enum sx_coldir dir;
	size_t off;            /* into struct sx_verdict_in; the column's
	                        * type says the member's: uint64_t (count,
	                        * number; absent is 0), int64_t (time),
	                        * double (ratio; absent is -1) */
	int own_fields;        /* its column's fields are not asked for:
	                        * it is read from the diagnosis' own fields,
	                        * or (--explain's options) from what other
	                        * columns asked for */
	int maybe;             /* a count or number stored as int64_t,
	                        * -1 when absent */
};

/* The verdict's inputs (n of them). */
const struct sx_verdict_input *sx_verdict_inputs(size_t *n);

/* What the verdict and --explain read of row r (a stream). */
void sx_row_verdict_in(const struct sx_row *r, struct sx_verdict_in *in);

/* The findings of row r (sx_verdict over sx_row_verdict_in). */
uint32_t sx_row_findings(const struct sx_row *r);

#endif
