/* tshark.h - find tshark, learn its version, build its command line, and
 * say what its error output means.
 *
 * Which binary, which preferences are pinned, and the command line for
 * the engine and fields that the plan chose (plan.h) are made here. */
#ifndef SX_TSHARK_H
#define SX_TSHARK_H

#include <stddef.h>

#include "parse.h"
#include "probe.h"

/* How tshark is asked for the fields. */
enum sx_engine {
	SX_ENGINE_AUTO,     /* the best one known to be exact for the version */
	SX_ENGINE_PLAIN,    /* -T fields -e ..., nothing else (any version) */
	SX_ENGINE_FIELDS,   /* -T fields, tuned (see below) */
	SX_ENGINE_COLUMNS   /* custom columns with -T tabs, tuned */
};

/* Parse "auto", "plain", "fields" or "columns"; returns 0 or -1. */
int sx_engine_parse(const char *s, enum sx_engine *e);

/* The engine's name. */
const char *sx_engine_name(enum sx_engine e);

struct sx_tshark {
	char *path;             /* the binary to run */
	char version[64];       /* "4.0.17", or "" if unknown */
	int major, minor, micro;
	enum sx_engine engine;  /* never AUTO after sx_plan_make (plan.h) */
	int has_completeness;   /* it knows tcp.completeness (3.6 and later) */
	int tuned;              /* preferences that only cost time are
	                         * switched off, and TCP heuristics too
	                         * (those the probe found, probe.h); set
	                         * by sx_plan_make */
	struct sx_caps caps;    /* what this tshark supports (probe.h) */
	char *config_dir;       /* WIRESHARK_CONFIG_DIR for tshark, or NULL */
};

/* What one tshark run reads and how. */
struct sx_tshark_run {
	const struct sx_fieldset *fields;  /* the fields to ask for */
	const char *dfilter;    /* -Y, or NULL */
	const char *interface;  /* -i for a live capture, or NULL (read -r -) */
	const char *cfilter;    /* -f, or NULL */
	const char *const *autostop;  /* -a conditions, NULL-terminated */
	int line_buffered;      /* -l */
	int cheap_endpoints;    /* ask for the cheap endpoint fields when the
	                         * engine has them (see sx_tshark_fields) */
};

/* Locate tshark: path_opt (--tshark), else $STREAMXPERT_TSHARK, else the
 * PATH. A name without '/' is searched in PATH. Returns 0, or -1 with a
 * message for the user in err. */
int sx_tshark_find(struct sx_tshark *ts, const char *path_opt, char *err,
    size_t errsize);

/* Run "tshark -v" for the version and probe what it supports (probe.h;
 * both cached, see tshark.c); the caps are kept for the tested versions
 * only (make check-versions). The engine is settled afterwards, by
 * plan.h. Each probe has a time limit (sx_probe_limit_ms). Returns 0 or
 * -1 with a message in err; -1 also when a signal arrived
 * (sx_signals_caught), the probe stopped. */
int sx_tshark_probe(struct sx_tshark *ts, char *err, size_t errsize);

/* The first field of fs that this tshark does not have (the probe found
 * it refused), or -1. */
int sx_tshark_lacks(const struct sx_tshark *ts, const struct sx_fieldset *fs);

/* The flag style of the output the chosen engine produces. */
enum sx_flag_style sx_tshark_flag_style(const struct sx_tshark *ts);

/* The environment entries tshark runs with ("NAME=VALUE", NULL-ended);
 * owned by ts. */
const char *const *sx_tshark_env(const struct sx_tshark *ts);

/* The fields one run asks tshark for: run->fields, except that with
 * run->cheap_endpoints, on the tuned custom-column engine, the endpoint
 * fields (frame.protocols, ip.src/dst, ipv6.src/dst) are replaced by
 * tshark's built-in network address columns and ip.version, which cost a
 * third as much. They are exact only for frames with one stream, one TCP
 * header and one IP header; the parser refuses any other frame with a
 * stream (SX_PARSE_FALLBACK), and the input is then read again without
 * cheap_endpoints. Returns 1 when the cheap fields are used. */
int sx_tshark_fields(const struct sx_tshark *ts,
    const struct sx_tshark_run *run, struct sx_fieldset *out);

/* Build the argument vector for one run (NULL-terminated; free it with
 * sx_argv_free). */
char **sx_tshark_argv(const struct sx_tshark *ts,
    const struct sx_tshark_run *run);
void sx_argv_free(char **argv);

/* Give tshark a private empty configuration directory, so that a user's
 * Wireshark profile (preferences, disabled protocols, Decode As) cannot
 * change its results. Returns 0 or -1 with a message in err. */
int sx_tshark_isolate(struct sx_tshark *ts, char *err, size_t errsize);

/* Release what sx_tshark_find and sx_tshark_probe allocated. */
void sx_tshark_free(struct sx_tshark *ts);

/* What went wrong, as tshark's error output says it. */
enum sx_tshark_fault {
	SX_TSHARK_FAILED,       /* none of the known ones */
	SX_TSHARK_CUT_SHORT,    /* cut short in the middle of a packet */
	SX_TSHARK_NOT_CAPTURE,  /* a format tshark does not know */
	SX_TSHARK_DAMAGED,      /* damaged or corrupt */
	SX_TSHARK_NOT_FILE      /* a device or a socket */
};

/* Turn what tshark wrote on stderr into one line for the user
 * ("the capture is cut short in the middle of a packet"), and say which
 * fault it is in *code when code is not NULL. Returns a malloc'd string,
 * or NULL when tshark said nothing. sx_tshark_message: the line alone. */
char *sx_tshark_explain(const char *stderr_text, enum sx_tshark_fault *code);
char *sx_tshark_message(const char *stderr_text);

#endif
