// Plain C loops doing the same system calls as the Swift harness's ops, so that Benchmarks/
// can hold the harness's per-op cost against them (issue 4: harness within 2% of a C loop).
#ifndef PLAIN_LOOPS_H
#define PLAIN_LOOPS_H

#include <stddef.h>

/// `iterations` times: mprotect the last 4 KiB page of block (i % blocks) of `region` (64 KiB
/// blocks) read-only, then read-write. Returns 0, or -1 with errno.
int plain_mprotect_subpage_loop(void *region, size_t blocks, size_t iterations);

#endif
