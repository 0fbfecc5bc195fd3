/* diag.c - loss location, zero-window time, duplicate frames, verdicts. */
#include "diag.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "escape.h"
#include "limits.h"
#include "util.h"

/* Sequence comparisons modulo 2^32 (RFC 1982 style). */
#define SEQ_LT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) < 0)
#define SEQ_GT(a, b) ((int32_t)((uint32_t)(a) - (uint32_t)(b)) > 0)
#define SEQ_LE(a, b) (!SEQ_GT(a, b))
#define SEQ_GE(a, b) (!SEQ_LT(a, b))

const char *const sx_finding_names[SX_FIND_COUNT] = {
	[SX_FIND_REFUSED] = "refused",
	[SX_FIND_UNANSWERED] = "unanswered",
	[SX_FIND_RECEIVER_LIMITED] = "receiver_limited",
	[SX_FIND_SENDER_LIMITED] = "sender_limited",
	[SX_FIND_NETWORK_LIMITED] = "network_limited",
	[SX_FIND_LATENCY_BOUND] = "latency_bound",
	[SX_FIND_LOSS_DOWNSTREAM] = "loss_downstream",
	[SX_FIND_LOSS_UPSTREAM] = "loss_upstream",
	[SX_FIND_IDLE] = "idle",
	[SX_FIND_RESET] = "reset",
	[SX_FIND_CAPTURE_GAPS] = "capture_gaps",
	[SX_FIND_DUPLICATES] = "duplicates",
};

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

/* --- the verdict, from the report's own columns --- */

static const struct sx_column *
col(const char *name)
{
	const struct sx_column *c = sx_column_find(name);

	if (c == NULL)
		abort();   /* every name here is a column of columns.c */
	return c;
}

static struct sx_value
value_of(const struct sx_row *r, const char *name)
{
	struct sx_value v;

	sx_column_value(col(name), r, &v);
	return v;
}

static uint64_t
count_of(const struct sx_row *r, const char *name)
{
	struct sx_value v = value_of(r, name);

	return v.null ? 0 : v.count;
}

/* The column base_fwd (side 0) or base_rev (side 1). */
static struct sx_value
side_value(const struct sx_row *r, const char *base, int side)
{
	char name[64];

	snprintf(name, sizeof(name), "%s%s", base, side ? "_rev" : "_fwd");
	return value_of(r, name);
}

static unsigned long long
side_count(const struct sx_row *r, const char *base, int side)
{
	struct sx_value v = side_value(r, base, side);

	return v.null ? 0 : (unsigned long long)v.count;
}

#define BIT(fi, side) (1u << (2 * (fi) + (side)))

/* The rules compare the values as the report prints them (times in whole
 * microseconds, rates with six decimals), so that a user comparing the
 * printed columns by hand always agrees. */
static int64_t
printed_us(int64_t ns)
{
	/* as sx_format_seconds rounds: to the nearest microsecond */
	uint64_t u = ns < 0 ? (uint64_t)0 - (uint64_t)ns : (uint64_t)ns;
	int64_t us = (int64_t)(u / 1000 + (u % 1000 >= 500));

	return ns < 0 ? -us : us;
}

static double
printed_ratio(double x)
{
	char buf[64];

	snprintf(buf, sizeof(buf), "%.6f", x);
	return strtod(buf, NULL);
}

/* The columns the rules read, looked up once. */
enum {
	RC_COMPL, RC_FRAMES_REV, RC_DOWN_FWD,
	RC_DOWN_REV, RC_UP_FWD, RC_UP_REV, RC_RST_FWD, RC_RST_REV,
	RC_DURATION, RC_UNFILLED, RC_ACKLOST, RC_DUPS,
	RC_RTTS, RC_RTTS_FWD, RC_RTTS_REV, RC_RWND_FWD, RC_RWND_REV,
	RC_SND_FWD, RC_SND_REV, RC_NET_FWD, RC_NET_REV, RC_COUNT
};

