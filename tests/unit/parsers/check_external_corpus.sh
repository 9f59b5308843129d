#!/usr/bin/env bash
# check_external_corpus.sh: runs the parser over one of the shared real-world corpora
# (shared/corpus/NAME), scores it with shared/tools/score_parse.py (fails below MIN), and
# fails when a miss is not listed in ACCEPTED_FILE (each entry there says why the
# difference is accepted).
#
# usage: check_external_corpus.sh DRIVER SHARED_DIR NAME MIN ACCEPTED_FILE WORK_DIR
set -euo pipefail
driver=$1 shared=$2 name=$3 min=$4 accepted=$5 work=$6
corpus=$shared/corpus/$name
mkdir -p "$work"
"$driver" "$corpus" "$corpus/expected.jsonl" > "$work/${name}_parsed.jsonl"
status=0
/usr/bin/python3 "$shared/tools/score_parse.py" "$corpus/expected.jsonl" "$work/${name}_parsed.jsonl" \
  --min "$min" --show 100000 > "$work/${name}_score.txt" || status=$?
grep -v '^  MISS' "$work/${name}_score.txt"
# Every miss must be accepted: an entry is "file: field" at the start of a line.
unlisted=0
while IFS= read -r miss; do
  key=$(printf '%s' "$miss" | sed -E 's/^  MISS ([^:]+: [a-z_]+):.*/\1/')
  if ! grep -qF -- "$key" "$accepted"; then
    echo "not accepted: $miss"
    unlisted=1
  fi
done < <(grep '^  MISS' "$work/${name}_score.txt" || true)
if [ "$status" -ne 0 ]; then echo "score below $min"; exit 1; fi
if [ "$unlisted" -ne 0 ]; then echo "differences not listed in $accepted"; exit 1; fi
echo "all differences accepted"
