/* fake_tshark.c - stands in for tshark in the error-path tests.
 *
 * FAKE_TSHARK_MODE picks the misbehaviour. "-v" answers like tshark 9.9.9,
 * so streamxpert asks for plain -T fields; good lines carry the fields it
 * asks for (-e NAME), in order. FAKE_TSHARK_LINES sets how many good
 * lines the modes that print them write first (default 2). "old-tshark"
 * plays a tshark 3.4 that lacks some fields (see old_tshark).
 * FAKE_TSHARK_PIDFILE names a file that gets its process id once it runs
 * (not for -v), so a test can wait for it and look for it afterwards.
 * "hang-v" never answers -v (its pid is written then); "hang-probe"
 * answers -v as a tshark 4.0 (so streamxpert probes what it supports)
 * and never answers that probe (-G), and reads captures as "good";
 * "hang-validate" answers -G too, and never the probe's run on an empty
 * capture (-T fields without -E). "pcap" reads the capture it is given
 * (little-endian pcap, Ethernet, IPv4) and prints a line per frame, its
 * TCP connections numbered as tshark numbers streams. */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* The fields asked for with -e. */
static const char *fields[64];
static int nfields;

/* A good line: the value of each field asked for. */
static void
good(const char *stream, int i)
{
	static const struct {
		const char *name, *value;
	} values[] = {
		{ "frame.protocols", "eth:ethertype:ip:tcp" },
		{ "ip.src", "10.0.0.1" }, { "ip.dst", "10.0.0.2" },
		{ "tcp.srcport", "1000" }, { "tcp.dstport", "80" },
		{ "tcp.flags", "0x0018" }, { "tcp.len", "10" },
	};
	int f;
	size_t k;

	for (f = 0; f < nfields; f++) {
		if (f)
			putchar('\t');
		if (strcmp(fields[f], "tcp.stream") == 0)
			fputs(stream, stdout);
		else if (strcmp(fields[f], "frame.time_relative") == 0)
			printf("%d.%06d", i / 1000000, i % 1000000);
		for (k = 0; k < sizeof(values) / sizeof(values[0]); k++)
			if (strcmp(fields[f], values[k].name) == 0)
				fputs(values[k].value, stdout);
	}
	putchar('\n');
}

static void
goods(void)
{
	const char *e = getenv("FAKE_TSHARK_LINES");
	long n = e ? atol(e) : 2, i;
	char s[32];

	for (i = 0; i < n; i++) {
		snprintf(s, sizeof(s), "%ld", i % 1000);
		good(s, (int)i);
	}
	fflush(stdout);
}

static void
repeat(FILE *f, int c, long n)
{
	char chunk[65536];

	memset(chunk, c, sizeof(chunk));
	while (n > 0) {
		size_t k = n < (long)sizeof(chunk) ? (size_t)n : sizeof(chunk);

		if (fwrite(chunk, 1, k, f) != k)
			return;
		n -= (long)k;
	}
}

/* ------------------------------------------------------------------ */
/* "pcap": a tshark that reads the capture it is given (pcap, Ethernet, */
/* IPv4) and prints a line per frame, numbering TCP connections in the  */
/* order they appear, as tshark does; for measuring streamxpert's own   */
/* work (make bench).                                                   */
/* ------------------------------------------------------------------ */

struct conn_key {
	uint32_t a, b;        /* addresses, lower endpoint first */
	uint16_t pa, pb;
	uint32_t stream;      /* + 1; 0: an empty slot */
};

static struct conn_key *conns;
static size_t nconns, conns_cap;

static uint32_t
get32le(const unsigned char *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	    (uint32_t)p[3] << 24;
}

static uint32_t
get32be(const unsigned char *p)
{
	return (uint32_t)p[3] | (uint32_t)p[2] << 8 | (uint32_t)p[1] << 16 |
	    (uint32_t)p[0] << 24;
}

static size_t
conn_slot(const struct conn_key *k)
{
	uint64_t h = ((uint64_t)k->a * 0x9e3779b1u) ^ ((uint64_t)k->b << 17) ^
	    ((uint64_t)k->pa << 32) ^ k->pb;
	size_t i, mask = conns_cap - 1;

	h *= 0xbf58476d1ce4e5b9ull;
	for (i = (size_t)(h >> 20) & mask; conns[i].stream != 0; i = (i + 1) & mask)
		if (conns[i].a == k->a && conns[i].b == k->b &&
		    conns[i].pa == k->pa && conns[i].pb == k->pb)
			break;
	return i;
}

