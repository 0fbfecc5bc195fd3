/* catalogue.c - every column, one row each, and what is derived from the
 * table: the columns of each direction, the lookups, the fields a column
 * needs, the verdict's inputs. */
#include "catalogue.h"

#include <stdio.h>
#include <string.h>

#include "diag.h"
#include "stats.h"
#include "util.h"

/* Which list a row belongs to. */
enum row_set {
	SET_STREAM,    /* the stream report (sx_columns) */
	SET_SUMMARY,   /* --summary (sx_summary_columns) */
	SET_ALERT      /* the alert column (sx_column_alert) */
};

/* Row attributes. */
#define A_DEFAULT 0x01   /* in the default selection (of --summary: its
                          * table's) */
#define A_DESC 0x02      /* --sort: largest first (counts, times and
                          * rates are anyway; text and other numbers
                          * sort ascending) */
#define A_LABEL 0x04     /* a label of every Prometheus sample */
#define A_RATE 0x08      /* the table shows bit/s with k, M, G */
#define A_MARK 0x10      /* the table shows "!" before the text */
#define A_MS 0x20        /* the table shows milliseconds (an RTT) */
#define A_AVG 0x40       /* the table shows a mean: 9.2, 65,489 */
#define A_SEP 0x80       /* the table shows a number with separators */

/* One row: one column, before it is split into directions. */
struct row {
	enum row_set set;
	const char *name;      /* NULL: the flag's name (sx_flag_names) */
	const char *head;      /* NULL (summary flags): the stream's */
	const char *group;
	enum sx_col_type type;
	enum sx_metric metric;
	int flag;
	int dirs;              /* 0 the stream only, 1 also _fwd and _rev,
	                        * 2 only _fwd and _rev */
	sx_value_fn *value;
	size_t arg;
	uint64_t fields;
	unsigned needs;
	enum sx_metric from;
	unsigned attr;
	const char *help;      /* NULL (summary flags): the stream's */
};

#define F(x) SX_FIELD_BIT(SX_F_##x)
#define FLAGF(fl) SX_FIELD_BIT(SX_F_FLAG0 + (fl))
#define FLAGS(mask) ((uint64_t)(mask) << SX_F_FLAG0)
/* What tells a frame's direction: every column of one direction, and
 * the statistics (their per-header fields are read from single-header
 * frames, and tcp.srcport counts the headers), need them. */
#define ENDPOINTS (F(PROTOCOLS) | F(IP_SRC) | F(IP_DST) | F(IP6_SRC) | \
	F(IP6_DST) | F(SRCPORT) | F(DSTPORT) | F(TCPFLAGS))
/* What the limits are made of (limits.h): every frame's sequence space,
 * ACK and window, the MSS option, the RTTs. */
#define LIMITS (F(TIME) | F(TCPFLAGS) | F(TCPLEN) | F(SEQ_RAW) | \
	F(ACK_RAW) | F(WINSIZE) | F(WINSCALE) | F(MSS) | F(ACK_RTT) | \
	F(IRTT))
/* What the diagnosis's accounting is made of (diag.h, diagwork.h): the
 * endpoints that tell directions, every frame's time, flags, length,
 * raw sequence and ACK numbers, IP ID, window field and TSval, the SACK
 * blocks with tcp.ack (a D-SACK's edges are relative, parse.c) and the
 * analysis flags it reads. Every column of the diagnosis (needs DIAG)
 * asks for them. */
#define DIAGNOSIS (ENDPOINTS | F(TIME) | F(TCPLEN) | F(SEQ_RAW) | \
	F(ACK_RAW) | F(ACK_REL) | F(IP_ID) | F(WINDOW) | F(TSVAL) | \
	F(SACK_LE) | F(SACK_RE) | FLAGF(SX_FL_RETRANSMISSION) | \
	FLAGF(SX_FL_SPURIOUS_RETRANSMISSION) | FLAGF(SX_FL_OUT_OF_ORDER) | \
	FLAGF(SX_FL_LOST_SEGMENT) | FLAGF(SX_FL_ZERO_WINDOW))
#define CORE SX_NEED_CORE
#define STATS (SX_NEED_CORE | SX_NEED_STATS)
#define DIAG (SX_NEED_CORE | SX_NEED_DIAG)

#define COL(nm, hd, grp, ty, me, dr, fn, ar, fi, nd, at, hp) \
	{ SET_STREAM, nm, hd, grp, ty, me, 0, dr, fn, ar, fi, nd, \
	  SX_M_NONE, at, hp }
#define FLAG(fl, hd, grp, at, hp) \
	{ SET_STREAM, NULL, hd, grp, SX_CT_COUNT, SX_M_FLAG, fl, 1, \
	  sx_val_flag, 0, FLAGF(fl), CORE, SX_M_NONE, at, hp }
#define SUM(nm, hd, ty, me, fn, ar, from, at, hp) \
	{ SET_SUMMARY, nm, hd, "summary", ty, me, 0, 0, fn, ar, 0, \
	  SX_NEED_SUMMARY, from, at, hp }
#define SUMFLAG(fl) \
	{ SET_SUMMARY, NULL, NULL, "summary", SX_CT_COUNT, SX_M_SUM_FLAG, \
	  fl, 0, sx_val_sum_u64, SUMOFF(flag[fl]), 0, SX_NEED_SUMMARY, \
	  SX_M_FLAG, 0, NULL }
#define SUMFIND(fi, nm, hd, hp) \
	{ SET_SUMMARY, nm, hd, "summary", SX_CT_COUNT, SX_M_SUM_FINDING, \
	  fi, 0, sx_val_sum_u64, SUMOFF(finding[fi]), 0, SX_NEED_SUMMARY, \
	  SX_M_DIAGNOSIS, 0, hp }
#define EXT(member) offsetof(struct sx_ext, member)
#define DD(member) offsetof(struct sx_diag_dir, member)
#define SUMOFF(member) offsetof(struct sx_summary, member)

static sx_value_fn val_diagnosis;

