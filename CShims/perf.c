// perf_event_open(2) counters for the calling process: software events, the hardware dTLB-miss
// and cycles counters where a PMU exists, and tracepoints looked up by name in tracefs.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"
#include "internal.h"

#include <errno.h>
#include <linux/perf_event.h>
#include <stdio.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/syscall.h>
#include <unistd.h>

const int CPL_PERF_SW_PAGE_FAULTS = PERF_COUNT_SW_PAGE_FAULTS;
const int CPL_PERF_SW_PAGE_FAULTS_MIN = PERF_COUNT_SW_PAGE_FAULTS_MIN;
const int CPL_PERF_SW_PAGE_FAULTS_MAJ = PERF_COUNT_SW_PAGE_FAULTS_MAJ;
const int CPL_PERF_SW_CONTEXT_SWITCHES = PERF_COUNT_SW_CONTEXT_SWITCHES;
const int CPL_PERF_SW_CPU_MIGRATIONS = PERF_COUNT_SW_CPU_MIGRATIONS;
const int CPL_PERF_SW_TASK_CLOCK = PERF_COUNT_SW_TASK_CLOCK;

/// Opens a disabled counter for this process on any CPU, inherited by threads created later.
/// With kernel.perf_event_paranoid >= 2 an unprivileged caller may count only user space: on
/// EACCES the open is retried with exclude_kernel (user-mode page faults are still counted).
static int open_counter(uint32_t type, uint64_t config) {
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof(attr));
    attr.size = sizeof(attr);
    attr.type = type;
    attr.config = config;
    attr.disabled = 1;
    attr.inherit = 1;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0 && (errno == EACCES || errno == EPERM) && type != PERF_TYPE_TRACEPOINT) {
        attr.exclude_kernel = 1;
        attr.exclude_hv = 1;
        fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    }
    return fd < 0 ? -1 : (int)fd;
}

int cpl_perf_open_software(int config) {
    if (config < 0) {
        errno = EINVAL;
        return -1;
    }
    return open_counter(PERF_TYPE_SOFTWARE, (uint64_t)config);
}

int cpl_perf_open_dtlb_read_misses(void) {
    uint64_t config = PERF_COUNT_HW_CACHE_DTLB | ((uint64_t)PERF_COUNT_HW_CACHE_OP_READ << 8) |
                      ((uint64_t)PERF_COUNT_HW_CACHE_RESULT_MISS << 16);
    return open_counter(PERF_TYPE_HW_CACHE, config);
}

int cpl_perf_open_cycles(void) { return open_counter(PERF_TYPE_HARDWARE, PERF_COUNT_HW_CPU_CYCLES); }

/// A tracefs path component: letters, digits, '_', '-', '.', not "." or "..".
static bool valid_component(const char *text, size_t length) {
    if (length == 0 || length > 127) return false;
    if (text[0] == '.') return false;
    for (size_t i = 0; i < length; i++) {
        char c = text[i];
        bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' ||
                  c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

int cpl_perf_open_tracepoint(const char *name) { return cpl_perf_open_tracepoint_at(NULL, name); }

int cpl_perf_open_tracepoint_at(const char *root, const char *name) {
    const char *colon = strchr(name, ':');
    if (colon == NULL) {
        errno = EINVAL;
        return -1;
    }
    size_t system_length = (size_t)(colon - name);
    const char *event = colon + 1;
    size_t event_length = strlen(event);
    if (!valid_component(name, system_length) || !valid_component(event, event_length)) {
        errno = EINVAL;
        return -1;
    }
    const char *roots[] = {root, "/sys/kernel/tracing", "/sys/kernel/debug/tracing"};
    char path[320];
    char text[32];
    int first_errno = 0;
    for (size_t i = 0; i < sizeof(roots) / sizeof(roots[0]); i++) {
        if (roots[i] == NULL) continue;
        snprintf(path, sizeof(path), "%s/events/%.*s/%s/id", roots[i], (int)system_length, name, event);
        if (cpl_internal_read_text(path, text, sizeof(text)) < 0) {
            // Keep the most telling error: EACCES from a mounted tracefs beats ENOENT.
            if (first_errno == 0 || errno == EACCES || errno == EPERM) first_errno = errno;
            continue;
        }
        uint64_t id;
        if (cpl_internal_parse_u64(text, 10, &id) != 0) {
            errno = EIO;
            return -1;
        }
        return open_counter(PERF_TYPE_TRACEPOINT, id);
    }
    errno = first_errno == EPERM ? EACCES : (first_errno != 0 ? first_errno : ENOENT);
    return -1;
}

int cpl_perf_start(int fd) {
    if (ioctl(fd, PERF_EVENT_IOC_RESET, 0) != 0) return -1;
    return ioctl(fd, PERF_EVENT_IOC_ENABLE, 0);
}

int cpl_perf_stop(int fd) { return ioctl(fd, PERF_EVENT_IOC_DISABLE, 0); }

int cpl_perf_set_filter(int fd, const char *filter) { return ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter); }

int cpl_perf_read(int fd, uint64_t *value) {
    uint64_t count;
    ssize_t n;
    do {
        n = read(fd, &count, sizeof(count));
    } while (n < 0 && errno == EINTR);
    if (n < 0) return -1;
    if (n != (ssize_t)sizeof(count)) {
        errno = EIO;
        return -1;
    }
    *value = count;
    return 0;
}
