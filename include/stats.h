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

/* Bits of sx_dstats.bits. */
#define SX_DS_SYN 0x01      /* a SYN of this direction was read: the
                             * option fields below describe it */
#define SX_DS_MSS 0x02      /* it carried an MSS option */
#define SX_DS_WSCALE 0x04   /* ... a window scale option */
#define SX_DS_SACK 0x08     /* ... SACK permitted */
#define SX_DS_TS 0x10       /* ... timestamps */
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

/* The longest string kept for service and server_name (bytes). */
#define SX_STATS_MAX_TEXT 255

/* The statistics read from one frame (parse.c fills it). Valid only
 * when single: the frame has exactly one TCP header, and it belongs to
 * a stream; otherwise the fields' lists cannot be told apart. */
struct sx_fstats {
	unsigned char single;
	unsigned char has_win, win_unknown, has_inflight;
	unsigned char has_mss, has_wshift;
	unsigned char opt_bits;     /* SX_DS_MSS, _WSCALE, _SACK, _TS */
	uint32_t win, inflight;
	uint16_t mss;
	uint8_t wshift;
	const char *app;            /* the protocol above TCP, or NULL */
	size_t app_n;
	const char *sni, *host;     /* first values, or NULL */
	size_t sni_n, host_n;
};

#endif