static const struct row rows[] = {
	COL("file", "file", "stream", SX_CT_TEXT, SX_M_FILE, 0,
	    sx_val_file, 0, 0, CORE, A_LABEL,
	    "the capture file the stream is in"),
	COL("stream", "stream", "stream", SX_CT_NUMBER, SX_M_STREAM, 0,
	    sx_val_stream, 0, 0, CORE, A_DEFAULT | A_LABEL,
	    "Wireshark's tcp.stream number"),
	COL("src", "src", "stream", SX_CT_TEXT, SX_M_SRC, 0,
	    sx_val_endpoint, 0, ENDPOINTS, CORE, A_DEFAULT,
	    "client address:port (IPv6 as [addr]:port)"),
	COL("dst", "dst", "stream", SX_CT_TEXT, SX_M_DST, 0,
	    sx_val_endpoint, 1, ENDPOINTS, CORE, A_DEFAULT,
	    "server address:port"),
	COL("community_id", "community", "stream", SX_CT_TEXT,
	    SX_M_COMMUNITY_ID, 0, sx_val_community_id, 0, ENDPOINTS, CORE, 0,
	    "the Community ID v1 flow hash of src and dst (the key of Zeek, "
	    "Suricata, Arkime and Wireshark's communityid for the "
	    "connection); absent without IP addresses"),
	COL("frames", "frames", "stream", SX_CT_COUNT, SX_M_FRAMES, 1,
	    sx_val_frames, 0, 0, CORE, A_DEFAULT, "frames"),
	COL("bytes", "bytes", "stream", SX_CT_COUNT, SX_M_BYTES, 1,
	    sx_val_ext_pair64, EXT(bytes), F(TCPLEN), CORE, 0,
	    "TCP payload bytes (sum of tcp.len)"),
	COL("start", "start", "stream", SX_CT_TIME, SX_M_START, 0,
	    sx_val_start, 0, F(TIME), CORE, 0,
	    "first frame, seconds since the capture's first frame"),
	COL("duration", "duration", "stream", SX_CT_TIME, SX_M_DURATION, 0,
	    sx_val_duration, 0, F(TIME), CORE, 0,
	    "last frame minus first frame, seconds"),
	FLAG(SX_FL_RETRANSMISSION, "retrans", "network", A_DEFAULT,
	    "retransmissions of every kind (tcp.analysis.retransmission)"),
	FLAG(SX_FL_FAST_RETRANSMISSION, "fastretr", "network", 0,
	    "fast retransmissions (also counted in retransmission)"),
	FLAG(SX_FL_SPURIOUS_RETRANSMISSION, "spurretr", "network", 0,
	    "retransmissions of data already acknowledged (also counted in "
	    "retransmission)"),
	FLAG(SX_FL_DUPLICATE_ACK, "dupack", "network", A_DEFAULT,
	    "duplicate ACKs"),
	FLAG(SX_FL_OUT_OF_ORDER, "ooo", "network", A_DEFAULT,
	    "out-of-order segments"),
	FLAG(SX_FL_LOST_SEGMENT, "lost", "capture", 0,
	    "previous segment not captured (a gap in the sequence: usually "
	    "the capture missed it)"),
	FLAG(SX_FL_ACK_LOST_SEGMENT, "acklost", "capture", 0,
	    "ACKs of data never captured (usually the capture missed it)"),
	FLAG(SX_FL_ZERO_WINDOW, "zerowin", "network", A_DEFAULT,
	    "segments advertising a zero window"),
	FLAG(SX_FL_ZERO_WINDOW_PROBE, "zwprobe", "network", 0,
	    "zero-window probes"),
	FLAG(SX_FL_ZERO_WINDOW_PROBE_ACK, "zwpack", "info", 0,
	    "ACKs of zero-window probes"),
	FLAG(SX_FL_WINDOW_FULL, "winfull", "network", 0,
	    "segments that fill the receiver's window"),
	FLAG(SX_FL_WINDOW_UPDATE, "winupd", "info", 0, "window updates"),
	FLAG(SX_FL_KEEP_ALIVE, "keepalive", "info", 0, "keep-alives"),
	FLAG(SX_FL_KEEP_ALIVE_ACK, "kaack", "info", 0,
	    "ACKs of keep-alives"),
	FLAG(SX_FL_REUSED_PORTS, "reused", "info", 0,
	    "SYNs reusing the ports of an earlier connection"),
	COL("rst", "rst", "info", SX_CT_COUNT, SX_M_RST, 1,
	    sx_val_ext_pair32, EXT(rst), F(TCPFLAGS), CORE, 0,
	    "frames with the RST flag set"),
	COL("rtt_min", "rttmin", "time", SX_CT_TIME, SX_M_RTT_MIN, 1,
	    sx_val_rtt, SX_RTT_MIN, F(ACK_RTT), CORE, A_MS,
	    "smallest tcp.analysis.ack_rtt, seconds (for a direction: of the "
	    "data it sent)"),
	COL("rtt_avg", "rttavg", "time", SX_CT_TIME, SX_M_RTT_AVG, 1,
	    sx_val_rtt, SX_RTT_AVG, F(ACK_RTT), CORE, A_MS,
	    "mean tcp.analysis.ack_rtt, seconds"),
	COL("rtt_max", "rttmax", "time", SX_CT_TIME, SX_M_RTT_MAX, 1,
	    sx_val_rtt, SX_RTT_MAX, F(ACK_RTT), CORE, A_MS,
	    "largest tcp.analysis.ack_rtt, seconds"),
	COL("irtt", "irtt", "time", SX_CT_TIME, SX_M_IRTT, 0,
	    sx_val_irtt, 0, F(IRTT), CORE, A_MS,
	    "initial RTT of the handshake (tcp.analysis.initial_rtt), "
	    "seconds"),
	COL("plain_retransmission", "plainretr", "network", SX_CT_COUNT,
	    SX_M_PLAIN_RETRANS, 1, sx_val_plain_retrans, 0,
	    FLAGF(SX_FL_RETRANSMISSION) | FLAGF(SX_FL_FAST_RETRANSMISSION) |
	    FLAGF(SX_FL_SPURIOUS_RETRANSMISSION), CORE, 0,
	    "retransmissions neither fast nor spurious (retransmission - "
	    "fast - spurious)"),
	COL("problems", "problems", "network", SX_CT_COUNT, SX_M_PROBLEMS, 1,
	    sx_val_ext_pair32, EXT(problems), FLAGS(SX_PROBLEM_FLAGS), CORE,
	    0, "frames with a network problem: retransmission, duplicate "
	    "ACK, out-of-order, zero window, zero-window probe or window "
	    "full"),
	COL("capture_problems", "capprob", "capture", SX_CT_COUNT,
	    SX_M_CAPTURE_PROBLEMS, 1, sx_val_ext_pair32, EXT(capture),
	    FLAGS(SX_CAPTURE_FLAGS), CORE, 0,
	    "frames with a capture problem: lost_segment or "
	    "ack_lost_segment"),
	COL("data_segments", "datasegs", "stream", SX_CT_COUNT,
	    SX_M_DATA_SEGMENTS, 1, sx_val_ext_pair32, EXT(data), F(TCPLEN),
	    CORE, 0, "frames with payload (tcp.len > 0)"),
	COL("retrans_segments", "retrsegs", "network", SX_CT_COUNT,
	    SX_M_RETRANS_DATA, 1, sx_val_ext_pair32, EXT(retrans_data),
	    F(TCPLEN) | FLAGF(SX_FL_RETRANSMISSION), CORE, 0,
	    "retransmissions with payload"),
	COL("retrans_rate", "retrrate", "network", SX_CT_RATIO,
	    SX_M_RETRANS_RATE, 1, sx_val_retrans_rate, 0,
	    F(TCPLEN) | FLAGF(SX_FL_RETRANSMISSION), CORE, 0,
	    "retrans_segments / data_segments (absent without payload)"),
	COL("state", "state", "state", SX_CT_TEXT, SX_M_STATE, 0,
	    sx_val_state, 0, F(TCPFLAGS) | F(TCPLEN) | F(COMPLETENESS), CORE,
	    0, "what the connection showed, by Wireshark's completeness: "
	    "SYN,SYNACK,ACK,DATA,FIN,RST"),
	COL("completeness", "compl", "state", SX_CT_NUMBER,
	    SX_M_COMPLETENESS, 0, sx_val_completeness, 0,
	    F(TCPFLAGS) | F(TCPLEN) | F(COMPLETENESS), CORE, 0,
	    "the same as Wireshark's tcp.completeness number (1 SYN, 2 "
	    "SYN-ACK, 4 ACK, 8 DATA, 16 FIN, 32 RST)"),
	COL("first_fin", "firstfin", "state", SX_CT_TEXT, SX_M_FIRST_FIN, 0,
	    sx_val_first_end, 1, ENDPOINTS, CORE, 0,
	    "who sent the first FIN: src or dst"),
	COL("first_rst", "firstrst", "state", SX_CT_TEXT, SX_M_FIRST_RST, 0,
	    sx_val_first_end, 0, ENDPOINTS, CORE, 0,
	    "who sent the first RST: src or dst"),
	/* the statistics (stats.h) */
	COL("retrans_bytes", "retrbytes", "transfer", SX_CT_COUNT,
	    SX_M_RETRANS_BYTES, 1, sx_val_retrans_bytes, 0,
	    F(TCPLEN) | FLAGF(SX_FL_RETRANSMISSION), STATS, 0,
	    "payload bytes (tcp.len) of frames flagged "
	    "tcp.analysis.retransmission"),
	COL("goodput_bytes", "goodbytes", "transfer", SX_CT_COUNT,
	    SX_M_GOODPUT_BYTES, 1, sx_val_retrans_bytes, 1,
	    F(TCPLEN) | FLAGF(SX_FL_RETRANSMISSION), STATS, 0,
	    "bytes - retrans_bytes"),
	COL("throughput", "thruput", "transfer", SX_CT_RATIO,
	    SX_M_THROUGHPUT, 1, sx_val_rate, 0, F(TIME) | F(TCPLEN),
	    STATS, A_RATE, "bytes per second over the data span: bytes / "
	    "(time of the last frame with payload - time of the first); the "
	    "stream's span runs from the first to the last data frame of "
	    "either direction; absent when the span is 0"),
	COL("goodput", "goodput", "transfer", SX_CT_RATIO, SX_M_GOODPUT, 1,
	    sx_val_rate, 1,
	    F(TIME) | F(TCPLEN) | FLAGF(SX_FL_RETRANSMISSION), STATS, A_RATE,
	    "goodput_bytes per second over the same span as throughput"),
	COL("in_flight_max", "inflmax", "transfer", SX_CT_NUMBER,
	    SX_M_INFLIGHT_MAX, 1, sx_val_inflight, 0, F(INFLIGHT), STATS,
	    A_DESC | A_SEP, "largest tcp.analysis.bytes_in_flight, bytes"),
	COL("in_flight_avg", "inflavg", "transfer", SX_CT_RATIO,
	    SX_M_INFLIGHT_AVG, 1, sx_val_inflight, 0, F(INFLIGHT), STATS, A_AVG,
	    "mean tcp.analysis.bytes_in_flight over the frames that show "
	    "it, bytes"),
	COL("seg_max", "segmax", "transfer", SX_CT_NUMBER, SX_M_SEG_MAX, 1,
	    sx_val_seg, 0, F(TCPLEN), STATS, A_DESC | A_SEP,
	    "largest payload of one frame (tcp.len), bytes"),
	COL("seg_avg", "segavg", "transfer", SX_CT_RATIO, SX_M_SEG_AVG, 1,
	    sx_val_seg, 0, F(TCPLEN), STATS, A_AVG,
	    "bytes / data_segments"),
	COL("win_min", "winmin", "window", SX_CT_NUMBER, SX_M_WIN_MIN, 1,
	    sx_val_win, 1, F(WINSIZE) | F(WINSCALE), STATS, A_DESC | A_SEP,
	    "smallest calculated window (tcp.window_size) the sender "
	    "advertised, bytes; absent when its scale factor is unknown "
	    "(tcp.window_size_scalefactor -1)"),
	COL("win_avg", "winavg", "window", SX_CT_RATIO, SX_M_WIN_AVG, 1,
	    sx_val_win, 0, F(WINSIZE) | F(WINSCALE), STATS, A_AVG,
	    "mean calculated window (tcp.window_size), bytes; absent when "
	    "the scale factor is unknown"),
	COL("win_max", "winmax", "window", SX_CT_NUMBER, SX_M_WIN_MAX, 1,
	    sx_val_win, 0, F(WINSIZE) | F(WINSCALE), STATS, A_DESC | A_SEP,
	    "largest calculated window (tcp.window_size), bytes; absent "
	    "when the scale factor is unknown"),
	COL("mss", "mss", "options", SX_CT_NUMBER, SX_M_MSS, 2,
	    sx_val_syn_option, SX_DS_MSS, F(OPTKIND) | F(MSS) | F(WSHIFT), STATS, A_DESC,
	    "MSS the side offered in its first SYN or SYN-ACK "
	    "(tcp.options.mss_val); absent when that SYN was not captured or "
	    "had no MSS option"),
	COL("wscale", "wscale", "options", SX_CT_NUMBER, SX_M_WSCALE, 2,
	    sx_val_syn_option, SX_DS_WSCALE, F(OPTKIND) | F(MSS) | F(WSHIFT),
	    STATS, A_DESC,
	    "window scale shift the side offered (tcp.options.wscale.shift); "
	    "absent when its SYN was not captured or had no window scale "
	    "option"),
	COL("sack_perm", "sackperm", "options", SX_CT_NUMBER,
	    SX_M_SACK_PERM, 2, sx_val_syn_option, SX_DS_SACK,
	    F(OPTKIND) | F(MSS) | F(WSHIFT), STATS, A_DESC,
	    "1 when the side's first SYN offered SACK (tcp.option_kind 4), 0 "
	    "when it did not; absent when no SYN of the side was captured"),
	COL("timestamps", "tstamps", "options", SX_CT_NUMBER,
	    SX_M_TIMESTAMPS, 2, sx_val_syn_option, SX_DS_TS,
	    F(OPTKIND) | F(MSS) | F(WSHIFT), STATS, A_DESC,
	    "1 when the side's first SYN offered timestamps (tcp.option_kind "
	    "8), 0 when it did not; absent when no SYN of the side was "
	    "captured"),
	COL("idle_max", "idlemax", "timing", SX_CT_TIME, SX_M_IDLE_MAX, 0,
	    sx_val_idle_max, 0, F(TIME), STATS, 0,
	    "longest gap between two consecutive frames of the stream "
	    "(frame.time_relative), seconds; absent with a single frame"),
	COL("rtt_sd", "rttsd", "timing", SX_CT_TIME, SX_M_RTT_SD, 1,
	    sx_val_rtt_sd, 0, F(ACK_RTT), STATS, A_MS,
	    "population standard deviation of tcp.analysis.ack_rtt, "
	    "seconds"),
	COL("first_data", "firstdata", "timing", SX_CT_TIME, SX_M_FIRST_DATA,
	    2, sx_val_first_data, 0, F(TIME) | F(TCPLEN), STATS, 0,
	    "first frame with payload, seconds since the capture's first "
	    "frame"),
	COL("service", "service", "app", SX_CT_TEXT, SX_M_SERVICE, 0,
	    sx_val_service, 0, F(APPPROTO), STATS, 0,
	    "the protocol tshark decoded right above TCP (frame.protocols) "
	    "in the stream's first frame that has one other than data, e.g. "
	    "tls, http, ssh; dissects payload: slower"),
	COL("server_name", "srvname", "app", SX_CT_TEXT, SX_M_SERVER_NAME, 0,
	    sx_val_server_name, 0, F(SNI) | F(HTTPHOST), STATS, 0,
	    "the TLS SNI (tls.handshake.extensions_server_name), else the "
	    "HTTP Host (http.host): the first one seen; dissects payload: "
	    "slower"),
	/* the diagnosis (diag.h, verdict.h) */
	COL("lost_downstream", "lostdown", "diagnosis", SX_CT_COUNT,
	    SX_M_LOST_DOWN, 1, sx_val_diag32, DD(lost_down), 0, DIAG, 0,
	    "retransmitted data segments (not spurious) of sequence space "
	    "the capture had seen: lost after the capture point"),
	COL("lost_downstream_bytes", "lostdownB", "diagnosis", SX_CT_COUNT,
	    SX_M_LOST_DOWN_BYTES, 1, sx_val_diag64, DD(lost_down_bytes), 0,
	    DIAG, 0, "their payload bytes"),
	COL("lost_upstream", "lostup", "diagnosis", SX_CT_COUNT,
	    SX_M_LOST_UP, 1, sx_val_diag32, DD(lost_up), 0, DIAG, 0,
	    "retransmitted data segments (not spurious) into a gap flagged "
	    "lost_segment: lost before the capture point"),
	COL("lost_upstream_bytes", "lostupB", "diagnosis", SX_CT_COUNT,
	    SX_M_LOST_UP_BYTES, 1, sx_val_diag64, DD(lost_up_bytes), 0, DIAG,
	    0, "their payload bytes"),
	COL("reordered_upstream", "reordup", "diagnosis", SX_CT_COUNT,
	    SX_M_REORDERED_UP, 1, sx_val_diag32, DD(reordered), 0, DIAG, 0,
	    "out-of-order data segments into a gap flagged lost_segment: "
	    "reordering, not loss"),
	COL("unfilled_gaps", "unfilled", "diagnosis", SX_CT_COUNT,
	    SX_M_UNFILLED_GAPS, 1, sx_val_unfilled, 0, 0, DIAG, 0,
	    "gaps flagged lost_segment that no later frame filled: sequence "
	    "space the capture never saw"),
	COL("gap_overflow", "gapovfl", "diagnosis", SX_CT_COUNT,
	    SX_M_GAP_OVERFLOW, 1, sx_val_diag32, DD(gap_overflow), 0, DIAG, 0,
	    "gaps not tracked (more than 4 open at once in a direction): "
	    "loss location there is approximate"),
	COL("dup_frames", "dups", "diagnosis", SX_CT_COUNT, SX_M_DUP_FRAMES,
	    1, sx_val_diag32, DD(dups), 0, DIAG, 0,
	    "frames identical to the previous one of their direction (IP "
	    "ID, seq, ack, length, flags): captured twice"),
	COL("zero_window_time", "zwtime", "diagnosis", SX_CT_TIME,
	    SX_M_ZERO_WINDOW_TIME, 1, sx_val_zw_time, 0, 0, DIAG, 0,
	    "seconds from a zero_window frame to the next frame of the same "
	    "side with a non-zero window (or the stream's end); for src: "
	    "src's window was closed"),
	COL("zero_window_share", "zwshare", "diagnosis", SX_CT_RATIO,
	    SX_M_ZERO_WINDOW_SHARE, 1, sx_val_zw_share, 0, 0, DIAG, 0,
	    "zero_window_time / duration (absent when duration is 0; both "
	    "sides added up for the stream)"),
	COL("diagnosis", "diagnosis", "diagnosis", SX_CT_TEXT,
	    SX_M_DIAGNOSIS, 0, val_diagnosis, 0, 0, DIAG | SX_NEED_VERDICT, 0,
	    "findings, most important first: refused, unanswered, "
	    "receiver_limited:SIDE, sender_limited:SIDE, "
	    "network_limited:SIDE, latency_bound, loss_downstream:SIDE, "
	    "loss_upstream:SIDE, idle, reset:SIDE, capture_gaps, duplicates; "
	    "or ok (rules: streamxpert(1))"),
	/* what limited each transfer (limits.h) */
	COL("transfer_time", "xfertime", "limits", SX_CT_TIME,
	    SX_M_TRANSFER_TIME, 1, sx_val_transfer, 0, LIMITS, STATS, 0,
	    "seconds from a direction's first data segment until the ACK of "
	    "its last one reaches the sender (seen, plus the sender's round "
	    "trip from the capture point; or the stream's last frame without "
	    "it); for the stream: from the first data segment of either "
	    "direction to the later end"),
	COL("round_trips", "rtts", "limits", SX_CT_RATIO, SX_M_ROUND_TRIPS, 1,
	    sx_val_transfer, 1, LIMITS, STATS, A_AVG,
	    "transfer_time / RTT (the handshake's irtt, else the smallest ack "
	    "RTT of the data); absent without an RTT"),
	COL("rwnd_limited_time", "rwndtime", "limits", SX_CT_TIME,
	    SX_M_RWND_LIMITED_TIME, 1, sx_val_limited, SX_LIM_RWND, LIMITS,
	    STATS, 0, "seconds of transfer_time with as much data in flight "
	    "as the receiver's window allows (within one segment; zero "
	    "windows too); absent when the window's scale is unknown"),
	COL("sender_limited_time", "sndtime", "limits", SX_CT_TIME,
	    SX_M_SENDER_LIMITED_TIME, 1, sx_val_limited, SX_LIM_SENDER,
	    LIMITS, STATS, 0, "seconds of transfer_time with nothing in "
	    "flight and the window open: the sender had no data"),
	COL("network_limited_time", "nettime", "limits", SX_CT_TIME,
	    SX_M_NETWORK_LIMITED_TIME, 1, sx_val_limited, SX_LIM_NETWORK,
	    LIMITS, STATS, 0, "seconds of transfer_time with data in flight "
	    "below the window: congestion window, bottleneck, loss recovery"),
	COL("rwnd_limited_share", "rwndshare", "limits", SX_CT_RATIO,
	    SX_M_RWND_LIMITED_SHARE, 1, sx_val_limited, SX_LIM_RWND, LIMITS,
	    STATS, 0, "rwnd_limited_time / transfer_time (the three shares "
	    "add up to 1; for the stream both directions added up)"),
	COL("sender_limited_share", "sndshare", "limits", SX_CT_RATIO,
	    SX_M_SENDER_LIMITED_SHARE, 1, sx_val_limited, SX_LIM_SENDER,
	    LIMITS, STATS, 0, "sender_limited_time / transfer_time"),
	COL("network_limited_share", "netshare", "limits", SX_CT_RATIO,
	    SX_M_NETWORK_LIMITED_SHARE, 1, sx_val_limited, SX_LIM_NETWORK,
	    LIMITS, STATS, 0, "network_limited_time / transfer_time"),
	/* --fail-if */
	{ SET_ALERT, "alert", "alert", "info", SX_CT_TEXT, SX_M_ALERT, 0, 0,
	  sx_val_alert, 0, 0, 0, SX_M_NONE, A_MARK,
	  "the --fail-if conditions the row crosses (empty when none)" },
	/* --summary */
	SUM("file", "file", SX_CT_TEXT, SX_M_FILE, sx_val_file, 0, SX_M_NONE,
	    A_LABEL | A_DEFAULT, "the capture file"),
	SUM("status", "status", SX_CT_TEXT, SX_M_SUM_STATUS,
	    sx_val_sum_status, 0, SX_M_NONE, A_DEFAULT, "ok (read to its end), "
	    "partial (damaged: the rest covers what was read) or failed "
	    "(nothing read)"),
	SUM("frames", "frames", SX_CT_COUNT, SX_M_SUM_FRAMES, sx_val_sum_u64,
	    SUMOFF(frames), SX_M_NONE, 0, "frames in the capture"),
	SUM("tcp_frames", "tcpframes", SX_CT_COUNT, SX_M_SUM_TCP_FRAMES,
	    sx_val_sum_u64, SUMOFF(tcp_frames), SX_M_NONE, 0,
	    "frames that belong to a TCP stream"),
	SUM("streams", "streams", SX_CT_COUNT, SX_M_SUM_STREAMS,
	    sx_val_sum_u64, SUMOFF(streams), SX_M_NONE, A_DEFAULT,
	    "TCP streams"),
	SUM("problem_streams", "problem", SX_CT_COUNT,
	    SX_M_SUM_PROBLEM_STREAMS, sx_val_sum_u64, SUMOFF(problem_streams),
	    SX_M_PROBLEMS, A_DEFAULT, "streams with a network problem (what "
	    "--problems shows)"),
	SUM("bytes", "bytes", SX_CT_COUNT, SX_M_SUM_BYTES, sx_val_sum_u64,
	    SUMOFF(bytes), SX_M_BYTES, 0, "TCP payload bytes"),
	SUMFLAG(SX_FL_RETRANSMISSION), SUMFLAG(SX_FL_FAST_RETRANSMISSION),
	SUMFLAG(SX_FL_SPURIOUS_RETRANSMISSION), SUMFLAG(SX_FL_DUPLICATE_ACK),
	SUMFLAG(SX_FL_OUT_OF_ORDER), SUMFLAG(SX_FL_LOST_SEGMENT),
	SUMFLAG(SX_FL_ACK_LOST_SEGMENT), SUMFLAG(SX_FL_ZERO_WINDOW),
	SUMFLAG(SX_FL_ZERO_WINDOW_PROBE),
	SUMFLAG(SX_FL_ZERO_WINDOW_PROBE_ACK), SUMFLAG(SX_FL_WINDOW_FULL),
	SUMFLAG(SX_FL_WINDOW_UPDATE), SUMFLAG(SX_FL_KEEP_ALIVE),
	SUMFLAG(SX_FL_KEEP_ALIVE_ACK), SUMFLAG(SX_FL_REUSED_PORTS),
	SUM("rst", "rst", SX_CT_COUNT, SX_M_SUM_RST, sx_val_sum_u64,
	    SUMOFF(rst), SX_M_RST, 0, "frames with RST set"),
	SUM("retrans_rate", "retrate", SX_CT_RATIO, SX_M_SUM_RETRANS_RATE,
	    sx_val_sum_retrans_rate, 0, SX_M_RETRANS_RATE, A_DEFAULT,
	    "retransmitted data segments over data segments, all streams"),
	SUM("worst_stream", "worst", SX_CT_NUMBER, SX_M_SUM_WORST_STREAM,
	    sx_val_sum_worst, 0, SX_M_RETRANS_RATE, A_DEFAULT,
	    "the stream with the highest retrans_rate above 0 (the first on "
	    "ties; empty when no stream retransmitted data)"),
	SUM("worst_src", "worstsrc", SX_CT_TEXT, SX_M_SUM_WORST_SRC,
	    sx_val_sum_worst, 0, SX_M_SRC, 0, "its src"),
	SUM("worst_dst", "worstdst", SX_CT_TEXT, SX_M_SUM_WORST_DST,
	    sx_val_sum_worst, 1, SX_M_DST, 0, "its dst"),
	SUM("worst_retrans_rate", "worstrate", SX_CT_RATIO,
	    SX_M_SUM_WORST_RATE, sx_val_sum_worst, 0, SX_M_RETRANS_RATE,
	    A_DEFAULT, "its retrans_rate"),
	SUMFIND(SX_FIND_REFUSED, "diag_refused", "refused",
	    "streams whose diagnosis has refused"),
	SUMFIND(SX_FIND_UNANSWERED, "diag_unanswered", "unanswered",
	    "streams whose diagnosis has unanswered"),
	SUMFIND(SX_FIND_RECEIVER_LIMITED, "diag_receiver_limited", "rcvlim",
	    "streams whose diagnosis has receiver_limited (either side)"),
	SUMFIND(SX_FIND_SENDER_LIMITED, "diag_sender_limited", "sndlim",
	    "streams whose diagnosis has sender_limited (either side)"),
	SUMFIND(SX_FIND_NETWORK_LIMITED, "diag_network_limited", "netlim",
	    "streams whose diagnosis has network_limited (either side)"),
	SUMFIND(SX_FIND_LATENCY_BOUND, "diag_latency_bound", "latency",
	    "streams whose diagnosis has latency_bound"),
	SUMFIND(SX_FIND_LOSS_DOWNSTREAM, "diag_loss_downstream", "lossdown",
	    "streams whose diagnosis has loss_downstream (either side)"),
	SUMFIND(SX_FIND_LOSS_UPSTREAM, "diag_loss_upstream", "lossup",
	    "streams whose diagnosis has loss_upstream (either side)"),
	SUMFIND(SX_FIND_IDLE, "diag_idle", "idle",
	    "streams whose diagnosis has idle"),
	SUMFIND(SX_FIND_RESET, "diag_reset", "reset",
	    "streams whose diagnosis has reset (either side)"),
	SUMFIND(SX_FIND_CAPTURE_GAPS, "diag_capture_gaps", "capgaps",
	    "streams whose diagnosis has capture_gaps"),
	SUMFIND(SX_FIND_DUPLICATES, "diag_duplicates", "dups",
	    "streams whose diagnosis has duplicates"),
	SUMFIND(SX_FIND_COUNT, "diag_ok", "ok",
	    "streams whose diagnosis is ok"),
	/* the verdict reads the streams' dup_frames and ack_lost_segment
	 * (trust.h): their fields, as a SUM row asks for its from's */
	{ SET_SUMMARY, "capture_quality", "quality", "summary", SX_CT_TEXT,
	  SX_M_SUM_QUALITY, 0, 0, sx_val_sum_quality, 0,
	  FLAGF(SX_FL_ACK_LOST_SEGMENT), SX_NEED_SUMMARY, SX_M_DUP_FRAMES,
	  A_DEFAULT, "whether the capture itself can be trusted: ok, or "
	  "drops, truncated, gaps, duplicates (see CAPTURE QUALITY); unknown "
	  "when the file could not be read and nothing was found" },
	SUM("interface_drops", "ifdrop", SX_CT_COUNT, SX_M_SUM_IFDROP,
	    sx_val_sum_trust, 0, SX_M_NONE, 0, "packets the capture "
	    "interface dropped (pcapng isb_ifdrop; empty when the file does "
	    "not say)"),
	SUM("os_drops", "osdrop", SX_CT_COUNT, SX_M_SUM_OSDROP,
	    sx_val_sum_trust, 1, SX_M_NONE, 0, "packets the operating system "
	    "dropped (pcapng isb_osdrop; empty when the file does not say)"),
	SUM("cut_frames", "cut", SX_CT_COUNT, SX_M_SUM_CUT, sx_val_sum_trust,
	    2, SX_M_NONE, 0, "frames cut by the snap length before the end of "
	    "their TCP header (empty when the file could not be read)"),
	SUM("time_backwards", "timeback", SX_CT_COUNT, SX_M_SUM_TIME_BACK,
	    sx_val_sum_trust, 3, SX_M_NONE, 0, "frames stamped earlier than "
	    "the frame before them (empty when the file could not be read)"),
	SUM("dup_frames", "dupframes", SX_CT_COUNT, SX_M_SUM_DUP_FRAMES,
	    sx_val_sum_trust, 4, SX_M_DUP_FRAMES, 0, "frames identical to the one "
	    "before them in their direction (dup_frames summed)"),
};

