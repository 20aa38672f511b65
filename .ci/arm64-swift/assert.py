#!/usr/bin/env python3
"""The arm64 Swift lane's assertions over what the guests and user mode produced (issue 11).

Usage: assert.py --root REPO --out .build/arm64-swift-lane [--kunit KUNIT_PY] --guests NAME...

Every failure is one line naming the guest (or `user`) and the field; the exit status is 1 when
any assertion failed. What is asserted:
- user mode: the aarch64 build's `model` section (run --model-only) and `check --json` output equal
  the x86_64 build's, apart from timings (keys named `seconds` or ending in `Seconds`) and dates;
- env tells the truth: arch, kernel release (against the kernel's own `Linux version` line in
  boot.log), page size and CONT_PTES, MIDR, NUMA nodes, and the BBM status against the kernel's
  capability line in boot.log (guests.tsv states what each guest must show);
- every workload is measured on backing verified as aligned contpte blocks, before and after;
  on a kernel without contpte (kernel 6.1 in guests.tsv: Debian 12's), env says contpte is not
  expected because the release predates it and kallsyms has no __contpte_try_fold, every contpte
  backing is skipped saying per-size mTHP (v6.8) is missing, base and pmd are measured with their
  convert counts unavailable (with the reason), the calibration is skipped, and nothing claims a
  contpte block;
- the per-op convert counts match CShims/lane/expected-convert-counts.tsv for that kernel;
- the huge-page settings and kprobe events inside the guest are as before the run;
- every result document validates against Schemas/result-v1.schema.json;
- with --kunit: each guest's run.ktap and check.ktap, parsed by the kernel's kunit.py
  (`kunit.py parse --json=FILE`), count as many tests, passes, failures and skips as the JSON
  documents say (run: one leaf per workload entry, `skipped` a skip, `incomplete` or an unbacked
  contpte backing a failure; check: one leaf per result, a violation a failure, from the user-mode
  check.json of the same binary), and one line per guest says `<guest>: tests N, pass N, fail N,
  skip N` (also in OUT/ktap-summary.txt).
"""
import argparse
import csv
import json
import pathlib
import re
import sys

failures = []


def fail(where, field, what):
    failures.append(f"{where}: {field}: {what}")


def without_timings(value):
    """The value with every timing key (`seconds`, `*Seconds`, `startedAt`) removed."""
    if isinstance(value, dict):
        return {
            key: without_timings(item)
            for key, item in value.items()
            if key != "seconds" and not key.endswith("Seconds") and key != "startedAt"
        }
    if isinstance(value, list):
        return [without_timings(item) for item in value]
    return value


def first_difference(a, b, path="$"):
    if type(a) is not type(b):
        return f"{path}: {a!r} vs {b!r}"
    if isinstance(a, dict):
        for key in sorted(set(a) | set(b)):
            if key not in a or key not in b:
                return f"{path}.{key}: present in only one"
            found = first_difference(a[key], b[key], f"{path}.{key}")
            if found:
                return found
        return None
    if isinstance(a, list):
        if len(a) != len(b):
            return f"{path}: {len(a)} vs {len(b)} items"
        for index, (x, y) in enumerate(zip(a, b)):
            found = first_difference(x, y, f"{path}[{index}]")
            if found:
                return found
        return None
    return None if a == b else f"{path}: {a!r} (aarch64) vs {b!r} (x86_64)"


def load_json(where, path):
    try:
        return json.loads(path.read_text())
    except (OSError, ValueError) as error:
        fail(where, path.name, f"unreadable: {error}")
        return None


def check_user(out):
    user = out / "user"
    arm = load_json("user", user / "model-only.json")
    x86 = load_json("user", user / "model-only.x86_64.json")
    if arm and x86:
        found = first_difference(without_timings(arm.get("model")), without_timings(x86.get("model")), "model")
        if found:
            fail("user", "model-only.json model", f"differs from the x86_64 build: {found}")
    arm = load_json("user", user / "check.json")
    x86 = load_json("user", user / "check.x86_64.json")
    if arm and x86:
        found = first_difference(without_timings(arm), without_timings(x86), "check")
        if found:
            fail("user", "check.json", f"differs from the x86_64 build: {found}")


def read_table(path):
    rows = [line for line in path.read_text().splitlines() if line and not line.startswith("#")]
    return list(csv.reader(rows, delimiter="\t"))


# A value matches within this many calls per op: the counts cover the workload's own region and
# process tree (ConvertCounter), and a real change of the op's path moves them by >= 1 per op (or
# by 1 per block), far outside it.
STRAY_CALLS_PER_OP = 0.01


