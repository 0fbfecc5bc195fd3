/*
 * mkcap.c - write small, deterministic packet captures for streamxpert's tests.
 *
 * Every file is built byte by byte: a classic pcap header (microsecond
 * timestamps, Ethernet link type), then one record per frame: Ethernet, an
 * optional 802.1Q tag, IPv4 or IPv6, then TCP, UDP or ICMP, all with correct
 * checksums. Nothing depends on the clock or on unseeded randomness, so every
 * run writes byte-identical files.
 *
 * Usage:
 *   mkcap --list                 print the scenario names, one per line
 *   mkcap NAME OUTFILE           write scenario NAME
 *   mkcap syn-only N OUTFILE     write N streams of one SYN each
 *   mkcap bulk N OUTFILE         write N frames of many concurrent connections
 *   mkcap long N OUTFILE         write one stream of N data segments
 * OUTFILE "-" is standard output.
 *
 * Scenarios are written like packet traces with seg(): sequence and
 * acknowledgement numbers are relative to each side's initial sequence
 * number (as Wireshark shows them), times are deltas in microseconds.
 *
 * Build: gcc -std=c11 -D_POSIX_C_SOURCE=200809L -Wall -Wextra -Wpedantic -O2 \
 *            -o mkcap tests/mkcap.c
 */

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

/* ------------------------------------------------------------------ */
/* Byte order helpers                                                   */
/* ------------------------------------------------------------------ */

static void put_be16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void put_be32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)(v >> 24);
	p[1] = (uint8_t)(v >> 16);
	p[2] = (uint8_t)(v >> 8);
	p[3] = (uint8_t)v;
}

static void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static void put_le32(uint8_t *p, uint32_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
	p[2] = (uint8_t)(v >> 16);
	p[3] = (uint8_t)(v >> 24);
}

/* ------------------------------------------------------------------ */
/* The capture file                                                     */
/* ------------------------------------------------------------------ */

/* All captures start at 2024-01-01 00:00:00 UTC. */
#define EPOCH_USEC (UINT64_C(1704067200) * 1000000u)

#define MS 1000u            /* one millisecond, in microseconds */
#define SEC 1000000u        /* one second, in microseconds */

struct capture {
	FILE *f;
	uint64_t now;         /* timestamp of the next frame, usec since 1970 */
	uint64_t frames;      /* frames written */
	uint16_t ip_id;       /* IP ID for frames that are not part of a conn */
	size_t cut;           /* nonzero: write only this many bytes of the
	                         next frame's data, then nothing more */
	int ended;            /* a cut frame was written */
	size_t snap;          /* nonzero: record at most this many bytes of
	                         each frame (captured length below the
	                         length on the wire, as a snaplen does) */
	int failed;           /* a write failed */
	/* pcap variants and damage (on demand, not in testdata/) */
	int extra_hdr;        /* 8 more bytes per record header (the
	                         ss990417/ss991029 "modified" formats) */
	uint64_t bad_frame;   /* nonzero: this frame (1-based) gets ... */
	uint32_t bad_frac;    /* ... this timestamp fraction instead */
};

static int cap_open_magic(struct capture *cap, const char *path,
                          uint32_t magic);

static int cap_open(struct capture *cap, const char *path)
{
	return cap_open_magic(cap, path, 0xa1b2c3d4);
}

/* Open path and write a pcap header with this magic number. */
static int cap_open_magic(struct capture *cap, const char *path,
                          uint32_t magic)
{
	uint8_t h[24];

	memset(cap, 0, sizeof *cap);
	cap->now = EPOCH_USEC;
	cap->ip_id = 0x3000;
	if (strcmp(path, "-") == 0) {
		cap->f = stdout;
	} else {
		cap->f = fopen(path, "wb");
		if (!cap->f) {
			fprintf(stderr, "mkcap: %s: %s\n", path, strerror(errno));
			return -1;
		}
	}
	setvbuf(cap->f, NULL, _IOFBF, 1u << 20);

	put_le32(h, magic);          /* 0xa1b2c3d4: microseconds */
	put_le16(h + 4, 2);          /* version 2.4 */
	put_le16(h + 6, 4);
	put_le32(h + 8, 0);          /* thiszone */
	put_le32(h + 12, 0);         /* sigfigs */
	put_le32(h + 16, 65535);     /* snaplen */
	put_le32(h + 20, 1);         /* LINKTYPE_ETHERNET */
	if (fwrite(h, 1, sizeof h, cap->f) != sizeof h)
		cap->failed = 1;
	return 0;
}

/* Append one frame at cap->now. */
static void cap_write(struct capture *cap, const uint8_t *frame, size_t len)
{
	uint8_t h[16];
	size_t keep = len;

	if (cap->ended)
		return;
	if (cap->cut) {
		keep = cap->cut < len ? cap->cut : len - 1;
		cap->ended = 1;
	}
	put_le32(h, (uint32_t)(cap->now / SEC));
	put_le32(h + 4, (uint32_t)(cap->now % SEC));
	if (cap->snap && cap->snap < len)
		keep = cap->snap;
	put_le32(h + 8, (uint32_t)(cap->snap && cap->snap < len ? cap->snap :
	                           len));   /* captured length */
	put_le32(h + 12, (uint32_t)len);    /* length on the wire */
	if (cap->bad_frame == cap->frames + 1)
		put_le32(h + 4, cap->bad_frac);
	if (cap->extra_hdr) {
		/* interface index, protocol (IPv4), packet type, padding */
		static const uint8_t more[8] = { 2, 0, 0, 0, 0x08, 0, 0, 0 };

		if (fwrite(h, 1, sizeof h, cap->f) != sizeof h ||
		    fwrite(more, 1, sizeof more, cap->f) != sizeof more ||
		    fwrite(frame, 1, keep, cap->f) != keep)
			cap->failed = 1;
		cap->frames++;
		return;
	}
	if (fwrite(h, 1, sizeof h, cap->f) != sizeof h ||
	    fwrite(frame, 1, keep, cap->f) != keep)
		cap->failed = 1;
	cap->frames++;
}

/* Flush and close; 0 if every write succeeded. (A partial file is left
 * in place: OUTFILE may be a device or a pipe, never ours to remove.) */
static int cap_close(struct capture *cap, const char *path)
{
	int bad = cap->failed || fflush(cap->f) != 0 || ferror(cap->f);
	int err = errno;

	if (cap->f != stdout) {
		if (fclose(cap->f) != 0 && !bad) {
			bad = 1;
			err = errno;
		}
	}
	if (bad)
		fprintf(stderr, "mkcap: %s: write error: %s\n", path,
		        strerror(err));
	return bad ? -1 : 0;
}

/* ------------------------------------------------------------------ */
/* Frames: Ethernet, 802.1Q, IPv4/IPv6, checksums                       */
/* ------------------------------------------------------------------ */

#define MAX_FRAME 2048
#define IPPROTO_ICMP_ 1
#define IPPROTO_TCP_ 6
#define IPPROTO_UDP_ 17
#define IPPROTO_ICMPV6_ 58

struct host {
	uint8_t mac[6];
	uint8_t v6;          /* 1: IPv6 address, 0: IPv4 */
	uint8_t ip[16];      /* IPv4 uses the first 4 bytes */
};

static struct host ipv4_host(uint8_t a, uint8_t b, uint8_t c, uint8_t d)
{
	struct host h = {{0x02, 0x00, a, b, c, d}, 0, {a, b, c, d}};
	return h;
}

/* 2001:db8::<n> */
static struct host ipv6_host(uint16_t n)
{
	struct host h = {{0x02, 0x66, 0x00, 0x00, (uint8_t)(n >> 8), (uint8_t)n},
	                 1, {0x20, 0x01, 0x0d, 0xb8}};
	put_be16(h.ip + 14, n);
	return h;
}

static uint32_t sum16(uint32_t sum, const uint8_t *p, size_t n)
{
	while (n > 1) {
		sum += (uint32_t)p[0] << 8 | p[1];
		p += 2;
		n -= 2;
	}
	if (n)
		sum += (uint32_t)p[0] << 8;
	return sum;
}

static uint16_t fold(uint32_t sum)
{
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)~sum;
}

static size_t l2_len(uint16_t vlan)
{
	return vlan ? 18 : 14;
}

static size_t l3_len(const struct host *h)
{
	return h->v6 ? 40 : 20;
}

/* Where the transport header starts in a frame. */
static size_t l4_offset(const struct host *src, uint16_t vlan)
{
	return l2_len(vlan) + l3_len(src);
}

/*
 * The l4len bytes of a transport message are already at
 * buf + l4_offset(src, vlan). Put the Ethernet (+ VLAN) and IP headers in
 * front, fill the transport checksum at csum_at (bytes into the transport
 * header), and return the frame length.
 */
static size_t wrap_ip(uint8_t *buf, const struct host *src,
                      const struct host *dst, uint16_t vlan, uint8_t proto,
                      size_t l4len, uint16_t ip_id, size_t csum_at)
{
	size_t l2 = l2_len(vlan), off = l4_offset(src, vlan);
	uint8_t *ip = buf + l2, *l4 = buf + off;
	uint32_t sum = 0;
	uint16_t c;

	memcpy(buf, dst->mac, 6);
	memcpy(buf + 6, src->mac, 6);
	if (vlan) {
		put_be16(buf + 12, 0x8100);
		put_be16(buf + 14, vlan & 0x0fff);   /* priority 0 */
	}
	put_be16(buf + l2 - 2, src->v6 ? 0x86dd : 0x0800);

	if (src->v6) {
		put_be32(ip, 0x60000000);
		put_be16(ip + 4, (uint16_t)l4len);
		ip[6] = proto;
		ip[7] = 64;
		memcpy(ip + 8, src->ip, 16);
		memcpy(ip + 24, dst->ip, 16);
		sum = sum16(sum, src->ip, 16);
		sum = sum16(sum, dst->ip, 16);
		sum += (uint32_t)l4len + proto;
	} else {
		ip[0] = 0x45;
		ip[1] = 0;
		put_be16(ip + 2, (uint16_t)(20 + l4len));
		put_be16(ip + 4, ip_id);
		put_be16(ip + 6, 0x4000);   /* don't fragment */
		ip[8] = 64;
		ip[9] = proto;
		put_be16(ip + 10, 0);
		memcpy(ip + 12, src->ip, 4);
		memcpy(ip + 16, dst->ip, 4);
		put_be16(ip + 10, fold(sum16(0, ip, 20)));
		if (proto != IPPROTO_ICMP_) {
			sum = sum16(sum, src->ip, 4);
			sum = sum16(sum, dst->ip, 4);
			sum += (uint32_t)l4len + proto;
		}
	}

	put_be16(l4 + csum_at, 0);
	c = fold(sum16(sum, l4, l4len));
	if (proto == IPPROTO_UDP_ && c == 0)
		c = 0xffff;
	put_be16(l4 + csum_at, c);
	return off + l4len;
}

/* Payload bytes depend only on the offset in the stream, so a
 * retransmission carries the same bytes as the original. */
static void fill_payload(uint8_t *p, uint32_t len, uint32_t stream_off)
{
	static const char text[] = "streamxpert test payload 0123456789\n";
	enum { TEXT_LEN = sizeof text - 1 };
	static uint8_t pattern[TEXT_LEN + MAX_FRAME];  /* text, repeated */
	static int ready;

	if (!ready) {
		for (size_t i = 0; i < sizeof pattern; i++)
			pattern[i] = (uint8_t)text[i % TEXT_LEN];
		ready = 1;
	}
	memcpy(p, pattern + stream_off % TEXT_LEN, len);   /* len < MAX_FRAME */
}

/* ------------------------------------------------------------------ */
/* TCP connections                                                      */
/* ------------------------------------------------------------------ */

enum { FIN = 0x01, SYN = 0x02, RST = 0x04, PSH = 0x08, ACK = 0x10 };

/* Options a SYN may carry beyond the MSS (struct conn's opts). */
enum { OPT_WS = 0x01, OPT_SACK = 0x02, OPT_TS = 0x04 };

/* Direction of a segment; also the index of its sender in struct conn. */
enum { C2S = 0, S2C = 1 };

struct conn {
	struct capture *cap;
	struct host host[2];   /* [C2S] client, [S2C] server */
	uint16_t port[2];
	uint32_t isn[2];       /* initial sequence numbers */
	uint16_t win[2];       /* windows the handshake helpers advertise */
	uint16_t ip_id[2];
	uint16_t vlan;         /* 802.1Q VLAN ID; 0 = untagged */
	uint16_t mss;          /* MSS option value sent on SYNs */
	uint8_t opts[2];       /* more options on the side's SYNs: OPT_* */
	uint8_t wshift[2];     /* the window scale shift it offers */
	const char *payload;   /* the next segments' payload, or NULL for
	                        * the usual text */
	const struct host *tunnel; /* IPv4-in-IPv4 between tunnel[dir] and
	                            * tunnel[!dir] (IPv4 inner), or NULL */
	/* for the cut's edges (0: as above) */
	unsigned optlen;       /* TCP options of this many bytes (a multiple
	                        * of 4, at most 40) on every segment */
	int qinq;              /* an outer 802.1ad tag (service VLAN) */
	int v6ext;             /* IPv6 hop-by-hop and destination options
	                        * headers before TCP */
	int pad;               /* Ethernet frames padded to 60 bytes */
	const uint8_t *data;   /* the next segment's payload instead of the
	                        * test text (its length as given to seg) */
};

static void conn_init(struct conn *c, struct capture *cap,
                      const struct host *client, uint16_t cport,
                      const struct host *server, uint16_t sport,
                      uint32_t isn_client, uint32_t isn_server)
{
	memset(c, 0, sizeof *c);
	c->cap = cap;
	c->host[C2S] = *client;
	c->host[S2C] = *server;
	c->port[C2S] = cport;
	c->port[S2C] = sport;
	c->isn[C2S] = isn_client;
	c->isn[S2C] = isn_server;
	c->win[C2S] = 64240;
	c->win[S2C] = 65160;
	c->ip_id[C2S] = (uint16_t)(isn_client >> 7);
	c->ip_id[S2C] = (uint16_t)(isn_server >> 9);
	c->mss = client->v6 ? 1440 : 1460;
}

/* Build one TCP segment of c into buf; returns the frame length. seq and
 * ack are relative to the sender's and the receiver's ISN. */
static size_t tcp_build(struct conn *c, uint8_t *buf, int dir, unsigned flags,
                        uint32_t seq, uint32_t ack, uint16_t win, uint32_t len)
{
	const struct host *src = &c->host[dir], *dst = &c->host[!dir];
	uint8_t *t = buf + l4_offset(src, c->vlan);
	unsigned more = (flags & SYN) && !c->optlen ? c->opts[dir] : 0u;
	size_t optlen = c->optlen ? (size_t)c->optlen :
	    (size_t)((flags & SYN) && c->mss ? 4 : 0) +
	    (more & OPT_WS ? 4u : 0u) + (more & OPT_SACK ? 4u : 0u) +
	    (more & OPT_TS ? 12u : 0u);
	size_t hlen = 20 + optlen;
	size_t o = 20;

	if (l4_offset(src, c->vlan) + hlen + len > MAX_FRAME) {
		fprintf(stderr, "mkcap: internal error: segment too long\n");
		exit(1);
	}
	put_be16(t, c->port[dir]);
	put_be16(t + 2, c->port[!dir]);
	put_be32(t + 4, c->isn[dir] + seq);
	put_be32(t + 8, (flags & ACK) ? c->isn[!dir] + ack : 0);
	t[12] = (uint8_t)(hlen / 4 << 4);
	t[13] = (uint8_t)flags;
	put_be16(t + 14, win);
	put_be16(t + 16, 0);             /* checksum, filled by wrap_ip */
	put_be16(t + 18, 0);             /* urgent pointer */
	if (c->optlen) {
		/* NOPs, then a timestamp option (10 bytes) and an end of
		 * list where there is room */
		memset(t + 20, 1, optlen);
		if (optlen >= 12) {
			t[20 + optlen - 12] = 8;
			t[20 + optlen - 11] = 10;
			put_be32(t + 20 + optlen - 10, seq * 7 + 1);
			put_be32(t + 20 + optlen - 6, ack * 3);
			t[20 + optlen - 2] = 1;
			t[20 + optlen - 1] = 0;
		}
	}
	if (!c->optlen && (flags & SYN) && c->mss) {
		t[o] = 2;                    /* MSS */
		t[o + 1] = 4;
		put_be16(t + o + 2, c->mss);
		o += 4;
	}
	if (more & OPT_WS) {             /* NOP, window scale */
		t[o] = 1;
		t[o + 1] = 3;
		t[o + 2] = 3;
		t[o + 3] = c->wshift[dir];
		o += 4;
	}
	if (more & OPT_SACK) {           /* SACK permitted, NOP, NOP */
		t[o] = 4;
		t[o + 1] = 2;
		t[o + 2] = 1;
		t[o + 3] = 1;
		o += 4;
	}
	if (more & OPT_TS) {             /* NOP, NOP, timestamps */
		t[o] = 1;
		t[o + 1] = 1;
		t[o + 2] = 8;
		t[o + 3] = 10;
		put_be32(t + o + 4, (uint32_t)(c->cap->now / 1000));
		put_be32(t + o + 8, 0);
		o += 12;
	}
	if (c->data)
		memcpy(t + hlen, c->data, len);
	else if (c->payload && len == strlen(c->payload))
		memcpy(t + hlen, c->payload, len);
	else
		fill_payload(t + hlen, len, seq - 1);
	return wrap_ip(buf, src, dst, c->vlan, IPPROTO_TCP_, hlen + len,
	               c->ip_id[dir]++, 16);
}

