/* proc.c - fork/exec of tshark with pipes, and reaping. */
#define _GNU_SOURCE 1
#include "proc.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>
#ifdef __linux__
#include <sys/prctl.h>
#include <sys/syscall.h>
#endif

#include "util.h"

extern char **environ;

/* Children started and not yet reaped: as many as run (-j has no
 * bound here). */
static pid_t *live;
static size_t nlive, live_cap;

/* Room for one more, made before fork so that a child is never
 * started without a place to remember it. */
static void
make_room(void)
{
	live = sx_grow(live, &live_cap, nlive + 1, sizeof(*live), 64);
}

static void
remember(pid_t pid)
{
	live[nlive++] = pid;
}

static void
forget(pid_t pid)
{
	size_t i;

	for (i = 0; i < nlive; i++) {
		if (live[i] == pid) {
			live[i] = live[--nlive];
			return;
		}
	}
}

void
sx_close(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		*fd = -1;
	}
}

/* Build the child's environment: ours, with each NAME=VALUE of extra
 * replacing a variable of the same name. */
static char **
make_env(const char *const extra[])
{
	size_t n = 0, m = 0, i, j, k = 0;
	char **env;

	while (environ[n])
		n++;
	while (extra && extra[m])
		m++;
	env = sx_calloc(n + m + 1, sizeof(*env));
	for (i = 0; i < n; i++) {
		const char *eq = strchr(environ[i], '=');
		size_t len = eq ? (size_t)(eq - environ[i]) + 1 : 0;

		for (j = 0; j < m && len; j++)
			if (strncmp(extra[j], environ[i], len) == 0)
				break;
		if (len && j < m)
			continue;
		env[k++] = environ[i];
	}
	for (j = 0; j < m; j++)
		env[k++] = (char *)extra[j];
	env[k] = NULL;
	return env;
}

/* In the child: close every descriptor from lowfd up. */
static void
close_from(int lowfd)
{
	long max;
	int fd;

#if defined(__linux__) && defined(SYS_close_range)
	if (syscall(SYS_close_range, (unsigned)lowfd, ~0U, 0U) == 0)
		return;
#endif
	max = sysconf(_SC_OPEN_MAX);
	if (max < 0 || max > 65536)
		max = 65536;
	for (fd = lowfd; fd < max; fd++)
		close(fd);
}

/* The child side of sx_spawn: only async-signal-safe calls, then exec.
 * A failure writes errno to report (close-on-exec) and exits 127. */
