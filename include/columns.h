/* columns.h - the report's columns: names, meanings, and their values.
 *
 * A column is a metric, for the whole stream or for one direction: the
 * counters and RTTs exist as NAME (both directions), NAME_fwd (src to
 * dst) and NAME_rev (dst to src). */
#ifndef SX_COLUMNS_H
#define SX_COLUMNS_H

#include <stddef.h>
#include <stdint.h>

#include "fields.h"
#include "streams.h"
#include "trust.h"

/* What a column holds. */
enum sx_col_type {
	SX_CT_TEXT,    /* a string, may be absent (null) */
	SX_CT_COUNT,   /* an unsigned integer that totals add up */
	SX_CT_NUMBER,  /* an unsigned integer that is not added up */
	SX_CT_TIME,    /* seconds, may be absent (null) */
	SX_CT_RATIO    /* a fraction, may be absent (null) */
};

/* What a column measures. */
enum sx_metric {
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
	/* diagnosis (diag.h) */
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
	/* the statistics (stats.h; values from sx_stats_value) */
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
	/* what limited each transfer (limits.h; values from
	 * sx_limits_value): keep this order */
	SX_M_TRANSFER_TIME,
	SX_M_ROUND_TRIPS,
	SX_M_RWND_LIMITED_TIME,
	SX_M_SENDER_LIMITED_TIME,
	SX_M_NETWORK_LIMITED_TIME,
	SX_M_RWND_LIMITED_SHARE,
	SX_M_SENDER_LIMITED_SHARE,
	SX_M_NETWORK_LIMITED_SHARE,
#define SX_M_IS_LIMITS(m) ((m) >= SX_M_TRANSFER_TIME && \
	(m) <= SX_M_NETWORK_LIMITED_SHARE)
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

struct sx_column {
	const char *name;      /* as in TSV/CSV headers and JSON keys */
	const char *base;      /* the name without _fwd/_rev */
	const char *head;      /* table header (may abbreviate) */
	const char *help;      /* one-line meaning */
	const char *group;     /* "stream", "network", "capture", "info",
	                        * "time", "state"; the statistics'
	                        * "transfer", "window", "options",
	                        * "timing", "app" (also -e groups) */
	enum sx_col_type type;
	enum sx_metric metric;
	int flag;              /* for SX_M_FLAG: an sx_flag */
	enum sx_coldir dir;
	int needs_payload;     /* its fields need the TCP payload dissected
	                        * (service, server_name): frames must reach
	                        * tshark whole, and tshark is slower */
};

/* Whether any column of a selection needs the payload (see
 * sx_column.needs_payload; sx_fieldset_needs_payload says the same of
 * the fields asked for). */

/* A selection of columns, in output order. */
struct sx_colset {
	const struct sx_column **col;
	size_t n;
};

/* Every column, in canonical order: the stream's own columns, then the
 * _fwd columns, then the _rev columns. */
const struct sx_column *sx_columns(size_t *n);

int sx_colset_needs_payload(const struct sx_colset *set);

/* Look up a column by name; NULL if there is none. */
const struct sx_column *sx_column_find(const char *name);

/* Is name one of sx_colset_parse's groups? */
int sx_column_is_group(const char *name);

/* Parse a --columns list and append to set: column names and the groups
 * "all" (every column), "default", "flags" (the 15 flags), "fwd" and
 * "rev" (every column of that direction) and the statistics' "transfer",
 * "window", "options", "timing" and "app", separated by commas. Returns
 * 0, or -1 with a message in err. */
int sx_colset_parse(struct sx_colset *set, const char *list, char *err,
    size_t errsize);

/* The default selection (the columns of the original Lua tap plus the
 * endpoints). */
void sx_colset_default(struct sx_colset *set);

/* Put the file column first unless it is already selected. */
void sx_colset_want_file(struct sx_colset *set);

void sx_colset_free(struct sx_colset *set);

/* Add to fs the tshark fields column c needs. */
void sx_column_fields(const struct sx_column *c, struct sx_fieldset *fs);

/* Add to fs the fields the diagnosis state (diag.h) is made of. */
void sx_column_diag_fields(struct sx_fieldset *fs);

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
	                              * (sx_finding), then [9]: ok */
	struct sx_trust trust;       /* the capture's quality (set by the
	                              * caller: sx_trust_of) */
	char quality[64];            /* its verdict, for the column */
};

/* Sum up a capture's streams (t may be NULL: nothing was read). */
void sx_summary_of(struct sx_summary *s, const struct sx_table *t,
    const char *status);

/* The summary's columns, in order. */
const struct sx_column *sx_summary_columns(size_t *n);
const struct sx_column *sx_summary_column_find(const char *name);

/* The seed of the community_id column (--community-id-seed; default 0).
 * Set once before any report. */
void sx_column_community_id_seed(uint16_t seed);

/* The "alert" column added when thresholds are given. */
const struct sx_column *sx_column_alert(void);

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

void sx_column_value(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v);

/* The value of a statistics column (SX_M_RETRANS_BYTES ..
 * SX_M_SERVER_NAME) for a row (stats.c). */
void sx_stats_value(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v);

/* Order two values of column c: <0, 0, >0 as a sorts before b in
 * ascending order; absent values come last either way (handled by the
 * caller through v->null). */
int sx_value_cmp(const struct sx_column *c, const struct sx_value *a,
    const struct sx_value *b);

/* Whether a stream has a network problem (see SX_PROBLEM_FLAGS). */
int sx_row_has_problems(const struct sx_row *r);

/* Format an endpoint as "addr:port" or "[addr]:port" (buf >= 64). */
void sx_format_endpoint(const struct sx_endpoint *ep, char *buf,
    size_t size);

/* Format completeness bits as "SYN,SYNACK,ACK,DATA,FIN,RST" (the bits
 * set, in that order; "" for none) into buf (>= 32 bytes). */
void sx_format_state(unsigned bits, char *buf, size_t size);

#endif
