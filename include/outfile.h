/* outfile.h - a file that appears whole or not at all (-o FILE, the
 * state file).
 *
 * It is written as a temporary file in the target's own directory,
 * ".NAME.PID" (PID: the writer's process id; ".NAME.PID-XXXXXX" when a
 * dead process with the same pid left that name behind), so that a rename cannot cross file systems and
 * node_exporter's textfile collector, which reads *.prom only, never
 * sees it), flushed and fsync'ed, then renamed over the target, and the
 * directory is fsync'ed so that the rename itself survives a power
 * loss. A reader sees the old file or the new one, never half of one.
 * Until the rename, aborting removes the temporary file. */
#ifndef SX_OUTFILE_H
#define SX_OUTFILE_H

#include <stdint.h>
#include <stdio.h>

struct sx_outfile {
	char *path;       /* the target */
	char *tmp;        /* the temporary file, NULL once renamed or gone */
	FILE *fp;         /* open while writing, NULL once finished */
	uint64_t dev, ino;  /* the temporary file's (the target's once
	                     * renamed) */
};

/* Name the temporary file for path (o->path, o->tmp) without creating
 * it: a caller can record the name before the file exists, so that a
 * process killed in between leaves nothing unknown (--state). Returns
 * 0, or -1 with a message in err. */
int sx_outfile_name(struct sx_outfile *o, const char *path, char *err,
    size_t errsize);
/* Create the named temporary file (O_EXCL) with the given mode (before
 * the umask); o->tmp changes when the fallback name is used. Returns 0,
 * or -1 with a message naming the file in err (o is freed then). */
int sx_outfile_create(struct sx_outfile *o, unsigned mode, char *err,
    size_t errsize);
/* Whether the temporary file tmp is being written by a live process
 * (it holds a lock on it from sx_outfile_create on), or is not a
 * regular file: 0 means a dead process left it. */
int sx_outfile_in_use(const char *tmp);
/* sx_outfile_name and sx_outfile_create at once. */
int sx_outfile_open(struct sx_outfile *o, const char *path, unsigned mode,
    char *err, size_t errsize);
/* Whether s, what follows ".NAME." in a file name, is what a temporary
 * file's name has there ("PID" or "PID-XXXXXX"; or "XXXXXX", the name
 * earlier versions gave it). */
int sx_outfile_is_tmp_suffix(const char *s);

/* Flush, fsync and close the temporary file (o->fp). Returns 0, or -1
 * with a message in err (the temporary file is kept: abort it). */
int sx_outfile_finish(struct sx_outfile *o, char *err, size_t errsize);

/* Rename the finished file into place and fsync its directory. Returns
 * 0, or -1 with a message in err. */
int sx_outfile_commit(struct sx_outfile *o, char *err, size_t errsize);

/* Close and remove the temporary file if it is still there; free. */
void sx_outfile_abort(struct sx_outfile *o);

/* Free what is left (after a commit). */
void sx_outfile_free(struct sx_outfile *o);

/* fsync the directory that holds path; 0 or -1 with errno set. */
int sx_fsync_dir_of(const char *path);

#endif
