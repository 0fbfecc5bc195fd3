/* threshold.c - parse and check --fail-if and --where conditions. */
#include "threshold.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "names.h"
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

/* The column named in [p, p + n), or NULL with the reason in err. */
static const struct sx_column *
cond_column(const char *opt, const char *s, const char *p, size_t n,
    int summary, char *err, size_t errsize)
{
	char name[64], hint[160];
	const struct sx_column *c;

	if (n == 0 || n >= sizeof(name)) {
		snprintf(err, errsize, "%s '%.80s': expected COLUMN, an "
		    "operator (> >= < <= == !=) and a number, as in "
		    "retransmission>10", opt, s);
		return NULL;
	}
	memcpy(name, p, n);
	name[n] = '\0';
	c = sx_name_column(name, summary);
	if (c == NULL) {
		sx_name_suggest(name, summary, hint, sizeof(hint));
		snprintf(err, errsize, "%s '%.80s': no %scolumn '%s'%s%s "
		    "(--list-columns%s shows them)", opt, s, summary ?
		    "summary " : "", name, hint[0] ? ": " : "", hint,
		    summary ? " --summary" : "");
		return NULL;
	}
	if (c->type == SX_CT_TEXT) {
		snprintf(err, errsize, "%s '%.80s': column '%s' holds "
		    "text, not numbers", opt, s, name);
		return NULL;
	}
	return c;
}

/* One comparison, [p, end) of s; its normalised text is appended to
 * text. Returns 0 or -1 with the reason in err. */
static int
parse_cond(const char *opt, const char *s, const char *p, const char *end,
    int summary, struct sx_cond *c, struct sx_buf *text, char *err,
    size_t errsize)
{
	char num[48];
	const char *q;
	size_t i, n;
	int percent;

	while (p < end && is_blank(*p))
		p++;
	for (q = p; q < end && !strchr("<>=! \t", *q); q++)
		;
	c->col = cond_column(opt, s, p, (size_t)(q - p), summary, err,
	    errsize);
	if (c->col == NULL)
		return -1;
	while (q < end && is_blank(*q))
		q++;
	for (i = 0; i < SX_ARRAY_LEN(ops); i++)
		if ((size_t)(end - q) >= strlen(ops[i].text) &&
		    strncmp(q, ops[i].text, strlen(ops[i].text)) == 0)
			break;
	if (i == SX_ARRAY_LEN(ops))
		return sx_errf(err, errsize, "%s '%.80s': expected an "
		    "operator (> >= < <= == !=) after '%.*s'", opt, s,
		    (int)(q - p), p);
	c->op = ops[i].op;
	for (q += strlen(ops[i].text); q < end && is_blank(*q); q++)
		;
	for (n = (size_t)(end - q); n > 0 && is_blank(q[n - 1]); n--)
		;
	snprintf(num, sizeof(num), "%.*s", (int)n, q);
	if (n >= sizeof(num) || parse_number(num, &c->value, &percent) != 0 ||
	    c->value > 1e18)
		return sx_errf(err, errsize, "%s '%.80s': '%.40s' is not a "
		    "plain decimal number", opt, s, num);
	if (c->col->type == SX_CT_TIME) {
		/* nanoseconds must fit in 64 bits: 292 years */
		if (c->value > 9e9)
			return sx_errf(err, errsize, "%s '%.80s': more "
			    "seconds than any capture can last", opt, s);
		c->ns = (int64_t)(c->value * 1e9 + 0.5);
	}
	sx_buf_printf(text, "%s%s%s%s", text->len ? "&&" : "",
	    c->col->name, op_text[c->op], num);
	return 0;
}

int
sx_condition_parse(const char *opt, const char *s, int summary,
    struct sx_threshold *t, char *err, size_t errsize)
{
	struct sx_buf text = { 0 };
	const char *p = s, *and;
	int rc = 0;

	memset(t, 0, sizeof(*t));
	do {
		and = strstr(p, "&&");
		if (t->n == SX_COND_MAX) {
			rc = sx_errf(err, errsize, "%s '%.80s': more than %d "
			    "comparisons joined by &&", opt, s, SX_COND_MAX);
			break;
		}
		rc = parse_cond(opt, s, p, and ? and : p + strlen(p),
		    summary, &t->cond[t->n++], &text, err, errsize);
		if (and != NULL)
			p = and + 2;
	} while (rc == 0 && and != NULL);
	if (rc == 0 && text.len >= sizeof(t->text))
		rc = sx_errf(err, errsize, "%s '%.80s...': too long", opt, s);
	if (rc == 0)
		memcpy(t->text, text.data, text.len + 1);
	sx_buf_free(&text);
	return rc;
}

int
sx_threshold_parse(const char *s, int summary, struct sx_threshold *t,
    char *err, size_t errsize)
{
	return sx_condition_parse("--fail-if", s, summary, t, err, errsize);
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
sx_cond_holds(const struct sx_cond *t, const struct sx_value *v)
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

int
sx_threshold_holds(const struct sx_threshold *t, const struct sx_row *r)
{
	struct sx_value v;
	size_t i;

	for (i = 0; i < t->n; i++) {
		sx_column_value(t->cond[i].col, r, &v);
		if (!sx_cond_holds(&t->cond[i], &v))
			return 0;
	}
	return t->n > 0;
}
