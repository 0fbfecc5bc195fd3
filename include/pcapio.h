/* pcapio.h - an incremental reader of pcap and pcapng files that hands out
 * whole blocks to be copied verbatim, and for packet blocks the interface's
 * link type, the timestamp in nanoseconds and the captured bytes.
 *
 * No I/O: the caller holds the file's bytes in a buffer and offers the
 * unread part to sx_pcapio_next, which takes one block at a time (the pcap
 * file header, a pcap record, or one pcapng block). It understands:
 *   pcap: both byte orders, microsecond (0xa1b2c3d4) and nanosecond
 *     (0xa1b23c4d) magic, version 2.4;
 *   pcapng: several sections in either byte order, interface description
 *     blocks with if_tsresol (power of 10 or of 2) and if_tsoffset,
 *     enhanced, simple and obsolete packet blocks, and any other block.
 * Whatever it cannot vouch for is reported, never guessed: a timestamp
 * that cannot be given exactly in nanoseconds, an unusual record, a
 * damaged or truncated block. */
#ifndef SX_PCAPIO_H
#define SX_PCAPIO_H

#include <stddef.h>
#include <stdint.h>

enum sx_pcap_format {
	SX_PCAP_UNKNOWN,
	SX_PCAP_PCAP,     /* libpcap */
	SX_PCAP_PCAPNG
};

/* What a block is. */
enum sx_blk_kind {
	SX_BLK_HEADER,    /* pcap file header, pcapng SHB or IDB: every
	                   * reader of the file needs it */
	SX_BLK_META,      /* a pcapng block that is not a frame (name
	                   * resolution, interface statistics, decryption
	                   * secrets): harmless to give to every reader */
	SX_BLK_PACKET,    /* a frame */
	SX_BLK_OTHER      /* a pcapng block of another type: tshark may make
	                   * a frame of it or not (see type) */
};

/* Why a packet's timestamp is not exact: 0 exact. */
#define SX_TS_EXACT 0
#define SX_TS_NONE 1       /* no timestamp (simple packet block) */
#define SX_TS_INEXACT 2    /* resolution finer than 1 ns, a power of 2,
	                    * an if_tsoffset, or out of range */

struct sx_block {
	const unsigned char *data;   /* the block as it is in the file */
	size_t len;
	enum sx_blk_kind kind;
	uint32_t type;               /* pcapng block type (0 for pcap) */
	int swapped;                 /* its numbers are big-endian */
	/* packets only */
	uint32_t linktype;           /* the interface's LINKTYPE_ */
	uint32_t ifid;               /* interface index in its section */
	int64_t ts_ns;               /* since the epoch, when exact */
	int ts_status;               /* SX_TS_* */
	int unusual;                 /* a record tshark may judge
	                              * differently (caplen above origlen or
	                              * snaplen, fractions out of range) */
	const unsigned char *pkt;    /* captured bytes */
	uint32_t caplen, origlen;
};

struct sx_pcap_if {
	uint32_t linktype;
	uint32_t snaplen;
	uint64_t units;              /* timestamp units per second */
	int ts_status;               /* SX_TS_* for every packet on it */
};

struct sx_pcapio {
	enum sx_pcap_format format;
	int swapped;                 /* bytes are in the other order */
	/* pcap */
	int nsec;
	uint32_t snaplen;
	/* pcapng: the interfaces of the current section */
	struct sx_pcap_if *ifs;
	size_t nifs, ifs_cap;
	uint64_t offset;             /* file offset of the next block */
	uint64_t packets;            /* packet blocks handed out */
	char err[160];               /* why the last call failed */
};

/* Largest block accepted (bigger is called damaged). */
#define SX_PCAP_MAX_BLOCK (64u * 1024 * 1024)

void sx_pcapio_init(struct sx_pcapio *r);
void sx_pcapio_free(struct sx_pcapio *r);

/* Which format starts with these bytes (at least 4 of them). */
enum sx_pcap_format sx_pcap_sniff(const unsigned char *p, size_t n);

/* Whether a pcap file read from a regular file may be one of the
 * variants that libwiretap tells apart by its first three records (the
 * standard microsecond magic is shared by the ss990417 and Nokia formats,
 * whose record headers are longer): for the 24-byte file header and a
 * 16-byte record header, NULL when the record reads as a standard one,
 * else what looks wrong in it. libwiretap makes this guess only when it
 * can seek, so a file in doubt must reach tshark as itself, not through
 * a pipe. */
const char *sx_pcap_record_doubt(const unsigned char *filehdr,
    const unsigned char *rec);

/* The captured length of a pcap record header (16 bytes). */
uint32_t sx_pcap_record_caplen(const unsigned char *filehdr,
    const unsigned char *rec);

/* Take the next block from [p, p + n), the unread bytes of the file (eof:
 * nothing follows them). Returns 1 with *b filled and *used set to its
 * length, 0 when more bytes are needed (never when eof; *need says how
 * many in all, when known), or -1 with r->err set: not a capture,
 * damaged, or cut short (a last block that does not end). At eof with
 * n == 0 it returns 0: the end. */
int sx_pcapio_next(struct sx_pcapio *r, const unsigned char *p, size_t n,
    int eof, struct sx_block *b, size_t *used, size_t *need);

/* The drop counters of a pcapng interface statistics block. */
struct sx_isb {
	uint32_t ifid;               /* the interface, in its section */
	int has_ifdrop, has_osdrop;  /* which options the block has */
	uint64_t ifdrop;             /* isb_ifdrop: dropped by the interface
	                              * (for lack of buffers) */
	uint64_t osdrop;             /* isb_osdrop: dropped by the
	                              * operating system */
};

/* Read b's counters when it is an interface statistics block: 1, with
 * *isb filled; 0 when it is another block; -1 when its options do not
 * add up (damaged: nothing is taken from it). */
int sx_pcapio_isb(const struct sx_block *b, struct sx_isb *isb);

#endif
