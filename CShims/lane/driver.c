// contpte-lab arm64 kernel lane driver (issue 7). Runs inside the guest booted by
// .ci/arm64-kernel-lane: Debian's arm64 Linux 6.12 with PMD THP `never` and 64 KiB mTHP `madvise`,
// two NUMA nodes, and the kprobe events cpl_lane_try_fold / cpl_lane_try_unfold on
// __contpte_try_fold / __contpte_try_unfold, each recording the call's address argument as `addr`
// (registered, not enabled, by CShims/lane/init.sh).
//
// For every workload it maps a 2 MiB-aligned region with MADV_HUGEPAGE, populates it, verifies
// from /proc/self/pagemap and /proc/kpageflags which 64 KiB blocks are one aligned 64 KiB folio
// (16 consecutive PFNs, the first 16-aligned, head + 15 tails; with 16 KiB pages, 2 MiB blocks of
// 128 PFNs), runs the workload's cpl_op_* (the
// same bodies the Swift harness times, CShims/ops.c) on verified blocks only, and counts the two
// probes' hits during the op loop with perf counters filtered to the workload's addresses and this
// process (and the children it forks). It prints a table
// and one `LANE-RESULT` line per workload that the lane script compares with
// CShims/lane/expected-counts.tsv.
//
// Also builds and runs on any Linux (x86 included) as a smoke test of the op bodies: without the
// probes it says so and prints no counts.
#include "CShims.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <pthread.h>
#include <sched.h>
#include <linux/perf_event.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <unistd.h>

// The running kernel's geometry, set by main() from its page size: 4 KiB pages in blocks of 16
// (64 KiB), 16 KiB pages in blocks of 128 (2 MiB), 64 KiB pages in blocks of 32 (2 MiB).
static size_t PAGE = 4096;
static size_t PAGES_PER_BLOCK = 16;
static size_t BLOCK = 64 * 1024;
#define MAX_PAGES_PER_BLOCK 128
#define TWO_MIB ((size_t)2 * 1024 * 1024)

#define KPF_COMPOUND_HEAD 15
#define KPF_COMPOUND_TAIL 16

static const char *tracefs = "/sys/kernel/tracing";
static const char *fold_event = "cpl_lane_try_fold";
static const char *unfold_event = "cpl_lane_try_unfold";
static bool probes_available;
static int failures;

// MARK: - kprobe hit counts

typedef struct {
    uint64_t fold;
    uint64_t unfold;
} hits_t;

// MARK: - regions and backing verification

typedef struct {
    uint8_t *base;     // 2 MiB aligned
    size_t length;     // multiple of BLOCK
    size_t blocks;     // length / BLOCK
    uint8_t *verified; // per block: 1 when one aligned 64 KiB folio backs it
    size_t verified_count;
    bool verifiable;
} region_t;

