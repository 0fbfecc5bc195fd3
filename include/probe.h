/* probe.h - what one tshark binary supports, learnt by asking it.
 *
 * tshark versions differ in the TCP heuristic sub-dissectors they have
 * (and in how they name them), in the fields they know (tcp.completeness
 * is 3.6 and later) and in their preferences. Instead of a list written
 * for one version, streamxpert asks the tshark it runs:
 *   1. `tshark -G heuristic-decodes` lists the heuristic sub-dissectors of
 *      the "tcp" table. tshark 4.2 and later print the short names that
 *      --disable-heuristic takes; older ones print only the protocol, and
 *      the candidates are then PROTO_tcp, PROTO-tcp, PROTO and the names
 *      tshark 3.4 to 4.0 are known to use (sx_known_heuristics).
 *   2. One run `tshark -n -r - -o PREF... --disable-heuristic=NAME...
 *      -T fields -e FIELD...` on an empty capture: tshark names every
 *      unknown preference, field and heuristic on stderr; those are
 *      dropped and the run repeated until tshark accepts them all (exit 0,
 *      nothing said), so whatever is kept is proven accepted.
 * The answer is kept in the probe cache with the version (tshark.c). */
#ifndef SX_PROBE_H
#define SX_PROBE_H

#include <stddef.h>

#include "fields.h"
#include "util.h"

/* The preferences streamxpert may pass: the first SX_NPRUNE only cost
 * time and memory (see probe.c), the rest are the ones the statistics
 * pin (stats.h); bit i of sx_caps.prefs says whether tshark knows
 * sx_prune_prefs[i]. */
#define SX_NPRUNE 3
#define SX_NPREFS 10
extern const char *const sx_prune_prefs[SX_NPREFS];

struct sx_caps {
	int known;          /* the probe ran (or came from the cache) */
	char **heur;        /* heuristic short names to disable, NULL-ended */
	size_t nheur;
	unsigned char no_field[SX_F_COUNT]; /* 1: tshark lacks this field */
	unsigned prefs;     /* bit i: sx_prune_prefs[i] is accepted */
};

/* What a probe that did not finish returns (besides -1: could not be
 * started). Either way the child is stopped and reaped, and err says so. */
#define SX_PROBE_TIMEOUT (-2)   /* no answer within sx_probe_limit_ms() */
#define SX_PROBE_SIGNAL  (-3)   /* SIGINT, SIGTERM or SIGHUP arrived
                                 * (sx_signals_caught() says which) */

/* The time limit of one probe of tshark, in milliseconds: 30 s, or
 * $STREAMXPERT_PROBE_TIMEOUT seconds (a positive number; anything else
 * keeps the default). */
long sx_probe_limit_ms(void);

/* Run argv with the extra environment env (stdin: an empty capture when
 * feed is set, else /dev/null); collect stdout and stderr (bounded: 4 MiB
 * and 256 KiB) and the wait status. Returns 0; -1 with a message in err
 * when it could not be started; SX_PROBE_TIMEOUT or SX_PROBE_SIGNAL when
 * it was stopped. */
int sx_probe_run(char *const argv[], const char *const *env, int feed,
    struct sx_buf *out, struct sx_buf *errout, int *status, char *err,
    size_t errsize);

/* Ask the tshark at path (run with the extra environment env, see
 * sx_spawn). Returns 0, or -1, SX_PROBE_TIMEOUT or SX_PROBE_SIGNAL (as
 * sx_probe_run) with a message in err; caps is then left empty
 * (unknown). */
int sx_probe_caps(const char *path, const char *const *env,
    struct sx_caps *caps, char *err, size_t errsize);

/* The caps as text lines for the cache ("heuristics=...", "missing=...",
 * "prefs=..."), appended to b. */
void sx_caps_write(const struct sx_caps *caps, struct sx_buf *b);

/* Whether tshark takes -o pref (one of sx_prune_prefs): 1 when the probe
 * said so or did not run (the preference is then passed as it is). */
int sx_caps_pref_ok(const struct sx_caps *caps, const char *pref);

/* Read what sx_caps_write wrote (n bytes at text); 0, or -1 when the text
 * is not exactly that (caps is then left empty). */
int sx_caps_read(struct sx_caps *caps, const char *text, size_t n);

void sx_caps_free(struct sx_caps *caps);

#endif
