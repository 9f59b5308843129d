#!/usr/bin/env bash
# memory.sh: obrd's memory while it works, as the service runs (a daemon).
#
#   bench/memory.sh [--big-mb MB] [--backlog N] [--build-dir DIR] [--skip-backlog]
#
# 1. Peak: a mailbox of 60 small generated letters with one letter of MB megabytes (default
#    40; an appeal that is accepted, with one big attachment) in the middle. obrd starts on it; when every letter is decided and every notice and
#    card sent, the peak resident set (VmHWM) is read. Twice: at the default max_letter_size
#    (25M: the big letter is stored whole for a person, not read) and with max_letter_size =
#    64M (the big letter is parsed, decided and attached to a staff card). Goal: <= 256 MiB.
# 2. Backlog: N generated small letters (default 10 000, bench/gen_mailbox.py --only small)
#    waiting in the mailbox when obrd starts; the resident set is sampled every second
#    until the backlog is fetched, decided and answered, and printed as a curve (every
#    ~10 % of the run) with its start, peak and end. Flat means: no growth with the count.
#
# Servers from scripts/testenv.sh --tls in a temporary folder (removed on exit); TLS on.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
big_mb=40
backlog=10000
skip_backlog=0
build="$root/build-bench"
while [ $# -gt 0 ]; do
  case "$1" in
  --big-mb) big_mb=$2; shift 2 ;;
  --backlog) backlog=$2; shift 2 ;;
  --build-dir) build=$2; shift 2 ;;
  --skip-backlog) skip_backlog=1; shift ;;
  *) echo "usage: $0 [--big-mb MB] [--backlog N] [--build-dir DIR] [--skip-backlog]" >&2; exit 64 ;;
  esac
