// What the running kernel says about itself: its log buffer (klogctl) and which of a few symbol
// names /proc/kallsyms lists. `contpte env` decides the BBM level 3 status from these.
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/klog.h>

// syslog(2) actions (<sys/klog.h> declares only klogctl).
enum { CPL_SYSLOG_ACTION_READ_ALL = 3, CPL_SYSLOG_ACTION_SIZE_BUFFER = 10 };

long cpl_kernel_log_size(void) {
    int size = klogctl(CPL_SYSLOG_ACTION_SIZE_BUFFER, NULL, 0);
    return size < 0 ? -1 : size;
}

long cpl_kernel_log_read(char *buffer, long capacity) {
    if (capacity <= 0 || capacity > 0x7fffffffL) {
        errno = EINVAL;
        return -1;
    }
    int got = klogctl(CPL_SYSLOG_ACTION_READ_ALL, buffer, (int)capacity);
    return got < 0 ? -1 : got;
}

int cpl_kallsyms_find(const char *path, const char *const *names, int count, int *found) {
    FILE *file = fopen(path, "re");
    if (file == NULL) return -1;
    for (int i = 0; i < count; i++) found[i] = 0;
    char *line = NULL;
    size_t capacity = 0;
    ssize_t length;
    int lines = 0;
    while ((length = getline(&line, &capacity, file)) > 0) {
        lines++;
        // "ADDRESS TYPE NAME[\t[MODULE]]\n": compare the third field.
        char *name = strchr(line, ' ');
        if (name == NULL || (name = strchr(name + 1, ' ')) == NULL) continue;
        name++;
        size_t end = strcspn(name, "\t\n");
        for (int i = 0; i < count; i++) {
            if (!found[i] && strlen(names[i]) == end && memcmp(name, names[i], end) == 0) found[i] = 1;
        }
    }
    int saved = errno;
    int failed = ferror(file);
    free(line);
    fclose(file);
    if (failed) {
        errno = saved;
        return -1;
    }
    return lines;
}