/* Put an outer IPv4 header (protocol 4, IP in IP) from src to dst
 * between the Ethernet header and the IPv4 packet of frame buf (n bytes,
 * untagged); returns the new length. */
static size_t tunnel_ipip(uint8_t *buf, size_t n, const struct host *src,
                          const struct host *dst, uint16_t ip_id)
{
	uint8_t *ip = buf + 14;

	if (n + 20 > MAX_FRAME) {
		fprintf(stderr, "mkcap: internal error: segment too long\n");
		exit(1);
	}
	memmove(buf + 34, buf + 14, n - 14);
	memcpy(buf, dst->mac, 6);
	memcpy(buf + 6, src->mac, 6);
	ip[0] = 0x45;
	ip[1] = 0;
	put_be16(ip + 2, (uint16_t)(n + 20 - 14));
	put_be16(ip + 4, ip_id);
	put_be16(ip + 6, 0x4000);
	ip[8] = 64;
	ip[9] = 4;                      /* IPv4 inside */
	put_be16(ip + 10, 0);
	memcpy(ip + 12, src->ip, 4);
	memcpy(ip + 16, dst->ip, 4);
	put_be16(ip + 10, fold(sum16(0, ip, 20)));
	return n + 20;
}

/* Insert IPv6 hop-by-hop and destination options headers (8 bytes each,
 * PadN inside) between the IPv6 header and TCP of frame buf (n bytes,
 * untagged); returns the new length. The TCP checksum stays right: the
 * upper-layer length and the addresses are the same. */
static size_t ipv6_ext(uint8_t *buf, size_t n)
{
	uint8_t *ip = buf + 14, *e = buf + 54;

	memmove(buf + 70, buf + 54, n - 54);
	e[0] = 60;                      /* next: destination options */
	e[1] = 0;
	e[2] = 1;                       /* PadN, 4 bytes of it */
	e[3] = 4;
	memset(e + 4, 0, 4);
	e[8] = ip[6];                   /* next: what IPv6 carried */
	e[9] = 0;
	e[10] = 1;
	e[11] = 4;
	memset(e + 12, 0, 4);
	ip[6] = 0;                      /* hop-by-hop options */
	put_be16(ip + 4, (uint16_t)(((unsigned)ip[4] << 8 | ip[5]) + 16));
	return n + 16;
}

/* Put an 802.1ad service tag (VLAN 300) before the frame's own tag. */
static size_t qinq_tag(uint8_t *buf, size_t n)
{
	memmove(buf + 16, buf + 12, n - 12);
	put_be16(buf + 12, 0x88a8);
	put_be16(buf + 14, 300);
	return n + 4;
}

/* Write one TCP segment at the capture's current time. */
static void tcp_out(struct conn *c, int dir, unsigned flags, uint32_t seq,
                    uint32_t ack, uint16_t win, uint32_t len)
{
	uint8_t buf[MAX_FRAME];
	size_t n = tcp_build(c, buf, dir, flags, seq, ack, win, len);

	if (c->v6ext)
		n = ipv6_ext(buf, n);
	if (c->qinq)
		n = qinq_tag(buf, n);
	if (c->pad && n < 60) {
		memset(buf + n, 0, 60 - n);
		n = 60;
	}
	if (c->tunnel)
		n = tunnel_ipip(buf, n, &c->tunnel[dir], &c->tunnel[!dir],
		                (uint16_t)(c->ip_id[dir] ^ 0x5555));
	cap_write(c->cap, buf, n);
}

/* Advance the clock by dt microseconds, then write one TCP segment. */
static void seg(struct conn *c, int dir, unsigned flags, uint32_t seq,
                uint32_t ack, uint16_t win, uint32_t len, uint32_t dt)
{
	c->cap->now += dt;
	tcp_out(c, dir, flags, seq, ack, win, len);
}

/* SYN after dt, SYN-ACK one rtt later, ACK right after it: the capture is
 * taken at the client, and Wireshark's initial RTT is about rtt. */
static void handshake(struct conn *c, uint32_t dt, uint32_t rtt)
{
	seg(c, C2S, SYN,     0, 0, c->win[C2S], 0, dt);
	seg(c, S2C, SYN|ACK, 0, 1, c->win[S2C], 0, rtt);
	seg(c, C2S, ACK,     1, 1, c->win[C2S], 0, 80);
}

/* Client FIN, server FIN one rtt later, final ACK from the client. cseq
 * and sseq are the next sequence numbers of client and server. */
static void client_close(struct conn *c, uint32_t cseq, uint32_t sseq,
                         uint32_t dt, uint32_t rtt)
{
	seg(c, C2S, FIN|ACK, cseq,     sseq,     c->win[C2S], 0, dt);
	seg(c, S2C, FIN|ACK, sseq,     cseq + 1, c->win[S2C], 0, rtt);
	seg(c, C2S, ACK,     cseq + 1, sseq + 1, c->win[C2S], 0, 60);
}

/* ------------------------------------------------------------------ */
/* UDP and ICMP                                                         */
/* ------------------------------------------------------------------ */

static void udp_out(struct capture *cap, const struct host *src, uint16_t sport,
                    const struct host *dst, uint16_t dport, uint32_t len,
                    uint32_t dt)
{
	uint8_t buf[MAX_FRAME];
	uint8_t *u = buf + l4_offset(src, 0);

	cap->now += dt;
	put_be16(u, sport);
	put_be16(u + 2, dport);
	put_be16(u + 4, (uint16_t)(8 + len));
	put_be16(u + 6, 0);
	fill_payload(u + 8, len, 0);
	cap_write(cap, buf, wrap_ip(buf, src, dst, 0, IPPROTO_UDP_, 8 + len,
	                            cap->ip_id++, 6));
}

/* ICMP (or ICMPv6) echo request (reply = 0) or reply (reply = 1). */
static void icmp_echo(struct capture *cap, const struct host *src,
                      const struct host *dst, int reply, uint16_t id,
                      uint16_t seqno, uint32_t dt)
{
	uint8_t buf[MAX_FRAME];
	uint8_t *m = buf + l4_offset(src, 0);
	uint8_t proto = src->v6 ? IPPROTO_ICMPV6_ : IPPROTO_ICMP_;

	cap->now += dt;
	if (src->v6)
		m[0] = reply ? 129 : 128;
	else
		m[0] = reply ? 0 : 8;
	m[1] = 0;
	put_be16(m + 2, 0);
	put_be16(m + 4, id);
	put_be16(m + 6, seqno);
	fill_payload(m + 8, 32, 0);
	cap_write(cap, buf, wrap_ip(buf, src, dst, 0, proto, 8 + 32,
	                            cap->ip_id++, 2));
}

/* ICMPv4 destination unreachable from router, quoting the IP header and
 * the first quote_len bytes of the IP payload of the frame orig. */
static void icmp_unreachable(struct capture *cap, const struct host *router,
                             const struct host *to, uint8_t code,
                             const uint8_t *orig, size_t orig_l2,
                             size_t quote_len, uint32_t dt)
{
	uint8_t buf[MAX_FRAME];
	uint8_t *m = buf + l4_offset(router, 0);
	size_t qlen = 20 + quote_len;

	cap->now += dt;
	m[0] = 3;
	m[1] = code;
	put_be16(m + 2, 0);
	put_be32(m + 4, 0);
	memcpy(m + 8, orig + orig_l2, qlen);
	cap_write(cap, buf, wrap_ip(buf, router, to, 0, IPPROTO_ICMP_, 8 + qlen,
	                            cap->ip_id++, 2));
}

/* ------------------------------------------------------------------ */
/* Scenarios                                                            */
/* ------------------------------------------------------------------ */

#define SERVER_PORT 8000
#define RTT (10 * MS)
#define MSS 1460

static struct host client4(void) { return ipv4_host(192, 0, 2, 10); }
static struct host server4(void) { return ipv4_host(198, 51, 100, 20); }

/* A plain connection: a request, a response, an orderly close. */
static void scn_handshake_close(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50001, &sv, SERVER_PORT, 0x1a2b3c4d, 0x5e6f7081);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 120, 2 * MS);
	seg(&c, S2C, PSH|ACK,   1, 121, 65160, 300, RTT);
	seg(&c, C2S, ACK,     121, 301, 64240,   0, 40 * MS);
	client_close(&c, 121, 301, 5 * MS, RTT);
}

/* The request goes unanswered and is sent again after a 300 ms timeout. */
static void scn_retransmission(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50002, &sv, SERVER_PORT, 0x01000000, 0x7f000000);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 200, 1 * MS);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 200, 300 * MS);  /* RTO */
	seg(&c, S2C, PSH|ACK,   1, 201, 65160, 500, RTT);
	seg(&c, C2S, ACK,     201, 501, 64240,   0, 40 * MS);
	client_close(&c, 201, 501, 5 * MS, RTT);
}

/* Captured at the sending client: the second of five segments is lost
 * downstream, the server sends three duplicate ACKs, the client resends
 * the segment 1 ms after the third. */
static void scn_fast_retransmission(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50003, &sv, SERVER_PORT, 0x11111111, 0x22222222);
	handshake(&c, 0, RTT);
	seg(&c, C2S, ACK,         1, 1, 64240, MSS, 500);
	seg(&c, C2S, ACK,      1461, 1, 64240, MSS, 20);   /* lost */
	seg(&c, C2S, ACK,      2921, 1, 64240, MSS, 20);
	seg(&c, C2S, ACK,      4381, 1, 64240, MSS, 20);
	seg(&c, C2S, PSH|ACK,  5841, 1, 64240, MSS, 20);
	seg(&c, S2C, ACK,         1, 1461, 65160, 0, RTT - 80);
	seg(&c, S2C, ACK,         1, 1461, 65160, 0, 40);  /* dup 1 */
	seg(&c, S2C, ACK,         1, 1461, 65160, 0, 20);  /* dup 2 */
	seg(&c, S2C, ACK,         1, 1461, 65160, 0, 20);  /* dup 3 */
	seg(&c, C2S, ACK,      1461, 1, 64240, MSS, 1 * MS);   /* fast rexmit */
	seg(&c, S2C, ACK,         1, 7301, 65160, 0, RTT);
	client_close(&c, 7301, 1, 5 * MS, RTT);
}

/* Captured at the client: it ACKs the response, the ACK is lost, and the
 * server's retransmission arrives after the ACK. The client then closes
 * (its FIN acknowledges the duplicate, so there is no duplicate ACK). */
static void scn_spurious_retransmission(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50004, &sv, SERVER_PORT, 0x33333333, 0x44444444);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,    1, 64240,  100, 1 * MS);
	seg(&c, S2C, PSH|ACK,   1,  101, 65160, 1000, RTT);
	seg(&c, C2S, ACK,     101, 1001, 64240,    0, 200);  /* lost later */
	seg(&c, S2C, PSH|ACK,   1,  101, 65160, 1000, 210 * MS);  /* RTO */
	client_close(&c, 101, 1001, 100, RTT);
}

/* Captured at the receiving server: the third segment overtakes the
 * second by 0.3 ms. The server has not ACKed the first segment yet, so
 * its immediate ACK for the out-of-order data is not a duplicate. The IP
 * IDs are in sending order (the second segment's is the lower). */
static void scn_out_of_order(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50005, &sv, SERVER_PORT, 0x55555555, 0x66666666);
	/* server-side view: SYN-ACK right after the SYN, ACK one RTT later */
	seg(&c, C2S, SYN,        0, 0, 64240, 0, 0);
	seg(&c, S2C, SYN|ACK,    0, 1, 65160, 0, 50);
	seg(&c, C2S, ACK,        1, 1, 64240, 0, RTT);
	seg(&c, C2S, ACK,        1, 1, 64240, MSS, 100);
	c.ip_id[C2S]++;
	seg(&c, C2S, PSH|ACK, 2921, 1, 64240, MSS, 100);   /* overtook ... */
	seg(&c, S2C, ACK,        1, 1461, 65160, 0, 30);
	c.ip_id[C2S] = (uint16_t)(c.ip_id[C2S] - 2);
	seg(&c, C2S, ACK,     1461, 1, 64240, MSS, 300);   /* ... this one */
	c.ip_id[C2S]++;
	seg(&c, S2C, ACK,        1, 4381, 65160, 0, 30);
	seg(&c, S2C, FIN|ACK,    1, 4381, 65160, 0, 5 * MS);
	seg(&c, C2S, FIN|ACK, 4381, 2, 64240, 0, RTT);
	seg(&c, S2C, ACK,        2, 4382, 65160, 0, 30);
}

/* The capture missed the second of three back-to-back server segments:
 * the third shows the gap (lost_segment, "previous segment not
 * captured"), and the client's ACK covers the unseen bytes
 * (ack_lost_segment). */
static void scn_lost_segment(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50006, &sv, SERVER_PORT, 0x77777777, 0x88888888);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,    1,    1, 64240,  100, 1 * MS);
	seg(&c, S2C, ACK,        1,  101, 65160, 1000, RTT);
	/* S2C 1001:2001 arrived 20 us later, but the capture dropped it */
	seg(&c, S2C, PSH|ACK, 2001,  101, 65160, 1000, 40);
	seg(&c, C2S, ACK,      101, 3001, 64240,    0, 100);
	client_close(&c, 101, 3001, 5 * MS, RTT);
}

/* The client's application stops reading: it advertises a zero window,
 * the server probes twice with one byte at the next sequence number, the
 * client answers each probe with a zero-window ACK, then opens the window
 * and the transfer resumes. */
static void scn_zero_window(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50007, &sv, SERVER_PORT, 0x99999999, 0xaaaaaaaa);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,    1,    1, 64240,  100, 1 * MS);
	seg(&c, S2C, ACK,        1,  101, 65160,  MSS, RTT);
	seg(&c, S2C, ACK,     1461,  101, 65160,  MSS, 20);
	seg(&c, S2C, ACK,     2921,  101, 65160,  MSS, 20);
	seg(&c, C2S, ACK,      101, 4381,     0,    0, 100);       /* zero window */
	seg(&c, S2C, ACK,     4381,  101, 65160,    1, 200 * MS);  /* probe */
	seg(&c, C2S, ACK,      101, 4381,     0,    0, RTT);       /* probe ACK */
	seg(&c, S2C, ACK,     4381,  101, 65160,    1, 400 * MS);  /* probe */
	seg(&c, C2S, ACK,      101, 4381,     0,    0, RTT);       /* probe ACK */
	seg(&c, C2S, ACK,      101, 4381, 64240,    0, 150 * MS);  /* update */
	seg(&c, S2C, PSH|ACK, 4381,  101, 65160,  MSS, RTT);
	seg(&c, C2S, ACK,      101, 5841, 64240,    0, 40 * MS);
	client_close(&c, 101, 5841, 5 * MS, RTT);
}

/* The server advertises 5840 bytes; the client sends four full segments,
 * the last of which reaches the right edge of the window exactly. */
