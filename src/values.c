/* values.c - what a column prints: the accessors of values.h. */
#include "values.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <string.h>

#include "communityid.h"
#include "limits.h"
#include "util.h"

static const struct sx_diag no_diag;
static const struct sx_stats no_stats;

void
sx_column_value(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	v->null = 0;
	v->str = v->text;
	v->text[0] = '\0';
	c->value(c, r, v);
}

int
sx_value_cmp(const struct sx_column *c, const struct sx_value *a,
    const struct sx_value *b)
{
	if (c->metric == SX_M_DIAGNOSIS) {
		/* the text is formatted on demand from the findings */
		char x[400], y[400];

		sx_verdict_format((uint32_t)a->count, x, sizeof(x));
		sx_verdict_format((uint32_t)b->count, y, sizeof(y));
		return strcmp(x, y);
	}
	switch (c->type) {
	case SX_CT_TEXT:
		return strcmp(a->str, b->str);
	case SX_CT_COUNT:
	case SX_CT_NUMBER:
		return (a->count > b->count) - (a->count < b->count);
	case SX_CT_TIME:
		return (a->ns > b->ns) - (a->ns < b->ns);
	case SX_CT_RATIO:
		return (a->ratio > b->ratio) - (a->ratio < b->ratio);
	}
	return 0;
}

int
sx_row_has_problems(const struct sx_row *r)
{
	return r->ext->problems[0] + r->ext->problems[1] > 0;
}

void
sx_format_endpoint(const struct sx_endpoint *ep, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (ep->af == 4 && inet_ntop(AF_INET, ep->addr, a, sizeof(a)))
		snprintf(buf, size, "%s:%u", a, ep->port);
	else if (ep->af == 6 && inet_ntop(AF_INET6, ep->addr, a, sizeof(a)))
		snprintf(buf, size, "[%s]:%u", a, ep->port);
	else
		snprintf(buf, size, "?:%u", ep->port);
}

void
sx_format_state(unsigned bits, char *buf, size_t size)
{
	static const char *const names_[] = {
		"SYN", "SYNACK", "ACK", "DATA", "FIN", "RST"
	};
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < SX_ARRAY_LEN(names_); i++) {
		if (bits & (1u << i)) {
			int n = snprintf(buf + len, size - len, "%s%s",
			    len ? "," : "", names_[i]);

			if (n < 0 || (size_t)n >= size - len)
				return;
			len += (size_t)n;
		}
	}
}

/* The directions column c covers: [*lo, *hi]. */
static void
dirs(const struct sx_column *c, int *lo, int *hi)
{
	*lo = c->dir == SX_CD_REV ? 1 : 0;
	*hi = c->dir == SX_CD_FWD ? 0 : 1;
}

/* The sum over the directions a column covers. */
static uint64_t
by_dir(const struct sx_column *c, const uint32_t v[2])
{
	if (c->dir == SX_CD_BOTH)
		return (uint64_t)v[0] + v[1];
	return v[c->dir];
}

/* --- the stream --- */

void
sx_val_file(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	v->str = r->file ? r->file : "";
}

void
sx_val_stream(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	v->count = r->stream;
}

void
sx_val_alert(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	v->null = r->alert == NULL;
	v->str = r->alert ? r->alert : "";
}

void
sx_val_endpoint(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	sx_format_endpoint(&r->st->ep[c->arg], v->text, sizeof(v->text));
}

static uint16_t cid_seed;

void
sx_column_community_id_seed(uint16_t seed)
{
	cid_seed = seed;
}

/* The stream's Community ID (TCP: protocol 6) from the endpoints it
 * keeps: those of the IP header right around its TCP header (the inner
 * one in a tunnel, as tshark's tcp.stream keys it). Absent when the
 * addresses are not IP. */
void
sx_val_community_id(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_stream *st = r->st;
	struct sx_cid_end a, b;

	(void)c;
	a.addr = st->ep[0].addr;
	a.port = st->ep[0].port;
	b.addr = st->ep[1].addr;
	b.port = st->ep[1].port;
	v->null = st->ep[0].af != st->ep[1].af ||
	    sx_community_id(cid_seed, st->ep[0].af, &a, &b, 6, 1, v->text) != 0;
}

