/* state.c - which captures were reported, kept across runs. */
#include "state.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "outfile.h"
#include "util.h"

static const char magic[] = "streamxpert-state 1";
static const char magic2[] = "streamxpert-state 2";

int
sx_capid_of(const char *path, struct sx_capid *id)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	id->dev = (uint64_t)st.st_dev;
	id->ino = (uint64_t)st.st_ino;
	id->size = (uint64_t)st.st_size;
	id->mtime_ns = (int64_t)st.st_mtim.tv_sec * 1000000000 +
	    st.st_mtim.tv_nsec;
	return 0;
}

static int
cmp_id(const struct sx_capid *a, const struct sx_capid *b)
{
	if (a->dev != b->dev)
		return a->dev < b->dev ? -1 : 1;
	if (a->ino != b->ino)
		return a->ino < b->ino ? -1 : 1;
	if (a->size != b->size)
		return a->size < b->size ? -1 : 1;
	if (a->mtime_ns != b->mtime_ns)
		return a->mtime_ns < b->mtime_ns ? -1 : 1;
	return 0;
}

static int
cmp_entry(const void *a, const void *b)
{
	return cmp_id(&((const struct sx_state_entry *)a)->id,
	    &((const struct sx_state_entry *)b)->id);
}

static void
list_add(struct sx_state_list *l, const struct sx_capid *id,
    const char *path)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = sx_reallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].id = *id;
	l->v[l->n].path = sx_strdup(path);
	l->n++;
}

static void
list_free(struct sx_state_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		free(l->v[i].path);
	free(l->v);
	memset(l, 0, sizeof(*l));
}

void
sx_metric_add(struct sx_metric_list *l, const char *key, const char *value)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? 2 * l->cap : 32;
		l->v = sx_reallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].key = sx_strdup(key);
	l->v[l->n].value = sx_strdup(value);
	l->n++;
}

void
sx_metric_list_free(struct sx_metric_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		free(l->v[i].key);
		free(l->v[i].value);
	}
	free(l->v);
	memset(l, 0, sizeof(*l));
}

/* Undo sx_escape_text in place; -1 if s is not its output. */
static int
unescape(char *s)
{
	char *w = s;
	unsigned v;

	for (; *s; s++) {
		if (*s != '\\') {
			*w++ = *s;
			continue;
		}
		switch (*++s) {
		case '\\': *w++ = '\\'; break;
		case 't': *w++ = '\t'; break;
		case 'n': *w++ = '\n'; break;
		case 'r': *w++ = '\r'; break;
		case 'x':
			if (sscanf(s + 1, "%2x", &v) != 1 || !s[1] || !s[2])
				return -1;
			*w++ = (char)v;
			s += 2;
			break;
		default:
			return -1;
		}
	}
	*w = '\0';
	return 0;
}

/* Split line at tabs into at most max fields; returns how many. */
static size_t
split_tabs(char *line, char **f, size_t max)
{
	size_t n = 0;

	while (n < max) {
		f[n++] = line;
		line = strchr(line, '\t');
		if (line == NULL)
			break;
		*line++ = '\0';
	}
	return line == NULL ? n : max + 1;
}

static int
num(const char *s, uint64_t *v)
{
	return sx_parse_u64(s, strlen(s), UINT64_MAX, v);
}

static int
parse_id(char **f, struct sx_capid *id)
{
	uint64_t m;
	int neg = f[3][0] == '-';

	if (num(f[0], &id->dev) != 0 || num(f[1], &id->ino) != 0 ||
	    num(f[2], &id->size) != 0 || num(f[3] + neg, &m) != 0 ||
	    m > INT64_MAX)
		return -1;
	id->mtime_ns = neg ? -(int64_t)m : (int64_t)m;
	return 0;
}