def matches(expected, actual):
    """`N` or `LO..HI` inclusive, each within STRAY_CALLS_PER_OP."""
    if actual is None:
        return False
    if ".." in expected:
        low, high = (float(x) for x in expected.split(".."))
    else:
        low = high = float(expected)
    return low - STRAY_CALLS_PER_OP <= actual <= high + STRAY_CALLS_PER_OP


def check_guest(root, out, guest, spec, counts):
    gdir = out / guest
    boot = (gdir / "boot.log").read_text(errors="replace") if (gdir / "boot.log").exists() else ""
    env = load_json(guest, gdir / "env.json")
    result = load_json(guest, gdir / "result.json")
    if env is None or result is None:
        return
    version = re.search(r"Linux version (\S+)", boot)
    if not version:
        fail(guest, "boot.log", "no 'Linux version' line")
    elif env.get("kernelRelease") != version.group(1):
        fail(guest, "env.kernelRelease", f"{env.get('kernelRelease')!r}, the kernel says {version.group(1)!r}")
    if env.get("arch") != "aarch64":
        fail(guest, "env.arch", f"{env.get('arch')!r}, expected 'aarch64'")
    timer = env.get("timer") or {}
    want_source = "pmccntr_el0" if spec.get("pmu_user") == "yes" else "cntvct_el0"
    if timer.get("source") != want_source:
        fail(guest, "env.timer.source", f"{timer.get('source')!r}, expected {want_source} (pmu_user {spec.get('pmu_user')}; {timer.get('pmuUnavailableReason')})")
    elif want_source == "cntvct_el0" and "perf_user_access is 0" not in (timer.get("pmuUnavailableReason") or ""):
        fail(guest, "env.timer.pmuUnavailableReason", f"{timer.get('pmuUnavailableReason')!r}, expected the perf_user_access reason")
    run_timer = (result.get("host") or {}).get("timer") or {}
    if run_timer.get("source") != want_source:
        fail(guest, "result.host.timer.source", f"{run_timer.get('source')!r}, expected {want_source}")
    if env.get("pageSize") != int(spec["page_size"]):
        fail(guest, "env.pageSize", f"{env.get('pageSize')}, expected {spec['page_size']}")
    if env.get("contPtes") != int(spec["cont_ptes"]):
        fail(guest, "env.contPtes", f"{env.get('contPtes')}, expected {spec['cont_ptes']}")
    # Issue 21: every guest runs under QEMU's TCG, and says so with its evidence; the feature is
    # named as the kernel names it (BBM level 3 on 7.3, and the architecture's name where the
    # kernel has no such feature).
    for where, virtualization in (("env", env.get("virtualization")), ("result.host", (result.get("host") or {}).get("virtualization"))):
        if (virtualization or {}).get("kind") != "emulated":
            fail(guest, f"{where}.virtualization", f"{virtualization!r}, expected kind 'emulated' (QEMU TCG)")
    feature = (env.get("bbml2") or {}).get("featureName")
    if feature != "BBM level 3":
        fail(guest, "env.bbml2.featureName", f"{feature!r}, expected 'BBM level 3' (no 6.17-6.18 kernel in the lane)")
    midrs = (env.get("cpu") or {}).get("midrs") or []
    if not midrs or any(int(m, 16) != int(spec["midr"], 16) for m in midrs):
        fail(guest, "env.cpu.midrs", f"{midrs!r}, expected {spec['midr']} on every CPU")
    nodes = (env.get("numa") or {}).get("nodes") or []
    if len(nodes) != 2:
        fail(guest, "env.numa.nodes", f"{len(nodes)} nodes, the guest has 2")
    kernel_active = bool(re.search(r"CPU features: detected: (BBM Level 3|BBM Level 2 without conflict abort)", boot))
    status = (env.get("bbml2") or {}).get("status")
    if kernel_active != (spec["bbm_active"] == "yes"):
        fail(guest, "boot.log", f"BBM capability line {'present' if kernel_active else 'absent'}, guests.tsv says {spec['bbm_active']}")
    if (status == "active") != kernel_active:
        fail(guest, "env.bbml2.status", f"{status!r} but the kernel log {'says' if kernel_active else 'does not say'} it uses BBM level 3")

    block = int(spec["page_size"]) * int(spec["cont_ptes"])
    kernel = spec["kernel"]
    if kernel in NO_CONTPTE_KERNELS:
        check_no_contpte(guest, env, result)
    for workload in result.get("workloads", []) if kernel not in NO_CONTPTE_KERNELS else []:
        name = f"{workload.get('name')}/{workload.get('backing')}"
        if workload.get("status") != "measured":
            fail(guest, f"workloads[{name}].status", f"{workload.get('status')!r} ({workload.get('skipReason') or workload.get('reason')})")
            continue
        if workload.get("blockBytes") != block:
            fail(guest, f"workloads[{name}].blockBytes", f"{workload.get('blockBytes')!r}, expected {block} (page size x CONT_PTES)")
        if workload.get("name") == "tlb-reach" and workload.get("backing") not in ("contpte", "64k"):
            continue
        if workload.get("backing") == "contpte" and workload.get("folioBytes") != block:
            fail(guest, f"workloads[{name}].folioBytes", f"{workload.get('folioBytes')!r}, expected {block}")
        verified = workload.get("verified") or {}
        blocks = verified.get("blocks")
        # dontneed-subpage, mremap-move and migrate split or leave their blocks by design
        # (CShims/lane/expected-counts.tsv, backing-after "any"): only "before" is checked there.
        splits = workload.get("name") in ("dontneed-subpage", "mremap-move", "migrate")
        # mremap-move's blocks exist only inside an op: its check is the mTHP fault counters'
        # (top-level alignedFolioBlocks), with no before/after pagemap reading.
        phases = ("before",) if splits else ("before", "after")
        for when in phases if "before" in verified else (None,):
            got = (verified.get(when) or {}).get("alignedFolioBlocks") if when else verified.get("alignedFolioBlocks")
            field = f"verified.{when}.alignedFolioBlocks" if when else "verified.alignedFolioBlocks"
            if not blocks or got != blocks:
                fail(guest, f"workloads[{name}].{field}", f"{got} of {blocks} blocks are aligned {block >> 10} KiB contpte folios")
        orders = (verified.get("before") or {}).get("folioOrders") or {}
        want_order = str(int(spec["cont_ptes"]).bit_length() - 1)
        if orders and set(orders) != {want_order}:
            fail(guest, f"workloads[{name}].verified.before.folioOrders", f"{orders}, expected only order {want_order} ({block >> 10} KiB)")
        expected = counts.get((kernel, workload.get("name")))
        if expected is None:
            continue
        got = workload.get("contpte") or {}
        for field, want in (("tryFoldPerOp", expected[0]), ("tryUnfoldPerOp", expected[1])):
            if not matches(want, got.get(field)):
                fail(guest, f"workloads[{name}].contpte.{field}", f"{got.get(field)!r}, expected {want} on {kernel} ({got.get('unavailableReason') or 'counted'})")

    before = (gdir / "settings-before.txt").read_text() if (gdir / "settings-before.txt").exists() else None
    after = (gdir / "settings-after.txt").read_text() if (gdir / "settings-after.txt").exists() else None
    if before is None or after is None:
        fail(guest, "settings", "the guest recorded no settings before/after")
    elif before != after:
        diff = sorted(set(after.splitlines()) ^ set(before.splitlines()))
        fail(guest, "settings", f"not restored after the run: {diff[:4]}")
    settings = result.get("settings") or {}
    if settings.get("before") != settings.get("after"):
        fail(guest, "result.settings", "before and after differ")


