/* columns.c - column definitions and their values. */
#include "columns.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "communityid.h"
#include "diag.h"
#include "util.h"

/* A metric, before it is split into directions. */
struct metric {
	const char *name, *head, *help, *group;
	enum sx_col_type type;
	enum sx_metric metric;
	int flag;
	int directional;   /* 0 the stream only, 1 also _fwd and _rev,
	                    * 2 only _fwd and _rev */
};

#define FLAG(fl, head, group, help) \
	{ NULL, head, help, group, SX_CT_COUNT, SX_M_FLAG, fl, 1 }

static const struct metric metrics[] = {
	{ "file", "file", "the capture file the stream is in", "stream",
	  SX_CT_TEXT, SX_M_FILE, 0, 0 },
	{ "stream", "stream", "Wireshark's tcp.stream number", "stream",
	  SX_CT_NUMBER, SX_M_STREAM, 0, 0 },
	{ "src", "src", "client address:port (IPv6 as [addr]:port)",
	  "stream", SX_CT_TEXT, SX_M_SRC, 0, 0 },
	{ "dst", "dst", "server address:port", "stream",
	  SX_CT_TEXT, SX_M_DST, 0, 0 },
	{ "community_id", "community", "the Community ID v1 flow hash of "
	  "src and dst (the key of Zeek, Suricata, Arkime and Wireshark's "
	  "communityid for the connection); absent without IP addresses",
	  "stream", SX_CT_TEXT, SX_M_COMMUNITY_ID, 0, 0 },
	{ "frames", "frames", "frames", "stream",
	  SX_CT_COUNT, SX_M_FRAMES, 0, 1 },
	{ "bytes", "bytes", "TCP payload bytes (sum of tcp.len)", "stream",
	  SX_CT_COUNT, SX_M_BYTES, 0, 1 },
	{ "start", "start", "first frame, seconds since the capture's first "
	  "frame", "stream", SX_CT_TIME, SX_M_START, 0, 0 },
	{ "duration", "duration", "last frame minus first frame, seconds",
	  "stream", SX_CT_TIME, SX_M_DURATION, 0, 0 },
	FLAG(SX_FL_RETRANSMISSION, "retrans", "network",
	    "retransmissions of every kind (tcp.analysis.retransmission)"),
	FLAG(SX_FL_FAST_RETRANSMISSION, "fastretr", "network",
	    "fast retransmissions (also counted in retransmission)"),
	FLAG(SX_FL_SPURIOUS_RETRANSMISSION, "spurretr", "network",
	    "retransmissions of data already acknowledged (also counted in "
	    "retransmission)"),
	FLAG(SX_FL_DUPLICATE_ACK, "dupack", "network", "duplicate ACKs"),
	FLAG(SX_FL_OUT_OF_ORDER, "ooo", "network", "out-of-order segments"),
	FLAG(SX_FL_LOST_SEGMENT, "lost", "capture",
	    "previous segment not captured (a gap in the sequence: usually "
	    "the capture missed it)"),
	FLAG(SX_FL_ACK_LOST_SEGMENT, "acklost", "capture",
	    "ACKs of data never captured (usually the capture missed it)"),
	FLAG(SX_FL_ZERO_WINDOW, "zerowin", "network",
	    "segments advertising a zero window"),
	FLAG(SX_FL_ZERO_WINDOW_PROBE, "zwprobe", "network",
	    "zero-window probes"),
	FLAG(SX_FL_ZERO_WINDOW_PROBE_ACK, "zwpack", "info",
	    "ACKs of zero-window probes"),
	FLAG(SX_FL_WINDOW_FULL, "winfull", "network",
	    "segments that fill the receiver's window"),
	FLAG(SX_FL_WINDOW_UPDATE, "winupd", "info", "window updates"),
	FLAG(SX_FL_KEEP_ALIVE, "keepalive", "info", "keep-alives"),
	FLAG(SX_FL_KEEP_ALIVE_ACK, "kaack", "info", "ACKs of keep-alives"),
	FLAG(SX_FL_REUSED_PORTS, "reused", "info",
	    "SYNs reusing the ports of an earlier connection"),
	{ "rst", "rst", "frames with the RST flag set", "info",
	  SX_CT_COUNT, SX_M_RST, 0, 1 },
	{ "rtt_min", "rttmin", "smallest tcp.analysis.ack_rtt, seconds (for "
	  "a direction: of the data it sent)", "time",
	  SX_CT_TIME, SX_M_RTT_MIN, 0, 1 },
	{ "rtt_avg", "rttavg", "mean tcp.analysis.ack_rtt, seconds", "time",
	  SX_CT_TIME, SX_M_RTT_AVG, 0, 1 },
	{ "rtt_max", "rttmax", "largest tcp.analysis.ack_rtt, seconds",
	  "time", SX_CT_TIME, SX_M_RTT_MAX, 0, 1 },
	{ "irtt", "irtt", "initial RTT of the handshake "
	  "(tcp.analysis.initial_rtt), seconds", "time",
	  SX_CT_TIME, SX_M_IRTT, 0, 0 },
	{ "plain_retransmission", "plainretr", "retransmissions neither fast "
	  "nor spurious (retransmission - fast - spurious)", "network",
	  SX_CT_COUNT, SX_M_PLAIN_RETRANS, 0, 1 },
	{ "problems", "problems", "frames with a network problem: "
	  "retransmission, duplicate ACK, out-of-order, zero window, "
	  "zero-window probe or window full", "network",
	  SX_CT_COUNT, SX_M_PROBLEMS, 0, 1 },
	{ "capture_problems", "capprob", "frames with a capture problem: "
	  "lost_segment or ack_lost_segment", "capture",
	  SX_CT_COUNT, SX_M_CAPTURE_PROBLEMS, 0, 1 },
	{ "data_segments", "datasegs", "frames with payload (tcp.len > 0)",
	  "stream", SX_CT_COUNT, SX_M_DATA_SEGMENTS, 0, 1 },
	{ "retrans_segments", "retrsegs", "retransmissions with payload",
	  "network", SX_CT_COUNT, SX_M_RETRANS_DATA, 0, 1 },
	{ "retrans_rate", "retrrate", "retrans_segments / data_segments "
	  "(absent without payload)", "network",
	  SX_CT_RATIO, SX_M_RETRANS_RATE, 0, 1 },
	{ "state", "state", "what the connection showed, by Wireshark's "
	  "completeness: SYN,SYNACK,ACK,DATA,FIN,RST", "state",
	  SX_CT_TEXT, SX_M_STATE, 0, 0 },
	{ "completeness", "compl", "the same as Wireshark's tcp.completeness "
	  "number (1 SYN, 2 SYN-ACK, 4 ACK, 8 DATA, 16 FIN, 32 RST)", "state",
	  SX_CT_NUMBER, SX_M_COMPLETENESS, 0, 0 },
	{ "first_fin", "firstfin", "who sent the first FIN: src or dst",
	  "state", SX_CT_TEXT, SX_M_FIRST_FIN, 0, 0 },
	{ "first_rst", "firstrst", "who sent the first RST: src or dst",
	  "state", SX_CT_TEXT, SX_M_FIRST_RST, 0, 0 },
	/* the statistics (stats.c) */
	{ "retrans_bytes", "retrbytes", "payload bytes (tcp.len) of frames "
	  "flagged tcp.analysis.retransmission", "transfer",
	  SX_CT_COUNT, SX_M_RETRANS_BYTES, 0, 1 },
	{ "goodput_bytes", "goodbytes", "bytes - retrans_bytes",
	  "transfer", SX_CT_COUNT, SX_M_GOODPUT_BYTES, 0, 1 },
	{ "throughput", "thruput", "bytes per second over the data span: "
	  "bytes / (time of the last frame with payload - time of the "
	  "first); the stream's span runs from the first to the last data "
	  "frame of either direction; absent when the span is 0",
	  "transfer", SX_CT_RATIO, SX_M_THROUGHPUT, 0, 1 },
	{ "goodput", "goodput", "goodput_bytes per second over the same "
	  "span as throughput", "transfer",
	  SX_CT_RATIO, SX_M_GOODPUT, 0, 1 },
	{ "in_flight_max", "inflmax", "largest "
	  "tcp.analysis.bytes_in_flight, bytes", "transfer",
	  SX_CT_NUMBER, SX_M_INFLIGHT_MAX, 0, 1 },
	{ "in_flight_avg", "inflavg", "mean tcp.analysis.bytes_in_flight "
	  "over the frames that show it, bytes", "transfer",
	  SX_CT_RATIO, SX_M_INFLIGHT_AVG, 0, 1 },
	{ "seg_max", "segmax", "largest payload of one frame (tcp.len), "
	  "bytes", "transfer", SX_CT_NUMBER, SX_M_SEG_MAX, 0, 1 },
	{ "seg_avg", "segavg", "bytes / data_segments", "transfer",
	  SX_CT_RATIO, SX_M_SEG_AVG, 0, 1 },
	{ "win_min", "winmin", "smallest calculated window "
	  "(tcp.window_size) the sender advertised, bytes; absent when "
	  "its scale factor is unknown (tcp.window_size_scalefactor -1)",
	  "window", SX_CT_NUMBER, SX_M_WIN_MIN, 0, 1 },
	{ "win_avg", "winavg", "mean calculated window (tcp.window_size), "
	  "bytes; absent when the scale factor is unknown", "window",
	  SX_CT_RATIO, SX_M_WIN_AVG, 0, 1 },
	{ "win_max", "winmax", "largest calculated window "
	  "(tcp.window_size), bytes; absent when the scale factor is "
	  "unknown", "window", SX_CT_NUMBER, SX_M_WIN_MAX, 0, 1 },
	{ "mss", "mss", "MSS the side offered in its first SYN or SYN-ACK "
	  "(tcp.options.mss_val); absent when that SYN was not captured or "
	  "had no MSS option", "options", SX_CT_NUMBER, SX_M_MSS, 0, 2 },
	{ "wscale", "wscale", "window scale shift the side offered "
	  "(tcp.options.wscale.shift); absent when its SYN was not "
	  "captured or had no window scale option", "options",
	  SX_CT_NUMBER, SX_M_WSCALE, 0, 2 },
	{ "sack_perm", "sackperm", "1 when the side's first SYN offered "
	  "SACK (tcp.option_kind 4), 0 when it did not; absent when no SYN "
	  "of the side was captured", "options",
	  SX_CT_NUMBER, SX_M_SACK_PERM, 0, 2 },
	{ "timestamps", "tstamps", "1 when the side's first SYN offered "
	  "timestamps (tcp.option_kind 8), 0 when it did not; absent when "
	  "no SYN of the side was captured", "options",
	  SX_CT_NUMBER, SX_M_TIMESTAMPS, 0, 2 },
	{ "idle_max", "idlemax", "longest gap between two consecutive "
	  "frames of the stream (frame.time_relative), seconds; absent "
	  "with a single frame", "timing", SX_CT_TIME, SX_M_IDLE_MAX, 0, 0 },
	{ "rtt_sd", "rttsd", "population standard deviation of "
	  "tcp.analysis.ack_rtt, seconds", "timing",
	  SX_CT_TIME, SX_M_RTT_SD, 0, 1 },
	{ "first_data", "firstdata", "first frame with payload, seconds "
	  "since the capture's first frame", "timing",
	  SX_CT_TIME, SX_M_FIRST_DATA, 0, 2 },
	{ "service", "service", "the protocol tshark decoded right above "
	  "TCP (frame.protocols) in the stream's first frame that has one "
	  "other than data, e.g. tls, http, ssh; dissects payload: slower",
	  "app", SX_CT_TEXT, SX_M_SERVICE, 0, 0 },
	{ "server_name", "srvname", "the TLS SNI "
	  "(tls.handshake.extensions_server_name), else the HTTP Host "
	  "(http.host): the first one seen; dissects payload: slower",
	  "app", SX_CT_TEXT, SX_M_SERVER_NAME, 0, 0 },
	{ "lost_downstream", "lostdown", "retransmitted data segments (not "
	  "spurious) of sequence space the capture had seen: lost after the "
	  "capture point", "diagnosis", SX_CT_COUNT, SX_M_LOST_DOWN, 0, 1 },
	{ "lost_downstream_bytes", "lostdownB", "their payload bytes",
	  "diagnosis", SX_CT_COUNT, SX_M_LOST_DOWN_BYTES, 0, 1 },
	{ "lost_upstream", "lostup", "retransmitted data segments (not "
	  "spurious) into a gap flagged lost_segment: lost before the "
	  "capture point", "diagnosis", SX_CT_COUNT, SX_M_LOST_UP, 0, 1 },
	{ "lost_upstream_bytes", "lostupB", "their payload bytes",
	  "diagnosis", SX_CT_COUNT, SX_M_LOST_UP_BYTES, 0, 1 },
	{ "reordered_upstream", "reordup", "out-of-order data segments into "
	  "a gap flagged lost_segment: reordering, not loss", "diagnosis",
	  SX_CT_COUNT, SX_M_REORDERED_UP, 0, 1 },
	{ "unfilled_gaps", "unfilled", "gaps flagged lost_segment that no "
	  "later frame filled: sequence space the capture never saw",
	  "diagnosis", SX_CT_COUNT, SX_M_UNFILLED_GAPS, 0, 1 },
	{ "gap_overflow", "gapovfl", "gaps not tracked (more than 4 open at "
	  "once in a direction): loss location there is approximate",
	  "diagnosis", SX_CT_COUNT, SX_M_GAP_OVERFLOW, 0, 1 },
	{ "dup_frames", "dups", "frames identical to the previous one of "
	  "their direction (IP ID, seq, ack, length, flags): captured twice",
	  "diagnosis", SX_CT_COUNT, SX_M_DUP_FRAMES, 0, 1 },
	{ "zero_window_time", "zwtime", "seconds from a zero_window frame "
	  "to the next frame of the same side with a non-zero window (or "
	  "the stream's end); for src: src's window was closed",
	  "diagnosis", SX_CT_TIME, SX_M_ZERO_WINDOW_TIME, 0, 1 },
	{ "zero_window_share", "zwshare", "zero_window_time / duration "
	  "(absent when duration is 0; both sides added up for the stream)",
	  "diagnosis", SX_CT_RATIO, SX_M_ZERO_WINDOW_SHARE, 0, 1 },
	{ "diagnosis", "diagnosis", "findings, most important first: "
	  "refused, unanswered, receiver_limited:SIDE, sender_limited:SIDE, "
	  "network_limited:SIDE, latency_bound, loss_downstream:SIDE, "
	  "loss_upstream:SIDE, idle, reset:SIDE, capture_gaps, duplicates; "
	  "or ok (rules: streamxpert(1))", "diagnosis",
	  SX_CT_TEXT, SX_M_DIAGNOSIS, 0, 0 },
	/* what limited each transfer (limits.c) */
	{ "transfer_time", "xfertime", "seconds from a direction's first "
	  "data segment until the ACK of its last one reaches the sender "
	  "(seen, plus the sender's round trip from the capture point; or "
	  "the stream's last frame without it); for the stream: from the "
	  "first data segment of either direction to the later end",
	  "limits",
	  SX_CT_TIME, SX_M_TRANSFER_TIME, 0, 1 },
	{ "round_trips", "rtts", "transfer_time / RTT (the handshake's irtt, "
	  "else the smallest ack RTT of the data); absent without an RTT",
	  "limits", SX_CT_RATIO, SX_M_ROUND_TRIPS, 0, 1 },
	{ "rwnd_limited_time", "rwndtime", "seconds of transfer_time with "
	  "as much data in flight as the receiver's window allows (within "
	  "one segment; zero windows too); absent when the window's scale "
	  "is unknown", "limits", SX_CT_TIME, SX_M_RWND_LIMITED_TIME, 0, 1 },
	{ "sender_limited_time", "sndtime", "seconds of transfer_time with "
	  "nothing in flight and the window open: the sender had no data",
	  "limits", SX_CT_TIME, SX_M_SENDER_LIMITED_TIME, 0, 1 },
	{ "network_limited_time", "nettime", "seconds of transfer_time with "
	  "data in flight below the window: congestion window, bottleneck, "
	  "loss recovery", "limits",
	  SX_CT_TIME, SX_M_NETWORK_LIMITED_TIME, 0, 1 },
	{ "rwnd_limited_share", "rwndshare", "rwnd_limited_time / "
	  "transfer_time (the three shares add up to 1; for the stream both "
	  "directions added up)", "limits",
	  SX_CT_RATIO, SX_M_RWND_LIMITED_SHARE, 0, 1 },
	{ "sender_limited_share", "sndshare", "sender_limited_time / "
	  "transfer_time", "limits",
	  SX_CT_RATIO, SX_M_SENDER_LIMITED_SHARE, 0, 1 },
	{ "network_limited_share", "netshare", "network_limited_time / "
	  "transfer_time", "limits",
	  SX_CT_RATIO, SX_M_NETWORK_LIMITED_SHARE, 0, 1 },
};

