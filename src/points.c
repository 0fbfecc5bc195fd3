/* points.c - the second reading: per-frame points of the drawn streams. */
#include "points.h"

#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linebuf.h"
#include "proc.h"
#include "signals.h"
#include "util.h"

const char *const sx_pt_class[SX_PK_COUNT] = {
	"seg", "retrans", "fast", "spurious", "winfull", "lost-up",
	"lost-down", "inflight", "ack", "win", "rwnd", "sack", "zerowin",
	"dupack", "rtt",
};

/* The fields of the second reading, in the order of its lines. */
enum {
	P_FRAME, P_TIME, P_STREAM, P_SRCPORT, P_SRC4, P_SRC6, P_SEQ, P_ACK,
	P_LEN, P_WIN, P_WINVAL, P_FLAGS, P_SACK_LE, P_SACK_RE, P_RETRANS,
	P_FAST, P_SPURIOUS, P_ZEROWIN, P_WINFULL, P_DUPACK, P_RTT,
	P_INFLIGHT, P_LOST, P_OOO, P_IPID, P_ACKREL, P_TSVAL, P_WINSCALE,
	P_MSS, P_NFIELDS
};

static const char *const field_names[P_NFIELDS] = {
	"frame.number", "frame.time_relative", "tcp.stream", "tcp.srcport",
	"ip.src", "ipv6.src", "tcp.seq_raw", "tcp.ack_raw", "tcp.len",
	"tcp.window_size", "tcp.window_size_value", "tcp.flags",
	"tcp.options.sack_le", "tcp.options.sack_re",
	"tcp.analysis.retransmission", "tcp.analysis.fast_retransmission",
	"tcp.analysis.spurious_retransmission", "tcp.analysis.zero_window",
	"tcp.analysis.window_full", "tcp.analysis.duplicate_ack",
	"tcp.analysis.ack_rtt", "tcp.analysis.bytes_in_flight",
	"tcp.analysis.lost_segment", "tcp.analysis.out_of_order", "ip.id",
	"tcp.ack", "tcp.options.timestamp.tsval",
	"tcp.window_size_scalefactor", "tcp.options.mss_val",
};

void
sx_pts_init(struct sx_pts *p, size_t stream, int64_t t0, int64_t t1,
    const struct sx_endpoint ep[2], uint64_t frames)
{
	memset(p, 0, sizeof(*p));
	p->stream = stream;
	p->t0 = t0;
	p->t1 = t1 > t0 ? t1 : t0 + 1000000;
	p->ep[0] = ep[0];
	p->ep[1] = ep[1];
	p->downsampled = frames > SX_PTS_EXACT;
}

static size_t peak_bytes, nread;

size_t
sx_pts_peak_bytes(size_t *streams)
{
	*streams = nread;
	return peak_bytes;
}

void
sx_pts_free(struct sx_pts *p)
{
	size_t b = sizeof(*p) + p->cap * sizeof(*p->v);

	if (p->ph != NULL) {
		b += 2 * sizeof(*p->ph);
		if (p->ph[0].col != NULL || p->ph[1].col != NULL)
			b += 4 * SX_PHASES_COLS * sizeof(*p->ph[0].col);
		sx_phases_free(&p->ph[0]);
		sx_phases_free(&p->ph[1]);
		free(p->ph);
		p->ph = NULL;
	}

	if (p->frames[0] + p->frames[1] > 0) {
		nread++;
		peak_bytes = b > peak_bytes ? b : peak_bytes;
	}
	free(p->v);
	p->v = NULL;
	p->n = p->cap = 0;
	sx_diag_work_free(p->diagw);
	p->diagw = NULL;
}

/* The time column (or bin, with n bins) of time t. */
static size_t
column(const struct sx_pts *p, int64_t t, size_t n)
{
	double x = (double)(t - p->t0) / (double)(p->t1 - p->t0) * (double)n;

	if (x < 0)
		return 0;
	return x >= (double)n ? n - 1 : (size_t)x;
}