static const struct sx_column *
rule_col(int k)
{
	static const char *const names[RC_COUNT] = {
		"completeness", "frames_rev", "lost_downstream_fwd",
		"lost_downstream_rev", "lost_upstream_fwd",
		"lost_upstream_rev", "rst_fwd", "rst_rev", "duration",
		"unfilled_gaps", "ack_lost_segment", "dup_frames",
		"round_trips", "round_trips_fwd", "round_trips_rev",
		"rwnd_limited_share_fwd", "rwnd_limited_share_rev",
		"sender_limited_share_fwd", "sender_limited_share_rev",
		"network_limited_share_fwd", "network_limited_share_rev",
	};
	static const struct sx_column *c[RC_COUNT];

	if (c[k] == NULL)
		c[k] = col(names[k]);
	return c[k];
}

static struct sx_value
val(const struct sx_row *r, int k)
{
	struct sx_value v;

	sx_column_value(rule_col(k), r, &v);
	return v;
}

static int64_t
idle_ns(const struct sx_row *r)
{
	return r->diag ? r->diag->idle_max_ns : 0;
}

/* A round-trip count at most SX_LIMITS_LATENCY_RTTS. */
static int
few_rtts(struct sx_value v)
{
	return !v.null && printed_ratio(v.ratio) <= SX_LIMITS_LATENCY_RTTS;
}

/* What limited the transfer: latency_bound when the whole exchange took
 * a few round trips; else, for each data direction that took more, the
 * limit with a majority of its transfer time (receiver_limited names
 * the receiver, the others the sender). */
static uint32_t
limit_findings(const struct sx_row *r)
{
	static const int fi[SX_LIM_COUNT] = { SX_FIND_RECEIVER_LIMITED,
	    SX_FIND_SENDER_LIMITED, SX_FIND_NETWORK_LIMITED };
	uint32_t out = 0;
	int side, k;

	if (few_rtts(val(r, RC_RTTS)))
		return BIT(SX_FIND_LATENCY_BOUND, 0);
	for (side = 0; side < 2; side++) {
		if (few_rtts(val(r, RC_RTTS_FWD + side)))
			continue;
		for (k = 0; k < SX_LIM_COUNT; k++) {
			struct sx_value v = val(r, RC_RWND_FWD + 2 * k + side);

			if (!v.null && printed_ratio(v.ratio) >
			    SX_DIAG_LIMIT_MAJORITY)
				out |= BIT(fi[k], k == SX_LIM_RWND ? !side :
				    side);
		}
	}
	return out;
}

uint32_t
sx_diag_findings(const struct sx_row *r)
{
	uint64_t compl = val(r, RC_COMPL).count;
	uint32_t out = 0;
	int side, syn_only;

	syn_only = (compl & 1) && !(compl & 2);
	if (syn_only && val(r, RC_RST_REV).count > 0)
		out |= BIT(SX_FIND_REFUSED, 0);
	else if (syn_only && val(r, RC_FRAMES_REV).count == 0)
		out |= BIT(SX_FIND_UNANSWERED, 0);
	out |= limit_findings(r);
	for (side = 0; side < 2; side++) {
		if (val(r, RC_DOWN_FWD + side).count > 0)
			out |= BIT(SX_FIND_LOSS_DOWNSTREAM, side);
		if (val(r, RC_UP_FWD + side).count > 0)
			out |= BIT(SX_FIND_LOSS_UPSTREAM, side);
		if (!(out & BIT(SX_FIND_REFUSED, 0)) &&
		    val(r, RC_RST_FWD + side).count > 0)
			out |= BIT(SX_FIND_RESET, side);
	}
	if (!(out & (BIT(SX_FIND_REFUSED, 0) | BIT(SX_FIND_UNANSWERED, 0)))) {
		/* the idle_max column (stats.c) by the same definition,
		 * kept here too: the diagnosis needs no statistics record */
		int64_t us = printed_us(idle_ns(r));
		int64_t dur = printed_us(val(r, RC_DURATION).ns);

		if (us >= SX_DIAG_IDLE_MIN_NS / 1000 &&
		    (double)us >= SX_DIAG_IDLE_SHARE * (double)dur)
			out |= BIT(SX_FIND_IDLE, 0);
	}
	if (val(r, RC_UNFILLED).count > 0 || val(r, RC_ACKLOST).count > 0)
		out |= BIT(SX_FIND_CAPTURE_GAPS, 0);
	if (val(r, RC_DUPS).count > 0)
		out |= BIT(SX_FIND_DUPLICATES, 0);
	return out;
}

