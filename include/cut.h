/* cut.h - frames cut to the bytes Wireshark's TCP analysis reads.
 *
 * Every number of the report comes from the link, IP and TCP headers:
 * tcp.len is the IP header's length minus the headers (the reported
 * length, not the captured one), and every tcp.analysis verdict, the
 * RTTs and tcp.completeness are arithmetic on header fields. tshark
 * spends most of its time on a full-payload capture dissecting HTTP,
 * TLS and the rest above TCP, none of which the report reads; given
 * only the headers it gives the same numbers sooner and in less memory.
 *
 * A frame is cut only where the classifier (flowsplit.h) parsed it
 * exactly: a TCP frame to the end of its TCP header, options included;
 * a frame whose IP header carries no TCP (UDP, ICMP that quotes no TCP,
 * ...) to its link header. Everything else goes whole: unknown link
 * types and ethertypes, tunnels, IP fragments of TCP, ICMP errors
 * quoting TCP, SOCKS (TCP port 1080) and other ports whose dissectors
 * find frames or connections in the payload, simple packet blocks and
 * records tshark may judge unusual. The original length (pcap orig_len,
 * pcapng original packet length) is never changed: only the captured
 * length, and for pcapng the block's length, with the options kept and
 * the data padded to 32 bits. */
#ifndef SX_CUT_H
#define SX_CUT_H

#include <stddef.h>

#include "flowsplit.h"
#include "pcapio.h"
#include "util.h"

/* How many of a block's captured bytes tshark needs: fl is the
 * classification of the block's frame (sx_flow_classify), ignored for a
 * block that is not a frame. Returns the bytes to keep, or 0 to pass the
 * block whole. */
size_t sx_cut_keep(const struct sx_block *b, const struct sx_flow *fl);

/* Append block b to out with its frame cut to keep captured bytes; the
 * block goes whole when keep is 0, not below its captured length, or
 * the block is not an enhanced or obsolete pcapng packet block or a pcap
 * record. Returns 1 when cut, 0 when appended whole. */
int sx_cut_block(const struct sx_block *b, size_t keep, struct sx_buf *out);

#endif
