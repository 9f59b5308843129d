# daemon_env.sh: what the daemon benchmarks (latency.sh, memory.sh, soak.sh) share; sourced.
# A build of obrd, a temporary folder with the servers of scripts/testenv.sh --tls (as
# production runs: STARTTLS both ways, the run's CA), obrd started as a daemon, and
# everything stopped and removed at exit.
#
#   bench_build DIR     configure DIR (Release, -O2) unless it is configured; build obrd and
#                       obrctl there; sets obrd_bin
#   bench_servers NAME  a folder /tmp/obrd-bench-NAME-*, the servers started in it and their
#                       variables (DIR/env) loaded; sets tmp
#   bench_config [printf arguments for more sections]
#                       writes $tmp/obrd.conf: testenv.sh obrd-conf and the lines given
#   start_obrd          starts obrd on $tmp/obrd.conf (log: $tmp/obrd.log), waits until it
#                       has started; sets obrd_pid
#   stop_obrd           SIGTERM, and waits
# Needs $root (the repository) set by the caller.

bench_build() {
  build=$(mkdir -p "$1" && cd "$1" && pwd)
  if [ ! -f "$build/CMakeCache.txt" ]; then
    cmake -S "$root" -B "$build" -DCMAKE_BUILD_TYPE=Release "-DCMAKE_CXX_FLAGS_RELEASE=-O2 -DNDEBUG" >/dev/null
  fi
  cmake --build "$build" -j2 --target obrd obrctl >/dev/null
  obrd_bin="$build/daemon/obrd"
}

obrd_pid=""
bench_cleanup() {
  [ -n "$obrd_pid" ] && kill "$obrd_pid" 2>/dev/null && wait "$obrd_pid" 2>/dev/null
  bash "$root/scripts/testenv.sh" stop "$tmp/env" >/dev/null 2>&1 || true
  rm -rf "$tmp"
}

bench_servers() {
  tmp=$(mktemp -d "/tmp/obrd-bench-$1-XXXXXX")
  chmod 755 "$tmp"  # PostgreSQL and Dovecot run as other users
  trap bench_cleanup EXIT
  trap 'exit 130' INT TERM
  bash "$root/scripts/testenv.sh" start "$tmp/env" --owner-pid $$ --tls >/dev/null
  # shellcheck disable=SC1091
  . "$tmp/env/env"
}

bench_config() {
  {
    bash "$root/scripts/testenv.sh" obrd-conf "$tmp/env"
    # shellcheck disable=SC2059
    [ $# -eq 0 ] || printf "$@"
  } >"$tmp/obrd.conf"
}

start_obrd() {
  "$obrd_bin" --config "$tmp/obrd.conf" 2>"$tmp/obrd.log" &
  obrd_pid=$!
  local _
  for _ in $(seq 300); do grep -q "obrd started" "$tmp/obrd.log" && return 0; sleep 0.1; done
  cat "$tmp/obrd.log" >&2
  echo "obrd did not start" >&2
  exit 1
}

stop_obrd() {
  kill "$obrd_pid"
  wait "$obrd_pid" || true
  obrd_pid=""
}
