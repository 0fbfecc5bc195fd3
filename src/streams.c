/* streams.c - aggregate frames into per-stream records. */
#include "streams.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct sx_ext zero_ext;
static const struct sx_diag zero_diag;

void
sx_table_init(struct sx_table *t)
{
	memset(t, 0, sizeof(*t));
}

void
sx_table_free(struct sx_table *t)
{
	free(t->s);
	free(t->ext);
	free(t->diag);
	sx_stats_free(&t->sstats);
	memset(t, 0, sizeof(*t));
}

size_t
sx_table_slots(const struct sx_table *t)
{
	return t->used;
}

uint64_t
sx_stream_frames(const struct sx_stream *st)
{
	return (uint64_t)st->frames[0] + st->frames[1];
}

const struct sx_stream *
sx_table_get(const struct sx_table *t, size_t n)
{
	if (n >= t->used || sx_stream_frames(&t->s[n]) == 0)
		return NULL;
	return &t->s[n];
}

const struct sx_ext *
sx_stream_ext(const struct sx_table *t, const struct sx_stream *st)
{
	return st->ext ? &t->ext[st->ext - 1] : &zero_ext;
}

const struct sx_diag *
sx_stream_diag(const struct sx_table *t, const struct sx_stream *st)
{
	size_t n = (size_t)(st - t->s);

	return t->diag && n < t->diag_cap ? &t->diag[n] : &zero_diag;
}

const struct sx_stats *
sx_stream_stats(const struct sx_table *t, const struct sx_ext *e)
{
	return sx_stats_get(&t->sstats, e->stats);
}

void
sx_table_diag_reserve(struct sx_table *t, size_t n)
{
	size_t cap = t->diag_cap ? t->diag_cap : 1024;

	if (n <= t->diag_cap)
		return;
	while (cap < n)
		cap *= 2;
	t->diag = sx_reallocarray(t->diag, cap, sizeof(*t->diag));
	memset(&t->diag[t->diag_cap], 0,
	    (cap - t->diag_cap) * sizeof(*t->diag));
	t->diag_cap = cap;
}

/* Make slot n exist; slots between the old end and n are zeroed (empty). */
static struct sx_stream *
slot(struct sx_table *t, size_t n, char *err, size_t errsize)
{
	if (n >= t->cap) {
		size_t cap = t->cap ? t->cap : 1024;
		struct sx_stream *s;

		while (cap <= n) {
			if (cap > SIZE_MAX / 2 / sizeof(*s))
				goto nomem;
			cap *= 2;
		}
		s = realloc(t->s, cap * sizeof(*s));
		if (s == NULL)
			goto nomem;
		t->s = s;
		t->cap = cap;
	}
	if (n >= t->used) {
		memset(&t->s[t->used], 0, (n + 1 - t->used) * sizeof(*t->s));
		t->used = n + 1;
	}
	return &t->s[n];
nomem:
	snprintf(err, errsize, "out of memory for stream number %zu", n);
	return NULL;
}

static struct sx_ext *
ext_of(struct sx_table *t, struct sx_stream *st)
{
	struct sx_ext *e;

	if (st->ext)
		return &t->ext[st->ext - 1];
	t->ext = sx_grow(t->ext, &t->ext_cap, t->next + 1, sizeof(*t->ext),
	    256);
	e = &t->ext[t->next++];
	memset(e, 0, sizeof(*e));
	st->ext = (uint32_t)t->next;
	return e;
}

static int
endpoint_eq(const struct sx_endpoint *a, const struct sx_endpoint *b)
{
	return a->af == b->af && a->port == b->port &&
	    memcmp(a->addr, b->addr, a->af == 4 ? 4 : 16) == 0;
}

/* The direction of header h in stream st. Ports decide when the two ends
 * differ in port (a TCP conversation is its 4-tuple); otherwise the
 * addresses do. */
static enum sx_dir
direction(const struct sx_stream *st, const struct sx_frame *f,
    const struct sx_hdr *h)
{
	struct sx_endpoint src;

	if (st->ep[0].port != st->ep[1].port) {
		if (h->srcport == st->ep[0].port &&
		    h->dstport == st->ep[1].port)
			return SX_FWD;
		if (h->srcport == st->ep[1].port &&
		    h->dstport == st->ep[0].port)
			return SX_REV;
	}
	if (st->ep[0].af != 0 && sx_frame_endpoint(f, h, 1, &src) == 0) {
		if (endpoint_eq(&src, &st->ep[0]))
			return SX_FWD;
		if (endpoint_eq(&src, &st->ep[1]))
			return SX_REV;
	}
	return SX_FWD;
}

