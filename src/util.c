/* util.c - allocation, messages, byte buffer and number parsing. */
#include "util.h"

#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

const char *sx_progname = "streamxpert";

void (*sx_warn_hook)(void);

int
sx_write_all(int fd, const void *p, size_t n)
{
	const char *c = p;
	struct pollfd pfd;
	ssize_t w;

	while (n > 0) {
		w = write(fd, c, n);
		if (w > 0) {
			c += w;
			n -= (size_t)w;
			continue;
		}
		if (w == 0) {
			errno = EIO;   /* cannot happen for n > 0 */
			return -1;
		}
		if (errno == EINTR)
			continue;
		if (errno != EAGAIN && errno != EWOULDBLOCK)
			return -1;
		/* a descriptor someone made non-blocking: wait for room */
		pfd.fd = fd;
		pfd.events = POLLOUT;
		if (poll(&pfd, 1, -1) < 0 && errno != EINTR)
			return -1;
	}
	return 0;
}

void
sx_warn(const char *fmt, ...)
{
	struct sx_buf b = { 0 };
	va_list ap;
	int e = errno;

	if (sx_warn_hook)
		sx_warn_hook();
	fflush(stdout);
	/* the whole line in one write(), so that the messages of runs
	 * that share one standard error never mix within a line */
	sx_buf_printf(&b, "%s: ", sx_progname);
	va_start(ap, fmt);
	sx_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sx_buf_addc(&b, '\n');
	(void)sx_write_all(STDERR_FILENO, b.data, b.len);
	sx_buf_free(&b);
	errno = e;
}

void
sx_oom(void)
{
	char msg[128];
	int n = snprintf(msg, sizeof(msg), "%s: out of memory\n", sx_progname);

	if (n > 0 && (size_t)n < sizeof(msg))
		(void)sx_write_all(STDERR_FILENO, msg, (size_t)n);
	exit(2);
}

void *
sx_malloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (p == NULL)
		sx_oom();
	return p;
}

void *
sx_calloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (p == NULL)
		sx_oom();
	return p;
}

void *
sx_realloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (p == NULL)
		sx_oom();
	return p;
}

void *
sx_reallocarray(void *p, size_t n, size_t size)
{
	if (size != 0 && n > SIZE_MAX / size)
		sx_oom();
	return sx_realloc(p, n * size);
}

void *
sx_grow(void *p, size_t *cap, size_t need, size_t size, size_t first)
{
	size_t c = *cap ? *cap : first;

	if (need <= *cap)
		return p;
	while (c < need)
		c = c > SIZE_MAX / 2 ? need : c * 2;
	*cap = c;
	return sx_reallocarray(p, c, size);
}

char *
sx_strdup(const char *s)
{
	size_t n = strlen(s) + 1;
	char *d = sx_malloc(n);

	memcpy(d, s, n);
	return d;
}

void
sx_buf_grow(struct sx_buf *b, size_t extra)
{
	size_t need, cap;

	if (extra > SIZE_MAX - b->len - 1)
		sx_oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap = cap > SIZE_MAX / 2 ? need : cap * 2;
	b->data = sx_realloc(b->data, cap);
	b->cap = cap;
}

void
sx_buf_add(struct sx_buf *b, const void *p, size_t n)
{
	sx_buf_grow(b, n);
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
	b->data[b->len] = '\0';
}

void
sx_buf_addc(struct sx_buf *b, char c)
{
	sx_buf_grow(b, 1);
	b->data[b->len++] = c;
	b->data[b->len] = '\0';
}

void
sx_buf_adds(struct sx_buf *b, const char *s)
{
	sx_buf_add(b, s, strlen(s));
}

void
sx_buf_vprintf(struct sx_buf *b, const char *fmt, va_list ap)
{
	va_list again;
	int n;

	sx_buf_grow(b, 64);
	va_copy(again, ap);
	n = vsnprintf(b->data + b->len, b->cap - b->len, fmt, ap);
	if (n >= 0 && (size_t)n >= b->cap - b->len) {
		sx_buf_grow(b, (size_t)n);
		vsnprintf(b->data + b->len, b->cap - b->len, fmt, again);
	}
	va_end(again);
	if (n >= 0)
		b->len += (size_t)n;
}

void
sx_buf_printf(struct sx_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	sx_buf_vprintf(b, fmt, ap);
	va_end(ap);
}