/* Add an event: a new point, or merged into the open one of its kind in
 * the same column when downsampled. */
static void
add_pt(struct sx_pts *p, int kind, int dir, int64_t t, int64_t lo,
    int64_t hi, uint32_t frame)
{
	size_t col = p->downsampled ? column(p, t, SX_PTS_COLS) : 0;
	size_t o = p->open[dir][kind];
	struct sx_pt *q;

	p->count[dir][kind]++;
	if (kind == SX_PK_RETRANS || kind == SX_PK_FAST ||
	    kind == SX_PK_SPURIOUS)
		p->mark[column(p, t, SX_PTS_BINS)] |= SX_PTS_RETRANS;
	else if (kind == SX_PK_ZEROWIN)
		p->mark[column(p, t, SX_PTS_BINS)] |= SX_PTS_ZEROWIN;
	if (p->bins_only)
		return;
	if (p->downsampled && o && p->v[o - 1].col == col) {
		q = &p->v[o - 1];
		q->lo = lo < q->lo ? lo : q->lo;
		q->hi = hi > q->hi ? hi : q->hi;
		q->last = frame;
		q->n++;
		return;
	}
	p->v = sx_grow(p->v, &p->cap, p->n + 1, sizeof(*p->v), 64);
	q = &p->v[p->n++];
	q->t = t - p->t0;
	q->lo = lo;
	q->hi = hi;
	q->frame = q->last = frame;
	q->n = 1;
	q->col = (uint16_t)col;
	q->kind = (uint8_t)kind;
	q->dir = (uint8_t)dir;
	p->open[dir][kind] = p->n;
}

/* A raw sequence number of direction d's space as a relative one,
 * unwrapped around the highest seen so far. */
static int64_t
rel(struct sx_pts *p, int d, uint32_t raw)
{
	int64_t r;

	if (!p->has_base[d]) {
		p->has_base[d] = 1;
		p->base[d] = raw;
		p->top[d] = 0;
	}
	r = p->top[d] + (int32_t)(raw - (uint32_t)(p->base[d] +
	    (uint32_t)p->top[d]));
	if (r > p->top[d])
		p->top[d] = r;
	return r;
}

/* The fields of one line, and where the wanted TCP header is in each
 * list. */
struct line {
	struct sx_slice f[P_NFIELDS];
	size_t k;            /* index of the stream's TCP header */
	int single;          /* one TCP header in the frame */
};

/* Item k of a comma-separated list, or an empty slice. */
static struct sx_slice
item(struct sx_slice s, size_t k)
{
	struct sx_slice r = { NULL, 0 };
	const char *p = s.p, *end;

	if (p == NULL)
		return r;
	end = s.p + s.n;
	while (p && p <= end) {
		const char *c = memchr(p, ',', (size_t)(end - p));
		const char *e = c ? c : end;

		if (k-- == 0) {
			r.p = p;
			r.n = (size_t)(e - p);
			return r;
		}
		p = c ? c + 1 : NULL;
	}
	return r;
}

/* The last item of a comma-separated list (the innermost header's). */
static struct sx_slice
last_item(struct sx_slice s)
{
	size_t i = s.n;

	if (s.n == 0)
		return s;
	while (i > 0 && s.p[i - 1] != ',')
		i--;
	s.p += i;
	s.n -= i;
	return s;
}

static int
num(struct sx_slice s, uint64_t max, uint64_t *v)
{
	return s.n == 0 ? -1 : sx_parse_u64(s.p, s.n, max, v);
}

/* A number of the stream's header (item k, or the only item). */
static int
hnum(const struct line *l, int f, uint64_t max, uint64_t *v)
{
	struct sx_slice s = item(l->f[f], l->k);

	if (s.n == 0 && l->k > 0)
		return -1;
	return num(s, max, v);
}

static int
present(const struct line *l, int f)
{
	return l->f[f].n > 0;
}

