#!/bin/sh
# The part of the official postgres image's entrypoint that compose.yml relies on: as root, hand
# the data directory to the postgres user and restart as that user; on an empty data directory,
# initdb with POSTGRES_USER and POSTGRES_PASSWORD, password (scram) authentication from other
# hosts, and the database POSTGRES_DB (default: the user's name); then run the server.
set -eu

case "${1:-}" in
  -*) set -- postgres "$@" ;;
esac

if [ "${1:-}" = postgres ] && [ "$(id -u)" = 0 ]; then
  mkdir -p "$PGDATA"
  chown postgres:postgres "$PGDATA"
  chmod 0700 "$PGDATA"
  exec setpriv --reuid=postgres --regid=postgres --init-groups "$0" "$@"
fi

if [ "${1:-}" = postgres ] && [ ! -s "$PGDATA/PG_VERSION" ]; then
  user=${POSTGRES_USER:-postgres}
  if [ -z "${POSTGRES_PASSWORD:-}" ]; then
    echo "docker-entrypoint.sh: POSTGRES_PASSWORD is empty; the database would accept no one" >&2
    exit 1
  fi
  pwfile=$(mktemp)
  printf '%s\n' "$POSTGRES_PASSWORD" >"$pwfile"
  # shellcheck disable=SC2086 # several arguments in one variable, as in the official image
  initdb --username="$user" --pwfile="$pwfile" ${POSTGRES_INITDB_ARGS:-} >/dev/null
  rm -f "$pwfile"
  printf 'host all all all scram-sha-256\n' >>"$PGDATA/pg_hba.conf"
  db=${POSTGRES_DB:-$user}
  if [ "$db" != postgres ]; then
    pg_ctl -D "$PGDATA" -o "-c listen_addresses=''" -w start >/dev/null
    psql -X -q -v ON_ERROR_STOP=1 --username="$user" --dbname=postgres -v db="$db" <<'SQL' >/dev/null
CREATE DATABASE :"db";
SQL
    pg_ctl -D "$PGDATA" -m fast -w stop >/dev/null
  fi
  echo "docker-entrypoint.sh: initialised $PGDATA for $user"
fi

exec "$@"
