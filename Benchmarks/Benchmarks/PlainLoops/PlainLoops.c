#include "PlainLoops.h"

#include <CShims.h>

#include <stdint.h>
#include <time.h>
#include <sys/mman.h>
#include <unistd.h>

// The host's page and contpte block sizes, as the harness derives them (CShims).
static size_t page_bytes(void) { return (size_t)sysconf(_SC_PAGESIZE); }
static size_t block_bytes(void) { return page_bytes() << cpl_arm64_cont_pte_shift(page_bytes()); }

int plain_mprotect_subpage_loop(void *region, size_t blocks, size_t iterations) {
    size_t page = page_bytes(), block = block_bytes();
    for (size_t i = 0; i < iterations; i++) {
        uint8_t *last = (uint8_t *)region + (i % blocks) * block + block - page;
        if (mprotect(last, page, PROT_READ) != 0) return -1;
        if (mprotect(last, page, PROT_READ | PROT_WRITE) != 0) return -1;
    }
    return 0;
}

int plain_mprotect_subpage_timed_loop(void *region, size_t blocks, size_t iterations, unsigned long long *ticks) {
    unsigned long long total = 0;
    size_t page = page_bytes(), block = block_bytes();
    for (size_t i = 0; i < iterations; i++) {
        uint8_t *last = (uint8_t *)region + (i % blocks) * block + block - page;
        unsigned long long start = cpl_cycles_begin();
        if (mprotect(last, page, PROT_READ) != 0) return -1;
        if (mprotect(last, page, PROT_READ | PROT_WRITE) != 0) return -1;
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
