/* inputs.c - arguments, directories and what their files contain. */
#include "inputs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "decomp.h"
#include "signals.h"
#include "util.h"

static uint32_t
be32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[2] << 8 | p[3];
}

enum sx_kind
sx_sniff(const unsigned char *p, size_t n)
{
	uint32_t m;

	if (sx_comp_sniff(p, n) != SX_COMP_NONE)
		return SX_KIND_COMPRESSED;
	if (n < 4)
		return SX_KIND_OTHER;
	m = be32(p);
	switch (m) {
	case 0xa1b2c3d4: case 0xd4c3b2a1:   /* microseconds */
	case 0xa1b23c4d: case 0x4d3cb2a1:   /* nanoseconds */
	case 0xa1b2cd34: case 0x34cdb2a1:   /* Kuznetzov's patched pcap */
		return SX_KIND_PCAP;
	case 0x0a0d0d0a:                    /* section header block */
		return SX_KIND_PCAPNG;
	default:
		return SX_KIND_OTHER;
	}
}

static struct sx_input *
push(struct sx_inputs *in, const char *name, int from_dir)
{
	struct sx_input *e;

	if (in->n == in->cap) {
		in->cap = in->cap ? 2 * in->cap : 16;
		in->v = sx_reallocarray(in->v, in->cap, sizeof(*in->v));
	}
	e = &in->v[in->n++];
	e->name = sx_strdup(name);
	e->error = NULL;
	e->from_dir = from_dir;
	e->kind = SX_KIND_OTHER;
	return e;
}

static void
push_error(struct sx_inputs *in, const char *name, int from_dir,
    const char *why)
{
	push(in, name, from_dir)->error = sx_strdup(why);
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
skip(struct sx_inputs *in, sx_skip_fn *fn, void *ctx, const char *path,
    const char *why)
{
	in->skipped++;
	if (fn)
		fn(path, why, ctx);
}

/* Whether a file was modified within the settle time. */
static int
settling(const struct sx_inputs *in, const struct stat *st)
{
	struct timespec now;
	int64_t d;

	if (in->settle_ns <= 0 || clock_gettime(CLOCK_REALTIME, &now) != 0)
		return 0;
	d = ((int64_t)now.tv_sec - (int64_t)st->st_mtim.tv_sec) * 1000000000 +
	    ((int64_t)now.tv_nsec - (int64_t)st->st_mtim.tv_nsec);
	return d < in->settle_ns && d > -in->settle_ns;
}

/* A regular file found in a directory: keep it if it looks like a
 * capture (or an empty file: a capture just begun) and it is not being
 * written (--settle). */
static void
consider_file(struct sx_inputs *in, const char *path,
    const struct stat *st, sx_skip_fn *fn, void *ctx)
{
	unsigned char head[8];
	enum sx_kind kind;
	ssize_t r;
	int fd;

	do
		fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);
	while (fd < 0 && errno == EINTR);
	if (fd < 0) {
		push_error(in, path, 1, strerror(errno));
		return;
	}
	do
		r = read(fd, head, sizeof(head));
	while (r < 0 && errno == EINTR);
	close(fd);
	if (r < 0) {
		push_error(in, path, 1, strerror(errno));
		return;
	}
	kind = r == 0 ? SX_KIND_OTHER : sx_sniff(head, (size_t)r);
	if ((r == 0 || kind != SX_KIND_OTHER) && settling(in, st)) {
		char why[96];

		in->settling++;
		snprintf(why, sizeof(why), "still being written (modified "
		    "less than %g s ago; see --settle)",
		    (double)in->settle_ns / 1e9);
		if (fn)
			fn(path, why, ctx);
		return;
	}
	if (r == 0) {
		skip(in, fn, ctx, path, "empty file");
		return;
	}
	if (kind == SX_KIND_OTHER) {
		skip(in, fn, ctx, path, "not a capture (neither pcap, pcapng "
		    "nor gzip, zstd or lz4)");
		return;
	}
	push(in, path, 1)->kind = kind;
}

/* Count an entry; whether it is this shard's (--shard). */
static int
takes(struct sx_inputs *in)
{
	return sx_shard_takes(&in->shard, in->entries++);
}

static char *
join(const char *dir, const char *name)
{
	size_t a = strlen(dir), b = strlen(name);
	char *p = sx_malloc(a + b + 2);

	memcpy(p, dir, a);
	if (a > 0 && dir[a - 1] == '/')
		a--;
	p[a] = '/';
	memcpy(p + a + 1, name, b + 1);
	return p;
}

static void
walk(struct sx_inputs *in, const char *dir, int recursive, int depth,
    sx_skip_fn *fn, void *ctx)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;

	if (d == NULL) {
		push_error(in, dir, depth > 0, strerror(errno));
		return;
	}
	errno = 0;
	while ((de = readdir(d)) != NULL) {
		if (strcmp(de->d_name, ".") == 0 ||
		    strcmp(de->d_name, "..") == 0)
			continue;
		if (n == cap) {
			cap = cap ? 2 * cap : 64;
			names = sx_reallocarray(names, cap, sizeof(*names));
		}
		names[n++] = sx_strdup(de->d_name);
		errno = 0;
	}
	if (errno != 0)
		push_error(in, dir, depth > 0, strerror(errno));
	closedir(d);
	if (n > 1)
		qsort(names, n, sizeof(*names), cmp_names);
	for (i = 0; i < n; i++) {
		char *path;
		struct stat lst, st;
		int gone, e;

		/* Ctrl-C need not wait for the end of a long walk */
		if (sx_signals_caught()) {
			free(names[i]);
			continue;
		}
		path = join(dir, names[i]);
		gone = lstat(path, &lst) != 0;
		e = errno;
		if (!gone && S_ISDIR(lst.st_mode) && recursive) {
			walk(in, path, recursive, depth + 1, fn, ctx);
		} else if (!takes(in)) {
			in->shard_out++;
		} else if (gone) {
			/* gone since it was listed */
			skip(in, fn, ctx, path, strerror(e));
		} else if (S_ISLNK(lst.st_mode) && stat(path, &st) != 0) {
			skip(in, fn, ctx, path, "a broken symbolic link");
		} else {
			if (!S_ISLNK(lst.st_mode))
				st = lst;
			if (S_ISDIR(st.st_mode)) {
				if (!recursive)
					skip(in, fn, ctx, path, "a directory "
					    "(-R reads subdirectories too)");
				else
					skip(in, fn, ctx, path, "a symbolic "
					    "link to a directory (not "
					    "followed)");
			} else if (S_ISREG(st.st_mode)) {
				consider_file(in, path, &st, fn, ctx);
			} else {
				skip(in, fn, ctx, path, "not a regular file");
			}
		}
		free(path);
		free(names[i]);
	}
	free(names);
}

void
sx_inputs_add(struct sx_inputs *in, const char *arg, int recursive,
    sx_skip_fn *fn, void *ctx)
{
	struct stat st;

	if (strcmp(arg, "-") == 0 || stat(arg, &st) != 0 ||
	    !S_ISDIR(st.st_mode)) {
		/* A file, or something the analysis will report on. */
		if (takes(in))
			push(in, arg, 0);
		else
			in->shard_out++;
		return;
	}
	walk(in, arg, recursive, 0, fn, ctx);
}

void
sx_inputs_free(struct sx_inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++) {
		free(in->v[i].name);
		free(in->v[i].error);
	}
	free(in->v);
	memset(in, 0, sizeof(*in));
}