/* One line of the file; -1 when it is not one of ours. */
static int
parse_line(struct sx_state *s, char *line)
{
	char *f[7];
	struct sx_capid id;
	size_t n = split_tabs(line, f, 7);

	if (n == 6 && (strcmp(f[0], "reported") == 0 ||
	    strcmp(f[0], "pending") == 0)) {
		if (parse_id(f + 1, &id) != 0 || unescape(f[5]) != 0)
			return -1;
		list_add(f[0][0] == 'r' ? &s->reported : &s->pending, &id,
		    f[5]);
		return 0;
	}
	if (n == 3 && (strcmp(f[0], "metric") == 0 ||
	    strcmp(f[0], "pending-metric") == 0)) {
		if (unescape(f[1]) != 0 || unescape(f[2]) != 0)
			return -1;
		if (f[0][0] == 'p')
			s->has_pending_metrics = 1;
		sx_metric_add(f[0][0] == 'p' ? &s->pending_metrics :
		    &s->metrics, f[1], f[2]);
		return 0;
	}
	if (n == 5 && strcmp(f[0], "output") == 0 && s->out_path == NULL) {
		if (num(f[1], &s->out_dev) != 0 ||
		    num(f[2], &s->out_ino) != 0 || unescape(f[3]) != 0 ||
		    unescape(f[4]) != 0)
			return -1;
		s->out_path = sx_strdup(f[3]);
		s->out_tmp = sx_strdup(f[4]);
		return 0;
	}
	return -1;
}

static int
load(struct sx_state *s, char *err, size_t errsize)
{
	FILE *fp = fopen(s->path, "r");
	char *line = NULL;
	size_t cap = 0, lineno = 0;
	ssize_t len;
	int rc = 0;
	struct sx_buf b = { 0 };

	if (fp == NULL) {
		if (errno == ENOENT)
			return 0;
		snprintf(err, errsize, "%s: %s", s->path, strerror(errno));
		return -1;
	}
	while ((len = getline(&line, &cap, fp)) > 0) {
		lineno++;
		if (line[len - 1] != '\n') {
			rc = -1;   /* cut short: not written by us */
			break;
		}
		line[len - 1] = '\0';
		if (lineno == 1 ? strcmp(line, magic) != 0 &&
		    strcmp(line, magic2) != 0 :
		    parse_line(s, line) != 0) {
			rc = -1;
			break;
		}
	}
	if (rc == 0 && ferror(fp)) {
		snprintf(err, errsize, "%s: %s", s->path, strerror(errno));
		rc = -2;
	}
	if (rc == -1) {
		sx_escape_text(&b, s->path, strlen(s->path));
		snprintf(err, errsize, "%s: line %zu: not a streamxpert state "
		    "file (remove it to start afresh)", sx_buf_cstr(&b),
		    lineno);
		sx_buf_free(&b);
	}
	if (rc == 0 && (s->pending.n || s->has_pending_metrics) &&
	    s->out_path == NULL) {
		snprintf(err, errsize, "%s: pending captures without their "
		    "output: not a streamxpert state file", s->path);
		rc = -1;
	}
	free(line);
	fclose(fp);
	return rc == 0 ? 0 : -1;
}

/* Is path the output file the pending captures were written to? */
static int
is_output(const struct sx_state *s, const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && (uint64_t)st.st_dev == s->out_dev &&
	    (uint64_t)st.st_ino == s->out_ino;
}

/* The pending captures are reported (landed) or not: either way they
 * are pending no more. */
static void
settle_pending(struct sx_state *s, int landed)
{
	size_t i;

	for (i = 0; landed && i < s->pending.n; i++)
		list_add(&s->reported, &s->pending.v[i].id,
		    s->pending.v[i].path);
	list_free(&s->pending);
	if (landed && s->has_pending_metrics) {
		sx_metric_list_free(&s->metrics);
		s->metrics = s->pending_metrics;
		memset(&s->pending_metrics, 0, sizeof(s->pending_metrics));
	}
	sx_metric_list_free(&s->pending_metrics);
	s->has_pending_metrics = 0;
	free(s->out_path);
	free(s->out_tmp);
	s->out_path = s->out_tmp = NULL;
	s->dirty = 1;
}

/* Settle what a run that died left pending. */
static void
resolve_pending(struct sx_state *s)
{
	int landed;

	if (s->out_path == NULL)
		return;
	landed = is_output(s, s->out_path);
	if (!landed && is_output(s, s->out_tmp))
		unlink(s->out_tmp);   /* the dead run's half report */
	settle_pending(s, landed);
}

/* Forget captures that can never match again: their path is gone or
 * holds another file (a capture moved elsewhere is reported again). */
static void
prune(struct sx_state *s)
{
	struct sx_capid id;
	size_t i, w = 0;

	for (i = 0; i < s->reported.n; i++) {
		struct sx_state_entry *e = &s->reported.v[i];
		int gone;

		if (sx_capid_of(e->path, &id) == 0)
			gone = cmp_id(&id, &e->id) != 0;
		else
			gone = errno == ENOENT || errno == ENOTDIR;
		if (gone) {
			free(e->path);
			s->dirty = 1;
		} else {
			s->reported.v[w++] = *e;
		}
	}
	s->reported.n = w;
}

