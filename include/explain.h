/* explain.h - the diagnosis in words (--explain): one paragraph per
 * stream with the numbers behind its verdict. */
#ifndef SX_EXPLAIN_H
#define SX_EXPLAIN_H

#include "util.h"
#include "values.h"

/* Row r's paragraph (no trailing newline), after "FILE: " when
 * with_file, appended to b. */
void sx_explain(const struct sx_row *r, int with_file, struct sx_buf *b);

#endif
