#!/usr/bin/env bash
# demo.sh: README command 1. Installs what is missing, builds, starts a throwaway mailbox
# (Dovecot), database (PostgreSQL) and SMTP sink on 127.0.0.1, puts sample letters into
# the mailbox, runs obrd for one cycle and shows what it decided and sent: per letter the
# verdict, grounds, registration number, the notice (to whom, subject) and the department;
# then one acceptance, one refusal and one staff card in full, as people receive them.
# The servers talk TLS (a CA made for the run), as in production. Everything is removed at
# exit, unless --keep: then the servers are stopped and their folder (with the mail the SMTP
# sink received, in smtp/) is left, and its path printed.
#
#   scripts/demo.sh [--keep] [FOLDER-OF-.eml-FILES]     (default: ../shared/corpus/letters)
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
keep=0
if [ "${1:-}" = "--keep" ]; then keep=1; shift; fi
letters_dir=${1:-"$root/../shared/corpus/letters"}
[ -d "$letters_dir" ] || { echo "demo: no folder $letters_dir" >&2; exit 2; }

bash scripts/install-deps.sh test
cmake -S . -B build -DCMAKE_BUILD_TYPE=RelWithDebInfo >/dev/null
cmake --build build -j"$(nproc)" --target obrd obrctl >/dev/null

work=$(mktemp -d /tmp/obrd-demo-XXXXXX)
finish() {
  bash "$root/scripts/testenv.sh" stop "$work"
  if [ "$keep" = 1 ]; then
    echo "demo: kept $work (the mail obrd sent is in $work/smtp/*.eml; the servers are stopped)"
  else
    rm -rf "$work"
  fi
}
trap finish EXIT
bash scripts/testenv.sh start "$work" --tls >/dev/null
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
$obrctl queue
smtp_count=$(find "$SMTP_SPOOL" -name '*.eml' | wc -l)
echo "The SMTP sink received $smtp_count message(s) (in $SMTP_SPOOL while the demo runs)."
inbox=$(find "$MAILDIR/new" "$MAILDIR/cur" -type f | wc -l)
moved=$(find "$MAILDIR/.Processed/new" "$MAILDIR/.Processed/cur" -type f 2>/dev/null | wc -l)
echo
echo "mailbox: $inbox letter(s) left in INBOX, $moved moved to Processed after storing"
echo "demo: running obrd --once again (nothing new: nothing is fetched, decided or sent twice)"
build/daemon/obrd --config "$work/obrd.conf" --once

echo
echo "What people receive: one acceptance, one refusal and one staff card, in full"
/usr/bin/python3 - "$SMTP_SPOOL" <<'PY'
import email, email.header, email.policy, glob, sys
spool = sys.argv[1]
shown = {}
for path in sorted(glob.glob(f"{spool}/*.eml")):
    m = email.message_from_binary_file(open(path, "rb"), policy=email.policy.default)
    subject = str(m["Subject"])
    if m["Auto-Submitted"] == "auto-generated":
        kind = "staff card"
    elif subject.startswith("Обращение зарегистрировано") or subject.startswith("Жалоба зарегистрирована"):
        kind = "acceptance"
    else:
        kind = "refusal"
    if kind in shown:
        continue
    shown[kind] = True
    print("=" * 78)
    print(f"{kind} ({path.rsplit('/', 1)[1]})")
    raw = email.message_from_binary_file(open(path, "rb"), policy=email.policy.compat32)
    for h in ("Date", "From", "To", "Subject", "Message-ID", "In-Reply-To"):
        if raw[h]:
            # decode_header drops the whitespace between encoded words, as RFC 2047 says;
            # policy.default's address parser keeps it and would show double spaces.
            print(f"{h}: {email.header.make_header(email.header.decode_header(raw[h]))}")
    print()
    print(m.get_body(("plain",)).get_content().rstrip())
    for part in m.iter_attachments():
        print(f"[attached: {part.get_content_type()} {part.get_filename() or ''}]")
    if len(shown) == 3:
        break
print("=" * 78)
PY