static void scn_window_full(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50008, &sv, SERVER_PORT, 0xbbbbbbbb, 0xcccccccc);
	c.win[S2C] = 5840;
	handshake(&c, 0, RTT);
	seg(&c, C2S, ACK,        1, 1, 64240, MSS, 500);
	seg(&c, C2S, ACK,     1461, 1, 64240, MSS, 20);
	seg(&c, C2S, ACK,     2921, 1, 64240, MSS, 20);
	seg(&c, C2S, PSH|ACK, 4381, 1, 64240, MSS, 20);   /* fills the window */
	seg(&c, S2C, ACK,        1, 2921, 5840, 0, RTT - 40);
	seg(&c, S2C, ACK,        1, 5841, 5840, 0, 40);
	client_close(&c, 5841, 1, 5 * MS, RTT);
}

/* An idle connection: a zero-byte keep-alive (Linux style) and a one-byte
 * keep-alive (Windows style), each at next sequence number - 1, each
 * ACKed by the server. */
static void scn_keep_alive(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50009, &sv, SERVER_PORT, 0xdddddddd, 0xeeeeeeee);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 100, 1 * MS);
	seg(&c, S2C, PSH|ACK,   1, 101, 65160, 200, RTT);
	seg(&c, C2S, ACK,     101, 201, 64240,   0, 40 * MS);
	seg(&c, C2S, ACK,     100, 201, 64240,   0, 45 * SEC);   /* keep-alive */
	seg(&c, S2C, ACK,     201, 101, 65160,   0, RTT);        /* its ACK */
	seg(&c, C2S, ACK,     100, 201, 64240,   1, 45 * SEC);   /* keep-alive */
	seg(&c, S2C, ACK,     201, 101, 65160,   0, RTT);        /* its ACK */
	client_close(&c, 101, 201, 5 * SEC, RTT);
}

/* Stream 0: the client aborts with RST after a request and a response.
 * Stream 1: a SYN to a closed port, answered with RST-ACK. */
static void scn_rst(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c, closed;

	conn_init(&c, cap, &cl, 50010, &sv, SERVER_PORT, 0x12345678, 0x9abcdef0);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 100, 1 * MS);
	seg(&c, S2C, PSH|ACK,   1, 101, 65160, 800, RTT);
	seg(&c, C2S, RST|ACK, 101, 801, 64240,   0, 2 * MS);

	conn_init(&closed, cap, &cl, 50011, &sv, 8001, 0x0badcafe, 0);
	seg(&closed, C2S, SYN,     0, 0, 64240, 0, 100 * MS);
	seg(&closed, S2C, RST|ACK, 0, 1, 0,     0, RTT);
}

/* A short connection over IPv6. */
static void scn_ipv6(struct capture *cap)
{
	struct host cl = ipv6_host(0x10), sv = ipv6_host(0x20);
	struct conn c;

	conn_init(&c, cap, &cl, 50012, &sv, SERVER_PORT, 0x61616161, 0x62626262);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,    1, 64240,  150, 1 * MS);
	seg(&c, S2C, ACK,       1,  151, 65160, 1440, RTT);
	seg(&c, S2C, PSH|ACK, 1441, 151, 65160,  560, 20);
	seg(&c, C2S, ACK,     151, 2001, 64240,    0, 100);
	client_close(&c, 151, 2001, 5 * MS, RTT);
}

/* handshake-close's connection with every frame tagged VLAN 100. */
static void scn_vlan(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50013, &sv, SERVER_PORT, 0x71717171, 0x72727272);
	c.vlan = 100;
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 120, 2 * MS);
	seg(&c, S2C, PSH|ACK,   1, 121, 65160, 300, RTT);
	seg(&c, C2S, ACK,     121, 301, 64240,   0, 40 * MS);
	client_close(&c, 121, 301, 5 * MS, RTT);
}

/* A plain connection, then one whose frames are IPv4 in IPv4 between
 * two tunnel end points (192.0.2.1 and 203.0.113.1): its endpoints are
 * the inner addresses. Then the plain connection sends again. */
static void scn_ip_in_ip(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct host cl2 = ipv4_host(10, 1, 0, 5), sv2 = ipv4_host(10, 2, 0, 7);
	struct host ends[2] = { ipv4_host(192, 0, 2, 1),
	                        ipv4_host(203, 0, 113, 1) };
	struct conn a, b;

	conn_init(&a, cap, &cl, 50015, &sv, SERVER_PORT, 0x81818181, 0x82828282);
	conn_init(&b, cap, &cl2, 50016, &sv2, SERVER_PORT, 0x91919191, 0x92929292);
	b.tunnel = ends;
	handshake(&a, 0, RTT);
	seg(&a, C2S, PSH|ACK,   1,   1, 64240, 100, 1 * MS);
	seg(&a, S2C, ACK,       1, 101, 65160,   0, RTT);
	handshake(&b, 2 * MS, RTT);
	seg(&b, C2S, PSH|ACK,   1,   1, 64240, 200, 1 * MS);
	seg(&b, S2C, PSH|ACK,   1, 201, 65160, 300, RTT);
	seg(&b, C2S, ACK,     201, 301, 64240,   0, 100);
	seg(&a, S2C, PSH|ACK,   1, 101, 65160, 400, 1 * MS);
	client_close(&b, 201, 301, 5 * MS, RTT);
	client_close(&a, 101, 401, 5 * MS, RTT);
}

/* A connection closes; two seconds later a new one uses the same
 * addresses and ports with a different ISN. */
static void scn_reused_ports(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn first, second;

	conn_init(&first, cap, &cl, 50014, &sv, SERVER_PORT, 0x10000000, 0x20000000);
	handshake(&first, 0, RTT);
	seg(&first, C2S, PSH|ACK,  1,  1, 64240, 100, 1 * MS);
	seg(&first, S2C, PSH|ACK,  1, 101, 65160, 100, RTT);
	client_close(&first, 101, 101, 1 * MS, RTT);

	conn_init(&second, cap, &cl, 50014, &sv, SERVER_PORT, 0x30000000, 0x40000000);
	handshake(&second, 2 * SEC, RTT);
	seg(&second, C2S, PSH|ACK,  1,  1, 64240, 100, 1 * MS);
	seg(&second, S2C, PSH|ACK,  1, 101, 65160, 100, RTT);
	client_close(&second, 101, 101, 1 * MS, RTT);
}

/* Six interleaved connections captured near the server 198.51.100.20:
 * d was already past its SYN when the capture started (its first frame
 * is the SYN-ACK), e was already established (its first frame is data),
 * c has a timeout retransmission, a, b and f are clean. */
static void scn_many_streams(struct capture *cap)
{
	struct host sv = server4();
	struct host ha = ipv4_host(192, 0, 2, 11), hb = ipv4_host(192, 0, 2, 12);
	struct host hc = ipv4_host(192, 0, 2, 13), hd = ipv4_host(192, 0, 2, 14);
	struct host he = ipv4_host(192, 0, 2, 15), hf = ipv4_host(192, 0, 2, 16);
	struct conn a, b, c, d, e, f;

	conn_init(&d, cap, &hd, 41000, &sv, SERVER_PORT, 0xd0000000, 0xd1000000);
	conn_init(&e, cap, &he, 42000, &sv, SERVER_PORT, 0xe0000000, 0xe1000000);
	conn_init(&a, cap, &ha, 43000, &sv, SERVER_PORT, 0xa0000000, 0xa1000000);
	conn_init(&b, cap, &hb, 44000, &sv, SERVER_PORT, 0xb0000000, 0xb1000000);
	conn_init(&c, cap, &hc, 45000, &sv, SERVER_PORT, 0xc0000000, 0xc1000000);
	conn_init(&f, cap, &hf, 46000, &sv, SERVER_PORT, 0xf0000000, 0xf1000000);

	seg(&d, S2C, SYN|ACK,      0,    1, 65160,    0, 0);
	seg(&e, S2C, PSH|ACK,   5001, 2001, 65160, 1000, 300);
	seg(&a, C2S, SYN,          0,    0, 64240,    0, 400);
	seg(&a, S2C, SYN|ACK,      0,    1, 65160,    0, 30);
	seg(&e, C2S, ACK,       2001, 6001, 64240,    0, 2 * MS);
	seg(&d, C2S, ACK,          1,    1, 64240,    0, 3 * MS);
	seg(&b, C2S, SYN,          0,    0, 64240,    0, 500);
	seg(&b, S2C, SYN|ACK,      0,    1, 65160,    0, 30);
	seg(&d, C2S, PSH|ACK,      1,    1, 64240,   80, 200);
	seg(&d, S2C, PSH|ACK,      1,   81, 65160,  400, 500);
	seg(&a, C2S, ACK,          1,    1, 64240,    0, 4 * MS);
	seg(&a, C2S, PSH|ACK,      1,    1, 64240,  120, 100);
	seg(&a, S2C, PSH|ACK,      1,  121, 65160,  700, 400);
	seg(&c, C2S, SYN,          0,    0, 64240,    0, 300);
	seg(&c, S2C, SYN|ACK,      0,    1, 65160,    0, 30);
	seg(&b, C2S, ACK,          1,    1, 64240,    0, 2 * MS);
	seg(&e, C2S, PSH|ACK,   2001, 6001, 64240,  300, 1 * MS);
	seg(&b, C2S, PSH|ACK,      1,    1, 64240,   90, 100);
	seg(&b, S2C, PSH|ACK,      1,   91, 65160,  250, 400);
	seg(&d, C2S, ACK,         81,  401, 64240,    0, 3 * MS);
	seg(&e, S2C, PSH|ACK,   6001, 2301, 65160,  600, 300);
	seg(&a, C2S, ACK,        121,  701, 64240,    0, 2 * MS);
	seg(&c, C2S, ACK,          1,    1, 64240,    0, 1 * MS);
	seg(&c, C2S, PSH|ACK,      1,    1, 64240,  110, 100);
	seg(&c, S2C, PSH|ACK,      1,  111, 65160,  900, 400);   /* lost */
	seg(&f, C2S, SYN,          0,    0, 64240,    0, 1 * MS);
	seg(&f, S2C, SYN|ACK,      0,    1, 65160,    0, 30);
	seg(&b, C2S, ACK,         91,  251, 64240,    0, 2 * MS);
	seg(&e, C2S, ACK,       2301, 6601, 64240,    0, 1 * MS);
	seg(&f, C2S, ACK,          1,    1, 64240,    0, 3 * MS);
	seg(&f, C2S, PSH|ACK,      1,    1, 64240,   60, 100);
	seg(&f, S2C, PSH|ACK,      1,   61, 65160,   60, 300);
	seg(&a, C2S, FIN|ACK,    121,  701, 64240,    0, 1 * MS);
	seg(&a, S2C, FIN|ACK,    701,  122, 65160,    0, 100);
	seg(&f, C2S, ACK,         61,   61, 64240,    0, 3 * MS);
	seg(&a, C2S, ACK,        122,  702, 64240,    0, 2 * MS);
	seg(&d, C2S, FIN|ACK,     81,  401, 64240,    0, 1 * MS);
	seg(&d, S2C, FIN|ACK,    401,   82, 65160,    0, 100);
	seg(&b, C2S, FIN|ACK,     91,  251, 64240,    0, 1 * MS);
	seg(&b, S2C, FIN|ACK,    251,   92, 65160,    0, 100);
	seg(&d, C2S, ACK,         82,  402, 64240,    0, 2 * MS);
	seg(&b, C2S, ACK,         92,  252, 64240,    0, 2 * MS);
	seg(&f, C2S, FIN|ACK,     61,   61, 64240,    0, 1 * MS);
	seg(&f, S2C, FIN|ACK,     61,   62, 65160,    0, 100);
	seg(&f, C2S, ACK,         62,   62, 64240,    0, 3 * MS);
	seg(&c, S2C, PSH|ACK,      1,  111, 65160,  900, 200 * MS);  /* RTO */
	seg(&c, C2S, ACK,        111,  901, 64240,    0, 4 * MS);
	seg(&c, C2S, FIN|ACK,    111,  901, 64240,    0, 1 * MS);
	seg(&c, S2C, FIN|ACK,    901,  112, 65160,    0, 100);
	seg(&c, C2S, ACK,        112,  902, 64240,    0, 4 * MS);
	seg(&e, S2C, FIN|ACK,   6601, 2301, 65160,    0, 5 * MS);
	seg(&e, C2S, FIN|ACK,   2301, 6602, 64240,    0, 2 * MS);
	seg(&e, S2C, ACK,       6602, 2302, 65160,    0, 50);
}

/* Pings and UDP datagrams, no TCP at all. */
static void scn_no_tcp(struct capture *cap)
{
	struct host a = client4(), b = server4();
	struct host a6 = ipv6_host(0x10), b6 = ipv6_host(0x20);

	icmp_echo(cap, &a, &b, 0, 0x4d58, 1, 0);
	icmp_echo(cap, &b, &a, 1, 0x4d58, 1, RTT);
	udp_out(cap, &a, 40000, &b, 40001, 64, 5 * MS);
	udp_out(cap, &b, 40001, &a, 40000, 128, RTT);
	icmp_echo(cap, &a, &b, 0, 0x4d58, 2, 1 * SEC);
	icmp_echo(cap, &b, &a, 1, 0x4d58, 2, RTT);
	icmp_echo(cap, &a6, &b6, 0, 0x4d59, 1, 5 * MS);
	icmp_echo(cap, &b6, &a6, 1, 0x4d59, 1, RTT);
}

/* A connection whose client sends a segment a router cannot deliver: the
 * router's ICMP host-unreachable quotes the segment's IP header and the
 * first 8 bytes of its TCP header. The client then resets. */
static void scn_icmp_error(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct host router = ipv4_host(192, 0, 2, 1);
	struct conn c;
	uint8_t frame[MAX_FRAME];

	conn_init(&c, cap, &cl, 50015, &sv, SERVER_PORT, 0x51515151, 0x52525252);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 100, 1 * MS);
	seg(&c, S2C, PSH|ACK,   1, 101, 65160, 200, RTT);
	seg(&c, C2S, ACK,     101, 201, 64240,   0, 40 * MS);
	seg(&c, C2S, PSH|ACK, 101, 201, 64240,  50, 2 * SEC);
	/* the same bytes as the segment just written (IP ID was incremented) */
	c.ip_id[C2S]--;
	tcp_build(&c, frame, C2S, PSH|ACK, 101, 201, 64240, 50);
	icmp_unreachable(cap, &router, &cl, 1, frame, l2_len(0), 8, 2 * MS);
	seg(&c, C2S, RST|ACK, 151, 201, 64240, 0, 1 * MS);
}

/* A short connection; the file ends halfway through the last frame. */
static void scn_truncated(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50016, &sv, SERVER_PORT, 0x41414141, 0x42424242);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 100, 1 * MS);
	seg(&c, S2C, PSH|ACK,   1, 101, 65160, 600, RTT);
	cap->cut = 100;    /* keep 100 of this frame's 654 bytes */
	seg(&c, S2C, PSH|ACK, 601, 101, 65160, 600, 20);
}

/* A pcap header and nothing else. */
static void scn_zero_packets(struct capture *cap)
{
	(void)cap;
}

/* ---- diagnosis scenarios (issue 14): one verdict or loss place each ---- */

/* Captured at the server's side of a router: the server's second segment
 * passes the capture point and is lost after it (downstream); the client
 * sends duplicate ACKs and the server retransmits it. */
static void scn_diag_loss_downstream(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51001, &sv, SERVER_PORT, 0x10203040, 0x50607080);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,    1,    1, 64240,  100, 1 * MS);
	seg(&c, S2C, ACK,        1,  101, 65160,  MSS, RTT);
	seg(&c, S2C, ACK,     1461,  101, 65160,  MSS, 20);   /* lost later */
	seg(&c, S2C, ACK,     2921,  101, 65160,  MSS, 20);
	seg(&c, S2C, PSH|ACK, 4381,  101, 65160,  MSS, 20);
	seg(&c, C2S, ACK,      101, 1461, 64240,    0, RTT);
	seg(&c, C2S, ACK,      101, 1461, 64240,    0, 30);   /* dup 1 */
	seg(&c, C2S, ACK,      101, 1461, 64240,    0, 30);   /* dup 2 */
	seg(&c, S2C, ACK,     1461,  101, 65160,  MSS, 200);  /* resent */
	seg(&c, C2S, ACK,      101, 5841, 64240,    0, RTT);
	client_close(&c, 101, 5841, 5 * MS, RTT);
}