#define NROWS SX_ARRAY_LEN(rows)

_Static_assert(SX_F_COUNT <= 64, "sx_column.fields holds a bit per field");

/* The columns made of the rows: the stream report's (each direction
 * apart), the summary's, the alert. */
static struct sx_column cols[3 * NROWS], sums[NROWS], alert;
static size_t ncols, nsums;
static char names[2 * NROWS][2][48];   /* name and head per direction */

/* The stream's flag row of flag fl. */
static const struct row *
flag_row(int fl)
{
	size_t i;

	for (i = 0; i < NROWS; i++)
		if (rows[i].metric == SX_M_FLAG && rows[i].flag == fl)
			return &rows[i];
	return NULL;
}

static void
make_column(struct sx_column *c, const struct row *m, enum sx_coldir dir)
{
	const struct row *same = m->metric == SX_M_SUM_FLAG ?
	    flag_row(m->flag) : NULL;

	c->name = c->base = m->name ? m->name : sx_flag_names[m->flag];
	c->head = m->head ? m->head : same ? same->head : "";
	c->help = m->help ? m->help : same ? same->help : "";
	c->group = m->group;
	c->type = m->type;
	c->metric = m->metric;
	c->flag = m->flag;
	c->dir = dir;
	c->value = m->value;
	c->arg = m->arg;
	c->fields = m->fields;
	c->needs = m->needs;
	c->from = m->from;
	c->desc = (m->attr & A_DESC) || m->type == SX_CT_COUNT ||
	    m->type == SX_CT_TIME || m->type == SX_CT_RATIO;
	c->in_default = (m->attr & A_DEFAULT) != 0;
	c->prom = m->attr & A_LABEL ? SX_PROM_LABEL : SX_PROM_AUTO;
	c->show = (m->attr & A_RATE ? SX_SHOW_RATE : 0) |
	    (m->attr & A_MARK ? SX_SHOW_MARK : 0) |
	    (m->attr & A_MS ? SX_SHOW_MS : 0) |
	    (m->attr & A_AVG ? SX_SHOW_AVG : 0) |
	    (m->attr & A_SEP ? SX_SHOW_SEP : 0);
	c->needs_payload = (m->fields & (F(APPPROTO) | F(SNI) |
	    F(HTTPHOST))) != 0;
}

