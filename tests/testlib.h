/* testlib.h - helpers shared by the cmocka unit tests. */
#ifndef SX_TESTLIB_H
#define SX_TESTLIB_H

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>
#include <stdlib.h>
#include <string.h>

#include "fields.h"
#include "util.h"

/* One tshark output line, field by field; unset fields are empty. */
struct line_spec {
	const char *f[SX_F_COUNT];
};

/* Join the fields of spec that fs wants (NULL: those of sx_fieldset_all)
 * with tabs into b (no newline). */
static inline const char *
join_line_fs(struct sx_buf *b, const struct line_spec *spec,
    const struct sx_fieldset *fs)
{
	struct sx_fieldset all;
	int i, n = 0;

	if (fs == NULL) {
		sx_fieldset_all(&all);
		fs = &all;
	}
	sx_buf_reset(b);
	for (i = 0; i < SX_F_COUNT; i++) {
		if (!fs->want[i])
			continue;
		if (n++)
			sx_buf_addc(b, '\t');
		if (spec->f[i])
			sx_buf_adds(b, spec->f[i]);
	}
	return sx_buf_cstr(b);
}

/* Join every field of sx_fieldset_all. */
static inline const char *
join_line(struct sx_buf *b, const struct line_spec *spec)
{
	return join_line_fs(b, spec, NULL);
}

#define FLAGF(fl) (SX_F_FLAG0 + (fl))

#endif