/* Captured at the client: the server's second segment is lost before the
 * capture point (upstream): the capture shows a gap (lost_segment), then
 * the retransmission that fills it two round trips later. */
static void scn_diag_loss_upstream(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51002, &sv, SERVER_PORT, 0x11223344, 0x55667788);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,    1,    1, 64240,  100, 1 * MS);
	seg(&c, S2C, ACK,        1,  101, 65160,  MSS, RTT);
	/* S2C 1461:2921 never arrives */
	seg(&c, S2C, ACK,     2921,  101, 65160,  MSS, 40);
	seg(&c, C2S, ACK,      101, 1461, 64240,    0, 30);
	seg(&c, S2C, PSH|ACK, 4381,  101, 65160,  MSS, 20);
	seg(&c, C2S, ACK,      101, 1461, 64240,    0, 30);   /* dup */
	seg(&c, S2C, ACK,     1461,  101, 65160,  MSS, 2 * RTT); /* fills */
	seg(&c, C2S, ACK,      101, 5841, 64240,    0, 30);
	client_close(&c, 101, 5841, 5 * MS, RTT);
}

/* Both in one stream, with the server's sequence numbers wrapping past
 * 2^32 in the middle of the transfer: its segment 1461 is lost upstream
 * (gap, then filled) and its segment 5841 downstream (seen, then sent
 * again). */
static void scn_diag_loss_both(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51003, &sv, SERVER_PORT, 0x0abcdef0, 0xffffe000);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,    1,    1, 64240,  100, 1 * MS);
	seg(&c, S2C, ACK,        1,  101, 65160,  MSS, RTT);
	seg(&c, S2C, ACK,     2921,  101, 65160,  MSS, 40);   /* gap before */
	seg(&c, C2S, ACK,      101, 1461, 64240,    0, 30);
	seg(&c, S2C, ACK,     4381,  101, 65160,  MSS, 20);
	seg(&c, C2S, ACK,      101, 1461, 64240,    0, 30);   /* dup */
	seg(&c, S2C, ACK,     1461,  101, 65160,  MSS, 2 * RTT); /* fills */
	seg(&c, C2S, ACK,      101, 5841, 64240,    0, 30);
	seg(&c, S2C, ACK,     5841,  101, 65160,  MSS, RTT);  /* lost later */
	seg(&c, S2C, PSH|ACK, 7301,  101, 65160,  MSS, 20);
	seg(&c, C2S, ACK,      101, 5841, 64240,    0, RTT);  /* dup */
	seg(&c, S2C, ACK,     5841,  101, 65160,  MSS, 300 * MS); /* RTO */
	seg(&c, C2S, ACK,      101, 8761, 64240,    0, RTT);
	client_close(&c, 101, 8761, 5 * MS, RTT);
}

/* The capture drops two server segments that did arrive (the client's
 * ACKs cover them): gaps never filled, data ACKed that was never seen. */
static void scn_diag_capture_drops(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51004, &sv, SERVER_PORT, 0x01020304, 0x05060708);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,    1,    1, 64240,  100, 1 * MS);
	seg(&c, S2C, ACK,        1,  101, 65160,  MSS, RTT);
	seg(&c, S2C, ACK,     2921,  101, 65160,  MSS, 40);   /* 1461 dropped */
	seg(&c, S2C, ACK,     5841,  101, 65160,  MSS, 20);   /* 4381 dropped */
	seg(&c, C2S, ACK,      101, 7301, 64240,    0, 100);
	client_close(&c, 101, 7301, 5 * MS, RTT);
}

/* The client advertises a zero window for exactly 2.5 s (from its
 * zero-window ACK to its window update), within a stream of 3.0 s. */
static void scn_diag_zero_window(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51005, &sv, SERVER_PORT, 0x21212121, 0x43434343);
	handshake(&c, 0, 100 * MS);                           /* 0.100080 s */
	seg(&c, S2C, ACK,        1,    1, 65160,  MSS, 19920);   /* 0.12 s */
	seg(&c, C2S, ACK,        1, 1461,     0,    0, 80 * MS); /* 0.2 s: 0 */
	seg(&c, S2C, ACK,     1461,    1, 65160,    1, 1 * SEC); /* probe */
	seg(&c, C2S, ACK,        1, 1461,     0,    0, 100 * MS);
	seg(&c, C2S, ACK,        1, 1461, 64240,    0, 1400 * MS); /* 2.7 s */
	seg(&c, S2C, PSH|ACK, 1461,    1, 65160,  MSS, 100 * MS);
	seg(&c, C2S, FIN|ACK,    1, 2921, 64240,    0, 100 * MS);
	seg(&c, S2C, FIN|ACK, 2921,    2, 65160,    0, 50 * MS);
	seg(&c, C2S, ACK,        2, 2922, 64240,    0, 50 * MS);  /* 3.0 s */
}

/* A SYN answered by an RST: the port is closed. */
static void scn_diag_refused(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51006, &sv, 8443, 0x31313131, 0);
	seg(&c, C2S, SYN,     0, 0, 64240, 0, 0);
	seg(&c, S2C, RST|ACK, 0, 1, 0,     0, RTT);
}

/* A SYN never answered: sent again after 1 s and 3 s more. */
static void scn_diag_unanswered(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51007, &sv, SERVER_PORT, 0x41414141, 0);
	seg(&c, C2S, SYN, 0, 0, 64240, 0, 0);
	c.ip_id[C2S]++;
	seg(&c, C2S, SYN, 0, 0, 64240, 0, 1 * SEC);
	c.ip_id[C2S]++;
	seg(&c, C2S, SYN, 0, 0, 64240, 0, 3 * SEC);
}

/* Write the segment twice, byte for byte (same IP ID): a SPAN port that
 * mirrors both directions of a link shows each frame twice. */
static void seg2(struct conn *c, int dir, unsigned flags, uint32_t seq,
                 uint32_t ack, uint16_t win, uint32_t len, uint32_t dt)
{
	uint8_t buf[MAX_FRAME];
	size_t n;

	c->cap->now += dt;
	n = tcp_build(c, buf, dir, flags, seq, ack, win, len);
	cap_write(c->cap, buf, n);
	c->cap->now += 3;
	cap_write(c->cap, buf, n);
}

/* Mirrored duplicates: every frame of a clean exchange appears twice, 3
 * microseconds apart. Wireshark calls the copies retransmissions and
 * duplicate ACKs; they are no loss. */
static void scn_diag_duplicates(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51008, &sv, SERVER_PORT, 0x51515151, 0x61616161);
	seg2(&c, C2S, SYN,        0,   0, 64240,   0, 0);
	seg2(&c, S2C, SYN|ACK,    0,   1, 65160,   0, RTT);
	seg2(&c, C2S, ACK,        1,   1, 64240,   0, 80);
	seg2(&c, C2S, PSH|ACK,    1,   1, 64240, 100, 1 * MS);
	seg2(&c, S2C, PSH|ACK,    1, 101, 65160, 500, RTT);
	seg2(&c, C2S, ACK,      101, 501, 64240,   0, 40 * MS);
	seg2(&c, C2S, FIN|ACK,  101, 501, 64240,   0, 5 * MS);
	seg2(&c, S2C, FIN|ACK,  501, 102, 65160,   0, RTT);
	seg2(&c, C2S, ACK,      102, 502, 64240,   0, 60);
}

/* An idle application: a request and its answer, then 20 s of silence,
 * then one more exchange and the close. */
static void scn_diag_idle(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 51009, &sv, SERVER_PORT, 0x71717171, 0x81818181);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 100, 1 * MS);
	seg(&c, S2C, PSH|ACK,   1, 101, 65160, 200, RTT);
	seg(&c, C2S, ACK,     101, 201, 64240,   0, 40 * MS);
	seg(&c, C2S, PSH|ACK, 101, 201, 64240, 100, 20 * SEC);
	seg(&c, S2C, PSH|ACK, 201, 201, 65160, 200, RTT);
	seg(&c, C2S, ACK,     201, 401, 64240,   0, 40 * MS);
	client_close(&c, 201, 401, 5 * MS, RTT);
}

/* Six holes open at once in the server's data (the capture misses every
 * other segment), all filled later by retransmissions: two more than the
 * 4 tracked, so gap_overflow counts 2 and their fills count downstream. */
static void scn_diag_gap_overflow(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;
	uint32_t k;

	conn_init(&c, cap, &cl, 51010, &sv, SERVER_PORT, 0x91919191, 0xa1a1a1a1);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK, 1, 1, 64240, 100, 1 * MS);
	seg(&c, S2C, ACK,     1, 101, 65160, MSS, RTT);
	for (k = 1; k <= 6; k++)   /* 1 + 1460 (2k - 1) is missing */
		seg(&c, S2C, ACK, 1 + 1460 * 2 * k, 101, 65160, MSS, 20);
	seg(&c, C2S, ACK, 101, 1461, 64240, 0, 30);
	for (k = 1; k <= 6; k++)
		seg(&c, S2C, ACK, 1 + 1460 * (2 * k - 1), 101, 65160, MSS,
		    k == 1 ? 2 * RTT : 20);
	seg(&c, C2S, ACK, 101, 1 + 1460 * 13, 64240, 0, 30);
	client_close(&c, 101, 1 + 1460 * 13, 5 * MS, RTT);
}

/* ------------------------------------------------------------------ */
/* The cut's edges (on demand, not in testdata/)                        */
/* ------------------------------------------------------------------ */

/* One segment with the given payload bytes. */
static void seg_data(struct conn *c, int dir, uint32_t seq, uint32_t ack,
                     const void *data, uint32_t len, uint32_t dt)
{
	c->data = data;
	seg(c, dir, PSH|ACK, seq, ack, c->win[dir], len, dt);
	c->data = NULL;
}

/* Frames streamxpert cuts to their headers, or must not: TCP options of
 * every length, captured lengths that end inside the TCP header, at its
 * end and one byte past it, 802.1Q and QinQ, IPv6 with extension
 * headers, Ethernet padding, SOCKS on port 1080 (its dissector makes
 * conversations of its own), rpcap on port 2002, UDP and ICMP. */
static void scn_cut_edges(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct host cl6 = ipv6_host(0x31), sv6 = ipv6_host(0x32);
	static const uint8_t socks_hello[] = { 5, 1, 0 };
	static const uint8_t socks_choice[] = { 5, 0 };
	static const uint8_t socks_req[] = { 5, 1, 0, 1, 203, 0, 113, 9,
	                                     0x1f, 0x90 };
	static const uint8_t socks_ok[] = { 5, 0, 0, 1, 203, 0, 113, 9,
	                                    0x1f, 0x90 };
	struct conn a, b, q, v6, sk, rp;
	uint32_t cseq = 1, sseq = 1;
	unsigned k;

	/* options of 0 to 40 bytes, on data and on pure ACKs */
	conn_init(&a, cap, &cl, 50100, &sv, SERVER_PORT, 0x10203040, 0x50607080);
	handshake(&a, 0, RTT);
	for (k = 1; k <= 10; k++) {
		a.optlen = 4 * k;
		seg(&a, C2S, PSH|ACK, cseq, sseq, 64240, 100 + k, 1 * MS);
		cseq += 100 + k;
		seg(&a, S2C, ACK, sseq, cseq, 65160, 0, RTT);
		seg(&a, S2C, PSH|ACK, sseq, cseq, 65160, 301 + k, 100);
		sseq += 301 + k;
	}
	a.optlen = 0;
	client_close(&a, cseq, sseq, 5 * MS, RTT);

	/* snapshot lengths: inside the TCP header (20 bytes of options),
	 * at its end, one byte past it, and inside the options of a SYN */
	conn_init(&b, cap, &cl, 50101, &sv, SERVER_PORT, 0x11111111, 0x22222222);
	b.optlen = 20;
	cap->snap = 14 + 20 + 12;
	seg(&b, C2S, SYN, 0, 0, 64240, 0, 2 * MS);
	cap->snap = 0;
	seg(&b, S2C, SYN|ACK, 0, 1, 65160, 0, RTT);
	seg(&b, C2S, ACK, 1, 1, 64240, 0, 80);
	cap->snap = 14 + 20 + 30;
	seg(&b, C2S, PSH|ACK, 1, 1, 64240, 200, 1 * MS);
	cap->snap = 14 + 20 + 40;
	seg(&b, S2C, PSH|ACK, 1, 201, 65160, 500, RTT);
	cap->snap = 14 + 20 + 41;
	seg(&b, C2S, PSH|ACK, 201, 501, 64240, 50, 1 * MS);
	cap->snap = 0;
	client_close(&b, 251, 501, 5 * MS, RTT);

	/* QinQ (service tag 300 over VLAN 200), ACKs padded to 60 bytes */
	conn_init(&q, cap, &cl, 50102, &sv, SERVER_PORT, 0x33333333, 0x44444444);
	q.vlan = 200;
	q.qinq = 1;
	q.pad = 1;
	handshake(&q, 1 * MS, RTT);
	seg(&q, C2S, PSH|ACK, 1, 1, 64240, 150, 1 * MS);
	seg(&q, S2C, ACK, 1, 151, 65160, 0, RTT);
	seg(&q, S2C, PSH|ACK, 1, 151, 65160, 700, 100);
	client_close(&q, 151, 701, 5 * MS, RTT);

	/* IPv6 with hop-by-hop and destination options */
	conn_init(&v6, cap, &cl6, 50103, &sv6, SERVER_PORT, 0x55555555,
	          0x66666666);
	v6.v6ext = 1;
	handshake(&v6, 1 * MS, RTT);
	seg(&v6, C2S, PSH|ACK, 1, 1, 64240, 120, 1 * MS);
	seg(&v6, S2C, PSH|ACK, 1, 121, 65160, 900, RTT);
	client_close(&v6, 121, 901, 5 * MS, RTT);

	/* SOCKS 5 on port 1080: CONNECT 203.0.113.9:8080, then data */
	conn_init(&sk, cap, &cl, 50104, &sv, 1080, 0x77777777, 0x88888888);
	handshake(&sk, 1 * MS, RTT);
	seg_data(&sk, C2S, 1, 1, socks_hello, sizeof socks_hello, 1 * MS);
	seg_data(&sk, S2C, 1, 4, socks_choice, sizeof socks_choice, RTT);
	seg_data(&sk, C2S, 4, 3, socks_req, sizeof socks_req, 1 * MS);
	seg_data(&sk, S2C, 3, 14, socks_ok, sizeof socks_ok, RTT);
	seg(&sk, C2S, PSH|ACK, 14, 13, 64240, 400, 1 * MS);
	seg(&sk, S2C, PSH|ACK, 13, 414, 65160, 600, RTT);
	client_close(&sk, 414, 613, 5 * MS, RTT);

	/* rpcap's port: passed whole */
	conn_init(&rp, cap, &cl, 50105, &sv, 2002, 0x99999999, 0xaaaaaaaa);
	handshake(&rp, 1 * MS, RTT);
	seg(&rp, C2S, PSH|ACK, 1, 1, 64240, 64, 1 * MS);
	seg(&rp, S2C, PSH|ACK, 1, 65, 65160, 64, RTT);
	client_close(&rp, 65, 65, 5 * MS, RTT);

	/* frames without TCP: cut to the Ethernet header */
	udp_out(cap, &cl, 53000, &sv, 53, 40, 1 * MS);
	udp_out(cap, &sv, 53, &cl, 53000, 120, 1 * MS);
	icmp_echo(cap, &cl, &sv, 0, 7, 1, 1 * MS);
	icmp_echo(cap, &sv, &cl, 1, 7, 1, 1 * MS);
}

/* pcapng, for the cut: a little-endian section with three interfaces
 * (Ethernet, Linux cooked, raw IPv4), enhanced packet blocks with
 * comments and flags of several lengths (the options must follow the
 * cut data, padded to 32 bits), then a big-endian section whose one
 * Ethernet interface carries the first connection on. */
struct ng {
	FILE *f;
	int big;
	int failed;
};

static void ng_put32(const struct ng *g, uint8_t *p, uint32_t v)
{
	if (g->big)
		put_be32(p, v);
	else
		put_le32(p, v);
}

static void ng_put16(const struct ng *g, uint8_t *p, uint16_t v)
{
	if (g->big)
		put_be16(p, v);
	else
		put_le16(p, v);
}

