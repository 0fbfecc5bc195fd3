/* limits.h - what limited each data direction of a stream (issue 22): its
 * transfer time split into the time the receiver's window, the sender
 * and the network held it back, and the round trips it took.
 *
 * Per direction that carries data, from its first data segment to the
 * ACK of its last one (the transfer time), every stretch of time between
 * two frames of the stream is given to one limit, by the state after
 * the earlier frame:
 *   in flight  = the end of the highest data the sender sent (tcp.seq_raw
 *                + tcp.len) minus the highest ACK number the receiver
 *                sent (tcp.ack_raw); 0 when that ACK covers it all
 *   window     = the receiver's latest advertised window, scaled
 *                (tcp.window_size)
 *   mss        = the largest payload the sender has sent so far, at
 *                most the MSS option of the receiver's SYN
 *   rwnd       : in flight + mss > window (the window does not let one
 *                more full segment out; zero windows included)
 *   sender     : otherwise, nothing in flight (the application or the
 *                sender's buffer supplied no data)
 *   network    : otherwise (data in flight below the window: congestion
 *                window, bottleneck, loss recovery)
 * Time with nothing in flight counts only once the sender sends new data
 * after it: the transfer ends at the ACK of its last data, or, when that
 * ACK is not in the capture, at the stream's last frame.
 *
 * The state is the sender's as far as the capture can tell: what the
 * receiver sends (its ACKs, its window) reaches the sender one upstream
 * round trip after the capture point saw it, the capture point -> sender
 * -> capture point time of the handshake (for the SYN's sender: from the
 * SYN-ACK to its ACK; for the other side: from the SYN to the SYN-ACK;
 * 0 without a handshake). The ACKs on their way wait in a queue of
 * SX_LIMITS_ACKQ; when it is full the newest entry takes the next ACK's
 * numbers (that ACK then arrives a little early).
 *
 * Memory: a fixed record per stream inside its statistics record. */
#ifndef SX_LIMITS_H
#define SX_LIMITS_H

#include <stdint.h>

/* The limits, in the order of the time arrays. */
enum sx_limit {
	SX_LIM_RWND,
	SX_LIM_SENDER,
	SX_LIM_NETWORK,
	SX_LIM_COUNT
};

/* A transfer whose round trips are at most this many is latency-bound
 * (documented in the man page). */
#define SX_LIMITS_LATENCY_RTTS 5

/* Bits of sx_limits_dir.bits. */
#define SX_LB_STARTED 0x01   /* the direction sent data */
#define SX_LB_UNA 0x02       /* the receiver sent an ACK number */
#define SX_LB_WIN 0x04       /* ... and a window */
#define SX_LB_WIN_UNKNOWN 0x08 /* a window of the receiver had an unknown
                                * scale factor: the limits are unknown */
#define SX_LB_MSS 0x10       /* the receiver's SYN had an MSS option */

/* ACKs on their way to the sender, at most. */
#define SX_LIMITS_ACKQ 4

/* Bits of sx_limits_dir.qbits[]. */
#define SX_LA_ACK 0x01
#define SX_LA_WIN 0x02

/* One data direction: the sender's state as the capture shows it. */
struct sx_limits_dir {
	int64_t first_ns;            /* its first data segment */
	int64_t at_ns;               /* time given up to here */
	int64_t up_ns;               /* capture -> sender -> capture */
	int64_t t[SX_LIM_COUNT];     /* time given to each limit */
	int64_t pend[SX_LIM_COUNT];  /* since nothing was in flight: given
	                              * when new data follows */
	/* what the receiver sent, on its way to the sender: when the
	 * sender has it, the ACK number, the window, SX_LA_* */
	int64_t qdue[SX_LIMITS_ACKQ];
	uint32_t qack[SX_LIMITS_ACKQ], qwin[SX_LIMITS_ACKQ];
	uint8_t qbits[SX_LIMITS_ACKQ];
	uint32_t nxt, una, win;      /* see above */
	uint32_t seg;                /* largest payload sent */
	uint16_t mss_opt;            /* the receiver's MSS option */
	uint8_t bits;                /* SX_LB_* */
	uint8_t qhead, qn;           /* the queue */
};

struct sx_limits {
	struct sx_limits_dir d[2];   /* [SX_FWD], [SX_REV]: data sent by */
	int64_t syn_ns, synack_ns;   /* the handshake, for up_ns */
	uint8_t hs;                  /* what of it was seen */
	uint8_t syn_side;
};

struct sx_frame;
struct sx_hdr;

/* Account header h of frame f, sent in direction dir, at the stream's
 * frame after the one at prev_ns (first: none before it). */
void sx_limits_add(struct sx_limits *lm, int dir, const struct sx_frame *f,
    const struct sx_hdr *h, int first, int64_t prev_ns);

/* The transfer time of a direction (0 when it sent no data), the ACKs
 * still on their way delivered. */
int64_t sx_limits_transfer_ns(const struct sx_limits_dir *d);

/* The time given to limit l, likewise. */
int64_t sx_limits_time_ns(const struct sx_limits_dir *d, enum sx_limit l);

/* Whether the limits of a direction are known: it sent data and the
 * receiver's window scale was never unknown. */
int sx_limits_known(const struct sx_limits_dir *d);

/* The stream's exchange: from the first data segment of either
 * direction to the end of the later transfer (0 when none sent data). */
int64_t sx_limits_exchange_ns(const struct sx_limits *lm);

#endif
