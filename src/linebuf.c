/* linebuf.c - incremental line splitting over one reused buffer. */
#include "linebuf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "util.h"

void
sx_linebuf_init(struct sx_linebuf *lb, size_t max_line)
{
	memset(lb, 0, sizeof(*lb));
	lb->max_line = max_line ? max_line : SX_LINEBUF_MAX_LINE;
}

void
sx_linebuf_free(struct sx_linebuf *lb)
{
	free(lb->buf);
	memset(lb, 0, sizeof(*lb));
}

/* Make room for at least want free bytes at the end: first move the
 * pending partial line to the front, then grow if that is not enough. */
static void
make_room(struct sx_linebuf *lb, size_t want)
{
	if (lb->start > 0) {
		size_t pending = lb->len - lb->start;

		memmove(lb->buf, lb->buf + lb->start, pending);
		lb->len = pending;
		lb->start = 0;
	}
	if (lb->cap - lb->len >= want)
		return;
	{
		size_t cap = lb->cap ? lb->cap : SX_LINEBUF_INITIAL;

		while (cap - lb->len < want)
			cap *= 2;
		lb->buf = sx_realloc(lb->buf, cap);
		lb->cap = cap;
	}
}

ssize_t
sx_linebuf_read(struct sx_linebuf *lb, int fd)
{
	ssize_t r;

	if (lb->start == lb->len)
		lb->start = lb->len = 0;
	/* Read in chunks of at least a quarter of the buffer; a long line
	 * doubles it (bounded by max_line, checked in next()). */
	if (lb->cap == 0 || lb->cap - lb->len < lb->cap / 4)
		make_room(lb, lb->cap ? lb->cap / 4 : SX_LINEBUF_INITIAL);
	do
		r = read(fd, lb->buf + lb->len, lb->cap - lb->len);
	while (r < 0 && errno == EINTR);
	if (r > 0)
		lb->len += (size_t)r;
	return r;
}

void
sx_linebuf_feed(struct sx_linebuf *lb, const void *p, size_t n)
{
	if (n == 0)
		return;
	make_room(lb, n);
	memcpy(lb->buf + lb->len, p, n);
	lb->len += n;
}

int
sx_linebuf_next(struct sx_linebuf *lb, char **line, size_t *n)
{
	char *s = lb->buf + lb->start;
	size_t avail = lb->len - lb->start;
	char *nl;

	if (avail > lb->scan) {
		nl = memchr(s + lb->scan, '\n', avail - lb->scan);
		if (nl != NULL) {
			*line = s;
			*n = (size_t)(nl - s);
			lb->start += *n + 1;
			lb->scan = 0;
			if (*n > lb->max_line)
				return -1;
			return 1;
		}
		lb->scan = avail;
	}
	if (avail > lb->max_line)
		return -1;
	return 0;
}

size_t
sx_linebuf_pending(const struct sx_linebuf *lb)
{
	return lb->len - lb->start;
}

const char *
sx_linebuf_peek(const struct sx_linebuf *lb)
{
	return lb->buf != NULL ? lb->buf + lb->start : "";
}

void
sx_linebuf_clear(struct sx_linebuf *lb)
{
	lb->start = lb->len = lb->scan = 0;
}
