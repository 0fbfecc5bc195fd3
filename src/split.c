/* split.c - one capture across several tsharks, merged exactly. */
#define _GNU_SOURCE 1
#include "split.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "analyze.h"
#include "cut.h"
#include "flowsplit.h"
#include "signals.h"
#include "pcapio.h"

/* Bytes queued for one tshark before the reader pauses. */
#define QUEUE_HIGH (4u * 1024 * 1024)
/* Bytes read from the capture at a time. */
#define READ_CHUNK (1u * 1024 * 1024)
/* Reads per descriptor per loop turn. */
#define READS_PER_TURN 8

struct spart {
	struct sx_child child;
	int in;                   /* write end of tshark's stdin, or -1 */
	struct sx_linebuf out;
	struct sx_parser ps;
	struct sx_buf q;          /* bytes for tshark, from qoff */
	size_t qoff;
	/* global frame numbers sent and not yet printed, each shifted left
	 * by one, the low bit set for a frame with a TCP header: a ring */
	uint64_t *fifo;
	size_t fcap, fhead, fn;
	uint64_t sent, lines;
	int64_t first_ts;         /* the first frame sent here */
	int have_first;
	struct sx_table table;    /* streams in this tshark's numbering */
	uint64_t *first;          /* global frame number of each stream's
	                           * first frame, by local stream number */
	size_t nfirst, firstcap;
	int status, reaped;
};

struct sx_split {
	unsigned n;
	struct spart *p;
	int fd;
	struct sx_pcapio rd;
	unsigned char *buf;
	size_t cap, start, len;
	int eof, input_done;
	uint64_t frames;          /* frames sent */
	int64_t first_ts;
	int have_first;
	int time_wanted;          /* frame.time_relative is asked for */
	int cut;                  /* frames cut to their headers (cut.h) */
	char why[256];            /* set: give up and rerun */
};

static void
give_up(struct sx_split *s, const char *fmt, ...) SX_PRINTF(2, 3);

