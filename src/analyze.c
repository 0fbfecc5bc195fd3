/* analyze.c - the poll loop that runs tshark jobs and parses their output. */
#define _GNU_SOURCE 1
#include "analyze.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "escape.h"
#include "feed.h"
#include "pcapio.h"
#include "signals.h"
#include "split.h"

/* How much of tshark's stderr is kept for the error message. */
#define ERRTEXT_MAX 16384

/* At most this many tsharks for one capture. */
#define SX_SPLIT_MAX 64
/* Reads per descriptor per loop turn, so that one busy tshark cannot
 * starve the others. */
#define READS_PER_TURN 8

struct sx_job *
sx_job_new(const char *name)
{
	struct sx_job *j = sx_calloc(1, sizeof(*j));

	j->name = sx_strdup(name);
	j->in_fd = -1;
	j->pos_fd = -1;
	j->part.child.out = j->part.child.err = -1;
	sx_table_init(&j->table);
	return j;
}

void
sx_job_set_failed(struct sx_job *j, const char *error)
{
	free(j->error);
	j->error = sx_strdup(error);
	j->outcome = SX_OUT_FAILED;
	j->started = j->done = 1;
}

uint64_t
sx_job_position(const struct sx_job *j)
{
	off_t pos;

	if (j->done)
		return j->size;
	if (j->pos_fd < 0)
		return 0;
	pos = lseek(j->pos_fd, 0, SEEK_CUR);
	return pos < 0 ? 0 : (uint64_t)pos > j->size ? j->size :
	    (uint64_t)pos;
}

uint64_t
sx_job_frames(const struct sx_job *j)
{
	if (!j->started || j->done)
		return 0;
	return j->split ? sx_split_lines(j->split) : j->part.lines;
}

static void
part_free(struct sx_part *p)
{
	sx_close(&p->child.out);
	sx_close(&p->child.err);
	sx_linebuf_free(&p->out);
	sx_linebuf_free(&p->err);
	sx_parser_free(&p->ps);
	sx_buf_free(&p->errtext);
	free(p->error);
	p->error = NULL;
}

void
sx_job_free(struct sx_job *j)
{
	if (j == NULL)
		return;
	sx_split_free(j->split);
	sx_feed_free(j->feed);
	part_free(&j->part);
	if (j->in_fd > 0)
		close(j->in_fd);
	sx_close(&j->pos_fd);
	sx_table_free(&j->table);
	free(j->name);
	free(j->error);
	free(j);
}

static void
job_fail(struct sx_job *j, const char *fmt, ...) SX_PRINTF(2, 3);

static void
job_fail(struct sx_job *j, const char *fmt, ...)
{
	struct sx_buf b = { 0 };
	va_list ap;
	int n;

	sx_buf_grow(&b, 256);
	va_start(ap, fmt);
	n = vsnprintf(b.data, b.cap, fmt, ap);
	va_end(ap);
	b.len = n < 0 ? 0 : (size_t)n < b.cap ? (size_t)n : b.cap - 1;
	free(j->error);
	j->error = b.data;
	j->outcome = SX_OUT_FAILED;
	j->done = 1;
	sx_close(&j->pos_fd);
}

static void say_how(const struct sx_job *j, const char *what);

/* feed.h: whether streamxpert reads the capture and feeds tshark the
 * frames cut to their headers; -v says why not. */
static int
job_wants_feed(const struct sx_job *j, const struct sx_run_config *cfg)
{
	unsigned char head[4];
	struct stat st;
	char msg[300];
	off_t at;

	if (cfg->run.interface != NULL)
		return 0;
	if (!cfg->cut) {
		if (cfg->verbose && cfg->nocut_why != NULL) {
			snprintf(msg, sizeof(msg), "tshark reads the whole "
			    "frames: %s", cfg->nocut_why);
			say_how(j, msg);
		}
		return 0;
	}
	/* a regular file that is not pcap or pcapng: tshark reads it (a
	 * pipe is sniffed by the feed, which copies what it cannot read) */
	if (fstat(j->in_fd, &st) == 0 && S_ISREG(st.st_mode) &&
	    ((at = lseek(j->in_fd, 0, SEEK_CUR)) < 0 ||
	    pread(j->in_fd, head, sizeof(head), at) != (ssize_t)sizeof(head) ||
	    sx_pcap_sniff(head, sizeof(head)) == SX_PCAP_UNKNOWN)) {
		if (cfg->verbose)
			say_how(j, "tshark reads the whole frames: not a pcap "
			    "or pcapng file (tshark reads it itself)");
		return 0;
	}
	return 1;
}

