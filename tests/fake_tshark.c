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
 * capture (-T fields without -E). */
#define _POSIX_C_SOURCE 200809L
#include <dirent.h>
#include <signal.h>
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
