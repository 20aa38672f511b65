// Restore-on-signal for sysfs settings: a fixed table of (path, value) slots written back by an
// async-signal-safe handler before the signal is handed to the previous disposition and
// re-raised (tools/testing/selftests/mm/thp_settings.c restores on exit the same way).
#ifndef _GNU_SOURCE
#error "CShims must be built with _GNU_SOURCE (Package.swift defines it)"
#endif

#include "CShims.h"
#include "internal.h"

#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <signal.h>
#include <string.h>
#include <unistd.h>

enum { CPL_RESTORE_SLOTS = 64, CPL_RESTORE_TEXT = 256 };

enum slot_state { SLOT_FREE = 0, SLOT_FILLING = 1, SLOT_ARMED = 2 };

struct restore_slot {
    int state;  // enum slot_state, accessed with __atomic builtins (lock-free int)
    pid_t owner;  // the registering process: a forked child inherits the table but must not write
    size_t value_length;
    char path[CPL_RESTORE_TEXT];
    char value[CPL_RESTORE_TEXT];
};

_Static_assert(__atomic_always_lock_free(sizeof(int), 0), "slot state must be lock-free for the handler");

static struct restore_slot slots[CPL_RESTORE_SLOTS];
static pthread_mutex_t registry_lock = PTHREAD_MUTEX_INITIALIZER;

// SIGTRAP too: a Swift runtime trap (fatalError, overflow, force-unwrap of nil) is `brk` on arm64.
static const int handled_signals[] = {SIGINT,  SIGTERM, SIGHUP, SIGQUIT, SIGSEGV,
                                      SIGBUS,  SIGABRT, SIGFPE, SIGILL,  SIGTRAP};
enum { CPL_SIGNAL_COUNT = sizeof(handled_signals) / sizeof(handled_signals[0]) };
static struct sigaction previous_actions[CPL_SIGNAL_COUNT];
static pthread_once_t install_once = PTHREAD_ONCE_INIT;
static int install_result = 0;
static int install_errno = 0;

static size_t bounded_length(const char *text, size_t limit) {
    size_t length = 0;
    while (length < limit && text[length] != '\0') length++;
    return length;
}

int cpl_restore_register(const char *path, const char *value) {
    size_t path_length = bounded_length(path, CPL_RESTORE_TEXT);
    size_t value_length = bounded_length(value, CPL_RESTORE_TEXT);
    if (path_length > CPL_RESTORE_TEXT - 1 || value_length > CPL_RESTORE_TEXT - 1) {
        errno = ENAMETOOLONG;
        return -1;
    }
    if (path_length == 0) {
        errno = EINVAL;
        return -1;
    }
    pthread_mutex_lock(&registry_lock);
    int found = -1;
    for (int i = 0; i < CPL_RESTORE_SLOTS; i++) {
        if (__atomic_load_n(&slots[i].state, __ATOMIC_ACQUIRE) == SLOT_FREE) {
            found = i;
            break;
        }
    }
    if (found < 0) {
        pthread_mutex_unlock(&registry_lock);
        errno = ENOSPC;
        return -1;
    }
    struct restore_slot *slot = &slots[found];
    // The handler ignores a slot until it is ARMED, so it never sees half-copied text.
    __atomic_store_n(&slot->state, SLOT_FILLING, __ATOMIC_RELAXED);
    memcpy(slot->path, path, path_length);
    slot->path[path_length] = '\0';
    memcpy(slot->value, value, value_length);
    slot->value[value_length] = '\0';
    slot->value_length = value_length;
    slot->owner = getpid();
    __atomic_store_n(&slot->state, SLOT_ARMED, __ATOMIC_RELEASE);
    pthread_mutex_unlock(&registry_lock);
    return found;
}

// The journal of the running scope (SettingsJournal), removed by the handler once every value is
// written back: a journal left behind would make the next run "restore" values a user may have
// changed since.
static char journal_path[4096];
static pid_t journal_owner;
static int journal_armed;

int cpl_restore_set_journal(const char *path) {
    size_t length = bounded_length(path, sizeof journal_path);
    if (length == 0 || length >= sizeof journal_path) {
        errno = ENAMETOOLONG;
        return -1;
    }
    __atomic_store_n(&journal_armed, 0, __ATOMIC_RELEASE);
    memcpy(journal_path, path, length + 1);
    journal_owner = getpid();
    __atomic_store_n(&journal_armed, 1, __ATOMIC_RELEASE);
    return 0;
}

void cpl_restore_clear_journal(void) { __atomic_store_n(&journal_armed, 0, __ATOMIC_RELEASE); }

