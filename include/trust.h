/* trust.h - whether a capture can be trusted: what it says about
 * itself (drop counters, snap length, timestamps), read from the file by
 * streamxpert, and what the TCP analysis saw (duplicates, data ACKed but
 * never captured).
 *
 * The scan reads pcap and pcapng (pcapio.h) block by block, with no
 * tshark:
 *   drops        pcapng interface statistics blocks: isb_ifdrop (the
 *                interface) and isb_osdrop (the operating system) of
 *                each interface's last block (they count from the start
 *                of the capture), summed over the interfaces;
 *   cut_short    frames whose captured length is below their length on
 *                the wire and ends before the end of their TCP header (or
 *                of a header below it): their TCP analysis is blind;
 *   time_back    frames stamped earlier than the frame before them.
 * A capture that is not a regular pcap or pcapng file (standard input, a
 * compressed one, a live capture) is not scanned. */
#ifndef SX_TRUST_H
#define SX_TRUST_H

#include <stdint.h>

#include "util.h"

struct sx_trust {
	int scanned;              /* the file was read to its end */
	int has_isb;              /* it has interface statistics */
	int has_ifdrop, has_osdrop;
	uint64_t ifdrop, osdrop;
	uint64_t frames;
	uint64_t cut_short;
	uint64_t time_back;
	/* from the analysis, set by the caller */
	uint64_t dup_frames;      /* frames seen twice (diag.h) */
	uint64_t ack_lost;        /* tcp.analysis.ack_lost_segment */
};

/* Scan the capture at path into t (its analysis counts are left as
 * they are). Returns 0, or -1 when it cannot be scanned (t->scanned 0). */
int sx_trust_scan(const char *path, struct sx_trust *t);

struct sx_table;

/* The trust of the capture at path whose streams are t: the scan, and
 * the duplicates and ACKed-unseen data of its analysis. */
void sx_trust_of(const char *path, const struct sx_table *t,
    struct sx_trust *tr);

/* ,"capture_quality":"...", then each number as a JSON member (null
 * when not known), into b. */
void sx_trust_json(const struct sx_trust *t, struct sx_buf *b);

/* The verdict into b: "ok", or what is wrong, comma-separated, from
 * drops, truncated, gaps (data ACKed but never captured), duplicates;
 * "unknown" when the file was not scanned and the analysis found
 * nothing. */
void sx_trust_verdict(const struct sx_trust *t, struct sx_buf *b);

/* The numbers behind it, in words, into b. */
void sx_trust_numbers(const struct sx_trust *t, struct sx_buf *b);

#endif