/* A column of one direction of row m, its name and head in slot. */
static void
make_side(struct sx_column *c, const struct row *m, enum sx_coldir dir,
    size_t slot)
{
	const char *sfx = dir == SX_CD_FWD ? "fwd" : "rev";

	make_column(c, m, dir);
	c->in_default = 0;   /* the default is the stream's own */
	snprintf(names[slot][0], sizeof(names[slot][0]), "%s_%s", c->name,
	    sfx);
	snprintf(names[slot][1], sizeof(names[slot][1]), "%s_%c", c->head,
	    sfx[0]);
	c->name = names[slot][0];
	c->head = names[slot][1];
}

static void
make_all(void)
{
	size_t i, slot = 0;
	int d;

	for (i = 0; i < NROWS; i++) {
		const struct row *m = &rows[i];

		if (m->set == SET_SUMMARY)
			make_column(&sums[nsums++], m, SX_CD_BOTH);
		else if (m->set == SET_ALERT)
			make_column(&alert, m, SX_CD_BOTH);
		else if (m->dirs != 2)
			make_column(&cols[ncols++], m, SX_CD_BOTH);
	}
	for (d = SX_CD_FWD; d <= SX_CD_REV; d++)
		for (i = 0; i < NROWS; i++)
			if (rows[i].set == SET_STREAM && rows[i].dirs)
				make_side(&cols[ncols++], &rows[i],
				    (enum sx_coldir)d, slot++);
}