/* Start the job's tshark on j->in_fd (or the interface). With the cheap
 * endpoint fields (only when the input can be read again), in_fd stays
 * open for that. On failure the job is done. */
static void
job_spawn(struct sx_job *j, const struct sx_run_config *cfg)
{
	struct sx_part *p = &j->part;
	struct sx_tshark_run run = cfg->run;
	struct sx_fieldset fs;
	char err[512];
	char **argv;
	int r, feed, pfd[2] = { -1, -1 };

	run.cheap_endpoints = cfg->run.cheap_endpoints && j->reread &&
	    !j->exact;
	if (!sx_tshark_fields(cfg->ts, &run, &fs))
		j->reread = 0;
	sx_linebuf_init(&p->out, SX_LINEBUF_MAX_LINE);
	sx_linebuf_init(&p->err, SX_LINEBUF_MAX_LINE);
	sx_parser_init(&p->ps, sx_tshark_flag_style(cfg->ts), &fs);
	j->table.check_numbering = cfg->run.dfilter == NULL;

	argv = sx_tshark_argv(cfg->ts, &run);
	feed = job_wants_feed(j, cfg) && pipe2(pfd, O_CLOEXEC) == 0;
	r = sx_spawn(&p->child, argv, sx_tshark_env(cfg->ts),
	    cfg->run.interface ? -1 : feed ? pfd[0] : j->in_fd, 1, err,
	    sizeof(err));
	sx_argv_free(argv);
	if (feed) {
		close(pfd[0]);
		if (r == 0) {
			j->feed = sx_feed_new(j->in_fd, pfd[1]);
			if (cfg->verbose)
				say_how(j, "streamxpert feeds tshark the frames "
				    "cut to their headers");
		} else {
			close(pfd[1]);
		}
	}
	if (!j->reread && j->feed == NULL) {
		if (j->in_fd > 0)
			close(j->in_fd);
		j->in_fd = -1;
	}
	if (r != 0)
		job_fail(j, "%s", err);
}

/* -v: how a file is read, after its name (escaped: one line). */
static void
say_how(const struct sx_job *j, const char *what)
{
	struct sx_buf b = { 0 };

	if (strcmp(j->name, "-") == 0)
		sx_buf_adds(&b, "standard input");
	else
		sx_escape_text(&b, j->name, strlen(j->name));
	sx_warn("%s: %s", sx_buf_cstr(&b), what);
	sx_buf_free(&b);
}

/* How many tsharks one capture is split across: -j N, at most
 * SX_SPLIT_MAX (each tshark costs about 150 MB however small its part). */
static unsigned
split_ways(const struct sx_run_config *cfg)
{
	return cfg->parallel < SX_SPLIT_MAX ? cfg->parallel : SX_SPLIT_MAX;
}

/* The hook for split.h: run a regular file through cfg->parallel
 * tsharks, split by TCP connection. Returns 1 when the split runs (it
 * owns the file now), 0 to go on with one tshark. */
static int
job_try_split(struct sx_job *j, const struct sx_run_config *cfg)
{
	char why[300], msg[400];

	if (!j->may_split || strcmp(j->name, "-") == 0)
		return 0;
	j->may_split = 0;
	j->split = sx_split_start(j, j->in_fd, split_ways(cfg), cfg, why,
	    sizeof(why));
	if (j->split == NULL) {
		if (cfg->verbose) {
			snprintf(msg, sizeof(msg), "one tshark for the whole "
			    "file: %s", why);
			say_how(j, msg);
		}
		return 0;
	}
	j->in_fd = -1;
	if (cfg->verbose) {
		snprintf(msg, sizeof(msg), "split across %u tsharks by TCP "
		    "connection", sx_split_ways(j->split));
		say_how(j, msg);
	}
	return 1;
}

