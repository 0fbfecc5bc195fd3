/* runner.h - one tshark, its two pipes, and the stream table they fill.
 *
 * A runner starts one tshark (sx_runner_spawn), reads its standard
 * output line by line into a parser and a stream table, keeps what
 * tshark says on standard error (bounded, for the error message), and
 * reaps it once both pipes are closed. It knows nothing about jobs,
 * files or splits: the single-tshark path (sched.c) and every
 * partition of a split (split.c) each own one. The caller polls the two
 * descriptors (sx_runner_pollfds) and calls sx_runner_events. */
#ifndef SX_RUNNER_H
#define SX_RUNNER_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "linebuf.h"
#include "parse.h"
#include "proc.h"
#include "streams.h"
#include "tshark.h"
#include "util.h"

/* Poll entries one runner uses: its stdout and its stderr. */
#define SX_RUNNER_NFDS 2

struct sx_runner;

/* The capture's numbers of the frames given to tshark when some frames
 * are kept from it (feed.h): the feed says of each frame whether it was
 * given, the runner numbers tshark's lines with it. A ring of the lines
 * that follow a frame kept back, with their frame numbers. */
struct sx_framemap {
	int used;                /* frames may be kept back */
	uint64_t (*v)[2];        /* (line, frame) */
	size_t cap, head, n;
	uint64_t lines, frames;  /* frames given, frames read */
	int gap;                 /* the frame before was kept back */
	int ended;               /* the feed has read its last frame */
	int bad_named;           /* the parser's bad_line renumbered */
};

/* One more frame read by the feed: given to tshark or not. */
void sx_framemap_frame(struct sx_framemap *m, int given);

/* Called for every parsed frame before it is added to the table: it may
 * change the frame (the split moves its time). Returns 0 to add it, or
 * -1 after calling sx_runner_fail. */
typedef int (*sx_runner_frame_fn)(struct sx_runner *r, struct sx_frame *f,
    void *ctx);

struct sx_runner {
	struct sx_child child;
	struct sx_parser ps;
	struct sx_table table;   /* the streams read so far */
	uint64_t lines;          /* stdout lines parsed */
	uint64_t frame_no;       /* the capture's number of the last frame
	                          * parsed (lines, unless map.used) */
	struct sx_framemap map;
	int status;              /* wait status once reaped */
	int reaped;
	char *error;             /* our verdict on its output, or NULL */
	/* A line the parser refused (sx_runner_events returned
	 * SX_RUNNER_UNPARSED): sx_parse_line's answer; ps.err says why. */
	int parse_rc;
	sx_runner_frame_fn frame;  /* may be NULL */
	void *ctx;
	/* private */
	struct sx_linebuf out;   /* stdout, split into lines */
	struct sx_linebuf err;   /* stderr, split into lines */
	struct sx_buf errtext;   /* tshark's meaningful stderr lines */
};

/* What sx_runner_events says. */
enum sx_runner_state {
	SX_RUNNER_RUNNING,
	SX_RUNNER_UNPARSED,  /* a line the parser refused: nothing after it
	                      * was read; the caller fails or restarts it */
	SX_RUNNER_ENDED      /* both pipes closed and tshark reaped */
};

/* Start the tshark of run (the fields: fs, from sx_tshark_fields) with
 * in_fd as its stdin (-1: /dev/null). The table refuses impossible
 * stream numbers when check_numbering is set. Returns 0, or -1 with a
 * message in err and errno saying why (EMFILE, ENFILE, EAGAIN: this
 * machine's limits, worth trying again later); the runner is then set up
 * but has no process, and sx_runner_free still applies. */
int sx_runner_spawn(struct sx_runner *r, const struct sx_tshark *ts,
    const struct sx_tshark_run *run, const struct sx_fieldset *fs,
    int in_fd, int check_numbering, char *err, size_t errsize);

/* Fill the runner's SX_RUNNER_NFDS poll entries. Returns 1 when both
 * pipes are closed (tshark waits to be reaped, or the runner has ended
 * and sx_runner_events will say so): poll then with a short timeout. */
int sx_runner_pollfds(const struct sx_runner *r, struct pollfd *pfd);

/* Handle the events of those entries (as filled above): read, parse,
 * reap. */
enum sx_runner_state sx_runner_events(struct sx_runner *r,
    const struct pollfd *pfd);

/* Our verdict on its output: keep the first message, close the pipes,
 * stop tshark. */
void sx_runner_fail(struct sx_runner *r, const char *fmt, ...)
    SX_PRINTF(2, 3);

/* The frames of the capture the report covers: lines read, with
 * the frames kept back before the last of them, and those after it
 * when tshark printed a line for every frame it was given. */
uint64_t sx_runner_frames(const struct sx_runner *r);

/* Stop tshark (if it still runs) and close its pipes; the table stays. */
void sx_runner_stop(struct sx_runner *r);

/* Whether tshark exited with status 0 and nothing went wrong. */
int sx_runner_ok(const struct sx_runner *r);

/* What tshark said on stderr (its meaningful lines), "" when nothing. */
const char *sx_runner_stderr(struct sx_runner *r);

/* Stop it and free everything, the table included. */
void sx_runner_free(struct sx_runner *r);

/* Set up an empty runner with no process (all that sx_runner_free
 * needs; sx_runner_spawn does it too). */
void sx_runner_init(struct sx_runner *r);

#endif
