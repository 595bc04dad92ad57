#!/usr/bin/env bash
# Re-extract translatable messages, merge them into the catalogues, compile the .mo files.
# Run after adding or changing an N_("...") message; then translate the new entries in
# pos/locale/zh_CN/LC_MESSAGES/gaspos.po and run this again.  tests/unit/test_messages.py
# fails while a message lacks its Chinese or a .mo is stale.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=.venv/bin
"$bin/pybabel" extract -k N_ --no-default-keywords --no-location --sort-output \
  --project gaspos --copyright-holder "gaspos developers" -o pos/locale/gaspos.pot pos db receipts drivers
"$bin/pybabel" update -i pos/locale/gaspos.pot -d pos/locale -D gaspos -l zh_CN \
  --width 100 --ignore-obsolete --no-fuzzy-matching
"$bin/pybabel" compile -d pos/locale -D gaspos --statistics
