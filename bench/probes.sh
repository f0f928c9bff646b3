#!/bin/sh
# probes.sh - benchmark the probe engine against the fake workspace: parallel vs sequential vs the
# least time 8 connections could take, at the SDKs' 15 requests a second and unlimited; and 20,000
# clusters (200 pages) for time and peak memory.
# usage: bench/probes.sh [PWAF] (default src/pwaf); needs python3 and /usr/bin/time.
set -eu
SRC=$(cd "$(dirname "$0")/.." && pwd)
PWAF=${1:-$SRC/src/pwaf}
PY=${PYTHON3:-python3}
LAT=${LATENCY:-400}
T=$(mktemp -d /tmp/pwaf-bench-XXXXXX)
PIDS=""
trap 'for p in $PIDS; do kill $p 2>/dev/null; done; rm -rf "$T"' EXIT INT TERM
export DATABRICKS_TOKEN=bench-token
unset DATABRICKS_HOST DATABRICKS_CLIENT_ID DATABRICKS_CLIENT_SECRET DATABRICKS_CONFIG_PROFILE DATABRICKS_AUTH_TYPE || true

fake() {   # fake NAME ARGS...: start the fake, set URL
	n=$1; shift
	"$PY" "$SRC/tests/fake/fake_workspace.py" --data "$SRC/content/demo-workspace.json" --token bench-token \
		--port-file "$T/$n.port" --log "$T/$n.log" "$@" 2>"$T/$n.err" &
	PIDS="$PIDS $!"
	i=0; while [ ! -s "$T/$n.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	URL="http://127.0.0.1:$(cat "$T/$n.port")"
}

timed() {  # timed OUTFILE ARGS...: run pwaf check under /usr/bin/time -v
	out=$1; shift
	/usr/bin/time -v "$PWAF" check --host "$URL" --format json --output /dev/null "$@" 2>"$out" || true
}
secs() { awk -F': ' '/Elapsed \(wall clock\)/ { n = split($2, a, ":"); s = 0; for (i = 1; i <= n; i++) s = s * 60 + a[i]; printf "%.2f", s }' "$1"; }
rss() { awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$1"; }

# 1. every probe at once, with latency, short pages so the chains are long
fake lat --latency "$LAT" --page-size 5
: >"$T/lat.log"
timed "$T/sdk.time"
: >"$T/lat.log"
timed "$T/par.time" --rate-limit 1000
cp "$T/lat.log" "$T/par.log"
: >"$T/lat.log"
timed "$T/seq.time" --jobs 1 --rate-limit 1000
CHAIN=$("$PY" - "$T/par.log" "$LAT" <<'EOF'
import json, sys, collections
n = collections.Counter()
for line in open(sys.argv[1]):
    r = json.loads(line)
    if r.get("probe"):
        n[r["probe"]] += 1
lat = int(sys.argv[2]) / 1000.0
# detail calls wait for their list, then spread over the connections
detail = {"job-details": "jobs", "share-details": "shares", "sp-secrets": "service-principals",
          "catalog-grants": "catalogs", "system-schemas": "metastore-assignment"}
chains = {k: v for k, v in n.items() if k not in detail}
for d, parent in detail.items():
    chains[parent + "+" + d] = n[parent] + max(1, -(-n[d] // 8))
name, reqs = max(chains.items(), key=lambda kv: kv[1])
total = sum(n.values())
floor = max(reqs, -(-total // 8)) * lat
print(f"{len(n)} {total} {name} {reqs} {floor:.2f}")
EOF
)
set -- $CHAIN
NPROBES=$1; NREQ=$2; CNAME=$3; CREQ=$4; FLOOR=$5
PAR=$(secs "$T/par.time"); SEQ=$(secs "$T/seq.time"); SDK=$(secs "$T/sdk.time")
printf '%-52s %10s\n' "probes: $NPROBES, requests: $NREQ, latency ${LAT} ms" ""
printf '%-52s %10s s  (longest chain: %s, %s requests)\n' "least time for 8 connections" "$FLOOR" "$CNAME" "$CREQ"
printf '%-52s %10s s  (%.2fx the least; target <= 1.5x)\n' "parallel, 8 connections, no rate limit" "$PAR" "$(echo "$PAR $FLOOR" | awk '{print $1/$2}')"
printf '%-52s %10s s  (%s requests / 15 per second = %.1f s)\n' "parallel at the SDKs' default 15 requests/s" "$SDK" "$NREQ" "$(echo "$NREQ" | awk '{print $1/15}')"
printf '%-52s %10s s  (--jobs 1)\n' "sequential" "$SEQ"
printf '%-52s %10s MB\n' "peak RSS, parallel" "$(rss "$T/par.time")"

# 2. 20,000 clusters in pages of 100
fake big --generate-clusters 20000 --page-size 100 ${BIG_LATENCY:+--latency $BIG_LATENCY}
timed "$T/big.time" --items BO-TAG-01 --save "$T/big.db" --rate-limit 1000
PAGES=$(grep -c '"probe": "clusters"' "$T/big.log" || true)
COUNT=$("$PY" -c "import sqlite3,sys; print(sqlite3.connect(sys.argv[1]).execute(\"select count(*) from objects where endpoint='clusters'\").fetchone()[0])" "$T/big.db")
printf '%-44s %10s s  (target < 45 s)\n' "20,000 clusters: $COUNT stored, $PAGES pages" "$(secs "$T/big.time")"
printf '%-44s %10s MB (target < 200 MB)\n' "peak RSS, 20,000 clusters" "$(rss "$T/big.time")"
