// Architecture identification and page-size arithmetic.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <time.h>
#include <unistd.h>

const char *cpl_arch_name(void) {
#if defined(__x86_64__)
    return "x86_64";
#elif defined(__aarch64__)
    return "aarch64";
#else
    return "unknown";
#endif
}

size_t cpl_page_size(void) {
    long size = sysconf(_SC_PAGESIZE);
    return size > 0 ? (size_t)size : 4096;
}

unsigned cpl_arm64_cont_pte_shift(size_t page_size) {
    // arch/arm64/include/asm/pgtable-hwdef.h: CONT_PTE_SHIFT - PAGE_SHIFT per granule.
    switch (page_size) {
    case 4096:
        return 4;
    case 16384:
        return 7;
    case 65536:
        return 5;
    default:
        return 0;
    }
}

uint64_t cpl_cycles_fallback(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC_RAW, &ts);
    return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}
