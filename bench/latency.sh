#!/usr/bin/env bash
# latency.sh: how long a letter waits for its notice, with obrd running as the service runs
# it (a daemon, default settings: IMAP IDLE, poll_interval auto).
#
#   bench/latency.sh [--letters N] [--mean-gap-ms M] [--seed S] [--build-dir DIR] [--idle on|off]
#
# - Servers from scripts/testenv.sh --tls in a temporary folder (removed on exit): obrd talks
#   STARTTLS to both, verified with the run's CA; the daily cap per address is raised (the
#   same sample letters go many times); everything else is obrd's default. --idle off measures the polling fallback (poll_interval auto: 3 s).
# - N letters (default 60) are delivered at random moments: gaps drawn from an exponential
#   distribution of mean M ms (default 2000), seeded; odd letters by `doveadm save` (as
#   Dovecot's LDA delivers), even ones as plain files renamed into the Maildir's new/ (as
#   any other delivery agent). The letters are the sample letters whose manifest promises a
#   notice, each with a fresh Message-ID, in turn.
# - The latency of a letter is from just before its delivery starts to the moment the SMTP
#   sink accepted the final dot of the notice answering it (In-Reply-To).
# - Prints p50, p95 and max (and per delivery path: doveadm save itself takes about half a
#   second before the letter is in the mailbox), and the goal of the service issue: p95 <= 5 s.
set -euo pipefail

root=$(cd "$(dirname "$0")/.." && pwd)
letters=60
gap=2000
seed=20261201
idle=on
build="$root/build-bench"
while [ $# -gt 0 ]; do
  case "$1" in
  --letters) letters=$2; shift 2 ;;
  --mean-gap-ms) gap=$2; shift 2 ;;
  --seed) seed=$2; shift 2 ;;
  --build-dir) build=$2; shift 2 ;;
  --idle) idle=$2; shift 2 ;;
  *) echo "usage: $0 [--letters N] [--mean-gap-ms M] [--seed S] [--build-dir DIR] [--idle on|off]" >&2; exit 64 ;;
  esac
done
say() { printf '%s latency.sh: %s\n' "$(date -u +%H:%M:%S)" "$*" >&2; }
# shellcheck source=bench/daemon_env.sh
. "$root/bench/daemon_env.sh"
bench_build "$build"
bench_servers latency
bench_config '[mailbox]\nidle = %s\n[notices]\nmax_per_address_per_day = 100000\n' "$idle"
start_obrd
say "obrd $(git -C "$root" rev-parse --short HEAD) running over TLS (idle = $idle); delivering $letters letters, mean gap $gap ms"

/usr/bin/python3 - "$root" "$tmp" "$letters" "$gap" "$seed" <<'PY'
import email, glob, json, os, random, re, subprocess, sys, time
root, tmp, n, gap, seed = sys.argv[1], sys.argv[2], int(sys.argv[3]), float(sys.argv[4]), sys.argv[5]
env = dict(l.split("=", 1) for l in open(f"{tmp}/env/env").read().split("\n") if "=" in l)
env = {k: v.strip("'") for k, v in env.items()}
corpus = f"{root}/../shared/corpus/letters"
manifest = [json.loads(l) for l in open(f"{corpus}/manifest.jsonl") if l.strip()]
files = [f"{corpus}/{m['file']}" for m in manifest if m["notice"] != "none"]
rng = random.Random(seed)
maildir = env["MAILDIR"]
owner = os.stat(maildir)
sent = {}
for i in range(n):
    raw = open(files[i % len(files)], "rb").read()
    mid = f"latency.{seed}.{i}@bench.example"
    raw = re.sub(rb"(?im)^Message-ID:[^\r\n]*", f"Message-ID: <{mid}>".encode(), raw, count=1)
    path = f"{tmp}/letter-{i}.eml"
    open(path, "wb").write(raw)
    time.sleep(rng.expovariate(1000.0 / gap))
    sent[mid] = time.time()
    if i % 2 == 0:
        subprocess.run(["bash", f"{root}/scripts/testenv.sh", "deliver", f"{tmp}/env", path],
                       check=True, stdout=subprocess.DEVNULL)
    else:
        name = f"{int(time.time())}.L{i}.bench"
        with open(f"{maildir}/tmp/{name}", "wb") as f:
            f.write(raw)
        os.chown(f"{maildir}/tmp/{name}", owner.st_uid, owner.st_gid)
        os.rename(f"{maildir}/tmp/{name}", f"{maildir}/new/{name}")

def answered():
    got = {}
    for meta in glob.glob(f"{env['SMTP_SPOOL']}/*.json"):
        msg = email.message_from_binary_file(open(meta[:-5] + ".eml", "rb"))
        if msg.get("Auto-Submitted") != "auto-replied":
            continue
        mid = (msg.get("In-Reply-To") or "").strip().strip("<>")
        if mid in sent and mid not in got:
            got[mid] = json.load(open(meta))["received_at"]
    return got

deadline = time.time() + 120
while time.time() < deadline and len(answered()) < n:
    time.sleep(0.5)
got = answered()
lat = sorted(got[m] - sent[m] for m in got)
if not lat:
    sys.exit("latency.sh: no notice arrived")
pct = lambda p: lat[min(len(lat) - 1, int(round(p / 100 * (len(lat) - 1))))]
print(f"letters {n}, answered {len(lat)}; delivery -> notice at the SMTP server:")
print(f"  p50 {pct(50):.3f} s   p95 {pct(95):.3f} s   max {lat[-1]:.3f} s   min {lat[0]:.3f} s")
for name, parity in (("doveadm save", 0), ("Maildir write", 1)):
    part = sorted(got[m] - sent[m] for m in got if int(m.split(".")[2].split("@")[0]) % 2 == parity)
    if part:
        print(f"  by {name}: p50 {part[len(part) // 2]:.3f} s, max {part[-1]:.3f} s ({len(part)} letters)")
print(f"goal p95 <= 5 s: {'met' if pct(95) <= 5 and len(lat) == n else 'NOT met'}")
PY
