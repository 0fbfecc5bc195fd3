/* probe.c - ask one tshark which heuristics, fields and preferences it
 * has (see probe.h). */
#include "probe.h"

#include <errno.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include "proc.h"
#include "signals.h"

/* Preferences that only cost time and memory: TCP bookkeeping that no
 * field streamxpert reads depends on. (tcp.track_bytes_in_flight is not
 * one of them: turned off, it hides tcp.analysis.initial_rtt on some
 * frames, and a stream can lose its only one.) */
const char *const sx_prune_prefs[SX_NPREFS] = {
	"tcp.calculate_timestamps:FALSE",
	"tcp.relative_sequence_numbers:FALSE",
	"tcp.summary_in_tree:FALSE",
	/* pinned by the statistics (tshark 3.4 lacks tcp.bif_seq_based) */
	"tcp.track_bytes_in_flight:TRUE",
	"tcp.bif_seq_based:FALSE",
	"tcp.default_window_scaling:Not known",
	"tcp.desegment_tcp_streams:TRUE",
	"tcp.try_heuristic_first:FALSE",
	"tls.desegment_ssl_records:TRUE",
	"http.desegment_headers:TRUE",
};

int
sx_caps_pref_ok(const struct sx_caps *caps, const char *pref)
{
	size_t i;

	if (!caps->known)
		return 1;
	for (i = 0; i < SX_NPREFS; i++)
		if (strcmp(sx_prune_prefs[i], pref) == 0)
			return (caps->prefs >> i) & 1;
	return 1;
}

/* Short names of TCP heuristic sub-dissectors in tshark 3.4 to 4.0, which
 * print only the protocol in -G heuristic-decodes: candidates, kept only
 * where the tshark at hand accepts them. */
static const char *const known_heuristics[] = {
	"adwin_config_tcp", "bfcp_tcp", "bitcoin_tcp", "bittorrent_tcp",
	"ceph_tcp", "cimd_tcp", "classicstun_tcp", "ctdb_tcp", "dcerpc_tcp",
	"diameter_tcp", "dicom_tcp", "dnp3_tcp", "dplay_tcp", "drbd_tcp",
	"drda_tcp", "etch_tcp", "fcip_tcp", "fix_tcp", "fmtp_tcp", "giop_tcp",
	"hdcp2_tcp", "hi_tcp", "hislip_tcp", "hl7_tcp", "http2_tcp",
	"http_tcp", "icep_tcp", "ifcp_tcp", "ipsec_tcp", "iscsi_tcp",
	"iwarp_mpa_tcp", "jxta_tcp", "lanforge_tcp", "lbmsrs_tcp",
	"lbttcp_tcp", "mq_tcp", "msrp_tcp", "nano-tcp", "nbd_tcp", "ndmp_tcp",
	"netperfmeter_tcp", "njack_tcp", "ocp1_tcp", "openflow_tcp",
	"openwire_tcp", "ouch_soupbintcp", "paltalk_tcp", "proxy_tcp",
	"pvfs_tcp", "q931_tcp", "rdmnet_tcp", "reload_framing_tcp",
	"reload_tcp", "rpcap_tcp", "rtmpt_tcp", "rtps_rtitcp", "rtps_tcp",
	"sip_tcp", "smc_tcp", "smpp_tcp", "spdy_tcp", "spice_tcp",
	"starteam_tcp", "tali_tcp", "tcpros_tcp", "tds_tcp", "thrift_tcp",
	"tls_tcp", "tpkt_tcp", "tuxedo_tcp", "ucp_tcp", "vnc_tcp",
	"websocket_tcp", "xcsl_tcp", "xmcp_tcp", "xml_tcp", "yhoo_tcp",
	"ymsg_tcp", "ziop_tcp",
};

/* A pcap file header (little-endian, Ethernet) and no packet. */
static const unsigned char empty_pcap[24] = {
	0xd4, 0xc3, 0xb2, 0xa1, 2, 0, 4, 0, 0, 0, 0, 0, 0, 0, 0, 0,
	0xff, 0xff, 0, 0, 1, 0, 0, 0,
};

#define MAX_OUT (4u << 20)   /* what is kept of a probe's stdout */
#define MAX_ERR (256u << 10) /* ... and of its stderr */
#define MAX_HEUR 4096

#define PROBE_LIMIT_MS 30000L

