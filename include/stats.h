/* stats.h - per-stream statistics beyond the counters: bytes
 * retransmitted, throughput, bytes in flight, windows, the options of the
 * handshake, segment sizes, idle gaps, RTT spread, first data, and the
 * application protocol (issue 13).
 *
 * They are kept only when a chosen column needs them (the table's stats
 * switch, from sx_fieldset.stats): then every stream has an extended
 * record and a statistics record. Memory is bounded per stream: running
 * sums, minima and maxima, Welford's mean and squared deviations for the
 * RTT, and at most two short strings per stream in the table's string
 * pool. Never one entry per frame. */
#ifndef SX_STATS_H
#define SX_STATS_H

#include <stddef.h>
#include <stdint.h>

#include "limits.h"
#include "parse.h"

/* Bits of sx_dstats.bits. */
#define SX_DS_SYN 0x01      /* a SYN of this direction was read: the
                             * option fields below describe it */
#define SX_DS_MSS SX_OPT_MSS       /* it carried an MSS option */
#define SX_DS_WSCALE SX_OPT_WSCALE /* ... a window scale option */
#define SX_DS_SACK SX_OPT_SACK     /* ... SACK permitted */
#define SX_DS_TS SX_OPT_TS         /* ... timestamps */
#define SX_DS_WIN_UNKNOWN 0x20  /* a frame's window scale was unknown
                                 * (tcp.window_size_scalefactor -1) */
#define SX_DS_DATA 0x40     /* a frame with payload was seen */

/* One direction of a stream: what its sender sent and advertised. */
struct sx_dstats {
	uint64_t retrans_bytes;     /* payload of retransmissions */
	uint64_t inflight_sum;      /* sum of tcp.analysis.bytes_in_flight */
	uint64_t win_sum;           /* sum of tcp.window_size */
	int64_t first_data_ns;      /* first and last frame with payload */
	int64_t last_data_ns;
	double rtt_mean, rtt_m2;    /* Welford over rtt_n samples, ns */
	uint32_t rtt_n;
	uint32_t inflight_n, inflight_max;
	uint32_t win_n, win_min, win_max;
	uint32_t seg_max;           /* largest payload of one frame */
	uint16_t mss;               /* if SX_DS_MSS */
	uint8_t wshift;             /* if SX_DS_WSCALE */
	uint8_t bits;               /* SX_DS_* */
};

struct sx_stats {
	struct sx_dstats d[2];      /* [SX_FWD], [SX_REV] */
	int64_t idle_max_ns;        /* longest gap between two consecutive
	                             * frames (valid with two frames) */
	uint32_t service;           /* 1 + offset into the string pool */
	uint32_t server_name;       /* likewise */
	uint8_t name_is_sni;        /* server_name came from the TLS SNI */
	struct sx_limits lim;       /* what limited each direction */
};

/* Where a table keeps its statistics records and their strings (the
 * table holds one; only this module reads or writes it). A record is
 * named by its reference: 1 + its index, 0 for none. */
struct sx_stats_store {
	struct sx_stats *st;
	size_t next, cap;
	char *pool;                 /* the strings, each ended by a NUL */
	size_t pool_len, pool_cap;
};

/* The record ref names (all zero for 0). */
const struct sx_stats *sx_stats_get(const struct sx_stats_store *s,
    uint32_t ref);

/* A string of the pool (a reference of sx_stats), or NULL for 0. */
const char *sx_stats_text(const struct sx_stats_store *s, uint32_t ref);

/* Account one frame's statistics in the record *ref (made when 0): dir
 * is the frame's direction, bytes its payload in the stream, first
 * whether it is the stream's first frame, prev_ns the time of the frame
 * before, single whether the frame carries a single stream. */
void sx_stats_add(struct sx_stats_store *s, uint32_t *ref,
    const struct sx_frame *f, const struct sx_hdr *h, int dir,
    uint64_t bytes, int first, int64_t prev_ns, int single);

/* Make *dref (a reference into dst) a copy of the record sref of src,
 * strings included; 0 when sref is 0. */
void sx_stats_copy(struct sx_stats_store *dst, uint32_t *dref,
    const struct sx_stats_store *src, uint32_t sref);

void sx_stats_free(struct sx_stats_store *s);

#endif