/* One block: type, body (len bytes, padded here), the two lengths. */
static void ng_block(struct ng *g, uint32_t type, const uint8_t *body,
                     size_t len)
{
	uint8_t h[8], t[4], zero[4] = {0};
	size_t pad = (4 - len % 4) % 4;
	uint32_t total = (uint32_t)(12 + len + pad);

	ng_put32(g, h, type);
	ng_put32(g, h + 4, total);
	ng_put32(g, t, total);
	if (fwrite(h, 1, 8, g->f) != 8 || fwrite(body, 1, len, g->f) != len ||
	    fwrite(zero, 1, pad, g->f) != pad || fwrite(t, 1, 4, g->f) != 4)
		g->failed = 1;
}

static void ng_section(struct ng *g, int big)
{
	uint8_t b[16];

	g->big = big;
	ng_put32(g, b, 0x1a2b3c4d);
	ng_put16(g, b + 4, 1);
	ng_put16(g, b + 6, 0);
	memset(b + 8, 0xff, 8);         /* section length unknown */
	ng_block(g, 0x0a0d0d0a, b, 16);
}

static void ng_interface(struct ng *g, uint16_t linktype)
{
	uint8_t b[8];

	ng_put16(g, b, linktype);
	ng_put16(g, b + 2, 0);
	ng_put32(g, b + 4, 65535);
	ng_block(g, 1, b, 8);
}

/* An enhanced packet block: frame (n bytes) on interface ifid at usec,
 * with a comment of clen bytes (0: none) and the flags option. */
static void ng_packet(struct ng *g, uint32_t ifid, uint64_t usec,
                      const uint8_t *frame, size_t n, size_t clen)
{
	static const char comment[] = "streamxpert: the options follow the data";
	uint8_t b[MAX_FRAME + 128];
	size_t at = 20 + n;

	ng_put32(g, b, ifid);
	ng_put32(g, b + 4, (uint32_t)(usec >> 32));
	ng_put32(g, b + 8, (uint32_t)usec);
	ng_put32(g, b + 12, (uint32_t)n);
	ng_put32(g, b + 16, (uint32_t)n);
	memcpy(b + 20, frame, n);
	while (at % 4)
		b[at++] = 0;
	if (clen) {
		ng_put16(g, b + at, 1);          /* opt_comment */
		ng_put16(g, b + at + 2, (uint16_t)clen);
		memcpy(b + at + 4, comment, clen);
		at += 4 + clen;
		while (at % 4)
			b[at++] = 0;
	}
	ng_put16(g, b + at, 2);                  /* epb_flags: inbound */
	ng_put16(g, b + at + 2, 4);
	ng_put32(g, b + at + 4, 1);
	ng_put32(g, b + at + 8, 0);              /* opt_endofopt */
	at += 12;
	ng_block(g, 6, b, at);
}

/* A frame of c in the link type of interface ifid: 0 Ethernet, 1 Linux
 * cooked, 2 raw IPv4. */
static void ng_seg(struct ng *g, struct conn *c, uint32_t ifid, uint64_t usec,
                   int dir, unsigned flags, uint32_t seq, uint32_t ack,
                   uint32_t len, size_t clen)
{
	uint8_t buf[MAX_FRAME + 16], out[MAX_FRAME + 16];
	size_t n = tcp_build(c, buf, dir, flags, seq, ack, c->win[dir], len);

	if (ifid == 1) {
		memset(out, 0, 16);
		put_be16(out, 0);                /* to us */
		put_be16(out + 2, 1);            /* ARPHRD_ETHER */
		put_be16(out + 4, 6);
		memcpy(out + 6, buf + 6, 6);
		put_be16(out + 14, 0x0800);
		memcpy(out + 16, buf + 14, n - 14);
		n += 2;
	} else if (ifid == 2) {
		memcpy(out, buf + 14, n - 14);
		n -= 14;
	} else {
		memcpy(out, buf, n);
	}
	ng_packet(g, g->big ? 0 : ifid, usec, out, n, clen);
}

static int write_cut_ng(const char *path)
{
	struct host cl = client4(), sv = server4();
	struct ng g = { NULL, 0, 0 };
	struct conn c[3];
	uint64_t t = EPOCH_USEC;
	unsigned i, k;
	int bad;

	g.f = strcmp(path, "-") == 0 ? stdout : fopen(path, "wb");
	if (!g.f) {
		fprintf(stderr, "mkcap: %s: %s\n", path, strerror(errno));
		return 1;
	}
	for (i = 0; i < 3; i++) {
		conn_init(&c[i], NULL, &cl, (uint16_t)(50200 + i), &sv,
		          SERVER_PORT, 0x01010101u * (i + 1), 0x0f0f0f0fu * (i + 1));
		c[i].optlen = 12;
	}
	ng_section(&g, 0);
	ng_interface(&g, 1);
	ng_interface(&g, 113);
	ng_interface(&g, 101);
	for (i = 0; i < 3; i++) {
		ng_seg(&g, &c[i], i, t += 1000, C2S, SYN, 0, 0, 0, 0);
		ng_seg(&g, &c[i], i, t += 10000, S2C, SYN|ACK, 0, 1, 0, 3);
		ng_seg(&g, &c[i], i, t += 80, C2S, ACK, 1, 1, 0, 0);
	}
	for (k = 0; k < 4; k++)
		for (i = 0; i < 3; i++) {
			ng_seg(&g, &c[i], i, t += 500, C2S, PSH|ACK,
			       1 + 101 * k, 1, 100 + k, k * 5 + i);
			ng_seg(&g, &c[i], i, t += 10000, S2C, ACK, 1,
			       1 + 101 * k + 100 + k, 0, 7);
		}
	/* a big-endian section: the first connection goes on */
	ng_section(&g, 1);
	ng_interface(&g, 1);
	ng_seg(&g, &c[0], 0, t += 500, S2C, PSH|ACK, 1, 1 + 101 * 4 - 4 + 0,
	       333, 11);
	ng_seg(&g, &c[0], 0, t += 10000, C2S, ACK, 1 + 101 * 4 - 4, 334, 0, 0);
	bad = g.failed || fflush(g.f) != 0 || ferror(g.f);
	if (g.f != stdout && fclose(g.f) != 0)
		bad = 1;
	if (bad)
		fprintf(stderr, "mkcap: %s: write error\n", path);
	return bad;
}

struct scenario {
	const char *name;
	void (*write)(struct capture *);
};


/* ------------------------------------------------------------------ */
/* Statistics scenarios (issue 13): options, windows, idle, throughput  */
/* ------------------------------------------------------------------ */

/* Both sides offer window scaling (client shift 7, server 8), SACK and
 * timestamps; later windows are scaled: client 502 << 7 = 64256, server
 * 255 << 8 = 65280 then 100 << 8 = 25600. */
static void scn_wscale_negotiated(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50101, &sv, SERVER_PORT, 0x11111111, 0x22222222);
	c.opts[C2S] = c.opts[S2C] = OPT_WS | OPT_SACK | OPT_TS;
	c.wshift[C2S] = 7;
	c.wshift[S2C] = 8;
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,    1, 502,  100, 1 * MS);
	seg(&c, S2C, ACK,       1,  101, 255, 1000, RTT);
	seg(&c, S2C, PSH|ACK, 1001, 101, 100,  500, 100);
	seg(&c, C2S, ACK,     101, 1501, 502,    0, 200);
	client_close(&c, 101, 1501, 5 * MS, RTT);
}

/* The client offers window scaling, SACK and timestamps; the server
 * answers with the MSS only: no scaling is used (scale factor -2), the
 * windows are the header's, and SACK/timestamps are one-sided. */
static void scn_wscale_one_side(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50102, &sv, SERVER_PORT, 0x33333333, 0x44444444);
	c.opts[C2S] = OPT_WS | OPT_SACK | OPT_TS;
	c.wshift[C2S] = 6;
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 200, 1 * MS);
	seg(&c, S2C, PSH|ACK,   1, 201, 32000, 700, RTT);
	seg(&c, C2S, ACK,     201, 701, 60000,   0, 300);
	client_close(&c, 201, 701, 5 * MS, RTT);
}

/* The capture starts in the middle of a connection: no SYN, so the
 * options are unknown and so is the window scale (scale factor -1). */
static void scn_no_handshake(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50103, &sv, SERVER_PORT, 0x55555555, 0x66666666);
	seg(&c, C2S, PSH|ACK, 5001, 9001, 1024, 300, 0);
	seg(&c, S2C, ACK,     9001, 5301, 2048, 1200, RTT);
	seg(&c, S2C, PSH|ACK, 10201, 5301, 2048, 800, 50);
	seg(&c, C2S, ACK,     5301, 11001, 1024, 0, 300);
}

/* A request, 30 seconds of silence, then the response: idle_max is the
 * gap; first_data_rev - first_data_fwd is the server's response time. */
static void scn_idle_gap(struct capture *cap)
{
	struct host cl = client4(), sv = server4();
	struct conn c;

	conn_init(&c, cap, &cl, 50104, &sv, SERVER_PORT, 0x77777777, 0x08888888);
	handshake(&c, 0, RTT);
	seg(&c, C2S, PSH|ACK,   1,   1, 64240, 100, 2 * MS);
	seg(&c, S2C, ACK,       1, 101, 65160,   0, RTT);
	seg(&c, S2C, PSH|ACK,   1, 101, 65160, 400, 30 * SEC);
	seg(&c, C2S, ACK,     101, 401, 64240,   0, 200);
	client_close(&c, 101, 401, 5 * MS, RTT);
}

/* An HTTP GET on port 80 (Host bulk.example), then the server sends 100
 * segments of 1000 bytes 1 ms apart (the client ACKs every second one at
 * once); segment 50 is sent again 5 ms after the last. The server's data
 * span is 99 + 5 = 104 ms, so throughput_rev = 101000 / 0.104 =
 * 971153.846154 bytes/s and goodput_rev = 100000 / 0.104 = 961538.461538;
 * retrans_bytes_rev = 1000. */
static void scn_bulk_transfer(struct capture *cap)
{
	static const char get[] = "GET /big HTTP/1.1\r\nHost: bulk.example\r\n\r\n";
	struct host cl = client4(), sv = server4();
	struct conn c;
	uint32_t req = (uint32_t)strlen(get), i;

	conn_init(&c, cap, &cl, 50105, &sv, 80, 0x09999999, 0x0aaaaaaa);
	c.opts[C2S] = c.opts[S2C] = OPT_WS | OPT_SACK;
	c.wshift[C2S] = c.wshift[S2C] = 7;
	handshake(&c, 0, RTT);
	c.payload = get;
	seg(&c, C2S, PSH|ACK, 1, 1, 502, req, 1 * MS);
	c.payload = NULL;
	seg(&c, S2C, ACK, 1, 1 + req, 509, 0, RTT);
	for (i = 0; i < 100; i++) {
		seg(&c, S2C, ACK, 1 + 1000 * i, 1 + req, 509, 1000, 1 * MS);
		if (i % 2 == 1)   /* at the same instant: the span stays */
			seg(&c, C2S, ACK, 1 + req, 1 + 1000 * (i + 1), 502, 0,
			    0);
	}
	seg(&c, S2C, ACK, 1 + 1000 * 49, 1 + req, 509, 1000, 5 * MS);
	client_close(&c, 1 + req, 100001, 5 * MS, RTT);
}

/* ------------------------------------------------------------------ */
/* Dissectors that start TCP streams, odd files (on demand)             */
/* ------------------------------------------------------------------ */

/* A port with no dissector in tshark 3.4 to 4.6. */
#define PLAIN_PORT 15900

/* Two VNC sessions on a port that is not VNC's: tshark's VNC heuristic
 * starts a new conversation (a new tcp.stream) at the server's "RFB
 * 003.008" (3.4 also at the client's), so 2 connections are 4 or 6
 * streams; the second loses a segment after the split. */
static void scn_stream_vnc(struct capture *cap)
{
	static const uint8_t rfb[] = "RFB 003.008\n";
	static const uint8_t sec[] = { 1, 2 }, choice[] = { 2 };
	static const uint8_t ok[] = { 0, 0, 0, 0 };
	struct host cl = client4(), sv = server4();
	struct conn c;
	int k;

	for (k = 0; k < 2; k++) {
		conn_init(&c, cap, &cl, (uint16_t)(51000 + k), &sv, PLAIN_PORT,
		          0x01020304u * (uint32_t)(k + 1), 0x0a0b0c0du);
		handshake(&c, 1 * MS, RTT);
		seg_data(&c, S2C, 1, 1, rfb, 12, 1 * MS);
		seg_data(&c, C2S, 1, 13, rfb, 12, RTT);
		seg_data(&c, S2C, 13, 13, sec, sizeof sec, RTT);
		seg_data(&c, C2S, 13, 15, choice, sizeof choice, RTT);
		seg_data(&c, S2C, 15, 14, ok, sizeof ok, RTT);
		seg(&c, S2C, PSH|ACK, 19, 14, 65160, 1000, 1 * MS);
		/* the second session loses 19 + 1000 .. 19 + 2000 */
		seg(&c, S2C, PSH|ACK, k ? 2019 : 1019, 14, 65160, 1000, 100);
		seg(&c, C2S, ACK, 14, k ? 1019 : 2019, 64240, 0, RTT);
		if (k)
			seg(&c, S2C, PSH|ACK, 1019, 14, 65160, 1000, RTT);
		seg(&c, C2S, ACK, 14, 3019, 64240, 0, RTT);
		client_close(&c, 14, 3019, 5 * MS, RTT);
	}
}

/* SNMP over TCP (port 161): tshark 3.4 and 4.0 start a new conversation
 * at the first SNMP message, 4.4 and later do not. */
static void scn_stream_snmp(struct capture *cap)
{
	/* get-request and get-response for sysDescr.0, community public */
	static const uint8_t get[] = {
		0x30, 0x26, 0x02, 0x01, 0x00, 0x04, 0x06, 'p', 'u', 'b', 'l',
		'i', 'c', 0xa0, 0x19, 0x02, 0x01, 0x01, 0x02, 0x01, 0x00,
		0x02, 0x01, 0x00, 0x30, 0x0e, 0x30, 0x0c, 0x06, 0x08, 0x2b,
		0x06, 0x01, 0x02, 0x01, 0x01, 0x01, 0x00, 0x05, 0x00 };
	uint8_t resp[sizeof get];
	struct host cl = client4(), sv = server4();
	struct conn c;
	int k;

	memcpy(resp, get, sizeof get);
	resp[13] = 0xa2;
	for (k = 0; k < 2; k++) {
		conn_init(&c, cap, &cl, (uint16_t)(52000 + k), &sv, 161,
		          0x31323334u + (uint32_t)k, 0x41424344u);
		handshake(&c, 1 * MS, RTT);
		seg_data(&c, C2S, 1, 1, get, sizeof get, 1 * MS);
		seg_data(&c, S2C, 1, 41, resp, sizeof resp, RTT);
		seg_data(&c, C2S, 41, 41, get, sizeof get, 1 * MS);
		seg_data(&c, S2C, 41, 81, resp, sizeof resp, RTT);
		client_close(&c, 81, 81, 5 * MS, RTT);
	}
}

/* Two SOCKS 5 sessions (port 1080), each a CONNECT to its own target:
 * tshark numbers the proxied connections too, so the streams of the
 * capture have gaps. */
static void scn_stream_socks(struct capture *cap)
{
	static const uint8_t hello[] = { 5, 1, 0 }, choice[] = { 5, 0 };
	uint8_t req[] = { 5, 1, 0, 1, 203, 0, 113, 9, 0x1f, 0x90 };
	uint8_t ok[] = { 5, 0, 0, 1, 203, 0, 113, 9, 0x1f, 0x90 };
	struct host cl = client4(), sv = server4();
	struct conn c;
	int k;

	for (k = 0; k < 2; k++) {
		req[7] = ok[7] = (uint8_t)(9 + k);
		conn_init(&c, cap, &cl, (uint16_t)(53000 + k), &sv, 1080,
		          0x51525354u + (uint32_t)k, 0x61626364u);
		handshake(&c, 1 * MS, RTT);
		seg_data(&c, C2S, 1, 1, hello, sizeof hello, 1 * MS);
		seg_data(&c, S2C, 1, 4, choice, sizeof choice, RTT);
		seg_data(&c, C2S, 4, 3, req, sizeof req, 1 * MS);
		seg_data(&c, S2C, 3, 14, ok, sizeof ok, RTT);
		seg(&c, C2S, PSH|ACK, 14, 13, 64240, 400, 1 * MS);
		seg(&c, S2C, PSH|ACK, 13, 414, 65160, 600, RTT);
		client_close(&c, 414, 613, 5 * MS, RTT);
	}
}