#define NMETRICS SX_ARRAY_LEN(metrics)

static struct sx_column cols[3 * NMETRICS];
static size_t ncols;
static char names[2 * NMETRICS][2][48];   /* name and head per column */

static void
add_column(const struct metric *m, enum sx_coldir dir, size_t slot)
{
	struct sx_column *c = &cols[ncols++];
	const char *name = m->name ? m->name : sx_flag_names[m->flag];

	c->base = name;
	c->name = name;
	c->head = m->head;
	c->help = m->help;
	c->group = m->group;
	c->type = m->type;
	c->metric = m->metric;
	c->flag = m->flag;
	c->dir = dir;
	c->needs_payload = m->metric == SX_M_SERVICE ||
	    m->metric == SX_M_SERVER_NAME;
	if (dir != SX_CD_BOTH) {
		const char *sfx = dir == SX_CD_FWD ? "fwd" : "rev";

		snprintf(names[slot][0], sizeof(names[slot][0]), "%s_%s",
		    name, sfx);
		snprintf(names[slot][1], sizeof(names[slot][1]), "%s_%c",
		    m->head, sfx[0]);
		c->name = names[slot][0];
		c->head = names[slot][1];
	}
}

const struct sx_column *
sx_columns(size_t *n)
{
	size_t i, slot = 0;
	int d;

	if (ncols == 0) {
		for (i = 0; i < NMETRICS; i++)
			if (metrics[i].directional != 2)
				add_column(&metrics[i], SX_CD_BOTH, 0);
		for (d = SX_CD_FWD; d <= SX_CD_REV; d++)
			for (i = 0; i < NMETRICS; i++)
				if (metrics[i].directional)
					add_column(&metrics[i],
					    (enum sx_coldir)d, slot++);
	}
	*n = ncols;
	return cols;
}

