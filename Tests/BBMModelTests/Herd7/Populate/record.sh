#!/usr/bin/env bash
# Re-records herd7's answers for the one-page reduction of a table populate (docs/model.md,
# "Two table levels", herd7): split_pmd() stores the new table's entries, then dsb(ishst), then
# the table descriptor. herd7 7.58's VMSA model has one descriptor per page and no table
# descriptor (docs/model.md says where), so the table descriptor is a data store to y and the
# walk of the lower table is CPU 1's access to x after it reads y (by an address dependency, or
# DSB ISH; ISB). The question: may CPU 1 read y = 1 and take a translation fault on x?
# Not run by CI (herd7 is not a Debian package). Usage: record.sh HERD7 LIBDIR
set -euo pipefail
[[ $# -eq 2 ]] || { echo "usage: $0 HERD7 LIBDIR" >&2; exit 2; }
herd=$1 libdir=$2
cd "$(dirname "$0")"
version=$("$herd" -version | head -1 | cut -d, -f1)
out=answers.tsv.new
printf 'litmus\therd7\tobservation\n' >"$out"
for barrier in nodsb dsbst dsb; do
    for reader in addr dsbisb; do
        test=populate-$barrier+$reader+fault
        observation=$("$herd" -set-libdir "$libdir" -variant vmsa,fatal "$test.litmus" | grep '^Observation ')
        [[ -n $observation ]] || { echo "$test: herd7 printed no Observation line" >&2; exit 1; }
        printf '%s\t%s\t%s\n' "$test" "$version" "$observation" >>"$out"
    done
done
mv "$out" answers.tsv
echo "recorded $(($(wc -l <answers.tsv) - 1)) answers with herd7 $version"
