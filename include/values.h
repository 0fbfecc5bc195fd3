/* values.h - what a column prints: the column, the row and the value
 * types, and the accessors that read a value from the accounting records
 * (streams.h, stats.h, diag.h) or from a capture's summary.
 *
 * An accessor reads one family of columns; the column's direction, flag
 * and argument (an offset, a bit) say which member. The catalogue
 * (catalogue.c) gives every column its accessor. A column is a metric,
 * for the whole stream or for one direction: the counters and RTTs exist
 * as NAME (both directions), NAME_fwd (src to dst) and NAME_rev (dst to
 * src). */
#ifndef SX_VALUES_H
#define SX_VALUES_H

#include <stddef.h>
#include <stdint.h>

#include "fields.h"
#include "streams.h"
#include "trust.h"
#include "verdict.h"

/* What a column holds. */
enum sx_col_type {
	SX_CT_TEXT,    /* a string, may be absent (null) */
	SX_CT_COUNT,   /* an unsigned integer that totals add up */
	SX_CT_NUMBER,  /* an unsigned integer that is not added up */
	SX_CT_TIME,    /* seconds, may be absent (null) */
	SX_CT_RATIO    /* a fraction, may be absent (null) */
};

/* What a column measures: one per row of the catalogue (a flag row and
 * a summary flag row stand for the 15 flags, told apart by flag). */
enum sx_metric {
	SX_M_NONE,         /* (a summary column made of no stream column) */
	SX_M_FILE,
	SX_M_STREAM,
	SX_M_SRC,
	SX_M_DST,
	SX_M_COMMUNITY_ID, /* the Community ID v1 of src and dst */
	SX_M_FRAMES,
	SX_M_BYTES,
	SX_M_START,
	SX_M_DURATION,
	SX_M_FLAG,         /* one of the 15 analysis flags: see flag */
	SX_M_RST,
	SX_M_RTT_MIN,
	SX_M_RTT_AVG,
	SX_M_RTT_MAX,
	SX_M_IRTT,
	SX_M_PLAIN_RETRANS,
	SX_M_PROBLEMS,
	SX_M_CAPTURE_PROBLEMS,
	SX_M_DATA_SEGMENTS,
	SX_M_RETRANS_DATA,
	SX_M_RETRANS_RATE,
	SX_M_STATE,
	SX_M_COMPLETENESS,
	SX_M_FIRST_FIN,
	SX_M_FIRST_RST,
	/* diagnosis (diag.h, verdict.h) */
	SX_M_LOST_DOWN,
	SX_M_LOST_DOWN_BYTES,
	SX_M_LOST_UP,
	SX_M_LOST_UP_BYTES,
	SX_M_REORDERED_UP,
	SX_M_UNFILLED_GAPS,
	SX_M_GAP_OVERFLOW,
	SX_M_DUP_FRAMES,
	SX_M_ZERO_WINDOW_TIME,
	SX_M_ZERO_WINDOW_SHARE,
	SX_M_DIAGNOSIS,
	/* the statistics (stats.h) */
	SX_M_RETRANS_BYTES,
	SX_M_GOODPUT_BYTES,
	SX_M_THROUGHPUT,
	SX_M_GOODPUT,
	SX_M_INFLIGHT_MAX,
	SX_M_INFLIGHT_AVG,
	SX_M_WIN_MIN,
	SX_M_WIN_AVG,
	SX_M_WIN_MAX,
	SX_M_MSS,
	SX_M_WSCALE,
	SX_M_SACK_PERM,
	SX_M_TIMESTAMPS,
	SX_M_SEG_MAX,
	SX_M_SEG_AVG,
	SX_M_IDLE_MAX,
	SX_M_RTT_SD,
	SX_M_FIRST_DATA,
	/* what limited each transfer (limits.h) */
	SX_M_TRANSFER_TIME,
	SX_M_ROUND_TRIPS,
	SX_M_RWND_LIMITED_TIME,
	SX_M_SENDER_LIMITED_TIME,
	SX_M_NETWORK_LIMITED_TIME,
	SX_M_RWND_LIMITED_SHARE,
	SX_M_SENDER_LIMITED_SHARE,
	SX_M_NETWORK_LIMITED_SHARE,
	SX_M_SERVICE,
	SX_M_SERVER_NAME,
	SX_M_ALERT,        /* the --fail-if conditions a row crosses */
	/* --summary: one row per capture */
	SX_M_SUM_STATUS,
	SX_M_SUM_FRAMES,
	SX_M_SUM_TCP_FRAMES,
	SX_M_SUM_STREAMS,
	SX_M_SUM_PROBLEM_STREAMS,
	SX_M_SUM_BYTES,
	SX_M_SUM_FLAG,
	SX_M_SUM_RST,
	SX_M_SUM_RETRANS_RATE,
	SX_M_SUM_WORST_STREAM,
	SX_M_SUM_WORST_SRC,
	SX_M_SUM_WORST_DST,
	SX_M_SUM_WORST_RATE,
	SX_M_SUM_FINDING,      /* streams with a finding: see flag */
	/* the capture's own quality (trust.h) */
	SX_M_SUM_QUALITY,
	SX_M_SUM_IFDROP,
	SX_M_SUM_OSDROP,
	SX_M_SUM_CUT,
	SX_M_SUM_TIME_BACK,
	SX_M_SUM_DUP_FRAMES
};