static const char *const default_columns[] = {
	"stream", "src", "dst", "frames", "retransmission", "duplicate_ack",
	"out_of_order", "zero_window",
};

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

static void
colset_add(struct sx_colset *set, const struct sx_column *c)
{
	set->col = sx_reallocarray(set->col, set->n + 1, sizeof(*set->col));
	set->col[set->n++] = c;
}

void
sx_colset_default(struct sx_colset *set)
{
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(default_columns); i++)
		colset_add(set, sx_column_find(default_columns[i]));
}

/* The -e groups. The first NSTATS are the statistics' groups: each is
 * the columns whose group field it is. */
static const char *const groups[] = {
	"transfer", "window", "options", "timing", "app", "limits",
	"default", "all", "flags", "fwd", "rev",
};
#define NSTATS 6

static int
group_index(const char *name)
{
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(groups); i++)
		if (strcmp(name, groups[i]) == 0)
			return (int)i;
	return -1;
}

int
sx_column_is_group(const char *name)
{
	return group_index(name) >= 0;
}

/* Add the columns of a group; returns 0, or -1 if name is no group. */
static int
add_group(struct sx_colset *set, const char *name)
{
	size_t i, n;
	const struct sx_column *c = sx_columns(&n);
	int g = group_index(name);

	if (g < 0)
		return -1;
	if (strcmp(name, "default") == 0) {
		sx_colset_default(set);
		return 0;
	}
	if (g < NSTATS) {
		for (i = 0; i < n; i++)
			if (strcmp(c[i].group, name) == 0)
				colset_add(set, &c[i]);
		return 0;
	}
	for (i = 0; i < n; i++) {
		if (c[i].metric == SX_M_FILE)
			continue;
		if ((name[0] == 'a') ||
		    (name[0] == 'f' && name[1] == 'l' &&
		    c[i].metric == SX_M_FLAG && c[i].dir == SX_CD_BOTH) ||
		    (name[0] == 'f' && name[1] == 'w' &&
		    c[i].dir == SX_CD_FWD) ||
		    (name[0] == 'r' && c[i].dir == SX_CD_REV))
			colset_add(set, &c[i]);
	}
	return 0;
}