void
sx_val_frames(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	v->count = by_dir(c, r->st->frames);
}

void
sx_val_start(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	v->ns = r->st->first_ns;
}

void
sx_val_duration(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	v->ns = r->st->last_ns - r->st->first_ns;
}

void
sx_val_ext_pair32(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	uint32_t pair[2];

	memcpy(pair, (const char *)r->ext + c->arg, sizeof(pair));
	v->count = by_dir(c, pair);
}

void
sx_val_ext_pair64(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	uint64_t pair[2];

	memcpy(pair, (const char *)r->ext + c->arg, sizeof(pair));
	v->count = c->dir == SX_CD_BOTH ? pair[0] + pair[1] : pair[c->dir];
}

void
sx_val_flag(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	uint64_t a = c->dir != SX_CD_REV ? r->ext->flag[0][c->flag] : 0;
	uint64_t b = c->dir != SX_CD_FWD ? r->ext->flag[1][c->flag] : 0;

	v->count = a + b;
}

void
sx_val_plain_retrans(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_ext *e = r->ext;
	uint64_t a = 0;
	int side;

	for (side = 0; side < 2; side++) {
		uint32_t rt = e->flag[side][SX_FL_RETRANSMISSION];
		uint32_t other = e->flag[side][SX_FL_FAST_RETRANSMISSION] +
		    e->flag[side][SX_FL_SPURIOUS_RETRANSMISSION];

		if (c->dir == SX_CD_BOTH || side == (int)c->dir)
			a += rt > other ? rt - other : 0;
	}
	v->count = a;
}

void
sx_val_retrans_rate(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	uint64_t a = by_dir(c, r->ext->retrans_data);
	uint64_t b = by_dir(c, r->ext->data);

	v->null = b == 0;
	v->ratio = b ? (double)a / (double)b : 0;
}

/* The RTT samples of the directions c covers: their number, sum,
 * minimum and maximum. */
static uint64_t
rtt_of(const struct sx_column *c, const struct sx_ext *e, int64_t *sum,
    int64_t *min, int64_t *max)
{
	int lo, hi, d;
	uint64_t n = 0;

	*sum = *min = *max = 0;
	dirs(c, &lo, &hi);
	for (d = lo; d <= hi; d++) {
		if (e->rtt_n[d] == 0)
			continue;
		if (n == 0 || e->rtt_min[d] < *min)
			*min = e->rtt_min[d];
		if (n == 0 || e->rtt_max[d] > *max)
			*max = e->rtt_max[d];
		n += e->rtt_n[d];
		*sum += e->rtt_sum[d];
	}
	return n;
}

void
sx_val_rtt(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	int64_t sum, min, max;
	uint64_t n = rtt_of(c, r->ext, &sum, &min, &max);

	v->null = n == 0;
	v->ns = c->arg == SX_RTT_MIN ? min : c->arg == SX_RTT_MAX ? max :
	    n ? sum / (int64_t)n : 0;
}

void
sx_val_irtt(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	v->null = !r->ext->has_irtt;
	v->ns = r->ext->irtt;
}

void
sx_val_state(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	sx_format_state(sx_stream_completeness(r->st), v->text,
	    sizeof(v->text));
}

void
sx_val_completeness(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	v->count = sx_stream_completeness(r->st);
}

void
sx_val_first_end(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	int side = sx_stream_first_end(r->st, (int)c->arg);

	v->null = side < 0;
	v->str = side == SX_FWD ? "src" : side == SX_REV ? "dst" : "";
}

/* --- the diagnosis state --- */

static const struct sx_diag *
diag_of(const struct sx_row *r)
{
	return r->diag ? r->diag : &no_diag;
}

/* The sum over the directions c covers of the counter at offset c->arg
 * of struct sx_diag_dir, size bytes wide (4 or 8). */
static uint64_t
diag_sum(const struct sx_column *c, const struct sx_row *r, size_t size)
{
	const struct sx_diag *dg = diag_of(r);
	uint64_t sum = 0, n64;
	uint32_t n32;
	int lo, hi, side;

	dirs(c, &lo, &hi);
	for (side = lo; side <= hi; side++) {
		const char *p = (const char *)&dg->d[side] + c->arg;

		if (size == sizeof(n32)) {
			memcpy(&n32, p, sizeof(n32));
			sum += n32;
		} else {
			memcpy(&n64, p, sizeof(n64));
			sum += n64;
		}
	}
	return sum;
}

