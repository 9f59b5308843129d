#!/usr/bin/env bash
# check_lexicon.sh: the obscene matcher over every form of Debian's Russian dictionary
# (hunspell-ru, expanded with unmunch: about 1.25 million forms). Fails when it flags a
# form that is not in EXPECTED_FILE, the reviewed list of dictionary words that are мат,
# or no longer flags one that is. Ordinary vocabulary is where a filter's false hits live
# (рубля, ансамбля, оскорблять, сваебойный, Амударья), and no one can list them by hand.
#
# usage: check_lexicon.sh LEXICON_SCAN RULES_DIR EXPECTED_FILE WORK_DIR
set -euo pipefail
scan=$1 rules=$2 expected=$3 work=$4
dic=/usr/share/hunspell/ru_RU.dic aff=/usr/share/hunspell/ru_RU.aff
[ -r "$dic" ] && [ -r "$aff" ] || { echo "hunspell-ru is not installed ($dic)"; exit 1; }
command -v unmunch >/dev/null || { echo "unmunch (hunspell-tools) is not installed"; exit 1; }
mkdir -p "$work"
unmunch "$dic" "$aff" 2>/dev/null | LC_ALL=C sort -u > "$work/ru_forms.txt"
forms=$(wc -l < "$work/ru_forms.txt")
[ "$forms" -gt 1000000 ] || { echo "only $forms forms from unmunch"; exit 1; }
"$scan" "$rules" "$work/ru_forms.txt" | cut -f1 | LC_ALL=C sort -u > "$work/lexicon_hits.txt"
grep -v '^#' "$expected" | LC_ALL=C sort -u > "$work/lexicon_expected.txt"
echo "forms: $forms; flagged: $(wc -l < "$work/lexicon_hits.txt"); reviewed as мат: $(wc -l < "$work/lexicon_expected.txt")"
status=0
if ! diff "$work/lexicon_expected.txt" "$work/lexicon_hits.txt" > "$work/lexicon_diff.txt"; then
  echo "differences ('>' flagged but not reviewed as мат: a false hit; '<' мат no longer flagged):"
  cat "$work/lexicon_diff.txt"
  status=1
fi
exit $status
