/* diag.h - the diagnosis' accounting, per stream: where data was lost
 * relative to the capture point, how long each receiver advertised a
 * zero window, frames the capture holds twice. (The verdict built from
 * them is verdict.h; its words for --explain explain.h.)
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

/* Add to fs the fields this accounting reads (sx_diag_add). */
void sx_diag_fields(struct sx_fieldset *fs);

#endif
