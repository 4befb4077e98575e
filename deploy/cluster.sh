#!/usr/bin/env bash
# Starts an N-silo Orleans cluster on this machine: one PostgreSQL, N `silo` processes with role silo
# (each with its own Orleans silo and gateway ports and HTTP port), one gateway node (an Orleans
# client; it also starts the demo's simulators and workload), all on 127.0.0.1. The silos find each
# other, and the gateway finds them, through Orleans' membership table in PostgreSQL. Prints where
# everything is; Ctrl+C (or `bash deploy/cluster.sh stop`) stops every process it started.
#   bash deploy/cluster.sh [N=3]
set -euo pipefail
cd "$(dirname "$0")/.."
pids_file=".local/cluster.pids"
mkdir -p .local/logs

stop() {
  [ -f "$pids_file" ] || return 0
  while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$pids_file"
  while read -r pid; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done < "$pids_file"
  rm -f "$pids_file"
  echo "cluster stopped"
}
if [ "${1:-}" = "stop" ]; then stop; exit 0; fi

nodes="${1:-3}"
connection="$(bash deploy/postgres.sh)"
export ConnectionStrings__Silo="$connection"
dotnet build src/Silo.Host -c Release --nologo -v quiet
silo=(dotnet src/Silo.Host/bin/Release/net10.0/silo.dll)
dotnet src/Silo.Host/bin/Release/net10.0/silo.dll migrate

stop
trap 'stop; exit 0' INT TERM
# Silo i: HTTP 509i, Orleans silo-to-silo 1111i, Orleans gateway (clients) 3000i.
for i in $(seq 1 "$nodes"); do
  "${silo[@]}" run --role silo --demo-join http://127.0.0.1:5081/ --Urls="http://127.0.0.1:$((5090 + i))" \
    --Silo:Cluster:SiloPort=$((11110 + i)) --Silo:Cluster:GatewayPort=$((30000 + i)) \
    > ".local/logs/silo-$i.log" 2>&1 &
  echo $! >> "$pids_file"
done
"${silo[@]}" run --role gateway --demo --demo-port 5081 --Urls=http://127.0.0.1:5080 > .local/logs/gateway.log 2>&1 &
echo $! >> "$pids_file"

# Ready: every silo active, and the gateway's Orleans client connected to the cluster.
for _ in $(seq 1 240); do
  ready=0
  for i in $(seq 1 "$nodes"); do curl -fs "http://127.0.0.1:$((5090 + i))/readyz" >/dev/null 2>&1 && ready=$((ready + 1)); done
  [ "$ready" -eq "$nodes" ] && curl -fs http://127.0.0.1:5080/readyz >/dev/null 2>&1 && break
  sleep 0.5
done
cat <<TXT
Silo cluster: $nodes Orleans silos + 1 gateway on one PostgreSQL
  PostgreSQL   $connection
  gateway      http://127.0.0.1:5080   (sign in at /signin with key silo_demo_admin_key_change_me;
                                        Orleans Dashboard /orleans/, Silo's pages /dashboard/)
  simulators   http://127.0.0.1:5081   (Meta CDN /cdn, Graph /graph)
  silo nodes   http://127.0.0.1:5091 … :$((5090 + nodes))   (/healthz, /readyz, /metrics)
               Orleans ports 11111 … $((11110 + nodes)) (silo), 30001 … $((30000 + nodes)) (gateway)
  logs         .local/logs/
Ctrl+C stops the cluster.
TXT
wait
