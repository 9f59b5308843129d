#!/usr/bin/env bash
# testenv.sh: throwaway PostgreSQL, Dovecot (IMAP) and SMTP sink on free 127.0.0.1 ports.
#
# Used by the integration tests, the demo and the benchmarks. Everything lives in one
# folder; every server is started in the foreground of a background job and stopped by
# its pid. With --owner-pid, a watcher stops them all when that process dies, so a
# crashed test run leaves nothing behind.
#
#   testenv.sh start DIR [--owner-pid PID] [--tls]
#                                            start all three; writes DIR/env. --tls: Dovecot
#                                            offers STARTTLS on the imap port and TLS on an
#                                            imaps port and logs each login's "TLS" mark; the
#                                            SMTP sink requires STARTTLS and SMTP AUTH (only
#                                            over TLS); all with a throwaway CA made for this
#                                            run (DIR/tls)
#   testenv.sh stop DIR                      stop all three (by pid) and the watcher
#   testenv.sh stop-service DIR pg|imap|smtp
#   testenv.sh start-service DIR pg|imap|smtp  (same port as before)
#   testenv.sh deliver DIR FILE...           put letters into the test user's INBOX, in order
#   testenv.sh deliver-bulk DIR FILE...      the same, faster, UIDs in no particular order
#   testenv.sh recreate-mailbox DIR          give INBOX a new UIDVALIDITY, keeping its letters
#   testenv.sh obrd-conf DIR                 print an obrd.conf for these servers (TLS as they
#                                            were started, the source tree's data files)
#
# DIR/env holds shell assignments: PG_PORT PG_DSN IMAP_PORT IMAP_URL IMAP_USER
# IMAP_PASSWORD_FILE MAILDIR SMTP_PORT SMTP_URL SMTP_SPOOL TLS (0 or 1); with --tls also
# IMAPS_PORT IMAPS_URL SMTP_USER SMTP_PASSWORD_FILE CA_FILE (the CA the servers' certificate
# is signed by: it names IP 127.0.0.1 only, so "localhost" does not match it) and
# OTHER_CA_FILE (a CA that signed nothing here).
set -euo pipefail

die() { echo "testenv: $*" >&2; exit 1; }

free_port() {
  /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'
}

