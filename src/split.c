/* split.c - one capture across several tsharks, merged exactly. */
#define _GNU_SOURCE 1
#include "split.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "cut.h"
#include "feed.h"
#include "flowsplit.h"
#include "pcapio.h"
#include "proc.h"
#include "runner.h"
#include "signals.h"

/* Bytes queued for one tshark before the reader pauses. */
#define QUEUE_HIGH (1u * 1024 * 1024)
/* Bytes read from the capture at a time. */
#define READ_CHUNK (1u * 1024 * 1024)
/* Frames whose route the first reading keeps for the second (4 bytes
 * each); later frames are classified again. STREAMXPERT_SPLIT_MEMO sets
 * it (the tests). */
#define MEMO_MAX (16u * 1024 * 1024)
struct sx_split;

/* One partition: its tshark, what is queued for its stdin, and which
 * frames of the capture it was sent. */
struct spart {
	struct sx_split *s;
	struct sx_runner *r;      /* its tshark and its streams, in its own
	                           * numbering */
	int in;                   /* write end of tshark's stdin, or -1 */
	struct sx_buf q;          /* bytes for tshark, from qoff */
	size_t qoff;
	/* global frame numbers sent and not yet printed, each shifted left
	 * by one, the low bit set for a frame with a TCP header: a ring */
	uint64_t *fifo;
	size_t fcap, fhead, fn;
	uint64_t sent;
	int64_t first_ts;         /* the first frame sent here */
	int have_first;
	uint64_t *first;          /* global frame number of each stream's
	                           * first frame, by local stream number */
	size_t nfirst, firstcap;
};

struct sx_split {
	unsigned n;               /* partitions that run */
	unsigned nalloc;          /* partitions set up (to free) */
	struct spart *p;
	int fd;
	struct sx_pcapio rd;
	unsigned char *buf;
	size_t cap, start, len;
	int eof, input_done;
	int mapped;               /* buf is the file, mapped (cap bytes) */
	uint64_t frames;          /* frames sent */
	int64_t first_ts;
	int have_first;
	int time_wanted;          /* frame.time_relative is asked for */
	int cut;                  /* frames cut to their headers (cut.h) */
	int withhold;             /* frames no TCP analysis sees are kept
	                           * from the tsharks (feed.h) */
	int rpcap;                /* sx_feed_withhold's state */
	uint64_t withheld;        /* frames kept back */
	/* route() of each block, as the first reading found it: tcp (bit
	 * 0), held (1), the destination (2-8), keep (9-31); nmemo blocks,
	 * valid while n is memo_n; used from memo_at on */
	uint32_t *memo;
	size_t nmemo, memocap, memo_at;
	size_t memo_max;
	unsigned memo_n;
	int memo_full;            /* a keep too big to note: no more */
	int memo_rpcap;           /* rpcap after the last block noted */
	char why[256];            /* set: give up and rerun */
};

/* Give up on the split, keeping the first reason in s->why. */
#define give_up(s, ...) ((void)((s)->why[0] || \
	sx_errf((s)->why, sizeof((s)->why), __VA_ARGS__)))

/* ------------------------------------------------------------ reading */

/* Make the buffer hold at least need unread bytes, or reach the end of
 * the file. Returns 0, or -1 on a read error (given up). */
