/* decomp.c - a decompressor child in front of a capture. */
#include "decomp.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "signals.h"
#include "util.h"

enum sx_comp
sx_comp_sniff(const unsigned char *p, size_t n)
{
	if (n >= 2 && p[0] == 0x1f && p[1] == 0x8b)
		return SX_COMP_GZIP;
	if (n >= 4 && p[0] == 0x28 && p[1] == 0xb5 && p[2] == 0x2f &&
	    p[3] == 0xfd)
		return SX_COMP_ZSTD;
	if (n >= 4 && p[0] == 0x04 && p[1] == 0x22 && p[2] == 0x4d &&
	    p[3] == 0x18)
		return SX_COMP_LZ4;
	return SX_COMP_NONE;
}

const char *
sx_comp_tool(enum sx_comp c)
{
	switch (c) {
	case SX_COMP_GZIP:
		return "gzip";
	case SX_COMP_ZSTD:
		return "zstd";
	case SX_COMP_LZ4:
		return "lz4";
	case SX_COMP_NONE:
		break;
	}
	return "cat";
}

int
sx_decomp_find(struct sx_decomp *d, enum sx_comp comp)
{
	const char *path = getenv("PATH"), *p, *end;
	const char *tool = sx_comp_tool(comp);

	memset(d, 0, sizeof(*d));
	d->comp = comp;
	d->c.out = d->c.err = -1;
	if (path == NULL || comp == SX_COMP_NONE)
		return -1;
	for (p = path; ; p = end + 1) {
		size_t n;

		end = strchr(p, ':');
		n = end ? (size_t)(end - p) : strlen(p);
		if (n > 0 && n + strlen(tool) + 2 <= sizeof(d->path)) {
			snprintf(d->path, sizeof(d->path), "%.*s/%s", (int)n, p,
			    tool);
			if (access(d->path, X_OK) == 0)
				return 0;
		}
		if (end == NULL)
			break;
	}
	d->path[0] = '\0';
	return -1;
}

int
sx_decomp_start(struct sx_decomp *d, int fd, char *err, size_t errsize)
{
	char *argv[] = { d->path, (char *)"-dc", NULL };
	int e;

	sx_decomp_stop(d);
	d->reaped = 0;
	d->status = 0;
	if (lseek(fd, 0, SEEK_SET) != 0)
		return sx_errf(err, errsize, "cannot read the file from its "
		    "start: %s", strerror(errno));
	if (sx_spawn(&d->c, argv, NULL, fd, 1, err, errsize) != 0) {
		e = errno;
		d->c.pid = 0;
		errno = e;
		return -1;
	}
	return 0;
}

/* Read what the tool writes until buf is full or it ends. */
static long
read_some(struct sx_decomp *d, unsigned char *buf, size_t size, int *whole)
{
	size_t n = 0;

	*whole = 0;
	while (n < size) {
		struct pollfd pf = { d->c.out, POLLIN, 0 };
		ssize_t r;

		if (poll(&pf, 1, -1) < 0 && errno != EINTR)
			return -1;
		if (sx_signals_caught())
			return -1;
		r = read(d->c.out, buf + n, size - n);
		if (r < 0 && (errno == EINTR || errno == EAGAIN))
			continue;
		if (r < 0)
			return -1;
		if (r == 0) {
			*whole = 1;
			break;
		}
		n += (size_t)r;
	}
	return (long)n;
}

long
sx_decomp_head(struct sx_decomp *d, int fd, unsigned char *buf, size_t size,
    int *whole)
{
	char err[256];
	long n;

	if (sx_decomp_start(d, fd, err, sizeof(err)) != 0)
		return -1;
	n = read_some(d, buf, size, whole);
	sx_decomp_stop(d);
	if (lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	return n;
}

/* Whether the tool's words say its input ends too soon. */
static int
says_cut_short(const char *msg)
{
	static const char *const words[] = { "unexpected end", "premature end",
	    "truncated", "Unfinished stream", "end of file" };
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(words); i++)
		if (strstr(msg, words[i]) != NULL)
			return 1;
	return 0;
}

/* The tool's last meaningful line on stderr into msg. */
static void
last_words(struct sx_decomp *d, char *msg, size_t size)
{
	char text[1024], *line, *save = NULL;
	ssize_t n = 0, r;

	msg[0] = '\0';
	while (d->c.err >= 0 && n < (ssize_t)sizeof(text) - 1 &&
	    (r = read(d->c.err, text + n, sizeof(text) - 1 - (size_t)n)) > 0)
		n += r;
	text[n > 0 ? n : 0] = '\0';
	for (line = strtok_r(text, "\n", &save); line != NULL;
	    line = strtok_r(NULL, "\n", &save)) {
		const char *tool = sx_comp_tool(d->comp), *sep;
		size_t k = strlen(tool);

		while (*line == ' ')
			line++;
		/* "gzip: stdin: ..." and zstd's "(stdin's name) : ...":
		 * the words alone */
		if (strncmp(line, tool, k) == 0 && line[k] == ':')
			line += k + 1;
		while (*line == ' ')
			line++;
		if ((sep = strstr(line, " : ")) != NULL &&
		    strncmp(line, "/*stdin*", 8) == 0)
			line += sep - line + 3;
		k = strlen(line);
		while (k > 0 && line[k - 1] == ' ')
			line[--k] = '\0';
		if (*line != '\0')
			snprintf(msg, size, "%s", line);
	}
}

int
sx_decomp_end(struct sx_decomp *d, int *cut_short, char *msg, size_t size)
{
	char how[128], words[300];

	*cut_short = 0;
	msg[0] = '\0';
	if (d->c.pid > 0 && !d->reaped) {
		if (sx_reap(d->c.pid, &d->status) != 0)
			d->status = 0;
		d->reaped = 1;
	}
	if (WIFEXITED(d->status) && WEXITSTATUS(d->status) == 0)
		return 0;
	/* the pipe is closed and the tool gone: read its words */
	if (d->c.err >= 0)
		fcntl(d->c.err, F_SETFL, fcntl(d->c.err, F_GETFL) | O_NONBLOCK);
	last_words(d, words, sizeof(words));
	sx_describe_status(d->status, how, sizeof(how));
	*cut_short = says_cut_short(words);
	snprintf(msg, size, "%s: %s", sx_comp_tool(d->comp), words[0] ?
	    words : how);
	return -1;
}

void
sx_decomp_stop(struct sx_decomp *d)
{
	sx_close(&d->c.out);
	sx_close(&d->c.err);
	if (d->c.pid > 0 && !d->reaped) {
		sx_stop(d->c.pid, 200, &d->status);
		d->reaped = 1;
	}
	d->c.pid = 0;
}