const struct sx_column *
sx_columns(size_t *n)
{
	if (ncols == 0)
		make_all();
	*n = ncols;
	return cols;
}

const struct sx_column *
sx_summary_columns(size_t *n)
{
	if (ncols == 0)
		make_all();
	*n = nsums;
	return sums;
}

const struct sx_column *
sx_column_alert(void)
{
	if (ncols == 0)
		make_all();
	return &alert;
}

/* The column called name among the n at c, or NULL. */
static const struct sx_column *
find_column(const struct sx_column *c, size_t n, const char *name)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(c[i].name, name) == 0)
			return &c[i];
	return NULL;
}

const struct sx_column *
sx_column_find(const char *name)
{
	size_t n;
	const struct sx_column *c = sx_columns(&n);

	return find_column(c, n, name);
}

const struct sx_column *
sx_summary_column_find(const char *name)
{
	size_t n;
	const struct sx_column *c = sx_summary_columns(&n);

	return find_column(c, n, name);
}

const struct sx_column *
sx_column_of(enum sx_metric m, int fl, enum sx_coldir d)
{
	size_t i, n;
	const struct sx_column *c = sx_columns(&n);

	for (i = 0; i < n; i++)
		if (c[i].metric == m && c[i].flag == fl && c[i].dir == d)
			return &c[i];
	return NULL;
}

