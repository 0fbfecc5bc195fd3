/* test_points.c - the second reading's lines into a stream's points:
 * relative and unwrapped sequence numbers, directions, marks, merging
 * per time column, and lines refused. */
#include "testlib.h"

#include <stdio.h>

#include "points.h"

/* The fields of a line, in sx_pts_line's order. */
enum { FRAME, TIME, STREAM, SPORT, SRC4, SRC6, SEQ, ACK, LEN, WIN, WINVAL,
    FLAGS, SLE, SRE, RETRANS, FAST, SPUR, ZW, WFULL, DUP, RTT, BIF, LOST,
    OOO, IPID, ACKREL, TSVAL, WSCALE, MSS, NF };

struct spec {
	const char *f[NF];
};

static char *
join(char *buf, const struct spec *s)
{
	int i;

	buf[0] = '\0';
	for (i = 0; i < NF; i++) {
		if (i)
			strcat(buf, "\t");
		if (s->f[i])
			strcat(buf, s->f[i]);
	}
	return buf;
}

static struct sx_pts pts;
static struct sx_pts_job job;

static void
start(uint64_t frames, int64_t t1)
{
	struct sx_endpoint ep[2];

	memset(ep, 0, sizeof(ep));
	ep[0].port = 40000;
	ep[1].port = 80;
	sx_pts_init(&pts, 7, 0, t1, ep, frames);
	memset(&job, 0, sizeof(job));
	job.s = &pts;
	job.n = 1;
}

static void
feed(const struct spec *s)
{
	char buf[1024], err[200];

	join(buf, s);
	assert_int_equal(sx_pts_line(&job, buf, strlen(buf), err,
	    sizeof(err)), 0);
}

/* The points of one kind and direction, in order. */
static size_t
find(int kind, int dir, const struct sx_pt **out, size_t max)
{
	size_t i, n = 0;

	for (i = 0; i < pts.n; i++)
		if (pts.v[i].kind == kind && pts.v[i].dir == dir && n < max)
			out[n++] = &pts.v[i];
	return n;
}

static void
test_relative_and_unwrapped(void **state)
{
	const struct sx_pt *q[4];

	(void)state;
	start(3, 1000000000);
	feed(&(struct spec){ { [FRAME] = "1", [TIME] = "0.1", [STREAM] = "7",
	    [SPORT] = "40000", [SEQ] = "4294967000", [ACK] = "5",
	    [LEN] = "100", [FLAGS] = "0x0018" } });
	feed(&(struct spec){ { [FRAME] = "2", [TIME] = "0.2", [STREAM] = "7",
	    [SPORT] = "40000", [SEQ] = "4294967100", [ACK] = "5",
	    [LEN] = "500", [FLAGS] = "0x0018" } });
	/* the ACK of both, past 2^32, with a window of 1000 */
	feed(&(struct spec){ { [FRAME] = "3", [TIME] = "0.3", [STREAM] = "7",
	    [SPORT] = "80", [SEQ] = "5", [ACK] = "304", [LEN] = "0",
	    [WIN] = "1000", [WINVAL] = "1000", [FLAGS] = "0x0010",
	    [RTT] = "0.100000000" } });
	assert_int_equal(find(SX_PK_SEG, 0, q, 4), 2);
	assert_int_equal(q[0]->lo, 0);
	assert_int_equal(q[0]->hi, 100);
	assert_int_equal(q[0]->frame, 1);
	assert_int_equal(q[1]->lo, 100);
	assert_int_equal(q[1]->hi, 600);
	assert_int_equal(q[1]->t, 200000000);
	assert_int_equal(find(SX_PK_ACK, 0, q, 4), 1);
	assert_int_equal(q[0]->lo, 600);
	assert_int_equal(find(SX_PK_WIN, 0, q, 4), 1);
	assert_int_equal(q[0]->lo, 1600);
	assert_int_equal(find(SX_PK_RTT, 0, q, 4), 1);
	assert_int_equal(q[0]->lo, 100000000);
	assert_int_equal(pts.frames[0], 2);
	assert_int_equal(pts.frames[1], 1);
	assert_int_equal(pts.bytes[0], 600);
	assert_int_equal(pts.base[0], 4294967000u);
	sx_pts_free(&pts);
}

