/* streams.h - the per-stream records of one capture, indexed by tcp.stream.
 *
 * A vector of small records grown by doubling; slots of stream numbers
 * that never appear (gaps, or streams a display filter removed) stay empty
 * and are skipped by sx_table_get. Counters that only streams with
 * problems or payload need live in a second, "extended" vector, so a
 * capture of millions of SYN-only streams costs about 72 bytes a stream.
 * Memory grows with streams, never with frames. */
#ifndef SX_STREAMS_H
#define SX_STREAMS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "fields.h"
#include "parse.h"
#include "stats.h"

/* Direction of a frame within its stream. */
enum sx_dir {
	SX_FWD = 0,   /* from src (the client) to dst */
	SX_REV = 1    /* from dst to src */
};

/* Connection state bits (Wireshark's tcp.completeness values). */
#define SX_ST_SYN 0x01
#define SX_ST_SYNACK 0x02
#define SX_ST_ACK 0x04
#define SX_ST_DATA 0x08
#define SX_ST_FIN 0x10
#define SX_ST_RST 0x20

/* The flags that count as network problems: a stream with any of them
 * "has problems". Lost and ACKed-unseen segments are capture problems. */
#define SX_PROBLEM_FLAGS (1u << SX_FL_RETRANSMISSION | \
	1u << SX_FL_DUPLICATE_ACK | 1u << SX_FL_OUT_OF_ORDER | \
	1u << SX_FL_ZERO_WINDOW | 1u << SX_FL_ZERO_WINDOW_PROBE | \
	1u << SX_FL_WINDOW_FULL)
#define SX_CAPTURE_FLAGS (1u << SX_FL_LOST_SEGMENT | \
	1u << SX_FL_ACK_LOST_SEGMENT)

/* Counters kept only for streams that need them. */
struct sx_ext {
	uint32_t flag[2][SX_FL_COUNT]; /* frames carrying each flag */
	uint32_t problems[2];          /* frames with a network problem */
	uint32_t capture[2];           /* frames with a capture problem */
	uint32_t rst[2];               /* frames with RST set */
	uint32_t data[2];              /* frames with tcp.len > 0 */
	uint32_t retrans_data[2];      /* retransmissions with tcp.len > 0 */
	uint32_t rtt_n[2];             /* ack_rtt samples */
	uint64_t bytes[2];             /* sum of tcp.len */
	int64_t rtt_sum[2], rtt_min[2], rtt_max[2]; /* ns */
	int64_t irtt;                  /* initial RTT, ns */
	int has_irtt;
	uint32_t stats;                /* 1 + index into the stats vector
	                                * (stats.h), 0 none */
};

struct sx_stream {
	int64_t first_ns, last_ns;     /* time of first and last frame */
	uint32_t frames[2];            /* frames per direction */
	uint32_t ext;                  /* 1 + index into the ext vector, 0 none */
	struct sx_endpoint ep[2];      /* [0] src (client), [1] dst */
	uint8_t state;                 /* completeness by Wireshark's rules,
	                                * derived from flags and lengths */
	uint8_t ws_state;              /* OR of tcp.completeness as tshark
	                                * showed it; SX_ST_SHOWN if it did */
	uint8_t last_bits;             /* what the latest frame adds */
	uint8_t ends;                  /* 1 + direction of the first FIN
	                                * (bits 0-1), of the first RST (2-3) */
};

#define SX_ST_SHOWN 0x80

struct sx_table {
	struct sx_stream *s;
	size_t cap;          /* slots allocated */
	size_t used;         /* slots [0, used) initialised */
	size_t nstreams;     /* streams present */
	struct sx_ext *ext;
	size_t next, ext_cap;
	struct sx_diag *diag; /* per slot, only when the diagnosis fields
	                      * are asked for (diag.h); else NULL */
	size_t diag_cap;
	uint64_t frames;     /* lines accounted, TCP or not */
	uint64_t tcp_frames; /* lines with at least one stream */
	int check_numbering; /* refuse stream numbers tshark cannot have made */
	int stats;           /* keep the statistics of stats.h for every
	                      * stream (then each has an ext record too) */
	struct sx_stats_store sstats; /* the statistics records (stats.h) */
};

void sx_table_init(struct sx_table *t);
void sx_table_free(struct sx_table *t);

/* Account one parsed frame. Returns 0, or -1 with a reason in err when a
 * stream number is impossible or cannot be stored. */
int sx_table_add(struct sx_table *t, const struct sx_frame *f, char *err,
    size_t errsize);

/* One partition of a capture split across several tsharks: its table,
 * in that tshark's numbering, and the number (in the whole capture) of
 * the first frame of each of its streams 0 .. nfirst - 1. */
struct sx_table_part {
	const struct sx_table *t;
	const uint64_t *first;
	size_t nfirst;
};

/* Replace dst by the streams of the n partitions, numbered as a single
 * tshark over the whole capture numbers them: by their first frame. */
void sx_table_merge(struct sx_table *dst, const struct sx_table_part *part,
    size_t n);

/* Stream n, or NULL when no frame of stream n was seen. */
const struct sx_stream *sx_table_get(const struct sx_table *t, size_t n);

/* The extended counters of a stream (all zero if it has none). */
const struct sx_ext *sx_stream_ext(const struct sx_table *t,
    const struct sx_stream *st);

/* The diagnosis state of a stream (all zero if it has none). */
const struct sx_diag *sx_stream_diag(const struct sx_table *t,
    const struct sx_stream *st);

/* Make t->diag hold slots [0, n); new ones are zero. */
void sx_table_diag_reserve(struct sx_table *t, size_t n);

/* Number of slots to iterate over with sx_table_get. */
size_t sx_table_slots(const struct sx_table *t);

/* Total frames of a stream over both directions. */
uint64_t sx_stream_frames(const struct sx_stream *st);

/* Wireshark's rule for a stream of one frame that is not a SYN: tshark 4.4
 * and later count it as a later frame (a pure ACK, data, FIN, RST), older
 * ones not at all. Set once, from the tshark version, before any report;
 * default: the older rule. */
void sx_stream_lone_first_rule(int counts_all);

/* Wireshark's conversation completeness at the end of the stream: the
 * SX_ST_* bits of what was seen (tcp.completeness as a two-pass tshark
 * shows it). */
unsigned sx_stream_completeness(const struct sx_stream *st);

/* Which side sent the first FIN (fin = 1) or RST (fin = 0): -1 none,
 * else SX_FWD or SX_REV. */
int sx_stream_first_end(const struct sx_stream *st, int fin);

/* The statistics record of a stream (all zero if it has none). */
const struct sx_stats *sx_stream_stats(const struct sx_table *t,
    const struct sx_ext *e);

#endif
