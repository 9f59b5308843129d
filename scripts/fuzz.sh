#!/usr/bin/env bash
# fuzz.sh: builds obrd's libFuzzer targets with clang (ASan + UBSan) in their own build
# directory and runs each for SECONDS on a seed corpus made of every shared corpus (sample
# letters, both external corpora, the language cases) and tests/fuzz/regressions/ (inputs
# that once found a problem). Exits non-zero on any finding; the crashing input is left in
# build-fuzz/TARGET/ (crash-*).
#
#   parse_letter     obrd::parse_letter and its JSON, and the Authentication-Results reader
#                    on the input and on the letter's headers (tests/fuzz/parse_letter_fuzzer.cpp)
#   decision_path    parse -> rules -> notice and card -> parse again, with the checks of
#                    tests/fuzz/decision_path_fuzzer.cpp
#
# usage: scripts/fuzz.sh SECONDS [TARGET...]   (default: both targets, SECONDS each)
set -euo pipefail
seconds=${1:?usage: fuzz.sh SECONDS [TARGET...]}
shift
targets=("$@")
[ ${#targets[@]} -gt 0 ] || targets=(parse_letter decision_path)
here=$(cd "$(dirname "$0")/.." && pwd)
shared=${OBRD_SHARED_DIR:-$here/../shared}
build=$here/build-fuzz
mkdir -p "$build/seeds"

flags=(-std=c++20 -O1 -g -fsanitize=fuzzer,address,undefined -fno-sanitize-recover=undefined
  "-I$here" "-DOBRD_SOURCE_DIR_DEFAULT=\"$here\"")
read -r -a icu_cflags <<<"$(pkg-config --cflags icu-uc uchardet)"
read -r -a icu_libs <<<"$(pkg-config --libs icu-uc icu-i18n uchardet)"

sources_of() {
  case "$1" in
  parse_letter) ls "$here"/parsers/*.cpp ;;
  decision_path)
    ls "$here"/parsers/*.cpp "$here"/rules/*.cpp "$here"/notices/*.cpp
    echo "$here/daemon/rule_files.cpp" "$here/daemon/notice_files.cpp" "$here/reports/classifier.cpp" ;;
  *) echo "fuzz: unknown target '$1'" >&2; exit 64 ;;
  esac
}

# Seeds: every message of the shared corpora (small ones; libFuzzer caps the length).
if [ -d "$shared/corpus" ]; then
  find "$shared/corpus" -type f ! -name '*.md' ! -name 'LICENSE*' ! -name 'NOTICE*' \
    ! -name '*.jsonl' ! -name '*.json' ! -name '*.sh' ! -name '*.py' -size -200k \
    -exec cp -f {} "$build/seeds/" \; 2>/dev/null || true
fi
# And every input that once found a problem (kept in the repository).
cp -f "$here"/tests/fuzz/regressions/* "$build/seeds/" 2>/dev/null || true

for target in "${targets[@]}"; do
  mapfile -t srcs < <(sources_of "$target" | tr ' ' '\n')
  bin="$build/$target/${target}_fuzzer"
  mkdir -p "$build/$target/corpus"
  # Rebuild only when a source is newer than the binary.
  if [ ! -x "$bin" ] || [ -n "$(find "${srcs[@]}" "$here/tests/fuzz" "$here"/parsers "$here"/rules \
    "$here"/notices "$here"/daemon -maxdepth 1 -newer "$bin" -name '*.[ch]pp' | head -1)" ]; then
    echo "fuzz: building $target with clang++"
    clang++ "${flags[@]}" "${icu_cflags[@]}" "${srcs[@]}" "$here/tests/fuzz/${target}_fuzzer.cpp" \
      "${icu_libs[@]}" -lcrypto -o "$bin"
  fi
  echo "fuzz: $target: $(ls "$build/seeds" | wc -l) seeds, running $seconds s"
  (cd "$build/$target" && "$bin" -max_total_time="$seconds" -max_len=65536 -timeout=10 \
    -rss_limit_mb=2048 -print_final_stats=1 corpus "$build/seeds")
done
