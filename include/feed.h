/* feed.h - streamxpert reads a capture itself and feeds one tshark its
 * frames cut to their headers (cut.h), through a pipe on tshark's
 * standard input.
 *
 * The feed reads pcap and pcapng (pcapio.h) block by block and copies
 * every block, each frame cut where cut.h allows. From the first byte it
 * cannot read as a block (not pcap or pcapng, damaged, cut short) it
 * copies the rest of the input verbatim, so that tshark meets the same
 * bytes where it would have met them in the file and says the same.
 *
 * It runs inside sched.c's poll loop: two poll entries, the input
 * (read when its queue for tshark is short) and the pipe to tshark. */
#ifndef SX_FEED_H
#define SX_FEED_H

#include <poll.h>
#include <stddef.h>
#include <stdint.h>

#define SX_FEED_NFDS 2

struct sx_feed;
struct sx_framemap;
struct sx_block;
struct sx_flow;

/* Feed from in (read from its current offset; stays the caller's) to
 * out (the write end of tshark's standard input; the feed owns it and
 * closes it at the end of the input). With map (the runner's, runner.h)
 * the frames no TCP analysis can see are kept from tshark and map
 * numbers the others; NULL gives every frame. */
struct sx_feed *sx_feed_new(int in, int out, struct sx_framemap *map);

/* Whether to keep block b, the nth frame of the capture (classified
 * fl: flowsplit.h), from tshark: an ordinary packet block of a frame
 * the classifier calls withhold, not the first one, and no rpcap
 * connection seen before it (*rpcap: set once one is). */
int sx_feed_withhold(const struct sx_block *b, const struct sx_flow *fl,
    uint64_t nth, int *rpcap);

/* Whether frames may be kept from tshark: not when the environment
 * has STREAMXPERT_WITHHOLD=0 (to measure what it saves). */
int sx_withhold_wanted(void);

/* Fill the feed's two poll entries (fd -1 when there is nothing to
 * wait for). */
void sx_feed_pollfds(const struct sx_feed *f, struct pollfd *pfd);

/* Handle the events of those entries. Returns 1 while the feed runs, 0
 * when it is over: all written, or tshark stopped reading; sx_feed_error
 * then says whether reading the input failed. */
int sx_feed_events(struct sx_feed *f, const struct pollfd *pfd);

/* Whether the whole input was read (to its end, without an error). */
int sx_feed_at_eof(const struct sx_feed *f);

/* Why reading the input failed, or NULL. */
const char *sx_feed_error(const struct sx_feed *f);

/* -v: what was fed (frames, how many cut, bytes read and written, and
 * why it went verbatim from some point, if it did). */
void sx_feed_describe(const struct sx_feed *f, char *buf, size_t size);

void sx_feed_free(struct sx_feed *f);

#endif
