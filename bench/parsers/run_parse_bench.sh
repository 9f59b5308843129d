#!/usr/bin/env bash
# run_parse_bench.sh: obrd's parser side by side with GMime 3 and Python's email package.
#
# Corpora: with bench/gen_mailbox.py, `all` is a generated mailbox of OBRD_BENCH_LETTERS
# letters (default 400; the mix of speed-anchors.md), `small` its letters without
# attachments, `big25` its one 25 MB letter. Without the generator: `small` is the shared
# external corpus plus the sample letters, `big25` a 25 MB letter of make_big_letter.py,
# `all` both. Each
# round runs every implementation on every corpus, in an order that rotates from round to
# round; the summary gives medians, per-round time ratios and peak memory.
#
# usage: bench/parsers/run_parse_bench.sh BUILD_DIR [ROUNDS] [SHARED_DIR]
set -euo pipefail
build=${1:?usage: run_parse_bench.sh BUILD_DIR [ROUNDS] [SHARED_DIR]}
rounds=${2:-5}
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
shared=${3:-$repo/../shared}
bin=$build/bench/parsers
data=$bin/data
mkdir -p "$data"

# --- corpora ---------------------------------------------------------------------------
gen=$repo/bench/gen_mailbox.py
if [ -f "$gen" ]; then
  n=${OBRD_BENCH_LETTERS:-400}
  if [ ! -s "$data/mailbox/index.tsv" ] || [ "$(wc -l < "$data/mailbox/index.tsv")" -lt "$n" ]; then
    rm -rf "$data/mailbox"
    /usr/bin/python3 "$gen" --count "$n" --out "$data/mailbox" > /dev/null
  fi
  if [ ! -d "$data/big25" ]; then /usr/bin/python3 "$gen" --big25 --out "$data/big25" > /dev/null; fi
  find "$data/mailbox" -name '*.eml' | sort > "$data/all.list"
  grep -Ev '_(attach|big)\.eml$' "$data/all.list" > "$data/small.list" || true
  find "$data/big25" -name '*.eml' > "$data/big25.list"
else
  # Without the generator: the shared corpora, and a 25 MB letter of our own.
  if [ ! -s "$data/big25.eml" ]; then /usr/bin/python3 "$here/make_big_letter.py" "$data/big25.eml" 25; fi
  echo "$data/big25.eml" > "$data/big25.list"
  find "$shared/corpus/external" -type f ! -name '*.md' ! -name 'LICENSE*' ! -name 'NOTICE*' \
    ! -name '*.jsonl' | sort > "$data/small.list"
  find "$shared/corpus/letters" -name '*.eml' | sort >> "$data/small.list"
  cat "$data/small.list" "$data/big25.list" > "$data/all.list"
fi
echo "corpora: small $(wc -l < "$data/small.list") letters, all $(wc -l < "$data/all.list"), big25 $(head -1 "$data/big25.list")" >&2

impls=(obrd gmime python)
run() {  # impl list -> one result line
  case $1 in
    obrd) "$bin/bench_parse_obrd" "$2" ;;
    gmime) "$bin/bench_parse_gmime" "$2" ;;
    python) /usr/bin/python3 "$here/bench_parse_python.py" "$2" ;;
  esac
}

results=$data/results.txt
: > "$results"
for impl in "${impls[@]}"; do run "$impl" "$data/small.list" > /dev/null; done  # warm the page cache
for round in $(seq 1 "$rounds"); do
  for corpus in small all big25; do
    for k in 0 1 2; do
      impl=${impls[$(( (k + round) % 3 ))]}
      echo "round=$round corpus=$corpus $(run "$impl" "$data/$corpus.list")" >> "$results"
    done
  done
  echo "round $round of $rounds done" >&2
done
/usr/bin/python3 "$here/summarize_parse_bench.py" "$results" "$(stat -c %s "$(head -1 "$data/big25.list")")"
