/* progress.h - a one-line progress display on stderr for people at a
 * terminal: how much of the input tshark has read, frames per second,
 * elapsed and remaining time. Messages printed through sx_warn clear it
 * first, so they never mix with it. */
#ifndef SX_PROGRESS_H
#define SX_PROGRESS_H

#include <stddef.h>
#include <stdint.h>

/* Start showing progress (on stderr). total_bytes is the size of every
 * input together, or 0 when unknown (pipes, live capture). */
void sx_progress_start(uint64_t total_bytes);

/* Update the line: bytes read of every input, frames seen, files done
 * out of files. Redrawn at most a few times a second. */
void sx_progress_update(uint64_t done_bytes, uint64_t frames,
    size_t files_done, size_t files);

/* Erase the line (it is drawn again on the next update). */
void sx_progress_clear(void);

/* Erase the line for good. */
void sx_progress_stop(void);

/* Format the progress text into buf (exposed for tests): elapsed is in
 * seconds. */
void sx_progress_format(char *buf, size_t size, uint64_t done_bytes,
    uint64_t total_bytes, uint64_t frames, double elapsed,
    size_t files_done, size_t files);

#endif
