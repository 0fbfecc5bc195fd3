/* test_util.c - number parsing and formatting, the byte buffer. */
#include "testlib.h"

#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <sys/wait.h>
#include <unistd.h>

static void
test_parse_u64(void **state)
{
	uint64_t v = 0;

	(void)state;
	assert_int_equal(sx_parse_u64("0", 1, 10, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sx_parse_u64("4294967294", 10, UINT32_MAX - 1, &v),
	    0);
	assert_int_equal(v, 4294967294u);
	assert_int_equal(sx_parse_u64("4294967295", 10, UINT32_MAX - 1, &v),
	    -1);
	assert_int_equal(sx_parse_u64("99999999999999999999", 20,
	    UINT64_MAX, &v), -1);
	assert_int_equal(sx_parse_u64("18446744073709551615", 20,
	    UINT64_MAX, &v), 0);
	assert_true(v == UINT64_MAX);
	assert_int_equal(sx_parse_u64("", 0, 10, &v), -1);
	assert_int_equal(sx_parse_u64("-1", 2, 10, &v), -1);
	assert_int_equal(sx_parse_u64("1 ", 2, 10, &v), -1);
	assert_int_equal(sx_parse_u64("+1", 2, 10, &v), -1);
	assert_int_equal(sx_parse_u64("65536", 5, 65535, &v), -1);
	/* a digit above a small max (found by fuzz_args: max - d wrapped
	 * around and "15" passed for max 0) */
	assert_int_equal(sx_parse_u64("15", 2, 0, &v), -1);
	assert_int_equal(sx_parse_u64("5", 1, 4, &v), -1);
	assert_int_equal(sx_parse_u64("4", 1, 4, &v), 0);
	assert_int_equal(v, 4);
	assert_int_equal(sx_parse_u64("0", 1, 0, &v), 0);
	assert_int_equal(v, 0);
	assert_int_equal(sx_parse_u64("10", 2, 9, &v), -1);
}

static void
test_parse_time(void **state)
{
	int64_t ns = 0;

	(void)state;
	assert_int_equal(sx_parse_time_ns("0.000000000", 11, &ns), 0);
	assert_int_equal(ns, 0);
	assert_int_equal(sx_parse_time_ns("116.500446000", 13, &ns), 0);
	assert_int_equal(ns, 116500446000LL);
	assert_int_equal(sx_parse_time_ns("1.5", 3, &ns), 0);
	assert_int_equal(ns, 1500000000LL);
	assert_int_equal(sx_parse_time_ns("2", 1, &ns), 0);
	assert_int_equal(ns, 2000000000LL);
	assert_int_equal(sx_parse_time_ns("-0.25", 5, &ns), 0);
	assert_int_equal(ns, -250000000LL);
	/* more than nine fraction digits are cut, not rounded */
	assert_int_equal(sx_parse_time_ns("0.1234567899", 12, &ns), 0);
	assert_int_equal(ns, 123456789LL);
	assert_int_equal(sx_parse_time_ns("", 0, &ns), -1);
	assert_int_equal(sx_parse_time_ns(".", 1, &ns), -1);
	assert_int_equal(sx_parse_time_ns("-", 1, &ns), -1);
	assert_int_equal(sx_parse_time_ns("1.2.3", 5, &ns), -1);
	assert_int_equal(sx_parse_time_ns("1e3", 3, &ns), -1);
	assert_int_equal(sx_parse_time_ns("99999999999999999999", 20, &ns),
	    -1);
}

static void
test_format_seconds(void **state)
{
	char b[32];

	(void)state;
	sx_format_seconds(b, sizeof(b), 0);
	assert_string_equal(b, "0.000000");
	sx_format_seconds(b, sizeof(b), 121664143000LL);
	assert_string_equal(b, "121.664143");
	sx_format_seconds(b, sizeof(b), 1499);          /* rounds down */
	assert_string_equal(b, "0.000001");
	sx_format_seconds(b, sizeof(b), 1500);          /* rounds up */
	assert_string_equal(b, "0.000002");
	sx_format_seconds(b, sizeof(b), 999999500);
	assert_string_equal(b, "1.000000");
	sx_format_seconds(b, sizeof(b), -250000000LL);
	assert_string_equal(b, "-0.250000");
	sx_format_seconds(b, sizeof(b), -400);          /* no "-0.000000" */
	assert_string_equal(b, "0.000000");
}

static void
test_buf(void **state)
{
	struct sx_buf b = { 0 };
	int i;

	(void)state;
	assert_string_equal(sx_buf_cstr(&b), "");
	for (i = 0; i < 1000; i++)
		sx_buf_printf(&b, "%d,", i);
	assert_int_equal(b.len, 3890);
	assert_memory_equal(b.data + b.len - 4, "999,", 4);
	sx_buf_reset(&b);
	sx_buf_adds(&b, "x");
	sx_buf_addc(&b, 'y');
	assert_string_equal(b.data, "xy");
	sx_buf_free(&b);
	assert_null(b.data);
}

/* The one error formatter: a new string of any length, or a buffer. */
static void
test_errf(void **state)
{
	char buf[8], *s;
	char big[300];

	(void)state;
	memset(big, 'x', sizeof(big) - 1);
	big[sizeof(big) - 1] = '\0';
	s = sx_strdupf("%s:%d", big, 42);
	assert_int_equal(strlen(s), 299 + 3);
	assert_string_equal(s + 299, ":42");
	free(s);
	s = sx_strdupf("%s", "");
	assert_string_equal(s, "");
	free(s);
	assert_int_equal(sx_errf(buf, sizeof(buf), "cut %s", "short"), -1);
	assert_string_equal(buf, "cut sho");
}

static void
on_usr1(int sig)
{
	(void)sig;
}

/* The reader of write_all's pipe: checks every byte, and signals the
 * writer after each read, so that its write() is interrupted (EINTR,
 * or a short count) again and again. Exits 0 when all n arrived. */
static void
pipe_reader(int fd, size_t n, int nudge)
{
	unsigned char b[1000];
	size_t got = 0, i;
	ssize_t r;

	for (;;) {
		r = read(fd, b, sizeof(b));
		if (r < 0 && errno == EINTR)
			continue;
		if (r <= 0)
			break;
		for (i = 0; i < (size_t)r; i++)
			if (b[i] != (unsigned char)((got + i) % 251))
				_exit(3);
		got += (size_t)r;
		if (nudge)
			kill(getppid(), SIGUSR1);
	}
	_exit(got == n ? 0 : 4);
}

/* sx_write_all through a pipe holding far less than it is given: every
 * byte arrives once and in order, whether its writes are interrupted
 * by signals (a handler without SA_RESTART) or the descriptor is
 * non-blocking (EAGAIN). */
static void
test_write_all(void **state)
{
	size_t n = 4u << 20, i;
	unsigned char *buf = malloc(n);
	struct sigaction sa, old;
	int p[2], st, round;
	pid_t pid;

	(void)state;
	assert_non_null(buf);
	for (i = 0; i < n; i++)
		buf[i] = (unsigned char)(i % 251);
	memset(&sa, 0, sizeof(sa));
	sa.sa_handler = on_usr1;
	sigemptyset(&sa.sa_mask);
	assert_int_equal(sigaction(SIGUSR1, &sa, &old), 0);
	for (round = 0; round < 2; round++) {
		assert_int_equal(pipe(p), 0);
		pid = fork();
		assert_true(pid >= 0);
		if (pid == 0) {
			close(p[1]);
			free(buf);   /* the reader checks the bytes by their index */
			pipe_reader(p[0], n, round == 0);
		}
		close(p[0]);
		if (round == 1)
			assert_int_equal(fcntl(p[1], F_SETFL, O_NONBLOCK), 0);
		assert_int_equal(sx_write_all(p[1], buf, n), 0);
		close(p[1]);
		while (waitpid(pid, &st, 0) < 0)
			assert_int_equal(errno, EINTR);
		assert_true(WIFEXITED(st));
		assert_int_equal(WEXITSTATUS(st), 0);
	}
	sigaction(SIGUSR1, &old, NULL);
	/* a descriptor that cannot be written: -1 and its errno */
	assert_int_equal(sx_write_all(-1, "x", 1), -1);
	assert_int_equal(errno, EBADF);
	free(buf);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_parse_u64),
		cmocka_unit_test(test_parse_time),
		cmocka_unit_test(test_format_seconds),
		cmocka_unit_test(test_buf),
		cmocka_unit_test(test_errf),
		cmocka_unit_test(test_write_all),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
