/* streams.c - aggregate frames into per-stream records. */
#include "streams.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct sx_ext zero_ext;

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
	if (t->next == t->ext_cap) {
		t->ext_cap = t->ext_cap ? t->ext_cap * 2 : 256;
		t->ext = sx_reallocarray(t->ext, t->ext_cap, sizeof(*t->ext));
	}
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

static unsigned
state_bits(const struct sx_hdr *h)
{
	unsigned b = 0;

	if (h->has_len && h->len > 0)
		b |= SX_ST_DATA;
	if (!h->has_flags)
		return b;
	if (h->tcpflags & SX_TH_SYN)
		b |= (h->tcpflags & SX_TH_ACK) ? SX_ST_SYNACK : SX_ST_SYN;
	else if (h->tcpflags & SX_TH_ACK)
		b |= SX_ST_ACK;
	if (h->tcpflags & SX_TH_FIN)
		b |= SX_ST_FIN;
	if (h->tcpflags & SX_TH_RST)
		b |= SX_ST_RST;
	return b;
}

/* Account header k of f (the first header of its stream in the frame)
 * and every later header of the same stream. */
static int
add_stream(struct sx_table *t, const struct sx_frame *f, size_t k,
    int single, char *err, size_t errsize)
{
	const struct sx_hdr *h = &f->hdr[k];
	struct sx_stream *st;
	struct sx_ext *e = NULL;
	enum sx_dir d;
	uint64_t bytes = 0;
	unsigned state = 0;
	size_t j, i;

	if (t->check_numbering && h->stream > 8 * t->frames + 1024) {
		snprintf(err, errsize, "stream number %lu cannot occur by "
		    "frame %llu", (unsigned long)h->stream,
		    (unsigned long long)t->frames);
		return -1;
	}
	st = slot(t, h->stream, err, errsize);
	if (st == NULL)
		return -1;
	if (sx_stream_frames(st) == 0) {
		t->nstreams++;
		st->first_ns = f->time_ns;
		set_endpoints(st, f, h);
	}
	d = direction(st, f, h);
	if (st->frames[d] == UINT32_MAX) {
		snprintf(err, errsize, "stream %lu has more than %lu frames "
		    "in one direction", (unsigned long)h->stream,
		    (unsigned long)UINT32_MAX);
		return -1;
	}
	st->frames[d]++;
	st->last_ns = f->time_ns;

	for (j = k; j < f->nhdr; j++) {
		unsigned b;

		if (f->hdr[j].stream != h->stream)
			continue;
		b = state_bits(&f->hdr[j]);
		if ((b & SX_ST_FIN) && !st->first_fin)
			st->first_fin = (uint8_t)(1 + direction(st, f,
			    &f->hdr[j]));
		if ((b & SX_ST_RST) && !st->first_rst)
			st->first_rst = (uint8_t)(1 + direction(st, f,
			    &f->hdr[j]));
		state |= b;
		if (f->hdr[j].has_len)
			bytes += f->hdr[j].len;
	}
	st->state |= (uint8_t)state;

	if (f->flags || bytes || (f->any_tcpflags & SX_TH_RST) ||
	    (single && (f->nrtt || f->has_irtt)))
		e = ext_of(t, st);
	if (e == NULL)
		return 0;
	for (i = 0; i < SX_FL_COUNT; i++)
		if (f->flags & (1u << i))
			e->flag[d][i]++;
	if (f->any_tcpflags & SX_TH_RST)
		e->rst[d]++;
	if (bytes) {
		e->bytes[d] += bytes;
		e->data[d]++;
		if (f->flags & (1u << SX_FL_RETRANSMISSION))
			e->retrans_data[d]++;
	}
	if (single) {
		/* An ACK's RTT sample measures the data sent the other way. */
		enum sx_dir dd = d == SX_FWD ? SX_REV : SX_FWD;

		for (i = 0; i < f->nrtt; i++) {
			int64_t v = f->rtt[i];

			if (e->rtt_n[dd] == 0 || v < e->rtt_min[dd])
				e->rtt_min[dd] = v;
			if (e->rtt_n[dd] == 0 || v > e->rtt_max[dd])
				e->rtt_max[dd] = v;
			e->rtt_sum[dd] += v;
			e->rtt_n[dd]++;
		}
		if (f->has_irtt && !e->has_irtt) {
			e->irtt = f->irtt;
			e->has_irtt = 1;
		}
	}
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
