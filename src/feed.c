/* feed.c - one tshark fed the capture's frames cut to their headers. */
#define _GNU_SOURCE 1   /* F_SETPIPE_SZ */
#include "feed.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cut.h"
#include "flowsplit.h"
#include "pcapio.h"
#include "proc.h"
#include "runner.h"
#include "util.h"

/* Bytes read from the input at a time. */
#define READ_CHUNK (256u * 1024)
/* Bytes queued for tshark before the reading pauses. */
#define QUEUE_HIGH (1u * 1024 * 1024)
/* Reads per loop turn. */
#define READS_PER_TURN 4

struct sx_feed {
	int in, out;
	struct sx_pcapio rd;
	unsigned char *buf;       /* input not yet queued: [start, len) */
	size_t cap, start, len;
	int eof;
	int verbatim;             /* copy the rest as it is */
	char why_verbatim[200];
	struct sx_buf q;          /* bytes for tshark, from qoff */
	size_t qoff;
	int full;                 /* the pipe took less than offered */
	uint64_t frames, cut, bytes_in, bytes_out;
	/* frames kept from tshark (flowsplit.h: withhold), numbered in map;
	 * NULL: every frame is given */
	struct sx_framemap *map;
	uint64_t withheld;
	int rpcap;                /* an rpcap connection was seen: no more */
	char err[200];
	/* the connections (flow hashes) that opened an HTTP CONNECT
	 * tunnel: their frames go whole (flowsplit.h); open addressing,
	 * 0 for an empty slot */
	uint64_t *tunnels;
	size_t ntunnels, tunnels_cap;
};

struct sx_feed *
sx_feed_new(int in, int out, struct sx_framemap *map)
{
	struct sx_feed *f = sx_calloc(1, sizeof(*f));

	f->in = in;
	f->out = out;
	f->map = map;
	if (map != NULL)
		map->used = 1;
	sx_pcapio_init(&f->rd);
	f->cap = 2 * READ_CHUNK;
	f->buf = sx_realloc(NULL, f->cap);
	fcntl(out, F_SETFL, fcntl(out, F_GETFL) | O_NONBLOCK);
#ifdef F_SETPIPE_SZ
	/* fewer, larger writes (Linux; the default pipe holds 64 KiB) */
	fcntl(out, F_SETPIPE_SZ, (int)QUEUE_HIGH);
#endif
	return f;
}

void
sx_feed_free(struct sx_feed *f)
{
	if (f == NULL)
		return;
	sx_close(&f->out);
	sx_pcapio_free(&f->rd);
	sx_buf_free(&f->q);
	free(f->buf);
	free(f->tunnels);
	free(f);
}

int
sx_feed_at_eof(const struct sx_feed *f)
{
	return f->eof && f->err[0] == '\0';
}

const char *
sx_feed_error(const struct sx_feed *f)
{
	return f->err[0] ? f->err : NULL;
}

void
sx_feed_describe(const struct sx_feed *f, char *buf, size_t size)
{
	snprintf(buf, size, "%llu of %llu frames cut to their headers, "
	    "%llu kept back (no TCP analysis sees them), "
	    "%llu of %llu bytes given to tshark%s%s",
	    (unsigned long long)f->cut, (unsigned long long)f->frames,
	    (unsigned long long)f->withheld,
	    (unsigned long long)f->bytes_out,
	    (unsigned long long)f->bytes_in,
	    f->verbatim ? "; the rest as it is, from " : "",
	    f->verbatim ? f->why_verbatim : "");
}

static size_t
queued(const struct sx_feed *f)
{
	return f->q.len - f->qoff;
}

void
sx_feed_pollfds(const struct sx_feed *f, struct pollfd *pfd)
{
	pfd[0] = (struct pollfd){ f->out >= 0 && !f->eof &&
	    queued(f) < QUEUE_HIGH ? f->in : -1, POLLIN, 0 };
	pfd[1] = (struct pollfd){ queued(f) > 0 ? f->out : -1, POLLOUT, 0 };
}