void cpl_restore_unregister(int slot) {
    if (slot < 0 || slot >= CPL_RESTORE_SLOTS) return;
    __atomic_store_n(&slots[slot].state, SLOT_FREE, __ATOMIC_RELEASE);
}

/// The handler's body: only atomics, getpid, open, write and close (and unlink, in the handler).
static int write_back_all(void) {
    int failures = 0;
    pid_t self = getpid();
    for (int i = 0; i < CPL_RESTORE_SLOTS; i++) {
        struct restore_slot *slot = &slots[i];
        if (__atomic_load_n(&slot->state, __ATOMIC_ACQUIRE) != SLOT_ARMED) continue;
        if (slot->owner != self) continue;  // registered by the parent of this forked child
        if (cpl_internal_write_all(slot->path, slot->value, slot->value_length) != 0) failures++;
    }
    return failures;
}

int cpl_restore_run_all(void) {
    int saved = errno;
    int failures = write_back_all();
    errno = saved;
    return failures;
}

static int signal_index(int signo) {
    for (int i = 0; i < CPL_SIGNAL_COUNT; i++) {
        if (handled_signals[i] == signo) return i;
    }
    return -1;
}

static bool is_synchronous_fault(int signo, const siginfo_t *info) {
    bool fault_signal = signo == SIGSEGV || signo == SIGBUS || signo == SIGFPE || signo == SIGILL;
    // si_code > 0 means the kernel generated it (a fault); <= 0 means kill/tgkill/sigqueue/raise.
    return fault_signal && info != NULL && info->si_code > 0;
}

static void restore_handler(int signo, siginfo_t *info, void *context) {
    (void)context;
    int saved = errno;
    // unlink is async-signal-safe; only when every value went back (else the journal is the
    // next run's way to finish the job).
    if (write_back_all() == 0 && __atomic_load_n(&journal_armed, __ATOMIC_ACQUIRE) && journal_owner == getpid()) {
        unlink(journal_path);
    }
    int index = signal_index(signo);
    if (index >= 0) sigaction(signo, &previous_actions[index], NULL);
    // Hand the signal to the previous disposition. A hardware fault re-executes the faulting
    // instruction on return and faults again; anything else (SIGTRAP included: x86 int3 would
    // not re-execute) is re-raised. The signal stays
    // blocked while this handler runs, so it is delivered right after the return, and the
    // process dies of it (default action) with its exit status intact.
    if (!is_synchronous_fault(signo, info)) raise(signo);
    errno = saved;
}

static void install_all(void) {
    struct sigaction action;
    memset(&action, 0, sizeof(action));
    action.sa_sigaction = restore_handler;
    action.sa_flags = SA_SIGINFO | SA_ONSTACK | SA_RESTART;
    sigfillset(&action.sa_mask);  // no other handled signal interrupts the write-back
    for (int i = 0; i < CPL_SIGNAL_COUNT; i++) {
        int signo = handled_signals[i];
        struct sigaction current;
        if (sigaction(signo, NULL, &current) != 0) {
            install_result = -1;
            install_errno = errno;
            return;
        }
        previous_actions[i] = current;
        // An ignored signal (nohup's SIGHUP) cannot kill us: leave it ignored.
        if (!(current.sa_flags & SA_SIGINFO) && current.sa_handler == SIG_IGN) continue;
        if (sigaction(signo, &action, &previous_actions[i]) != 0) {
            install_result = -1;
            install_errno = errno;
            return;
        }
    }
}

int cpl_restore_install_handlers(void) {
    int error = pthread_once(&install_once, install_all);
    if (error != 0) {
        errno = error;
        return -1;
    }
    // A process may start with these signals blocked (a spawning thread's mask is inherited:
    // Foundation's Process does not reset it). Unblock them in the calling thread so that a
    // SIGTERM or SIGINT aimed at the process reaches the handler instead of waiting forever.
    sigset_t handled;
    sigemptyset(&handled);
    for (int i = 0; i < CPL_SIGNAL_COUNT; i++) sigaddset(&handled, handled_signals[i]);
    error = pthread_sigmask(SIG_UNBLOCK, &handled, NULL);
    if (error != 0) {
        errno = error;
        return -1;
    }
    if (install_result != 0) errno = install_errno;
    return install_result;
}

int cpl_write_file(const char *path, const char *value) {
    return cpl_internal_write_all(path, value, strlen(value));
}

int cpl_append_file(const char *path, const char *value) {
    return cpl_internal_write_mode(path, value, strlen(value), O_APPEND);
}