static void
child(char *const argv[], char **env, int in_fd, int out_fd, int err_fd,
    int report, pid_t parent)
{
	sigset_t none;
	int e;

	setpgid(0, 0);
#ifdef __linux__
	prctl(PR_SET_PDEATHSIG, SIGKILL);
	if (getppid() != parent)
		_exit(127);
#else
	(void)parent;
#endif
	signal(SIGPIPE, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	signal(SIGTERM, SIG_DFL);
	signal(SIGHUP, SIG_DFL);
	sigemptyset(&none);
	sigprocmask(SIG_SETMASK, &none, NULL);

	if (dup2(in_fd, 0) < 0 || dup2(out_fd, 1) < 0 || dup2(err_fd, 2) < 0)
		goto fail;
	/* Keep only 0, 1, 2 and the report pipe, moved to 3. */
	if (report != 3) {
		close(3);
		if (fcntl(report, F_DUPFD_CLOEXEC, 3) != 3)
			goto fail;
		report = 3;
	}
	close_from(4);
	execve(argv[0], argv, env);
fail:
	e = errno;
	if (write(report, &e, sizeof(e)) < 0) {
		/* nothing more can be done */
	}
	_exit(127);
}

/* The errno of the child's failed exec, or 0 once the exec closed the
 * report pipe rep. Closes both ends. */
static int
exec_error(int rep[2])
{
	ssize_t r;
	int e = 0;

	sx_close(&rep[1]);
	do
		r = read(rep[0], &e, sizeof(e));
	while (r < 0 && errno == EINTR);
	sx_close(&rep[0]);
	return r == (ssize_t)sizeof(e) ? e : 0;
}

static void
nonblock(int fd)
{
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

/* Room in the child's output pipe for a few milliseconds of a tshark's
 * lines (sched.c's wait between turns); where the system allows. */
static void
widen(int fd)
{
#ifdef F_SETPIPE_SZ
	fcntl(fd, F_SETPIPE_SZ, 256 * 1024);
#else
	(void)fd;
#endif
}

int
sx_spawn(struct sx_child *c, char *const argv[], const char *const env[],
    int in_fd, int pipes, char *err, size_t errsize)
{
	int out[2] = { -1, -1 }, errp[2] = { -1, -1 }, rep[2] = { -1, -1 };
	int devnull = -1, in = in_fd, e = 0;
	char **envp = NULL;
	pid_t pid, parent = getpid();

	c->pid = 0;
	c->out = c->err = -1;
	if (in < 0 || !pipes) {
		devnull = open("/dev/null", O_RDWR | O_CLOEXEC);
		if (devnull < 0) {
			snprintf(err, errsize, "/dev/null: %s", strerror(errno));
			return -1;
		}
		if (in < 0)
			in = devnull;
	}
	if (pipes && (pipe2(out, O_CLOEXEC) != 0 ||
	    pipe2(errp, O_CLOEXEC) != 0)) {
		snprintf(err, errsize, "pipe: %s", strerror(errno));
		goto fail;
	}
	if (pipe2(rep, O_CLOEXEC) != 0) {
		snprintf(err, errsize, "pipe: %s", strerror(errno));
		goto fail;
	}
	envp = make_env(env);
	make_room();
	fflush(NULL);
	pid = fork();
	if (pid < 0) {
		snprintf(err, errsize, "fork: %s", strerror(errno));
		goto fail;
	}
	if (pid == 0)
		child(argv, envp, in, pipes ? out[1] : devnull,
		    pipes ? errp[1] : devnull, rep[1], parent);
	remember(pid);
	/* Also set the group from here, so that it is in place before we
	 * might signal it (the child does the same; one of them wins). */
	setpgid(pid, pid);
	free(envp);
	envp = NULL;
	if ((e = exec_error(rep)) != 0) {
		int status;

		sx_reap(pid, &status);
		snprintf(err, errsize, "cannot run %s: %s", argv[0],
		    strerror(e));
		errno = e;
		goto fail;
	}
	sx_close(&devnull);
	if (pipes) {
		sx_close(&out[1]);
		sx_close(&errp[1]);
		nonblock(out[0]);
		widen(out[0]);
		nonblock(errp[0]);
		c->out = out[0];
		c->err = errp[0];
	}
	c->pid = pid;
	return 0;
fail:
	e = errno;
	free(envp);
	sx_close(&out[0]);
	sx_close(&out[1]);
	sx_close(&errp[0]);
	sx_close(&errp[1]);
	sx_close(&rep[0]);
	sx_close(&rep[1]);
	sx_close(&devnull);
	errno = e;
	return -1;
}

int
sx_reap(pid_t pid, int *status)
{
	pid_t r;

	do
		r = waitpid(pid, status, 0);
	while (r < 0 && errno == EINTR);
	forget(pid);
	return r == pid ? 0 : -1;
}

int
sx_try_reap(pid_t pid, int *status)
{
	pid_t r;

	do
		r = waitpid(pid, status, WNOHANG);
	while (r < 0 && errno == EINTR);
	if (r == 0)
		return 0;
	forget(pid);
	return 1;
}

void
sx_signal_child(pid_t pid, int sig)
{
	if (pid <= 0)
		return;
	if (kill(-pid, sig) != 0)
		kill(pid, sig);
}

static void
sleep_ms(int ms)
{
	struct timespec ts = { ms / 1000, (long)(ms % 1000) * 1000000L };

	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

void
sx_stop(pid_t pid, int grace_ms, int *status)
{
	int st = 0, waited = 0, killed = 0;

	if (pid <= 0)
		return;
	sx_signal_child(pid, SIGTERM);
	for (;;) {
		siginfo_t si;

		/* Look without reaping: the zombie keeps its process group
		 * number reserved until the group is cleared below. */
		memset(&si, 0, sizeof(si));
		if (waitid(P_PID, (id_t)pid, &si, WEXITED | WNOHANG |
		    WNOWAIT) != 0) {
			if (errno == EINTR)
				continue;
			break;
		}
		if (si.si_pid == pid)
			break;
		if (waited >= grace_ms && !killed) {
			sx_signal_child(pid, SIGKILL);
			killed = 1;
		}
		sleep_ms(10);
		waited += 10;
	}
	/* Whatever else is left in its group goes too. */
	kill(-pid, SIGKILL);
	sx_reap(pid, &st);
	if (status)
		*status = st;
}

void
sx_proc_kill_all(void)
{
	size_t i;

	/* all told at once, so that they end together */
	for (i = 0; i < nlive; i++)
		sx_signal_child(live[i], SIGTERM);
	while (nlive > 0)
		sx_stop(live[nlive - 1], 200, NULL);
}

void
sx_describe_status(int status, char *buf, size_t size)
{
	if (WIFEXITED(status)) {
		snprintf(buf, size, "exited with status %d",
		    WEXITSTATUS(status));
	} else if (WIFSIGNALED(status)) {
		int sig = WTERMSIG(status);

		snprintf(buf, size, "was killed by signal %d (%s)", sig,
		    strsignal(sig));
	} else {
		snprintf(buf, size, "ended with wait status 0x%x", status);
	}
}