/* Which part of the stream a column covers. */
enum sx_coldir {
	SX_CD_BOTH = -1,   /* the stream as a whole */
	SX_CD_FWD = 0,     /* frames from src to dst */
	SX_CD_REV = 1      /* frames from dst to src */
};

/* The accounting a column's value comes from (sx_column.needs). */
#define SX_NEED_CORE 0x01     /* the stream records (streams.h) */
#define SX_NEED_STATS 0x02    /* the statistics records (stats.h) */
#define SX_NEED_DIAG 0x04     /* the diagnosis state (diag.h) */
#define SX_NEED_VERDICT 0x08  /* the columns the verdict reads
                               * (sx_verdict_inputs) */
#define SX_NEED_SUMMARY 0x10  /* the capture's summary (struct
                               * sx_summary), made of the column from */

/* How -T prometheus shows a column (sx_column.prom). */
#define SX_PROM_AUTO 0        /* text: a label of the info family;
                               * else a family of its own */
#define SX_PROM_LABEL 1       /* a label of every sample (file, stream) */

/* How the table shows a column (sx_column.show; units.h). A count is
 * shown with thousands separators, a time as a duration and a ratio as
 * a percentage unless a bit says otherwise. */
#define SX_SHOW_RATE 0x01     /* bytes per second in bit/s with k, M, G */
#define SX_SHOW_MARK 0x02     /* "!" before the text */
#define SX_SHOW_MS 0x04       /* a round-trip time in milliseconds */
#define SX_SHOW_AVG 0x08      /* a mean: 9.2, 65,489 */
#define SX_SHOW_SEP 0x10      /* a number with thousands separators */

/* The bit of field f in sx_column.fields. */
#define SX_FIELD_BIT(f) (UINT64_C(1) << (f))

struct sx_column;
struct sx_row;
struct sx_value;

/* An accessor: the value of column c for row r into v (v arrives with
 * null 0, str pointing at text, text empty). */
typedef void sx_value_fn(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v);

