/* escape.c - escaping for the table, TSV, CSV and JSON. */
#include "escape.h"

#include <string.h>

size_t
sx_utf8_len(const unsigned char *s, size_t n)
{
	unsigned c = s[0];
	size_t len, i;
	unsigned cp;

	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf) {
		len = 2;
		cp = c & 0x1f;
	} else if (c >= 0xe0 && c <= 0xef) {
		len = 3;
		cp = c & 0x0f;
	} else if (c >= 0xf0 && c <= 0xf4) {
		len = 4;
		cp = c & 0x07;
	} else {
		return 0;
	}
	if (n < len)
		return 0;
	for (i = 1; i < len; i++) {
		if ((s[i] & 0xc0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3f);
	}
	/* Overlong forms, surrogates and values above U+10FFFF. */
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
		return 0;
	return len;
}

void
sx_escape_text(struct sx_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		unsigned c = u[i];
		size_t len = sx_utf8_len(u + i, n - i);

		if (c >= 0x80 && len > 1) {
			sx_buf_add(b, s + i, len);
			i += len;
			continue;
		}
		i++;
		switch (c) {
		case '\\': sx_buf_adds(b, "\\\\"); continue;
		case '\t': sx_buf_adds(b, "\\t"); continue;
		case '\n': sx_buf_adds(b, "\\n"); continue;
		case '\r': sx_buf_adds(b, "\\r"); continue;
		}
		if (c < 0x20 || c >= 0x7f) {
			char e[4] = { '\\', 'x', hex[c >> 4], hex[c & 15] };

			sx_buf_add(b, e, 4);
		} else {
			sx_buf_addc(b, (char)c);
		}
	}
}

void
sx_escape_csv(struct sx_buf *b, const char *s, size_t n)
{
	struct sx_buf t = { 0 };
	size_t i;
	int quote;

	sx_escape_text(&t, s, n);
	quote = t.len > 0 && (t.data[0] == ' ' || t.data[t.len - 1] == ' ' ||
	    memchr(t.data, ',', t.len) || memchr(t.data, '"', t.len));
	if (!quote) {
		sx_buf_add(b, t.data, t.len);
	} else {
		sx_buf_addc(b, '"');
		for (i = 0; i < t.len; i++) {
			if (t.data[i] == '"')
				sx_buf_addc(b, '"');
			sx_buf_addc(b, t.data[i]);
		}
		sx_buf_addc(b, '"');
	}
	sx_buf_free(&t);
}

void
sx_escape_json(struct sx_buf *b, const char *s, size_t n)
{
	static const char hex[] = "0123456789abcdef";
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	sx_buf_addc(b, '"');
	while (i < n) {
		unsigned c = u[i];
		size_t len = sx_utf8_len(u + i, n - i);

		if (c >= 0x80) {
			if (len > 1)
				sx_buf_add(b, s + i, len);
			else
				sx_buf_adds(b, "\\ufffd");
			i += len > 1 ? len : 1;
			continue;
		}
		i++;
		switch (c) {
		case '"': sx_buf_adds(b, "\\\""); continue;
		case '\\': sx_buf_adds(b, "\\\\"); continue;
		case '\b': sx_buf_adds(b, "\\b"); continue;
		case '\f': sx_buf_adds(b, "\\f"); continue;
		case '\n': sx_buf_adds(b, "\\n"); continue;
		case '\r': sx_buf_adds(b, "\\r"); continue;
		case '\t': sx_buf_adds(b, "\\t"); continue;
		}
		if (c < 0x20 || c == 0x7f) {
			char e[6] = { '\\', 'u', '0', '0', hex[c >> 4],
				      hex[c & 15] };

			sx_buf_add(b, e, 6);
		} else {
			sx_buf_addc(b, (char)c);
		}
	}
	sx_buf_addc(b, '"');
}

size_t
sx_text_width(const char *s, size_t n)
{
	size_t i, w = 0;

	for (i = 0; i < n; i++)
		w += ((unsigned char)s[i] & 0xc0) != 0x80;
	return w;
}

void
sx_escape_prom(struct sx_buf *b, const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;
	size_t i = 0;

	while (i < n) {
		size_t len = sx_utf8_len(u + i, n - i);

		if (len == 0) {
			sx_buf_adds(b, "\xef\xbf\xbd");  /* U+FFFD */
			i++;
			continue;
		}
		if (len == 1 && (u[i] == '\\' || u[i] == '"' || u[i] == '\n')) {
			sx_buf_addc(b, '\\');
			sx_buf_addc(b, u[i] == '\n' ? 'n' : (char)u[i]);
		} else {
			sx_buf_add(b, s + i, len);
		}
		i += len;
	}
}

void
sx_escape_xml(struct sx_buf *b, const char *s, size_t n)
{
	struct sx_buf t = { 0 };
	size_t i;

	sx_escape_text(&t, s, n);
	for (i = 0; i < t.len; i++) {
		switch (t.data[i]) {
		case '&': sx_buf_adds(b, "&amp;"); break;
		case '<': sx_buf_adds(b, "&lt;"); break;
		case '>': sx_buf_adds(b, "&gt;"); break;
		case '"': sx_buf_adds(b, "&quot;"); break;
		case '\'': sx_buf_adds(b, "&#39;"); break;
		default: sx_buf_addc(b, t.data[i]); break;
		}
	}
	sx_buf_free(&t);
}
