/* units.c - numbers in the units a person reads (the table). */
#include "units.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "util.h"

/* The catalogue's show bits (values.h), else the rule by type (count:
 * separators; time: duration; ratio: percentage). */
enum sx_unit
sx_column_unit(const struct sx_column *c)
{
	if (c->show & SX_SHOW_RATE)
		return SX_U_BITRATE;
	if (c->show & SX_SHOW_MS)
		return SX_U_RTT;
	if (c->show & SX_SHOW_AVG)
		return SX_U_AVERAGE;
	if (c->show & SX_SHOW_SEP)
		return SX_U_COUNT;
	switch (c->type) {
	case SX_CT_COUNT:
		return SX_U_COUNT;
	case SX_CT_TIME:
		return SX_U_DURATION;
	case SX_CT_RATIO:
		return SX_U_PERCENT;
	case SX_CT_TEXT:
	case SX_CT_NUMBER:
		break;
	}
	return SX_U_PLAIN;
}

char *
sx_unit_count(char *buf, uint64_t n)
{
	char digits[24];
	size_t len, i, o = 0;

	len = (size_t)snprintf(digits, sizeof(digits), "%" PRIu64, n);
	for (i = 0; i < len; i++) {
		if (len > 4 && i > 0 && (len - i) % 3 == 0)
			buf[o++] = ',';
		buf[o++] = digits[i];
	}
	buf[o] = '\0';
	return buf;
}

char *
sx_unit_bitrate(char *buf, double r)
{
	static const char prefix[] = "kMGTP";
	int u = -1;

	r *= 8;   /* "1000 bit/s" would be "1.0 kbit/s" */
	while (r >= (u < 0 ? 999.5 : 999.95) &&
	    u < (int)sizeof(prefix) - 2) {
		r /= 1000;
		u++;
	}
	if (u < 0)
		snprintf(buf, SX_UNIT_LEN, "%.0fbit/s", r);
	else
		snprintf(buf, SX_UNIT_LEN, "%.1f%cbit/s", r, prefix[u]);
	return buf;
}

char *
sx_unit_percent(char *buf, double f)
{
	double p = f * 100;

	if (p == 0 || p == 100)
		snprintf(buf, SX_UNIT_LEN, "%.0f%%", p);
	else if (p < 0.005)
		snprintf(buf, SX_UNIT_LEN, "<0.01%%");
	else if (p < 9.995)
		snprintf(buf, SX_UNIT_LEN, "%.2f%%", p);
	else
		snprintf(buf, SX_UNIT_LEN, "%.1f%%", p);
	return buf;
}

char *
sx_unit_ms(char *buf, int64_t ns)
{
	double ms = (double)ns / 1e6;

	if (ns == 0)
		snprintf(buf, SX_UNIT_LEN, "0ms");
	else if (ms < 0.9995)
		snprintf(buf, SX_UNIT_LEN, "%.3fms", ms);
	else if (ms < 9.995)
		snprintf(buf, SX_UNIT_LEN, "%.2fms", ms);
	else if (ms < 99.95)
		snprintf(buf, SX_UNIT_LEN, "%.1fms", ms);
	else
		strcat(sx_unit_count(buf, (uint64_t)(ms + 0.5)), "ms");
	return buf;
}

char *
sx_unit_duration(char *buf, int64_t ns)
{
	static const struct {
		int64_t size;       /* seconds */
		char name;
	} u[] = { { 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' } };
	int64_t s;
	size_t i;

	if (ns < 0) {   /* no duration is: as TSV has it */
		sx_format_seconds(buf, SX_UNIT_LEN - 1, ns);
		strcat(buf, "s");
		return buf;
	}
	if (ns < 999500000)
		return sx_unit_ms(buf, ns);
	if (ns < 9999500000LL) {
		snprintf(buf, SX_UNIT_LEN, "%.3fs", (double)ns / 1e9);
		return buf;
	}
	if (ns < 59995000000LL) {
		snprintf(buf, SX_UNIT_LEN, "%.2fs", (double)ns / 1e9);
		return buf;
	}
	s = (ns + 500000000) / 1000000000;   /* from 60 on */
	for (i = 0; s < u[i].size; i++)
		;
	snprintf(buf, SX_UNIT_LEN, "%" PRId64 "%c%" PRId64 "%c",
	    s / u[i].size, u[i].name, s % u[i].size / u[i + 1].size,
	    u[i + 1].name);
	return buf;
}

char *
sx_unit_average(char *buf, double x)
{
	if (x < 99.95)
		snprintf(buf, SX_UNIT_LEN, "%.1f", x);
	else
		sx_unit_count(buf, (uint64_t)(x + 0.5));
	return buf;
}
