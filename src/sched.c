/* sched.c - the job scheduler: one poll loop over every running job. */
#define _GNU_SOURCE 1   /* pipe2 */
#include "sched.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "decomp.h"
#include "escape.h"
#include "feed.h"
#include "pcapio.h"
#include "proc.h"
#include "runner.h"
#include "signals.h"
#include "split.h"
#include "util.h"

struct sx_job {
	char *name;              /* as given; "-" is standard input */
	enum sx_outcome outcome; /* valid once done */
	enum sx_job_error code;  /* valid once done */
	char *error;             /* one line for the user, or NULL */
	struct sx_table table;   /* the streams, once done */
	int done;
	uint64_t size;           /* bytes, when the input is a regular file */
	int maybe_capture;
	int started;
	int in_fd;
	int pos_fd;              /* shares tshark's file offset (progress) */
	off_t in_off;            /* where the capture starts in in_fd */
	int reread;              /* in_fd is kept for a second reading */
	int exact;               /* read again without the cheap fields */
	int may_split;           /* try several tsharks on it */
	struct sx_runner *run;   /* its tshark, when not split */
	struct sx_split *split;  /* when it runs split, else NULL */
	struct sx_feed *feed;    /* feed.h: streamxpert feeds its tshark
	                          * the frames cut, else NULL */
	int dfilter;             /* -Y: output lines are not frames */
	enum sx_comp comp;       /* decompressed by a child (decomp.h) */
	struct sx_decomp dc;     /* that child */
	int dc_eof;              /* its output was read to the end */
	uint64_t comp_frames;    /* about how many frames it holds */
};

/* What starting a job gives. */
enum start {
	STARTED,     /* running, or done (failed) */
	NO_ROOM      /* this machine's limits: try again when one ends */
};

struct sx_job *
sx_job_new(const char *name, int maybe_capture)
{
	struct sx_job *j = sx_calloc(1, sizeof(*j));

	j->name = sx_strdup(name);
	j->maybe_capture = maybe_capture;
	j->in_fd = -1;
	j->pos_fd = -1;
	j->dc.c.out = j->dc.c.err = -1;
	j->run = sx_runner_new();
	sx_table_init(&j->table);
	return j;
}

static void
job_set_error(struct sx_job *j, enum sx_job_error code, const char *fmt,
    va_list ap) SX_PRINTF(3, 0);

static void
job_set_error(struct sx_job *j, enum sx_job_error code, const char *fmt,
    va_list ap)
{
	free(j->error);
	j->error = sx_vstrdupf(fmt, ap);
	j->code = code;
	j->outcome = SX_OUT_FAILED;
	j->done = 1;
	sx_close(&j->pos_fd);
}

static void
job_fail(struct sx_job *j, enum sx_job_error code, const char *fmt, ...)
    SX_PRINTF(3, 4);

static void
job_fail(struct sx_job *j, enum sx_job_error code, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	job_set_error(j, code, fmt, ap);
	va_end(ap);
}

void
sx_job_set_failed(struct sx_job *j, const char *error)
{
	job_fail(j, SX_JOB_UNREADABLE, "%s", error);
	j->started = 1;
}

/* How far tshark has read the job's input: bytes, or 0 when unknown (a
 * pipe, a live capture); the whole size once the job is done. */
static uint64_t
job_position(const struct sx_job *j)
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

/* Frames tshark has printed for a running job so far. */
static uint64_t
job_frames(const struct sx_job *j)
{
	if (!j->started || j->done)
		return 0;
	return j->split ? sx_split_lines(j->split) :
	    sx_runner_frames(j->run);
}

/* Close what the job holds open (not its table). */
static void
job_close(struct sx_job *j)
{
	sx_split_free(j->split);
	j->split = NULL;
	sx_feed_free(j->feed);
	j->feed = NULL;
	sx_runner_reset(j->run);
	sx_decomp_stop(&j->dc);
	if (j->in_fd > 0)
		close(j->in_fd);
	j->in_fd = -1;
	sx_close(&j->pos_fd);
}

void
sx_job_free(struct sx_job *j)
{
	if (j == NULL)
		return;
	job_close(j);
	sx_runner_free(j->run);
	sx_table_free(&j->table);
	free(j->name);
	free(j->error);
	free(j);
}

/* Back to not started (its start found no room). */
static void
job_unstart(struct sx_job *j)
{
	job_close(j);
	sx_table_free(&j->table);
	sx_table_init(&j->table);
	free(j->error);
	j->error = NULL;
	j->code = SX_JOB_OK;
	j->outcome = SX_OUT_OK;
	j->started = j->done = j->reread = 0;
}

/* Whether errno says that this machine ran out of something, rather
 * than that this input is bad. */
static int
out_of_room(int e)
{
	return e == EMFILE || e == ENFILE || e == EAGAIN;
}

