// CPU placement, thread ids and fault counts from getrusage.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <errno.h>
#include <sched.h>
#include <sys/resource.h>
#include <sys/syscall.h>
#include <unistd.h>

int cpl_current_cpu(void) { return sched_getcpu(); }

int cpl_online_cpus(void) {
    long count = sysconf(_SC_NPROCESSORS_ONLN);
    return count > 0 ? (int)count : 1;
}

int cpl_pin_current_thread(int cpu) {
    if (cpu < 0 || cpu >= CPU_SETSIZE) {
        errno = EINVAL;
        return -1;
    }
    cpu_set_t set;
    CPU_ZERO(&set);
    CPU_SET((size_t)cpu, &set);
    return sched_setaffinity(0, sizeof(set), &set);
}

int cpl_gettid(void) { return (int)syscall(SYS_gettid); }

int cpl_rusage_faults(bool whole_process, uint64_t *minor, uint64_t *major) {
    struct rusage usage;
    if (getrusage(whole_process ? RUSAGE_SELF : RUSAGE_THREAD, &usage) != 0) return -1;
    *minor = (uint64_t)usage.ru_minflt;
    *major = (uint64_t)usage.ru_majflt;
    return 0;
}
