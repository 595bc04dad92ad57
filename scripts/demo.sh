#!/usr/bin/env bash
# The first README command: install what is missing, then start gaspos in demo mode
# (embedded SQLite demo database, simulated devices).  Extra arguments go to gaspos.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-packages.sh app
scripts/venv.sh app
exec .venv/bin/gaspos --demo "$@"
