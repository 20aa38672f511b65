// Workload operations: one op each. Swift (Workloads) owns loops, timing, threads and statistics;
// the arm64 kernel lane's driver (CShims/lane/driver.c) calls the very same bodies and counts the
// kernel's __contpte_try_fold / __contpte_try_unfold calls per op (.ci/arm64-kernel-lane).
//
// Only raw libc and system calls are used here (no other CShims file, no libnuma): the lane links
// this file statically into an aarch64 binary. What each op makes the kernel do to a 64 KiB
// contpte block is derived in CShims/lane/expected-counts.tsv (Linux 6.12 arch/arm64/mm/contpte.c
// and arch/arm64/include/asm/pgtable.h; summary in shared/reference/kernel-contpte.md, "What user
// space does that reaches fold / unfold").
#include "CShims.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/types.h>
#include <sys/wait.h>
#include <unistd.h>

#ifndef MAP_FIXED_NOREPLACE
#define MAP_FIXED_NOREPLACE 0x100000
#endif

// <numaif.h> belongs to libnuma-dev; the lane builds without it.
#define CPL_MPOL_MF_MOVE (1 << 1)

// The most pages a block may have: 2 MiB of 4 KiB pages (arm64 CONT_PTES is at most 128).
#define CPL_OP_MAX_BLOCK_PAGES 512

int cpl_op_mprotect_subpage(void *block, size_t block_size, size_t page_size) {
    if (page_size == 0 || block_size < page_size || block_size % page_size != 0) {
        errno = EINVAL;
        return -1;
    }
    // The LAST page: the kernel tries a fold only when a single-PTE write hits the last entry of
    // a block (contpte_try_fold), so RO then RW unfolds once and refolds once.
    void *last = (uint8_t *)block + block_size - page_size;
    if (mprotect(last, page_size, PROT_READ) != 0) return -1;
    return mprotect(last, page_size, PROT_READ | PROT_WRITE);
}

int cpl_op_mprotect_range(void *region, size_t length) {
    if (mprotect(region, length, PROT_READ) != 0) return -1;
    return mprotect(region, length, PROT_READ | PROT_WRITE);
}

int cpl_op_dontneed_subpage(void *block, size_t page_size, size_t page_index) {
    if (page_size == 0) {
        errno = EINVAL;
        return -1;
    }
    volatile uint8_t *page = (volatile uint8_t *)block + page_index * page_size;
    if (madvise((void *)page, page_size, MADV_DONTNEED) != 0) return -1;
    *page = 1;  // refault: a fresh order-0 page (the rest of the block is still mapped)
    return 0;
}

#ifndef MREMAP_DONTUNMAP
#define MREMAP_DONTUNMAP 4  // Linux 5.7 (uapi linux/mman.h); older glibc headers lack it
#endif

int cpl_op_mremap_move(void *window, size_t length) {
    if (length == 0) {
        errno = EINVAL;
        return -1;
    }
    uint8_t *source = window;
    uint8_t *target = source + length;
    // Replace the reservation's first half (MAP_FIXED over our own PROT_NONE window).
    void *mapped = mmap(source, length, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED, -1, 0);
    if (mapped == MAP_FAILED) return -1;
    if (madvise(source, length, MADV_HUGEPAGE) != 0 && errno != EINVAL) return -1;
    memset(source, 0x5a, length);
    __asm__ volatile("" ::"r"(source) : "memory");  // the fill must happen before the move
    // DONTUNMAP keeps the source range mapped (now empty), so the window never has a hole that
    // another thread's mmap could take: the page tables move exactly as with a plain
    // MAYMOVE|FIXED move (move_page_tables), which is what the op measures.
    void *moved = mremap(source, length, length, MREMAP_MAYMOVE | MREMAP_FIXED | MREMAP_DONTUNMAP, target);
    if (moved == MAP_FAILED) return -1;
    // Put the reservation back over both halves at once: MAP_FIXED replaces only our own two
    // mappings (the empty source and the moved target, whose zap is the op's munmap).
    void *reserved = mmap(window, 2 * length, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE | MAP_FIXED, -1, 0);
    if (reserved == MAP_FAILED) return -1;
    return 0;
}

