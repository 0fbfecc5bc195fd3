/* diag.h - per-stream diagnosis: where data was lost relative to the
 * capture point, how long each receiver advertised a zero window, frames
 * the capture holds twice, and the verdict built from them.
 *
 * The state lives in a vector beside the stream table, one record per
 * stream slot, and only when a chosen column needs it (the default
 * report never allocates it). Sequence numbers are raw (tcp.seq_raw) and
 * compared modulo 2^32. Per direction it keeps the range of sequence
 * space the capture has seen, [lo, hi), and at most SX_DIAG_GAPS holes
 * in it that Wireshark flagged as "previous segment not captured". */
#ifndef SX_DIAG_H
#define SX_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "util.h"

/* Holes tracked per direction. A hole past the bound (or the upper part
 * of a hole split in two by a segment inside it) is not tracked and is
 * counted in gap_overflow; a later retransmission into it counts as
 * lost downstream, so with gap_overflow > 0 the split between upstream
 * and downstream of that direction is not exact. */
#define SX_DIAG_GAPS 4

/* The seen sequence space is at most the last 1 GiB below the highest
 * end seen (larger than any TCP window, and well inside the 2^31 that
 * modulo-2^32 comparisons can order): on a longer transfer its start
 * moves up, and a hole it leaves behind is dropped and counted as
 * unfilled (a retransmission into it would then count as neither). */
#define SX_DIAG_SEEN_MAX (UINT32_C(1) << 30)

/* Thresholds of the diagnosis rules (documented in the man page). */
#define SX_DIAG_LIMIT_MAJORITY 0.50  /* receiver_, sender_, network_limited:
                                      * a share of the transfer above this */
#define SX_DIAG_IDLE_MIN_NS 1000000000LL /* idle: a silence this long ... */
#define SX_DIAG_IDLE_SHARE 0.50      /* ... and this share of the duration */

struct sx_diag_dir {
	uint32_t lo, hi;                  /* seen sequence space [lo, hi) */
	uint32_t gap[SX_DIAG_GAPS][2];    /* holes [start, end) */
	uint32_t sig_seq, sig_ack, sig_len; /* the previous frame */
	uint16_t sig_ipid, sig_flags;
	uint8_t ngaps, started, has_sig, in_zw;
	uint32_t lost_down, lost_up, reordered, dups, gap_overflow;
	uint32_t gap_expired;             /* holes left behind by lo */
	uint64_t lost_down_bytes, lost_up_bytes;
	int64_t zw_start, zw_ns;          /* open zero window since, total */
	uint32_t rto;                     /* retransmissions after a timeout:
	                                   * not fast ones, with payload or
	                                   * SYN, not the stream's first */
	int64_t rto_ns;                   /* the silences before them */
};

struct sx_diag {
	struct sx_diag_dir d[2];          /* [SX_FWD], [SX_REV] */
	int64_t idle_max_ns;              /* longest silence between frames:
	                                   * the idle_max column (stats.c)
	                                   * by the same definition, kept for
	                                   * the idle rule */
};

/* Account header h of frame f, direction dir (0 src->dst, 1 back), to
 * dg; prev_ns is the time of the stream's previous frame, first says
 * there is none. */
void sx_diag_add(struct sx_diag *dg, int dir, const struct sx_frame *f,
    const struct sx_hdr *h, int first, int64_t prev_ns);

/* Seconds (ns) side dir advertised a zero window, an open period
 * counting up to last_ns (the stream's last frame). */
int64_t sx_diag_zero_window_ns(const struct sx_diag *dg, int dir,
    int64_t last_ns);

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

struct sx_row;

/* The findings of a row: bit 2 * finding + side (side 0 src, 1 dst; a
 * finding without a side sets its bit for side 0). */
uint32_t sx_diag_findings(const struct sx_row *r);

/* The diagnosis text, "ok" when there is no finding. */
void sx_diag_format(uint32_t findings, char *buf, size_t size);

/* One paragraph in words with the numbers behind the verdict (no
 * trailing newline), after "FILE: " when with_file. */
void sx_diag_explain(const struct sx_row *r, int with_file,
    struct sx_buf *b);

#endif
