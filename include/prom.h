/* prom.h - the report in the Prometheus text exposition format (-T
 * prometheus), for node_exporter's textfile collector.
 *
 * Prometheus wants a bounded set of series whose counters only grow, so
 * the report is not one series per stream or per capture file: the rows
 * are captures (-T prometheus implies --summary) summed up per label
 * set. The label set is none (--prom-labels none, the default), the
 * capture's directory (dir: dir="/abs/dir") or the machine's host name
 * (host: host="name"). For each selected count column NAME:
 *
 *   streamxpert_NAME_total              counter: the sum over every
 *                                       capture analysed
 *   streamxpert_last_capture_NAME       gauge: the latest capture's
 *
 * other numbers only as streamxpert_last_capture_NAME (times with the
 * suffix _seconds, rates _ratio; an absent value is NaN, so the series
 * stays). Besides: streamxpert_captures_total, _partial_total and
 * _failed_total (captures read, damaged, unreadable),
 * streamxpert_last_capture_timestamp_seconds (the latest capture's
 * modification time: "latest" is by that time) and, without labels,
 * streamxpert_last_run_timestamp_seconds. Text columns, the worst
 * stream's number and addresses are no metrics (an identity as a label
 * value would make a new series for every capture).
 *
 * With --state the series of earlier runs come in (sx_prom_carry) and
 * the complete set goes back out (sx_prom_series): counters add up
 * across runs, a label set not seen in this run keeps its values. */
#ifndef SX_PROM_H
#define SX_PROM_H

#include <stddef.h>

#include "columns.h"
#include "state.h"
#include "util.h"

/* --prom-labels */
enum sx_prom_labels {
	SX_PROM_LABELS_NONE,
	SX_PROM_LABELS_DIR,
	SX_PROM_LABELS_HOST
};

/* "none", "dir" or "host"; 0, or -1 when s is none of them. */
int sx_prom_labels_parse(const char *s, int *labels);

struct sx_prom;

/* A writer for the summary columns cols (which must outlive it), label
 * sets as labels says. The caller frees it with sx_prom_free. */
struct sx_prom *sx_prom_new(const struct sx_colset *cols, int labels);

/* The series an earlier run left (key name{labels}, value text):
 * before the first row. Series of families this writer does not have
 * are dropped. */
void sx_prom_carry(struct sx_prom *p, const struct sx_metric_list *l);

/* Add one capture (a summary row). */
void sx_prom_row(struct sx_prom *p, const struct sx_row *row);

/* Append family number i (its HELP and TYPE lines and its samples) to
 * b; returns 0 when there is no family i (i counts from 0), else 1. */
int sx_prom_family(struct sx_prom *p, size_t i, struct sx_buf *b);

/* Every series written, for the state (added to l). */
void sx_prom_series(struct sx_prom *p, struct sx_metric_list *l);

void sx_prom_free(struct sx_prom *p);

#endif