/* Findings that name a side. */
static int
has_side(int fi)
{
	return fi == SX_FIND_RECEIVER_LIMITED ||
	    fi == SX_FIND_SENDER_LIMITED || fi == SX_FIND_NETWORK_LIMITED ||
	    fi == SX_FIND_LOSS_DOWNSTREAM || fi == SX_FIND_LOSS_UPSTREAM ||
	    fi == SX_FIND_RESET;
}

void
sx_diag_format(uint32_t findings, char *buf, size_t size)
{
	size_t len = 0;
	int fi, side;

	buf[0] = '\0';
	if (findings == 0) {
		snprintf(buf, size, "ok");
		return;
	}
	for (fi = 0; fi < SX_FIND_COUNT; fi++) {
		for (side = 0; side < 2; side++) {
			int n;

			if (!(findings & BIT(fi, side)))
				continue;
			n = snprintf(buf + len, size - len, "%s%s%s",
			    len ? "," : "", sx_finding_names[fi],
			    has_side(fi) ? (side ? ":dst" : ":src") : "");
			if (n < 0 || (size_t)n >= size - len)
				return;
			len += (size_t)n;
		}
	}
}

/* --- --explain --- */

/* One --explain line being written: each finding is a clause. */
struct say {
	struct sx_buf *b;
	const struct sx_row *r;
	uint32_t fs;
	int first;
};

static const char *const who[2] = { "src", "dst" };

static void
secs(struct sx_buf *b, int64_t ns)
{
	sx_buf_printf(b, "%.3f s", (double)ns / 1e9);
}

static void
clause(struct say *s)
{
	sx_buf_adds(s->b, s->first ? ": " : "; ");
	s->first = 0;
}

/* Is finding fi (of side) among the findings? If so start its clause. */
static int
clause_if(struct say *s, int fi, int side)
{
	if (!(s->fs & BIT(fi, side)))
		return 0;
	clause(s);
	return 1;
}

static void
say_opening(struct say *s)
{
	if (clause_if(s, SX_FIND_REFUSED, 0))
		sx_buf_printf(s->b, "src's SYN was answered by %llu RST "
		    "frame(s) from dst and no SYN-ACK",
		    (unsigned long long)count_of(s->r, "rst_rev"));
	if (clause_if(s, SX_FIND_UNANSWERED, 0))
		sx_buf_printf(s->b, "src sent %llu frame(s), %llu of "
		    "them retransmissions, and dst sent nothing",
		    side_count(s->r, "frames", 0),
		    side_count(s->r, "retransmission", 0));
}

/* n bytes as "12.4 MB" (powers of 1000). */
static void
amount(struct sx_buf *b, double n, const char *unit)
{
	static const char *const pre[] = { "", "k", "M", "G", "T" };
	size_t i = 0;

	while (n >= 1000 && i + 1 < SX_ARRAY_LEN(pre)) {
		n /= 1000;
		i++;
	}
	sx_buf_printf(b, i ? "%.1f %s%s" : "%.0f %s%s", n, pre[i], unit);
}

/* "src -> dst sent 12.4 MB in 3.100 s (32.0 Mbit/s): " for the data
 * sent by side. */
static void
say_transfer(struct say *s, int side)
{
	int64_t ns = side_value(s->r, "transfer_time", side).ns;
	double bytes = (double)side_count(s->r, "bytes", side);

	sx_buf_printf(s->b, "%s -> %s sent ", who[side], who[!side]);
	amount(s->b, bytes, "B");
	sx_buf_adds(s->b, " in ");
	secs(s->b, ns);
	if (ns > 0) {
		sx_buf_adds(s->b, " (");
		amount(s->b, bytes * 8e9 / (double)ns, "bit/s");
		sx_buf_addc(s->b, ')');
	}
	sx_buf_adds(s->b, ": ");
}

