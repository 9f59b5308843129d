#!/usr/bin/env bash
# install-deps.sh: installs the Debian 12 packages obrd needs to build, test and demo.
# Idempotent: installs only what is missing, so a second run costs a dpkg query.
set -euo pipefail

packages=(
  build-essential cmake pkg-config git ca-certificates
  libcurl4-openssl-dev libmimetic-dev libpqxx-dev libboost-program-options-dev
  libgtest-dev googletest libicu-dev libuchardet-dev libsystemd-dev nlohmann-json3-dev
  libssl-dev
  postgresql-15 postgresql-client-15 dovecot-imapd python3-aiosmtpd
  hunspell-ru clang-format
)

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
