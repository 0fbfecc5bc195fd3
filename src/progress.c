/* progress.c - the progress line on stderr. */
#include "progress.h"

#include <stdio.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "util.h"

static struct {
	int on, shown;
	uint64_t total;
	double t0, last;
} pr;


static void
clear_hook(void)
{
	sx_progress_clear();
}

void
sx_progress_start(uint64_t total_bytes)
{
	pr.on = 1;
	pr.shown = 0;
	pr.total = total_bytes;
	pr.t0 = sx_now();
	pr.last = 0;
	sx_warn_hook = clear_hook;
}

/* "1:05", "12:00:03" */
static void
clock_text(char *buf, size_t size, double s)
{
	unsigned long t = s < 0 ? 0 : (unsigned long)(s + 0.5);

	if (t >= 3600)
		snprintf(buf, size, "%lu:%02lu:%02lu", t / 3600,
		    t / 60 % 60, t % 60);
	else
		snprintf(buf, size, "%lu:%02lu", t / 60, t % 60);
}

static void
size_text(char *buf, size_t size, uint64_t b)
{
	static const char *const unit[] = { "B", "kB", "MB", "GB", "TB" };
	double v = (double)b;
	size_t u = 0;

	while (v >= 1000 && u + 1 < SX_ARRAY_LEN(unit)) {
		v /= 1000;
		u++;
	}
	snprintf(buf, size, u ? "%.1f %s" : "%.0f %s", v, unit[u]);
}

void
sx_progress_format(char *buf, size_t size, uint64_t done, uint64_t total,
    uint64_t frames, double elapsed, size_t files_done, size_t files)
{
	char el[32], left[32], sz[32];
	double rate = elapsed > 0 ? (double)frames / elapsed : 0;
	size_t n = 0;

	buf[0] = '\0';
	clock_text(el, sizeof(el), elapsed);
	if (total > 0) {
		double f = (double)done / (double)total;

		if (f > 1)
			f = 1;
		size_text(sz, sizeof(sz), total);
		n += (size_t)snprintf(buf + n, size - n, "%5.1f%% of %s, ",
		    100 * f, sz);
		if (f > 0.005 && elapsed >= 1)
			clock_text(left, sizeof(left),
			    elapsed * (1 - f) / f);
		else
			snprintf(left, sizeof(left), "?");
	}
	if (n < size)
		n += (size_t)snprintf(buf + n, size - n, "%llu frames, "
		    "%.0f frames/s, %s elapsed",
		    (unsigned long long)frames, rate, el);
	if (total > 0 && n < size)
		n += (size_t)snprintf(buf + n, size - n, ", %s left", left);
	if (files > 1 && n < size)
		snprintf(buf + n, size - n, ", file %zu of %zu",
		    files_done < files ? files_done + 1 : files, files);
}

void
sx_progress_update(uint64_t done_bytes, uint64_t frames,
    size_t files_done, size_t files)
{
	char line[256], out[sizeof(line) + 64];
	double t;
	int n;

	if (!pr.on)
		return;
	t = sx_now();
	/* Nothing for quick runs; then a few times a second. */
	if (t - pr.t0 < 0.5 || (pr.shown && t - pr.last < 0.25))
		return;
	pr.last = t;
	sx_progress_format(line, sizeof(line), done_bytes, pr.total, frames,
	    t - pr.t0, files_done, files);
	/* back to the start of the line, the text, erase the rest; in
	 * one write(), as every message (sx_warn) */
	n = snprintf(out, sizeof(out), "\r%s: %s\033[K", sx_progname, line);
	if (n > 0)
		(void)sx_write_all(STDERR_FILENO, out, (size_t)n < sizeof(out) ?
		    (size_t)n : sizeof(out) - 1);
	pr.shown = 1;
}

void
sx_progress_clear(void)
{
	if (pr.on && pr.shown) {
		(void)sx_write_all(STDERR_FILENO, "\r\033[K", 4);
		pr.shown = 0;
	}
}

void
sx_progress_stop(void)
{
	sx_progress_clear();
	pr.on = 0;
	sx_warn_hook = NULL;
}
