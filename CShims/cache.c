// One cache line's load latency after a flush and when cached, and a dependent-load chain.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <errno.h>

bool cpl_cache_flush_supported(void) {
#if defined(__x86_64__)
    return true;  // CLFLUSH is part of the x86-64 baseline (CPUID.01H:EDX.CLFSH).
#elif defined(__aarch64__)
    return true;  // Linux sets SCTLR_EL1.UCI, so DC CIVAC is allowed at EL0.
#else
    return false;
#endif
}

#if defined(__aarch64__)
// The timed load must complete before the closing counter read: ISB alone does not wait for
// outstanding loads, so a DSB ISH follows the load in both variants (same cost in each).
static inline __attribute__((always_inline)) uint64_t timed_load_aarch64(const volatile uint64_t *p) {
    uint64_t t0, t1, value;
    __asm__ volatile("isb\n\t"
                     "mrs %[t0], cntvct_el0\n\t"
                     "isb\n\t"
                     "ldr %[v], [%[p]]\n\t"
                     "dsb ish\n\t"
                     "isb\n\t"
                     "mrs %[t1], cntvct_el0\n\t"
                     "isb"
                     : [t0] "=&r"(t0), [t1] "=&r"(t1), [v] "=&r"(value)
                     : [p] "r"(p)
                     : "memory");
    (void)value;
    return t1 - t0;
}
#endif

uint64_t cpl_time_load_flushed(const volatile uint64_t *p) {
#if defined(__x86_64__)
    __asm__ volatile("mfence\n\tclflush (%0)\n\tmfence" ::"r"(p) : "memory");
    uint64_t begin = cpl_cycles_begin();
    (void)*p;
    uint64_t end = cpl_cycles_end();
    return end - begin;
#elif defined(__aarch64__)
    __asm__ volatile("dc civac, %0\n\tdsb ish\n\tisb" ::"r"(p) : "memory");
    return timed_load_aarch64(p);
#else
    (void)p;
    errno = ENOTSUP;
    return 0;
#endif
}

uint64_t cpl_time_load_cached(const volatile uint64_t *p) {
    (void)*p;  // bring the line in
#if defined(__x86_64__)
    __asm__ volatile("mfence" ::: "memory");
    uint64_t begin = cpl_cycles_begin();
    (void)*p;
    uint64_t end = cpl_cycles_end();
    return end - begin;
#elif defined(__aarch64__)
    __asm__ volatile("dsb ish\n\tisb" ::: "memory");
    return timed_load_aarch64(p);
#else
    uint64_t begin = cpl_cycles_begin();
    (void)*p;
    uint64_t end = cpl_cycles_end();
    return end - begin;
#endif
}

void *cpl_chase(void *start, uint64_t steps) {
    void *volatile *cursor = (void *volatile *)start;
    for (uint64_t i = 0; i < steps; i++) {
        cursor = (void *volatile *)*cursor;
    }
    return (void *)cursor;
}

unsigned cpl_cache_line_bytes_from_cpu(void) {
#if defined(__x86_64__)
    // CPUID leaf 1, EBX[15:8]: CLFLUSH line size in 8-byte units.
    unsigned eax = 1, ebx = 0, ecx = 0, edx = 0;
    __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
    return ((ebx >> 8) & 0xff) * 8;
#elif defined(__aarch64__)
    // CTR_EL0.DminLine, bits [19:16]: log2 of the smallest data cache line in 4-byte words.
    // Readable at EL0 on Linux (SCTLR_EL1.UCT set, or the kernel emulates the read).
    uint64_t ctr;
    __asm__ volatile("mrs %0, ctr_el0" : "=r"(ctr));
    return 4u << ((ctr >> 16) & 0xf);
#else
    return 0;
#endif
}
