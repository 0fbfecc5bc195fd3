/* limits-traffic.c - the lab's traffic for the limits scenarios (issue
 * 22), and the kernel's own account of what limited each sender socket.
 *
 *   limits-traffic sink ADDR PORT READ_BYTES READ_MS RCVBUF RECORDS
 *       accept connections (a process each); read READ_BYTES every
 *       READ_MS ms (0: as fast as possible), SO_RCVBUF RCVBUF (0: the
 *       default) until EOF; then close
 *   limits-traffic send ADDR PORT CHUNK EVERY_MS SECONDS RECORDS
 *       connect; write CHUNK bytes every EVERY_MS ms (0: write all the
 *       time) for SECONDS s; then the record, shutdown, wait for EOF
 *   limits-traffic rrserver ADDR PORT RESPONSE RECORDS
 *       accept connections; read a request (up to a newline), write
 *       RESPONSE bytes; the record; close
 *   limits-traffic rrclient ADDR PORT CONNECTIONS WORKERS REQUEST RECORDS
 *       CONNECTIONS connections over WORKERS processes: write REQUEST
 *       bytes (ending in a newline), the record, read the response to
 *       EOF, close
 *
 * A record (one line appended to RECORDS, written with one write()) is
 * taken for each sender socket when every byte it wrote is acknowledged
 * (TCP_INFO: tcpi_unacked and tcpi_notsent_bytes 0, polled every 1 ms):
 *   role dir client_port server_port elapsed_us busy_us rwnd_limited_us
 *   sndbuf_limited_us min_rtt_us bytes_acked
 * dir is "up" (the client sends) or "down"; elapsed runs from just before
 * the first write to then. The kernel's chrono counts busy (data queued
 * or unacknowledged, the rwnd- and sndbuf-limited time included) in
 * jiffies. */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <fcntl.h>
#include <linux/tcp.h>
#include <netinet/in.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *records;

static void
die(const char *what)
{
	fprintf(stderr, "limits-traffic: %s: %s\n", what, strerror(errno));
	exit(1);
}

static double
now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void
nap(double secs)
{
	struct timespec ts;

	if (secs <= 0)
		return;
	ts.tv_sec = (time_t)secs;
	ts.tv_nsec = (long)((secs - (double)ts.tv_sec) * 1e9);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

static struct sockaddr_in
address(const char *addr, const char *port)
{
	struct sockaddr_in sa;

	memset(&sa, 0, sizeof(sa));
	sa.sin_family = AF_INET;
	sa.sin_port = htons((uint16_t)atoi(port));
	if (inet_pton(AF_INET, addr, &sa.sin_addr) != 1) {
		fprintf(stderr, "limits-traffic: bad address %s\n", addr);
		exit(2);
	}
	return sa;
}

static void
write_all(int fd, const char *p, size_t n)
{
	while (n > 0) {
		ssize_t w = write(fd, p, n);

		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			die("write");
		p += w;
		n -= (size_t)w;
	}
}

/* Wait until every byte written on fd is acknowledged; then append the
 * record of the socket. */
static void
record(int fd, const char *role, const char *dir, double t0)
{
	struct tcp_info ti;
	socklen_t len = sizeof(ti);
	struct sockaddr_in me, peer;
	socklen_t ml = sizeof(me), pl = sizeof(peer);
	char line[256];
	int n, rfd, client;

	for (;;) {
		len = sizeof(ti);
		if (getsockopt(fd, IPPROTO_TCP, TCP_INFO, &ti, &len) != 0)
			die("TCP_INFO");
		if ((ti.tcpi_unacked == 0 && ti.tcpi_notsent_bytes == 0) ||
		    ti.tcpi_state != 1 /* TCP_ESTABLISHED */)
			break;
		nap(0.001);
	}
	getsockname(fd, (struct sockaddr *)&me, &ml);
	getpeername(fd, (struct sockaddr *)&peer, &pl);
	client = strcmp(role, "client") == 0;
	n = snprintf(line, sizeof(line), "%s\t%s\t%d\t%d\t%.0f\t%llu\t%llu"
	    "\t%llu\t%u\t%llu\n", role, dir,
	    ntohs(client ? me.sin_port : peer.sin_port),
	    ntohs(client ? peer.sin_port : me.sin_port), (now() - t0) * 1e6,
	    (unsigned long long)ti.tcpi_busy_time,
	    (unsigned long long)ti.tcpi_rwnd_limited,
	    (unsigned long long)ti.tcpi_sndbuf_limited, ti.tcpi_min_rtt,
	    (unsigned long long)ti.tcpi_bytes_acked);
	rfd = open(records, O_WRONLY | O_APPEND | O_CREAT, 0644);
	if (rfd < 0)
		die(records);
	write_all(rfd, line, (size_t)n);
	close(rfd);
}

/* Read to EOF (what the peer sends after its data is of no interest). */
static void
drain(int fd)
{
	char buf[65536];

	while (read(fd, buf, sizeof(buf)) > 0)
		;
}

static int
listener(const char *addr, const char *port, int rcvbuf)
{
	struct sockaddr_in sa = address(addr, port);
	int fd = socket(AF_INET, SOCK_STREAM, 0), one = 1;

	if (fd < 0)
		die("socket");
	setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
	/* set before listen: accepted sockets inherit it, and the window
	 * scale of the handshake follows it */
	if (rcvbuf > 0 &&
	    setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &rcvbuf, sizeof(rcvbuf)))
		die("SO_RCVBUF");
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0)
		die("bind");
	if (listen(fd, 128) != 0)
		die("listen");
	return fd;
}