/* Two HTTP CONNECT tunnels through a proxy (port 3128) to port 80,
 * cleartext HTTP/2 inside: tshark 4.6's HTTP/2 asks TCP for the
 * tunnel's conversation, a stream number taken (a gap). */
static void scn_stream_connect(struct capture *cap)
{
	static const char req[] = "CONNECT example.com:80 HTTP/1.1\r\n"
	                          "Host: example.com:80\r\n\r\n";
	static const char ok[] = "HTTP/1.1 200 Connection established\r\n\r\n";
	static const uint8_t pri[] = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"
	                             "\0\0\0\4\0\0\0\0\0";
	static const uint8_t settings[] = { 0, 0, 0, 4, 0, 0, 0, 0, 0 };
	static const uint8_t ack[] = { 0, 0, 0, 4, 1, 0, 0, 0, 0 };
	struct host cl = client4(), sv = server4();
	uint32_t a = sizeof req - 1, b = sizeof ok - 1, p = sizeof pri - 1;
	struct conn c;
	int k;

	for (k = 0; k < 2; k++) {
		conn_init(&c, cap, &cl, (uint16_t)(54000 + k), &sv, 3128,
		          0x71727374u + (uint32_t)k, 0x81828384u);
		handshake(&c, 1 * MS, RTT);
		seg_data(&c, C2S, 1, 1, req, a, 1 * MS);
		seg_data(&c, S2C, 1, 1 + a, ok, b, RTT);
		seg_data(&c, C2S, 1 + a, 1 + b, pri, p, 1 * MS);
		seg_data(&c, S2C, 1 + b, 1 + a + p, settings, 9, RTT);
		seg_data(&c, C2S, 1 + a + p, 10 + b, ack, 9, 1 * MS);
		client_close(&c, 10 + a + p, 10 + b, 5 * MS, RTT);
	}
}

/* One connection with a retransmission whose 5th frame has a timestamp
 * fraction of 4,000,000,000 microseconds: a time tshark calls invalid
 * (4.4 and later print "0.(N nanoseconds)"). */
static void scn_bad_time(struct capture *cap)
{
	cap->bad_frame = 5;
	cap->bad_frac = 4000000000u;
	scn_retransmission(cap);
}

/* What `make demo` shows a new user: a few connections one after the
 * other, 50 ms apart, each with the problem of a scenario above (so each
 * one's numbers are known): a clean exchange, loss downstream of the
 * capture, a receiver that stops reading, a refused and an unanswered
 * connection, an idle one, and a bulk transfer with one retransmission. */
static void scn_demo(struct capture *cap)
{
	static void (*const part[])(struct capture *) = {
		scn_handshake_close, scn_diag_loss_downstream,
		scn_diag_zero_window, scn_diag_refused, scn_diag_unanswered,
		scn_diag_idle, scn_diag_loss_both, scn_bulk_transfer,
	};

	for (size_t i = 0; i < sizeof part / sizeof part[0]; i++) {
		if (i > 0)
			cap->now += 50 * MS;
		part[i](cap);
	}
}

/* ------------------------------------------------------------------ */
/* mixed: TCP among frames that streamxpert keeps from tshark and ones  */
/* it must not (issue 25)                                               */
/* ------------------------------------------------------------------ */

/* A frame of n bytes (Ethernet, IPv4) written as two IPv4 fragments,
 * the first carrying first bytes of the IP payload (a multiple of 8). */
static void ip_fragments(struct capture *cap, const uint8_t *frame, size_t n,
                         size_t first, uint32_t dt)
{
	uint8_t a[MAX_FRAME], b[MAX_FRAME];
	size_t pay = n - 34;
	uint8_t *ip;

	cap->now += dt;
	memcpy(a, frame, 34 + first);
	ip = a + 14;
	put_be16(ip + 2, (uint16_t)(20 + first));
	put_be16(ip + 6, 0x2000);                 /* more fragments */
	put_be16(ip + 10, 0);
	put_be16(ip + 10, fold(sum16(0, ip, 20)));
	cap_write(cap, a, 34 + first);
	memcpy(b, frame, 34);
	memcpy(b + 34, frame + 34 + first, pay - first);
	ip = b + 14;
	put_be16(ip + 2, (uint16_t)(20 + pay - first));
	put_be16(ip + 6, (uint16_t)(first / 8));  /* offset, last */
	put_be16(ip + 10, 0);
	put_be16(ip + 10, fold(sum16(0, ip, 20)));
	cap->now += 20;
	cap_write(cap, b, 34 + pay - first);
}

/* The Ethernet frame inner (n bytes) inside VXLAN (UDP port 4789) from
 * src to dst. */
static void vxlan_out(struct capture *cap, const struct host *src,
                      const struct host *dst, const uint8_t *inner, size_t n)
{
	uint8_t buf[MAX_FRAME + 64];
	uint8_t *u = buf + l4_offset(src, 0);

	put_be16(u, 49152);
	put_be16(u + 2, 4789);
	put_be16(u + 4, (uint16_t)(16 + n));
	put_be16(u + 6, 0);
	memset(u + 8, 0, 8);
	u[8] = 0x08;                  /* a VNI is present */
	u[14] = 42;                   /* VNI 42 */
	memcpy(u + 16, inner, n);
	cap_write(cap, buf, wrap_ip(buf, src, dst, 0, IPPROTO_UDP_, 16 + n,
	                            cap->ip_id++, 6));
}

/* ARP: who has tip? tell sender. */
static void arp_out(struct capture *cap, const struct host *sender,
                    const struct host *target, uint32_t dt)
{
	uint8_t f[60];

	cap->now += dt;
	memset(f, 0, sizeof f);
	memset(f, 0xff, 6);
	memcpy(f + 6, sender->mac, 6);
	put_be16(f + 12, 0x0806);
	put_be16(f + 14, 1);
	put_be16(f + 16, 0x0800);
	f[18] = 6;
	f[19] = 4;
	put_be16(f + 20, 1);
	memcpy(f + 22, sender->mac, 6);
	memcpy(f + 28, sender->ip, 4);
	memcpy(f + 38, target->ip, 4);
	cap_write(cap, f, sizeof f);
}

/* Background a mixed capture has between the TCP frames: QUIC, DNS,
 * NTP, ICMP echo (kept from tshark), UDP on other ports (not). */
static void background(struct capture *cap, unsigned i)
{
	struct host cl = client4(), sv = server4();
	struct host dns = ipv4_host(192, 0, 2, 53);
	struct host a6 = ipv6_host(0x10), b6 = ipv6_host(0x20);

	switch (i % 8) {
	case 0:
		udp_out(cap, &cl, (uint16_t)(51000 + i), &sv, 443, 1200, 100);
		break;
	case 1:
		udp_out(cap, &sv, 443, &cl, (uint16_t)(51000 + i - 1), 900, 100);
		break;
	case 2:
		udp_out(cap, &cl, (uint16_t)(40000 + i), &dns, 53, 40, 50);
		udp_out(cap, &dns, 53, &cl, (uint16_t)(40000 + i), 120, 300);
		break;
	case 3:
		udp_out(cap, &cl, 123, &dns, 123, 48, 70);
		break;
	case 4:
		icmp_echo(cap, &cl, &sv, 0, 0x77, (uint16_t)i, 40);
		icmp_echo(cap, &a6, &b6, 1, 0x78, (uint16_t)i, 40);
		break;
	case 5:
		/* RTP-like on ports of no service: given to tshark */
		udp_out(cap, &cl, 30000, &sv, 30002, 160, 20);
		break;
	case 6:
		/* a client port below the service's: given */
		udp_out(cap, &cl, 100, &sv, 443, 64, 20);
		break;
	default:
		arp_out(cap, &cl, &sv, 30);
		break;
	}
}

/* mixed, or (plain) only what the split takes: no tunnel, fragment or
 * ICMP error. */
static void write_mixed(struct capture *cap, int plain)
{
	struct host cl = client4(), sv = server4(), dns = ipv4_host(192, 0, 2, 53);
	struct host router = ipv4_host(192, 0, 2, 1);
	struct host ends[2] = { ipv4_host(192, 0, 2, 1),
	                        ipv4_host(203, 0, 113, 1) };
	struct host in1 = ipv4_host(10, 1, 0, 5), in2 = ipv4_host(10, 2, 0, 7);
	struct conn a, t, v;
	uint8_t frame[MAX_FRAME];
	size_t n;
	unsigned i, k = 0;
	uint32_t s;

	/* the first frame is one that could be kept back: tshark's times
	 * count from it */
	udp_out(cap, &cl, 40999, &dns, 53, 40, 0);
	udp_out(cap, &dns, 53, &cl, 40999, 120, 1 * MS);
	conn_init(&a, cap, &cl, 50100, &sv, SERVER_PORT, 0x1000, 0x2000);
	conn_init(&t, cap, &in1, 50200, &in2, SERVER_PORT, 0x3000, 0x4000);
	conn_init(&v, cap, &in2, 50300, &in1, 80, 0x5000, 0x6000);
	t.tunnel = plain ? NULL : ends;
	handshake(&a, 5 * MS, RTT);
	background(cap, k++);
	handshake(&t, 1 * MS, RTT);
	for (i = 0, s = 1; i < 12; i++, s += 1000) {
		background(cap, k++);
		if (i == 5)   /* lost: the next ones are out of order */
			continue;
		seg(&a, C2S, PSH|ACK, s, 1, 64240, 1000, 200);
		background(cap, k++);
		seg(&a, S2C, ACK, 1, i > 5 ? 5001 : s + 1000, 65160, 0, 300);
		seg(&t, C2S, PSH|ACK, s, 1, 64240, 1000, 100);
		seg(&t, S2C, ACK, 1, s + 1000, 65160, 0, 300);
	}
	background(cap, k++);
	seg(&a, C2S, PSH|ACK, 5001, 1, 64240, 1000, 2 * MS);   /* retransmitted */
	seg(&a, S2C, ACK, 1, 12001, 65160, 0, RTT);
	if (plain) {
		seg(&a, C2S, PSH|ACK, 12001, 1, 64240, 600, 1 * MS);
		seg(&a, S2C, ACK, 1, 12601, 65160, 0, RTT);
		client_close(&t, 12001, 1, 3 * MS, RTT);
		client_close(&a, 12601, 1, 3 * MS, RTT);
		background(cap, 0);
		background(cap, 2);
		return;
	}
	/* a TCP segment in two IP fragments, and a UDP datagram in two */
	n = tcp_build(&a, frame, C2S, PSH|ACK, 12001, 1, 64240, 600);
	ip_fragments(cap, frame, n, 296, 1 * MS);
	seg(&a, S2C, ACK, 1, 12601, 65160, 0, RTT);
	background(cap, k++);
	{
		struct conn d;

		conn_init(&d, cap, &cl, 40998, &dns, 53, 0, 0);
		n = tcp_build(&d, frame, C2S, 0, 0, 0, 0, 600);
		/* the same bytes as UDP: protocol and header */
		frame[23] = IPPROTO_UDP_;
		put_be16(frame + 34, 40998);
		put_be16(frame + 36, 53);
		put_be16(frame + 38, (uint16_t)(n - 34));
		put_be16(frame + 40, 0);
		put_be16(frame + 24, 0);
		put_be16(frame + 24, fold(sum16(0, frame + 14, 20)));
		ip_fragments(cap, frame, n, 400, 1 * MS);
	}
	/* ICMP errors quoting TCP (given) and UDP (given: it quotes a
	 * packet) */
	a.ip_id[C2S]++;
	n = tcp_build(&a, frame, C2S, PSH|ACK, 12601, 1, 64240, 50);
	icmp_unreachable(cap, &router, &cl, 1, frame, l2_len(0), 8, 2 * MS);
	udp_out(cap, &cl, 40997, &dns, 53, 30, 1 * MS);
	{
		uint8_t u[MAX_FRAME];
		uint8_t *p = u + l4_offset(&cl, 0);

		put_be16(p, 40997);
		put_be16(p + 2, 53);
		put_be16(p + 4, 38);
		put_be16(p + 6, 0);
		fill_payload(p + 8, 30, 0);
		wrap_ip(u, &cl, &dns, 0, IPPROTO_UDP_, 38, 7, 6);
		icmp_unreachable(cap, &router, &cl, 3, u, l2_len(0), 8, 1 * MS);
	}
	/* TCP inside VXLAN */
	for (i = 0; i < 4; i++) {
		unsigned fl[4] = { SYN, SYN|ACK, ACK, PSH|ACK };
		int dir = i == 1 ? S2C : C2S;

		cap->now += 1 * MS;
		n = tcp_build(&v, frame, dir, fl[i], i < 3 ? (i == 1 ? 0 :
		    (i ? 1 : 0)) : 1, i ? 1 : 0, 64240, i == 3 ? 100 : 0);
		vxlan_out(cap, &ends[0], &ends[1], frame, n);
		background(cap, k++);
	}
	client_close(&t, 12001, 1, 3 * MS, RTT);
	background(cap, k++);
	client_close(&a, 12601, 1, 3 * MS, RTT);
	/* the capture ends with frames kept back */
	background(cap, 0);
	background(cap, 2);
}

static const struct scenario scenarios[] = {
	{"handshake-close", scn_handshake_close},
	{"retransmission", scn_retransmission},
	{"fast-retransmission", scn_fast_retransmission},
	{"spurious-retransmission", scn_spurious_retransmission},
	{"out-of-order", scn_out_of_order},
	{"lost-segment", scn_lost_segment},
	{"zero-window", scn_zero_window},
	{"window-full", scn_window_full},
	{"keep-alive", scn_keep_alive},
	{"rst", scn_rst},
	{"ipv6", scn_ipv6},
	{"vlan", scn_vlan},
	{"ip-in-ip", scn_ip_in_ip},
	{"reused-ports", scn_reused_ports},
	{"many-streams", scn_many_streams},
	{"no-tcp", scn_no_tcp},
	{"icmp-error", scn_icmp_error},
	{"truncated", scn_truncated},
	{"zero-packets", scn_zero_packets},
	{"diag-loss-downstream", scn_diag_loss_downstream},
	{"diag-loss-upstream", scn_diag_loss_upstream},
	{"diag-loss-both", scn_diag_loss_both},
	{"diag-capture-drops", scn_diag_capture_drops},
	{"diag-zero-window", scn_diag_zero_window},
	{"diag-refused", scn_diag_refused},
	{"diag-unanswered", scn_diag_unanswered},
	{"diag-duplicates", scn_diag_duplicates},
	{"diag-idle", scn_diag_idle},
	{"diag-gap-overflow", scn_diag_gap_overflow},
	{"wscale-negotiated", scn_wscale_negotiated},
	{"wscale-one-side", scn_wscale_one_side},
	{"no-handshake", scn_no_handshake},
	{"idle-gap", scn_idle_gap},
	{"bulk-transfer", scn_bulk_transfer},
	{"demo", scn_demo},
};

#define N_SCENARIOS (sizeof scenarios / sizeof scenarios[0])

/* ------------------------------------------------------------------ */
/* long: one stream of N data segments (graphs downsampled)             */
/* ------------------------------------------------------------------ */

/* The server sends N segments of 1000 bytes 1 ms apart; the client ACKs
 * every second one. Every 1000th segment, the one 10 back is sent again
 * (a retransmission); every 4000th, from the 2000th, the client
 * advertises a zero window for 3 ms, then opens it again. */
static void write_long(struct capture *cap, uint64_t n)
{
	struct host cl = client4(), sv = server4();
	struct conn c;
	uint32_t ack = 1;

	conn_init(&c, cap, &cl, 50123, &sv, 80, 0x0b0b0b0b, 0xfffff000);
	handshake(&c, 0, RTT);
	for (uint64_t i = 0; i < n && !cap->failed; i++) {
		uint32_t s = (uint32_t)(1 + 1000 * i);

		seg(&c, S2C, ACK, s, 1, 509, 1000, 1 * MS);
		if (i % 1000 == 999)
			seg(&c, S2C, ACK, s - 10000, 1, 509, 1000, 100);
		if (i % 2 == 1) {
			ack = s + 1000;
			seg(&c, C2S, ACK, 1, ack, 502, 0, 100);
		}
		if (i % 4000 == 2000) {
			seg(&c, C2S, ACK, 1, ack, 0, 0, 100);
			seg(&c, C2S, ACK, 1, ack, 502, 0, 3 * MS);
		}
	}
	client_close(&c, 1, (uint32_t)(1 + 1000 * n), 5 * MS, RTT);
}