/* The stream number of a connection (new ones numbered in turn). */
static uint32_t
conn_stream(uint32_t src, uint16_t sp, uint32_t dst, uint16_t dp)
{
	struct conn_key k;
	size_t i;

	if (src < dst || (src == dst && sp <= dp))
		k = (struct conn_key){ src, dst, sp, dp, 0 };
	else
		k = (struct conn_key){ dst, src, dp, sp, 0 };
	if (2 * (nconns + 1) > conns_cap) {
		struct conn_key *old = conns;
		size_t n = conns_cap, j;

		conns_cap = n ? 2 * n : 1024;
		conns = calloc(conns_cap, sizeof(*conns));
		if (conns == NULL)
			exit(1);
		for (j = 0; j < n; j++)
			if (old[j].stream != 0)
				conns[conn_slot(&old[j])] = old[j];
		free(old);
	}
	i = conn_slot(&k);
	if (conns[i].stream == 0) {
		k.stream = (uint32_t)++nconns;
		conns[i] = k;
	}
	return conns[i].stream - 1;
}

/* One frame's line (fields asked for, in order). */
static void
pcap_line(const unsigned char *p, uint32_t caplen, uint64_t t_ns)
{
	char stream[16] = "", src[16] = "", dst[16] = "", sp[8] = "", dp[8] = "",
	    flags[8] = "", len[12] = "", t[32];
	const char *protos = "eth:ethertype";
	int f;

	if (caplen >= 34 && p[12] == 0x08 && p[13] == 0 && (p[14] >> 4) == 4) {
		const unsigned char *ip = p + 14;
		unsigned hl = (ip[0] & 15u) * 4, tot = (unsigned)ip[2] << 8 | ip[3];

		protos = "eth:ethertype:ip";
		snprintf(src, sizeof(src), "%u.%u.%u.%u", ip[12], ip[13], ip[14], ip[15]);
		snprintf(dst, sizeof(dst), "%u.%u.%u.%u", ip[16], ip[17], ip[18], ip[19]);
		if (ip[9] == 6 && caplen >= 14 + hl + 20) {
			const unsigned char *tc = ip + hl;
			uint16_t a = (uint16_t)(tc[0] << 8 | tc[1]);
			uint16_t b = (uint16_t)(tc[2] << 8 | tc[3]);
			unsigned th = (unsigned)(tc[12] >> 4) * 4;

			protos = "eth:ethertype:ip:tcp";
			snprintf(stream, sizeof(stream), "%u", (unsigned)conn_stream(
			    get32be(ip + 12), a, get32be(ip + 16), b));
			snprintf(sp, sizeof(sp), "%u", a);
			snprintf(dp, sizeof(dp), "%u", b);
			snprintf(flags, sizeof(flags), "0x%04x", tc[13]);
			snprintf(len, sizeof(len), "%u", tot > hl + th ? tot - hl - th : 0);
		}
	}
	snprintf(t, sizeof(t), "%llu.%09llu", (unsigned long long)(t_ns / 1000000000u),
	    (unsigned long long)(t_ns % 1000000000u));
	for (f = 0; f < nfields; f++) {
		const char *v = "", *n = fields[f];

		if (strcmp(n, "tcp.stream") == 0) v = stream;
		else if (strcmp(n, "frame.time_relative") == 0) v = t;
		else if (strcmp(n, "frame.protocols") == 0) v = protos;
		else if (strcmp(n, "ip.src") == 0) v = src;
		else if (strcmp(n, "ip.dst") == 0) v = dst;
		else if (strcmp(n, "tcp.srcport") == 0) v = sp;
		else if (strcmp(n, "tcp.dstport") == 0) v = dp;
		else if (strcmp(n, "tcp.flags") == 0) v = flags;
		else if (strcmp(n, "tcp.len") == 0) v = len;
		if (f)
			putchar('\t');
		fputs(v, stdout);
	}
	putchar('\n');
}

/* Read a little-endian pcap (microseconds or nanoseconds) on stdin. */
static int
pcap_mode(void)
{
	static unsigned char buf[1 << 18];
	unsigned char h[24], r[16];
	uint64_t first = 0, ts;
	int nsec, have = 0;

	if (fread(h, 1, 24, stdin) != 24)
		return 2;
	if (get32le(h) != 0xa1b2c3d4u && get32le(h) != 0xa1b23c4du) {
		fputs("tshark: fake: only little-endian pcap\n", stderr);
		return 2;
	}
	nsec = get32le(h) == 0xa1b23c4du;
	while (fread(r, 1, 16, stdin) == 16) {
		uint32_t cl = get32le(r + 8);

		if (cl > sizeof(buf) || fread(buf, 1, cl, stdin) != cl) {
			fputs("tshark: The standard input appears to have been "
			    "cut short in the middle of a packet.\n", stderr);
			return 2;
		}
		ts = (uint64_t)get32le(r) * 1000000000u +
		    (uint64_t)get32le(r + 4) * (nsec ? 1u : 1000u);
		if (!have) {
			first = ts;
			have = 1;
		}
		pcap_line(buf, cl, ts - first);
	}
	return 0;
}

