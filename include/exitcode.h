/* exitcode.h - streamxpert's exit statuses (documented in the man page,
 * EXIT STATUS). */
#ifndef SX_EXITCODE_H
#define SX_EXITCODE_H

enum sx_exit {
	SX_EXIT_CLEAN = 0,      /* every input read completely */
	SX_EXIT_ALERT = 1,      /* a --fail-if threshold was crossed */
	SX_EXIT_USAGE = 2,      /* usage error, nothing analysed, write error */
	SX_EXIT_DAMAGED = 3,    /* some input damaged or unreadable */
	SX_EXIT_BUSY = 4        /* another run holds the --state file */
};

#endif
