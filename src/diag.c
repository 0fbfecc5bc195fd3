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

/* A frame is a copy the capture holds twice when a recent frame of the
 * same direction has the same identity (diagwork.h: IP ID, sequence and
 * ACK numbers, length, flags, window, TSval) within the time bound:
 * counted, otherwise ignored. A frame without payload whose IPv4 IP ID
 * is 0 (a SYN-ACK, an ACK its sender does not number) is one only once
 * the stream has shown a copy: Linux sends such a SYN-ACK twice within
 * one TSval tick (its timer and the peer's repeated SYN), unchanged. */
static int
is_copy(struct sx_diag_work *w, struct sx_diag *dg, uint32_t stream,
    int dir, const struct sx_frame *f, const struct sx_hdr *h)
{
	struct sx_diag_dir *d = &dg->d[dir];
	struct sx_diag_sig g;

	if (!h->has_seq)
		return 0;
	memset(&g, 0, sizeof(g));
	g.t = f->time_ns;
	g.stream = stream;
	g.dir = (uint8_t)dir;
	g.seq = h->seq;
	g.has_ack = h->has_ack;
	g.ack = h->has_ack ? h->ack : 0;
	g.len = h->has_len ? h->len : 0;
	g.flags = h->has_flags ? h->tcpflags : 0;
	g.has_ipid = h->has_ipid;
	g.ipid = h->has_ipid ? h->ipid : 0;
	g.has_ts = h->has_ts;
	g.tsval = h->has_ts ? h->tsval : 0;
	g.has_win = h->has_win;
	g.win = h->has_win ? h->win : 0;
	if (!sx_diag_work_copy(w, &d->sets, &g))
		return 0;
	if (g.has_ipid && g.ipid == 0 && g.len == 0 &&
	    dg->d[0].dups + dg->d[1].dups == 0)
		return 0;
	d->dups++;
	return 1;
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
slide(struct sx_diag_work *w, struct sx_diag_dir *d)
{
	if (d->hi - d->lo <= SX_DIAG_SEEN_MAX)
		return;
	d->lo = d->hi - SX_DIAG_SEEN_MAX;
	d->gap_expired += sx_gaps_below(w, d->sets, d->lo);
}

/* A D-SACK from the other side shows the latest retransmission of this
 * one inside it needless: not loss. (An ACK echoing a TSval older than
 * the retransmission's proves nothing: a receiver delaying its ACK
 * echoes the earliest segment not yet acknowledged.) */
static void
settle(struct sx_diag_work *w, struct sx_diag_dir *d,
    const struct sx_hdr *h)
{
	uint32_t bytes;

	if (!h->has_ack || !h->has_flags || !(h->tcpflags & SX_TH_ACK) ||
	    d->sets == 0)
		return;
	if (h->has_dsack) {
		bytes = sx_pending_dsack(w, d->sets, h->dsack_s, h->dsack_e);
		if (bytes > 0) {
			d->lost_down--;
			d->lost_down_bytes -= bytes;
		}
	}
}

/* The frames h's sender sent since the previous frame of its side that
 * the capture did not see, when its IP IDs say so; else -1. */
static int
ipid_unseen(struct sx_diag_dir *d, const struct sx_hdr *h)
{
	unsigned step;
	int sure;

	if (!h->has_ipid || h->ipid == 0 || d->ipid_run == SX_DIAG_IPID_RANDOM)
		return -1;
	if (!d->has_ipid) {
		d->has_ipid = 1;
		d->last_ipid = h->ipid;
		return -1;
	}
	step = (uint16_t)(h->ipid - d->last_ipid);
	if (step == 0 || step >= 0x8000)
		return -1;   /* the same again, or sent before: reordered */
	d->last_ipid = h->ipid;
	if (step > SX_DIAG_IPID_STEP) {
		d->ipid_run = d->ipid_counter ? 0 : SX_DIAG_IPID_RANDOM;
		return -1;
	}
	sure = d->ipid_run >= SX_DIAG_IPID_SURE;
	if (step == 1 && !sure)
		d->ipid_run++;
	else if (step > 1 && !sure)
		d->ipid_run = 0;
	if (d->ipid_run >= SX_DIAG_IPID_SURE)
		d->ipid_counter = 1;
	return sure ? (int)step - 1 : -1;
}

/* Whether frame f was sent later than the last frame seen before the
 * frames the IP IDs say were not seen. */
static int
sent_later(const struct sx_diag_dir *d, const struct sx_frame *f,
    const struct sx_hdr *h)
{
	if (h->has_ts && d->skip_has_ts)
		return SEQ_GT(h->tsval, d->skip_tsval);
	return f->time_ns - d->skip_ns >= SX_DIAG_RESEND_NS;
}

/* Whether the IP IDs of d's sender have been shown to number its frames
 * one by one (SX_DIAG_IPID_SURE). */
static int
ipid_sure(const struct sx_diag_dir *d)
{
	return d->ipid_run != SX_DIAG_IPID_RANDOM &&
	    d->ipid_run >= SX_DIAG_IPID_SURE;
}

/* Whether data h was sent after the frame that opened hole g: 1 after,
 * 0 before, -1 not known. The IP IDs order them when the sender was
 * shown numbering its frames one by one, before the hole opened or
 * since (the opener's IP ID is one of that counter's). */
static int
sent_after(const struct sx_diag_dir *d, const struct sx_gap *g,
    const struct sx_hdr *h)
{
	if (g->has_ipid &&
	    (g->has_ipid == 2 || ipid_sure(d) || d->ipid_counter) &&
	    h->has_ipid && h->ipid != g->ipid)
		return (uint16_t)(h->ipid - g->ipid) < 0x8000;
	if (g->has_ts && h->has_ts && h->tsval != g->tsval)
		return SEQ_GT(h->tsval, g->tsval);
	return -1;
}

/* The ACK number of d's side and its repetitions without payload (the
 * receiver asking again for the first byte it misses). */
static void
track_ack(struct sx_diag_dir *d, const struct sx_hdr *h, uint32_t len,
    unsigned fl)
{
	if (!h->has_ack || !(fl & SX_TH_ACK))
		return;
	if (!d->has_acked || h->ack != d->acked) {
		d->has_acked = 1;
		d->acked = h->ack;
		d->ack_dups = 0;
	} else if (len == 0 && d->ack_dups < 255) {
		d->ack_dups++;
	}
}

/* This side's SACK blocks (RFC 2018) as its latest ACK gives them:
 * a receiver with data above its ACK number reports it in every ACK, so
 * an ACK without blocks says it holds none. */
static void
track_sack(struct sx_diag_dir *d, const struct sx_hdr *h, unsigned fl)
{
	if (!h->has_ack || !(fl & SX_TH_ACK))
		return;
	d->nsack = h->nsack;
	memcpy(d->sack_s, h->sack_s, sizeof(d->sack_s));
	memcpy(d->sack_e, h->sack_e, sizeof(d->sack_e));
}

/* Whether the peer's latest SACK blocks cover all of [s, e): the
 * receiver already holds those bytes, so sending them again is no
 * sign of a loss. */
static int
sacked(const struct sx_diag_dir *peer, uint32_t s, uint32_t e)
{
	unsigned i;

	for (i = 0; i < peer->nsack; i++)
		if (SEQ_LE(peer->sack_s[i], s) && SEQ_LE(e, peer->sack_e[i]) &&
		    SEQ_LT(peer->sack_s[i], peer->sack_e[i]))
			return 1;
	return 0;
}

/* Data [s, e) of len bytes: where it was lost, if it is a resending.
 * Into a hole: sent after the frame that opened it, a resending of
 * data lost upstream; sent before it, reordered; not known, a
 * resending when the receiver (peer) asked twice again for the hole's
 * first byte before it came (its duplicate ACKs, which copies do not
 * change), else as Wireshark flags it. Into sequence space seen, flagged retransmission
 * or out-of-order (not spurious, not a zero-window probe or keep-alive):
 * lost downstream, unless a D-SACK later shows it needless (settle). */
static void
locate(struct sx_diag_work *w, struct sx_diag_dir *d,
    const struct sx_diag_dir *peer, const struct sx_frame *f,
    const struct sx_hdr *h, uint32_t s, uint32_t e)
{
	const struct sx_gap *g = sx_gaps_overlap(w, d->sets, s, e);
	int rt = (f->flags & (1u << SX_FL_RETRANSMISSION)) &&
	    !(f->flags & (1u << SX_FL_SPURIOUS_RETRANSMISSION));
	int after, up_resend = 0;

	/* a sending of the bytes unseen_frames found resent and lost
	 * upstream: the next resending of them; any later is not */
	if (d->has_up_resend && SEQ_LE(s, d->up_resend) &&
	    SEQ_LT(d->up_resend, e)) {
		d->has_up_resend = 0;
		up_resend = s == d->up_resend;
	}

	if (g != NULL) {
		after = sent_after(d, g, h);
		if (after < 0 && peer->has_acked && peer->acked == g->s &&
		    peer->ack_dups >= 2)
			after = 1;
		else if (after < 0 && rt)
			after = 1;
		else if (after < 0 && (f->flags & (1u << SX_FL_OUT_OF_ORDER)))
			after = 0;
		if (after == 1) {
			d->lost_up++;
			d->lost_up_bytes += h->len;
		} else if (after == 0) {
			d->reordered++;
		}
		return;
	}
	/* bytes seen before, flagged a retransmission or out-of-order (a
	 * retransmission soon after the previous frame is flagged so), and
	 * not held by the receiver by its latest SACK blocks (a D-SACK
	 * that would show it needless may be lost) */
	if (s - d->lo < d->hi - d->lo && !sacked(peer, s, e) &&
	    (f->flags & (1u << SX_FL_RETRANSMISSION |
	    1u << SX_FL_OUT_OF_ORDER)) &&
	    !(f->flags & (1u << SX_FL_SPURIOUS_RETRANSMISSION |
	    1u << SX_FL_ZERO_WINDOW_PROBE | 1u << SX_FL_KEEP_ALIVE))) {
		/* the resending after one the IP IDs showed lost upstream
		 * (unseen_frames), while the peer still asks for it */
		if (up_resend && peer->has_acked && peer->acked == s) {
			d->lost_up++;
			d->lost_up_bytes += h->len;
			return;
		}
		d->lost_down++;
		d->lost_down_bytes += h->len;
		sx_pending_add(w, &d->sets, s, e, h->len);
	}
}

/* A hole [hi, s) opened by frame h. */
static void
open_gap(struct sx_diag_work *w, struct sx_diag_dir *d,
    const struct sx_hdr *h, uint32_t s)
{
	struct sx_gap g;

	memset(&g, 0, sizeof(g));
	g.s = d->hi;
	g.e = s;
	g.has_ts = h->has_ts;
	g.tsval = h->tsval;
	if (h->has_ipid && h->ipid != 0 &&
	    d->ipid_run != SX_DIAG_IPID_RANDOM)
		g.has_ipid = ipid_sure(d) || d->ipid_counter ? 2 : 1;
	g.ipid = h->ipid;
	if (sx_gaps_add(w, &d->sets, &g) != 0)
		d->gap_overflow++;
}

/* What the IP IDs say of frame [s, e) (see SX_DIAG_IPID_SURE): frames
 * not seen are remembered until a hole (their data) explains them; data
 * at the top sent later while some are unexplained is the resending of
 * a tail lost upstream, if the frame before the skip was new data too
 * (a sender sends in runs: skipped right after a resending, they were
 * resendings, and the data at the top is new); a skip nothing explains makes the IP IDs
 * trusted again only after more steps of 1. A skip right before a
 * resending of bytes above the first one the peer still asks for is a
 * recovery's resendings lost again before the capture point (a sender
 * resends in sequence order, from the bytes the peer asks for): the
 * bytes asked for are remembered as resent and lost upstream (locate).
 * So is a skip right before a resending of the very bytes the peer asks
 * for when the sender's last new data was a short segment (the end of
 * what it had to send: what it sent next without new data was a
 * resending); after a full one the skipped frames may be new data, the
 * tail above. */
static void
unseen_frames(struct sx_diag_dir *d, const struct sx_diag_dir *peer,
    const struct sx_frame *f, const struct sx_hdr *h, uint32_t s,
    int unseen, int later, int fwd, uint32_t asked)
{
	int rt = (f->flags & (1u << SX_FL_RETRANSMISSION)) != 0;
	uint32_t len = h->has_len ? h->len : 0;

	if (unseen > 0)
		d->unseen = (uint8_t)(d->unseen + unseen > 255 ? 255 :
		    d->unseen + unseen);
	if (SEQ_GT(s, d->hi) && len > 0) {
		d->unseen = 0;   /* the frames not seen: the hole's data */
		return;
	}
	if (unseen > 0 && len > 0 && SEQ_LT(s, d->hi) &&
	    peer->has_acked && SEQ_GE(peer->acked, d->lo) &&
	    (asked != peer->acked || SEQ_LT(asked, s) ||
	    (peer->acked == s && d->top_short))) {
		d->unseen = 0;
		d->has_up_resend = 1;
		d->up_resend = asked != peer->acked || SEQ_LT(asked, s) ?
		    asked : s;
		return;
	}
	/* a frame without payload numbered beyond the top after a skip:
	 * the skipped frames sent the bytes up to it (the tail), and the
	 * next sending of the top, after it, is their resending though
	 * Wireshark flags it (it saw the number move) */
	if (d->unseen > 0 && len == 0 && SEQ_GT(s, d->hi)) {
		d->has_tail_to = 1;
		d->tail_to = s;
		return;
	}
	if (d->unseen > 0 && rt && len > 0 && fwd && s == d->hi &&
	    d->has_tail_to && SEQ_GT(d->tail_to, s)) {
		d->has_tail_to = 0;
		d->unseen--;
		d->lost_up++;
		d->lost_up_bytes += len;
		return;
	}
	if (d->unseen == 0 || rt || s != d->hi)
		return;   /* nothing skipped, or resent data in between */
	if (len > 0 && !d->skip_top && !d->skip_all) {
		d->unseen = 0;   /* skipped after a resending: resendings */
		return;
	}
	/* sent later: a newer TSval, or the peer acknowledged everything
	 * below since the skip (what makes a sender resend a tail at once:
	 * a link faster than the TSval's clock) */
	if (len > 0 && (later || (peer->has_acked && peer->acked !=
	    d->skip_acked && SEQ_GE(peer->acked, d->hi)))) {
		d->unseen--;
		d->lost_up++;
		d->lost_up_bytes += len;
		return;
	}
	if (unseen > 0) {   /* a skip nothing explains */
		d->ipid_run = 0;
		d->unseen = 0;
	}
}

/* The frame before a skip of the IP IDs (unseen frames right before
 * this one) is the previous frame; this one is the previous frame for
 * the next. Whether this one was sent later than the one before the
 * skip (sent_later). */
static int
remember(struct sx_diag_dir *d, uint32_t peer_acked,
    const struct sx_frame *f, const struct sx_hdr *h, int unseen)
{
	int later;

	if (unseen > 0 && d->unseen == 0) {
		d->skip_has_ts = d->last_has_ts;
		d->skip_tsval = d->last_tsval;
		d->skip_ns = d->last_ns;
		d->skip_acked = d->last_acked;
		d->skip_top = d->last_top;
		d->skip_all = d->last_all;
	}
	later = sent_later(d, f, h);
	d->last_has_ts = h->has_ts;
	d->last_tsval = h->tsval;
	d->last_ns = f->time_ns;
	d->last_acked = peer_acked;
	d->last_top = 0;
	d->last_all = 0;
	d->last_resent = 0;
	return later;
}

/* Whether resending [s, e) leaves nothing below hi that the peer asks
 * for: from its ACK number up, [s, e) and its latest SACK blocks cover
 * everything. A sender resends only what is missing, so what it sent
 * next was new data. */
static int
resent_all(const struct sx_diag_dir *d, const struct sx_diag_dir *peer,
    uint32_t s, uint32_t e)
{
	uint32_t x;
	int moved = 1;
	unsigned i;

	if (!peer->has_acked || SEQ_LT(peer->acked, d->lo))
		return 0;
	x = peer->acked;
	while (moved && SEQ_LT(x, d->hi)) {
		moved = 0;
		if (SEQ_LE(s, x) && SEQ_LT(x, e)) {
			x = e;
			moved = 1;
		}
		for (i = 0; i < peer->nsack; i++)
			if (SEQ_LE(peer->sack_s[i], x) &&
			    SEQ_LT(x, peer->sack_e[i])) {
				x = peer->sack_e[i];
				moved = 1;
			}
	}
	return SEQ_GE(x, d->hi);
}

/* A frame of len bytes ending at e: new data raises the top, other data
 * was a resending (remembered for unseen_frames). */
static void
raise_top(struct sx_diag_dir *d, uint32_t len, uint32_t e)
{
	if (len > d->max_len)
		d->max_len = (uint16_t)(len > UINT16_MAX ? UINT16_MAX : len);
	if (SEQ_GT(e, d->hi)) {
		d->hi = e;
		d->top_short = len < d->max_len;
		d->last_top = len > 0;
	} else if (len > 0) {
		d->last_resent = 1;
		d->last_end = e;
	}
}

void
sx_diag_add(struct sx_diag_work *w, struct sx_diag *dg, uint32_t stream,
    int dir, const struct sx_frame *f, const struct sx_hdr *h, int first,
    int64_t prev_ns)
{
	struct sx_diag_dir *d = &dg->d[dir];
	uint32_t s, e, len = h->has_len ? h->len : 0;
	unsigned fl = h->has_flags ? h->tcpflags : 0;
	int unseen, later, fwd;
	uint32_t asked;

	if (!first && f->time_ns - prev_ns > dg->idle_max_ns)
		dg->idle_max_ns = f->time_ns - prev_ns;
	if (is_copy(w, dg, stream, dir, f, h))
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
	settle(w, &dg->d[!dir], h);
	track_ack(d, h, len, fl);
	track_sack(d, h, fl);
	/* the first byte a resending after a skip resent: the one after
	 * what the previous frame resent (a sender resends in order), or
	 * the one the peer asks for */
	asked = dg->d[!dir].acked;
	if (d->last_resent && SEQ_GT(d->last_end, asked))
		asked = d->last_end;
	fwd = h->has_ipid && d->has_ipid &&
	    (uint16_t)(h->ipid - d->last_ipid) - 1u < 0x7fffu;
	unseen = ipid_unseen(d, h);
	later = remember(d, dg->d[!dir].acked, f, h, unseen);
	if (!h->has_seq)
		return;
	s = h->seq;
	e = s + len + ((fl & SX_TH_SYN) != 0) + ((fl & SX_TH_FIN) != 0);
	if (!d->started) {
		if (e == s)
			return;   /* no sequence space: moves nothing */
		d->started = 1;
		d->lo = s;
		d->hi = e;
		return;
	}
	unseen_frames(d, &dg->d[!dir], f, h, s, unseen, later, fwd, asked);
	if (e == s)
		return;
	/* only data (or SYN, FIN) opens a hole: a pure ACK may reach
	 * the wire before data its sender had already numbered; a jump
	 * further than the seen space keeps is no hole */
	if (SEQ_GT(s, d->hi) && s - d->hi < SX_DIAG_SEEN_MAX)
		open_gap(w, d, h, s);
	if (len > 0)
		locate(w, d, &dg->d[!dir], f, h, s, e);
	d->gap_overflow += sx_gaps_fill(w, d->sets, s, e);
	if (len > 0 && SEQ_LE(e, d->hi))
		d->last_all = (uint8_t)resent_all(d, &dg->d[!dir], s, e);
	raise_top(d, len, e);
	if (SEQ_LT(s, d->lo))
		d->lo = s;
	slide(w, d);
	d->ngaps = sx_gaps_count(w, d->sets);
}

int64_t
sx_diag_zero_window_ns(const struct sx_diag *dg, int dir, int64_t last_ns)
{
	const struct sx_diag_dir *d = &dg->d[dir];

	return d->zw_ns + (d->in_zw && last_ns > d->zw_start ?
	    last_ns - d->zw_start : 0);
}
