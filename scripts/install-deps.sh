#!/usr/bin/env bash
# Installs, when missing, what Tickwatch's build and tests need on a Debian machine that has the .NET SDK.
set -euo pipefail

if ! command -v dotnet >/dev/null 2>&1; then
  echo "install-deps: the .NET SDK (dotnet) is required; see https://learn.microsoft.com/dotnet/core/install/linux-debian" >&2
  exit 1
fi

missing=()
# Debian packages the suite needs, as "command:package"; a command given as an absolute path (a glob) is looked for
# there: PostgreSQL's server programs are under /usr/lib/postgresql/VERSION/bin, not on the PATH.
for need in "$@"; do
  cmd=${need%%:*}
  pkg=${need#*:}
  case "$cmd" in
    /*) compgen -G "$cmd" >/dev/null || missing+=("$pkg") ;;
    *) command -v "$cmd" >/dev/null 2>&1 || missing+=("$pkg") ;;
  esac
done

if [ ${#missing[@]} -gt 0 ]; then
  echo "install-deps: installing ${missing[*]}"
  sudo_cmd=()
  [ "$(id -u)" -eq 0 ] || sudo_cmd=(sudo)
  "${sudo_cmd[@]}" apt-get update -qq
  DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
