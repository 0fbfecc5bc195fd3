/* diagwork.h - the diagnosis state no column reads (diag.h has the
 * counts): per direction of a stream the recent frames a copy is looked
 * for among, the holes in the sequence space seen (an
 * interval set) and the retransmissions counted as lost downstream that
 * wait for the ACK that may show them spurious. One per stream table;
 * a direction refers to its sets by a handle (0: none yet). */
#ifndef SX_DIAGWORK_H
#define SX_DIAGWORK_H

#include <stdint.h>

/* Copies are looked for among the last SX_DIAG_RECENT frames kept (not
 * copies) of the same stream and direction: the latest of them with the
 * same identity, if it is at most SX_DIAG_COPY_NS away (either way); a
 * frame without an IP ID (IPv6, or 0) and without a TCP timestamp, at
 * most SX_DIAG_COPY_BARE_NS, and only a frame with data: an RST or ACK
 * without either is sent again unchanged (Linux answers each segment
 * for a closed socket with one). The window is the stream's own, so
 * the answer does not depend on the other streams' frames: -j N, where
 * each tshark reads whole connections, finds what -j 1 finds. A power
 * of 2 (the array doubles from 2 up to it). */
#define SX_DIAG_RECENT 256
#define SX_DIAG_COPY_NS 5000000LL
#define SX_DIAG_COPY_BARE_NS 500000LL

/* At most this many holes per direction are tracked at once (the
 * bound of gap_overflow): at 1 Gbit/s with 1 % loss about 860 holes
 * open a second, and each is closed by its retransmission about one
 * RTT later, so this is reached only if holes stay open for seconds
 * (mostly frames the capture missed). */
#define SX_DIAG_GAPS 8192

/* The last this many retransmissions counted as lost downstream per
 * direction are kept for a D-SACK that may show them needless (it
 * comes when the resending reaches the receiver, often after an ACK
 * caused by the original already covered it). */
#define SX_DIAG_PENDING 4096

/* A frame's identity: two frames the same in every field within the
 * time bound are one transmission captured twice. */
struct sx_diag_sig {
	int64_t t;
	uint32_t stream, seq, ack, len, win, tsval;
	uint16_t ipid, flags;
	uint8_t dir, has_ipid, has_ts, has_win, has_ack;
};

struct sx_diag_work;

/* A hole [s, e) and the frame that opened it (the first seen above it):
 * data into the hole sent after that frame is a resending (a sender
 * numbers new data in order), data sent before it was reordered. */
struct sx_gap {
	uint32_t s, e;
	uint32_t tsval;        /* the opener's TSval, if has_ts */
	uint16_t ipid;         /* its IP ID, if has_ipid */
	uint8_t has_ts;
	uint8_t has_ipid;      /* 0 none (0, or not a counter), 1 an IP ID
	                        * of a sender not yet shown numbering its
	                        * frames one by one, 2 one already shown so
	                        * (SX_DIAG_IPID_SURE) */
};

struct sx_diag_work *sx_diag_work_new(void);
void sx_diag_work_free(struct sx_diag_work *w);

/* Whether s is a copy of one of the recent frames of its direction (its
 * sets *h); if not, it is remembered as one. */
int sx_diag_work_copy(struct sx_diag_work *w, uint32_t *h,
    const struct sx_diag_sig *s);

/* The holes of the set *h, ordered modulo 2^32 (all within 2^31 of
 * each other). Adding g at the top (above every hole): 0, or -1 when
 * the set is full. */
int sx_gaps_add(struct sx_diag_work *w, uint32_t *h, const struct sx_gap *g);

/* The first hole [s, e) overlaps, or NULL. */
const struct sx_gap *sx_gaps_overlap(const struct sx_diag_work *w,
    uint32_t h, uint32_t s, uint32_t e);

/* Bytes [s, e) were seen: out of the holes. Returns the number of
 * holes lost because a split found the set full (0 or 1). */
unsigned sx_gaps_fill(struct sx_diag_work *w, uint32_t h, uint32_t s,
    uint32_t e);

/* Holes below lo are dropped (one reaching over lo starts at lo);
 * returns how many were dropped. */
unsigned sx_gaps_below(struct sx_diag_work *w, uint32_t h, uint32_t lo);

uint32_t sx_gaps_count(const struct sx_diag_work *w, uint32_t h);

/* A retransmission [s, e) of len bytes is kept for a D-SACK (the oldest
 * kept is dropped when SX_DIAG_PENDING are). */
void sx_pending_add(struct sx_diag_work *w, uint32_t *h, uint32_t s,
    uint32_t e, uint32_t len);

/* A D-SACK of [s, e): the receiver had these bytes twice, so the
 * latest waiting retransmission inside them was not needed: dropped.
 * Returns its bytes (0 if none). */
uint32_t sx_pending_dsack(struct sx_diag_work *w, uint32_t h, uint32_t s,
    uint32_t e);

#endif
