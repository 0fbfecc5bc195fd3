/* test_delivery.c - the state file, its lock and the output that lands
 * whole (state.c, outfile.c). */
#include "testlib.h"

#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "outfile.h"
#include "state.h"

struct fixture {
	char dir[64];
	char path[256];    /* the state file */
};

static int
setup(void **state)
{
	struct fixture *fx = sx_calloc(1, sizeof(*fx));

	snprintf(fx->dir, sizeof(fx->dir), "/tmp/sx-test-cron.XXXXXX");
	if (mkdtemp(fx->dir) == NULL)
		return -1;
	snprintf(fx->path, sizeof(fx->path), "%s/state", fx->dir);
	*state = fx;
	return 0;
}

static int
teardown(void **state)
{
	struct fixture *fx = *state;
	char cmd[128];

	snprintf(cmd, sizeof(cmd), "rm -rf '%s'", fx->dir);
	if (system(cmd) != 0)
		return -1;
	free(fx);
	return 0;
}

/* dir/name with content, its path into buf. */
static const char *
make_file(const struct fixture *fx, const char *name, const char *content,
    char *buf, size_t size)
{
	FILE *f;

	snprintf(buf, size, "%s/%s", fx->dir, name);
	f = fopen(buf, "w");
	assert_non_null(f);
	fputs(content, f);
	assert_int_equal(fclose(f), 0);
	return buf;
}

static char *
slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	char *s = sx_calloc(1, 65536);

	if (f == NULL) {
		free(s);
		return NULL;
	}
	s[fread(s, 1, 65535, f)] = '\0';
	fclose(f);
	return s;
}

static int
entries(const char *dir)
{
	char cmd[128];
	FILE *p;
	int n = -1;

	snprintf(cmd, sizeof(cmd), "ls -A '%s' | wc -l", dir);
	p = popen(cmd, "r");
	if (p == NULL || fscanf(p, "%d", &n) != 1)
		n = -1;
	if (p)
		pclose(p);
	return n;
}

static void
test_outfile(void **state)
{
	struct fixture *fx = *state;
	struct sx_outfile o;
	char path[256], err[512];
	char *s;

	make_file(fx, "out.prom", "old\n", path, sizeof(path));
	/* aborted: the old file stays, no temporary file is left */
	assert_int_equal(sx_outfile_open(&o, path, 0644, err, sizeof(err)), 0);
	assert_non_null(strstr(o.tmp, "/.out.prom."));
	fputs("half", o.fp);
	sx_outfile_abort(&o);
	s = slurp(path);
	assert_string_equal(s, "old\n");
	free(s);
	assert_int_equal(entries(fx->dir), 1);
	/* committed: the new content replaces the old one */
	assert_int_equal(sx_outfile_open(&o, path, 0644, err, sizeof(err)), 0);
	fputs("new\n", o.fp);
	assert_int_equal(entries(fx->dir), 2);
	assert_int_equal(sx_outfile_finish(&o, err, sizeof(err)), 0);
	assert_int_equal(sx_outfile_commit(&o, err, sizeof(err)), 0);
	sx_outfile_free(&o);
	s = slurp(path);
	assert_string_equal(s, "new\n");
	free(s);
	assert_int_equal(entries(fx->dir), 1);
	/* a directory that does not exist: a message naming the file */
	assert_int_equal(sx_outfile_open(&o, "/nonexistent/x.prom", 0644, err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "/nonexistent/x.prom: "));
}

