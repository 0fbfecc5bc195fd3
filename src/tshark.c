/* tshark.c - locate tshark, probe its version, build its argument vector,
 * and turn what it says on stderr into one line for the user. */
#include "tshark.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "fields.h"
#include "flowsplit.h"
#include "probe.h"
#include "proc.h"
#include "util.h"

static const char *const engine_names[] = {
	[SX_ENGINE_AUTO] = "auto",
	[SX_ENGINE_PLAIN] = "plain",
	[SX_ENGINE_FIELDS] = "fields",
	[SX_ENGINE_COLUMNS] = "columns",
};

int
sx_engine_parse(const char *s, enum sx_engine *e)
{
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(engine_names); i++) {
		if (strcmp(s, engine_names[i]) == 0) {
			*e = (enum sx_engine)i;
			return 0;
		}
	}
	return -1;
}

const char *
sx_engine_name(enum sx_engine e)
{
	return engine_names[e];
}

static int
is_executable(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISREG(st.st_mode) &&
	    access(path, X_OK) == 0;
}

/* Search PATH for name; returns a malloc'd path or NULL. */
static char *
search_path(const char *name)
{
	const char *path = getenv("PATH");
	struct sx_buf b = { 0 };

	if (path == NULL || *path == '\0')
		path = "/usr/local/bin:/usr/bin:/bin";
	while (1) {
		const char *colon = strchr(path, ':');
		size_t n = colon ? (size_t)(colon - path) : strlen(path);

		sx_buf_reset(&b);
		if (n == 0)
			sx_buf_adds(&b, ".");
		else
			sx_buf_add(&b, path, n);
		sx_buf_addc(&b, '/');
		sx_buf_adds(&b, name);
		if (is_executable(b.data))
			return b.data;
		if (colon == NULL)
			break;
		path = colon + 1;
	}
	sx_buf_free(&b);
	return NULL;
}

int
sx_tshark_find(struct sx_tshark *ts, const char *path_opt, char *err,
    size_t errsize)
{
	const char *want = path_opt, *how = "--tshark";

	if (want == NULL || *want == '\0') {
		want = getenv("STREAMXPERT_TSHARK");
		how = "STREAMXPERT_TSHARK";
	}
	if (want != NULL && *want != '\0') {
		if (strchr(want, '/') != NULL) {
			if (!is_executable(want)) {
				snprintf(err, errsize, "%s %s: %s", how, want,
				    access(want, F_OK) == 0 ?
				    "not an executable file" :
				    strerror(errno));
				return -1;
			}
			ts->path = sx_strdup(want);
		} else if ((ts->path = search_path(want)) == NULL) {
			snprintf(err, errsize, "%s %s: not found in PATH", how,
			    want);
			return -1;
		}
		return 0;
	}
	ts->path = search_path("tshark");
	if (ts->path == NULL) {
		snprintf(err, errsize, "tshark not found in PATH; install it "
		    "(Debian/Ubuntu: apt-get install tshark) or give its "
		    "location with --tshark PATH or STREAMXPERT_TSHARK");
		return -1;
	}
	return 0;
}

/* Pull "X.Y.Z" out of tshark's -v banner ("TShark (Wireshark) 4.0.17 (Git
 * v4.0.17 packaged as ...)"). */
static int
parse_version(struct sx_tshark *ts, const char *text)
{
	const char *p = strstr(text, "TShark");
	int a, b, c, n = 0;

	if (p == NULL)
		return -1;
	for (; *p && *p != '\n'; p++) {
		if (*p >= '0' && *p <= '9' && p[-1] == ' ' &&
		    sscanf(p, "%d.%d.%d%n", &a, &b, &c, &n) == 3) {
			snprintf(ts->version, sizeof(ts->version), "%.*s", n,
			    p);
			ts->major = a;
			ts->minor = b;
			ts->micro = c;
			return 0;
		}
	}
	return -1;
}

