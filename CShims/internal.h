// Private helpers shared by the CShims .c files. Not part of the public contract (CShims.h).
// Standard headers only, like the public header; system headers stay in the .c files.
#ifndef CPL_INTERNAL_H
#define CPL_INTERNAL_H

#include <stddef.h>
#include <stdint.h>

/// Reads at most `capacity - 1` bytes of a small text file (sysfs, tracefs) into `buffer` and
/// NUL-terminates it. Returns the number of bytes read or -1 with errno.
int cpl_internal_read_text(const char *path, char *buffer, size_t capacity);

/// Parses an unsigned integer (decimal, or hex with a 0x prefix when `base` is 0) with optional
/// surrounding whitespace. Returns 0 or -1 with errno = EINVAL.
int cpl_internal_parse_u64(const char *text, int base, uint64_t *value);

/// open(O_WRONLY|O_TRUNC|O_CLOEXEC), write all `length` bytes, close. Async-signal-safe: only
/// open/write/close, no allocation, errno preserved only as the result. Returns 0 or -1 (errno).
int cpl_internal_write_all(const char *path, const char *buffer, size_t length);
// The same with O_TRUNC or O_APPEND as `mode`.
int cpl_internal_write_mode(const char *path, const char *buffer, size_t length, int mode);

#endif  // CPL_INTERNAL_H