/* Which direction the header goes: by port, else by source address. */
static int
direction(const struct sx_pts *p, const struct line *l, uint16_t sport)
{
	unsigned char a[16];
	struct sx_slice s;
	char buf[64];

	if (p->ep[0].port != p->ep[1].port)
		return sport == p->ep[0].port ? 0 : 1;
	s = item(l->f[p->ep[0].af == 6 ? P_SRC6 : P_SRC4], 0);
	if (s.n == 0 || s.n >= sizeof(buf))
		return 0;
	memcpy(buf, s.p, s.n);
	buf[s.n] = '\0';
	if (inet_pton(p->ep[0].af == 6 ? AF_INET6 : AF_INET, buf, a) != 1)
		return 0;
	return memcmp(a, p->ep[0].addr, p->ep[0].af == 6 ? 16 : 4) != 0;
}

/* The analysis flags of the frame, as diag.h reads them. */
static uint32_t
flags_of(const struct line *l)
{
	uint32_t fl = 0;

	if (present(l, P_RETRANS))
		fl |= 1u << SX_FL_RETRANSMISSION;
	if (present(l, P_SPURIOUS))
		fl |= 1u << SX_FL_SPURIOUS_RETRANSMISSION;
	if (present(l, P_FAST))
		fl |= 1u << SX_FL_FAST_RETRANSMISSION;
	if (present(l, P_LOST))
		fl |= 1u << SX_FL_LOST_SEGMENT;
	if (present(l, P_OOO))
		fl |= 1u << SX_FL_OUT_OF_ORDER;
	if (present(l, P_ZEROWIN))
		fl |= 1u << SX_FL_ZERO_WINDOW;
	return fl;
}

/* The receiver's side of a frame: what it says of direction o's data. */
static void
add_receiver(struct sx_pts *p, const struct line *l, int o, int64_t t,
    uint32_t fr, unsigned tcpflags)
{
	uint64_t ack, win;
	int64_t a;
	size_t i;

	if ((tcpflags & SX_TH_ACK) && hnum(l, P_ACK, UINT32_MAX, &ack) == 0) {
		a = rel(p, o, (uint32_t)ack);
		add_pt(p, SX_PK_ACK, o, t, a, a, fr);
	} else {   /* marks of a frame without an ACK: at the top */
		a = p->top[o];
		ack = UINT64_MAX;
	}
	if (ack != UINT64_MAX && hnum(l, P_WIN, INT64_MAX / 2, &win) == 0) {
		add_pt(p, SX_PK_WIN, o, t, a + (int64_t)win,
		    a + (int64_t)win, fr);
		add_pt(p, SX_PK_RWND, o, t, (int64_t)win, (int64_t)win, fr);
	}
	for (i = 0; l->single; i++) {
		uint64_t le, re;

		if (num(item(l->f[P_SACK_LE], i), UINT32_MAX, &le) != 0 ||
		    num(item(l->f[P_SACK_RE], i), UINT32_MAX, &re) != 0)
			break;
		add_pt(p, SX_PK_SACK, o, t, rel(p, o, (uint32_t)le),
		    rel(p, o, (uint32_t)re), fr);
	}
	if (present(l, P_ZEROWIN))
		add_pt(p, SX_PK_ZEROWIN, o, t, a, a, fr);
	if (present(l, P_DUPACK))
		add_pt(p, SX_PK_DUPACK, o, t, a, a, fr);
	if (l->single && l->f[P_RTT].n > 0) {
		struct sx_slice r = item(l->f[P_RTT], 0);
		int64_t ns;

		if (sx_parse_time_ns(r.p, r.n, &ns) == 0 && ns >= 0 &&
		    ns < SX_TIME_LIMIT_NS)
			add_pt(p, SX_PK_RTT, o, t, ns, ns, fr);
	}
}

/* The retransmission kind of a frame, or -1. */
static int
retrans_kind(const struct line *l)
{
	if (!present(l, P_RETRANS))
		return -1;
	if (present(l, P_SPURIOUS))
		return SX_PK_SPURIOUS;
	return present(l, P_FAST) ? SX_PK_FAST : SX_PK_RETRANS;
}

