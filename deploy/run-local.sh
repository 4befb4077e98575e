#!/usr/bin/env bash
# Runs one local node on the embedded default: a local PostgreSQL (started here), filesystem media
# under .local/media, the Meta and Metricool simulators on 127.0.0.1:5081, a demo workload, and the
# dashboard at http://127.0.0.1:5080/dashboard. Ctrl+C stops it. Extra arguments go to `silo run`.
set -euo pipefail
cd "$(dirname "$0")/.."

connection="$(bash deploy/postgres.sh)"
export ConnectionStrings__Silo="$connection"
dotnet build src/Silo.Host -c Release --nologo -v quiet
exec dotnet src/Silo.Host/bin/Release/net10.0/silo.dll run --role all --demo "$@"
