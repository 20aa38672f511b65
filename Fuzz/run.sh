#!/usr/bin/env bash
# Builds and runs the libFuzzer targets of contpte-lab's parsers (issue 6, "Bad input"):
#
#   sequence      the sequence-file parsers     (CheckInput.parse: one- and two-level, `contpte check FILE`)
#   result        the result-document reader    (ResultFile.decode, `contpte compare`)
#   cost-profile  the cost-profile loader       (CostProfile.load, `contpte model --profile FILE`)
#
#   Fuzz/run.sh [--runs N] [--seconds S] [--target NAME]... [--host-seed] [--build-only]
#
# Each target is linked with `swiftc -sanitize=fuzzer,address`: BBMModel, LabStatistics, HostFacts,
# SystemIO (with the C shim, compiled by clang) and LabResults are
# compiled from Sources/ into instrumented static libraries under Fuzz/.build, so coverage and
# ASan cover the parsers themselves. A target fails on a trap, an ASan report, a timeout (10 s per
# input) or an error without a location. Seeds are generated with the built `contpte` binary:
# every built-in sequence (`check --print`), every built-in profile (`model --print-profile`),
# and real result documents (`run --model-only`; with --host-seed also `run --quick --host`, which
# needs root, takes about a minute and changes huge-page settings while it runs). The 1e6-input
# run of issue 6:
#
#   Fuzz/run.sh --runs 1000000
#
# (On 2 shared x86_64 cores, 2026-11-25: sequence 1e6 in 560 s, cost-profile 1e6 in 281 s,
# result 1e6 in two sessions on one corpus, 904 s + 117 s; no crash after the CRLF fix.)
# Without options each target runs 20000 inputs (CI). --seconds bounds each target's time.
# Crashing inputs land in Fuzz/.build/crashes/; the grown corpus in Fuzz/.build/corpus/.
# Exit status: 0 no crash, 1 a target crashed, 2 bad usage or a build failure.
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$root/Fuzz/.build"
runs=20000
seconds=0
targets=()
build_only=false
host_seed=false
while [[ $# -gt 0 ]]; do
    case "$1" in
    --runs) runs="${2:?--runs needs a number}"; shift 2 ;;
    --seconds) seconds="${2:?--seconds needs a number}"; shift 2 ;;
    --target) targets+=("${2:?--target needs a name}"); shift 2 ;;
    --build-only) build_only=true; shift ;;
    --host-seed) host_seed=true; shift ;;
    -h | --help)
        sed -n '2,25p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
        exit 0
        ;;
    *)
        echo "Fuzz/run.sh: unknown argument '$1' (see --help)" >&2
        exit 2
        ;;
    esac
