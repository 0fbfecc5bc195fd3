/* runner.c - one tshark's pipes turned into a stream table. */
#include "runner.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>

#include "linebuf.h"
#include "proc.h"

/* How much of tshark's stderr is kept for the error message. */
#define ERRTEXT_MAX 16384
/* Reads per descriptor per loop turn, so that one busy tshark cannot
 * starve the others. */
#define READS_PER_TURN 8

struct sx_runner {
	struct sx_child child;
	struct sx_parser ps;
	struct sx_table table;   /* the streams read so far */
	uint64_t lines;          /* stdout lines parsed */
	uint64_t frame_no;       /* the capture's number of the last frame
	                          * parsed (lines, unless map.used) */
	struct sx_framemap map;  /* when frames are kept back (feed.h) */
	int status;              /* wait status once reaped */
	int reaped;
	char *error;             /* our verdict on its output, or NULL */
	/* A line the parser refused (sx_runner_events returned
	 * SX_RUNNER_UNPARSED): sx_parse_line's answer; ps.err says why. */
	int parse_rc;
	sx_runner_frame_fn frame;  /* may be NULL */
	void *ctx;
	struct sx_linebuf out;   /* stdout, split into lines */
	struct sx_linebuf err;   /* stderr, split into lines */
	struct sx_buf errtext;   /* tshark's meaningful stderr lines */
};

/* Empty, with no process. */
static void
runner_init(struct sx_runner *r)
{
	memset(r, 0, sizeof(*r));
	r->child.out = r->child.err = -1;
	sx_table_init(&r->table);
	sx_linebuf_init(&r->out, SX_LINEBUF_MAX_LINE);
	sx_linebuf_init(&r->err, SX_LINEBUF_MAX_LINE);
}

/* Stop it and free what it holds (not r itself). */
static void
runner_release(struct sx_runner *r)
{
	sx_runner_stop(r);
	sx_linebuf_free(&r->out);
	sx_linebuf_free(&r->err);
	sx_parser_free(&r->ps);
	sx_buf_free(&r->errtext);
	sx_table_free(&r->table);
	free(r->error);
	r->error = NULL;
	free(r->map.v);
	r->map.v = NULL;
}

struct sx_runner *
sx_runner_new(void)
{
	struct sx_runner *r = sx_calloc(1, sizeof(*r));

	runner_init(r);
	return r;
}

void
sx_runner_reset(struct sx_runner *r)
{
	runner_release(r);
	runner_init(r);
}

void
sx_runner_free(struct sx_runner *r)
{
	if (r == NULL)
		return;
	runner_release(r);
	free(r);
}

void
sx_runner_on_frame(struct sx_runner *r, sx_runner_frame_fn fn, void *ctx)
{
	r->frame = fn;
	r->ctx = ctx;
}

int
sx_runner_spawn(struct sx_runner *r, const struct sx_tshark *ts,
    const struct sx_tshark_run *run, const struct sx_fieldset *fs,
    int in_fd, int check_numbering, char *err, size_t errsize)
{
	char **argv;
	int rc, e;

	sx_runner_reset(r);
	sx_parser_init(&r->ps, sx_tshark_flag_style(ts), fs);
	r->table.check_numbering = check_numbering;
	r->table.stats = fs->stats;
	argv = sx_tshark_argv(ts, run);
	rc = sx_spawn(&r->child, argv, sx_tshark_env(ts), in_fd, 1, err,
	    errsize);
	e = errno;
	sx_argv_free(argv);
	errno = e;
	return rc;
}

void
sx_runner_stop(struct sx_runner *r)
{
	sx_close(&r->child.out);
	sx_close(&r->child.err);
	if (r->child.pid > 0 && !r->reaped) {
		sx_stop(r->child.pid, 500, &r->status);
		r->reaped = 1;
	}
}

void
sx_runner_signal(struct sx_runner *r, int sig)
{
	if (!r->reaped && r->child.pid > 0)
		sx_signal_child(r->child.pid, sig);
}

int
sx_runner_reaped(const struct sx_runner *r)
{
	return r->reaped;
}

int
sx_runner_status(const struct sx_runner *r)
{
	return r->status;
}

