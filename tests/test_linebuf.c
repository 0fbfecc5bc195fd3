/* test_linebuf.c - lines split across reads, long lines, end of file. */
#include "testlib.h"

#include <fcntl.h>
#include <sys/wait.h>
#include <unistd.h>

#include "linebuf.h"

/* Feed text in chunks of size step, collect every line joined by '|'. */
static void
split_in_chunks(const char *text, size_t step, struct sx_buf *out)
{
	struct sx_linebuf lb;
	size_t i, len = strlen(text);
	char *line;
	size_t n;

	sx_linebuf_init(&lb, 1024);
	sx_buf_reset(out);
	for (i = 0; i < len; i += step) {
		size_t k = len - i < step ? len - i : step;

		sx_linebuf_feed(&lb, text + i, k);
		while (sx_linebuf_next(&lb, &line, &n) == 1) {
			sx_buf_add(out, line, n);
			sx_buf_addc(out, '|');
		}
	}
	/* what is left is an unfinished line */
	sx_buf_printf(out, "pending=%zu", sx_linebuf_pending(&lb));
	sx_linebuf_free(&lb);
}

static void
test_chunkings(void **state)
{
	const char *text = "0\t\t1,1\n\n12\tabc\n345\tlast-no-newline";
	struct sx_buf out = { 0 };
	size_t step;

	(void)state;
	for (step = 1; step <= strlen(text) + 1; step++) {
		split_in_chunks(text, step, &out);
		assert_string_equal(out.data,
		    "0\t\t1,1||12\tabc|pending=19");
	}
	sx_buf_free(&out);
}

static void
test_too_long(void **state)
{
	struct sx_linebuf lb;
	char chunk[100];
	char *line;
	size_t n, i;
	int r = 0;

	(void)state;
	memset(chunk, 'x', sizeof(chunk));
	sx_linebuf_init(&lb, 250);
	for (i = 0; i < 3; i++) {
		sx_linebuf_feed(&lb, chunk, sizeof(chunk));
		r = sx_linebuf_next(&lb, &line, &n);
		if (r != 0)
			break;
	}
	/* 300 bytes without a newline exceed the 250-byte limit */
	assert_int_equal(r, -1);
	sx_linebuf_free(&lb);

	/* a complete line over the limit is refused too */
	sx_linebuf_init(&lb, 10);
	sx_linebuf_feed(&lb, "0123456789A\nok\n", 15);
	assert_int_equal(sx_linebuf_next(&lb, &line, &n), -1);
	sx_linebuf_free(&lb);

	/* exactly at the limit is fine */
	sx_linebuf_init(&lb, 10);
	sx_linebuf_feed(&lb, "0123456789\n", 11);
	assert_int_equal(sx_linebuf_next(&lb, &line, &n), 1);
	assert_int_equal(n, 10);
	sx_linebuf_free(&lb);
}

/* What is held can be looked at without taking it, and forgotten: after
 * an endless line, reading goes on with the next bytes. */
static void
test_peek_clear(void **state)
{
	struct sx_linebuf lb;
	char *line;
	size_t n;

	(void)state;
	sx_linebuf_init(&lb, 10);
	assert_int_equal(sx_linebuf_pending(&lb), 0);
	assert_string_equal(sx_linebuf_peek(&lb), "");
	sx_linebuf_feed(&lb, "ab\ncd", 5);
	assert_int_equal(sx_linebuf_next(&lb, &line, &n), 1);
	assert_int_equal(n, 2);
	assert_int_equal(sx_linebuf_pending(&lb), 2);
	assert_memory_equal(sx_linebuf_peek(&lb), "cd", 2);
	/* peeking takes nothing */
	assert_int_equal(sx_linebuf_next(&lb, &line, &n), 0);
	assert_int_equal(sx_linebuf_pending(&lb), 2);
	sx_linebuf_feed(&lb, "0123456789", 10);
	assert_int_equal(sx_linebuf_next(&lb, &line, &n), -1);
	assert_memory_equal(sx_linebuf_peek(&lb), "cd0123", 6);
	sx_linebuf_clear(&lb);
	assert_int_equal(sx_linebuf_pending(&lb), 0);
	sx_linebuf_feed(&lb, "ok\n", 3);
	assert_int_equal(sx_linebuf_next(&lb, &line, &n), 1);
	assert_int_equal(n, 2);
	assert_memory_equal(line, "ok", 2);
	assert_int_equal(sx_linebuf_next(&lb, &line, &n), 0);
	sx_linebuf_free(&lb);
}

static void
test_read_pipe(void **state)
{
	struct sx_linebuf lb;
	int fd[2];
	char big[70000];
	char *line;
	size_t n, count = 0, total = 0;
	ssize_t r;

	(void)state;
	/* Lines longer than the initial buffer, written in one go. */
	memset(big, 'a', sizeof(big));
	big[40000] = '\n';
	big[sizeof(big) - 1] = '\n';
	pid_t pid;
	int status;

	assert_int_equal(pipe(fd), 0);
	sx_linebuf_init(&lb, 0);
	pid = fork();
	assert_true(pid >= 0);
	if (pid == 0) {
		close(fd[0]);
		if (write(fd[1], big, sizeof(big)) != (ssize_t)sizeof(big))
			_exit(1);
		_exit(0);
	}
	close(fd[1]);
	while ((r = sx_linebuf_read(&lb, fd[0])) > 0) {
		while (sx_linebuf_next(&lb, &line, &n) == 1) {
			count++;
			total += n;
		}
	}
	assert_int_equal(r, 0);
	assert_int_equal(count, 2);
	assert_int_equal(total, sizeof(big) - 2);
	assert_int_equal(sx_linebuf_pending(&lb), 0);
	close(fd[0]);
	sx_linebuf_free(&lb);
	assert_int_equal(waitpid(pid, &status, 0), pid);
	assert_int_equal(status, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_chunkings),
		cmocka_unit_test(test_too_long),
		cmocka_unit_test(test_peek_clear),
		cmocka_unit_test(test_read_pipe),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