/* The receiver's window in words: its range, its zero time, scaling. */
static void
say_window(struct say *s, int rcv)
{
	struct sx_value lo = side_value(s->r, "win_min", rcv);
	struct sx_value hi = side_value(s->r, "win_max", rcv);
	struct sx_value zw = side_value(s->r, "zero_window_share", rcv);
	int nego = !side_value(s->r, "sack_perm", 0).null &&
	    !side_value(s->r, "sack_perm", 1).null;

	sx_buf_printf(s->b, " (%s's window", who[rcv]);
	if (!lo.null && !hi.null) {
		sx_buf_adds(s->b, " ranged from ");
		amount(s->b, (double)lo.count, "B");
		sx_buf_adds(s->b, " to ");
		amount(s->b, (double)hi.count, "B");
	}
	if (!zw.null && zw.ratio >= 0.005)
		sx_buf_printf(s->b, "%s zero for %.0f%% of the stream",
		    lo.null || hi.null ? " was" : ",", zw.ratio * 100);
	if (nego && (side_value(s->r, "wscale", 0).null ||
	    side_value(s->r, "wscale", 1).null))
		sx_buf_adds(s->b, "; window scaling was not negotiated");
	sx_buf_addc(s->b, ')');
}

/* The limit of the data side sent, when it is a finding. */
static void
say_limit(struct say *s, int side)
{
	double share;

	if (s->fs & BIT(SX_FIND_RECEIVER_LIMITED, !side)) {
		clause(s);
		say_transfer(s, side);
		share = side_value(s->r, "rwnd_limited_share", side).ratio;
		sx_buf_printf(s->b, "limited by %s's receive window %.0f%% "
		    "of the time", who[!side], share * 100);
		say_window(s, !side);
	}
	if (s->fs & BIT(SX_FIND_SENDER_LIMITED, side)) {
		clause(s);
		say_transfer(s, side);
		share = side_value(s->r, "sender_limited_share", side).ratio;
		sx_buf_printf(s->b, "limited by %s, which had nothing in "
		    "flight %.0f%% of the time (the application or its send "
		    "buffer supplied no data)", who[side], share * 100);
	}
	if (s->fs & BIT(SX_FIND_NETWORK_LIMITED, side)) {
		clause(s);
		say_transfer(s, side);
		share = side_value(s->r, "network_limited_share", side).ratio;
		sx_buf_printf(s->b, "limited by the network %.0f%% of the "
		    "time (data in flight below %s's window: congestion "
		    "window, bottleneck or loss recovery", share * 100,
		    who[!side]);
		if (!side_value(s->r, "round_trips", side).null)
			sx_buf_printf(s->b, "; %.1f round trips",
			    side_value(s->r, "round_trips", side).ratio);
		sx_buf_addc(s->b, ')');
	}
}

static void
say_latency(struct say *s)
{
	struct sx_value rt = value_of(s->r, "round_trips");
	int64_t ns = value_of(s->r, "transfer_time").ns;

	if (!clause_if(s, SX_FIND_LATENCY_BOUND, 0))
		return;
	sx_buf_printf(s->b, "latency-bound: the data exchange took ");
	secs(s->b, ns);
	sx_buf_printf(s->b, ", %.1f round trips of ", rt.ratio);
	secs(s->b, rt.ratio > 0 ? (int64_t)((double)ns / rt.ratio) : 0);
	sx_buf_adds(s->b, " (its time is round trips, not bandwidth)");
}

/* Segments lost on one side of the capture point (where is "upstream"
 * or "downstream"). */
static void
say_lost(struct say *s, int fi, int side, const char *where)
{
	char base[64];

	if (!clause_if(s, fi, side))
		return;
	snprintf(base, sizeof(base), "lost_%s", where);
	sx_buf_printf(s->b, "%llu segment(s) from %s ",
	    side_count(s->r, base, side), who[side]);
	snprintf(base, sizeof(base), "lost_%s_bytes", where);
	sx_buf_printf(s->b, "(%llu bytes) lost %s of the capture point ",
	    side_count(s->r, base, side), where);
	if (fi == SX_FIND_LOSS_UPSTREAM) {
		sx_buf_adds(s->b, "(their originals never reached it)");
		return;
	}
	sx_buf_adds(s->b, "(seen, then retransmitted");
	if (side_count(s->r, "fast_retransmission", side) > 0)
		sx_buf_printf(s->b, "; %s made %llu fast retransmission(s)",
		    who[side], side_count(s->r, "fast_retransmission", side));
	sx_buf_addc(s->b, ')');
}

