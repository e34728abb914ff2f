#!/usr/bin/env bash
# Datastore against the tools users would otherwise pick, on one generated file (issue: "a
# 1,000,000-row, 10-column CSV with whole-file type inference loads at ≥ 400,000 rows/s with
# peak resident memory < 300 MB; datastore_search, a filtered, sorted page of 100 rows with its
# total, at p50 < 10 ms and ≥ 5× Datasette's requests/s at 16 connections").
#
#   cargo build --release && benches/datastore-peers.sh
#
# Needs: wrk, /usr/bin/time, sqlite3, psql (PostgreSQL at $PG_URL, trust auth), and on PATH (or
# in $VENV/bin) sqlite-utils and datasette from PyPI (pip install sqlite-utils datasette).
# Everything runs on this machine, servers and load generator included. Prints one line per
# figure; docs/benchmarks.md records them with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
rows=${ROWS:-1000000}
bin=${OPENGOV_BIN:-${CARGO_TARGET_DIR:-target}/release/opengov}
port=${PORT:-18191}
dport=${DATASETTE_PORT:-18192}
duration=${DURATION:-10s}
connections=${CONNECTIONS:-16}
pg_admin=${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}
pg_url=${PG_URL:-postgres://postgres@127.0.0.1:5432/bench}
if [ -n "${VENV:-}" ]; then PATH="$VENV/bin:$PATH"; fi
dir=$(mktemp -d)
pid=""; dpid=""
trap '[ -n "$pid" ] && kill "$pid" 2>/dev/null; [ -n "$dpid" ] && kill "$dpid" 2>/dev/null; rm -rf "$dir"' EXIT
csv="$dir/hourly.csv"
bench() { cargo bench -q -p opengov-datastore --bench ingest "$@"; }
# Wall time (s) and peak RSS (MiB) of a command, from GNU time's report.
timed() {
  /usr/bin/time -v -o "$dir/time.txt" "$@" >"$dir/cmd.log" 2>&1 || { cat "$dir/cmd.log" >&2; return 1; }
  local wall rss
  wall=$(awk -F': ' '/Elapsed \(wall clock\)/ {n=split($2,a,":"); s=0; for(i=1;i<=n;i++) s=s*60+a[i]; print s}' "$dir/time.txt")
  rss=$(awk -F': ' '/Maximum resident set size/ {printf "%.0f", $2/1024}' "$dir/time.txt")
  echo "$wall $rss"
}
rate() { awk -v r="$rows" -v s="$1" 'BEGIN {printf "%.0f", r/s}'; }
wait_ok() { for _ in $(seq 1 12000); do curl -fs -o /dev/null "$1" && return 0; sleep 0.01; done; echo "no answer from $1" >&2; return 1; }
enc() { python3 -c 'import sys, urllib.parse; print(urllib.parse.quote(sys.argv[1], safe=""))' "$1"; }

echo "machine: $(nproc) vCPU, $(free -g | awk '/Mem:/ {print $2}') GiB RAM; $(uptime | sed 's/.*load average/load average/')"

# 0. The file: the demo's hourly air-quality table, generated once.
WRITE_CSV="$csv" ROWS="$rows" bench
echo "file: $rows rows, $(( $(stat -c %s "$csv") / 1000000 )) MB"

# 1. Ingest into SQLite: ours (whole-file types, load; then indexes while served), sqlite-utils.
# ONLY=serving skips our own loads (1 and 2) and measures only what step 3 needs.
only=${ONLY:-}
if [ "$only" != serving ]; then
echo "--- ours, SQLite"
CSV="$csv" QUERIES=1000 bench
fi
echo "--- sqlite-utils insert --csv (types detected), then indexes on city and measured_at"
read -r wall rss < <(timed sqlite-utils insert "$dir/su.db" data "$csv" --csv)
echo "sqlite-utils insert: $wall s, $(rate "$wall") rows/s, max RSS $rss MiB"
read -r iwall irss < <(timed sh -c "sqlite-utils create-index '$dir/su.db' data city && sqlite-utils create-index '$dir/su.db' data measured_at && sqlite-utils analyze-tables '$dir/su.db' >/dev/null")
echo "sqlite-utils create-index city, measured_at + analyze: $iwall s (total $(awk -v a="$wall" -v b="$iwall" 'BEGIN {print a+b}') s, $(rate "$(awk -v a="$wall" -v b="$iwall" 'BEGIN {print a+b}')") rows/s)"
echo "sqlite-utils schema: $(sqlite3 "$dir/su.db" "SELECT sql FROM sqlite_master WHERE name = 'data'" | tr -s ' \n' ' ')"

# 2. Ingest into PostgreSQL: psql \copy into a pre-created table, then ours.
if [ "$only" != serving ]; then
echo "--- PostgreSQL"
psql -q "$pg_admin" -c "CREATE DATABASE bench" 2>/dev/null || true
psql -q "$pg_url" -c "DROP TABLE IF EXISTS peer_hourly" -c "CREATE TABLE peer_hourly (station TEXT, city TEXT, measured_at TIMESTAMP, pm25 DOUBLE PRECISION, pm10 DOUBLE PRECISION, no2 DOUBLE PRECISION, so2 DOUBLE PRECISION, co DOUBLE PRECISION, temperature DOUBLE PRECISION, aqi BIGINT)"
read -r wall rss < <(timed psql -q "$pg_url" -c "\\copy peer_hourly FROM '$csv' (FORMAT csv, HEADER true)")
echo "psql \\copy (types given, no indexes): $wall s, $(rate "$wall") rows/s, psql max RSS $rss MiB"
idx=""; for c in station city measured_at pm25 pm10 no2 so2 co temperature aqi; do idx="$idx CREATE INDEX ON peer_hourly ($c);"; done
read -r iwall _ < <(timed psql -q "$pg_url" -c "$idx" -c "VACUUM (ANALYZE) peer_hourly")
echo "psql: the same 10 indexes + VACUUM ANALYZE as ours: $iwall s (total $(awk -v a="$wall" -v b="$iwall" 'BEGIN {print a+b}') s, $(rate "$(awk -v a="$wall" -v b="$iwall" 'BEGIN {print a+b}')") rows/s)"
psql -q "$pg_url" -c "DROP TABLE peer_hourly"
echo "--- ours, PostgreSQL"
OPENGOV_DATABASE_URL="$pg_url" CSV="$csv" QUERIES=1000 bench
fi

# 3. Serving: our demo with the same table (loaded by its background job), Datasette on the
# sqlite-utils file. Both answer city = Алматы, newest first, 100 rows, with the total.
echo "--- serving ($connections connections, $duration)"
OPENGOV_DEMO_TABLE_ROWS="$rows" OPENGOV_LOG=warn "$bin" demo --bind "127.0.0.1:$port" --data-dir "$dir/og" >"$dir/server.log" 2>&1 & pid=$!
wait_ok "http://127.0.0.1:$port/healthz"
t0=$(date +%s)
resource=""
for _ in $(seq 1 3600); do
  resource=$(sqlite3 "$dir/og/opengov.sqlite3" "SELECT t.resource_id FROM datastore_tables t JOIN datastore_loads l ON l.resource_id = t.resource_id AND l.version = t.version WHERE t.row_count = $rows AND l.phase = 'done' LIMIT 1" 2>/dev/null || true)
  [ -n "$resource" ] && break
  sleep 1
done
[ -n "$resource" ] || { echo "the demo's big table did not load" >&2; tail "$dir/server.log" >&2; exit 1; }
echo "demo table loaded and indexed by the job (resource $resource) $(( $(date +%s) - t0 )) s after the server answered (seeding and generating included)"
kill -TERM "$pid"; wait "$pid" || true
OPENGOV_API_ANONYMOUS_PER_MINUTE=100000000 OPENGOV_LOG=warn "$bin" serve --bind "127.0.0.1:$port" --data-dir "$dir/og" >"$dir/server.log" 2>&1 & pid=$!
wait_ok "http://127.0.0.1:$port/healthz"
datasette serve -i "$dir/su.db" -h 127.0.0.1 -p "$dport" --setting suggest_facets off >"$dir/datasette.log" 2>&1 & dpid=$!
wait_ok "http://127.0.0.1:$dport/-/versions.json"
# The same 18 requests on both, in turn: 6 cities × 3 sorts, first page of 100 with the total
# (Datasette pages with its own keyset tokens, not offsets, so only first pages compare).
ours_lua="$dir/ours.lua"; theirs_lua="$dir/theirs.lua"
printf 'paths = {\n' >"$ours_lua"; printf 'paths = {\n' >"$theirs_lua"
for c in Алматы Астана Шымкент Караганда Актобе Усть-Каменогорск; do
  for s in "measured_at desc" "pm25 desc" "station"; do
    col=${s%% *}
    printf '  "/api/3/action/datastore_search?resource_id=%s&filters=%s&sort=%s&limit=100",\n' \
      "$resource" "$(enc "{\"city\":\"$c\"}")" "$(enc "$s")" >>"$ours_lua"
    if [ "$col" = "$s" ]; then order="_sort=$col"; else order="_sort_desc=$col"; fi
    printf '  "/su/data.json?city=%s&%s&_size=100&_shape=objects",\n' "$(enc "$c")" "$order" >>"$theirs_lua"
  done
done
for f in "$ours_lua" "$theirs_lua"; do
  printf '}\ni = 0\nrequest = function()\n  i = i %% #paths + 1\n  return wrk.format("GET", paths[i])\nend\n' >>"$f"
done
ours="http://127.0.0.1:$port$(sed -n 2p "$ours_lua" | cut -d'"' -f2)"
theirs="http://127.0.0.1:$dport$(sed -n 2p "$theirs_lua" | cut -d'"' -f2)"
ours_n=$(curl -fs "$ours" | python3 -c 'import json, sys; r = json.load(sys.stdin)["result"]; print(len(r["records"]), r["total"], r["records"][0]["measured_at"])')
theirs_n=$(curl -fs "$theirs" | python3 -c 'import json, sys; r = json.load(sys.stdin); print(len(r["rows"]), r["filtered_table_rows_count"], r["rows"][0]["measured_at"])')
echo "first request (Алматы, newest first): ours: rows, total, newest = $ours_n; datasette: $theirs_n"
[ "${ours_n% *}" = "${theirs_n% *}" ] || { echo "the two servers disagree" >&2; exit 1; }
for which in ours theirs; do
  url=${!which}
  lua=$([ "$which" = ours ] && echo "$ours_lua" || echo "$theirs_lua")
  # One pass over the 18 requests first: each server's first count of a city is its own cost.
  wrk -t1 -c1 -d2s -s "$lua" "$url" >/dev/null
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency -s "$lua" "$url")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' || true)
  name=$([ "$which" = ours ] && echo "opengov datastore_search" || echo "datasette $(datasette --version | awk '{print $NF}')")
  echo "$name: $rps req/s, p50 $p50, p99 $p99 ($connections connections, $duration, 18 requests in turn) $errors"
done
echo "resident memory after load: ours $(( $(ps -o rss= -p "$pid") / 1024 )) MB, datasette $(( $(ps -o rss= -p "$dpid") / 1024 )) MB"
echo "$(uptime | sed 's/.*load average/load average/')"