static void
test_marks(void **state)
{
	const struct sx_pt *q[4];

	(void)state;
	start(5, 1000000000);
	feed(&(struct spec){ { [FRAME] = "1", [TIME] = "0", [STREAM] = "7",
	    [SPORT] = "40000", [SEQ] = "1000", [ACK] = "1", [LEN] = "10",
	    [FLAGS] = "0x0018" } });
	feed(&(struct spec){ { [FRAME] = "2", [TIME] = "0.1", [STREAM] = "7",
	    [SPORT] = "40000", [SEQ] = "1000", [ACK] = "1", [LEN] = "10",
	    [FLAGS] = "0x0018", [RETRANS] = "1", [FAST] = "1" } });
	feed(&(struct spec){ { [FRAME] = "3", [TIME] = "0.2", [STREAM] = "7",
	    [SPORT] = "40000", [SEQ] = "1000", [ACK] = "1", [LEN] = "10",
	    [FLAGS] = "0x0018", [RETRANS] = "1", [SPUR] = "1" } });
	/* the receiver: a zero window, a duplicate ACK with a SACK block */
	feed(&(struct spec){ { [FRAME] = "4", [TIME] = "0.3", [STREAM] = "7",
	    [SPORT] = "80", [SEQ] = "1", [ACK] = "1000", [LEN] = "0",
	    [WIN] = "0", [WINVAL] = "0", [FLAGS] = "0x0010", [ZW] = "1" } });
	feed(&(struct spec){ { [FRAME] = "5", [TIME] = "0.4", [STREAM] = "7",
	    [SPORT] = "80", [SEQ] = "1", [ACK] = "1000", [LEN] = "0",
	    [WIN] = "100", [FLAGS] = "0x0010", [DUP] = "1,1",
	    [SLE] = "1005", [SRE] = "1010" } });
	assert_int_equal(pts.count[0][SX_PK_SEG], 1);
	assert_int_equal(pts.count[0][SX_PK_FAST], 1);
	assert_int_equal(pts.count[0][SX_PK_SPURIOUS], 1);
	assert_int_equal(pts.count[0][SX_PK_RETRANS], 0);
	assert_int_equal(pts.count[0][SX_PK_ZEROWIN], 1);
	assert_int_equal(pts.count[0][SX_PK_DUPACK], 1);
	assert_int_equal(pts.count[1][SX_PK_ZEROWIN], 0);
	assert_int_equal(find(SX_PK_SACK, 0, q, 4), 1);
	assert_int_equal(q[0]->lo, 5);
	assert_int_equal(q[0]->hi, 10);
	assert_int_equal(q[0]->frame, 5);
	assert_true(pts.mark[10] & SX_PTS_RETRANS);
	assert_true(pts.mark[30] & SX_PTS_ZEROWIN);
	assert_int_equal(pts.mark[50], 0);
	sx_pts_free(&pts);
}

/* A long stream: one point per kind and time column, spanning the
 * lowest and highest of its events; the counts stay exact. */
static void
test_downsampled(void **state)
{
	char t[32], seq[32], fr[32];
	size_t i, n;

	(void)state;
	start(SX_PTS_EXACT + 1, 1000000000);
	assert_true(pts.downsampled);
	for (i = 0; i < 20000; i++) {
		snprintf(t, sizeof(t), "%.6f", (double)i / 20000);
		snprintf(seq, sizeof(seq), "%zu", 1 + 100 * i);
		snprintf(fr, sizeof(fr), "%zu", i + 1);
		feed(&(struct spec){ { [FRAME] = fr, [TIME] = t,
		    [STREAM] = "7", [SPORT] = "40000", [SEQ] = seq,
		    [ACK] = "1", [LEN] = "100", [FLAGS] = "0x0018",
		    [RETRANS] = i == 777 ? "1" : NULL } });
	}
	assert_int_equal(pts.count[0][SX_PK_SEG], 19999);
	assert_int_equal(pts.count[0][SX_PK_RETRANS], 1);
	/* the segments and the ACKs they carry of the other direction */
	assert_true(pts.n <= 2 * SX_PTS_COLS + 1);
	for (i = 0, n = 0; i < pts.n; i++)
		n += pts.v[i].kind == SX_PK_SEG;
	assert_int_equal(n, SX_PTS_COLS);
	assert_int_equal(pts.v[0].lo, 0);
	assert_int_equal(pts.v[0].n, 25);    /* 20000 / 800 a column */
	assert_int_equal(pts.v[0].hi, 2500);
	assert_int_equal(pts.v[0].last, 25);
	sx_pts_free(&pts);
}

static void
test_refused_and_ignored(void **state)
{
	char err[200], line[] = "1\t0.1\t7";
	char buf[1024];

	(void)state;
	start(1, 1000000000);
	assert_int_equal(sx_pts_line(&job, line, strlen(line), err,
	    sizeof(err)), -1);
	assert_non_null(strstr(err, "fields"));
	join(buf, &(struct spec){ { [FRAME] = "x", [TIME] = "0.1",
	    [STREAM] = "7", [SPORT] = "80" } });
	assert_int_equal(sx_pts_line(&job, buf, strlen(buf), err,
	    sizeof(err)), -1);
	/* another stream's frame is no point of this one */
	feed(&(struct spec){ { [FRAME] = "1", [TIME] = "0.1", [STREAM] = "8",
	    [SPORT] = "40000", [SEQ] = "1", [LEN] = "10" } });
	assert_int_equal(pts.n, 0);
	assert_int_equal(pts.frames[0] + pts.frames[1], 0);
	sx_pts_free(&pts);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_relative_and_unwrapped),
		cmocka_unit_test(test_marks),
		cmocka_unit_test(test_downsampled),
		cmocka_unit_test(test_refused_and_ignored),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
