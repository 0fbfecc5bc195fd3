/* limits.c - what limited each data direction (limits.h): accounting a
 * frame. What the columns print of it is values.c. */
#include "limits.h"

#include <stdlib.h>
#include <string.h>

#include "parse.h"
#include "util.h"

#define SEQ_GT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)

/* The limit in force in direction d (started). */
static enum sx_limit
limit_now(const struct sx_limits_dir *d)
{
	uint32_t inflight = SEQ_GT(d->nxt, d->una) ? d->nxt - d->una : 0;
	uint64_t mss = d->seg;

	if ((d->bits & SX_LB_MSS) && d->mss_opt < mss)
		mss = d->mss_opt;
	if ((d->bits & SX_LB_WIN) && (uint64_t)inflight + mss > d->win)
		return SX_LIM_RWND;
	return inflight == 0 ? SX_LIM_SENDER : SX_LIM_NETWORK;
}

static void phase_add(struct sx_phases *ph, int pending, int64_t a,
    int64_t b, enum sx_limit l);
static void phase_commit(struct sx_phases *ph);

/* dt more of the transfer (from d->at_ns), given to the limit in force
 * (and recorded in ph, when not NULL). */
static void
give_time(struct sx_limits_dir *d, int64_t dt, struct sx_phases *ph)
{
	enum sx_limit l;
	int pending;

	if (!(d->bits & SX_LB_STARTED) || dt <= 0)
		return;
	l = limit_now(d);
	pending = !SEQ_GT(d->nxt, d->una);
	if (pending)
		d->pend[l] += dt;
	else
		d->t[l] += dt;
	if (ph)
		phase_add(ph, pending, d->at_ns, d->at_ns + dt, l);
}

/* What the receiver said (queue entry i) reaches the sender. */
static void
apply(struct sx_limits_dir *d, uint32_t ack, uint32_t win, unsigned bits)
{
	if ((bits & SX_LA_ACK) &&
	    (!(d->bits & SX_LB_UNA) || SEQ_GT(ack, d->una))) {
		d->una = ack;
		d->bits |= SX_LB_UNA;
	}
	if (bits & SX_LA_WIN) {
		d->win = win;
		d->bits |= SX_LB_WIN;
	}
}

/* Time runs to now (a frame's time): the ACKs due by then reach the
 * sender, each at its time; the stretches between go to the limits.
 * With tail 0 only the ACKs (all of them: the end of the capture). */
static void
advance(struct sx_limits_dir *d, int64_t now, int tail, struct sx_phases *ph)
{
	while (d->qn > 0 && (!tail || d->qdue[d->qhead] <= now)) {
		unsigned i = d->qhead;

		if (d->qdue[i] > d->at_ns) {
			give_time(d, d->qdue[i] - d->at_ns, ph);
			d->at_ns = d->qdue[i];
		}
		apply(d, d->qack[i], d->qwin[i], d->qbits[i]);
		d->qhead = (uint8_t)((i + 1) % SX_LIMITS_ACKQ);
		d->qn--;
	}
	if (tail) {
		/* timestamps that go backwards give nothing */
		give_time(d, now - d->at_ns, ph);
		d->at_ns = now;
	}
}

/* A frame from the sender of d with len bytes at seq. */
static void
sent(struct sx_limits_dir *d, const struct sx_hdr *h, int64_t now,
    struct sx_phases *ph)
{
	uint32_t end = h->seq + h->len;
	int k;

	if (!h->has_seq || !h->has_len || h->len == 0)
		return;
	if (!(d->bits & SX_LB_STARTED)) {
		d->bits |= SX_LB_STARTED;
		d->first_ns = now;
		d->nxt = end;
		if (!(d->bits & SX_LB_UNA))
			d->una = h->seq;
	} else if (SEQ_GT(end, d->nxt)) {
		/* new data: the pause before it was part of the transfer */
		for (k = 0; k < SX_LIM_COUNT; k++) {
			d->t[k] += d->pend[k];
			d->pend[k] = 0;
		}
		if (ph)
			phase_commit(ph);
		d->nxt = end;
	}
	if (h->len > d->seg)
		d->seg = h->len;
}

