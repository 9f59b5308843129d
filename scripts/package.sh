#!/usr/bin/env bash
# package.sh: builds obrd's Debian package, obrd_VERSION_ARCH.deb, and prints its path: a
# Release build with -Werror in build-pkg/, laid out for /usr (/usr/bin, /usr/share/obrd,
# /etc/obrd, /lib/systemd/system), without tests or benchmarks (so without GoogleTest and
# mimetic), then CPack's DEB generator (packaging/package.cmake says why CPack).
#
#   scripts/package.sh [BUILD_DIR]     (default: build-pkg)
set -euo pipefail
cd "$(dirname "$0")/.."
build=${1:-build-pkg}
cmake -S . -B "$build" -DCMAKE_BUILD_TYPE=Release -DCMAKE_INSTALL_PREFIX=/usr -DOBRD_TESTS=OFF \
  -DOBRD_BENCH=OFF -DOBRD_WERROR=ON >/dev/null
cmake --build "$build" -j"$(nproc)" >&2
rm -f "$build"/obrd_*.deb
(cd "$build" && cpack -G DEB >&2)
ls "$(pwd)/$build"/obrd_*.deb