/* --- the fields --- */

static void verdict_fields(struct sx_fieldset *fs);

void
sx_column_fields(const struct sx_column *c, struct sx_fieldset *fs)
{
	uint64_t f = c->fields;
	int i;

	fs->want[SX_F_STREAM] = 1;
	if (c->dir != SX_CD_BOTH || (c->needs & SX_NEED_STATS))
		f |= ENDPOINTS;
	if (c->needs & SX_NEED_DIAG)
		f |= DIAGNOSIS;
	for (i = 0; i < SX_F_COUNT; i++)
		if (f & SX_FIELD_BIT(i))
			fs->want[i] = 1;
	if (c->needs & SX_NEED_STATS)
		fs->stats = 1;
	if (f & F(APPPROTO))
		fs->service = 1;
	if (c->needs & SX_NEED_VERDICT)
		verdict_fields(fs);
	if ((c->needs & SX_NEED_SUMMARY) && c->from != SX_M_NONE) {
		const struct sx_column *src = sx_column_of(c->from,
		    c->from == SX_M_FLAG ? c->flag : 0, SX_CD_BOTH);

		if (src != NULL)
			sx_column_fields(src, fs);
	}
}

/* --- the verdict's inputs --- */

#define IN(m, fl, d, member) \
	{ m, fl, d, offsetof(struct sx_verdict_in, member), 0, 0 }