/* Accept forever, serving each connection in a child. */
static void
serve(int lfd, void (*fn)(int, char **), char **argv)
{
	signal(SIGCHLD, SIG_IGN);
	for (;;) {
		int fd = accept(lfd, NULL, NULL);

		if (fd < 0) {
			if (errno == EINTR)
				continue;
			die("accept");
		}
		if (fork() == 0) {
			close(lfd);
			fn(fd, argv);
			_exit(0);
		}
		close(fd);
	}
}

static void
sink_one(int fd, char **argv)
{
	long each = atol(argv[0]), ms = atol(argv[1]);
	static char buf[1 << 20];
	size_t want = each > 0 && (size_t)each < sizeof(buf) ?
	    (size_t)each : sizeof(buf);
	double next = now();

	for (;;) {
		size_t got = 0;
		ssize_t r;

		/* one read of up to each bytes per period */
		r = read(fd, buf, want);
		if (r <= 0)
			break;
		got = (size_t)r;
		(void)got;
		if (ms > 0) {
			next += (double)ms / 1000;
			nap(next - now());
		}
	}
	close(fd);
}

static void
rr_one(int fd, char **argv)
{
	size_t n = (size_t)atol(argv[0]);
	char *resp = calloc(1, n ? n : 1);
	char c;
	double t0;

	while (read(fd, &c, 1) == 1 && c != '\n')
		;
	t0 = now();
	write_all(fd, resp, n);
	record(fd, "server", "down", t0);
	free(resp);
	close(fd);
}

static int
dial(const char *addr, const char *port)
{
	struct sockaddr_in sa = address(addr, port);
	int fd = socket(AF_INET, SOCK_STREAM, 0), i;

	if (fd < 0)
		die("socket");
	for (i = 0; connect(fd, (struct sockaddr *)&sa, sizeof(sa)) != 0;
	    i++) {
		if (i == 50)
			die("connect");
		nap(0.1);
	}
	return fd;
}

static void
sender(char **argv)
{
	size_t chunk = (size_t)atol(argv[2]);
	double every = atof(argv[3]) / 1000, secs = atof(argv[4]);
	char *buf = calloc(1, chunk ? chunk : 1);
	int fd = dial(argv[0], argv[1]);
	double t0 = now(), next = t0;

	while (now() - t0 < secs) {
		write_all(fd, buf, chunk);
		if (every > 0) {
			next += every;
			nap(next - now());
		}
	}
	record(fd, "client", "up", t0);
	shutdown(fd, SHUT_WR);
	drain(fd);
	close(fd);
	free(buf);
}

static void
rr_client(char **argv)
{
	int conns = atoi(argv[2]), workers = atoi(argv[3]), w, k;
	size_t req = (size_t)atol(argv[4]);
	char *buf = malloc(req ? req : 1);

	memset(buf, 'q', req);
	if (req)
		buf[req - 1] = '\n';
	for (w = 0; w < workers; w++) {
		if (fork() != 0)
			continue;
		for (k = w; k < conns; k += workers) {
			int fd = dial(argv[0], argv[1]);
			double t0 = now();

			write_all(fd, buf, req);
			record(fd, "client", "up", t0);
			drain(fd);
			close(fd);
		}
		_exit(0);
	}
	while (wait(NULL) > 0)
		;
	free(buf);
}

int
main(int argc, char **argv)
{
	if (argc == 8 && strcmp(argv[1], "sink") == 0) {
		records = argv[7];
		serve(listener(argv[2], argv[3], atoi(argv[6])), sink_one,
		    argv + 4);
	} else if (argc == 8 && strcmp(argv[1], "send") == 0) {
		records = argv[7];
		sender(argv + 2);
	} else if (argc == 6 && strcmp(argv[1], "rrserver") == 0) {
		records = argv[5];
		serve(listener(argv[2], argv[3], 0), rr_one, argv + 4);
	} else if (argc == 8 && strcmp(argv[1], "rrclient") == 0) {
		records = argv[7];
		rr_client(argv + 2);
	} else {
		fprintf(stderr, "usage: limits-traffic sink|send|rrserver|"
		    "rrclient ... (see the source)\n");
		return 2;
	}
	return 0;
}