/* A hexadecimal number "0x...". */
static int
hex(struct sx_slice s, uint64_t max, uint64_t *v)
{
	size_t i;

	*v = 0;
	if (s.n < 3 || s.n > 18 || s.p[0] != '0' || (s.p[1] | 0x20) != 'x')
		return -1;
	for (i = 2; i < s.n; i++) {
		int c = s.p[i], x = c >= '0' && c <= '9' ? c - '0' :
		    (c | 0x20) >= 'a' && (c | 0x20) <= 'f' ? (c | 0x20) - 'a' +
		    10 : -1;

		if (x < 0)
			return -1;
		*v = *v * 16 + (uint64_t)x;
	}
	return *v <= max ? 0 : -1;
}

/* The SACK blocks of a frame with one TCP header, as parse.c finds
 * them (sx_hdr_sack): made raw by the offset of tcp.ack_raw from
 * tcp.ack. */
static void
add_sack(const struct line *l, struct sx_hdr *h)
{
	uint32_t le[SX_SACK_MAX + 1], re[SX_SACK_MAX + 1];
	uint64_t a, x, y;
	size_t n;

	if (!l->single || !h->has_ack || hnum(l, P_ACKREL, UINT32_MAX,
	    &a) != 0)
		return;
	for (n = 0; n < SX_SACK_MAX + 1; n++) {
		if (num(item(l->f[P_SACK_LE], n), UINT32_MAX, &x) != 0 ||
		    num(item(l->f[P_SACK_RE], n), UINT32_MAX, &y) != 0)
			break;
		le[n] = (uint32_t)x;
		re[n] = (uint32_t)y;
	}
	sx_hdr_sack(h, h->ack - (uint32_t)a, le, re, n);
}

/* Loss location by diag.h's rules: which of its counters the frame
 * moved. */
static void
add_loss(struct sx_pts *p, const struct line *l, struct sx_hdr *h, int d,
    int64_t t, int64_t s, uint32_t fr)
{
	struct sx_frame f;
	uint32_t up = p->diag.d[d].lost_up, down = p->diag.d[d].lost_down;
	uint64_t v;
	int first = p->frames[0] + p->frames[1] == 1;

	memset(&f, 0, sizeof(f));
	f.time_ns = t;
	f.flags = flags_of(l);
	h->has_ipid = hex(last_item(l->f[P_IPID]), 0xffff, &v) == 0;
	h->ipid = (uint16_t)v;
	h->has_ts = l->single && hnum(l, P_TSVAL, UINT32_MAX, &v) == 0;
	h->tsval = (uint32_t)v;
	add_sack(l, h);
	if (p->diagw == NULL)
		p->diagw = sx_diag_work_new();
	sx_diag_add(p->diagw, &p->diag, (uint32_t)p->stream, d, &f, h, first,
	    first ? t : p->last_ns);
	p->last_ns = t;
	if (p->diag.d[d].lost_up != up)
		add_pt(p, SX_PK_LOST_UP, d, t, s, s + h->len, fr);
	if (p->diag.d[d].lost_down != down)
		add_pt(p, SX_PK_LOST_DOWN, d, t, s, s + h->len, fr);
}

/* The frames of direction d: its segments, their marks, its bytes in
 * flight and its throughput. */
static void
add_sender(struct sx_pts *p, const struct line *l, int d, int64_t t,
    uint32_t fr, struct sx_hdr *h)
{
	int rk = retrans_kind(l);
	int64_t s;
	uint64_t v;
	size_t b = column(p, t, SX_PTS_BINS);

	p->frames[d]++;
	p->bytes[d] += h->len;
	p->bin[d][b] += h->len;
	if (rk < 0)
		p->good[d][b] += h->len;
	if (!h->has_seq)
		return;
	s = rel(p, d, h->seq);
	if (rk >= 0)
		add_pt(p, rk, d, t, s, s + h->len, fr);
	else if (h->len > 0)
		add_pt(p, SX_PK_SEG, d, t, s, s + h->len, fr);
	if (present(l, P_WINFULL))
		add_pt(p, SX_PK_WINFULL, d, t, s + h->len, s + h->len, fr);
	if (hnum(l, P_INFLIGHT, INT64_MAX / 2, &v) == 0)
		add_pt(p, SX_PK_INFLIGHT, d, t, (int64_t)v, (int64_t)v, fr);
	add_loss(p, l, h, d, t, s, fr);
}

