/* summary.c - one capture in a line (--summary). */
#include "summary.h"

#include <string.h>

#include "catalogue.h"

/* Add stream st (number i) of table t to s. */
static void
add_stream(struct sx_summary *s, const struct sx_table *t, size_t i,
    const struct sx_stream *st)
{
	const struct sx_ext *e = sx_stream_ext(t, st);
	uint64_t data, rd;
	int d, f;

	if (e->problems[0] + e->problems[1] > 0)
		s->problem_streams++;
	if (t->diag) {
		struct sx_row row = { 0 };
		uint32_t fs;

		row.stream = i;
		row.st = st;
		row.ext = e;
		row.table = t;
		row.diag = sx_stream_diag(t, st);
		fs = sx_row_findings(&row);
		for (f = 0; f < SX_FIND_COUNT; f++)
			if (fs & (3u << (2 * f)))
				s->finding[f]++;
		if (fs == 0)
			s->finding[SX_FIND_COUNT]++;
	}
	for (d = 0; d < 2; d++) {
		for (f = 0; f < SX_FL_COUNT; f++)
			s->flag[f] += e->flag[d][f];
		s->rst += e->rst[d];
		s->bytes += e->bytes[d];
	}
	data = (uint64_t)e->data[0] + e->data[1];
	rd = (uint64_t)e->retrans_data[0] + e->retrans_data[1];
	s->data += data;
	s->retrans_data += rd;
	/* Worst first; on a tie the earlier stream stays; a stream without
	 * retransmissions is nobody's worst. */
	if (rd > 0 && (!s->has_worst ||
	    (double)rd / (double)data > s->worst_rate)) {
		s->has_worst = 1;
		s->worst_stream = i;
		s->worst_rate = (double)rd / (double)data;
		sx_format_endpoint(&st->ep[0], s->worst_src,
		    sizeof(s->worst_src));
		sx_format_endpoint(&st->ep[1], s->worst_dst,
		    sizeof(s->worst_dst));
	}
}

void
sx_summary_of(struct sx_summary *s, const struct sx_table *t,
    const char *status)
{
	size_t i, slots = t ? sx_table_slots(t) : 0;

	memset(s, 0, sizeof(*s));
	s->status = status;
	strcpy(s->quality, "unknown");
	if (t == NULL)
		return;
	s->frames = t->frames;
	s->tcp_frames = t->tcp_frames;
	s->streams = t->nstreams;
	for (i = 0; i < slots; i++) {
		const struct sx_stream *st = sx_table_get(t, i);

		if (st != NULL)
			add_stream(s, t, i, st);
	}
}
