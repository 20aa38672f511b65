// Where cpl_map_aligned_low puts a region: the lowest free gap of the address space above 4 GiB.
//
// Why: on Linux 6.1+ a process's VMAs live in a maple tree, and mprotect of one page inside a
// region splits its VMA in three and merges it back. How much that costs depends on where the
// region sits in the tree. Measured on this project's x86 VM (Linux 6.18, maple_tree:ma_op
// tracepoint, docs/benchmarks.md): when the region's leaf node is nearly full and the leaf's
// split point falls between the three pieces, every op splits the leaf and the merge back is a
// spanning store that rebalances it, and the op takes 1.3-1.7x as long as when every store is an
// in-node write. Which case a process gets depends on what else it has mapped (libraries,
// thread stacks, allocator arenas), so two programs running the same ops differ for a reason that
// has nothing to do with the page tables. A region below every other mapping above 4 GiB is
// among the first entries of the tree's first leaf (after the gap below it, and the few mappings
// under 4 GiB a process may have): a leaf split near its middle never separates its pieces, so
// every process gets the in-node case.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

// Keeps placed regions out of the low 4 GiB, which MAP_32BIT users and 32-bit-pointer JITs
// expect to find free.
static const uintptr_t placement_floor = (uintptr_t)1 << 32;

static uintptr_t align_up(uintptr_t value, uintptr_t alignment) {
    return (value + alignment - 1) & ~(alignment - 1);
}

// Parses "start-end " at the start of a /proc/self/maps line. 0 on success.
static int parse_range(const char *line, uintptr_t *start, uintptr_t *end) {
    uintptr_t values[2] = {0, 0};
    const char *p = line;
    for (int i = 0; i < 2; i++) {
        int digits = 0;
        for (;; p++, digits++) {
            char c = *p;
            unsigned nibble;
            if (c >= '0' && c <= '9') nibble = (unsigned)(c - '0');
            else if (c >= 'a' && c <= 'f') nibble = (unsigned)(c - 'a' + 10);
            else break;
            values[i] = values[i] << 4 | nibble;
        }
        if (digits == 0 || *p != (i == 0 ? '-' : ' ')) return -1;
        p++;
    }
    *start = values[0];
    *end = values[1];
    return 0;
}

uintptr_t cpl_lowest_free_gap(size_t length, size_t alignment) {
    size_t page = cpl_page_size();
    if (length == 0 || length > UINTPTR_MAX / 4 || alignment < page || alignment > UINTPTR_MAX / 4 ||
        (alignment & (alignment - 1)) != 0) {
        return 0;
    }
    uint64_t min_addr = 0;
    char small[32];
    if (cpl_internal_read_text("/proc/sys/vm/mmap_min_addr", small, sizeof small) > 0) {
        (void)cpl_internal_parse_u64(small, 10, &min_addr);
    }
    uintptr_t floor = (uintptr_t)min_addr > placement_floor ? (uintptr_t)min_addr : placement_floor;
    int fd = open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return 0;
    // One page of a free gap on each side keeps the region its own VMA: it never merges with
    // a neighbour whose flags happen to match.
    uintptr_t candidate = align_up(floor, alignment);
    char buffer[4096];
    size_t used = 0;
    uintptr_t found = 0;
    for (;;) {
        ssize_t n = read(fd, buffer + used, sizeof buffer - 1 - used);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) break;
        used += (size_t)n;
        buffer[used] = '\0';
        char *line = buffer;
        char *newline;
        while ((newline = strchr(line, '\n')) != NULL) {
            *newline = '\0';
            uintptr_t start, end;
            if (parse_range(line, &start, &end) == 0 && end > candidate - page) {
                if (start >= page && candidate + length <= start - page) {
                    found = candidate;
                    goto done;
                }
                if (end > UINTPTR_MAX - page - alignment - length) goto done;
                candidate = align_up(end + page, alignment);
            }
            line = newline + 1;
        }
        used = strlen(line);
        memmove(buffer, line, used);
        if (used == sizeof buffer - 1) break;  // a line longer than the buffer: give up
    }
done:
    close(fd);
    return found;
}
