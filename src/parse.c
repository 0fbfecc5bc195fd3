/* parse.c - one line of tshark output to a frame record. */
#include "parse.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

/* The UTF-8 check mark tshark prints for a present FT_NONE field in a
 * custom column. */
static const char check_mark[] = "\xe2\x9c\x93";

void
sx_parser_init(struct sx_parser *ps, enum sx_flag_style style,
    const struct sx_fieldset *fs)
{
	int f;

	memset(ps, 0, sizeof(*ps));
	ps->style = style;
	for (f = 0; f < SX_F_COUNT; f++)
		if (fs == NULL || fs->want[f])
			ps->fieldmap[ps->nfields++] = (unsigned char)f;
}

void
sx_parser_free(struct sx_parser *ps)
{
	free(ps->frame.hdr);
	free(ps->frame.rtt);
	free(ps->u32a);
	free(ps->u32b);
	free(ps->tcpnet);
	memset(ps, 0, sizeof(*ps));
}

static int
fail(struct sx_parser *ps, const char *fmt, ...) SX_PRINTF(2, 3);

static int
fail(struct sx_parser *ps, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(ps->err, sizeof(ps->err), fmt, ap);
	va_end(ap);
	return -1;
}

/* Advance *cur over the next comma-separated item of s; returns the item.
 * The cursor is an offset into s. */
static struct sx_slice
next_item(struct sx_slice s, size_t *cur)
{
	struct sx_slice it;
	const char *c;

	it.p = s.p + *cur;
	c = memchr(it.p, ',', s.n - *cur);
	it.n = c ? (size_t)(c - it.p) : s.n - *cur;
	*cur += it.n + (c != NULL);
	return it;
}

static void
ensure_u32(struct sx_parser *ps, size_t n)
{
	if (n <= ps->u32_cap)
		return;
	while (ps->u32_cap < n)
		ps->u32_cap = ps->u32_cap ? ps->u32_cap * 2 : 16;
	ps->u32a = sx_reallocarray(ps->u32a, ps->u32_cap, sizeof(uint32_t));
	ps->u32b = sx_reallocarray(ps->u32b, ps->u32_cap, sizeof(uint32_t));
}

/* Parse a list of decimal numbers, each at most max, into out[]. */
static int
parse_u32_list(struct sx_parser *ps, enum sx_field f, uint32_t max,
    uint32_t *out, size_t *count)
{
	struct sx_slice s = ps->frame.field[f];
	size_t cur = 0, n = 0;

	while (cur < s.n) {
		struct sx_slice it = next_item(s, &cur);
		uint64_t v;

		if (sx_parse_u64(it.p, it.n, max, &v) != 0)
			return fail(ps, "%s is not a list of numbers up to %lu",
			    sx_field_names[f], (unsigned long)max);
		out[n++] = (uint32_t)v;
		if (cur == s.n && s.p[s.n - 1] == ',')
			return fail(ps, "%s ends with a comma",
			    sx_field_names[f]);
	}
	*count = n;
	return 0;
}

