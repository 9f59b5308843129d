#!/usr/bin/env bash
# ingest.sh: the ingestion benchmark. obrd --once against its two floors, on the same
# generated mailbox and in the same run: the raw IMAP fetch rate (bench/ingest/raw_fetch,
# one reused libcurl handle) and PostgreSQL's own store rate for the same bytes
# (bench/ingest/pg_store, obrd's table shape and column settings).
#
#   bench/ingest.sh [--count N] [--rounds R] [--seed S] [--only small|big] [--build-dir DIR]
#                   [--baseline-obrd PATH] [--whole-once]
#
# - The mailbox is bench/gen_mailbox.py's first N letters (default 10000, about 4 GB),
#   generated once and cached under BUILD/bench-mailbox/seed-S/; a rerun reuses it.
# - Two views, each its own IMAP folder of the same Dovecot: `small` (the letters without
#   attachments, in INBOX, delivered with testenv.sh deliver-bulk) and `big` (the letters
#   with one, in the folder Big, written into its Maildir the same way).
# - Servers come from scripts/testenv.sh in a temporary folder (PostgreSQL there runs with
#   fsync=off, synchronous_commit=off, full_page_writes=off); everything is stopped and
#   removed on exit. A warm-up fetch of each view runs first, so Dovecot's index building
#   and the page cache are not measured, and every letter is already \Seen.
# - Every round runs, for each view, raw_fetch, pg_store and obrd --once, in an order that
#   rotates from round to round. pg_store and obrd each get a fresh database (dropped
#   afterwards) and a CHECKPOINT just before them. obrd runs without processed_folder, so
#   the mailbox is the same for every round. --baseline-obrd adds a fourth program,
#   obrd_base (another obrd binary, e.g. before a change), measured the same way in the
#   same rounds, for a side-by-side comparison. obrd's time is the wall clock from its
#   start to its "cycle:" log line, i.e. the whole ingestion (start-up, migrations, login,
#   fetch, store, marks). obrd --once then decides on the new letters and sends notices,
#   which is not ingestion: obrd is killed at that line, unless --whole-once, which lets
#   it finish and reports the whole run too, as obrd-once (much slower than ingestion
#   when this was written). raw_fetch's time is from its login to its last letter;
#   pg_store's is the time inside its transactions.
# - Prints letters/s and MB/s (10^6 bytes) per view and program, median (min-max), and the
#   per-round ratios obrd/raw_fetch and obrd/pg_store (of rates) with their median
#   (min-max); goals: small obrd/raw_fetch >= 0.5, big obrd/pg_store >= 0.8. The raw
#   results stay in BUILD/bench-ingest-results.tsv.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
count=10000
rounds=3
seed=20240601
only=""
baseline=""
whole_once=0
build="$root/build-bench"
while [ $# -gt 0 ]; do
  case "$1" in
  --count) count=$2; shift 2 ;;
  --rounds) rounds=$2; shift 2 ;;
  --seed) seed=$2; shift 2 ;;
  --only) only=$2; shift 2 ;;
  --build-dir) build=$2; shift 2 ;;
  --baseline-obrd) baseline=$(realpath "$2"); shift 2 ;;
  --whole-once) whole_once=1; shift ;;
  *) echo "usage: $0 [--count N] [--rounds R] [--seed S] [--only small|big] [--build-dir DIR] [--baseline-obrd PATH] [--whole-once]" >&2; exit 64 ;;
  esac