# Kernels without contpte (guests.tsv's kernel column): Debian 12's 6.1 predates contpte (v6.9) and
# per-size mTHP (v6.8), so no anonymous folio of the contpte size can exist there.
NO_CONTPTE_KERNELS = {"6.1"}


def check_no_contpte(guest, env, result):
    """A kernel without contpte: env says why, run skips contpte backings and claims no block."""
    contpte = env.get("contpte") or {}
    reason = contpte.get("reason") or ""
    if contpte.get("expected") is not False:
        fail(guest, "env.contpte.expected", f"{contpte.get('expected')!r}, expected false ({reason})")
    for needed in ("predates contpte (v6.9)", "has no __contpte_try_fold"):
        if needed not in reason:
            fail(guest, "env.contpte.reason", f"{reason!r} does not say {needed!r}")
    if (result.get("host") or {}).get("contpte") != contpte:
        fail(guest, "result.host.contpte", f"{(result.get('host') or {}).get('contpte')!r}, env says {contpte!r}")
    measured = set()
    for workload in result.get("workloads", []):
        name = f"{workload.get('name')}/{workload.get('backing')}"
        status, why = workload.get("status"), workload.get("reason") or ""
        if workload.get("backing") == "contpte":
            if status != "skipped" or "predates per-size mTHP (v6.8)" not in why:
                fail(guest, f"workloads[{name}].status", f"{status!r} ({why!r}), expected skipped: per-size mTHP (v6.8) missing")
            continue
        if status != "measured":
            fail(guest, f"workloads[{name}].status", f"{status!r} ({why!r}), expected measured")
            continue
        measured.add(workload.get("backing"))
        verified = workload.get("verified") or {}
        for when in ("before", "after", None):
            got = (verified.get(when) or {}).get("alignedFolioBlocks") if when else verified.get("alignedFolioBlocks")
            if got:
                fail(guest, f"workloads[{name}].verified{'.' + when if when else ''}.alignedFolioBlocks", f"{got}: claims contpte blocks on a kernel without contpte")
        counts = workload.get("contpte") or {}
        if counts.get("tryFoldPerOp") is not None or counts.get("tryUnfoldPerOp") is not None:
            fail(guest, f"workloads[{name}].contpte", f"{counts!r}: convert counts on a kernel without contpte")
        elif workload.get("name") != "tlb-reach" and "__contpte_try_fold" not in (counts.get("unavailableReason") or ""):
            # (tlb-reach converts nothing, so it counts nothing anywhere.)
            fail(guest, f"workloads[{name}].contpte.unavailableReason", f"{counts.get('unavailableReason')!r}, expected the kallsyms reason")
    if measured != {"base", "pmd"}:
        fail(guest, "workloads", f"measured backings {sorted(measured)}, expected base and pmd")
    calibration = result.get("calibration") or {}
    if calibration.get("status") != "skipped" or "predates per-size mTHP" not in (calibration.get("reason") or ""):
        fail(guest, "calibration", f"{calibration.get('status')!r} ({calibration.get('reason')!r}), expected skipped for the missing mTHP size")