/* A frame from the receiver of d: its ACK and window set off to the
 * sender, one upstream round trip away. */
static void
received(struct sx_limits_dir *d, const struct sx_frame *f,
    const struct sx_hdr *h)
{
	unsigned bits = 0, i;
	uint32_t win = 0;

	if (h->has_ack && h->has_flags && (h->tcpflags & SX_TH_ACK))
		bits |= SX_LA_ACK;
	if (f->x.single && f->x.has_win) {
		win = f->x.win;
		bits |= SX_LA_WIN;
		if (f->x.win_unknown)
			d->bits |= SX_LB_WIN_UNKNOWN;
	}
	if (f->x.single && f->x.has_mss && h->has_flags &&
	    (h->tcpflags & SX_TH_SYN) && !(d->bits & SX_LB_MSS)) {
		d->mss_opt = f->x.mss;
		d->bits |= SX_LB_MSS;
	}
	if (bits == 0)
		return;
	if (d->up_ns <= 0 && d->qn == 0) {
		apply(d, h->ack, win, bits);
		return;
	}
	if (d->qn < SX_LIMITS_ACKQ) {
		i = (d->qhead + d->qn++) % SX_LIMITS_ACKQ;
		d->qdue[i] = f->time_ns + d->up_ns;
		d->qack[i] = h->ack;
		d->qwin[i] = win;
		d->qbits[i] = (uint8_t)bits;
		return;
	}
	/* full: the newest entry carries this ACK too, at its own time */
	i = (d->qhead + d->qn - 1) % SX_LIMITS_ACKQ;
	if ((bits & SX_LA_ACK) && (!(d->qbits[i] & SX_LA_ACK) ||
	    SEQ_GT(h->ack, d->qack[i])))
		d->qack[i] = h->ack;
	if (bits & SX_LA_WIN)
		d->qwin[i] = win;
	d->qbits[i] |= (uint8_t)bits;
}

#define HS_SYN 0x01
#define HS_SYNACK 0x02
#define HS_DONE 0x04

/* The handshake's times give each side's upstream round trip. */
static void
handshake(struct sx_limits *lm, int dir, const struct sx_hdr *h, int64_t now)
{
	unsigned fl = h->has_flags ? h->tcpflags : 0;

	if ((fl & (SX_TH_SYN | SX_TH_ACK)) == SX_TH_SYN &&
	    !(lm->hs & HS_SYNACK)) {
		lm->syn_ns = now;
		lm->syn_side = (uint8_t)dir;
		lm->hs |= HS_SYN;
	} else if ((fl & (SX_TH_SYN | SX_TH_ACK)) == (SX_TH_SYN | SX_TH_ACK) &&
	    (lm->hs & (HS_SYN | HS_SYNACK)) == HS_SYN &&
	    dir != lm->syn_side) {
		lm->synack_ns = now;
		lm->hs |= HS_SYNACK;
		if (now > lm->syn_ns)
			lm->d[dir].up_ns = now - lm->syn_ns;
	} else if ((fl & (SX_TH_SYN | SX_TH_ACK)) == SX_TH_ACK &&
	    (lm->hs & (HS_SYNACK | HS_DONE)) == HS_SYNACK &&
	    dir == lm->syn_side) {
		lm->hs |= HS_DONE;
		if (now > lm->synack_ns)
			lm->d[dir].up_ns = now - lm->synack_ns;
	}
}

void
sx_limits_add_phases(struct sx_limits *lm, int dir,
    const struct sx_frame *f, const struct sx_hdr *h, int first,
    struct sx_phases ph[2])
{
	int k;

	for (k = 0; k < 2; k++) {
		if (first)
			lm->d[k].at_ns = f->time_ns;
		advance(&lm->d[k], f->time_ns, 1, ph ? &ph[k] : NULL);
	}
	handshake(lm, dir, h, f->time_ns);
	sent(&lm->d[dir], h, f->time_ns, ph ? &ph[dir] : NULL);
	received(&lm->d[!dir], f, h);
}

