#!/usr/bin/env bash
# check-package.sh: installs obrd's .deb on this machine, uses it as an admin would, and
# purges it again. Part of scripts/test.sh (so of CI, on a clean machine).
#
#   scripts/check-package.sh OBRD.deb
#
# Checks: Depends: names run-time libraries, not -dev packages; apt installs it with its
# dependencies; the files are where Debian puts them, the obrd user and /etc/obrd exist and
# the configuration is a conffile readable by the obrd group; nothing was started;
# `obrd --version`; `--check-config` of the shipped example explains its credential names
# and passes with --credentials-dir; against throwaway servers (testenv.sh --tls) with the
# installed data files: --check-config, `obrctl migrate`, and one `obrd --once` that stores,
# decides and answers a letter; `systemd-analyze verify` and `security` (<= 2.0) on the
# installed unit; purge removes the files and /etc/obrd and keeps the user.
# Refuses to run where obrd is already installed (it would purge it).
set -euo pipefail
deb=$(realpath "${1:?usage: check-package.sh OBRD.deb}")
cd "$(dirname "$0")/.."
root=$(pwd)
SUDO=""
[ "$(id -u)" -eq 0 ] || SUDO="sudo"
fail() { echo "check-package: FAIL: $*" >&2; exit 1; }
ok() { echo "check-package: ok: $*"; }

if dpkg-query -W -f='${Status}' obrd 2>/dev/null | grep -q "install ok installed"; then
  fail "obrd is already installed here; this check installs and purges it. Remove it first."
fi

depends=$(dpkg-deb -f "$deb" Depends)
echo "check-package: Depends: $depends"
echo "$depends" | grep -q "libcurl4" || fail "Depends: names no libcurl"
echo "$depends" | grep -q -- "-dev" && fail "Depends: names a -dev package"
ok "Depends: from the shared libraries"

export DEBIAN_FRONTEND=noninteractive
$SUDO apt-get install -y -qq --no-install-recommends "$deb" >/dev/null
tmp=$(mktemp -d /tmp/obrd-check-package-XXXXXX)
chmod 755 "$tmp"
cleanup() {
  bash "$root/scripts/testenv.sh" stop "$tmp/env" >/dev/null 2>&1 || true
  rm -rf "$tmp"
  if dpkg-query -W -f='${Status}' obrd 2>/dev/null | grep -q "install ok installed"; then
    $SUDO apt-get purge -y -qq obrd >/dev/null || true
  fi
}
trap cleanup EXIT

for f in /usr/bin/obrd /usr/bin/obrctl /usr/share/obrd/rules/settings.txt \
  /usr/share/obrd/notices/templates/acceptance.txt /usr/share/obrd/notices/data/calendar.txt \
  /lib/systemd/system/obrd.service /usr/lib/sysusers.d/obrd.conf /usr/lib/tmpfiles.d/obrd.conf \
  /etc/obrd/obrd.conf /usr/share/doc/obrd/README.md /usr/share/man/man8/obrd.8.gz \
  /usr/share/man/man8/obrctl.8.gz /usr/share/man/man5/obrd.conf.5.gz; do
  [ -e "$f" ] || fail "$f is missing"
done
ok "files in place"
grep -qx /etc/obrd/obrd.conf < <(dpkg-query --control-show obrd conffiles | awk '{print $1}') ||
  fail "/etc/obrd/obrd.conf is not a conffile"
