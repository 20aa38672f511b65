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
// With --read-pagemap first, the program reads the region's /proc/self/pagemap entries before the
// repeats, all of them in one pread into a fresh buffer, as the harness's backing check
// (PageMap.entries) reads them just before its warm-up.
// No op depends on it: c-ratio.sh --control pagemap holds this program against the plain one to
// show how far an untimed read before the repeats moves a process's ns/op on the host.
//
// Where the region goes matters on Linux 6.1+ (CShims/placement.c: the VMA's place in the maple
// tree decides whether each op's split and merge stay inside one tree node). By default the
// program does what the harness does (cpl_map_aligned_low): the region goes in the lowest free
// gap above 4 GiB, a page clear of every other mapping, found by reading /proc/self/maps.
// With --kernel-placement it takes mmap(NULL)'s choice instead (over-mapped by the alignment):
// next to the shared libraries, where whether each op splits a tree node depends on what else
// the process mapped first (on the project's VM, with --read-pagemap as well, it does: 2
// maple_tree:ma_op hits per op). c-ratio.sh --control kernel-placement[,pagemap] measures it.
//
// Usage: plain_mprotect_subpage [--read-pagemap] [--kernel-placement] [BLOCKS [PASSES [REPEATS]]]
//        (defaults 1024 10 5)
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <fcntl.h>
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

// One pread of the pagemap entries of [base, base + length) into a fresh heap buffer.
static int read_pagemap(const uint8_t *base, size_t length, size_t page) {
    size_t count = length / page;
    int fd = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    if (fd < 0) {
        perror("open(/proc/self/pagemap)");
        return -1;
    }
    uint64_t *entries = malloc(count * sizeof *entries);
    if (entries == NULL) {
        perror("malloc");
        close(fd);
        return -1;
    }
    off_t offset = (off_t)((uintptr_t)base / page * sizeof *entries);
    ssize_t got = pread(fd, entries, count * sizeof *entries, offset);
    close(fd);
    free(entries);
    if (got != (ssize_t)(count * sizeof *entries)) {
        perror("pread(pagemap)");
        return -1;
    }
    return 0;
}

// The lowest multiple of `align` above 4 GiB where `length` bytes fit a page clear of every
// mapping in /proc/self/maps; 0 if none. (The harness's rule, CShims/placement.c, written plainly.)
static uintptr_t lowest_free_gap(size_t length, size_t align, size_t page) {
    FILE *maps = fopen("/proc/self/maps", "r");
    if (maps == NULL) return 0;
    uintptr_t candidate = (uintptr_t)1 << 32;
    uintptr_t found = 0;
    char line[4096];
    while (fgets(line, sizeof line, maps) != NULL) {
        unsigned long start, end;
        if (sscanf(line, "%lx-%lx", &start, &end) != 2 || end <= candidate - page) continue;
        if (start >= page && candidate + length <= start - page) {
            found = candidate;
            break;
        }
        candidate = (end + page + align - 1) & ~(uintptr_t)(align - 1);
    }
    fclose(maps);
    return found;
}

int main(int argc, char **argv) {
    int pagemap_first = 0, kernel_placement = 0;
    while (argc > 1 && strncmp(argv[1], "--", 2) == 0) {
        if (strcmp(argv[1], "--read-pagemap") == 0) pagemap_first = 1;
        else if (strcmp(argv[1], "--kernel-placement") == 0) kernel_placement = 1;
        else {
            fprintf(stderr, "plain_mprotect_subpage: unknown option '%s'\n", argv[1]);
            return 2;
        }
        argc--;
        argv++;
    }
    size_t blocks = argc > 1 ? strtoul(argv[1], NULL, 10) : 1024;
    unsigned passes = argc > 2 ? (unsigned)strtoul(argv[2], NULL, 10) : 10;
    unsigned repeats = argc > 3 ? (unsigned)strtoul(argv[3], NULL, 10) : 5;
    size_t page = (size_t)sysconf(_SC_PAGESIZE);
    size_t block = page * cont_ptes(page);
    size_t align = block > ((size_t)2 << 20) ? block : ((size_t)2 << 20);
    size_t length = (blocks * block + align - 1) / align * align;
    uint8_t *base;
    if (kernel_placement) {
        uint8_t *raw = mmap(NULL, length + align, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
        if (raw == MAP_FAILED) {
            perror("mmap");
            return 1;
        }
        base = (uint8_t *)(((uintptr_t)raw + align - 1) & ~(uintptr_t)(align - 1));
    } else {
        uintptr_t gap = lowest_free_gap(length, align, page);
        if (gap == 0) {
            fprintf(stderr, "plain_mprotect_subpage: no free gap of %zu bytes above 4 GiB\n", length);
            return 1;
        }
        base = mmap((void *)gap, length, PROT_READ | PROT_WRITE,
                    MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE, -1, 0);
        if (base != (uint8_t *)gap) {
            perror("mmap(MAP_FIXED_NOREPLACE)");
            return 1;
        }
    }
    if (madvise(base, length, MADV_HUGEPAGE) != 0) perror("madvise(MADV_HUGEPAGE)");
    memset(base, 1, length);
    if (pagemap_first && read_pagemap(base, length, page) != 0) return 1;
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
