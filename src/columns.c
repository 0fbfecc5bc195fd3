/* columns.c - column definitions and their values. */
#include "columns.h"

#include <arpa/inet.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define FLAG(name, head, help, fl) \
	{ name, head, help, SX_CT_COUNT, SX_CW_FLAG, fl }

const struct sx_column sx_columns[] = {
	{ "file", "file", "the capture file the stream is in",
	  SX_CT_TEXT, SX_CW_FILE, 0 },
	{ "stream", "stream", "Wireshark's tcp.stream number",
	  SX_CT_COUNT, SX_CW_STREAM, 0 },
	{ "src", "src", "client address:port (IPv6 as [addr]:port)",
	  SX_CT_TEXT, SX_CW_SRC, 0 },
	{ "dst", "dst", "server address:port",
	  SX_CT_TEXT, SX_CW_DST, 0 },
	{ "frames", "frames", "frames of the stream",
	  SX_CT_COUNT, SX_CW_FRAMES, 0 },
	{ "bytes", "bytes", "TCP payload bytes (sum of tcp.len)",
	  SX_CT_COUNT, SX_CW_BYTES, 0 },
	{ "start", "start", "first frame, seconds since the capture's first "
	  "frame", SX_CT_TIME, SX_CW_START, 0 },
	{ "duration", "duration", "last frame minus first frame, seconds",
	  SX_CT_TIME, SX_CW_DURATION, 0 },
	FLAG("retransmission", "retrans", "retransmissions of every kind "
	    "(tcp.analysis.retransmission)", SX_FL_RETRANSMISSION),
	FLAG("fast_retransmission", "fastretr", "fast retransmissions "
	    "(also counted in retransmission)", SX_FL_FAST_RETRANSMISSION),
	FLAG("spurious_retransmission", "spurretr", "retransmissions of "
	    "data already acknowledged (also counted in retransmission)",
	    SX_FL_SPURIOUS_RETRANSMISSION),
	FLAG("duplicate_ack", "dupack", "duplicate ACKs",
	    SX_FL_DUPLICATE_ACK),
	FLAG("out_of_order", "ooo", "out-of-order segments",
	    SX_FL_OUT_OF_ORDER),
	FLAG("lost_segment", "lost", "previous segment not captured (a gap "
	    "in the sequence)", SX_FL_LOST_SEGMENT),
	FLAG("ack_lost_segment", "acklost", "ACKs of data never captured",
	    SX_FL_ACK_LOST_SEGMENT),
	FLAG("zero_window", "zerowin", "segments advertising a zero window",
	    SX_FL_ZERO_WINDOW),
	FLAG("zero_window_probe", "zwprobe", "zero-window probes",
	    SX_FL_ZERO_WINDOW_PROBE),
	FLAG("zero_window_probe_ack", "zwpack", "ACKs of zero-window probes",
	    SX_FL_ZERO_WINDOW_PROBE_ACK),
	FLAG("window_full", "winfull", "segments that fill the receiver's "
	    "window", SX_FL_WINDOW_FULL),
	FLAG("window_update", "winupd", "window updates",
	    SX_FL_WINDOW_UPDATE),
	FLAG("keep_alive", "keepalive", "keep-alives", SX_FL_KEEP_ALIVE),
	FLAG("keep_alive_ack", "kaack", "ACKs of keep-alives",
	    SX_FL_KEEP_ALIVE_ACK),
	FLAG("reused_ports", "reused", "SYNs reusing the ports of an "
	    "earlier connection", SX_FL_REUSED_PORTS),
	{ "rst", "rst", "frames with the RST flag set",
	  SX_CT_COUNT, SX_CW_RST, 0 },
	{ "rtt_min", "rttmin", "smallest tcp.analysis.ack_rtt, seconds",
	  SX_CT_TIME, SX_CW_RTT_MIN, 0 },
	{ "rtt_avg", "rttavg", "mean tcp.analysis.ack_rtt, seconds",
	  SX_CT_TIME, SX_CW_RTT_AVG, 0 },
	{ "rtt_max", "rttmax", "largest tcp.analysis.ack_rtt, seconds",
	  SX_CT_TIME, SX_CW_RTT_MAX, 0 },
	{ "irtt", "irtt", "initial RTT of the handshake "
	  "(tcp.analysis.initial_rtt), seconds", SX_CT_TIME, SX_CW_IRTT, 0 },
};

