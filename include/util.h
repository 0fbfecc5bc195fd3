/* util.h - allocation, messages and a growable byte buffer. */
#ifndef SX_UTIL_H
#define SX_UTIL_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#if defined(__GNUC__)
#define SX_PRINTF(a, b) __attribute__((format(printf, a, b)))
#define SX_NORETURN __attribute__((noreturn))
#else
#define SX_PRINTF(a, b)
#define SX_NORETURN
#endif

#define SX_ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

/* The program name used as the prefix of every message ("streamxpert"). */
extern const char *sx_progname;

/* Called by sx_warn before it prints, when set (the progress line
 * clears itself). */
extern void (*sx_warn_hook)(void);

/* Write n bytes of p to fd in one write() call when the kernel takes
 * them whole (it does for a regular file, and for a pipe up to
 * PIPE_BUF); after a short write or EINTR the rest follows, and on
 * EAGAIN (a non-blocking descriptor) it waits with poll(). Returns 0,
 * or -1 with errno set. */
int sx_write_all(int fd, const void *p, size_t n);

/* Print "streamxpert: MESSAGE\n" on stderr, in one write() (errno is
 * kept). */
void sx_warn(const char *fmt, ...) SX_PRINTF(1, 2);

/* Print "streamxpert: out of memory" and exit with status 2. */
SX_NORETURN void sx_oom(void);

/* malloc/calloc/realloc that never return NULL (they call sx_oom). */
void *sx_malloc(size_t n);
void *sx_calloc(size_t n, size_t size);
void *sx_realloc(void *p, size_t n);
/* realloc(p, n * size) with an overflow check. */
void *sx_reallocarray(void *p, size_t n, size_t size);
/* Room for need elements of size bytes in the array p whose capacity is
 * *cap: a capacity of first, doubled as often as need be. Returns the
 * array (perhaps moved) and updates *cap; new elements are not set. */
void *sx_grow(void *p, size_t *cap, size_t need, size_t size, size_t first);
char *sx_strdup(const char *s);

/* A growable byte buffer. data is NUL-terminated whenever len > 0 or after
 * sx_buf_cstr; the caller frees data with sx_buf_free. */
struct sx_buf {
	char *data;
	size_t len;
	size_t cap;
};

/* Make room for at least extra more bytes. */
void sx_buf_grow(struct sx_buf *b, size_t extra);
void sx_buf_add(struct sx_buf *b, const void *p, size_t n);
void sx_buf_addc(struct sx_buf *b, char c);
void sx_buf_adds(struct sx_buf *b, const char *s);
void sx_buf_printf(struct sx_buf *b, const char *fmt, ...) SX_PRINTF(2, 3);
void sx_buf_vprintf(struct sx_buf *b, const char *fmt, va_list ap)
    SX_PRINTF(2, 0);
/* Return data as a NUL-terminated string (never NULL). */
const char *sx_buf_cstr(struct sx_buf *b);
void sx_buf_reset(struct sx_buf *b);
void sx_buf_free(struct sx_buf *b);

/* The one way an error message is formatted: into a new malloc'd
 * string (sx_vstrdupf), or into buf, returning -1 so that a failing
 * function can end with "return sx_errf(err, errsize, ...);". */
char *sx_vstrdupf(const char *fmt, va_list ap) SX_PRINTF(1, 0);
char *sx_strdupf(const char *fmt, ...) SX_PRINTF(1, 2);
int sx_errf(char *buf, size_t size, const char *fmt, ...) SX_PRINTF(3, 4);

/* Parse a decimal unsigned integer in [s, s + n) with no sign, no spaces.
 * Returns 0 and stores the value, or -1 on an empty string, a non-digit or
 * a value above max. */
int sx_parse_u64(const char *s, size_t n, uint64_t max, uint64_t *out);

/* Parse a decimal time "[-]SECONDS[.FRACTION]" into nanoseconds (extra
 * fraction digits beyond 9 are truncated). Returns 0 or -1. */
int sx_parse_time_ns(const char *s, size_t n, int64_t *out);

/* Seconds on a monotonic clock (for intervals only). */
double sx_now(void);

/* Bytes this process moved through its pipes and files while streaming
 * (capture read, frames written to tsharks, tshark lines read): the
 * scheduler's wait paces itself by it. */
void sx_io_moved(size_t n);
uint64_t sx_io_total(void);

/* Bytes per second for a reader: "950", "971.2k", "12.3M" (powers of
 * 1000, one decimal from 1000 on). */
void sx_human_rate(struct sx_buf *b, double r);

/* Format nanoseconds as seconds with 6 decimals ("1.234567") into buf
 * (at least 32 bytes); returns the length. */
int sx_format_seconds(char *buf, size_t size, int64_t ns);

/* The edit distance (Levenshtein: insertions, deletions and
 * substitutions of one character) between a and b; (size_t)-1 when
 * either is longer than SX_EDIT_MAX. */
#define SX_EDIT_MAX 63
size_t sx_edit_distance(const char *a, const char *b);

#endif