void
sx_val_diag32(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	v->count = diag_sum(c, r, sizeof(uint32_t));
}

void
sx_val_diag64(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	v->count = diag_sum(c, r, sizeof(uint64_t));
}

void
sx_val_unfilled(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_diag *dg = diag_of(r);
	int lo, hi, side;

	dirs(c, &lo, &hi);
	v->count = 0;
	for (side = lo; side <= hi; side++)
		v->count += (uint64_t)dg->d[side].ngaps +
		    dg->d[side].gap_expired;
}

void
sx_val_zw_time(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	int lo, hi, side;

	dirs(c, &lo, &hi);
	v->ns = 0;
	for (side = lo; side <= hi; side++)
		v->ns += sx_diag_zero_window_ns(diag_of(r), side,
		    r->st->last_ns);
}

void
sx_val_zw_share(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	int64_t dur = r->st->last_ns - r->st->first_ns;

	sx_val_zw_time(c, r, v);
	v->null = dur <= 0;
	v->ratio = dur > 0 ? (double)v->ns / (double)dur : 0;
}

/* --- the statistics --- */

static const struct sx_stats *
stats_of(const struct sx_row *r)
{
	return r->table ? sx_stream_stats(r->table, r->ext) : &no_stats;
}

/* sqrt by Newton's method (libc only: no libm), for v >= 0. */
static double
root(double v)
{
	double g = 1, prev;
	int i;

	if (!(v > 0))
		return 0;
	while (g * g < v)
		g *= 2;
	while (g * g > 4 * v)
		g /= 2;
	for (i = 0; i < 200; i++) {
		prev = g;
		g = (g + v / g) / 2;
		if (g == prev)
			break;
	}
	return g;
}

void
sx_val_retrans_bytes(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_stats *s = stats_of(r);
	uint64_t re = 0, all = 0;
	int lo, hi, k;

	dirs(c, &lo, &hi);
	for (k = lo; k <= hi; k++) {
		re += s->d[k].retrans_bytes;
		all += r->ext->bytes[k];
	}
	v->count = c->arg ? all - re : re;
}

/* bytes per second over the data span of the directions covered: from
 * the first frame with payload to the last one. */
void
sx_val_rate(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	int good = c->arg != 0;
	const struct sx_stats *s = stats_of(r);
	int lo, hi, k, any = 0;
	int64_t a = 0, b = 0;
	uint64_t bytes = 0;

	dirs(c, &lo, &hi);
	for (k = lo; k <= hi; k++) {
		const struct sx_dstats *d = &s->d[k];

		if (!(d->bits & SX_DS_DATA))
			continue;
		if (!any || d->first_data_ns < a)
			a = d->first_data_ns;
		if (!any || d->last_data_ns > b)
			b = d->last_data_ns;
		any = 1;
		bytes += r->ext->bytes[k] - (good ? d->retrans_bytes : 0);
	}
	v->null = !any || b <= a;
	v->ratio = v->null ? 0 : (double)bytes * 1e9 / (double)(b - a);
}

void
sx_val_inflight(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_stats *s = stats_of(r);
	uint64_t sum = 0, n = 0, max = 0;
	int lo, hi, k;

	dirs(c, &lo, &hi);
	for (k = lo; k <= hi; k++) {
		if (s->d[k].inflight_n == 0)
			continue;
		if (n == 0 || s->d[k].inflight_max > max)
			max = s->d[k].inflight_max;
		n += s->d[k].inflight_n;
		sum += s->d[k].inflight_sum;
	}
	v->null = n == 0;
	v->count = max;
	v->ratio = n ? (double)sum / (double)n : 0;
}

