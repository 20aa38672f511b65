// Clocks, the cycle counter's identity and frequency, and the counter's own read overhead.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <time.h>

static uint64_t clock_ns(clockid_t clock) {
    struct timespec ts;
    if (clock_gettime(clock, &ts) != 0) return 0;
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t cpl_monotonic_ns(void) { return clock_ns(CLOCK_MONOTONIC); }

uint64_t cpl_monotonic_raw_ns(void) { return clock_ns(CLOCK_MONOTONIC_RAW); }

const char *cpl_cycle_counter_name(void) {
#if defined(__x86_64__)
    return "rdtsc";
#elif defined(__aarch64__)
    return "cntvct_el0";
#else
    return "clock_gettime";
#endif
}

uint64_t cpl_cycle_counter_stated_hz(void) {
#if defined(__x86_64__)
    return 0;
#elif defined(__aarch64__)
    uint64_t hz;
    __asm__ volatile("mrs %0, cntfrq_el0" : "=r"(hz));
    return hz;
#else
    return 1000000000ull;
#endif
}

/// One counter reading bracketed by two CLOCK_MONOTONIC_RAW readings; the tightest of a few tries,
/// so a preemption between the reads does not skew the pairing.
struct bracket {
    uint64_t ticks;
    uint64_t mid_ns;
};

static struct bracket bracketed_read(bool at_end) {
    struct bracket best = {0, 0};
    uint64_t best_width = UINT64_MAX;
    for (int attempt = 0; attempt < 8; attempt++) {
        uint64_t before = cpl_monotonic_raw_ns();
        uint64_t ticks = at_end ? cpl_cycles_end() : cpl_cycles_begin();
        uint64_t after = cpl_monotonic_raw_ns();
        if (after - before < best_width) {
            best_width = after - before;
            best.ticks = ticks;
            best.mid_ns = before + (after - before) / 2;
        }
    }
    return best;
}

double cpl_calibrate_cycle_hz(uint64_t duration_ns) {
    if (duration_ns == 0) duration_ns = 10000000;  // 10 ms
    struct bracket start = bracketed_read(false);
    while (cpl_monotonic_raw_ns() - start.mid_ns < duration_ns) {
    }
    struct bracket end = bracketed_read(true);
    uint64_t elapsed_ns = end.mid_ns - start.mid_ns;
    if (elapsed_ns == 0) return 0;
    return (double)(end.ticks - start.ticks) * 1e9 / (double)elapsed_ns;
}

uint64_t cpl_raw_pair_overhead_ticks(unsigned iterations) {
    if (iterations == 0) iterations = 1;
    uint64_t best = UINT64_MAX;
    for (unsigned i = 0; i < iterations; i++) {
        uint64_t begin = cpl_cycles_begin();
        uint64_t end = cpl_cycles_end();
        uint64_t delta = end - begin;
        if (delta < best) best = delta;
    }
    return best;
}