/* A signed number of a field that holds one. */
static int
snum(struct sx_slice s, int64_t *v)
{
	uint64_t u;

	if (s.n > 1 && s.p[0] == '-') {
		s.p++;
		s.n--;
		if (num(s, INT64_MAX, &u) != 0)
			return -1;
		*v = -(int64_t)u;
		return 0;
	}
	if (num(s, INT64_MAX, &u) != 0)
		return -1;
	*v = (int64_t)u;
	return 0;
}

/* The limits (limits.h) of the frame, as the first reading accounts
 * them, with their phases recorded (not for a timeline alone). */
static void
add_phases(struct sx_pts *p, const struct line *l, int d, int64_t t,
    const struct sx_hdr *h)
{
	struct sx_frame f;
	int64_t v;

	if (p->bins_only)
		return;
	if (p->ph == NULL) {
		p->ph = sx_calloc(2, sizeof(*p->ph));
		sx_phases_init(&p->ph[0], p->t0, p->t1);
		sx_phases_init(&p->ph[1], p->t0, p->t1);
	}
	memset(&f, 0, sizeof(f));
	f.time_ns = t;
	f.x.single = (unsigned char)l->single;
	if (l->single && snum(l->f[P_WIN], &v) == 0 && v >= 0 &&
	    v <= UINT32_MAX) {
		f.x.has_win = 1;
		f.x.win = (uint32_t)v;
	}
	if (l->single && snum(l->f[P_WINSCALE], &v) == 0 && v == -1)
		f.x.win_unknown = 1;
	if (l->single && snum(l->f[P_MSS], &v) == 0 && v >= 0 &&
	    v <= 65535) {
		f.x.has_mss = 1;
		f.x.mss = (uint16_t)v;
	}
	sx_limits_add_phases(&p->lim, d, &f, h, p->frames[0] +
	    p->frames[1] == 0, p->ph);
}

void
sx_pts_end(struct sx_pts_job *job)
{
	size_t i;

	for (i = 0; i < job->n; i++)
		if (job->s[i].ph != NULL)
			sx_limits_phases_end(&job->s[i].lim, job->s[i].ph);
}

/* The stream's points of the stream whose header is l->k. */
static int
add_frame(struct sx_pts *p, const struct line *l, char *err, size_t errsize)
{
	struct sx_hdr h;
	uint64_t fr, port, v;
	int64_t t;
	int d;

	memset(&h, 0, sizeof(h));
	if (num(l->f[P_FRAME], UINT32_MAX, &fr) != 0 ||
	    sx_parse_time_ns(l->f[P_TIME].p, l->f[P_TIME].n, &t) != 0 ||
	    t <= -SX_TIME_LIMIT_NS || t >= SX_TIME_LIMIT_NS ||
	    hnum(l, P_SRCPORT, UINT16_MAX, &port) != 0)
		return sx_errf(err, errsize, "tshark's second reading: a line "
		    "without its frame number, time or port");
	d = direction(p, l, (uint16_t)port);
	h.has_len = hnum(l, P_LEN, UINT32_MAX, &v) == 0;
	h.len = h.has_len ? (uint32_t)v : 0;
	h.has_seq = hnum(l, P_SEQ, UINT32_MAX, &v) == 0;
	h.seq = (uint32_t)v;
	h.has_ack = hnum(l, P_ACK, UINT32_MAX, &v) == 0;
	h.ack = (uint32_t)v;
	h.has_win = hnum(l, P_WINVAL, UINT32_MAX, &v) == 0;
	h.win = (uint32_t)v;
	h.has_flags = hex(item(l->f[P_FLAGS], l->k), 0xffffffff, &v) == 0;
	h.tcpflags = (uint16_t)v;
	add_phases(p, l, d, t, &h);
	add_sender(p, l, d, t, (uint32_t)fr, &h);
	add_receiver(p, l, !d, t, (uint32_t)fr, h.tcpflags);
	return 0;
}