static void
test_roundtrip(void **state)
{
	struct fixture *fx = *state;
	struct sx_state s;
	struct sx_capid a, b, c;
	char pa[256], pb[256], err[512];
	const char *odd = "odd\tname\n\\\xff.pcap";

	make_file(fx, "a.pcap", "aaaa", pa, sizeof(pa));
	make_file(fx, odd, "bb", pb, sizeof(pb));
	assert_int_equal(sx_capid_of(pa, &a), 0);
	assert_int_equal(sx_capid_of(pb, &b), 0);
	/* a save killed half-way left its temporary file: removed */
	make_file(fx, ".state.AbC123", "streamxpert-state 1\nrep", pa,
	    sizeof(pa));
	make_file(fx, ".state.keep", "not ours", pb, sizeof(pb));
	/* a missing file is an empty state */
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	assert_int_equal(access(pa, F_OK), -1);
	assert_int_equal(access(pb, F_OK), 0);
	unlink(pb);
	make_file(fx, "a.pcap", "aaaa", pa, sizeof(pa));
	make_file(fx, odd, "bb", pb, sizeof(pb));
	assert_int_equal(sx_capid_of(pa, &a), 0);
	assert_int_equal(sx_capid_of(pb, &b), 0);
	assert_false(sx_state_has(&s, &a));
	sx_state_add(&s, &a, pa);
	sx_state_add(&s, &b, pb);
	assert_int_equal(sx_state_save(&s, err, sizeof(err)), 0);
	sx_state_close(&s);

	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	assert_true(sx_state_has(&s, &a));
	assert_true(sx_state_has(&s, &b));
	assert_int_equal(s.reported.n, 2);
	/* the odd name came back byte for byte */
	assert_true(strcmp(s.reported.v[0].path, pb) == 0 ||
	    strcmp(s.reported.v[1].path, pb) == 0);
	/* the same inode with another size or time is another capture */
	c = a;
	c.size++;
	assert_false(sx_state_has(&s, &c));
	c = a;
	c.mtime_ns++;
	assert_false(sx_state_has(&s, &c));
	sx_state_close(&s);

	/* a file gone, or rewritten, is forgotten */
	assert_int_equal(unlink(pb), 0);
	make_file(fx, "a.pcap", "aaaaaaaa", pa, sizeof(pa));
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	assert_int_equal(s.reported.n, 0);
	assert_true(s.dirty);
	sx_state_close(&s);
}

/* A run that saved its captures as pending on its output and died. */
static void
pending(struct fixture *fx, int landed, char *tmp, size_t size)
{
	struct sx_state s;
	struct sx_capid a, t;
	char pa[256], out[256], err[512];

	make_file(fx, "a.pcap", "aaaa", pa, sizeof(pa));
	assert_int_equal(sx_capid_of(pa, &a), 0);
	make_file(fx, ".out.tsv.XXXX", "report\n", tmp, size);
	assert_int_equal(sx_capid_of(tmp, &t), 0);
	snprintf(out, sizeof(out), "%s/out.tsv", fx->dir);
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	sx_state_add_pending(&s, &a, pa);
	sx_state_set_output(&s, out, tmp, t.dev, t.ino);
	assert_int_equal(sx_state_save(&s, err, sizeof(err)), 0);
	sx_state_close(&s);
	if (landed)
		assert_int_equal(rename(tmp, out), 0);
	/* the next run settles it */
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	assert_int_equal(sx_state_has(&s, &a), landed);
	assert_null(s.out_path);
	assert_int_equal(s.pending.n, 0);
	sx_state_close(&s);
}

static void
test_pending_landed(void **state)
{
	char tmp[256];

	pending(*state, 1, tmp, sizeof(tmp));
}

static void
test_pending_lost(void **state)
{
	char tmp[256];

	pending(*state, 0, tmp, sizeof(tmp));
	/* the dead run's temporary file is removed */
	assert_int_equal(access(tmp, F_OK), -1);
}

/* A run killed while it wrote its report (nothing pending yet): the next
 * one removes the temporary file, and the report's target is kept. */
static void
test_output_killed(void **state)
{
	struct fixture *fx = *state;
	struct sx_state s;
	struct sx_capid t;
	char tmp[256], out[256], err[512];
	char *old;

	make_file(fx, ".out.tsv.XXXX", "half a rep", tmp, sizeof(tmp));
	make_file(fx, "out.tsv", "old report\n", out, sizeof(out));
	assert_int_equal(sx_capid_of(tmp, &t), 0);
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	sx_state_set_output(&s, out, tmp, t.dev, t.ino);
	assert_int_equal(sx_state_save(&s, err, sizeof(err)), 0);
	sx_state_close(&s);
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	assert_int_equal(access(tmp, F_OK), -1);
	old = slurp(out);
	assert_string_equal(old, "old report\n");
	free(old);
	assert_int_equal(s.reported.n, 0);
	sx_state_close(&s);
}

