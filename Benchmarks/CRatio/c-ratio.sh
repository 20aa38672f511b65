#!/usr/bin/env bash
# The cross-process check of issue 12, item 4: alternates `contpte run --host --workload
# mprotect-subpage --backing contpte --blocks 1024 --iterations 10240 --repeats 5` with the plain C
# program beside this script (same blocks, 5 repeats of 10 passes), both pinned to one CPU and
# under the same huge-page settings: the settings the harness's document says were in force
# during its workload are held (`contpte _hold-settings`, restored on exit) while the C program
# runs, in the order A B, B A, ... Prints each pair's ratio harness mean ns/op / C mean ns/op, then their median.
#
# Usage (as root, from anywhere): bash Benchmarks/CRatio/c-ratio.sh [--pairs N] [--cpu C]
# Needs: swift, cc, python3, taskset. Builds contpte in release mode first (.build/release).
# The figure quoted in the README comes from this script.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pairs=7
cpu=1
while [[ $# -gt 0 ]]; do
    case $1 in
    --pairs) pairs=$2; shift 2 ;;
    --cpu) cpu=$2; shift 2 ;;
    *) echo "c-ratio: unknown option '$1' (valid: --pairs N, --cpu C)" >&2; exit 2 ;;
    esac
done
[[ $(id -u) == 0 ]] || { echo "c-ratio: unavailable: needs root (the huge-page settings)" >&2; exit 2; }
work=$(mktemp -d /tmp/contpte-c-ratio.XXXXXX)
hold=
cleanup() {
    if [[ -n $hold ]]; then kill -TERM "$hold" 2>/dev/null || true; wait "$hold" 2>/dev/null || true; fi
    rm -rf "$work"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

(cd "$root" && swift build -c release --product contpte >"$work/build.log" 2>&1) || {
    tail -20 "$work/build.log" >&2
    exit 1
}
contpte="$root/.build/release/contpte"
cc -O2 -Wall -Werror -o "$work/plain" "$root/Benchmarks/CRatio/plain_mprotect_subpage.c"

field() { # the mprotect-subpage workload's value at a dotted path in a result document
    python3 - "$1" "$2" <<'PY'
import json, sys
doc = json.load(open(sys.argv[1]))
w = next(w for w in doc["workloads"] if w["name"] == "mprotect-subpage")
value = w
for key in sys.argv[2].split("."):
    value = value[key]
if isinstance(value, dict):
    print(" ".join(f"--set {k}={v}" for k, v in sorted(value.items())))
else:
    print(value)
PY
}

run_harness() { # pair number; sets harness and settings
    taskset -c "$cpu" "$contpte" run --host --workload mprotect-subpage --backing contpte --blocks 1024 \
        --iterations 10240 --repeats 5 --no-color --json "$work/h$1.json" >"$work/h$1.log" 2>&1 || {
        tail -5 "$work/h$1.log" >&2
        exit 1
    }
    harness=$(field "$work/h$1.json" nsPerOp.mean)
    settings=$(field "$work/h$1.json" settings.before)
}
run_plain() { # the settings to hold; sets plain
    # shellcheck disable=SC2086 # one --set per setting
    "$contpte" _hold-settings $1 --seconds 600 >"$work/hold.out" 2>&1 &
    hold=$!
    for _ in $(seq 1 100); do grep -q ready "$work/hold.out" && break; sleep 0.1; done
    grep -q ready "$work/hold.out" || { cat "$work/hold.out" >&2; exit 1; }
    plain=$(taskset -c "$cpu" "$work/plain" 1024 10 5 | awk '/mean_ns_per_op/ {print $2}')
    kill -TERM "$hold"
    wait "$hold" 2>/dev/null || true
    hold=
}

# The settings the harness applies, from a first (unpaired) run: the C program then runs under
# the same ones in every pair, whichever comes first.
run_harness 0
ratios=()
for i in $(seq 1 "$pairs"); do
    # A B, then B A: drift and any after-effect of one run on the next cancel out.
    if ((i % 2 == 1)); then
        run_harness "$i"
        run_plain "$settings"
    else
        run_plain "$settings"
        run_harness "$i"
    fi
    ratio=$(python3 -c "print(f'{$harness / $plain:.3f}')")
    ratios+=("$ratio")
    echo "pair $i: harness $harness ns/op, plain C $plain ns/op, ratio $ratio"
done
python3 - "${ratios[@]}" <<'PY'
import statistics, sys
values = [float(v) for v in sys.argv[1:]]
print("ratios:", ", ".join(f"{v:.3f}" for v in values), f"median {statistics.median(values):.3f}")
PY