static void say_how(const struct sx_job *j, const char *fmt, ...)
    SX_PRINTF(2, 3);

/* Where the first bytes of a capture are read from: a regular file (fd,
 * the capture from offset at) or a buffer holding the first n bytes of
 * a decompressed one (all of it when whole). */
struct head_src {
	int fd;
	off_t at, size;
	const unsigned char *buf;
	size_t n;
	int whole;
};

/* len bytes at off: len, fewer at the end, or -1 (beyond the buffer). */
static ssize_t
head_get(const struct head_src *h, off_t off, unsigned char *dst, size_t len)
{
	if (h->buf == NULL)
		return pread(h->fd, dst, len, h->at + off);
	if ((size_t)off + len > h->n && !h->whole)
		return -1;
	if ((size_t)off >= h->n)
		return 0;
	if ((size_t)off + len > h->n)
		len = h->n - (size_t)off;
	memcpy(dst, h->buf + off, len);
	return (ssize_t)len;
}

/* Whether the capture is a pcap that libwiretap might take for one of
 * its variants (pcapio.h): then tshark must read the file itself, never
 * through a pipe (it guesses the variant only where it can seek).
 * Returns 1 with why filled. */
static int
head_in_doubt(const struct head_src *h, char *why, size_t size)
{
	unsigned char hdr[24], rec[16];
	const char *doubt = NULL;
	off_t off = 24;
	ssize_t n;
	int i;

	if (head_get(h, 0, hdr, sizeof(hdr)) != (ssize_t)sizeof(hdr) ||
	    sx_pcap_sniff(hdr, 4) != SX_PCAP_PCAP)
		return 0;
	for (i = 0; i < 3; i++) {
		n = head_get(h, off, rec, sizeof(rec));
		if (n == 0)
			return 0;
		if (n < 0) {
			doubt = "records too long to check here";
			break;
		}
		if (n != (ssize_t)sizeof(rec)) {
			doubt = "a record header cut short";
			break;
		}
		doubt = sx_pcap_record_doubt(hdr, rec);
		off += 16 + (off_t)sx_pcap_record_caplen(hdr, rec);
		if (doubt == NULL && h->buf == NULL && off > h->size - h->at)
			doubt = "a record cut short";
		if (doubt == NULL && h->buf != NULL && h->whole &&
		    (size_t)off > h->n)
			doubt = "a record cut short";
		if (doubt != NULL)
			break;
	}
	if (doubt == NULL)
		return 0;
	snprintf(why, size, "record %d of the pcap file has %s, so tshark "
	    "may take it for a pcap variant (tshark reads it itself)", i + 1,
	    doubt);
	return 1;
}

/* The same for the regular file fd read from offset at. */
static int
pcap_in_doubt(int fd, off_t at, char *why, size_t size)
{
	struct head_src h = { fd, at, 0, NULL, 0, 0 };
	struct stat st;

	if (fstat(fd, &st) != 0)
		return 0;
	h.size = st.st_size;
	return head_in_doubt(&h, why, size);
}

/* feed.h: whether streamxpert reads the capture and feeds tshark the
 * frames cut to their headers; -v says why not. */
static int
job_wants_feed(const struct sx_job *j, const struct sx_run_config *cfg)
{
	unsigned char head[4];
	char why[200];
	struct stat st;
	off_t at = 0;

	if (cfg->run.interface != NULL)
		return 0;
	if (j->comp != SX_COMP_NONE)
		return 1;   /* checked when it was found compressed */
	if (!cfg->cut) {
		if (cfg->verbose && cfg->nocut_why != NULL)
			say_how(j, "tshark reads the whole frames: %s",
			    cfg->nocut_why);
		return 0;
	}
	/* only a regular file or a pipe: a device or a socket is tshark's
	 * to judge (it says it cannot read it) */
	if (fstat(j->in_fd, &st) != 0 ||
	    (!S_ISREG(st.st_mode) && !S_ISFIFO(st.st_mode)))
		return 0;
	/* a regular file that is not pcap or pcapng: tshark reads it (a
	 * pipe is sniffed by the feed, which copies what it cannot read) */
	if (S_ISREG(st.st_mode) &&
	    ((at = lseek(j->in_fd, 0, SEEK_CUR)) < 0 ||
	    pread(j->in_fd, head, sizeof(head), at) != (ssize_t)sizeof(head) ||
	    sx_pcap_sniff(head, sizeof(head)) == SX_PCAP_UNKNOWN)) {
		if (cfg->verbose)
			say_how(j, "tshark reads the whole frames: not a pcap "
			    "or pcapng file (tshark reads it itself)");
		return 0;
	}
	if (S_ISREG(st.st_mode) && pcap_in_doubt(j->in_fd, at, why,
	    sizeof(why))) {
		if (cfg->verbose)
			say_how(j, "tshark reads the whole frames: %s", why);
		return 0;
	}
	return 1;
}

