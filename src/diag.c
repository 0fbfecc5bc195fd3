/* diag.c - the diagnosis' accounting: loss location, zero-window time,
 * duplicate frames. */
#include "diag.h"

#include <string.h>

#include "util.h"

/* Sequence comparisons modulo 2^32 (RFC 1982 style). */
#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_GT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_LE(a, b) (!SEQ_GT(a, b))
#define SEQ_GE(a, b) (!SEQ_LT(a, b))

/* Whether [s, e) overlaps a tracked hole. */
static int
in_gap(const struct sx_diag_dir *d, uint32_t s, uint32_t e)
{
	unsigned i;

	for (i = 0; i < d->ngaps; i++)
		if (SEQ_LT(s, d->gap[i][1]) && SEQ_GT(e, d->gap[i][0]))
			return 1;
	return 0;
}

static void
add_gap(struct sx_diag_dir *d, uint32_t s, uint32_t e)
{
	if (d->ngaps == SX_DIAG_GAPS) {
		d->gap_overflow++;
		return;
	}
	d->gap[d->ngaps][0] = s;
	d->gap[d->ngaps][1] = e;
	d->ngaps++;
}

/* The bytes [s, e) were seen: take them out of the holes. */
static void
fill_gaps(struct sx_diag_dir *d, uint32_t s, uint32_t e)
{
	unsigned i = 0;

	while (i < d->ngaps) {
		uint32_t gs = d->gap[i][0], ge = d->gap[i][1];

		if (!(SEQ_LT(s, ge) && SEQ_GT(e, gs))) {
			i++;
			continue;
		}
		if (SEQ_LE(s, gs) && SEQ_GE(e, ge)) {
			/* filled whole: the last hole takes its place */
			d->gap[i][0] = d->gap[d->ngaps - 1][0];
			d->gap[i][1] = d->gap[d->ngaps - 1][1];
			d->ngaps--;
			continue;
		}
		if (SEQ_LE(s, gs)) {
			d->gap[i][0] = e;
		} else if (SEQ_GE(e, ge)) {
			d->gap[i][1] = s;
		} else {
			/* inside: [gs, s) stays, [e, ge) is a new hole */
			d->gap[i][1] = s;
			add_gap(d, e, ge);
		}
		i++;
	}
}

/* A frame identical to the previous one of its direction (same IP ID,
 * sequence and ACK numbers, length and flags) is a copy the capture
 * holds twice: counted, otherwise ignored. Else it is the one the next
 * is held against. */
static int
is_copy(struct sx_diag_dir *d, const struct sx_hdr *h, uint32_t len,
    unsigned fl)
{
	uint32_t ack = h->has_ack ? h->ack : 0;

	if (h->has_ipid && h->has_seq && d->has_sig &&
	    h->ipid == d->sig_ipid && h->seq == d->sig_seq &&
	    ack == d->sig_ack && len == d->sig_len && fl == d->sig_flags) {
		d->dups++;
		return 1;
	}
	d->has_sig = h->has_ipid && h->has_seq;
	d->sig_ipid = h->ipid;
	d->sig_seq = h->seq;
	d->sig_ack = ack;
	d->sig_len = len;
	d->sig_flags = (uint16_t)fl;
	return 0;
}

/* Zero window: from the frame Wireshark flags until the next frame of
 * the same side whose window field is not zero. */
static void
zero_window(struct sx_diag_dir *d, const struct sx_frame *f,
    const struct sx_hdr *h)
{
	if (f->flags & (1u << SX_FL_ZERO_WINDOW)) {
		if (!d->in_zw) {
			d->in_zw = 1;
			d->zw_start = f->time_ns;
		}
	} else if (d->in_zw && h->has_win && h->win != 0) {
		/* timestamps that go backwards make no negative time */
		if (f->time_ns > d->zw_start)
			d->zw_ns += f->time_ns - d->zw_start;
		d->in_zw = 0;
	}
}

/* Keep at most SX_DIAG_SEEN_MAX bytes of sequence space: gaps below it
 * expire. */