/* Remove what a run killed while saving left: temporary files of the
 * state (".BASE.XXXXXX" beside it). Only the holder of the lock saves
 * the state, so none of them is in use. */
static void
remove_stale(const struct sx_state *s)
{
	const char *slash = strrchr(s->path, '/');
	const char *base = slash ? slash + 1 : s->path;
	struct sx_buf dir = { 0 }, prefix = { 0 }, p = { 0 };
	struct dirent *de;
	DIR *d;

	if (slash)
		sx_buf_add(&dir, s->path, (size_t)(slash - s->path) + 1);
	else
		sx_buf_adds(&dir, "./");
	sx_buf_printf(&prefix, ".%s.", base);
	d = opendir(sx_buf_cstr(&dir));
	while (d != NULL && (de = readdir(d)) != NULL) {
		if (strlen(de->d_name) != prefix.len + 6 ||
		    strncmp(de->d_name, prefix.data, prefix.len) != 0)
			continue;
		sx_buf_reset(&p);
		sx_buf_printf(&p, "%s%s", sx_buf_cstr(&dir), de->d_name);
		unlink(sx_buf_cstr(&p));
	}
	if (d != NULL)
		closedir(d);
	sx_buf_free(&dir);
	sx_buf_free(&prefix);
	sx_buf_free(&p);
}

/* A write lock on the whole file. */
static void
write_lock(struct flock *fl)
{
	memset(fl, 0, sizeof(*fl));
	fl->l_type = F_WRLCK;
	fl->l_whence = SEEK_SET;
}

static int
lock(struct sx_state *s, char *err, size_t errsize)
{
	struct sx_buf b = { 0 };
	struct flock fl;

	sx_buf_printf(&b, "%s.lock", s->path);
	s->lockfd = open(sx_buf_cstr(&b), O_RDWR | O_CREAT | O_CLOEXEC,
	    0600);
	if (s->lockfd < 0) {
		snprintf(err, errsize, "%s: %s", sx_buf_cstr(&b),
		    strerror(errno));
		sx_buf_free(&b);
		return -1;
	}
	write_lock(&fl);
	if (fcntl(s->lockfd, F_SETLK, &fl) == 0) {
		/* Who holds it, for a person looking; a failure here does
		 * not matter (the lock counts, not the text). */
		sx_buf_reset(&b);
		sx_buf_printf(&b, "%ld\n", (long)getpid());
		if (ftruncate(s->lockfd, 0) == 0)
			s->lock_text = pwrite(s->lockfd, b.data, b.len, 0) ==
			    (ssize_t)b.len;
		sx_buf_free(&b);
		return 0;
	}
	if (errno != EACCES && errno != EAGAIN) {
		snprintf(err, errsize, "%s: locking: %s", sx_buf_cstr(&b),
		    strerror(errno));
		sx_buf_free(&b);
		return -1;
	}
	write_lock(&fl);
	if (fcntl(s->lockfd, F_GETLK, &fl) == 0 && fl.l_type != F_UNLCK)
		snprintf(err, errsize, "%s: in use by another streamxpert "
		    "run (pid %ld); this one stops", s->path, (long)fl.l_pid);
	else
		snprintf(err, errsize, "%s: in use by another streamxpert "
		    "run; this one stops", s->path);
	sx_buf_free(&b);
	return 1;
}

int
sx_state_open(struct sx_state *s, const char *path, char *err,
    size_t errsize)
{
	int rc;

	memset(s, 0, sizeof(*s));
	s->path = sx_strdup(path);
	rc = lock(s, err, errsize);
	if (rc != 0)
		return rc;
	remove_stale(s);
	if (load(s, err, errsize) != 0)
		return -1;
	resolve_pending(s);
	prune(s);
	if (s->reported.n > 1)
		qsort(s->reported.v, s->reported.n, sizeof(*s->reported.v),
		    cmp_entry);
	return 0;
}

int
sx_state_has(const struct sx_state *s, const struct sx_capid *id)
{
	struct sx_state_entry key;

	key.id = *id;
	return s->reported.n && bsearch(&key, s->reported.v, s->reported.n,
	    sizeof(key), cmp_entry) != NULL;
}

