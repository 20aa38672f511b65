#!/bin/sh
# /init of the arm64 kernel lane's initramfs (built by .ci/arm64-kernel-lane; busybox static).
# Mounts proc, sysfs and tracefs, sets the guest's huge-page policy, registers and enables the two
# kprobe events, runs the lane driver, prints LANE-DONE and powers off. Any setup failure prints a
# LANE-ERROR line (the lane script reports it) and still ends with LANE-DONE.
export PATH=/bin
mount -t proc proc /proc
mount -t sysfs sysfs /sys
mount -t devtmpfs devtmpfs /dev 2>/dev/null
mount -t tracefs tracefs /sys/kernel/tracing
T=/sys/kernel/tracing
MM=/sys/kernel/mm/transparent_hugepage

lane_error() { echo "LANE-ERROR $*"; }
finish() {
    echo "LANE-DONE rc=$1"
    poweroff -f
    sleep 5
}

# THP: PMD THP `never` (also on the command line, transparent_hugepage=never), the contpte block
# size's mTHP `madvise` (64 KiB with 4 KiB pages, 2048 KiB with 16 KiB; /lane-mthp, written by the
# lane script): the driver's MADV_HUGEPAGE regions fault in aligned folios of that size only.
KB=$(cat /lane-mthp 2>/dev/null || echo 64)
echo never >$MM/enabled || lane_error "cannot set $MM/enabled"
echo madvise >$MM/hugepages-${KB}kB/enabled || lane_error "cannot set $MM/hugepages-${KB}kB/enabled (no ${KB} KiB mTHP?)"
# No kernel activity that migrates or remaps our pages behind the driver's back:
# NUMA balancing (also numa_balancing=disable on the command line) and proactive compaction.
echo 0 >/proc/sys/kernel/numa_balancing 2>/dev/null
echo 0 >/proc/sys/vm/compaction_proactiveness 2>/dev/null

echo "LANE-ENV kernel=$(uname -r) machine=$(uname -m) thp=$(cat $MM/enabled) mthp${KB}k=$(cat $MM/hugepages-${KB}kB/enabled) nodes=$(ls -d /sys/devices/system/node/node* | wc -l) numa_balancing=$(cat /proc/sys/kernel/numa_balancing)"

for sym in __contpte_try_fold __contpte_try_unfold; do
    grep -q " $sym\$" /proc/kallsyms || { lane_error "$sym is not in /proc/kallsyms"; finish 1; }
done
# addr: the call's address argument (both take mm, addr, ptep, pte). The driver counts hits with
# perf counters filtered on it; the events stay disabled here, so nothing fires outside a count.
echo 'p:kprobes/cpl_lane_try_fold __contpte_try_fold addr=$arg2:x64' >>$T/kprobe_events || { lane_error "kprobe on __contpte_try_fold refused"; finish 1; }
echo 'p:kprobes/cpl_lane_try_unfold __contpte_try_unfold addr=$arg2:x64' >>$T/kprobe_events || { lane_error "kprobe on __contpte_try_unfold refused"; finish 1; }
echo 0 >$T/tracing_on

/bin/contpte-lane $(cat /lane-scale 2>/dev/null)
rc=$?
echo "LANE-PROFILE-AFTER"
cat $T/kprobe_profile
finish $rc