/* Open the input and start its tshark. On failure the job is done. */
static void
job_start(struct sx_job *j, const struct sx_run_config *cfg)
{
	j->started = 1;
	if (cfg->run.interface == NULL) {
		struct stat st;

		if (strcmp(j->name, "-") == 0) {
			j->in_fd = 0;
		} else {
			do
				j->in_fd = open(j->name, O_RDONLY | O_CLOEXEC);
			while (j->in_fd < 0 && errno == EINTR &&
			    !sx_signals_caught());
			if (j->in_fd < 0) {
				job_fail(j, "%s", strerror(errno));
				return;
			}
		}
		if (fstat(j->in_fd, &st) == 0) {
			if (S_ISDIR(st.st_mode)) {
				job_fail(j, "is a directory");
				return;
			}
			if (S_ISREG(st.st_mode) && st.st_size == 0) {
				job_fail(j, "empty file, not a capture");
				return;
			}
			if (S_ISREG(st.st_mode)) {
				j->size = (uint64_t)st.st_size;
				sx_close(&j->pos_fd);   /* started again */
				j->pos_fd = fcntl(j->in_fd, F_DUPFD_CLOEXEC,
				    3);
			}
			if (S_ISREG(st.st_mode) && job_try_split(j, cfg))
				return;
			/* A regular file can be read a second time. */
			if (S_ISREG(st.st_mode) && (j->in_off =
			    lseek(j->in_fd, 0, SEEK_CUR)) >= 0)
				j->reread = 1;
		}
	}
	job_spawn(j, cfg);
}

/* The cheap endpoint fields cannot describe a frame: stop this tshark,
 * forget what it printed, and read the capture again with the exact
 * fields. */
static void
job_restart_exact(struct sx_job *j, const struct sx_run_config *cfg)
{
	struct sx_part *p = &j->part;

	if (cfg->verbose) {
		char msg[400];

		snprintf(msg, sizeof(msg), "%s (tshark output line %llu); "
		    "reading it again with the exact endpoint fields",
		    p->ps.err, (unsigned long long)p->lines);
		say_how(j, msg);
	}
	sx_close(&p->child.out);
	sx_close(&p->child.err);
	if (p->child.pid > 0 && !p->reaped)
		sx_stop(p->child.pid, 500, NULL);
	sx_feed_free(j->feed);
	j->feed = NULL;
	part_free(p);
	memset(p, 0, sizeof(*p));
	p->child.out = p->child.err = -1;
	sx_table_free(&j->table);
	sx_table_init(&j->table);
	j->exact = 1;
	if (lseek(j->in_fd, j->in_off, SEEK_SET) < 0) {
		job_fail(j, "cannot read the capture again: %s",
		    strerror(errno));
		if (j->in_fd > 0)
			close(j->in_fd);
		j->in_fd = -1;
		j->reread = 0;
		return;
	}
	j->reread = 0;
	job_spawn(j, cfg);
}

static void
part_error(struct sx_part *p, const char *fmt, ...) SX_PRINTF(2, 3);

/* Our verdict on tshark's output: stop reading, stop tshark. */
static void
part_error(struct sx_part *p, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (p->error != NULL)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	p->error = sx_strdup(msg);
	sx_close(&p->child.out);
	sx_close(&p->child.err);
	if (p->child.pid > 0) {
		sx_stop(p->child.pid, 500, &p->status);
		p->reaped = 1;
	}
}

/* Parse every complete line buffered on stdout. Returns 1 when the
 * capture is being read again (a new tshark, nothing parsed yet). */
static int
drain_lines(struct sx_job *j, const struct sx_run_config *cfg)
{
	struct sx_part *p = &j->part;
	char err[256];
	char *line;
	size_t n;
	int r;

	while ((r = sx_linebuf_next(&p->out, &line, &n)) == 1) {
		p->lines++;
		r = sx_parse_line(&p->ps, line, n);
		if (r == SX_PARSE_FALLBACK && j->reread) {
			job_restart_exact(j, cfg);
			return 1;
		}
		if (r != 0) {
			part_error(p, "tshark printed something streamxpert "
			    "did not ask for on output line %llu: %s",
			    (unsigned long long)p->lines, p->ps.err);
			return 0;
		}
		if (sx_table_add(&j->table, &p->ps.frame, err,
		    sizeof(err)) != 0) {
			part_error(p, "tshark output line %llu: %s",
			    (unsigned long long)p->lines, err);
			return 0;
		}
	}
	if (r < 0)
		part_error(p, "tshark printed a line longer than %d bytes "
		    "(output line %llu)", SX_LINEBUF_MAX_LINE,
		    (unsigned long long)p->lines + 1);
	return 0;
}