static int
hexval(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* tcp.flags: "0x0012" (-T fields) or "0x012" (columns). */
static int
parse_tcpflags_list(struct sx_parser *ps, uint32_t *out, size_t *count)
{
	struct sx_slice s = ps->frame.field[SX_F_TCPFLAGS];
	size_t cur = 0, n = 0, i;

	*count = 0;
	while (cur < s.n) {
		struct sx_slice it = next_item(s, &cur);
		uint32_t v = 0;

		if (it.n < 3 || it.n > 6 || it.p[0] != '0' ||
		    (it.p[1] != 'x' && it.p[1] != 'X'))
			return fail(ps, "tcp.flags is not a list of hex numbers");
		for (i = 2; i < it.n; i++) {
			int h = hexval((unsigned char)it.p[i]);

			if (h < 0)
				return fail(ps,
				    "tcp.flags is not a list of hex numbers");
			v = v * 16 + (uint32_t)h;
		}
		out[n++] = v;
		if (cur == s.n && s.p[s.n - 1] == ',')
			return fail(ps, "tcp.flags ends with a comma");
	}
	*count = n;
	return 0;
}

static int
parse_time_list(struct sx_parser *ps, enum sx_field f, int64_t **out,
    size_t *cap, size_t *count)
{
	struct sx_slice s = ps->frame.field[f];
	size_t cur = 0, n = 0;

	while (cur < s.n) {
		struct sx_slice it = next_item(s, &cur);
		int64_t v;

		if (sx_parse_time_ns(it.p, it.n, &v) != 0 ||
		    v <= -SX_TIME_LIMIT_NS || v >= SX_TIME_LIMIT_NS)
			return fail(ps, "%s is not a list of times",
			    sx_field_names[f]);
		if (out != NULL) {
			if (n == *cap) {
				*cap = *cap ? *cap * 2 : 8;
				*out = sx_reallocarray(*out, *cap,
				    sizeof(**out));
			}
			(*out)[n] = v;
		} else if (n == 0) {
			ps->frame.irtt = v;
		}
		n++;
		if (cur == s.n && s.p[s.n - 1] == ',')
			return fail(ps, "%s ends with a comma",
			    sx_field_names[f]);
	}
	*count = n;
	return 0;
}

/* Characters allowed in a field that is only checked, not parsed. */
static int
check_charset(struct sx_parser *ps, enum sx_field f, const char *extra,
    int hex)
{
	struct sx_slice s = ps->frame.field[f];
	size_t i;

	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if ((c >= '0' && c <= '9') || strchr(extra, c) != NULL)
			continue;
		if (hex && hexval(c) >= 0)
			continue;
		return fail(ps, "unexpected byte 0x%02x in %s", c,
		    sx_field_names[f]);
	}
	return 0;
}

/* A present flag: "1" or "1,1" with -T fields, a check mark in columns. */
static int
flag_present(struct sx_parser *ps, enum sx_field f)
{
	struct sx_slice s = ps->frame.field[f];
	size_t cur = 0;

	if (s.n == 0)
		return 0;
	if (s.p[s.n - 1] == ',')
		return fail(ps, "%s is not a flag", sx_field_names[f]);
	while (cur < s.n) {
		struct sx_slice it = next_item(s, &cur);
		int ok;

		if (ps->style == SX_FLAGSTYLE_FIELDS)
			ok = it.n == 1 && it.p[0] == '1';
		else
			ok = it.n == 3 && memcmp(it.p, check_mark, 3) == 0;
		if (!ok)
			return fail(ps, "%s is not a flag", sx_field_names[f]);
	}
	return 1;
}

/* Map each "tcp" layer of frame.protocols to the IP header before it. */
static int
map_tcp_layers(struct sx_parser *ps, size_t *ntcp)
{
	struct sx_slice s = ps->frame.field[SX_F_PROTOCOLS];
	size_t i = 0, n = 0;
	int ip4 = 0, ip6 = 0, cur = SX_NET_NONE;

	while (i < s.n) {
		const char *tok = s.p + i;
		const char *c = memchr(tok, ':', s.n - i);
		size_t len = c ? (size_t)(c - tok) : s.n - i;
		size_t k;

		for (k = 0; k < len; k++) {
			unsigned char ch = (unsigned char)tok[k];

			if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' &&
			    ch <= 'Z') || (ch >= '0' && ch <= '9') ||
			    ch == '_' || ch == '.' || ch == '-'))
				return fail(ps, "unexpected byte 0x%02x in "
				    "frame.protocols", ch);
		}
		if (len == 2 && memcmp(tok, "ip", 2) == 0) {
			cur = ip4++;
		} else if (len == 4 && memcmp(tok, "ipv6", 4) == 0) {
			cur = -1 - ip6++;
		} else if (len == 3 && memcmp(tok, "tcp", 3) == 0) {
			if (n == ps->tcpnet_cap) {
				ps->tcpnet_cap = n ? n * 2 : 8;
				ps->tcpnet = sx_reallocarray(ps->tcpnet,
				    ps->tcpnet_cap, sizeof(int));
			}
			ps->tcpnet[n++] = cur;
		}
		i += len + (c != NULL);
	}
	*ntcp = n;
	return 0;
}

