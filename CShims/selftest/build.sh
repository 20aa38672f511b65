#!/usr/bin/env bash
# Builds the CShims self-test with a plain C compiler, without SwiftPM:
#   CShims/selftest/build.sh [OUTPUT]          (default CShims/selftest/build/selftest)
# Environment: CC (default cc), CFLAGS (default -O2 -Wall -Wextra -Werror), LDFLAGS (e.g. -static,
# -fsanitize=address,undefined). Compiles every CShims/*.c except ops.c (the workload ops, owned
# and tested elsewhere) plus selftest.c, and links libnuma.
set -euo pipefail
here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
shims="$(dirname "$here")"
out="${1:-$here/build/selftest}"
cc="${CC:-cc}"
cflags="${CFLAGS:--O2 -Wall -Wextra -Werror}"
ldflags="${LDFLAGS:-}"
mkdir -p "$(dirname "$out")"
sources=()
for file in "$shims"/*.c; do
    [[ "$(basename "$file")" == ops.c ]] && continue
    sources+=("$file")
done
# shellcheck disable=SC2086 # CFLAGS and LDFLAGS are word lists
"$cc" -std=gnu11 -D_GNU_SOURCE $cflags -I"$shims/include" -I"$shims" \
    "${sources[@]}" "$here/selftest.c" -o "$out" $ldflags -lnuma -lpthread
echo "built $out ($cc)" >&2