static void
keep_stderr_line(struct sx_part *p, const char *line, size_t n)
{
	static const char root_warning[] = "Running as user \"root\"";

	while (n > 0 && (line[n - 1] == '\r' || line[n - 1] == ' '))
		n--;
	if (n == 0 || (n >= sizeof(root_warning) - 1 &&
	    memcmp(line, root_warning, sizeof(root_warning) - 1) == 0))
		return;
	if (p->errtext.len + n + 1 > ERRTEXT_MAX)
		return;
	sx_buf_add(&p->errtext, line, n);
	sx_buf_addc(&p->errtext, '\n');
}

static void
read_stdout(struct sx_job *j, const struct sx_run_config *cfg)
{
	struct sx_part *p = &j->part;
	int i;

	for (i = 0; i < READS_PER_TURN && p->child.out >= 0; i++) {
		ssize_t r = sx_linebuf_read(&p->out, p->child.out);

		if (r < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return;
			part_error(p, "reading tshark's output: %s",
			    strerror(errno));
			return;
		}
		if (r == 0) {
			sx_close(&p->child.out);
			if (drain_lines(j, cfg))
				return;
			if (p->error == NULL && sx_linebuf_pending(&p->out))
				part_error(p, "tshark's output ended in the "
				    "middle of a line (after line %llu)",
				    (unsigned long long)p->lines);
			return;
		}
		if (drain_lines(j, cfg))
			return;
	}
}

static void
read_stderr(struct sx_part *p)
{
	int i;

	for (i = 0; i < READS_PER_TURN && p->child.err >= 0; i++) {
		ssize_t r = sx_linebuf_read(&p->err, p->child.err);
		char *line;
		size_t n;
		int k;

		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		while ((k = sx_linebuf_next(&p->err, &line, &n)) == 1)
			keep_stderr_line(p, line, n);
		if (k < 0) {
			/* An endless line: keep its start, drop the rest. */
			keep_stderr_line(p, p->err.buf + p->err.start,
			    256);
			p->err.start = p->err.len = p->err.scan = 0;
		}
		if (r <= 0) {
			keep_stderr_line(p, p->err.buf + p->err.start,
			    sx_linebuf_pending(&p->err));
			sx_close(&p->child.err);
			return;
		}
	}
}

/* Both pipes are closed: collect the exit status without blocking. */
static int
try_reap(struct sx_part *p)
{
	if (!p->reaped)
		p->reaped = sx_try_reap(p->child.pid, &p->status);
	return p->reaped;
}