/* Start the job's tshark on j->in_fd (or the interface). With the cheap
 * endpoint fields (only when the input can be read again), in_fd stays
 * open for that. On failure the job is done, or NO_ROOM. */
static enum start
job_spawn(struct sx_job *j, const struct sx_run_config *cfg)
{
	struct sx_tshark_run run = cfg->run;
	struct sx_fieldset fs;
	char err[512];
	int r, e, feed, pfd[2] = { -1, -1 }, in = j->in_fd;

	j->dc_eof = 0;
	run.cheap_endpoints = cfg->run.cheap_endpoints && j->reread &&
	    !j->exact;
	j->dfilter = cfg->run.dfilter != NULL;
	if (!sx_tshark_fields(cfg->ts, &run, &fs))
		j->reread = 0;
	sx_runner_reset(j->run);
	if (j->comp != SX_COMP_NONE) {
		if (sx_decomp_start(&j->dc, j->in_fd, err, sizeof(err)) != 0) {
			e = errno;
			job_fail(j, SX_JOB_NO_TSHARK, "%s", err);
			return out_of_room(e) ? NO_ROOM : STARTED;
		}
		in = j->dc.c.out;
		if (cfg->verbose)
			say_how(j, "decompressed by %s -dc", j->dc.path);
	}
	feed = job_wants_feed(j, cfg) && pipe2(pfd, O_CLOEXEC) == 0;
	r = sx_runner_spawn(j->run, cfg->ts, &run, &fs,
	    cfg->run.interface ? -1 : feed ? pfd[0] : in,
	    cfg->run.dfilter == NULL, err, sizeof(err));
	e = errno;
	if (feed) {
		close(pfd[0]);
		if (r == 0) {
			j->feed = sx_feed_new(in, pfd[1],
			    sx_withhold_wanted() ?
			    sx_runner_framemap(j->run) : NULL);
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
	if (r == 0)
		return STARTED;
	job_fail(j, SX_JOB_NO_TSHARK, "%s", err);
	return out_of_room(e) ? NO_ROOM : STARTED;
}

/* -v: how a file is read, after its name (escaped: one line). */
static void
say_how(const struct sx_job *j, const char *fmt, ...)
{
	struct sx_buf b = { 0 };
	va_list ap;

	if (strcmp(j->name, "-") == 0)
		sx_buf_adds(&b, "standard input");
	else
		sx_escape_text(&b, j->name, strlen(j->name));
	sx_buf_adds(&b, ": ");
	va_start(ap, fmt);
	sx_buf_vprintf(&b, fmt, ap);
	va_end(ap);
	sx_warn("%s", sx_buf_cstr(&b));
	sx_buf_free(&b);
}

/* sx_split_start, or for a compressed capture sx_split_start_pipe on
 * its decompressor. */
static struct sx_split *
split_start(struct sx_job *j, const struct sx_run_config *cfg, unsigned ways,
    char *why, size_t whysize)
{
	struct sx_split *sp;
	int fd;

	if (j->comp == SX_COMP_NONE)
		return sx_split_start(j->in_fd, ways, cfg->ts, &cfg->run,
		    cfg->cut, why, whysize);
	if (sx_decomp_start(&j->dc, j->in_fd, why, whysize) != 0)
		return NULL;
	fd = j->dc.c.out;
	j->dc.c.out = -1;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	sp = sx_split_start_pipe(fd, j->comp_frames, ways, cfg->ts, &cfg->run,
	    cfg->cut, why, whysize);
	if (sp == NULL)
		sx_decomp_stop(&j->dc);
	return sp;
}

/* Run a regular file through cfg->parallel tsharks (at most
 * SX_SPLIT_MAX), split by TCP connection. Returns 1 when the split runs
 * (it owns the file now), 0 to go on with one tshark. */
static int
job_try_split(struct sx_job *j, const struct sx_run_config *cfg)
{
	unsigned ways = cfg->parallel < SX_SPLIT_MAX ? cfg->parallel :
	    SX_SPLIT_MAX;
	char why[300];

	if (!j->may_split || strcmp(j->name, "-") == 0)
		return 0;
	j->may_split = 0;
	if (j->comp == SX_COMP_NONE && pcap_in_doubt(j->in_fd,
	    lseek(j->in_fd, 0, SEEK_CUR), why, sizeof(why))) {
		if (cfg->verbose)
			say_how(j, "one tshark for the whole file: %s", why);
		return 0;
	}
	j->split = split_start(j, cfg, ways, why, sizeof(why));
	if (j->split == NULL) {
		if (cfg->verbose)
			say_how(j, "one tshark for the whole file: %s", why);
		return 0;
	}
	if (j->comp != SX_COMP_NONE && j->in_fd > 0)
		close(j->in_fd);   /* the split reads the tool, not the file */
	j->in_fd = -1;
	if (cfg->verbose)
		say_how(j, "split across %u tsharks by TCP connection%s%s%s",
		    sx_split_ways(j->split), j->comp ? " (decompressed by " :
		    "", j->comp ? j->dc.path : "", j->comp ? " -dc)" : "");
	return 1;
}

/* The frames of a capture whose first bytes are in h: all of them when
 * h holds the whole capture, else a number large enough for any split. */
static uint64_t
head_frames(const struct head_src *h)
{
	struct sx_pcapio rd;
	struct sx_block b;
	size_t off = 0, used, need;
	uint64_t n;

	if (!h->whole)
		return UINT64_MAX / 4;
	sx_pcapio_init(&rd);
	while (sx_pcapio_next(&rd, h->buf + off, h->n - off, 1, &b, &used,
	    &need) == 1)
		off += used;
	n = rd.packets;   /* sx_pcapio_free clears it */
	sx_pcapio_free(&rd);
	return n;
}

/* Bytes of a compressed capture looked at before deciding to read it
 * through its decompressor. */
#define COMP_HEAD (1024 * 1024)

/* Whether the regular file j->in_fd is a compressed pcap or pcapng that
 * streamxpert reads through its decompressor (decomp.h): it must be cut
 * (a tshark reading the file itself needs no decompressor), the tool
 * installed, and what it gives a capture tshark would read the same
 * through a pipe. -v says why not. */
static int
job_compressed(struct sx_job *j, const struct sx_run_config *cfg)
{
	unsigned char head[4], *buf;
	struct head_src h = { -1, 0, 0, NULL, 0, 0 };
	enum sx_comp comp;
	char why[300] = "";
	long n;

	j->comp = SX_COMP_NONE;
	if (!cfg->cut || pread(j->in_fd, head, sizeof(head), 0) != 4 ||
	    (comp = sx_comp_sniff(head, sizeof(head))) == SX_COMP_NONE)
		return 0;
	if (sx_decomp_find(&j->dc, comp) != 0) {
		if (cfg->verbose)
			say_how(j, "%s is not installed: tshark reads the "
			    "compressed file itself", sx_comp_tool(comp));
		return 0;
	}
	buf = sx_malloc(COMP_HEAD);
	n = sx_decomp_head(&j->dc, j->in_fd, buf, COMP_HEAD, &h.whole);
	h.buf = buf;
	h.n = n > 0 ? (size_t)n : 0;
	if (n < 4 || sx_pcap_sniff(buf, (size_t)n) == SX_PCAP_UNKNOWN)
		snprintf(why, sizeof(why), "what %s gives is not a pcap or "
		    "pcapng file (tshark reads it itself)", sx_comp_tool(comp));
	else
		head_in_doubt(&h, why, sizeof(why));
	j->comp_frames = head_frames(&h);
	free(buf);
	if (why[0] != '\0') {
		if (cfg->verbose)
			say_how(j, "tshark reads the whole frames: %s", why);
		return 0;
	}
	j->comp = comp;
	return 1;
}

/* Open the job's input: 0, or -1 with the job done (failed). */
static int
job_open(struct sx_job *j)
{
	if (strcmp(j->name, "-") == 0) {
		j->in_fd = 0;
		return 0;
	}
	do
		j->in_fd = open(j->name, O_RDONLY | O_CLOEXEC);
	while (j->in_fd < 0 && errno == EINTR && !sx_signals_caught());
	if (j->in_fd >= 0)
		return 0;
	job_fail(j, SX_JOB_UNREADABLE, "%s", strerror(errno));
	return -1;
}

/* Open the input and start its tshark. On failure the job is done, or
 * NO_ROOM. */
static enum start
job_start(struct sx_job *j, const struct sx_run_config *cfg)
{
	struct stat st;

	j->started = 1;
	if (cfg->run.interface != NULL)
		return job_spawn(j, cfg);
	if (job_open(j) != 0)
		return out_of_room(errno) ? NO_ROOM : STARTED;
	if (fstat(j->in_fd, &st) != 0)
		return job_spawn(j, cfg);
	if (S_ISDIR(st.st_mode)) {
		job_fail(j, SX_JOB_UNREADABLE, "is a directory");
		return STARTED;
	}
	if (S_ISREG(st.st_mode) && st.st_size == 0) {
		job_fail(j, SX_JOB_UNREADABLE, "empty file, not a capture");
		return STARTED;
	}
	if (S_ISREG(st.st_mode)) {
		j->size = (uint64_t)st.st_size;
		sx_close(&j->pos_fd);   /* started again */
		j->pos_fd = fcntl(j->in_fd, F_DUPFD_CLOEXEC, 3);
		if (j->pos_fd < 0 && out_of_room(errno)) {
			job_fail(j, SX_JOB_NO_TSHARK, "%s", strerror(errno));
			return NO_ROOM;
		}
		if (job_compressed(j, cfg)) {
			if (job_try_split(j, cfg))
				return STARTED;
			j->in_off = 0;
			j->reread = 1;   /* by the tool again */
			return job_spawn(j, cfg);
		}
		if (job_try_split(j, cfg))
			return STARTED;
		/* A regular file can be read a second time. */
		if ((j->in_off = lseek(j->in_fd, 0, SEEK_CUR)) >= 0)
			j->reread = 1;
	}
	return job_spawn(j, cfg);
}

/* The cheap endpoint fields cannot describe a frame: stop this tshark,
 * forget what it printed, and read the capture again with the exact
 * fields. */
static void
job_restart_exact(struct sx_job *j, const struct sx_run_config *cfg)
{
	struct sx_runner *r = j->run;

	if (cfg->verbose)
		say_how(j, "%s (tshark output line %llu); reading it again "
		    "with the exact endpoint fields", sx_runner_parse_error(r),
		    (unsigned long long)sx_runner_lines(r));
	sx_runner_reset(r);
	sx_feed_free(j->feed);
	j->feed = NULL;
	j->exact = 1;
	j->reread = 0;
	if (lseek(j->in_fd, j->in_off, SEEK_SET) < 0) {
		job_fail(j, SX_JOB_TSHARK, "cannot read the capture again: %s",
		    strerror(errno));
		if (j->in_fd > 0)
			close(j->in_fd);
		j->in_fd = -1;
		return;
	}
	job_spawn(j, cfg);
}

/* The job's error for what tshark said went wrong. */
static enum sx_job_error
job_error(enum sx_tshark_fault f)
{
	switch (f) {
	case SX_TSHARK_FAILED:
		return SX_JOB_TSHARK;
	case SX_TSHARK_CUT_SHORT:
		return SX_JOB_CUT_SHORT;
	case SX_TSHARK_NOT_CAPTURE:
		return SX_JOB_NOT_CAPTURE;
	case SX_TSHARK_DAMAGED:
		return SX_JOB_DAMAGED;
	case SX_TSHARK_NOT_FILE:
		return SX_JOB_NOT_FILE;
	}
	return SX_JOB_TSHARK;
}

/* Every frame was read, but some with a time tshark calls invalid
 * (parse.h): a damaged capture, every frame of it counted. */
static void
bad_times(struct sx_job *j)
{
	const struct sx_parser *ps = sx_runner_parser(j->run);

	j->code = SX_JOB_DAMAGED;
	j->outcome = SX_OUT_PARTIAL;
	j->error = sx_strdupf("frame %llu%s: tshark printed an invalid time "
	    "(%s); %llu frame%s counted without %s time (the previous "
	    "frame's is taken, and no RTT sample)",
	    (unsigned long long)ps->bad_line, j->dfilter ? " of those -Y "
	    "shows" : "", ps->bad_what, (unsigned long long)ps->bad_times,
	    ps->bad_times == 1 ? " is" : "s are",
	    ps->bad_times == 1 ? "its" : "their");
}

/* The decompressor of a job whose tshark ended well: when it failed
 * (after giving all it could), the job gets the error a plain capture
 * cut short or damaged gets. Returns 1 when it did (the job is done). */
static int
decomp_failed(struct sx_job *j)
{
	char msg[300];
	uint64_t n = sx_runner_frames(j->run);
	int cut;

	if (j->comp == SX_COMP_NONE || !j->dc_eof || WIFSIGNALED(sx_runner_status(j->run)) ||
	    sx_decomp_end(&j->dc, &cut, msg, sizeof(msg)) == 0)
		return 0;
	/* tshark met the end of what the tool gave: its words say the
	 * same, unless the tool found the data damaged */
	if (cut && !sx_runner_ok(j->run))
		return 0;
	j->code = cut ? SX_JOB_CUT_SHORT : SX_JOB_DAMAGED;
	j->outcome = n > 0 ? SX_OUT_PARTIAL : SX_OUT_FAILED;
	free(j->error);
	j->error = cut ? sx_strdup("the capture is cut short in the middle "
	    "of a packet") : sx_strdupf("the capture is damaged or corrupt "
	    "(%s)", msg);
	if (n > 0) {
		char *e = sx_strdupf("%s; the report covers only the %llu "
		    "frame%s read before that", j->error, (unsigned long long)n,
		    n == 1 ? "" : "s");

		free(j->error);
		j->error = e;
	}
	job_close(j);
	return 1;
}

/* Its tshark is gone and its output read: settle the job's outcome. */
static void
job_finish(struct sx_job *j)
{
	struct sx_runner *r = j->run;
	uint64_t lines = sx_runner_lines(r);
	enum sx_tshark_fault fault;
	enum sx_job_error code;
	char how[128];
	char *msg;

	j->done = 1;
	if (sx_runner_error(r) != NULL) {
		j->outcome = SX_OUT_FAILED;
		j->code = SX_JOB_BAD_OUTPUT;
		j->error = sx_runner_take_error(r);
		job_close(j);
		return;
	}
	sx_table_free(&j->table);
	sx_runner_take_table(r, &j->table);
	if (sx_runner_ok(r) && sx_runner_parser(r)->bad_times > 0) {
		bad_times(j);
		job_close(j);
		return;
	}
	if (decomp_failed(j))
		return;
	if (sx_runner_ok(r)) {
		j->outcome = SX_OUT_OK;
		job_close(j);
		return;
	}
	sx_describe_status(sx_runner_status(r), how, sizeof(how));
	msg = sx_tshark_explain(sx_runner_stderr(r), &fault);
	code = job_error(fault);
	if (WIFSIGNALED(sx_runner_status(r)) || msg == NULL) {
		char *m = msg;

		msg = sx_strdupf("tshark %s%s%s%s", how, m ? " (" : "",
		    m ? m : "", m ? ")" : "");
		free(m);
		code = SX_JOB_TSHARK;
	}
	j->code = code;
	j->outcome = lines > 0 ? SX_OUT_PARTIAL : SX_OUT_FAILED;
	if (lines > 0) {
		uint64_t n = sx_runner_frames(r);

		j->error = sx_strdupf("%s; the report covers only the %llu "
		    "frame%s read before that", msg,
		    (unsigned long long)n, n == 1 ? "" : "s");
		free(msg);
	} else {
		j->error = msg;
	}
	job_close(j);
}

/* The events of a job's feed (pfd: its SX_FEED_NFDS entries); at its
 * end -v says what was fed, and a failed reading of the input fails
 * the job. */
static void
feed_events(struct sx_job *j, const struct pollfd *pfd,
    const struct sx_run_config *cfg)
{
	char msg[400];

	if (sx_feed_events(j->feed, pfd))
		return;
	j->dc_eof = sx_feed_at_eof(j->feed);
	if (sx_feed_error(j->feed) != NULL) {
		sx_runner_fail(j->run, "%s", sx_feed_error(j->feed));
	} else if (cfg->verbose) {
		sx_feed_describe(j->feed, msg, sizeof(msg));
		say_how(j, "%s", msg);
	}
	sx_feed_free(j->feed);
	j->feed = NULL;
}

/* The events of a job that runs one tshark. Returns 1 when it is done. */
static int
runner_events(struct sx_job *j, const struct pollfd *pfd,
    const struct sx_run_config *cfg)
{
	struct sx_runner *r = j->run;

	switch (sx_runner_events(r, pfd)) {
	case SX_RUNNER_RUNNING:
		return 0;
	case SX_RUNNER_UNPARSED:
		if (sx_runner_parse_rc(r) == SX_PARSE_FALLBACK && j->reread) {
			job_restart_exact(j, cfg);
			return j->done;
		}
		/* tshark is stopped and reaped now: the job ends here */
		sx_runner_fail(r, "tshark printed something streamxpert did "
		    "not ask for on output line %llu: %s",
		    (unsigned long long)sx_runner_lines(r),
		    sx_runner_parse_error(r));
		break;
	case SX_RUNNER_ENDED:
		break;
	}
	job_finish(j);
	return 1;
}

/* The split's events; when it gives up, the job starts again with one
 * tshark. Returns 1 when it is done, -1 when its start found no room. */
static int
split_events(struct sx_job *j, const struct pollfd *pfd,
    const struct sx_run_config *cfg)
{
	char why[300], msg[300];
	int cut;

	switch (sx_split_events(j->split, pfd, &j->table, why, sizeof(why))) {
	case SX_SPLIT_RUNNING:
		return 0;
	case SX_SPLIT_DONE:
		if (j->comp != SX_COMP_NONE && sx_decomp_end(&j->dc, &cut, msg,
		    sizeof(msg)) != 0) {
			snprintf(why, sizeof(why), "%s", msg);
			break;   /* one tshark says what is wrong */
		}
		j->outcome = SX_OUT_OK;
		j->done = 1;
		job_close(j);
		if (cfg->verbose)
			say_how(j, "%s", why);
		return 1;
	case SX_SPLIT_RERUN:
		break;
	}
	job_close(j);
	sx_table_free(&j->table);
	sx_table_init(&j->table);
	/* The exact endpoint fields at once: the split may have given up
	 * on a frame the cheap ones cannot describe, and a third reading
	 * of the file is not worth the saving. */
	j->exact = 1;
	if (cfg->verbose)
		say_how(j, "one tshark for the whole file, after all: %s", why);
	if (job_start(j, cfg) == NO_ROOM)
		return -1;
	return j->done;
}

static void
abort_all(struct sx_job **jobs, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		struct sx_job *j = jobs[i];

		if (!j->started || j->done)
			continue;
		job_close(j);
		job_fail(j, SX_JOB_STOPPED, "stopped before the end");
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
	for (i = 0; i < n; i++)
		if (jobs[i]->started && !jobs[i]->done)
			sx_runner_signal(jobs[i]->run, SIGINT);
	return 0;
}

/* The loop's state. */
struct sched {
	struct sx_job **jobs;
	size_t n;
	const struct sx_run_config *cfg;
	size_t next_start, next_done, running;
	size_t limit;            /* tsharks at once, lowered on no room */
	struct pollfd *pfd;
	size_t pfd_cap;
	char *err;               /* SX_SCHED_NO_TSHARK: why */
	size_t errsize;
};

/* A start found no room: run fewer at once, or, with none running,
 * give up. Returns 0, or SX_SCHED_NO_TSHARK. */
static int
no_room(struct sched *s, struct sx_job *j)
{
	if (s->running == 0) {
		snprintf(s->err, s->errsize, "%s", j->error);
		job_unstart(j);
		return SX_SCHED_NO_TSHARK;
	}
	if (s->cfg->verbose && s->limit > s->running)
		say_how(j, "%s; running at most %zu tsharks at once", j->error,
		    s->running);
	job_unstart(j);
	s->limit = s->running;
	return 0;
}

/* Start jobs up to the limit. Returns 0 or SX_SCHED_NO_TSHARK. */
static int
start_jobs(struct sched *s)
{
	while (s->running < s->limit && s->next_start < s->n &&
	    !sx_signals_caught()) {
		struct sx_job *j = s->jobs[s->next_start];

		if (!j->done && job_start(j, s->cfg) == NO_ROOM)
			return no_room(s, j) != 0 ? SX_SCHED_NO_TSHARK : 0;
		s->next_start++;
		if (!j->done)
			s->running++;
	}
	return 0;
}

/* Fill the poll entries of every running job, after the signal pipe
 * and stdout. Returns the number of entries; *timeout is set short when
 * a tshark waits to be reaped. */
static size_t
fill_pollfds(struct sched *s, int watch, int *timeout)
{
	size_t np = 2, need = 2, i;

	for (i = s->next_done; i < s->next_start; i++)
		if (!s->jobs[i]->done)
			need += s->jobs[i]->split ?
			    sx_split_nfds(s->jobs[i]->split) :
			    SX_RUNNER_NFDS + SX_FEED_NFDS;
	if (need > s->pfd_cap) {
		s->pfd = sx_reallocarray(s->pfd, need, sizeof(*s->pfd));
		s->pfd_cap = need;
	}
	s->pfd[0] = (struct pollfd){ sx_signals_fd(), POLLIN, 0 };
	s->pfd[1] = (struct pollfd){ watch, 0, 0 };
	for (i = s->next_done; i < s->next_start; i++) {
		struct sx_job *j = s->jobs[i];

		if (j->done)
			continue;
		if (j->split) {
			if (sx_split_pollfds(j->split, s->pfd + np))
				*timeout = 20;
			np += sx_split_nfds(j->split);
		} else {
			if (sx_runner_pollfds(j->run, s->pfd + np))
				*timeout = 20;
			np += SX_RUNNER_NFDS;
			if (j->feed)
				sx_feed_pollfds(j->feed, s->pfd + np);
			else
				s->pfd[np] = s->pfd[np + 1] =
				    (struct pollfd){ -1, 0, 0 };
			np += SX_FEED_NFDS;
		}
	}
	return np;
}

/* Handle the poll events of every running job (in the order of
 * fill_pollfds). Returns 0 or SX_SCHED_NO_TSHARK. */
static int
job_events(struct sched *s)
{
	size_t np = 2, i;

	for (i = s->next_done; i < s->next_start; i++) {
		struct sx_job *j = s->jobs[i];
		int r;

		if (j->done)
			continue;
		if (j->split) {
			size_t k = sx_split_nfds(j->split);

			r = split_events(j, s->pfd + np, s->cfg);
			np += k;
		} else {
			if (j->feed)
				feed_events(j, s->pfd + np + SX_RUNNER_NFDS,
				    s->cfg);
			r = runner_events(j, s->pfd + np, s->cfg);
			np += SX_RUNNER_NFDS + SX_FEED_NFDS;
		}
		if (r < 0) {
			s->running--;
			if (no_room(s, j) != 0)
				return SX_SCHED_NO_TSHARK;
			s->next_start = i;   /* start it again */
		} else if (r > 0) {
			s->running--;
		}
	}
	return 0;
}

/* Called about every tick_ms. */
static void
tick(struct sched *s)
{
	struct sx_tick t = { 0 };
	size_t i;

	for (i = 0; i < s->n; i++) {
		t.bytes += job_position(s->jobs[i]);
		t.frames += job_frames(s->jobs[i]);
	}
	if (s->n == 1 && s->jobs[0]->started && !s->jobs[0]->done &&
	    s->jobs[0]->split == NULL) {
		t.name = s->jobs[0]->name;
		t.table = sx_runner_table(s->jobs[0]->run);
	}
	s->cfg->tick(&t, s->cfg->ctx);
}

/* Hand the jobs that are done, in input order, to cfg->done. Returns 0,
 * or SX_SCHED_STOPPED when it asked to stop. */
static int
hand_back(struct sched *s)
{
	while (s->next_done < s->n && s->jobs[s->next_done]->done) {
		struct sx_job *j = s->jobs[s->next_done++];
		struct sx_result res;
		int stop;

		res.name = j->name;
		res.outcome = j->outcome;
		res.error = j->code;
		res.message = j->error;
		res.table = j->outcome == SX_OUT_FAILED ? NULL : &j->table;
		res.maybe_capture = j->maybe_capture;
		stop = s->cfg->done(&res, s->cfg->ctx);
		/* The rows are written (or copied, for the table): free
		 * them now, so memory holds one capture's streams at a
		 * time. */
		sx_table_free(&j->table);
		sx_table_init(&j->table);
		if (stop)
			return SX_SCHED_STOPPED;
	}
	return 0;
}

/* A turn that moved some bytes, but less than NAP_BELOW, woke up for
 * little: wait NAP_NS before the next poll, so that the pipes fill
 * meanwhile. A tshark prints about 10 MB/s into a 256 KiB pipe and reads
 * its frames from a 1 MiB one, so neither side waits; what is saved is
 * the wake-ups (one per few kilobytes otherwise: a fifth of
 * streamxpert's own time). A turn that moved nothing waited for a start,
 * an end or a signal, and the next poll comes at once; a signal also
 * ends the wait. */
#define NAP_NS 2000000L
#define NAP_BELOW (64u * 1024)

static void
nap_if_thin(uint64_t *before)
{
	uint64_t moved = sx_io_total() - *before;

	if (moved > 0 && moved < NAP_BELOW && !sx_signals_caught()) {
		struct timespec ts = { 0, NAP_NS };

		nanosleep(&ts, NULL);
	}
	*before = sx_io_total();
}

int
sx_sched_run(struct sx_job **jobs, size_t n, const struct sx_run_config *cfg,
    char *err, size_t errsize)
{
	struct sched s = { jobs, n, cfg, 0, 0, 0, cfg->parallel, NULL, 0,
	    err, errsize };
	struct stat st;
	int watch = -1, sig = 0, stopping = 0;
	double last_tick = sx_now() * 1e3;
	uint64_t moved = sx_io_total();

	/* One capture and several tsharks: split it (split.h). */
	if (n == 1 && cfg->parallel > 1 && cfg->run.dfilter == NULL &&
	    cfg->run.interface == NULL)
		jobs[0]->may_split = 1;
	if (cfg->watch_stdout && fstat(1, &st) == 0 &&
	    (S_ISFIFO(st.st_mode) || S_ISSOCK(st.st_mode)))
		watch = 1;

	while (s.next_done < n) {
		int timeout = -1;
		size_t np;

		if ((sig = start_jobs(&s)) != 0 || (sig = hand_back(&s)) != 0)
			break;
		if (s.next_done == n)
			break;
		if (sx_signals_caught() &&
		    (sig = on_signal(jobs, n, cfg, &stopping)) != 0)
			break;
		np = fill_pollfds(&s, watch, &timeout);
		if (cfg->tick && (timeout < 0 || (unsigned)timeout >
		    cfg->tick_ms))
			timeout = (int)cfg->tick_ms;
		nap_if_thin(&moved);
		if (poll(s.pfd, np, timeout) < 0 && errno != EINTR) {
			sx_warn("poll: %s", strerror(errno));
			sig = SIGTERM;
			break;
		}
		if (sx_signals_caught() &&
		    (sig = on_signal(jobs, n, cfg, &stopping)) != 0)
			break;
		if (watch >= 0 && (s.pfd[1].revents & (POLLERR | POLLHUP))) {
			sig = SIGPIPE;
			break;
		}
		if ((sig = job_events(&s)) != 0)
			break;
		if (cfg->tick && sx_now() * 1e3 - last_tick >= cfg->tick_ms) {
			tick(&s);
			last_tick = sx_now() * 1e3;
		}
	}
	if (sig)
		abort_all(jobs, n);
	free(s.pfd);
	return sig;
}
