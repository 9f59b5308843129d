#!/usr/bin/env bash
# soak.sh: obrd as a service for MINUTES, with letters arriving all the time and its servers
# going away, then an account of what happened to every letter.
#
#   bench/soak.sh MINUTES [--rate LETTERS_PER_MINUTE] [--seed S] [--build-dir DIR]
#
# - Servers from scripts/testenv.sh --tls in a temporary folder (removed on exit); obrd runs
#   as a daemon at default settings over TLS (IMAP IDLE, STARTTLS, the run's CA), with two
#   departments and the daily cap per address raised (the same senders write all the time).
# - A generator delivers letters at a steady rate (default 60 a minute), by doveadm save and
#   by plain Maildir writes (only the latter while Dovecot is down): the sample letters,
#   bench/gen_mailbox.py's mix of small letters, hostile letters (a 200 000-letter line shaped
#   like our Message-IDs, 20 000 parts, deep nesting, NULs, 30 000 encoded words), auto-replies,
#   and bounces of notices obrd sent earlier in the run. Each letter has its own Message-ID.
# - At seeded random moments Dovecot, PostgreSQL and the SMTP sink are each stopped for 5 to
#   25 s and started again.
# - At the end (all servers up, delivery stopped) obrd gets up to 5 minutes to drain; then:
#   every delivered letter stored exactly once and decided exactly once; at most one distinct
#   notice per letter (resends of the same Message-ID after a lease ran out are counted and
#   reported, not failed); no notice left unsent; obrd still running; its resident set over
#   the run (sampled every 5 s: first, peak, last). Exits non-zero if a check fails.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
minutes=${1:?usage: soak.sh MINUTES [--rate N] [--seed S] [--build-dir DIR]}
shift
rate=60
seed=20261201
build="$root/build-bench"
while [ $# -gt 0 ]; do
  case "$1" in
  --rate) rate=$2; shift 2 ;;
  --seed) seed=$2; shift 2 ;;
  --build-dir) build=$2; shift 2 ;;
  *) echo "usage: $0 MINUTES [--rate N] [--seed S] [--build-dir DIR]" >&2; exit 64 ;;
  esac