done
say() { printf '%s memory.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# shellcheck source=bench/daemon_env.sh
. "$root/bench/daemon_env.sh"
bench_build "$build"
bench_servers memory
psql_admin() { psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }

write_config() {  # max_letter_size
  bench_config '[mailbox]\nmax_letter_size = %s\nprocessed_folder = Processed\n[notices]\nmax_per_address_per_day = 100000\n[departments]\ncontrol = control@msz.example.ru\nhead = head@msz.example.ru\n' "$1"
}

fresh_database() {
  psql_admin -c "DROP DATABASE IF EXISTS obrd WITH (FORCE)" -c "CREATE DATABASE obrd OWNER obrd"
  rm -f "$SMTP_SPOOL"/*
}

kb() { awk -v k="$1" '$1 == k":" {print $2}' "/proc/$obrd_pid/status"; }
undone() {  # letters not yet decided plus messages not yet sent, or "x" if unknown
  psql -X -At -h 127.0.0.1 -p "$PG_PORT" -U obrd -d obrd -c \
    "SELECT (SELECT count(*) FROM letters WHERE NOT decided)
          + (SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending'))
          + (SELECT greatest($2 - count(*), 0) FROM letters)" 2>/dev/null || echo x
}

# Starts obrd on the mailbox, waits until `expected` letters are stored, decided and their
# mail sent; samples VmRSS every second into $tmp/rss.tsv.
run_until_done() {  # expected
  start_obrd
  local start t left
  start=$(date +%s.%N)
  : >"$tmp/rss.tsv"
  while :; do
    sleep 1
    kill -0 "$obrd_pid" 2>/dev/null || { cat "$tmp/obrd.log" >&2; echo "obrd died" >&2; exit 1; }
    t=$(echo "$(date +%s.%N) - $start" | bc)
    left=$(undone x "$1")
    printf '%.0f\t%s\t%s\n' "$t" "$(kb VmRSS)" "$left" >>"$tmp/rss.tsv"
    [ "$left" = 0 ] && break
  done
  peak_kb=$(kb VmHWM)
  stop_obrd
}

say "obrd $(git -C "$root" rev-parse --short HEAD); generating letters"
/usr/bin/python3 "$root/bench/gen_mailbox.py" --count 80 --only small --out "$tmp/small" 2>/dev/null
# The big letter: an appeal that is accepted (the text of sample letter 001), with an
# attachment that makes it MB megabytes, so that at 64M it is parsed and goes on a card.
/usr/bin/python3 - "$root/../shared/corpus/letters/001-plan-inspection-2027.eml" "$tmp/big.eml" "$big_mb" <<'PY'
import base64, email, email.policy, random, sys
src, out, mb = sys.argv[1], sys.argv[2], float(sys.argv[3])
m = email.message_from_binary_file(open(src, "rb"), policy=email.policy.default)
text = m.get_body(("plain",)).get_content()
payload = random.Random(20261201).randbytes(int(mb * 1e6 * 3 / 4 * 76 / 78) - 4000)
head = "".join(f"{k}: {m[k]}\r\n" for k in ("From", "To", "Subject", "Date"))
data = (head + "Message-ID: <big.memory@dobry-ostrov65.ru>\r\nMIME-Version: 1.0\r\n"
        "Content-Type: multipart/mixed; boundary=\"b\"\r\n\r\n--b\r\n"
        "Content-Type: text/plain; charset=utf-8\r\nContent-Transfer-Encoding: base64\r\n\r\n"
        ).encode() + base64.encodebytes(text.encode()).replace(b"\n", b"\r\n") + (
        "--b\r\nContent-Type: application/pdf; name=\"scan.pdf\"\r\n"
        "Content-Transfer-Encoding: base64\r\n"
        "Content-Disposition: attachment; filename=\"scan.pdf\"\r\n\r\n").encode() + \
    base64.encodebytes(payload).replace(b"\n", b"\r\n") + b"--b--\r\n"
open(out, "wb").write(data)
PY
mapfile -t small < <(find "$tmp/small" -name '*.eml' | sort | head -n 60)
big_bytes=$(stat -c %s "$tmp/big.eml")

for size in 25M 64M; do
  fresh_database
  bash "$root/scripts/testenv.sh" recreate-mailbox "$tmp/env" >/dev/null
  rm -rf "$MAILDIR"/{cur,new}/* "$MAILDIR/.Processed"
  bash "$root/scripts/testenv.sh" deliver "$tmp/env" "${small[@]:0:30}" "$tmp/big.eml" "${small[@]:30}" >/dev/null
  write_config "$size"
  run_until_done $((${#small[@]} + 1))
  printf 'peak: %d small letters and one of %.1f MB, max_letter_size %s: VmHWM %.1f MiB (goal <= 256)\n' \
    "${#small[@]}" "$(echo "$big_bytes / 1000000" | bc -l)" "$size" "$(echo "$peak_kb / 1024" | bc -l)"
  psql -X -At -F ' ' -h 127.0.0.1 -p "$PG_PORT" -U obrd -d obrd -c \
    "SELECT '  the big letter: ' || a.verdict || ', ' || (SELECT count(*) FROM outbox o
       WHERE o.appeal_id = a.id) || ' message(s) sent for it, the largest '
       || coalesce((SELECT max(octet_length(message)) FROM outbox o WHERE o.appeal_id = a.id), 0)
       || ' bytes' FROM appeals a JOIN letters l ON l.id = a.letter_id
       WHERE l.size = $big_bytes"
done

[ "$skip_backlog" = 1 ] && exit 0
say "generating the backlog of $backlog small letters"
/usr/bin/python3 "$root/bench/gen_mailbox.py" --count $((backlog * 100 / 85 + 100)) --only small \
  --out "$tmp/backlog" 2>/dev/null
mapfile -t files < <(find "$tmp/backlog" -name '*.eml' | sort | head -n "$backlog")
fresh_database
bash "$root/scripts/testenv.sh" recreate-mailbox "$tmp/env" >/dev/null
rm -rf "$MAILDIR"/{cur,new}/* "$MAILDIR/.Processed"
bash "$root/scripts/testenv.sh" deliver-bulk "$tmp/env" "${files[@]}" >/dev/null
write_config 25M
say "draining ${#files[@]} letters"
run_until_done "${#files[@]}"
lines=$(wc -l <"$tmp/rss.tsv")
echo "backlog: ${#files[@]} letters; resident set while obrd fetched, decided and answered them:"
echo "  second  VmRSS MiB  left (undecided + unsent)"
awk -v step=$(((lines + 9) / 10)) 'NR == 1 || NR % step == 0 {printf "  %6d  %9.1f  %s\n", $1, $2 / 1024, $3}' "$tmp/rss.tsv"
tail -n 1 "$tmp/rss.tsv" | awk '{printf "  %6d  %9.1f  %s\n", $1, $2 / 1024, $3}'
awk '{ if (NR == 1 || $2 > max) max = $2; if (NR == 1) first = $2; last = $2 }
     END {printf "backlog: first %.1f MiB, peak %.1f MiB, last %.1f MiB\n", first / 1024, max / 1024, last / 1024}' "$tmp/rss.tsv"
printf 'backlog: VmHWM %.1f MiB\n' "$(echo "$peak_kb / 1024" | bc -l)"
