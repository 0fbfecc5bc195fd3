/* plan.c - what a run asks of tshark: fields, engine, cut, version
 * rules. */
#include "plan.h"

#include <stdio.h>
#include <string.h>

#include "columns.h"
#include "streams.h"
#include "util.h"

static void
conditions_fields(const struct sx_threshold *th, size_t n,
    struct sx_fieldset *fs)
{
	size_t i, j;

	for (i = 0; i < n; i++)
		for (j = 0; j < th[i].n; j++)
			sx_column_fields(th[i].cond[j].col, fs);
}

/* The tshark fields the chosen columns, sort, filters, thresholds and
 * summary need (tcp.completeness only when the tshark has it). */
static void
plan_fields(const struct sx_options *o, int has_completeness,
    struct sx_fieldset *fs)
{
	size_t i;

	/* Ask tshark only for what the chosen columns need. */
	memset(fs, 0, sizeof(*fs));
	for (i = 0; i < o->cols.n; i++)
		sx_column_fields(o->cols.col[i], fs);
	if (o->sort)
		sx_column_fields(o->sort, fs);
	if (o->problems_only)
		sx_column_fields(sx_column_find("problems"), fs);
	if (o->explain || o->format == SX_FMT_HTML ||
	    o->format == SX_FMT_SVG)
		sx_column_fields(sx_column_find("diagnosis"), fs);
	if (!o->summary) {
		conditions_fields(o->th, o->nth, fs);
		conditions_fields(o->where, o->nwhere, fs);
	}
	if (!has_completeness)
		fs->want[SX_F_COMPLETENESS] = 0;
}

/* A column that needs a field this tshark does not have: one line naming
 * both, and 1 (streamxpert then stops: a count without its field would
 * be a wrong number). tcp.completeness is not one: without it state and
 * completeness are derived from the flags (see sx_stream_completeness). */
static int
plan_lacking(const struct sx_options *o, const struct sx_tshark *ts,
    const struct sx_fieldset *fields)
{
	struct sx_fieldset one;
	const char *name = "--sort, --problems, --where or --fail-if";
	size_t i;
	int f = sx_tshark_lacks(ts, fields);

	if (f < 0)
		return 0;
	for (i = 0; i < o->cols.n; i++) {
		memset(&one, 0, sizeof(one));
		sx_column_fields(o->cols.col[i], &one);
		if (one.want[f]) {
			name = o->cols.col[i]->name;
			break;
		}
	}
	sx_warn("column %s needs the field %s, which tshark %s does not "
	    "have", name, sx_field_names[f], ts->version);
	return 1;
}

/* Whether tshark may get the frames cut to their TCP headers (cut.h),
 * for the fields fs asked for: 1, or 0 with the reason in *why. */
static int
plan_cut(const struct sx_options *o, const struct sx_fieldset *fs,
    const char **why)
{
	static char msg[160];
	size_t i;

	*why = NULL;
	if (o->no_cut)
		*why = "--no-cut";
	else if (o->dfilter != NULL)
		*why = "a display filter (-Y) may test what lies past the TCP "
		    "header";
	else if (o->user_config)
		*why = "--user-config: the profile may make a dissector read "
		    "the payload";
	else if (sx_fieldset_needs_payload(fs)) {
		const char *name = "a column";

		for (i = 0; i < o->cols.n; i++)
			if (o->cols.col[i]->needs_payload) {
				name = o->cols.col[i]->name;
				break;
			}
		snprintf(msg, sizeof(msg), "the column %s reads the payload",
		    name);
		*why = msg;
	}
	return *why == NULL;
}

/* The engine from what the probe found (engine is the user's choice,
 * SX_ENGINE_AUTO to let the version decide). The tuned custom-column
 * engine is proven exact against plain -T fields by make check-versions
 * on each tested version; any other version, or a tshark whose probe
 * failed (it has no caps then, tshark.h), gets plain -T fields unless
 * asked. */
static void
plan_engine(struct sx_tshark *ts, enum sx_engine engine)
{
	ts->engine = engine;
	if (engine == SX_ENGINE_AUTO)
		ts->engine = ts->caps.known ? SX_ENGINE_COLUMNS :
		    SX_ENGINE_PLAIN;
	ts->tuned = ts->engine != SX_ENGINE_PLAIN && ts->caps.known;
}

int
sx_plan_make(struct sx_plan *p, const struct sx_options *o,
    struct sx_tshark *ts)
{
	memset(p, 0, sizeof(*p));
	plan_engine(ts, o->engine);
	plan_fields(o, ts->has_completeness, &p->fields);
	/* tshark 3.x's custom columns print these two by name ("Maximum
	 * Segment Size", "0x8000 (32768)"): its -T fields prints numbers */
	if (ts->major < 4 && ts->engine == SX_ENGINE_COLUMNS &&
	    (p->fields.want[SX_F_OPTKIND] || p->fields.want[SX_F_IP_ID]))
		ts->engine = SX_ENGINE_FIELDS;
	/* 4.4 and later count a one-frame stream's frame (streams.c) */
	sx_stream_lone_first_rule(ts->major > 4 ||
	    (ts->major == 4 && ts->minor >= 4));
	if (plan_lacking(o, ts, &p->fields) != 0)
		return -1;
	p->cut = plan_cut(o, &p->fields, &p->nocut_why);
	return 0;
}
