/* stats.c - the per-stream statistics of stats.h: accounting a frame,
 * and copying a record between stores (the split's merge). What the
 * columns print of them is values.c. */
#include "stats.h"

#include <stdlib.h>
#include <string.h>

#include "limits.h"
#include "util.h"

static const struct sx_stats zero_stats;

const struct sx_stats *
sx_stats_get(const struct sx_stats_store *s, uint32_t ref)
{
	return ref ? &s->st[ref - 1] : &zero_stats;
}

const char *
sx_stats_text(const struct sx_stats_store *s, uint32_t ref)
{
	return ref ? s->pool + ref - 1 : NULL;
}

void
sx_stats_free(struct sx_stats_store *s)
{
	free(s->st);
	free(s->pool);
	memset(s, 0, sizeof(*s));
}

static struct sx_stats *
stats_of(struct sx_stats_store *t, uint32_t *ref)
{
	struct sx_stats *s;

	if (*ref)
		return &t->st[*ref - 1];
	t->st = sx_grow(t->st, &t->cap, t->next + 1, sizeof(*t->st), 256);
	s = &t->st[t->next++];
	memset(s, 0, sizeof(*s));
	*ref = (uint32_t)t->next;
	return s;
}

/* Keep n bytes of text in the pool; returns its reference (1 + offset),
 * or 0 when the pool is full (4 GiB). */
static uint32_t
keep_text(struct sx_stats_store *t, const char *p, size_t n)
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

void
sx_stats_add(struct sx_stats_store *t, uint32_t *ref,
    const struct sx_frame *f, const struct sx_hdr *h, int dir,
    uint64_t bytes, int first, int64_t prev_ns, int single)
{
	struct sx_stats *s = stats_of(t, ref);
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
		return;
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
}

void
sx_stats_copy(struct sx_stats_store *dst, uint32_t *dref,
    const struct sx_stats_store *src, uint32_t sref)
{
	struct sx_stats *s;
	const struct sx_stats *from;
	const char *text;

	*dref = 0;
	if (!sref)
		return;
	from = &src->st[sref - 1];
	s = stats_of(dst, dref);
	*s = *from;
	s->service = s->server_name = 0;
	if ((text = sx_stats_text(src, from->service)) != NULL)
		s->service = keep_text(dst, text, strlen(text));
	if ((text = sx_stats_text(src, from->server_name)) != NULL)
		s->server_name = keep_text(dst, text, strlen(text));
}