static void
give_up(struct sx_split *s, const char *fmt, ...)
{
	va_list ap;

	if (s->why[0])
		return;
	va_start(ap, fmt);
	vsnprintf(s->why, sizeof(s->why), fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ reading */

/* Make the buffer hold at least need unread bytes, or reach the end of
 * the file. Returns 0, or -1 on a read error (given up). */
static int
fill(struct sx_split *s, size_t need)
{
	if (s->start > 0 && (s->len - s->start < need ||
	    s->start >= s->cap / 2)) {
		memmove(s->buf, s->buf + s->start, s->len - s->start);
		s->len -= s->start;
		s->start = 0;
	}
	if (need < READ_CHUNK)
		need = READ_CHUNK;
	if (s->cap < need + READ_CHUNK) {
		s->cap = need + READ_CHUNK;
		s->buf = sx_realloc(s->buf, s->cap);
	}
	while (!s->eof && s->len - s->start < need) {
		ssize_t r = read(s->fd, s->buf + s->len, s->cap - s->len);

		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0) {
			give_up(s, "reading the capture: %s", strerror(errno));
			return -1;
		}
		if (r == 0)
			s->eof = 1;
		s->len += (size_t)r;
		if (s->cap - s->len < READ_CHUNK / 4)
			break;
	}
	return 0;
}

/* The next block of the file: 1, 0 at the end, -1 given up. */
static int
next_block(struct sx_split *s, struct sx_block *b)
{
	size_t used, need;
	int r;

	for (;;) {
		r = sx_pcapio_next(&s->rd, s->buf + s->start,
		    s->len - s->start, s->eof, b, &used, &need);
		if (r == 1) {
			s->start += used;
			return 1;
		}
		if (r < 0) {
			give_up(s, "%s", s->rd.err);
			return -1;
		}
		if (s->eof)
			return 0;
		if (fill(s, need > s->len - s->start ? need :
		    s->len - s->start + 1) != 0)
			return -1;
	}
}

/* Whether a block can go to the partitions as it is, and where: the
 * partition, n for every one, or -1 (given up). *tcp says whether tshark
 * must find exactly one TCP header in the frame. */
static int
route(struct sx_split *s, const struct sx_block *b, int *tcp, size_t *keep)
{
	struct sx_flow fl;

	*tcp = 0;
	*keep = 0;
	switch (b->kind) {
	case SX_BLK_HEADER:
	case SX_BLK_META:
		return (int)s->n;
	case SX_BLK_OTHER:
		give_up(s, "a pcapng block of type 0x%08lx, which tshark may "
		    "count as a frame", (unsigned long)b->type);
		return -1;
	case SX_BLK_PACKET:
		break;
	}
	if (b->ts_status == SX_TS_NONE) {
		give_up(s, "frame %llu has no timestamp (a simple packet "
		    "block)", (unsigned long long)s->rd.packets);
		return -1;
	}
	if (b->ts_status != SX_TS_EXACT) {
		give_up(s, "frame %llu has a timestamp that is not a whole "
		    "number of nanoseconds", (unsigned long long)s->rd.packets);
		return -1;
	}
	if (b->unusual) {
		give_up(s, "frame %llu has an unusual record header (captured "
		    "length above the packet length or the snapshot length)",
		    (unsigned long long)s->rd.packets);
		return -1;
	}
	sx_flow_classify(b->linktype, b->pkt, b->caplen, &fl);
	if (s->cut)
		*keep = sx_cut_keep(b, &fl);
	switch (fl.kind) {
	case SX_FLOW_TCP:
		*tcp = 1;
		return (int)sx_flow_partition(fl.hash, s->n);
	case SX_FLOW_OTHER:
		return (int)sx_flow_partition(fl.hash, s->n);
	case SX_FLOW_UNSURE:
		break;
	}
	give_up(s, "frame %llu: %s (link type %lu)",
	    (unsigned long long)s->rd.packets, fl.why,
	    (unsigned long)b->linktype);
	return -1;
}

/* Read the whole file once: can it be split? Returns 0 or -1 (why). */
static int
prescan(struct sx_split *s)
{
	struct sx_block b;
	uint64_t tcp_frames = 0;
	size_t keep;
	int r, tcp;

	if (fill(s, 4) != 0)
		return -1;
	if (sx_pcap_sniff(s->buf, s->len) == SX_PCAP_UNKNOWN) {
		if (s->len >= 2 && s->buf[0] == 0x1f && s->buf[1] == 0x8b)
			give_up(s, "a gzip-compressed file");
		else
			give_up(s, "not a pcap or pcapng file");
		return -1;
	}
	while ((r = next_block(s, &b)) == 1) {
		/* Ctrl-C need not wait for the end of a long first pass */
		if (sx_signals_caught()) {
			give_up(s, "interrupted");
			return -1;
		}
		if (route(s, &b, &tcp, &keep) < 0)
			return -1;
		tcp_frames += tcp;
	}
	if (r < 0)
		return -1;
	if (tcp_frames == 0) {
		give_up(s, "no TCP frames");
		return -1;
	}
	return 0;
}

/* ------------------------------------------------------------ sending */

static void
fifo_push(struct spart *p, uint64_t v)
{
	if (p->fn == p->fcap) {
		size_t ncap = p->fcap ? p->fcap * 2 : 4096, i;
		uint64_t *nf = sx_reallocarray(NULL, ncap, sizeof(*nf));

		for (i = 0; i < p->fn; i++)
			nf[i] = p->fifo[(p->fhead + i) % p->fcap];
		free(p->fifo);
		p->fifo = nf;
		p->fcap = ncap;
		p->fhead = 0;
	}
	p->fifo[(p->fhead + p->fn) % p->fcap] = v;
	p->fn++;
}

static int
fifo_pop(struct spart *p, uint64_t *v)
{
	if (p->fn == 0)
		return -1;
	*v = p->fifo[p->fhead];
	p->fhead = (p->fhead + 1) % p->fcap;
	p->fn--;
	return 0;
}

static int
queues_below(const struct sx_split *s, size_t limit)
{
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (s->p[i].in >= 0 && s->p[i].q.len - s->p[i].qoff >= limit)
			return 0;
	return 1;
}

/* Move blocks from the file to the queues until one is full. */
static void
refill(struct sx_split *s)
{
	struct sx_block b;
	size_t keep;
	int r, tcp, dest;
	unsigned i;

	while (!s->input_done && !s->why[0] && queues_below(s, QUEUE_HIGH)) {
		r = next_block(s, &b);
		if (r < 0)
			return;
		if (r == 0) {
			s->input_done = 1;
			break;
		}
		dest = route(s, &b, &tcp, &keep);
		if (dest < 0)
			return;   /* the file changed since the first pass */
		if (dest == (int)s->n) {
			for (i = 0; i < s->n; i++)
				if (s->p[i].in >= 0)
					sx_buf_add(&s->p[i].q, b.data, b.len);
			continue;
		}
		{
			struct spart *p = &s->p[dest];

			if (!s->have_first) {
				s->first_ts = b.ts_ns;
				s->have_first = 1;
			}
			if (!p->have_first) {
				p->first_ts = b.ts_ns;
				p->have_first = 1;
			}
			s->frames++;
			p->sent++;
			fifo_push(p, s->frames << 1 | (uint64_t)tcp);
			if (p->in >= 0)
				sx_cut_block(&b, keep, &p->q);
		}
	}
}

/* Write what tshark takes now. */
static void
write_part(struct sx_split *s, struct spart *p)
{
	while (p->in >= 0 && p->qoff < p->q.len) {
		size_t n = p->q.len - p->qoff;
		ssize_t w;

		if (n > 256 * 1024)
			n = 256 * 1024;
		w = write(p->in, p->q.data + p->qoff, n);
		if (w < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				break;
			/* tshark stopped reading (it failed) */
			give_up(s, "writing to a tshark: %s", strerror(errno));
			sx_close(&p->in);
			break;
		}
		p->qoff += (size_t)w;
	}
	if (p->qoff == p->q.len) {
		sx_buf_reset(&p->q);
		p->qoff = 0;
		if (s->input_done)
			sx_close(&p->in);
	} else if (p->qoff >= 1024 * 1024) {
		memmove(p->q.data, p->q.data + p->qoff, p->q.len - p->qoff);
		p->q.len -= p->qoff;
		p->qoff = 0;
	}
}

/* ------------------------------------------------------------ output */

/* One line of tshark's output. Returns 0, or -1 (given up). */
static int
take_line(struct sx_split *s, struct spart *p, char *line, size_t n)
{
	struct sx_frame *f = &p->ps.frame;
	char err[256];
	uint64_t v, gf;
	int tcp;

	p->lines++;
	if (fifo_pop(p, &v) != 0) {
		give_up(s, "a tshark printed more lines than it was sent "
		    "frames");
		return -1;
	}
	gf = v >> 1;
	tcp = (int)(v & 1);
	if (sx_parse_line(&p->ps, line, n) != 0) {
		give_up(s, "tshark output line not understood: %s",
		    p->ps.err);
		return -1;
	}
	if (f->nhdr != (size_t)tcp) {
		give_up(s, "in frame %llu tshark found %zu TCP streams where "
		    "the splitter expected %d", (unsigned long long)gf,
		    f->nhdr, tcp);
		return -1;
	}
	if (tcp) {
		size_t k = f->hdr[0].stream;

		if (k > p->nfirst) {
			give_up(s, "a stream-number gap in a partition (a "
			    "dissector that creates conversations)");
			return -1;
		}
		if (k == p->nfirst) {
			if (p->nfirst == p->firstcap) {
				p->firstcap = p->firstcap ? p->firstcap * 2 :
				    1024;
				p->first = sx_reallocarray(p->first,
				    p->firstcap, sizeof(*p->first));
			}
			p->first[p->nfirst++] = gf;
		}
	}
	if (s->time_wanted)
		f->time_ns += p->first_ts - s->first_ts;
	if (sx_table_add(&p->table, f, err, sizeof(err)) != 0) {
		give_up(s, "%s", err);
		return -1;
	}
	return 0;
}

static void
read_out(struct sx_split *s, struct spart *p)
{
	int i;

	for (i = 0; i < READS_PER_TURN && p->child.out >= 0; i++) {
		ssize_t r = sx_linebuf_read(&p->out, p->child.out);
		char *line;
		size_t n;
		int k;

		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return;
		if (r < 0) {
			give_up(s, "reading a tshark's output: %s",
			    strerror(errno));
			sx_close(&p->child.out);
			return;
		}
		while ((k = sx_linebuf_next(&p->out, &line, &n)) == 1)
			if (take_line(s, p, line, n) != 0)
				return;
		if (k < 0) {
			give_up(s, "a tshark printed an overlong line");
			return;
		}
		if (r == 0) {
			if (sx_linebuf_pending(&p->out))
				give_up(s, "a tshark's output ended in the "
				    "middle of a line");
			sx_close(&p->child.out);
			return;
		}
	}
}

/* tshark's stderr is not needed: a failed partition means a rerun, and
 * the single tshark then says what went wrong. */
static void
read_err(struct spart *p)
{
	char chunk[4096];
	int i;

	for (i = 0; i < READS_PER_TURN && p->child.err >= 0; i++) {
		ssize_t r = read(p->child.err, chunk, sizeof(chunk));

		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK ||
		    errno == EINTR))
			return;
		if (r <= 0) {
			sx_close(&p->child.err);
			return;
		}
	}
}

