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
	struct sx_fieldset all;
	int f;

	memset(ps, 0, sizeof(*ps));
	if (fs == NULL) {
		sx_fieldset_all(&all);
		fs = &all;
	}
	ps->style = style;
	/* tcp.stream is on every line, asked for or not (a line of no
	 * field at all could not be split) */
	for (f = 0; f < SX_F_COUNT; f++)
		if (fs->want[f] || f == SX_F_STREAM)
			ps->fieldmap[ps->nfields++] = (unsigned char)f;
	ps->cheap = fs->want[SX_F_IPVER] && !fs->want[SX_F_PROTOCOLS];
	ps->diag = fs->want[SX_F_SEQ_RAW] || fs->want[SX_F_ACK_RAW] ||
	    fs->want[SX_F_IP_ID] || fs->want[SX_F_WINDOW] ||
	    fs->want[SX_F_TSVAL] ||
	    fs->want[SX_F_SACK_LE];
	ps->stats = fs->stats;
	ps->service = fs->service;
	for (f = 0; f < SX_FL_COUNT; f++)
		if (fs->want[SX_F_FLAG0 + f])
			ps->flagmap[ps->nflags++] = (unsigned char)f;
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

/* Say why in ps->err; returns -1. */
#define fail(ps, ...) sx_errf((ps)->err, sizeof((ps)->err), __VA_ARGS__)

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
	size_t cap = ps->u32_cap;   /* the two arrays grow alike */

	ps->u32a = sx_grow(ps->u32a, &cap, n, sizeof(uint32_t), 16);
	ps->u32b = sx_grow(ps->u32b, &ps->u32_cap, n, sizeof(uint32_t), 16);
}

/* Parse a list of decimal numbers, each at most max, into out[], in one
 * pass (this is the hot path: several lists on every line). Items have
 * at most 19 digits (tshark prints no leading zeros). */
