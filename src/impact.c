/* impact.c - what a stream's problems cost (impact.h). */
#include "impact.h"

#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <unistd.h>

#include "diag.h"
#include "explain.h"
#include "verdict.h"
#include "escape.h"

void
sx_impact_of(const struct sx_row *r, struct sx_impact *im)
{
	uint32_t fs, routine;
	int d;

	memset(im, 0, sizeof(*im));
	if (r->diag != NULL)
		for (d = 0; d < 2; d++) {
			const struct sx_diag_dir *dd = &r->diag->d[d];

			im->rto += dd->rto;
			im->rto_ns += dd->rto_ns;
			im->zw_ns += sx_diag_zero_window_ns(r->diag, d,
			    r->st->last_ns);
			im->lost_bytes += dd->lost_down_bytes +
			    dd->lost_up_bytes;
		}
	im->score_ns = im->rto_ns + im->zw_ns;
	fs = sx_row_findings(r);
	routine = 3u << (2 * SX_FIND_RESET) | 3u << (2 * SX_FIND_IDLE);
	im->routine = fs != 0 && (fs & ~routine) == 0 && im->score_ns == 0 &&
	    im->lost_bytes == 0;
}

int
sx_impact_cmp(const struct sx_impact *a, const struct sx_impact *b)
{
	if (a->routine != b->routine)
		return a->routine - b->routine;
	if (a->score_ns != b->score_ns)
		return a->score_ns > b->score_ns ? -1 : 1;
	if (a->lost_bytes != b->lost_bytes)
		return a->lost_bytes > b->lost_bytes ? -1 : 1;
	return 0;
}

static void
secs(struct sx_buf *b, int64_t ns)
{
	sx_buf_printf(b, "%.3f s", (double)ns / 1e9);
}

void
sx_impact_headline(const struct sx_row *r, const struct sx_impact *im,
    int with_file, struct sx_buf *b)
{
	char src[64], dst[64], verdict[400];
	const char *sep = " (";

	sx_format_endpoint(&r->st->ep[0], src, sizeof(src));
	sx_format_endpoint(&r->st->ep[1], dst, sizeof(dst));
	sx_verdict_format(sx_row_findings(r), verdict, sizeof(verdict));
	if (with_file && r->file) {
		sx_escape_text(b, r->file, strlen(r->file));
		sx_buf_adds(b, ": ");
	}
	sx_buf_printf(b, "stream %zu (%s -> %s, ", r->stream, src, dst);
	secs(b, r->st->last_ns - r->st->first_ns);
	sx_buf_printf(b, ", %llu frames): impact ",
	    (unsigned long long)sx_stream_frames(r->st));
	secs(b, im->score_ns);
	if (im->rto > 0) {
		sx_buf_printf(b, "%s%u retransmission timeout%s waited ", sep,
		    im->rto, im->rto == 1 ? "" : "s");
		secs(b, im->rto_ns);
		sep = ", ";
	}
	if (im->zw_ns > 0) {
		sx_buf_printf(b, "%szero window ", sep);
		secs(b, im->zw_ns);
		sep = ", ";
	}
	if (im->lost_bytes > 0) {
		sx_buf_printf(b, "%s%llu bytes lost", sep,
		    (unsigned long long)im->lost_bytes);
		sep = ", ";
	}
	if (sep[0] == ',')
		sx_buf_addc(b, ')');
	sx_buf_printf(b, "%s: %s", im->routine ? ", routine" : "", verdict);
}

void
sx_wrap(struct sx_buf *b, const char *text, size_t width, size_t indent)
{
	size_t room = width > indent + 20 ? width - indent : 0;

	while (*text == ' ')
		text++;
	while (*text) {
		size_t n = strlen(text), cut = n;

		if (room && n > room) {
			/* the last blank within the room, else the first
			 * after it (a word longer than the line) */
			for (cut = room; cut > 0 && text[cut] != ' '; cut--)
				;
			if (cut == 0)
				for (cut = room; text[cut] && text[cut] != ' ';
				    cut++)
					;
		}
		sx_buf_printf(b, "%*s", (int)indent, "");
		sx_buf_add(b, text, cut);
		sx_buf_addc(b, '\n');
		text += cut;
		while (*text == ' ')
			text++;
	}
}

size_t
sx_explain_width(void)
{
	struct winsize ws;
	const char *c;
	long v;

	if (!isatty(STDOUT_FILENO))
		return 0;
	if (ioctl(STDOUT_FILENO, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	c = getenv("COLUMNS");
	v = c ? strtol(c, NULL, 10) : 0;
	return v > 0 && v < 10000 ? (size_t)v : 80;
}

void
sx_explain_text(const struct sx_row *r, int with_file, size_t width,
    struct sx_buf *b)
{
	struct sx_impact im;
	struct sx_buf t = { 0 };
	char verdict[400];
	const char *p;

	sx_impact_of(r, &im);
	sx_impact_headline(r, &im, with_file, &t);
	sx_wrap(b, sx_buf_cstr(&t), width, 0);
	/* the evidence: the paragraph after its opening, which the
	 * headline says ("stream N (...) is VERDICT: ") */
	sx_buf_reset(&t);
	sx_explain(r, 0, &t);
	sx_verdict_format(sx_row_findings(r), verdict, sizeof(verdict));
	p = strstr(sx_buf_cstr(&t), ") is ");
	if (p != NULL && strncmp(p + 5, verdict, strlen(verdict)) == 0 &&
	    p[5 + strlen(verdict)] == ':')
		p += 5 + strlen(verdict) + 1;
	else
		p = sx_buf_cstr(&t);
	sx_wrap(b, p, width, 4);
	if (b->len && b->data[b->len - 1] == '\n')
		b->data[--b->len] = '\0';
	sx_buf_free(&t);
}
