#!/usr/bin/env bash
# Creates .venv (Python >= 3.11) and installs gaspos into it, again only when pyproject.toml
# changed.   scripts/venv.sh app | test
set -euo pipefail
cd "$(dirname "$0")/.."
extra=${1:-app}
python=${PYTHON:-python3}

if ! "$python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "gaspos needs Python 3.11 or newer; $("$python" --version 2>&1 || echo "$python: not found")." >&2
  echo "On Debian 12 / Ubuntu 24.04 the system python3 is new enough; set PYTHON=python3.11 otherwise." >&2
  exit 1
fi
if [[ ! -x .venv/bin/python ]]; then
  echo "gaspos: creating .venv with $("$python" --version)"
  "$python" -m venv .venv
fi
stamp=.venv/.gaspos-$extra
if [[ ! -f $stamp || pyproject.toml -nt $stamp ]]; then
  echo "gaspos: installing into .venv ($extra)"
  .venv/bin/python -m pip install --quiet --upgrade pip
  if [[ $extra == test ]]; then
    .venv/bin/python -m pip install --quiet -e ".[test]"
  else
    .venv/bin/python -m pip install --quiet -e .
  fi
  touch "$stamp"
fi
