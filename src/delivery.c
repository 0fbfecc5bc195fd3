/* delivery.c - --settle, --state and -o: where a finished report goes,
 * exactly once (what a cron job over a capture directory needs). */
#include "delivery.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "escape.h"
#include "util.h"

/* Exit status of a run that could not write its report or state. */

void
sx_delivery_init(struct sx_delivery *c)
{
	memset(c, 0, sizeof(*c));
	c->settle_ns = -1;
}

int
sx_delivery_option(struct sx_delivery *c, const char *name,
    const char *arg, char *err, size_t errsize)
{
	int64_t ns;

	if (strcmp(name, "settle") == 0) {
		if (sx_parse_time_ns(arg, strlen(arg), &ns) != 0 || ns < 0 ||
		    ns > 366LL * 86400 * 1000000000) {
			snprintf(err, errsize, "--settle wants seconds from 0 "
			    "to 31622400, not '%.100s'", arg);
			return -1;
		}
		c->settle_ns = ns;
	} else if (*arg == '\0') {
		snprintf(err, errsize, "--%s wants a file name", name);
		return -1;
	} else if (strcmp(name, "state") == 0) {
		c->state_path = arg;
	} else {
		c->output = arg;
	}
	return 0;
}

int64_t
sx_delivery_settle_ns(const struct sx_delivery *c)
{
	return c->settle_ns < 0 ? (int64_t)SX_SETTLE_DEFAULT * 1000000000 :
	    c->settle_ns;
}

static char *abs_path(const char *path);
static int save(struct sx_delivery *c);

/* Tie the state to the temporary output file. */
static void
record_output(struct sx_delivery *c)
{
	char *op = abs_path(c->out.path);
	char *tp = abs_path(c->out.tmp);

	sx_state_set_output(&c->st, op, tp, c->out.dev, c->out.ino);
	free(op);
	free(tp);
}

int
sx_delivery_start(struct sx_delivery *c, enum sx_format fmt, int quiet,
    FILE **out)
{
	char err[1024];
	int rc;

	c->quiet = quiet;
	*out = stdout;
	if (c->state_path) {
		rc = sx_state_open(&c->st, c->state_path, err, sizeof(err));
		c->have_state = 1;
		if (rc != 0) {
			sx_warn("%s", err);
			return rc > 0 ? SX_EXIT_BUSY : SX_EXIT_USAGE;
		}
	}
	if (c->output) {
		if (sx_outfile_open(&c->out, c->output, 0666, err,
		    sizeof(err)) != 0) {
			sx_warn("%s", err);
			return SX_EXIT_USAGE;
		}
		c->have_out = 1;
		*out = c->out.fp;
		/* Recorded at once, so that the next run removes the
		 * temporary file if this one is killed. */
		if (c->have_state) {
			record_output(c);
			if (save(c) != 0) {
				sx_outfile_abort(&c->out);
				c->have_out = 0;
				return SX_EXIT_USAGE;
			}
		}
	}
	c->per_capture = !c->have_out && (fmt == SX_FMT_TSV ||
	    fmt == SX_FMT_CSV || fmt == SX_FMT_NDJSON);
	return 0;
}

/* path made absolute (the state is read from any directory). */
static char *
abs_path(const char *path)
{
	struct sx_buf b = { 0 };
	char cwd[4096];
	char *s;

	if (path[0] != '/' && getcwd(cwd, sizeof(cwd)) != NULL) {
		sx_buf_adds(&b, cwd);
		if (b.len == 0 || b.data[b.len - 1] != '/')
			sx_buf_addc(&b, '/');
	}
	sx_buf_adds(&b, path);
	s = sx_strdup(sx_buf_cstr(&b));
	sx_buf_free(&b);
	return s;
}

void
sx_delivery_filter(struct sx_delivery *c, struct sx_inputs *in)
{
	size_t i, w = 0;
	struct stat st;

	if (!c->have_state)
		return;
	c->ids = sx_calloc(in->n ? in->n : 1, sizeof(*c->ids));
	c->paths = sx_calloc(in->n ? in->n : 1, sizeof(*c->paths));
	for (i = 0; i < in->n; i++) {
		struct sx_input *e = &in->v[i];
		struct sx_capid id;
		int tracked;

		tracked = e->error == NULL && strcmp(e->name, "-") != 0 &&
		    stat(e->name, &st) == 0 && S_ISREG(st.st_mode) &&
		    sx_capid_of(e->name, &id) == 0;
		if (tracked && sx_state_has(&c->st, &id)) {
			free(e->name);
			free(e->error);
			c->skipped++;
			continue;
		}
		in->v[w] = *e;
		if (tracked) {
			c->ids[w] = id;
			c->paths[w] = abs_path(e->name);
		}
		w++;
	}
	in->n = w;
	c->n = w;
	c->done = sx_calloc(w ? w : 1, 1);
}