/* "old-tshark": a tshark 3.4 that lacks tcp.completeness and
 * tcp.analysis.reused_ports, and has the heuristic sub-dissector
 * http_tcp only; it answers streamxpert's probe as tshark does. */
static int
old_tshark(int argc, char **argv)
{
	int i, bad = 0;

	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		puts("TShark (Wireshark) 3.4.99 (fake).");
		return 0;
	}
	if (argc > 2 && strcmp(argv[1], "-G") == 0) {
		puts("tcp\thttp\tT\nudp\tsip\tT");
		return 0;
	}
	for (i = 1; i + 1 < argc; i++) {
		if (strcmp(argv[i], "-e") != 0)
			continue;
		if (strcmp(argv[i + 1], "tcp.completeness") == 0 ||
		    strcmp(argv[i + 1], "tcp.analysis.reused_ports") == 0) {
			if (!bad++)
				fputs("tshark: Some fields aren't valid:\n",
				    stderr);
			fprintf(stderr, "\t%s\n", argv[i + 1]);
		}
	}
	if (bad)
		return 1;
	for (i = 1; i < argc; i++) {
		if (strncmp(argv[i], "--disable-heuristic=", 20) == 0 &&
		    strcmp(argv[i] + 20, "http_tcp") != 0) {
			fprintf(stderr, "tshark: No such protocol %s, can't "
			    "disable\n", argv[i] + 20);
			bad = 1;
		}
	}
	if (bad)
		return 1;
	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "-e") == 0 && nfields < 64)
			fields[nfields++] = argv[++i];
	goods();
	return 0;
}

/* Append our pid to $FAKE_TSHARK_PIDFILE, if set; 0 or -1. */
static int
write_pid(void)
{
	FILE *f;

	if (getenv("FAKE_TSHARK_PIDFILE") == NULL)
		return 0;
	f = fopen(getenv("FAKE_TSHARK_PIDFILE"), "a");
	if (f == NULL || fprintf(f, "%ld\n", (long)getpid()) < 0 ||
	    fclose(f) != 0)
		return -1;
	return 0;
}

/* Whether this is the probe's run on an empty capture: -T fields with
 * no -E (streamxpert's own runs always give -E with -T fields). */
static int
validation_run(int argc, char **argv)
{
	int i, tfields = 0;

	for (i = 1; i < argc; i++) {
		if (strcmp(argv[i], "-E") == 0)
			return 0;
		if (i + 1 < argc && strcmp(argv[i], "-T") == 0 &&
		    strcmp(argv[i + 1], "fields") == 0)
			tfields = 1;
	}
	return tfields;
}

/* The modes that hang in a probe: 1 when this run was a probe that was
 * answered (or hung until killed), 0 for a run that reads a capture. */
static int
hang_probe(const char *mode, int argc, char **argv)
{
	int v = argc > 1 && strcmp(argv[1], "-v") == 0;
	int g = argc > 1 && strcmp(argv[1], "-G") == 0;

	if (strcmp(mode, "hang-v") == 0 && v) {
		if (write_pid() == 0)
			pause();
		return 1;
	}
	if (strcmp(mode, "hang-probe") != 0 &&
	    strcmp(mode, "hang-validate") != 0)
		return 0;
	if (v) {
		puts("TShark (Wireshark) 4.0.99 (fake).");
		return 1;
	}
	if (g && strcmp(mode, "hang-validate") == 0) {
		puts("tcp\thttp\tT");
		return 1;
	}
	if (!g && !validation_run(argc, argv))
		return 0;
	if (write_pid() == 0)
		pause();
	return 1;
}

