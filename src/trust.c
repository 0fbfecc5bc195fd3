/* trust.c - what a capture says about itself (trust.h). */
#include "trust.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "decomp.h"
#include "diag.h"
#include "escape.h"
#include "flowsplit.h"
#include "pcapio.h"
#include "signals.h"
#include "streams.h"

#define CHUNK (1u << 20)
#define PCAPNG_SHB 0x0A0D0D0Au

/* Each interface's last statistics. */
struct ifstat {
	uint64_t section;
	struct sx_isb isb;
};

struct scan {
	int fd, eof;
	int in;                 /* what is read: fd, or the decompressor's
	                         * output (non-blocking) */
	unsigned char *buf;
	size_t start, len, cap;
	struct sx_pcapio rd;
	struct ifstat *ifs;
	size_t nifs;
	uint64_t section;
	int have_ts;
	int64_t last_ts;
};

/* At least need unread bytes in the buffer, unless the file ends. */
static int
fill(struct scan *s, size_t need)
{
	ssize_t r;

	if (s->start > 0) {
		memmove(s->buf, s->buf + s->start, s->len - s->start);
		s->len -= s->start;
		s->start = 0;
	}
	if (s->cap < need + CHUNK) {
		s->cap = need + CHUNK;
		s->buf = sx_realloc(s->buf, s->cap);
	}
	while (!s->eof && s->len < need) {
		r = read(s->in, s->buf + s->len, s->cap - s->len);
		if (r < 0 && errno == EAGAIN) {
			struct pollfd pf = { s->in, POLLIN, 0 };

			if (poll(&pf, 1, -1) < 0 && errno != EINTR)
				return -1;
			if (sx_signals_caught())
				return -1;
			continue;
		}
		if (r < 0 && errno == EINTR)
			continue;
		if (r < 0)
			return -1;
		if (r == 0)
			s->eof = 1;
		s->len += (size_t)r;
	}
	return 0;
}

static void
take_isb(struct scan *s, const struct sx_isb *isb)
{
	size_t i;

	for (i = 0; i < s->nifs; i++)
		if (s->ifs[i].section == s->section &&
		    s->ifs[i].isb.ifid == isb->ifid)
			break;
	if (i == s->nifs) {
		s->ifs = sx_reallocarray(s->ifs, s->nifs + 1, sizeof(*s->ifs));
		s->nifs++;
	}
	s->ifs[i].section = s->section;
	s->ifs[i].isb = *isb;
}

/* Whether a frame cut by the snap length lost part of its headers. */
static int
cut_short(const struct sx_block *b)
{
	struct sx_flow fl;

	if (b->caplen >= b->origlen)
		return 0;
	memset(&fl, 0, sizeof(fl));
	switch (sx_flow_classify(b->linktype, b->pkt, b->caplen, &fl)) {
	case SX_FLOW_TCP:
		return fl.tcp_end > b->caplen;
	case SX_FLOW_UNSURE:
		return fl.why != NULL && strstr(fl.why, "cut short") != NULL;
	case SX_FLOW_OTHER:
		break;
	}
	return 0;
}

static void
take_block(struct scan *s, const struct sx_block *b, struct sx_trust *t)
{
	struct sx_isb isb;

	if (b->type == PCAPNG_SHB)
		s->section++;
	if (sx_pcapio_isb(b, &isb) == 1) {
		take_isb(s, &isb);
		t->has_isb = 1;
	}
	if (b->kind != SX_BLK_PACKET)
		return;
	t->frames++;
	t->cut_short += cut_short(b);
	if (b->ts_status != SX_TS_EXACT)
		return;
	if (s->have_ts && b->ts_ns < s->last_ts)
		t->time_back++;
	s->have_ts = 1;
	s->last_ts = b->ts_ns;
}

/* Read every block; 0 at the end, -1 when the file cannot be read. */
static int
scan_blocks(struct scan *s, struct sx_trust *t)
{
	struct sx_block b;
	size_t used, need;
	int r;

	for (;;) {
		r = sx_pcapio_next(&s->rd, s->buf + s->start,
		    s->len - s->start, s->eof, &b, &used, &need);
		if (r == 1) {
			s->start += used;
			take_block(s, &b, t);
			continue;
		}
		if (r < 0)
			return -1;
		if (s->eof)
			return 0;
		if (fill(s, need > s->len - s->start ? need :
		    s->len - s->start + 1) != 0)
			return -1;
	}
}

/* A compressed capture is read through its decompressor (decomp.h), as
 * the run read it: 0, or -1 when it cannot be (the tool missing). */
static int
open_input(struct scan *s, struct sx_decomp *d)
{
	unsigned char magic[4];
	char err[256];
	ssize_t n = pread(s->fd, magic, sizeof(magic), 0);
	enum sx_comp c = sx_comp_sniff(magic, n > 0 ? (size_t)n : 0);

	s->in = s->fd;
	if (c == SX_COMP_NONE)
		return 0;
	if (sx_decomp_find(d, c) != 0 ||
	    sx_decomp_start(d, s->fd, err, sizeof(err)) != 0)
		return -1;
	s->in = d->c.out;
	return 0;
}

/* The decompressor, if one ran, ended well (after the end of its data) or
 * is stopped (before it). */
