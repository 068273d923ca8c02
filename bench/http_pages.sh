#!/usr/bin/env bash
# The daily pages over HTTP, as a user meets them: wrk on loopback against gunicorn (2 workers)
# with the production settings on the local PostgreSQL and Redis, loaded with the demo data.
#
# The reference is the login page (a full page in the site's layout, no query behind it). Each
# page is measured for DURATION seconds with CONNECTIONS connections, the reference first and
# last (its figures are the mean of the two). Prints each page's requests per second, its p50
# and p95 latency and its ratio of throughput to the reference; the last line holds key=value
# pairs.
#   DURATION     seconds per page (default 20; the issue's own measurement used 60)
#   CONNECTIONS  wrk connections (default 50)
#   HTTP_BENCH_DB  the PostgreSQL database it creates and drops (default commsplan_http_bench)
set -euo pipefail
cd "$(dirname "$0")/.."

duration="${DURATION:-20}"
connections="${CONNECTIONS:-50}"
db="${HTTP_BENCH_DB:-commsplan_http_bench}"
port="${HTTP_BENCH_PORT:-8110}"
work="$(mktemp -d)"
command -v wrk >/dev/null || { echo "wrk is missing: apt-get install wrk" >&2; exit 1; }

export DJANGO_SETTINGS_MODULE=commsplan.settings.production
export DATABASE_URL="postgres://postgres@127.0.0.1:5432/$db"
export REDIS_URL="redis://127.0.0.1:6379/7"
export DJANGO_SECRET_KEY="http-bench-$(.venv/bin/python -c 'import secrets; print(secrets.token_urlsafe(48))')"
export DJANGO_ALLOWED_HOSTS=127.0.0.1
export DJANGO_MEDIA_ROOT="$work/uploads"
# Throttles and the login lock-out stay as in production; the pages below need neither.

dropdb -h 127.0.0.1 -U postgres --if-exists "$db"
createdb -h 127.0.0.1 -U postgres "$db"
redis-cli -n 7 flushdb >/dev/null
.venv/bin/python manage.py migrate --noinput >/dev/null
# Loaded with the embedded settings and no broker: its tasks run in-process (no worker needed).
env -u REDIS_URL DJANGO_SETTINGS_MODULE=commsplan.settings.local .venv/bin/python manage.py load_demo --quiet-logins >/dev/null
.venv/bin/python manage.py collectstatic --noinput >/dev/null

# One session a role, made as a login makes it (the server reads it from the database).
.venv/bin/python manage.py shell -c "
from django.contrib.auth import get_user_model
from django.test import Client
from plans.models import Plan
from indicators.models import Indicator
users = {'lead': 'lider.oai.cartagena', 'manager': 'directivo.cartagena', 'press': 'prensa.cartagena'}
for role, username in users.items():
    client = Client()
    client.force_login(get_user_model().objects.get(username=username))
    print(role, client.cookies['sessionid'].value)
plan = Plan.objects.get(entity__name__contains='Cartagena', status='en_ejecucion')
print('plan', plan.pk)
print('indicator', Indicator.objects.filter(plan=plan).order_by('pk').first().pk)
" >"$work/ids"
session() { awk -v r="$1" '$1 == r {print $2}' "$work/ids"; }
plan=$(session plan)
indicator=$(session indicator)

.venv/bin/gunicorn commsplan.wsgi --bind "127.0.0.1:$port" --workers 2 >"$work/gunicorn.log" 2>&1 &
server=$!
trap 'kill "$server" 2>/dev/null || true; wait "$server" 2>/dev/null || true; dropdb -h 127.0.0.1 -U postgres --if-exists "$db"; rm -rf "$work"' EXIT
for _ in $(seq 1 60); do curl -s -o /dev/null "http://127.0.0.1:$port/cuenta/ingresar/" && break; sleep 0.5; done

cat >"$work/report.lua" <<'LUA'
done = function(summary, latency, requests)
  io.write(string.format("RESULT rps=%.1f p50=%.3f p95=%.3f errors=%d\n",
    summary.requests / (summary.duration / 1e6), latency:percentile(50) / 1e6,
    latency:percentile(95) / 1e6, summary.errors.status + summary.errors.connect + summary.errors.read
    + summary.errors.write + summary.errors.timeout))
end
LUA

measure() {  # name role path
  local name=$1 role=$2 path=$3 cookie=()
  [ "$role" != anon ] && cookie=(-H "Cookie: sessionid=$(session "$role")")
  local status
  status=$(curl -s -o /dev/null -w '%{http_code}' -H 'X-Forwarded-Proto: https' "${cookie[@]}" "http://127.0.0.1:$port$path")
  [ "$status" = 200 ] || { echo "$name: $path answered $status, not 200" >&2; exit 1; }
  wrk -t2 -c"$connections" -d"${duration}s" --latency -s "$work/report.lua" \
    -H 'X-Forwarded-Proto: https' "${cookie[@]}" "http://127.0.0.1:$port$path" | awk -v n="$name" '/^RESULT/ {print n, $2, $3, $4, $5}'
}

{
  measure login anon /cuenta/ingresar/
  measure overview manager /tablero/
  measure plan_dashboard manager "/planes/$plan/tablero/"
  measure indicator manager "/indicadores/$indicator/"
  measure mis_actividades lead /mis-actividades/
  measure press_home press /prensa/
  measure revision press /revision/
  measure registros press /registros/
  measure login_after anon /cuenta/ingresar/
} | tee "$work/results"

.venv/bin/python - "$work/results" <<'PY'
import sys

rows = {}
for line in open(sys.argv[1]):
    name, *pairs = line.split()
    rows[name] = {k: float(v) for k, v in (p.split("=") for p in pairs)}
reference = (rows.pop("login")["rps"] + rows.pop("login_after")["rps"]) / 2
out = [f"login_rps={reference:.1f}"]
for name, row in rows.items():
    out.append(f"{name}_rps={row['rps']:.1f} {name}_p95_s={row['p95']:.3f} {name}_slowdown={reference / row['rps']:.2f}")
errors = sum(int(row["errors"]) for row in rows.values())
print(" ".join(out) + f" errors={errors}")
PY
