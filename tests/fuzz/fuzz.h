/* fuzz.h - what every libFuzzer target here shares: the entry point's
 * prototype and CHECK, which aborts (a finding) when an invariant breaks. */
#ifndef SX_FUZZ_H
#define SX_FUZZ_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#define CHECK(cond) do { if (!(cond)) { \
	fprintf(stderr, "%s:%d: invariant broken: %s\n", __FILE__, \
	    __LINE__, #cond); abort(); } } while (0)

#endif
