// Anonymous mappings at any power-of-two alignment, protection, advice, remapping, touching.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <errno.h>
#include <sys/mman.h>
#include <unistd.h>

// Values from include/uapi/asm-generic/mman-common.h; glibc before 2.37 lacks MADV_COLLAPSE,
// and older ones lack the other two.
#ifndef MADV_PAGEOUT
#define MADV_PAGEOUT 21
#endif
#ifndef MADV_POPULATE_WRITE
#define MADV_POPULATE_WRITE 23
#endif
#ifndef MADV_COLLAPSE
#define MADV_COLLAPSE 25
#endif
_Static_assert(MADV_PAGEOUT == 21, "MADV_PAGEOUT is 21 in the Linux UAPI");
_Static_assert(MADV_POPULATE_WRITE == 23, "MADV_POPULATE_WRITE is 23 in the Linux UAPI");
_Static_assert(MADV_COLLAPSE == 25, "MADV_COLLAPSE is 25 in the Linux UAPI");

const int CPL_PROT_NONE = PROT_NONE;
const int CPL_PROT_READ = PROT_READ;
const int CPL_PROT_WRITE = PROT_WRITE;

const int CPL_MADV_NORMAL = MADV_NORMAL;
const int CPL_MADV_HUGEPAGE = MADV_HUGEPAGE;
const int CPL_MADV_NOHUGEPAGE = MADV_NOHUGEPAGE;
const int CPL_MADV_COLLAPSE = MADV_COLLAPSE;
const int CPL_MADV_DONTNEED = MADV_DONTNEED;
const int CPL_MADV_FREE = MADV_FREE;
const int CPL_MADV_PAGEOUT = MADV_PAGEOUT;
const int CPL_MADV_POPULATE_WRITE = MADV_POPULATE_WRITE;

const int CPL_MREMAP_MAYMOVE = MREMAP_MAYMOVE;
const int CPL_MREMAP_FIXED = MREMAP_FIXED;

static size_t round_up(size_t value, size_t multiple) {
    return (value + multiple - 1) & ~(multiple - 1);
}

void *cpl_map_aligned(size_t length, size_t alignment, int prot, int extra_flags) {
    size_t page = cpl_page_size();
    if (length == 0 || alignment < page || (alignment & (alignment - 1)) != 0 ||
        (extra_flags & (MAP_FIXED | MAP_FIXED_NOREPLACE | MAP_SHARED)) != 0) {
        errno = EINVAL;
        return NULL;
    }
    if (length > SIZE_MAX - alignment - page) {
        errno = ENOMEM;
        return NULL;
    }
    size_t mapped_length = round_up(length, page);
    size_t total = mapped_length + alignment;
    void *raw = mmap(NULL, total, prot, MAP_PRIVATE | MAP_ANONYMOUS | extra_flags, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    uintptr_t start = (uintptr_t)raw;
    uintptr_t aligned = (start + alignment - 1) & ~(uintptr_t)(alignment - 1);
    size_t head = aligned - start;
    size_t tail = total - head - mapped_length;
    // Trimming splits one VMA; it cannot fail for lack of memory except at the VMA limit.
    if (head > 0 && munmap(raw, head) != 0) goto fail;
    if (tail > 0 && munmap((void *)(aligned + mapped_length), tail) != 0) {
        int saved = errno;
        munmap((void *)aligned, mapped_length);
        errno = saved;
        return NULL;
    }
    return (void *)aligned;
fail: {
    int saved = errno;
    munmap(raw, total);
    errno = saved;
    return NULL;
}
}

void *cpl_map_aligned_low(size_t length, size_t alignment, int prot, int extra_flags, int *placed_low) {
    *placed_low = 0;
    // What cannot be placed (fixed or shared flags, an empty or absurd length; a bad alignment
    // gives no gap) goes to cpl_map_aligned, which maps it or refuses it with EINVAL or ENOMEM.
    int placeable = (extra_flags & (MAP_FIXED | MAP_FIXED_NOREPLACE | MAP_SHARED)) == 0 && length > 0 &&
                    length <= SIZE_MAX / 4;
    size_t mapped_length = placeable ? round_up(length, cpl_page_size()) : 0;
    // Another thread may map the gap between the look and the mmap: MAP_FIXED_NOREPLACE then
    // fails with EEXIST and the next look finds the next gap.
    for (int attempt = 0; placeable && attempt < 3; attempt++) {
        uintptr_t gap = cpl_lowest_free_gap(mapped_length, alignment);
        if (gap == 0) break;
        void *placed = mmap((void *)gap, mapped_length, prot,
                            MAP_PRIVATE | MAP_ANONYMOUS | MAP_FIXED_NOREPLACE | extra_flags, -1, 0);
        if (placed == (void *)gap) {
            *placed_low = 1;
            return placed;
        }
        if (placed != MAP_FAILED) {
            // A kernel before 4.17 reads MAP_FIXED_NOREPLACE as a hint and may map elsewhere.
            munmap(placed, mapped_length);
            break;
        }
        if (errno != EEXIST) break;
    }
    return cpl_map_aligned(length, alignment, prot, extra_flags);
}

int cpl_unmap(void *addr, size_t length) { return munmap(addr, length); }

int cpl_protect(void *addr, size_t length, int prot) { return mprotect(addr, length, prot); }

int cpl_advise(void *addr, size_t length, int advice) {
    // MADV_COLLAPSE returns EAGAIN on transient failures (a page locked, an LRU not drained).
    int attempts = advice == MADV_COLLAPSE ? 4 : 1;
    int result;
    do {
        result = madvise(addr, length, advice);
    } while (result != 0 && errno == EAGAIN && --attempts > 0);
    return result;
}

void *cpl_remap(void *old_address, size_t old_length, size_t new_length, int flags, void *new_address) {
    void *result = (flags & MREMAP_FIXED) != 0 ? mremap(old_address, old_length, new_length, flags, new_address)
                                               : mremap(old_address, old_length, new_length, flags);
    return result == MAP_FAILED ? NULL : result;
}

void cpl_touch_write(void *addr, size_t length, size_t stride) {
    if (stride == 0) stride = 1;
    volatile uint8_t *bytes = (volatile uint8_t *)addr;
    for (size_t offset = 0; offset < length; offset += stride) {
        bytes[offset] = 1;
    }
}

uint64_t cpl_touch_read(const void *addr, size_t length, size_t stride) {
    if (stride == 0) stride = 1;
    const volatile uint8_t *bytes = (const volatile uint8_t *)addr;
    uint64_t sum = 0;
    for (size_t offset = 0; offset < length; offset += stride) {
        sum += bytes[offset];
    }
    return sum;
}
