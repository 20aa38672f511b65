// CShims: every architecture-specific and libc-facing piece of contpte-lab.
//
// Conventions
// - Every name starts with `cpl_` (types `cpl_..._t`, constants `CPL_...`).
// - Functions returning `int` return 0 (or a non-negative value) on success and -1 with `errno`
//   set on failure; functions returning pointers return NULL with `errno` set.
// - Only the C standard headers below are included here; system headers stay in the .c files.
//   Constants Swift cannot import (or that older libc headers lack) are `extern const`.
// - Inline functions in this header are the few whose cost is the measurement (cycle counter
//   reads, barriers); they are `static inline __attribute__((always_inline))` so that a Swift
//   caller pays the raw instruction sequence, not a call.
#ifndef CPL_CSHIMS_H
#define CPL_CSHIMS_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#if !defined(__x86_64__) && !defined(__aarch64__)
#warning "CShims: only x86_64 and aarch64 have cycle counters and cache maintenance; other architectures report them unavailable"
#endif

// Nullability qualifiers are a clang extension (Swift imports them); GCC, which builds the
// self-test and the arm64 lane, does not know them.
#if !defined(__clang__)
#ifndef _Nonnull
#define _Nonnull
#endif
#ifndef _Nullable
#define _Nullable
#endif
#endif