done
case "$only" in "") views="small big" ;; small | big) views=$only ;; *) echo "--only small|big" >&2; exit 64 ;; esac
build=$(mkdir -p "$build" && cd "$build" && pwd)
say() { printf '%s ingest.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }

# --- disk: the cache, the Maildir copy and one round's database, about 3x the mailbox ---
need_kb=$((count * 400 * 3))
avail_kb=$(df -Pk /tmp | awk 'NR == 2 {print $4}')
avail_build_kb=$(df -Pk "$build" | awk 'NR == 2 {print $4}')
[ "$avail_build_kb" -lt "$avail_kb" ] && avail_kb=$avail_build_kb
say "disk: about $((need_kb / 1048576)) GiB needed, $((avail_kb / 1048576)) GiB free"
if [ "$avail_kb" -lt "$need_kb" ]; then
  echo "ingest.sh: not enough free disk for --count $count; use a smaller --count" >&2
  exit 1
fi

# --- the generated mailbox, cached (letter i depends only on (seed, i)) ---
cache="$build/bench-mailbox/seed-$seed"
have=0
[ -f "$cache/.complete" ] && have=$(cat "$cache/.complete")
if [ "$have" -lt "$count" ]; then
  say "generating $count letters into $cache"
  rm -rf "$cache"
  /usr/bin/python3 "$root/bench/gen_mailbox.py" --count "$count" --seed "$seed" --out "$cache"
  echo "$count" >"$cache/.complete"
else
  say "reusing the $have generated letters in $cache"
fi

# --- build ---
if [ ! -f "$build/CMakeCache.txt" ]; then
  cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" \
    -DOBRD_OFFLINE_COMMANDS=OFF >/dev/null
fi
build_type=$(sed -n 's/^CMAKE_BUILD_TYPE:STRING=//p' "$build/CMakeCache.txt")
[ "$build_type" = Release ] || say "warning: $build is a '$build_type' build, not Release"
cmake --build "$build" -j2 --target obrd ingest_raw_fetch ingest_pg_store >/dev/null
obrd_bin="$build/daemon/obrd"
raw_fetch="$build/bench/ingest/raw_fetch"
pg_store="$build/bench/ingest/pg_store"

# --- servers, in a temporary folder removed on exit ---
tmp=$(mktemp -d /tmp/obrd-bench-ingest-XXXXXX)
chmod 755 "$tmp"  # PostgreSQL and Dovecot run as other users
cleanup() {
  bash "$root/scripts/testenv.sh" stop "$tmp/env" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
bash "$root/scripts/testenv.sh" start "$tmp/env" --owner-pid $$ >/dev/null
# shellcheck disable=SC1091
. "$tmp/env/env"
psql_admin() { psql -q -X -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres "$@"; }
dsn_of() { echo "host=127.0.0.1 port=$PG_PORT dbname=$1 user=obrd connect_timeout=5"; }

# --- the views: which letters, and where they are delivered ---
for view in $views; do
  case "$view" in small) pattern='plain|8bit|alt' ;; big) pattern='attach|big' ;; esac
  mkdir -p "$tmp/view-$view"
  awk -F'\t' -v n="$count" -v p="^($pattern)\$" -v c="$cache" 'NR > 1 && $1 < n && $3 ~ p {print c "/" $2}' \
    "$cache/index.tsv" | xargs -r -d '\n' ln -s -t "$tmp/view-$view"
done
view_files() { find "$tmp/view-$1" -name '*.eml' | sort; }
folder_of() { if [ "$1" = small ]; then echo INBOX; else echo Big; fi; }
for view in $views; do
  say "delivering view $view ($(view_files "$view" | wc -l) letters) to $(folder_of "$view")"
  if [ "$view" = small ]; then
    mapfile -t files < <(view_files small)
    bash "$root/scripts/testenv.sh" deliver-bulk "$tmp/env" "${files[@]}" >/dev/null
  else
    # deliver-bulk writes only INBOX: the same tmp/-then-new/ method, into Maildir++ .Big.
    big_dir="$MAILDIR/.Big"
    mkdir -p "$big_dir"/{cur,new,tmp}
    n=0
    while read -r f; do
      name="$(date +%s).M${n}P$$.obrd-bench"
      cp "$f" "$big_dir/tmp/$name"
      mv "$big_dir/tmp/$name" "$big_dir/new/$name"
      n=$((n + 1))
    done < <(view_files big)
    [ "$(id -u)" -ne 0 ] || chown -R nobody: "$big_dir"
  fi
done

results="$tmp/results.tsv"
: >"$results"
record() { printf '%s\t%s\t%s\t%s\n' "$1" "$2" "$3" "$4" >>"$results"; }  # round view line

run_raw() {  # round view
  local out
  out=$("$raw_fetch" --url "imap://127.0.0.1:$IMAP_PORT/$(folder_of "$2")" --user "$IMAP_USER" \
    --password-file "$IMAP_PASSWORD_FILE")
  [ "$1" = warmup ] || record "$1" "$2" raw_fetch "$out"
}

run_pg() {  # round view
  local db="pgstore_$1_$2" out
  psql_admin -c "CREATE DATABASE $db OWNER obrd" -c CHECKPOINT
  out=$("$pg_store" --dsn "$(dsn_of "$db")" --dir "$tmp/view-$2")
  record "$1" "$2" pg_store "$out"
  psql_admin -c "DROP DATABASE $db WITH (FORCE)"
}

