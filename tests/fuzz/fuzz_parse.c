/* fuzz_parse.c - libFuzzer target: tshark output, as streamxpert reads it.
 *
 * Arbitrary bytes go through the line buffer in arbitrary chunks, each
 * line through the parser, each parsed frame into the stream table, and
 * the table through every column and a report writer, as sched.c and
 * main.c do with a real tshark. The first HDR bytes of the input choose
 * the settings; the rest is tshark's output:
 *
 *   byte 0     bit 0: flag style (0 -T fields, 1 custom columns)
 *              bit 1: refuse stream numbers tshark cannot have made
 *                     (off, as with -Y)
 *              bits 2-3: longest line (64, 1024, 4096 bytes, the default)
 *              bits 4-6: chunk sizes (1, 1-2, 1-7, 1-64, 1-4096 bytes,
 *                        all at once, ...)
 *              bit 7: report format (0 TSV, 1 JSON)
 *   bytes 1-4  the fields asked for: bit f for enum sx_field f
 *   bytes 5-6  seed of the chunk sizes (byte 6 also: the fields past
 *              the 32nd, bit f - 32)
 *
 * Besides "no crash, no leak, no undefined behaviour", it checks what can
 * be stated about the result: lines are the text between newlines, every
 * byte accounted for; the table holds exactly the frames and flags of the
 * lines it accepted; every count column is the sum of its _fwd and _rev
 * columns; every TSV row is one line. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "columns.h"
#include "linebuf.h"
#include "parse.h"
#include "report.h"
#include "streams.h"
#include "util.h"
#include "fuzz.h"

#define HDR 7
/* Without the numbering check (-Y), the table is as long as the largest
 * stream number, by design: frames above this are not added. */
#define UNCHECKED_STREAM_MAX 65535
/* Rows whose columns are all computed and compared. */
#define ROWS_CHECKED 2000

/* What the table must end up holding, counted here independently. */
struct expect {
	uint64_t frames, tcp_frames;   /* lines added */
	uint64_t stream_frames;        /* sum over lines of distinct streams */
	uint64_t flag[SX_FL_COUNT];    /* ... carrying each flag */
	int failed;                    /* sx_table_add refused a line */
};

static uint32_t
rng_next(uint32_t *s)
{
	/* xorshift32 */
	*s ^= *s << 13;
	*s ^= *s >> 17;
	*s ^= *s << 5;
	return *s;
}

static size_t
count_items(struct sx_slice s)
{
	size_t i, n = 1;

	if (s.p == NULL || s.n == 0)
		return 0;
	for (i = 0; i < s.n; i++)
		n += s.p[i] == ',';
	return n;
}

/* Check a frame the parser accepted, then add it to the table. */
static void
check_frame(struct sx_parser *ps, const char *line, size_t n,
    struct sx_table *t, struct expect *ex)
{
	const struct sx_frame *f = &ps->frame;
	size_t k, j, distinct = 0;
	int i;

	for (i = 0; i < SX_F_COUNT; i++) {
		const struct sx_slice *s = &f->field[i];

		if (s->p == NULL) {
			CHECK(s->n == 0);
			continue;
		}
		CHECK(s->p >= line && s->p + s->n <= line + n);
		CHECK(memchr(s->p, '\t', s->n) == NULL);
	}
	CHECK(f->nhdr == count_items(f->field[SX_F_STREAM]));
	CHECK(f->nrtt == count_items(f->field[SX_F_ACK_RTT]));
	CHECK(f->has_irtt == (count_items(f->field[SX_F_IRTT]) > 0));
	for (k = 0; k < f->nhdr; k++) {
		struct sx_endpoint ep;

		CHECK(f->hdr[k].stream < UINT32_MAX);
		if (sx_frame_endpoint(f, &f->hdr[k], 1, &ep) == 0)
			CHECK(ep.af == 4 || ep.af == 6);
		else
			CHECK(ep.af == 0);
		if (sx_frame_endpoint(f, &f->hdr[k], 0, &ep) == 0)
			CHECK(ep.af == 4 || ep.af == 6);
		if (!t->check_numbering &&
		    f->hdr[k].stream > UNCHECKED_STREAM_MAX)
			return;
	}
	if (ex->failed)
		return;   /* sched.c stops at the first refusal */
	for (k = 0; k < f->nhdr; k++) {
		for (j = 0; j < k; j++)
			if (f->hdr[j].stream == f->hdr[k].stream)
				break;
		distinct += j == k;
	}
	{
		char err[256];

		err[0] = '\0';
		ex->frames++;   /* counted, refused or not */
		ex->tcp_frames += f->nhdr > 0;
		if (sx_table_add(t, f, err, sizeof(err)) != 0) {
			CHECK(err[0] != '\0');
			ex->failed = 1;
			return;
		}
	}
	ex->stream_frames += distinct;
	for (i = 0; i < SX_FL_COUNT; i++)
		if (f->flags & (1u << i))
			ex->flag[i] += distinct;
}