/* The stream of the job numbered n, or NULL. */
static struct sx_pts *
find(const struct sx_pts_job *job, uint64_t n)
{
	size_t lo = 0, hi = job->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (job->s[mid].stream == n)
			return &job->s[mid];
		if (job->s[mid].stream < n)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

int
sx_pts_line(struct sx_pts_job *job, char *line, size_t n, char *err,
    size_t errsize)
{
	struct line l;
	const char *p = line, *end = line + n;
	size_t i, k;
	uint64_t sn;

	memset(&l, 0, sizeof(l));
	for (i = 0; i < P_NFIELDS; i++) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));

		if ((tab == NULL) != (i == P_NFIELDS - 1))
			return sx_errf(err, errsize, "tshark's second reading: "
			    "a line of %zu fields, not %d", i + 1, P_NFIELDS);
		l.f[i].p = p;
		l.f[i].n = (size_t)((tab ? tab : end) - p);
		p = tab ? tab + 1 : end;
	}
	l.single = memchr(l.f[P_STREAM].p, ',', l.f[P_STREAM].n) == NULL;
	for (k = 0; num(item(l.f[P_STREAM], k), UINT32_MAX, &sn) == 0; k++) {
		struct sx_pts *s = find(job, sn);
		size_t j;

		for (j = 0; j < k; j++) {   /* a stream once a frame */
			uint64_t o;

			if (num(item(l.f[P_STREAM], j), UINT32_MAX, &o) == 0 &&
			    o == sn)
				break;
		}
		l.k = k;
		if (s != NULL && j == k && add_frame(s, &l, err, errsize) != 0)
			return -1;
	}
	return 0;
}

char **
sx_pts_argv(const struct sx_pts_job *job)
{
	static const char *const fixed[] = {
		"-n", "-o", "tcp.analyze_sequence_numbers:TRUE",
		"-o", "tcp.relative_sequence_numbers:FALSE",
		"-o", "tcp.track_bytes_in_flight:TRUE",
		"-T", "fields", "-E", "separator=/t", "-E", "occurrence=a",
		"-E", "aggregator=,", "-E", "quote=n", "-E", "header=n",
	};
	size_t n = 0, i;
	char **v = sx_calloc(2 * P_NFIELDS + SX_ARRAY_LEN(fixed) + 8,
	    sizeof(*v));
	struct sx_buf b = { 0 };

	v[n++] = sx_strdup(job->ts->path);
	for (i = 0; i < SX_ARRAY_LEN(fixed); i++)
		v[n++] = sx_strdup(fixed[i]);
	v[n++] = sx_strdup("-r");     /* the capture on standard input, as */
	v[n++] = sx_strdup("-");      /* the first reading had it */
	if (job->dfilter)
		sx_buf_printf(&b, "(%s) && ", job->dfilter);
	/* set members: commas from 4.0 on, blanks before */
	sx_buf_adds(&b, "tcp.stream in {");
	for (i = 0; i < job->n; i++)
		sx_buf_printf(&b, "%s%zu", i == 0 ? "" : job->ts->major >= 4 ?
		    "," : " ", job->s[i].stream);
	sx_buf_addc(&b, '}');
	v[n++] = sx_strdup("-Y");
	v[n++] = sx_strdup(sx_buf_cstr(&b));
	for (i = 0; i < P_NFIELDS; i++) {
		v[n++] = sx_strdup("-e");
		v[n++] = sx_strdup(field_names[i]);
	}
	sx_buf_free(&b);
	return v;
}

