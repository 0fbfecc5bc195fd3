/* outfile.c - write a temporary file, then rename it into place. */
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "util.h"

/* The directory part of path ("." when there is none) into a new
 * string. */
static char *
dir_of(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *d;

	if (slash == NULL)
		return sx_strdup(".");
	if (slash == path)
		return sx_strdup("/");
	d = sx_strdup(path);
	d[slash - path] = '\0';
	return d;
}

int
sx_fsync_dir_of(const char *path)
{
	char *d = dir_of(path);
	int fd, rc = 0, e;

	fd = open(d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	free(d);
	if (fd < 0)
		return -1;
	/* Some file systems cannot fsync a directory: nothing to wait
	 * for there. */
	if (fsync(fd) != 0 && errno != EINVAL && errno != ENOTSUP)
		rc = -1;
	e = errno;
	close(fd);
	errno = e;
	return rc;
}

int
sx_outfile_name(struct sx_outfile *o, const char *path, char *err,
    size_t errsize)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	struct sx_buf b = { 0 };

	memset(o, 0, sizeof(*o));
	if (*base == '\0') {
		snprintf(err, errsize, "%s: not a file name", path);
		return -1;
	}
	sx_buf_add(&b, path, (size_t)(base - path));
	sx_buf_printf(&b, ".%s.%ld", base, (long)getpid());
	o->tmp = sx_strdup(sx_buf_cstr(&b));
	sx_buf_free(&b);
	o->path = sx_strdup(path);
	return 0;
}

/* A write lock on all of fd (cmd F_SETLK), or whether another process
 * holds one (F_GETLK: 1, else 0). */
static int
lock_whole(int fd, int cmd)
{
	struct flock fl;

	memset(&fl, 0, sizeof(fl));
	fl.l_type = F_WRLCK;
	fl.l_whence = SEEK_SET;
	if (fcntl(fd, cmd, &fl) != 0)
		return 0;
	return cmd == F_GETLK && fl.l_type != F_UNLCK;
}

int
sx_outfile_in_use(const char *tmp)
{
	struct stat st;
	int fd, used;

	fd = open(tmp, O_WRONLY | O_NONBLOCK | O_NOFOLLOW | O_CLOEXEC);
	if (fd < 0)
		return errno != ENOENT;
	used = fstat(fd, &st) != 0 || !S_ISREG(st.st_mode) ||
	    lock_whole(fd, F_GETLK);
	close(fd);
	return used;
}

/* Create o->tmp, or, when a file of that name is there already (left
 * by a dead process that had our pid), ".NAME.PID-XXXXXX" instead. */
static int
create_tmp(struct sx_outfile *o)
{
	struct sx_buf b = { 0 };
	int fd, e;

	fd = open(o->tmp, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
	if (fd >= 0 || errno != EEXIST)
		return fd;
	sx_buf_printf(&b, "%s-XXXXXX", o->tmp);
	fd = mkstemp(b.data);
	e = errno;
	if (fd >= 0) {
		free(o->tmp);
		o->tmp = sx_strdup(sx_buf_cstr(&b));
	}
	sx_buf_free(&b);
	errno = e;
	return fd;
}

int
sx_outfile_create(struct sx_outfile *o, unsigned mode, char *err,
    size_t errsize)
{
	struct stat st;
	mode_t mask;
	int fd;

	fd = create_tmp(o);
	if (fd < 0) {
		snprintf(err, errsize, "%s: cannot create a file beside it: "
		    "%s", o->path, strerror(errno));
		sx_outfile_free(o);
		return -1;
	}
	/* held while the file is written: a run that sweeps a dead run's
	 * temporary file can tell it from a live one (sx_outfile_in_use) */
	lock_whole(fd, F_SETLK);
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, (mode_t)mode & ~mask) != 0 || fstat(fd, &st) != 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsize, "%s: %s", o->tmp, strerror(errno));
		close(fd);
		unlink(o->tmp);
		sx_outfile_free(o);
		return -1;
	}
	o->dev = (uint64_t)st.st_dev;
	o->ino = (uint64_t)st.st_ino;
	return 0;
}

int
sx_outfile_open(struct sx_outfile *o, const char *path, unsigned mode,
    char *err, size_t errsize)
{
	if (sx_outfile_name(o, path, err, errsize) != 0)
		return -1;
	return sx_outfile_create(o, mode, err, errsize);
}

int
sx_outfile_is_tmp_suffix(const char *s)
{
	size_t n = strspn(s, "0123456789");
	static const char alnum[] = "abcdefghijklmnopqrstuvwxyz"
	    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

	/* earlier versions named it by mkstemp alone: "XXXXXX" */
	if (strlen(s) == 6 && strspn(s, alnum) == 6)
		return 1;
	if (n == 0 || n > 20)
		return 0;
	if (s[n] == '\0')
		return 1;
	return s[n] == '-' && strlen(s + n + 1) == 6;
}

int
sx_outfile_finish(struct sx_outfile *o, char *err, size_t errsize)
{
	int bad = 0, e = 0;

	if (o->fp == NULL)
		return 0;
	if (fflush(o->fp) != 0 || ferror(o->fp)) {
		bad = 1;
		e = errno ? errno : EIO;
	} else if (fsync(fileno(o->fp)) != 0) {
		bad = 1;
		e = errno;
	}
	if (fclose(o->fp) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	o->fp = NULL;
	if (bad) {
		snprintf(err, errsize, "%s: %s", o->path, strerror(e));
		return -1;
	}
	return 0;
}

int
sx_outfile_commit(struct sx_outfile *o, char *err, size_t errsize)
{
	if (rename(o->tmp, o->path) != 0) {
		snprintf(err, errsize, "%s: cannot rename %s into place: %s",
		    o->path, o->tmp, strerror(errno));
		return -1;
	}
	free(o->tmp);
	o->tmp = NULL;
	if (sx_fsync_dir_of(o->path) != 0) {
		snprintf(err, errsize, "%s: syncing its directory: %s",
		    o->path, strerror(errno));
		return -1;
	}
	return 0;
}

void
sx_outfile_abort(struct sx_outfile *o)
{
	if (o->fp != NULL) {
		fclose(o->fp);
		o->fp = NULL;
	}
	if (o->tmp != NULL)
		unlink(o->tmp);
	sx_outfile_free(o);
}

void
sx_outfile_free(struct sx_outfile *o)
{
	free(o->tmp);
	free(o->path);
	o->tmp = o->path = NULL;
}