/* A run killed after it named its report's temporary file in the state
 * and before it knew the file's identity (--state -o): the next run
 * removes ".out.tsv.PID", but not while a live process holds a lock on
 * it (a run without --state, with the same pid, writing that report:
 * sx_outfile_create locks what it writes). */
static void
named_then_killed(struct fixture *fx, long pid, int writer)
{
	struct sx_state s;
	struct flock fl;
	char name[64], tmp[256], out[256], err[512], c;
	int pfd[2], st;
	pid_t w = -1;

	snprintf(name, sizeof(name), ".out.tsv.%ld", pid);
	make_file(fx, name, "half a rep", tmp, sizeof(tmp));
	if (writer) {
		assert_int_equal(pipe(pfd), 0);
		w = fork();
		assert_true(w >= 0);
		if (w == 0) {
			int fd = open(tmp, O_WRONLY);

			memset(&fl, 0, sizeof(fl));
			fl.l_type = F_WRLCK;
			if (fd < 0 || fcntl(fd, F_SETLK, &fl) != 0)
				_exit(1);
			if (write(pfd[1], "k", 1) != 1)
				_exit(1);
			pause();
			_exit(0);
		}
		assert_int_equal(read(pfd[0], &c, 1), 1);
	}
	snprintf(out, sizeof(out), "%s/out.tsv", fx->dir);
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	sx_state_set_output(&s, out, tmp, 0, 0);
	assert_int_equal(sx_state_save(&s, err, sizeof(err)), 0);
	sx_state_close(&s);
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	assert_int_equal(access(tmp, F_OK), writer ? 0 : -1);
	assert_null(s.out_path);
	sx_state_close(&s);
	if (writer) {
		kill(w, SIGKILL);
		assert_int_equal(waitpid(w, &st, 0), w);
		close(pfd[0]);
		close(pfd[1]);
	}
	unlink(tmp);
}

/* What sx_outfile_open makes is locked while its process lives. */
static void
test_tmp_locked(void **state)
{
	struct fixture *fx = *state;
	struct sx_outfile o;
	char p[256], tmp[256], err[512];
	int pfd[2], st;
	pid_t w;

	snprintf(p, sizeof(p), "%s/out.tsv", fx->dir);
	assert_int_equal(pipe(pfd), 0);
	w = fork();
	assert_true(w >= 0);
	if (w == 0) {
		if (sx_outfile_open(&o, p, 0644, err, sizeof(err)) != 0 ||
		    write(pfd[1], o.tmp, strlen(o.tmp) + 1) < 0)
			_exit(1);
		pause();
		_exit(0);
	}
	assert_true(read(pfd[0], tmp, sizeof(tmp)) > 0);
	assert_int_equal(sx_outfile_in_use(tmp), 1);
	kill(w, SIGKILL);
	assert_int_equal(waitpid(w, &st, 0), w);
	assert_int_equal(sx_outfile_in_use(tmp), 0);   /* left by the dead */
	unlink(tmp);
	assert_int_equal(sx_outfile_in_use(tmp), 0);
	close(pfd[0]);
	close(pfd[1]);
}

static void
test_output_named_killed(void **state)
{
	named_then_killed(*state, 4242, 0);
	named_then_killed(*state, (long)getpid(), 0);
	named_then_killed(*state, 4242, 1);   /* being written */
}

/* The names of temporary files: ".NAME.PID", ".NAME.PID-XXXXXX" when a
 * file of the first name is there; the state's stale ones are swept,
 * nothing else beside it. */