/* One column: a row of the catalogue, in one direction. */
struct sx_column {
	const char *name;      /* as in TSV/CSV headers and JSON keys */
	const char *base;      /* the name without _fwd/_rev */
	const char *head;      /* table header (may abbreviate) */
	const char *help;      /* one-line meaning (--list-columns) */
	const char *group;     /* "stream", "network", "capture", "info",
	                        * "time", "state", "diagnosis", "summary";
	                        * the statistics' "transfer", "window",
	                        * "options", "timing", "app", "limits" (also
	                        * -e groups) */
	enum sx_col_type type;
	enum sx_metric metric;
	int flag;              /* SX_M_FLAG, SX_M_SUM_FLAG: an sx_flag;
	                        * SX_M_SUM_FINDING: an sx_finding, or
	                        * SX_FIND_COUNT for ok */
	enum sx_coldir dir;
	sx_value_fn *value;    /* how its value is read */
	size_t arg;            /* the accessor's argument (an offset, a
	                        * bit, a side) */
	uint64_t fields;       /* SX_FIELD_BIT of each tshark field its
	                        * value is made of (with needs: all it asks
	                        * for is sx_column_fields) */
	unsigned needs;        /* SX_NEED_* */
	enum sx_metric from;   /* summary: the stream column it is made of
	                        * (SX_M_NONE: none), flag as its own */
	int desc;              /* --sort: largest first by default */
	int in_default;        /* in the default selection */
	int prom;              /* SX_PROM_* */
	unsigned show;         /* SX_SHOW_* */
	int needs_payload;     /* its fields need the TCP payload dissected
	                        * (service, server_name): frames must reach
	                        * tshark whole, and tshark is slower */
};

/* One capture in a line (--summary). */
struct sx_summary {
	const char *status;          /* "ok", "partial" or "failed" */
	uint64_t frames;             /* frames tshark printed */
	uint64_t tcp_frames;         /* frames with a tcp.stream */
	uint64_t streams;
	uint64_t problem_streams;    /* streams with a network problem */
	uint64_t bytes;
	uint64_t flag[SX_FL_COUNT];  /* sums over the streams */
	uint64_t rst;
	uint64_t data, retrans_data; /* data segments, retransmitted ones */
	int has_worst;               /* some stream carried data */
	uint64_t worst_stream;       /* the highest retrans_rate, first
	                              * such stream on ties */
	double worst_rate;
	char worst_src[64], worst_dst[64];
	uint64_t finding[SX_FIND_COUNT + 1]; /* streams per diagnosis finding
	                              * (sx_finding), then [SX_FIND_COUNT]:
	                              * ok */
	struct sx_trust trust;       /* the capture's quality (set by the
	                              * caller: sx_trust_of) */
	char quality[64];            /* its verdict, for the column */
};

/* One stream (or, for the summary, one capture) as the writers see it. */
struct sx_row {
	const char *file;
	size_t stream;
	const struct sx_stream *st;
	const struct sx_ext *ext;
	const struct sx_diag *diag;    /* NULL: none kept */
	const struct sx_table *table;  /* for the statistics (may be NULL) */
	const struct sx_summary *sum;  /* summary rows */
	const char *alert;             /* conditions crossed, or NULL */
};

/* A column's value for a row. */
struct sx_value {
	int null;            /* absent (no RTT sample, no data, ...) */
	uint64_t count;      /* SX_CT_COUNT, SX_CT_NUMBER */
	int64_t ns;          /* SX_CT_TIME */
	double ratio;        /* SX_CT_RATIO */
	char text[64];       /* SX_CT_TEXT, except the file name and the
	                      * diagnosis (count holds its findings) */
	const char *str;     /* SX_CT_TEXT: the string to print */
};

/* Column c's value for row r. */
void sx_column_value(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v);

/* Order two values of column c: <0, 0, >0 as a sorts before b in
 * ascending order; absent values come last either way (handled by the
 * caller through v->null). */
int sx_value_cmp(const struct sx_column *c, const struct sx_value *a,
    const struct sx_value *b);

/* Whether a stream has a network problem (see SX_PROBLEM_FLAGS). */
int sx_row_has_problems(const struct sx_row *r);

/* The seed of the community_id column (--community-id-seed; default 0).
 * Set once before any report. */
void sx_column_community_id_seed(uint16_t seed);

