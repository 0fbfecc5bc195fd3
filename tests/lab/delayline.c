/* delayline.c - a user-space delay line for the lab (the kernel here has
 * no netem): a TUN device that gives every IP packet written to it back
 * to the kernel DELAY_US microseconds later, in order.
 *
 *   delayline TUNNAME DELAY_US
 *
 * Run in a router's namespace; policy routing sends the packets arriving
 * on its links into the TUN device (see tests/lab/limits-lib.sh), and
 * those coming back out of it are routed as usual. It prints "ready"
 * once the device exists, and runs until killed. At most QLEN packets
 * wait at once; more are dropped and counted on exit (SIGTERM). */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <linux/if.h>
#include <linux/if_tun.h>
#include <poll.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <time.h>
#include <unistd.h>

#define QLEN 65536
#define PKT 2048

struct pkt {
	long long due_ns;
	unsigned short len;
	unsigned char data[PKT];
};

static volatile sig_atomic_t stop;

static void
on_term(int sig)
{
	(void)sig;
	stop = 1;
}

static long long
now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000000LL + ts.tv_nsec;
}

int
main(int argc, char **argv)
{
	struct ifreq ifr;
	struct pkt *q;
	size_t head = 0, n = 0;
	long long delay, dropped = 0, passed = 0;
	int fd;

	if (argc != 3) {
		fprintf(stderr, "usage: delayline TUNNAME DELAY_US\n");
		return 2;
	}
	delay = atoll(argv[2]) * 1000LL;
	q = calloc(QLEN, sizeof(*q));
	fd = open("/dev/net/tun", O_RDWR | O_NONBLOCK);
	if (q == NULL || fd < 0) {
		perror("delayline: /dev/net/tun");
		return 1;
	}
	memset(&ifr, 0, sizeof(ifr));
	ifr.ifr_flags = IFF_TUN | IFF_NO_PI;
	snprintf(ifr.ifr_name, IFNAMSIZ, "%s", argv[1]);
	if (ioctl(fd, TUNSETIFF, &ifr) != 0) {
		perror("delayline: TUNSETIFF");
		return 1;
	}
	signal(SIGTERM, on_term);
	signal(SIGINT, on_term);
	printf("ready\n");
	fflush(stdout);
	while (!stop) {
		long long t = now_ns(), wait_ns = -1;
		struct timespec ts, *tp = NULL;
		struct pollfd pfd = { fd, POLLIN, 0 };

		/* give back every packet that is due */
		while (n > 0 && q[head].due_ns <= t) {
			if (write(fd, q[head].data, q[head].len) < 0 &&
			    errno != EAGAIN)
				perror("delayline: write");
			passed++;
			head = (head + 1) % QLEN;
			n--;
		}
		if (n > 0) {
			wait_ns = q[head].due_ns - t;
			ts.tv_sec = (time_t)(wait_ns / 1000000000LL);
			ts.tv_nsec = (long)(wait_ns % 1000000000LL);
			tp = &ts;
		}
		if (ppoll(&pfd, 1, tp, NULL) < 0) {
			if (errno == EINTR)
				continue;
			perror("delayline: ppoll");
			return 1;
		}
		/* take every packet waiting in the device */
		while (pfd.revents & POLLIN) {
			struct pkt *p = &q[(head + n) % QLEN];
			ssize_t r;

			if (n == QLEN) {
				unsigned char junk[PKT];

				if (read(fd, junk, sizeof(junk)) <= 0)
					break;
				dropped++;
				continue;
			}
			r = read(fd, p->data, sizeof(p->data));
			if (r <= 0)
				break;
			p->len = (unsigned short)r;
			p->due_ns = now_ns() + delay;
			n++;
		}
	}
	fprintf(stderr, "delayline: %lld packets passed, %lld dropped\n",
	    passed, dropped);
	return 0;
}
