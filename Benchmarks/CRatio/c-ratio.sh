#!/usr/bin/env bash
# The cross-process check of issue 12, item 4: alternates `contpte run --host --workload
# mprotect-subpage --backing contpte --blocks 1024 --iterations 10240 --repeats 5` with the plain C
# program beside this script (same blocks, 5 repeats of 10 passes), both pinned to one CPU and
# under the same huge-page settings: the settings the harness's document says were in force
# during its workload are held (`contpte _hold-settings`, restored on exit) while the C program
# runs. The runs go C H C H ... C: each harness run's ratio is its mean ns/op over the geometric
# mean of the C runs just before and just after it. Prints each ratio, then their median.
#
# Both place the region the same way: in the lowest free gap above 4 GiB (the harness's
# MappedRegion, CShims/placement.c; the C program's default), where a VMA split and merge cost
# every process the same.
#
# --control puts a second C run in the harness's place, so the same bracketing measures the
# host's own floor or one factor: `self` is the same program (C against C); otherwise a comma list
# of the C program's options: `pagemap` (--read-pagemap: one untimed read of the region's
# pagemap before the repeats, as the harness's backing check makes) and `kernel-placement`
# (--kernel-placement: the region where mmap(NULL) puts it). docs/benchmarks.md gives what these
# showed on the shared VM.
#
# Usage (as root, from anywhere): bash Benchmarks/CRatio/c-ratio.sh [--pairs N] [--cpu C]
#        [--control self|pagemap|kernel-placement|pagemap,kernel-placement]
# Needs: swift, cc, python3, taskset. Builds contpte in release mode first (.build/release).
# The figures in docs/benchmarks.md come from this script.
set -euo pipefail
root=$(cd "$(dirname "$0")/../.." && pwd)
pairs=7
cpu=1
control=
while [[ $# -gt 0 ]]; do
    case $1 in
    --pairs) pairs=${2:-}; shift $(($# > 1 ? 2 : 1)) ;;
    --cpu) cpu=${2:-}; shift $(($# > 1 ? 2 : 1)) ;;
    --control) control=${2:-}; shift $(($# > 1 ? 2 : 1)) ;;
    *) echo "c-ratio: unknown option '$1' (valid: --pairs N, --cpu C, --control WHAT)" >&2; exit 2 ;;
    esac
done
control_flags= # the C program's options for the middle run when it is a control
case $control in # what runs between the C runs, as the pair lines name it
'') middle=harness ;;
self) middle="plain C (control)" ;;
*)
    IFS=, read -r -a parts <<<"$control"
    for part in "${parts[@]}"; do
        case $part in
        pagemap) control_flags+=" --read-pagemap" ;;
        kernel-placement) control_flags+=" --kernel-placement" ;;
        *) echo "c-ratio: --control '$control': '$part' is not self, pagemap or kernel-placement" >&2; exit 2 ;;
        esac
    done
    middle="C${control_flags} (control)"
    ;;
esac
[[ $pairs =~ ^[1-9][0-9]*$ ]] || { echo "c-ratio: --pairs '$pairs' is not a positive whole number" >&2; exit 2; }
[[ $cpu =~ ^[0-9]+$ ]] || { echo "c-ratio: --cpu '$cpu' is not a CPU number" >&2; exit 2; }
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

settings_of() { # the --set arguments for the settings a result document says were in force
    python3 - "$1" <<'PY'
import json, sys
w = next(w for w in json.load(open(sys.argv[1]))["workloads"] if w["name"] == "mprotect-subpage")
print(" ".join(f"--set {k}={v}" for k, v in sorted(w["settings"]["before"].items())))
PY
}

run_harness() { # run name; writes $work/NAME.json
    taskset -c "$cpu" "$contpte" run --host --workload mprotect-subpage --backing contpte --blocks 1024 \
        --iterations 10240 --repeats 5 --no-color --json "$work/$1.json" >"$work/$1.log" 2>&1 || {
        tail -5 "$work/$1.log" >&2
        exit 1
    }
}
run_plain() { # run name, then extra arguments of the C program; writes $work/NAME.out
    # shellcheck disable=SC2086 # one --set per setting
    "$contpte" _hold-settings $settings --seconds 600 >"$work/hold.out" 2>&1 &
    hold=$!
    for _ in $(seq 1 100); do grep -q ready "$work/hold.out" && break; sleep 0.1; done
    grep -q ready "$work/hold.out" || { cat "$work/hold.out" >&2; exit 1; }
    # shellcheck disable=SC2086 # the extra arguments are words
    taskset -c "$cpu" "$work/plain" ${2:-} 1024 10 5 >"$work/$1.out"
    kill -TERM "$hold"
    wait "$hold" 2>/dev/null || true
    hold=
}

# The settings the harness applies, from a first (unpaired) run: the C program then runs under
# the same ones every time.
run_harness h0
settings=$(settings_of "$work/h0.json")
# C H C H ... C: every harness run sits between two C runs, and its ratio is over their geometric
# mean, so a drift of the machine's speed across the pair (seen on shared VMs over seconds)
# cancels to first order instead of landing on one side. Between two runs only this script's
# shell runs: the documents are read after the last run, so no run follows an interpreter's
# start-up and exit that another run does not (with python between the pairs, C against C gave
# medians of 0.92 to 0.97).
run_plain c0
for i in $(seq 1 "$pairs"); do
    case $control in
    '') run_harness "m$i" ;;
    *) run_plain "m$i" "$control_flags" ;;
    esac
    run_plain "c$i"
done
python3 - "$work" "$pairs" "$middle" <<'PY'
import json, statistics, sys
work, pairs, middle = sys.argv[1], int(sys.argv[2]), sys.argv[3]

def plain(name):
    with open(f"{work}/{name}.out") as f:
        return float(next(l.split()[1] for l in f if l.startswith("mean_ns_per_op")))

def middle_run(i):  # ns/op, and the harness's VMA-tree note
    try:
        with open(f"{work}/m{i}.json") as f:
            doc = json.load(f)
    except FileNotFoundError:
        return plain(f"m{i}"), ""
    w = next(w for w in doc["workloads"] if w["name"] == "mprotect-subpage")
    c = w.get("counters") or {}
    # The counting pass's VMA-tree node operations per op: 0 when the region's splits and
    # merges stay inside one maple-tree node (what its placement is for), 2 when they do not.
    tree = (f'{c["vmaTreeNodeOps"] / c["ops"]:.2f}' if c.get("vmaTreeNodeOps") is not None and c.get("ops")
            else "not counted")
    return w["nsPerOp"]["mean"], f" (VMA-tree node ops per op: {tree})"

ratios = []
for i in range(1, pairs + 1):
    before, after = plain(f"c{i - 1}"), plain(f"c{i}")
    measured, note = middle_run(i)
    ratio = measured / (before * after) ** 0.5
    ratios.append(ratio)
    print(f"pair {i}: plain C {before:.0f} ns/op, {middle} {measured:.0f} ns/op{note}, "
          f"plain C {after:.0f} ns/op, ratio {ratio:.3f}")
print("ratios:", ", ".join(f"{v:.3f}" for v in ratios), f"median {statistics.median(ratios):.3f}")
PY