char *
sx_tshark_message(const char *text)
{
	static const struct {
		const char *tshark, *ours;
	} known[] = {
		{ "appears to have been cut short in the middle of a packet",
		  "the capture is cut short in the middle of a packet" },
		{ "isn't a capture file in a format TShark understands",
		  "not a capture file (tshark knows no such format)" },
		{ "appears to be damaged or corrupt",
		  "the capture is damaged or corrupt" },
		{ "or other non-regular file",
		  "not a file tshark can read (a device or a socket)" },
	};
	struct sx_buf b = { 0 };
	const char *line = NULL, *p, *nl;
	size_t i, n = 0;

	/* The last line that tshark itself wrote ("tshark: ..."), with a
	 * following "(detail)" line if there is one. */
	for (p = text; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (strncmp(p, "tshark: ", 8) == 0) {
			line = p + 8;
			n = nl ? (size_t)(nl - line) : strlen(line);
			if (nl && nl[1] == '(') {
				const char *nl2 = strchr(nl + 1, '\n');

				n = nl2 ? (size_t)(nl2 - line) : strlen(line);
			}
		}
	}
	if (line == NULL) {
		/* Not tshark's own words: take the last line as it is. */
		for (p = text; p && *p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			line = p;
			n = nl ? (size_t)(nl - p) : strlen(p);
		}
	}
	if (line == NULL)
		return NULL;
	for (i = 0; i < SX_ARRAY_LEN(known); i++) {
		const char *hit = strstr(line, known[i].tshark);

		if (hit != NULL && hit < line + n) {
			const char *detail = strchr(hit, '(');

			sx_buf_adds(&b, known[i].ours);
			if (detail && detail < line + n)
				sx_buf_printf(&b, " %.*s",
				    (int)(line + n - detail), detail);
			break;
		}
	}
	if (i == SX_ARRAY_LEN(known))
		sx_buf_printf(&b, "tshark: %.*s", (int)n, line);
	for (i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\t')
			b.data[i] = ' ';
	return b.data;
}

/* tshark is gone and its output read: settle the job's outcome. */
static void
job_finish(struct sx_job *j)
{
	struct sx_part *p = &j->part;
	int st = p->status;
	char how[128];
	char *msg;

	j->done = 1;
	sx_close(&j->pos_fd);
	sx_feed_free(j->feed);
	j->feed = NULL;
	if (j->in_fd > 0)
		close(j->in_fd);
	j->in_fd = -1;
	if (p->error != NULL) {
		j->outcome = SX_OUT_FAILED;
		j->error = p->error;
		p->error = NULL;
		sx_table_free(&j->table);
		part_free(p);
		return;
	}
	if (WIFEXITED(st) && WEXITSTATUS(st) == 0) {
		j->outcome = SX_OUT_OK;
		part_free(p);
		return;
	}
	sx_describe_status(st, how, sizeof(how));
	msg = sx_tshark_message(sx_buf_cstr(&p->errtext));
	if (WIFSIGNALED(st) || msg == NULL) {
		struct sx_buf b = { 0 };

		sx_buf_printf(&b, "tshark %s", how);
		if (msg)
			sx_buf_printf(&b, " (%s)", msg);
		free(msg);
		msg = b.data;
	}
	if (p->lines > 0) {
		struct sx_buf b = { 0 };

		j->outcome = SX_OUT_PARTIAL;
		sx_buf_printf(&b, "%s; the report covers only the %llu "
		    "frames read before that", msg,
		    (unsigned long long)p->lines);
		free(msg);
		msg = b.data;
	} else {
		j->outcome = SX_OUT_FAILED;
	}
	j->error = msg;
	part_free(p);
}

/* The feed's events; at its end, -v says what was fed, and a failed
 * reading of the input fails the job. */
static void
feed_events(struct sx_job *j, const struct pollfd *pfd,
    const struct sx_run_config *cfg)
{
	char msg[400];

	if (sx_feed_events(j->feed, pfd))
		return;
	if (sx_feed_error(j->feed) != NULL)
		part_error(&j->part, "%s", sx_feed_error(j->feed));
	else if (cfg->verbose) {
		sx_feed_describe(j->feed, msg, sizeof(msg));
		say_how(j, msg);
	}
	sx_feed_free(j->feed);
	j->feed = NULL;
}

/* The split's events; when it gives up, the job starts again with one
 * tshark. */
static void
split_events(struct sx_job *j, const struct pollfd *pfd,
    const struct sx_run_config *cfg, size_t *running)
{
	char why[300], msg[400];

	switch (sx_split_events(j->split, j, pfd, why, sizeof(why))) {
	case SX_SPLIT_RUNNING:
		return;
	case SX_SPLIT_DONE:
		sx_split_free(j->split);
		j->split = NULL;
		sx_close(&j->pos_fd);
		(*running)--;
		if (cfg->verbose)
			say_how(j, why);
		return;
	case SX_SPLIT_RERUN:
		break;
	}
	sx_split_free(j->split);
	j->split = NULL;
	sx_table_free(&j->table);
	sx_table_init(&j->table);
	/* The exact endpoint fields at once: the split may have given up
	 * on a frame the cheap ones cannot describe, and a third reading
	 * of the file is not worth the saving. */
	j->exact = 1;
	if (cfg->verbose) {
		snprintf(msg, sizeof(msg), "one tshark for the whole file, "
		    "after all: %s", why);
		say_how(j, msg);
	}
	job_start(j, cfg);
	if (j->done)
		(*running)--;
}

static void
abort_all(struct sx_job **jobs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct sx_job *j = jobs[i];
		struct sx_part *p = &j->part;

		if (!j->started || j->done)
			continue;
		sx_split_free(j->split);
		j->split = NULL;
		sx_feed_free(j->feed);
		j->feed = NULL;
		sx_close(&p->child.out);
		sx_close(&p->child.err);
		if (!p->reaped && p->child.pid > 0)
			sx_stop(p->child.pid, 500, &p->status);
		p->reaped = 1;
		job_fail(j, "stopped before the end");
	}
}


/* A signal arrived: the signal that ends the run, or 0 when it only
 * ends a live capture (every running tshark is told to stop, as Ctrl-C
 * at a terminal would, and its output is still read to the end). */
static int
on_signal(struct sx_job **jobs, size_t n, const struct sx_run_config *cfg,
    int *stopping)
{
	size_t i;

	if (!cfg->live || *stopping)
		return sx_signals_caught();
	*stopping = 1;
	sx_signals_take();
	for (i = 0; i < n; i++) {
		struct sx_part *p = &jobs[i]->part;

		if (jobs[i]->started && !jobs[i]->done && !p->reaped &&
		    p->child.pid > 0 && kill(-p->child.pid, SIGINT) != 0)
			kill(p->child.pid, SIGINT);
	}
	return 0;
}

