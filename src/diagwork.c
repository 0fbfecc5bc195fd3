/* diagwork.c - the recent frames, the hole sets and the retransmissions
 * waiting for their ACK, of the diagnosis (diagwork.h). */
#include "diagwork.h"

#include <stdlib.h>
#include <string.h>

#include "util.h"

#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_GT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_LE(a, b) (!SEQ_GT(a, b))
#define SEQ_GE(a, b) (!SEQ_LT(a, b))

/* One frame kept for copies to be looked for: its identity and a hash
 * of it (compared first). */
struct recent {
	struct sx_diag_sig s;
	uint32_t hash;
};

struct pend {
	uint32_t s, e, len;
};

/* The sets of one direction: its holes, its retransmissions waiting for
 * a D-SACK, its last SX_DIAG_RECENT frames kept (frame i, counted from
 * 0, at i % SX_DIAG_RECENT; the array grows to that size). */
struct aux {
	struct sx_gap *gap;
	uint32_t ngap, gcap;
	struct pend *p;
	uint32_t np, pcap;
	struct recent *r;
	size_t rcap;
	uint64_t kept;
};

struct sx_diag_work {
	struct aux *aux;
	size_t naux, auxcap;
};

struct sx_diag_work *
sx_diag_work_new(void)
{
	return sx_calloc(1, sizeof(struct sx_diag_work));
}

void
sx_diag_work_free(struct sx_diag_work *w)
{
	size_t i;

	if (w == NULL)
		return;
	for (i = 0; i < w->naux; i++) {
		free(w->aux[i].gap);
		free(w->aux[i].p);
		free(w->aux[i].r);
	}
	free(w->aux);
	free(w);
}

static uint32_t
hash_sig(const struct sx_diag_sig *s)
{
	uint32_t x = s->seq * 0x9e3779b1u ^ s->ack * 0x85ebca6bu ^
	    s->tsval * 0xc2b2ae35u ^ (s->len + (uint32_t)s->ipid * 65537u +
	    s->flags * 31u + s->win);

	x ^= x >> 15;
	x *= 0x2c1b3c6du;
	x ^= x >> 12;
	return x;
}

static int
same(const struct sx_diag_sig *a, const struct sx_diag_sig *b)
{
	return a->stream == b->stream && a->dir == b->dir &&
	    a->seq == b->seq && a->ack == b->ack && a->len == b->len &&
	    a->flags == b->flags && a->has_ack == b->has_ack &&
	    a->has_ipid == b->has_ipid && a->ipid == b->ipid &&
	    a->has_ts == b->has_ts && a->tsval == b->tsval &&
	    a->has_win == b->has_win && a->win == b->win;
}

static struct aux *aux_of(struct sx_diag_work *w, uint32_t *h);

/* The latest frame kept by a with identity s (hash x), or NULL. */
static const struct recent *
latest_same(const struct aux *a, const struct sx_diag_sig *s, uint32_t x)
{
	uint64_t i = a->kept, stop = a->kept > SX_DIAG_RECENT ?
	    a->kept - SX_DIAG_RECENT : 0;

	while (i-- > stop) {
		const struct recent *r = &a->r[i % SX_DIAG_RECENT];

		if (r->hash == x && same(s, &r->s))
			return r;
	}
	return NULL;
}

int
sx_diag_work_copy(struct sx_diag_work *w, uint32_t *h,
    const struct sx_diag_sig *s)
{
	struct aux *a;
	const struct recent *r;
	uint32_t x = hash_sig(s);
	int bare = !(s->has_ipid && s->ipid != 0) && !s->has_ts;
	int64_t bound = bare ? SX_DIAG_COPY_BARE_NS : SX_DIAG_COPY_NS;

	/* RSTs and ACKs without an identity are sent again as they are,
	 * microseconds apart (a RST for each segment that arrives) */
	if (bare && s->len == 0)
		return 0;
	a = aux_of(w, h);
	r = latest_same(a, s, x);
	if (r != NULL && s->t - r->s.t <= bound && r->s.t - s->t <= bound)
		return 1;
	if (a->kept == a->rcap && a->rcap < SX_DIAG_RECENT)
		a->r = sx_grow(a->r, &a->rcap, a->rcap + 1, sizeof(*a->r), 2);
	a->r[a->kept % SX_DIAG_RECENT].s = *s;
	a->r[a->kept % SX_DIAG_RECENT].hash = x;
	a->kept++;
	return 0;
}

static struct aux *
aux_of(struct sx_diag_work *w, uint32_t *h)
{
	if (*h == 0) {
		w->aux = sx_grow(w->aux, &w->auxcap, w->naux + 1,
		    sizeof(*w->aux), 16);
		memset(&w->aux[w->naux], 0, sizeof(*w->aux));
		*h = (uint32_t)++w->naux;
	}
	return &w->aux[*h - 1];
}

static const struct aux *
aux_get(const struct sx_diag_work *w, uint32_t h)
{
	return h == 0 || w == NULL ? NULL : &w->aux[h - 1];
}