static int write_all(int fd, const void *buffer, size_t length) {
    const uint8_t *p = buffer;
    while (length > 0) {
        ssize_t n = write(fd, p, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

static int read_all(int fd, void *buffer, size_t length) {
    uint8_t *p = buffer;
    while (length > 0) {
        ssize_t n = read(fd, p, length);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) {
            errno = EPIPE;
            return -1;
        }
        p += n;
        length -= (size_t)n;
    }
    return 0;
}

int cpl_op_fork_cow(volatile uint8_t *target, uint64_t *child_ticks) {
    int fds[2];
    if (pipe2(fds, O_CLOEXEC) != 0) return -1;
    pid_t pid = fork();
    if (pid < 0) {
        int saved = errno;
        close(fds[0]);
        close(fds[1]);
        errno = saved;
        return -1;
    }
    if (pid == 0) {
        // Child: only async-signal-safe calls (the parent may be multithreaded). The child has
        // no PMU event of its own (the parent's is not inherited), so it reads the generic
        // counter: the ticks are the generic counter's (cpl_pmu_cycles_enable).
        cpl_pmu_page = NULL;
        uint64_t begin = cpl_cycles_begin();
        *target = (uint8_t)(*target + 1);  // the CoW write
        uint64_t end = cpl_cycles_end();
        uint64_t ticks = end - begin;
        _exit(write_all(fds[1], &ticks, sizeof ticks) == 0 ? 0 : 1);
    }
    close(fds[1]);
    int result = read_all(fds[0], child_ticks, sizeof *child_ticks);
    int saved = errno;
    close(fds[0]);
    int status = 0;
    while (waitpid(pid, &status, 0) < 0) {
        if (errno != EINTR) return -1;
    }
    if (result != 0) {
        errno = saved;
        return -1;
    }
    if (!WIFEXITED(status) || WEXITSTATUS(status) != 0) {
        errno = ECHILD;
        return -1;
    }
    return 0;
}

// move_pages(2) to one node; what libnuma's numa_move_pages does, without libnuma.
static int move_block(void **pages, int *nodes, int *status, unsigned long count, int node) {
    for (unsigned long i = 0; i < count; i++) nodes[i] = node;
    long moved = syscall(SYS_move_pages, 0, count, pages, nodes, status, CPL_MPOL_MF_MOVE);
    if (moved < 0) return -1;
    // A positive result counts pages that were not migrated. Per-page statuses other than the
    // first may read -EBUSY for tail pages of a large folio already queued (migrated as a whole).
    if (moved > 0) {
        errno = EBUSY;
        return -1;
    }
    if (status[0] < 0) {
        errno = -status[0];
        return -1;
    }
    return 0;
}

int cpl_op_migrate_block(void *block, size_t block_size, size_t page_size, int node_a, int node_b) {
    if (page_size == 0 || block_size % page_size != 0 || block_size / page_size > CPL_OP_MAX_BLOCK_PAGES ||
        block_size == 0) {
        errno = EINVAL;
        return -1;
    }
    if (node_a == node_b || node_a < 0 || node_b < 0) {
        errno = ENODEV;
        return -1;
    }
    unsigned long count = block_size / page_size;
    void *pages[CPL_OP_MAX_BLOCK_PAGES];
    int nodes[CPL_OP_MAX_BLOCK_PAGES];
    int status[CPL_OP_MAX_BLOCK_PAGES];
    for (unsigned long i = 0; i < count; i++) pages[i] = (uint8_t *)block + i * page_size;
    if (move_block(pages, nodes, status, count, node_b) != 0) return -1;
    return move_block(pages, nodes, status, count, node_a);
}
