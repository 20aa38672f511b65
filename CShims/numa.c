// NUMA through libnuma (numa(3)); the target links -lnuma.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <errno.h>
#include <limits.h>
#include <numa.h>
#include <numaif.h>

/// Node masks passed to mbind cover this many nodes (the kernel's largest MAX_NUMNODES).
enum { CPL_MAX_NODES = 1024 };
#define CPL_LONG_BITS (sizeof(unsigned long) * CHAR_BIT)

bool cpl_numa_available(void) { return numa_available() >= 0; }

int cpl_numa_max_node(void) {
    if (numa_available() < 0) {
        errno = ENOSYS;
        return -1;
    }
    return numa_max_node();
}

/// A node libnuma knows about (it reads sysfs for out-of-range nodes and warns on stderr).
static bool valid_node(int node) {
    return node >= 0 && node < CPL_MAX_NODES && numa_available() >= 0 && node <= numa_max_node();
}

int cpl_numa_node_of_cpu(int cpu) {
    if (cpu < 0 || numa_available() < 0) {
        errno = cpu < 0 ? EINVAL : ENOSYS;
        return -1;
    }
    return numa_node_of_cpu(cpu);
}

long long cpl_numa_node_size(int node, long long *free_bytes) {
    if (!valid_node(node)) {
        errno = EINVAL;
        return -1;
    }
    long long free_local = 0;
    long long total = numa_node_size64(node, &free_local);
    if (total < 0) {
        if (errno == 0) errno = ENOENT;
        return -1;
    }
    if (free_bytes != NULL) *free_bytes = free_local;
    return total;
}

int cpl_numa_move_pages(unsigned long count, void **pages, const int *nodes, int *status) {
    // move_pages(2) returns the number of pages it could not move (> 0) or -1 with errno.
    long result = numa_move_pages(0, count, pages, nodes, status, MPOL_MF_MOVE);
    return result < 0 ? -1 : (int)(result > INT_MAX ? INT_MAX : result);
}

int cpl_numa_set_preferred(int node) {
    if (!valid_node(node)) {
        errno = EINVAL;
        return -1;
    }
    numa_set_preferred(node);
    return 0;
}

int cpl_numa_bind(void *addr, size_t length, int node) {
    if (node < 0 || node >= CPL_MAX_NODES) {
        errno = EINVAL;
        return -1;
    }
    unsigned long mask[CPL_MAX_NODES / (sizeof(unsigned long) * CHAR_BIT)] = {0};
    mask[(size_t)node / CPL_LONG_BITS] = 1ul << ((size_t)node % CPL_LONG_BITS);
    // maxnode is one more than the number of bits, as libnuma passes it (the kernel drops the
    // last bit: mm/mempolicy.c get_nodes()).
    long result = mbind(addr, length, MPOL_BIND, mask, CPL_MAX_NODES + 1, MPOL_MF_MOVE | MPOL_MF_STRICT);
    return result < 0 ? -1 : 0;
}
