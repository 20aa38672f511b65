// Small-file I/O shared by the sysfs, tracefs and restore code, and cpl_close.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <unistd.h>

int cpl_internal_read_text(const char *path, char *buffer, size_t capacity) {
    if (capacity == 0) {
        errno = EINVAL;
        return -1;
    }
    int fd;
    do {
        fd = open(path, O_RDONLY | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return -1;
    size_t used = 0;
    while (used < capacity - 1) {
        ssize_t n = read(fd, buffer + used, capacity - 1 - used);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        if (n == 0) break;
        used += (size_t)n;
    }
    buffer[used] = '\0';
    close(fd);
    return (int)used;
}

int cpl_internal_parse_u64(const char *text, int base, uint64_t *value) {
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\n') p++;
    if (*p < '0' || *p > '9') {  // strtoull would accept a sign
        errno = EINVAL;
        return -1;
    }
    char *end = NULL;
    errno = 0;
    unsigned long long parsed = strtoull(p, &end, base);
    if (errno != 0 || end == p) {
        errno = EINVAL;
        return -1;
    }
    while (*end == ' ' || *end == '\t' || *end == '\n') end++;
    if (*end != '\0') {
        errno = EINVAL;
        return -1;
    }
    *value = (uint64_t)parsed;
    return 0;
}

int cpl_internal_write_all(const char *path, const char *buffer, size_t length) {
    int fd;
    do {
        fd = open(path, O_WRONLY | O_TRUNC | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    if (fd < 0) return -1;
    size_t done = 0;
    while (done < length) {
        ssize_t n = write(fd, buffer + done, length - done);
        if (n < 0) {
            if (errno == EINTR) continue;
            int saved = errno;
            close(fd);
            errno = saved;
            return -1;
        }
        if (n == 0) {
            close(fd);
            errno = EIO;
            return -1;
        }
        done += (size_t)n;
    }
    // sysfs reports a rejected value at write() or, for some attributes, at close().
    if (close(fd) != 0 && errno != EINTR) return -1;
    return 0;
}

int cpl_close(int fd) {
    // Linux releases the descriptor even when close() fails with EINTR: never retry.
    int result = close(fd);
    if (result != 0 && errno == EINTR) return 0;
    return result;
}