/* ------------------------------------------------------------ life */

static void
stop_all(struct sx_split *s)
{
	unsigned i;

	for (i = 0; s->p != NULL && i < s->n; i++) {
		struct spart *p = &s->p[i];

		sx_close(&p->in);
		sx_close(&p->child.out);
		sx_close(&p->child.err);
		if (p->child.pid > 0 && !p->reaped) {
			sx_stop(p->child.pid, 500, &p->status);
			p->reaped = 1;
		}
	}
}

void
sx_split_free(struct sx_split *s)
{
	unsigned i;

	if (s == NULL)
		return;
	stop_all(s);
	for (i = 0; s->p != NULL && i < s->n; i++) {
		struct spart *p = &s->p[i];

		sx_linebuf_free(&p->out);
		sx_parser_free(&p->ps);
		sx_buf_free(&p->q);
		free(p->fifo);
		free(p->first);
		sx_table_free(&p->table);
	}
	free(s->p);
	if (s->fd >= 0)
		close(s->fd);
	sx_pcapio_free(&s->rd);
	free(s->buf);
	free(s);
}

/* Frames each tshark of a split must have at least for the split to be
 * faster than one tshark: each costs a fixed start-up (about 0.2 s and
 * 150 MB, measured in make bench, see bench/README.md), and tshark reads
 * some 100k header-only frames a second: the benchmark found -j 2
 * faster than -j 1 from about 100k frames. STREAMXPERT_SPLIT_FRAMES sets
 * another figure (the benchmark's break-even measurement). */