int
sx_colset_parse(struct sx_colset *set, const char *list, char *err,
    size_t errsize)
{
	const char *p = list;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		const struct sx_column *c;
		char name[64];

		if (n == 0 || n >= sizeof(name)) {
			snprintf(err, errsize, "bad column list '%.64s'",
			    list);
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		if (add_group(set, name) != 0) {
			c = sx_column_find(name);
			if (c == NULL) {
				snprintf(err, errsize, "unknown column '%s' "
				    "(--list-columns shows them all)", name);
				return -1;
			}
			colset_add(set, c);
		}
		if (comma == NULL)
			return 0;
		p = comma + 1;
	}
}

void
sx_colset_want_file(struct sx_colset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->col[i]->metric == SX_M_FILE)
			return;
	colset_add(set, NULL);
	memmove(set->col + 1, set->col, (set->n - 1) * sizeof(*set->col));
	set->col[0] = sx_column_find("file");
}

int
sx_colset_needs_payload(const struct sx_colset *set)
{
	size_t i;

	for (i = 0; i < set->n; i++)
		if (set->col[i]->needs_payload)
			return 1;
	return 0;
}

void
sx_colset_free(struct sx_colset *set)
{
	free(set->col);
	set->col = NULL;
	set->n = 0;
}

static void
want_flag(struct sx_fieldset *fs, enum sx_flag fl)
{
	fs->want[SX_F_FLAG0 + fl] = 1;
}

void
sx_column_diag_fields(struct sx_fieldset *fs)
{
	static const enum sx_field need[] = {
		SX_F_STREAM, SX_F_TIME, SX_F_PROTOCOLS, SX_F_IP_SRC,
		SX_F_IP_DST, SX_F_IP6_SRC, SX_F_IP6_DST, SX_F_SRCPORT,
		SX_F_DSTPORT, SX_F_TCPFLAGS, SX_F_TCPLEN, SX_F_SEQ_RAW,
		SX_F_ACK_RAW, SX_F_IP_ID, SX_F_WINDOW,
	};
	static const enum sx_flag flags[] = {
		SX_FL_RETRANSMISSION, SX_FL_SPURIOUS_RETRANSMISSION,
		SX_FL_OUT_OF_ORDER, SX_FL_LOST_SEGMENT, SX_FL_ZERO_WINDOW,
	};
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(need); i++)
		fs->want[need[i]] = 1;
	for (i = 0; i < SX_ARRAY_LEN(flags); i++)
		want_flag(fs, flags[i]);
}

