/* parse.h - turn one line of tshark output into a frame record. No I/O.
 *
 * A line holds the fields asked for (a subset of fields.h, in the order of
 * enum sx_field), separated by tabs; fields not asked for read as empty.
 * Every field is
 * checked: output that is not what streamxpert asked tshark for is an
 * error, never skipped. The frame record and its arrays are owned by the
 * parser and reused from line to line, so steady-state parsing allocates
 * nothing. */
#ifndef SX_PARSE_H
#define SX_PARSE_H

#include <stddef.h>
#include <stdint.h>

#include "fields.h"

/* The TCP options a SYN offered (sx_fstats.opt_bits). */
#define SX_OPT_MSS 0x02
#define SX_OPT_WSCALE 0x04
#define SX_OPT_SACK 0x08
#define SX_OPT_TS 0x10

/* The longest string kept for service and server_name (bytes). */
#define SX_STATS_MAX_TEXT 255

/* The statistics' fields of one frame (stats.h; parse_stats.c fills
 * it). Valid only
 * when single: the frame has exactly one TCP header, and it belongs to
 * a stream; otherwise the fields' lists cannot be told apart. */
struct sx_fstats {
	unsigned char single;
	unsigned char has_win, win_unknown, has_inflight;
	unsigned char has_mss, has_wshift;
	unsigned char opt_bits;     /* SX_OPT_MSS, _WSCALE, _SACK, _TS */
	uint32_t win, inflight;
	uint16_t mss;
	uint8_t wshift;
	const char *app;            /* the protocol above TCP, or NULL */
	size_t app_n;
	const char *sni, *host;     /* first values, or NULL */
	size_t sni_n, host_n;
};

/* How tshark prints a present flag: "1" with -T fields, a check mark with
 * custom columns. */
enum sx_flag_style {
	SX_FLAGSTYLE_FIELDS,
	SX_FLAGSTYLE_COLUMNS
};

/* A slice of the line. */
struct sx_slice {
	const char *p;
	size_t n;
};

/* An endpoint: IPv4 or IPv6 address and a port. */
struct sx_endpoint {
	unsigned char addr[16];
	unsigned char af;  /* 0 unknown, 4 or 6 */
	uint16_t port;
};

/* A TCP option holds at most 4 SACK blocks (RFC 2018). */
#define SX_SACK_MAX 4

/* One TCP header of the frame that carries a stream number. */
struct sx_hdr {
	uint32_t stream;
	uint16_t srcport, dstport;
	uint16_t tcpflags;   /* TH_* bits; valid if has_flags */
	uint32_t len;        /* tcp.len; valid if has_len */
	unsigned char has_flags, has_len;
	unsigned char completeness;  /* tcp.completeness; if has_completeness */
	unsigned char has_completeness;
	/* The diagnosis fields (when asked for): raw sequence and ACK
	 * numbers, the window field, the IP ID of its IPv4 header. */
	unsigned char has_seq, has_ack, has_win, has_ipid, has_ts;
	uint32_t seq, ack, win;
	uint32_t tsval;          /* the TCP timestamp option's TSval; if
	                          * has_ts */
	unsigned char has_dsack; /* a D-SACK block (RFC 2883): the first
	                          * SACK block, below the ACK number or
	                          * inside the second block; raw numbers */
	uint32_t dsack_s, dsack_e;
	unsigned char nsack;     /* the other SACK blocks: data above the
	                          * ACK number the receiver holds; raw */
	uint32_t sack_s[SX_SACK_MAX], sack_e[SX_SACK_MAX];
	uint16_t ipid;
	int net;             /* index of its IP header: >= 0 into ip.src,
	                      * or -1 - i into ipv6.src; SX_NET_NONE if none;
	                      * SX_NET_COLUMN: the built-in %uns/%und columns
	                      * of a simple frame (the frame's net_af) */
};

/* Whether the first of n SACK blocks [le[i], re[i]) (raw numbers) of a
 * segment acknowledging ack is a D-SACK (RFC 2883): below ack, or inside
 * the second block. */
int sx_is_dsack(uint32_t ack, const uint32_t *le, const uint32_t *re,
    size_t n);

/* The SACK blocks of header h (h->ack set): n edges [le[i], re[i]),
 * relative as tshark prints them, made raw by adding off; a D-SACK
 * first (has_dsack), the others (at most SX_SACK_MAX) into sack_s/e. */
void sx_hdr_sack(struct sx_hdr *h, uint32_t off, const uint32_t *le,
    const uint32_t *re, size_t n);

#define SX_NET_NONE INT32_MIN
#define SX_NET_COLUMN (INT32_MIN + 1)

