/* parse_stats.c - the statistics' fields of one tshark line (parse.h,
 * stats.h).
 *
 * Every field asked for is checked as strictly as the others (parse.c):
 * output that is not what streamxpert asked for is an error. The values
 * are used only from frames with exactly one TCP header that belongs to
 * a stream; in any other frame the lists of several headers run together
 * and are skipped (the counters still count such frames). */
#include "parse.h"

#include <stdio.h>
#include <string.h>

static int
bad(struct sx_parser *ps, enum sx_field f, const char *what)
{
	snprintf(ps->err, sizeof(ps->err), "%s is not %s", sx_field_names[f],
	    what);
	return -1;
}

/* A comma-separated list of decimal integers, each in [min, max]; the
 * number of items in *n, the first one in *first. */
static int
int_list(struct sx_parser *ps, enum sx_field f, int64_t min, int64_t max,
    size_t *n, int64_t *first, unsigned *kinds)
{
	struct sx_slice s = ps->frame.field[f];
	size_t i = 0;

	*n = 0;
	*first = 0;
	while (i < s.n) {
		int neg = 0, digits = 0;
		int64_t v = 0;

		if (s.p[i] == '-') {
			neg = 1;
			i++;
		}
		while (i < s.n && s.p[i] >= '0' && s.p[i] <= '9') {
			if (++digits > 10)
				return bad(ps, f, "a list of numbers");
			v = v * 10 + (s.p[i++] - '0');
		}
		if (neg)
			v = -v;
		if (digits == 0 || v < min || v > max ||
		    (i < s.n && s.p[i] != ',') ||
		    (i < s.n && i + 1 == s.n))
			return bad(ps, f, "a list of numbers in range");
		if (*n == 0)
			*first = v;
		if (kinds != NULL && v < 32)
			*kinds |= 1u << v;
		(*n)++;
		i++;
	}
	return 0;
}

/* A text field: what comes before the first comma (-T fields joins the
 * occurrences with commas), at most SX_STATS_MAX_TEXT bytes; control
 * bytes are refused. */
static int
text_field(struct sx_parser *ps, enum sx_field f, const char **p, size_t *n)
{
	struct sx_slice s = ps->frame.field[f];
	const char *c;
	size_t i;

	*p = NULL;
	*n = 0;
	for (i = 0; i < s.n; i++)
		if ((unsigned char)s.p[i] < 0x20 || s.p[i] == 0x7f)
			return bad(ps, f, "printable text");
	c = s.n ? memchr(s.p, ',', s.n) : NULL;
	*n = c ? (size_t)(c - s.p) : s.n;
	if (*n > SX_STATS_MAX_TEXT)
		*n = SX_STATS_MAX_TEXT;
	if (*n > 0)
		*p = s.p;
	return 0;
}

/* The protocol right above the (only) TCP layer of frame.protocols:
 * "eth:ethertype:ip:tcp:tls" gives "tls"; "data" and nothing give none. */
static int
app_protocol(struct sx_parser *ps, const char **p, size_t *n)
{
	enum sx_field fld = ps->frame.field[SX_F_APPPROTO].p != NULL ?
	    SX_F_APPPROTO : SX_F_PROTOCOLS;
	struct sx_slice s = ps->frame.field[fld];
	size_t i = 0, len;
	int after_tcp = 0;

	*p = NULL;
	*n = 0;
	if (!ps->service)
		return 0;
	while (i < s.n) {
		const char *tok = s.p + i;
		const char *c = memchr(tok, ':', s.n - i);
		size_t k;

		len = c ? (size_t)(c - tok) : s.n - i;
		for (k = 0; k < len; k++) {
			unsigned char ch = (unsigned char)tok[k];

			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' &&
			    ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			    ch == '_' || ch == '.' || ch == '-'))
				return bad(ps, fld, "a list of protocols");
		}
		if (len == 3 && memcmp(tok, "tcp", 3) == 0) {
			after_tcp = 1;
			*p = NULL;
			*n = 0;
		} else if (after_tcp) {
			after_tcp = 0;
			if (!(len == 4 && memcmp(tok, "data", 4) == 0) &&
			    len > 0 && len <= SX_STATS_MAX_TEXT) {
				*p = tok;
				*n = len;
			}
		}
		i += len + (c != NULL);
	}
	return 0;
}

int
sx_parse_stats(struct sx_parser *ps, size_t nstream, size_t ntcp)
{
	struct sx_frame *f = &ps->frame;
	struct sx_fstats *x = &f->x;
	size_t n;
	int64_t v;
	unsigned kinds = 0;

	memset(x, 0, sizeof(*x));
	x->single = nstream == 1 && ntcp == 1;

	if (int_list(ps, SX_F_WINSIZE, 0, UINT32_MAX, &n, &v, NULL) != 0)
		return -1;
	if (n == 1) {
		x->has_win = 1;
		x->win = (uint32_t)v;
	}
	/* -1: the scale factor is unknown (the handshake was not seen);
	 * -2: no scaling is used; else the multiplier, 1 to 2^14 */
	if (int_list(ps, SX_F_WINSCALE, -2, 1 << 14, &n, &v, NULL) != 0)
		return -1;
	if (n == 1 && v == -1)
		x->win_unknown = 1;
	if (int_list(ps, SX_F_INFLIGHT, 0, UINT32_MAX, &n, &v, NULL) != 0)
		return -1;
	if (n == 1) {
		x->has_inflight = 1;
		x->inflight = (uint32_t)v;
	}
	if (int_list(ps, SX_F_OPTKIND, 0, 255, &n, &v, &kinds) != 0)
		return -1;
	x->opt_bits = (unsigned char)((kinds & (1u << 2) ? SX_OPT_MSS : 0) |
	    (kinds & (1u << 3) ? SX_OPT_WSCALE : 0) |
	    (kinds & (1u << 4) ? SX_OPT_SACK : 0) |
	    (kinds & (1u << 8) ? SX_OPT_TS : 0));
	if (int_list(ps, SX_F_MSS, 0, 65535, &n, &v, NULL) != 0)
		return -1;
	if (n == 1) {
		x->has_mss = 1;
		x->mss = (uint16_t)v;
	}
	if (int_list(ps, SX_F_WSHIFT, 0, 255, &n, &v, NULL) != 0)
		return -1;
	if (n == 1) {
		x->has_wshift = 1;
		x->wshift = (uint8_t)v;
	}
	if (app_protocol(ps, &x->app, &x->app_n) != 0 ||
	    text_field(ps, SX_F_SNI, &x->sni, &x->sni_n) != 0 ||
	    text_field(ps, SX_F_HTTPHOST, &x->host, &x->host_n) != 0)
		return -1;
	if (!x->single) {
		/* several headers: nothing here is known to be the
		 * stream's own (the text fields are per frame too) */
		memset(x, 0, sizeof(*x));
	}
	return 0;
}
