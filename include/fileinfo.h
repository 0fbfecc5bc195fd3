/* fileinfo.h - what the report says about one input besides its streams
 * (report.h, html.h). */
#ifndef SX_FILEINFO_H
#define SX_FILEINFO_H

#include <stdint.h>

struct sx_file_info {
	const char *name;
	int complete;          /* read to its end */
	const char *error;     /* why not, or NULL */
	uint64_t frames;       /* frames tshark printed */
};

#endif
