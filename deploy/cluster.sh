#!/usr/bin/env bash
# Starts an N-silo Orleans cluster on this machine: one PostgreSQL, N `silo` processes with role silo
# (each with its own Orleans silo and gateway ports and HTTP port), one gateway node (an Orleans
# client; it also starts the demo's simulators and workload), all on 127.0.0.1. The silos find each
# other, and the gateway finds them, through Orleans' membership table in PostgreSQL. The gateway also
# serves gRPC in cleartext HTTP/2 on 127.0.0.1:5082, as run-local.sh does. Each silo runs under a small
# supervise loop: a silo that exits (Orleans stops a silo that learns it was declared dead, e.g. after
# a long hang) is started again, with a line in its log. Prints where everything is; Ctrl+C (or
# `bash deploy/cluster.sh stop`) stops every process it started.
#   bash deploy/cluster.sh [N=3]
set -euo pipefail
cd "$(dirname "$0")/.."
pids_file=".local/cluster.pids"
stopping=".local/cluster.stopping"
mkdir -p .local/logs

stop() {
  [ -f "$pids_file" ] || return 0
  touch "$stopping" # supervisors see it and start nothing again
  while read -r pid; do kill "$pid" 2>/dev/null || true; done < "$pids_file"
  while read -r pid; do
    for _ in $(seq 1 100); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  done < "$pids_file"
  rm -f "$pids_file" "$stopping"
  echo "cluster stopped"
}

# Runs silo $1 until the cluster stops: started again (after 2 s) whenever it exits. SIGTERM stops the
# silo (it shuts down cleanly) and then the loop.
supervise() {
  local i="$1" child="" code
  trap '[ -n "$child" ] && kill "$child" 2>/dev/null; [ -n "$child" ] && wait "$child" 2>/dev/null; exit 0' TERM INT
  while :; do
    "${silo[@]}" run --role silo --demo-join http://127.0.0.1:5081/ --Urls="http://127.0.0.1:$((5090 + i))" \
      --Silo:Cluster:SiloPort=$((11110 + i)) --Silo:Cluster:GatewayPort=$((30000 + i)) >> ".local/logs/silo-$i.log" 2>&1 &
    child=$!
    if wait "$child"; then code=0; else code=$?; fi
    child=""
    [ -e "$stopping" ] && exit 0
    echo "cluster.sh: silo $i exited with code $code at $(date -u +%FT%TZ); starting it again" | tee -a ".local/logs/silo-$i.log" >&2
    sleep 2
  done
}
if [ "${1:-}" = "stop" ]; then stop; exit 0; fi

nodes="${1:-3}"
connection="$(bash deploy/postgres.sh)"
export ConnectionStrings__Silo="$connection"
dotnet build src/Silo.Host -c Release --nologo -v quiet
silo=(dotnet src/Silo.Host/bin/Release/net10.0/silo.dll)
dotnet src/Silo.Host/bin/Release/net10.0/silo.dll migrate

stop
rm -f "$stopping"
trap 'stop; exit 0' INT TERM
# Silo i: HTTP 509i, Orleans silo-to-silo 1111i, Orleans gateway (clients) 3000i.
for i in $(seq 1 "$nodes"); do
  : > ".local/logs/silo-$i.log"
  supervise "$i" &
  echo $! >> "$pids_file"
done
"${silo[@]}" run --role gateway --demo --demo-port 5081 --Urls=http://127.0.0.1:5080 \
  --Silo:Gateway:Grpc:H2cUrl=http://127.0.0.1:5082 > .local/logs/gateway.log 2>&1 &
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
  gRPC (h2c)   127.0.0.1:5082          (grpcurl -plaintext 127.0.0.1:5082 list)
  simulators   http://127.0.0.1:5081   (Meta CDN /cdn, Graph /graph)
  silo nodes   http://127.0.0.1:5091 … :$((5090 + nodes))   (/healthz, /readyz, /metrics)
               Orleans ports 11111 … $((11110 + nodes)) (silo), 30001 … $((30000 + nodes)) (gateway)
  logs         .local/logs/   (a silo that exits is started again; its log says so)
  nodes        curl -H "Authorization: Bearer <key>" http://127.0.0.1:5080/api/cluster/nodes   (?include=dead for the dead)
Ctrl+C stops the cluster.
TXT
wait
