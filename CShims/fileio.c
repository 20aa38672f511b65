// Small-file I/O shared by the sysfs, tracefs and restore code, and cpl_close.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <stdlib.h>
#include <sys/ioctl.h>
#include <unistd.h>

// The one file reader: open (EINTR retried), then `read_into`. The fixed-buffer form is
// async-signal-safe (the restore path uses it); cpl_read_file grows a heap buffer with it.
static int open_retrying(const char *path, int flags) {
    int fd;
    do {
        fd = open(path, flags | O_CLOEXEC);
    } while (fd < 0 && errno == EINTR);
    return fd;
}

// Reads from `fd` until end of file or `capacity` bytes; the count, or -1 with errno.
static ssize_t read_into(int fd, char *buffer, size_t capacity) {
    size_t used = 0;
    while (used < capacity) {
        ssize_t n = read(fd, buffer + used, capacity - used);
        if (n < 0) {
            if (errno == EINTR) continue;
            return -1;
        }
        if (n == 0) break;
        used += (size_t)n;
    }
    return (ssize_t)used;
}

static void close_keeping_errno(int fd) {
    int saved = errno;
    close(fd);
    errno = saved;
}

int cpl_internal_read_text(const char *path, char *buffer, size_t capacity) {
    if (capacity == 0) {
        errno = EINVAL;
        return -1;
    }
    int fd = open_retrying(path, O_RDONLY);
    if (fd < 0) return -1;
    ssize_t used = read_into(fd, buffer, capacity - 1);
    if (used < 0) {
        close_keeping_errno(fd);
        return -1;
    }
    buffer[used] = '\0';
    close(fd);
    return (int)used;
}

int cpl_read_file(const char *path, size_t limit, uint8_t **bytes, size_t *length, int *failed_at_open) {
    *bytes = NULL;
    *length = 0;
    *failed_at_open = 1;
    int fd = open_retrying(path, O_RDONLY);
    if (fd < 0) return -1;
    *failed_at_open = 0;
    size_t capacity = 0, used = 0;
    uint8_t *buffer = NULL;
    for (;;) {
        if (used == capacity) {
            if (capacity == limit) {
                // Full at the limit: end of file, or too large.
                char probe;
                ssize_t more = read_into(fd, &probe, 1);
                if (more < 0) goto fail;
                if (more == 0) break;
                errno = EFBIG;
                goto fail;
            }
            size_t grown = capacity < 2048 ? 4096 : capacity * 2;
            if (grown > limit) grown = limit;
            uint8_t *larger = realloc(buffer, grown);
            if (larger == NULL) {
                errno = ENOMEM;
                goto fail;
            }
            buffer = larger;
            capacity = grown;
        }
        ssize_t n = read_into(fd, (char *)buffer + used, capacity - used);
        if (n < 0) goto fail;
        used += (size_t)n;
        if (used < capacity) break;  // end of file before the buffer filled
    }
    close(fd);
    *bytes = buffer;
    *length = used;
    return 0;
fail:
    free(buffer);
    close_keeping_errno(fd);
    return -1;
}

void cpl_free(void *pointer) { free(pointer); }

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
    return cpl_internal_write_mode(path, buffer, length, O_TRUNC);
}

int cpl_internal_write_mode(const char *path, const char *buffer, size_t length, int mode) {
    int fd = open_retrying(path, O_WRONLY | mode);
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

int cpl_terminal_columns(int fd) {
    struct winsize size;
    if (ioctl(fd, TIOCGWINSZ, &size) != 0) return -1;
    if (size.ws_col == 0) {
        errno = ENOTTY;
        return -1;
    }
    return size.ws_col;
}
