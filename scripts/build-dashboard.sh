#!/usr/bin/env bash
# Refreshes the dashboard's vendored front-end libraries from npm (package-lock.json pins them).
# The build and the tests never run this: the copied files are committed, so neither needs npm or a network.
# Usage: scripts/build-dashboard.sh   (after changing src/Tickwatch.Market/Dashboard/package.json, run `npm install` there first)
set -euo pipefail
cd "$(dirname "$0")/../src/Tickwatch.Market/Dashboard"

if ! command -v npm >/dev/null 2>&1; then
  echo "build-dashboard: npm is required (Debian: apt-get install npm)" >&2
  exit 1
fi

npm ci --ignore-scripts --no-audit --no-fund

vendor=wwwroot/vendor
rm -rf "$vendor"
mkdir -p "$vendor"
cp node_modules/uplot/dist/uPlot.iife.min.js node_modules/uplot/dist/uPlot.min.css "$vendor/"
cp node_modules/uplot/LICENSE "$vendor/uPlot.LICENSE"
version=$(node -p 'require("./node_modules/uplot/package.json").version')
echo "build-dashboard: uPlot $version copied to src/Tickwatch.Market/Dashboard/$vendor"
