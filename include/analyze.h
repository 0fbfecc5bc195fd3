/* analyze.h - run tshark over inputs and aggregate what it prints.
 *
 * One job per input. Jobs run in a single poll(2) loop, up to a given
 * number at once, each with its own tshark; results are handed back in
 * input order, whatever finishes first. The loop also watches for
 * SIGINT/SIGTERM/SIGHUP and for the reader of stdout going away, and then
 * stops and reaps every tshark before returning. */
#ifndef SX_ANALYZE_H
#define SX_ANALYZE_H

#include <stdint.h>
#include <sys/types.h>

#include "linebuf.h"
#include "parse.h"
#include "proc.h"
#include "streams.h"
#include "tshark.h"
#include "util.h"

enum sx_outcome {
	SX_OUT_OK,       /* read completely */
	SX_OUT_PARTIAL,  /* tshark failed part way: the rows read are kept */
	SX_OUT_FAILED    /* nothing usable */
};

/* One tshark process and what it has printed so far. */
struct sx_part {
	struct sx_child child;
	struct sx_linebuf out;   /* stdout, split into lines */
	struct sx_linebuf err;   /* stderr, split into lines */
	struct sx_parser ps;
	struct sx_buf errtext;   /* tshark's meaningful stderr lines (bounded) */
	uint64_t lines;          /* stdout lines parsed */
	int status;              /* wait status once reaped */
	int reaped;
	char *error;             /* our own verdict on its output, or NULL */
};

struct sx_split;
struct sx_feed;

struct sx_job {
	char *name;              /* as given; "-" is standard input */
	enum sx_outcome outcome; /* valid once done */
	char *error;             /* one line for the user, or NULL */
	struct sx_table table;   /* the streams */
	int done;
	uint64_t size;           /* bytes, when the input is a regular file */
	int maybe_capture;       /* found in a directory on a guess (gzip):
	                          * not a capture after all is no error */
	/* private */
	int started;
	int in_fd;
	int pos_fd;              /* shares tshark's file offset (progress) */
	off_t in_off;            /* where the capture starts in in_fd */
	int reread;              /* in_fd is kept for a second reading */
	int exact;               /* read again without the cheap fields */
	struct sx_part part;
	int may_split;           /* split.h: try several tsharks on it */
	struct sx_split *split;  /* when it runs split, else NULL */
	struct sx_feed *feed;    /* feed.h: streamxpert feeds its tshark
	                          * the frames cut, else NULL */
};

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
	int (*done)(struct sx_job *job, void *ctx);
	void *ctx;
	/* Called about every tick_ms milliseconds while jobs run (progress,
	 * periodic reports), when set. */
	void (*tick)(struct sx_job **jobs, size_t n, void *ctx);
	unsigned tick_ms;
	/* A live capture: the first SIGINT, SIGTERM or SIGHUP stops the
	 * capture (tshark is told to stop, and what it captured so far is
	 * reported); a second one stops streamxpert. */
	int live;
};

/* A new job for input name ("-" for stdin). */
struct sx_job *sx_job_new(const char *name);
void sx_job_free(struct sx_job *job);

/* A job that failed before it could start (an unreadable file found in
 * a directory, say); sx_analyze reports it in its turn. */
void sx_job_set_failed(struct sx_job *job, const char *error);

/* How far tshark has read the job's input: bytes, or 0 when unknown (a
 * pipe, a live capture); the whole size once the job is done. */
uint64_t sx_job_position(const struct sx_job *job);

/* Frames tshark has printed for a running job so far. */
uint64_t sx_job_frames(const struct sx_job *job);

/* Analyse the jobs. Returns 0 when every job ran to its end, the signal
 * that stopped the run early (SIGINT, SIGTERM, SIGHUP, or SIGPIPE when
 * stdout's reader went away), or -1 when done() asked to stop; every
 * tshark is stopped and reaped either way. */
int sx_analyze(struct sx_job **jobs, size_t n,
    const struct sx_run_config *cfg);

/* Turn what tshark wrote on stderr into one line for the user
 * ("the capture is cut short in the middle of a packet"). Exposed for
 * tests. Returns a malloc'd string. */
char *sx_tshark_message(const char *stderr_text);

#endif