run_obrd() {  # round view [program-name binary]
  local name=${3:-obrd} bin=${4:-$obrd_bin}
  local db="${name}_$1_$2" conf="$tmp/$name-$1-$2.conf" log="$tmp/$name-$1-$2.log"
  local expect fetched bytes
  psql_admin -c "CREATE DATABASE $db OWNER obrd" -c CHECKPOINT
  cat >"$conf" <<CONF
[mailbox]
url = imap://127.0.0.1:$IMAP_PORT/$(folder_of "$2")
tls = off
user = $IMAP_USER
password_file = $IMAP_PASSWORD_FILE
poll_interval = 60s
timeout = 60s
max_letter_size = 64M

[database]
dsn = $(dsn_of "$db")

[smtp]
url = $SMTP_URL
tls = off
from = mszso@sakhalin.gov.ru
CONF
  # obrd since its decisions needs a [data] section (rules, notice templates, calendar):
  # the repository's own, as the integration tests use; an obrd from before does not know it.
  printf '\n[data]\nrules_dir = %s\ntemplates_dir = %s\ncalendar_file = %s\n' \
    "$root/rules/data" "$root/notices/templates" "$root/notices/data/calendar.txt" >"$conf.data"
  cat "$conf" "$conf.data" >"$conf.try"
  if "$bin" --config "$conf.try" --check-config >/dev/null 2>&1; then
    mv "$conf.try" "$conf"
  elif ! "$bin" --config "$conf" --check-config >/dev/null 2>"$tmp/check.err"; then
    cat "$tmp/check.err" >&2
    exit 1
  fi
  # obrd logs "cycle: ..." when the ingestion cycle is over, before its decisions and
  # notices: that line's arrival ends the ingestion time, the exit ends the --once time.
  local start=$EPOCHREALTIME line cycle_at="" pid status=0 fifo="$tmp/$name-$1-$2.fifo"
  mkfifo "$fifo"
  "$bin" --config "$conf" --once 2>"$fifo" >/dev/null &
  pid=$!
  while IFS= read -r line; do
    if [[ -z $cycle_at && $line == *"cycle: fetched"* ]]; then
      cycle_at=$EPOCHREALTIME
      # Ingestion is over; what follows (decisions, notices) is not measured here.
      [ "$whole_once" = 1 ] || kill -KILL "$pid" 2>/dev/null || true
    fi
    printf '%s\n' "$line" >>"$log"
  done <"$fifo"
  { wait "$pid"; } 2>/dev/null || status=$?  # no "Killed" notice from the shell
  local end=$EPOCHREALTIME
  rm -f "$fifo"
  if [ -z "$cycle_at" ] || { [ "$status" != 0 ] && [ "$whole_once" = 1 ]; }; then
    cat "$log" >&2
    echo "ingest.sh: $name --once failed with status $status (round $1, view $2)" >&2
    exit 1
  fi
  expect=$(view_files "$2" | wc -l)
  fetched=$(sed -n 's/.*cycle: fetched \([0-9]*\), stored \([0-9]*\),.* marked \([0-9]*\) .*/\1 \2 \3/p' "$log")
  if [ "$fetched" != "$expect $expect $expect" ]; then
    cat "$log" >&2
    echo "ingest.sh: $name fetched/stored/marked '$fetched', expected $expect (round $1, view $2)" >&2
    exit 1
  fi
  bytes=$(sed -n 's/.*cycle: .*(\([0-9]*\) bytes).*/\1/p' "$log")
  record "$1" "$2" "$name" "$name letters=$expect bytes=$bytes seconds=$(awk -v a="$start" -v b="$cycle_at" 'BEGIN {printf "%.4f", b - a}')"
  if [ "$whole_once" = 1 ]; then
    record "$1" "$2" "$name-once" "$name-once letters=$expect bytes=$bytes seconds=$(awk -v a="$start" -v b="$end" 'BEGIN {printf "%.4f", b - a}')"
  fi
  psql_admin -d "$db" -Atc "SELECT attcompression FROM pg_attribute
    WHERE attrelid = 'letters'::regclass AND attname = 'raw'" >"$tmp/$name-compression"
  psql_admin -c "DROP DATABASE $db WITH (FORCE)"
}

for view in $views; do
  say "warm-up: fetching view $view once (Dovecot's index, page cache, \\Seen)"
  run_raw warmup "$view" >/dev/null
  cat $(view_files "$view") >/dev/null
done

