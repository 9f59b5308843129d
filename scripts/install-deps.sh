#!/usr/bin/env bash
# install-deps.sh: installs the Debian 12 packages obrd needs, by role; installs only what
# is missing, so a second run costs a dpkg query.
#
#   scripts/install-deps.sh [ROLE...]     (default: every role)
#     build  building obrd and its .deb            deps/build.list
#     test   the test suite, with its real servers  deps/build.list test.list servers.list fuzz.list
#     bench  the benchmarks, with their servers     deps/build.list servers.list bench.list
#
# A production server needs none of these: it installs the .deb (README), which depends on
# the run-time libraries only.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
roles=("$@")
[ ${#roles[@]} -gt 0 ] || roles=(build test bench)
lists=()
for role in "${roles[@]}"; do
  case "$role" in
  build) lists+=(build) ;;
  test) lists+=(build test servers fuzz) ;;
  bench) lists+=(build servers bench) ;;
  *) echo "install-deps: unknown role '$role' (build, test, bench)" >&2; exit 64 ;;
  esac
done
files=()
for l in $(printf '%s\n' "${lists[@]}" | sort -u); do files+=("$here/deps/$l.list"); done
# Every list names packages, one per line; '#' starts a comment.
mapfile -t packages < <(cat "${files[@]}" | sed 's/#.*//' | tr -s ' 	' '
' | grep -v '^$' | sort -u)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present (${roles[*]})"
  exit 0
fi

echo "install-deps: installing ${missing[*]}"
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get update -qq
# policy-rc.d keeps the packages' own services (system PostgreSQL, Dovecot) from starting:
# obrd's tests and demo start private instances on free ports instead.
if [ ! -e /usr/sbin/policy-rc.d ] && [ -n "${CI:-}${OBRD_NO_SERVICE_START:-}" ]; then
  printf '#!/bin/sh\nexit 101\n' | $SUDO tee /usr/sbin/policy-rc.d >/dev/null
  $SUDO chmod +x /usr/sbin/policy-rc.d
  trap '$SUDO rm -f /usr/sbin/policy-rc.d' EXIT
fi
$SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
