/* fields.h - the tshark fields streamxpert asks for, in output order, and
 * the 15 TCP analysis flags it counts. This is the single place that says
 * what tshark must print; tshark.c turns it into arguments and parse.c
 * reads it back. */
#ifndef SX_FIELDS_H
#define SX_FIELDS_H

/* The analysis flags, in report order. The names are Wireshark's, without
 * the "tcp.analysis." prefix. */
enum sx_flag {
	SX_FL_RETRANSMISSION,
	SX_FL_FAST_RETRANSMISSION,
	SX_FL_SPURIOUS_RETRANSMISSION,
	SX_FL_DUPLICATE_ACK,
	SX_FL_OUT_OF_ORDER,
	SX_FL_LOST_SEGMENT,
	SX_FL_ACK_LOST_SEGMENT,
	SX_FL_ZERO_WINDOW,
	SX_FL_ZERO_WINDOW_PROBE,
	SX_FL_ZERO_WINDOW_PROBE_ACK,
	SX_FL_WINDOW_FULL,
	SX_FL_WINDOW_UPDATE,
	SX_FL_KEEP_ALIVE,
	SX_FL_KEEP_ALIVE_ACK,
	SX_FL_REUSED_PORTS,
	SX_FL_COUNT
};

/* The fields of one output line, in order. Fields marked "list" may hold
 * several comma-separated values (one per TCP or IP header in the frame). */
enum sx_field {
	SX_F_STREAM,     /* tcp.stream, list */
	SX_F_TIME,       /* frame.time_relative */
	SX_F_PROTOCOLS,  /* frame.protocols: "eth:ethertype:ip:tcp" */
	SX_F_IP_SRC,     /* ip.src, list */
	SX_F_IP_DST,     /* ip.dst, list */
	SX_F_IP6_SRC,    /* ipv6.src, list */
	SX_F_IP6_DST,    /* ipv6.dst, list */
	SX_F_SRCPORT,    /* tcp.srcport, list */
	SX_F_DSTPORT,    /* tcp.dstport, list */
	SX_F_TCPFLAGS,   /* tcp.flags, list of hex numbers */
	SX_F_TCPLEN,     /* tcp.len, list */
	SX_F_ACK_RTT,    /* tcp.analysis.ack_rtt, list */
	SX_F_IRTT,       /* tcp.analysis.initial_rtt, list */
	SX_F_COMPLETENESS, /* tcp.completeness, list (tshark 3.6 and later) */
	SX_F_FLAG0,      /* first of the SX_FL_COUNT flag fields */
	SX_F_FLAG_END = SX_F_FLAG0 + SX_FL_COUNT,
	/* The statistics' fields (stats.h), asked for only when a chosen
	 * column needs them; read from frames with a single TCP header. */
	SX_F_WINSIZE = SX_F_FLAG_END, /* tcp.window_size (calculated) */
	SX_F_WINSCALE,   /* tcp.window_size_scalefactor: -1 unknown,
	                  * -2 no scaling; absent on SYNs */
	SX_F_INFLIGHT,   /* tcp.analysis.bytes_in_flight */
	SX_F_OPTKIND,    /* tcp.option_kind, list: 2 MSS, 3 window scale,
	                  * 4 SACK permitted, 8 timestamps */
	SX_F_MSS,        /* tcp.options.mss_val */
	SX_F_WSHIFT,     /* tcp.options.wscale.shift */
	SX_F_APPPROTO,   /* frame.protocols again, for the service: the
	                  * cheap endpoint fields drop SX_F_PROTOCOLS */
	SX_F_SNI,        /* tls.handshake.extensions_server_name */
	SX_F_HTTPHOST,   /* http.host */
	SX_F_STATS_END,
	/* The cheap endpoint fields (custom-column engine only; see
	 * sx_tshark_fields): they replace frame.protocols and the four IP
	 * address fields when every frame turns out to be simple. */
	SX_F_NET_SRC = SX_F_STATS_END, /* tshark's built-in column %uns:
	                  * the last network source address, padded */
	SX_F_IPVER,      /* ip.version, list: one per IPv4 or IPv6 header */
	SX_F_NET_DST,    /* the built-in column %und */
	/* The diagnosis fields (diag.h), asked for only when a chosen
	 * column needs them. */
	SX_F_SEQ_RAW,    /* tcp.seq_raw, list: the sequence number on the
	                  * wire, whatever tcp.relative_sequence_numbers */
	SX_F_ACK_RAW,    /* tcp.ack_raw, list */
	SX_F_IP_ID,      /* ip.id, list of hex numbers: one per IPv4 header */
	SX_F_WINDOW,     /* tcp.window_size_value, list: the window field
	                  * as sent (unscaled; only zero or not matters) */
	SX_F_TSVAL,      /* tcp.options.timestamp.tsval, list */
	SX_F_SACK_LE,    /* tcp.options.sack_le, list: SACK blocks' left */
	SX_F_SACK_RE,    /* tcp.options.sack_re, list: and right edges,
	                  * relative as tcp.ack is (with relative numbers
	                  * on): raw = value + tcp.ack_raw - tcp.ack */
	SX_F_ACK_REL,    /* tcp.ack, list */
	SX_F_COUNT
};

/* Field names as tshark knows them ("tcp.stream"), indexed by sx_field. */
extern const char *const sx_field_names[SX_F_COUNT];

/* Whether tshark should print every occurrence (1) or only the first (0)
 * of a field; flags need only the first to know they are present. */
extern const unsigned char sx_field_all_occurrences[SX_F_COUNT];

/* A set of fields to ask for: want[f] is non-zero for each one. */
struct sx_fieldset {
	unsigned char want[SX_F_COUNT];
	unsigned char stats;   /* keep the per-stream statistics record
	                        * (stats.h): a column of issue 13 is chosen */
	unsigned char service; /* the service column: frame.protocols is
	                        * read for it (SX_F_APPPROTO, or
	                        * SX_F_PROTOCOLS when both are asked for) */
};

/* Whether fs asks for fields that need the TCP payload dissected (the
 * service and server_name columns): frames must then reach tshark
 * whole, and tshark is slower. */
int sx_fieldset_needs_payload(const struct sx_fieldset *fs);

/* Every field but the cheap endpoint ones. */
void sx_fieldset_all(struct sx_fieldset *fs);

/* Flag names as reported ("retransmission"), indexed by sx_flag. */
extern const char *const sx_flag_names[SX_FL_COUNT];

#endif