#define SPLIT_FRAMES 50000
/* Memory one tshark of a split may take, for the bound by MemAvailable. */
#define TSHARK_BYTES (200ull * 1024 * 1024)

/* Memory available for new processes (Linux /proc/meminfo), or 0 when
 * unknown. */
static uint64_t
mem_available(void)
{
	char line[256];
	unsigned long long kb;
	uint64_t v = 0;
	FILE *fp = fopen("/proc/meminfo", "re");

	if (fp == NULL)
		return 0;
	while (fgets(line, sizeof(line), fp) != NULL)
		if (sscanf(line, "MemAvailable: %llu kB", &kb) == 1) {
			v = (uint64_t)kb * 1024;
			break;
		}
	fclose(fp);
	return v;
}

/* How many tsharks for a capture of this many frames, at most n. */
static unsigned
ways(uint64_t frames, unsigned n, char *why, size_t whysize)
{
	const char *env = getenv("STREAMXPERT_SPLIT_FRAMES");
	uint64_t per = SPLIT_FRAMES, mem = mem_available(), k;
	char *end;

	if (env != NULL && *env != '\0') {
		unsigned long long v = strtoull(env, &end, 10);

		if (*end == '\0' && v > 0)
			per = v;
	}
	k = frames / per;
	if (k < n) {
		n = k < 1 ? 1 : (unsigned)k;
		snprintf(why, whysize, "%llu frames: each tshark of a split "
		    "needs %llu to make up for its start",
		    (unsigned long long)frames, (unsigned long long)per);
	}
	if (mem != 0 && mem / TSHARK_BYTES < n) {
		n = mem / TSHARK_BYTES < 1 ? 1 : (unsigned)(mem / TSHARK_BYTES);
		snprintf(why, whysize, "%llu MB of memory available: room for "
		    "%u tsharks of about 200 MB", (unsigned long long)(mem /
		    1000000), n);
	}
	return n;
}

