/* decomp.h - compressed captures read through a decompressor child.
 *
 * A capture compressed with gzip, zstd or lz4 (rotated captures often
 * are) is decompressed by the tool itself (`gzip -dc`, `zstd -dc`,
 * `lz4 -dc`) started without a shell, its standard input the file and
 * its standard output a pipe that streamxpert reads as it reads any
 * capture: cut to the headers (feed.h), split (split.h). When the tool
 * is not installed tshark reads the compressed file itself. The tool's
 * failure (a file cut short, damaged data) becomes the error a plain
 * capture cut short or damaged gives. */
#ifndef SX_DECOMP_H
#define SX_DECOMP_H

#include <stddef.h>

#include "proc.h"

enum sx_comp {
	SX_COMP_NONE,
	SX_COMP_GZIP,
	SX_COMP_ZSTD,
	SX_COMP_LZ4
};

/* What compression the first n bytes of a file show. */
enum sx_comp sx_comp_sniff(const unsigned char *p, size_t n);

/* The tool's name ("gzip"). */
const char *sx_comp_tool(enum sx_comp c);

/* One run of the tool. */
struct sx_decomp {
	enum sx_comp comp;
	char path[512];         /* the tool, found in PATH */
	struct sx_child c;      /* c.out: the decompressed bytes */
	int status;             /* wait status once reaped */
	int reaped;
};

/* Find the tool of comp in PATH: 0, or -1 when it is not installed. */
int sx_decomp_find(struct sx_decomp *d, enum sx_comp comp);

/* Start the tool on fd (from offset 0; fd stays the caller's). Returns
 * 0, or -1 with err set and errno (EMFILE, ... as sx_spawn). c.out is
 * non-blocking. */
int sx_decomp_start(struct sx_decomp *d, int fd, char *err, size_t errsize);

/* The first bytes the tool gives (at most size, all of them when *whole
 * is set), the tool stopped again. Returns the number read, or -1. */
long sx_decomp_head(struct sx_decomp *d, int fd, unsigned char *buf,
    size_t size, int *whole);

/* The tool has written its last byte: wait for it. Returns 0 when it
 * ended well, else -1 with what went wrong in msg and *cut_short set
 * when its words say the file ends too soon. */
int sx_decomp_end(struct sx_decomp *d, int *cut_short, char *msg,
    size_t size);

/* Stop it (if it runs) and close its pipes. */
void sx_decomp_stop(struct sx_decomp *d);

#endif