/* ------------------------------------------------------------------ */
/* syn-only: N streams of one SYN each                                  */
/* ------------------------------------------------------------------ */

#define CLIENTS_PER_IP 64000u

static void write_syn_only(struct capture *cap, uint64_t n)
{
	struct host sv = ipv4_host(198, 51, 100, 80);
	struct conn c;

	for (uint64_t i = 0; i < n && !cap->failed; i++) {
		uint32_t ipn = (uint32_t)(i / CLIENTS_PER_IP);    /* < 2^16 */
		struct host cl = ipv4_host(10, (uint8_t)(ipn >> 8), (uint8_t)ipn, 1);
		uint16_t port = (uint16_t)(1024 + i % CLIENTS_PER_IP);

		conn_init(&c, cap, &cl, port, &sv, SERVER_PORT,
		          (uint32_t)(i * 2654435761u), 0);
		cap->now = EPOCH_USEC + i * 10;     /* 100,000 SYNs a second */
		tcp_out(&c, C2S, SYN, 0, 0, 64240, 0);
	}
}

/* ------------------------------------------------------------------ */
/* bulk: many concurrent connections, seen from the server side         */
/* ------------------------------------------------------------------ */

/*
 * BULK_SLOTS connections are open at any time. Each keeps a small queue of
 * timed packets for its current phase (handshake, one request/response
 * round, close); a min-heap on the time of each queue's head picks the next
 * frame, so frames come out in time order. When a queue runs dry the next
 * phase is generated; when a connection ends, a new one takes its slot.
 * Memory use does not depend on N.
 *
 * The capture point is the server: its segments are seen when sent, the
 * client's when they arrive. Occasional events, at most one per round:
 * loss of a server segment downstream (three or more duplicate ACKs then a
 * fast retransmission, or a timeout retransmission of a lost tail), a slow
 * client reader (window full, zero window, zero-window probes, window
 * update), network reordering of an upload (out-of-order + duplicate ACK),
 * a spurious client retransmission after a lost ACK, a frame the capture
 * dropped (lost segment / ACKed lost segment), idle keep-alives, SYN
 * retransmissions, refused connections and resets.
 */

#define BULK_SLOTS 256
#define QMAX 192
#define MAX_RESP_SEGS 40

/* xorshift64*, fixed seed. */
static uint64_t rng_state = UINT64_C(0x9e3779b97f4a7c15);

static uint32_t rnd32(void)
{
	rng_state ^= rng_state >> 12;
	rng_state ^= rng_state << 25;
	rng_state ^= rng_state >> 27;
	return (uint32_t)((rng_state * UINT64_C(0x2545f4914f6cdd1d)) >> 32);
}

/* Uniform in [lo, hi]. */
static uint32_t rnd_range(uint32_t lo, uint32_t hi)
{
	return lo + (uint32_t)(((uint64_t)rnd32() * (hi - lo + 1)) >> 32);
}

/* True with probability per_mille / 1000. */
static int chance(uint32_t per_mille)
{
	return rnd_range(0, 999) < per_mille;
}

struct qpkt {
	uint64_t t;
	uint32_t seq, ack, len;
	uint16_t win;
	uint8_t dir, flags;
};

enum bphase { B_DONE, B_HANDSHAKE, B_OPEN };

struct bconn {
	struct conn c;
	struct qpkt q[QMAX];
	unsigned qhead, qlen;
	uint64_t t;            /* time of the latest packet queued */
	uint32_t rtt;          /* round-trip time, usec */
	uint32_t cn, sn;       /* next relative seq of client and server */
	uint16_t cwin, swin;   /* windows normally advertised */
	int rounds;            /* request/response rounds left */
	enum bphase phase;
};

struct bulk {
	struct capture *cap;
	struct bconn slot[BULK_SLOTS];
	unsigned heap[BULK_SLOTS];
	uint64_t conns;        /* connections started */
};

/* Queue a packet at absolute time t, keeping the queue sorted by time
 * (packets with equal times stay in the order they were queued). */
static void q_add(struct bconn *b, uint64_t t, int dir, unsigned flags,
                  uint32_t seq, uint32_t ack, uint16_t win, uint32_t len)
{
	unsigned i = b->qlen;

	if (b->qlen == QMAX) {
		fprintf(stderr, "mkcap: internal error: bulk queue full\n");
		exit(1);
	}
	while (i > b->qhead && b->q[i - 1].t > t) {
		b->q[i] = b->q[i - 1];
		i--;
	}
	b->q[i].t = t;
	b->q[i].dir = (uint8_t)dir;
	b->q[i].flags = (uint8_t)flags;
	b->q[i].seq = seq;
	b->q[i].ack = ack;
	b->q[i].win = win;
	b->q[i].len = len;
	b->qlen++;
	if (t > b->t)
		b->t = t;
}

static void bulk_new_conn(struct bulk *bk, struct bconn *b, uint64_t start)
{
	uint64_t id = bk->conns++;
	uint32_t idx = (uint32_t)(id % 4000);
	struct host cl = ipv4_host(10, 20, (uint8_t)(1 + idx / 250),
	                           (uint8_t)(1 + idx % 250));
	struct host sv = ipv4_host(10, 10, 0, (uint8_t)(1 + id % 4));
	uint16_t port = (uint16_t)(32768 + (id / 4000) % 28000);

	conn_init(&b->c, bk->cap, &cl, port, &sv, SERVER_PORT, rnd32(), rnd32());
	b->t = start;
	b->rtt = chance(700) ? rnd_range(2 * MS, 20 * MS)
	                     : rnd_range(20 * MS, 80 * MS);
	b->cwin = 64240;
	b->swin = 65160;
	b->cn = b->sn = 1;
	b->rounds = chance(900) ? (int)rnd_range(1, 8) : (int)rnd_range(9, 30);
	b->phase = B_HANDSHAKE;
}

static void bulk_handshake(struct bconn *b)
{
	uint64_t t = b->t;

	if (chance(10)) {                        /* nothing listens */
		b->c.isn[S2C] = 0;
		q_add(b, t, C2S, SYN, 0, 0, b->cwin, 0);
		q_add(b, t + 30, S2C, RST|ACK, 0, 1, 0, 0);
		b->phase = B_DONE;
		return;
	}
	q_add(b, t, C2S, SYN, 0, 0, b->cwin, 0);
	t += rnd_range(20, 80);
	q_add(b, t, S2C, SYN|ACK, 0, 1, b->swin, 0);
	if (chance(5)) {                         /* the SYN-ACK was lost */
		t += 1 * SEC - b->rtt / 2;
		q_add(b, t, C2S, SYN, 0, 0, b->cwin, 0);
		t += rnd_range(20, 80);
		q_add(b, t, S2C, SYN|ACK, 0, 1, b->swin, 0);
	}
	q_add(b, t + b->rtt, C2S, ACK, 1, 1, b->cwin, 0);
	b->phase = B_OPEN;
}

/* Idle period with one or two keep-alives from the client, each ACKed
 * (an application-set keep-alive time of 5 to 20 s). */
static uint64_t bulk_keepalives(struct bconn *b, uint64_t t)
{
	int n = (int)rnd_range(1, 2);

	for (int i = 0; i < n; i++) {
		t += rnd_range(5 * SEC, 20 * SEC);
		q_add(b, t, C2S, ACK, b->cn - 1, b->sn, b->cwin, 0);
		t += rnd_range(20, 80);
		q_add(b, t, S2C, ACK, b->sn, b->cn, b->swin, 0);
	}
	return t;
}

enum up_event { UP_NONE, UP_REORDER, UP_DROPPED, UP_SPURIOUS };

/*
 * The client uploads k segments arriving from time t with window cwin_req.
 * The server ACKs every second in-order segment, immediately on
 * out-of-order data and when a hole is filled. Returns the time the
 * server may answer; the answer acknowledges everything.
 */
static uint64_t bulk_upload(struct bconn *b, uint64_t t, uint16_t cwin_req,
                            enum up_event ev)
{
	uint32_t k = rnd_range(2, 10), last = rnd_range(1, MSS);
	uint32_t start = b->cn, rcv = start, pending = 0, ooo_end = 0;
	uint32_t swap = ev == UP_REORDER ? rnd_range(0, k - 2) : k;
	uint32_t drop = ev == UP_DROPPED ? rnd_range(0, k - 1) : k;
	uint64_t gap = rnd_range(15, 100);

	for (uint32_t n = 0; n < k; n++) {
		/* segment i arrives n-th */
		uint32_t i = n == swap ? n + 1 : n == swap + 1 ? n - 1 : n;
		uint32_t seq = start + i * MSS, len = i == k - 1 ? last : MSS;
		unsigned fl = ACK | (i == k - 1 ? PSH : 0);

		t += gap;
		if (i != drop)                       /* else: capture dropped it */
			q_add(b, t, C2S, fl, seq, b->sn, cwin_req, len);
		if (seq != rcv) {                    /* out of order: ACK now */
			ooo_end = seq + len;
			pending = 0;
			q_add(b, t + 20, S2C, ACK, b->sn, rcv, b->swin, 0);
			continue;
		}
		rcv += len;
		if (ooo_end) {                       /* hole filled */
			rcv = ooo_end;
			ooo_end = 0;
			pending = 0;
			q_add(b, t + 20, S2C, ACK, b->sn, rcv, b->swin, 0);
		} else if (++pending == 2) {
			pending = 0;
			q_add(b, t + 20, S2C, ACK, b->sn, rcv, b->swin, 0);
		}
	}
	b->cn = rcv;
	if (ev == UP_SPURIOUS) {
		uint32_t seq = start + (k - 1) * MSS;
		if (pending)                         /* ACK it all now... */
			q_add(b, t + 20, S2C, ACK, b->sn, rcv, b->swin, 0);
		/* ...the ACK is lost; the client's RTO fires */
		t += 200 * MS + b->rtt + rnd_range(0, 50 * MS);
		q_add(b, t, C2S, PSH|ACK, seq, b->sn, cwin_req, last);
		t += 20;                             /* D-SACK: a duplicate ACK */
		q_add(b, t, S2C, ACK, b->sn, rcv, b->swin, 0);
	}
	return t;
}

enum resp_event { RE_NONE, RE_FAST, RE_TAIL, RE_ZWIN };

/*
 * The server answers at time t with a response of total bytes; the client
 * (one RTT away) ACKs every second segment and the last one, immediately
 * on out-of-order data. zwin: the client's window was only zwin bytes,
 * and it does not read until after a few zero-window probes.
 */
static void bulk_response(struct bconn *b, uint64_t t, uint32_t total,
                          enum resp_event ev, uint32_t zwin)
{
	uint32_t start = b->sn, n = (total + MSS - 1) / MSS;
	uint32_t flight = ev == RE_ZWIN ? zwin : total;
	uint32_t lost = ev == RE_FAST ? rnd_range(0, n - 4)
	              : ev == RE_TAIL ? n - 1 : n;
	uint32_t rcv = start, pending = 0, ooo_seen = 0;
	uint64_t gap = rnd_range(12, 25), t_ack = t, t_rexmit = 0, t_rcv = t;
	uint32_t sent = 0, i = 0;

	/* the first flight: everything, or up to the client's window */
	for (; sent < flight; i++) {
		uint32_t seq = start + sent;
		uint32_t len = flight - sent < MSS ? flight - sent : MSS;
		uint64_t arr = t + b->rtt;           /* client's answer is seen */
		unsigned fl = ACK | (sent + len == total ? PSH : 0);

		q_add(b, t, S2C, fl, seq, b->cn, b->swin, len);
		sent += len;
		if (i == lost) {
			t += gap;
			continue;
		}
		if (seq != rcv) {                    /* out of order */
			pending = 0;
			q_add(b, arr + 30, C2S, ACK, b->cn, rcv, b->cwin, 0);
			if (++ooo_seen == 3)
				t_rexmit = arr + 30 + rnd_range(30, 300);
			t += gap;
			continue;
		}
		rcv += len;
		t_rcv = arr;
		if (++pending == 2) {
			pending = 0;
			t_ack = arr + 30;
			q_add(b, t_ack, C2S, ACK, b->cn, rcv,
			      ev == RE_ZWIN ? (uint16_t)(start + zwin - rcv) : b->cwin, 0);
		}
		t += gap;
	}
	if (pending) {                           /* a delayed ACK */
		t_ack = t_rcv + rnd_range(30, 40 * MS);
		q_add(b, t_ack, C2S, ACK, b->cn, rcv,
		      ev == RE_ZWIN ? (uint16_t)(start + zwin - rcv) : b->cwin, 0);
	}

	if (ev == RE_FAST) {
		uint32_t seq = start + lost * MSS;
		q_add(b, t_rexmit, S2C, ACK, seq, b->cn, b->swin, MSS);
		q_add(b, t_rexmit + b->rtt, C2S, ACK, b->cn, start + total,
		      b->cwin, 0);
	} else if (ev == RE_TAIL) {
		uint32_t seq = start + lost * MSS;
		uint64_t tr = t + 200 * MS + b->rtt + rnd_range(0, 30 * MS);
		q_add(b, tr, S2C, ACK|PSH, seq, b->cn, b->swin, total - seq + start);
		q_add(b, tr + b->rtt + 30, C2S, ACK, b->cn, start + total, b->cwin, 0);
	} else if (ev == RE_ZWIN) {
		/* window is 0 now; persist timer probes, client answers */
		uint32_t edge = start + zwin, probes = rnd_range(0, 3);
		uint64_t tp = t_ack, backoff = 200 * MS;

		for (uint32_t p = 0; p < probes; p++) {
			tp += backoff + rnd_range(0, 10 * MS);
			backoff *= 2;
			q_add(b, tp, S2C, ACK, edge, b->cn, b->swin, 1);
			tp += b->rtt;
			q_add(b, tp, C2S, ACK, b->cn, edge, 0, 0);
		}
		/* the application reads: window update, then the rest */
		tp += rnd_range(10 * MS, 150 * MS);
		q_add(b, tp, C2S, ACK, b->cn, edge, b->cwin, 0);
		t = tp + 30;
		rcv = edge;
		pending = 0;
		while (sent < total) {
			uint32_t len = total - sent < MSS ? total - sent : MSS;
			q_add(b, t, S2C, ACK | (sent + len == total ? PSH : 0),
			      start + sent, b->cn, b->swin, len);
			sent += len;
			rcv += len;
			if (++pending == 2 || sent == total) {
				pending = 0;
				q_add(b, t + b->rtt + 30, C2S, ACK, b->cn, rcv, b->cwin, 0);
			}
			t += gap;
		}
	}
	b->sn = start + total;
}

static void bulk_round(struct bconn *b)
{
	uint64_t t = b->t;
	uint32_t nseg, total, zwin = 0;
	enum resp_event rev = RE_NONE;
	enum up_event uev = UP_NONE;
	uint16_t cwin_req = b->cwin;

	/* the response: usually short, sometimes up to MAX_RESP_SEGS */
	if (chance(500))
		nseg = 1;
	else if (chance(600))
		nseg = rnd_range(2, 5);
	else
		nseg = rnd_range(6, MAX_RESP_SEGS);
	total = (nseg - 1) * MSS + rnd_range(1, MSS);

	if (nseg >= 5 && chance(40))
		rev = RE_FAST;
	else if (chance(12))
		rev = RE_TAIL;
	else if (nseg >= 3 && chance(15)) {
		rev = RE_ZWIN;
		zwin = rnd_range(MSS + 1, total - 1);
		cwin_req = (uint16_t)zwin;
	}

	if (chance(8))
		t = bulk_keepalives(b, t);
	t += chance(900) ? rnd_range(200, 50 * MS) : rnd_range(50 * MS, 3 * SEC);

	if (chance(150)) {                       /* an upload */
		if (rev == RE_NONE) {
			uint32_t r = rnd_range(0, 999);
			uev = r < 50 ? UP_REORDER : r < 56 ? UP_DROPPED
			    : r < 76 ? UP_SPURIOUS : UP_NONE;
		}
		t = bulk_upload(b, t, cwin_req, uev);
	} else {
		uint32_t len = rnd_range(40, 1200);
		q_add(b, t, C2S, PSH|ACK, b->cn, b->sn, cwin_req, len);
		b->cn += len;
	}
	t += rnd_range(100, 5 * MS);             /* server think time */
	bulk_response(b, t, total, rev, zwin);
}

