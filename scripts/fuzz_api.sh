#!/usr/bin/env bash
# Fuzz the running API with the Schemathesis CLI, all checks, as an integrator and anonymously.
#
#   make run                      # or any server on $BASE (demo data loaded)
#   scripts/fuzz_api.sh           # BASE=http://127.0.0.1:8000 TOKEN=<key> MAX_EXAMPLES=25
#
# Settings shared with the pytest run are in schemathesis.toml. Without TOKEN the demo
# integrator token (`manage.py load_demo`) is used. Exit status is non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
BASE="${BASE:-http://127.0.0.1:8000}"
TOKEN="${TOKEN:-demo-integrator-token-not-for-production}"
MAX_EXAMPLES="${MAX_EXAMPLES:-25}"
ST="${ST:-.venv/bin/st}"

common=(--checks all --max-examples "$MAX_EXAMPLES" --seed 1 --suppress-health-check all
        --request-timeout 30)

echo "== as an integrator"
"$ST" run "$BASE/api/schema/?format=json" "${common[@]}" -H "Authorization: Token $TOKEN" "$@"
echo "== anonymous"
"$ST" run "$BASE/api/schema/?format=json" "${common[@]}" "$@"