long
sx_probe_limit_ms(void)
{
	const char *env = getenv("STREAMXPERT_PROBE_TIMEOUT");
	char *end;
	double s;

	if (env == NULL || *env == '\0')
		return PROBE_LIMIT_MS;
	errno = 0;
	s = strtod(env, &end);
	if (errno != 0 || *end != '\0' || !(s > 0) || s > 1e6)
		return PROBE_LIMIT_MS;
	return s * 1e3 < 1 ? 1 : (long)(s * 1e3);
}

/* Milliseconds from now to deadline (sx_now's seconds), rounded up: 0
 * only once it has passed. */
static int
ms_left(double deadline)
{
	double ms = (deadline - sx_now()) * 1e3;

	return ms <= 0 ? 0 : (int)ms + 1;
}

/* Read what the child c writes into out and errout until both pipes are
 * closed and c has exited (its status stored, c->pid 0), the deadline
 * passes or a signal arrives. Returns 0, SX_PROBE_TIMEOUT or
 * SX_PROBE_SIGNAL, or -1 (poll failed; errno says why). */
static int
collect(struct sx_child *c, struct sx_buf *out, struct sx_buf *errout,
    double deadline, int *status)
{
	char chunk[8192];

	for (;;) {
		struct pollfd pfd[3] = { { c->out, POLLIN, 0 },
					 { c->err, POLLIN, 0 },
					 { sx_signals_fd(), POLLIN, 0 } };
		int i, left;

		if (sx_signals_caught())
			return SX_PROBE_SIGNAL;
		if (c->out < 0 && c->err < 0 && sx_try_reap(c->pid, status)) {
			c->pid = 0;
			return 0;
		}
		if ((left = ms_left(deadline)) == 0)
			return SX_PROBE_TIMEOUT;
		/* both pipes closed: look for its exit now and then */
		if (c->out < 0 && c->err < 0 && left > 10)
			left = 10;
		if (poll(pfd, 3, left) < 0) {
			if (errno == EINTR)
				continue;
			return -1;
		}
		for (i = 0; i < 2; i++) {
			int *fd = i == 0 ? &c->out : &c->err;
			struct sx_buf *b = i == 0 ? out : errout;
			size_t max = i == 0 ? MAX_OUT : MAX_ERR;
			ssize_t r;

			if (*fd < 0 || pfd[i].revents == 0)
				continue;
			r = read(*fd, chunk, sizeof(chunk));
			if (r > 0 && b->len < max)
				sx_buf_add(b, chunk, (size_t)r);
			if (r == 0 || (r < 0 && errno != EAGAIN &&
			    errno != EINTR))
				sx_close(fd);
		}
	}
}

/* Why a probe did not finish, naming the command (the program and its
 * first arguments) and the limit. */
static void
say_stopped(int why, char *const argv[], char *err, size_t errsize)
{
	struct sx_buf cmd = { 0 };
	size_t i;

	sx_buf_adds(&cmd, argv[0]);
	for (i = 1; argv[i] != NULL; i++) {
		if (i > 3) {
			sx_buf_adds(&cmd, " ...");
			break;
		}
		sx_buf_printf(&cmd, " %s", argv[i]);
	}
	if (why == SX_PROBE_TIMEOUT)
		snprintf(err, errsize, "%s: no answer within %g s, stopped "
		    "(STREAMXPERT_PROBE_TIMEOUT sets this limit)", cmd.data,
		    (double)sx_probe_limit_ms() / 1e3);
	else if (why == SX_PROBE_SIGNAL)
		snprintf(err, errsize, "%s: interrupted", cmd.data);
	else
		snprintf(err, errsize, "%s: poll: %s", cmd.data,
		    strerror(errno));
	sx_buf_free(&cmd);
}

int
sx_probe_run(char *const argv[], const char *const *env, int feed,
    struct sx_buf *out, struct sx_buf *errout, int *status, char *err,
    size_t errsize)
{
	struct sx_child c;
	double deadline = sx_now() + (double)sx_probe_limit_ms() / 1e3;
	int in = -1, p[2], rc;

	if (feed) {
		/* 24 bytes always fit in a pipe's buffer */
		if (pipe(p) != 0 || write(p[1], empty_pcap,
		    sizeof(empty_pcap)) != (ssize_t)sizeof(empty_pcap)) {
			snprintf(err, errsize, "pipe: %s", strerror(errno));
			return -1;
		}
		close(p[1]);
		in = p[0];
	}
	if (sx_spawn(&c, argv, env, in, 1, err, errsize) != 0) {
		if (in >= 0)
			close(in);
		return -1;
	}
	if (in >= 0)
		close(in);
	rc = collect(&c, out, errout, deadline, status);
	if (rc != 0)
		say_stopped(rc, argv, err, errsize);
	sx_close(&c.out);
	sx_close(&c.err);
	/* stopped: its whole process group goes, and it is reaped */
	if (c.pid > 0)
		sx_stop(c.pid, 200, status);
	sx_buf_cstr(out);
	sx_buf_cstr(errout);
	return rc;
}

