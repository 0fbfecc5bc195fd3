/* communityid.h - the Community ID flow hash (version 1) and what it is
 * made of: SHA-1 and base64.
 *
 * Community ID v1, as its specification (corelight/community-id-spec)
 * defines it and Zeek, Suricata, Arkime and Wireshark's communityid
 * dissector compute it:
 *
 *   "1:" + base64(SHA-1(seed . saddr . daddr . proto . 0 . sport . dport))
 *
 * seed: 2 bytes, network order; addresses: 4 (IPv4) or 16 (IPv6) bytes;
 * proto: 1 byte, then one zero byte of padding; ports: 2 bytes each,
 * network order, and only for protocols that have ports. The endpoints
 * are ordered first so that the smaller (address, port) comes first
 * (addresses compared as bytes; on equal addresses the smaller port),
 * which makes the ID the same for both directions of a flow. */
#ifndef SX_COMMUNITYID_H
#define SX_COMMUNITYID_H

#include <stddef.h>
#include <stdint.h>

#define SX_SHA1_LEN 20

struct sx_sha1 {
	uint32_t h[5];
	uint64_t bytes;          /* hashed so far */
	unsigned char block[64]; /* a block being filled */
	size_t used;
};

void sx_sha1_init(struct sx_sha1 *c);
void sx_sha1_update(struct sx_sha1 *c, const void *p, size_t n);
/* The digest; c must be initialised again to be used again. */
void sx_sha1_final(struct sx_sha1 *c, unsigned char out[SX_SHA1_LEN]);

/* base64 (RFC 4648, with '=' padding) of n bytes of p into out, which
 * holds at least 4 * ((n + 2) / 3) + 1 bytes; returns the length (out is
 * NUL-terminated). */
size_t sx_base64(const unsigned char *p, size_t n, char *out);

/* One side of a flow: an address of af (4 or 6) and a port. */
struct sx_cid_end {
	const unsigned char *addr;  /* 4 or 16 bytes */
	uint16_t port;
};

/* The longest ID: "1:" and 28 characters of base64. */
#define SX_COMMUNITY_ID_LEN 30

/* The Community ID v1 of a flow from a to b of IP protocol proto into
 * out (at least SX_COMMUNITY_ID_LEN + 1 bytes). has_ports: the protocol
 * has ports (TCP, UDP, SCTP; for ICMP they are the type and code mapped
 * as the specification says), else they are left out of the hash.
 * Returns 0, or -1 when af is neither 4 nor 6 (out is then ""). */
int sx_community_id(uint16_t seed, int af, const struct sx_cid_end *a,
    const struct sx_cid_end *b, uint8_t proto, int has_ports, char *out);

#endif