int
sx_delivery_left_out(const struct sx_delivery *c,
    const struct sx_inputs *in)
{
	return c->skipped > 0 || in->settling > 0;
}

/* Save the state; say so once when it cannot be. */
static int
save(struct sx_delivery *c)
{
	char err[1024];

	if (c->failed)
		return -1;
	if (sx_state_save(&c->st, err, sizeof(err)) == 0)
		return 0;
	sx_warn("cannot save the state: %s (what this run reported will be "
	    "reported again)", err);
	c->failed = 1;
	return -1;
}

/* Flush the report to the file system, down to the disk when it is a
 * regular file (a pipe or a terminal cannot be, and need not be). */
static int
sync_out(FILE *fp)
{
	struct stat st;

	if (fflush(fp) != 0)
		return -1;
	if (fstat(fileno(fp), &st) != 0 || !S_ISREG(st.st_mode))
		return 0;
	return fsync(fileno(fp));
}

void
sx_delivery_done(struct sx_delivery *c, size_t i, int reported,
    struct sx_report *r)
{
	if (!c->have_state || i >= c->n || c->paths[i] == NULL || !reported)
		return;
	if (!c->per_capture) {
		c->done[i] = 1;
		return;
	}
	if (c->failed || sx_report_error(r) != 0)
		return;
	if (sync_out(r->out) != 0) {
		/* the report says so at the end; nothing is recorded */
		sx_report_set_error(r, errno ? errno : EIO);
		return;
	}
	sx_state_add(&c->st, &c->ids[i], c->paths[i]);
	save(c);
}

int
sx_delivery_finish(struct sx_delivery *c, int status, int report_ok)
{
	char err[1024];
	size_t i;

	if (c->have_out) {
		c->have_out = 0;
		if (!report_ok) {
			sx_outfile_abort(&c->out);
			return SX_EXIT_USAGE;
		}
		if (sx_outfile_finish(&c->out, err, sizeof(err)) != 0) {
			sx_warn("writing the report: %s", err);
			sx_outfile_abort(&c->out);
			return SX_EXIT_USAGE;
		}
		for (i = 0; c->have_state && i < c->n; i++)
			if (c->done[i])
				sx_state_add_pending(&c->st, &c->ids[i],
				    c->paths[i]);
		if (c->have_state && c->metrics.n)
			sx_state_set_pending_metrics(&c->st, &c->metrics);
		if (c->have_state && c->st.dirty && save(c) != 0) {
			sx_warn("%s: not written, as the state could not "
			    "record it", c->out.path);
			sx_outfile_abort(&c->out);
			return SX_EXIT_USAGE;
		}
		if (sx_outfile_commit(&c->out, err, sizeof(err)) != 0) {
			sx_warn("%s", err);
			sx_outfile_abort(&c->out);
			return SX_EXIT_USAGE;
		}
		sx_outfile_free(&c->out);
		if (c->have_state) {
			/* If this save fails, the next run finds the report
			 * in place and settles the same. */
			sx_state_output_done(&c->st);
			if (sx_state_save(&c->st, err, sizeof(err)) != 0)
				c->st.dirty = 0;
		}
		return status;
	}
	if (c->have_state) {
		if (!c->per_capture && report_ok) {
			if (sync_out(stdout) != 0) {
				sx_warn("writing the report: %s",
				    strerror(errno));
				return SX_EXIT_USAGE;
			}
			for (i = 0; i < c->n; i++)
				if (c->done[i])
					sx_state_add(&c->st, &c->ids[i],
					    c->paths[i]);
			if (c->metrics.n)
				sx_state_set_metrics(&c->st, &c->metrics);
		}
		if (c->st.dirty)
			save(c);
	}
	return c->failed ? SX_EXIT_USAGE : status;
}

void
sx_delivery_abort(struct sx_delivery *c)
{
	if (c->have_out) {
		sx_outfile_abort(&c->out);
		c->have_out = 0;
	}
}

void
sx_delivery_free(struct sx_delivery *c)
{
	size_t i;

	sx_delivery_abort(c);
	if (c->paths)
		for (i = 0; i < c->n; i++)
			free(c->paths[i]);
	free(c->paths);
	free(c->ids);
	free(c->done);
	sx_metric_list_free(&c->metrics);
	if (c->have_state)
		sx_state_close(&c->st);
	c->paths = NULL;
	c->ids = NULL;
	c->done = NULL;
	c->have_state = 0;
}
