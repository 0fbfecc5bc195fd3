/* flowsplit.c - link layer, IP and TCP parsing for the partitioner. */
#include "flowsplit.h"

#include <string.h>

/* Link types (www.tcpdump.org/linktypes.html). */
#define LT_NULL 0
#define LT_ETHERNET 1
#define LT_RAW_BSD1 12     /* LINKTYPE_RAW on some BSDs (DLT 12) */
#define LT_RAW_BSD2 14
#define LT_RAW 101
#define LT_LOOP 108
#define LT_SLL 113
#define LT_IPV4 228
#define LT_IPV6 229
#define LT_SLL2 276

/* Ethertypes. */
#define ET_IPV4 0x0800
#define ET_IPV6 0x86dd
#define ET_VLAN 0x8100
#define ET_QINQ 0x88a8
#define ET_QINQ_OLD1 0x9100
#define ET_QINQ_OLD2 0x9200

/* IP protocols. */
#define IPP_HOPOPT 0
#define IPP_ICMP 1
#define IPP_IPIP 4
#define IPP_TCP 6
#define IPP_UDP 17
#define IPP_IPV6 41
#define IPP_ROUTING 43
#define IPP_FRAGMENT 44
#define IPP_GRE 47
#define IPP_ESP 50
#define IPP_AH 51
#define IPP_ICMPV6 58
#define IPP_NONE 59
#define IPP_DSTOPTS 60
#define IPP_ETHERIP 97
#define IPP_ENCAP 98
#define IPP_L2TP 115
#define IPP_SCTP 132
#define IPP_MOBILITY 135
#define IPP_MPLS 137