struct names {
	char **v;
	size_t n, cap;
};

static int
names_has(const struct names *s, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < s->n; i++)
		if (strlen(s->v[i]) == len && memcmp(s->v[i], name, len) == 0)
			return 1;
	return 0;
}

/* Add a name of len bytes made of [A-Za-z0-9_.-] (anything else is not
 * a heuristic's short name and is ignored). */
static void
names_add(struct names *s, const char *name, size_t len)
{
	size_t i;

	if (len == 0 || len > 64 || s->n >= MAX_HEUR ||
	    names_has(s, name, len))
		return;
	for (i = 0; i < len; i++) {
		char ch = name[i];

		if (!((ch >= 'a' && ch <= 'z') || (ch >= 'A' && ch <= 'Z') ||
		    (ch >= '0' && ch <= '9') || ch == '_' || ch == '.' ||
		    ch == '-'))
			return;
	}
	s->v = sx_grow(s->v, &s->cap, s->n + 2, sizeof(*s->v), 128);
	s->v[s->n] = sx_malloc(len + 1);
	memcpy(s->v[s->n], name, len);
	s->v[s->n][len] = '\0';
	s->v[++s->n] = NULL;
}

static void
names_drop(struct names *s, const char *name, size_t len)
{
	size_t i;

	for (i = 0; i < s->n; i++) {
		if (strlen(s->v[i]) == len &&
		    memcmp(s->v[i], name, len) == 0) {
			free(s->v[i]);
			memmove(&s->v[i], &s->v[i + 1],
			    (s->n - i) * sizeof(*s->v));
			s->n--;
			return;
		}
	}
}

/* The tab-separated column k (0-based) of the line [p, e). */
static const char *
column(const char *p, const char *e, int k, size_t *len)
{
	const char *t;

	while (k-- > 0) {
		t = memchr(p, '\t', (size_t)(e - p));
		if (t == NULL)
			return NULL;
		p = t + 1;
	}
	t = memchr(p, '\t', (size_t)(e - p));
	*len = (size_t)((t ? t : e) - p);
	return p;
}

/* The candidates from -G heuristic-decodes: "tcp\tPROTO\tT|F" (up to 4.0)
 * or "tcp\tPROTO\tT|F\tT|F\tSHORT_NAME\tDESCRIPTION" (4.2 and later). */
static void
heuristic_candidates(const char *text, struct names *s)
{
	const char *p = text;
	char name[80];
	size_t i;

	while (*p) {
		const char *e = strchr(p, '\n'), *c;
		size_t n;

		if (e == NULL)
			e = p + strlen(p);
		if ((size_t)(e - p) > 4 && memcmp(p, "tcp\t", 4) == 0) {
			if ((c = column(p, e, 4, &n)) != NULL)
				names_add(s, c, n);
			else if ((c = column(p, e, 1, &n)) != NULL &&
			    n < 60) {
				snprintf(name, sizeof(name), "%.*s_tcp",
				    (int)n, c);
				names_add(s, name, strlen(name));
				snprintf(name, sizeof(name), "%.*s-tcp",
				    (int)n, c);
				names_add(s, name, strlen(name));
			}
		}
		p = *e ? e + 1 : e;
	}
	for (i = 0; i < SX_ARRAY_LEN(known_heuristics); i++)
		names_add(s, known_heuristics[i], strlen(known_heuristics[i]));
}

/* Take what stderr names as unknown out of the run; returns how many
 * things it took out. */