/* Times (frame.time_relative, RTTs) are refused from this far on, either
 * sign: 2^62 ns, about 146 years. Differences of two times and sums of
 * RTTs kept below it then never overflow an int64_t. */
#define SX_TIME_LIMIT_NS ((int64_t)1 << 62)

/* TCP header flag bits as in tcp.flags. */
#define SX_TH_FIN 0x001
#define SX_TH_SYN 0x002
#define SX_TH_RST 0x004
#define SX_TH_ACK 0x010

struct sx_frame {
	int64_t time_ns;          /* frame.time_relative */
	uint32_t flags;           /* bit i set: flag i (sx_flag) present */
	size_t nhdr;              /* TCP headers with a stream number */
	struct sx_hdr *hdr;       /* nhdr entries, in frame order */
	size_t nrtt;
	int64_t *rtt;             /* ack_rtt samples, ns */
	int has_irtt;
	int64_t irtt;             /* initial_rtt, ns (first value) */
	uint32_t any_tcpflags;    /* OR of tcp.flags over all TCP headers */
	int net_af;               /* cheap endpoints: 4 or 6 (ip.version) */
	struct sx_fstats x;       /* the statistics' fields (stats.h) */
	struct sx_slice field[SX_F_COUNT];  /* the raw fields */
};

struct sx_parser {
	enum sx_flag_style style;
	int nfields;              /* fields per line */
	unsigned char fieldmap[SX_F_COUNT]; /* position -> enum sx_field */
	struct sx_frame frame;
	size_t hdr_cap, rtt_cap;
	/* scratch for per-header lists */
	uint32_t *u32a, *u32b;
	size_t u32_cap;
	int *tcpnet;              /* IP index for each "tcp" layer */
	size_t tcpnet_cap;
	int cheap;                /* endpoints from %uns/%und + ip.version */
	int diag;                 /* some diagnosis field is asked for */
	int nflags;               /* flags asked for */
	unsigned char flagmap[SX_FL_COUNT]; /* their sx_flag numbers */
	struct sx_addrcache {     /* the last texts found good, per column */
		char text[2][48];
		size_t n[2];
		unsigned mask[2];
		int next;
	} addr[2];                /* [0] %uns, [1] %und */
	int stats;                /* read the statistics' fields (fs->stats) */
	int service;              /* and the service (fs->service) */
	char err[160];            /* why the last line was refused */
	/* Times tshark printed that are not times (an invalid nstime:
	 * 4.4 and later print "-0.(1000000000 nanoseconds)", earlier ones
	 * ten or more fraction digits): the frame is still counted, with
	 * the previous frame's time and without that RTT sample. */
	uint64_t lines;           /* lines parsed */
	uint64_t bad_times;       /* frames with such a time */
	uint64_t bad_line;        /* the first one's line (1-based) */
	uint64_t bad_last;        /* the last one's */
	char bad_what[96];        /* its field and text */
	int64_t last_time_ns;     /* the last good frame.time_relative */
};

/* Prepare to parse lines holding the fields of fs (NULL: those of
 * sx_fieldset_all), tcp.stream always among them. With the cheap
 * endpoint fields (SX_F_IPVER without SX_F_PROTOCOLS), every frame with
 * a stream number must be simple: one stream, one TCP header, one IP
 * header; else sx_parse_line answers SX_PARSE_FALLBACK. */
void sx_parser_init(struct sx_parser *ps, enum sx_flag_style style,
    const struct sx_fieldset *fs);
void sx_parser_free(struct sx_parser *ps);

/* Parse line [line, line + n) (no newline). Returns 0 and fills ps->frame,
 * or -1 with ps->err saying what was wrong. A frame without TCP has
 * nhdr == 0. With the cheap endpoint fields, SX_PARSE_FALLBACK (ps->err
 * says why) when the line is well-formed but the frame is not simple: its
 * endpoints cannot be known from these fields, so the capture must be read
 * again with the exact ones. */
#define SX_PARSE_FALLBACK 1
int sx_parse_line(struct sx_parser *ps, const char *line, size_t n);

/* The statistics' fields of the current frame into ps->frame.x, given
 * its numbers of stream numbers and of TCP headers (tcp.srcport values).
 * Returns 0, or -1 with ps->err set (parse_stats.c). */
int sx_parse_stats(struct sx_parser *ps, size_t nstream, size_t ntcp);

/* Fill *ep with the source (src = 1) or destination endpoint of header
 * h of the current frame. Returns 0, or -1 if the address cannot be
 * determined (ep->af is then 0, and the port is still set). */
int sx_frame_endpoint(const struct sx_frame *f, const struct sx_hdr *h,
    int src, struct sx_endpoint *ep);

#endif