done
[[ ${#targets[@]} -gt 0 ]] || targets=(sequence result cost-profile)
for target in "${targets[@]}"; do
    case "$target" in
    sequence | result | cost-profile) ;;
    *) echo "Fuzz/run.sh: unknown target '$target' (sequence, result, cost-profile)" >&2; exit 2 ;;
    esac
done
[[ "$runs" =~ ^[0-9]+$ && "$seconds" =~ ^[0-9]+$ ]] || {
    echo "Fuzz/run.sh: --runs and --seconds take whole numbers" >&2
    exit 2
}

mkdir -p "$out/lib" "$out/bin" "$out/seeds" "$out/corpus" "$out/crashes"
flags=(-sanitize=fuzzer,address -O -g -swift-version 6
    -enable-upcoming-feature ExistentialAny -enable-upcoming-feature InternalImportsByDefault)

# Instrumented static library of one Sources/ module.
library() {
    local name="$1"
    shift
    if [[ -f "$out/lib/lib$name.a" && -z "$(find "$root/Sources/$name" "$root/Sources/BBMModel" \
        "$root/Sources/LabStatistics" "$root/Sources/HostFacts" "$root/Sources/SystemIO" "$root/CShims" \
        \( -name '*.[ch]' -o -name '*.swift' \) -newer "$out/lib/lib$name.a" -print -quit)" ]]; then
        return 0 # up to date
    fi
    echo "==> building $name (instrumented)"
    find "$root/Sources/$name" -name '*.swift' -print0 | sort -z | xargs -0 \
        swiftc "${flags[@]}" -parse-as-library -module-name "$name" -I "$out/lib" "$@" \
        -emit-module -emit-module-path "$out/lib/$name.swiftmodule" \
        -emit-library -static -o "$out/lib/lib$name.a"
}

# The C shim, instrumented the same way, with a module map so that SystemIO can import it.
cshims() {
    mkdir -p "$out/cshims"
    printf 'module CShims {\n    header "%s/CShims/include/CShims.h"\n    export *\n}\n' "$root" \
        >"$out/cshims/module.modulemap"
    echo "==> building CShims (instrumented)"
    rm -f "$out/lib/libCShims.a"
    local objects=()
    for c in "$root"/CShims/*.c; do
        local object="$out/cshims/$(basename "$c" .c).o"
        clang -fsanitize=fuzzer-no-link,address -O1 -g -D_GNU_SOURCE -I "$root/CShims/include" -I "$root/CShims" \
            -c "$c" -o "$object" || return 1
        objects+=("$object")
    done
    ar rcs "$out/lib/libCShims.a" "${objects[@]}"
}

fuzzer() {
    local target="$1" source="$2"
    shift 2
    echo "==> building fuzz-$target"
    swiftc "${flags[@]}" -parse-as-library -I "$out/lib" -L "$out/lib" "$@" \
        -lFoundation -lFoundationEssentials -lswiftGlibc \
        "$root/Fuzz/$source" -o "$out/bin/fuzz-$target"
}

# In dependency order: LabResults imports BBMModel, HostFacts, LabStatistics and SystemIO, which
# wraps the C shim's file reader.
cshims || exit 2
library BBMModel || exit 2
library LabStatistics || exit 2
library HostFacts || exit 2
library SystemIO -I "$out/cshims" || exit 2
library LabResults -I "$out/cshims" || exit 2
fuzzer sequence SequenceParserFuzz.swift -lBBMModel || exit 2
fuzzer result ResultFileFuzz.swift -I "$out/cshims" -lLabResults -lSystemIO -lHostFacts -lLabStatistics -lBBMModel \
    -lCShims -lnuma || exit 2
fuzzer cost-profile CostProfileFuzz.swift -lBBMModel || exit 2
$build_only && exit 0

# Seeds from the real tool.
contpte="${CONTPTE:-}"
if [[ -z "$contpte" ]]; then
    (cd "$root" && swift build --product contpte >/dev/null) || exit 2
    contpte="$(cd "$root" && swift build --show-bin-path)/contpte"
fi
echo "==> seeds from $contpte"
mkdir -p "$out/seeds/sequence" "$out/seeds/result" "$out/seeds/cost-profile"
# The built-in names, from the errors that list them.
sequences=$({ "$contpte" check --print '?' 2>&1 || true; } | sed -n 's/.*(one of \(.*\))$/\1/p' | tr -d ',')
profiles=$({ "$contpte" model --profile /nonexistent/? 2>&1 || true; } | sed -n 's/.*built-in profile (\(.*\))$/\1/p' | tr -d ',')
for name in $sequences; do
    "$contpte" check --print "$name" >"$out/seeds/sequence/$name.seq"
    "$contpte" check --print "$name" --group 2 >"$out/seeds/sequence/$name-group2.seq"
done
for name in $profiles; do
    "$contpte" model --profile "$name" --print-profile >"$out/seeds/cost-profile/$name.json"
done
[[ -n "$(ls "$out/seeds/sequence")" && -n "$(ls "$out/seeds/cost-profile")" ]] || {
    echo "Fuzz/run.sh: no built-in sequences or profiles found in contpte's help" >&2
    exit 2
}
(cd "$out/seeds" && "$contpte" run --model-only --json result/model-only.json >/dev/null)
if $host_seed && [[ ! -s "$out/seeds/result/host-quick.json" ]]; then
    # Restores every huge-page setting it changes (docs/reliability.md, "Host settings are always restored").
    (cd "$out/seeds" && "$contpte" run --quick --host --json result/host-quick.json >/dev/null) ||
        echo "Fuzz/run.sh: run --quick --host failed; fuzzing without a host result seed" >&2
fi
cp "$out/seeds/result/"*.json "$out/seeds/cost-profile/"

status=0
summary=()
for target in "${targets[@]}"; do
    dict=json.dict
    [[ "$target" == sequence ]] && dict=sequence.dict
    mkdir -p "$out/corpus/$target"
    options=(-runs="$runs" -timeout=10 -rss_limit_mb=4096 -print_final_stats=1
        -dict="$root/Fuzz/$dict" -artifact_prefix="$out/crashes/$target-")
    [[ "$seconds" -gt 0 ]] && options+=(-max_total_time="$seconds")
    echo "==> fuzz-$target ${options[*]}"
    log="$out/fuzz-$target.log"
    start=$(date +%s)
    # The Swift backtracer and ASan both want the crash signal; ASan's report is the useful one.
    if SWIFT_BACKTRACE=enable=no "$out/bin/fuzz-$target" "${options[@]}" "$out/corpus/$target" "$out/seeds/$target" >"$log" 2>&1; then
        result=ok
    else
        result=CRASH
        status=1
        tail -n 40 "$log" >&2
    fi
    executed=$(sed -n 's/^stat::number_of_executed_units: *//p' "$log" | tail -n 1)
    summary+=("fuzz-$target: $result, ${executed:-?} inputs in $(($(date +%s) - start)) s (log $log)")
done
printf '%s\n' "${summary[@]}"
exit "$status"
