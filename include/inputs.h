/* inputs.h - turn the command line's arguments into the captures to read.
 *
 * A file argument is read as it is (tshark decides what it is). A
 * directory argument means the captures inside it (with recursion, those
 * of its subdirectories too), recognised by their first bytes: pcap (all
 * its magic numbers), pcapng, and gzip, zstd or lz4 (what is inside is
 * found when it is read: decomp.h). Entries are visited in byte order of their names, so the
 * order of the report does not depend on the file system. */
#ifndef SX_INPUTS_H
#define SX_INPUTS_H

#include <stddef.h>
#include <stdint.h>

#include "shard.h"

/* What the first bytes of a file say it is. */
enum sx_kind {
	SX_KIND_OTHER,    /* not a capture streamxpert recognises */
	SX_KIND_PCAP,
	SX_KIND_PCAPNG,
	SX_KIND_COMPRESSED  /* gzip, zstd or lz4: maybe a compressed capture */
};

/* Classify the first n bytes of a file (n may be short). */
enum sx_kind sx_sniff(const unsigned char *p, size_t n);

/* One input to analyse, or one that could not even be looked at. */
struct sx_input {
	char *name;       /* path as given or joined ("dir/sub/file") */
	char *error;      /* why it cannot be read (it gets a failed row and
	                   * a line on stderr), or NULL */
	int from_dir;     /* found by walking a directory */
	enum sx_kind kind;  /* for those: what the first bytes said */
};

struct sx_inputs {
	struct sx_input *v;
	size_t n, cap;
	size_t skipped;   /* directory entries that are not captures */
	/* --settle: set before adding. A regular file found in a directory
	 * whose modification time is less than settle_ns from now (either
	 * way: a time further ahead is a wrong clock) is skipped as still
	 * being written, and counted in settling, not in skipped. 0: no
	 * such check. It applies to files that look like captures, and to
	 * empty ones (a capture just begun). Files named as arguments are
	 * always kept. */
	int64_t settle_ns;
	size_t settling;
	/* --shard (shard.h): set before adding. Each argument that is not
	 * a directory and each directory entry that is not a directory
	 * walked into is counted (in entries); only this shard's are
	 * looked at, the others counted in shard_out. */
	struct sx_shard shard;
	uint64_t entries;
	size_t shard_out;
};

/* Called for each skipped directory entry with a one-line reason. */
typedef void sx_skip_fn(const char *path, const char *why, void *ctx);

/* Add one command-line argument: a file (or "-") as it is, a directory
 * expanded (recursive: its subdirectories too; symbolic links to
 * directories are not followed inside a walk, so a walk cannot loop).
 * Files that cannot be opened are added with their error set, so that
 * they get their line on stderr and count as unreadable. */
void sx_inputs_add(struct sx_inputs *in, const char *arg, int recursive,
    sx_skip_fn *skip, void *ctx);

void sx_inputs_free(struct sx_inputs *in);

#endif