/* For each count column NAME, the index of NAME_fwd and NAME_rev (0
 * for the others: column 0 is "file", never a count). */
static size_t fwd_of[512], rev_of[512];
static int mapped;

static void
map_directions(const struct sx_column *cols, size_t ncols)
{
	size_t i, k;

	CHECK(ncols <= SX_ARRAY_LEN(fwd_of));
	for (i = 0; i < ncols; i++) {
		if (cols[i].dir != SX_CD_BOTH || cols[i].type != SX_CT_COUNT)
			continue;
		for (k = 0; k < ncols; k++) {
			if (strcmp(cols[k].base, cols[i].base) != 0)
				continue;
			if (cols[k].dir == SX_CD_FWD)
				fwd_of[i] = k;
			if (cols[k].dir == SX_CD_REV)
				rev_of[i] = k;
		}
	}
}

/* Every column of every stream; the table against what was added. */
static void
check_table(const struct sx_table *t, const struct expect *ex)
{
	size_t ncols, i, s, present = 0, rows = 0;
	const struct sx_column *cols = sx_columns(&ncols);
	uint64_t frames = 0, flag[SX_FL_COUNT] = { 0 };
	struct sx_value *v = calloc(ncols, sizeof(*v));

	CHECK(v != NULL);
	CHECK(t->frames == ex->frames);
	CHECK(t->tcp_frames == ex->tcp_frames);
	for (s = 0; s < sx_table_slots(t); s++) {
		const struct sx_stream *st = sx_table_get(t, s);
		const struct sx_ext *e;
		struct sx_row row;
		int d;

		if (st == NULL)
			continue;
		present++;
		e = sx_stream_ext(t, st);
		frames += sx_stream_frames(st);
		CHECK(sx_stream_first_end(st, 1) >= -1 &&
		    sx_stream_first_end(st, 1) <= 1);
		CHECK(sx_stream_first_end(st, 0) >= -1 &&
		    sx_stream_first_end(st, 0) <= 1);
		for (d = 0; d < 2; d++) {
			CHECK(e->problems[d] <= st->frames[d]);
			CHECK(e->capture[d] <= st->frames[d]);
			CHECK(e->rst[d] <= st->frames[d]);
			CHECK(e->data[d] <= st->frames[d]);
			CHECK(e->retrans_data[d] <= e->data[d]);
			CHECK(e->retrans_data[d] <=
			    e->flag[d][SX_FL_RETRANSMISSION]);
			if (e->rtt_n[d] > 0)
				CHECK(e->rtt_min[d] <= e->rtt_max[d]);
			for (i = 0; i < SX_FL_COUNT; i++) {
				CHECK(e->flag[d][i] <= st->frames[d]);
				flag[i] += e->flag[d][i];
			}
		}
		if (rows++ >= ROWS_CHECKED)
			continue;
		row.file = "f";
		row.stream = s;
		row.st = st;
		row.ext = e;
		row.diag = t->diag ? sx_stream_diag(t, st) : NULL;
		row.table = t;
		row.sum = NULL;
		row.alert = NULL;
		for (i = 0; i < ncols; i++)
			sx_column_value(&cols[i], &row, &v[i]);
		/* NAME = NAME_fwd + NAME_rev for every count */
		for (i = 0; i < ncols; i++) {
			if (cols[i].dir != SX_CD_BOTH ||
			    cols[i].type != SX_CT_COUNT)
				continue;
			CHECK(fwd_of[i] != 0 && rev_of[i] != 0);
			CHECK(v[i].count == v[fwd_of[i]].count +
			    v[rev_of[i]].count);
		}
	}
	CHECK(present == t->nstreams);
	if (!ex->failed) {
		CHECK(frames == ex->stream_frames);
		for (i = 0; i < SX_FL_COUNT; i++)
			CHECK(flag[i] == ex->flag[i]);
	}
	free(v);
}

