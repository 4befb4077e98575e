#!/usr/bin/env bash
# Runs every test on a fresh machine of our kind: starts PostgreSQL, installs what the tests need,
# builds, runs every test project, and ends with one plain line of totals: "N passed, N failed".
set -euo pipefail
cd "$(dirname "$0")/.."

connection="$(bash deploy/postgres.sh)"
export SILO_TEST_POSTGRES="${connection/Database=silo/Database=postgres}"
bash deploy/test-tools.sh

results="artifacts/test-results"
rm -rf "$results"
mkdir -p "$results"

dotnet build Silo.sln -c Release -warnaserror --nologo -v quiet
status=0
# One project at a time, each with its own TRX file (projects finishing in the same second would
# otherwise overwrite each other's default-named results); classes inside a project run in parallel.
for project in $(dotnet sln Silo.sln list | grep -E '^tests/.*\.Tests\.csproj$' | sort); do
  name="$(basename "$project" .csproj)"
  dotnet test "$project" -c Release --no-build --nologo \
    --logger "trx;LogFileName=$name.trx" --results-directory "$results" || status=$?
done

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
if [ "$passed" -eq 0 ] && [ "$status" -eq 0 ]; then
  echo "no tests ran" >&2
  status=1
fi
echo "$passed passed, $failed failed, $skipped skipped"
exit "$status"
