#!/usr/bin/env bash
# Fuzz the REST API against its own OpenAPI schema with schemathesis, on the embedded default
# (SQLite, tasks in-process) loaded with the demo data: once with an area lead's token and once
# with a press officer's. Fails on any 5xx and on any response that does not match the schema.
#   API_FUZZ_EXAMPLES  examples per operation (default 10)
#   API_FUZZ_PORT      port of the server started here (default 8101)
set -euo pipefail
cd "$(dirname "$0")/.."

examples="${API_FUZZ_EXAMPLES:-10}"
port="${API_FUZZ_PORT:-8101}"
db="$(mktemp -d)/api-fuzz.sqlite3"
export DATABASE_URL="sqlite:///$db"
export DJANGO_SETTINGS_MODULE=commsplan.settings.local
# The fuzzer sends many requests with one token: no throttling in the way of the checks.
export API_THROTTLE_RATE="100000/minute"
export DJANGO_MEDIA_ROOT="$(dirname "$db")/uploads"

.venv/bin/python manage.py migrate --noinput >/dev/null
.venv/bin/python manage.py load_demo --quiet-logins >/dev/null
lead_key=$(.venv/bin/python manage.py api_token lider.sistemas.segovia --name fuzz)
press_key=$(.venv/bin/python manage.py api_token prensa.segovia --name fuzz)

.venv/bin/python manage.py runserver --noreload --nothreading "127.0.0.1:$port" >"$(dirname "$db")/server.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true' EXIT

status=0
for who in lead press; do
  key="${who}_key"
  echo "--- schemathesis as the ${who} (${examples} examples per operation)"
  .venv/bin/st run "http://127.0.0.1:$port/api/schema/" \
    --wait-for-schema 60 \
    -H "Authorization: Bearer ${!key}" \
    --checks not_a_server_error,response_schema_conformance,content_type_conformance \
    --phases examples,coverage,fuzzing \
    --max-examples "$examples" \
    --workers 1 \
    --seed 15 \
    --no-shrink \
    --request-timeout 30 \
    --warnings off || status=$?
done
if [ "$status" -ne 0 ]; then
  echo "Server log (last lines):" >&2
  tail -40 "$(dirname "$db")/server.log" >&2
fi
exit "$status"
