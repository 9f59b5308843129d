#!/usr/bin/env bash
# test.sh: README command 2, and what CI runs (.ci/run). Installs what is missing, builds,
# and runs the whole suite twice: a normal build, then one under AddressSanitizer and
# UndefinedBehaviorSanitizer; then the Debian package is built (Release), installed, used
# and purged (scripts/check-package.sh); then a 2-minute soak of the daemon (bench/soak.sh) and a
# minute of fuzzing per target. Integration tests start their own PostgreSQL, Dovecot and
# SMTP server on free 127.0.0.1 ports. Exits non-zero on the first failing stage.
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)

stage() { printf '\n=== %s ===\n' "$*"; }

stage "dependencies"
bash scripts/install-deps.sh test

stage "format check (clang-format --dry-run)"
mapfile -t sources < <(git ls-files '*.cpp' '*.hpp' '*.h' '*.cc')
if [ ${#sources[@]} -gt 0 ]; then
  clang-format --dry-run --Werror "${sources[@]}"
fi

jobs=$(nproc)
stage "build (RelWithDebInfo)"
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo -DOBRD_WERROR=ON >/dev/null
cmake --build build -j"$jobs"

stage "tests (unit + integration)"
(cd build && ctest --output-on-failure -j2 --timeout 300)

stage "build (ASan + UBSan)"
cmake -S . -B build-asan -DCMAKE_BUILD_TYPE=Debug -DOBRD_SANITIZE=ON -DOBRD_BENCH=OFF -DOBRD_WERROR=ON \
  >/dev/null
cmake --build build-asan -j"$jobs"

stage "tests under ASan + UBSan"
export ASAN_OPTIONS=detect_leaks=1:abort_on_error=0:strict_string_checks=1
export LSAN_OPTIONS="suppressions=$root/tests/lsan.supp:print_suppressions=0"
export UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1
(cd build-asan && ctest --output-on-failure -j2 --timeout 600)

stage "package: Release build with -Werror, the .deb, installed, used and purged"
deb=$(bash scripts/package.sh build-pkg)
bash scripts/check-package.sh "$deb"

stage "soak: obrd as a daemon for 2 minutes, letters arriving, servers stopped and started"
bash bench/soak.sh "${OBRD_SOAK_MINUTES:-2}" --build-dir build

if [ -x scripts/fuzz.sh ]; then
  stage "fuzzing: the parser and the decision path (short runs)"
  bash scripts/fuzz.sh "${OBRD_FUZZ_SECONDS:-60}"
fi

stage "all stages passed"