/* First frame of a stream: decide which end is the client. */
static void
set_endpoints(struct sx_stream *st, const struct sx_frame *f,
    const struct sx_hdr *h)
{
	int synack = h->has_flags && (h->tcpflags & SX_TH_SYN) &&
	    (h->tcpflags & SX_TH_ACK);

	sx_frame_endpoint(f, h, !synack, &st->ep[0]);
	sx_frame_endpoint(f, h, synack, &st->ep[1]);
}

/* Wireshark's completeness rules (packet-tcp.c, 4.0): the first frame of
 * a conversation counts only as a SYN (with data: TCP Fast Open) ... */
static unsigned
bits_first(const struct sx_hdr *h)
{
	if (!h->has_flags ||
	    (h->tcpflags & (SX_TH_SYN | SX_TH_ACK)) != SX_TH_SYN)
		return 0;
	return SX_ST_SYN | (h->has_len && h->len > 0 ? SX_ST_DATA : 0);
}

/* ... and a later frame as a SYN-ACK, a pure ACK or data, a FIN with
 * ACK, or an RST. */
static unsigned
bits_later(const struct sx_hdr *h)
{
	unsigned b = 0, fl = h->tcpflags;

	if (!h->has_flags)
		return 0;
	if ((fl & (SX_TH_SYN | SX_TH_ACK)) == (SX_TH_SYN | SX_TH_ACK))
		b |= SX_ST_SYNACK;
	if ((fl & (SX_TH_SYN | SX_TH_ACK)) == SX_TH_ACK)
		b |= h->has_len && h->len > 0 ? SX_ST_DATA : SX_ST_ACK;
	if ((fl & (SX_TH_FIN | SX_TH_ACK)) == (SX_TH_FIN | SX_TH_ACK))
		b |= SX_ST_FIN;
	if (fl & SX_TH_RST)
		b |= SX_ST_RST;
	return b;
}

/* tshark 4.4 and later count a stream's first frame, when it is not a
 * SYN, as a later frame too (set by sx_stream_lone_first_rule). */
static int lone_first_counts_all;

void
sx_stream_lone_first_rule(int counts_all)
{
	lone_first_counts_all = counts_all;
}

unsigned
sx_stream_completeness(const struct sx_stream *st)
{
	/* tshark shows each frame the value before it: their OR plus what
	 * the last frame adds is the final value. */
	if ((st->ws_state & SX_ST_SHOWN) && sx_stream_frames(st) > 1)
		return (st->ws_state | st->last_bits) & ~SX_ST_SHOWN;
	/* A stream of one frame: nothing shown; its own bits decide
	 * (last_bits holds the later-frame bits of a first frame). */
	if (lone_first_counts_all && sx_stream_frames(st) == 1)
		return st->state | st->last_bits;
	return st->state;
}

int
sx_stream_first_end(const struct sx_stream *st, int fin)
{
	unsigned v = fin ? st->ends & 3 : (st->ends >> 2) & 3;

	return v ? (int)v - 1 : -1;
}

/* Account header k of f (the first header of its stream in the frame)
 * and every later header of the same stream. */
/* Every header of the frame from k on that belongs to st's stream (one
 * frame can carry a stream twice, in a tunnel): the state bits they add,
 * what tshark showed of completeness, the first FIN and RST, and their
 * payload bytes (*bytes). Returns the bits the frame adds. */
static unsigned
take_headers(struct sx_stream *st, const struct sx_frame *f, size_t k,
    int first, uint64_t *bytes)
{
	const struct sx_hdr *h = &f->hdr[k];
	unsigned last = 0;
	size_t j;

	for (j = k; j < f->nhdr; j++) {
		const struct sx_hdr *hj = &f->hdr[j];

		if (hj->stream != h->stream)
			continue;
		if (!first || j > k)
			last |= bits_later(hj);
		if (hj->has_completeness)
			st->ws_state |= hj->completeness | SX_ST_SHOWN;
		if (hj->has_flags && (hj->tcpflags & SX_TH_FIN) &&
		    !(st->ends & 3))
			st->ends |= (uint8_t)(1 + direction(st, f, hj));
		if (hj->has_flags && (hj->tcpflags & SX_TH_RST) &&
		    !(st->ends & 12))
			st->ends |= (uint8_t)((1 + direction(st, f, hj)) << 2);
		if (hj->has_len)
			*bytes += hj->len;
	}
	return last;
}