void
sx_val_win(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	int min = c->arg != 0;
	const struct sx_stats *s = stats_of(r);
	uint64_t sum = 0, n = 0, lo_w = 0, hi_w = 0;
	int lo, hi, k, unknown = 0;

	dirs(c, &lo, &hi);
	for (k = lo; k <= hi; k++) {
		const struct sx_dstats *w = &s->d[k];

		unknown |= w->bits & SX_DS_WIN_UNKNOWN;
		if (w->win_n == 0)
			continue;
		if (n == 0 || w->win_min < lo_w)
			lo_w = w->win_min;
		if (n == 0 || w->win_max > hi_w)
			hi_w = w->win_max;
		n += w->win_n;
		sum += w->win_sum;
	}
	v->null = n == 0 || unknown;
	v->count = min ? lo_w : hi_w;
	v->ratio = n ? (double)sum / (double)n : 0;
}

/* The statistics of the one direction of a column of each side. */
static const struct sx_dstats *
side_of(const struct sx_column *c, const struct sx_row *r)
{
	return &stats_of(r)->d[c->dir == SX_CD_REV ? 1 : 0];
}

void
sx_val_syn_option(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_dstats *d = side_of(c, r);

	if (c->arg == SX_DS_MSS || c->arg == SX_DS_WSCALE) {
		v->null = !(d->bits & c->arg);
		v->count = c->arg == SX_DS_MSS ? d->mss : d->wshift;
	} else {
		v->null = !(d->bits & SX_DS_SYN);
		v->count = (d->bits & c->arg) != 0;
	}
}

void
sx_val_first_data(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_dstats *d = side_of(c, r);

	v->null = !(d->bits & SX_DS_DATA);
	v->ns = d->first_data_ns;
}

void
sx_val_seg(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_stats *s = stats_of(r);
	uint64_t sum = 0, n = 0, max = 0;
	int lo, hi, k;

	dirs(c, &lo, &hi);
	for (k = lo; k <= hi; k++) {
		if (s->d[k].seg_max > max)
			max = s->d[k].seg_max;
		n += r->ext->data[k];
		sum += r->ext->bytes[k];
	}
	v->null = n == 0;
	v->count = max;
	v->ratio = n ? (double)sum / (double)n : 0;
}

void
sx_val_rtt_sd(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_stats *s = stats_of(r);
	double mean = 0, m2 = 0;
	uint64_t n = 0;
	int lo, hi, k;

	/* Chan et al.'s combination of the two directions' Welford sums:
	 * exact up to rounding, the same for every -j. */
	dirs(c, &lo, &hi);
	for (k = lo; k <= hi; k++) {
		const struct sx_dstats *q = &s->d[k];
		double delta;

		if (q->rtt_n == 0)
			continue;
		if (n == 0) {
			mean = q->rtt_mean;
			m2 = q->rtt_m2;
		} else {
			delta = q->rtt_mean - mean;
			m2 += q->rtt_m2 + delta * delta * (double)n *
			    q->rtt_n / (double)(n + q->rtt_n);
			mean += delta * q->rtt_n / (double)(n + q->rtt_n);
		}
		n += q->rtt_n;
	}
	v->null = n == 0;
	v->ns = n ? (int64_t)(root(m2 / (double)n) + 0.5) : 0;
}

void
sx_val_idle_max(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	/* a gap back in time (timestamps out of order) counts 0 */
	v->null = sx_stream_frames(r->st) < 2;
	v->ns = stats_of(r)->idle_max_ns;
}

/* A string of the statistics (service or server_name). */
static void
stats_text(const struct sx_row *r, uint32_t ref, struct sx_value *v)
{
	const char *text = r->table ? sx_stats_text(&r->table->sstats, ref) :
	    NULL;

	v->null = text == NULL;
	v->str = text ? text : "";
}

void
sx_val_service(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	stats_text(r, stats_of(r)->service, v);
}

void
sx_val_server_name(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	(void)c;
	stats_text(r, stats_of(r)->server_name, v);
}

/* --- what limited each transfer --- */

/* The round trip time of a direction (k 0 or 1) or of the stream (k 2):
 * the handshake's initial RTT, else the smallest ACK RTT of the data
 * (of either direction for the stream). 0 when unknown. */
static int64_t
limits_rtt(const struct sx_ext *e, int k)
{
	int64_t best = 0;
	int i;

	if (e->has_irtt && e->irtt > 0)
		return e->irtt;
	for (i = 0; i < 2; i++)
		if ((k == 2 || k == i) && e->rtt_n[i] > 0 &&
		    e->rtt_min[i] > 0 && (best == 0 || e->rtt_min[i] < best))
			best = e->rtt_min[i];
	return best;
}

