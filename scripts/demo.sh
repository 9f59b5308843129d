#!/usr/bin/env bash
# demo.sh: README command 1. Installs what is missing, builds, starts a throwaway mailbox
# (Dovecot), database (PostgreSQL) and SMTP sink on 127.0.0.1, puts sample letters into
# the mailbox, runs obrd for one cycle and shows what it decided and sent: per letter the
# verdict, grounds, registration number, the notice (to whom, subject) and the department.
# Everything is removed at exit; nothing outside the build folder and a temp folder is
# touched.
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

{
  bash scripts/testenv.sh obrd-conf "$work"
  printf '[mailbox]\nprocessed_folder = Processed\n'
  printf '[departments]\ncontrol = control@msz.example.ru\nhead = head@msz.example.ru\n'
} >"$work/obrd.conf"

echo "demo: ${#files[@]} letter(s) from $letters_dir put into a throwaway mailbox"
echo "demo: running obrd --once"
build/daemon/obrd --config "$work/obrd.conf" --once
echo
echo "What obrd decided and sent (obrctl appeals, obrctl outbox):"
obrctl="build/daemon/obrctl --config $work/obrd.conf"
$obrctl appeals --json >"$work/appeals.jsonl"
$obrctl outbox --json >"$work/outbox.jsonl"
$obrctl letters --json >"$work/letters.jsonl"
/usr/bin/python3 - "$work" <<'PY'
import json, sys
work = sys.argv[1]
load = lambda name: [json.loads(l) for l in open(f"{work}/{name}.jsonl", encoding="utf-8")]
letters = {l["id"]: l for l in load("letters")}
mail = {}
for o in load("outbox"):
    mail.setdefault(o["appeal_id"], []).append(o)
for a in load("appeals"):
    l = letters[a["letter_id"]]
    grounds = ", ".join(a["reasons"] + [f"missing {m}" for m in a["complaint_missing"]])
    print(f"#{l['uid']:<3} {a['verdict']:<9} {a['kind']:<9} {a['registration_number'] or '':<16} "
          f"{grounds}")
    print(f"     {a['subject'][:100]}")
    for o in mail.get(a["id"], []):
        what = "notice" if o["purpose"] == "notice" else "card  "
        print(f"     {what} -> {o['recipient']} [{o['status']}] {o['subject'][:80]}")
    if a["department"] and a["verdict"] in ("accepted", "follow_up"):
        print(f"     routed to: {a['department']}")
PY
echo
echo "Queues of open items (obrctl queue):"
$obrctl queue | cut -f2 | sort | uniq -c
smtp_count=$(find "$SMTP_SPOOL" -name '*.eml' | wc -l)
echo "The SMTP sink received $smtp_count message(s) (in $SMTP_SPOOL while the demo runs)."
inbox=$(find "$MAILDIR/new" "$MAILDIR/cur" -type f | wc -l)
moved=$(find "$MAILDIR/.Processed/new" "$MAILDIR/.Processed/cur" -type f 2>/dev/null | wc -l)
echo
echo "mailbox: $inbox letter(s) left in INBOX, $moved moved to Processed after storing"
echo "demo: running obrd --once again (nothing new: nothing is fetched, decided or sent twice)"
build/daemon/obrd --config "$work/obrd.conf" --once
