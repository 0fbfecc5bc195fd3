/* threshold.c - parse and check --fail-if conditions. */
#include "threshold.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

static const struct {
	const char *text;
	enum sx_cmp op;
} ops[] = {   /* two-character operators first */
	{ ">=", SX_CMP_GE }, { "<=", SX_CMP_LE }, { "==", SX_CMP_EQ },
	{ "!=", SX_CMP_NE }, { ">", SX_CMP_GT }, { "<", SX_CMP_LT },
	{ "=", SX_CMP_EQ },
};

static const char *const op_text[] = { ">", ">=", "<", "<=", "==", "!=" };

static int
is_blank(char c)
{
	return c == ' ' || c == '\t';
}

/* A plain decimal number: digits, an optional fraction, an optional
 * '%'. No sign, exponent, hex, inf or nan. */
static int
parse_number(const char *s, double *out, int *percent)
{
	char tmp[48];
	size_t n = 0, digits = 0;

	for (; *s >= '0' && *s <= '9' && n < sizeof(tmp) - 1; s++, digits++)
		tmp[n++] = *s;
	if (*s == '.' && n < sizeof(tmp) - 1) {
		tmp[n++] = *s++;
		for (; *s >= '0' && *s <= '9' && n < sizeof(tmp) - 1;
		    s++, digits++)
			tmp[n++] = *s;
	}
	tmp[n] = '\0';
	*percent = *s == '%';
	if (*percent)
		s++;
	while (is_blank(*s))
		s++;
	if (digits == 0 || *s != '\0')
		return -1;
	/* The syntax is checked: strtod rounds it correctly, so that
	 * 0.02 is the same double as 1.0 / 50. */
	*out = strtod(tmp, NULL);
	if (!isfinite(*out))
		return -1;
	if (*percent)
		*out /= 100;
	return 0;
}

int
sx_threshold_parse(const char *s, int summary, struct sx_threshold *t,
    char *err, size_t errsize)
{
	char name[64];
	const char *p, *q, *num;
	size_t n, i;
	int percent;

	memset(t, 0, sizeof(*t));
	for (p = s; is_blank(*p); p++)
		;
	for (q = p; *q && !strchr("<>=! \t", *q); q++)
		;
	n = (size_t)(q - p);
	if (n == 0 || n >= sizeof(name)) {
		snprintf(err, errsize, "--fail-if '%.80s': expected COLUMN, "
		    "an operator (> >= < <= == !=) and a number, as in "
		    "retransmission>10", s);
		return -1;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	t->col = summary ? sx_summary_column_find(name) :
	    sx_column_find(name);
	if (t->col == NULL) {
		snprintf(err, errsize, "--fail-if '%.80s': no %scolumn '%s' "
		    "(--list-columns%s shows them)", s, summary ? "summary " :
		    "", name, summary ? " --summary" : "");
		return -1;
	}
	if (t->col->type == SX_CT_TEXT) {
		snprintf(err, errsize, "--fail-if '%.80s': column '%s' holds "
		    "text, not numbers", s, name);
		return -1;
	}
	while (is_blank(*q))
		q++;
	for (i = 0; i < SX_ARRAY_LEN(ops); i++)
		if (strncmp(q, ops[i].text, strlen(ops[i].text)) == 0)
			break;
	if (i == SX_ARRAY_LEN(ops)) {
		snprintf(err, errsize, "--fail-if '%.80s': expected an "
		    "operator (> >= < <= == !=) after '%s'", s, name);
		return -1;
	}
	t->op = ops[i].op;
	num = q + strlen(ops[i].text);
	while (is_blank(*num))
		num++;
	if (parse_number(num, &t->value, &percent) != 0 ||
	    t->value > 1e18) {
		snprintf(err, errsize, "--fail-if '%.80s': '%.40s' is not a "
		    "plain decimal number", s, num);
		return -1;
	}
	if (t->col->type == SX_CT_TIME) {
		/* nanoseconds must fit in 64 bits: 292 years */
		if (t->value > 9e9) {
			snprintf(err, errsize, "--fail-if '%.80s': more "
			    "seconds than any capture can last", s);
			return -1;
		}
		t->ns = (int64_t)(t->value * 1e9 + 0.5);
	}
	n = strlen(num);
	while (n > 0 && is_blank(num[n - 1]))
		n--;
	snprintf(t->text, sizeof(t->text), "%s%s%.*s", name, op_text[t->op],
	    (int)n, num);
	return 0;
}

static int
compare(enum sx_cmp op, int c)
{
	switch (op) {
	case SX_CMP_GT: return c > 0;
	case SX_CMP_GE: return c >= 0;
	case SX_CMP_LT: return c < 0;
	case SX_CMP_LE: return c <= 0;
	case SX_CMP_EQ: return c == 0;
	case SX_CMP_NE: return c != 0;
	}
	return 0;
}

int
sx_threshold_crossed(const struct sx_threshold *t, const struct sx_value *v)
{
	double x = 0;

	if (v->null)
		return 0;
	switch (t->col->type) {
	case SX_CT_TIME:
		return compare(t->op, (v->ns > t->ns) - (v->ns < t->ns));
	case SX_CT_COUNT:
	case SX_CT_NUMBER:
		x = (double)v->count;
		break;
	case SX_CT_RATIO:
		x = v->ratio;
		break;
	case SX_CT_TEXT:   /* refused by sx_threshold_parse */
		return 0;
	}
	return compare(t->op, (x > t->value) - (x < t->value));
}
