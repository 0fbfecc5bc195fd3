/* impact.h - what a stream's problems cost, for --explain: streams are
 * told worst first, one headline each, then the evidence.
 *
 * The impact is time the transfer lost, in seconds:
 *   rto_wait     the silences before retransmissions that followed a
 *                timeout (diag.h: every retransmission but a fast one,
 *                with payload or a SYN), both directions;
 *   zero_window  the time each side advertised a zero window, both
 *                sides added up.
 * Ties (and streams of no lost time) go by the bytes lost (downstream
 * and upstream, both directions), then by stream number. A stream whose
 * findings are only reset and idle and that lost no time and no byte is
 * routine: an RST that ends a stream, a connection that waits. */
#ifndef SX_IMPACT_H
#define SX_IMPACT_H

#include <stddef.h>
#include <stdint.h>

#include "columns.h"
#include "util.h"

struct sx_impact {
	uint32_t rto;          /* retransmission timeouts */
	int64_t rto_ns;        /* the time waited on them */
	int64_t zw_ns;         /* zero window, both sides */
	uint64_t lost_bytes;   /* lost downstream and upstream */
	int64_t score_ns;      /* rto_ns + zw_ns */
	int routine;
};

/* The impact of a row (a stream with its diagnosis). */
void sx_impact_of(const struct sx_row *r, struct sx_impact *im);

/* Order: a before b (<0) when a cost more. */
int sx_impact_cmp(const struct sx_impact *a, const struct sx_impact *b);

/* The headline: "stream N (SRC -> DST): impact 2.310 s: ..." (after
 * "FILE: " when with_file), no newline. */
void sx_impact_headline(const struct sx_row *r, const struct sx_impact *im,
    int with_file, struct sx_buf *b);

/* A stream as --explain tells it: the headline, then the evidence (the
 * diagnosis paragraph, diag.h) on lines indented by four blanks, each
 * wrapped at width (0: not wrapped); no trailing newline. */
void sx_explain_text(const struct sx_row *r, int with_file, size_t width,
    struct sx_buf *b);

/* Append text to b wrapped at width columns (0: not wrapped), every
 * line after indent blanks, each line ending in a newline. */
void sx_wrap(struct sx_buf *b, const char *text, size_t width,
    size_t indent);

/* The width --explain wraps to: the terminal's when standard output is
 * one (TIOCGWINSZ, else $COLUMNS, else 80), 0 (no wrapping) when not. */
size_t sx_explain_width(void);

#endif