/* The extended counters of a frame sent in direction d. */
static void
count_ext(struct sx_ext *e, const struct sx_frame *f, enum sx_dir d,
    uint64_t bytes)
{
	size_t i;

	for (i = 0; i < SX_FL_COUNT; i++)
		if (f->flags & (1u << i))
			e->flag[d][i]++;
#ifdef SX_MUTANT_OFF_BY_ONE
	/* make check's mutation check only (build/mutant): a direction's
	 * first retransmission counted twice; the fidelity tests must fail */
	if (e->flag[d][SX_FL_RETRANSMISSION] == 1)
		e->flag[d][SX_FL_RETRANSMISSION]++;
#endif
	if (f->flags & SX_PROBLEM_FLAGS)
		e->problems[d]++;
	if (f->flags & SX_CAPTURE_FLAGS)
		e->capture[d]++;
	if (f->any_tcpflags & SX_TH_RST)
		e->rst[d]++;
	if (bytes) {
		e->bytes[d] += bytes;
		e->data[d]++;
		if (f->flags & (1u << SX_FL_RETRANSMISSION))
			e->retrans_data[d]++;
	}
}

/* The RTT samples of a frame sent in direction d (an ACK's sample
 * measures the data sent the other way) and its initial RTT. Returns 0,
 * or -1 when they add up beyond what a time can hold. */
static int
add_rtts(struct sx_ext *e, const struct sx_frame *f, enum sx_dir d,
    unsigned long stream, char *err, size_t errsize)
{
	enum sx_dir dd = d == SX_FWD ? SX_REV : SX_FWD;
	size_t i;

	for (i = 0; i < f->nrtt; i++) {
		int64_t v = f->rtt[i];

		if (e->rtt_n[dd] == 0 || v < e->rtt_min[dd])
			e->rtt_min[dd] = v;
		if (e->rtt_n[dd] == 0 || v > e->rtt_max[dd])
			e->rtt_max[dd] = v;
		/* |v| and |sum| below 2^62: no overflow here, and the two
		 * directions add up without one either */
		e->rtt_sum[dd] += v;
		e->rtt_n[dd]++;
		if (e->rtt_sum[dd] <= -SX_TIME_LIMIT_NS ||
		    e->rtt_sum[dd] >= SX_TIME_LIMIT_NS)
			return sx_errf(err, errsize, "stream %lu: its RTTs add "
			    "up to more than 146 years", stream);
	}
	if (f->has_irtt && !e->has_irtt) {
		e->irtt = f->irtt;
		e->has_irtt = 1;
	}
	return 0;
}

static int
add_stream(struct sx_table *t, const struct sx_frame *f, size_t k,
    int single, char *err, size_t errsize)
{
	const struct sx_hdr *h = &f->hdr[k];
	struct sx_stream *st;
	struct sx_ext *e = NULL;
	enum sx_dir d;
	int64_t prev_ns;
	uint64_t bytes = 0;
	unsigned last;
	int first;

	if (t->check_numbering && h->stream > 8 * t->frames + 1024)
		return sx_errf(err, errsize, "stream number %lu cannot occur "
		    "by frame %llu", (unsigned long)h->stream,
		    (unsigned long long)t->frames);
	st = slot(t, h->stream, err, errsize);
	if (st == NULL)
		return -1;
	first = sx_stream_frames(st) == 0;
	if (first) {
		t->nstreams++;
		st->first_ns = f->time_ns;
		set_endpoints(st, f, h);
		st->state = (uint8_t)bits_first(h);
	}
	d = direction(st, f, h);
	if (st->frames[d] == UINT32_MAX)
		return sx_errf(err, errsize, "stream %lu has more than %lu "
		    "frames in one direction", (unsigned long)h->stream,
		    (unsigned long)UINT32_MAX);
	st->frames[d]++;
	prev_ns = st->last_ns;
	st->last_ns = f->time_ns;
	if (f->field[SX_F_SEQ_RAW].p != NULL) {
		sx_table_diag_reserve(t, (size_t)h->stream + 1);
		sx_diag_add(&t->diag[h->stream], d, f, h, first, prev_ns);
	}
	last = take_headers(st, f, k, first, &bytes);
	st->state |= (uint8_t)last;
	/* for the first frame, the bits it would have as a later one (see
	 * sx_stream_completeness); for a later frame, what it adds */
	st->last_bits = (uint8_t)(first ? last | bits_later(h) : last);

	if (t->stats || f->flags || bytes || (f->any_tcpflags & SX_TH_RST) ||
	    (single && (f->nrtt || f->has_irtt)))
		e = ext_of(t, st);
	if (e == NULL)
		return 0;
	count_ext(e, f, d, bytes);
	if (single && add_rtts(e, f, d, (unsigned long)h->stream, err,
	    errsize) != 0)
		return -1;
	if (t->stats)
		sx_stats_add(&t->sstats, &e->stats, f, h, d, bytes, first,
		    prev_ns, single);
	return 0;
}