/* The transfer time of the directions c covers into *total; returns
 * SX_LB_STARTED when some sent data, with SX_LB_WIN_UNKNOWN when the
 * limits of one are unknown (sx_limits_known), 0 when none did. */
static unsigned
limits_total(const struct sx_column *c, const struct sx_limits *lm,
    int64_t *total)
{
	unsigned bits = 0;
	int lo, hi, k;

	*total = 0;
	dirs(c, &lo, &hi);
	for (k = lo; k <= hi; k++) {
		if (!(lm->d[k].bits & SX_LB_STARTED))
			continue;
		bits |= sx_limits_known(&lm->d[k]) ? SX_LB_STARTED :
		    SX_LB_WIN_UNKNOWN;
		*total += sx_limits_transfer_ns(&lm->d[k]);
	}
	return bits;
}

void
sx_val_transfer(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_limits *lm = &stats_of(r)->lim;
	int64_t total, rtt;

	v->null = limits_total(c, lm, &total) == 0 || r->table == NULL;
	if (c->dir == SX_CD_BOTH)
		total = sx_limits_exchange_ns(lm);
	v->ns = total;
	if (c->arg == 0)
		return;
	rtt = limits_rtt(r->ext, c->dir == SX_CD_BOTH ? 2 : (int)c->dir);
	v->null = v->null || rtt == 0;
	v->ratio = rtt ? (double)total / (double)rtt : 0;
}

void
sx_val_limited(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_limits *lm = &stats_of(r)->lim;
	int64_t total, t = 0;
	int lo, hi, k;

	v->null = limits_total(c, lm, &total) != SX_LB_STARTED ||
	    r->table == NULL;
	dirs(c, &lo, &hi);
	for (k = lo; k <= hi; k++)
		t += sx_limits_time_ns(&lm->d[k], (enum sx_limit)c->arg);
	v->ns = t;
	if (c->type == SX_CT_RATIO) {
		v->null = v->null || total <= 0;
		v->ratio = total > 0 ? (double)t / (double)total : 0;
	}
}

/* --- the summary --- */

/* The summary of a row; NULL, with the value absent, for a stream. */
static const struct sx_summary *
sum_of(const struct sx_row *r, struct sx_value *v)
{
	v->null = r->sum == NULL;
	return r->sum;
}

void
sx_val_sum_status(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_summary *s = sum_of(r, v);

	(void)c;
	if (s)
		v->str = s->status;
}

void
sx_val_sum_u64(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_summary *s = sum_of(r, v);

	if (s)
		memcpy(&v->count, (const char *)s + c->arg, sizeof(v->count));
}

void
sx_val_sum_retrans_rate(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_summary *s = sum_of(r, v);

	(void)c;
	if (s == NULL)
		return;
	v->null = s->data == 0;
	v->ratio = s->data ? (double)s->retrans_data / (double)s->data : 0;
}

void
sx_val_sum_worst(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_summary *s = sum_of(r, v);

	if (s == NULL)
		return;
	v->null = !s->has_worst;
	v->count = s->worst_stream;
	v->ratio = s->worst_rate;
	v->str = c->arg ? s->worst_dst : s->worst_src;
}

void
sx_val_sum_quality(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_summary *s = sum_of(r, v);

	(void)c;
	if (s)
		v->str = s->quality;
}

void
sx_val_sum_trust(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_summary *s = sum_of(r, v);
	const struct sx_trust *t;

	if (s == NULL)
		return;
	t = &s->trust;
	switch (c->arg) {   /* which number (the catalogue's row) */
	case 0:
		v->null = !t->has_ifdrop;
		v->count = t->ifdrop;
		break;
	case 1:
		v->null = !t->has_osdrop;
		v->count = t->osdrop;
		break;
	case 2:
		v->null = !t->scanned;
		v->count = t->cut_short;
		break;
	case 3:
		v->null = !t->scanned;
		v->count = t->time_back;
		break;
	default:
		v->count = t->dup_frames;
		break;
	}
}
