/* summary.h - one capture in a line (--summary): its streams summed up
 * into struct sx_summary (values.h), which the summary's columns read. */
#ifndef SX_SUMMARY_H
#define SX_SUMMARY_H

#include "streams.h"
#include "values.h"

/* Sum up a capture's streams (t may be NULL: nothing was read). */
void sx_summary_of(struct sx_summary *s, const struct sx_table *t,
    const char *status);

#endif