/* Format an endpoint as "addr:port" or "[addr]:port" (buf >= 64). */
void sx_format_endpoint(const struct sx_endpoint *ep, char *buf,
    size_t size);

/* Format completeness bits as "SYN,SYNACK,ACK,DATA,FIN,RST" (the bits
 * set, in that order; "" for none) into buf (>= 32 bytes). */
void sx_format_state(unsigned bits, char *buf, size_t size);

/* --- the accessors (see sx_value_fn; arg as said) --- */

/* sx_val_rtt's argument: which of the ack_rtt samples' figures. */
#define SX_RTT_MIN 0
#define SX_RTT_AVG 1
#define SX_RTT_MAX 2

/* the stream */
sx_value_fn sx_val_file, sx_val_stream, sx_val_alert;
sx_value_fn sx_val_endpoint;        /* arg: 0 src, 1 dst */
sx_value_fn sx_val_community_id;
sx_value_fn sx_val_frames, sx_val_start, sx_val_duration;
sx_value_fn sx_val_ext_pair32;      /* arg: offset of a uint32_t[2] of
                                     * struct sx_ext */
sx_value_fn sx_val_ext_pair64;      /* ... of a uint64_t[2] */
sx_value_fn sx_val_flag, sx_val_plain_retrans, sx_val_retrans_rate;
sx_value_fn sx_val_rtt;             /* arg: SX_RTT_MIN, _AVG, _MAX */
sx_value_fn sx_val_irtt;
sx_value_fn sx_val_state, sx_val_completeness;
sx_value_fn sx_val_first_end;       /* arg: 1 FIN, 0 RST */
/* the diagnosis state */
sx_value_fn sx_val_diag32;          /* arg: offset of a uint32_t of
                                     * struct sx_diag_dir */
sx_value_fn sx_val_diag64;          /* ... of a uint64_t */
sx_value_fn sx_val_unfilled, sx_val_zw_time, sx_val_zw_share;
/* the statistics */
sx_value_fn sx_val_retrans_bytes;   /* arg: 0 retransmitted, 1 the others
                                     * (goodput) */
sx_value_fn sx_val_rate;            /* arg: 0 all bytes, 1 goodput */
sx_value_fn sx_val_inflight;        /* count: max, ratio: mean */
sx_value_fn sx_val_win;             /* count: the largest (arg 1: the
                                     * smallest), ratio: the mean */
sx_value_fn sx_val_syn_option;      /* arg: SX_DS_MSS, SX_DS_WSCALE (the
                                     * value offered), SX_DS_SACK or
                                     * SX_DS_TS (1 offered, 0 not) */
sx_value_fn sx_val_seg;             /* count: max, ratio: mean */
sx_value_fn sx_val_rtt_sd, sx_val_first_data, sx_val_idle_max;
sx_value_fn sx_val_service, sx_val_server_name;
/* what limited each transfer (limits.h) */
sx_value_fn sx_val_transfer;        /* arg: 0 the transfer time, 1 its
                                     * round trips */
sx_value_fn sx_val_limited;         /* arg: an sx_limit; the column's
                                     * type says its time (SX_CT_TIME)
                                     * or its share (SX_CT_RATIO) */
/* the summary */
sx_value_fn sx_val_sum_status;
sx_value_fn sx_val_sum_u64;         /* arg: offset of a uint64_t of
                                     * struct sx_summary (a count, a
                                     * flag's, a finding's) */
sx_value_fn sx_val_sum_retrans_rate;
sx_value_fn sx_val_sum_quality;     /* capture_quality */
sx_value_fn sx_val_sum_trust;       /* the quality's numbers: arg 0 ifdrop, 1 osdrop, 2 cut, 3 time back, 4 dups */
sx_value_fn sx_val_sum_worst;       /* the worst stream: count its
                                     * number, ratio its rate, str (arg:
                                     * 0 src, 1 dst) its end */

#endif