done
say() { printf '%s soak.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# shellcheck source=bench/daemon_env.sh
. "$root/bench/daemon_env.sh"
bench_build "$build"
bench_servers soak
bench_config '[notices]\nmax_per_address_per_day = 100000\n[departments]\ncontrol = control@msz.example.ru\nhead = head@msz.example.ru\n'
/usr/bin/python3 "$root/bench/gen_mailbox.py" --count 300 --only small --out "$tmp/mix" 2>/dev/null
start_obrd
say "obrd $(git -C "$root" rev-parse --short HEAD) running over TLS; $minutes min at $rate letters/min"

set +e
/usr/bin/python3 - "$root" "$tmp" "$minutes" "$rate" "$seed" "$obrd_pid" <<'PY'
import email, glob, json, os, random, re, subprocess, sys, time
root, tmp, minutes, rate, seed, pid = sys.argv[1:7]
minutes, rate, pid = float(minutes), float(rate), int(pid)
env = {k: v.strip("'") for k, v in (l.split("=", 1) for l in open(f"{tmp}/env/env").read().split("\n") if "=" in l)}
testenv = ["bash", f"{root}/scripts/testenv.sh"]
rng = random.Random(seed)
corpus = f"{root}/../shared/corpus/letters"
samples = [open(f, "rb").read() for f in sorted(glob.glob(f"{corpus}/*.eml"))]
mix = [open(f, "rb").read() for f in sorted(glob.glob(f"{tmp}/mix/*.eml"))]
maildir, spool = env["MAILDIR"], env["SMTP_SPOOL"]
owner = os.stat(maildir)
down = {}  # service -> until (monotonic)
log = lambda m: print(time.strftime("%H:%M:%S ") + "soak: " + m, file=sys.stderr, flush=True)

def head(mid, frm, subject, extra=""):
    return (f"From: {frm}\r\nTo: mszso@sakhalin.gov.ru\r\nSubject: {subject}\r\n"
            f"Message-ID: <{mid}>\r\nDate: Tue, 01 Dec 2026 10:00:00 +1100\r\n{extra}")

def hostile(mid, n):
    kind = n % 5
    if kind == 0:
        return (head(mid, "MAILER-DAEMON@mx.hostile.example", "Undelivered",
                     "Auto-Submitted: auto-replied\r\n") + "\r\nobrd." + "a" * 200000 + "@x.ru\r\n").encode()
    if kind == 1:
        b = head(mid, f"p{n}@hostile.example", "parts", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"b\"\r\n") + "\r\n"
        return (b + "".join(f"--b\r\nContent-Type: text/plain\r\n\r\n{i}\r\n" for i in range(20000)) + "--b--\r\n").encode()
    if kind == 2:
        b = head(mid, f"d{n}@hostile.example", "deep", "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=\"d0\"\r\n") + "\r\n"
        b += "".join(f"--d{i-1}\r\nContent-Type: multipart/mixed; boundary=\"d{i}\"\r\n\r\n" for i in range(1, 3000))
        return (b + "--d2999\r\nContent-Type: text/plain\r\n\r\nx\r\n").encode()
    if kind == 3:
        return (head(mid, f"n{n}@hostile.example", "nul\0here") + "\r\nПрошу\0\0 разъяснить.\r\n").encode()
    return (head(mid, f"w{n}@hostile.example", " ".join(["=?utf-8?B?0JDQkQ==?="] * 30000)) + "\r\nТекст.\r\n").encode()

def our_notices():
    ids = []
    for f in sorted(glob.glob(f"{spool}/*.eml"))[-50:]:
        m = email.message_from_binary_file(open(f, "rb"))
        if m.get("Auto-Submitted") == "auto-replied" and m.get("Message-ID"):
            ids.append((m["Message-ID"], m.get("To", "")))
    return ids

def make_letter(i):
    mid = f"soak.{seed}.{i}@soak.example"
    pick = rng.random()
    if pick < 0.45:
        raw = rng.choice(samples)
    elif pick < 0.80:
        raw = rng.choice(mix)
    elif pick < 0.88:
        return mid, hostile(mid, i)
    elif pick < 0.94:
        return mid, (head(mid, f"auto{i}@provider.example", "Автоответ: в отпуске",
                          "Auto-Submitted: auto-replied\r\n") + "\r\nЯ в отпуске до понедельника.\r\n").encode()
    else:
        sent = our_notices()
        if not sent:
            raw = rng.choice(samples)
        else:
            nid, to = rng.choice(sent)
            return mid, (head(mid, "MAILER-DAEMON@mx.provider.example", "Undelivered Mail Returned to Sender",
                              "Auto-Submitted: auto-replied\r\nMIME-Version: 1.0\r\n"
                              "Content-Type: multipart/report; report-type=delivery-status; boundary=\"r\"\r\n") +
                         f"\r\n--r\r\nContent-Type: text/plain\r\n\r\nUser unknown: {to}\r\n"
                         f"--r\r\nContent-Type: text/rfc822-headers\r\n\r\nMessage-ID: {nid}\r\n--r--\r\n").encode()
    raw = re.sub(rb"(?im)^Message-ID:[^\r\n]*", f"Message-ID: <{mid}>".encode(), raw, count=1)
    return mid, raw

def deliver(i, mid, raw):
    path = f"{tmp}/letter.eml"
    open(path, "wb").write(raw)
    if i % 2 == 0 and "imap" not in down:
        r = subprocess.run(testenv + ["deliver", f"{tmp}/env", path], stdout=subprocess.DEVNULL,
                           stderr=subprocess.DEVNULL)
        if r.returncode == 0:
            return
    name = f"{int(time.time())}.S{i}.soak"
    with open(f"{maildir}/tmp/{name}", "wb") as f:
        f.write(raw)
    os.chown(f"{maildir}/tmp/{name}", owner.st_uid, owner.st_gid)
    os.rename(f"{maildir}/tmp/{name}", f"{maildir}/new/{name}")

def service(action, name):
    subprocess.run(testenv + [f"{action}-service", f"{tmp}/env", name], check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)

rss = []
def sample(t0):
    try:
        kb = int(re.search(r"VmRSS:\s+(\d+)", open(f"/proc/{pid}/status").read()).group(1))
        rss.append((time.monotonic() - t0, kb))
    except (OSError, AttributeError):
        pass

# The outage plan: each server goes down a few times, at seeded moments in the first 80 %.
duration = minutes * 60
plan = []
for name in ("imap", "pg", "smtp"):
    for _ in range(max(1, int(minutes / 4))):
        at = rng.uniform(10, duration * 0.8)
        plan.append((at, name, rng.uniform(5, 25)))
plan.sort()
delivered, outages, i = [], 0, 0
t0 = time.monotonic()
next_letter, next_sample = t0, t0
while time.monotonic() - t0 < duration:
    now = time.monotonic()
    for name, until in list(down.items()):
        if now >= until:
            service("start", name)
            del down[name]
            log(f"{name} started again")
    while plan and plan[0][0] <= now - t0:
        _, name, length = plan.pop(0)
        if name not in down:
            service("stop", name)
            down[name] = now + length
            outages += 1
            log(f"{name} stopped for {length:.0f} s")
    if now >= next_letter:
        mid, raw = make_letter(i)
        deliver(i, mid, raw)
        delivered.append(mid)
        i += 1
        next_letter += 60.0 / rate
    if now >= next_sample:
        sample(t0)
        next_sample += 5
    time.sleep(0.05)
for name in list(down):
    service("start", name)
log(f"{len(delivered)} letters delivered, {outages} outages; draining")

def psql(sql):
    r = subprocess.run(["psql", "-X", "-At", "-F", "\t", "-h", "127.0.0.1", "-p", env["PG_PORT"],
                        "-U", "obrd", "-d", "obrd", "-c", sql], capture_output=True, text=True)
    return r.stdout.strip() if r.returncode == 0 else None

deadline = time.monotonic() + 300
while time.monotonic() < deadline:
    sample(t0)
    left = psql("SELECT (SELECT count(*) FROM letters WHERE NOT decided) + (SELECT count(*) FROM outbox"
                " WHERE status IN ('pending', 'sending') AND next_attempt_at <= now() + interval '10 min')")
    stored_n = psql("SELECT count(DISTINCT message_id) FROM letters")
    if left == "0" and stored_n is not None and int(stored_n) >= len(delivered):
        break
    time.sleep(2)
sample(t0)

failed = []
def check(ok, what):
    print(("  ok    " if ok else "  FAIL  ") + what)
    if not ok:
        failed.append(what)

stored = dict(l.split("\t") for l in (psql("SELECT message_id, count(*) FROM letters GROUP BY 1") or "").splitlines() if l)
missing = [m for m in delivered if m not in stored]
twice = [m for m, n in stored.items() if int(n) > 1]
print(f"soak: {minutes:g} min, {len(delivered)} letters, {outages} server outages (Dovecot, PostgreSQL, SMTP)")
check(not missing, f"every letter stored ({len(delivered) - len(missing)}/{len(delivered)})")
check(not twice, f"no letter stored twice ({len(twice)} twice)")
undecided = psql("SELECT count(*) FROM letters WHERE NOT decided")
decisions = psql("SELECT count(*) - count(DISTINCT letter_id) FROM appeals")
check(undecided == "0", f"every letter decided (undecided: {undecided})")
check(decisions == "0", f"no letter decided twice ({decisions})")
verdicts = psql("SELECT verdict || ' ' || count(*) FROM appeals GROUP BY verdict ORDER BY 1") or ""
print("  verdicts: " + ", ".join(verdicts.splitlines()))
unsent = psql("SELECT count(*) FROM outbox WHERE status IN ('pending', 'sending')")
check(unsent == "0", f"no notice or card left unsent ({unsent})")
# Which letter each notice answers, from the outbox (a letter's own Message-ID may be unreadable).
letter_of = dict(l.split("\t") for l in (psql(
    "SELECT '<' || o.message_id || '>', l.message_id FROM outbox o JOIN appeals a ON a.id = o.appeal_id"
    " JOIN letters l ON l.id = a.letter_id WHERE o.purpose = 'notice'") or "").splitlines() if l)
per_letter, copies = {}, {}
for f in glob.glob(f"{spool}/*.eml"):
    m = email.message_from_binary_file(open(f, "rb"))
    if m.get("Auto-Submitted") != "auto-replied":
        continue
    nid = m.get("Message-ID")
    copies[nid] = copies.get(nid, 0) + 1
    per_letter.setdefault(letter_of.get(nid, "?"), set()).add(nid)
over = [k for k, v in per_letter.items() if len(v) > 1]
resent = sum(n - 1 for n in copies.values())
check(not over, f"at most one distinct notice per letter ({len(over)} letters with more)")
print(f"  notices {len(copies)} distinct, resent copies of the same Message-ID {resent}")
alive = os.path.exists(f"/proc/{pid}")
check(alive, "obrd still running")
if rss:
    first = [kb for t, kb in rss if t >= 30][:1] or [rss[0][1]]
    peak, last = max(kb for _, kb in rss), rss[-1][1]
    print(f"  resident set: after 30 s {first[0] / 1024:.1f} MiB, peak {peak / 1024:.1f} MiB, "
          f"last {last / 1024:.1f} MiB ({len(rss)} samples)")
    check(last <= 2 * first[0] + 32 * 1024, "memory flat (last <= 2 x the first sample + 32 MiB)")
sys.exit(1 if failed else 0)
PY
status=$?
set -e
if [ "$status" -ne 0 ]; then
  echo "soak.sh: a check failed; obrd's log:" >&2
  grep -E "error|warning" "$tmp/obrd.log" | tail -40 >&2
fi
grep -c "" "$tmp/obrd.log" | xargs printf 'soak.sh: obrd logged %s lines\n' >&2
exit "$status"
