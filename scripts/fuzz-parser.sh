#!/usr/bin/env bash
# fuzz-parser.sh: builds the parser's libFuzzer target with clang (ASan + UBSan) in its
# own build directory and runs it for SECONDS on a seed corpus made of the shared
# corpora (sample letters and external messages). Exits non-zero on any finding; the
# crashing input is left in the build directory (crash-*).
#
# usage: scripts/fuzz-parser.sh SECONDS [SHARED_DIR]
set -euo pipefail
seconds=${1:?usage: fuzz-parser.sh SECONDS [SHARED_DIR]}
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${2:-$here/../shared}
build=$here/build-fuzz
mkdir -p "$build/seeds" "$build/corpus"

srcs=$(ls "$here"/parsers/*.cpp)
flags="-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined -I$here"
# Rebuild only when a source is newer than the binary.
if [ ! -x "$build/parse_letter_fuzzer" ] || [ -n "$(find "$here/parsers" "$here/tests/unit/parsers/fuzz" -newer "$build/parse_letter_fuzzer" -name '*.[ch]pp' | head -1)" ]; then
  echo "fuzz-parser: building with clang++"
  # shellcheck disable=SC2086
  clang++ $flags $(pkg-config --cflags icu-uc uchardet) \
    $srcs "$here/tests/unit/parsers/fuzz/parse_letter_fuzzer.cpp" \
    $(pkg-config --libs icu-uc icu-i18n uchardet) -lcrypto -o "$build/parse_letter_fuzzer"
fi

# Seeds: every message of the shared corpora (small ones; libFuzzer caps the length).
if [ -d "$shared/corpus" ]; then
  find "$shared/corpus/letters" "$shared/corpus/external" -type f ! -name '*.md' ! -name 'LICENSE*' \
    ! -name 'NOTICE*' ! -name '*.jsonl' -size -200k -exec cp -f {} "$build/seeds/" \; 2>/dev/null || true
fi
echo "fuzz-parser: $(ls "$build/seeds" | wc -l) seeds, running $seconds s"
cd "$build"
./parse_letter_fuzzer -max_total_time="$seconds" -max_len=65536 -timeout=10 -rss_limit_mb=2048 \
  -print_final_stats=1 corpus seeds