static int
close_input(struct sx_decomp *d, int rc)
{
	char msg[256];
	int cut;

	if (d->c.pid <= 0)
		return rc;
	if (rc == 0 && sx_decomp_end(d, &cut, msg, sizeof(msg)) != 0)
		rc = -1;
	sx_decomp_stop(d);
	return rc;
}

int
sx_trust_scan(const char *path, struct sx_trust *t)
{
	struct scan s;
	struct sx_decomp d;
	struct stat st;
	size_t i;
	int rc;

	t->scanned = t->has_isb = t->has_ifdrop = t->has_osdrop = 0;
	t->ifdrop = t->osdrop = t->frames = t->cut_short = t->time_back = 0;
	memset(&s, 0, sizeof(s));
	if (strcmp(path, "-") == 0 || stat(path, &st) != 0 ||
	    !S_ISREG(st.st_mode))
		return -1;
	s.fd = open(path, O_RDONLY | O_CLOEXEC);
	if (s.fd < 0)
		return -1;
	memset(&d, 0, sizeof(d));
	sx_pcapio_init(&s.rd);
	rc = open_input(&s, &d) == 0 && fill(&s, 4) == 0 ?
	    scan_blocks(&s, t) : -1;
	rc = close_input(&d, rc);
	for (i = 0; i < s.nifs; i++) {
		t->has_ifdrop |= s.ifs[i].isb.has_ifdrop;
		t->has_osdrop |= s.ifs[i].isb.has_osdrop;
		t->ifdrop += s.ifs[i].isb.ifdrop;
		t->osdrop += s.ifs[i].isb.osdrop;
	}
	t->scanned = rc == 0;
	sx_pcapio_free(&s.rd);
	free(s.ifs);
	free(s.buf);
	close(s.fd);
	return rc;
}

void
sx_trust_verdict(const struct sx_trust *t, struct sx_buf *b)
{
	size_t len = b->len;

	if (t->ifdrop + t->osdrop > 0)
		sx_buf_adds(b, "drops,");
	if (t->cut_short > 0)
		sx_buf_adds(b, "truncated,");
	if (t->ack_lost > 0)
		sx_buf_adds(b, "gaps,");
	if (t->dup_frames > 0)
		sx_buf_adds(b, "duplicates,");
	if (b->len > len) {
		b->data[--b->len] = '\0';
		return;
	}
	sx_buf_adds(b, t->scanned ? "ok" : "unknown");
}

void
sx_trust_numbers(const struct sx_trust *t, struct sx_buf *b)
{
	if (!t->scanned)
		sx_buf_adds(b, "the file itself was not read (not a pcap or "
		    "pcapng file on disk); ");
	else if (!t->has_isb)
		sx_buf_adds(b, "no interface statistics in the file (drops "
		    "unknown); ");
	else
		sx_buf_printf(b, "dropped by the interface %s%" PRIu64 ", by "
		    "the OS %s%" PRIu64 "; ", t->has_ifdrop ? "" : "(not "
		    "counted) ", t->ifdrop, t->has_osdrop ? "" : "(not "
		    "counted) ", t->osdrop);
	if (t->scanned)
		sx_buf_printf(b, "%" PRIu64 " of %" PRIu64 " frames cut before "
		    "the end of their TCP header, %" PRIu64 " stamped earlier "
		    "than the frame before; ", t->cut_short, t->frames,
		    t->time_back);
	sx_buf_printf(b, "%" PRIu64 " duplicate frames, %" PRIu64 " ACKs of "
	    "data never captured", t->dup_frames, t->ack_lost);
}

void
sx_trust_of(const char *path, const struct sx_table *t, struct sx_trust *tr)
{
	size_t i, slots = sx_table_slots(t);
	int d;

	sx_trust_scan(path, tr);
	tr->dup_frames = tr->ack_lost = 0;
	for (i = 0; i < slots; i++) {
		const struct sx_stream *st = sx_table_get(t, i);
		const struct sx_ext *e;

		if (st == NULL)
			continue;
		e = sx_stream_ext(t, st);
		for (d = 0; d < 2; d++) {
			if (t->diag)
				tr->dup_frames += sx_stream_diag(t,
				    st)->d[d].dups;
			tr->ack_lost += e->flag[d][SX_FL_ACK_LOST_SEGMENT];
		}
	}
}

/* "name":N, or null when not known. */
static void
member(struct sx_buf *b, const char *name, int known, uint64_t v)
{
	if (known)
		sx_buf_printf(b, ",\"%s\":%" PRIu64, name, v);
	else
		sx_buf_printf(b, ",\"%s\":null", name);
}

void
sx_trust_json(const struct sx_trust *t, struct sx_buf *b)
{
	struct sx_buf v = { 0 };

	sx_trust_verdict(t, &v);
	sx_buf_adds(b, ",\"capture_quality\":");
	sx_escape_json(b, v.data, v.len);
	member(b, "interface_drops", t->has_ifdrop, t->ifdrop);
	member(b, "os_drops", t->has_osdrop, t->osdrop);
	member(b, "cut_frames", t->scanned, t->cut_short);
	member(b, "time_backwards", t->scanned, t->time_back);
	member(b, "dup_frames", 1, t->dup_frames);
	member(b, "ack_lost_segment", 1, t->ack_lost);
	sx_buf_free(&v);
}
