/* delivery.h - where a finished report goes, exactly once: --settle,
 * --state and -o/--output (what a cron job over a capture directory
 * needs), tied to main.c by a few hooks.
 *
 * When a capture counts as reported (and is written to the state):
 * - with -o FILE: when FILE is renamed into place. Before the rename the
 *   state is saved with the run's captures pending on that very file
 *   (its device and inode), so a run killed between the two is settled
 *   by the next: reported exactly once.
 * - on stdout in TSV, CSV or NDJSON: one capture at a time, in input
 *   order (whatever -j finishes first), right after its rows were
 *   written, flushed and, for a regular file, fsync'ed. A run killed
 *   between a capture's rows and the save reports that capture again
 *   next time: at least once, never lost.
 * - on stdout as a table, JSON or Prometheus text (written whole at the
 *   end): all of them once the report is written and flushed.
 * Captures that could not be read at all (failed) are not recorded, so
 * they are tried again; partial ones are (their rows were written). */
#ifndef SX_DELIVERY_H
#define SX_DELIVERY_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "exitcode.h"
#include "inputs.h"
#include "outfile.h"
#include "report.h"
#include "state.h"

/* --settle's default for files found in directories, in seconds. */
#define SX_SETTLE_DEFAULT 60

struct sx_delivery {
	/* options */
	int64_t settle_ns;       /* -1: SX_SETTLE_DEFAULT */
	const char *state_path;  /* --state, or NULL */
	const char *output;      /* -o, or NULL */
	/* private */
	int quiet;
	int have_state;
	struct sx_state st;
	int have_out;
	struct sx_outfile out;
	struct sx_capid *ids;    /* per input, when tracked */
	char **paths;            /* per input: absolute path, or NULL */
	size_t n;
	int per_capture;         /* save after each capture */
	unsigned char *done;     /* per input: its rows are written */
	size_t skipped;          /* inputs left out: settling, reported */
	int failed;              /* the state could not be saved (said) */
	struct sx_metric_list metrics;  /* -T prometheus: the series to
	                         * keep in the state (report.h) */
};

/* Defaults (before option parsing). */
void sx_delivery_init(struct sx_delivery *c);

/* An option's argument: name is "settle", "state" or "output". Returns
 * 0, or -1 with a message in err. */
int sx_delivery_option(struct sx_delivery *c, const char *name,
    const char *arg, char *err, size_t errsize);

/* --settle in nanoseconds for directory scans. */
int64_t sx_delivery_settle_ns(const struct sx_delivery *c);

/* Before the inputs are looked at: lock and read the state, create the
 * temporary output; *out is where the report goes (stdout, or the
 * temporary file). Returns 0, else the exit status (the message is
 * said). */
int sx_delivery_start(struct sx_delivery *c, enum sx_format fmt, int quiet,
    FILE **out);

/* Leave out of in the captures the state has as reported; remember the
 * identity of the rest. */
void sx_delivery_filter(struct sx_delivery *c, struct sx_inputs *in);

/* Whether captures were left out (settling or reported), so that an
 * empty run is no error. */
int sx_delivery_left_out(const struct sx_delivery *c,
    const struct sx_inputs *in);

/* Input i's rows were written to r (reported: it had some to write;
 * not a failed capture). */
void sx_delivery_done(struct sx_delivery *c, size_t i, int reported,
    struct sx_report *r);

/* The end of a run that was not stopped by a signal: status is the
 * exit status so far, report_ok whether the whole report was written.
 * Puts the output in place (or removes it), saves the state; returns
 * the exit status. */
int sx_delivery_finish(struct sx_delivery *c, int status, int report_ok);

/* A run stopped by a signal: remove the temporary output. */
void sx_delivery_abort(struct sx_delivery *c);

void sx_delivery_free(struct sx_delivery *c);

#endif