unsigned
sx_split_ways(const struct sx_split *s)
{
	return s->n;
}

static void
restart_input(struct sx_split *s)
{
	sx_pcapio_free(&s->rd);
	sx_pcapio_init(&s->rd);
	s->start = s->len = 0;
	s->eof = 0;
}

struct sx_split *
sx_split_start(struct sx_job *j, int fd, unsigned n,
    const struct sx_run_config *cfg, char *why, size_t whysize)
{
	struct sx_split *s = sx_calloc(1, sizeof(*s));
	char err[512];
	struct sx_fieldset fs;
	char **argv;
	unsigned i;

	(void)j;
	s->n = n;
	s->fd = fd;
	sx_pcapio_init(&s->rd);
	s->time_wanted = cfg->run.fields->want[SX_F_TIME];
	s->cut = cfg->cut;
	if (prescan(s) != 0)
		goto fallback;
	{
		char small[200] = "";

		s->n = n = ways(s->rd.packets, n, small, sizeof(small));
		if (n < 2) {
			give_up(s, "%s", small);
			goto fallback;
		}
	}
	if (lseek(fd, 0, SEEK_SET) != 0) {
		give_up(s, "cannot seek back in the capture: %s",
		    strerror(errno));
		goto fallback;
	}
	restart_input(s);

	s->p = sx_calloc(n, sizeof(*s->p));
	for (i = 0; i < n; i++) {
		s->p[i].in = -1;
		s->p[i].child.out = s->p[i].child.err = -1;
	}
	/* The cheap endpoint fields where the engine has them: a frame they
	 * cannot describe is a parse error, and the file is then analysed
	 * again by one tshark, which reads it with the exact fields. */
	sx_tshark_fields(cfg->ts, &cfg->run, &fs);
	argv = sx_tshark_argv(cfg->ts, &cfg->run);
	for (i = 0; i < n; i++) {
		struct spart *p = &s->p[i];
		int pfd[2];

		sx_linebuf_init(&p->out, SX_LINEBUF_MAX_LINE);
		sx_parser_init(&p->ps, sx_tshark_flag_style(cfg->ts), &fs);
		sx_table_init(&p->table);
		p->table.check_numbering = 1;
		if (pipe2(pfd, O_CLOEXEC) != 0) {
			give_up(s, "pipe: %s", strerror(errno));
			break;
		}
		if (sx_spawn(&p->child, argv, sx_tshark_env(cfg->ts), pfd[0],
		    1, err, sizeof(err)) != 0) {
			close(pfd[0]);
			close(pfd[1]);
			give_up(s, "%s", err);
			break;
		}
		close(pfd[0]);
		p->in = pfd[1];
		fcntl(p->in, F_SETFL, fcntl(p->in, F_GETFL) | O_NONBLOCK);
	}
	sx_argv_free(argv);
	if (s->why[0])
		goto fallback;
	refill(s);
	return s;

fallback:
	snprintf(why, whysize, "%s", s->why);
	s->fd = -1;   /* the caller's again */
	if (lseek(fd, 0, SEEK_SET) != 0)
		snprintf(why, whysize, "cannot seek back in the capture: %s",
		    strerror(errno));
	sx_split_free(s);
	return NULL;
}

uint64_t
sx_split_lines(const struct sx_split *s)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < s->n; i++)
		n += s->p[i].lines;
	return n;
}

size_t
sx_split_nfds(const struct sx_split *s)
{
	return 3 * (size_t)s->n;
}