# PostgreSQL refuses to run as root; as root we run it as the "postgres" user.
as_pg_user() {
  if [ "$(id -u)" -eq 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi
}

pg_bin=/usr/lib/postgresql/15/bin

wait_port() {  # port seconds
  local i
  for ((i = 0; i < $2 * 10; i++)); do
    if (exec 3<>/dev/tcp/127.0.0.1/"$1") 2>/dev/null; then return 0; fi
    sleep 0.1
  done
  return 1
}

pidfile() { echo "$DIR/pids/$1.pid"; }

# A CA and a server certificate for IP 127.0.0.1 (EC keys: quick to make), and a second CA.
make_certificates() {
  local t="$DIR/tls"
  mkdir -p "$t"
  local ec=(-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes)
  openssl req -x509 "${ec[@]}" -keyout "$t/ca.key" -out "$t/ca.pem" -days 3 \
    -subj "/CN=obrd test CA" 2>/dev/null
  openssl req -x509 "${ec[@]}" -keyout "$t/other-ca.key" -out "$t/other-ca.pem" -days 3 \
    -subj "/CN=obrd other CA" 2>/dev/null
  openssl req "${ec[@]}" -keyout "$t/server.key" -out "$t/server.csr" \
    -subj "/CN=127.0.0.1" 2>/dev/null
  printf 'subjectAltName=IP:127.0.0.1\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n' \
    >"$t/server.ext"
  openssl x509 -req -in "$t/server.csr" -CA "$t/ca.pem" -CAkey "$t/ca.key" -CAcreateserial \
    -out "$t/server.pem" -days 3 -extfile "$t/server.ext" 2>/dev/null
  chmod 644 "$t"/*.pem
  chmod 600 "$t"/*.key
}

stop_pid() {  # name [grace-tenths]
  local f pid i grace=${2:-100}
  f=$(pidfile "$1")
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  if kill -0 "$pid" 2>/dev/null; then
    kill -TERM "$pid" 2>/dev/null || true
    for ((i = 0; i < grace; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
    kill -KILL "$pid" 2>/dev/null || true
  fi
  rm -f "$f"
}

# Dovecot and the SMTP sink run in their own process group (setsid): stopping them takes
# the group down, children included, after a short grace period. Both keep nothing in
# memory that a test needs (Dovecot's indexes survive a kill).
stop_group() {  # name
  local f pid i
  f=$(pidfile "$1")
  [ -f "$f" ] || return 0
  pid=$(cat "$f")
  kill -TERM -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 5; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
  rm -f "$f"
}

start_pg() {
  if [ ! -d "$DIR/pg" ]; then
    mkdir -p "$DIR/pg" "$DIR/pgsock"
    [ "$(id -u)" -ne 0 ] || chown postgres: "$DIR/pg" "$DIR/pgsock" "$DIR/logs"
    as_pg_user "$pg_bin/initdb" -D "$DIR/pg" -U postgres --auth=trust -E UTF8 --locale=C.UTF-8 \
      >"$DIR/logs/initdb.log" 2>&1 || die "initdb failed, see $DIR/logs/initdb.log"
  fi
  # Started in the foreground of a background job so that its pid is ours to stop.
  as_pg_user "$pg_bin/postgres" -D "$DIR/pg" -p "$PG_PORT" -k "$DIR/pgsock" \
    -c listen_addresses=127.0.0.1 -c fsync=off -c synchronous_commit=off \
    -c full_page_writes=off >>"$DIR/logs/postgres.log" 2>&1 &
  echo $! >"$(pidfile pg)"
  local i
  for ((i = 0; i < 300; i++)); do
    "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" && break
    sleep 0.1
  done
  "$pg_bin/pg_isready" -q -h 127.0.0.1 -p "$PG_PORT" || die "PostgreSQL did not start, see $DIR/logs/postgres.log"
  # The job's pid may be runuser's; the server's own pid is in postmaster.pid.
  head -n 1 "$DIR/pg/postmaster.pid" >"$(pidfile pg)"
  if [ ! -f "$DIR/pg.created" ]; then
    "$pg_bin/psql" -q -h 127.0.0.1 -p "$PG_PORT" -U postgres -d postgres \
      -c "CREATE ROLE obrd LOGIN" -c "CREATE DATABASE obrd OWNER obrd" >/dev/null
    touch "$DIR/pg.created"
  fi
}

# Dovecot refuses to open mail as uid 0: as root the mailbox belongs to "nobody".
mail_owner() { if [ "$(id -u)" -eq 0 ]; then echo nobody; else id -un; fi; }

fix_mail_owner() { [ "$(id -u)" -ne 0 ] || chown -R "$(mail_owner):" "$DIR/mail"; }

write_dovecot_conf() {
  local uid gid user
  user=$(id -un)
  uid=$(id -u "$(mail_owner)")
  gid=$(id -g "$(mail_owner)")
  mkdir -p "$DIR/dovecot/run" "$DIR/mail"
  printf 'obrd:{PLAIN}%s\n' "$(cat "$DIR/imap.password")" >"$DIR/dovecot/passwd"
  {
    echo "base_dir = $DIR/dovecot/run"
    echo "state_dir = $DIR/dovecot/state"
    echo "log_path = $DIR/logs/dovecot.log"
    echo "protocols = imap"
    echo "listen = 127.0.0.1"
    if [ "$TLS" = 1 ]; then
      # Logins without TLS are refused from other hosts; loopback counts as "secured" for
      # Dovecot, so the tests read the "TLS" mark of each login in the log instead.
      echo "ssl = required"
      echo "ssl_cert = <$DIR/tls/server.pem"
      echo "ssl_key = <$DIR/tls/server.key"
      echo "disable_plaintext_auth = yes"
    else
      echo "ssl = no"
      echo "disable_plaintext_auth = no"
    fi
    echo "auth_mechanisms = plain login"
    echo "mail_location = maildir:~/Maildir"
    echo "first_valid_uid = 0"
    echo "first_valid_gid = 0"
    if [ "$(id -u)" -ne 0 ]; then
      # Unprivileged: every process runs as the invoking user.
      echo "default_login_user = $user"
      echo "default_internal_user = $user"
      echo "default_internal_group = $(id -gn)"
    fi
    echo "passdb {"
    echo "  driver = passwd-file"
    echo "  args = scheme=PLAIN username_format=%u $DIR/dovecot/passwd"
    echo "}"
    echo "userdb {"
    echo "  driver = static"
    echo "  args = uid=$uid gid=$gid home=$DIR/mail/%u"
    echo "}"
    echo "service imap-login {"
    echo "  inet_listener imap {"
    echo "    address = 127.0.0.1"
    echo "    port = $IMAP_PORT"
    echo "  }"
    echo "  inet_listener imaps {"
    if [ "$TLS" = 1 ]; then
      echo "    address = 127.0.0.1"
      echo "    port = $IMAPS_PORT"
      echo "    ssl = yes"
    else
      echo "    port = 0"
    fi
    echo "  }"
    echo "}"
    echo "service anvil {"
    echo "  chroot ="
    echo "}"
    echo "service imap-login {"
    echo "  chroot ="
    echo "}"
    echo "protocol imap {"
    echo "  mail_max_userip_connections = 50"
    echo "}"
  } >"$DIR/dovecot/dovecot.conf"
}

start_imap() {
  [ -f "$DIR/dovecot/dovecot.conf" ] || write_dovecot_conf
  mkdir -p "$MAILDIR"/{cur,new,tmp}
  fix_mail_owner
  setsid dovecot -F -c "$DIR/dovecot/dovecot.conf" >>"$DIR/logs/dovecot.out" 2>&1 &
  echo $! >"$(pidfile imap)"
  wait_port "$IMAP_PORT" 15 || die "Dovecot did not start, see $DIR/logs/dovecot.log"
}

start_smtp() {
  mkdir -p "$SMTP_SPOOL"
  local tls_args=()
  if [ "$TLS" = 1 ]; then
    tls_args=(--tls-cert "$DIR/tls/server.pem" --tls-key "$DIR/tls/server.key"
      --auth-user "$SMTP_USER" --auth-password-file "$SMTP_PASSWORD_FILE")
  fi
  setsid /usr/bin/python3 "$(dirname "$0")/smtp_sink.py" --port "$SMTP_PORT" --spool "$SMTP_SPOOL" \
    "${tls_args[@]}" >>"$DIR/logs/smtp.log" 2>&1 &
  echo $! >"$(pidfile smtp)"
  wait_port "$SMTP_PORT" 15 || die "SMTP sink did not start, see $DIR/logs/smtp.log"
}

load_env() {
  [ -f "$DIR/env" ] || die "$DIR/env not found: run 'testenv.sh start $DIR' first"
  # shellcheck disable=SC1091
  . "$DIR/env"
}

stop_all() {
  stop_group smtp
  stop_group imap
  stop_pid pg
  stop_pid watcher
}

cmd=${1:-}
DIR=${2:-}
[ -n "$cmd" ] && [ -n "$DIR" ] || die "usage: testenv.sh start|stop|stop-service|start-service|deliver|recreate-mailbox DIR ..."
shift 2

case "$cmd" in
start)
  owner=""
  TLS=0
  while [ $# -gt 0 ]; do
    case "$1" in
    --owner-pid) owner=$2; shift 2 ;;
    --tls) TLS=1; shift ;;
    *) die "unknown option '$1'" ;;
    esac
  done
  mkdir -p "$DIR/pids" "$DIR/logs"
  chmod 755 "$DIR"
  DIR=$(cd "$DIR" && pwd)
  PG_PORT=$(free_port)
  IMAP_PORT=$(free_port)
  SMTP_PORT=$(free_port)
  MAILDIR="$DIR/mail/obrd/Maildir"
  SMTP_SPOOL="$DIR/smtp"
  head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$DIR/imap.password"
  chmod 600 "$DIR/imap.password"
  cat >"$DIR/env" <<ENV
PG_PORT=$PG_PORT
PG_DSN='host=127.0.0.1 port=$PG_PORT dbname=obrd user=obrd connect_timeout=5'
IMAP_PORT=$IMAP_PORT
IMAP_URL='imap://127.0.0.1:$IMAP_PORT/INBOX'
IMAP_USER=obrd
IMAP_PASSWORD_FILE='$DIR/imap.password'
MAILDIR='$MAILDIR'
SMTP_PORT=$SMTP_PORT
SMTP_URL='smtp://127.0.0.1:$SMTP_PORT'
SMTP_SPOOL='$SMTP_SPOOL'
TLS=$TLS
ENV
  if [ "$TLS" = 1 ]; then
    IMAPS_PORT=$(free_port)
    SMTP_USER=obrd-relay
    SMTP_PASSWORD_FILE="$DIR/smtp.password"
    head -c 18 /dev/urandom | base64 | tr -d '/+=' >"$SMTP_PASSWORD_FILE"
    chmod 600 "$SMTP_PASSWORD_FILE"
    make_certificates
    cat >>"$DIR/env" <<ENV
IMAPS_PORT=$IMAPS_PORT
IMAPS_URL='imaps://127.0.0.1:$IMAPS_PORT/INBOX'
SMTP_USER=$SMTP_USER
SMTP_PASSWORD_FILE='$SMTP_PASSWORD_FILE'
CA_FILE='$DIR/tls/ca.pem'
OTHER_CA_FILE='$DIR/tls/other-ca.pem'
ENV
  fi
  trap 'stop_all' ERR
  start_pg
  start_imap
  start_smtp
  trap - ERR
  if [ -n "$owner" ]; then
    # The watcher outlives this script; setsid keeps it out of the caller's process group.
    setsid bash -c 'while kill -0 '"$owner"' 2>/dev/null; do sleep 1; done; exec "$0" stop "$1"' \
      "$0" "$DIR" </dev/null >/dev/null 2>&1 &
    echo $! >"$(pidfile watcher)"
  fi
  echo "testenv: PostgreSQL :$PG_PORT, Dovecot :$IMAP_PORT${IMAPS_PORT:+ (imaps :$IMAPS_PORT)}, SMTP :$SMTP_PORT$([ "$TLS" = 1 ] && echo ", TLS on") in $DIR"
  ;;
stop)
  [ -d "$DIR/pids" ] || exit 0
  # The watcher calls "stop" itself; it must not kill its own pid first.
  if [ -f "$(pidfile watcher)" ] && [ "$(cat "$(pidfile watcher)")" = "$$" ]; then rm -f "$(pidfile watcher)"; fi
  stop_all
  ;;
stop-service)
  load_env
  case "${1:-}" in
  pg) stop_pid pg ;;
  imap | smtp) stop_group "$1" ;;
  *) die "unknown service '${1:-}'" ;;
  esac
  ;;
start-service)
  load_env
  case "${1:-}" in
  pg) start_pg ;;
  imap) start_imap ;;
  smtp) start_smtp ;;
  *) die "unknown service '${1:-}'" ;;
  esac
  ;;
deliver)
  load_env
  # doveadm save stores each letter as Dovecot's own delivery would, in argument order,
  # so UIDs follow the order of the files.
  n=0
  for f in "$@"; do
    doveadm -c "$DIR/dovecot/dovecot.conf" save -u obrd <"$f" || die "doveadm save failed for $f"
    n=$((n + 1))
  done
  echo "testenv: delivered $n letter(s)"
  ;;
deliver-bulk)
  load_env
  # For large generated mailboxes: writes straight into Maildir new/ (tmp/ then rename),
  # much faster than one doveadm per letter; UID order is then Dovecot's readdir order.
  mkdir -p "$MAILDIR"/{cur,new,tmp}
  n=0
  for f in "$@"; do
    name="$(date +%s).M${n}P$$.obrd-testenv"
    cp "$f" "$MAILDIR/tmp/$name"
    mv "$MAILDIR/tmp/$name" "$MAILDIR/new/$name"
    n=$((n + 1))
  done
  fix_mail_owner
  echo "testenv: delivered $n letter(s)"
  ;;
recreate-mailbox)
  load_env
  # Dovecot keeps UIDs and UIDVALIDITY in dovecot-uidlist and its index files; without
  # them it renumbers the letters under a new UIDVALIDITY, as a recreated mailbox would.
  stop_group imap
  sleep 1  # UIDVALIDITY is a timestamp: make sure the new one differs
  rm -f "$MAILDIR"/dovecot-uidlist "$MAILDIR"/dovecot.index* "$MAILDIR"/dovecot.list.index*
  for f in "$MAILDIR"/cur/*; do
    [ -e "$f" ] || continue
    base=$(basename "$f")
    mv "$f" "$MAILDIR/new/${base%%:2,*}"
  done
  start_imap
  ;;
obrd-conf)
  load_env
  src=$(cd "$(dirname "$0")/.." && pwd)
  if [ "${TLS:-0}" = 1 ]; then
    mailbox_tls="ca_file = $CA_FILE"
    smtp_tls=$(printf 'ca_file = %s\nuser = %s\npassword_file = %s' "$CA_FILE" "$SMTP_USER" "$SMTP_PASSWORD_FILE")
  else
    mailbox_tls="tls = off"
    smtp_tls="tls = off"
  fi
  cat <<CONF
[mailbox]
url = $IMAP_URL
$mailbox_tls
user = $IMAP_USER
password_file = $IMAP_PASSWORD_FILE
[database]
dsn = $PG_DSN
[smtp]
url = $SMTP_URL
$smtp_tls
from = mszso@sakhalin.gov.ru
[data]
rules_dir = $src/rules/data
templates_dir = $src/notices/templates
calendar_file = $src/notices/data/calendar.txt
classifier_file = $src/notices/data/classifier.txt
CONF
  ;;
*)
  die "unknown command '$cmd'"
  ;;
esac
