/* plan.h - the plan of a run: what tshark is asked and how, decided
 * from the command line (options.h) and from what the probe found of the
 * tshark (tshark.h).
 *
 * The plan settles: the tshark fields that the chosen columns, sort,
 * filters, thresholds and summary need; the engine (custom columns or
 * -T fields, tuned or plain); whether tshark may get the frames cut to
 * their TCP headers (cut.h); and what this tshark's version changes.
 * The scheduler (sched.h) then runs it; tshark.c builds the command
 * lines. */
#ifndef SX_PLAN_H
#define SX_PLAN_H

#include "fields.h"
#include "options.h"
#include "tshark.h"

struct sx_plan {
	struct sx_fieldset fields;  /* what every tshark is asked for */
	int cut;                    /* frames may be cut to their headers */
	const char *nocut_why;      /* -v: why not, when cut is 0 */
};

/* Make the plan for o with the probed tshark ts, and settle ts's engine
 * (ts->engine, never SX_ENGINE_AUTO after this, and ts->tuned) and the
 * rules its version changes. Returns 0, or -1 (said on stderr) when a
 * chosen column needs a field this tshark does not have: a count without
 * its field would be a wrong number. */
int sx_plan_make(struct sx_plan *p, const struct sx_options *o,
    struct sx_tshark *ts);

#endif