/* Whether the connection of hash h (never 0 here) opened a tunnel;
 * with add, make it one. */
static int
tunnel(struct sx_feed *f, uint64_t h, int add)
{
	size_t i, mask;

	h |= 1;
	if (add && 2 * (f->ntunnels + 1) > f->tunnels_cap) {
		uint64_t *old = f->tunnels;
		size_t n = f->tunnels_cap;

		f->tunnels_cap = n ? 2 * n : 64;
		f->tunnels = sx_calloc(f->tunnels_cap, sizeof(*f->tunnels));
		f->ntunnels = 0;
		for (i = 0; i < n; i++)
			if (old[i] != 0)
				tunnel(f, old[i], 1);
		free(old);
	}
	if (f->tunnels_cap == 0)
		return 0;
	mask = f->tunnels_cap - 1;
	for (i = (size_t)(h >> 7) & mask; f->tunnels[i] != 0;
	    i = (i + 1) & mask)
		if (f->tunnels[i] == h)
			return 1;
	if (add) {
		f->tunnels[i] = h;
		f->ntunnels++;
	}
	return 0;
}

/* The bytes of a frame tshark needs (sx_cut_keep, and nothing cut in
 * a CONNECT tunnel). */
static size_t
keep_of(struct sx_feed *f, const struct sx_block *b, const struct sx_flow *fl)
{
	if (fl->opens_tunnel)
		tunnel(f, fl->hash, 1);
	else if (fl->kind == SX_FLOW_TCP && f->ntunnels > 0 &&
	    tunnel(f, fl->hash, 0))
		return 0;
	return sx_cut_keep(b, fl);
}

/* Whether to keep frame b (classified fl) from tshark: never the
 * first frame (tshark's times count from it), nor a block tshark may
 * judge unusual. */
int
sx_feed_withhold(const struct sx_block *b, const struct sx_flow *fl,
    uint64_t nth, int *rpcap)
{
	if (fl->kind == SX_FLOW_TCP && (fl->sport == 2002 ||
	    fl->dport == 2002))
		*rpcap = 1;
	return fl->withhold && !*rpcap && nth > 1 && !b->unusual &&
	    (b->type == 0 || b->type == 0x00000006u || b->type == 0x00000002u);
}

int
sx_withhold_wanted(void)
{
	const char *e = getenv("STREAMXPERT_WITHHOLD");

	return e == NULL || strcmp(e, "0") != 0;
}

/* A frame: kept back, or queued cut. */
static void
take_frame(struct sx_feed *f, const struct sx_block *b)
{
	struct sx_flow fl;

	f->frames++;
	sx_flow_classify(b->linktype, b->pkt, b->caplen, &fl);
	if (f->map != NULL && sx_feed_withhold(b, &fl, f->frames, &f->rpcap)) {
		f->withheld++;
		sx_framemap_frame(f->map, 0);
		return;
	}
	if (f->map != NULL)
		sx_framemap_frame(f->map, 1);
	f->cut += (uint64_t)sx_cut_block(b, keep_of(f, b, &fl), &f->q);
}

