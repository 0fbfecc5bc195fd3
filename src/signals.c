/* signals.c - self-pipe signal handling. */
#include "signals.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static volatile sig_atomic_t caught;
static int pipefd[2] = { -1, -1 };

static void
handler(int sig)
{
	int saved = errno;
	char c = 1;

	if (!caught)
		caught = sig;
	if (pipefd[1] >= 0 && write(pipefd[1], &c, 1) < 0) {
		/* the pipe is full: a wakeup is already pending */
	}
	errno = saved;
}

static const int sigs[] = { SIGINT, SIGTERM, SIGHUP };
static unsigned char installed[3];  /* per sigs[i]: our handler is on */

void
sx_signals_init(void)
{
	struct sigaction sa;
	size_t i;

	if (pipe(pipefd) == 0) {
		for (i = 0; i < 2; i++) {
			fcntl(pipefd[i], F_SETFD, FD_CLOEXEC);
			fcntl(pipefd[i], F_SETFL, O_NONBLOCK);
		}
	}
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = handler;
	sigemptyset(&sa.sa_mask);
	for (i = 0; i < SX_ARRAY_LEN(sigs); i++) {
		struct sigaction old;

		/* A signal ignored by whoever started us stays ignored
		 * (nohup, background jobs of non-interactive shells). */
		if (sigaction(sigs[i], NULL, &old) == 0 &&
		    old.sa_handler == SIG_IGN)
			continue;
		installed[i] = sigaction(sigs[i], &sa, NULL) == 0;
	}
	signal(SIGPIPE, SIG_IGN);
}

void
sx_signals_default(void)
{
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(sigs); i++) {
		if (installed[i]) {
			signal(sigs[i], SIG_DFL);
			installed[i] = 0;
		}
	}
}

int
sx_signals_fd(void)
{
	return pipefd[0];
}

int
sx_signals_caught(void)
{
	return caught;
}

int
sx_signals_take(void)
{
	char junk[64];
	int sig = caught;

	while (pipefd[0] >= 0 && read(pipefd[0], junk, sizeof(junk)) > 0)
		;
	caught = 0;
	return sig;
}

void
sx_die_by_signal(int sig)
{
	sigset_t set;

	signal(sig, SIG_DFL);
	sigemptyset(&set);
	sigaddset(&set, sig);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
	raise(sig);
	_exit(128 + sig);
}