static int
drop_unknown(const char *text, struct names *heur, unsigned *prefs,
    unsigned char *no_field, int *fields_seen)
{
	const char *p = text, *q;
	int dropped = 0, in_fields = 0;
	size_t i;

	while (*p) {
		const char *e = strchr(p, '\n');

		if (e == NULL)
			e = p + strlen(p);
		if (in_fields && *p == '\t') {
			const char *f = p + 1;
			size_t n = (size_t)(e - f);
			int k;

			while (n > 0 && (f[n - 1] == ' ' || f[n - 1] == '\r'))
				n--;
			for (k = 0; k < SX_F_COUNT; k++) {
				if (!no_field[k] && strlen(sx_field_names[k]) ==
				    n && memcmp(sx_field_names[k], f, n) == 0) {
					no_field[k] = 1;
					dropped++;
				}
			}
			*fields_seen = 1;
		} else {
			in_fields = 0;
		}
		if ((q = strstr(p, "Some fields aren't valid")) != NULL &&
		    q < e)
			in_fields = 1;
		if ((q = strstr(p, "No such protocol ")) != NULL && q < e) {
			const char *nm = q + strlen("No such protocol ");
			size_t n = strcspn(nm, ", \n");

			if (names_has(heur, nm, n)) {
				names_drop(heur, nm, n);
				dropped++;
			}
		}
		if ((q = strstr(p, "-o flag \"")) != NULL && q < e) {
			const char *nm = q + strlen("-o flag \"");

			for (i = 0; i < SX_NPREFS; i++) {
				size_t n = strlen(sx_prune_prefs[i]);

				if ((*prefs & (1u << i)) &&
				    strncmp(nm, sx_prune_prefs[i], n) == 0 &&
				    nm[n] == '"') {
					*prefs &= ~(1u << i);
					dropped++;
				}
			}
		}
		p = *e ? e + 1 : e;
	}
	return dropped;
}

struct argv_list {
	char **v;
	size_t n, cap;
};

static void
arg(struct argv_list *a, const char *fmt, const char *s)
{
	struct sx_buf b = { 0 };

	a->v = sx_grow(a->v, &a->cap, a->n + 2, sizeof(*a->v), 256);
	sx_buf_printf(&b, fmt, s);
	a->v[a->n++] = b.data;
	a->v[a->n] = NULL;
}

static void
argv_list_free(struct argv_list *a)
{
	size_t i;

	for (i = 0; i < a->n; i++)
		free(a->v[i]);
	free(a->v);
}

/* The validation run; returns 0 when tshark accepted everything asked,
 * -1 when it did not (*progress: how many things were taken out for the
 * next run), or what sx_probe_run returned when it did not finish. */
static int
validate(const char *path, const char *const *env, struct names *heur,
    unsigned *prefs, unsigned char *no_field, int *progress, char *err,
    size_t errsize)
{
	struct argv_list a = { 0 };
	struct sx_buf out = { 0 }, eout = { 0 };
	int status = 0, fields_seen = 0, rc = -1;
	size_t i;
	int f;

	*progress = 0;
	arg(&a, "%s", path);
	arg(&a, "%s", "-n");
	arg(&a, "%s", "-r");
	arg(&a, "%s", "-");
	for (i = 0; i < SX_NPREFS; i++) {
		if (*prefs & (1u << i)) {
			arg(&a, "%s", "-o");
			arg(&a, "%s", sx_prune_prefs[i]);
		}
	}
	for (i = 0; i < heur->n; i++)
		arg(&a, "--disable-heuristic=%s", heur->v[i]);
	arg(&a, "%s", "-T");
	arg(&a, "%s", "fields");
	for (f = 0; f < SX_F_COUNT; f++) {
		if (no_field[f] || sx_field_names[f][0] == '%')
			continue;
		arg(&a, "%s", "-e");
		arg(&a, "%s", sx_field_names[f]);
	}
	if ((f = sx_probe_run(a.v, env, 1, &out, &eout, &status, err,
	    errsize)) != 0) {
		rc = f;
		goto out;
	}
	*progress = drop_unknown(sx_buf_cstr(&eout), heur, prefs, no_field,
	    &fields_seen);
	if (*progress == 0 && WIFEXITED(status) &&
	    WEXITSTATUS(status) == 0 && !fields_seen)
		rc = 0;
	else if (*progress == 0) {
		char how[96];
		const char *e = sx_buf_cstr(&eout), *nl;

		/* the last line that is not the root warning */
		sx_describe_status(status, how, sizeof(how));
		while ((nl = strstr(e, "\n")) != NULL && nl[1] != '\0')
			e = nl + 1;
		snprintf(err, errsize, "%s, probing what it supports, %s: "
		    "%.*s", path, how, (int)strcspn(e, "\n"), e);
	}
out:
	argv_list_free(&a);
	sx_buf_free(&out);
	sx_buf_free(&eout);
	return rc;
}

int
sx_probe_caps(const char *path, const char *const *env,
    struct sx_caps *caps, char *err, size_t errsize)
{
	char *gargv[] = { (char *)path, (char *)"-G",
	    (char *)"heuristic-decodes", NULL };
	struct sx_buf out = { 0 }, eout = { 0 };
	struct names heur = { 0 };
	unsigned prefs = (1u << SX_NPREFS) - 1;
	int status = 0, round, progress = 0, rc;