/* Run "tshark -v"; collect its stdout (bounded) and its exit status. */
static int
run_version(struct sx_tshark *ts, struct sx_buf *out, int *status,
    char *err, size_t errsize)
{
	char vflag[] = "-v";
	char *argv[] = { ts->path, vflag, NULL };
	struct sx_buf errout = { 0 };
	int r = sx_probe_run(argv, sx_tshark_env(ts), 0, out, &errout, status,
	    err, errsize);

	sx_buf_free(&errout);
	return r;
}

/* Run "tshark -v" and take the version from it. Returns 0, or -1 with
 * a message in err (ts->version stays empty). */
static int
probe(struct sx_tshark *ts, char *err, size_t errsize)
{
	struct sx_buf out = { 0 };
	int status = 0;

	if (run_version(ts, &out, &status, err, errsize) != 0) {
		sx_buf_free(&out);
		return -1;
	}
	if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
		char how[96];

		sx_describe_status(status, how, sizeof(how));
		snprintf(err, errsize, "%s -v %s; is it tshark?", ts->path,
		    how);
		sx_buf_free(&out);
		return -1;
	}
	if (parse_version(ts, sx_buf_cstr(&out)) != 0) {
		snprintf(err, errsize, "%s -v does not print a TShark "
		    "version; is it tshark?", ts->path);
		sx_buf_free(&out);
		return -1;
	}
	sx_buf_free(&out);
	return 0;
}

/* The probe cache. "tshark -v" costs about 0.35 s (libwireshark starts
 * up) on every run, and its answer depends only on the binary. So the
 * version is kept in ${XDG_CACHE_HOME:-~/.cache}/streamxpert/, one file
 * per tshark path, together with the binary's identity (device, inode,
 * size, mtime, ctime): a binary that was replaced, touched or upgraded
 * does not match and is probed again. The file must be ours, a regular
 * file not writable by others, and hold exactly what cache_write writes;
 * anything else is ignored (and overwritten). STREAMXPERT_NO_CACHE (any
 * non-empty value) turns the cache off. */
#define CACHE_MAGIC "streamxpert tshark probe 3\n"

/* FNV-1a over n bytes: the cache file's check sum, against a file cut
 * short or damaged. */
static uint64_t
fnv1a(const char *p, size_t n)
{
	uint64_t h = 14695981039346656037ULL;
	size_t i;

	for (i = 0; i < n; i++)
		h = (h ^ (unsigned char)p[i]) * 1099511628211ULL;
	return h;
}

/* The cache file for path, or NULL when there is no cache. */
static char *
cache_file(const char *path, struct sx_buf *dir)
{
	const char *xdg = getenv("XDG_CACHE_HOME"), *home = getenv("HOME");
	const char *off = getenv("STREAMXPERT_NO_CACHE");
	struct sx_buf b = { 0 };

	if (off != NULL && *off != '\0')
		return NULL;
	if (xdg != NULL && xdg[0] == '/')
		sx_buf_printf(dir, "%s", xdg);
	else if (home != NULL && home[0] == '/')
		sx_buf_printf(dir, "%s/.cache", home);
	else
		return NULL;
	sx_buf_printf(&b, "%s/streamxpert/tshark-%016" PRIx64, dir->data,
	    fnv1a(path, strlen(path)));
	return b.data;
}

/* What identifies the binary: its path and its inode's state. */
static int
cache_key(const char *path, struct sx_buf *key)
{
	struct stat st;

	if (stat(path, &st) != 0)
		return -1;
	sx_buf_printf(key, CACHE_MAGIC "path=%s\nbinary=%ju %ju %jd "
	    "%jd.%09ld %jd.%09ld\nversion=", path, (uintmax_t)st.st_dev,
	    (uintmax_t)st.st_ino, (intmax_t)st.st_size,
	    (intmax_t)st.st_mtim.tv_sec, (long)st.st_mtim.tv_nsec,
	    (intmax_t)st.st_ctim.tv_sec, (long)st.st_ctim.tv_nsec);
	return 0;
}

