#!/usr/bin/env bash
# The second README command (and what .ci/run calls): install what is missing, then lint,
# type-check, check the architecture's import rules, and run every test against the real
# stacks (PostgreSQL is started by the test session itself).  Extra arguments go to pytest.
# The tests run on one worker per CPU (pytest-xdist); the tests on the machine's one pcscd share
# a worker (tests/conftest.py).  GASPOS_TEST_WORKERS=0 runs them in this process.
set -euo pipefail
cd "$(dirname "$0")/.."
scripts/system-packages.sh test
scripts/venv.sh test
bin=.venv/bin

echo "== ruff";         "$bin/ruff" check .
echo "== mypy";         "$bin/mypy"
echo "== import rules"; "$bin/lint-imports" --no-cache
echo "== tests"
set +e
"$bin/python" -m pytest -n "${GASPOS_TEST_WORKERS:-auto}" --dist loadgroup "$@"
status=$?
set -e
if [[ $status -eq 5 ]]; then
  echo "gaspos: no test ran — that is a failure, not a pass" >&2
  exit 1
fi
exit $status
