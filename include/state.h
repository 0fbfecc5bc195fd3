/* state.h - the --state file: which captures were reported already.
 *
 * A capture is known by its device, inode, size and modification time
 * (nanoseconds), so a file rewritten or rotated over under the same name
 * is new. The file is text, one capture a line:
 *
 *   streamxpert-state 2
 *   reported<TAB>DEV<TAB>INO<TAB>SIZE<TAB>MTIME_NS<TAB>PATH
 *   metric<TAB>SERIES<TAB>VALUE
 *   output<TAB>DEV<TAB>INO<TAB>PATH<TAB>TEMPORARY
 *   pending<TAB>DEV<TAB>INO<TAB>SIZE<TAB>MTIME_NS<TAB>PATH
 *   pending-metric<TAB>SERIES<TAB>VALUE
 *
 * "metric" lines are the Prometheus series of -T prometheus (prom.h:
 * SERIES is name{labels}, VALUE its number), kept so that counters
 * grow across runs and no series disappears; "pending-metric" ones
 * replace them when the pending captures land. A file without metric
 * lines is written as version 1, which older streamxpert reads; both
 * versions are read.
 *
 * (paths absolute and escaped as in TSV). "output" is the temporary
 * file (-o) of a run that is writing a report, to be renamed over PATH;
 * "pending" captures are in that report, saved just before the rename:
 * they count as reported when the file at PATH is that file (DEV and
 * INO), else not. Either way the next run removes the temporary file if
 * it is still there (the run died).
 *
 * One run at a time holds the state: a lock (fcntl) on STATE.lock, kept
 * until the process ends. The file is replaced atomically (outfile.h);
 * the holder of the lock removes the temporary files a killed save left
 * (".STATE.XXXXXX"). */
#ifndef SX_STATE_H
#define SX_STATE_H

#include <stddef.h>
#include <stdint.h>

struct sx_capid {
	uint64_t dev, ino, size;
	int64_t mtime_ns;
};

struct sx_state_entry {
	struct sx_capid id;
	char *path;
};

struct sx_state_list {
	struct sx_state_entry *v;
	size_t n, cap;
};

/* Series and values as text (prom.h writes and reads them). */
struct sx_series {
	char *key, *value;
};

struct sx_metric_list {
	struct sx_series *v;
	size_t n, cap;
};

void sx_metric_add(struct sx_metric_list *l, const char *key,
    const char *value);
void sx_metric_list_free(struct sx_metric_list *l);

struct sx_state {
	char *path;
	int lockfd;
	struct sx_state_list reported;   /* sorted after sx_state_open */
	struct sx_state_list pending;
	struct sx_metric_list metrics;   /* of the reported captures */
	struct sx_metric_list pending_metrics;
	int has_pending_metrics;
	char *out_path, *out_tmp;        /* for pending */
	uint64_t out_dev, out_ino;
	int dirty;                       /* differs from the file */
	int lock_text;                   /* our pid is in STATE.lock */
};

/* The identity of the file at path; 0, or -1 with errno set. */
int sx_capid_of(const char *path, struct sx_capid *id);

/* Lock and read the state file at path (a missing file is an empty
 * state), settle what a previous run left pending, and forget captures
 * whose path is gone or holds another file now. Returns 0; 1 when
 * another process holds the lock (err says which); -1 on any other
 * error (err names the file and the cause). */
int sx_state_open(struct sx_state *s, const char *path, char *err,
    size_t errsize);

/* Whether the capture was reported. */
int sx_state_has(const struct sx_state *s, const struct sx_capid *id);

/* Remember a capture as reported (or pending, see above). */
void sx_state_add(struct sx_state *s, const struct sx_capid *id,
    const char *path);
void sx_state_add_pending(struct sx_state *s, const struct sx_capid *id,
    const char *path);

/* Tie the pending captures to the temporary file tmp (dev, ino) that is
 * to be renamed to out_path. */
void sx_state_set_output(struct sx_state *s, const char *out_path,
    const char *tmp, uint64_t dev, uint64_t ino);

/* The series after this run (taken over; l is left empty): with
 * pending captures, they replace the kept ones when those land. */
void sx_state_set_metrics(struct sx_state *s, struct sx_metric_list *l);
void sx_state_set_pending_metrics(struct sx_state *s,
    struct sx_metric_list *l);

/* The output was renamed into place: the pending captures are reported
 * now. */
void sx_state_output_done(struct sx_state *s);

/* Write the state (atomically). Returns 0, or -1 with a message in err;
 * the file is then as it was. */
int sx_state_save(struct sx_state *s, char *err, size_t errsize);

/* Free; the lock goes with the process (or here). */
void sx_state_close(struct sx_state *s);

#endif
