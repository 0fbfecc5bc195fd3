/* flowsplit.h - find a frame's TCP connection and pick its partition.
 *
 * A frame is parsed from its link layer (Ethernet with 802.1Q/QinQ tags,
 * Linux cooked v1 and v2, raw IPv4/IPv6, BSD null/loopback) through IPv4
 * or IPv6 (with extension headers) to exactly one TCP header. The
 * partition is a hash of the connection's addresses and ports that does
 * not depend on the direction, so both directions of a connection, and
 * every reuse of its ports, land together, as Wireshark keys its TCP
 * conversations by exactly these four values.
 *
 * A frame is TCP (one header found), OTHER (certainly no TCP header that
 * a dissector could find without a tunnel: ARP, UDP, ICMP that is not an
 * error quoting TCP, ...), or UNSURE (an unknown link type, an IP
 * fragment carrying TCP, a tunnel or encapsulation - GRE, IP in IP, MPLS,
 * PPPoE, VXLAN, ... -, an ICMP error quoting TCP, a header cut short):
 * the caller must not split such a file. OTHER frames still hash by
 * their IP addresses (or go to partition 0), so that IP fragments of one
 * datagram stay together; the caller verifies afterwards that tshark
 * found no stream in them. */
#ifndef SX_FLOWSPLIT_H
#define SX_FLOWSPLIT_H

#include <stddef.h>
#include <stdint.h>

enum sx_flow_kind {
	SX_FLOW_TCP,
	SX_FLOW_OTHER,
	SX_FLOW_UNSURE
};

struct sx_flow {
	enum sx_flow_kind kind;
	uint64_t hash;          /* direction-independent */
	const char *why;        /* UNSURE: the reason, a static string */
	/* TCP: the connection */
	unsigned char af;       /* 4 or 6 */
	unsigned char src[16], dst[16];
	uint16_t sport, dport;
	/* The bytes of the frame that Wireshark's TCP analysis reads, for
	 * sx_cut_block (cut.h): for TCP, up to the end of the TCP header,
	 * options included; for OTHER frames whose IP header was reached,
	 * the link header alone; 0 (pass the frame whole) whenever the
	 * classifier is not sure what a dissector would find past that
	 * point (UNSURE, unknown ethertypes, a header the capture cut
	 * short, TCP ports whose dissectors read the payload for frames or
	 * conversations of their own). */
	size_t keep;
	size_t tcp_end;         /* TCP: where its header ends in the frame */
	/* An HTTP CONNECT request: the connection (hash) becomes a tunnel
	 * whose payload dissectors may take stream numbers (HTTP/2 inside
	 * one, tshark 4.6): the caller gives its later frames whole. */
	int opens_tunnel;
	const unsigned char *frame;   /* private: the frame's first byte */
};

/* Classify one frame of link type linktype (LINKTYPE_ value) with caplen
 * captured bytes. Fills *fl and returns fl->kind. */
enum sx_flow_kind sx_flow_classify(uint32_t linktype, const unsigned char *p,
    size_t caplen, struct sx_flow *fl);

/* 1 when the TCP heuristic sub-dissector NAME (as --disable-heuristic
 * takes it) can start TCP conversations, and so change tcp.stream: it
 * must stay enabled. */
int sx_flow_heuristic_makes_streams(const char *name);

/* The direction-independent hash of a connection: af 4 or 6, addresses of
 * 4 or 16 bytes. */
uint64_t sx_flow_hash(unsigned af, const unsigned char *a, uint16_t pa,
    const unsigned char *b, uint16_t pb);

/* The partition in [0, n) for a hash. */
unsigned sx_flow_partition(uint64_t hash, unsigned n);

#endif
