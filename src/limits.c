/* limits.c - what limited each data direction (limits.h): accounting a
 * frame. What the columns print of it is values.c. */
#include "limits.h"

#include "parse.h"

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

/* dt more of the transfer, given to the limit in force. */
static void
give_time(struct sx_limits_dir *d, int64_t dt)
{
	enum sx_limit l;

	if (!(d->bits & SX_LB_STARTED) || dt <= 0)
		return;
	l = limit_now(d);
	if (SEQ_GT(d->nxt, d->una))
		d->t[l] += dt;
	else
		d->pend[l] += dt;
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
advance(struct sx_limits_dir *d, int64_t now, int tail)
{
	while (d->qn > 0 && (!tail || d->qdue[d->qhead] <= now)) {
		unsigned i = d->qhead;

		if (d->qdue[i] > d->at_ns) {
			give_time(d, d->qdue[i] - d->at_ns);
			d->at_ns = d->qdue[i];
		}
		apply(d, d->qack[i], d->qwin[i], d->qbits[i]);
		d->qhead = (uint8_t)((i + 1) % SX_LIMITS_ACKQ);
		d->qn--;
	}
	if (tail) {
		/* timestamps that go backwards give nothing */
		give_time(d, now - d->at_ns);
		d->at_ns = now;
	}
}

/* A frame from the sender of d with len bytes at seq. */
static void
sent(struct sx_limits_dir *d, const struct sx_hdr *h, int64_t now)
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
sx_limits_add(struct sx_limits *lm, int dir, const struct sx_frame *f,
    const struct sx_hdr *h, int first, int64_t prev_ns)
{
	int k;

	(void)prev_ns;
	for (k = 0; k < 2; k++) {
		if (first)
			lm->d[k].at_ns = f->time_ns;
		advance(&lm->d[k], f->time_ns, 1);
	}
	handshake(lm, dir, h, f->time_ns);
	sent(&lm->d[dir], h, f->time_ns);
	received(&lm->d[!dir], f, h);
}

/* d with the ACKs still on their way delivered. */
static struct sx_limits_dir
settled(const struct sx_limits_dir *d)
{
	struct sx_limits_dir c = *d;

	advance(&c, 0, 0);
	return c;
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