static int
fill(struct sx_split *s, size_t need)
{
	if (s->mapped)
		return 0;   /* all there, eof set */
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
		sx_io_moved((size_t)r);
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
 * must find exactly one TCP header in the frame, *keep how much of it to
 * give, *held whether to keep it from every tshark. */
static int
route(struct sx_split *s, const struct sx_block *b, int *tcp, size_t *keep,
    int *held)
{
	struct sx_flow fl;

	*tcp = 0;
	*keep = 0;
	*held = 0;
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
	if (s->withhold)
		*held = sx_feed_withhold(b, &fl, s->rd.packets, &s->rpcap);
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

#define MEMO_KEEP_MAX 0x7fffffu

static size_t
memo_max(void)
{
	const char *env = getenv("STREAMXPERT_SPLIT_MEMO");
	char *end;
	unsigned long long v;

	if (env == NULL || *env == '\0')
		return MEMO_MAX;
	v = strtoull(env, &end, 10);
	return *end == '\0' && v < MEMO_MAX ? (size_t)v : MEMO_MAX;
}

/* Note the route of the first reading's next block. */
static void
memo_add(struct sx_split *s, int dest, int tcp, size_t keep, int held)
{
	if (s->memo_full || s->nmemo >= s->memo_max || keep > MEMO_KEEP_MAX) {
		s->memo_full = 1;
		return;
	}
	s->memo = sx_grow(s->memo, &s->memocap, s->nmemo + 1,
	    sizeof(*s->memo), 4096);
	s->memo[s->nmemo++] = (uint32_t)tcp | (uint32_t)held << 1 |
	    (uint32_t)dest << 2 | (uint32_t)keep << 9;
	s->memo_rpcap = s->rpcap;
}

/* route() of the second reading: what the first found, or anew. */
static int
route_again(struct sx_split *s, const struct sx_block *b, int *tcp,
    size_t *keep, int *held)
{
	uint32_t m;

	if (s->memo_n != s->n)
		return route(s, b, tcp, keep, held);
	if (s->memo_at >= s->nmemo) {
		/* the frames noted may have shown an rpcap connection */
		s->rpcap |= s->memo_rpcap;
		return route(s, b, tcp, keep, held);
	}
	m = s->memo[s->memo_at++];
	*tcp = (int)(m & 1);
	*held = (int)(m >> 1 & 1);
	*keep = m >> 9;
	return (int)(m >> 2 & 0x7f);
}

/* Read the whole file once: can it be split? Returns 0 or -1 (why). */
static int
prescan(struct sx_split *s)
{
	struct sx_block b;
	uint64_t tcp_frames = 0;
	int r, tcp, held, dest;
	size_t keep;

	s->memo_n = s->n;
	s->memo_max = memo_max();
	if (fill(s, 4) != 0)
		return -1;
	if (sx_pcap_sniff(s->buf, s->len) == SX_PCAP_UNKNOWN) {
		if (s->len >= 2 && s->buf[0] == 0x1f && s->buf[1] == 0x8b)
			give_up(s, "a gzip-compressed file (its decompressor "
			    "is not used)");
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
		if ((dest = route(s, &b, &tcp, &keep, &held)) < 0)
			return -1;
		memo_add(s, dest, tcp, keep, held);
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
	int r, tcp, dest, held;
	unsigned i;

	while (!s->input_done && !s->why[0] && queues_below(s, QUEUE_HIGH)) {
		r = next_block(s, &b);
		if (r < 0)
			return;
		if (r == 0) {
			s->input_done = 1;
			break;
		}
		dest = route_again(s, &b, &tcp, &keep, &held);
		if (dest < 0)
			return;   /* the file changed since the first pass */
		if (held) {
			/* numbered, not sent (its time is after the first
			 * frame's, which is always sent) */
			s->frames++;
			s->withheld++;
			continue;
		}
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
		sx_io_moved((size_t)w);
		if ((size_t)w < n)
			break;   /* the pipe is full: wait for POLLOUT */
	}
	if (p->qoff == p->q.len) {
		sx_buf_reset(&p->q);
		p->qoff = 0;
		if (s->input_done)
			sx_close(&p->in);
	} else if (p->qoff >= 1024 * 1024 && p->qoff >= p->q.len - p->qoff) {
		/* what is moved is at most what was written: amortised */
		memmove(p->q.data, p->q.data + p->qoff, p->q.len - p->qoff);
		p->q.len -= p->qoff;
		p->qoff = 0;
	}
}

/* Whether every partition's queue has been written out. */
static int
queues_empty(const struct sx_split *s)
{
	unsigned i;

	for (i = 0; i < s->n; i++)
		if (s->p[i].in >= 0 && s->p[i].qoff < s->p[i].q.len)
			return 0;
	return 1;
}

/* Read frames into the queues and write what the tsharks take. When the
 * pipes took every queue whole, read on at once: nothing else would
 * wake the loop for it (a mapped file has no descriptor to poll, and a
 * tshark may print nothing before its input ends). */
static void
feed_parts(struct sx_split *s)
{
	unsigned i;

	do {
		refill(s);
		for (i = 0; i < s->n; i++)
			write_part(s, &s->p[i]);
	} while (!s->why[0] && !s->input_done && queues_empty(s) &&
	    !sx_signals_caught());
}

/* ------------------------------------------------------------ output */

/* Each frame a partition's tshark printed: which frame of the capture
 * it is, whether tshark saw in it what the splitter did, and its time
 * from the capture's first frame. Returns 0, or -1 (the runner fails). */
static int
part_frame(struct sx_runner *r, struct sx_frame *f, void *ctx)
{
	struct spart *p = ctx;
	uint64_t v, gf;
	int tcp;

	if (fifo_pop(p, &v) != 0) {
		sx_runner_fail(r, "a tshark printed more lines than it was "
		    "sent frames");
		return -1;
	}
	gf = v >> 1;
	tcp = (int)(v & 1);
	if (f->nhdr != (size_t)tcp) {
		sx_runner_fail(r, "in frame %llu tshark found %zu TCP streams "
		    "where the splitter expected %d", (unsigned long long)gf,
		    f->nhdr, tcp);
		return -1;
	}
	if (tcp) {
		size_t k = f->hdr[0].stream;

		if (k > p->nfirst) {
			sx_runner_fail(r, "a stream-number gap in a partition "
			    "(a dissector that creates conversations)");
			return -1;
		}
		if (k == p->nfirst) {
			p->first = sx_grow(p->first, &p->firstcap,
			    p->nfirst + 1, sizeof(*p->first), 1024);
			p->first[p->nfirst++] = gf;
		}
	}
	if (p->s->time_wanted)
		f->time_ns += p->first_ts - p->s->first_ts;
	return 0;
}

/* ------------------------------------------------------------ life */

static void
stop_all(struct sx_split *s)
{
	unsigned i;

	for (i = 0; s->p != NULL && i < s->nalloc; i++) {
		sx_close(&s->p[i].in);
		sx_runner_stop(s->p[i].r);
	}
}

void
sx_split_free(struct sx_split *s)
{
	unsigned i;

	if (s == NULL)
		return;
	stop_all(s);
	for (i = 0; s->p != NULL && i < s->nalloc; i++) {
		struct spart *p = &s->p[i];

		sx_runner_free(p->r);
		sx_buf_free(&p->q);
		free(p->fifo);
		free(p->first);
	}
	free(s->p);
	free(s->memo);
	if (s->fd >= 0)
		close(s->fd);
	sx_pcapio_free(&s->rd);
	if (s->mapped)
		munmap(s->buf, s->cap);
	else
		free(s->buf);
	free(s);
}

static void
restart_input(struct sx_split *s)
{
	sx_pcapio_free(&s->rd);
	sx_pcapio_init(&s->rd);
	s->start = 0;
	s->rpcap = 0;
	if (s->mapped)
		return;
	s->len = 0;
	s->eof = 0;
}

/* A regular file is read from memory: both readings without copies
 * (the page cache's pages mapped, not copied into a buffer). */
static void
map_file(struct sx_split *s)
{
	struct stat st;
	void *m;

	if (fstat(s->fd, &st) != 0 || !S_ISREG(st.st_mode) || st.st_size <= 0 ||
	    (uint64_t)st.st_size > SIZE_MAX / 2)
		return;
	m = mmap(NULL, (size_t)st.st_size, PROT_READ, MAP_PRIVATE, s->fd, 0);
	if (m == MAP_FAILED)
		return;
	posix_madvise(m, (size_t)st.st_size, POSIX_MADV_SEQUENTIAL);
	s->buf = m;
	s->cap = s->len = (size_t)st.st_size;
	s->eof = 1;
	s->mapped = 1;
}

/* Start the tsharks, each reading a pipe. When this machine's limits
 * stop one from starting, go on with those started, if at least two.
 * Returns 0, or -1 (given up). */
static int
start_parts(struct sx_split *s, const struct sx_tshark *ts,
    const struct sx_tshark_run *run)
{
	struct sx_fieldset fs;
	char err[512];
	unsigned i;
	int e = 0;

	s->p = sx_calloc(s->n, sizeof(*s->p));
	for (i = 0; i < s->n; i++) {
		s->p[i].in = -1;
		s->p[i].s = s;
		s->p[i].r = sx_runner_new();
	}
	s->nalloc = s->n;
	/* The cheap endpoint fields where the engine has them: a frame they
	 * cannot describe is a parse error, and the file is then analysed
	 * again by one tshark, which reads it with the exact fields. */
	sx_tshark_fields(ts, run, &fs);
	for (i = 0; i < s->n; i++) {
		struct spart *p = &s->p[i];
		int pfd[2];

		if (pipe2(pfd, O_CLOEXEC) != 0) {
			e = errno;
			snprintf(err, sizeof(err), "pipe: %s", strerror(e));
			break;
		}
		if (sx_runner_spawn(p->r, ts, run, &fs, pfd[0], 1, err,
		    sizeof(err)) != 0) {
			e = errno;
			close(pfd[0]);
			close(pfd[1]);
			break;
		}
		sx_runner_on_frame(p->r, part_frame, p);
		close(pfd[0]);
		p->in = pfd[1];
		fcntl(p->in, F_SETFL, fcntl(p->in, F_GETFL) | O_NONBLOCK);
#ifdef F_SETPIPE_SZ
		/* fewer, larger writes (Linux; the default pipe holds 64 KiB) */
		fcntl(p->in, F_SETPIPE_SZ, (int)(1024 * 1024));
#endif
	}
	if (i == s->n)
		return 0;
	if (i >= 2 && (e == EMFILE || e == ENFILE || e == EAGAIN)) {
		s->n = i;
		return 0;
	}
	give_up(s, "%s", err);
	return -1;
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

static struct sx_split *
split_start(int fd, int piped, uint64_t hint, unsigned n,
    const struct sx_tshark *ts, const struct sx_tshark_run *run, int cut,
    char *why, size_t whysize)
{
	struct sx_split *s = sx_calloc(1, sizeof(*s));
	char small[200] = "";

	s->n = n < SX_SPLIT_MAX ? n : SX_SPLIT_MAX;
	s->fd = fd;
	sx_pcapio_init(&s->rd);
	s->time_wanted = run->fields->want[SX_F_TIME];
	s->cut = cut;
	s->withhold = cut && sx_withhold_wanted();
	if (!piped) {
		map_file(s);
		if (prescan(s) != 0)
			goto fallback;
		hint = s->rd.packets;
	}
	s->n = ways(hint, s->n, small, sizeof(small));
	if (s->n < 2) {
		give_up(s, "%s", small);
		goto fallback;
	}
	if (!piped && lseek(fd, 0, SEEK_SET) != 0) {
		give_up(s, "cannot seek back in the capture: %s",
		    strerror(errno));
		goto fallback;
	}
	restart_input(s);
	if (start_parts(s, ts, run) != 0)
		goto fallback;
	refill(s);
	return s;

fallback:
	snprintf(why, whysize, "%s", s->why);
	if (!piped) {
		s->fd = -1;   /* the caller's again */
		if (lseek(fd, 0, SEEK_SET) != 0)
			snprintf(why, whysize, "cannot seek back in the "
			    "capture: %s", strerror(errno));
	}
	sx_split_free(s);
	return NULL;
}

struct sx_split *
sx_split_start(int fd, unsigned n, const struct sx_tshark *ts,
    const struct sx_tshark_run *run, int cut, char *why, size_t whysize)
{
	return split_start(fd, 0, 0, n, ts, run, cut, why, whysize);
}

struct sx_split *
sx_split_start_pipe(int fd, uint64_t frames, unsigned n,
    const struct sx_tshark *ts, const struct sx_tshark_run *run, int cut,
    char *why, size_t whysize)
{
	return split_start(fd, 1, frames, n, ts, run, cut, why, whysize);
}

unsigned
sx_split_ways(const struct sx_split *s)
{
	return s->n;
}

uint64_t
sx_split_lines(const struct sx_split *s)
{
	uint64_t n = 0;
	unsigned i;

	for (i = 0; i < s->n; i++)
		n += sx_runner_lines(s->p[i].r);
	return n + s->withheld;
}

size_t
sx_split_nfds(const struct sx_split *s)
{
	return (1 + SX_RUNNER_NFDS) * (size_t)s->n;
}

int
sx_split_pollfds(struct sx_split *s, struct pollfd *pfd)
{
	unsigned i;
	int reap = 0;

	for (i = 0; i < s->n; i++) {
		struct spart *p = &s->p[i];
		struct pollfd *e = pfd + (1 + SX_RUNNER_NFDS) * i;

		e[0] = (struct pollfd){ p->qoff < p->q.len ? p->in : -1,
		    POLLOUT, 0 };
		reap |= sx_runner_pollfds(p->r, e + 1) &&
		    !sx_runner_reaped(p->r);
	}
	return reap;
}

/* Every partition ended well: the table in a single tshark's
 * numbering. */
static void
merge(struct sx_split *s, struct sx_table *t)
{
	struct sx_table_part *part = sx_calloc(s->n, sizeof(*part));
	unsigned i;

	for (i = 0; i < s->n; i++) {
		part[i].t = sx_runner_table(s->p[i].r);
		part[i].first = s->p[i].first;
		part[i].nfirst = s->p[i].nfirst;
	}
	sx_table_merge(t, part, s->n);
	t->frames += s->withheld;
	free(part);
}

/* Whether partition p has ended well; gives up when it ended badly. */
static int
part_ended(struct sx_split *s, const struct spart *p)
{
	char how[128];

	if (!sx_runner_reaped(p->r))
		return 0;
	if (!sx_runner_ok(p->r)) {
		sx_describe_status(sx_runner_status(p->r), how, sizeof(how));
		give_up(s, "a partition's tshark %s", how);
		return 0;
	}
	if (sx_runner_lines(p->r) != p->sent || !s->input_done) {
		give_up(s, "a partition's tshark printed %llu lines for %llu "
		    "frames", (unsigned long long)sx_runner_lines(p->r),
		    (unsigned long long)p->sent);
		return 0;
	}
	return 1;
}

enum sx_split_state
sx_split_events(struct sx_split *s, const struct pollfd *pfd,
    struct sx_table *table, char *why, size_t whysize)
{
	unsigned i, ended = 0;
	struct sx_buf b = { 0 };

	for (i = 0; i < s->n && !s->why[0]; i++) {
		struct spart *p = &s->p[i];
		const struct pollfd *e = pfd + (1 + SX_RUNNER_NFDS) * i;

		if (e[0].fd >= 0 && e[0].revents)
			write_part(s, p);
		if (sx_runner_events(p->r, e + 1) == SX_RUNNER_UNPARSED)
			give_up(s, "tshark output line not understood: %s",
			    sx_runner_parse_error(p->r));
		else if (sx_runner_error(p->r) != NULL)
			give_up(s, "%s", sx_runner_error(p->r));
		else if (sx_runner_parser(p->r)->bad_times > 0)
			give_up(s, "a time tshark calls invalid (%s)",
			    sx_runner_parser(p->r)->bad_what);
	}
	if (!s->why[0])
		feed_parts(s);
	for (i = 0; i < s->n && !s->why[0]; i++)
		ended += part_ended(s, &s->p[i]);
	if (s->why[0]) {
		stop_all(s);
		snprintf(why, whysize, "%s", s->why);
		return SX_SPLIT_RERUN;
	}
	if (ended < s->n)
		return SX_SPLIT_RUNNING;
	merge(s, table);
	sx_buf_printf(&b, "merged %zu streams; frames per tshark:",
	    table->nstreams);
	for (i = 0; i < s->n; i++)
		sx_buf_printf(&b, " %llu", (unsigned long long)s->p[i].sent);
	sx_buf_printf(&b, "; %llu kept back (no TCP analysis sees them)",
	    (unsigned long long)s->withheld);
	snprintf(why, whysize, "%s", sx_buf_cstr(&b));
	sx_buf_free(&b);
	return SX_SPLIT_DONE;
}
