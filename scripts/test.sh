#!/usr/bin/env bash
# Runs the whole Tickwatch test suite; installs what the tests need first when it is missing.
# Usage: scripts/test.sh [--fast] [extra dotnet test arguments, e.g. --filter FullyQualifiedName~PriceBook]
#   --fast   the unit tier alone: classes named *UnitTests, which start no server, socket, browser or process
#            (the rest needs Redis, Kestrel, real feeds or Chromium); nothing is installed for it.
set -euo pipefail
cd "$(dirname "$0")/.."

fast=false
if [ "${1:-}" = "--fast" ]; then
  fast=true
  shift
fi

# redis-server: the Redis tier starts its own loopback cluster with scripts/redis-cluster.sh.
# postgresql: the ledger's tier starts its own loopback server with scripts/postgres.sh (its programs are off the PATH).
# chromium: the end-to-end tier drives Debian's browser through Playwright (never a downloaded one).
# curl, jq, bc: the guide's command lines and scripts/monitor_production.sh are run against the market service.
# prometheus, promtool: the alert rules are checked and a real Prometheus scrapes the market service.
$fast || scripts/install-deps.sh redis-server:redis-server redis-cli:redis-tools '/usr/lib/postgresql/*/bin/initdb:postgresql' chromium:chromium curl:curl jq:jq bc:bc promtool:prometheus prometheus:prometheus

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet build Tickwatch.slnx -c Release -nologo -clp:ErrorsOnly

tier=()
if $fast; then
  tier=(--filter "FullyQualifiedName~UnitTests")
fi

status=0
dotnet test Tickwatch.slnx -c Release --no-build --nologo "${tier[@]}" \
  --results-directory "$results" --logger "trx" --logger "console;verbosity=normal" \
  --blame-hang-timeout 5m "$@" 2>&1 | tee "$results/console.log" || status=$?

# One closing line for the whole suite, summed over the test assemblies' TRX counters.
trx=("$results"/*.trx)
if [ ! -e "${trx[0]}" ]; then
  echo "no test assembly reported results"
  exit 1
fi
# The failures again at the end, where a CI log's tail shows them: the test's name, its message and the top of its stack.
if grep -qE '^\s+Failed [A-Za-z]' "$results/console.log"; then
  echo
  echo "Failed tests:"
  grep -A 30 -E '^\s+Failed [A-Za-z]' "$results/console.log" | head -n 240
  echo
fi

sed -n 's/.*<Counters \(.*\)\/>.*/\1/p' "${trx[@]}" | awk '
  {
    for (i = 1; i <= NF; i++) {
      split($i, kv, "=")
      gsub(/"/, "", kv[2])
      sum[kv[1]] += kv[2]
    }
  }
  END {
    skipped = sum["notExecuted"] + sum["inconclusive"]
    failed = sum["failed"] + sum["error"] + sum["timeout"] + sum["aborted"]
    printf "Tests: %d passed, %d failed, %d skipped\n", sum["passed"], failed, skipped
  }'

exit "$status"
