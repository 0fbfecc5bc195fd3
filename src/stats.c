/* stats.c - the per-stream statistics of stats.h: accounting a frame,
 * copying a record between tables (the split's merge), and the columns'
 * values. */
#include "stats.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "limits.h"
#include "streams.h"
#include "util.h"

static const struct sx_stats zero_stats;

const struct sx_stats *
sx_stream_stats(const struct sx_table *t, const struct sx_ext *e)
{
	return e->stats ? &t->st[e->stats - 1] : &zero_stats;
}

const char *
sx_stats_text(const struct sx_table *t, uint32_t ref)
{
	return ref ? t->pool + ref - 1 : NULL;
}

static struct sx_stats *
stats_of(struct sx_table *t, struct sx_ext *e)
{
	struct sx_stats *s;

	if (e->stats)
		return &t->st[e->stats - 1];
	t->st = sx_grow(t->st, &t->st_cap, t->st_next + 1, sizeof(*t->st),
	    256);
	s = &t->st[t->st_next++];
	memset(s, 0, sizeof(*s));
	e->stats = (uint32_t)t->st_next;
	return s;
}

/* Keep n bytes of text in the table's pool; returns its reference
 * (1 + offset), or 0 when the pool is full (4 GiB). */
static uint32_t
keep_text(struct sx_table *t, const char *p, size_t n)
{
	size_t off = t->pool_len;

	if (n > SX_STATS_MAX_TEXT || off + n + 1 >= UINT32_MAX)
		return 0;
	t->pool = sx_grow(t->pool, &t->pool_cap, off + n + 1, 1, 4096);
	memcpy(t->pool + off, p, n);
	t->pool[off + n] = '\0';
	t->pool_len = off + n + 1;
	return (uint32_t)off + 1;
}

/* Welford's update of mean and squared deviations with sample v. */
static void
welford(struct sx_dstats *d, double v)
{
	double delta = v - d->rtt_mean;

	d->rtt_n++;
	d->rtt_mean += delta / d->rtt_n;
	d->rtt_m2 += delta * (v - d->rtt_mean);
}

int
sx_stats_add(struct sx_table *t, struct sx_ext *e, const struct sx_frame *f,
    const struct sx_hdr *h, int dir, uint64_t bytes, int first,
    int64_t prev_ns, int single, char *err, size_t errsize)
{
	struct sx_stats *s = stats_of(t, e);
	struct sx_dstats *d = &s->d[dir];
	const struct sx_fstats *x = &f->x;
	size_t i;

	if (!first && f->time_ns - prev_ns > s->idle_max_ns)
		s->idle_max_ns = f->time_ns - prev_ns;
	sx_limits_add(&s->lim, dir, f, h, first, prev_ns);
	if (bytes) {
		if (!(d->bits & SX_DS_DATA)) {
			d->bits |= SX_DS_DATA;
			d->first_data_ns = f->time_ns;
		}
		d->last_data_ns = f->time_ns;
		if (bytes > d->seg_max)
			d->seg_max = bytes > UINT32_MAX ? UINT32_MAX :
			    (uint32_t)bytes;
		if (f->flags & (1u << SX_FL_RETRANSMISSION))
			d->retrans_bytes += bytes;
	}
	if (single) {
		/* An ACK's RTT sample measures the data sent the other way. */
		struct sx_dstats *dd = &s->d[!dir];

		for (i = 0; i < f->nrtt; i++)
			welford(dd, (double)f->rtt[i]);
	}
	if (!x->single)
		return 0;
	if (x->has_win) {
		if (x->win_unknown) {
			d->bits |= SX_DS_WIN_UNKNOWN;
		} else {
			if (d->win_n == 0 || x->win < d->win_min)
				d->win_min = x->win;
			if (d->win_n == 0 || x->win > d->win_max)
				d->win_max = x->win;
			d->win_sum += x->win;
			d->win_n++;
		}
	}
	if (x->has_inflight) {
		if (d->inflight_n == 0 || x->inflight > d->inflight_max)
			d->inflight_max = x->inflight;
		d->inflight_sum += x->inflight;
		d->inflight_n++;
	}
	/* The options a side offered: those of its first SYN (SYN or
	 * SYN-ACK) read. */
	if (h->has_flags && (h->tcpflags & SX_TH_SYN) &&
	    !(d->bits & SX_DS_SYN)) {
		d->bits |= (uint8_t)(SX_DS_SYN | (x->opt_bits &
		    (SX_DS_SACK | SX_DS_TS)));
		if (x->has_mss) {
			d->bits |= SX_DS_MSS;
			d->mss = x->mss;
		}
		if (x->has_wshift) {
			d->bits |= SX_DS_WSCALE;
			d->wshift = x->wshift;
		}
	}
	if (x->app != NULL && !s->service)
		s->service = keep_text(t, x->app, x->app_n);
	if (x->sni != NULL && !s->name_is_sni) {
		s->server_name = keep_text(t, x->sni, x->sni_n);
		s->name_is_sni = s->server_name != 0;
	} else if (x->host != NULL && !s->server_name) {
		s->server_name = keep_text(t, x->host, x->host_n);
	}
	(void)err;
	(void)errsize;
	return 0;
}

