/* fuzz_ops.c - libFuzzer target: --fail-if conditions and the capture
 * sniffer.
 *
 * The input is split at NUL bytes; each piece is parsed as a --fail-if
 * condition for the stream report and for the summary, and its bytes are
 * sniffed as the start of a file. What a parse accepts is checked: a
 * numeric column, its name at the start of the normalised text, an
 * operator, a finite number that is not negative, and comparisons that
 * agree with the operator on values around the threshold. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "inputs.h"
#include "threshold.h"
#include "fuzz.h"

static void
condition(const char *arg, int summary)
{
	struct sx_threshold t;
	struct sx_value v;
	char err[256];
	size_t n;

	err[0] = '\0';
	if (sx_threshold_parse(arg, summary, &t, err, sizeof(err)) != 0) {
		CHECK(err[0] != '\0' && strlen(err) < sizeof(err));
		return;
	}
	CHECK(t.cond[0].col != NULL && t.cond[0].col->type != SX_CT_TEXT);
	n = strlen(t.cond[0].col->name);
	CHECK(strncmp(t.text, t.cond[0].col->name, n) == 0);
	CHECK(strchr("<>=!", t.text[n]) != NULL);
	CHECK(t.cond[0].value >= 0 && t.cond[0].value <= 1e18);
	/* absent values never cross */
	memset(&v, 0, sizeof(v));
	v.null = 1;
	CHECK(!sx_cond_holds(&t.cond[0], &v));
	/* exactly one of >, == and < holds against the threshold itself */
	v.null = 0;
	v.count = (uint64_t)t.cond[0].value;
	v.ratio = t.cond[0].value;
	v.ns = t.cond[0].ns;
	if (t.cond[0].op == SX_CMP_GT || t.cond[0].op == SX_CMP_LT)
		CHECK(!sx_cond_holds(&t.cond[0], &v) ||
		    (t.cond[0].col->type != SX_CT_RATIO && t.cond[0].col->type !=
		    SX_CT_TIME && (double)v.count != t.cond[0].value));
	if (t.cond[0].op == SX_CMP_GE || t.cond[0].op == SX_CMP_LE || t.cond[0].op == SX_CMP_EQ)
		CHECK(sx_cond_holds(&t.cond[0], &v) ||
		    (t.cond[0].col->type != SX_CT_RATIO && t.cond[0].col->type !=
		    SX_CT_TIME && (double)v.count != t.cond[0].value));
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *buf = malloc(size + 1);
	size_t at = 0;

	if (buf == NULL)
		return 0;
	memcpy(buf, data, size);
	buf[size] = '\0';
	(void)sx_sniff(data, size);
	while (at <= size) {
		char *arg = buf + at;
		size_t n = strlen(arg);
		enum sx_kind k = sx_sniff((const unsigned char *)arg, n);

		CHECK(k == SX_KIND_OTHER || k == SX_KIND_PCAP ||
		    k == SX_KIND_PCAPNG || k == SX_KIND_COMPRESSED);
		condition(arg, 0);
		condition(arg, 1);
		at += n + 1;
	}
	free(buf);
	return 0;
}