static void
slide(struct sx_diag_dir *d)
{
	unsigned i = 0;

	if (d->hi - d->lo <= SX_DIAG_SEEN_MAX)
		return;
	d->lo = d->hi - SX_DIAG_SEEN_MAX;
	while (i < d->ngaps) {
		if (SEQ_GT(d->gap[i][1], d->lo)) {
			if (SEQ_LT(d->gap[i][0], d->lo))
				d->gap[i][0] = d->lo;
			i++;
			continue;
		}
		d->gap_expired++;
		d->gap[i][0] = d->gap[d->ngaps - 1][0];
		d->gap[i][1] = d->gap[d->ngaps - 1][1];
		d->ngaps--;
	}
}

void
sx_diag_add(struct sx_diag *dg, int dir, const struct sx_frame *f,
    const struct sx_hdr *h, int first, int64_t prev_ns)
{
	struct sx_diag_dir *d = &dg->d[dir];
	uint32_t s, e, len = h->has_len ? h->len : 0;
	unsigned fl = h->has_flags ? h->tcpflags : 0;

	if (!first && f->time_ns - prev_ns > dg->idle_max_ns)
		dg->idle_max_ns = f->time_ns - prev_ns;
	if (is_copy(d, h, len, fl))
		return;
	/* What a retransmission timeout cost: the sender was silent on the
	 * stream from its previous frame until it gave up waiting. */
	if (!first && (len > 0 || (fl & SX_TH_SYN)) &&
	    (f->flags & (1u << SX_FL_RETRANSMISSION)) &&
	    !(f->flags & (1u << SX_FL_FAST_RETRANSMISSION))) {
		d->rto++;
		if (f->time_ns > prev_ns)   /* (time may go backwards) */
			d->rto_ns += f->time_ns - prev_ns;
	}
	zero_window(d, f, h);
	if (!h->has_seq)
		return;
	s = h->seq;
	e = s + len + ((fl & SX_TH_SYN) != 0) + ((fl & SX_TH_FIN) != 0);
	if (!d->started) {
		d->started = 1;
		d->lo = s;
		d->hi = e;
		return;
	}
	if ((f->flags & (1u << SX_FL_LOST_SEGMENT)) && SEQ_GT(s, d->hi))
		add_gap(d, d->hi, s);
	if (len > 0 && (f->flags & (1u << SX_FL_RETRANSMISSION)) &&
	    !(f->flags & (1u << SX_FL_SPURIOUS_RETRANSMISSION))) {
		if (in_gap(d, s, e)) {
			d->lost_up++;
			d->lost_up_bytes += len;
		} else if (s - d->lo < d->hi - d->lo) {
			d->lost_down++;
			d->lost_down_bytes += len;
		}
	} else if (len > 0 && (f->flags & (1u << SX_FL_OUT_OF_ORDER)) &&
	    in_gap(d, s, e)) {
		d->reordered++;
	}
	if (e != s)
		fill_gaps(d, s, e);
	if (SEQ_GT(e, d->hi))
		d->hi = e;
	if (SEQ_LT(s, d->lo))
		d->lo = s;
	slide(d);
}

int64_t
sx_diag_zero_window_ns(const struct sx_diag *dg, int dir, int64_t last_ns)
{
	const struct sx_diag_dir *d = &dg->d[dir];

	return d->zw_ns + (d->in_zw && last_ns > d->zw_start ?
	    last_ns - d->zw_start : 0);
}

void
sx_diag_fields(struct sx_fieldset *fs)
{
	static const enum sx_field need[] = {
		SX_F_STREAM, SX_F_TIME, SX_F_PROTOCOLS, SX_F_IP_SRC,
		SX_F_IP_DST, SX_F_IP6_SRC, SX_F_IP6_DST, SX_F_SRCPORT,
		SX_F_DSTPORT, SX_F_TCPFLAGS, SX_F_TCPLEN, SX_F_SEQ_RAW,
		SX_F_ACK_RAW, SX_F_IP_ID, SX_F_WINDOW,
	};
	static const enum sx_flag flags[] = {
		SX_FL_RETRANSMISSION, SX_FL_SPURIOUS_RETRANSMISSION,
		SX_FL_OUT_OF_ORDER, SX_FL_LOST_SEGMENT, SX_FL_ZERO_WINDOW,
	};
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(need); i++)
		fs->want[need[i]] = 1;
	for (i = 0; i < SX_ARRAY_LEN(flags); i++)
		fs->want[SX_F_FLAG0 + flags[i]] = 1;
}