	memset(caps, 0, sizeof(*caps));
	if ((rc = sx_probe_run(gargv, env, 0, &out, &eout, &status, err,
	    errsize)) != 0)
		goto out;
	if (WIFEXITED(status) && WEXITSTATUS(status) == 0)
		heuristic_candidates(sx_buf_cstr(&out), &heur);
	/* each round that is refused takes at least one thing out */
	for (round = 0; round < 16; round++) {
		rc = validate(path, env, &heur, &prefs, caps->no_field,
		    &progress, err, errsize);
		if (rc != -1 || progress == 0)
			break;
	}
	if (rc == 0) {
		caps->known = 1;
		caps->heur = heur.v;
		caps->nheur = heur.n;
		caps->prefs = prefs;
		heur.v = NULL;
		heur.n = 0;
	} else {
		if (round == 16)
			snprintf(err, errsize, "%s: probing what it supports "
			    "did not settle", path);
		memset(caps, 0, sizeof(*caps));
	}
out:
	while (heur.n > 0)
		free(heur.v[--heur.n]);
	free(heur.v);
	sx_buf_free(&out);
	sx_buf_free(&eout);
	return rc;
}

void
sx_caps_write(const struct sx_caps *caps, struct sx_buf *b)
{
	size_t i;
	int f, first = 1;

	sx_buf_adds(b, "heuristics=");
	for (i = 0; i < caps->nheur; i++)
		sx_buf_printf(b, "%s%s", i ? "," : "", caps->heur[i]);
	sx_buf_adds(b, "\nmissing=");
	for (f = 0; f < SX_F_COUNT; f++) {
		if (caps->no_field[f]) {
			sx_buf_printf(b, "%s%s", first ? "" : ",",
			    sx_field_names[f]);
			first = 0;
		}
	}
	sx_buf_printf(b, "\nprefs=%u\n", caps->prefs);
}

/* The line "KEY=..." at *p (ending before e); its value in [*v, *ve). */
static int
line(const char **p, const char *e, const char *key, const char **v,
    const char **ve)
{
	size_t k = strlen(key);
	const char *nl;

	if ((size_t)(e - *p) < k + 1 || memcmp(*p, key, k) != 0 ||
	    (*p)[k] != '=')
		return -1;
	nl = memchr(*p, '\n', (size_t)(e - *p));
	if (nl == NULL)
		return -1;
	*v = *p + k + 1;
	*ve = nl;
	*p = nl + 1;
	return 0;
}

int
sx_caps_read(struct sx_caps *caps, const char *text, size_t n)
{
	const char *p = text, *e = text + n, *v, *ve, *c;
	struct names heur = { 0 };
	char *end;
	unsigned long prefs;

	memset(caps, 0, sizeof(*caps));
	if (line(&p, e, "heuristics", &v, &ve) != 0)
		return -1;
	while (v < ve) {
		c = memchr(v, ',', (size_t)(ve - v));
		if (c == NULL)
			c = ve;
		names_add(&heur, v, (size_t)(c - v));
		v = c + 1;
	}
	if (line(&p, e, "missing", &v, &ve) != 0)
		goto bad;
	while (v < ve) {
		int f, found = 0;

		c = memchr(v, ',', (size_t)(ve - v));
		if (c == NULL)
			c = ve;
		for (f = 0; f < SX_F_COUNT; f++) {
			if (strlen(sx_field_names[f]) == (size_t)(c - v) &&
			    memcmp(sx_field_names[f], v, (size_t)(c - v)) ==
			    0) {
				caps->no_field[f] = 1;
				found = 1;
			}
		}
		if (!found)
			goto bad;
		v = c + 1;
	}
	if (line(&p, e, "prefs", &v, &ve) != 0 || v == ve || *v < '0' ||
	    *v > '9')
		goto bad;
	errno = 0;
	prefs = strtoul(v, &end, 10);
	if (errno != 0 || end != ve || prefs >= (1u << SX_NPREFS) || p != e)
		goto bad;
	caps->prefs = (unsigned)prefs;
	caps->heur = heur.v;
	caps->nheur = heur.n;
	caps->known = 1;
	return 0;
bad:
	while (heur.n > 0)
		free(heur.v[--heur.n]);
	free(heur.v);
	memset(caps, 0, sizeof(*caps));
	return -1;
}

void
sx_caps_free(struct sx_caps *caps)
{
	size_t i;

	for (i = 0; i < caps->nheur; i++)
		free(caps->heur[i]);
	free(caps->heur);
	memset(caps, 0, sizeof(*caps));
}