int
sx_analyze(struct sx_job **jobs, size_t n, const struct sx_run_config *cfg)
{
	size_t next_start = 0, next_done = 0, running = 0, i;
	struct pollfd *pfd = sx_calloc((2 + SX_FEED_NFDS) * n + 2 +
	    3 * (size_t)split_ways(cfg),
	    sizeof(*pfd));
	struct stat st;
	int watch = -1, sig = 0, stopping = 0;
	double last_tick = (sx_now() * 1e3);

	/* One capture and several tsharks: split it (split.h). */
	if (n == 1 && cfg->parallel > 1 && cfg->run.dfilter == NULL &&
	    cfg->run.interface == NULL)
		jobs[0]->may_split = 1;

	if (cfg->watch_stdout && fstat(1, &st) == 0 &&
	    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		watch = 1;

	while (next_done < n) {
		size_t np = 0;
		int timeout = -1;

		while (running < cfg->parallel && next_start < n &&
		    !sx_signals_caught()) {
			struct sx_job *j = jobs[next_start++];

			if (!j->done)
				job_start(j, cfg);
			if (!j->done)
				running++;
		}
		while (next_done < n && jobs[next_done]->done && !sig)
			if (cfg->done(jobs[next_done++], cfg->ctx) != 0)
				sig = -1;
		if (next_done == n || sig)
			break;
		if (sx_signals_caught() &&
		    (sig = on_signal(jobs, n, cfg, &stopping)) != 0)
			break;

		pfd[np++] = (struct pollfd){ sx_signals_fd(), POLLIN, 0 };
		pfd[np++] = (struct pollfd){ watch, 0, 0 };
		for (i = next_done; i < next_start; i++) {
			struct sx_part *p = &jobs[i]->part;

			if (jobs[i]->done)
				continue;
			if (jobs[i]->split) {
				if (sx_split_pollfds(jobs[i]->split, pfd + np))
					timeout = 20;
				np += sx_split_nfds(jobs[i]->split);
				continue;
			}
			pfd[np++] = (struct pollfd){ p->child.out, POLLIN, 0 };
			pfd[np++] = (struct pollfd){ p->child.err, POLLIN, 0 };
			if (p->child.out < 0 && p->child.err < 0)
				timeout = 20;
			if (jobs[i]->feed)
				sx_feed_pollfds(jobs[i]->feed, pfd + np);
			else
				pfd[np] = pfd[np + 1] =
				    (struct pollfd){ -1, 0, 0 };
			np += SX_FEED_NFDS;
		}
		if (cfg->tick && (timeout < 0 || (unsigned)timeout >
		    cfg->tick_ms))
			timeout = (int)cfg->tick_ms;
		if (poll(pfd, np, timeout) < 0 && errno != EINTR) {
			sx_warn("poll: %s", strerror(errno));
			sig = SIGTERM;
			break;
		}
		if (sx_signals_caught() &&
		    (sig = on_signal(jobs, n, cfg, &stopping)) != 0)
			break;
		if (watch >= 0 && (pfd[1].revents & (POLLERR | POLLHUP))) {
			sig = SIGPIPE;
			break;
		}
		np = 2;
		for (i = next_done; i < next_start; i++) {
			struct sx_job *j = jobs[i];
			struct sx_part *p = &j->part;

			if (j->done)
				continue;
			if (j->split) {
				size_t k = sx_split_nfds(j->split);

				split_events(j, pfd + np, cfg, &running);
				np += k;
				continue;
			}
			if (pfd[np].revents)
				read_stdout(j, cfg);
			if (pfd[np + 1].revents && p->child.err >= 0 &&
			    pfd[np + 1].fd == p->child.err)
				read_stderr(p);
			np += 2;
			if (j->feed)
				feed_events(j, pfd + np, cfg);
			np += SX_FEED_NFDS;
			if (p->child.out < 0 && p->child.err < 0 &&
			    try_reap(p)) {
				job_finish(j);
				running--;
			}
		}
		if (cfg->tick && (sx_now() * 1e3) - last_tick >= cfg->tick_ms) {
			cfg->tick(jobs, n, cfg->ctx);
			last_tick = (sx_now() * 1e3);
		}
	}
	if (sig)
		abort_all(jobs, n);
	free(pfd);
	return sig;
}
