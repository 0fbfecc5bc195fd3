/* points.h - the per-frame points of the streams that are drawn (svg.h),
 * read by a second tshark over the capture restricted to those streams.
 *
 * Memory is bounded per stream whatever its length. A stream of at most
 * SX_PTS_EXACT frames keeps one point per event (every segment, ACK,
 * window, SACK block, mark); a longer one is downsampled: its life is cut
 * into SX_PTS_COLS time columns (one per pixel column of a graph) and the
 * events of one kind and direction within one column merge into one
 * point that keeps their lowest and highest value, their count and their
 * first and last frame. So a mark of every kind stays visible in every
 * column where one happened, and a point never stands for more than one
 * column. Throughput and goodput are kept in SX_PTS_BINS time bins in
 * either case. */
#ifndef SX_POINTS_H
#define SX_POINTS_H

#include <stddef.h>
#include <stdint.h>

#include "diag.h"
#include "limits.h"
#include "parse.h"
#include "tshark.h"

#define SX_PTS_EXACT 3000   /* frames a stream may have to be drawn whole */
#define SX_PTS_COLS 800     /* time columns of a downsampled stream */
#define SX_PTS_BINS 100     /* throughput bins */
#define SX_PTS_RETRANS 1
#define SX_PTS_ZEROWIN 2

/* What a point is. Every kind belongs to one data direction: the frames
 * of that direction (segments and their marks, bytes in flight) or the
 * ACKs and windows its receiver sent back (everything else). */
enum sx_pt_kind {
	SX_PK_SEG,          /* a data segment: [lo, hi) of sequence space */
	SX_PK_RETRANS,      /* a retransmission (tcp.analysis.retransmission)
	                     * neither fast nor spurious */
	SX_PK_FAST,         /* a fast retransmission */
	SX_PK_SPURIOUS,     /* a spurious retransmission */
	SX_PK_WINFULL,      /* the segment filled the receive window */
	SX_PK_LOST_UP,      /* a segment lost upstream of the capture point
	                     * (diag.h's rule) */
	SX_PK_LOST_DOWN,    /* one lost downstream of it */
	SX_PK_INFLIGHT,     /* bytes in flight (lo = hi) */
	SX_PK_ACK,          /* the acknowledged sequence number (lo = hi) */
	SX_PK_WIN,          /* ACK + the scaled receive window (lo = hi) */
	SX_PK_RWND,         /* the scaled receive window in bytes */
	SX_PK_SACK,         /* a SACK block [lo, hi) */
	SX_PK_ZEROWIN,      /* a zero window advertised (lo = the ACK) */
	SX_PK_DUPACK,       /* a duplicate ACK (lo = the ACK) */
	SX_PK_RTT,          /* an RTT sample in ns (lo = hi) */
	SX_PK_COUNT
};

/* The CSS class of each kind ("seg", "retrans", ...). */
extern const char *const sx_pt_class[SX_PK_COUNT];

struct sx_pt {
	int64_t t;           /* ns after the stream's first frame */
	int64_t lo, hi;      /* relative sequence numbers, bytes or ns */
	uint32_t frame;      /* frame.number of the first event */
	uint32_t last;       /* ... and of the last merged into it */
	uint32_t n;          /* events merged (1 when exact) */
	uint16_t col;        /* time column (downsampled streams) */
	uint8_t kind, dir;
};

/* One stream's points. */
struct sx_pts {
	size_t stream;
	int64_t t0, t1;      /* its first and last frame (frame.time_relative,
	                      * ns), from the first reading */
	int downsampled;
	struct sx_endpoint ep[2];
	struct sx_pt *v;
	size_t n, cap;
	size_t open[2][SX_PK_COUNT]; /* 1 + the point still merging, or 0 */
	uint32_t base[2];    /* raw sequence number that is relative 0 */
	int64_t top[2];      /* highest relative number seen, to unwrap */
	uint8_t has_base[2];
	int64_t last_ns;     /* the time of the frame before */
	uint64_t frames[2];  /* frames read per direction */
	uint64_t bytes[2];   /* tcp.len per direction */
	uint64_t bin[2][SX_PTS_BINS];   /* bytes per throughput bin */
	uint64_t good[2][SX_PTS_BINS];  /* the same without retransmissions */
	uint64_t count[2][SX_PK_COUNT]; /* events of each kind */
	uint8_t mark[SX_PTS_BINS];      /* per bin: SX_PTS_RETRANS if a
	                                 * retransmission, SX_PTS_ZEROWIN if
	                                 * a zero window happened in it */
	int bins_only;       /* keep no points: the bins and counts only
	                      * (the terminal's timeline) */
	struct sx_diag diag; /* loss location, as the first reading had it */
	struct sx_diag_work *diagw; /* its sets (diagwork.h) */
	struct sx_limits lim;   /* what limited each direction, as the
	                         * first reading has it ... */
	struct sx_phases *ph;   /* ... and its phases, [2] (NULL before
	                         * the first frame, and with bins_only) */
};

/* What to read: a capture, the display filter the first reading had
 * (or NULL), and the streams (stream, t0, t1, ep and frames of each set
 * by the caller: see sx_pts_init). */
struct sx_pts_job {
	const struct sx_tshark *ts;
	const char *file;
	const char *dfilter;
	struct sx_pts *s;
	size_t n;            /* in increasing stream order */
};

/* Prepare p for stream `stream` whose first reading saw frames frames
 * between t0 and t1 with endpoints ep. */
void sx_pts_init(struct sx_pts *p, size_t stream, int64_t t0, int64_t t1,
    const struct sx_endpoint ep[2], uint64_t frames);
void sx_pts_free(struct sx_pts *p);

/* The largest memory one stream's points took in this run (bytes, the
 * record and its points), and the streams read: for --stats. */
size_t sx_pts_peak_bytes(size_t *streams);

/* Run the second tshark and fill the streams' points. Returns 0, or -1
 * with a message in err (tshark failed, or a line was not what was asked
 * for). A caught signal stops it (-1, err says so). */
int sx_pts_read(struct sx_pts_job *job, char *err, size_t errsize);

/* The end of the reading: the phases of each stream settled (limits.h).
 * sx_pts_read calls it; for the tests. */
void sx_pts_end(struct sx_pts_job *job);

/* Account one line of the second tshark's output (its fields are
 * sx_pts_fields, tab-separated). Returns 0, or -1 with a message. For
 * the tests. */
int sx_pts_line(struct sx_pts_job *job, char *line, size_t n, char *err,
    size_t errsize);

/* The argument vector of the second tshark (free with sx_argv_free). */
char **sx_pts_argv(const struct sx_pts_job *job);

#endif
