/* shard.c - --shard K/N and the forms read from the environment. */
#include "shard.h"

#include <string.h>

#include "util.h"

/* A variable that must hold a number up to max. */
static int
env_sx_parse_u64(const char *(*env)(const char *), const char *name,
    uint64_t max, uint64_t *v, char *err, size_t errsize)
{
	const char *s = env(name);

	if (s == NULL)
		return sx_errf(err, errsize, "%s is not set", name);
	if (sx_parse_u64(s, strlen(s), max, v) != 0)
		return sx_errf(err, errsize, "%s is '%.40s', not a number "
		    "up to %llu", name, s, (unsigned long long)max);
	return 0;
}

/* Slurm: the task's place in its array, from the ID, the first ID and
 * the step (so that --array=1-8 and --array=0-30:2 work too). */
static int
from_slurm(const char *(*env)(const char *), struct sx_shard *s, char *err,
    size_t errsize)
{
	char why[160];
	uint64_t id, min = 0, step = 1;

	if (env_sx_parse_u64(env, "SLURM_ARRAY_TASK_ID", UINT32_MAX, &id, why,
	    sizeof(why)) != 0 || env_sx_parse_u64(env, "SLURM_ARRAY_TASK_COUNT",
	    SX_SHARD_MAX, &s->n, why, sizeof(why)) != 0 ||
	    (env("SLURM_ARRAY_TASK_MIN") && env_sx_parse_u64(env,
	    "SLURM_ARRAY_TASK_MIN", UINT32_MAX, &min, why,
	    sizeof(why)) != 0) || (env("SLURM_ARRAY_TASK_STEP") &&
	    env_sx_parse_u64(env, "SLURM_ARRAY_TASK_STEP", UINT32_MAX, &step, why,
	    sizeof(why)) != 0))
		return sx_errf(err, errsize, "--shard slurm: %s (not a task "
		    "of a Slurm job array?)", why);
	if (s->n == 0 || step == 0 || id < min || (id - min) % step != 0 ||
	    (id - min) / step >= s->n)
		return sx_errf(err, errsize, "--shard slurm: task %llu of an "
		    "array of %llu from %llu by %llu is not one of them (a "
		    "list such as --array=1,5,9 needs --shard K/N)",
		    (unsigned long long)id, (unsigned long long)s->n,
		    (unsigned long long)min, (unsigned long long)step);
	s->k = (id - min) / step;
	return 0;
}

int
sx_shard_parse(const char *arg, const char *(*env)(const char *),
    struct sx_shard *s, char *err, size_t errsize)
{
	const char *slash = strchr(arg, '/');
	struct sx_shard t = { 0, 0 };
	char why[160];

	if (strcmp(arg, "slurm") == 0) {
		if (from_slurm(env, &t, err, errsize) != 0)
			return -1;
		*s = t;
		return 0;
	}
	if (strcmp(arg, "k8s") == 0)
		return sx_errf(err, errsize, "--shard k8s: Kubernetes does not "
		    "say how many pods there are: --shard k8s/N, N the Job's "
		    "completions");
	if (slash == NULL || sx_parse_u64(slash + 1, strlen(slash + 1),
	    SX_SHARD_MAX, &t.n) != 0 || t.n == 0)
		return sx_errf(err, errsize, "--shard wants K/N (N from 1 to "
		    "%d, K from 0 to N-1), slurm or k8s/N, not '%.60s'",
		    SX_SHARD_MAX, arg);
	if ((size_t)(slash - arg) == 3 && strncmp(arg, "k8s", 3) == 0) {
		if (env_sx_parse_u64(env, "JOB_COMPLETION_INDEX", UINT32_MAX, &t.k,
		    why, sizeof(why)) != 0)
			return sx_errf(err, errsize, "--shard %.60s: %s (not "
			    "a pod of a Kubernetes Indexed Job?)", arg, why);
		if (t.k >= t.n)
			return sx_errf(err, errsize, "--shard %.60s: "
			    "JOB_COMPLETION_INDEX is %llu, not below %llu "
			    "(N is the Job's completions)", arg,
			    (unsigned long long)t.k, (unsigned long long)t.n);
	} else if (sx_parse_u64(arg, (size_t)(slash - arg), UINT64_MAX, &t.k) != 0 ||
	    t.k >= t.n) {
		return sx_errf(err, errsize, "--shard %.60s: K must be a "
		    "number from 0 to N-1 (shards are counted from 0)", arg);
	}
	*s = t;
	return 0;
}

int
sx_shard_takes(const struct sx_shard *s, uint64_t i)
{
	return s->n == 0 || i % s->n == s->k;
}
