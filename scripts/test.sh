#!/usr/bin/env bash
# Runs the whole Tickwatch test suite; installs what the tests need first when it is missing.
# Usage: scripts/test.sh [extra dotnet test arguments, e.g. --filter FullyQualifiedName~PriceBook]
set -euo pipefail
cd "$(dirname "$0")/.."

scripts/install-deps.sh

export DOTNET_CLI_TELEMETRY_OPTOUT=1 DOTNET_NOLOGO=1 DOTNET_SKIP_FIRST_TIME_EXPERIENCE=1

results=artifacts/test-results
rm -rf "$results"
mkdir -p "$results"

dotnet build Tickwatch.slnx -c Release -nologo -clp:ErrorsOnly

status=0
dotnet test Tickwatch.slnx -c Release --no-build --nologo \
  --results-directory "$results" --logger "trx" --logger "console;verbosity=normal" \
  --blame-hang-timeout 5m "$@" 2>&1 | tee "$results/console.log" || status=$?

# One closing line for the whole suite, summed over the test assemblies.
awk '
  /Failed:[[:space:]]+[0-9]+, Passed:[[:space:]]+[0-9]+, Skipped:[[:space:]]+[0-9]+/ {
    match($0, /Failed:[[:space:]]+[0-9]+/);  f += substr($0, RSTART + 7, RLENGTH - 7)
    match($0, /Passed:[[:space:]]+[0-9]+/);  p += substr($0, RSTART + 7, RLENGTH - 7)
    match($0, /Skipped:[[:space:]]+[0-9]+/); s += substr($0, RSTART + 8, RLENGTH - 8)
    n++
  }
  END {
    if (n == 0) { print "no test assembly reported results"; exit 1 }
    printf "Tests: %d passed, %d failed, %d skipped\n", p, f, s
  }' "$results/console.log" || status=1

exit "$status"