static void bulk_close(struct bconn *b)
{
	uint64_t t = b->t + rnd_range(1 * MS, 500 * MS);
	uint32_t r = rnd_range(0, 999);

	if (r < 30) {                            /* client aborts */
		q_add(b, t, C2S, RST|ACK, b->cn, b->sn, b->cwin, 0);
	} else if (r < 50) {                     /* server aborts */
		q_add(b, t, S2C, RST|ACK, b->sn, b->cn, b->swin, 0);
	} else if (r < 150) {                    /* server closes first */
		q_add(b, t, S2C, FIN|ACK, b->sn, b->cn, b->swin, 0);
		t += b->rtt;
		q_add(b, t, C2S, FIN|ACK, b->cn, b->sn + 1, b->cwin, 0);
		q_add(b, t + 30, S2C, ACK, b->sn + 1, b->cn + 1, b->swin, 0);
	} else {
		q_add(b, t, C2S, FIN|ACK, b->cn, b->sn, b->cwin, 0);
		t += rnd_range(30, 1 * MS);
		q_add(b, t, S2C, FIN|ACK, b->sn, b->cn + 1, b->swin, 0);
		q_add(b, t + b->rtt, C2S, ACK, b->cn + 1, b->sn + 1, b->cwin, 0);
	}
	b->phase = B_DONE;
}

/* Queue the next phase of the connection in slot b. */
static void bulk_refill(struct bulk *bk, struct bconn *b)
{
	b->qhead = b->qlen = 0;
	switch (b->phase) {
	case B_DONE:
		bulk_new_conn(bk, b, b->t + rnd_range(100, 200 * MS));
		bulk_handshake(b);
		break;
	case B_HANDSHAKE:
		bulk_handshake(b);
		break;
	case B_OPEN:
		if (b->rounds-- > 0)
			bulk_round(b);
		else
			bulk_close(b);
		break;
	}
}

static uint64_t head_time(const struct bulk *bk, unsigned slot)
{
	const struct bconn *b = &bk->slot[slot];
	return b->q[b->qhead].t;
}

static void heap_down(struct bulk *bk, unsigned i)
{
	for (;;) {
		unsigned l = 2 * i + 1, r = l + 1, m = i, tmp;
		if (l < BULK_SLOTS && head_time(bk, bk->heap[l]) < head_time(bk, bk->heap[m]))
			m = l;
		if (r < BULK_SLOTS && head_time(bk, bk->heap[r]) < head_time(bk, bk->heap[m]))
			m = r;
		if (m == i)
			return;
		tmp = bk->heap[i];
		bk->heap[i] = bk->heap[m];
		bk->heap[m] = tmp;
		i = m;
	}
}

static void write_bulk(struct capture *cap, uint64_t nframes)
{
	struct bulk *bk = calloc(1, sizeof *bk);

	if (!bk) {
		fprintf(stderr, "mkcap: out of memory\n");
		exit(1);
	}
	bk->cap = cap;
	for (unsigned i = 0; i < BULK_SLOTS; i++) {
		struct bconn *b = &bk->slot[i];
		bulk_new_conn(bk, b, EPOCH_USEC + rnd_range(0, 500 * MS));
		bulk_handshake(b);
		bk->heap[i] = i;
	}
	for (int i = BULK_SLOTS / 2 - 1; i >= 0; i--)
		heap_down(bk, (unsigned)i);

	for (uint64_t f = 0; f < nframes && !cap->failed; f++) {
		struct bconn *b = &bk->slot[bk->heap[0]];
		const struct qpkt *p = &b->q[b->qhead++];

		cap->now = p->t;
		tcp_out(&b->c, p->dir, p->flags, p->seq, p->ack, p->win, p->len);
		if (b->qhead == b->qlen)
			bulk_refill(bk, b);
		heap_down(bk, 0);
	}
	free(bk);
}

/* ------------------------------------------------------------------ */
/* Command line                                                         */
/* ------------------------------------------------------------------ */

#define MAX_COUNT UINT64_C(100000000)

/* ------------------------------------------------------------------ */
/* add-udp, add-quic: a capture with a UDP datagram (DNS, NTP, mDNS;    */
/* or QUIC) after each frame (make bench: the mixed captures, half      */
/* their frames without TCP)                                            */
/* ------------------------------------------------------------------ */

/* One UDP datagram of the kind k (DNS query and answer, NTP, mDNS) into
 * buf; returns the frame length. */
static size_t udp_kind(uint8_t *buf, unsigned k)
{
	static const uint16_t sport[4] = { 40000, 53, 123, 5353 };
	static const uint16_t dport[4] = { 53, 40000, 123, 5353 };
	static const uint32_t len[4] = { 40, 180, 48, 120 };
	struct host a = ipv4_host(10, 199, 0, 1), b = ipv4_host(10, 199, 0, 53);
	const struct host *src = k == 1 ? &b : &a, *dst = k == 1 ? &a : &b;
	uint8_t *u = buf + l4_offset(src, 0);

	put_be16(u, sport[k]);
	put_be16(u + 2, dport[k]);
	put_be16(u + 4, (uint16_t)(8 + len[k]));
	put_be16(u + 6, 0);
	fill_payload(u + 8, len[k], 0);
	return wrap_ip(buf, src, dst, 0, IPPROTO_UDP_, 8 + len[k], 0x1234, 6);
}

/* One QUIC datagram (UDP port 443) into buf, the k-th of a run of
 * connections of 20 datagrams each: the client's Initial of version 1
 * and the server's answer (long headers, 1200 bytes), then short headers,
 * 1200-byte data from the server and 40-byte acknowledgements from the
 * client; returns the frame length. */
static size_t quic_kind(uint8_t *buf, unsigned k)
{
	struct host a = ipv4_host(10, 199, 0, 1), b = ipv4_host(10, 199, 4, 43);
	unsigned i = k % 20, from_server = i % 2;
	uint16_t cport = (uint16_t)(60100 + (k / 20) % 2000);   /* no service */
	uint32_t len = i < 2 ? 1200 : from_server ? 1200 : 40;
	const struct host *src = from_server ? &b : &a, *dst = from_server ? &a : &b;
	uint8_t *u = buf + l4_offset(src, 0);

	put_be16(u, from_server ? 443 : cport);
	put_be16(u + 2, from_server ? cport : 443);
	put_be16(u + 4, (uint16_t)(8 + len));
	put_be16(u + 6, 0);
	fill_payload(u + 8, len, k);
	if (i < 2) {
		u[8] = (uint8_t)(from_server ? 0xc0 : 0xc1);   /* Initial */
		put_be32(u + 9, 1);                              /* version 1 */
		u[13] = 8;                                       /* DCID length */
		u[22] = 8;                                       /* SCID length */
	} else {
		u[8] = (uint8_t)(0x40 | (u[8] & 0x3f));          /* short header */
	}
	return wrap_ip(buf, src, dst, 0, IPPROTO_UDP_, 8 + len, 0x1234, 6);
}

static int add_udp(const char *in, const char *out,
                   size_t (*kind)(uint8_t *, unsigned), unsigned kinds)
{
	FILE *fi = fopen(in, "rb"), *fo = strcmp(out, "-") ? fopen(out, "wb") : stdout;
	uint8_t h[24], r[16], buf[MAX_FRAME], *data = NULL;
	uint32_t snap, cl, sec, frac;
	size_t n, keep;
	unsigned k = 0;
	int bad = 0;

	if (fi == NULL || fo == NULL || fread(h, 1, 24, fi) != 24 ||
	    (h[0] != 0xd4 && h[0] != 0x4d) || h[3] != 0xa1) {
		fprintf(stderr, "mkcap: add-udp/add-quic: %s: not a little-endian pcap\n", in);
		return 1;
	}
	snap = (uint32_t)h[16] | (uint32_t)h[17] << 8 | (uint32_t)h[18] << 16 |
	    (uint32_t)h[19] << 24;
	data = malloc(1u << 18);
	bad |= data == NULL || fwrite(h, 1, 24, fo) != 24;
	while (!bad && fread(r, 1, 16, fi) == 16) {
		cl = (uint32_t)r[8] | (uint32_t)r[9] << 8 | (uint32_t)r[10] << 16 |
		    (uint32_t)r[11] << 24;
		if (cl > (1u << 18) || fread(data, 1, cl, fi) != cl ||
		    fwrite(r, 1, 16, fo) != 16 || fwrite(data, 1, cl, fo) != cl) {
			bad = 1;
			break;
		}
		/* the datagram one microsecond (or nanosecond) later */
		sec = (uint32_t)r[0] | (uint32_t)r[1] << 8 | (uint32_t)r[2] << 16 |
		    (uint32_t)r[3] << 24;
		frac = ((uint32_t)r[4] | (uint32_t)r[5] << 8 |
		    (uint32_t)r[6] << 16 | (uint32_t)r[7] << 24) + 1;
		if (frac >= (h[0] == 0x4d ? 1000000000u : 1000000u)) {
			frac = 0;
			sec++;
		}
		n = kind(buf, k++ % kinds);
		keep = snap && snap < n ? snap : n;
		put_le32(r, sec);
		put_le32(r + 4, frac);
		put_le32(r + 8, (uint32_t)keep);
		put_le32(r + 12, (uint32_t)n);
		bad |= fwrite(r, 1, 16, fo) != 16 || fwrite(buf, 1, keep, fo) != keep;
	}
	free(data);
	fclose(fi);
	if (fflush(fo) != 0 || ferror(fo))
		bad = 1;
	if (fo != stdout)
		fclose(fo);
	if (bad)
		fprintf(stderr, "mkcap: add-udp/add-quic: %s: read or write error\n", out);
	return bad;
}

static void usage(FILE *f)
{
	fprintf(f,
	        "usage: mkcap --list\n"
	        "       mkcap NAME OUTFILE\n"
	        "       mkcap syn-only N OUTFILE\n"
	        "       mkcap bulk N OUTFILE\n"
	        "       mkcap long N OUTFILE\n"
	        "       mkcap cut-edges OUTFILE   (frames at the cut's edges)\n"
	        "       mkcap mixed OUTFILE       (TCP among UDP, ICMP, ARP, IP\n"
	        "                                 fragments, ICMP errors, tunnels)\n"
	        "       mkcap add-udp IN.pcap OUTFILE\n"
	        "                                 (a UDP datagram after each frame)\n"
	        "       mkcap add-quic IN.pcap OUTFILE\n"
	        "                                 (a QUIC datagram after each frame)\n"
	        "       mkcap mixed-plain OUTFILE (the same without what the split\n"
	        "                                 cannot take)\n"
	        "       mkcap cut-ng OUTFILE      (the same for pcapng: several\n"
	        "                                 interfaces, link types, options)\n"
	        "       mkcap stream-vnc|stream-snmp|stream-socks|stream-connect\n"
	        "             OUTFILE\n"
	        "                                 (dissectors that start streams)\n"
	        "       mkcap bad-time OUTFILE    (a timestamp tshark calls invalid)\n"
	        "       mkcap modified-pcap|ss990417-pcap OUTFILE\n"
	        "                                 (pcap variants with longer records)\n"
	        "Writes a deterministic pcap test capture (OUTFILE - is stdout).\n"
	        "--list prints the scenario names; N is at most %llu.\n",
	        (unsigned long long)MAX_COUNT);
}

static int parse_count(const char *s, uint64_t *out)
{
	char *end;
	unsigned long long v;

	if (*s < '0' || *s > '9')
		return -1;
	errno = 0;
	v = strtoull(s, &end, 10);
	if (errno || *end || v > MAX_COUNT)
		return -1;
	*out = v;
	return 0;
}

int main(int argc, char **argv)
{
	struct capture cap;
	const struct scenario *sc = NULL;
	const char *path;
	uint64_t n = 0;
	int gen = 0;    /* 1: syn-only, 2: bulk, 3: long */

	if (argc == 2 && strcmp(argv[1], "--list") == 0) {
		for (size_t i = 0; i < N_SCENARIOS; i++)
			printf("%s\n", scenarios[i].name);
		if (fflush(stdout) != 0 || ferror(stdout)) {
			fprintf(stderr, "mkcap: standard output: write error: %s\n",
			        strerror(errno));
			return 1;
		}
		return 0;
	}
	if (argc == 2 && (strcmp(argv[1], "--help") == 0 ||
	                  strcmp(argv[1], "-h") == 0)) {
		usage(stdout);
		return 0;
	}
	if (argc == 4 && (strcmp(argv[1], "syn-only") == 0 ||
	                  strcmp(argv[1], "bulk") == 0 ||
	                  strcmp(argv[1], "long") == 0)) {
		gen = argv[1][0] == 's' ? 1 : argv[1][0] == 'b' ? 2 : 3;
		if (parse_count(argv[2], &n) != 0) {
			fprintf(stderr, "mkcap: bad count: %s\n", argv[2]);
			usage(stderr);
			return 2;
		}
		path = argv[3];
	} else if (argc == 4 && strcmp(argv[1], "add-udp") == 0) {
		return add_udp(argv[2], argv[3], udp_kind, 4);
	} else if (argc == 4 && strcmp(argv[1], "add-quic") == 0) {
		return add_udp(argv[2], argv[3], quic_kind, 200000);
	} else if (argc == 3 && strcmp(argv[1], "cut-ng") == 0) {
		return write_cut_ng(argv[2]);
	} else if (argc == 3 && (strcmp(argv[1], "modified-pcap") == 0 ||
	                         strcmp(argv[1], "ss990417-pcap") == 0)) {
		/* the "modified" magic (Kuznetzov, ss991029), or the
		 * standard one with the same longer record headers */
		if (cap_open_magic(&cap, argv[2], argv[1][0] == 'm' ?
		                   0xa1b2cd34 : 0xa1b2c3d4) != 0)
			return 1;
		cap.extra_hdr = 1;
		scn_retransmission(&cap);
		return cap_close(&cap, argv[2]) == 0 ? 0 : 1;
	} else if (argc == 3 && (strcmp(argv[1], "stream-vnc") == 0 ||
	                         strcmp(argv[1], "stream-snmp") == 0 ||
	                         strcmp(argv[1], "stream-socks") == 0 ||
	                         strcmp(argv[1], "stream-connect") == 0 ||
	                         strcmp(argv[1], "bad-time") == 0)) {
		if (cap_open(&cap, argv[2]) != 0)
			return 1;
		if (argv[1][0] == 'b')
			scn_bad_time(&cap);
		else if (argv[1][7] == 'v')
			scn_stream_vnc(&cap);
		else if (argv[1][8] == 'n')
			scn_stream_snmp(&cap);
		else if (argv[1][7] == 'c')
			scn_stream_connect(&cap);
		else
			scn_stream_socks(&cap);
		return cap_close(&cap, argv[2]) == 0 ? 0 : 1;
	} else if (argc == 3 && (strcmp(argv[1], "cut-edges") == 0 ||
	                         strcmp(argv[1], "mixed") == 0 ||
	                         strcmp(argv[1], "mixed-plain") == 0)) {
		if (cap_open(&cap, argv[2]) != 0)
			return 1;
		if (argv[1][0] == 'm')
			write_mixed(&cap, argv[1][5] == '-');
		else
			scn_cut_edges(&cap);
		return cap_close(&cap, argv[2]) == 0 ? 0 : 1;
	} else if (argc == 3) {
		for (size_t i = 0; i < N_SCENARIOS; i++)
			if (strcmp(argv[1], scenarios[i].name) == 0)
				sc = &scenarios[i];
		if (!sc) {
			fprintf(stderr, "mkcap: unknown scenario: %s\n", argv[1]);
			usage(stderr);
			return 2;
		}
		path = argv[2];
	} else {
		usage(stderr);
		return 2;
	}

	if (cap_open(&cap, path) != 0)
		return 1;
	if (gen == 1)
		write_syn_only(&cap, n);
	else if (gen == 2)
		write_bulk(&cap, n);
	else if (gen == 3)
		write_long(&cap, n);
	else
		sc->write(&cap);
	return cap_close(&cap, path) == 0 ? 0 : 1;
}