#ifdef __cplusplus
extern "C" {
#endif

// MARK: - Architecture

/// "x86_64", "aarch64" or "unknown".
const char *_Nonnull cpl_arch_name(void);

/// Base page size of this process (sysconf(_SC_PAGESIZE)).
size_t cpl_page_size(void);

/// log2(CONT_PTES) for a base page size on arm64: 4 (4 KiB), 7 (16 KiB), 5 (64 KiB); 0 otherwise.
/// The kernel's ARM64_CONT_PTE_SHIFT. Architecture-independent arithmetic, so usable on any host.
unsigned cpl_arm64_cont_pte_shift(size_t page_size);

// MARK: - Memory mapping

extern const int CPL_PROT_NONE;
extern const int CPL_PROT_READ;
extern const int CPL_PROT_WRITE;

extern const int CPL_MADV_NORMAL;
extern const int CPL_MADV_HUGEPAGE;
extern const int CPL_MADV_NOHUGEPAGE;
extern const int CPL_MADV_COLLAPSE;        ///< 25 where libc headers lack it (Linux 6.1+)
extern const int CPL_MADV_DONTNEED;
extern const int CPL_MADV_FREE;
extern const int CPL_MADV_PAGEOUT;         ///< 21 where libc headers lack it (Linux 5.4+)
extern const int CPL_MADV_POPULATE_WRITE;  ///< 23 where libc headers lack it (Linux 5.14+)

extern const int CPL_MREMAP_MAYMOVE;
extern const int CPL_MREMAP_FIXED;

/// Maps `length` bytes of private anonymous memory whose start is a multiple of `alignment`
/// (a power of two, at least the page size). Over-maps by `alignment` and trims both ends.
/// `extra_flags` is OR-ed into MAP_PRIVATE|MAP_ANONYMOUS (e.g. 0). NULL with errno on failure
/// (EINVAL for a bad alignment or length).
void *_Nullable cpl_map_aligned(size_t length, size_t alignment, int prot, int extra_flags);

/// The same mapping placed in the lowest free gap of the address space (above
/// max(vm.mmap_min_addr, 4 GiB), at least a page clear of every other mapping), so its VMA is
/// near the start of the maple tree's first leaf whatever else the process has mapped;
/// CShims/placement.c gives the measurement behind this. Falls back to `cpl_map_aligned`, with
/// `*placed_low` 0, when there is no such gap or the kernel will not map there.
void *_Nullable cpl_map_aligned_low(size_t length, size_t alignment, int prot, int extra_flags,
                                    int *_Nonnull placed_low);

/// The lowest multiple of `alignment` at which `length` bytes fit at least a page clear of every
/// mapping of this process and above max(vm.mmap_min_addr, 4 GiB), read from /proc/self/maps
/// without allocating; 0 when there is none below the highest mapping or the file cannot be read.
uintptr_t cpl_lowest_free_gap(size_t length, size_t alignment);

/// munmap.
int cpl_unmap(void *_Nonnull addr, size_t length);

/// mprotect.
int cpl_protect(void *_Nonnull addr, size_t length, int prot);

/// madvise; retries on EAGAIN for MADV_COLLAPSE up to 3 times.
int cpl_advise(void *_Nonnull addr, size_t length, int advice);

/// mremap. `new_address` is used only with CPL_MREMAP_FIXED.
void *_Nullable cpl_remap(void *_Nonnull old_address, size_t old_length, size_t new_length, int flags,
                          void *_Nullable new_address);

/// Writes one byte every `stride` bytes in [addr, addr+length) (volatile stores): populates.
void cpl_touch_write(void *_Nonnull addr, size_t length, size_t stride);

/// Reads one byte every `stride` bytes (volatile loads); returns their sum so nothing is elided.
uint64_t cpl_touch_read(const void *_Nonnull addr, size_t length, size_t stride);

// MARK: - pagemap and kpageflags

/// open("/proc/self/pagemap", O_RDONLY). Returns the fd or -1.
int cpl_pagemap_open(void);

/// Reads `count` raw 64-bit pagemap entries for the pages starting at virtual address `vaddr`
/// (page aligned) into `out`. Returns 0 or -1 (pread failures, short reads as EIO).
int cpl_pagemap_read(int fd, uintptr_t vaddr, size_t count, uint64_t *_Nonnull out);

/// open("/proc/kpageflags", O_RDONLY). Returns the fd or -1 (EACCES without CAP_SYS_ADMIN).
int cpl_kpageflags_open(void);

/// Reads `count` 64-bit kpageflags words for consecutive PFNs starting at `pfn`.
int cpl_kpageflags_read(int fd, uint64_t pfn, size_t count, uint64_t *_Nonnull out);

/// Closes a descriptor returned by any cpl_*_open function.
int cpl_close(int fd);

// MARK: - Clocks and cycle counters

/// CLOCK_MONOTONIC in nanoseconds.
uint64_t cpl_monotonic_ns(void);

/// CLOCK_MONOTONIC_RAW in nanoseconds.
uint64_t cpl_monotonic_raw_ns(void);

/// Name of the cycle counter: "rdtsc" (x86_64), "cntvct_el0" (aarch64), or "clock_gettime"
/// (other architectures: the counter is then CLOCK_MONOTONIC_RAW in ns).
const char *_Nonnull cpl_cycle_counter_name(void);

/// The counter frequency the hardware states: cntfrq_el0 on aarch64; 0 on x86_64 (the TSC
/// frequency must be calibrated, see cpl_calibrate_cycle_hz); 1e9 on other architectures.
uint64_t cpl_cycle_counter_stated_hz(void);

/// Measures the cycle counter frequency against CLOCK_MONOTONIC_RAW over `duration_ns`.
double cpl_calibrate_cycle_hz(uint64_t duration_ns);

uint64_t cpl_cycles_fallback(void);

/// The calling thread's perf mmap page of a PMU cycles event with user access (arm64), or NULL:
/// then the cycle counter is the generic timer. Set by cpl_pmu_cycles_enable for one thread.
extern _Thread_local const volatile uint8_t *_Nullable cpl_pmu_page;

#if defined(__aarch64__)
/// The thread's PMU cycle count: the perf mmap page's seqlock read (include/uapi/linux/
/// perf_event.h, "Bits needed to read the HW events in user-space"): offset + PMCCNTR_EL0 when
/// the event sits on the cycle counter (index 32 = counter 31 + 1), sign-extended to pmc_width.
/// Field offsets: lock 8, index 12, offset 16, capabilities 40 (bit 2 cap_user_rdpmc), pmc_width
/// 48 (checked against the header in pmu.c).
static inline __attribute__((always_inline)) uint64_t cpl_pmu_read(const volatile uint8_t *_Nonnull page) {
    uint32_t seq;
    uint64_t count;
    do {
        seq = *(const volatile uint32_t *)(page + 8);
        __asm__ volatile("" ::: "memory");
        uint32_t index = *(const volatile uint32_t *)(page + 12);
        count = (uint64_t)*(const volatile int64_t *)(page + 16);
        uint64_t caps = *(const volatile uint64_t *)(page + 40);
        if ((caps & 4) && index == 32) {
            uint64_t value;
            __asm__ volatile("mrs %0, pmccntr_el0" : "=r"(value));
            uint16_t width = *(const volatile uint16_t *)(page + 48);
            if (width > 0 && width < 64) value = (uint64_t)((int64_t)(value << (64 - width)) >> (64 - width));
            count += value;
        }
        __asm__ volatile("" ::: "memory");
    } while (*(const volatile uint32_t *)(page + 8) != seq);
    return count;
}
#endif

/// Reads the cycle counter at the START of a timed region: x86_64 `lfence; rdtsc` (later
/// instructions do not start before it); aarch64 `isb` then the PMU cycle count where this
/// thread enabled it (cpl_pmu_cycles_enable), else `mrs cntvct_el0`.
static inline __attribute__((always_inline)) uint64_t cpl_cycles_begin(void) {
#if defined(__x86_64__)
    uint32_t lo, hi;
    __asm__ volatile("lfence\n\trdtsc" : "=a"(lo), "=d"(hi)::"memory");
    return ((uint64_t)hi << 32) | lo;
#elif defined(__aarch64__)
    uint64_t v;
    const volatile uint8_t *page = cpl_pmu_page;
    if (__builtin_expect(page != NULL, 0)) {
        __asm__ volatile("isb" ::: "memory");
        return cpl_pmu_read(page);
    }
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0" : "=r"(v)::"memory");
    return v;
#else
    return cpl_cycles_fallback();
#endif
}

/// Reads the cycle counter at the END of a timed region: x86_64 `rdtscp; lfence` (waits for
/// earlier instructions); aarch64 `isb`, the same counter as cpl_cycles_begin, `isb`.
static inline __attribute__((always_inline)) uint64_t cpl_cycles_end(void) {
#if defined(__x86_64__)
    uint32_t lo, hi, aux;
    __asm__ volatile("rdtscp\n\tlfence" : "=a"(lo), "=d"(hi), "=c"(aux)::"memory");
    (void)aux;
    return ((uint64_t)hi << 32) | lo;
#elif defined(__aarch64__)
    uint64_t v;
    const volatile uint8_t *page = cpl_pmu_page;
    if (__builtin_expect(page != NULL, 0)) {
        __asm__ volatile("isb" ::: "memory");
        v = cpl_pmu_read(page);
        __asm__ volatile("isb" ::: "memory");
        return v;
    }
    __asm__ volatile("isb\n\tmrs %0, cntvct_el0\n\tisb" : "=r"(v)::"memory");
    return v;
#else
    return cpl_cycles_fallback();
#endif
}

/// Switches the calling thread's cycle counter to the PMU cycle counter where the kernel lets
/// user space read it (arm64: a cycles perf event with `config1` long + rdpmc, mmapped, and
/// `kernel.perf_user_access` = 1, Linux 5.17+). Returns 1 when switched; 0 with the reason in
/// `reason` (NUL-terminated) when not, and the thread keeps the generic timer. Other threads
/// are not affected. x86_64 keeps `rdtsc` and returns 0 saying so.
int cpl_pmu_cycles_enable(char *_Nonnull reason, size_t size);

/// Returns the calling thread to the generic timer and closes its PMU event.
void cpl_pmu_cycles_disable(void);

/// Minimum over `iterations` of (end - begin) for back-to-back cpl_cycles_begin/end calls made
/// from C: the raw instruction pair's cost, in counter ticks.
uint64_t cpl_raw_pair_overhead_ticks(unsigned iterations);

// MARK: - Cache-line timing

/// The data cache line size the CPU itself reports: CPUID leaf 1 (CLFLUSH size) on x86_64,
/// CTR_EL0.DminLine on aarch64 (the smallest line of any data cache level); 0 elsewhere.
unsigned cpl_cache_line_bytes_from_cpu(void);

/// True where the architecture lets user space flush a line (x86_64 clflush; aarch64 dc civac,
/// which Linux allows from EL0 via SCTLR_EL1.UCI).
bool cpl_cache_flush_supported(void);

/// Ticks for one load of `*p` after flushing its line from every cache level
/// (x86_64: mfence; clflush; mfence; timed load. aarch64: dc civac; dsb ish; isb; timed load).
uint64_t cpl_time_load_flushed(const volatile uint64_t *_Nonnull p);

/// Ticks for one load of `*p` right after loading it (the line is cached).
uint64_t cpl_time_load_cached(const volatile uint64_t *_Nonnull p);

/// Follows a pointer chain `steps` times starting at `start` (each element holds the address of
/// the next). Returns the final pointer, so nothing can be elided. For coarse clocks and for
/// dependent-load (TLB reach) measurements: time a batch and divide.
void *_Nullable cpl_chase(void *_Nonnull start, uint64_t steps);

// MARK: - PTE-update cost proxies (model calibration)

/// Ticks for `reps` atomic exchanges (`__atomic_exchange_n`, seq_cst) on one cache line: the
/// user-space analogue of __ptep_get_and_clear().
uint64_t cpl_time_exchange(uint64_t *_Nonnull line, unsigned reps);

/// Ticks for `reps` plain 64-bit stores (with a compiler barrier between them) on one line:
/// the analogue of __set_ptes().
uint64_t cpl_time_store(uint64_t *_Nonnull line, unsigned reps);

/// Ticks for `reps` `dsb ish` on aarch64. Returns 0 with errno = ENOTSUP elsewhere; check
/// cpl_dsb_supported().
uint64_t cpl_time_dsb_ish(unsigned reps);

/// True on aarch64.
bool cpl_dsb_supported(void);

// MARK: - NUMA (libnuma)

/// numa_available() >= 0.
bool cpl_numa_available(void);

/// numa_max_node() (0 on a single-node machine), or -1 when NUMA is unavailable.
int cpl_numa_max_node(void);

/// numa_node_of_cpu(cpu), or -1 with errno.
int cpl_numa_node_of_cpu(int cpu);

/// numa_node_size64(node, &free): total bytes (and free bytes into `free_bytes`), or -1.
long long cpl_numa_node_size(int node, long long *_Nullable free_bytes);

/// numa_move_pages(0, count, pages, nodes, status, MPOL_MF_MOVE). `nodes` may be NULL to query
/// the node of each page into `status`. Returns 0 or -1 with errno.
int cpl_numa_move_pages(unsigned long count, void *_Nonnull *_Nonnull pages, const int *_Nullable nodes,
                        int *_Nonnull status);

/// numa_set_preferred(node) for the calling thread.
int cpl_numa_set_preferred(int node);

/// mbind(addr, length, MPOL_BIND, {node}, MPOL_MF_MOVE | MPOL_MF_STRICT).
int cpl_numa_bind(void *_Nonnull addr, size_t length, int node);

// MARK: - CPU, threads, resource usage

/// sched_getcpu(), or -1.
int cpl_current_cpu(void);

/// Number of online CPUs.
int cpl_online_cpus(void);

/// Pins the calling thread to `cpu` (sched_setaffinity(0,...)). -1 with errno (EINVAL, EPERM).
int cpl_pin_current_thread(int cpu);

/// Linux thread id of the caller.
int cpl_gettid(void);

/// getrusage(RUSAGE_THREAD or, with `whole_process`, RUSAGE_SELF) minor and major faults.
int cpl_rusage_faults(bool whole_process, uint64_t *_Nonnull minor, uint64_t *_Nonnull major);

// MARK: - perf_event_open

extern const int CPL_PERF_SW_PAGE_FAULTS;
extern const int CPL_PERF_SW_PAGE_FAULTS_MIN;
extern const int CPL_PERF_SW_PAGE_FAULTS_MAJ;
extern const int CPL_PERF_SW_CONTEXT_SWITCHES;
extern const int CPL_PERF_SW_CPU_MIGRATIONS;
extern const int CPL_PERF_SW_TASK_CLOCK;

/// Opens a software counter (`config` one of CPL_PERF_SW_*) for the calling process (pid 0,
/// any CPU, inherited by new threads), disabled. Returns the fd or -1 with errno.
int cpl_perf_open_software(int config);

/// Opens a hardware dTLB read-miss counter (PERF_TYPE_HW_CACHE). -1 with errno (ENOENT,
/// EOPNOTSUPP) where the PMU is absent, as on most VMs.
int cpl_perf_open_dtlb_read_misses(void);

/// Opens a hardware cycles counter. -1 with errno where unsupported.
int cpl_perf_open_cycles(void);

/// Opens a tracepoint counter by "system:event" name (e.g. "tlb:tlb_flush"), reading the id
/// from tracefs: under `root` first when it is not NULL (a private mount's "/proc/self/fd/N"),
/// then /sys/kernel/tracing, then /sys/kernel/debug/tracing. For the calling process. -1 with
/// errno (ENOENT: no such event or tracefs; EACCES: not permitted). Thread-safe: no state is
/// shared between calls.
int cpl_perf_open_tracepoint_at(const char *_Nullable root, const char *_Nonnull name);

/// cpl_perf_open_tracepoint_at(NULL, name): the standard mount points only.
int cpl_perf_open_tracepoint(const char *_Nonnull name);

/// Mounts a private tracefs instance (fsopen/fsconfig/fsmount, Linux 5.2+, CAP_SYS_ADMIN) that
/// no other process sees and that disappears when the descriptor closes, even if the process is
/// killed. Its files are at "/proc/self/fd/<fd>/..." (pass that as the root of
/// cpl_perf_open_tracepoint_at). Returns the descriptor or -1 with errno.
int cpl_tracefs_open_detached(void);

/// Closes a descriptor from cpl_tracefs_open_detached.
void cpl_tracefs_close_detached(int fd);

/// ioctl PERF_EVENT_IOC_RESET then ENABLE.
int cpl_perf_start(int fd);

/// ioctl PERF_EVENT_IOC_DISABLE.
int cpl_perf_stop(int fd);

/// ioctl PERF_EVENT_IOC_SET_FILTER: a tracepoint event counts only hits whose fields match
/// `filter` (tracefs filter syntax, e.g. "addr >= 0x1000 && addr < 0x2000"). -1 with errno
/// (EINVAL: the filter does not parse or names no field of the event).
int cpl_perf_set_filter(int fd, const char *_Nonnull filter);

/// Reads the 64-bit count.
int cpl_perf_read(int fd, uint64_t *_Nonnull value);

// MARK: - arm64 identification

extern const int CPL_MIDR_SOURCE_SYSFS;  ///< /sys/devices/system/cpu/cpuN/regs/identification/midr_el1
extern const int CPL_MIDR_SOURCE_MRS;    ///< mrs MIDR_EL1, emulated by the kernel when HWCAP_CPUID

/// Reads MIDR_EL1 for `cpu` (sysfs first, then `mrs` on the calling CPU when HWCAP_CPUID is
/// set). Returns the source (CPL_MIDR_SOURCE_*) or -1 with errno (ENOTSUP on non-arm64 hosts).
int cpl_read_midr(int cpu, uint64_t *_Nonnull midr);

/// getauxval(AT_HWCAP) and getauxval(AT_HWCAP2).
unsigned long cpl_hwcap(void);
unsigned long cpl_hwcap2(void);

/// True when the aarch64 HWCAP_CPUID bit is set (false elsewhere).
bool cpl_hwcap_has_cpuid(void);

// MARK: - Restore-on-exit for sysfs settings

/// Registers `value` to be written back to `path` if the process is killed by a catchable
/// signal (SIGINT, SIGTERM, SIGHUP, SIGQUIT, SIGSEGV, SIGBUS, SIGABRT, SIGFPE, SIGILL, and SIGTRAP,
/// which a Swift trap raises on arm64). Only the registering process writes it back, never a
/// forked child that inherited the table.
/// Copies both strings. Returns a slot number (>= 0) or -1 (ENOSPC when 64 slots are in use,
/// ENAMETOOLONG for a path over 255 bytes or a value over 255 bytes).
int cpl_restore_register(const char *_Nonnull path, const char *_Nonnull value);

/// Forgets a slot (the value was restored normally).
void cpl_restore_unregister(int slot);

/// Installs the signal handlers (once; later calls only unblock the handled signals in the
/// calling thread, which every call does, since a spawned process can inherit them blocked).
/// On a signal the handler writes
/// every registered value back with open/write/close (async-signal-safe), restores the
/// previous handler and re-raises the signal, so the exit status still says what killed us.
int cpl_restore_install_handlers(void);

/// Names the settings journal of the running scope: the signal handler unlinks it once it has
/// written every registered value back (a forked child never does). -1 with ENAMETOOLONG.
int cpl_restore_set_journal(const char *_Nonnull path);

/// Forgets the journal (the scope removes it itself on a normal exit).
void cpl_restore_clear_journal(void);

/// Writes every registered value back now (the same code the handler runs). Returns the number
/// of writes that failed.
int cpl_restore_run_all(void);

// The width in columns of the terminal on `fd` (TIOCGWINSZ), or -1 with errno when `fd` is not a
// terminal or reports no width.
int cpl_terminal_columns(int fd);

// x86_64: CPUID leaf 1 ECX bit 31 ("hypervisor present"); when set, writes leaf 0x40000000's
// vendor signature (12 characters and a NUL: `signature` holds at least 13) and returns 1, else
// returns 0 with an empty signature. Elsewhere returns -1 with errno ENOSYS (arm64 has no CPUID
// at EL0).
int cpl_cpuid_hypervisor(char *_Nonnull signature);

/// The size in bytes of the kernel's log buffer, or -1 with errno (EPERM when dmesg_restrict
/// forbids it). The corresponding C function is `klogctl(SYSLOG_ACTION_SIZE_BUFFER)`.
long cpl_kernel_log_size(void);

/// Copies the kernel's log buffer (its oldest records may have been overwritten) into `buffer`;
/// returns the bytes copied, or -1 with errno. The corresponding C function is
/// `klogctl(SYSLOG_ACTION_READ_ALL)`.
long cpl_kernel_log_read(char *_Nonnull buffer, long capacity);

/// Scans a kallsyms-format file (`/proc/kallsyms`) for `count` symbol names; sets `found[i]` to 1
/// for each name listed. Returns the number of lines read (0: no symbols visible), or -1 with
/// errno when the file cannot be read.
int cpl_kallsyms_find(const char *_Nonnull path, const char *_Nonnull const *_Nonnull names, int count,
                      int *_Nonnull found);

/// Writes `value` to the file at `path` (open O_WRONLY|O_TRUNC, one write, close).
int cpl_write_file(const char *_Nonnull path, const char *_Nonnull value);

/// Appends `value` to the file at `path` (open O_WRONLY|O_APPEND, never O_TRUNC: truncating
/// tracefs's kprobe_events would remove every kprobe event on the system).
int cpl_append_file(const char *_Nonnull path, const char *_Nonnull value);

/// Reads the whole file at `path` (to end of file: sysfs, procfs and tracefs files have no
/// meaningful size) into a new heap buffer, at most `limit` bytes. 0 with `*bytes` (free it with
/// cpl_free) and `*length`, or -1 with errno (EFBIG past `limit`) and `*failed_at_open` 1 when
/// open(2) failed, 0 when reading did. The one reader the Swift side wraps
/// (`SystemIO.FileContents`).
int cpl_read_file(const char *_Nonnull path, size_t limit, uint8_t *_Nullable *_Nonnull bytes,
                  size_t *_Nonnull length, int *_Nonnull failed_at_open);

/// free(3), for buffers the shim allocated.
void cpl_free(void *_Nullable pointer);

// MARK: - Workload operations (one op each; Swift owns loops, timing, threads and statistics)
// The same bodies run in the arm64 kernel lane's C driver (.ci/arm64-kernel-lane).

/// mprotect the last `page_size` page of the block at `block` read-only, then back read-write.
int cpl_op_mprotect_subpage(void *_Nonnull block, size_t block_size, size_t page_size);

/// mprotect [region, region+length) read-only, then read-write.
int cpl_op_mprotect_range(void *_Nonnull region, size_t length);

/// MADV_DONTNEED the page `page_index` of the block, then write one byte to it (refault).
int cpl_op_dontneed_subpage(void *_Nonnull block, size_t page_size, size_t page_index);

/// Inside the reserved, 2 MiB-aligned window `window` of at least 2*`length` bytes:
/// mmap `length` bytes at `window` (MAP_FIXED), MADV_HUGEPAGE, fill, mremap MAYMOVE|FIXED|DONTUNMAP to
/// `window + length`, munmap. Leaves the window mapped PROT_NONE as it found it.
int cpl_op_mremap_move(void *_Nonnull window, size_t length);

/// fork(); the child writes one byte at `target` (a CoW write into a block), times that write
/// with the generic cycle counter (rdtsc / cntvct_el0: the child has no PMU event), reports the
/// ticks to the parent through a pipe and _exit(0)s. The
/// parent waits; `child_ticks` gets the child's timing. -1 with errno on any failure.
int cpl_op_fork_cow(volatile uint8_t *_Nonnull target, uint64_t *_Nonnull child_ticks);

/// Moves every page of the block to `node_b`, then back to `node_a` (numa_move_pages).
/// -1 with errno; ENODEV when fewer than two nodes exist.
int cpl_op_migrate_block(void *_Nonnull block, size_t block_size, size_t page_size, int node_a, int node_b);

#ifdef __cplusplus
}
#endif

#endif  // CPL_CSHIMS_H
