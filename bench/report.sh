#!/usr/bin/env bash
# report.sh: what `obrctl report` costs as staff run it, against a real PostgreSQL holding
# years of letters: the whole command per format, and the SQL of Store::report_rows alone.
#
#   bench/report.sh [--letters N] [--rounds R] [--build-dir DIR]
#
# - Servers from scripts/testenv.sh in a temporary folder (removed on exit); obrctl migrate
#   makes the schema.
# - N letters (default 200 000) spread evenly over 2024-01-01 .. 2026-12-31 (about 5 500 a
#   month), each with an appeal written by SQL in the proportions of bench_report.cpp:
#   20 % complaints; 60 % accepted (registered a day later, two thirds answered and closed),
#   30 % refused, 10 % ignored. A 1 KB raw letter each (the bytes are never read).
# - The EXPLAIN repeats the query of Store::report_rows (daemon/store/listings.cpp): keep
#   them the same.
# - Times, median of R rounds (default 5): obrctl report --quarter 2026-Q3 for html, csv and
#   json (--out to a file), --month 2026-08 json, and a month without letters (the fixed
#   cost); then EXPLAIN ANALYZE of the report query for the quarter (execution time, and
#   whether it read letters by index or in full; OBRD_BENCH_PLAN=1 prints the whole plan).
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
letters=200000
rounds=5
build="$root/build-bench"
while [ $# -gt 0 ]; do
  case "$1" in
  --letters) letters=$2; shift 2 ;;
  --rounds) rounds=$2; shift 2 ;;
  --build-dir) build=$2; shift 2 ;;
  *) echo "usage: $0 [--letters N] [--rounds R] [--build-dir DIR]" >&2; exit 64 ;;
  esac
