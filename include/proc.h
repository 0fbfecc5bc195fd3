/* proc.h - start, stop and reap child processes (tshark) without a shell.
 *
 * A child gets: standard input from a given descriptor (or /dev/null),
 * standard output and standard error on pipes read by the parent, no
 * other open descriptor, default signal dispositions, its own process
 * group, and (on Linux) SIGKILL when streamxpert dies. Every started
 * child is remembered until it is reaped, so sx_proc_kill_all can stop
 * them all on the way out. */
#ifndef SX_PROC_H
#define SX_PROC_H

#include <stddef.h>
#include <sys/types.h>

struct sx_child {
	pid_t pid;   /* 0 when not running */
	int out;     /* read end of the child's stdout, or -1 */
	int err;     /* read end of the child's stderr, or -1 */
};

/* Start argv[0] (a path, not searched) with argv and the environment
 * plus the "NAME=VALUE" strings in env (NULL-terminated, may be NULL).
 * in_fd becomes the child's stdin (-1: /dev/null). With pipes set, stdout
 * and stderr are pipes (non-blocking, close-on-exec in the parent);
 * otherwise the child's stdout and stderr go to /dev/null. Returns 0, or
 * -1 with a message in err (exec failures included) and errno saying why
 * (EMFILE, ENFILE or EAGAIN when this machine's limits stopped it). Any
 * number of children may run at once. */
int sx_spawn(struct sx_child *c, char *const argv[], const char *const env[],
    int in_fd, int pipes, char *err, size_t errsize);

/* Wait for pid, retrying on EINTR; stores the wait status. Returns 0 or
 * -1. The child is forgotten by sx_proc_kill_all. */
int sx_reap(pid_t pid, int *status);

/* Reap pid if it has ended: returns 1 (status stored) or 0. */
int sx_try_reap(pid_t pid, int *status);

/* Send sig to the child's process group. */
void sx_signal_child(pid_t pid, int sig);

/* Stop a child: SIGTERM to its group, SIGKILL after grace_ms if it is
 * still there, then reap. Stores the wait status if status != NULL. */
void sx_stop(pid_t pid, int grace_ms, int *status);

/* Stop and reap every child still running (used when aborting). */
void sx_proc_kill_all(void);

/* "exited with status 2", "was killed by signal 9 (Killed)". */
void sx_describe_status(int status, char *buf, size_t size);

/* Close fd if it is >= 0 and set it to -1. */
void sx_close(int *fd);

#endif