void
sx_limits_add(struct sx_limits *lm, int dir, const struct sx_frame *f,
    const struct sx_hdr *h, int first, int64_t prev_ns)
{
	(void)prev_ns;
	sx_limits_add_phases(lm, dir, f, h, first, NULL);
}

/* d with the ACKs still on their way delivered (into ph when not
 * NULL). */
static struct sx_limits_dir
settled_into(const struct sx_limits_dir *d, struct sx_phases *ph)
{
	struct sx_limits_dir c = *d;

	advance(&c, 0, 0, ph);
	return c;
}

static struct sx_limits_dir
settled(const struct sx_limits_dir *d)
{
	return settled_into(d, NULL);
}

/* --- phases --- */

void
sx_phases_init(struct sx_phases *ph, int64_t t0, int64_t t1)
{
	memset(ph, 0, sizeof(*ph));
	ph->t0 = t0;
	ph->t1 = t1 > t0 ? t1 : t0;
}

void
sx_phases_free(struct sx_phases *ph)
{
	free(ph->col);
	free(ph->pcol);
	ph->col = ph->pcol = NULL;
}

int64_t
sx_phases_edge(const struct sx_phases *ph, size_t k)
{
	if (k >= SX_PHASES_COLS)
		return ph->t1;
	return ph->t0 + (int64_t)((double)(ph->t1 - ph->t0) * (double)k /
	    SX_PHASES_COLS);
}

/* The column time t falls in (clamped to the span). */
static size_t
col_of(const struct sx_phases *ph, int64_t t)
{
	size_t k;

	if (t <= ph->t0 || ph->t1 <= ph->t0)
		return 0;
	if (t >= ph->t1)
		return SX_PHASES_COLS - 1;
	k = (size_t)((double)(t - ph->t0) / (double)(ph->t1 - ph->t0) *
	    SX_PHASES_COLS);
	if (k >= SX_PHASES_COLS)
		k = SX_PHASES_COLS - 1;
	while (k > 0 && t < sx_phases_edge(ph, k))
		k--;
	while (k + 1 < SX_PHASES_COLS && t >= sx_phases_edge(ph, k + 1))
		k++;
	return k;
}

/* [a, b) of limit l into the columns c, split at their edges. */
static void
cols_add(struct sx_phases *ph, int64_t (*c)[SX_LIM_COUNT], int64_t a,
    int64_t b, enum sx_limit l, int pending)
{
	size_t k = col_of(ph, a);

	while (a < b) {
		int64_t e = k + 1 < SX_PHASES_COLS ?
		    sx_phases_edge(ph, k + 1) : b;
		int64_t piece = (e < b ? e : b) - a;

		if (piece > 0) {
			c[k][l] += piece;
			a += piece;
		}
		if (pending) {
			if (ph->phi == 0 || k < ph->plo)
				ph->plo = k;
			if (k + 1 > ph->phi)
				ph->phi = k + 1;
		}
		if (a < b)
			k++;
	}
}

/* Append [a, b) of limit l to list v of n (merged with the last one
 * when they meet); 0, or -1 when the list is full. */
static int
list_add(struct sx_phase *v, size_t *n, int64_t a, int64_t b,
    enum sx_limit l)
{
	if (*n > 0 && v[*n - 1].lim == l && v[*n - 1].t1 == a) {
		v[*n - 1].t1 = b;
		return 0;
	}
	if (*n == SX_PHASES_MAX)
		return -1;
	v[*n].t0 = a;
	v[*n].t1 = b;
	v[(*n)++].lim = (uint8_t)l;
	return 0;
}

/* Go over to columns: the intervals kept so far into them. */
static void
downsample(struct sx_phases *ph)
{
	size_t i;

	ph->col = sx_calloc(SX_PHASES_COLS, sizeof(*ph->col));
	ph->pcol = sx_calloc(SX_PHASES_COLS, sizeof(*ph->pcol));
	for (i = 0; i < ph->n; i++)
		cols_add(ph, ph->col, ph->v[i].t0, ph->v[i].t1,
		    (enum sx_limit)ph->v[i].lim, 0);
	for (i = 0; i < ph->pn; i++)
		cols_add(ph, ph->pcol, ph->pv[i].t0, ph->pv[i].t1,
		    (enum sx_limit)ph->pv[i].lim, 1);
	ph->n = ph->pn = 0;
}