static void *map_aligned(size_t length, size_t alignment, int prot) {
    size_t span = length + alignment;
    uint8_t *raw = mmap(NULL, span, prot, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (raw == MAP_FAILED) return NULL;
    uintptr_t start = ((uintptr_t)raw + alignment - 1) & ~(uintptr_t)(alignment - 1);
    if (start > (uintptr_t)raw) munmap(raw, start - (uintptr_t)raw);
    uintptr_t end = start + length;
    if ((uintptr_t)raw + span > end) munmap((void *)end, (uintptr_t)raw + span - end);
    return (void *)start;
}

static bool pread_all(int fd, void *out, size_t length, off_t offset) {
    uint8_t *p = out;
    while (length > 0) {
        ssize_t n = pread(fd, p, length, offset);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        p += n;
        length -= (size_t)n;
        offset += n;
    }
    return true;
}

// Re-reads pagemap and kpageflags for every block of the region.
static void verify_region(region_t *r) {
    r->verified_count = 0;
    r->verifiable = false;
    int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    int kpageflags = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
    if (pagemap < 0 || kpageflags < 0) {
        if (pagemap >= 0) close(pagemap);
        if (kpageflags >= 0) close(kpageflags);
        memset(r->verified, 0, r->blocks);
        return;
    }
    r->verifiable = true;
    for (size_t b = 0; b < r->blocks; b++) {
        uint64_t entries[MAX_PAGES_PER_BLOCK];
        uint64_t flags[MAX_PAGES_PER_BLOCK];
        uintptr_t va = (uintptr_t)(r->base + b * BLOCK);
        bool ok = pread_all(pagemap, entries, PAGES_PER_BLOCK * sizeof entries[0], (off_t)(va / PAGE * 8));
        uint64_t pfn0 = entries[0] & ((1ULL << 55) - 1);
        for (size_t i = 0; ok && i < PAGES_PER_BLOCK; i++) {
            bool present = entries[i] >> 63;
            uint64_t pfn = entries[i] & ((1ULL << 55) - 1);
            ok = present && pfn == pfn0 + i;
        }
        ok = ok && pfn0 != 0 && pfn0 % PAGES_PER_BLOCK == 0;
        ok = ok && pread_all(kpageflags, flags, PAGES_PER_BLOCK * sizeof flags[0], (off_t)(pfn0 * 8));
        for (size_t i = 0; ok && i < PAGES_PER_BLOCK; i++) {
            bool head = (flags[i] >> KPF_COMPOUND_HEAD) & 1;
            bool tail = (flags[i] >> KPF_COMPOUND_TAIL) & 1;
            ok = i == 0 ? (head && !tail) : (tail && !head);
        }
        // Exactly one block: the page after the block does not continue the same compound page.
        uint64_t next = 0;
        if (ok && pread_all(kpageflags, &next, sizeof next, (off_t)((pfn0 + PAGES_PER_BLOCK) * 8)))
            ok = !((next >> KPF_COMPOUND_TAIL) & 1);
        r->verified[b] = ok;
        r->verified_count += ok;
    }
    close(pagemap);
    close(kpageflags);
}

static bool region_create(region_t *r, size_t blocks) {
    memset(r, 0, sizeof *r);
    r->blocks = blocks;
    r->length = blocks * BLOCK;
    r->base = map_aligned(r->length, TWO_MIB, PROT_READ | PROT_WRITE);
    r->verified = calloc(blocks, 1);
    if (!r->base || !r->verified) return false;
    if (madvise(r->base, r->length, MADV_HUGEPAGE) != 0) perror("madvise(MADV_HUGEPAGE)");
    for (size_t off = 0; off < r->length; off += PAGE) r->base[off] = (uint8_t)(off >> 12);
    verify_region(r);
    return true;
}

static void region_destroy(region_t *r) {
    if (r->base) munmap(r->base, r->length);
    free(r->verified);
    memset(r, 0, sizeof *r);
}

// MARK: - results

typedef struct {
    const char *name;
    uint64_t ops;
    size_t blocks;
    size_t verified;
    size_t verified_after;
    hits_t delta;
    bool counted;
    bool complete;
    int64_t predicted_fold; // -1: none

    char note[160];
} result_t;

#define MAX_RESULTS 16
static result_t results[MAX_RESULTS];
static size_t result_count;

static result_t *result_begin(const char *name) {
    result_t *res = &results[result_count++];
    memset(res, 0, sizeof *res);
    res->name = name;
    res->complete = true;
    res->predicted_fold = -1;
    fprintf(stderr, "lane: %s ...\n", name);
    return res;
}

static void op_failed(result_t *res, const char *what) {
    if (res->complete) {
        snprintf(res->note, sizeof res->note, "%s failed: %s", what, strerror(errno));
        fprintf(stderr, "lane: %s: %s\n", res->name, res->note);
    }
    res->complete = false;
    failures++;
}

// Counts the probes' hits with two perf counters on the kprobe events (pid 0, inherited by the
// children forked while they are open), filtered to calls whose address argument lies in
// [base, base + length): no other process, no kernel thread, none of this process's other memory.
typedef struct {
    int fold_fd;
    int unfold_fd;
} counter_t;

// perf_event_open on the kprobe event's tracepoint id, this process and its later children, any
// CPU, enabled at once. Written here rather than taken from CShims/perf.c: the lane is a second,
// independent witness of the Swift harness's counts.
static int open_probe(const char *event, uintptr_t base, size_t length) {
    char path[160], text[32];
    snprintf(path, sizeof path, "%s/events/kprobes/%s/id", tracefs, event);
    int id_fd = open(path, O_RDONLY | O_CLOEXEC);
    if (id_fd < 0) return -1;
    ssize_t n = read(id_fd, text, sizeof text - 1);
    close(id_fd);
    if (n <= 0) return -1;
    text[n] = 0;
    struct perf_event_attr attr;
    memset(&attr, 0, sizeof attr);
    attr.size = sizeof attr;
    attr.type = PERF_TYPE_TRACEPOINT;
    attr.config = strtoull(text, NULL, 10);
    attr.disabled = 1;
    attr.inherit = 1;
    int fd = (int)syscall(SYS_perf_event_open, &attr, 0, -1, -1, PERF_FLAG_FD_CLOEXEC);
    if (fd < 0) return -1;
    char filter[96];
    snprintf(filter, sizeof filter, "addr >= 0x%" PRIxPTR " && addr < 0x%" PRIxPTR, base, base + length);
    if (ioctl(fd, PERF_EVENT_IOC_SET_FILTER, filter) != 0 || ioctl(fd, PERF_EVENT_IOC_ENABLE, 0) != 0) {
        int saved = errno;
        close(fd);
        errno = saved;
        return -1;
    }
    return fd;
}

static bool read_count(int fd, uint64_t *out) {
    if (ioctl(fd, PERF_EVENT_IOC_DISABLE, 0) != 0) return false;
    return read(fd, out, sizeof *out) == (ssize_t)sizeof *out;
}

static void count_begin(counter_t *c, const void *base, size_t length) {
    c->fold_fd = c->unfold_fd = -1;
    if (!probes_available) return;
    c->fold_fd = open_probe(fold_event, (uintptr_t)base, length);
    c->unfold_fd = open_probe(unfold_event, (uintptr_t)base, length);
    if (c->fold_fd < 0 || c->unfold_fd < 0) fprintf(stderr, "lane: perf on the kprobe events: %s\n", strerror(errno));
}

static void count_end(counter_t *c, result_t *res) {
    if (c->fold_fd >= 0 && c->unfold_fd >= 0 && read_count(c->fold_fd, &res->delta.fold) &&
        read_count(c->unfold_fd, &res->delta.unfold))
        res->counted = true;
    if (c->fold_fd >= 0) close(c->fold_fd);
    if (c->unfold_fd >= 0) close(c->unfold_fd);
}

static uint64_t read_mthp_stat(const char *name) {
    char path[160];
    snprintf(path, sizeof path, "/sys/kernel/mm/transparent_hugepage/hugepages-%zukB/stats/%s", BLOCK >> 10, name);
    FILE *f = fopen(path, "re");
    if (!f) return UINT64_MAX;
    unsigned long long v = UINT64_MAX;
    if (fscanf(f, "%llu", &v) != 1) v = UINT64_MAX;
    fclose(f);
    return v;
}

// MARK: - workloads

// Starts workload `name` on a fresh, populated and verified region of `blocks` blocks. Returns
// the result, or NULL (recorded as a failed map) when the region cannot be made.
static result_t *region_workload_begin(const char *name, size_t blocks, region_t *r) {
    result_t *res = result_begin(name);
    if (!region_create(r, blocks)) {
        op_failed(res, "map");
        region_destroy(r);
        return NULL;
    }
    res->blocks = r->blocks;
    res->verified = r->verified_count;
    return res;
}

// Checks the region's backing again, records it, and unmaps the region.
static void region_workload_end(region_t *r, result_t *res) {
    verify_region(r);
    res->verified_after = r->verified_count;
    region_destroy(r);
}

// One op on one block (the cpl_op_* body with the workload's other arguments); 0 on success.
typedef int (*block_op_t)(uint8_t *block, const void *context);

// Runs `op` on every verified block of the region, `rounds` times over, counting the kernel's
// fold/unfold calls around the ops; an op that fails is recorded as a failed `call`.
static void run_on_verified_blocks(region_t *r, result_t *res, unsigned rounds, block_op_t op, const void *context,
                                   const char *call) {
    counter_t c;
    count_begin(&c, r->base, r->length);
    for (unsigned round = 0; round < rounds; round++) {
        for (size_t b = 0; b < r->blocks; b++) {
            if (!r->verified[b]) continue;
            if (op(r->base + b * BLOCK, context) != 0) op_failed(res, call);
            res->ops++;
        }
    }
    count_end(&c, res);
}

static int op_mprotect_subpage(uint8_t *block, const void *context) {
    (void)context;
    return cpl_op_mprotect_subpage(block, BLOCK, PAGE);
}

// Page 0: the refault's single-PTE set_ptes() is then never the block's last entry.
static int op_dontneed_first_page(uint8_t *block, const void *context) {
    (void)context;
    return cpl_op_dontneed_subpage(block, PAGE, 0);
}

// Page 0 of the block: the CoW copy's set_pte_at() is never the block's last entry.
static int op_fork_cow(uint8_t *block, const void *context) {
    uint64_t ticks = 0;
    (void)context;
    return cpl_op_fork_cow(block, &ticks);
}

typedef struct {
    int node_a;
    int node_b;
} migrate_nodes_t;

static int op_migrate(uint8_t *block, const void *context) {
    const migrate_nodes_t *nodes = context;
    return cpl_op_migrate_block(block, BLOCK, PAGE, nodes->node_a, nodes->node_b);
}

static void workload_mprotect_subpage(const char *name, size_t blocks, unsigned rounds, bool racing);

typedef struct {
    region_t *region;
    atomic_bool stop;
    uint64_t sum;
} racer_t;

// A racing accessor on CPU 1: loads from every page and stores to the first page of every
// block, never touching the last page (the one made read-only), so it never takes SIGSEGV.
static void *racer_main(void *arg) {
    racer_t *racer = arg;
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(1, &set);
    sched_setaffinity(0, sizeof set, &set);
    region_t *r = racer->region;
    uint64_t sum = 0;
    while (!atomic_load_explicit(&racer->stop, memory_order_relaxed)) {
        for (size_t b = 0; b < r->blocks; b++) {
            volatile uint8_t *block = r->base + b * BLOCK;
            for (size_t p = 0; p < PAGES_PER_BLOCK; p++) sum += block[p * PAGE];
            block[0] = (uint8_t)sum;
        }
    }
    racer->sum = sum;
    return NULL;
}

static void workload_mprotect_subpage(const char *name, size_t blocks, unsigned rounds, bool racing) {
    region_t r;
    result_t *res = region_workload_begin(name, blocks, &r);
    if (!res) return;
    racer_t racer = {.region = &r};
    pthread_t thread;
    bool started = false;
    if (racing) {
        atomic_init(&racer.stop, false);
        started = pthread_create(&thread, NULL, racer_main, &racer) == 0;
        if (!started) snprintf(res->note, sizeof res->note, "racing thread not started");
        usleep(20000);
    }
    run_on_verified_blocks(&r, res, rounds, op_mprotect_subpage, NULL, "mprotect");
    if (started) {
        atomic_store(&racer.stop, true);
        pthread_join(thread, NULL);
        if (!res->note[0]) snprintf(res->note, sizeof res->note, "1 racing thread on CPU 1");
    }
    region_workload_end(&r, res);
}

// The 4 KiB control of mprotect-subpage (the other half of DESIGN's convert estimate): order-0
// pages, so no block is ever contiguous (no unfold), and a fold attempt happens exactly when the
// last page of a block has a PFN = 15 mod 16 (contpte_try_fold's palign test), twice per op. The
// driver predicts that count from pagemap before the ops; the lane compares it exactly.
static void workload_mprotect_subpage_4k(size_t blocks, unsigned rounds) {
    result_t *res = result_begin("mprotect-subpage-4k");
    region_t r;
    memset(&r, 0, sizeof r);
    r.blocks = blocks;
    r.length = blocks * BLOCK;
    r.base = map_aligned(r.length, TWO_MIB, PROT_READ | PROT_WRITE);
    r.verified = calloc(blocks, 1);
    if (!r.base || !r.verified) {
        op_failed(res, "map");
        return;
    }
    if (madvise(r.base, r.length, MADV_NOHUGEPAGE) != 0) perror("madvise(MADV_NOHUGEPAGE)");
    // Fault the pages in a shuffled order (fixed seed): the page allocator hands out PFNs in runs,
    // and an in-order fill would put the same PFN residue on every block's last page.
    size_t pages = r.length / PAGE;
    uint32_t *order = malloc(pages * sizeof *order);
    if (!order) {
        op_failed(res, "malloc");
        region_destroy(&r);
        return;
    }
    for (size_t i = 0; i < pages; i++) order[i] = (uint32_t)i;
    uint64_t seed = 0x9e3779b97f4a7c15ULL;
    for (size_t i = pages - 1; i > 0; i--) {
        seed = seed * 6364136223846793005ULL + 1442695040888963407ULL;
        size_t j = (size_t)((seed >> 33) % (i + 1));
        uint32_t t = order[i];
        order[i] = order[j];
        order[j] = t;
    }
    for (size_t i = 0; i < pages; i++) r.base[(size_t)order[i] * PAGE] = 1;
    free(order);
    res->blocks = blocks;
    int pagemap = open("/proc/self/pagemap", O_RDONLY | O_CLOEXEC);
    int kpageflags = open("/proc/kpageflags", O_RDONLY | O_CLOEXEC);
    uint64_t aligned_last = 0;
    for (size_t b = 0; pagemap >= 0 && kpageflags >= 0 && b < blocks; b++) {
        uint64_t entries[MAX_PAGES_PER_BLOCK];
        bool ok = pread_all(pagemap, entries, PAGES_PER_BLOCK * sizeof entries[0],
                            (off_t)((uintptr_t)(r.base + b * BLOCK) / PAGE * 8));
        for (size_t i = 0; ok && i < PAGES_PER_BLOCK; i++) {
            uint64_t pfn = entries[i] & ((1ULL << 55) - 1), flags = 0;
            ok = (entries[i] >> 63) && pfn != 0 && pread_all(kpageflags, &flags, sizeof flags, (off_t)(pfn * 8));
            ok = ok && !((flags >> KPF_COMPOUND_HEAD) & 1) && !((flags >> KPF_COMPOUND_TAIL) & 1);
        }
        r.verified[b] = ok;
        res->verified += ok;
        if (ok && ((entries[PAGES_PER_BLOCK - 1] & ((1ULL << 55) - 1)) % PAGES_PER_BLOCK) == PAGES_PER_BLOCK - 1)
            aligned_last++;
    }
    if (pagemap >= 0) close(pagemap);
    if (kpageflags >= 0) close(kpageflags);
    run_on_verified_blocks(&r, res, rounds, op_mprotect_subpage, NULL, "mprotect");
    res->predicted_fold = (int64_t)(2 * rounds * aligned_last);
    res->verified_after = res->verified;
    snprintf(res->note, sizeof res->note, "order-0 pages; %" PRIu64 " blocks' last PFN = %zu mod %zu", aligned_last,
             PAGES_PER_BLOCK - 1, PAGES_PER_BLOCK);
    region_destroy(&r);
}

static void workload_mprotect_range(size_t blocks, unsigned calls) {
    region_t r;
    result_t *res = region_workload_begin("mprotect-range", blocks, &r);
    if (!res) return;
    if (r.verified_count != r.blocks) {
        snprintf(res->note, sizeof res->note, "not every block verified: ops not run");
        res->complete = false;
        failures++;
    } else {
        counter_t c;
        count_begin(&c, r.base, r.length);
        for (unsigned i = 0; i < calls; i++) {
            if (cpl_op_mprotect_range(r.base, r.length) != 0) op_failed(res, "mprotect");
            res->ops += r.blocks;  // one op = one block's RO+RW
        }
        count_end(&c, res);
        snprintf(res->note, sizeof res->note, "op = one %zu KiB block of a %u-call RO+RW range mprotect", BLOCK >> 10,
                 calls);
    }
    region_workload_end(&r, res);
}

static void workload_dontneed_subpage(size_t blocks) {
    region_t r;
    result_t *res = region_workload_begin("dontneed-subpage", blocks, &r);
    if (!res) return;
    run_on_verified_blocks(&r, res, 1, op_dontneed_first_page, NULL, "madvise");
    snprintf(res->note, sizeof res->note, "page 0 of each fresh block");
    region_workload_end(&r, res);
}

static void workload_mremap_move(unsigned iterations) {
    result_t *res = result_begin("mremap-move");
    // 16 blocks, as the Swift harness's mremap-move (1 MiB with 4 KiB pages, 32 MiB with 16 KiB).
    const size_t length = 16 * BLOCK;
    uint8_t *window = map_aligned(2 * length, TWO_MIB, PROT_NONE);
    if (!window) {
        op_failed(res, "map");
        return;
    }
    res->blocks = length / BLOCK;
    uint64_t alloc_before = read_mthp_stat("anon_fault_alloc");
    uint64_t fallback_before = read_mthp_stat("anon_fault_fallback");
    counter_t c;
    count_begin(&c, window, 2 * length);
    for (unsigned i = 0; i < iterations; i++) {
        if (cpl_op_mremap_move(window, length) != 0) {
            op_failed(res, "mremap cycle");
            break;
        }
        res->ops++;
    }
    count_end(&c, res);
    uint64_t alloc = read_mthp_stat("anon_fault_alloc") - alloc_before;
    uint64_t fallback = read_mthp_stat("anon_fault_fallback") - fallback_before;
    // No pagemap check is possible inside the op; the block size's mTHP fault counters say whether
    // every block of every fill was one folio of the block size.
    if (alloc_before != UINT64_MAX && res->ops > 0) {
        res->verified = (size_t)(alloc / res->ops);
        res->verified_after = res->verified;
        snprintf(res->note, sizeof res->note, "%zu KiB; %zuK anon_fault_alloc %" PRIu64 ", fallback %" PRIu64,
                 length >> 10, BLOCK >> 10, alloc, fallback);
        if (alloc != (uint64_t)res->blocks * res->ops || fallback != 0) res->verified = 0;
    }
    munmap(window, 2 * length);
}

static void workload_fork_cow(size_t blocks) {
    region_t r;
    result_t *res = region_workload_begin("fork-cow", blocks, &r);
    if (!res) return;
    run_on_verified_blocks(&r, res, 1, op_fork_cow, NULL, "fork");
    snprintf(res->note, sizeof res->note, "child writes page 0 of block i");
    region_workload_end(&r, res);
}

static int node_of(void *page) {
    int status = -1;
    void *pages[1] = {page};
    if (syscall(SYS_move_pages, 0, 1UL, pages, NULL, &status, 0) != 0) return -1;
    return status;
}

static void workload_migrate(size_t blocks) {
    region_t r;
    result_t *res = region_workload_begin("migrate", blocks, &r);
    if (!res) return;
    int node_a = node_of(r.base);
    migrate_nodes_t nodes = {.node_a = node_a, .node_b = node_a == 0 ? 1 : 0};
    if (node_a < 0 || access("/sys/devices/system/node/node1", F_OK) != 0) {
        snprintf(res->note, sizeof res->note, "skipped: fewer than two NUMA nodes");
        res->complete = false;
        failures++;
    } else {
        run_on_verified_blocks(&r, res, 1, op_migrate, &nodes, "move_pages");
        snprintf(res->note, sizeof res->note, "node %d -> %d -> %d", node_a, nodes.node_b, node_a);
    }
    region_workload_end(&r, res);
}

// MARK: - main

static double per_op(uint64_t total, uint64_t ops) { return ops ? (double)total / (double)ops : 0.0; }

int main(int argc, char **argv) {
    unsigned scale = argc > 1 ? (unsigned)strtoul(argv[1], NULL, 10) : 1;
    if (scale == 0) scale = 1;
    setvbuf(stdout, NULL, _IOLBF, 0);
    PAGE = (size_t)sysconf(_SC_PAGESIZE);
    PAGES_PER_BLOCK = PAGE == 4096 ? 16 : PAGE == 16384 ? 128 : PAGE == 65536 ? 32 : 0;
    if (PAGES_PER_BLOCK == 0) {
        fprintf(stderr, "lane: page size %zu has no contpte geometry\n", PAGE);
        return 1;
    }
    BLOCK = PAGE * PAGES_PER_BLOCK;
    // Blocks per workload: as many bytes as with 64 KiB blocks would be 8 to 32 times as many with
    // 2 MiB ones; keep the 4 KiB-page byte count instead (at least 8 blocks).
    size_t per = BLOCK / (64 * 1024);
#define BLOCKS(n) ((size_t)(n) / per < 8 ? (size_t)8 : (size_t)(n) / per)
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET(0, &set);
    if (sched_setaffinity(0, sizeof set, &set) != 0) perror("sched_setaffinity(CPU 0)");

    char event_id[160];
    snprintf(event_id, sizeof event_id, "%s/events/kprobes/%s/id", tracefs, fold_event);
    probes_available = access(event_id, R_OK) == 0;
    if (!probes_available) fprintf(stderr, "lane: kprobe event %s not found (%s): no counts\n", fold_event, event_id);

    workload_mprotect_subpage("mprotect-subpage", BLOCKS(256 * scale), 2, false);
    workload_mprotect_subpage("racing-accessors", BLOCKS(128 * scale), 2, true);
    workload_mprotect_subpage_4k(BLOCKS(256 * scale), 2);
    workload_mprotect_range(BLOCKS(64 * scale), 4);
    workload_dontneed_subpage(BLOCKS(256 * scale));
    workload_mremap_move(16 * scale);
    workload_fork_cow(BLOCKS(128 * scale));
    workload_migrate(BLOCKS(128 * scale));

    printf("LANE-TABLE-BEGIN\n");
    printf("%-20s %7s %13s %14s %13s %15s  %s\n", "workload", "ops", "verified", "verified-after", "try_fold/op",
           "try_unfold/op", "note");
    for (size_t i = 0; i < result_count; i++) {
        result_t *res = &results[i];
        char verified[32], after[32], fold[32], unfold[32];
        snprintf(verified, sizeof verified, "%zu/%zu", res->verified, res->blocks);
        snprintf(after, sizeof after, "%zu/%zu", res->verified_after, res->blocks);
        if (res->counted) {
            snprintf(fold, sizeof fold, "%.3f", per_op(res->delta.fold, res->ops));
            snprintf(unfold, sizeof unfold, "%.3f", per_op(res->delta.unfold, res->ops));
        } else {
            snprintf(fold, sizeof fold, "-");
            snprintf(unfold, sizeof unfold, "-");
        }
        printf("%-20s %7" PRIu64 " %13s %14s %13s %15s  %s\n", res->name, res->ops, verified, after, fold, unfold,
               res->note);
    }
    printf("LANE-TABLE-END\n");
    for (size_t i = 0; i < result_count; i++) {
        result_t *res = &results[i];
        printf("LANE-RESULT workload=%s ops=%" PRIu64 " blocks=%zu verified=%zu verified_after=%zu counted=%d "
               "complete=%d fold=%" PRIu64 " unfold=%" PRIu64 " predicted_fold=%" PRId64 "\n",
               res->name, res->ops, res->blocks, res->verified, res->verified_after, res->counted, res->complete,
               res->delta.fold, res->delta.unfold, res->predicted_fold);
    }
    return failures ? 1 : 0;
}