#define IN2(m, fl, member) \
	IN(m, fl, SX_CD_FWD, member[0]), IN(m, fl, SX_CD_REV, member[1])
#define MAYBE2(m, own, member) \
	{ m, 0, SX_CD_FWD, offsetof(struct sx_verdict_in, member[0]), own, \
	  1 }, \
	{ m, 0, SX_CD_REV, offsetof(struct sx_verdict_in, member[1]), own, 1 }

static const struct sx_verdict_input inputs[] = {
	/* derived from tcp.flags and tcp.len, which the diagnosis reads
	 * (its value equals tcp.completeness, which is not asked for) */
	{ SX_M_COMPLETENESS, 0, SX_CD_BOTH,
	  offsetof(struct sx_verdict_in, completeness), 1, 0 },
	IN(SX_M_FRAMES, 0, SX_CD_BOTH, frames),
	IN2(SX_M_FRAMES, 0, frames_side),
	IN2(SX_M_RST, 0, rst),
	IN2(SX_M_FLAG, SX_FL_RETRANSMISSION, retrans),
	IN2(SX_M_FLAG, SX_FL_FAST_RETRANSMISSION, fast_retrans),
	IN2(SX_M_FLAG, SX_FL_ZERO_WINDOW, zero_window),
	IN(SX_M_DURATION, 0, SX_CD_BOTH, duration_ns),
	IN2(SX_M_ZERO_WINDOW_TIME, 0, zw_ns),
	IN2(SX_M_ZERO_WINDOW_SHARE, 0, zw_share),
	IN2(SX_M_LOST_DOWN, 0, lost_down),
	IN2(SX_M_LOST_DOWN_BYTES, 0, lost_down_bytes),
	IN2(SX_M_LOST_UP, 0, lost_up),
	IN2(SX_M_LOST_UP_BYTES, 0, lost_up_bytes),
	IN2(SX_M_REORDERED_UP, 0, reordered),
	IN(SX_M_UNFILLED_GAPS, 0, SX_CD_BOTH, unfilled),
	IN(SX_M_FLAG, SX_FL_ACK_LOST_SEGMENT, SX_CD_BOTH, ack_lost),
	IN(SX_M_DUP_FRAMES, 0, SX_CD_BOTH, dups),
	IN(SX_M_GAP_OVERFLOW, 0, SX_CD_BOTH, gap_overflow),
	IN(SX_M_TRANSFER_TIME, 0, SX_CD_BOTH, xfer_ns),
	IN2(SX_M_TRANSFER_TIME, 0, xfer_side_ns),
	IN(SX_M_ROUND_TRIPS, 0, SX_CD_BOTH, rtts),
	IN2(SX_M_ROUND_TRIPS, 0, rtts_side),
	IN2(SX_M_RWND_LIMITED_SHARE, 0, rwnd_share),
	IN2(SX_M_SENDER_LIMITED_SHARE, 0, snd_share),
	IN2(SX_M_NETWORK_LIMITED_SHARE, 0, net_share),
	IN2(SX_M_BYTES, 0, bytes),
	MAYBE2(SX_M_WIN_MIN, 0, win_min),
	MAYBE2(SX_M_WIN_MAX, 0, win_max),
	/* --explain says whether window scaling was negotiated from what
	 * the report asked for anyway (the diagnosis asks for no SYN
	 * option) */
	MAYBE2(SX_M_SACK_PERM, 1, sack_perm),
	MAYBE2(SX_M_WSCALE, 1, wscale),
};