void
sx_column_fields(const struct sx_column *c, struct sx_fieldset *fs)
{
	static const enum sx_field endpoint_fields[] = {
		SX_F_PROTOCOLS, SX_F_IP_SRC, SX_F_IP_DST, SX_F_IP6_SRC,
		SX_F_IP6_DST, SX_F_SRCPORT, SX_F_DSTPORT, SX_F_TCPFLAGS,
	};
	size_t i;
	int fl;

	int stats = c->metric >= SX_M_RETRANS_BYTES &&
	    c->metric <= SX_M_SERVER_NAME;

	fs->want[SX_F_STREAM] = 1;
	/* The statistics need the endpoints also for the stream's total:
	 * their per-header fields are read from single-header frames, and
	 * tcp.srcport counts the headers. */
	if (c->dir != SX_CD_BOTH || c->metric == SX_M_SRC ||
	    c->metric == SX_M_DST || c->metric == SX_M_COMMUNITY_ID ||
	    c->metric == SX_M_FIRST_FIN ||
	    c->metric == SX_M_FIRST_RST || stats)
		for (i = 0; i < SX_ARRAY_LEN(endpoint_fields); i++)
			fs->want[endpoint_fields[i]] = 1;
	if (stats)
		fs->stats = 1;
	if (SX_M_IS_LIMITS(c->metric)) {
		static const enum sx_field need[] = {
			SX_F_TIME, SX_F_TCPFLAGS, SX_F_TCPLEN, SX_F_SEQ_RAW,
			SX_F_ACK_RAW, SX_F_WINSIZE, SX_F_WINSCALE, SX_F_MSS,
			SX_F_ACK_RTT, SX_F_IRTT,
		};

		for (i = 0; i < SX_ARRAY_LEN(need); i++)
			fs->want[need[i]] = 1;
		return;
	}
	switch (c->metric) {
	case SX_M_RETRANS_BYTES:
	case SX_M_GOODPUT_BYTES:
		fs->want[SX_F_TCPLEN] = 1;
		want_flag(fs, SX_FL_RETRANSMISSION);
		break;
	case SX_M_THROUGHPUT:
	case SX_M_GOODPUT:
		fs->want[SX_F_TIME] = 1;
		fs->want[SX_F_TCPLEN] = 1;
		if (c->metric == SX_M_GOODPUT)
			want_flag(fs, SX_FL_RETRANSMISSION);
		break;
	case SX_M_INFLIGHT_MAX:
	case SX_M_INFLIGHT_AVG:
		fs->want[SX_F_INFLIGHT] = 1;
		break;
	case SX_M_SEG_MAX:
	case SX_M_SEG_AVG:
		fs->want[SX_F_TCPLEN] = 1;
		break;
	case SX_M_WIN_MIN:
	case SX_M_WIN_AVG:
	case SX_M_WIN_MAX:
		fs->want[SX_F_WINSIZE] = 1;
		fs->want[SX_F_WINSCALE] = 1;
		break;
	case SX_M_MSS:
	case SX_M_WSCALE:
	case SX_M_SACK_PERM:
	case SX_M_TIMESTAMPS:
		fs->want[SX_F_OPTKIND] = 1;
		fs->want[SX_F_MSS] = 1;
		fs->want[SX_F_WSHIFT] = 1;
		break;
	case SX_M_IDLE_MAX:
		fs->want[SX_F_TIME] = 1;
		break;
	case SX_M_RTT_SD:
		fs->want[SX_F_ACK_RTT] = 1;
		break;
	case SX_M_FIRST_DATA:
		fs->want[SX_F_TIME] = 1;
		fs->want[SX_F_TCPLEN] = 1;
		break;
	case SX_M_SERVICE:
		fs->want[SX_F_APPPROTO] = 1;
		fs->service = 1;
		break;
	case SX_M_SERVER_NAME:
		fs->want[SX_F_SNI] = 1;
		fs->want[SX_F_HTTPHOST] = 1;
		break;
	case SX_M_FILE:
	case SX_M_STREAM:
	case SX_M_SRC:
	case SX_M_DST:
	case SX_M_COMMUNITY_ID:
	case SX_M_FRAMES:
	case SX_M_FIRST_FIN:
	case SX_M_FIRST_RST:
		break;
	case SX_M_START:
	case SX_M_DURATION:
		fs->want[SX_F_TIME] = 1;
		break;
	case SX_M_BYTES:
	case SX_M_DATA_SEGMENTS:
		fs->want[SX_F_TCPLEN] = 1;
		break;
	case SX_M_RETRANS_DATA:
	case SX_M_RETRANS_RATE:
		fs->want[SX_F_TCPLEN] = 1;
		want_flag(fs, SX_FL_RETRANSMISSION);
		break;
	case SX_M_FLAG:
		want_flag(fs, (enum sx_flag)c->flag);
		break;
	case SX_M_PLAIN_RETRANS:
		want_flag(fs, SX_FL_RETRANSMISSION);
		want_flag(fs, SX_FL_FAST_RETRANSMISSION);
		want_flag(fs, SX_FL_SPURIOUS_RETRANSMISSION);
		break;
	case SX_M_PROBLEMS:
	case SX_M_CAPTURE_PROBLEMS:
		for (fl = 0; fl < SX_FL_COUNT; fl++)
			if ((c->metric == SX_M_PROBLEMS ? SX_PROBLEM_FLAGS :
			    SX_CAPTURE_FLAGS) & (1u << fl))
				want_flag(fs, (enum sx_flag)fl);
		break;
	case SX_M_RST:
		fs->want[SX_F_TCPFLAGS] = 1;
		break;
	case SX_M_RTT_MIN:
	case SX_M_RTT_AVG:
	case SX_M_RTT_MAX:
		fs->want[SX_F_ACK_RTT] = 1;
		break;
	case SX_M_IRTT:
		fs->want[SX_F_IRTT] = 1;
		break;
	case SX_M_LOST_DOWN:
	case SX_M_LOST_DOWN_BYTES:
	case SX_M_LOST_UP:
	case SX_M_LOST_UP_BYTES:
	case SX_M_REORDERED_UP:
	case SX_M_UNFILLED_GAPS:
	case SX_M_GAP_OVERFLOW:
	case SX_M_DUP_FRAMES:
	case SX_M_ZERO_WINDOW_TIME:
	case SX_M_ZERO_WINDOW_SHARE:
		sx_column_diag_fields(fs);
		break;
	case SX_M_DIAGNOSIS: {
		/* what the rules (diag.c) compare; completeness comes from
		 * tcp.flags and tcp.len (its derived value equals
		 * tcp.completeness, which is not asked for) */
		static const char *const need[] = { "rst_fwd",
		    "frames_fwd", "retransmission_fwd", "fast_retransmission",
		    "zero_window", "ack_lost_segment", "duration",
		    "round_trips" };

		sx_column_diag_fields(fs);
		for (i = 0; i < SX_ARRAY_LEN(need); i++)
			sx_column_fields(sx_column_find(need[i]), fs);
		break;
	}
	default:   /* the alert and the summary's columns: see main.c */
		break;
	case SX_M_STATE:
	case SX_M_COMPLETENESS:
		fs->want[SX_F_TCPFLAGS] = 1;
		fs->want[SX_F_TCPLEN] = 1;
		fs->want[SX_F_COMPLETENESS] = 1;
		break;
	}
}

void
sx_format_endpoint(const struct sx_endpoint *ep, char *buf, size_t size)
{
	char a[INET6_ADDRSTRLEN];

	if (ep->af == 4 && inet_ntop(AF_INET, ep->addr, a, sizeof(a)))
		snprintf(buf, size, "%s:%u", a, ep->port);
	else if (ep->af == 6 && inet_ntop(AF_INET6, ep->addr, a, sizeof(a)))
		snprintf(buf, size, "[%s]:%u", a, ep->port);
	else
		snprintf(buf, size, "?:%u", ep->port);
}

void
sx_format_state(unsigned bits, char *buf, size_t size)
{
	static const char *const names_[] = {
		"SYN", "SYNACK", "ACK", "DATA", "FIN", "RST"
	};
	size_t i, len = 0;

	buf[0] = '\0';
	for (i = 0; i < SX_ARRAY_LEN(names_); i++) {
		if (bits & (1u << i)) {
			int n = snprintf(buf + len, size - len, "%s%s",
			    len ? "," : "", names_[i]);

			if (n < 0 || (size_t)n >= size - len)
				return;
			len += (size_t)n;
		}
	}
}

/* The sum over the directions a column covers. */
static uint64_t
by_dir(const struct sx_column *c, const uint32_t v[2])
{
	if (c->dir == SX_CD_BOTH)
		return (uint64_t)v[0] + v[1];
	return v[c->dir];
}

static void
rtt_value(const struct sx_column *c, const struct sx_ext *e,
    struct sx_value *v)
{
	int d, first = 1;
	int64_t sum = 0;
	uint64_t n = 0;

	v->null = 1;
	for (d = 0; d < 2; d++) {
		if ((c->dir != SX_CD_BOTH && d != (int)c->dir) ||
		    e->rtt_n[d] == 0)
			continue;
		n += e->rtt_n[d];
		sum += e->rtt_sum[d];
		if (c->metric == SX_M_RTT_MIN &&
		    (first || e->rtt_min[d] < v->ns))
			v->ns = e->rtt_min[d];
		if (c->metric == SX_M_RTT_MAX &&
		    (first || e->rtt_max[d] > v->ns))
			v->ns = e->rtt_max[d];
		first = 0;
	}
	if (n == 0)
		return;
	v->null = 0;
	if (c->metric == SX_M_RTT_AVG)
		v->ns = sum / (int64_t)n;
}