/* Make room for one more hole at position i. */
static int
gap_insert(struct aux *a, uint32_t i, uint32_t s, uint32_t e,
    const struct sx_gap *g)
{
	if (a->ngap == SX_DIAG_GAPS)
		return -1;
	if (a->ngap == a->gcap) {
		size_t cap = a->gcap;

		a->gap = sx_grow(a->gap, &cap, (size_t)a->ngap + 1,
		    sizeof(*a->gap), 8);
		a->gcap = (uint32_t)(cap < SX_DIAG_GAPS ? cap : SX_DIAG_GAPS);
	}
	memmove(&a->gap[i + 1], &a->gap[i],
	    (a->ngap - i) * sizeof(*a->gap));
	a->gap[i] = *g;
	a->gap[i].s = s;
	a->gap[i].e = e;
	a->ngap++;
	return 0;
}

int
sx_gaps_add(struct sx_diag_work *w, uint32_t *h, const struct sx_gap *g)
{
	struct aux *a = aux_of(w, h);

	return gap_insert(a, a->ngap, g->s, g->e, g);
}

/* The first hole that ends after s. */
static uint32_t
first_after(const struct aux *a, uint32_t s)
{
	uint32_t lo = 0, hi = a->ngap;

	while (lo < hi) {
		uint32_t mid = lo + (hi - lo) / 2;

		if (SEQ_GT(a->gap[mid].e, s))
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

const struct sx_gap *
sx_gaps_overlap(const struct sx_diag_work *w, uint32_t h, uint32_t s,
    uint32_t e)
{
	const struct aux *a = aux_get(w, h);
	uint32_t i;

	if (a == NULL)
		return NULL;
	i = first_after(a, s);
	return i < a->ngap && SEQ_LT(a->gap[i].s, e) ? &a->gap[i] : NULL;
}

unsigned
sx_gaps_fill(struct sx_diag_work *w, uint32_t h, uint32_t s, uint32_t e)
{
	struct aux *a = h ? &w->aux[h - 1] : NULL;
	uint32_t i, j, n;
	unsigned lost = 0;

	if (a == NULL)
		return 0;
	i = first_after(a, s);
	if (i < a->ngap && SEQ_LT(a->gap[i].s, s) &&
	    SEQ_GT(a->gap[i].e, e)) {
		/* inside one hole: [gs, s) stays, [e, ge) is a new one */
		struct sx_gap up = a->gap[i];

		a->gap[i].e = s;
		if (gap_insert(a, i + 1, e, up.e, &up) != 0)
			lost = 1;
		return lost;
	}
	if (i < a->ngap && SEQ_LT(a->gap[i].s, s))
		a->gap[i++].e = s;     /* its lower part stays */
	for (j = i; j < a->ngap && SEQ_LE(a->gap[j].e, e); j++)
		;                       /* filled whole */
	n = j - i;
	if (j < a->ngap && SEQ_LT(a->gap[j].s, e))
		a->gap[j].s = e;       /* its upper part stays */
	if (n > 0)   /* no hole at all: a->gap may be NULL */
		memmove(&a->gap[i], &a->gap[j],
		    (a->ngap - j) * sizeof(*a->gap));
	a->ngap -= n;
	return 0;
}

unsigned
sx_gaps_below(struct sx_diag_work *w, uint32_t h, uint32_t lo)
{
	struct aux *a = h ? &w->aux[h - 1] : NULL;
	uint32_t j;

	if (a == NULL)
		return 0;
	j = first_after(a, lo);
	if (j > 0)   /* no hole at all: a->gap may be NULL */
		memmove(&a->gap[0], &a->gap[j],
		    (a->ngap - j) * sizeof(*a->gap));
	a->ngap -= j;
	if (a->ngap > 0 && SEQ_LT(a->gap[0].s, lo))
		a->gap[0].s = lo;
	return j;
}

uint32_t
sx_gaps_count(const struct sx_diag_work *w, uint32_t h)
{
	const struct aux *a = aux_get(w, h);

	return a ? a->ngap : 0;
}

void
sx_pending_add(struct sx_diag_work *w, uint32_t *h, uint32_t s, uint32_t e,
    uint32_t len)
{
	struct aux *a = aux_of(w, h);
	size_t cap = a->pcap;

	if (a->np == SX_DIAG_PENDING) {
		memmove(&a->p[0], &a->p[1], (a->np - 1) * sizeof(*a->p));
		a->np--;
	}
	a->p = sx_grow(a->p, &cap, (size_t)a->np + 1, sizeof(*a->p), 8);
	a->pcap = (uint32_t)(cap < SX_DIAG_PENDING ? cap : SX_DIAG_PENDING);
	a->p[a->np].s = s;
	a->p[a->np].e = e;
	a->p[a->np].len = len;
	a->np++;
}

uint32_t
sx_pending_dsack(struct sx_diag_work *w, uint32_t h, uint32_t s, uint32_t e)
{
	struct aux *a = h ? &w->aux[h - 1] : NULL;
	uint32_t i, len;

	if (a == NULL)
		return 0;
	for (i = a->np; i-- > 0;) {
		if (SEQ_LT(a->p[i].s, s) || SEQ_GT(a->p[i].e, e))
			continue;
		len = a->p[i].len;
		memmove(&a->p[i], &a->p[i + 1], (a->np - i - 1) *
		    sizeof(*a->p));
		a->np--;
		return len;
	}
	return 0;
}
