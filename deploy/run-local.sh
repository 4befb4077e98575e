#!/usr/bin/env bash
# Runs one local node on the embedded default: a local PostgreSQL (started here), filesystem media
# under .local/media, the Meta and Metricool simulators on 127.0.0.1:5081, a demo workload, and the
# dashboards at http://127.0.0.1:5080 (sign in at /signin with the demo key it prints; the Orleans
# Dashboard at /orleans/, Silo's pages at /dashboard/), gRPC in cleartext HTTP/2 on 127.0.0.1:5082 for
# grpcurl. The node is an Orleans silo and the gateway (role all, Orleans ports 11111 and 30000).
# Ctrl+C stops it. Extra arguments go to `silo run`.
set -euo pipefail
cd "$(dirname "$0")/.."

connection="$(bash deploy/postgres.sh)"
export ConnectionStrings__Silo="$connection"
dotnet build src/Silo.Host -c Release --nologo -v quiet
exec dotnet src/Silo.Host/bin/Release/net10.0/silo.dll run --role all --demo \
  --Silo:Gateway:Grpc:H2cUrl=http://127.0.0.1:5082 "$@"