static const struct sx_diag no_diag;

/* A count of the diagnosis state of one direction. */
static uint64_t
diag_count(enum sx_metric m, const struct sx_diag_dir *d)
{
	switch (m) {
	case SX_M_LOST_DOWN:
		return d->lost_down;
	case SX_M_LOST_DOWN_BYTES:
		return d->lost_down_bytes;
	case SX_M_LOST_UP:
		return d->lost_up;
	case SX_M_LOST_UP_BYTES:
		return d->lost_up_bytes;
	case SX_M_REORDERED_UP:
		return d->reordered;
	case SX_M_UNFILLED_GAPS:
		return (uint64_t)d->ngaps + d->gap_expired;
	case SX_M_GAP_OVERFLOW:
		return d->gap_overflow;
	case SX_M_DUP_FRAMES:
		return d->dups;
	default:
		return 0;
	}
}

static void summary_value(const struct sx_column *c,
    const struct sx_summary *s, struct sx_value *v);

static uint16_t cid_seed;

void
sx_column_community_id_seed(uint16_t seed)
{
	cid_seed = seed;
}

/* The stream's Community ID (TCP: protocol 6) from the endpoints it
 * keeps: those of the IP header right around its TCP header (the inner
 * one in a tunnel, as tshark's tcp.stream keys it). Absent when the
 * addresses are not IP. */
static void
community_id(const struct sx_stream *st, struct sx_value *v)
{
	struct sx_cid_end a, b;

	a.addr = st->ep[0].addr;
	a.port = st->ep[0].port;
	b.addr = st->ep[1].addr;
	b.port = st->ep[1].port;
	v->null = st->ep[0].af != st->ep[1].af ||
	    sx_community_id(cid_seed, st->ep[0].af, &a, &b, 6, 1, v->text) != 0;
}

void
sx_column_value(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_stream *st = r->st;
	const struct sx_ext *e = r->ext;
	const struct sx_diag *dg = r->diag ? r->diag : &no_diag;
	uint64_t a, b;
	int side;

	v->null = 0;
	v->str = v->text;
	v->text[0] = '\0';
	if (c->metric == SX_M_ALERT) {
		v->null = r->alert == NULL;
		v->str = r->alert ? r->alert : "";
		return;
	}
	if (c->metric >= SX_M_SUM_STATUS) {
		if (r->sum)
			summary_value(c, r->sum, v);
		else
			v->null = 1;
		return;
	}
	if (c->metric >= SX_M_RETRANS_BYTES &&
	    c->metric <= SX_M_SERVER_NAME) {
		sx_stats_value(c, r, v);
		return;
	}
	switch (c->metric) {
	case SX_M_FILE:
		v->str = r->file ? r->file : "";
		break;
	case SX_M_STREAM:
		v->count = r->stream;
		break;
	case SX_M_SRC:
	case SX_M_DST:
		sx_format_endpoint(&st->ep[c->metric == SX_M_DST], v->text,
		    sizeof(v->text));
		break;
	case SX_M_COMMUNITY_ID:
		community_id(st, v);
		break;
	case SX_M_FRAMES:
		v->count = by_dir(c, st->frames);
		break;
	case SX_M_BYTES:
		v->count = c->dir == SX_CD_BOTH ? e->bytes[0] + e->bytes[1] :
		    e->bytes[c->dir];
		break;
	case SX_M_START:
		v->ns = st->first_ns;
		break;
	case SX_M_DURATION:
		v->ns = st->last_ns - st->first_ns;
		break;
	case SX_M_FLAG:
		a = c->dir != SX_CD_REV ? e->flag[0][c->flag] : 0;
		b = c->dir != SX_CD_FWD ? e->flag[1][c->flag] : 0;
		v->count = a + b;
		break;
	case SX_M_PLAIN_RETRANS:
		for (a = 0, side = 0; side < 2; side++) {
			uint32_t rt = e->flag[side][SX_FL_RETRANSMISSION];
			uint32_t other =
			    e->flag[side][SX_FL_FAST_RETRANSMISSION] +
			    e->flag[side][SX_FL_SPURIOUS_RETRANSMISSION];

			if (c->dir == SX_CD_BOTH || side == (int)c->dir)
				a += rt > other ? rt - other : 0;
		}
		v->count = a;
		break;
	case SX_M_PROBLEMS:
		v->count = by_dir(c, e->problems);
		break;
	case SX_M_CAPTURE_PROBLEMS:
		v->count = by_dir(c, e->capture);
		break;
	case SX_M_DATA_SEGMENTS:
		v->count = by_dir(c, e->data);
		break;
	case SX_M_RETRANS_DATA:
		v->count = by_dir(c, e->retrans_data);
		break;
	case SX_M_RETRANS_RATE:
		a = by_dir(c, e->retrans_data);
		b = by_dir(c, e->data);
		v->null = b == 0;
		v->ratio = b ? (double)a / (double)b : 0;
		break;
	case SX_M_RST:
		v->count = by_dir(c, e->rst);
		break;
	case SX_M_RTT_MIN:
	case SX_M_RTT_AVG:
	case SX_M_RTT_MAX:
		rtt_value(c, e, v);
		break;
	case SX_M_IRTT:
		v->null = !e->has_irtt;
		v->ns = e->irtt;
		break;
	case SX_M_STATE:
		sx_format_state(sx_stream_completeness(st), v->text,
		    sizeof(v->text));
		break;
	case SX_M_COMPLETENESS:
		v->count = sx_stream_completeness(st);
		break;
	case SX_M_FIRST_FIN:
	case SX_M_FIRST_RST:
		side = sx_stream_first_end(st, c->metric == SX_M_FIRST_FIN);
		v->null = side < 0;
		v->str = side == SX_FWD ? "src" : side == SX_REV ? "dst" : "";
		break;
	case SX_M_LOST_DOWN:
	case SX_M_LOST_DOWN_BYTES:
	case SX_M_LOST_UP:
	case SX_M_LOST_UP_BYTES:
	case SX_M_REORDERED_UP:
	case SX_M_UNFILLED_GAPS:
	case SX_M_GAP_OVERFLOW:
	case SX_M_DUP_FRAMES:
		v->count = 0;
		for (side = 0; side < 2; side++)
			if (c->dir == SX_CD_BOTH || side == (int)c->dir)
				v->count += diag_count(c->metric,
				    &dg->d[side]);
		break;
	case SX_M_ZERO_WINDOW_TIME:
	case SX_M_ZERO_WINDOW_SHARE:
		v->ns = 0;
		for (side = 0; side < 2; side++)
			if (c->dir == SX_CD_BOTH || side == (int)c->dir)
				v->ns += sx_diag_zero_window_ns(dg, side,
				    st->last_ns);
		if (c->metric == SX_M_ZERO_WINDOW_SHARE) {
			int64_t dur = st->last_ns - st->first_ns;

			v->null = dur <= 0;
			v->ratio = dur > 0 ? (double)v->ns / (double)dur : 0;
		}
		break;
	case SX_M_DIAGNOSIS: {
		static char text[400];

		v->count = sx_diag_findings(r);
		sx_diag_format((uint32_t)v->count, text, sizeof(text));
		v->str = text;
		break;
	}
	default:
		v->null = 1;
		break;
	}
}