def kunit_counts(kunit, ktap):
    """kunit.py parse's top-level counts of `ktap` (its --json `misc`), or an error string."""
    import subprocess
    import tempfile

    with tempfile.TemporaryDirectory() as scratch:
        out = pathlib.Path(scratch) / "kunit.json"
        # kunit.py changes directory to the kernel tree above it: absolute paths only.
        run = subprocess.run(
            [sys.executable, str(kunit), "parse", f"--json={out}", str(ktap.resolve())],
            capture_output=True, text=True, timeout=120,
        )
        if not out.exists():
            return f"kunit.py parse exited {run.returncode} without JSON: {(run.stdout + run.stderr).strip()[-300:]}"
        misc = json.loads(out.read_text()).get("misc") or {}
    return {key: misc.get(key, 0) for key in ("tests", "passed", "failed", "crashed", "skipped", "errors")}


def run_expected(result):
    """The counts run.ktap must give: one leaf per workload entry (RunKTAP's rules)."""
    expected_contpte = ((result.get("host") or {}).get("contpte") or {}).get("expected")
    tests = failed = skipped = 0
    for workload in result.get("workloads", []):
        tests += 1
        verified = workload.get("verified") or {}
        unbacked = (
            workload.get("backing") == "contpte" and expected_contpte and verified.get("verifiable")
            and verified.get("alignedFolioBlocks") == 0 and (verified.get("blocks") or 0) > 0
        )
        if workload.get("status") == "skipped":
            skipped += 1
        elif workload.get("status") == "incomplete" or unbacked:
            failed += 1
    return {"tests": tests, "passed": tests - failed - skipped, "failed": failed, "crashed": 0, "skipped": skipped, "errors": 0}


def check_expected(check):
    """The counts check.ktap must give: one leaf per result, a violation a failure."""
    results = check.get("results", [])
    failed = sum(1 for r in results if r.get("verdict") == "violation")
    return {"tests": len(results), "passed": len(results) - failed, "failed": failed, "crashed": 0, "skipped": 0, "errors": 0}


def check_ktap(out, guest, kunit, user_check):
    """Parses the guest's KTAP with kunit.py, checks it against the JSON, returns its summary line."""
    gdir = out / guest
    result = load_json(guest, gdir / "result.json")
    total = {"tests": 0, "passed": 0, "failed": 0, "skipped": 0}
    for name, expected in (("run.ktap", run_expected(result) if result else None), ("check.ktap", check_expected(user_check) if user_check else None)):
        if not (gdir / name).exists():
            fail(guest, name, "missing (did the guest run --format ktap?)")
            continue
        got = kunit_counts(kunit, gdir / name)
        if isinstance(got, str):
            fail(guest, name, got)
            continue
        if expected is not None and got != expected:
            fail(guest, f"{name} (kunit.py)", f"{got}, the JSON says {expected}")
        for key in total:
            total[key] += got[key]
    return f"{guest}: tests {total['tests']}, pass {total['passed']}, fail {total['failed']}, skip {total['skipped']}"


