/* fuzz_text.c - libFuzzer target: text that comes from outside and ends
 * up in the report or on stderr.
 *
 * File names (any bytes) through the table/TSV, CSV and JSON escapers;
 * tshark's stderr through sx_tshark_message, which picks the line shown
 * to the user. Checks: escaped text holds no control byte, tab or line
 * break, is valid UTF-8 and unescapes back to the very same bytes; CSV
 * is that text, quoted when needed; JSON is one valid string; the
 * message is one line. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "escape.h"
#include "tshark.h"
#include "util.h"
#include "fuzz.h"

/* Strict UTF-8 (RFC 3629), written apart from escape.c's. */
static int
valid_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned c = s[i], cp, k, len;

		if (c < 0x80) {
			i++;
			continue;
		}
		len = c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 0;
		if (len == 0 || c > 0xf4 || i + len > n)
			return 0;
		cp = c & (0x7f >> len);
		for (k = 1; k < len; k++) {
			if ((s[i + k] & 0xc0) != 0x80)
				return 0;
			cp = cp << 6 | (s[i + k] & 0x3f);
		}
		if (cp < (len == 2 ? 0x80u : len == 3 ? 0x800u : 0x10000u) ||
		    cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
			return 0;
		i += len;
	}
	return 1;
}

static int
hexdigit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Undo sx_escape_text; -1 on an escape it never writes. */
static int
unescape_text(const char *s, size_t n, struct sx_buf *out)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (s[i] != '\\') {
			sx_buf_addc(out, s[i]);
			continue;
		}
		if (++i == n)
			return -1;
		switch (s[i]) {
		case '\\': sx_buf_addc(out, '\\'); break;
		case 't': sx_buf_addc(out, '\t'); break;
		case 'n': sx_buf_addc(out, '\n'); break;
		case 'r': sx_buf_addc(out, '\r'); break;
		case 'x':
			if (i + 2 >= n || hexdigit(s[i + 1]) < 0 ||
			    hexdigit(s[i + 2]) < 0)
				return -1;
			sx_buf_addc(out, (char)(hexdigit(s[i + 1]) * 16 +
			    hexdigit(s[i + 2])));
			i += 2;
			break;
		default:
			return -1;
		}
	}
	return 0;
}

static void
check_text(const char *s, size_t n)
{
	struct sx_buf e = { 0 }, back = { 0 }, csv = { 0 };
	size_t i;

	sx_escape_text(&e, s, n);
	for (i = 0; i < e.len; i++) {
		unsigned char c = (unsigned char)e.data[i];

		CHECK(c >= 0x20 && c != 0x7f);
	}
	CHECK(valid_utf8((const unsigned char *)e.data, e.len));
	CHECK(unescape_text(e.data, e.len, &back) == 0);
	CHECK(back.len == n && (n == 0 || memcmp(back.data, s, n) == 0));
	CHECK(sx_text_width(e.data, e.len) <= e.len);

	sx_escape_csv(&csv, s, n);
	if (csv.len > 0 && csv.data[0] == '"') {
		/* quoted: the escaped text with quotes doubled */
		size_t j = 0;

		CHECK(csv.len >= 2 && csv.data[csv.len - 1] == '"');
		for (i = 1; i + 1 < csv.len; i++, j++) {
			CHECK(j < e.len && csv.data[i] == e.data[j]);
			if (csv.data[i] == '"')
				CHECK(csv.data[++i] == '"');
		}
		CHECK(j == e.len);
	} else {
		CHECK(csv.len == e.len &&
		    (e.len == 0 || memcmp(csv.data, e.data, e.len) == 0));
		CHECK(e.len == 0 || (memchr(e.data, ',', e.len) == NULL &&
		    e.data[0] != ' ' && e.data[e.len - 1] != ' '));
	}
	sx_buf_free(&e);
	sx_buf_free(&back);
	sx_buf_free(&csv);
}

/* One JSON string (RFC 8259), and nothing after it. */
static void
check_json(const char *s, size_t n)
{
	struct sx_buf j = { 0 };
	size_t i, bytes_in = 0;

	sx_escape_json(&j, s, n);
	CHECK(j.len >= 2 && j.data[0] == '"' && j.data[j.len - 1] == '"');
	CHECK(valid_utf8((const unsigned char *)j.data, j.len));
	for (i = 1; i + 1 < j.len; i++) {
		unsigned char c = (unsigned char)j.data[i];

		CHECK(c >= 0x20 && c != '"');
		if (c != '\\') {
			bytes_in++;
			continue;
		}
		c = (unsigned char)j.data[++i];
		CHECK(i + 1 < j.len && strchr("\"\\/bfnrtu", c) != NULL);
		if (c == 'u') {
			CHECK(i + 5 < j.len);
			CHECK(hexdigit(j.data[i + 1]) >= 0 &&
			    hexdigit(j.data[i + 2]) >= 0 &&
			    hexdigit(j.data[i + 3]) >= 0 &&
			    hexdigit(j.data[i + 4]) >= 0);
			i += 4;
		}
		bytes_in++;
	}
	/* each escape or byte kept stands for one input byte */
	CHECK(bytes_in == n);
	sx_buf_free(&j);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *text = malloc(size + 1), *msg;

	CHECK(text != NULL);
	check_text((const char *)data, size);
	check_json((const char *)data, size);

	/* tshark's stderr, as runner.c keeps it: a C string */
	memcpy(text, data, size);
	text[size] = '\0';
	msg = sx_tshark_message(text);
	if (msg != NULL) {
		CHECK(strchr(msg, '\n') == NULL && strchr(msg, '\t') == NULL);
		CHECK(strlen(msg) <= strlen(text) + 100);
	}
	free(msg);
	free(text);
	return 0;
}
