/* split.h - analyse one capture with several tsharks at once.
 *
 * streamxpert reads the capture itself (pcapio.h), sends the file header
 * (pcap) or every section and interface block (pcapng) to each of N
 * tsharks, and each frame to one of them, chosen by its TCP connection
 * (flowsplit.h), through pipes on their standard input. Each tshark's
 * streams are renumbered into the numbering a single tshark gives (by
 * the number of their first frame in the file) and their times moved to
 * the capture's first frame, exactly, in integer nanoseconds.
 *
 * Whenever the result might differ from a single tshark's, the split
 * gives up and asks for one tshark over the whole file: before it starts
 * (not pcap/pcapng, damaged or cut short, a frame it cannot place, a
 * timestamp it cannot give exactly), or afterwards, discarding what the
 * partitions printed (a tshark that failed, a frame where tshark saw a
 * TCP header the splitter did not or the other way round, a stream
 * number that a single tshark would not have given: dissectors that
 * create conversations).
 *
 * Each partition's tshark is a runner (runner.h); the split owns the
 * partitioning, the feeding and the ordering only. It runs inside the
 * scheduler's poll loop (sched.c): it exposes a fixed number of poll
 * entries and handles their events. */
#ifndef SX_SPLIT_H
#define SX_SPLIT_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#include "streams.h"
#include "tshark.h"

/* At most this many tsharks for one capture (each costs about 150 MB
 * however small its part). */
#define SX_SPLIT_MAX 64

struct sx_split;

/* What sx_split_events says. */
enum sx_split_state {
	SX_SPLIT_RUNNING,
	SX_SPLIT_DONE,    /* the table is set */
	SX_SPLIT_RERUN    /* analyse the file with one tshark; why says why */
};

/* Try to split the capture (fd: the open regular file, at offset 0)
 * across n tsharks (at most SX_SPLIT_MAX) of run. When this machine's
 * limits (descriptors, processes) stop the k-th tshark from starting,
 * the split goes on with the k - 1 started, if at least two. Returns the
 * split (it has taken fd), or NULL with the reason in why (fd is then
 * back at offset 0, still the caller's). */
struct sx_split *sx_split_start(int fd, unsigned n,
    const struct sx_tshark *ts, const struct sx_tshark_run *run, int cut,
    char *why, size_t whysize);

/* sx_split_start for a capture read through a pipe fd (a decompressor,
 * decomp.h), which cannot be read twice: no first reading; what would
 * have stopped the split before it started stops it when it is met
 * (RERUN). frames is about how many frames the capture has (for how
 * many tsharks). fd is the split's in every case (closed when it
 * returns NULL). */
struct sx_split *sx_split_start_pipe(int fd, uint64_t frames, unsigned n,
    const struct sx_tshark *ts, const struct sx_tshark_run *run, int cut,
    char *why, size_t whysize);

/* How many tsharks the split runs (fewer than asked for when the
 * capture is too small to gain from them, or memory too short). */
unsigned sx_split_ways(const struct sx_split *s);

/* Number of poll entries the split uses (always the same). */
size_t sx_split_nfds(const struct sx_split *s);

/* Fill the split's poll entries. Returns 1 when a tshark has closed its
 * pipes and waits to be reaped: poll then with a short timeout. */
int sx_split_pollfds(struct sx_split *s, struct pollfd *pfd);

/* Handle the events of those entries (as filled above). On DONE the
 * partitions' streams are merged into table (sx_table_merge) and why
 * holds a summary (streams, frames per tshark); on RERUN why holds the
 * reason and every tshark of the split is already stopped. */
enum sx_split_state sx_split_events(struct sx_split *s,
    const struct pollfd *pfd, struct sx_table *table, char *why,
    size_t whysize);

/* Frames the split's tsharks have reported so far (progress). */
uint64_t sx_split_lines(const struct sx_split *s);

/* Stop every tshark of the split and free it. */
void sx_split_free(struct sx_split *s);

#endif