#define NINPUTS SX_ARRAY_LEN(inputs)

const struct sx_verdict_input *
sx_verdict_inputs(size_t *n)
{
	*n = NINPUTS;
	return inputs;
}

/* The column of each input, looked up once. */
static const struct sx_column *
input_column(size_t k)
{
	static const struct sx_column *c[NINPUTS];

	if (c[k] == NULL)
		c[k] = sx_column_of(inputs[k].metric, inputs[k].flag,
		    inputs[k].dir);
	return c[k];
}

static void
verdict_fields(struct sx_fieldset *fs)
{
	size_t k;

	for (k = 0; k < NINPUTS; k++)
		if (!inputs[k].own_fields && input_column(k) != NULL)
			sx_column_fields(input_column(k), fs);
}

/* Store value v of column c at p (see sx_verdict_input.off), as a
 * maybe (sx_verdict_input.maybe) or not. */
static void
store(const struct sx_column *c, const struct sx_value *v, int maybe,
    char *p)
{
	uint64_t count = v->null ? 0 : v->count;
	int64_t opt = v->null ? -1 : (int64_t)v->count;
	double ratio = v->null ? -1 : v->ratio;

	if (maybe) {
		memcpy(p, &opt, sizeof(opt));
		return;
	}

	switch (c->type) {
	case SX_CT_COUNT:
	case SX_CT_NUMBER:
		memcpy(p, &count, sizeof(count));
		break;
	case SX_CT_TIME:
		memcpy(p, &v->ns, sizeof(v->ns));
		break;
	case SX_CT_RATIO:
		memcpy(p, &ratio, sizeof(ratio));
		break;
	case SX_CT_TEXT:
		break;
	}
}

void
sx_row_verdict_in(const struct sx_row *r, struct sx_verdict_in *in)
{
	struct sx_value v;
	size_t k;

	memset(in, 0, sizeof(*in));
	for (k = 0; k < NINPUTS; k++) {
		const struct sx_column *c = input_column(k);

		if (c == NULL)
			continue;   /* cannot be: test_catalogue checks */
		sx_column_value(c, r, &v);
		store(c, &v, inputs[k].maybe, (char *)in + inputs[k].off);
	}
	/* the idle_max column (stats.c) by the same definition, kept by
	 * the diagnosis too: it needs no statistics record */
	in->idle_ns = r->diag ? r->diag->idle_max_ns : 0;
}

uint32_t
sx_row_findings(const struct sx_row *r)
{
	struct sx_verdict_in in;

	sx_row_verdict_in(r, &in);
	return sx_verdict(&in);
}

static void
val_diagnosis(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	static char text[400];

	(void)c;
	v->count = sx_row_findings(r);
	sx_verdict_format((uint32_t)v->count, text, sizeof(text));
	v->str = text;
}