/* --- alerts and the summary --- */

static const struct sx_column alert_column = {
	"alert", "alert", "alert", "the --fail-if conditions the row crosses "
	"(empty when none)", "info", SX_CT_TEXT, SX_M_ALERT, 0, SX_CD_BOTH, 0
};

const struct sx_column *
sx_column_alert(void)
{
	return &alert_column;
}

#define SUM(name, head, type, metric, help) \
	{ name, name, head, help, "summary", type, metric, 0, SX_CD_BOTH, 0 }
#define SUMFLAG(fl) \
	{ NULL, NULL, NULL, NULL, "summary", SX_CT_COUNT, SX_M_SUM_FLAG, fl, \
	  SX_CD_BOTH, 0 }

static struct sx_column summary_cols[] = {
	SUM("file", "file", SX_CT_TEXT, SX_M_FILE, "the capture file"),
	SUM("status", "status", SX_CT_TEXT, SX_M_SUM_STATUS, "ok (read to "
	    "its end), partial (damaged: the rest covers what was read) or "
	    "failed (nothing read)"),
	SUM("frames", "frames", SX_CT_COUNT, SX_M_SUM_FRAMES,
	    "frames in the capture"),
	SUM("tcp_frames", "tcpframes", SX_CT_COUNT, SX_M_SUM_TCP_FRAMES,
	    "frames that belong to a TCP stream"),
	SUM("streams", "streams", SX_CT_COUNT, SX_M_SUM_STREAMS,
	    "TCP streams"),
	SUM("problem_streams", "problem", SX_CT_COUNT,
	    SX_M_SUM_PROBLEM_STREAMS, "streams with a network problem (what "
	    "--problems shows)"),
	SUM("bytes", "bytes", SX_CT_COUNT, SX_M_SUM_BYTES,
	    "TCP payload bytes"),
	SUMFLAG(SX_FL_RETRANSMISSION), SUMFLAG(SX_FL_FAST_RETRANSMISSION),
	SUMFLAG(SX_FL_SPURIOUS_RETRANSMISSION), SUMFLAG(SX_FL_DUPLICATE_ACK),
	SUMFLAG(SX_FL_OUT_OF_ORDER), SUMFLAG(SX_FL_LOST_SEGMENT),
	SUMFLAG(SX_FL_ACK_LOST_SEGMENT), SUMFLAG(SX_FL_ZERO_WINDOW),
	SUMFLAG(SX_FL_ZERO_WINDOW_PROBE),
	SUMFLAG(SX_FL_ZERO_WINDOW_PROBE_ACK), SUMFLAG(SX_FL_WINDOW_FULL),
	SUMFLAG(SX_FL_WINDOW_UPDATE), SUMFLAG(SX_FL_KEEP_ALIVE),
	SUMFLAG(SX_FL_KEEP_ALIVE_ACK), SUMFLAG(SX_FL_REUSED_PORTS),
	SUM("rst", "rst", SX_CT_COUNT, SX_M_SUM_RST, "frames with RST set"),
	SUM("retrans_rate", "retrate", SX_CT_RATIO, SX_M_SUM_RETRANS_RATE,
	    "retransmitted data segments over data segments, all streams"),
	SUM("worst_stream", "worst", SX_CT_NUMBER, SX_M_SUM_WORST_STREAM,
	    "the stream with the highest retrans_rate above 0 (the first on "
	    "ties; empty when no stream retransmitted data)"),
	SUM("worst_src", "worstsrc", SX_CT_TEXT, SX_M_SUM_WORST_SRC,
	    "its src"),
	SUM("worst_dst", "worstdst", SX_CT_TEXT, SX_M_SUM_WORST_DST,
	    "its dst"),
	SUM("worst_retrans_rate", "worstrate", SX_CT_RATIO,
	    SX_M_SUM_WORST_RATE, "its retrans_rate"),
#define SUMFIND(fi, name, head, help) \
	{ name, name, head, help, "summary", SX_CT_COUNT, SX_M_SUM_FINDING, \
	  fi, SX_CD_BOTH, 0 }
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
	SUM("capture_quality", "quality", SX_CT_TEXT, SX_M_SUM_QUALITY,
	    "whether the capture itself can be trusted: ok, or drops, "
	    "truncated, gaps, duplicates (see CAPTURE QUALITY); unknown when "
	    "the file could not be read and nothing was found"),
	SUM("interface_drops", "ifdrop", SX_CT_COUNT, SX_M_SUM_IFDROP,
	    "packets the capture interface dropped (pcapng isb_ifdrop; empty "
	    "when the file does not say)"),
	SUM("os_drops", "osdrop", SX_CT_COUNT, SX_M_SUM_OSDROP,
	    "packets the operating system dropped (pcapng isb_osdrop; empty "
	    "when the file does not say)"),
	SUM("cut_frames", "cut", SX_CT_COUNT, SX_M_SUM_CUT,
	    "frames cut by the snap length before the end of their TCP header "
	    "(empty when the file could not be read)"),
	SUM("time_backwards", "timeback", SX_CT_COUNT, SX_M_SUM_TIME_BACK,
	    "frames stamped earlier than the frame before them (empty when "
	    "the file could not be read)"),
	SUM("dup_frames", "dupframes", SX_CT_COUNT, SX_M_SUM_DUP_FRAMES,
	    "frames identical to the one before them in their direction "
	    "(dup_frames summed)"),
};

