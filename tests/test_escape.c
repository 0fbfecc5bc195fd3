/* test_escape.c - odd bytes in file names, in every format. */
#include "testlib.h"

#include "escape.h"

static const char *
esc(void (*fn)(struct sx_buf *, const char *, size_t), const char *s,
    size_t n, struct sx_buf *b)
{
	sx_buf_reset(b);
	fn(b, s, n);
	return sx_buf_cstr(b);
}

static void
test_text(void **state)
{
	struct sx_buf b = { 0 };

	(void)state;
	assert_string_equal(esc(sx_escape_text, "a b.pcap", 8, &b),
	    "a b.pcap");
	assert_string_equal(esc(sx_escape_text, "a\tb\nc\rd\\e", 9, &b),
	    "a\\tb\\nc\\rd\\\\e");
	assert_string_equal(esc(sx_escape_text, "\x01\x7f", 2, &b),
	    "\\x01\\x7f");
	/* valid UTF-8 is kept, invalid bytes are escaped */
	assert_string_equal(esc(sx_escape_text, "caf\xc3\xa9", 5, &b),
	    "caf\xc3\xa9");
	assert_string_equal(esc(sx_escape_text, "\xff\xc3(", 3, &b),
	    "\\xff\\xc3(");
	/* a NUL byte inside the name */
	assert_string_equal(esc(sx_escape_text, "a\0b", 3, &b), "a\\x00b");
	/* overlong encodings and surrogates are not valid UTF-8 */
	assert_string_equal(esc(sx_escape_text, "\xc0\xaf", 2, &b),
	    "\\xc0\\xaf");
	assert_string_equal(esc(sx_escape_text, "\xed\xa0\x80", 3, &b),
	    "\\xed\\xa0\\x80");
	sx_buf_free(&b);
}

static void
test_csv(void **state)
{
	struct sx_buf b = { 0 };

	(void)state;
	assert_string_equal(esc(sx_escape_csv, "plain", 5, &b), "plain");
	assert_string_equal(esc(sx_escape_csv, "a,b", 3, &b), "\"a,b\"");
	assert_string_equal(esc(sx_escape_csv, "say \"hi\"", 8, &b),
	    "\"say \"\"hi\"\"\"");
	assert_string_equal(esc(sx_escape_csv, " lead", 5, &b), "\" lead\"");
	/* a line break never reaches the output */
	assert_string_equal(esc(sx_escape_csv, "x\ny,z", 5, &b),
	    "\"x\\ny,z\"");
	assert_string_equal(esc(sx_escape_csv, "", 0, &b), "");
	sx_buf_free(&b);
}

static void
test_json(void **state)
{
	struct sx_buf b = { 0 };

	(void)state;
	assert_string_equal(esc(sx_escape_json, "a.pcap", 6, &b),
	    "\"a.pcap\"");
	assert_string_equal(esc(sx_escape_json, "q\"b\\s/", 6, &b),
	    "\"q\\\"b\\\\s/\"");
	assert_string_equal(esc(sx_escape_json, "\b\f\n\r\t\x01\x1f", 7, &b),
	    "\"\\b\\f\\n\\r\\t\\u0001\\u001f\"");
	assert_string_equal(esc(sx_escape_json, "$(rm -rf);`x`", 13, &b),
	    "\"$(rm -rf);`x`\"");
	assert_string_equal(esc(sx_escape_json, "\xe2\x9c\x93", 3, &b),
	    "\"\xe2\x9c\x93\"");
	assert_string_equal(esc(sx_escape_json, "\xf0\x9f\x98\x80", 4, &b),
	    "\"\xf0\x9f\x98\x80\"");
	assert_string_equal(esc(sx_escape_json, "bad\xfe\xe2\x9c", 6, &b),
	    "\"bad\\ufffd\\ufffd\\ufffd\"");
	assert_string_equal(esc(sx_escape_json, "n\0ul", 4, &b),
	    "\"n\\u0000ul\"");
	sx_buf_free(&b);
}

static void
test_width(void **state)
{
	(void)state;
	assert_int_equal(sx_text_width("abc", 3), 3);
	assert_int_equal(sx_text_width("caf\xc3\xa9", 5), 4);
	assert_int_equal(sx_text_width("", 0), 0);
}

static void
test_prom(void **state)
{
	struct sx_buf b = { 0 };

	(void)state;
	assert_string_equal(esc(sx_escape_prom, "a b.pcap", 8, &b),
	    "a b.pcap");
	/* backslash, quote and newline escaped; a tab stays as it is */
	assert_string_equal(esc(sx_escape_prom, "a\\b\"c\nd\te", 9, &b),
	    "a\\\\b\\\"c\\nd\te");
	/* valid UTF-8 kept, each invalid byte becomes U+FFFD */
	assert_string_equal(esc(sx_escape_prom, "caf\xc3\xa9\xff\xc3", 7, &b),
	    "caf\xc3\xa9\xef\xbf\xbd\xef\xbf\xbd");
	sx_buf_free(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_text),
		cmocka_unit_test(test_csv),
		cmocka_unit_test(test_json),
		cmocka_unit_test(test_width),
		cmocka_unit_test(test_prom),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
