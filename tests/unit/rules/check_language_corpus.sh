#!/usr/bin/env bash
# check_language_corpus.sh: runs shared/corpus/language/run.sh (other projects' test cases
# for Russian мат, insults and threats, as letters) through obrctl check, and fails when,
# on the cases we judge fair, recall is below MIN_RECALL % or false hits above MAX_FPR %,
# or a control letter is not accepted. Prints run.sh's report.
#
# usage: check_language_corpus.sh OBRCTL RULES_DIR SHARED_DIR WORK_DIR MIN_RECALL MAX_FPR
set -euo pipefail
obrctl=$1 rules=$2 shared=$3 work=$4 min_recall=$5 max_fpr=$6
rm -rf "$work/language" && mkdir -p "$work/language"
RESULTS_DIR="$work/language" bash "$shared/corpus/language/run.sh" "$obrctl" "$rules" \
  > "$work/language/run.txt" 2>&1 || { cat "$work/language/run.txt"; exit 1; }
cat "$work/language/run.txt"
summary=$(grep '^SUMMARY' "$work/language/run.txt" | tail -1)
[ -n "$summary" ] || { echo "no SUMMARY line"; exit 1; }
fair=${summary#*fair-only:}
recall=$(sed -E 's/.*recall ([0-9.]+)%.*/\1/' <<<"$fair")
fpr=$(sed -E 's/.*FPR ([0-9.]+)%.*/\1/' <<<"$fair")
controls=$(sed -E 's/.*controls accepted ([0-9]+)\/([0-9]+).*/\1 \2/' <<<"$summary")
echo "fair cases: recall $recall % (goal >= $min_recall), false hits $fpr % (goal <= $max_fpr)"
status=0
awk -v r="$recall" -v m="$min_recall" 'BEGIN { exit !(r >= m) }' || { echo "recall below goal"; status=1; }
awk -v f="$fpr" -v m="$max_fpr" 'BEGIN { exit !(f <= m) }' || { echo "false hits above goal"; status=1; }
read -r accepted total <<<"$controls"
[ "$accepted" = "$total" ] || { echo "controls: only $accepted of $total accepted"; status=1; }
exit $status
