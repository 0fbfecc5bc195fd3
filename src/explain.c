/* explain.c - the diagnosis in words (--explain): the verdict and the
 * numbers behind it, from the same inputs the verdict reads. */
#include "explain.h"

#include <stdio.h>
#include <string.h>

#include "catalogue.h"
#include "diag.h"
#include "escape.h"
#include "verdict.h"

#define BIT SX_FINDING_BIT

/* One --explain line being written: each finding is a clause. */
struct say {
	struct sx_buf *b;
	const struct sx_verdict_in *in;
	uint32_t fs;
	int first;
};

static const char *const who[2] = { "src", "dst" };

static void
secs(struct sx_buf *b, int64_t ns)
{
	sx_buf_printf(b, "%.3f s", (double)ns / 1e9);
}

static void
clause(struct say *s)
{
	sx_buf_adds(s->b, s->first ? ": " : "; ");
	s->first = 0;
}

/* Is finding fi (of side) among the findings? If so start its clause. */
static int
clause_if(struct say *s, int fi, int side)
{
	if (!(s->fs & BIT(fi, side)))
		return 0;
	clause(s);
	return 1;
}

static void
say_opening(struct say *s)
{
	if (clause_if(s, SX_FIND_REFUSED, 0))
		sx_buf_printf(s->b, "src's SYN was answered by %llu RST "
		    "frame(s) from dst and no SYN-ACK",
		    (unsigned long long)s->in->rst[1]);
	if (clause_if(s, SX_FIND_UNANSWERED, 0))
		sx_buf_printf(s->b, "src sent %llu frame(s), %llu of "
		    "them retransmissions, and dst sent nothing",
		    (unsigned long long)s->in->frames_side[0],
		    (unsigned long long)s->in->retrans[0]);
}

static void
say_zero_window(struct say *s, int side)
{
	double share = s->in->zw_share[side];

	if (!clause_if(s, SX_FIND_RECEIVER_LIMITED, side))
		return;
	sx_buf_printf(s->b, "limited by the receiver: %s advertised a "
	    "zero window %llu time(s), ", who[side],
	    (unsigned long long)s->in->zero_window[side]);
	secs(s->b, s->in->zw_ns[side]);
	sx_buf_printf(s->b, " in all (%.0f%% of the stream)",
	    (share < 0 ? 0 : share) * 100);
}

/* Segments lost on one side of the capture point. */
static void
say_lost(struct say *s, int fi, int side)
{
	int up = fi == SX_FIND_LOSS_UPSTREAM;
	const char *where = up ? "upstream" : "downstream";

	if (!clause_if(s, fi, side))
		return;
	sx_buf_printf(s->b, "%llu segment(s) from %s ", (unsigned long long)
	    (up ? s->in->lost_up[side] : s->in->lost_down[side]), who[side]);
	sx_buf_printf(s->b, "(%llu bytes) lost %s of the capture point ",
	    (unsigned long long)(up ? s->in->lost_up_bytes[side] :
	    s->in->lost_down_bytes[side]), where);
	if (up) {
		sx_buf_adds(s->b, "(their originals never reached it)");
		return;
	}
	sx_buf_adds(s->b, "(seen, then retransmitted");
	if (s->in->fast_retrans[side] > 0)
		sx_buf_printf(s->b, "; %s made %llu fast retransmission(s)",
		    who[side], (unsigned long long)s->in->fast_retrans[side]);
	sx_buf_addc(s->b, ')');
}

static void
say_reordered(struct say *s, int side)
{
	unsigned long long n = s->in->reordered[side];

	/* not a finding of its own: said whenever there is some */
	if (n == 0)
		return;
	clause(s);
	sx_buf_printf(s->b, "%llu segment(s) from %s arrived out of "
	    "order into a gap (reordering, not loss)", n, who[side]);
}

static void
say_closing(struct say *s)
{
	int64_t dur = s->in->duration_ns;
	int side;

	if (clause_if(s, SX_FIND_IDLE, 0)) {
		int64_t t = s->in->idle_ns;

		sx_buf_adds(s->b, "no frame for ");
		secs(s->b, t);
		sx_buf_printf(s->b, " at once (%.0f%% of the stream)",
		    dur > 0 ? 100.0 * (double)t / (double)dur : 0.0);
	}
	for (side = 0; side < 2; side++)
		if (clause_if(s, SX_FIND_RESET, side))
			sx_buf_printf(s->b, "reset by %s (%llu RST "
			    "frame(s))", who[side],
			    (unsigned long long)s->in->rst[side]);
	if (clause_if(s, SX_FIND_CAPTURE_GAPS, 0))
		sx_buf_printf(s->b, "the capture missed frames: %llu "
		    "sequence gap(s) never filled, %llu ACK(s) of data it "
		    "never saw", (unsigned long long)s->in->unfilled,
		    (unsigned long long)s->in->ack_lost);
	if (clause_if(s, SX_FIND_DUPLICATES, 0))
		sx_buf_printf(s->b, "duplicates in the capture: %llu "
		    "frame(s) identical to the one before them (not counted "
		    "as loss)", (unsigned long long)s->in->dups);
}

void
sx_explain(const struct sx_row *r, int with_file, struct sx_buf *b)
{
	struct sx_verdict_in in;
	struct say s = { b, &in, 0, 1 };
	char src[64], dst[64], verdict[256];
	int side;

	sx_row_verdict_in(r, &in);
	s.fs = sx_verdict(&in);
	sx_format_endpoint(&r->st->ep[0], src, sizeof(src));
	sx_format_endpoint(&r->st->ep[1], dst, sizeof(dst));
	sx_verdict_format(s.fs, verdict, sizeof(verdict));
	if (with_file && r->file) {
		/* escaped as in the table: no name breaks the line */
		sx_escape_text(b, r->file, strlen(r->file));
		sx_buf_adds(b, ": ");
	}
	sx_buf_printf(b, "stream %zu (%s -> %s, ", r->stream, src, dst);
	secs(b, in.duration_ns);
	sx_buf_printf(b, ", %llu frames) is %s",
	    (unsigned long long)in.frames, verdict);
	say_opening(&s);
	for (side = 0; side < 2; side++)
		say_zero_window(&s, side);
	for (side = 0; side < 2; side++)
		say_lost(&s, SX_FIND_LOSS_DOWNSTREAM, side);
	for (side = 0; side < 2; side++)
		say_lost(&s, SX_FIND_LOSS_UPSTREAM, side);
	for (side = 0; side < 2; side++)
		say_reordered(&s, side);
	say_closing(&s);
	if (in.gap_overflow > 0) {
		clause(&s);
		sx_buf_printf(b, "more than %d gaps at once: %llu not "
		    "tracked, the upstream/downstream split is approximate",
		    SX_DIAG_GAPS, (unsigned long long)in.gap_overflow);
	}
	if (s.first)
		sx_buf_adds(b, ": no loss, no zero window, no reset, no gap");
	sx_buf_addc(b, '.');
}
