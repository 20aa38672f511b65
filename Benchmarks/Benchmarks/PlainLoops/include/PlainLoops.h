// Plain C loops doing the same system calls as the Swift harness's ops, so that Benchmarks/
// can hold the harness's per-op cost against them (issue 4: harness within 2% of a C loop).
#ifndef PLAIN_LOOPS_H
#define PLAIN_LOOPS_H

#include <stddef.h>

/// `iterations` times: mprotect the last page of block (i % blocks) of `region` (contpte blocks
/// of the host's geometry: 64 KiB with 4 KiB pages) read-only, then read-write. Returns 0, or -1 with errno.
int plain_mprotect_subpage_loop(void *region, size_t blocks, size_t iterations);

/// The same loop, each op timed like the harness times it (x86_64 `lfence; rdtsc` before,
/// `rdtscp; lfence` after; aarch64 `isb; mrs cntvct_el0`), the ticks summed into `*ticks`: the
/// cost of per-op timing itself, without Swift.
int plain_mprotect_subpage_timed_loop(void *region, size_t blocks, size_t iterations, unsigned long long *ticks);

/// A plain C pointer chase, the reference for tlb-reach (issue 4: within 3%): follows the chain
/// at `start` `loads / 4` times to warm up, then `loads` times between two CLOCK_MONOTONIC_RAW
/// reads. Returns ns per load, or -1 when `loads` is 0.
double plain_chase_ns_per_load(void *start, unsigned long long loads);

#endif
