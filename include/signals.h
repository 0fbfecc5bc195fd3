/* signals.h - turn SIGINT, SIGTERM and SIGHUP into an event the main loop
 * polls for, and die by a signal once cleanup is done. */
#ifndef SX_SIGNALS_H
#define SX_SIGNALS_H

#include "util.h"

/* Install the handlers and ignore SIGPIPE (a closed stdout is seen as
 * EPIPE and handled). Call once, early. */
void sx_signals_init(void);

/* From now on SIGINT, SIGTERM and SIGHUP kill at once (their default
 * action; those ignored at start stay ignored): for the end of a run,
 * when no child is left and nothing needs cleaning up, so that a write
 * blocked on a reader that stopped reading cannot make a signal wait.
 * A signal caught before is still in sx_signals_caught. */
void sx_signals_default(void);

/* A descriptor that becomes readable when a signal was caught. */
int sx_signals_fd(void);

/* The first signal caught, or 0. */
int sx_signals_caught(void);

/* The first signal caught, or 0, and forget it (the next signal counts
 * again as a first one). */
int sx_signals_take(void);

/* Restore the default action of sig and raise it, so that the parent
 * sees streamxpert killed by sig (shell status 128 + sig). */
SX_NORETURN void sx_die_by_signal(int sig);

#endif
