/* test_tshark.c - what tshark's error output means (sx_tshark_explain).
 * The inputs are what tshark 4.0 wrote on stderr, copied from real runs
 * (tshark -r on a cut-short capture, a text file, standard input, a
 * capture with a damaged record length, /dev/zero). */
#include "testlib.h"

#include "tshark.h"

static const char root[] =
    "Running as user \"root\" and group \"root\". This could be "
    "dangerous.\n";

/* The line and the fault for text (root's warning line first). */
static void
check(const char *text, const char *want, enum sx_tshark_fault fault)
{
	struct sx_buf b = { 0 };
	/* anything but the answer, so that it must be set */
	enum sx_tshark_fault got = fault == SX_TSHARK_FAILED ?
	    SX_TSHARK_NOT_FILE : SX_TSHARK_FAILED;
	char *msg;

	sx_buf_adds(&b, root);
	sx_buf_adds(&b, text);
	msg = sx_tshark_explain(sx_buf_cstr(&b), &got);
	assert_non_null(msg);
	assert_string_equal(msg, want);
	assert_int_equal(got, fault);
	free(msg);
	msg = sx_tshark_message(sx_buf_cstr(&b));
	assert_string_equal(msg, want);
	free(msg);
	sx_buf_free(&b);
}

static void
test_known(void **state)
{
	(void)state;
	check("tshark: The file \"testdata/truncated.pcap\" appears to have "
	    "been cut short in the middle of a packet.\n",
	    "the capture is cut short in the middle of a packet",
	    SX_TSHARK_CUT_SHORT);
	check("tshark: The file \"README.md\" isn't a capture file in a "
	    "format TShark understands.\n",
	    "not a capture file (tshark knows no such format)",
	    SX_TSHARK_NOT_CAPTURE);
	check("tshark: The standard input isn't a capture file in a format "
	    "TShark understands.\n",
	    "not a capture file (tshark knows no such format)",
	    SX_TSHARK_NOT_CAPTURE);
	/* the detail on the next line is kept, on the same line */
	check("tshark: The file \"/tmp/d.pcap\" appears to be damaged or "
	    "corrupt.\n(pcap: File has 4294967280-byte packet, bigger than "
	    "maximum of 262144)\n",
	    "the capture is damaged or corrupt (pcap: File has "
	    "4294967280-byte packet, bigger than maximum of 262144)",
	    SX_TSHARK_DAMAGED);
	check("tshark: The file \"/dev/zero\" is a \"special file\" or socket "
	    "or other non-regular file.\n",
	    "not a file tshark can read (a device or a socket)",
	    SX_TSHARK_NOT_FILE);
}

static void
test_other(void **state)
{
	enum sx_tshark_fault f = SX_TSHARK_DAMAGED;
	char *msg;

	(void)state;
	/* tshark's own last line, as it said it */
	msg = sx_tshark_explain("tshark: first\nnoise\ntshark: Invalid "
	    "-Y filter\tnow\nmore noise\n", &f);
	assert_string_equal(msg, "tshark: Invalid -Y filter now");
	assert_int_equal(f, SX_TSHARK_FAILED);
	free(msg);
	/* not tshark's words: the last line */
	f = SX_TSHARK_DAMAGED;
	msg = sx_tshark_explain("Segmentation fault\nno core\n", &f);
	assert_string_equal(msg, "tshark: no core");
	assert_int_equal(f, SX_TSHARK_FAILED);
	free(msg);
	/* tshark reads through a pipe: "the standard input" is the
	 * capture the message names, in either case, every time */
	msg = sx_tshark_explain("tshark: The standard input has an "
	    "unknown record; the standard input\n", &f);
	assert_string_equal(msg, "tshark: The capture has an unknown "
	    "record; the capture");
	free(msg);
	msg = sx_tshark_message("tshark: on the standard inpu\n");
	assert_string_equal(msg, "tshark: on the standard inpu");
	free(msg);
	/* nothing said */
	assert_null(sx_tshark_explain("", &f));
	assert_null(sx_tshark_message(""));
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_known),
		cmocka_unit_test(test_other),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
