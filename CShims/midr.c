// arm64 identification: MIDR_EL1 and the auxiliary-vector HWCAPs.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"
#include "internal.h"

#include <errno.h>
#include <stdio.h>
#include <sys/auxv.h>

#ifndef AT_HWCAP2
#define AT_HWCAP2 26
#endif
// arch/arm64/include/uapi/asm/hwcap.h: the kernel emulates EL0 reads of the ID registers
// (Documentation/arch/arm64/cpu-feature-registers.rst), MIDR_EL1 included.
#define CPL_AARCH64_HWCAP_CPUID (1ul << 11)

const int CPL_MIDR_SOURCE_SYSFS = 1;
const int CPL_MIDR_SOURCE_MRS = 2;

unsigned long cpl_hwcap(void) { return getauxval(AT_HWCAP); }

unsigned long cpl_hwcap2(void) { return getauxval(AT_HWCAP2); }

bool cpl_hwcap_has_cpuid(void) {
#if defined(__aarch64__)
    return (getauxval(AT_HWCAP) & CPL_AARCH64_HWCAP_CPUID) != 0;
#else
    return false;
#endif
}

int cpl_read_midr(int cpu, uint64_t *midr) {
#if defined(__aarch64__)
    if (cpu < 0) {
        errno = EINVAL;
        return -1;
    }
    char path[96];
    char text[64];
    snprintf(path, sizeof(path), "/sys/devices/system/cpu/cpu%d/regs/identification/midr_el1", cpu);
    uint64_t value;
    // The file holds "0x%016llx\n" (arch/arm64/kernel/cpuinfo.c).
    if (cpl_internal_read_text(path, text, sizeof(text)) >= 0 && cpl_internal_parse_u64(text, 16, &value) == 0) {
        *midr = value;
        return CPL_MIDR_SOURCE_SYSFS;
    }
    if (cpl_hwcap_has_cpuid()) {
        __asm__ volatile("mrs %0, midr_el1" : "=r"(value));
        *midr = value;
        return CPL_MIDR_SOURCE_MRS;
    }
    errno = ENOENT;
    return -1;
#else
    (void)cpu;
    (void)midr;
    errno = ENOTSUP;
    return -1;
#endif
}
