# Compares the lane driver's LANE-RESULT lines with expected-counts.tsv (first file) and prints
# one row per workload. Exit status 1 on any mismatch, missing workload or incomplete run.
# Expected values are "N" (exact: total hits == N * ops), "LO..HI" (LO*ops <= total <= HI*ops), or
# "pagemap" (total == the driver's prediction from pagemap, its predicted_fold field), or "-" (not
# checked; the table gives the reason).
function lo(v) { return index(v, "..") ? substr(v, 1, index(v, "..") - 1) + 0 : v + 0 }
function hi(v) { return index(v, "..") ? substr(v, index(v, "..") + 2) + 0 : v + 0 }
function inrange(total, ops, v) { return total >= lo(v) * ops - 1e-9 && total <= hi(v) * ops + 1e-9 }
BEGIN { FS = "\t"; bad = 0 }
FNR == NR {
    if ($0 ~ /^#/ || $0 ~ /^[ \t]*$/) next
    order[++n] = $1; efold[$1] = $2; eunfold[$1] = $3; eafter[$1] = $4
    next
}
{
    delete kv
    for (i = 2; i <= split($0, parts, " "); i++) { split(parts[i], p, "="); kv[p[1]] = p[2] }
    w = kv["workload"]; seen[w] = 1
    ops[w] = kv["ops"]; fold[w] = kv["fold"]; unfold[w] = kv["unfold"]; blocks[w] = kv["blocks"]
    verified[w] = kv["verified"]; after[w] = kv["verified_after"]; predicted[w] = kv["predicted_fold"]; counted[w] = kv["counted"]; complete[w] = kv["complete"]
}
END {
    printf "%-20s %6s %9s %12s %12s %14s %14s  %s\n", "workload", "ops", "verified", "try_fold/op", "expected", "try_unfold/op", "expected", "verdict"
    for (i = 1; i <= n; i++) {
        w = order[i]; why = ""
        if (!(w in seen)) { printf "%-18s missing from the guest's output  MISMATCH\n", w; bad = 1; continue }
        o = ops[w] + 0
        if (!complete[w]) why = why "incomplete run; "
        if (!counted[w]) why = why "no kprobe counts; "
        if (o <= 0) why = why "no ops; "
        if (verified[w] + 0 < 0.95 * blocks[w]) why = why "backing not verified (" verified[w] "/" blocks[w] "); "
        if (eafter[w] == "same" && after[w] != verified[w]) why = why "backing changed by the op (" verified[w] " -> " after[w] "); "
        if (efold[w] == "-") {
            # not checked: the table says why
        } else if (efold[w] == "pagemap") {
            if (predicted[w] < 0 || fold[w] != predicted[w]) why = why "try_fold " fold[w] " != pagemap prediction " predicted[w] "; "
        } else if (o > 0 && !inrange(fold[w], o, efold[w])) why = why "try_fold off; "
        if (o > 0 && !inrange(unfold[w], o, eunfold[w])) why = why "try_unfold off; "
        fpo = o > 0 ? sprintf("%.3f", fold[w] / o) : "-"
        upo = o > 0 ? sprintf("%.3f", unfold[w] / o) : "-"
        ef = efold[w] == "pagemap" && o > 0 ? sprintf("%.3f(pm)", predicted[w] / o) : efold[w]
        printf "%-20s %6d %9s %12s %12s %14s %14s  %s\n", w, o, verified[w] "/" blocks[w], fpo, ef, upo, eunfold[w], why == "" ? "ok" : "MISMATCH: " why
        if (why != "") bad = 1
    }
    exit bad
}