uint64_t
sx_runner_lines(const struct sx_runner *r)
{
	return r->lines;
}

const struct sx_table *
sx_runner_table(const struct sx_runner *r)
{
	return &r->table;
}

void
sx_runner_take_table(struct sx_runner *r, struct sx_table *t)
{
	*t = r->table;
	sx_table_init(&r->table);
	/* the frames kept from tshark count as frames of the capture */
	if (r->map.used)
		t->frames = sx_runner_frames(r);
}

const char *
sx_runner_error(const struct sx_runner *r)
{
	return r->error;
}

char *
sx_runner_take_error(struct sx_runner *r)
{
	char *e = r->error;

	r->error = NULL;
	return e;
}

int
sx_runner_parse_rc(const struct sx_runner *r)
{
	return r->parse_rc;
}

const char *
sx_runner_parse_error(const struct sx_runner *r)
{
	return r->ps.err;
}

const struct sx_parser *
sx_runner_parser(const struct sx_runner *r)
{
	return &r->ps;
}

struct sx_framemap *
sx_runner_framemap(struct sx_runner *r)
{
	return &r->map;
}

void
sx_framemap_frame(struct sx_framemap *m, int given)
{
	m->frames++;
	if (!given) {
		m->gap = 1;
		return;
	}
	m->lines++;
	if (!m->gap)
		return;
	m->gap = 0;
	if (m->n == m->cap) {
		size_t ncap = m->cap ? 2 * m->cap : 1024, i;
		uint64_t (*nv)[2] = sx_reallocarray(NULL, ncap, sizeof(*nv));

		for (i = 0; i < m->n; i++) {
			nv[i][0] = m->v[(m->head + i) % m->cap][0];
			nv[i][1] = m->v[(m->head + i) % m->cap][1];
		}
		free(m->v);
		m->v = nv;
		m->cap = ncap;
		m->head = 0;
	}
	m->v[(m->head + m->n) % m->cap][0] = m->lines;
	m->v[(m->head + m->n) % m->cap][1] = m->frames;
	m->n++;
}

uint64_t
sx_framemap_number(struct sx_framemap *m, uint64_t line, uint64_t prev)
{
	if (!m->used)
		return line;
	if (m->n > 0 && m->v[m->head][0] == line) {
		uint64_t f = m->v[m->head][1];

		m->head = (m->head + 1) % m->cap;
		m->n--;
		return f;
	}
	return prev + 1;
}

uint64_t
sx_framemap_covered(const struct sx_framemap *m, uint64_t lines,
    uint64_t last)
{
	if (m->used && m->ended && lines == m->lines)
		return m->frames;
	return last;
}

uint64_t
sx_runner_frames(const struct sx_runner *r)
{
	return sx_framemap_covered(&r->map, r->lines, r->frame_no);
}

void
sx_runner_fail(struct sx_runner *r, const char *fmt, ...)
{
	va_list ap;

	if (r->error != NULL)
		return;
	va_start(ap, fmt);
	r->error = sx_vstrdupf(fmt, ap);
	va_end(ap);
	sx_runner_stop(r);
}

int
sx_runner_ok(const struct sx_runner *r)
{
	return r->error == NULL && r->reaped && WIFEXITED(r->status) &&
	    WEXITSTATUS(r->status) == 0;
}

const char *
sx_runner_stderr(struct sx_runner *r)
{
	return sx_buf_cstr(&r->errtext);
}

int
sx_runner_pollfds(const struct sx_runner *r, struct pollfd *pfd)
{
	pfd[0] = (struct pollfd){ r->child.out, POLLIN, 0 };
	pfd[1] = (struct pollfd){ r->child.err, POLLIN, 0 };
	/* Both pipes closed: nothing will wake poll for this one, so
	 * poll briefly and look again (reap it, or say it ended). */
	return r->child.out < 0 && r->child.err < 0;
}

/* Parse every complete line buffered on stdout. Returns 0, or -1 when
 * reading must stop (a refused line, or our verdict). */
