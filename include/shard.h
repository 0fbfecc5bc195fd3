/* shard.h - --shard: which of the inputs this run takes when N runs (the
 * tasks of a job array) share them.
 *
 * The inputs are counted in the order they are found (arguments in
 * order, each directory's entries in byte order of their names, a
 * subdirectory's entries where it stands with -R): every entry that is
 * not a directory walked into counts, capture or not. Shard K of N
 * (0-based, 0 <= K < N) takes entries K, K + N, K + 2N, ...; the others
 * are not even opened. N runs over the same inputs thus take each entry
 * exactly once between them. */
#ifndef SX_SHARD_H
#define SX_SHARD_H

#include <stddef.h>
#include <stdint.h>

struct sx_shard {
	uint64_t k, n;        /* n = 0: no sharding */
};

/* The largest N. */
#define SX_SHARD_MAX 1000000

/* Parse --shard's argument: "K/N"; "slurm" (SLURM_ARRAY_TASK_ID minus
 * SLURM_ARRAY_TASK_MIN, divided by SLURM_ARRAY_TASK_STEP, of
 * SLURM_ARRAY_TASK_COUNT); "k8s/N" (JOB_COMPLETION_INDEX of N, as a
 * Kubernetes Indexed Job sets it). env looks a variable up (getenv).
 * Returns 0, or -1 with a message in err. */
int sx_shard_parse(const char *arg, const char *(*env)(const char *),
    struct sx_shard *s, char *err, size_t errsize);

/* Whether entry i (counted from 0) is this shard's. */
int sx_shard_takes(const struct sx_shard *s, uint64_t i);

#endif
