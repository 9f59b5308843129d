#!/usr/bin/env bash
# check_external_corpus.sh: runs the parser over shared/corpus/external, scores it with
# shared/tools/score_parse.py (fails below 98 %), and fails when a miss is not listed in
# accepted_differences.txt (each entry there says why the difference is accepted).
#
# usage: check_external_corpus.sh DRIVER SHARED_DIR ACCEPTED_FILE WORK_DIR
set -euo pipefail
driver=$1 shared=$2 accepted=$3 work=$4
corpus=$shared/corpus/external
mkdir -p "$work"
"$driver" "$corpus" "$corpus/expected.jsonl" > "$work/external_parsed.jsonl"
status=0
/usr/bin/python3 "$shared/tools/score_parse.py" "$corpus/expected.jsonl" "$work/external_parsed.jsonl" \
  --min 0.98 --show 100000 > "$work/external_score.txt" || status=$?
grep -v '^  MISS' "$work/external_score.txt"
# Every miss must be accepted: an entry is "file: field" at the start of a line.
unlisted=0
while IFS= read -r miss; do
  key=$(printf '%s' "$miss" | sed -E 's/^  MISS ([^:]+: [a-z_]+):.*/\1/')
  if ! grep -qF -- "$key" "$accepted"; then
    echo "not accepted: $miss"
    unlisted=1
  fi
done < <(grep '^  MISS' "$work/external_score.txt" || true)
if [ "$status" -ne 0 ]; then echo "score below 98 %"; exit 1; fi
if [ "$unlisted" -ne 0 ]; then echo "differences not listed in $accepted"; exit 1; fi
echo "all differences accepted"
