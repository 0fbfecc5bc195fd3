/* verdict.h - the diagnosis verdict: a pure function from a stream's
 * numbers to its findings, and the findings' words.
 *
 * Numbers in, findings out: no stream table, no column, no lookup. The
 * values layer (catalogue.h: sx_row_verdict_in) fills struct
 * sx_verdict_in from the report's own columns, so that the rules compare
 * exactly what the report prints; a test can fill it by hand. The rules
 * are written out in the man page (DIAGNOSIS). */
#ifndef SX_VERDICT_H
#define SX_VERDICT_H

#include <stddef.h>
#include <stdint.h>

/* Thresholds of the rules (documented in the man page). */
#define SX_DIAG_LIMIT_MAJORITY 0.50  /* receiver_, sender_, network_limited:
                                      * a share of the transfer above this */
#define SX_DIAG_IDLE_MIN_NS 1000000000LL /* idle: a silence this long ... */
#define SX_DIAG_IDLE_SHARE 0.50      /* ... and this share of the duration */

/* The findings, in the order of report. */
enum sx_finding {
	SX_FIND_REFUSED,
	SX_FIND_UNANSWERED,
	SX_FIND_RECEIVER_LIMITED,
	SX_FIND_SENDER_LIMITED,
	SX_FIND_NETWORK_LIMITED,
	SX_FIND_LATENCY_BOUND,
	SX_FIND_LOSS_DOWNSTREAM,
	SX_FIND_LOSS_UPSTREAM,
	SX_FIND_IDLE,
	SX_FIND_RESET,
	SX_FIND_CAPTURE_GAPS,
	SX_FIND_DUPLICATES,
	SX_FIND_COUNT
};

extern const char *const sx_finding_names[SX_FIND_COUNT];

/* The bit of finding fi for side (0 src, 1 dst; a finding without a side
 * uses side 0) in a set of findings. */
#define SX_FINDING_BIT(fi, side) (UINT32_C(1) << (2 * (fi) + (side)))

/* What the rules and --explain read of one stream. Index [0] is src's
 * side (the _fwd columns), [1] dst's (_rev). A ratio (a share, round
 * trips) below 0 is absent, and so is a window or an option below 0. */
struct sx_verdict_in {
	uint64_t completeness;        /* the SX_ST_* bits (streams.h) */
	uint64_t frames, frames_side[2];
	uint64_t rst[2];
	uint64_t retrans[2], fast_retrans[2], zero_window[2];
	int64_t duration_ns;
	int64_t idle_ns;              /* the longest silence (diag.h) */
	int64_t zw_ns[2];             /* zero_window_time */
	double zw_share[2];           /* zero_window_share, < 0 absent */
	uint64_t lost_down[2], lost_down_bytes[2];
	uint64_t lost_up[2], lost_up_bytes[2];
	uint64_t reordered[2];
	uint64_t unfilled, ack_lost, dups, gap_overflow;
	/* what limited each transfer (limits.h): the stream's exchange
	 * and the data each side sent */
	int64_t xfer_ns, xfer_side_ns[2];   /* transfer_time */
	double rtts, rtts_side[2];          /* round_trips, < 0 absent */
	double rwnd_share[2], snd_share[2], net_share[2]; /* < 0 absent */
	uint64_t bytes[2];
	/* for --explain only: the window each side advertised and the
	 * options its SYN offered (< 0 absent) */
	int64_t win_min[2], win_max[2], sack_perm[2], wscale[2];
};

/* The findings of in: SX_FINDING_BIT(finding, side) for each. */
uint32_t sx_verdict(const struct sx_verdict_in *in);

/* Whether finding fi names a side (receiver_limited:src, ...). */
int sx_finding_has_side(int fi);

/* The diagnosis text of a set of findings, "ok" when there is none. */
void sx_verdict_format(uint32_t findings, char *buf, size_t size);

#endif
