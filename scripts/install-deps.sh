#!/usr/bin/env bash
# install-deps.sh: installs the Debian 12 packages obrd needs to build, test and demo.
# The lists are scripts/deps/*.list. Idempotent: installs only what is missing, so a second run costs a dpkg query.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# Every scripts/deps/*.list names packages, one per line; '#' starts a comment.
mapfile -t packages < <(cat "$here"/deps/*.list | sed 's/#.*//' | tr -s ' 	' '
' | grep -v '^$' | sort -u)

missing=()
for p in "${packages[@]}"; do
  if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed"; then
    missing+=("$p")
  fi
done

if [ ${#missing[@]} -eq 0 ]; then
  echo "install-deps: all ${#packages[@]} packages present"
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
