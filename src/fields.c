/* fields.c - the field list shared by the tshark invocation and the parser. */
#include "fields.h"

#include <string.h>

const char *const sx_field_names[SX_F_COUNT] = {
	[SX_F_STREAM] = "tcp.stream",
	[SX_F_TIME] = "frame.time_relative",
	[SX_F_PROTOCOLS] = "frame.protocols",
	[SX_F_IP_SRC] = "ip.src",
	[SX_F_IP_DST] = "ip.dst",
	[SX_F_IP6_SRC] = "ipv6.src",
	[SX_F_IP6_DST] = "ipv6.dst",
	[SX_F_SRCPORT] = "tcp.srcport",
	[SX_F_DSTPORT] = "tcp.dstport",
	[SX_F_TCPFLAGS] = "tcp.flags",
	[SX_F_TCPLEN] = "tcp.len",
	[SX_F_ACK_RTT] = "tcp.analysis.ack_rtt",
	[SX_F_IRTT] = "tcp.analysis.initial_rtt",
	[SX_F_COMPLETENESS] = "tcp.completeness",
	[SX_F_FLAG0 + SX_FL_RETRANSMISSION] = "tcp.analysis.retransmission",
	[SX_F_FLAG0 + SX_FL_FAST_RETRANSMISSION] =
	    "tcp.analysis.fast_retransmission",
	[SX_F_FLAG0 + SX_FL_SPURIOUS_RETRANSMISSION] =
	    "tcp.analysis.spurious_retransmission",
	[SX_F_FLAG0 + SX_FL_DUPLICATE_ACK] = "tcp.analysis.duplicate_ack",
	[SX_F_FLAG0 + SX_FL_OUT_OF_ORDER] = "tcp.analysis.out_of_order",
	[SX_F_FLAG0 + SX_FL_LOST_SEGMENT] = "tcp.analysis.lost_segment",
	[SX_F_FLAG0 + SX_FL_ACK_LOST_SEGMENT] = "tcp.analysis.ack_lost_segment",
	[SX_F_FLAG0 + SX_FL_ZERO_WINDOW] = "tcp.analysis.zero_window",
	[SX_F_FLAG0 + SX_FL_ZERO_WINDOW_PROBE] = "tcp.analysis.zero_window_probe",
	[SX_F_FLAG0 + SX_FL_ZERO_WINDOW_PROBE_ACK] =
	    "tcp.analysis.zero_window_probe_ack",
	[SX_F_FLAG0 + SX_FL_WINDOW_FULL] = "tcp.analysis.window_full",
	[SX_F_FLAG0 + SX_FL_WINDOW_UPDATE] = "tcp.analysis.window_update",
	[SX_F_FLAG0 + SX_FL_KEEP_ALIVE] = "tcp.analysis.keep_alive",
	[SX_F_FLAG0 + SX_FL_KEEP_ALIVE_ACK] = "tcp.analysis.keep_alive_ack",
	[SX_F_FLAG0 + SX_FL_REUSED_PORTS] = "tcp.analysis.reused_ports",
	[SX_F_WINSIZE] = "tcp.window_size",
	[SX_F_WINSCALE] = "tcp.window_size_scalefactor",
	[SX_F_INFLIGHT] = "tcp.analysis.bytes_in_flight",
	[SX_F_OPTKIND] = "tcp.option_kind",
	[SX_F_MSS] = "tcp.options.mss_val",
	[SX_F_WSHIFT] = "tcp.options.wscale.shift",
	[SX_F_APPPROTO] = "frame.protocols",
	[SX_F_SNI] = "tls.handshake.extensions_server_name",
	[SX_F_HTTPHOST] = "http.host",
	[SX_F_NET_SRC] = "%uns (network source)",
	[SX_F_IPVER] = "ip.version",
	[SX_F_NET_DST] = "%und (network destination)",
	[SX_F_SEQ_RAW] = "tcp.seq_raw",
	[SX_F_ACK_RAW] = "tcp.ack_raw",
	[SX_F_IP_ID] = "ip.id",
	[SX_F_WINDOW] = "tcp.window_size_value",
	[SX_F_TSVAL] = "tcp.options.timestamp.tsval",
	[SX_F_SACK_LE] = "tcp.options.sack_le",
	[SX_F_SACK_RE] = "tcp.options.sack_re",
	[SX_F_ACK_REL] = "tcp.ack",
};

const unsigned char sx_field_all_occurrences[SX_F_COUNT] = {
	[SX_F_STREAM] = 1,
	[SX_F_IP_SRC] = 1,
	[SX_F_IP_DST] = 1,
	[SX_F_IP6_SRC] = 1,
	[SX_F_IP6_DST] = 1,
	[SX_F_SRCPORT] = 1,
	[SX_F_DSTPORT] = 1,
	[SX_F_TCPFLAGS] = 1,
	[SX_F_TCPLEN] = 1,
	[SX_F_ACK_RTT] = 1,
	[SX_F_IRTT] = 1,
	[SX_F_COMPLETENESS] = 1,
	[SX_F_IPVER] = 1,
	[SX_F_SEQ_RAW] = 1,
	[SX_F_ACK_RAW] = 1,
	[SX_F_IP_ID] = 1,
	[SX_F_WINDOW] = 1,
	[SX_F_TSVAL] = 1,
	[SX_F_SACK_LE] = 1,
	[SX_F_SACK_RE] = 1,
	[SX_F_ACK_REL] = 1,
	[SX_F_WINSIZE] = 1,
	[SX_F_WINSCALE] = 1,
	[SX_F_INFLIGHT] = 1,
	[SX_F_OPTKIND] = 1,
	[SX_F_MSS] = 1,
	[SX_F_WSHIFT] = 1,
};

const char *const sx_flag_names[SX_FL_COUNT] = {
	[SX_FL_RETRANSMISSION] = "retransmission",
	[SX_FL_FAST_RETRANSMISSION] = "fast_retransmission",
	[SX_FL_SPURIOUS_RETRANSMISSION] = "spurious_retransmission",
	[SX_FL_DUPLICATE_ACK] = "duplicate_ack",
	[SX_FL_OUT_OF_ORDER] = "out_of_order",
	[SX_FL_LOST_SEGMENT] = "lost_segment",
	[SX_FL_ACK_LOST_SEGMENT] = "ack_lost_segment",
	[SX_FL_ZERO_WINDOW] = "zero_window",
	[SX_FL_ZERO_WINDOW_PROBE] = "zero_window_probe",
	[SX_FL_ZERO_WINDOW_PROBE_ACK] = "zero_window_probe_ack",
	[SX_FL_WINDOW_FULL] = "window_full",
	[SX_FL_WINDOW_UPDATE] = "window_update",
	[SX_FL_KEEP_ALIVE] = "keep_alive",
	[SX_FL_KEEP_ALIVE_ACK] = "keep_alive_ack",
	[SX_FL_REUSED_PORTS] = "reused_ports",
};

void
sx_fieldset_all(struct sx_fieldset *fs)
{
	int f;

	memset(fs, 0, sizeof(*fs));
	for (f = 0; f < SX_F_COUNT; f++)
		fs->want[f] = f < SX_F_FLAG_END;
}

int
sx_fieldset_needs_payload(const struct sx_fieldset *fs)
{
	return fs->want[SX_F_APPPROTO] || fs->want[SX_F_SNI] ||
	    fs->want[SX_F_HTTPHOST];
}