int
sx_parse_line(struct sx_parser *ps, const char *line, size_t n)
{
	struct sx_frame *f = &ps->frame;
	const char *p = line, *end = line + n;
	size_t i, k, nstream = 0, nsp = 0, ndp = 0, nfl = 0, nlen = 0;
	size_t ntcp = 0, nirtt = 0, ncomp = 0;
	int fi;

	/* Split into exactly the fields asked for. */
	memset(f->field, 0, sizeof(f->field));
	for (fi = 0; fi < ps->nfields; fi++) {
		const char *tab = memchr(p, '\t', (size_t)(end - p));
		struct sx_slice *sl = &f->field[ps->fieldmap[fi]];

		if (tab == NULL) {
			if (fi != ps->nfields - 1)
				return fail(ps, "expected %d tab-separated "
				    "fields, got %d", ps->nfields, fi + 1);
			tab = end;
		} else if (fi == ps->nfields - 1) {
			return fail(ps, "expected %d tab-separated fields, "
			    "got more", ps->nfields);
		}
		sl->p = p;
		sl->n = (size_t)(tab - p);
		p = tab + 1;
	}

	f->nhdr = 0;
	f->nrtt = 0;
	f->flags = 0;
	f->has_irtt = 0;
	f->any_tcpflags = 0;
	f->time_ns = 0;

	/* A field asked for is never NULL, even when empty. */
	if (f->field[SX_F_TIME].p != NULL && (f->field[SX_F_TIME].n == 0 ||
	    sx_parse_time_ns(f->field[SX_F_TIME].p, f->field[SX_F_TIME].n,
	    &f->time_ns) != 0 || f->time_ns <= -SX_TIME_LIMIT_NS ||
	    f->time_ns >= SX_TIME_LIMIT_NS))
		return fail(ps, "frame.time_relative is not a time (or "
		    "beyond 146 years)");
	if (check_charset(ps, SX_F_IP_SRC, ".,", 0) ||
	    check_charset(ps, SX_F_IP_DST, ".,", 0) ||
	    check_charset(ps, SX_F_IP6_SRC, ".,:", 1) ||
	    check_charset(ps, SX_F_IP6_DST, ".,:", 1))
		return -1;
	if (map_tcp_layers(ps, &ntcp) != 0)
		return -1;

	for (i = 0; i < SX_FL_COUNT; i++) {
		int r = flag_present(ps, (enum sx_field)(SX_F_FLAG0 + i));

		if (r < 0)
			return -1;
		if (r)
			f->flags |= 1u << i;
	}

	/* Each list has at most one item per byte pair of the line. */
	ensure_u32(ps, n / 2 + 1);
	if (parse_u32_list(ps, SX_F_STREAM, UINT32_MAX - 1, ps->u32a,
	    &nstream) != 0)
		return -1;
	if (nstream > ps->hdr_cap) {
		while (ps->hdr_cap < nstream)
			ps->hdr_cap = ps->hdr_cap ? ps->hdr_cap * 2 : 4;
		f->hdr = sx_reallocarray(f->hdr, ps->hdr_cap,
		    sizeof(*f->hdr));
	}
	for (k = 0; k < nstream; k++) {
		memset(&f->hdr[k], 0, sizeof(f->hdr[k]));
		f->hdr[k].stream = ps->u32a[k];
		if (ntcp == nstream)
			f->hdr[k].net = ps->tcpnet[k];
		else if (nstream == 1 && ntcp > 0)
			f->hdr[k].net = ps->tcpnet[0];
		else
			f->hdr[k].net = SX_NET_NONE;
	}
	f->nhdr = nstream;

	/* Per-header lists line up with the stream list when their counts
	 * agree; a frame with a single stream takes the first value. */
	if (parse_u32_list(ps, SX_F_SRCPORT, 65535, ps->u32a, &nsp) != 0 ||
	    parse_u32_list(ps, SX_F_DSTPORT, 65535, ps->u32b, &ndp) != 0)
		return -1;
	for (k = 0; k < nstream; k++) {
		size_t j = nsp == nstream ? k : 0;

		if (nsp > j && ndp == nsp) {
			f->hdr[k].srcport = (uint16_t)ps->u32a[j];
			f->hdr[k].dstport = (uint16_t)ps->u32b[j];
		}
	}
	if (parse_tcpflags_list(ps, ps->u32a, &nfl) != 0)
		return -1;
	for (k = 0; k < nfl; k++)
		f->any_tcpflags |= ps->u32a[k];
	for (k = 0; k < nstream; k++) {
		size_t j = nfl == nstream ? k : 0;

		if (nfl > j && (nfl == nstream || nstream == 1)) {
			f->hdr[k].tcpflags = (uint16_t)ps->u32a[j];
			f->hdr[k].has_flags = 1;
		}
	}
	if (parse_u32_list(ps, SX_F_TCPLEN, UINT32_MAX, ps->u32a, &nlen) != 0)
		return -1;
	for (k = 0; k < nstream; k++) {
		if (nlen == nstream) {
			f->hdr[k].len = ps->u32a[k];
			f->hdr[k].has_len = 1;
		} else if (nstream == 1 && nlen > 0) {
			/* Several TCP headers of which one has a stream:
			 * count its bytes only. */
			f->hdr[k].len = ps->u32a[0];
			f->hdr[k].has_len = 1;
		}
	}

	if (parse_time_list(ps, SX_F_ACK_RTT, &f->rtt, &ps->rtt_cap,
	    &f->nrtt) != 0)
		return -1;
	if (parse_time_list(ps, SX_F_IRTT, NULL, NULL, &nirtt) != 0)
		return -1;
	f->has_irtt = nirtt > 0;
	if (parse_u32_list(ps, SX_F_COMPLETENESS, 255, ps->u32a,
	    &ncomp) != 0)
		return -1;
	for (k = 0; k < nstream; k++) {
		size_t j = ncomp == nstream ? k : 0;

		if (ncomp > j && (ncomp == nstream || nstream == 1)) {
			f->hdr[k].completeness = (unsigned char)ps->u32a[j];
			f->hdr[k].has_completeness = 1;
		}
	}
	return 0;
}