/* "X.Y.Z\n" and nothing else, each number at most 5 digits. */
static int
cache_version(struct sx_tshark *ts, const char *v, size_t n)
{
	int num[3] = { 0, 0, 0 };
	size_t i = 0, k;

	for (k = 0; k < 3; k++) {
		size_t start = i;

		while (i < n && v[i] >= '0' && v[i] <= '9' && i - start < 5)
			num[k] = num[k] * 10 + (v[i++] - '0');
		if (i == start || i >= n || v[i] != (k < 2 ? '.' : '\n'))
			return -1;
		i++;
	}
	if (i != n || n >= sizeof(ts->version))
		return -1;
	snprintf(ts->version, sizeof(ts->version), "%.*s", (int)n - 1, v);
	ts->major = num[0];
	ts->minor = num[1];
	ts->micro = num[2];
	return 0;
}

/* Fill ts's version from the cache; 0 on a hit. */
static int
cache_read(struct sx_tshark *ts, const char *file, const char *key)
{
	char buf[8192];
	struct stat st;
	size_t klen = strlen(key), n = 0;
	ssize_t r;
	int fd, ok = -1;

	fd = open(file, O_RDONLY | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -1;
	if (fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    st.st_uid != geteuid() || (st.st_mode & 022) != 0 ||
	    st.st_size >= (off_t)sizeof(buf))
		goto out;
	while (n < sizeof(buf) &&
	    (r = read(fd, buf + n, sizeof(buf) - n)) != 0) {
		if (r < 0) {
			if (errno == EINTR)
				continue;
			goto out;
		}
		n += (size_t)r;
	}
	/* key, "X.Y.Z\n", what probe.c found (sx_caps_write), then
	 * "check=" and 16 hex digits and "\n" */
	if (n > klen + 23 && n < sizeof(buf) &&
	    memcmp(buf, key, klen) == 0) {
		char want[24];
		const char *v = buf + klen, *nl;

		snprintf(want, sizeof(want), "check=%016" PRIx64 "\n",
		    fnv1a(buf, n - 23));
		nl = memchr(v, '\n', n - 23 - klen);
		if (memcmp(buf + n - 23, want, 23) == 0 && nl != NULL &&
		    cache_version(ts, v, (size_t)(nl + 1 - v)) == 0)
			ok = sx_caps_read(&ts->caps, nl + 1,
			    (size_t)(buf + n - 23 - (nl + 1)));
		if (ok != 0)
			ts->version[0] = '\0';
	}
out:
	close(fd);
	return ok;
}

/* Make dir (mode 0700) if it does not exist. */
static int
make_dir(const char *dir)
{
	return mkdir(dir, 0700) == 0 || errno == EEXIST ? 0 : -1;
}

/* Store ts's version: written to a temporary file, then renamed over the
 * old one, so that a reader sees the old file or the new one, whole.
 * Failures are silent: the cache only saves time. */
static void
cache_write(const struct sx_tshark *ts, const char *file, struct sx_buf *dir,
    const char *key)
{
	struct sx_buf tmp = { 0 }, text = { 0 };
	size_t off = 0;
	int fd;

	if (make_dir(dir->data) != 0)
		return;
	sx_buf_adds(dir, "/streamxpert");
	if (make_dir(dir->data) != 0)
		return;
	sx_buf_printf(&tmp, "%s.XXXXXX", file);
	sx_buf_printf(&text, "%s%s\n", key, ts->version);
	sx_caps_write(&ts->caps, &text);
	sx_buf_printf(&text, "check=%016" PRIx64 "\n",
	    fnv1a(text.data, text.len));
	fd = mkstemp(tmp.data);
	if (fd < 0)
		goto out;
	while (off < text.len) {
		ssize_t r = write(fd, text.data + off, text.len - off);

		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		off += (size_t)r;
	}
	if (close(fd) != 0 || off != text.len ||
	    rename(tmp.data, file) != 0)
		unlink(tmp.data);
out:
	sx_buf_free(&tmp);
	sx_buf_free(&text);
}

/* The versions the suite runs (make check-versions): 3.4, 4.0, 4.4 and
 * 4.6, and those between them. */
static int
tested_version(const struct sx_tshark *ts)
{
	int v = ts->major * 100 + ts->minor;

	return v >= 304 && v <= 406;
}

/* What the probe leaves known: the caps of a tested version only (the
 * tuned engines are proven exact there by make check-versions, and run
 * nowhere else: plan.c), and whether tcp.completeness is there. */
static void
settle_caps(struct sx_tshark *ts)
{
	if (!tested_version(ts))
		sx_caps_free(&ts->caps);
	if (ts->caps.known)
		ts->has_completeness = !ts->caps.no_field[SX_F_COMPLETENESS];
	else
		ts->has_completeness = ts->major > 3 ||
		    (ts->major == 3 && ts->minor >= 6);
}

int
sx_tshark_probe(struct sx_tshark *ts, char *err, size_t errsize)
{
	struct sx_buf dir = { 0 }, key = { 0 };
	char *file = cache_file(ts->path, &dir);
	int cached = 0;

	if (file != NULL && cache_key(ts->path, &key) == 0 &&
	    cache_read(ts, file, key.data) == 0)
		cached = 1;
	if (!cached && probe(ts, err, errsize) == 0) {
		/* The caps are probed where the tuned engine may run (the
		 * tested versions; elsewhere they stay empty and unused).
		 * Without them streamxpert still runs (plain -T fields),
		 * so their failure is not the user's error; it is not
		 * cached either, and is tried again next time. A probe
		 * that does not answer is said; a signal stops the run. */
		int r = 0;

		if (tested_version(ts))
			r = sx_probe_caps(ts->path, sx_tshark_env(ts),
			    &ts->caps, err, errsize);
		if (r == SX_PROBE_TIMEOUT)
			sx_warn("%s; tshark runs untuned", err);
		if (r == SX_PROBE_SIGNAL)
			ts->version[0] = '\0';
		else if (r == 0 && file != NULL && key.data != NULL)
			cache_write(ts, file, &dir, key.data);
	}
	sx_buf_free(&dir);
	sx_buf_free(&key);
	free(file);
	if (!cached && ts->version[0] == '\0')
		return -1;
	settle_caps(ts);
	return 0;
}

int
sx_tshark_lacks(const struct sx_tshark *ts, const struct sx_fieldset *fs)
{
	int f;

	for (f = 0; f < SX_F_COUNT; f++)
		if (fs->want[f] && ts->caps.no_field[f])
			return f;
	return -1;
}

enum sx_flag_style
sx_tshark_flag_style(const struct sx_tshark *ts)
{
	return ts->engine == SX_ENGINE_COLUMNS ? SX_FLAGSTYLE_COLUMNS :
	    SX_FLAGSTYLE_FIELDS;
}

const char *const *
sx_tshark_env(const struct sx_tshark *ts)
{
	static char entry[4096];
	static const char *env[2];

	if (ts->config_dir == NULL)
		return NULL;
	snprintf(entry, sizeof(entry), "WIRESHARK_CONFIG_DIR=%s",
	    ts->config_dir);
	env[0] = entry;
	env[1] = NULL;
	return env;
}

struct argv_builder {
	char **v;
	size_t n, cap;
};

static void
add(struct argv_builder *a, const char *s)
{
	a->v = sx_grow(a->v, &a->cap, a->n + 2, sizeof(*a->v), 64);
	a->v[a->n++] = sx_strdup(s);
	a->v[a->n] = NULL;
}

static void
add2(struct argv_builder *a, const char *opt, const char *val)
{
	add(a, opt);
	add(a, val);
}

/* -o pref, where the tshark takes it (the probe says; 3.4 lacks some of
 * the statistics' preferences, and then works as the pinned value says). */
static void
pin(struct argv_builder *a, const struct sx_tshark *ts, const char *pref)
{
	if (sx_caps_pref_ok(&ts->caps, pref))
		add2(a, "-o", pref);
}

int
sx_tshark_fields(const struct sx_tshark *ts, const struct sx_tshark_run *run,
    struct sx_fieldset *out)
{
	*out = *run->fields;
	out->want[SX_F_NET_SRC] = out->want[SX_F_IPVER] =
	    out->want[SX_F_NET_DST] = 0;
	if (!run->cheap_endpoints || ts->engine != SX_ENGINE_COLUMNS ||
	    !ts->tuned || !out->want[SX_F_PROTOCOLS]) {
		/* -T fields prints a field asked for twice only in its last
		 * place: the service reads frame.protocols from the
		 * endpoints' field then (parse_stats.c) */
		if (out->want[SX_F_PROTOCOLS])
			out->want[SX_F_APPPROTO] = 0;
		return 0;
	}
	out->want[SX_F_PROTOCOLS] = 0;
	out->want[SX_F_IP_SRC] = out->want[SX_F_IP_DST] = 0;
	out->want[SX_F_IP6_SRC] = out->want[SX_F_IP6_DST] = 0;
	out->want[SX_F_NET_SRC] = out->want[SX_F_IPVER] =
	    out->want[SX_F_NET_DST] = 1;
	/* The ports must be tcp.srcport and tcp.dstport, the TCP header's
	 * own (pinfo's ports may be changed by a later dissector), and
	 * every occurrence of them counts the TCP headers. */
	out->want[SX_F_SRCPORT] = out->want[SX_F_DSTPORT] = 1;
	return 1;
}

/* The preferences pinned and the heuristics turned off (probe.c). */
static void
add_prefs(struct argv_builder *a, const struct sx_tshark *ts,
    const struct sx_fieldset *fs)
{
	struct sx_buf b = { 0 };
	size_t i;

	/* Every analysis flag depends on this one; a profile may turn it
	 * off, so it is pinned. */
	add2(a, "-o", "tcp.analyze_sequence_numbers:TRUE");
	/* The statistics' preferences (stats.h), pinned only when their
	 * fields are asked for, so the default command stays as it was:
	 * bytes in flight must be tracked; a window whose scale factor
	 * the capture does not show must stay unknown (-1), not be scaled
	 * by a guess; the service and the server name are decoded from
	 * reassembled PDUs, by the port's dissector before a heuristic
	 * one, as tshark does by default. */
	if (fs->want[SX_F_INFLIGHT]) {
		pin(a, ts, "tcp.track_bytes_in_flight:TRUE");
		pin(a, ts, "tcp.bif_seq_based:FALSE");
	}
	if (fs->want[SX_F_WINSIZE] || fs->want[SX_F_WINSCALE])
		pin(a, ts, "tcp.default_window_scaling:Not known");
	if (sx_fieldset_needs_payload(fs)) {
		pin(a, ts, "tcp.desegment_tcp_streams:TRUE");
		pin(a, ts, "tcp.try_heuristic_first:FALSE");
		pin(a, ts, "tls.desegment_ssl_records:TRUE");
		pin(a, ts, "http.desegment_headers:TRUE");
	}
	/* What the probe found this tshark accepts (probe.c). The
	 * service is what tshark decodes by default: its heuristic
	 * dissectors stay on then (TLS or HTTP on an unusual port). */
	for (i = 0; ts->tuned && i < SX_NPRUNE; i++)
		if (ts->caps.prefs & (1u << i))
			add2(a, "-o", sx_prune_prefs[i]);
	for (i = 0; ts->tuned && !sx_fieldset_needs_payload(fs) &&
	    i < ts->caps.nheur; i++) {
		/* one that starts TCP conversations changes tcp.stream
		 * (flowsplit.c gives it its frames whole) */
		if (sx_flow_heuristic_makes_streams(ts->caps.heur[i]))
			continue;
		sx_buf_reset(&b);
		sx_buf_printf(&b, "--disable-heuristic=%s", ts->caps.heur[i]);
		add(a, b.data);
	}
	sx_buf_free(&b);
}

/* The fields asked for, and how tshark prints them. */
static void
add_output(struct argv_builder *a, const struct sx_tshark *ts,
    const struct sx_fieldset *fs)
{
	struct sx_buf b = { 0 };
	int f;

	if (ts->engine != SX_ENGINE_COLUMNS) {
		add2(a, "-T", "fields");
		add2(a, "-E", "separator=/t");
		add2(a, "-E", "occurrence=a");
		add2(a, "-E", "aggregator=,");
		add2(a, "-E", "quote=n");
		add2(a, "-E", "header=n");
		for (f = 0; f < SX_F_COUNT; f++)
			if (fs->want[f])
				add2(a, "-e", sx_field_names[f]);
		return;
	}
	sx_buf_adds(&b, "gui.column.format:");
	/* In -T tabs output tshark puts an arrow between a source column
	 * and a destination column next to it: the enum keeps ip.version
	 * between %uns and %und. */
	for (f = 0; f < SX_F_COUNT; f++) {
		if (!fs->want[f])
			continue;
		sx_buf_printf(&b, "%s\"%d\",",
		    b.data[b.len - 1] == ':' ? "" : ",", f);
		if (f == SX_F_NET_SRC)
			sx_buf_adds(&b, "\"%uns\"");
		else if (f == SX_F_NET_DST)
			sx_buf_adds(&b, "\"%und\"");
		else
			sx_buf_printf(&b, "\"%%Cus:%s:%d:U\"",
			    sx_field_names[f],
			    sx_field_all_occurrences[f] ? 0 : 1);
	}
	add2(a, "-o", b.data);
	add2(a, "-T", "tabs");
	sx_buf_free(&b);
}

char **
sx_tshark_argv(const struct sx_tshark *ts, const struct sx_tshark_run *run)
{
	struct argv_builder a = { 0 };
	struct sx_fieldset fs;
	size_t i;

	sx_tshark_fields(ts, run, &fs);
	add(&a, ts->path);
	add(&a, "-n");
	if (run->interface) {
		add2(&a, "-i", run->interface);
		if (run->cfilter)
			add2(&a, "-f", run->cfilter);
		for (i = 0; run->autostop && run->autostop[i]; i++)
			add2(&a, "-a", run->autostop[i]);
	} else {
		add2(&a, "-r", "-");
	}
	add_prefs(&a, ts, &fs);
	if (run->dfilter)
		add2(&a, "-Y", run->dfilter);
	if (run->line_buffered)
		add(&a, "-l");
	add_output(&a, ts, &fs);
	return a.v;
}

void
sx_argv_free(char **argv)
{
	size_t i;

	for (i = 0; argv && argv[i]; i++)
		free(argv[i]);
	free(argv);
}

int
sx_tshark_isolate(struct sx_tshark *ts, char *err, size_t errsize)
{
	const char *tmp = getenv("TMPDIR");
	struct sx_buf b = { 0 };

	if (tmp == NULL || *tmp == '\0')
		tmp = "/tmp";
	sx_buf_printf(&b, "%s/streamxpert.XXXXXX", tmp);
	if (mkdtemp(b.data) == NULL) {
		snprintf(err, errsize, "cannot make a directory in %s: %s",
		    tmp, strerror(errno));
		sx_buf_free(&b);
		return -1;
	}
	ts->config_dir = b.data;
	return 0;
}

void
sx_tshark_free(struct sx_tshark *ts)
{
	sx_caps_free(&ts->caps);
	free(ts->path);
	ts->path = NULL;
	if (ts->config_dir) {
		rmdir(ts->config_dir);
		free(ts->config_dir);
		ts->config_dir = NULL;
	}
}

/* tshark's own line (n bytes at line), prefixed "tshark: ", where "the
 * standard input" becomes "the capture": streamxpert feeds tshark
 * through a pipe, and the message it is part of names the file. */
static void
unpipe(struct sx_buf *b, const char *line, size_t n)
{
	static const char std[] = "he standard input";
	const size_t len = sizeof(std) - 1;
	size_t i = 0, from = 0;

	sx_buf_adds(b, "tshark: ");
	while (i + 1 + len <= n) {
		if ((line[i] == 't' || line[i] == 'T') &&
		    memcmp(line + i + 1, std, len) == 0) {
			sx_buf_add(b, line + from, i - from);
			sx_buf_adds(b, line[i] == 'T' ? "The capture" :
			    "the capture");
			i += 1 + len;
			from = i;
		} else {
			i++;
		}
	}
	sx_buf_add(b, line + from, n - from);
}

char *
sx_tshark_explain(const char *text, enum sx_tshark_fault *code)
{
	static const struct {
		const char *tshark, *ours;
		enum sx_tshark_fault code;
	} known[] = {
		{ "appears to have been cut short in the middle of a packet",
		  "the capture is cut short in the middle of a packet",
		  SX_TSHARK_CUT_SHORT },
		{ "isn't a capture file in a format TShark understands",
		  "not a capture file (tshark knows no such format)",
		  SX_TSHARK_NOT_CAPTURE },
		{ "appears to be damaged or corrupt",
		  "the capture is damaged or corrupt", SX_TSHARK_DAMAGED },
		{ "or other non-regular file",
		  "not a file tshark can read (a device or a socket)",
		  SX_TSHARK_NOT_FILE },
	};
	struct sx_buf b = { 0 };
	const char *line = NULL, *p, *nl;
	size_t i, n = 0;

	if (code)
		*code = SX_TSHARK_FAILED;
	/* The last line that tshark itself wrote ("tshark: ..."), with a
	 * following "(detail)" line if there is one. */
	for (p = text; p && *p; p = nl ? nl + 1 : NULL) {
		nl = strchr(p, '\n');
		if (strncmp(p, "tshark: ", 8) == 0) {
			line = p + 8;
			n = nl ? (size_t)(nl - line) : strlen(line);
			if (nl && nl[1] == '(') {
				const char *nl2 = strchr(nl + 1, '\n');

				n = nl2 ? (size_t)(nl2 - line) : strlen(line);
			}
		}
	}
	if (line == NULL) {
		/* Not tshark's own words: take the last line as it is. */
		for (p = text; p && *p; p = nl ? nl + 1 : NULL) {
			nl = strchr(p, '\n');
			line = p;
			n = nl ? (size_t)(nl - p) : strlen(p);
		}
	}
	if (line == NULL)
		return NULL;
	for (i = 0; i < SX_ARRAY_LEN(known); i++) {
		const char *hit = strstr(line, known[i].tshark);

		if (hit != NULL && hit < line + n) {
			const char *detail = strchr(hit, '(');

			sx_buf_adds(&b, known[i].ours);
			if (detail && detail < line + n)
				sx_buf_printf(&b, " %.*s",
				    (int)(line + n - detail), detail);
			if (code)
				*code = known[i].code;
			break;
		}
	}
	if (i == SX_ARRAY_LEN(known))
		unpipe(&b, line, n);
	for (i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\t')
			b.data[i] = ' ';
	return b.data;
}

char *
sx_tshark_message(const char *text)
{
	return sx_tshark_explain(text, NULL);
}
