/* escape.h - write arbitrary bytes (file names) safely into each format. */
#ifndef SX_ESCAPE_H
#define SX_ESCAPE_H

#include <stddef.h>

#include "util.h"

/* For the table, TSV and CSV: valid UTF-8 is kept; backslash, tab,
 * newline and carriage return become \\ \t \n \r; other control bytes
 * and bytes that are not valid UTF-8 become \xHH. The result never
 * holds a tab or a line break. */
void sx_escape_text(struct sx_buf *b, const char *s, size_t n);

/* For CSV (RFC 4180): sx_escape_text, then quoted with "" doubling when
 * it holds a comma, a quote, or leading or trailing space. */
void sx_escape_csv(struct sx_buf *b, const char *s, size_t n);

/* A JSON string with its quotes. Invalid UTF-8 becomes U+FFFD, so the
 * output is always valid JSON (and valid UTF-8). */
void sx_escape_json(struct sx_buf *b, const char *s, size_t n);

/* A Prometheus label value (text exposition format) without its quotes:
 * backslash, double quote and newline become \\ \" \n; invalid UTF-8
 * becomes U+FFFD, as label values must be UTF-8. */
void sx_escape_prom(struct sx_buf *b, const char *s, size_t n);

/* For HTML and SVG text and attribute values: sx_escape_text, then
 * & < > " ' as character references. */
void sx_escape_xml(struct sx_buf *b, const char *s, size_t n);

/* Length of the valid UTF-8 sequence at s (1-4), or 0 if the bytes at s
 * are not one. */
size_t sx_utf8_len(const unsigned char *s, size_t n);

/* Display width of a string already escaped by sx_escape_text (UTF-8
 * sequences count as one column). */
size_t sx_text_width(const char *s, size_t n);

#endif
