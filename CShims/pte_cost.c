// User-space proxies for the cost of the kernel's PTE updates, to calibrate the model's cost
// profile (DESIGN.md "Differential estimate of one convert").
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <errno.h>

uint64_t cpl_time_exchange(uint64_t *line, unsigned reps) {
    uint64_t begin = cpl_cycles_begin();
    for (unsigned i = 0; i < reps; i++) {
        (void)__atomic_exchange_n(line, (uint64_t)i, __ATOMIC_SEQ_CST);
    }
    uint64_t end = cpl_cycles_end();
    return end - begin;
}

uint64_t cpl_time_store(uint64_t *line, unsigned reps) {
    volatile uint64_t *target = line;
    uint64_t begin = cpl_cycles_begin();
    for (unsigned i = 0; i < reps; i++) {
        *target = (uint64_t)i;
        __asm__ volatile("" ::: "memory");
    }
    uint64_t end = cpl_cycles_end();
    return end - begin;
}

bool cpl_dsb_supported(void) {
#if defined(__aarch64__)
    return true;
#else
    return false;
#endif
}

uint64_t cpl_time_dsb_ish(unsigned reps) {
#if defined(__aarch64__)
    uint64_t begin = cpl_cycles_begin();
    for (unsigned i = 0; i < reps; i++) {
        __asm__ volatile("dsb ish" ::: "memory");
    }
    uint64_t end = cpl_cycles_end();
    return end - begin;
#else
    (void)reps;
    errno = ENOTSUP;
    return 0;
#endif
}
