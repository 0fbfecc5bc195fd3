/* runner.h - one tshark, its two pipes, and the stream table they fill.
 *
 * A runner starts one tshark (sx_runner_spawn), reads its standard
 * output line by line into a parser and a stream table, keeps what
 * tshark says on standard error (bounded, for the error message), and
 * reaps it once both pipes are closed. It knows nothing about jobs,
 * files or splits: the single-tshark path (sched.c) and every
 * partition of a split (split.c) each own one. The caller polls the two
 * descriptors (sx_runner_pollfds) and calls sx_runner_events. A runner
 * is used through these functions only (its struct is runner.c's). */
#ifndef SX_RUNNER_H
#define SX_RUNNER_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "streams.h"
#include "tshark.h"
#include "util.h"

/* Poll entries one runner uses: its stdout and its stderr. */
#define SX_RUNNER_NFDS 2

struct sx_runner;

/* Called for every parsed frame before it is added to the table: it may
 * change the frame (the split moves its time). Returns 0 to add it, or
 * -1 after calling sx_runner_fail. */
typedef int (*sx_runner_frame_fn)(struct sx_runner *r, struct sx_frame *f,
    void *ctx);

/* Call fn (with ctx) for every frame from now on; NULL: none. */
void sx_runner_on_frame(struct sx_runner *r, sx_runner_frame_fn fn,
    void *ctx);

/* What sx_runner_events says. */
enum sx_runner_state {
	SX_RUNNER_RUNNING,
	SX_RUNNER_UNPARSED,  /* a line the parser refused: nothing after it
	                      * was read; the caller fails or restarts it */
	SX_RUNNER_ENDED      /* both pipes closed and tshark reaped */
};

/* A new runner: empty, with no process. */
struct sx_runner *sx_runner_new(void);

/* Stop it and free everything, the table and the runner itself; NULL
 * is accepted. */
void sx_runner_free(struct sx_runner *r);

/* Stop it and free what it holds, the table included: back to empty,
 * with no process, as sx_runner_new made it. */
void sx_runner_reset(struct sx_runner *r);

/* Start the tshark of run (the fields: fs, from sx_tshark_fields) with
 * in_fd as its stdin (-1: /dev/null); whatever the runner held before is
 * dropped first (sx_runner_reset). The table refuses impossible stream
 * numbers when check_numbering is set. Returns 0, or -1 with a message
 * in err and errno saying why (EMFILE, ENFILE, EAGAIN: this machine's
 * limits, worth trying again later); the runner then has no process. */
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

/* Stop tshark (if it still runs) and close its pipes; the table stays. */
void sx_runner_stop(struct sx_runner *r);

/* Send sig to tshark while it runs (not yet reaped); else nothing. */
void sx_runner_signal(struct sx_runner *r, int sig);

/* Whether tshark has been reaped (it ran and ended, or was stopped). */
int sx_runner_reaped(const struct sx_runner *r);

/* Its wait status, once reaped. */
int sx_runner_status(const struct sx_runner *r);

/* Lines of its standard output parsed so far. */
uint64_t sx_runner_lines(const struct sx_runner *r);

/* The streams read so far (valid until the runner changes). */
const struct sx_table *sx_runner_table(const struct sx_runner *r);

/* Move the streams read into *t (which must hold none: freed or just
 * initialised); the runner's table is left empty. */
void sx_runner_take_table(struct sx_runner *r, struct sx_table *t);

/* Our verdict on its output (sx_runner_fail, or a line the table
 * refused), or NULL. */
const char *sx_runner_error(const struct sx_runner *r);

/* That verdict, now the caller's to free; the runner keeps none. */
char *sx_runner_take_error(struct sx_runner *r);

/* After sx_runner_events said SX_RUNNER_UNPARSED: sx_parse_line's answer
 * for the line refused (SX_PARSE_FALLBACK, say), and why (the parser's
 * message). */
int sx_runner_parse_rc(const struct sx_runner *r);
const char *sx_runner_parse_error(const struct sx_runner *r);

/* The parser's account of the output read so far (parse.h: the frames
 * with a time tshark calls invalid, say); read only. */
const struct sx_parser *sx_runner_parser(const struct sx_runner *r);

/* Whether tshark exited with status 0 and nothing went wrong. */
int sx_runner_ok(const struct sx_runner *r);

/* What tshark said on stderr (its meaningful lines), "" when nothing. */
const char *sx_runner_stderr(struct sx_runner *r);

#endif
