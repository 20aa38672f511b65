// Whether the CPU says it runs under a hypervisor, and which, from the x86 CPUID instruction:
// leaf 1 ECX bit 31 is the "hypervisor present" bit, and leaf 0x40000000 returns the
// hypervisor's 12-character signature in EBX, ECX, EDX ("KVMKVMKVM", "TCGTCGTCGTCG" for QEMU's
// TCG emulator, "Microsoft Hv", "VMwareVMware", "XenVMMXenVMM"). arm64 has no such instruction
// at EL0: `contpte env` reads the kernel's log and the device tree there instead.
#include "CShims.h"

#include <errno.h>
#include <string.h>

int cpl_cpuid_hypervisor(char *signature) {
    signature[0] = '\0';
#if defined(__x86_64__)
    unsigned int eax = 1, ebx = 0, ecx = 0, edx = 0;
    __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
    if ((ecx & (1u << 31)) == 0) return 0;
    eax = 0x40000000u;
    ecx = 0;
    __asm__ volatile("cpuid" : "+a"(eax), "=b"(ebx), "+c"(ecx), "=d"(edx));
    memcpy(signature, &ebx, 4);
    memcpy(signature + 4, &ecx, 4);
    memcpy(signature + 8, &edx, 4);
    signature[12] = '\0';
    return 1;
#else
    errno = ENOSYS;
    return -1;
#endif
}
