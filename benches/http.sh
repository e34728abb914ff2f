#!/usr/bin/env bash
# Foundation HTTP benchmark (issue: "home page and body page at least 5,000 requests/s with p99
# under 20 ms at 64 connections; idle server under 60 MB resident; first response within 1 s
# of start on an existing database"; open data: "dataset page at least 3,000 requests/s").
# Server and load generator share this machine.
#
#   cargo build --release && benches/http.sh            (needs wrk: apt-get install wrk)
#
# Prints one line per figure; docs/benchmarks.md records them with the machine they ran on.
set -euo pipefail
cd "$(dirname "$0")/.."
bin=${OPENGOV_BIN:-${CARGO_TARGET_DIR:-target}/release/opengov}
port=${PORT:-18181}
duration=${DURATION:-20s}
connections=${CONNECTIONS:-64}
dir=$(mktemp -d)
trap 'kill "$pid" 2>/dev/null || true; rm -rf "$dir"' EXIT
base="http://127.0.0.1:$port"

wait_ok() { for _ in $(seq 1 6000); do curl -fs -o /dev/null "$1" && return 0; sleep 0.005; done; echo "no answer from $1" >&2; cat "$dir/server.log" >&2; return 1; }

# 1. Create and seed the demo database once, then stop the server.
OPENGOV_DEMO_TABLE_ROWS=${OPENGOV_DEMO_TABLE_ROWS:-0} "$bin" demo --bind "127.0.0.1:$port" --data-dir "$dir" >"$dir/server.log" 2>&1 & pid=$!
wait_ok "$base/healthz"
kill -TERM "$pid"; wait "$pid" || true

# 2. Start again on the existing database: time to the first answered page.
t0=$(date +%s%N)
OPENGOV_API_ANONYMOUS_PER_MINUTE=100000000 OPENGOV_LOG=warn "$bin" serve --bind "127.0.0.1:$port" --data-dir "$dir" >"$dir/server.log" 2>&1 & pid=$!
wait_ok "$base/"
t1=$(date +%s%N)
echo "first response after start: $(( (t1 - t0) / 1000000 )) ms"

# 3. Idle resident memory (after a first request, with the pool warm).
sleep 2
echo "idle resident memory: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"

# 4. Throughput and latency at $connections connections.
for path in "/?lang=en" "/bodies/mf?lang=en" "/bodies?lang=en" "/api/v1/bodies?limit=100" "/data/schools-gov?lang=en" "/api/3/action/package_show?id=schools-gov" "/data?lang=en" "/appeals/stats?lang=en"; do
  out=$(wrk -t2 -c"$connections" -d"$duration" --latency "$base$path")
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  p50=$(awk '$1=="50%" {print $2}' <<<"$out")
  p99=$(awk '$1=="99%" {print $2}' <<<"$out")
  errors=$(grep -E "Non-2xx|Socket errors" <<<"$out" | tr '\n' ' ' || true)
  echo "GET $path: $rps req/s, p50 $p50, p99 $p99 ($connections connections, $duration) $errors"
done
echo "resident memory after load: $(( $(ps -o rss= -p "$pid") / 1024 )) MB"