static void
test_tmp_names(void **state)
{
	struct fixture *fx = *state;
	struct sx_outfile o;
	struct sx_state s;
	char want[256], p[256], err[512];

	snprintf(want, sizeof(want), "%s/.out.tsv.%ld", fx->dir,
	    (long)getpid());
	assert_int_equal(sx_outfile_name(&o, want, err, sizeof(err)), 0);
	sx_outfile_free(&o);
	snprintf(p, sizeof(p), "%s/out.tsv", fx->dir);
	assert_int_equal(sx_outfile_open(&o, p, 0644, err, sizeof(err)), 0);
	assert_string_equal(o.tmp, want);
	sx_outfile_abort(&o);
	make_file(fx, want + strlen(fx->dir) + 1, "left", p, sizeof(p));
	snprintf(p, sizeof(p), "%s/out.tsv", fx->dir);
	assert_int_equal(sx_outfile_open(&o, p, 0644, err, sizeof(err)), 0);
	assert_int_equal(strlen(o.tmp), strlen(want) + 7);
	assert_memory_equal(o.tmp, want, strlen(want));
	assert_true(sx_outfile_is_tmp_suffix(strrchr(o.tmp, '.') + 1));
	sx_outfile_abort(&o);
	assert_true(sx_outfile_is_tmp_suffix("123"));
	assert_false(sx_outfile_is_tmp_suffix("bak"));
	assert_false(sx_outfile_is_tmp_suffix("12-abc"));
	assert_false(sx_outfile_is_tmp_suffix(""));
	make_file(fx, ".state.4242", "x", p, sizeof(p));
	make_file(fx, ".state.4242-a1B2c3", "x", p, sizeof(p));
	make_file(fx, ".state.bak", "keep", p, sizeof(p));
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	sx_state_close(&s);
	/* left: .state.bak, .out.tsv.PID (not the state's), state.lock */
	assert_int_equal(access(p, F_OK), 0);
	snprintf(p, sizeof(p), "%s/.state.4242", fx->dir);
	assert_int_equal(access(p, F_OK), -1);
	snprintf(p, sizeof(p), "%s/.state.4242-a1B2c3", fx->dir);
	assert_int_equal(access(p, F_OK), -1);
}

static void
test_not_a_state(void **state)
{
	struct fixture *fx = *state;
	struct sx_state s;
	char p[256], err[512];
	char *before, *after;
	static const char *const bad[] = {
		"hello\n",
		"streamxpert-state 1\nreported\t1\t2\n",
		"streamxpert-state 1\nreported\t1\t2\t3\tx\t/a\n",
		"streamxpert-state 1\nreported\t1\t2\t3\t4\t/a",  /* cut */
		"streamxpert-state 1\npending\t1\t2\t3\t4\t/a\n",
	};
	size_t i;

	for (i = 0; i < SX_ARRAY_LEN(bad); i++) {
		make_file(fx, "state", bad[i], p, sizeof(p));
		before = slurp(p);
		assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)),
		    -1);
		assert_non_null(strstr(err, "not a streamxpert state file"));
		sx_state_close(&s);
		after = slurp(p);
		assert_string_equal(before, after);
		free(before);
		free(after);
	}
}

static void
test_lock(void **state)
{
	struct fixture *fx = *state;
	struct sx_state s;
	char err[512], want[64];
	int st, pfd[2];
	pid_t pid;

	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	assert_int_equal(pipe(pfd), 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		/* a second process: refused at once, told who holds it */
		struct sx_state s2;
		int rc = sx_state_open(&s2, fx->path, err, sizeof(err));

		snprintf(want, sizeof(want), "(pid %ld)", (long)getppid());
		if (write(pfd[1], err, strlen(err)) < 0)
			_exit(3);
		_exit(rc == 1 && strstr(err, want) ? 0 : 1);
	}
	close(pfd[1]);
	assert_int_equal(waitpid(pid, &st, 0), pid);
	memset(err, 0, sizeof(err));
	assert_true(read(pfd[0], err, sizeof(err) - 1) > 0);
	close(pfd[0]);
	assert_non_null(strstr(err, "in use by another streamxpert run"));
	assert_true(WIFEXITED(st) && WEXITSTATUS(st) == 0);
	sx_state_close(&s);
	/* released: the next one gets it */
	assert_int_equal(sx_state_open(&s, fx->path, err, sizeof(err)), 0);
	sx_state_close(&s);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_outfile, setup, teardown),
		cmocka_unit_test_setup_teardown(test_roundtrip, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pending_landed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_pending_lost, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_output_killed, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_output_named_killed,
		    setup, teardown),
		cmocka_unit_test_setup_teardown(test_tmp_locked, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_tmp_names, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_not_a_state, setup,
		    teardown),
		cmocka_unit_test_setup_teardown(test_lock, setup, teardown),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
