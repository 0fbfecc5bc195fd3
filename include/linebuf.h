/* linebuf.h - split a byte stream into lines as it arrives.
 *
 * One buffer, reused: bytes are appended at the end, complete lines are
 * handed out in place, and a line split across reads stays in the buffer
 * until its newline arrives. The buffer grows (by doubling) only to hold
 * one line longer than any seen before, and never beyond max_line.
 *
 * The struct is here so that a line buffer can be a member or a local
 * variable; its fields are linebuf.c's own: use the functions below. */
#ifndef SX_LINEBUF_H
#define SX_LINEBUF_H

#include <stddef.h>
#include <sys/types.h>

struct sx_linebuf {
	/* private: linebuf.c's */
	char *buf;
	size_t cap;
	size_t start;     /* first byte not yet handed out */
	size_t len;       /* bytes held, from 0 */
	size_t scan;      /* bytes from start already searched for '\n' */
	size_t max_line;  /* longest line accepted, without its newline */
};

/* Default and minimum limits on one line. */
#define SX_LINEBUF_INITIAL (64 * 1024)
#define SX_LINEBUF_MAX_LINE (1024 * 1024)

void sx_linebuf_init(struct sx_linebuf *lb, size_t max_line);
void sx_linebuf_free(struct sx_linebuf *lb);

/* Read what fd has (one read(2)) into the buffer. Returns the number of
 * bytes read, 0 at end of file, or -1 with errno set (EAGAIN when a
 * non-blocking fd has nothing). */
ssize_t sx_linebuf_read(struct sx_linebuf *lb, int fd);

/* Append n bytes (for tests and for data from elsewhere). */
void sx_linebuf_feed(struct sx_linebuf *lb, const void *p, size_t n);

/* Take the next complete line: returns 1 and points *line at it (length
 * *n, newline excluded; valid until the next read/feed), 0 when no
 * complete line is buffered, -1 when the pending line is longer than
 * max_line (the stream cannot be parsed further). */
int sx_linebuf_next(struct sx_linebuf *lb, char **line, size_t *n);

/* Bytes of an unfinished last line still held (call at end of file). */
size_t sx_linebuf_pending(const struct sx_linebuf *lb);

/* The bytes still held (those sx_linebuf_pending counts), not taken:
 * returns where they start, valid until the next read/feed/clear. */
const char *sx_linebuf_peek(const struct sx_linebuf *lb);

/* Forget every byte held (after a line longer than max_line, say, so
 * that reading can go on); the buffer is kept for reuse. */
void sx_linebuf_clear(struct sx_linebuf *lb);

#endif