int
sx_table_add(struct sx_table *t, const struct sx_frame *f, char *err,
    size_t errsize)
{
	size_t k, j;
	int single = 1;

	t->frames++;
	if (f->nhdr == 0)
		return 0;
	t->tcp_frames++;
	for (k = 1; k < f->nhdr; k++)
		if (f->hdr[k].stream != f->hdr[0].stream)
			single = 0;
	for (k = 0; k < f->nhdr; k++) {
		for (j = 0; j < k; j++)
			if (f->hdr[j].stream == f->hdr[k].stream)
				break;
		if (j < k)
			continue;   /* stream already accounted in this frame */
		if (add_stream(t, f, k, single, err, errsize) != 0)
			return -1;
	}
	return 0;
}

static int
cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* Append stream src (of table from) to t, its extended counters too. */
static void
append_stream(struct sx_table *t, const struct sx_table *from,
    const struct sx_stream *src)
{
	struct sx_stream *d = &t->s[t->used++];

	*d = *src;
	d->ext = 0;
	/* diagnosis state: a stream lives in one partition */
	if (from->diag) {
		sx_table_diag_reserve(t, t->used);
		t->diag[t->used - 1] = *sx_stream_diag(from, src);
	}
	if (src->ext) {
		t->ext = sx_grow(t->ext, &t->ext_cap, t->next + 1,
		    sizeof(*t->ext), 256);
		t->ext[t->next++] = from->ext[src->ext - 1];
		d->ext = (uint32_t)t->next;
		sx_stats_copy(&t->sstats, &t->ext[t->next - 1].stats,
		    &from->sstats, from->ext[src->ext - 1].stats);
	}
}

void
sx_table_merge(struct sx_table *t, const struct sx_table_part *part,
    size_t n)
{
	uint64_t *key;
	size_t total = 0, next = 0, i, k;

	for (i = 0; i < n; i++)
		total += part[i].nfirst;
	/* (first frame, partition << 40 | local stream): frame numbers fit
	 * in 48 bits here */
	key = sx_reallocarray(NULL, total ? total : 1, 2 * sizeof(*key));
	for (i = 0; i < n; i++)
		for (k = 0; k < part[i].nfirst; k++) {
			key[2 * next] = part[i].first[k];
			key[2 * next + 1] = (uint64_t)i << 40 | k;
			next++;
		}
	qsort(key, total, 2 * sizeof(*key), cmp_u64);

	sx_table_free(t);
	sx_table_init(t);
	t->check_numbering = 1;
	t->stats = n ? part[0].t->stats : 0;
	t->s = sx_calloc(total ? total : 1, sizeof(*t->s));
	t->cap = total ? total : 1;
	t->nstreams = total;
	for (i = 0; i < total; i++) {
		const struct sx_table *from = part[key[2 * i + 1] >> 40].t;

		append_stream(t, from,
		    &from->s[key[2 * i + 1] & ((1ull << 40) - 1)]);
	}
	for (i = 0; i < n; i++) {
		t->frames += part[i].t->frames;
		t->tcp_frames += part[i].t->tcp_frames;
	}
	free(key);
}