int
main(int argc, char **argv)
{
	const char *mode = getenv("FAKE_TSHARK_MODE");
	int i;

	if (mode && strcmp(mode, "old-tshark") == 0)
		return old_tshark(argc, argv);
	if (mode && hang_probe(mode, argc, argv))
		return 0;
	if (argc > 1 && strcmp(argv[1], "-v") == 0) {
		if (mode && strcmp(mode, "bad-version") == 0)
			puts("hello");
		else
			puts("TShark (Wireshark) 9.9.9 (fake).");
		return 0;
	}
	if (mode == NULL)
		mode = "";
	if (strcmp(mode, "hang-probe") == 0 ||
	    strcmp(mode, "hang-validate") == 0)
		mode = "good";
	if (write_pid() != 0)
		return 1;
	for (i = 1; i + 1 < argc; i++)
		if (strcmp(argv[i], "-e") == 0 && nfields < 64)
			fields[nfields++] = argv[++i];
	if (strcmp(mode, "good") == 0) {
		goods();
	} else if (strcmp(mode, "pcap") == 0) {
		int rc = pcap_mode();

		return fflush(stdout) == 0 ? rc : 1;
	} else if (strcmp(mode, "many-streams") == 0) {
		/* FAKE_TSHARK_LINES lines, each a new stream */
		const char *e = getenv("FAKE_TSHARK_LINES");
		long n = e ? atol(e) : 10, k;
		char s[32];

		for (k = 0; k < n; k++) {
			snprintf(s, sizeof(s), "%ld", k);
			good(s, 0);
		}
	} else if (strcmp(mode, "garbage") == 0) {
		goods();
		puts("this is not tshark output");
	} else if (strcmp(mode, "nul") == 0) {
		goods();
		fwrite("0\0\t0.2\n", 1, 7, stdout);
	} else if (strcmp(mode, "wrong-fields") == 0) {
		goods();
		puts("0\t0.2\t");
	} else if (strcmp(mode, "huge-stream") == 0) {
		goods();
		good("4294967295", 1);
	} else if (strcmp(mode, "huger-stream") == 0) {
		goods();
		good("99999999999999999999", 1);
	} else if (strcmp(mode, "far-stream") == 0) {
		goods();
		good("4000000000", 1);
	} else if (strcmp(mode, "negative-stream") == 0) {
		good("-1", 0);
	} else if (strcmp(mode, "no-newline") == 0) {
		goods();
		fputs("1\t0.2", stdout);
	} else if (strcmp(mode, "long-line") == 0) {
		goods();
		repeat(stdout, 'x', 10L * 1024 * 1024);
		putchar('\n');
	} else if (strcmp(mode, "stderr-flood") == 0) {
		/* megabytes on stderr while stdout waits */
		repeat(stderr, 'e', 8L * 1024 * 1024);
		goods();
	} else if (strcmp(mode, "exit2") == 0) {
		goods();
		fprintf(stderr, "tshark: The standard input appears to have "
		    "been cut short in the middle of a packet.\n");
		return 2;
	} else if (strcmp(mode, "exit2-early") == 0) {
		fprintf(stderr, "tshark: The standard input isn't a capture "
		    "file in a format TShark understands.\n");
		return 2;
	} else if (strcmp(mode, "segv") == 0) {
		goods();
		raise(SIGSEGV);
	} else if (strcmp(mode, "sigkill") == 0) {
		goods();
		raise(SIGKILL);
	} else if (strcmp(mode, "hang") == 0) {
		goods();
		pause();
	} else if (strcmp(mode, "hang-silent") == 0) {
		pause();
	} else if (strcmp(mode, "fds") == 0) {
		/* only 0, 1 and 2 may be open */
		DIR *d = opendir("/proc/self/fd");
		struct dirent *de;
		int bad = 0, self = d ? dirfd(d) : -1;

		while (d && (de = readdir(d)) != NULL) {
			int fd = atoi(de->d_name);

			if (de->d_name[0] == '.' || fd <= 2 || fd == self)
				continue;
			fprintf(stderr, "tshark: descriptor %d is open\n", fd);
			bad = 1;
		}
		if (d)
			closedir(d);
		if (bad)
			return 1;
		goods();
	} else if (strcmp(mode, "argv") == 0) {
		/* the arguments, one per line, into $FAKE_TSHARK_ARGV_FILE */
		const char *path = getenv("FAKE_TSHARK_ARGV_FILE");
		FILE *f = path ? fopen(path, "w") : NULL;

		for (i = 1; f && i < argc; i++)
			fprintf(f, "arg:%s\n", argv[i]);
		if (f == NULL || fclose(f) != 0)
			return 1;
		goods();
	} else {
		fprintf(stderr, "fake_tshark: unknown FAKE_TSHARK_MODE '%s'\n",
		    mode);
		return 1;
	}
	return fflush(stdout) == 0 ? 0 : 1;
}