char *
sx_vstrdupf(const char *fmt, va_list ap)
{
	struct sx_buf b = { 0 };

	sx_buf_vprintf(&b, fmt, ap);
	sx_buf_cstr(&b);
	return b.data;
}

char *
sx_strdupf(const char *fmt, ...)
{
	va_list ap;
	char *s;

	va_start(ap, fmt);
	s = sx_vstrdupf(fmt, ap);
	va_end(ap);
	return s;
}

int
sx_errf(char *buf, size_t size, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(buf, size, fmt, ap);
	va_end(ap);
	return -1;
}

const char *
sx_buf_cstr(struct sx_buf *b)
{
	sx_buf_grow(b, 0);
	b->data[b->len] = '\0';
	return b->data;
}

void
sx_buf_reset(struct sx_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
sx_buf_free(struct sx_buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

int
sx_parse_u64(const char *s, size_t n, uint64_t max, uint64_t *out)
{
	uint64_t v = 0;
	size_t i;

	if (n == 0)
		return -1;
	for (i = 0; i < n; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return -1;
		/* (d > max first: max - d must not wrap around) */
		if (d > max || v > (max - d) / 10)
			return -1;
		v = v * 10 + d;
	}
	*out = v;
	return 0;
}

int
sx_parse_time_ns(const char *s, size_t n, int64_t *out)
{
	const int64_t limit = INT64_MAX / 1000000000 - 1;
	int neg = 0;
	int64_t sec = 0, frac = 0;
	size_t i = 0;
	int digits = 0, fdigits = 0;

	if (n > 0 && s[0] == '-') {
		neg = 1;
		i = 1;
	}
	for (; i < n && s[i] != '.'; i++) {
		unsigned d = (unsigned char)s[i] - '0';

		if (d > 9)
			return -1;
		sec = sec * 10 + d;
		if (sec > limit)
			return -1;
		digits++;
	}
	if (i < n) {
		for (i++; i < n; i++) {
			unsigned d = (unsigned char)s[i] - '0';

			if (d > 9)
				return -1;
			if (fdigits < 9) {
				frac = frac * 10 + d;
				fdigits++;
			}
			digits++;
		}
	}
	if (digits == 0)
		return -1;
	for (; fdigits < 9; fdigits++)
		frac *= 10;
	*out = (sec * 1000000000 + frac) * (neg ? -1 : 1);
	return 0;
}

int
sx_format_seconds(char *buf, size_t size, int64_t ns)
{
	const char *sign = "";
	uint64_t u, us;

	if (ns < 0) {
		sign = "-";
		u = (uint64_t)0 - (uint64_t)ns;
	} else {
		u = (uint64_t)ns;
	}
	/* Round to the nearest microsecond. */
	us = u / 1000 + (u % 1000 >= 500);
	if (us == 0)
		sign = "";
	return snprintf(buf, size, "%s%" PRIu64 ".%06" PRIu64, sign,
	    us / 1000000, us % 1000000);
}

double
sx_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static uint64_t io_total;

void
sx_io_moved(size_t n)
{
	io_total += n;
}

uint64_t
sx_io_total(void)
{
	return io_total;
}

size_t
sx_edit_distance(const char *a, const char *b)
{
	size_t row[SX_EDIT_MAX + 1], i, j, la = strlen(a), lb = strlen(b);

	if (la > SX_EDIT_MAX || lb > SX_EDIT_MAX)
		return (size_t)-1;
	/* Levenshtein's, one row at a time: row[j] is the distance from
	 * the first i characters of a to the first j of b. */
	for (j = 0; j <= lb; j++)
		row[j] = j;
	for (i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		for (j = 1; j <= lb; j++) {
			size_t up = row[j], best = diag +
			    (a[i - 1] != b[j - 1]);

			if (up + 1 < best)
				best = up + 1;
			if (row[j - 1] + 1 < best)
				best = row[j - 1] + 1;
			row[j] = best;
			diag = up;
		}
	}
	return row[lb];
}

/* (the table's rates; TSV, CSV and JSON keep the plain number) */
void
sx_human_rate(struct sx_buf *b, double r)
{
	static const char units[] = "kMGTP";
	int u = -1;

	while (r >= 999.95 && u < (int)sizeof(units) - 2) {
		r /= 1000;
		u++;
	}
	if (u < 0)
		sx_buf_printf(b, "%.0f", r);
	else
		sx_buf_printf(b, "%.1f%c", r, units[u]);
}