/* Write the report as main.c does; TSV rows must be one line each. */
static void
check_report(const struct sx_table *t, int json)
{
	struct sx_colset cols = { 0 };
	struct sx_report r;
	struct sx_file_info fi = { "cap\tture\n.pcap", 1, NULL, 0 };
	char err[256], *text = NULL;
	size_t len = 0, i, lines = 0;
	FILE *out = open_memstream(&text, &len);

	CHECK(out != NULL);
	CHECK(sx_colset_parse(&cols, "all", err, sizeof(err)) == 0);
	sx_colset_want_file(&cols);
	memset(&r, 0, sizeof(r));
	r.fmt = json ? SX_FMT_JSON : SX_FMT_TSV;
	r.cols = &cols;
	r.header = 1;
	r.totals = 1;
	r.out = out;
	r.tshark_version = "4.0.17";
	fi.frames = t->frames;
	sx_report_begin(&r);
	sx_report_file(&r, &fi, t);
	CHECK(sx_report_end(&r) == 0);
	sx_report_free(&r);
	sx_colset_free(&cols);
	CHECK(fclose(out) == 0);
	for (i = 0; i < len; i++)
		lines += text[i] == '\n';
	if (!json)   /* the header, a row per stream, the totals */
		CHECK(lines == 1 + t->nstreams + 1);
	free(text);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t max_lines[] = { 64, 1024, 4096, 0 };
	static const uint32_t chunk_limit[] = { 1, 2, 7, 64, 4096, 0, 3, 0 };
	struct sx_fieldset fs;
	struct sx_linebuf lb;
	struct sx_parser ps;
	struct sx_table t;
	struct expect ex;
	const char *text;
	size_t len, off = 0, fed = 0, max_line, nl = 0, i;
	uint32_t mask, seed, limit;
	int r = 0, f;

	if (size < HDR)
		return 0;
	if (!mapped) {
		size_t ncols;
		const struct sx_column *cols = sx_columns(&ncols);

		map_directions(cols, ncols);
		mapped = 1;
	}
	max_line = max_lines[(data[0] >> 2) & 3];
	limit = chunk_limit[(data[0] >> 4) & 7];
	mask = (uint32_t)data[1] | (uint32_t)data[2] << 8 |
	    (uint32_t)data[3] << 16 | (uint32_t)data[4] << 24;
	seed = (uint32_t)data[5] << 8 | data[6] | 0x10000u;
	text = (const char *)data + HDR;
	len = size - HDR;

	memset(&fs, 0, sizeof(fs));
	/* fields past the 32 of the mask (the diagnosis fields) follow
	 * the bits of the seed byte; the statistics (their parser and
	 * records) by another bit */
	for (f = 0; f < SX_F_COUNT; f++)
		fs.want[f] = f < 32 ? (mask >> f) & 1 :
		    (data[6] >> ((f - 32) & 7)) & 1;
	fs.stats = fs.service = (data[1] ^ data[4]) & 1;
	memset(&ex, 0, sizeof(ex));
	sx_linebuf_init(&lb, max_line);
	sx_parser_init(&ps, data[0] & 1 ? SX_FLAGSTYLE_COLUMNS :
	    SX_FLAGSTYLE_FIELDS, &fs);
	sx_table_init(&t);
	t.check_numbering = (data[0] >> 1) & 1;
	t.stats = fs.stats;
	if (max_line == 0)
		max_line = SX_LINEBUF_MAX_LINE;

	while (fed < len && r >= 0) {
		size_t step = limit ? 1 + rng_next(&seed) % limit : len - fed;
		char *line;
		size_t n;

		if (step > len - fed)
			step = len - fed;
		sx_linebuf_feed(&lb, text + fed, step);
		fed += step;
		while ((r = sx_linebuf_next(&lb, &line, &n)) == 1) {
			const char *end = memchr(text + off, '\n', len - off);

			/* the line is the text up to the next newline */
			CHECK(end != NULL && end < text + fed);
			CHECK((size_t)(end - (text + off)) == n);
			CHECK(memcmp(line, text + off, n) == 0);
			CHECK(n <= max_line);
			off += n + 1;
			nl++;
			if (sx_parse_line(&ps, line, n) == 0) {
				check_frame(&ps, line, n, &t, &ex);
			} else {
				CHECK(ps.err[0] != '\0');
				CHECK(memchr(ps.err, '\0', sizeof(ps.err)));
			}
		}
		if (r < 0) {
			/* only a line longer than the limit stops it */
			const char *end = memchr(text + off, '\n', len - off);
			size_t linelen = end ? (size_t)(end - (text + off)) :
			    len - off;

			CHECK(linelen > max_line);
		}
	}
	if (r >= 0) {
		/* every newline made a line; the rest is pending */
		for (i = 0; i < len; i++)
			nl -= text[i] == '\n';
		CHECK(nl == 0);
		CHECK(sx_linebuf_pending(&lb) == len - off);
	}
	check_table(&t, &ex);
	check_report(&t, data[0] >> 7);
	sx_table_free(&t);
	sx_parser_free(&ps);
	sx_linebuf_free(&lb);
	return 0;
}
