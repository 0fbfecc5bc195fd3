/* options.c - parsers of option arguments. */
#include "options.h"

#include <stdint.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

int
sx_sort_parse(const char *arg, const struct sx_column **col, int *desc,
    char *err, size_t errsize)
{
	char name[80];
	const char *colon = strchr(arg, ':');
	size_t n = colon ? (size_t)(colon - arg) : strlen(arg);
	const struct sx_column *c;
	int d;

	if (n >= sizeof(name)) {
		snprintf(err, errsize, "unknown column '%.80s...' for --sort",
		    arg);
		return -1;
	}
	memcpy(name, arg, n);
	name[n] = '\0';
	c = sx_column_find(name);
	if (c == NULL) {
		snprintf(err, errsize, "unknown column '%s' for --sort "
		    "(--list-columns shows them all)", name);
		return -1;
	}
	/* Counts, times and rates: worst first; text and the stream
	 * number: ascending. */
	d = c->type == SX_CT_COUNT || c->type == SX_CT_TIME ||
	    c->type == SX_CT_RATIO || (c->type == SX_CT_NUMBER &&
	    c->metric >= SX_M_RETRANS_BYTES && c->metric <= SX_M_SERVER_NAME);
	if (colon && strcmp(colon, ":asc") == 0) {
		d = 0;
	} else if (colon && strcmp(colon, ":desc") == 0) {
		d = 1;
	} else if (colon) {
		snprintf(err, errsize, "--sort %.100s: the order is :asc or "
		    ":desc", arg);
		return -1;
	}
	*col = c;
	*desc = d;
	return 0;
}

int
sx_top_parse(const char *arg, size_t *top, char *err, size_t errsize)
{
	uint64_t num;

	if (sx_parse_u64(arg, strlen(arg), SIZE_MAX, &num) != 0 || num == 0) {
		snprintf(err, errsize, "--top wants a number above 0, not "
		    "'%.100s'", arg);
		return -1;
	}
	*top = (size_t)num;
	return 0;
}
