/* fuzz_pcapio.c - libFuzzer target: the capture reader and the frame
 * classifier behind -j on a single capture.
 *
 * Input: byte 0 picks how the file's bytes are offered to the reader
 * (how many more each time it asks for more), the rest is the file. The
 * file is read twice, once offered whole and once in those steps; both
 * readings must hand out the same blocks and end the same way. Every
 * block must lie inside the bytes offered, a packet's bytes inside its
 * block, and every frame is classified: a TCP frame's hash must not
 * depend on the direction, and its partition must be in range. Every
 * frame is also cut as tshark would be given it (cut.h): the cut block
 * must read back as the same frame (interface, timestamp, original
 * length) with the first bytes only, and a cut TCP frame must classify
 * as the same connection with nothing left to cut. */
#define _POSIX_C_SOURCE 200809L
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cut.h"
#include "flowsplit.h"
#include "pcapio.h"
#include "fuzz.h"

/* What one reading saw: a running digest of the blocks, their number and
 * how it ended (1 the end, -1 an error). */
struct seen {
	uint64_t digest;
	size_t blocks;
	int end;
	char err[160];
};

static void
mix(uint64_t *h, uint64_t v)
{
	*h = (*h ^ v) * 1099511628211ULL;
}

static void
classify(const struct sx_block *b, unsigned nparts)
{
	struct sx_flow fl;
	uint64_t h;

	memset(&fl, 0, sizeof(fl));
	switch (sx_flow_classify(b->linktype, b->pkt, b->caplen, &fl)) {
	case SX_FLOW_TCP:
		CHECK(fl.af == 4 || fl.af == 6);
		h = sx_flow_hash(fl.af, fl.src, fl.sport, fl.dst, fl.dport);
		CHECK(h == fl.hash);
		CHECK(h == sx_flow_hash(fl.af, fl.dst, fl.dport, fl.src,
		    fl.sport));
		CHECK(sx_flow_partition(h, nparts) < nparts);
		break;
	case SX_FLOW_OTHER:
		CHECK(sx_flow_partition(fl.hash, nparts) < nparts);
		break;
	case SX_FLOW_UNSURE:
		CHECK(fl.why != NULL && fl.why[0] != '\0');
		break;
	default:
		CHECK(!"a kind that does not exist");
	}
}

/* Cut the packet block b that reader r (in the state it read b in) gave,
 * and read the result back. */
static void
cut_check(const struct sx_pcapio *r, const struct sx_block *b)
{
	struct sx_pcapio again = *r;   /* shares r's interfaces, read only */
	struct sx_buf out = { 0 };
	struct sx_flow fl, fl2;
	struct sx_block c;
	size_t keep, used, need;
	int cut;

	sx_flow_classify(b->linktype, b->pkt, b->caplen, &fl);
	keep = sx_cut_keep(b, &fl);
	CHECK(keep == 0 || keep < b->caplen);
	if (fl.kind == SX_FLOW_UNSURE)
		CHECK(keep == 0);
	cut = sx_cut_block(b, keep, &out);
	CHECK(cut == (keep > 0));
	if (!cut) {
		CHECK(out.len == b->len && memcmp(out.data, b->data,
		    b->len) == 0);
		sx_buf_free(&out);
		return;
	}
	CHECK(out.len <= b->len);
	memset(&c, 0, sizeof(c));
	CHECK(sx_pcapio_next(&again, (const unsigned char *)out.data,
	    out.len, 1, &c, &used, &need) == 1);
	CHECK(used == out.len && c.kind == SX_BLK_PACKET);
	CHECK(c.caplen == keep && c.origlen == b->origlen);
	CHECK(c.linktype == b->linktype && c.ifid == b->ifid);
	CHECK(c.ts_status == b->ts_status && c.ts_ns == b->ts_ns);
	CHECK(memcmp(c.pkt, b->pkt, keep) == 0);
	if (fl.kind == SX_FLOW_TCP) {
		CHECK(sx_flow_classify(c.linktype, c.pkt, c.caplen, &fl2) ==
		    SX_FLOW_TCP);
		CHECK(fl2.hash == fl.hash && fl2.sport == fl.sport &&
		    fl2.dport == fl.dport);
		CHECK(sx_cut_keep(&c, &fl2) == 0);
	}
	sx_buf_free(&out);
}

/* Read the file, offering step more bytes whenever the reader wants more
 * (0: all of them at once). */
static void
read_all(const unsigned char *p, size_t size, size_t step, struct seen *s)
{
	struct sx_pcapio r;
	struct sx_block b;
	size_t pos = 0, avail = step ? step : size, used, need;
	int rc;

	memset(s, 0, sizeof(*s));
	s->digest = 14695981039346656037ULL;
	sx_pcapio_init(&r);
	for (;;) {
		size_t n = avail < size - pos ? avail : size - pos;
		int eof = pos + n == size;

		used = need = 0;
		memset(&b, 0, sizeof(b));
		rc = sx_pcapio_next(&r, p + pos, n, eof, &b, &used, &need);
		if (rc < 0) {
			CHECK(r.err[0] != '\0');
			s->end = -1;
			memcpy(s->err, r.err, sizeof(s->err));
			break;
		}
		if (rc == 0) {
			if (eof) {
				CHECK(n == 0);    /* more is never wanted at eof */
				s->end = 1;
				break;
			}
			avail += step;
			continue;
		}
		CHECK(rc == 1);
		CHECK(used > 0 && used <= n && b.len == used);
		CHECK(b.data == p + pos);
		if (b.kind == SX_BLK_PACKET) {
			CHECK(b.pkt >= b.data && b.caplen <= b.len &&
			    b.pkt + b.caplen <= b.data + b.len);
			classify(&b, 1 + (unsigned)(size % 64));
			cut_check(&r, &b);
			mix(&s->digest, b.linktype);
			mix(&s->digest, b.caplen);
			mix(&s->digest, (uint64_t)b.ts_ns);
			mix(&s->digest, (uint64_t)b.ts_status);
		}
		mix(&s->digest, b.len);
		mix(&s->digest, b.kind);
		mix(&s->digest, b.type);
		s->blocks++;
		pos += used;
		if (step)
			avail = step;
	}
	sx_pcapio_free(&r);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const size_t steps[8] = { 1, 2, 3, 7, 16, 61, 512, 4096 };
	struct seen whole, chunked;

	if (size < 1)
		return 0;
	read_all(data + 1, size - 1, 0, &whole);
	read_all(data + 1, size - 1, steps[data[0] & 7], &chunked);
	CHECK(whole.blocks == chunked.blocks);
	CHECK(whole.digest == chunked.digest);
	CHECK(whole.end == chunked.end);
	CHECK(strcmp(whole.err, chunked.err) == 0);
	/* what the sniffer calls no capture, the reader refuses at once */
	if (size - 1 >= 4 &&
	    sx_pcap_sniff(data + 1, size - 1) == SX_PCAP_UNKNOWN)
		CHECK(whole.end == -1 && whole.blocks == 0);
	return 0;
}