/* Queue what the buffer holds: whole blocks, or everything verbatim. */
static void
take_blocks(struct sx_feed *f)
{
	struct sx_block b;
	size_t used, need;
	int r;

	while (!f->verbatim && f->start < f->len + (f->eof ? 1 : 0)) {
		r = sx_pcapio_next(&f->rd, f->buf + f->start,
		    f->len - f->start, f->eof, &b, &used, &need);
		if (r == 0 && f->eof) {
			if (f->map != NULL)
				f->map->ended = 1;
			return;
		}
		if (r == 0) {
			/* more bytes needed: make room for the block */
			if (need > f->cap / 2) {
				f->cap = need * 2;
				if (f->start > 0) {
					memmove(f->buf, f->buf + f->start,
					    f->len - f->start);
					f->len -= f->start;
					f->start = 0;
				}
				f->buf = sx_realloc(f->buf, f->cap);
			}
			return;
		}
		if (r < 0) {
			f->verbatim = 1;
			snprintf(f->why_verbatim, sizeof(f->why_verbatim),
			    "byte %llu on: %s",
			    (unsigned long long)f->rd.offset, f->rd.err);
			break;
		}
		f->start += used;
		if (b.kind != SX_BLK_PACKET) {
			sx_buf_add(&f->q, b.data, b.len);
			continue;
		}
		take_frame(f, &b);
	}
	if (f->map != NULL && f->verbatim)
		f->map->ended = 1;
	if (f->verbatim) {
		sx_buf_add(&f->q, f->buf + f->start, f->len - f->start);
		f->start = f->len;
	}
}

/* Read what the input has now (a pipe) or a chunk (a file). */
static void
read_in(struct sx_feed *f)
{
	int i;

	for (i = 0; i < READS_PER_TURN && !f->eof && queued(f) < QUEUE_HIGH;
	    i++) {
		ssize_t r;

		if (f->start > 0 && (f->start == f->len ||
		    f->cap - f->len < READ_CHUNK)) {
			memmove(f->buf, f->buf + f->start, f->len - f->start);
			f->len -= f->start;
			f->start = 0;
		}
		if (f->cap - f->len < READ_CHUNK / 2) {
			f->cap += READ_CHUNK;
			f->buf = sx_realloc(f->buf, f->cap);
		}
		r = read(f->in, f->buf + f->len, f->cap - f->len);
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0 && (errno == EAGAIN || errno == EWOULDBLOCK))
			return;
		if (r < 0) {
			snprintf(f->err, sizeof(f->err), "reading the "
			    "capture: %s", strerror(errno));
			f->eof = 1;
			sx_buf_reset(&f->q);
			f->qoff = 0;
			sx_close(&f->out);
			return;
		}
		if (r == 0)
			f->eof = 1;
		f->len += (size_t)r;
		f->bytes_in += (uint64_t)r;
		sx_io_moved((size_t)r);
		take_blocks(f);
		/* a pipe gives what it has: do not wait for more */
		if (r < (ssize_t)READ_CHUNK / 2 && !f->eof)
			return;
	}
}

static void
write_out(struct sx_feed *f)
{
	while (f->out >= 0 && queued(f) > 0) {
		size_t n = queued(f);
		ssize_t w;

		if (n > 256 * 1024)
			n = 256 * 1024;
		w = write(f->out, f->q.data + f->qoff, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			f->full = 1;
			break;
		}
		if (w < 0) {
			/* tshark stopped reading: it ended, and says why */
			sx_close(&f->out);
			return;
		}
		f->qoff += (size_t)w;
		f->bytes_out += (uint64_t)w;
		sx_io_moved((size_t)w);
		if ((size_t)w < n) {
			f->full = 1;   /* wait for POLLOUT */
			break;
		}
	}
	if (f->qoff == f->q.len) {
		sx_buf_reset(&f->q);
		f->qoff = 0;
	} else if (f->qoff >= READ_CHUNK && f->qoff >= f->q.len - f->qoff) {
		/* what is moved is at most what was written: amortised */
		memmove(f->q.data, f->q.data + f->qoff, f->q.len - f->qoff);
		f->q.len -= f->qoff;
		f->qoff = 0;
	}
	if (f->eof && f->start == f->len && queued(f) == 0)
		sx_close(&f->out);
}

int
sx_feed_events(struct sx_feed *f, const struct pollfd *pfd)
{
	if (pfd[1].fd >= 0 && pfd[1].revents) {
		f->full = 0;
		write_out(f);
	}
	if (pfd[0].fd >= 0 && pfd[0].revents)
		read_in(f);
	if (!f->full)
		write_out(f);
	return f->out >= 0;
}
