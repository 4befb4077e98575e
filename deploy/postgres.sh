#!/usr/bin/env bash
# Makes a local PostgreSQL available on a fresh Debian machine and prints its connection string.
# Idempotent: installs with apt only if missing, creates the cluster only if missing, starts it
# only if stopped, creates the `silo` role and database only if missing. PostgreSQL refuses to run
# as root, so everything goes through Debian's cluster tools, which switch to the postgres user.
set -euo pipefail

PG_PORT="${SILO_PG_PORT:-5432}"
# A second cluster (another name and port) keeps the fault suite's restarts away from every other test.
PG_CLUSTER="${SILO_PG_CLUSTER:-main}"
PG_USER="${SILO_PG_USER:-silo}"
PG_PASSWORD="${SILO_PG_PASSWORD:-silo}"
PG_DB="${SILO_PG_DB:-silo}"

as_root() { if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi; }

if ! command -v pg_lsclusters >/dev/null 2>&1 || [ -z "$(ls /usr/lib/postgresql 2>/dev/null)" ]; then
  echo "postgres.sh: installing PostgreSQL with apt" >&2
  as_root apt-get update -qq >&2
  DEBIAN_FRONTEND=noninteractive as_root apt-get install -y -qq postgresql >&2
fi

version="$(ls /usr/lib/postgresql | sort -V | tail -n 1)"
if ! pg_lsclusters -h | awk '{print $1"/"$2}' | grep -qx "$version/$PG_CLUSTER"; then
  as_root pg_createcluster "$version" "$PG_CLUSTER" --port "$PG_PORT" >&2
fi
# Many test databases run at once; a few more connections than Debian's default 100 keeps the
# parallel test classes and a 3-node cluster from exhausting them. The server listens on loopback only,
# where TLS protects nothing: Debian turns it on (a snakeoil certificate), and each connection's
# handshake then cost the fault suite a fifth of its CPU (.NET reads the certificate store for each).
conf="/etc/postgresql/$version/$PG_CLUSTER/conf.d/silo.conf"
wanted="max_connections = 300
listen_addresses = '127.0.0.1'
ssl = off"
changed=0
if [ "$(cat "$conf" 2>/dev/null)" != "$wanted" ]; then
  printf '%s\n' "$wanted" | as_root tee "$conf" >/dev/null
  changed=1
fi
if ! pg_lsclusters -h | awk -v v="$version" -v c="$PG_CLUSTER" '$1==v && $2==c {print $4}' | grep -q online; then
  as_root pg_ctlcluster "$version" "$PG_CLUSTER" start >&2
elif [ "$changed" = 1 ]; then
  # A running server takes ssl at once; connection limits and addresses wait for its next restart.
  as_root pg_ctlcluster "$version" "$PG_CLUSTER" reload >&2
fi

port="$(pg_lsclusters -h | awk -v v="$version" -v c="$PG_CLUSTER" '$1==v && $2==c {print $3}')"
psql_pg() { as_root su postgres -c "psql -p $port -v ON_ERROR_STOP=1 -qAt $*"; }

# Wait for the server to accept connections (start returns before it is ready on slow disks).
for _ in $(seq 1 60); do
  if psql_pg "-c 'select 1'" >/dev/null 2>&1; then break; fi
  sleep 0.5
done

if [ "$(psql_pg "-c \"select 1 from pg_roles where rolname='$PG_USER'\"")" != "1" ]; then
  psql_pg "-c \"create role $PG_USER login createdb password '$PG_PASSWORD'\"" >&2
fi
if [ "$(psql_pg "-c \"select 1 from pg_database where datname='$PG_DB'\"")" != "1" ]; then
  psql_pg "-c \"create database $PG_DB owner $PG_USER\"" >&2
fi

echo "Host=127.0.0.1;Port=$port;Username=$PG_USER;Password=$PG_PASSWORD;Database=$PG_DB"
