#!/bin/sh
# /init of the arm64 Swift lane's initramfs (built by .ci/arm64-swift-lane; busybox static).
# Runs the cross-built `contpte` as a user would on an arm64 host, as root:
#   contpte env --json, contpte check --format ktap, then
#   contpte run --host --quick --json /out/result.json --format ktap (one run: the document is
#   written and the KTAP goes to stdout, which the lane parses with the kernel's kunit.py),
# records the huge-page settings before and after (the harness must restore them), the kernel
# log, and prints every output file base64-encoded between LANE-FILE-BEGIN/END markers on the
# console, which the lane decodes. Ends with LANE-DONE and powers off, whatever failed.
export PATH=/bin:/usr/bin
export HOME=/root
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing 2>/dev/null
mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null
mkdir -p /tmp /root /out /run
# As on any systemd or sysvinit host: the harness keeps its settings journal under /run.
mount -t tmpfs tmpfs /run
mount -t tmpfs tmpfs /tmp

# The settings the harness may change, one `path value` line each (the lane compares before/after).
settings() {
    for f in /sys/kernel/mm/transparent_hugepage/enabled \
        /sys/kernel/mm/transparent_hugepage/defrag \
        /sys/kernel/mm/transparent_hugepage/hugepages-*/enabled; do
        [ -r "$f" ] && echo "$f $(cat "$f")"
    done
    ls /sys/kernel/tracing/events/kprobes 2>/dev/null | sed 's/^/kprobe-event /'
}

emit() { # name file
    echo "LANE-FILE-BEGIN $1"
    base64 "$2"
    echo "LANE-FILE-END $1"
}

# lab_pmu_user=yes (guests.tsv): let user space read the PMU, as an expert tuning a host would;
# `run` must then time with the PMU cycle counter.
if grep -q "lab_pmu_user=yes" /proc/cmdline; then
    echo 1 >/proc/sys/kernel/perf_user_access && echo "LANE-PMU-USER 1"
fi
settings >/out/settings-before.txt
echo "LANE-MIDR $(cat /sys/devices/system/cpu/cpu0/regs/identification/midr_el1 2>/dev/null)"
echo "LANE-STAGE env"
/bin/contpte env --json >/out/env.json 2>/out/env.stderr
echo "LANE-RC env $?"
echo "LANE-STAGE check"
/bin/contpte check --format ktap >/out/check.ktap 2>/out/check.stderr
echo "LANE-RC check $?"
# lab_backings=a,b,... (guests.tsv): one --backing each; `default` leaves the choice to run.
backing_args=
for arg in $(cat /proc/cmdline); do
    case "$arg" in
        lab_backings=default) ;;
        lab_backings=*) for b in $(echo "${arg#lab_backings=}" | sed 's/,/ /g'); do backing_args="$backing_args --backing $b"; done ;;
    esac
done
echo "LANE-STAGE run$backing_args"
/bin/contpte run --host --quick --no-color --json /out/result.json --format ktap $backing_args >/out/run.ktap 2>/out/run.stderr
echo "LANE-RC run $?"
settings >/out/settings-after.txt
# From here on only our own lines reach the console: the kernel log is taken with dmesg.
dmesg -n 1
dmesg >/out/dmesg.txt
cat /out/check.ktap /out/run.ktap
for f in env.json env.stderr check.ktap check.stderr result.json run.ktap run.stderr settings-before.txt settings-after.txt dmesg.txt; do
    [ -f "/out/$f" ] && emit "$f" "/out/$f"
done
echo "LANE-DONE"
poweroff -f
sleep 5