static uint16_t
get16(const unsigned char *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static enum sx_flow_kind
unsure(struct sx_flow *fl, const char *why)
{
	fl->kind = SX_FLOW_UNSURE;
	fl->keep = 0;
	fl->withhold = 0;
	fl->why = why;
	return fl->kind;
}

static enum sx_flow_kind
other(struct sx_flow *fl, uint64_t hash)
{
	fl->kind = SX_FLOW_OTHER;
	fl->hash = hash;
	return fl->kind;
}

/* An OTHER frame of an IP packet whose addresses are in fl: it hashes by
 * them, so that the fragments of one datagram stay together. */
static enum sx_flow_kind
other_ip(struct sx_flow *fl)
{
	return other(fl, sx_flow_hash(fl->af, fl->src, 0, fl->dst, 0));
}

/* 64-bit mixing (a finaliser in the style of splitmix64). */
static uint64_t
mix(uint64_t h)
{
	h ^= h >> 30;
	h *= 0xbf58476d1ce4e5b9ull;
	h ^= h >> 27;
	h *= 0x94d049bb133111ebull;
	h ^= h >> 31;
	return h;
}

/* An endpoint as one 64-bit word: the address (an IPv6 one folded) and
 * the port. */
static uint64_t
endpoint(unsigned af, const unsigned char *a, uint16_t port)
{
	uint64_t w = 0, v = 0;
	unsigned i;

	if (af == 6) {
		for (i = 0; i < 8; i++) {
			w = w << 8 | a[i];
			v = v << 8 | a[8 + i];
		}
		w ^= v * 0x9e3779b97f4a7c15ull;
	} else {
		w = (uint64_t)a[0] << 24 | (uint64_t)a[1] << 16 |
		    (uint64_t)a[2] << 8 | a[3];
	}
	return (w << 16 | w >> 48) ^ port;
}

uint64_t
sx_flow_hash(unsigned af, const unsigned char *a, uint16_t pa,
    const unsigned char *b, uint16_t pb)
{
	uint64_t x = endpoint(af, a, pa), y = endpoint(af, b, pb);

	/* Order the two endpoints, so that either direction hashes the
	 * same words (two IPv6 endpoints that fold alike share a hash,
	 * which only puts them in the same partition). */
	if (x > y) {
		uint64_t t = x;

		x = y;
		y = t;
	}
	return mix((x * 0xff51afd7ed558ccdull) ^ y ^ af);
}

unsigned
sx_flow_partition(uint64_t hash, unsigned n)
{
	if (n <= 1)
		return 0;
	/* the high bits, scaled: no modulo bias worth mentioning */
	return (unsigned)(((hash >> 32) * (uint64_t)n) >> 32);
}

/* UDP ports whose payload commonly carries other frames or TCP headers:
 * a frame on them cannot be placed without parsing the tunnel. */
static int
tunnel_udp_port(uint16_t port)
{
	switch (port) {
	case 1701:   /* L2TP */
	case 2152:   /* GTP-U */
	case 3544:   /* Teredo */
	case 4789:   /* VXLAN */
	case 6081:   /* Geneve */
	case 6343:   /* sFlow: sampled headers */
	case 4754:   /* GRE in UDP */
	case 6635:   /* MPLS in UDP */
	case 8472:   /* Linux VXLAN */
	case 5555:   /* CAPWAP-like and others: be careful */
	case 5246:   /* CAPWAP control */
	case 5247:   /* CAPWAP data */
	case 37008:  /* TZSP */
	case 2123:   /* GTP-C */
	case 1723:   /* PPTP (TCP, but also seen on UDP) */
		return 1;
	}
	return 0;
}

/*
 * Frames kept from tshark (fl->withhold): no dissector that tshark runs
 * on them can reach a TCP header or a TCP conversation, so the TCP
 * analysis of every other frame is the same without them.
 *
 * UDP: the UDP dissector offers the payload first to a dissector a
 * conversation names, then to the lower port's, then the higher port's,
 * then to its heuristics (some of which find captured frames: rpcap,
 * peekremote, rftap, ...). These services' dissectors take every payload
 * on their port and hand nothing to a dissector of frames or IP packets,
 * so when the lower port is one of them nothing else is tried
 * (the conversations that name a dissector carrying frames are rpcap's
 * data channels, learnt from its control connection on TCP port 2002:
 * the caller stops withholding when it sees one).
 */
static int
quiet_udp_port(uint16_t port)
{
	switch (port) {
	case 53:     /* DNS */
	case 67:     /* DHCP */
	case 68:
	case 123:    /* NTP */
	case 137:    /* NetBIOS name service */
	case 546:    /* DHCPv6 */
	case 547:
	case 5353:   /* mDNS */
	case 5355:   /* LLMNR */
		return 1;
	}
	return 0;
}

/* ICMP and ICMPv6 messages that quote no packet and carry no options
 * holding one (echo, timestamps, router discovery, MLD). */
static int
quiet_icmp(unsigned type, int v6)
{
	if (v6)
		return type == 128 || type == 129 || (type >= 130 &&
		    type <= 132) || type == 143;
	return type == 0 || type == 8 || type == 9 || type == 10 ||
	    type == 13 || type == 14;
}

/*
 * A frame that carries no TCP is given cut to its link header (cut.h).
 * Where that header is not empty (Ethernet, Linux cooked, null/loopback:
 * fl->keep > 0, set by parse_ip) tshark never sees the IP header, so no
 * dissector past the link layer runs on the frame: keeping it back
 * changes nothing tshark could find in it, whatever it carries. Where it
 * is empty (raw IP) the frame goes whole, and only the rules above keep
 * it back. (Not QUIC on port 443, say: which UDP heuristic claims a
 * datagram depends on the ones that matched before, since tshark tries
 * the last one that matched first, so a QUIC-looking first datagram may
 * go to another heuristic, and the next ones of its addresses and ports
 * to one that finds captured frames: tshark 4.4's HiPerConTracer before
 * RFtap.)
 */
static int
cut_to_link(const struct sx_flow *fl)
{
	return fl->keep > 0;
}

/* Whether an unfragmented IP packet's transport (proto, at p, n bytes
 * captured) makes the frame fl one to withhold. */
static int
quiet(unsigned proto, const unsigned char *p, size_t n, int depth,
    const struct sx_flow *fl)
{
	uint16_t lo;

	if (depth > 0)
		return 0;
	if (cut_to_link(fl))
		return 1;
	switch (proto) {
	case IPP_UDP:
		if (n < 8)
			return 0;
		lo = get16(p) < get16(p + 2) ? get16(p) : get16(p + 2);
		return quiet_udp_port(lo);
	case IPP_ICMP:
		return n >= 8 && quiet_icmp(p[0], 0);
	case IPP_ICMPV6:
		return n >= 8 && quiet_icmp(p[0], 1);
	case 2:      /* IGMP */
		return 1;
	default:
		return 0;
	}
}

/* TCP ports whose dissectors find frames or IP packets in the payload:
 * such frames are not cut. */
static int
frames_in_payload(uint16_t port)
{
	switch (port) {
	case 1194:   /* OpenVPN over TCP */
	case 2002:   /* rpcap: captured frames */
		return 1;
	}
	return 0;
}

/*
 * Dissectors that start TCP conversations of their own from what they
 * read in the payload, and so give tcp.stream numbers that a run
 * without that payload (or without that heuristic) would not give. Found
 * in Wireshark's dissectors by the calls that create a conversation with
 * the frame's own addresses and ports (the next frame of the connection
 * then finds a conversation without TCP data: a new stream number) or
 * that ask TCP for a conversation of other ports (a number taken, a gap),
 * and checked against tshark 3.4, 4.0, 4.4 and 4.6 (tests/it/streams.sh):
 *   - SOCKS (port 1080): the proxied connection's port, a number per
 *     connection learnt (all versions);
 *   - SNMP over TCP (ports 161, 162): a new conversation at the first
 *     SNMP message (3.4 and 4.0; 4.4 no longer);
 *   - VNC's heuristic (vnc_tcp, any port but VNC's own): a new
 *     conversation at a 12-byte "RFB xxx.yyy" version message (3.4 at
 *     both, 4.0 to 4.6 at the first);
 *   - an HTTP CONNECT tunnel: HTTP hands the tunnel's payload on with
 *     the target's port, and HTTP/2 there asks TCP for that conversation
 *     (4.6: a number taken). Every frame of the connection from the
 *     request on goes whole (the caller keeps the connection: see
 *     opens_tunnel).
 * Such frames go whole to tshark (tshark itself decides, as it would
 * reading the file), the heuristic is never disabled
 * (sx_flow_heuristic_makes_streams), and a file with one is not split.
 */
static const char connect_why[] = "an HTTP CONNECT request: dissectors "
    "in the tunnel may take stream numbers";

static const char *
makes_streams(uint16_t sport, uint16_t dport, const unsigned char *pay,
    size_t n)
{
	if (sport == 1080 || dport == 1080)
		return "a SOCKS connection (port 1080): its dissector makes "
		    "stream numbers of its own";
	if (sport == 161 || dport == 161 || sport == 162 || dport == 162)
		return "SNMP over TCP (port 161 or 162): its dissector starts "
		    "a new stream at the first message";
	if (n >= 8 && memcmp(pay, "CONNECT ", 8) == 0)
		return connect_why;
	if (n == 12 && (pay[0] | 0x20) == 'r' && (pay[1] | 0x20) == 'f' &&
	    (pay[2] | 0x20) == 'b' && pay[3] == ' ' && pay[7] == '.')
		return "a VNC version message (\"RFB xxx.yyy\"): VNC's "
		    "heuristic starts a new stream there";
	return NULL;
}

int
sx_flow_heuristic_makes_streams(const char *name)
{
	return strcmp(name, "vnc_tcp") == 0;
}

static enum sx_flow_kind parse_ip(const unsigned char *p, size_t n,
    struct sx_flow *fl, int depth);

/* An ICMP or ICMPv6 message: an error quoting a TCP header cannot be
 * placed (tshark dissects the quoted header). */
static enum sx_flow_kind
parse_icmp(const unsigned char *p, size_t n, int v6, struct sx_flow *fl,
    int depth)
{
	struct sx_flow inner;
	int error;

	if (n < 8)
		return other_ip(fl);
	if (v6)
		error = p[0] >= 1 && p[0] <= 4;
	else
		error = p[0] == 3 || p[0] == 4 || p[0] == 5 || p[0] == 11 ||
		    p[0] == 12;
	if (!error)
		return other_ip(fl);
	if (depth > 0)
		return unsure(fl, "an ICMP error inside an ICMP error");
	memset(&inner, 0, sizeof(inner));
	if (parse_ip(p + 8, n - 8, &inner, depth + 1) == SX_FLOW_OTHER)
		return other_ip(fl);
	return unsure(fl, "an ICMP error quoting a TCP header");
}

static enum sx_flow_kind
parse_tcp(const unsigned char *p, size_t n, struct sx_flow *fl, int depth)
{
	unsigned off;

	if (depth > 0)
		return unsure(fl, "a TCP header inside an ICMP error");
	if (n < 20)
		return unsure(fl, "a TCP header cut short");
	off = (unsigned)(p[12] >> 4) * 4;
	if (off < 20)
		return unsure(fl, "a TCP header of impossible length");
	fl->sport = get16(p);
	fl->dport = get16(p + 2);
	fl->hash = sx_flow_hash(fl->af, fl->src, fl->sport, fl->dst,
	    fl->dport);
	fl->why = makes_streams(fl->sport, fl->dport, p + off,
	    off <= n ? n - off : 0);
	if (fl->why != NULL) {
		fl->opens_tunnel = fl->why == connect_why;
		return unsure(fl, fl->why);
	}
	fl->kind = SX_FLOW_TCP;
	fl->tcp_end = (size_t)(p - fl->frame) + off;
	/* The whole header, options included, must be there (n stops at the
	 * IP packet's end); the payload is not needed unless a dissector on
	 * these ports can find frames or connections in it. */
	fl->keep = 0;
	if (off <= n && !frames_in_payload(fl->sport) &&
	    !frames_in_payload(fl->dport))
		fl->keep = (size_t)(p - fl->frame) + off;
	return fl->kind;
}

/* The transport layer (protocol proto) of an IP packet whose addresses
 * are in fl. */
static enum sx_flow_kind
transport(unsigned proto, const unsigned char *p, size_t n,
    struct sx_flow *fl, int depth)
{
	switch (proto) {
	case IPP_TCP:
		return parse_tcp(p, n, fl, depth);
	case IPP_UDP:
		if (n >= 8 && (tunnel_udp_port(get16(p)) ||
		    tunnel_udp_port(get16(p + 2))))
			return unsure(fl, "UDP on a tunnel port (VXLAN, "
			    "Geneve, GTP, L2TP, sFlow, ...)");
		return other_ip(fl);
	case IPP_ICMP:
		return parse_icmp(p, n, 0, fl, depth);
	case IPP_ICMPV6:
		return parse_icmp(p, n, 1, fl, depth);
	case IPP_IPIP:
	case IPP_IPV6:
	case IPP_GRE:
	case IPP_ETHERIP:
	case IPP_ENCAP:
	case IPP_L2TP:
	case IPP_MPLS:
		return unsure(fl, "an IP tunnel (IP in IP, GRE, L2TP, MPLS, "
		    "...)");
	case IPP_AH:
		/* (IPv6 steps over it: parse_ipv6) */
		return unsure(fl, "an IPsec AH header (TCP may follow it)");
	default:
		/* ESP, SCTP, OSPF, VRRP, ...: no TCP header to find. */
		return other_ip(fl);
	}
}

static enum sx_flow_kind
parse_ipv4(const unsigned char *p, size_t n, struct sx_flow *fl, int depth)
{
	unsigned hl, total, proto;

	if (n < 20)
		return depth ? other(fl, 0) :
		    unsure(fl, "an IPv4 header cut short");
	hl = (unsigned)(p[0] & 0x0f) * 4;
	total = get16(p + 2);
	proto = p[9];
	if (hl < 20 || n < hl || total < hl)
		return depth ? other(fl, 0) :
		    unsure(fl, "an IPv4 header of impossible length");
	fl->af = 4;
	memcpy(fl->src, p + 12, 4);
	memcpy(fl->dst, p + 16, 4);
	/* A fragment: only the first one has ports, and tshark reassembles
	 * the datagram. Fragments of other protocols stay together by their
	 * addresses. */
	if (total < n)
		n = total;   /* Ethernet padding is not IP */
	if ((get16(p + 6) & 0x3fff) != 0) {
		int first = (get16(p + 6) & 0x1fff) == 0;

		if (proto == IPP_TCP || depth)
			return unsure(fl, "an IP fragment of TCP");
		/* the first fragment shows the ports and ICMP type */
		return transport(proto, first ? p + hl : NULL, first ?
		    n - hl : 0, fl, depth) == SX_FLOW_UNSURE ?
		    SX_FLOW_UNSURE : other_ip(fl);
	}
	if (transport(proto, p + hl, n - hl, fl, depth) ==
	    SX_FLOW_OTHER)
		fl->withhold = quiet(proto, p + hl, n - hl, depth, fl);
	return fl->kind;
}

static enum sx_flow_kind
parse_ipv6(const unsigned char *p, size_t n, struct sx_flow *fl, int depth)
{
	unsigned nh, plen;
	size_t off = 40;
	int i, fragmented = 0;

	if (n < 40)
		return depth ? other(fl, 0) :
		    unsure(fl, "an IPv6 header cut short");
	plen = get16(p + 4);
	nh = p[6];
	fl->af = 6;
	memcpy(fl->src, p + 8, 16);
	memcpy(fl->dst, p + 24, 16);
	if (plen == 0 && nh != IPP_HOPOPT)
		return unsure(fl, "an IPv6 packet of length 0");
	if (plen != 0 && 40 + (size_t)plen < n)
		n = 40 + plen;
	for (i = 0; i < 16; i++) {
		switch (nh) {
		case IPP_HOPOPT:
		case IPP_DSTOPTS:
		case IPP_MOBILITY:
			if (n < off + 8)
				return unsure(fl, "an IPv6 extension header "
				    "cut short");
			nh = p[off];
			off += ((size_t)p[off + 1] + 1) * 8;
			continue;
		case IPP_ROUTING:
			/* tshark may take the final destination as the
			 * address: not worth the doubt */
			return unsure(fl, "an IPv6 routing header");
		case IPP_FRAGMENT:
			if (n < off + 8)
				return unsure(fl, "an IPv6 fragment header cut "
				    "short");
			if (p[off] == IPP_TCP || depth)
				return unsure(fl, "an IP fragment of TCP");
			/* not the first fragment: no transport header */
			if (get16(p + off + 2) & 0xfff8)
				return other_ip(fl);
			/* the first of several shows the ports and ICMP
			 * type, as for IPv4 */
			if (get16(p + off + 2) & 1)
				return transport(p[off], p + off + 8,
				    n - off - 8, fl, depth) ==
				    SX_FLOW_UNSURE ? SX_FLOW_UNSURE :
				    other_ip(fl);
			/* an atomic fragment: go on */
			fragmented = 1;
			nh = p[off];
			off += 8;
			continue;
		case IPP_AH:
			if (n < off + 8)
				return unsure(fl, "an AH header cut short");
			nh = p[off];
			off += ((size_t)p[off + 1] + 2) * 4;
			continue;
		case IPP_NONE:
			return other_ip(fl);
		default:
			if (off > n)
				return unsure(fl, "IPv6 extension headers "
				    "longer than the packet");
			if (transport(nh, p + off, n - off, fl,
			    depth) == SX_FLOW_OTHER && !fragmented)
				fl->withhold = quiet(nh, p + off, n - off,
				    depth, fl);
			return fl->kind;
		}
	}
	return unsure(fl, "too many IPv6 extension headers");
}

static enum sx_flow_kind
parse_ip(const unsigned char *p, size_t n, struct sx_flow *fl, int depth)
{
	/* An IP packet that carries no TCP needs nothing past the link
	 * header (parse_tcp and unsure() change this) */
	if (depth == 0)
		fl->keep = (size_t)(p - fl->frame);
	if (n < 1)
		return depth ? other(fl, 0) : unsure(fl, "an empty IP packet");
	switch (p[0] >> 4) {
	case 4:
		return parse_ipv4(p, n, fl, depth);
	case 6:
		return parse_ipv6(p, n, fl, depth);
	default:
		return depth ? other(fl, 0) :
		    unsure(fl, "an IP packet of unknown version");
	}
}

/* What follows an ethertype (VLAN tags included). */
static enum sx_flow_kind
ethertype(unsigned et, const unsigned char *p, size_t n, struct sx_flow *fl)
{
	int tags;

	for (tags = 0; tags < 8; tags++) {
		switch (et) {
		case ET_IPV4:
		case ET_IPV6:
			return parse_ip(p, n, fl, 0);
		case ET_VLAN:
		case ET_QINQ:
		case ET_QINQ_OLD1:
		case ET_QINQ_OLD2:
			if (n < 4)
				return unsure(fl, "a VLAN tag cut short");
			et = get16(p + 2);
			p += 4;
			n -= 4;
			continue;
		case 0x8847:   /* MPLS */
		case 0x8848:
		case 0x8864:   /* PPPoE session */
		case 0x880b:   /* PPP */
		case 0x88e7:   /* 802.1ah PBB */
		case 0x894f:   /* NSH */
		case 0x6558:   /* transparent Ethernet bridging */
		case 0x88be:   /* ERSPAN */
		case 0x22eb:   /* ERSPAN type III */
			return unsure(fl, "an encapsulation that carries IP "
			    "(MPLS, PPPoE, PBB, ERSPAN, ...)");
		case 0x0806:   /* ARP */
		case 0x8035:   /* RARP */
		case 0x88cc:   /* LLDP */
			other(fl, 0);
			fl->withhold = 1;
			return fl->kind;
		default:
			/* 802.3/LLC, ...: no TCP that the splitter knows
			 * of; the caller checks tshark's verdict on every
			 * such frame. */
			return other(fl, 0);
		}
	}
	return unsure(fl, "too many VLAN tags");
}

/* BSD null/loopback address family values for IPv4 and IPv6. */
static enum sx_flow_kind
null_af(uint32_t af, const unsigned char *p, size_t n, struct sx_flow *fl)
{
	switch (af) {
	case 2:                          /* AF_INET */
	case 10: case 24: case 28: case 30:   /* AF_INET6 by system */
		return parse_ip(p, n, fl, 0);
	default:
		return unsure(fl, "a null/loopback frame of unknown family");
	}
}

enum sx_flow_kind
sx_flow_classify(uint32_t linktype, const unsigned char *p, size_t n,
    struct sx_flow *fl)
{
	uint32_t af;

	memset(fl, 0, sizeof(*fl));
	fl->frame = p;
	switch (linktype) {
	case LT_ETHERNET:
		if (n < 14)
			return unsure(fl, "an Ethernet header cut short");
		return ethertype(get16(p + 12), p + 14, n - 14, fl);
	case LT_SLL:
		if (n < 16)
			return unsure(fl, "a Linux cooked header cut short");
		if (get16(p + 2) == 824)      /* netlink */
			return other(fl, 0);
		return ethertype(get16(p + 14), p + 16, n - 16, fl);
	case LT_SLL2:
		if (n < 20)
			return unsure(fl, "a Linux cooked v2 header cut short");
		if (get16(p + 8) == 824)
			return other(fl, 0);
		return ethertype(get16(p), p + 20, n - 20, fl);
	case LT_RAW:
	case LT_RAW_BSD1:
	case LT_RAW_BSD2:
		return parse_ip(p, n, fl, 0);
	case LT_IPV4:
		if (n < 1 || p[0] >> 4 != 4)
			return unsure(fl, "not IPv4 on an IPv4 link");
		return parse_ip(p, n, fl, 0);
	case LT_IPV6:
		if (n < 1 || p[0] >> 4 != 6)
			return unsure(fl, "not IPv6 on an IPv6 link");
		return parse_ip(p, n, fl, 0);
	case LT_NULL:
		if (n < 4)
			return unsure(fl, "a null/loopback header cut short");
		/* host byte order of the capturing machine: try both */
		af = (uint32_t)p[0] | (uint32_t)p[1] << 8 |
		    (uint32_t)p[2] << 16 | (uint32_t)p[3] << 24;
		if (af > 0xffff)
			af = (uint32_t)p[3] | (uint32_t)p[2] << 8 |
			    (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
		return null_af(af, p + 4, n - 4, fl);
	case LT_LOOP:
		if (n < 4)
			return unsure(fl, "a loopback header cut short");
		af = (uint32_t)p[3] | (uint32_t)p[2] << 8 |
		    (uint32_t)p[1] << 16 | (uint32_t)p[0] << 24;
		return null_af(af, p + 4, n - 4, fl);
	default:
		return unsure(fl, "a link type the splitter does not parse");
	}
}