const size_t sx_ncolumns = SX_ARRAY_LEN(sx_columns);

static const char *const default_columns[] = {
	"stream", "src", "dst", "frames", "retransmission", "duplicate_ack",
	"out_of_order", "zero_window",
};

const struct sx_column *
sx_column_find(const char *name)
{
	size_t i;

	for (i = 0; i < sx_ncolumns; i++)
		if (strcmp(sx_columns[i].name, name) == 0)
			return &sx_columns[i];
	return NULL;
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

int
sx_colset_parse(struct sx_colset *set, const char *list, char *err,
    size_t errsize)
{
	const char *p = list;

	for (;;) {
		const char *comma = strchr(p, ',');
		size_t n = comma ? (size_t)(comma - p) : strlen(p);
		char name[64];
		size_t i;

		if (n == 0 || n >= sizeof(name)) {
			snprintf(err, errsize, "bad column list '%s'", list);
			return -1;
		}
		memcpy(name, p, n);
		name[n] = '\0';
		if (strcmp(name, "all") == 0) {
			for (i = 0; i < sx_ncolumns; i++)
				if (sx_columns[i].what != SX_CW_FILE)
					colset_add(set, &sx_columns[i]);
		} else if (strcmp(name, "default") == 0) {
			sx_colset_default(set);
		} else {
			const struct sx_column *c = sx_column_find(name);

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
		if (set->col[i]->what == SX_CW_FILE)
			return;
	colset_add(set, NULL);
	memmove(set->col + 1, set->col, (set->n - 1) * sizeof(*set->col));
	set->col[0] = sx_column_find("file");
}

void
sx_colset_free(struct sx_colset *set)
{
	free(set->col);
	set->col = NULL;
	set->n = 0;
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
sx_column_value(const struct sx_column *c, const struct sx_row *r,
    struct sx_value *v)
{
	const struct sx_stream *st = r->st;
	const struct sx_ext *e = r->ext;
	uint32_t n;

	v->null = 0;
	v->str = v->text;
	switch (c->what) {
	case SX_CW_FILE:
		v->str = r->file ? r->file : "";
		break;
	case SX_CW_STREAM:
		v->count = r->stream;
		break;
	case SX_CW_SRC:
	case SX_CW_DST:
		sx_format_endpoint(&st->ep[c->what == SX_CW_DST], v->text,
		    sizeof(v->text));
		break;
	case SX_CW_FRAMES:
		v->count = (uint64_t)st->frames[0] + st->frames[1];
		break;
	case SX_CW_BYTES:
		v->count = e->bytes[0] + e->bytes[1];
		break;
	case SX_CW_START:
		v->ns = st->first_ns;
		break;
	case SX_CW_DURATION:
		v->ns = st->last_ns - st->first_ns;
		break;
	case SX_CW_FLAG:
		v->count = (uint64_t)e->flag[0][c->flag] + e->flag[1][c->flag];
		break;
	case SX_CW_RST:
		v->count = (uint64_t)e->rst[0] + e->rst[1];
		break;
	case SX_CW_RTT_MIN:
	case SX_CW_RTT_MAX:
	case SX_CW_RTT_AVG:
		n = e->rtt_n[0] + e->rtt_n[1];
		if (n == 0) {
			v->null = 1;
			break;
		}
		if (c->what == SX_CW_RTT_AVG) {
			v->ns = (e->rtt_sum[0] + e->rtt_sum[1]) / (int64_t)n;
		} else {
			int64_t a = e->rtt_n[0] ? (c->what == SX_CW_RTT_MIN ?
			    e->rtt_min[0] : e->rtt_max[0]) : 0;
			int64_t b = e->rtt_n[1] ? (c->what == SX_CW_RTT_MIN ?
			    e->rtt_min[1] : e->rtt_max[1]) : 0;

			if (!e->rtt_n[0])
				a = b;
			if (!e->rtt_n[1])
				b = a;
			v->ns = c->what == SX_CW_RTT_MIN ? (a < b ? a : b) :
			    (a > b ? a : b);
		}
		break;
	case SX_CW_IRTT:
		v->null = !e->has_irtt;
		v->ns = e->irtt;
		break;
	}
}
