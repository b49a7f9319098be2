#!/usr/bin/env bash
# Runs everything: installs what is missing, builds, then starts the AppHost (PostgreSQL, Redis, maildev,
# migrations, Finance.Api, Finance.Workers). The URLs are printed and written to .data/urls.json. Ctrl+C stops it all.
set -euo pipefail
cd "$(dirname "$0")"
./scripts/setup.sh
exec dotnet AppHost/bin/Debug/net10.0/AppHost.dll "$@"