done
say() { printf '%s report.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# shellcheck source=bench/daemon_env.sh
. "$root/bench/daemon_env.sh"
bench_build "$build"
obrctl="$build/daemon/obrctl"
bench_servers report
bench_config
"$obrctl" --config "$tmp/obrd.conf" migrate >/dev/null
pg() { psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$PG_PORT" -U postgres -d obrd "$@"; }

say "seeding $letters letters over three years"
pg <<SQL
INSERT INTO letters (mailbox, uidvalidity, uid, message_id, sha256, identity, size, received_at,
                     raw)
SELECT 'INBOX', 1, g, 'bench-' || g || '@example.ru', md5(g::text), 'bench-' || g, 1024,
       timestamptz '2024-01-01 00:00+11'
         + (g::double precision / $letters) * (timestamptz '2027-01-01 00:00+11'
                                               - timestamptz '2024-01-01 00:00+11'),
       convert_to(repeat('x', 1024), 'UTF8')
FROM generate_series(1, $letters) g;
INSERT INTO appeals (letter_id, kind, verdict, reasons, registration_number, registered_at,
                     deadline, department, closed_at, answered_on, result, complaint_outcome,
                     channel, decided_at)
SELECT l.id, k.kind, v.verdict,
       CASE WHEN v.verdict = 'refused' THEN ARRAY['off_topic'] ELSE '{}' END,
       CASE WHEN v.verdict = 'accepted' THEN 'МСЗ-B-' || l.id END,
       CASE WHEN v.verdict = 'accepted' THEN l.received_at + interval '1 day' END,
       CASE WHEN v.verdict = 'accepted' THEN (l.received_at + interval '31 days')::date END,
       CASE WHEN v.verdict = 'accepted' THEN (ARRAY['control', 'head'])[1 + l.id % 2] END,
       CASE WHEN v.verdict = 'accepted' AND l.id % 3 <> 0 THEN l.received_at + interval '20 days' END,
       CASE WHEN v.verdict = 'accepted' AND l.id % 3 <> 0 THEN (l.received_at + interval '20 days')::date END,
       CASE WHEN v.verdict = 'accepted' AND l.id % 3 <> 0 AND k.kind = 'appeal' THEN 'answered' END,
       CASE WHEN v.verdict = 'accepted' AND l.id % 3 <> 0 AND k.kind = 'complaint' THEN 'unsatisfied' END,
       CASE WHEN l.id % 7 = 0 THEN 'form' ELSE 'mail' END,
       l.received_at + interval '1 minute'
FROM letters l,
     LATERAL (SELECT CASE WHEN l.id % 5 = 0 THEN 'complaint' ELSE 'appeal' END AS kind) k,
     LATERAL (SELECT CASE WHEN l.id % 10 < 6 THEN 'accepted' WHEN l.id % 10 < 9 THEN 'refused'
                          ELSE 'ignored' END AS verdict) v
WHERE l.identity LIKE 'bench-%';
VACUUM ANALYZE letters;
VACUUM ANALYZE appeals;
SQL
say "seeded; timing $rounds rounds of each"

median_ms() {  # command... -> median wall time in ms over $rounds runs
  local times=() i t0 t1
  for ((i = 0; i < rounds; i++)); do
    t0=$(date +%s%N)
    "$@" >/dev/null
    t1=$(date +%s%N)
    times+=($(((t1 - t0) / 1000000)))
  done
  printf '%s\n' "${times[@]}" | sort -n | sed -n "$((rounds / 2 + 1))p"
}
echo "obrctl report over $letters letters (2024-2026), median of $rounds rounds, $(nproc) cores"
for f in html csv json; do
  ms=$(median_ms "$obrctl" --config "$tmp/obrd.conf" report --quarter 2026-Q3 --format "$f" --out "$tmp/q.$f")
  printf '  --quarter 2026-Q3 --format %-4s %6s ms  (%s bytes)\n' "$f" "$ms" "$(stat -c %s "$tmp/q.$f")"
done
ms=$(median_ms "$obrctl" --config "$tmp/obrd.conf" report --month 2026-08 --format json --out "$tmp/m.json")
printf '  --month 2026-08 --format json    %6s ms\n' "$ms"
ms=$(median_ms "$obrctl" --config "$tmp/obrd.conf" report --month 2023-01 --format json --out "$tmp/e.json")
printf '  --month 2023-01 (no letters)     %6s ms  (the fixed cost: connecting, data files, the scan of all letters)\n' "$ms"
rows=$(/usr/bin/python3 -c 'import json,sys; t={x["id"]: x for x in json.load(open(sys.argv[1]))["tables"]}; print([l for l in t["received"]["lines"] if l["key"] == "total"][0]["values"][0])' "$tmp/q.json")
echo "  letters in the quarter: $rows"
plan=$(pg -At <<'SQL'
EXPLAIN (ANALYZE, FORMAT TEXT)
SELECT row_to_json(x)::text FROM (SELECT l.id AS letter_id,
 extract(epoch FROM l.received_at)::bigint AS received_at, a.id IS NOT NULL AS decided,
 a.kind, a.verdict, a.reasons, a.channel, a.mass_mailing,
 extract(epoch FROM a.registered_at)::bigint AS registered_at,
 a.deadline::text AS deadline, a.answered_on::text AS answered_on,
 ((a.closed_at AT TIME ZONE 'UTC') + interval '11 hours')::date::text AS closed_on,
 a.result, a.complaint_outcome, a.department, a.classifier_code
 FROM letters l LEFT JOIN appeals a ON a.letter_id = l.id
 WHERE ((l.received_at AT TIME ZONE 'UTC') + interval '11 hours')::date
 BETWEEN '2026-07-01'::date AND '2026-09-30'::date ORDER BY l.id) x;
SQL
)
echo "  report query alone: $(grep -o 'Execution Time: .*' <<<"$plan")"
[ -z "${OBRD_BENCH_PLAN:-}" ] || echo "$plan"
echo "  letters read by: $(grep -oE '(Seq Scan|Index Scan|Index Only Scan|Bitmap Heap Scan)[^(]* on letters' <<<"$plan" | head -1)"