static void
phase_add(struct sx_phases *ph, int pending, int64_t a, int64_t b,
    enum sx_limit l)
{
	if (!pending) {
		ph->total[l] += b - a;
		if (b > ph->end)
			ph->end = b;
	} else if (b > ph->pend_end) {
		ph->pend_end = b;
	}
	if (ph->col == NULL && list_add(pending ? ph->pv : ph->v,
	    pending ? &ph->pn : &ph->n, a, b, l) == 0)
		return;
	if (ph->col == NULL)
		downsample(ph);
	cols_add(ph, pending ? ph->pcol : ph->col, a, b, l, pending);
}

/* New data followed: the pending time counts. */
static void
phase_commit(struct sx_phases *ph)
{
	size_t i, k;
	int l;

	if (ph->pend_end > ph->end)
		ph->end = ph->pend_end;
	ph->pend_end = 0;

	for (i = 0; i < ph->pn && ph->col == NULL; i++) {
		ph->total[ph->pv[i].lim] += ph->pv[i].t1 - ph->pv[i].t0;
		if (list_add(ph->v, &ph->n, ph->pv[i].t0, ph->pv[i].t1,
		    (enum sx_limit)ph->pv[i].lim) != 0) {
			/* full: the rest of the pending ones as they are,
			 * and all of them into the columns */
			memmove(ph->pv, ph->pv + i,
			    (ph->pn - i) * sizeof(*ph->pv));
			ph->pn -= i;
			ph->total[ph->pv[0].lim] -= ph->pv[0].t1 -
			    ph->pv[0].t0;
			downsample(ph);
			break;
		}
	}
	if (ph->col == NULL) {
		ph->pn = 0;
		return;
	}
	for (k = ph->plo; k < ph->phi; k++)
		for (l = 0; l < SX_LIM_COUNT; l++) {
			ph->col[k][l] += ph->pcol[k][l];
			ph->total[l] += ph->pcol[k][l];
			ph->pcol[k][l] = 0;
		}
	ph->plo = ph->phi = 0;
}

void
sx_limits_phases_end(const struct sx_limits *lm, struct sx_phases ph[2])
{
	size_t k;
	int d, l;

	for (d = 0; d < 2; d++) {
		(void)settled_into(&lm->d[d], &ph[d]);
		ph[d].pn = 0;
		ph[d].pend_end = 0;
		for (k = ph[d].plo; ph[d].pcol && k < ph[d].phi; k++)
			for (l = 0; l < SX_LIM_COUNT; l++)
				ph[d].pcol[k][l] = 0;
		ph[d].plo = ph[d].phi = 0;
	}
}

int64_t
sx_limits_transfer_ns(const struct sx_limits_dir *d)
{
	struct sx_limits_dir c = settled(d);

	return c.t[SX_LIM_RWND] + c.t[SX_LIM_SENDER] + c.t[SX_LIM_NETWORK];
}

int64_t
sx_limits_time_ns(const struct sx_limits_dir *d, enum sx_limit l)
{
	return settled(d).t[l];
}

int
sx_limits_known(const struct sx_limits_dir *d)
{
	return (d->bits & SX_LB_STARTED) && !(d->bits & SX_LB_WIN_UNKNOWN);
}

/* The stream's exchange: from the first data segment of either
 * direction to the end of the later transfer. */
int64_t
sx_limits_exchange_ns(const struct sx_limits *lm)
{
	int64_t a = 0, b = 0;
	int k, any = 0;

	for (k = 0; k < 2; k++) {
		const struct sx_limits_dir *d = &lm->d[k];
		int64_t end = d->first_ns + sx_limits_transfer_ns(d);

		if (!(d->bits & SX_LB_STARTED))
			continue;
		if (!any || d->first_ns < a)
			a = d->first_ns;
		if (!any || end > b)
			b = end;
		any = 1;
	}
	return b - a;
}
