#!/bin/sh
# The official image's contract, in short: flag-only arguments run the server; on an empty $PGDATA the cluster is set up
# from POSTGRES_USER (default postgres), POSTGRES_PASSWORD (required) and POSTGRES_DB (default: the user) before the
# server listens, so that nothing (pg_isready included) sees it ready before the set-up is done.
set -eu
case "${1:-postgres}" in -*) set -- postgres "$@" ;; esac
[ "${1:-postgres}" = postgres ] || exec "$@"
[ $# -gt 0 ] || set -- postgres

if [ "$(id -u)" = 0 ]; then
  # Prepared as root, run as postgres: the server refuses to run as root.
  mkdir -p "$PGDATA" /var/run/postgresql
  chown postgres:postgres "$PGDATA" /var/run/postgresql
  chmod 700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

user=${POSTGRES_USER:-postgres}
db=${POSTGRES_DB:-$user}
if [ ! -s "$PGDATA/PG_VERSION" ]; then
  [ -n "${POSTGRES_PASSWORD:-}" ] || { echo "POSTGRES_PASSWORD must be set (this image does not allow trust over TCP)." >&2; exit 1; }
  sql_string() { printf "'%s'" "$(printf '%s' "$1" | sed "s/'/''/g")"; }
  sql_name() { printf '"%s"' "$(printf '%s' "$1" | sed 's/"/""/g')"; }
  if [ "$user" = postgres ]; then
    cp -a /var/lib/postgresql/initialised/. "$PGDATA/"
  else
    # Another superuser name needs a cluster of its own (the prepared one's superuser is postgres).
    initdb --pgdata="$PGDATA" --username="$user" --encoding=UTF8 --locale=C.UTF-8 --auth-local=trust --auth-host=scram-sha-256 \
      --no-sync --no-instructions >/dev/null
    cp /var/lib/postgresql/initialised/pg_hba.conf "$PGDATA/pg_hba.conf"
    printf "listen_addresses = '*'\n" >>"$PGDATA/postgresql.conf"
  fi
  # Single-user mode: no socket, no TCP, one statement a line.
  {
    echo "ALTER ROLE $(sql_name "$user") PASSWORD $(sql_string "$POSTGRES_PASSWORD")"
    [ "$db" = postgres ] || echo "CREATE DATABASE $(sql_name "$db")"
  } | postgres --single -D "$PGDATA" -c fsync=off postgres >/dev/null
fi
exec "$@"