load_start=$(cut -d' ' -f1-3 /proc/loadavg)
run_base() { run_obrd "$1" "$2" obrd_base "$baseline"; }
programs=(raw pg obrd)
[ -z "$baseline" ] || programs+=(base)
for ((r = 1; r <= rounds; r++)); do
  for view in $views; do
    order=()
    for ((k = 0; k < ${#programs[@]}; k++)); do
      order+=("${programs[$(((k + r - 1) % ${#programs[@]}))]}")
    done
    say "round $r/$rounds, view $view: ${order[*]}"
    for p in "${order[@]}"; do "run_$p" "$r" "$view"; done
  done
done
load_end=$(cut -d' ' -f1-3 /proc/loadavg)
cp "$results" "$build/bench-ingest-results.tsv"

echo
echo "== obrd ingestion benchmark: $count generated letters (seed $seed), $rounds rounds =="
echo "machine: nproc $(nproc), $(sed -n 's/^model name[^:]*: //p' /proc/cpuinfo | head -1)," \
  "$(awk '/MemTotal/ {printf "%.0f GiB", $2 / 1048576}' /proc/meminfo) RAM;" \
  "load average $load_start at the start, $load_end at the end"
[ -z "$baseline" ] || echo "obrd_base: $baseline"
echo "build: $build_type ($build); PostgreSQL $(psql_admin -Atc 'SHOW server_version')" \
  "with fsync=off, synchronous_commit=off (testenv.sh); Dovecot $(dovecot --version | cut -d' ' -f1)"
echo "obrd's letters.raw compression: $(sed 's/^l$/lz4/; s/^p$/pglz/; s/^$/default (pglz)/' \
  "$tmp/obrd-compression" 2>/dev/null || echo unknown); pg_store's: lz4"
/usr/bin/python3 - "$results" <<'PY'
import statistics, sys
rows = {}
for line in open(sys.argv[1]):
    rnd, view, prog, out = line.rstrip("\n").split("\t")
    kv = dict(f.split("=") for f in out.split()[1:])
    rows.setdefault(view, {}).setdefault(prog, {})[rnd] = (
        int(kv["letters"]), int(kv["bytes"]), float(kv["seconds"]))

def mmm(xs, fmt):
    return f"{fmt(statistics.median(xs))} ({fmt(min(xs))}-{fmt(max(xs))})"

n0 = lambda x: f"{x:,.0f}"
n1 = lambda x: f"{x:,.1f}" if x < 100 else f"{x:,.0f}"
n2 = lambda x: f"{x:.2f}"
goals = {"small": ("raw_fetch", 0.5), "big": ("pg_store", 0.8)}
for view, progs in rows.items():
    any_prog = next(iter(progs.values()))
    letters, size, _ = next(iter(any_prog.values()))
    print(f"\nview {view}: {letters} letters, {size / 1e6:,.1f} MB, "
          f"{size / letters / 1e3:,.1f} KB per letter, {len(any_prog)} rounds")
    print(f"  {'program':<14} {'seconds':>22} {'letters/s':>26} {'MB/s':>22}")
    for prog in ("raw_fetch", "pg_store", "obrd", "obrd_base", "obrd-once", "obrd_base-once"):
        if prog not in progs:
            continue
        runs = list(progs[prog].values())
        secs = [s for _, _, s in runs]
        print(f"  {prog:<14} {mmm(secs, n2):>22} {mmm([l / s for l, _, s in runs], n0):>26} "
              f"{mmm([b / s / 1e6 for _, b, s in runs], n1):>22}")
        if {b for _, b, _ in runs} != {size}:
            print(f"  note: {prog} moved {sorted({b for _, b, _ in runs})} bytes, not {size}")
    for prog in ("obrd", "obrd_base"):
        for floor in ("raw_fetch", "pg_store"):
            if floor not in progs or prog not in progs:
                continue
            ratios = [progs[floor][r][2] / progs[prog][r][2] for r in progs[prog]
                      if r in progs[floor]]
            goal = goals.get(view)
            verdict = ""
            if goal and goal[0] == floor:
                met = statistics.median(ratios) >= goal[1]
                verdict = f"   goal >= {goal[1]}: {'met' if met else 'NOT met'}"
            print(f"  {prog}/{floor} (rate, per round): {mmm(ratios, n2)}{verdict}")
    if "obrd_base" in progs and "obrd" in progs:
        ratios = [progs["obrd_base"][r][2] / progs["obrd"][r][2] for r in progs["obrd"]
                  if r in progs["obrd_base"]]
        print(f"  obrd/obrd_base (rate, per round): {mmm(ratios, n2)}")
PY
