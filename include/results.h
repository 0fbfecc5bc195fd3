/* results.h - the report's side of a run: each job's result (in input
 * order) goes into the report and the tallies; --every's reports so far,
 * the progress line, --stats, and the exit status they add up to. */
#ifndef SX_RESULTS_H
#define SX_RESULTS_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

#include "sched.h"
#include "options.h"
#include "report.h"

/* Tallies kept while results are reported. */
struct sx_results {
	const struct sx_options *opt;
	struct sx_report report;
	size_t ok, partial, failed, done;
	uint64_t frames, streams;
	double last_every;      /* monotonic seconds of the last live report */
	int write_err;          /* errno of a failed --every report, or 0 */
	const char *tshark_version;
	size_t njobs;
	struct sx_delivery *delivery; /* told of each capture reported */
	int left_out;           /* captures left out by --settle or --state */
	size_t analysed;        /* captures read (in part or whole) */
	char first[512];        /* --stream: the first one's name */
	size_t first_streams;   /* and its streams */
};

/* Set up rs and begin the report on out (stdout, or -o's temporary
 * file); delivery.h is told of each capture once its rows are written. */
void sx_results_init(struct sx_results *rs, struct sx_options *opt,
    const char *tshark_version, size_t njobs, FILE *out);

/* struct sx_run_config's done and tick, with rs as ctx. */
int sx_results_done(const struct sx_result *res, void *ctx);
void sx_results_tick(const struct sx_tick *t, void *ctx);

/* The errno of a failed write of the report, or 0. */
int sx_results_write_error(const struct sx_results *rs);

/* The exit status of a run that reported (a write error is said here);
 * no_tshark: the run stopped because no tshark could be started. */
enum sx_exit sx_results_status(const struct sx_results *rs, int no_tshark);

/* --stats: one line of figures on stderr. */
void sx_results_stats(const struct sx_results *rs, double wall);

#endif
