/* units.h - numbers as the table shows them to a person: bit/s with k,
 * M, G; percentages; milliseconds for round-trip times; durations as
 * 1m23s or 2d3h; thousands separators. TSV, CSV, JSON, NDJSON and
 * Prometheus keep the exact numbers (seconds, fractions, bytes per
 * second). Each function writes into buf (at least SX_UNIT_LEN bytes)
 * and returns buf. */
#ifndef SX_UNITS_H
#define SX_UNITS_H

#include <stdint.h>

#include "columns.h"

#define SX_UNIT_LEN 32

/* How the table shows a column's values. */
enum sx_unit {
	SX_U_PLAIN,      /* as in TSV: text, identifiers, bit masks */
	SX_U_COUNT,      /* an integer, with thousands separators:
	                  * 12,345 (from 10,000 on) */
	SX_U_BITRATE,    /* bytes per second shown in bit/s: 950bit/s,
	                  * 971.2kbit/s, 12.3Mbit/s (powers of 1000) */
	SX_U_PERCENT,    /* a fraction shown in percent: 3.76%, 53.7% */
	SX_U_RTT,        /* seconds shown in milliseconds: 0.697ms */
	SX_U_DURATION,   /* seconds: 6.48ms, 1.234s, 1m23s, 5h7m, 2d3h */
	SX_U_AVERAGE     /* a mean of integers: 12.5, 65,489 */
};

/* The unit of column c in the table. */
enum sx_unit sx_column_unit(const struct sx_column *c);

/* 12,345,678 (separators from 10,000 on; 1234 stays 1234). */
char *sx_unit_count(char *buf, uint64_t n);

/* r bytes per second as bit/s. */
char *sx_unit_bitrate(char *buf, double r);

/* A fraction as a percentage: 0%, <0.01%, 3.76%, 53.7%, 100%. */
char *sx_unit_percent(char *buf, double f);

/* Nanoseconds as milliseconds: 0ms, 0.001ms, 6.97ms, 69.7ms, 697ms,
 * 1,234ms (3 significant digits below 100 ms, whole ms above). */
char *sx_unit_ms(char *buf, int64_t ns);

/* Nanoseconds as a duration: milliseconds (sx_unit_ms) below a second,
 * 1.234s below 10 s, 12.35s below a minute, then the two largest units,
 * rounded down to the smaller: 1m23s, 5h7m, 2d3h. */
char *sx_unit_duration(char *buf, int64_t ns);

/* A mean: 9.2 below 100, else a whole number with separators. */
char *sx_unit_average(char *buf, double x);

#endif
