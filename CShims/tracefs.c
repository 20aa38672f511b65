// A private tracefs mount: fsopen/fsconfig/fsmount (Linux 5.2+) give a mount that is attached
// nowhere, seen by no other process, and gone when its last descriptor closes, so a run killed
// by any signal (SIGKILL included) cannot leave tracefs mounted. Files are reached through the
// descriptor's /proc/self/fd/N magic link.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"
#include "internal.h"

#include <errno.h>
#include <linux/mount.h>
#include <stdio.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

int cpl_tracefs_open_detached(void) {
#if defined(SYS_fsopen) && defined(SYS_fsconfig) && defined(SYS_fsmount)
    int context = (int)syscall(SYS_fsopen, "tracefs", FSOPEN_CLOEXEC);
    if (context < 0) return -1;
    if (syscall(SYS_fsconfig, context, FSCONFIG_CMD_CREATE, NULL, NULL, 0) != 0) {
        int saved = errno;
        close(context);
        errno = saved;
        return -1;
    }
    int mount_fd = (int)syscall(SYS_fsmount, context, FSMOUNT_CLOEXEC, 0);
    int saved = errno;
    close(context);
    if (mount_fd < 0) {
        errno = saved;
        return -1;
    }
    return mount_fd;
#else
    errno = ENOSYS;
    return -1;
#endif
}

void cpl_tracefs_close_detached(int fd) {
    if (fd >= 0) close(fd);
}
