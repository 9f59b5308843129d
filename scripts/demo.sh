#!/usr/bin/env bash
# demo.sh: README command 1. Installs what is missing, builds, starts a throwaway mailbox
# (Dovecot), database (PostgreSQL) and SMTP sink on 127.0.0.1, puts sample letters into
# the mailbox, runs obrd for one cycle and shows what it did. Everything is removed at
# exit; nothing outside the build folder and a temp folder is touched.
#
#   scripts/demo.sh [FOLDER-OF-.eml-FILES]     (default: ../shared/corpus/letters)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
letters_dir=${1:-"$root/../shared/corpus/letters"}
[ -d "$letters_dir" ] || { echo "demo: no folder $letters_dir" >&2; exit 2; }

bash scripts/install-deps.sh
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target obrd obrctl >/dev/null

work=$(mktemp -d /tmp/obrd-demo-XXXXXX)
trap 'bash "$root/scripts/testenv.sh" stop "$work"; rm -rf "$work"' EXIT
bash scripts/testenv.sh start "$work" >/dev/null
# shellcheck disable=SC1091
. "$work/env"

mapfile -t files < <(find "$letters_dir" -maxdepth 1 -name '*.eml' | sort)
[ ${#files[@]} -gt 0 ] || { echo "demo: no .eml files in $letters_dir" >&2; exit 2; }
bash scripts/testenv.sh deliver "$work" "${files[@]}" >/dev/null

cat >"$work/obrd.conf" <<CONF
[mailbox]
url = $IMAP_URL
tls = off
user = $IMAP_USER
password_file = $IMAP_PASSWORD_FILE
processed_folder = Processed
[database]
dsn = $PG_DSN
[smtp]
url = $SMTP_URL
tls = off
from = mszso@sakhalin.gov.ru
CONF

echo "demo: ${#files[@]} letter(s) from $letters_dir put into a throwaway mailbox"
echo "demo: running obrd --once"
build/daemon/obrd --config "$work/obrd.conf" --once
echo
echo "What obrd stored (obrctl letters):"
printf '%-4s %-6s %-9s %-8s %-44s %s\n' "id" "uid" "status" "size" "message-id" "subject"
build/daemon/obrctl --config "$work/obrd.conf" letters --json |
  /usr/bin/python3 -c '
import json, sys
for line in sys.stdin:
    r = json.loads(line)
    mid = r["message_id"] if len(r["message_id"]) <= 44 else r["message_id"][:41] + "..."
    print("%-4s %-6s %-9s %-8s %-44s %s" % (r["id"], r["uid"], r["status"], r["size"], mid, r.get("subject", "")))
'
inbox=$(find "$MAILDIR/new" "$MAILDIR/cur" -type f | wc -l)
moved=$(find "$MAILDIR/.Processed/new" "$MAILDIR/.Processed/cur" -type f 2>/dev/null | wc -l)
echo
echo "mailbox: $inbox letter(s) left in INBOX, $moved moved to Processed after storing"
echo "demo: running obrd --once again (nothing new: nothing is fetched or stored twice)"
build/daemon/obrd --config "$work/obrd.conf" --once
