#include "PlainLoops.h"

#include <stdint.h>
#include <sys/mman.h>

int plain_mprotect_subpage_loop(void *region, size_t blocks, size_t iterations) {
    for (size_t i = 0; i < iterations; i++) {
        uint8_t *last = (uint8_t *)region + (i % blocks) * 65536 + 65536 - 4096;
        if (mprotect(last, 4096, PROT_READ) != 0) return -1;
        if (mprotect(last, 4096, PROT_READ | PROT_WRITE) != 0) return -1;
    }
    return 0;
}

static inline unsigned long long begin_ticks(void) {
#if defined(__x86_64__)
    unsigned lo, hi;
    __asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((unsigned long long)hi << 32) | lo;
#elif defined(__aarch64__)
    unsigned long long v;
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
#else
    return 0;
#endif
}

static inline unsigned long long end_ticks(void) {
#if defined(__x86_64__)
    unsigned lo, hi, aux;
    __asm__ volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
    (void)aux;
    return ((unsigned long long)hi << 32) | lo;
#elif defined(__aarch64__)
    unsigned long long v;
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0\n\tisb" : "=r"(v)::"memory");
    return v;
#else
    return 0;
#endif
}

int plain_mprotect_subpage_timed_loop(void *region, size_t blocks, size_t iterations, unsigned long long *ticks) {
    unsigned long long total = 0;
    for (size_t i = 0; i < iterations; i++) {
        uint8_t *last = (uint8_t *)region + (i % blocks) * 65536 + 65536 - 4096;
        unsigned long long start = begin_ticks();
        if (mprotect(last, 4096, PROT_READ) != 0) return -1;
        if (mprotect(last, 4096, PROT_READ | PROT_WRITE) != 0) return -1;
        total += end_ticks() - start;
    }
    *ticks += total;
    return 0;
}
