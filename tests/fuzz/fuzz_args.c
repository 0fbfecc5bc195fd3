/* fuzz_args.c - libFuzzer target: the parsers of option arguments.
 *
 * The input is split at NUL bytes into arguments, as the command line
 * would hand them over, and each goes through every parser a user's text
 * reaches: --columns lists (sx_colset_parse, appending to one set as
 * repeated -e options do), --sort, --top, -T, --engine, and the number
 * and time parsers they and the line parser build on. What each accepts
 * is checked against what the argument says. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <inttypes.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "options.h"
#include "report.h"
#include "tshark.h"
#include "util.h"
#include "fuzz.h"

/* Is the item of n bytes at s a group (columns.c's list)? */
static int
is_group(const char *s, size_t n)
{
	char name[64];

	if (n >= sizeof(name))
		return 0;
	memcpy(name, s, n);
	name[n] = '\0';
	return sx_column_is_group(name);
}

/* A --columns list: on success every item is a group or the name of the
 * column added for it, in order. */
static void
columns(struct sx_colset *set, const char *arg)
{
	char err[256];
	size_t before = set->n, at, i;
	const char *p = arg;
	int groups = 0;

	err[0] = '\0';
	if (sx_colset_parse(set, arg, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0' && strlen(err) < sizeof(err));
		return;
	}
	CHECK(set->n > before);
	for (i = 0; i < set->n; i++)
		CHECK(set->col[i] != NULL);
	at = before;
	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);

		CHECK(n > 0);
		if (is_group(p, n)) {
			groups++;
			at = set->n;   /* a group: its size is its own */
		} else if (at < set->n) {
			CHECK(strlen(set->col[at]->name) == n &&
			    memcmp(set->col[at]->name, p, n) == 0);
			at++;
		}
		if (comma == NULL)
			break;
		p = comma + 1;
	}
	if (groups == 0)   /* names only: one column each */
		CHECK(at == set->n);
}

static void
sort(const char *arg)
{
	const struct sx_column *c = NULL;
	char err[256];
	size_t n;
	int desc = -1;

	if (sx_sort_parse(arg, &c, &desc, err, sizeof(err)) != 0) {
		CHECK(c == NULL && desc == -1);
		CHECK(strstr(err, "--sort") != NULL);
		return;
	}
	CHECK(c != NULL && (desc == 0 || desc == 1));
	/* by name or by table header */
	n = strncmp(arg, c->name, strlen(c->name)) == 0 ? strlen(c->name) :
	    strlen(c->head);
	CHECK(strncmp(arg, n == strlen(c->name) ? c->name : c->head, n) == 0);
	CHECK(arg[n] == '\0' || strcmp(arg + n, ":asc") == 0 ||
	    strcmp(arg + n, ":desc") == 0);
}

/* --top and sx_parse_u64: only plain decimal digits, within bounds. */
static void
numbers(const char *arg, uint64_t max)
{
	char err[256], back[32];
	size_t top = 0, n = strlen(arg), i;
	uint64_t v = 0;
	int digits = n > 0;

	for (i = 0; i < n; i++)
		digits &= arg[i] >= '0' && arg[i] <= '9';
	if (sx_top_parse(arg, &top, err, sizeof(err)) == 0) {
		CHECK(digits && top > 0);
		CHECK((uint64_t)top == strtoull(arg, NULL, 10));
	} else {
		CHECK(strstr(err, "--top") != NULL);
	}
	if (sx_parse_u64(arg, n, max, &v) == 0) {
		CHECK(digits && v <= max);
		snprintf(back, sizeof(back), "%" PRIu64, v);
		/* the same number, leading zeros aside */
		for (i = 0; i + 1 < n && arg[i] == '0'; i++)
			;
		CHECK(strcmp(back, arg + i) == 0);
	} else {
		unsigned long long u;

		errno = 0;
		u = strtoull(arg, NULL, 10);
		CHECK(!digits || errno == ERANGE || u > max);
	}
}

/* sx_parse_time_ns: what it accepts prints back (to the microsecond) as
 * the same time. */
static void
times(const char *arg)
{
	char buf[64];
	int64_t ns, again;
	size_t n = strlen(arg);

	if (sx_parse_time_ns(arg, n, &ns) != 0)
		return;
	CHECK(strspn(arg, "-0123456789.") == n);
	/* (rounding the largest times up would go past what it reads) */
	if (ns > INT64_MAX - 2000000000 || ns < -(INT64_MAX - 2000000000))
		return;
	sx_format_seconds(buf, sizeof(buf), ns);
	CHECK(sx_parse_time_ns(buf, strlen(buf), &again) == 0);
	CHECK(again - ns <= 500 && ns - again <= 500);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct sx_colset set = { 0 };
	char *buf = malloc(size + 1), *arg;
	uint64_t max = UINT64_MAX;

	CHECK(buf != NULL);
	memcpy(buf, data, size);
	buf[size] = '\0';
	if (size >= 8)
		memcpy(&max, data + size - 8, sizeof(max));
	for (arg = buf; arg <= buf + size; arg += strlen(arg) + 1) {
		enum sx_format fmt;
		enum sx_engine eng;

		columns(&set, arg);
		if (set.n > 4096)
			sx_colset_free(&set);
		sort(arg);
		numbers(arg, max);
		times(arg);
		/* only the lower-case names (tsv ... prometheus, html) are
		 * formats; svg is --graph's, never a -T name */
		if (sx_format_parse(arg, &fmt) == 0)
			CHECK(strlen(arg) >= 3 && strlen(arg) <= 10 &&
			    strspn(arg, "abcdefghijklmnopqrstuvwxyz") ==
			    strlen(arg) && fmt <= SX_FMT_HTML);
		if (sx_engine_parse(arg, &eng) == 0)
			CHECK(strcmp(sx_engine_name(eng), arg) == 0);
	}
	{
		/* the file column first, unless it is already there */
		const struct sx_column *file = sx_column_find("file");
		size_t i, had = 0, n = set.n;

		for (i = 0; i < set.n; i++)
			had += set.col[i] == file;
		sx_colset_want_file(&set);
		if (had == 0)
			CHECK(set.n == n + 1 && set.col[0] == file);
		else
			CHECK(set.n == n);
	}
	sx_colset_free(&set);
	free(buf);
	return 0;
}