/* Hand every complete line of lb to the job; -1 on a bad line. */
static int
take_lines(struct sx_pts_job *job, struct sx_linebuf *lb, char *err,
    size_t errsize)
{
	char *line;
	size_t n;
	int r;

	while ((r = sx_linebuf_next(lb, &line, &n)) == 1)
		if (sx_pts_line(job, line, n, err, errsize) != 0)
			return -1;
	if (r < 0)
		return sx_errf(err, errsize, "tshark's second reading: a line "
		    "too long");
	return 0;
}

/* Read the child's output until it closes both pipes. Returns 0, or -1
 * (err set; the child is stopped by the caller). */
static int
pump(struct sx_pts_job *job, struct sx_child *c, struct sx_buf *msg,
    char *err, size_t errsize)
{
	struct sx_linebuf lb;
	int r = 0;

	sx_linebuf_init(&lb, SX_LINEBUF_MAX_LINE);
	while (r == 0 && (c->out >= 0 || c->err >= 0)) {
		struct pollfd pf[3] = { { c->out, POLLIN, 0 },
		    { c->err, POLLIN, 0 }, { sx_signals_fd(), POLLIN, 0 } };
		char tmp[4096];
		ssize_t k;

		if (poll(pf, 3, -1) < 0 && errno != EINTR)
			r = sx_errf(err, errsize, "poll: %s", strerror(errno));
		if (sx_signals_caught())
			r = sx_errf(err, errsize, "interrupted");
		if (r == 0 && c->out >= 0 && pf[0].revents) {
			k = sx_linebuf_read(&lb, c->out);
			if (k == 0)
				sx_close(&c->out);
			else if (k > 0)
				r = take_lines(job, &lb, err, errsize);
		}
		if (r == 0 && c->err >= 0 && pf[1].revents) {
			k = read(c->err, tmp, sizeof(tmp));
			if (k == 0)
				sx_close(&c->err);
			else if (k > 0 && msg->len < 4096)
				sx_buf_add(msg, tmp, (size_t)k);
		}
	}
	if (r == 0 && sx_linebuf_pending(&lb))
		r = sx_errf(err, errsize, "tshark's second reading: its last "
		    "line is cut short");
	sx_linebuf_free(&lb);
	return r;
}

/* The first line of tshark's messages that is not its warning about
 * running as root. */
static void
first_message(struct sx_buf *msg, char *out, size_t size)
{
	const char *p = sx_buf_cstr(msg);

	out[0] = '\0';
	while (*p) {
		size_t n = strcspn(p, "\n");

		if (n && strstr(p, "Running as user") != p) {
			snprintf(out, size, ": %.*s", (int)(n > 200 ? 200 : n), p);
			return;
		}
		p += n + (p[n] == '\n');
	}
}

int
sx_pts_read(struct sx_pts_job *job, char *err, size_t errsize)
{
	char **argv = sx_pts_argv(job);
	struct sx_child c;
	struct sx_buf msg = { 0 };
	int status = 0, r;
	char how[64], first[220];
	int fd = open(job->file, O_RDONLY | O_CLOEXEC);

	if (fd < 0) {
		sx_argv_free(argv);
		return sx_errf(err, errsize, "cannot open it again: %s",
		    strerror(errno));
	}
	r = sx_spawn(&c, argv, sx_tshark_env(job->ts), fd, 1, err, errsize);
	close(fd);
	sx_argv_free(argv);
	if (r != 0)
		return -1;
	r = pump(job, &c, &msg, err, errsize);
	if (r == 0)
		sx_pts_end(job);
	sx_close(&c.out);
	sx_close(&c.err);
	if (r != 0)
		sx_stop(c.pid, 500, &status);
	else if (sx_reap(c.pid, &status) == 0 &&
	    !(WIFEXITED(status) && WEXITSTATUS(status) == 0)) {
		sx_describe_status(status, how, sizeof(how));
		first_message(&msg, first, sizeof(first));
		r = sx_errf(err, errsize, "tshark's second reading %s%s", how,
		    first);
	}
	sx_buf_free(&msg);
	return r;
}