def check_schema(root, out, guests):
    try:
        import jsonschema
    except ImportError:
        fail("all", "schema", "python3's jsonschema is not installed (.ci/run installs it)")
        return
    schema = json.loads((root / "Schemas" / "result-v1.schema.json").read_text())
    documents = [out / "user" / "model-only.json"] + [out / g / "result.json" for g in guests]
    for path in documents:
        if not path.exists():
            continue
        errors = sorted(jsonschema.Draft202012Validator(schema).iter_errors(json.loads(path.read_text())), key=str)
        for error in errors[:3]:
            fail(path.parent.name, f"{path.name} schema", f"{'/'.join(map(str, error.absolute_path))}: {error.message}")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--root", required=True, type=pathlib.Path)
    parser.add_argument("--out", required=True, type=pathlib.Path)
    parser.add_argument("--guests", nargs="*", default=[])
    parser.add_argument("--kunit", type=pathlib.Path, help="the kernel's tools/testing/kunit/kunit.py")
    args = parser.parse_args()
    specs = {}
    header = None
    for line in (args.root / ".ci/arm64-swift/guests.tsv").read_text().splitlines():
        if line.startswith("# name"):
            header = [h.strip() for h in line[2:].split("\t")]
        elif line and not line.startswith("#"):
            specs[line.split("\t")[0]] = dict(zip(header, line.split("\t")))
    counts = {}
    for row in read_table(args.root / "CShims/lane/expected-convert-counts.tsv"):
        counts[(row[0], row[1])] = (row[2], row[3])
    check_user(args.out)
    for guest in args.guests:
        check_guest(args.root, args.out, guest, specs[guest], counts)
    check_schema(args.root, args.out, args.guests)
    # Issue 21: the lane's comparison names its documents by label, never the guests' '(none)'
    # host name, compares the counts, and no output says BBML2 for a 7.3 kernel.
    for name in ("compare.txt", "report.html"):
        path = args.out / name
        if path.exists() and "(none)" in path.read_text(errors="replace"):
            fail("lane", name, "shows the host name '(none)'")
    compare = args.out / "compare.txt"
    if len(args.guests) >= 2 and compare.exists():
        text = compare.read_text(errors="replace")
        for row in ("fold calls/op", "unfold calls/op", "verified blocks", "emulated, not a hardware time"):
            if row not in text:
                fail("lane", "compare.txt", f"no '{row}'")
    for guest in args.guests:
        if specs[guest].get("kernel", "").startswith("7.3"):
            for name in ("env.json", "result.json", "run.stdout"):
                path = args.out / guest / name
                if path.exists() and "BBML2" in path.read_text(errors="replace").replace('"bbml2"', ""):
                    fail(guest, name, "says BBML2 on a 7.3 kernel")
    if args.kunit:
        user_check = load_json("user", args.out / "user" / "check.json")
        lines = [check_ktap(args.out, guest, args.kunit, user_check) for guest in args.guests]
        (args.out / "ktap-summary.txt").write_text("".join(line + "\n" for line in lines))
        for line in lines:
            print(line)
    known = [row for row in read_table(args.root / ".ci/arm64-swift/known-defects.tsv") if row[0] in args.guests]
    real, seen = [], set()
    for line in failures:
        match = next((row for row in known if line.startswith(f"{row[0]}: ") and re.match(row[1], line[len(row[0]) + 2 :])), None)
        if match:
            seen.add((match[0], match[1]))
            print(f"assert: KNOWN ({match[3]}): {line}", file=sys.stderr)
        else:
            real.append(line)
            print(f"assert: FAILED: {line}", file=sys.stderr)
    for row in known:
        if row[2] == "flaky" and (row[0], row[1]) not in seen:
            print(f"assert: known flaky defect held this run: {row[0]}: {row[1]} ({row[3]})", file=sys.stderr)
        elif (row[0], row[1]) not in seen:
            real.append(f"{row[0]}: {row[1]}: holds now: remove it from .ci/arm64-swift/known-defects.tsv")
            print(f"assert: FAILED: {real[-1]}", file=sys.stderr)
    print(
        f"assert: {len(real)} failed, {len(seen)} known defects (issues 11, 12)" if real
        else f"assert: all held ({len(args.guests)} guests and user mode) but {len(seen)} known defects (issues 11, 12)",
        file=sys.stderr,
    )
    return 1 if real else 0


if __name__ == "__main__":
    sys.exit(main())
