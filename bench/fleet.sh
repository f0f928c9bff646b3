#!/bin/sh
# fleet.sh - benchmark a fleet run: 200 workspaces of an account at 200 ms latency (some slow, one 401, one 500, one unreachable), time and peak memory, beside the sum of single-workspace runs.
# usage: bench/fleet.sh [PWAF] (default src/pwaf); needs python3 and /usr/bin/time.
# N=200 LATENCY=200 SINGLES=5 change the fleet's size, the fake's latency and how many workspaces
# are also checked one at a time (their mean times N gives the sequential figure).
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
PWAF=${1:-$SRC/src/pwaf}
PY=${PYTHON3:-python3}
N=${N:-200}
LAT=${LATENCY:-200}
SINGLES=${SINGLES:-5}
T=$(mktemp -d /tmp/pwaf-bench-XXXXXX)
PID=""
trap '[ -n "$PID" ] && kill $PID 2>/dev/null; rm -rf "$T"' EXIT INT TERM
for v in $(env | sed -n 's/^\(DATABRICKS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export HOME="$T/home"; mkdir -p "$HOME"

"$PY" "$SRC/tests/fake/fake_workspace.py" --data "$SRC/content/demo-workspace.json" --fleet "$N" \
	--account-id bench-acct --client-id bench-cid --client-secret bench-secret-value --latency "$LAT" \
	--fleet-fault 'ws-0[1-2]7=slow:1500' --fleet-fault 'ws-013=401' --fleet-fault 'ws-014=500' \
	--fleet-fault 'ws-015=reset' --port-file "$T/port" --log "$T/fake.log" 2>"$T/fake.err" &
PID=$!
i=0; while [ ! -s "$T/port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
P=$(cat "$T/port")
cat >"$T/cfg" <<EOF
[acct]
host = http://accounts.localhost:$P
account_id = bench-acct
client_id = bench-cid
client_secret = bench-secret-value
EOF
chmod 600 "$T/cfg"
export DATABRICKS_CONFIG_FILE="$T/cfg"

secs() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.1f", s }' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }

# one workspace at a time, as `pwaf check` alone would (the account's credentials, its own host)
for k in $(seq 1 "$SINGLES"); do
	ws=$(printf 'ws-%03d' $((k * 3 + 30)))
	cat >"$T/one.cfg" <<EOF
[one]
host = http://$ws.localhost:$P
client_id = bench-cid
client_secret = bench-secret-value
EOF
	chmod 600 "$T/one.cfg"
	DATABRICKS_CONFIG_FILE="$T/one.cfg" /usr/bin/time -v "$PWAF" check --profile one --format json \
		--output /dev/null 2>"$T/one$k.time" || true
done
single_sum=0
for k in $(seq 1 "$SINGLES"); do single_sum=$(awk -v a="$single_sum" -v b="$(secs "$T/one$k.time")" 'BEGIN { print a + b }'); done
single_mean=$(awk -v s="$single_sum" -v n="$SINGLES" 'BEGIN { printf "%.2f", s / n }')

: >"$T/fake.log"
/usr/bin/time -v "$PWAF" check --account acct --format json --output "$T/fleet.json" 2>"$T/fleet.time" || true
"$PY" - "$T/fleet.json" "$T/fake.log" "$N" "$single_mean" "$(secs "$T/fleet.time")" "$(rss "$T/fleet.time")" \
	"$(rss "$T/one1.time")" "$LAT" <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
log = [json.loads(l) for l in open(sys.argv[2]) if l.strip()]
n, mean, wall, peak, peak1, lat = int(sys.argv[3]), float(sys.argv[4]), float(sys.argv[5]), float(sys.argv[6]), float(sys.argv[7]), sys.argv[8]
s = j["summary"]
own = sum(w["elapsed_s"] or 0 for w in j["workspaces"] if w["state"] == "checked")
print(f"fleet of {n} workspaces at {lat} ms latency (3 slow, one 401, one 500, one unreachable)")
print(f"  {'pwaf check --account (defaults: 32 at once, 128 connections, 500 req/s)':<72} {wall:8.1f} s  {peak:6.1f} MB peak")
print(f"  {'one workspace at a time: mean single run x ' + str(n):<72} {mean * n:8.1f} s  {peak1:6.1f} MB peak (one)")
print(f"  {'sum of the fleet run own per-workspace times':<72} {own:8.1f} s")
print(f"  requests {len(log)}, {len(log) / wall:.0f}/s; checked {s['checked']}, refused {s['auth']}, unreached {s['unreachable']}")
print(f"  goal: under 60 s and under 150 MB -> {'met' if wall < 60 and peak < 150 else 'NOT met'}")
PY
