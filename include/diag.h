/* diag.h - the diagnosis' accounting, per stream: where data was lost
 * relative to the capture point, how long each receiver advertised a
 * zero window, frames the capture holds twice. (The verdict built from
 * them is verdict.h; its words for --explain explain.h.)
 *
 * The state lives in a vector beside the stream table, one record per
 * stream slot, and only when a chosen column needs it (the default
 * report never allocates it). Sequence numbers are raw (tcp.seq_raw) and
 * compared modulo 2^32. Per direction it keeps the range of sequence
 * space the capture has seen, [lo, hi), and the holes in it: bytes
 * above hi that data skipped over. The sets themselves (holes,
 * retransmissions waiting for their ACK, recent frames) are in the
 * table's working state (diagwork.h); this record has the counts. */
#ifndef SX_DIAG_H
#define SX_DIAG_H

#include <stddef.h>
#include <stdint.h>

#include "parse.h"
#include "util.h"

#include "diagwork.h"

/* Holes tracked per direction: SX_DIAG_GAPS (diagwork.h). A hole past
 * the bound (or the upper part of a hole split in two by a segment
 * inside it) is not tracked and is counted in gap_overflow; a later
 * retransmission into it counts as lost downstream, so with
 * gap_overflow > 0 the split between upstream and downstream of that
 * direction is not exact. */

/* The seen sequence space is at most the last 1 GiB below the highest
 * end seen (larger than any TCP window, and well inside the 2^31 that
 * modulo-2^32 comparisons can order): on a longer transfer its start
 * moves up, and a hole it leaves behind is dropped and counted as
 * unfilled (a retransmission into it would then count as neither). */
#define SX_DIAG_SEEN_MAX (UINT32_C(1) << 30)

/* A sender that numbers a connection's frames one by one (IP ID + 1 a
 * frame, as Linux does) shows the frames the capture did not see: after
 * SX_DIAG_IPID_SURE steps of exactly 1 in a row, a step of k > 1 means
 * k - 1 frames sent and not seen. (A counter shared by all of a host's
 * connections, as on Windows, steps by 1 a few times in a row while the
 * host sends nothing else: 3 times in the public honeynet capture, whose
 * later steps then read as 148 frames lost; 8 in a row it does not.)
 * A step over SX_DIAG_IPID_STEP (and
 * below 2^15: a step back is a frame sent earlier, reordered) says the
 * IP IDs are not numbered so, unless they were shown to be a counter
 * before: then it is a burst of frames not seen or, more often, frames
 * the network delivers late (a loaded router or veth pair reorders
 * dozens of frames at once), and only the run starts again; the IP IDs
 * still order the frames. Frames not seen are remembered until data
 * that opens a hole explains them; while some are, a data frame that
 * starts at the highest sequence number seen, is not flagged a
 * retransmission and was sent later than the last frame seen before
 * them (a newer TSval, or without timestamps SX_DIAG_RESEND_NS later) is
 * a resending whose original was lost before the capture point (the
 * tail of a transfer: no later data opened a hole), one per frame not
 * seen. */
#define SX_DIAG_IPID_SURE 8
#define SX_DIAG_IPID_STEP 32
#define SX_DIAG_IPID_RANDOM 255
#define SX_DIAG_RESEND_NS 10000000LL

struct sx_diag_dir {
	uint32_t lo, hi;                  /* seen sequence space [lo, hi) */
	uint32_t sets;                    /* its holes and waiting
	                                   * retransmissions (diagwork.h) */
	uint32_t ngaps;                   /* holes open */
	uint8_t started, in_zw;
	uint8_t has_ipid, ipid_run;       /* IP IDs seen; +1 steps in a
	                                   * row (SX_DIAG_IPID_RANDOM: not
	                                   * numbered one by one) */
	uint8_t ipid_counter;             /* the run once reached
	                                   * SX_DIAG_IPID_SURE: a counter,
	                                   * whose IP IDs order the frames
	                                   * even after a long step */
	uint8_t last_has_ts;
	uint8_t has_tail_to;              /* tail_to: a frame without payload
	                                   * after a skip numbered its bytes
	                                   * up to there: the skipped frames
	                                   * sent [hi, tail_to) */
	uint8_t last_top, skip_top;       /* the previous frame was new data
	                                   * (it raised hi); so was the one
	                                   * before the skip */
	uint8_t last_all, skip_all;       /* the previous frame resent the
	                                   * last bytes below hi the peer's
	                                   * ACK and SACK blocks still asked
	                                   * for; so did the one before the
	                                   * skip */
	uint8_t last_resent;              /* the previous frame was data that
	                                   * did not raise hi, ending at
	                                   * last_end */
	uint8_t unseen;                   /* frames the IP IDs skipped that
	                                   * no hole explained yet */
	uint8_t skip_has_ts;
	uint8_t has_acked, ack_dups;      /* this side's latest ACK number
	                                   * and how many frames without
	                                   * payload repeated it since */
	uint16_t max_len;                 /* the longest payload seen */
	uint8_t nsack;                    /* this side's latest SACK blocks
	                                   * (of its latest ACK; none after
	                                   * an ACK without): data of the
	                                   * other direction it holds */
	uint32_t sack_s[SX_SACK_MAX], sack_e[SX_SACK_MAX];
	uint32_t acked;
	uint32_t skip_tsval;              /* the frame before them */
	uint32_t up_resend;               /* (has_up_resend) */
	uint32_t skip_acked;              /* the peer's ACK number then */
	uint32_t tail_to;
	uint32_t last_end;
	uint32_t last_acked;              /* the peer's ACK number when the
	                                   * previous frame was seen */
	int64_t skip_ns;
	uint16_t last_ipid;               /* of the previous frame */
	uint8_t top_short;                /* the frame that last moved hi
	                                   * was shorter than max_len (the
	                                   * end of what its sender had) */
	uint8_t has_up_resend;            /* up_resend: the bytes the peer
	                                   * asked for when the IP IDs showed
	                                   * their resending lost before the
	                                   * capture point */
	uint32_t last_tsval;
	int64_t last_ns;
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
 * dg, the record of stream (its sets in w); prev_ns is the time of the
 * stream's previous frame, first says there is none. */
void sx_diag_add(struct sx_diag_work *w, struct sx_diag *dg,
    uint32_t stream, int dir, const struct sx_frame *f,
    const struct sx_hdr *h, int first, int64_t prev_ns);

/* Seconds (ns) side dir advertised a zero window, an open period
 * counting up to last_ns (the stream's last frame). */
int64_t sx_diag_zero_window_ns(const struct sx_diag *dg, int dir,
    int64_t last_ns);

#endif