getent passwd obrd >/dev/null || fail "no obrd user"
[ "$(stat -c '%a %U %G' /etc/obrd)" = "750 root obrd-staff" ] || fail "/etc/obrd is $(stat -c '%a %U %G' /etc/obrd)"
[ "$(stat -c '%a %G' /etc/obrd/obrd.conf)" = "640 obrd-staff" ] || fail "obrd.conf is $(stat -c '%a %G' /etc/obrd/obrd.conf)"
grep -q "^SupplementaryGroups=obrd-staff" /lib/systemd/system/obrd.service || fail "the unit lacks obrd-staff"
# Who may read the configuration: obrd and a member of obrd-staff, nobody else.
getent group obrd-staff >/dev/null || fail "no obrd-staff group"
$SUDO useradd --no-create-home --groups obrd-staff obrd-check-staff 2>/dev/null || true
$SUDO runuser -u obrd -- cat /etc/obrd/obrd.conf >/dev/null || fail "obrd cannot read obrd.conf"
$SUDO runuser -u obrd-check-staff -- cat /etc/obrd/obrd.conf >/dev/null || fail "a staff member cannot read obrd.conf"
! $SUDO runuser -u nobody -- cat /etc/obrd/obrd.conf >/dev/null 2>&1 || fail "anyone can read obrd.conf"
$SUDO userdel obrd-check-staff
grep -q "ExecStart=/usr/bin/obrd --config /etc/obrd/obrd.conf" /lib/systemd/system/obrd.service ||
  fail "the unit does not run /usr/bin/obrd"
pgrep -x obrd >/dev/null && fail "obrd was started by the installation"
ok "user, obrd-staff group, folders, conffile, who reads it, unit paths; nothing started"

/usr/bin/obrd --version | grep -qx "obrd $(dpkg-deb -f "$deb" Version)" || fail "obrd --version"
ok "$(/usr/bin/obrd --version)"

set +e
out=$(/usr/bin/obrd --check-config 2>&1)
status=$?
set -e
[ "$status" -eq 78 ] || fail "--check-config of the example exited $status: $out"
echo "$out" | grep -q "is a credential name" || fail "no explanation of credential names: $out"
mkdir -p "$tmp/creds"
echo secret >"$tmp/creds/mailbox-password"
echo secret >"$tmp/creds/smtp-password"
/usr/bin/obrd --check-config --credentials-dir "$tmp/creds" >/dev/null ||
  fail "the shipped example with --credentials-dir"
ok "--check-config on the shipped example: explains credential names, passes with --credentials-dir"

bash "$root/scripts/testenv.sh" start "$tmp/env" --tls >/dev/null
# shellcheck disable=SC1091
. "$tmp/env/env"
# The servers' settings, and the installed data files (no [data] section: the defaults).
bash "$root/scripts/testenv.sh" obrd-conf "$tmp/env" | sed '/^\[data\]/,$d' >"$tmp/obrd.conf"
/usr/bin/obrd --config "$tmp/obrd.conf" --check-config >/dev/null || fail "--check-config"
/usr/bin/obrctl --config "$tmp/obrd.conf" migrate >/dev/null || fail "obrctl migrate"
bash "$root/scripts/testenv.sh" deliver "$tmp/env" "$root/../shared/corpus/letters/001-plan-inspection-2027.eml" >/dev/null
/usr/bin/obrd --config "$tmp/obrd.conf" --once 2>"$tmp/once.log" || { cat "$tmp/once.log" >&2; fail "obrd --once"; }
[ "$(/usr/bin/obrctl --config "$tmp/obrd.conf" appeals --json | grep -c '"verdict":"accepted"')" = 1 ] ||
  fail "the letter was not accepted"
[ "$(find "$SMTP_SPOOL" -name '*.eml' | wc -l)" -ge 1 ] || fail "no notice reached the SMTP server"
ok "installed obrd: check-config, migrate, one letter stored, decided and answered over TLS"

systemd-analyze verify /lib/systemd/system/obrd.service || fail "systemd-analyze verify"
systemd-analyze security --offline=true --threshold=20 /lib/systemd/system/obrd.service >/dev/null ||
  fail "systemd-analyze security above 2.0"
ok "systemd-analyze verify and security on the installed unit"

bash "$root/scripts/testenv.sh" stop "$tmp/env" >/dev/null
$SUDO apt-get purge -y -qq obrd >/dev/null
for f in /usr/bin/obrd /lib/systemd/system/obrd.service /etc/obrd/obrd.conf /etc/obrd; do
  [ ! -e "$f" ] || fail "$f is still there after purge"
done
getent passwd obrd >/dev/null || fail "purge removed the obrd user"
ok "purge: files and /etc/obrd gone, the obrd user kept"