void
sx_state_add(struct sx_state *s, const struct sx_capid *id,
    const char *path)
{
	list_add(&s->reported, id, path);
	s->dirty = 1;
}

void
sx_state_add_pending(struct sx_state *s, const struct sx_capid *id,
    const char *path)
{
	list_add(&s->pending, id, path);
	s->dirty = 1;
}

void
sx_state_set_output(struct sx_state *s, const char *out_path,
    const char *tmp, uint64_t dev, uint64_t ino)
{
	free(s->out_path);
	free(s->out_tmp);
	s->out_path = sx_strdup(out_path);
	s->out_tmp = sx_strdup(tmp);
	s->out_dev = dev;
	s->out_ino = ino;
	s->dirty = 1;
}

void
sx_state_set_metrics(struct sx_state *s, struct sx_metric_list *l)
{
	sx_metric_list_free(&s->metrics);
	s->metrics = *l;
	memset(l, 0, sizeof(*l));
	s->dirty = 1;
}

void
sx_state_set_pending_metrics(struct sx_state *s, struct sx_metric_list *l)
{
	sx_metric_list_free(&s->pending_metrics);
	s->pending_metrics = *l;
	s->has_pending_metrics = 1;
	memset(l, 0, sizeof(*l));
	s->dirty = 1;
}

void
sx_state_output_done(struct sx_state *s)
{
	settle_pending(s, 1);
}

static void
put_metrics(struct sx_buf *b, const char *kind,
    const struct sx_metric_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		sx_buf_printf(b, "%s\t", kind);
		sx_escape_text(b, l->v[i].key, strlen(l->v[i].key));
		sx_buf_addc(b, '\t');
		sx_escape_text(b, l->v[i].value, strlen(l->v[i].value));
		sx_buf_addc(b, '\n');
	}
}

static void
put_entries(struct sx_buf *b, const char *kind,
    const struct sx_state_list *l)
{
	size_t i;

	for (i = 0; i < l->n; i++) {
		const struct sx_capid *id = &l->v[i].id;

		sx_buf_printf(b, "%s\t%" PRIu64 "\t%" PRIu64 "\t%" PRIu64
		    "\t%" PRId64 "\t", kind, id->dev, id->ino, id->size,
		    id->mtime_ns);
		sx_escape_text(b, l->v[i].path, strlen(l->v[i].path));
		sx_buf_addc(b, '\n');
	}
}

int
sx_state_save(struct sx_state *s, char *err, size_t errsize)
{
	struct sx_outfile o;
	struct sx_buf b = { 0 };
	int bad;

	sx_buf_printf(&b, "%s\n", s->metrics.n || s->has_pending_metrics ?
	    magic2 : magic);
	put_entries(&b, "reported", &s->reported);
	put_metrics(&b, "metric", &s->metrics);
	if (s->out_path != NULL) {
		sx_buf_printf(&b, "output\t%" PRIu64 "\t%" PRIu64 "\t",
		    s->out_dev, s->out_ino);
		sx_escape_text(&b, s->out_path, strlen(s->out_path));
		sx_buf_addc(&b, '\t');
		sx_escape_text(&b, s->out_tmp, strlen(s->out_tmp));
		sx_buf_addc(&b, '\n');
		put_entries(&b, "pending", &s->pending);
		if (s->has_pending_metrics)
			put_metrics(&b, "pending-metric", &s->pending_metrics);
	}
	if (sx_outfile_open(&o, s->path, 0600, err, errsize) != 0) {
		sx_buf_free(&b);
		return -1;
	}
	bad = fwrite(b.data, 1, b.len, o.fp) != b.len;
	sx_buf_free(&b);
	if (bad) {
		snprintf(err, errsize, "%s: %s", s->path, strerror(errno));
		sx_outfile_abort(&o);
		return -1;
	}
	if (sx_outfile_finish(&o, err, errsize) != 0 ||
	    sx_outfile_commit(&o, err, errsize) != 0) {
		sx_outfile_abort(&o);
		return -1;
	}
	sx_outfile_free(&o);
	s->dirty = 0;
	return 0;
}

void
sx_state_close(struct sx_state *s)
{
	list_free(&s->reported);
	list_free(&s->pending);
	sx_metric_list_free(&s->metrics);
	sx_metric_list_free(&s->pending_metrics);
	free(s->out_path);
	free(s->out_tmp);
	free(s->path);
	if (s->lockfd > 0)
		close(s->lockfd);
	memset(s, 0, sizeof(*s));
}