const struct sx_column *
sx_summary_columns(size_t *n)
{
	size_t i;

	/* The flags: names, headers and meanings of the stream report's. */
	for (i = 0; i < SX_ARRAY_LEN(summary_cols); i++) {
		struct sx_column *c = &summary_cols[i];
		const struct sx_column *same;

		if (c->metric != SX_M_SUM_FLAG || c->name != NULL)
			continue;
		c->name = c->base = sx_flag_names[c->flag];
		same = sx_column_find(c->name);
		c->head = same->head;
		c->help = same->help;
	}
	*n = SX_ARRAY_LEN(summary_cols);
	return summary_cols;
}

const struct sx_column *
sx_summary_column_find(const char *name)
{
	size_t n;
	const struct sx_column *c = sx_summary_columns(&n);

	return find_column(c, n, name);
}

/* A number of the capture's quality; absent when not known. */
static void
trust_value(enum sx_metric m, const struct sx_trust *t, struct sx_value *v)
{
	switch (m) {
	case SX_M_SUM_IFDROP:
		v->null = !t->has_ifdrop;
		v->count = t->ifdrop;
		break;
	case SX_M_SUM_OSDROP:
		v->null = !t->has_osdrop;
		v->count = t->osdrop;
		break;
	case SX_M_SUM_CUT:
		v->null = !t->scanned;
		v->count = t->cut_short;
		break;
	case SX_M_SUM_TIME_BACK:
		v->null = !t->scanned;
		v->count = t->time_back;
		break;
	default:
		v->count = t->dup_frames;
		break;
	}
}

static void
summary_value(const struct sx_column *c, const struct sx_summary *s,
    struct sx_value *v)
{
	switch (c->metric) {
	case SX_M_SUM_STATUS:
		v->str = s->status;
		break;
	case SX_M_SUM_FRAMES:
		v->count = s->frames;
		break;
	case SX_M_SUM_TCP_FRAMES:
		v->count = s->tcp_frames;
		break;
	case SX_M_SUM_STREAMS:
		v->count = s->streams;
		break;
	case SX_M_SUM_PROBLEM_STREAMS:
		v->count = s->problem_streams;
		break;
	case SX_M_SUM_BYTES:
		v->count = s->bytes;
		break;
	case SX_M_SUM_FLAG:
		v->count = s->flag[c->flag];
		break;
	case SX_M_SUM_RST:
		v->count = s->rst;
		break;
	case SX_M_SUM_RETRANS_RATE:
		v->null = s->data == 0;
		v->ratio = s->data ? (double)s->retrans_data /
		    (double)s->data : 0;
		break;
	case SX_M_SUM_WORST_STREAM:
		v->null = !s->has_worst;
		v->count = s->worst_stream;
		break;
	case SX_M_SUM_WORST_SRC:
	case SX_M_SUM_WORST_DST:
		v->null = !s->has_worst;
		v->str = c->metric == SX_M_SUM_WORST_SRC ? s->worst_src :
		    s->worst_dst;
		break;
	case SX_M_SUM_WORST_RATE:
		v->null = !s->has_worst;
		v->ratio = s->worst_rate;
		break;
	case SX_M_SUM_FINDING:
		v->count = s->finding[c->flag];
		break;
	case SX_M_SUM_QUALITY:
		v->str = s->quality;
		break;
	case SX_M_SUM_IFDROP:
	case SX_M_SUM_OSDROP:
	case SX_M_SUM_CUT:
	case SX_M_SUM_TIME_BACK:
	case SX_M_SUM_DUP_FRAMES:
		trust_value(c->metric, &s->trust, v);
		break;
	default:
		v->null = 1;
		break;
	}
}

void
sx_summary_of(struct sx_summary *s, const struct sx_table *t,
    const char *status)
{
	size_t i, slots = t ? sx_table_slots(t) : 0;
	int d, f;

	memset(s, 0, sizeof(*s));
	s->status = status;
	strcpy(s->quality, "unknown");
	if (t == NULL)
		return;
	s->frames = t->frames;
	s->tcp_frames = t->tcp_frames;
	s->streams = t->nstreams;
	for (i = 0; i < slots; i++) {
		const struct sx_stream *st = sx_table_get(t, i);
		const struct sx_ext *e;
		uint64_t data, rd;

		if (st == NULL)
			continue;
		e = sx_stream_ext(t, st);
		if (e->problems[0] + e->problems[1] > 0)
			s->problem_streams++;
		if (t->diag) {
			struct sx_row row = { 0 };
			uint32_t fs;

			row.stream = i;
			row.st = st;
			row.ext = e;
			row.table = t;
			row.diag = sx_stream_diag(t, st);
			fs = sx_diag_findings(&row);
			for (f = 0; f < SX_FIND_COUNT; f++)
				if (fs & (3u << (2 * f)))
					s->finding[f]++;
			if (fs == 0)
				s->finding[SX_FIND_COUNT]++;
		}
		for (d = 0; d < 2; d++) {
			for (f = 0; f < SX_FL_COUNT; f++)
				s->flag[f] += e->flag[d][f];
			s->rst += e->rst[d];
			s->bytes += e->bytes[d];
		}
		data = (uint64_t)e->data[0] + e->data[1];
		rd = (uint64_t)e->retrans_data[0] + e->retrans_data[1];
		s->data += data;
		s->retrans_data += rd;
		/* Worst first; on a tie the earlier stream stays; a stream
		 * without retransmissions is nobody's worst. */
		if (rd > 0 && (!s->has_worst ||
		    (double)rd / (double)data > s->worst_rate)) {
			s->has_worst = 1;
			s->worst_stream = i;
			s->worst_rate = (double)rd / (double)data;
			sx_format_endpoint(&st->ep[0], s->worst_src,
			    sizeof(s->worst_src));
			sx_format_endpoint(&st->ep[1], s->worst_dst,
			    sizeof(s->worst_dst));
		}
	}
}

int
sx_value_cmp(const struct sx_column *c, const struct sx_value *a,
    const struct sx_value *b)
{
	if (c->metric == SX_M_DIAGNOSIS) {
		/* the text is formatted on demand from the findings */
		char x[400], y[400];

		sx_diag_format((uint32_t)a->count, x, sizeof(x));
		sx_diag_format((uint32_t)b->count, y, sizeof(y));
		return strcmp(x, y);
	}
	switch (c->type) {
	case SX_CT_TEXT:
		return strcmp(a->str, b->str);
	case SX_CT_COUNT:
	case SX_CT_NUMBER:
		return (a->count > b->count) - (a->count < b->count);
	case SX_CT_TIME:
		return (a->ns > b->ns) - (a->ns < b->ns);
	case SX_CT_RATIO:
		return (a->ratio > b->ratio) - (a->ratio < b->ratio);
	}
	return 0;
}

int
sx_row_has_problems(const struct sx_row *r)
{
	return r->ext->problems[0] + r->ext->problems[1] > 0;
}
