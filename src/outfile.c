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
sx_outfile_open(struct sx_outfile *o, const char *path, unsigned mode,
    char *err, size_t errsize)
{
	const char *slash = strrchr(path, '/');
	const char *base = slash ? slash + 1 : path;
	struct sx_buf b = { 0 };
	struct stat st;
	mode_t mask;
	int fd;

	memset(o, 0, sizeof(*o));
	if (*base == '\0') {
		snprintf(err, errsize, "%s: not a file name", path);
		return -1;
	}
	sx_buf_add(&b, path, (size_t)(base - path));
	sx_buf_printf(&b, ".%s.XXXXXX", base);
	o->tmp = sx_strdup(sx_buf_cstr(&b));
	sx_buf_free(&b);
	fd = mkstemp(o->tmp);
	if (fd < 0) {
		snprintf(err, errsize, "%s: cannot create a file beside it: "
		    "%s", path, strerror(errno));
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	mask = umask(0);
	umask(mask);
	if (fchmod(fd, (mode_t)mode & ~mask) != 0 || fstat(fd, &st) != 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) != 0 ||
	    (o->fp = fdopen(fd, "w")) == NULL) {
		snprintf(err, errsize, "%s: %s", o->tmp, strerror(errno));
		close(fd);
		unlink(o->tmp);
		free(o->tmp);
		o->tmp = NULL;
		return -1;
	}
	o->path = sx_strdup(path);
	o->dev = (uint64_t)st.st_dev;
	o->ino = (uint64_t)st.st_ino;
	return 0;
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
