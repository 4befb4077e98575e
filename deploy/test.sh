#!/usr/bin/env bash
# Runs every test on a fresh machine of our kind: starts PostgreSQL, installs what the tests need,
# builds, runs every test project, and ends with one plain line of totals: "N passed, N failed".
#   SILO_TEST_JOBS   test projects run at once (default 3; 1 runs them one after another)
set -euo pipefail
cd "$(dirname "$0")/.."

connection="$(bash deploy/postgres.sh)"
export SILO_TEST_POSTGRES="${connection/Database=silo/Database=postgres}"
# The fault suite restarts its PostgreSQL server and terminates its connections: it gets a server of
# its own, so the other projects can run beside it.
faults_connection="$(SILO_PG_CLUSTER=faults SILO_PG_PORT="${SILO_FAULTS_PG_PORT:-5433}" bash deploy/postgres.sh)"
faults_postgres="${faults_connection/Database=silo/Database=postgres}"
bash deploy/test-tools.sh

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build Silo.sln -c Release -warnaserror --nologo -v quiet
started=$SECONDS

# Test processes live minutes, not days: the runtime's profile-guided re-JIT (instrumented code, then a
# second compile) costs them about a fifth of their CPU and never pays back. Inherited by the silo
# processes tests start; benchmarks and real nodes keep the default.
export DOTNET_TieredPGO=0

# Runs one test project with its own TRX file and log; GNU time records its wall time, CPU and largest
# resident set (%M: the process and the children it waited for, i.e. the test host).
run_project() {
  local project name filter
  IFS='|' read -r project name filter <<<"$1"
  [ -n "$name" ] || name="$(basename "$project" .csproj)"
  local server="$SILO_TEST_POSTGRES"
  [ "$name" = "Silo.Cluster.Tests" ] && server="$faults_postgres"
  local code=0
  SILO_TEST_POSTGRES="$server" /usr/bin/time -f "$name %e %M %U %S" -o "$results/$name.figures" \
    dotnet test "$project" -c Release --no-build --nologo ${filter:+--filter "$filter"} \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" > "$results/$name.log" 2>&1 || code=$?
  echo "$code" > "$results/$name.exit"
  echo "::: $name (exit $code)"
  cat "$results/$name.log"
}

# Longest first, a few at a time: most of a test's time is spent waiting (on reminders, retries,
# simulated latency, fail-over), so projects side by side use the two cores the suite otherwise leaves idle.
jobs_at_once="${SILO_TEST_JOBS:-3}"
# The Media tests, the longest and largest project, run as two processes split by namespace (an entry is
# "project|name|filter"): each takes about half the time and holds half the nodes of one, and the second
# takes every namespace the first does not, so a new one cannot be left out.
media=tests/Silo.Media.Tests/Silo.Media.Tests.csproj
media_first=(Posts Backfill Archiving Intake Transcription)
media_in="$(printf 'FullyQualifiedName~Silo.Media.Tests.%s.|' "${media_first[@]}")"
media_out="$(printf 'FullyQualifiedName!~Silo.Media.Tests.%s.&' "${media_first[@]}")"
projects=(
  "$media|Silo.Media.Tests.1|${media_in%|}"
  "$media|Silo.Media.Tests.2|${media_out%&}"
  tests/Silo.Cluster.Tests/Silo.Cluster.Tests.csproj
)
for project in $(dotnet sln Silo.sln list | grep -E '^tests/.*\.Tests\.csproj$' | sort); do
  [[ "${projects[*]}" == *"$project"* ]] || projects+=("$project")
done
for project in "${projects[@]}"; do
  while [ "$(jobs -rp | wc -l)" -ge "$jobs_at_once" ]; do wait -n || true; done
  run_project "$project" &
done
wait

status=0
# Each project's wall time, CPU and largest process, so a regression shows in every CI log. A test
# process above the memory budget fails the run: a contributor's laptop or a small CI runner must fit.
budget_mb=1536
echo "test project                     time      CPU   peak memory"
for entry in "${projects[@]}"; do
  IFS='|' read -r project name _ <<<"$entry"
  [ -n "$name" ] || name="$(basename "$project" .csproj)"
  [ "$(cat "$results/$name.exit" 2>/dev/null || echo 1)" -eq 0 ] || status=1
  read -r _ seconds kilobytes user system < <(grep "^$name " "$results/$name.figures" || echo "$name 0 0 0 0")
  printf '%-32s %5.0f s  %5.0f s  %6d MB\n' "$name" "$seconds" "$(awk -v u="$user" -v s="$system" 'BEGIN { print u + s }')" "$((kilobytes / 1024))"
  if [ "$((kilobytes / 1024))" -gt "$budget_mb" ]; then
    echo "  $name used more than the $budget_mb MB a test process may use" >&2
    status=1
  fi
done
echo "tests took $((SECONDS - started)) s after the build"

# dotnet test's own summary is per project; add up every TRX file's counters into one line.
passed=0; failed=0; skipped=0
for trx in "$results"/*.trx; do
  [ -f "$trx" ] || continue
  counters="$(grep -o '<Counters [^>]*>' "$trx" | head -n 1)"
  p="$(sed -n 's/.* passed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  f="$(sed -n 's/.* failed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  t="$(sed -n 's/.* total="\([0-9]*\)".*/\1/p' <<<"$counters")"
  e="$(sed -n 's/.* executed="\([0-9]*\)".*/\1/p' <<<"$counters")"
  passed=$((passed + ${p:-0})); failed=$((failed + ${f:-0})); skipped=$((skipped + ${t:-0} - ${e:-0}))
done
# A skipped test is a check that did not happen (a machine without mount rights once skipped the
# storage-full tests silently): CI fails and names each one.
if [ "$skipped" -gt 0 ]; then
  echo "$skipped test(s) skipped; a skipped test fails CI:" >&2
  grep -ho '<UnitTestResult [^>]*outcome="NotExecuted"[^>]*>' "$results"/*.trx | sed -n 's/.*testName="\([^"]*\)".*/  skipped: \1/p' >&2 || true
  status=1
fi
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no tests ran" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