int
sx_split_pollfds(struct sx_split *s, struct pollfd *pfd)
{
	unsigned i;
	int reap = 0;

	for (i = 0; i < s->n; i++) {
		struct spart *p = &s->p[i];

		pfd[3 * i] = (struct pollfd){ p->qoff < p->q.len ? p->in : -1,
		    POLLOUT, 0 };
		pfd[3 * i + 1] = (struct pollfd){ p->child.out, POLLIN, 0 };
		pfd[3 * i + 2] = (struct pollfd){ p->child.err, POLLIN, 0 };
		if (p->child.out < 0 && p->child.err < 0 && !p->reaped)
			reap = 1;
	}
	return reap;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Every partition ended well: build the job's table in a single
 * tshark's numbering. */
static void
merge(struct sx_split *s, struct sx_job *j)
{
	struct sx_table *t = &j->table;
	uint64_t *key;
	size_t total = 0, next = 0, i, k;
	unsigned pi;

	for (pi = 0; pi < s->n; pi++)
		total += s->p[pi].nfirst;
	/* (first frame, partition): frame numbers fit in 48 bits here */
	key = sx_reallocarray(NULL, total ? total : 1, 2 * sizeof(*key));
	for (pi = 0; pi < s->n; pi++)
		for (k = 0; k < s->p[pi].nfirst; k++) {
			key[2 * next] = s->p[pi].first[k];
			key[2 * next + 1] = (uint64_t)pi << 40 | k;
			next++;
		}
	qsort(key, total, 2 * sizeof(*key), cmp_u64);

	sx_table_free(t);
	sx_table_init(t);
	t->check_numbering = 1;
	t->s = sx_calloc(total ? total : 1, sizeof(*t->s));
	t->cap = total ? total : 1;
	t->used = total;
	t->nstreams = total;
	for (i = 0; i < total; i++) {
		const struct spart *p = &s->p[key[2 * i + 1] >> 40];
		const struct sx_stream *src =
		    &p->table.s[key[2 * i + 1] & ((1ull << 40) - 1)];

		t->s[i] = *src;
		t->s[i].ext = 0;
		if (src->ext) {
			if (t->next == t->ext_cap) {
				t->ext_cap = t->ext_cap ? t->ext_cap * 2 : 256;
				t->ext = sx_reallocarray(t->ext, t->ext_cap,
				    sizeof(*t->ext));
			}
			t->ext[t->next++] = p->table.ext[src->ext - 1];
			t->s[i].ext = (uint32_t)t->next;
		}
	}
	for (pi = 0; pi < s->n; pi++) {
		t->frames += s->p[pi].table.frames;
		t->tcp_frames += s->p[pi].table.tcp_frames;
	}
	free(key);
}

enum sx_split_state
sx_split_events(struct sx_split *s, struct sx_job *j,
    const struct pollfd *pfd, char *why, size_t whysize)
{
	unsigned i, ended = 0;

	for (i = 0; i < s->n && !s->why[0]; i++) {
		struct spart *p = &s->p[i];

		if (pfd[3 * i].fd >= 0 && pfd[3 * i].revents)
			write_part(s, p);
		if (pfd[3 * i + 1].fd >= 0 && pfd[3 * i + 1].revents)
			read_out(s, p);
		if (pfd[3 * i + 2].fd >= 0 && pfd[3 * i + 2].revents)
			read_err(p);
	}
	if (!s->why[0]) {
		refill(s);
		for (i = 0; i < s->n; i++)
			write_part(s, &s->p[i]);
	}
	for (i = 0; i < s->n && !s->why[0]; i++) {
		struct spart *p = &s->p[i];

		if (p->child.out >= 0 || p->child.err >= 0)
			continue;
		if (!p->reaped)
			p->reaped = sx_try_reap(p->child.pid, &p->status);
		if (!p->reaped)
			continue;
		if (!WIFEXITED(p->status) || WEXITSTATUS(p->status) != 0) {
			char how[128];

			sx_describe_status(p->status, how, sizeof(how));
			give_up(s, "a partition's tshark %s", how);
		} else if (p->lines != p->sent || !s->input_done) {
			give_up(s, "a partition's tshark printed %llu lines "
			    "for %llu frames", (unsigned long long)p->lines,
			    (unsigned long long)p->sent);
		} else {
			ended++;
		}
	}
	if (s->why[0]) {
		stop_all(s);
		snprintf(why, whysize, "%s", s->why);
		return SX_SPLIT_RERUN;
	}
	if (ended < s->n)
		return SX_SPLIT_RUNNING;
	merge(s, j);
	j->outcome = SX_OUT_OK;
	j->done = 1;
	{
		struct sx_buf b = { 0 };

		sx_buf_printf(&b, "merged %zu streams; frames per tshark:",
		    j->table.nstreams);
		for (i = 0; i < s->n; i++)
			sx_buf_printf(&b, " %llu",
			    (unsigned long long)s->p[i].sent);
		snprintf(why, whysize, "%s", sx_buf_cstr(&b));
		sx_buf_free(&b);
	}
	return SX_SPLIT_DONE;
}
