// The plain C side of Benchmarks/CRatio/c-ratio.sh (issue 12, item 4): what a standalone program
// measures for mprotect-subpage, to hold `contpte run`'s ns/op against.
//
// Maps BLOCKS contpte blocks (block = page size x CONT_PTES: 64 KiB with 4 KiB pages, 2 MiB
// with 16 or 64 KiB), aligned to a block and at least 2 MiB, advises MADV_HUGEPAGE, fills them
// with memset, then runs REPEATS repeats of PASSES passes over the blocks; one op makes the
// block's last page read-only, then read-write again (the harness's cpl_op_mprotect_subpage).
// Each repeat is timed with CLOCK_MONOTONIC. Prints one line: "mean_ns_per_op <value>", the
// mean over all repeats. The huge-page policy is the caller's (the script holds it).
//
// Usage: plain_mprotect_subpage [BLOCKS [PASSES [REPEATS]]]   (defaults 1024 10 5)
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

static size_t cont_ptes(size_t page) {
    // arch/arm64 Kconfig ARM64_CONT_PTE_SHIFT: 4, 7, 5 for 4, 16, 64 KiB pages.
    switch (page) {
    case 4096: return 16;
    case 16384: return 128;
    case 65536: return 32;
    default: return 16;
    }
}

static double now_ns(void) {
    struct timespec ts;
    clock_gettime(CLOCK_MONOTONIC, &ts);
    return (double)ts.tv_sec * 1e9 + (double)ts.tv_nsec;
}

int main(int argc, char **argv) {
    size_t blocks = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024;
    unsigned passes = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 10;
    unsigned repeats = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 5;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t block = page * cont_ptes(page);
    size_t align = block > ((size_t)2 << 20) ? block : ((size_t)2 << 20);
    size_t length = (blocks * block + align - 1) / align * align;
    uint8_t *raw = mmap(NULL, length + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
    if (raw == MAP_FAILED) {
        perror("mmap");
        return 1;
    }
    uint8_t *base = (uint8_t *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
    if (madvise(base, length, MADV_HUGEPAGE) != 0) perror("madvise(MADV_HUGEPAGE)");
    memset(base, 1, length);
    double total = 0;
    for (unsigned r = 0; r < repeats; r++) {
        double start = now_ns();
        for (unsigned p = 0; p < passes; p++) {
            for (size_t b = 0; b < blocks; b++) {
                uint8_t *last = base + b * block + block - page;
                if (mprotect(last, page, PROT_READ) != 0 || mprotect(last, page, PROT_READ | PROT_WRITE) != 0) {
                    perror("mprotect");
                    return 1;
                }
            }
        }
        total += now_ns() - start;
    }
    printf("mean_ns_per_op %.1f\n", total / ((double)repeats * passes * blocks));
    return 0;
}