static void
say_reordered(struct say *s, int side)
{
	unsigned long long n = side_count(s->r, "reordered_upstream", side);

	/* not a finding of its own: said whenever there is some */
	if (n == 0)
		return;
	clause(s);
	sx_buf_printf(s->b, "%llu segment(s) from %s arrived out of "
	    "order into a gap (reordering, not loss)", n, who[side]);
}

static void
say_closing(struct say *s, int64_t dur)
{
	int side;

	if (clause_if(s, SX_FIND_IDLE, 0)) {
		int64_t t = idle_ns(s->r);

		sx_buf_adds(s->b, "no frame for ");
		secs(s->b, t);
		sx_buf_printf(s->b, " at once (%.0f%% of the stream)",
		    dur > 0 ? 100.0 * (double)t / (double)dur : 0.0);
	}
	for (side = 0; side < 2; side++)
		if (clause_if(s, SX_FIND_RESET, side))
			sx_buf_printf(s->b, "reset by %s (%llu RST "
			    "frame(s))", who[side], side_count(s->r, "rst",
			    side));
	if (clause_if(s, SX_FIND_CAPTURE_GAPS, 0))
		sx_buf_printf(s->b, "the capture missed frames: %llu "
		    "sequence gap(s) never filled, %llu ACK(s) of data it "
		    "never saw",
		    (unsigned long long)count_of(s->r, "unfilled_gaps"),
		    (unsigned long long)count_of(s->r, "ack_lost_segment"));
	if (clause_if(s, SX_FIND_DUPLICATES, 0))
		sx_buf_printf(s->b, "duplicates in the capture: %llu "
		    "frame(s) identical to the one before them (not counted "
		    "as loss)",
		    (unsigned long long)count_of(s->r, "dup_frames"));
}

void
sx_diag_explain(const struct sx_row *r, int with_file, struct sx_buf *b)
{
	struct say s = { b, r, sx_diag_findings(r), 1 };
	char src[64], dst[64], verdict[400];
	unsigned long long overflow = count_of(r, "gap_overflow");
	int64_t dur = value_of(r, "duration").ns;
	int side;

	sx_format_endpoint(&r->st->ep[0], src, sizeof(src));
	sx_format_endpoint(&r->st->ep[1], dst, sizeof(dst));
	sx_diag_format(s.fs, verdict, sizeof(verdict));
	if (with_file && r->file) {
		/* escaped as in the table: no name breaks the line */
		sx_escape_text(b, r->file, strlen(r->file));
		sx_buf_adds(b, ": ");
	}
	sx_buf_printf(b, "stream %zu (%s -> %s, ", r->stream, src, dst);
	secs(b, dur);
	sx_buf_printf(b, ", %llu frames) is %s",
	    (unsigned long long)count_of(r, "frames"), verdict);
	say_opening(&s);
	say_latency(&s);
	for (side = 0; side < 2; side++)
		say_limit(&s, side);
	for (side = 0; side < 2; side++)
		say_lost(&s, SX_FIND_LOSS_DOWNSTREAM, side, "downstream");
	for (side = 0; side < 2; side++)
		say_lost(&s, SX_FIND_LOSS_UPSTREAM, side, "upstream");
	for (side = 0; side < 2; side++)
		say_reordered(&s, side);
	say_closing(&s, dur);
	if (overflow > 0) {
		clause(&s);
		sx_buf_printf(b, "more than %d gaps at once: %llu not "
		    "tracked, the upstream/downstream split is approximate",
		    SX_DIAG_GAPS, overflow);
	}
	if (s.first)
		sx_buf_adds(b, ": no loss, no limit with a majority of the "
		    "transfer, no reset, no gap");
	sx_buf_addc(b, '.');
}
