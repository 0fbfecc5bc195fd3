/* cut.c - packet blocks cut to the end of their TCP header. */
#include "cut.h"

#include <string.h>

#define PCAPNG_PB 0x00000002u
#define PCAPNG_EPB 0x00000006u

static void
put32(unsigned char *p, uint32_t v, int big)
{
	if (big) {
		p[0] = (unsigned char)(v >> 24);
		p[1] = (unsigned char)(v >> 16);
		p[2] = (unsigned char)(v >> 8);
		p[3] = (unsigned char)v;
	} else {
		p[0] = (unsigned char)v;
		p[1] = (unsigned char)(v >> 8);
		p[2] = (unsigned char)(v >> 16);
		p[3] = (unsigned char)(v >> 24);
	}
}

size_t
sx_cut_keep(const struct sx_block *b, const struct sx_flow *fl)
{
	if (b->kind != SX_BLK_PACKET || b->unusual)
		return 0;
	/* a simple packet block's captured length is implied by the
	 * interface's snapshot length: it cannot say it is shorter */
	if (b->type != 0 && b->type != PCAPNG_EPB && b->type != PCAPNG_PB)
		return 0;
	if (fl->kind == SX_FLOW_UNSURE || fl->keep >= b->caplen)
		return 0;
	return fl->keep;
}

int
sx_cut_block(const struct sx_block *b, size_t keep, struct sx_buf *out)
{
	static const unsigned char zero[4];
	unsigned char head[28], tail[4];
	size_t pad, optoff, optlen;

	if (keep == 0 || keep >= b->caplen || b->kind != SX_BLK_PACKET ||
	    (b->type != 0 && b->type != PCAPNG_EPB && b->type != PCAPNG_PB)) {
		sx_buf_add(out, b->data, b->len);
		return 0;
	}
	if (b->type == 0) {
		/* pcap: ts_sec, ts_frac, incl_len, orig_len, data */
		memcpy(head, b->data, 16);
		put32(head + 8, (uint32_t)keep, b->swapped);
		sx_buf_add(out, head, 16);
		sx_buf_add(out, b->pkt, keep);
		return 1;
	}
	/* pcapng EPB or PB: type, length, interface, timestamp (2 x 4),
	 * captured length, original length, data padded to 32 bits,
	 * options, length again */
	optoff = 28 + ((b->caplen + 3) & ~(size_t)3);
	optlen = b->len - 4 - optoff;
	pad = ((keep + 3) & ~(size_t)3) - keep;
	memcpy(head, b->data, 28);
	put32(head + 4, (uint32_t)(28 + keep + pad + optlen + 4), b->swapped);
	put32(head + 20, (uint32_t)keep, b->swapped);
	memcpy(tail, head + 4, 4);
	sx_buf_add(out, head, 28);
	sx_buf_add(out, b->pkt, keep);
	sx_buf_add(out, zero, pad);
	sx_buf_add(out, b->data + optoff, optlen);
	sx_buf_add(out, tail, 4);
	return 1;
}