static int
parse_u32_list(struct sx_parser *ps, enum sx_field f, uint32_t max,
    uint32_t *out, size_t *count)
{
	struct sx_slice s = ps->frame.field[f];
	const char *p = s.p, *e;
	size_t n = 0;

	*count = 0;
	if (s.n == 0)      /* also a field not asked for: s.p is NULL */
		return 0;
	e = s.p + s.n;
	for (;;) {
		const char *start = p;
		uint64_t v = 0;
		unsigned d;

		while (p < e && (d = (unsigned)(unsigned char)*p - '0') <= 9 &&
		    p - start < 19) {
			v = v * 10 + d;
			p++;
		}
		if (p == start || v > max || (p < e && *p != ','))
			return fail(ps, "%s is not a list of numbers up to %lu",
			    sx_field_names[f], (unsigned long)max);
		out[n++] = (uint32_t)v;
		if (p == e)
			break;
		if (++p == e)
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

/* A list of hex numbers of field f, each at most max (too_big says
 * what a larger one is). tcp.flags: "0x0012" (-T fields of tshark 4.x),
 * "0x00000012" (-T fields of tshark 3.x, which shows the field 32 bits
 * wide) or "0x012" (custom columns), 12 bits. ip.id: "0x1234" (one per
 * IPv4 header; tshark 3.x prints "0x00001234"), 16 bits. At most 8 hex
 * digits either way. */
static int
parse_hex_list(struct sx_parser *ps, enum sx_field f, uint32_t max,
    const char *too_big, uint32_t *out, size_t *count)
{
	struct sx_slice s = ps->frame.field[f];
	size_t cur = 0, n = 0, i;

	*count = 0;
	while (cur < s.n) {
		struct sx_slice it = next_item(s, &cur);
		uint32_t v = 0;
		int bad = it.n < 3 || it.n > 10 || it.p[0] != '0' ||
		    (it.p[1] != 'x' && it.p[1] != 'X');

		for (i = 2; !bad && i < it.n; i++) {
			int h = hexval((unsigned char)it.p[i]);

			bad = h < 0;
			v = v * 16 + (uint32_t)(bad ? 0 : h);
		}
		if (bad)
			return fail(ps, "%s is not a list of hex numbers",
			    sx_field_names[f]);
		if (v > max)
			return fail(ps, "%s %s", sx_field_names[f], too_big);
		out[n++] = v;
		if (cur == s.n && s.p[s.n - 1] == ',')
			return fail(ps, "%s ends with a comma",
			    sx_field_names[f]);
	}
	*count = n;
	return 0;
}

/* The SACK blocks of a frame with one TCP header (sx_hdr_sack); the
 * edges are made raw by the offset of tcp.ack_raw from tcp.ack. */
static int
parse_sack(struct sx_parser *ps)
{
	struct sx_frame *f = &ps->frame;
	struct sx_hdr *h;
	size_t nl, nr, na;
	uint32_t off;

	if (f->nhdr != 1)   /* (hdr may be NULL: no header yet) */
		return 0;
	h = &f->hdr[0];
	if (!h->has_ack || f->field[SX_F_SACK_LE].n == 0)
		return 0;
	if (parse_u32_list(ps, SX_F_ACK_REL, UINT32_MAX, ps->u32a, &na) != 0)
		return -1;
	if (na != 1)
		return 0;
	off = h->ack - ps->u32a[0];
	if (parse_u32_list(ps, SX_F_SACK_LE, UINT32_MAX, ps->u32a, &nl) != 0 ||
	    parse_u32_list(ps, SX_F_SACK_RE, UINT32_MAX, ps->u32b, &nr) != 0)
		return -1;
	if (nl == nr)
		sx_hdr_sack(h, off, ps->u32a, ps->u32b, nl);
	return 0;
}

void
sx_hdr_sack(struct sx_hdr *h, uint32_t off, const uint32_t *le,
    const uint32_t *re, size_t n)
{
	uint32_t l[SX_SACK_MAX + 1], r[SX_SACK_MAX + 1];
	size_t i;

	if (n > SX_SACK_MAX + 1)
		n = SX_SACK_MAX + 1;
	for (i = 0; i < n; i++) {
		l[i] = le[i] + off;
		r[i] = re[i] + off;
	}
	i = 0;
	if (sx_is_dsack(h->ack, l, r, n)) {
		h->has_dsack = 1;
		h->dsack_s = l[0];
		h->dsack_e = r[0];
		i = 1;
	}
	for (h->nsack = 0; i < n && h->nsack < SX_SACK_MAX; i++) {
		h->sack_s[h->nsack] = l[i];
		h->sack_e[h->nsack++] = r[i];
	}
}

int
sx_is_dsack(uint32_t ack, const uint32_t *le, const uint32_t *re, size_t n)
{
	return n > 0 && ((int32_t)(re[0] - ack) <= 0 || (n >= 2 &&
	    (int32_t)(le[0] - le[1]) >= 0 && (int32_t)(re[0] - re[1]) <= 0));
}

/* The diagnosis fields: sequence and ACK numbers and the window line up
 * with the stream list as tcp.len does; the IP ID is that of each
 * header's own IPv4 header. */
static int
parse_diag_fields(struct sx_parser *ps)
{
	static const enum sx_field lists[4] = {
		SX_F_SEQ_RAW, SX_F_ACK_RAW, SX_F_WINDOW, SX_F_TSVAL
	};
	struct sx_frame *f = &ps->frame;
	size_t i, k, n;

	for (i = 0; i < 4; i++) {
		if (f->field[lists[i]].n == 0)
			continue;
		if (parse_u32_list(ps, lists[i], UINT32_MAX, ps->u32a,
		    &n) != 0)
			return -1;
		for (k = 0; k < f->nhdr; k++) {
			struct sx_hdr *h = &f->hdr[k];
			size_t j = n == f->nhdr ? k : 0;
			uint32_t v;

			if (n == 0 || (n != f->nhdr && f->nhdr != 1))
				continue;
			v = ps->u32a[j];
			if (i == 0)
				h->seq = v, h->has_seq = 1;
			else if (i == 1)
				h->ack = v, h->has_ack = 1;
			else if (i == 2)
				h->win = v, h->has_win = 1;
			else
				h->tsval = v, h->has_ts = 1;
		}
	}
	if (parse_sack(ps) != 0)
		return -1;
	if (f->field[SX_F_IP_ID].n == 0)
		return 0;
	if (parse_hex_list(ps, SX_F_IP_ID, 0xffff,
	    "is not a list of hex numbers", ps->u32a, &n) != 0)
		return -1;
	for (k = 0; k < f->nhdr; k++) {
		struct sx_hdr *h = &f->hdr[k];
		size_t idx;

		if (h->net == SX_NET_COLUMN && f->net_af == 4)
			idx = 0;
		else if (h->net >= 0)
			idx = (size_t)h->net;
		else
			continue;
		if (idx < n) {
			h->ipid = (uint16_t)ps->u32a[idx];
			h->has_ipid = 1;
		}
	}
	return 0;
}

/* A time as tshark prints a valid one: seconds, up to nine fraction
 * digits, within SX_TIME_LIMIT_NS. Returns 0 with *v set, else -1. */
static int
tshark_time(const char *p, size_t n, int64_t *v)
{
	const char *dot = memchr(p, '.', n);

	if (dot != NULL && (size_t)(p + n - dot - 1) > 9)
		return -1;
	if (sx_parse_time_ns(p, n, v) != 0 || *v <= -SX_TIME_LIMIT_NS ||
	    *v >= SX_TIME_LIMIT_NS)
		return -1;
	return 0;
}

/* A time of the current frame (field f, text [p, p + n)) that is not
 * one: counted once per frame, the first one kept for the message. */
static void
bad_time(struct sx_parser *ps, enum sx_field f, const char *p, size_t n)
{
	size_t i, k = 0;
	char text[40];

	if (ps->bad_last == ps->lines && ps->bad_times > 0)
		return;   /* this frame is counted already */
	for (i = 0; i < n && k + 1 < sizeof(text); i++)
		text[k++] = p[i] >= 0x20 && p[i] < 0x7f ? p[i] : '?';
	text[k] = '\0';
	if (ps->bad_times++ == 0) {
		snprintf(ps->bad_what, sizeof(ps->bad_what), "%s \"%s%s\"",
		    sx_field_names[f], text, i < n ? "..." : "");
		ps->bad_line = ps->lines;
	}
	ps->bad_last = ps->lines;
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

		if (it.n == 0 || tshark_time(it.p, it.n, &v) != 0) {
			/* one that tshark calls invalid: not a sample */
			bad_time(ps, f, it.p, it.n);
			if (cur == s.n && s.p[s.n - 1] == ',')
				return fail(ps, "%s ends with a comma",
				    sx_field_names[f]);
			continue;
		}
		if (out != NULL) {
			*out = sx_grow(*out, cap, n + 1, sizeof(**out), 8);
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

/* Byte classes for fields that are only checked, not parsed. */
#define CC_DIGIT 1   /* 0-9 */
#define CC_DOT 2     /* . and , */
#define CC_HEX 4     /* a-f A-F */
#define CC_COLON 8   /* : */
#define CC_SPACE 16  /* padding of the built-in address columns */

static const unsigned char cclass[256] = {
	['0'] = CC_DIGIT, ['1'] = CC_DIGIT, ['2'] = CC_DIGIT,
	['3'] = CC_DIGIT, ['4'] = CC_DIGIT, ['5'] = CC_DIGIT,
	['6'] = CC_DIGIT, ['7'] = CC_DIGIT, ['8'] = CC_DIGIT,
	['9'] = CC_DIGIT, ['.'] = CC_DOT, [','] = CC_DOT,
	['a'] = CC_HEX, ['b'] = CC_HEX, ['c'] = CC_HEX, ['d'] = CC_HEX,
	['e'] = CC_HEX, ['f'] = CC_HEX, ['A'] = CC_HEX, ['B'] = CC_HEX,
	['C'] = CC_HEX, ['D'] = CC_HEX, ['E'] = CC_HEX, ['F'] = CC_HEX,
	[':'] = CC_COLON, [' '] = CC_SPACE,
};

/* Every byte of field f must be in one of the classes of mask. */
static int
check_charset(struct sx_parser *ps, enum sx_field f, unsigned mask)
{
	struct sx_slice s = ps->frame.field[f];
	size_t i;

	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (!(cclass[c] & mask))
			return fail(ps, "unexpected byte 0x%02x in %s", c,
			    sx_field_names[f]);
	}
	return 0;
}

/* The text of a built-in address column without its padding. */
static struct sx_slice
trim(struct sx_slice s)
{
	while (s.n > 0 && s.p[0] == ' ') {
		s.p++;
		s.n--;
	}
	while (s.n > 0 && s.p[s.n - 1] == ' ')
		s.n--;
	return s;
}

/* Parse an address of family af (4 or 6) from s into out. */
static int
parse_addr(struct sx_slice s, int af, unsigned char *out)
{
	char tmp[64];

	if (s.n == 0 || s.n >= sizeof(tmp))
		return -1;
	memcpy(tmp, s.p, s.n);
	tmp[s.n] = '\0';
	return inet_pton(af == 4 ? AF_INET : AF_INET6, tmp, out) == 1 ? 0 :
	    -1;
}

/* The cheap endpoint fields of a frame: ip.version is a list of IP
 * versions; the built-in address columns hold an address (or, in frames
 * without a stream, whatever network address tshark shows). Returns the
 * number of IP headers, with the first version in *ver, or -1. */
static int
check_cheap(struct sx_parser *ps, int *ver)
{
	struct sx_slice s = ps->frame.field[SX_F_IPVER];
	size_t cur = 0;
	int n = 0;

	*ver = 0;
	while (cur < s.n) {
		struct sx_slice it = next_item(s, &cur);
		uint64_t v;

		if (sx_parse_u64(it.p, it.n, 15, &v) != 0 ||
		    (cur == s.n && s.p[s.n - 1] == ','))
			return fail(ps, "ip.version is not a list of "
			    "versions");
		if (n++ == 0)
			*ver = (int)v;
	}
	return n;
}

/* Bytes a built-in address column of a frame without a stream may hold
 * (another network's address): anything printable. */
static int
check_printable(struct sx_parser *ps, enum sx_field f)
{
	struct sx_slice s = ps->frame.field[f];
	size_t i;

	for (i = 0; i < s.n; i++) {
		unsigned char c = (unsigned char)s.p[i];

		if (c < 0x20 || c == 0x7f)
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

/* Bytes of a protocol name in frame.protocols. */
static const unsigned char protochar[256] = {
	['a'] = 1, ['b'] = 1, ['c'] = 1, ['d'] = 1, ['e'] = 1, ['f'] = 1,
	['g'] = 1, ['h'] = 1, ['i'] = 1, ['j'] = 1, ['k'] = 1, ['l'] = 1,
	['m'] = 1, ['n'] = 1, ['o'] = 1, ['p'] = 1, ['q'] = 1, ['r'] = 1,
	['s'] = 1, ['t'] = 1, ['u'] = 1, ['v'] = 1, ['w'] = 1, ['x'] = 1,
	['y'] = 1, ['z'] = 1, ['A'] = 1, ['B'] = 1, ['C'] = 1, ['D'] = 1,
	['E'] = 1, ['F'] = 1, ['G'] = 1, ['H'] = 1, ['I'] = 1, ['J'] = 1,
	['K'] = 1, ['L'] = 1, ['M'] = 1, ['N'] = 1, ['O'] = 1, ['P'] = 1,
	['Q'] = 1, ['R'] = 1, ['S'] = 1, ['T'] = 1, ['U'] = 1, ['V'] = 1,
	['W'] = 1, ['X'] = 1, ['Y'] = 1, ['Z'] = 1, ['0'] = 1, ['1'] = 1,
	['2'] = 1, ['3'] = 1, ['4'] = 1, ['5'] = 1, ['6'] = 1, ['7'] = 1,
	['8'] = 1, ['9'] = 1, ['_'] = 1, ['.'] = 1, ['-'] = 1,
};

/* One layer of frame.protocols: an IP header makes *cur name it; a TCP
 * header is noted with the IP header before it. */
static void
map_layer(struct sx_parser *ps, const char *tok, size_t len, int *cur,
    int *ip4, int *ip6, size_t *n)
{
	if (len == 2 && memcmp(tok, "ip", 2) == 0) {
		*cur = (*ip4)++;
	} else if (len == 4 && memcmp(tok, "ipv6", 4) == 0) {
		*cur = -1 - (*ip6)++;
	} else if (len == 3 && memcmp(tok, "tcp", 3) == 0) {
		if (*n == ps->tcpnet_cap) {
			ps->tcpnet_cap = *n ? *n * 2 : 8;
			ps->tcpnet = sx_reallocarray(ps->tcpnet,
			    ps->tcpnet_cap, sizeof(int));
		}
		ps->tcpnet[(*n)++] = *cur;
	}
}

/* Map each "tcp" layer of frame.protocols to the IP header before it,
 * in one pass over its bytes. */
static int
map_tcp_layers(struct sx_parser *ps, size_t *ntcp)
{
	struct sx_slice s = ps->frame.field[SX_F_PROTOCOLS];
	size_t i, tok = 0, n = 0;
	int ip4 = 0, ip6 = 0, cur = SX_NET_NONE;

	for (i = 0; i < s.n; i++) {
		unsigned char ch = (unsigned char)s.p[i];

		if (ch == ':') {
			map_layer(ps, s.p + tok, i - tok, &cur, &ip4, &ip6,
			    &n);
			tok = i + 1;
		} else if (!protochar[ch]) {
			return fail(ps, "unexpected byte 0x%02x in "
			    "frame.protocols", ch);
		}
	}
	if (tok < s.n)
		map_layer(ps, s.p + tok, s.n - tok, &cur, &ip4, &ip6, &n);
	*ntcp = n;
	return 0;
}

/* a[0..n) == b[0..n), inline for the usual lengths of an address. */
static int
same_text(const char *a, const char *b, size_t n)
{
	uint64_t x, y, u, v;

	if (n < 8 || n > 16)
		return memcmp(a, b, n) == 0;
	memcpy(&x, a, 8);
	memcpy(&y, b, 8);
	memcpy(&u, a + n - 8, 8);
	memcpy(&v, b + n - 8, 8);
	return ((x ^ y) | (u ^ v)) == 0;
}

/* Whether the address column f holds only bytes of mask. The last two
 * texts of each column found good are remembered (consecutive frames
 * mostly share their two addresses), so that most lines cost a
 * comparison or two. */
static int
known_addr(struct sx_parser *ps, enum sx_field f, unsigned mask)
{
	struct sx_slice s = ps->frame.field[f];
	struct sx_addrcache *c = &ps->addr[f == SX_F_NET_DST];
	size_t i;
	int slot;

	for (i = 0; i < 2; i++)
		if (c->n[i] == s.n && c->mask[i] == mask &&
		    same_text(c->text[i], s.p, s.n))
			return 1;
	if (check_charset(ps, f, mask) != 0)
		return 0;
	if (s.n > sizeof(c->text[0]))
		return 1;
	slot = c->next;
	c->next ^= 1;
	memcpy(c->text[slot], s.p, s.n);
	c->n[slot] = s.n;
	c->mask[slot] = mask;
	return 1;
}

/* With the cheap endpoint fields: a frame with a stream must be simple
 * (one stream, one TCP header, one IP header of version 4 or 6), so that
 * tshark's last network addresses are its TCP header's. Returns 0, -1
 * (malformed) or SX_PARSE_FALLBACK. */
static int
cheap_endpoints(struct sx_parser *ps, size_t nstream, size_t nsp,
    size_t ndp, int nip, int ipver)
{
	struct sx_frame *f = &ps->frame;
	unsigned mask = CC_DIGIT | CC_DOT | CC_SPACE;

	if (nstream != 1 || nsp != 1 || ndp != 1 || nip != 1 ||
	    (ipver != 4 && ipver != 6)) {
		if (check_printable(ps, SX_F_NET_SRC) != 0 ||
		    check_printable(ps, SX_F_NET_DST) != 0)
			return -1;
		if (nstream == 0)
			return 0;
		fail(ps, "a frame with %zu stream numbers, %zu TCP and %d IP "
		    "headers", nstream, nsp, nip);
		return SX_PARSE_FALLBACK;
	}
	if (ipver == 6)
		mask |= CC_HEX | CC_COLON;
	if (!known_addr(ps, SX_F_NET_SRC, mask) ||
	    !known_addr(ps, SX_F_NET_DST, mask))
		return SX_PARSE_FALLBACK;
	f->net_af = ipver;
	f->hdr[0].net = SX_NET_COLUMN;
	return 0;
}

/* The field that ends at tab (the next one starts after it): store it,
 * or fail when the line has more fields than asked for. */
static int
end_field(struct sx_parser *ps, int *fi, const char **start, const char *tab)
{
	struct sx_slice *sl;

	if (*fi == ps->nfields - 1)
		return fail(ps, "expected %d tab-separated fields, got more",
		    ps->nfields);
	sl = &ps->frame.field[ps->fieldmap[(*fi)++]];
	sl->p = *start;
	sl->n = (size_t)(tab - *start);
	*start = tab + 1;
	return 0;
}

/* Split the line into exactly the fields asked for (the others stay
 * {NULL, 0} from sx_parser_init), in one pass. Eight bytes at a time
 * where the byte order allows: in x = word ^ 0x0909..., a tab is a zero
 * byte; adding 0x7f to the low seven bits of each byte sets its high bit
 * unless they are all zero, so the bytes whose high bit stays clear in
 * (low + 0x7f7f...) | x are exactly the tabs (lowest byte first). Returns
 * 0 or -1. */
static int
split_fields(struct sx_parser *ps, const char *line, size_t n)
{
	const char *end = line + n, *q = line, *start = line;
	int fi = 0, last = ps->nfields - 1;

#if defined(__GNUC__) && defined(__BYTE_ORDER__) && \
    __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	for (; end - q >= 8; q += 8) {
		const uint64_t low7 = 0x7f7f7f7f7f7f7f7fULL;
		uint64_t x, m;

		memcpy(&x, q, 8);
		x ^= 0x0909090909090909ULL;
		m = ~(((x & low7) + low7) | x | low7);
		for (; m != 0; m &= m - 1)
			if (end_field(ps, &fi, &start,
			    q + (__builtin_ctzll(m) >> 3)) != 0)
				return -1;
	}
#endif
	for (; q < end; q++)
		if (*q == '\t' && end_field(ps, &fi, &start, q) != 0)
			return -1;
	if (fi != last)
		return fail(ps, "expected %d tab-separated fields, "
		    "got %d", ps->nfields, fi + 1);
	ps->frame.field[ps->fieldmap[fi]].p = start;
	ps->frame.field[ps->fieldmap[fi]].n = (size_t)(end - start);
	return 0;
}

/* The per-frame fields: time, address characters, TCP layers, the cheap
 * endpoint fields (their count of IP headers in *nip), the analysis
 * flags. Returns 0 or -1. */
static int
parse_frame_fields(struct sx_parser *ps, size_t *ntcp, int *nip, int *ipver)
{
	struct sx_frame *f = &ps->frame;
	size_t i;

	/* A field asked for is never NULL, even when empty. */
	ps->lines++;
	if (f->field[SX_F_TIME].p != NULL) {
		if (f->field[SX_F_TIME].n == 0 ||
		    tshark_time(f->field[SX_F_TIME].p, f->field[SX_F_TIME].n,
		    &f->time_ns) != 0) {
			bad_time(ps, SX_F_TIME, f->field[SX_F_TIME].p,
			    f->field[SX_F_TIME].n);
			f->time_ns = ps->last_time_ns;
		} else {
			ps->last_time_ns = f->time_ns;
		}
	}
	if (check_charset(ps, SX_F_IP_SRC, CC_DIGIT | CC_DOT) ||
	    check_charset(ps, SX_F_IP_DST, CC_DIGIT | CC_DOT) ||
	    check_charset(ps, SX_F_IP6_SRC, CC_DIGIT | CC_DOT | CC_HEX |
	    CC_COLON) ||
	    check_charset(ps, SX_F_IP6_DST, CC_DIGIT | CC_DOT | CC_HEX |
	    CC_COLON))
		return -1;
	if (map_tcp_layers(ps, ntcp) != 0)
		return -1;
	if (ps->cheap && (*nip = check_cheap(ps, ipver)) < 0)
		return -1;
	for (i = 0; i < (size_t)ps->nflags; i++) {
		int fl = ps->flagmap[i];
		int r;

		if (f->field[SX_F_FLAG0 + fl].n == 0)
			continue;
		r = flag_present(ps, (enum sx_field)(SX_F_FLAG0 + fl));
		if (r < 0)
			return -1;
		if (r)
			f->flags |= 1u << fl;
	}
	return 0;
}

/* Per-header lists line up with the stream list when their counts
 * agree; a frame with a single stream takes the first value. Returns 1
 * with the index for header k of nstream in *j, or 0: none for it. */
static int
line_up(size_t count, size_t nstream, size_t k, size_t *j)
{
	if (count == nstream) {
		*j = k;
		return count > 0;
	}
	*j = 0;
	return nstream == 1 && count > 0;
}

/* The stream list: one header per stream, with its IP layer. Returns
 * 0 or -1. */
static int
parse_streams(struct sx_parser *ps, size_t ntcp, size_t *nstream)
{
	struct sx_frame *f = &ps->frame;
	size_t k, j;

	if (parse_u32_list(ps, SX_F_STREAM, UINT32_MAX - 1, ps->u32a,
	    nstream) != 0)
		return -1;
	f->hdr = sx_grow(f->hdr, &ps->hdr_cap, *nstream, sizeof(*f->hdr), 4);
	for (k = 0; k < *nstream; k++) {
		memset(&f->hdr[k], 0, sizeof(f->hdr[k]));
		f->hdr[k].stream = ps->u32a[k];
		f->hdr[k].net = line_up(ntcp, *nstream, k, &j) ?
		    ps->tcpnet[j] : SX_NET_NONE;
	}
	f->nhdr = *nstream;
	return 0;
}

/* Ports: both lists of one length; one that does not line up with the
 * streams gives its first value to every header. Returns 0 or -1. */
static int
parse_ports(struct sx_parser *ps, size_t nstream, size_t *nsp, size_t *ndp)
{
	struct sx_frame *f = &ps->frame;
	size_t k;

	if (parse_u32_list(ps, SX_F_SRCPORT, 65535, ps->u32a, nsp) != 0 ||
	    parse_u32_list(ps, SX_F_DSTPORT, 65535, ps->u32b, ndp) != 0)
		return -1;
	for (k = 0; k < nstream; k++) {
		size_t j = *nsp == nstream ? k : 0;

		if (*nsp > j && *ndp == *nsp) {
			f->hdr[k].srcport = (uint16_t)ps->u32a[j];
			f->hdr[k].dstport = (uint16_t)ps->u32b[j];
		}
	}
	return 0;
}

/* tcp.flags and tcp.len of each header. Returns 0 or -1. */
static int
parse_header_lists(struct sx_parser *ps, size_t nstream)
{
	struct sx_frame *f = &ps->frame;
	size_t k, j, nfl = 0, nlen = 0;

	if (parse_hex_list(ps, SX_F_TCPFLAGS, 0xfff,
	    "has a value over 12 bits", ps->u32a, &nfl) != 0)
		return -1;
	for (k = 0; k < nfl; k++)
		f->any_tcpflags |= ps->u32a[k];
	for (k = 0; k < nstream; k++)
		if (line_up(nfl, nstream, k, &j)) {
			f->hdr[k].tcpflags = (uint16_t)ps->u32a[j];
			f->hdr[k].has_flags = 1;
		}
	/* Several TCP headers of which one has a stream: count its bytes
	 * only. */
	if (parse_u32_list(ps, SX_F_TCPLEN, UINT32_MAX, ps->u32a, &nlen) != 0)
		return -1;
	for (k = 0; k < nstream; k++)
		if (line_up(nlen, nstream, k, &j)) {
			f->hdr[k].len = ps->u32a[j];
			f->hdr[k].has_len = 1;
		}
	return 0;
}

/* tcp.completeness of each header. Returns 0 or -1. */
static int
parse_completeness(struct sx_parser *ps, size_t nstream)
{
	struct sx_frame *f = &ps->frame;
	size_t k, j, ncomp = 0;

	if (parse_u32_list(ps, SX_F_COMPLETENESS, 255, ps->u32a,
	    &ncomp) != 0)
		return -1;
	for (k = 0; k < nstream; k++)
		if (line_up(ncomp, nstream, k, &j)) {
			f->hdr[k].completeness = (unsigned char)ps->u32a[j];
			f->hdr[k].has_completeness = 1;
		}
	return 0;
}

int
sx_parse_line(struct sx_parser *ps, const char *line, size_t n)
{
	struct sx_frame *f = &ps->frame;
	size_t nstream = 0, nsp = 0, ndp = 0, ntcp = 0, nirtt = 0;
	int nip = 0, ipver = 0, r;

	if (split_fields(ps, line, n) != 0)
		return -1;
	f->nhdr = 0;
	f->nrtt = 0;
	f->flags = 0;
	f->has_irtt = 0;
	f->any_tcpflags = 0;
	f->time_ns = 0;
	if (parse_frame_fields(ps, &ntcp, &nip, &ipver) != 0)
		return -1;
	/* Each list has at most one item per byte pair of the line. */
	ensure_u32(ps, n / 2 + 1);
	if (parse_streams(ps, ntcp, &nstream) != 0 ||
	    parse_ports(ps, nstream, &nsp, &ndp) != 0)
		return -1;
	if (ps->cheap &&
	    (r = cheap_endpoints(ps, nstream, nsp, ndp, nip, ipver)) != 0)
		return r;
	if (parse_header_lists(ps, nstream) != 0)
		return -1;
	if (parse_time_list(ps, SX_F_ACK_RTT, &f->rtt, &ps->rtt_cap,
	    &f->nrtt) != 0)
		return -1;
	if (parse_time_list(ps, SX_F_IRTT, NULL, NULL, &nirtt) != 0)
		return -1;
	f->has_irtt = nirtt > 0;
	if (parse_completeness(ps, nstream) != 0)
		return -1;
	if (ps->stats && sx_parse_stats(ps, nstream, nsp) != 0)
		return -1;
	return ps->diag ? parse_diag_fields(ps) : 0;
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
	size_t idx;
	int af;

	memset(ep, 0, sizeof(*ep));
	ep->port = src ? h->srcport : h->dstport;
	if (h->net == SX_NET_NONE)
		return -1;
	if (h->net == SX_NET_COLUMN) {
		it = trim(f->field[src ? SX_F_NET_SRC : SX_F_NET_DST]);
		af = f->net_af;
	} else {
		if (h->net >= 0) {
			fld = src ? SX_F_IP_SRC : SX_F_IP_DST;
			idx = (size_t)h->net;
			af = 4;
		} else {
			fld = src ? SX_F_IP6_SRC : SX_F_IP6_DST;
			idx = (size_t)(-1 - (long)h->net);
			af = 6;
		}
		it = nth_item(f->field[fld], idx);
	}
	if (parse_addr(it, af, ep->addr) != 0)
		return -1;
	ep->af = (unsigned char)af;
	return 0;
}
