// /proc/self/pagemap and /proc/kpageflags readers (Documentation/admin-guide/mm/pagemap.rst).
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <errno.h>
#include <fcntl.h>
#include <unistd.h>

static int open_readonly(const char *path) {
    int fd;
    do {
        fd = open(path, O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

/// Reads `count` 64-bit words at word index `index` of a pagemap-style file.
static int read_words(int fd, uint64_t index, size_t count, uint64_t *out) {
    if (count > SIZE_MAX / sizeof(uint64_t) || index > (uint64_t)INT64_MAX / sizeof(uint64_t)) {
        errno = EINVAL;
        return -1;
    }
    size_t wanted = count * sizeof(uint64_t);
    uint64_t offset = index * sizeof(uint64_t);
    char *bytes = (char *)out;
    size_t done = 0;
    while (done < wanted) {
        ssize_t n = pread(fd, bytes + done, wanted - done, (off_t)(offset + done));
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) {  // past the end of the address space or of the PFN range
            errno = EIO;
            return -1;
        }
        done += (size_t)n;
    }
    return 0;
}

int cpl_pagemap_open(void) { return open_readonly("/proc/self/pagemap"); }

int cpl_pagemap_read(int fd, uintptr_t vaddr, size_t count, uint64_t *out) {
    size_t page = cpl_page_size();
    if (vaddr % page != 0) {
        errno = EINVAL;
        return -1;
    }
    return read_words(fd, (uint64_t)(vaddr / page), count, out);
}

int cpl_kpageflags_open(void) { return open_readonly("/proc/kpageflags"); }

int cpl_kpageflags_read(int fd, uint64_t pfn, size_t count, uint64_t *out) {
    return read_words(fd, pfn, count, out);
}
