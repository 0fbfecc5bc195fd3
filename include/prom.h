/* prom.h - the report in the Prometheus text exposition format (-T
 * prometheus), for node_exporter's textfile collector.
 *
 * Every selected column but file and stream is a metric family named
 * streamxpert_stream_NAME (per stream; labels file and stream) or
 * streamxpert_capture_NAME (with --summary; label file): counts are
 * counters with the suffix _total, times gauges in seconds (_seconds),
 * rates gauges with the suffix _ratio, other numbers plain gauges. The
 * text columns (src, dst, state, status, ...) become the labels of one
 * gauge, streamxpert_stream_info or streamxpert_capture_info, whose
 * value is 1. An absent value (no RTT sample, no data) is no sample.
 *
 * The format wants each family's samples together, so they are kept in
 * memory until the end (as the table keeps its cells). */
#ifndef SX_PROM_H
#define SX_PROM_H

#include <stddef.h>

#include "columns.h"
#include "util.h"

struct sx_prom;

/* A writer for the columns cols (which must outlive it); summary:
 * rows are captures, not streams. The caller frees it with
 * sx_prom_free. */
struct sx_prom *sx_prom_new(const struct sx_colset *cols, int summary);

/* Add one row's samples. */
void sx_prom_row(struct sx_prom *p, const struct sx_row *row);

/* Append family number i (its HELP and TYPE lines and its samples) to
 * b, nothing when it has no sample; returns 0 when there is no family
 * i (i counts from 0), else 1. */
int sx_prom_family(const struct sx_prom *p, size_t i, struct sx_buf *b);

/* The metric name column c gets (without labels) into b. */
void sx_prom_name(const struct sx_column *c, int summary, struct sx_buf *b);

void sx_prom_free(struct sx_prom *p);

#endif
