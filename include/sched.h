/* sched.h - the job scheduler: run tshark over inputs, hand back tables.
 *
 * One job per input. Jobs run in a single poll(2) loop, up to a given
 * number at once, each with its own tshark (runner.h), or, for a single
 * capture and several tsharks, split (split.h); results are handed back
 * in input order, whatever finishes first. When this machine runs out
 * of descriptors or processes, fewer tsharks run at once (the next
 * starts when one ends). The loop also watches for SIGINT/SIGTERM/SIGHUP
 * and for the reader of stdout going away, and then stops and reaps
 * every tshark before returning. A job is private to the scheduler:
 * callers see a struct sx_result. */
#ifndef SX_SCHED_H
#define SX_SCHED_H

#include <stddef.h>
#include <stdint.h>

#include "streams.h"
#include "tshark.h"

enum sx_outcome {
	SX_OUT_OK,       /* read completely */
	SX_OUT_PARTIAL,  /* tshark failed part way: the rows read are kept */
	SX_OUT_FAILED    /* nothing usable */
};

/* Why a job did not read its input completely (SX_JOB_OK when it did).
 * The message of the result says it for the user. */
enum sx_job_error {
	SX_JOB_OK,
	SX_JOB_UNREADABLE,    /* cannot be opened, a directory, empty, or
	                       * found unreadable in a directory */
	SX_JOB_NOT_CAPTURE,   /* tshark knows no such format */
	SX_JOB_CUT_SHORT,     /* cut short in the middle of a packet */
	SX_JOB_DAMAGED,       /* damaged or corrupt */
	SX_JOB_NOT_FILE,      /* a device or a socket */
	SX_JOB_TSHARK,        /* tshark failed otherwise */
	SX_JOB_BAD_OUTPUT,    /* tshark printed what streamxpert cannot use */
	SX_JOB_NO_TSHARK,     /* tshark could not be started */
	SX_JOB_STOPPED        /* stopped before the end */
};

/* What the scheduler hands back for one job, in input order. Valid
 * during the done() call only. */
struct sx_result {
	const char *name;           /* as given; "-" is standard input */
	enum sx_outcome outcome;
	enum sx_job_error error;
	const char *message;        /* one line for the user, or NULL */
	const struct sx_table *table;  /* the streams; NULL when FAILED */
	int maybe_capture;          /* as given to sx_job_new */
};

/* While jobs run (progress, periodic reports). */
struct sx_tick {
	uint64_t bytes;             /* read by tshark so far, every job */
	uint64_t frames;            /* printed by running tsharks so far */
	/* With a single job that runs one tshark: its name and its table
	 * so far, else NULL. */
	const char *name;
	const struct sx_table *table;
};

struct sx_job;

struct sx_run_config {
	const struct sx_tshark *ts;
	struct sx_tshark_run run;
	unsigned parallel;       /* tsharks at once, >= 1 */
	int cut;                 /* give tshark only the headers (cut.h)
	                          * where streamxpert can read the input */
	const char *nocut_why;   /* -v: why not, when cut is 0 */
	int verbose;             /* say when a capture is read again, and
	                          * whether (or why not) it is split */
	int watch_stdout;        /* give up when stdout's reader is gone */
	/* Called once per job, in input order; a non-zero return stops
	 * the run (the report cannot be written any more). */
	int (*done)(const struct sx_result *res, void *ctx);
	void *ctx;
	/* Called about every tick_ms milliseconds while jobs run, when
	 * set. */
	void (*tick)(const struct sx_tick *t, void *ctx);
	unsigned tick_ms;
	/* A live capture: the first SIGINT, SIGTERM or SIGHUP stops the
	 * capture (tshark is told to stop, and what it captured so far is
	 * reported); a second one stops streamxpert. */
	int live;
};

/* A new job for input name ("-" for stdin). maybe_capture: found in a
 * directory on a guess (gzip), so that not a capture after all is no
 * error (the result says SX_JOB_NOT_CAPTURE). */
struct sx_job *sx_job_new(const char *name, int maybe_capture);
void sx_job_free(struct sx_job *job);

/* A job that failed before it could start (an unreadable file found in
 * a directory, say); sx_sched_run reports it in its turn. */
void sx_job_set_failed(struct sx_job *job, const char *error);

/* What sx_sched_run returns besides 0 and a signal number. */
#define SX_SCHED_STOPPED (-1)   /* done() asked to stop */
#define SX_SCHED_NO_TSHARK (-2) /* not even one tshark could be started */

/* Analyse the jobs. Returns 0 when every job ran to its end, the signal
 * that stopped the run early (SIGINT, SIGTERM, SIGHUP, or SIGPIPE when
 * stdout's reader went away), SX_SCHED_STOPPED, or
 * SX_SCHED_NO_TSHARK with the reason in err; every tshark is stopped
 * and reaped either way. */
int sx_sched_run(struct sx_job **jobs, size_t n,
    const struct sx_run_config *cfg, char *err, size_t errsize);

#endif