/* The idx-th comma-separated item of s, or an empty slice. */
static struct sx_slice
nth_item(struct sx_slice s, size_t idx)
{
	struct sx_slice it = { s.p, 0 };
	size_t cur = 0, i;

	for (i = 0; cur < s.n; i++) {
		it = next_item(s, &cur);
		if (i == idx)
			return it;
	}
	it.n = 0;
	return it;
}

int
sx_frame_endpoint(const struct sx_frame *f, const struct sx_hdr *h, int src,
    struct sx_endpoint *ep)
{
	enum sx_field fld;
	struct sx_slice it;
	char tmp[64];
	size_t idx;

	memset(ep, 0, sizeof(*ep));
	ep->port = src ? h->srcport : h->dstport;
	if (h->net == SX_NET_NONE)
		return -1;
	if (h->net >= 0) {
		fld = src ? SX_F_IP_SRC : SX_F_IP_DST;
		idx = (size_t)h->net;
	} else {
		fld = src ? SX_F_IP6_SRC : SX_F_IP6_DST;
		idx = (size_t)(-1 - (long)h->net);
	}
	it = nth_item(f->field[fld], idx);
	if (it.n == 0 || it.n >= sizeof(tmp))
		return -1;
	memcpy(tmp, it.p, it.n);
	tmp[it.n] = '\0';
	if (h->net >= 0) {
		if (inet_pton(AF_INET, tmp, ep->addr) != 1)
			return -1;
		ep->af = 4;
	} else {
		if (inet_pton(AF_INET6, tmp, ep->addr) != 1)
			return -1;
		ep->af = 6;
	}
	return 0;
}
