// The PMU cycle counter as the timed regions' counter on arm64, where the kernel allows
// user-space reads (kernel.perf_user_access = 1): one perf event per thread that enables it.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"
#include "internal.h"

#include <errno.h>
#include <sched.h>
#include <linux/perf_event.h>
#include <stddef.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

_Thread_local const volatile uint8_t *cpl_pmu_page;
static _Thread_local int pmu_fd = -1;
static _Thread_local void *pmu_mapping;

_Static_assert(offsetof(struct perf_event_mmap_page, lock) == 8, "perf mmap page: lock");
_Static_assert(offsetof(struct perf_event_mmap_page, index) == 12, "perf mmap page: index");
_Static_assert(offsetof(struct perf_event_mmap_page, offset) == 16, "perf mmap page: offset");
_Static_assert(offsetof(struct perf_event_mmap_page, capabilities) == 40, "perf mmap page: capabilities");
_Static_assert(offsetof(struct perf_event_mmap_page, pmc_width) == 48, "perf mmap page: pmc_width");

static int say(char *reason, size_t size, const char *text, int error) {
    if (error != 0) {
        snprintf(reason, size, "%s: %s", text, strerror(error));
    } else {
        snprintf(reason, size, "%s", text);
    }
    return 0;
}

int cpl_pmu_cycles_enable(char *reason, size_t size) {
#if defined(__aarch64__)
    if (cpl_pmu_page != NULL) return 1;
    char text[16] = {0};
    if (cpl_internal_read_text("/proc/sys/kernel/perf_user_access", text, sizeof text) < 0) {
        return say(reason, size, "no /proc/sys/kernel/perf_user_access (Linux before 5.17, or no PMU driver)", 0);
    }
    if (text[0] != '1') {
        return say(reason, size, "kernel.perf_user_access is 0: the kernel does not let user space read the PMU", 0);
    }
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_HARDWARE;
    attr.config = PERF_COUNT_HW_CPU_CYCLES;
    attr.config1 = 0x3;  // arm64 PMU format: long (config1:0, 64-bit counter) and rdpmc (config1:1)
    // Kernel cycles count too: an op is mostly system call time, which exclude_kernel would drop
    // (under TCG a user-only count put mprotect-subpage at 5.4 us against 146 us of wall time).
    attr.exclude_kernel = 0;
    attr.exclude_hv = 0;
    long fd = syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0 && (errno == EACCES || errno == EPERM)) {
        return say(reason, size,
                   "perf_event_open(cycles, kernel included) refused (kernel.perf_event_paranoid > 1 without "
                   "CAP_PERFMON): a user-only cycle count would leave out an op's system call time",
                   0);
    }
    if (fd < 0) return say(reason, size, "perf_event_open(cycles, user access)", errno);
    long page_size = sysconf(_SC_PAGESIZE);
    void *mapping = mmap(NULL, (size_t)page_size, PROT_READ, MAP_SHARED, (int)fd, 0);
    if (mapping == MAP_FAILED) {
        int saved = errno;
        close((int)fd);
        return say(reason, size, "mmap of the cycles event's page", saved);
    }
    const volatile struct perf_event_mmap_page *page = mapping;
    // The kernel fills in index and the capability when it schedules the event in on this
    // thread (enabled at open): give it a few chances.
    for (int attempt = 0; attempt < 20 && (page->index == 0 || !page->cap_user_rdpmc); attempt++) sched_yield();
    if (!page->cap_user_rdpmc || page->index != 32) {
        munmap(mapping, (size_t)page_size);
        close((int)fd);
        char message[160];
        snprintf(message, sizeof message, "the cycles event is not user-readable on the cycle counter (cap_user_rdpmc %u, index %u)",
                 (unsigned)page->cap_user_rdpmc, (unsigned)page->index);
        return say(reason, size, message, 0);
    }
    pmu_fd = (int)fd;
    pmu_mapping = mapping;
    cpl_pmu_page = (const volatile uint8_t *)mapping;
    reason[0] = 0;
    return 1;
#else
    return say(reason, size, "not arm64: the timed regions keep rdtsc", 0);
#endif
}

void cpl_pmu_cycles_disable(void) {
    if (cpl_pmu_page == NULL) return;
    cpl_pmu_page = NULL;
    munmap(pmu_mapping, (size_t)sysconf(_SC_PAGESIZE));
    pmu_mapping = NULL;
    close(pmu_fd);
    pmu_fd = -1;
}
