#include "PlainLoops.h"

#include <CShims.h>

#include <stdint.h>
#include <time.h>
#include <sys/mman.h>

int plain_mprotect_subpage_loop(void *region, size_t blocks, size_t iterations) {
    for (size_t i = 0; i < iterations; i++) {
        uint8_t *last = (uint8_t *)region + (i % blocks) * 65536 + 65536 - 4096;
        if (mprotect(last, 4096, PROT_READ) != 0) return -1;
        if (mprotect(last, 4096, PROT_READ | PROT_WRITE) != 0) return -1;
    }
    return 0;
}

int plain_mprotect_subpage_timed_loop(void *region, size_t blocks, size_t iterations, unsigned long long *ticks) {
    unsigned long long total = 0;
    for (size_t i = 0; i < iterations; i++) {
        uint8_t *last = (uint8_t *)region + (i % blocks) * 65536 + 65536 - 4096;
        unsigned long long start = cpl_cycles_begin();
        if (mprotect(last, 4096, PROT_READ) != 0) return -1;
        if (mprotect(last, 4096, PROT_READ | PROT_WRITE) != 0) return -1;
        total += cpl_cycles_end() - start;
    }
    *ticks += total;
    return 0;
}

double plain_chase_ns_per_load(void *start, unsigned long long loads) {
    if (loads == 0) return -1;
    void *p = start;
    for (unsigned long long i = 0; i < loads / 4; i++) p = *(void **)p;
    struct timespec begin, end;
    clock_gettime(CLOCK_MONOTONIC_RAW, &begin);
    for (unsigned long long i = 0; i < loads; i++) p = *(void **)p;
    clock_gettime(CLOCK_MONOTONIC_RAW, &end);
    __asm__ volatile("" : : "r"(p) : "memory");
    double ns = (double)(end.tv_sec - begin.tv_sec) * 1e9 + (double)(end.tv_nsec - begin.tv_nsec);
    return ns / (double)loads;
}
