#!/usr/bin/env bash
# Re-records herd7's answers for the sequences in this directory (docs/model.md, "herd7
# cross-check"). Not run by CI or the tests: herd7 is not a Debian package, and the project ships
# nothing of it. Usage: record.sh CONTPTE HERD7 LIBDIR
#   CONTPTE  the contpte binary (writes the litmus tests: contpte check --emit-litmus)
#   HERD7    a herd7 binary (herd/herdtools7, tag 7.58 for the recorded answers)
#   LIBDIR   its library directory (<source>/herd/libdir)
# Writes NAME.litmus and NAME+fault.litmus next to each NAME.seq, and answers.tsv.
set -euo pipefail
[[ $# -eq 3 ]] || { echo "usage: $0 CONTPTE HERD7 LIBDIR" >&2; exit 2; }
contpte=$1 herd=$2 libdir=$3
cd "$(dirname "$0")"
version=$("$herd" -version | head -1 | awk '{print $1}' | tr -d ',')
out=answers.tsv.new
printf 'sequence\tquestion\therd7\tobservation\n' >"$out"
for seq in *.seq; do
    name=${seq%.seq}
    for question in stale-after-end translation-fault; do
        litmus=$name.litmus
        [[ $question == translation-fault ]] && litmus=$name+fault.litmus
        "$contpte" check "$seq" --emit-litmus "$litmus" --litmus-question "$question"
        observation=$("$herd" -set-libdir "$libdir" -variant vmsa,fatal "$litmus" | grep '^Observation ')
        [[ -n $observation ]] || { echo "$litmus: herd7 printed no Observation line" >&2; exit 1; }
        printf '%s\t%s\t%s\t%s\n' "$name" "$question" "$version" "$observation" >>"$out"
    done
done
mv "$out" answers.tsv
echo "recorded $(($(wc -l <answers.tsv) - 1)) answers with herd7 $version"
