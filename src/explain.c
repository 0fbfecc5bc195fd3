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

/* n as "12.4 MB" (powers of 1000). */
static void
amount(struct sx_buf *b, double n, const char *unit)
{
	static const char *const pre[] = { "", "k", "M", "G", "T" };
	size_t i = 0;

	while (n >= 1000 && i + 1 < SX_ARRAY_LEN(pre)) {
		n /= 1000;
		i++;
	}
	sx_buf_printf(b, i ? "%.1f %s%s" : "%.0f %s%s", n, pre[i], unit);
}

/* "src -> dst sent 12.4 MB in 3.100 s (32.0 Mbit/s): " for the data
 * sent by side. */
static void
say_transfer(struct say *s, int side)
{
	int64_t ns = s->in->xfer_side_ns[side];
	double bytes = (double)s->in->bytes[side];

	sx_buf_printf(s->b, "%s -> %s sent ", who[side], who[!side]);
	amount(s->b, bytes, "B");
	sx_buf_adds(s->b, " in ");
	secs(s->b, ns);
	if (ns > 0) {
		sx_buf_adds(s->b, " (");
		amount(s->b, bytes * 8e9 / (double)ns, "bit/s");
		sx_buf_addc(s->b, ')');
	}
	sx_buf_adds(s->b, ": ");
}

/* The receiver's window in words: its range, its zero time, scaling. */
static void
say_window(struct say *s, int rcv)
{
	const struct sx_verdict_in *in = s->in;
	int range = in->win_min[rcv] >= 0 && in->win_max[rcv] >= 0;

	sx_buf_printf(s->b, " (%s's window", who[rcv]);
	if (range) {
		sx_buf_adds(s->b, " ranged from ");
		amount(s->b, (double)in->win_min[rcv], "B");
		sx_buf_adds(s->b, " to ");
		amount(s->b, (double)in->win_max[rcv], "B");
	}
	if (in->zw_share[rcv] >= 0.005)
		sx_buf_printf(s->b, "%s zero for %.0f%% of the stream",
		    range ? "," : " was", in->zw_share[rcv] * 100);
	if (in->sack_perm[0] >= 0 && in->sack_perm[1] >= 0 &&
	    (in->wscale[0] < 0 || in->wscale[1] < 0))
		sx_buf_adds(s->b, "; window scaling was not negotiated");
	sx_buf_addc(s->b, ')');
}

/* The limit of the data side sent, when it is a finding. */
static void
say_limit(struct say *s, int side)
{
	if (s->fs & BIT(SX_FIND_RECEIVER_LIMITED, !side)) {
		clause(s);
		say_transfer(s, side);
		sx_buf_printf(s->b, "limited by %s's receive window %.0f%% "
		    "of the time", who[!side], s->in->rwnd_share[side] * 100);
		say_window(s, !side);
	}
	if (s->fs & BIT(SX_FIND_SENDER_LIMITED, side)) {
		clause(s);
		say_transfer(s, side);
		sx_buf_printf(s->b, "limited by %s, which had nothing in "
		    "flight %.0f%% of the time (the application or its send "
		    "buffer supplied no data)", who[side],
		    s->in->snd_share[side] * 100);
	}
	if (s->fs & BIT(SX_FIND_NETWORK_LIMITED, side)) {
		clause(s);
		say_transfer(s, side);
		sx_buf_printf(s->b, "limited by the network %.0f%% of the "
		    "time (data in flight below %s's window: congestion "
		    "window, bottleneck or loss recovery",
		    s->in->net_share[side] * 100, who[!side]);
		if (s->in->rtts_side[side] >= 0)
			sx_buf_printf(s->b, "; %.1f round trips",
			    s->in->rtts_side[side]);
		sx_buf_addc(s->b, ')');
	}
}

static void
say_latency(struct say *s)
{
	double rt = s->in->rtts;
	int64_t ns = s->in->xfer_ns;

	if (!clause_if(s, SX_FIND_LATENCY_BOUND, 0))
		return;
	sx_buf_printf(s->b, "latency-bound: the data exchange took ");
	secs(s->b, ns);
	sx_buf_printf(s->b, ", %.1f round trips of ", rt);
	secs(s->b, rt > 0 ? (int64_t)((double)ns / rt) : 0);
	sx_buf_adds(s->b, " (its time is round trips, not bandwidth)");
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
	char src[64], dst[64], verdict[400];
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
	say_latency(&s);
	for (side = 0; side < 2; side++)
		say_limit(&s, side);
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
		sx_buf_adds(b, ": no loss, no limit with a majority of the "
		    "transfer, no reset, no gap");
	sx_buf_addc(b, '.');
}
