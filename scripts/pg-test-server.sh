#!/usr/bin/env bash
# Start a private, throw-away PostgreSQL cluster for the tests (Debian's packages).
# Usage: eval "$(scripts/pg-test-server.sh start [PORT])"   -> exports REGISTRY_TEST_PG_URL
#        scripts/pg-test-server.sh stop [PORT]
set -euo pipefail
PGPORT=${2:-55432}
STATE=/tmp/registry-test-pg-$PGPORT
PGVER=$(ls /usr/lib/postgresql | sort -V | tail -n 1)
PGBIN=/usr/lib/postgresql/$PGVER/bin
as_pg() { if [ "$(id -u)" = 0 ]; then runuser -u postgres -- "$@"; else "$@"; fi; }
case "${1:-start}" in
  start)
    if [ ! -f "$STATE/PG_VERSION" ]; then
      mkdir -p "$STATE"; chown postgres "$STATE" 2>/dev/null || true
      as_pg "$PGBIN/initdb" -D "$STATE" -A trust -U postgres --encoding=UTF8 --locale=C.UTF-8 >/dev/null
    fi
    if ! as_pg "$PGBIN/pg_ctl" -D "$STATE" status >/dev/null 2>&1; then
      as_pg "$PGBIN/pg_ctl" -D "$STATE" -l "$STATE/server.log" -w \
        -o "-p $PGPORT -k /tmp -c listen_addresses=127.0.0.1 -c fsync=off -c max_connections=200" start >&2
    fi
    echo "export REGISTRY_TEST_PG_URL=postgresql+psycopg://postgres@127.0.0.1:$PGPORT/postgres"
    ;;
  stop)
    as_pg "$PGBIN/pg_ctl" -D "$STATE" -m fast stop >&2 || true
    ;;
esac