static int
drain_lines(struct sx_runner *r)
{
	char err[256];
	char *line;
	size_t n;
	int k;

	while ((k = sx_linebuf_next(&r->out, &line, &n)) == 1) {
		r->lines++;
		r->frame_no = sx_framemap_number(&r->map, r->lines,
		    r->frame_no);
		r->parse_rc = sx_parse_line(&r->ps, line, n);
		if (r->parse_rc != 0)
			return -1;
		/* a message names the frame by the capture's number */
		if (r->ps.bad_times > 0 && !r->map.bad_named) {
			r->ps.bad_line = r->frame_no;
			r->map.bad_named = 1;
		}
		if (r->frame && r->frame(r, &r->ps.frame, r->ctx) != 0)
			return -1;
		if (sx_table_add(&r->table, &r->ps.frame, err,
		    sizeof(err)) != 0) {
			sx_runner_fail(r, "tshark output line %llu: %s",
			    (unsigned long long)r->lines, err);
			return -1;
		}
	}
	if (k < 0) {
		sx_runner_fail(r, "tshark printed a line longer than %d bytes "
		    "(output line %llu)", SX_LINEBUF_MAX_LINE,
		    (unsigned long long)r->lines + 1);
		return -1;
	}
	return 0;
}

static void
read_stdout(struct sx_runner *r)
{
	int i;

	for (i = 0; i < READS_PER_TURN && r->child.out >= 0; i++) {
		ssize_t n = sx_linebuf_read(&r->out, r->child.out);

		if (n > 0)
			sx_io_moved((size_t)n);
		if (n < 0) {
			if (errno != EAGAIN && errno != EWOULDBLOCK &&
			    errno != EINTR)
				sx_runner_fail(r, "reading tshark's output: %s",
				    strerror(errno));
			return;
		}
		if (n == 0)
			sx_close(&r->child.out);
		if (drain_lines(r) != 0)
			return;
		if (n == 0) {
			if (sx_linebuf_pending(&r->out))
				sx_runner_fail(r, "tshark's output ended in "
				    "the middle of a line (after line %llu)",
				    (unsigned long long)r->lines);
			return;
		}
	}
}

static void
keep_stderr_line(struct sx_runner *r, const char *line, size_t n)
{
	static const char root_warning[] = "Running as user \"root\"";

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
		n--;
	if (n == 0 || (n >= sizeof(root_warning) - 1 &&
	    memcmp(line, root_warning, sizeof(root_warning) - 1) == 0))
		return;
	if (r->errtext.len + n + 1 > ERRTEXT_MAX)
		return;
	sx_buf_add(&r->errtext, line, n);
	sx_buf_addc(&r->errtext, '\n');
}

static void
read_stderr(struct sx_runner *r)
{
	struct sx_linebuf *lb = &r->err;
	int i;

	for (i = 0; i < READS_PER_TURN && r->child.err >= 0; i++) {
		ssize_t n = sx_linebuf_read(lb, r->child.err);
		char *line;
		size_t len;
		int k;

		if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		while ((k = sx_linebuf_next(lb, &line, &len)) == 1)
			keep_stderr_line(r, line, len);
		if (k < 0) {
			/* An endless line: keep its start, drop the rest. */
			keep_stderr_line(r, sx_linebuf_peek(lb),
			    sx_linebuf_pending(lb) < 256 ?
			    sx_linebuf_pending(lb) : 256);
			sx_linebuf_clear(lb);
		}
		if (n <= 0) {
			keep_stderr_line(r, sx_linebuf_peek(lb),
			    sx_linebuf_pending(lb));
			sx_close(&r->child.err);
			return;
		}
	}
}

enum sx_runner_state
sx_runner_events(struct sx_runner *r, const struct pollfd *pfd)
{
	if (pfd[0].revents && r->child.out >= 0 && pfd[0].fd == r->child.out) {
		read_stdout(r);
		if (r->parse_rc != 0)
			return SX_RUNNER_UNPARSED;
	}
	if (pfd[1].revents && r->child.err >= 0 && pfd[1].fd == r->child.err)
		read_stderr(r);
	if (r->child.out >= 0 || r->child.err >= 0)
		return SX_RUNNER_RUNNING;
	if (!r->reaped)
		r->reaped = r->child.pid <= 0 ||
		    sx_try_reap(r->child.pid, &r->status);
	return r->reaped ? SX_RUNNER_ENDED : SX_RUNNER_RUNNING;
}