void
sx_stats_copy(struct sx_table *dst, struct sx_ext *de,
    const struct sx_table *src, const struct sx_ext *se)
{
	struct sx_stats *s;
	const struct sx_stats *from;
	const char *text;

	de->stats = 0;
	if (!se->stats)
		return;
	from = &src->st[se->stats - 1];
	s = stats_of(dst, de);
	*s = *from;
	s->service = s->server_name = 0;
	if ((text = sx_stats_text(src, from->service)) != NULL)
		s->service = keep_text(dst, text, strlen(text));
	if ((text = sx_stats_text(src, from->server_name)) != NULL)
		s->server_name = keep_text(dst, text, strlen(text));
}

/* --- values --- */

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

/* The directions a column covers: [lo, hi]. */
static void
dirs(const struct sx_column *c, int *lo, int *hi)
{
	*lo = c->dir == SX_CD_REV ? 1 : 0;
	*hi = c->dir == SX_CD_FWD ? 0 : 1;
}

/* bytes per second over the data span of the directions covered: from
 * the first frame with payload to the last one. */
static void
rate(const struct sx_column *c, const struct sx_ext *e,
    const struct sx_stats *s, int good, struct sx_value *v)
{
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
		bytes += e->bytes[k] - (good ? d->retrans_bytes : 0);
	}
	v->null = !any || b <= a;
	v->ratio = v->null ? 0 : (double)bytes * 1e9 / (double)(b - a);
}

void
sx_stats_value(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_table *t = r->table;
	const struct sx_ext *e = r->ext;
	const struct sx_stats *s = t ? sx_stream_stats(t, e) : &zero_stats;
	const struct sx_dstats *d;
	int lo, hi, k, unknown = 0;
	uint64_t sum = 0, n = 0, max = 0, min = 0;
	double mean = 0, m2 = 0;
	const char *text;

	dirs(c, &lo, &hi);
	d = &s->d[lo];
	v->null = 0;
	if (SX_M_IS_LIMITS(c->metric)) {
		if (t == NULL)
			v->null = 1;
		else
			sx_limits_value(c, r, v);
		return;
	}
	switch (c->metric) {
	case SX_M_RETRANS_BYTES:
	case SX_M_GOODPUT_BYTES:
		for (k = lo; k <= hi; k++) {
			sum += s->d[k].retrans_bytes;
			n += e->bytes[k];
		}
		v->count = c->metric == SX_M_RETRANS_BYTES ? sum : n - sum;
		break;
	case SX_M_THROUGHPUT:
	case SX_M_GOODPUT:
		rate(c, e, s, c->metric == SX_M_GOODPUT, v);
		break;
	case SX_M_INFLIGHT_MAX:
	case SX_M_INFLIGHT_AVG:
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
		break;
	case SX_M_WIN_MIN:
	case SX_M_WIN_AVG:
	case SX_M_WIN_MAX:
		for (k = lo; k <= hi; k++) {
			const struct sx_dstats *w = &s->d[k];

			unknown |= w->bits & SX_DS_WIN_UNKNOWN;
			if (w->win_n == 0)
				continue;
			if (n == 0 || w->win_min < min)
				min = w->win_min;
			if (n == 0 || w->win_max > max)
				max = w->win_max;
			n += w->win_n;
			sum += w->win_sum;
		}
		v->null = n == 0 || unknown;
		v->count = c->metric == SX_M_WIN_MIN ? min : max;
		v->ratio = n ? (double)sum / (double)n : 0;
		break;
	case SX_M_MSS:
		v->null = !(d->bits & SX_DS_MSS);
		v->count = d->mss;
		break;
	case SX_M_WSCALE:
		v->null = !(d->bits & SX_DS_WSCALE);
		v->count = d->wshift;
		break;
	case SX_M_SACK_PERM:
	case SX_M_TIMESTAMPS:
		v->null = !(d->bits & SX_DS_SYN);
		v->count = (d->bits & (c->metric == SX_M_SACK_PERM ?
		    SX_DS_SACK : SX_DS_TS)) != 0;
		break;
	case SX_M_SEG_MAX:
	case SX_M_SEG_AVG:
		for (k = lo; k <= hi; k++) {
			if (s->d[k].seg_max > max)
				max = s->d[k].seg_max;
			n += e->data[k];
			sum += e->bytes[k];
		}
		v->null = n == 0;
		v->count = max;
		v->ratio = n ? (double)sum / (double)n : 0;
		break;
	case SX_M_RTT_SD:
		/* Chan et al.'s combination of the two directions' Welford
		 * sums: exact up to rounding, the same for every -j. */
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
				mean += delta * q->rtt_n /
				    (double)(n + q->rtt_n);
			}
			n += q->rtt_n;
		}
		v->null = n == 0;
		v->ns = n ? (int64_t)(root(m2 / (double)n) + 0.5) : 0;
		break;
	case SX_M_FIRST_DATA:
		v->null = !(d->bits & SX_DS_DATA);
		v->ns = d->first_data_ns;
		break;
	case SX_M_IDLE_MAX:
		/* a gap back in time (timestamps out of order) counts 0 */
		v->null = sx_stream_frames(r->st) < 2;
		v->ns = s->idle_max_ns;
		break;
	case SX_M_SERVICE:
	case SX_M_SERVER_NAME:
		text = t ? sx_stats_text(t, c->metric == SX_M_SERVICE ?
		    s->service : s->server_name) : NULL;
		v->null = text == NULL;
		v->str = text ? text : "";
		break;
	default:
		v->null = 1;
		break;
	}
}
