#!/bin/sh
# fleet.sh - a fleet of workspaces in one run: an account's list, every profile, saved and re-checked, reports, a results table (TAP, loopback fake).
# The fake serves an account console and N workspaces on one port by Host header
# (tests/fake/README.md "The fleet"): the account list is databricks-sdk-go
# service/provisioning/model.go Workspace (GET /api/2.0/accounts/{account_id}/workspaces, a JSON
# array), each workspace is reached at its deployment's host as account_functions.go workspaceHost
# builds it, and the results table takes ExecuteStatementRequest with named parameters
# (service/sql/model.go StatementParameterListItem).
. "$SRCDIR/tests/lib/tap.sh"
. "$SRCDIR/tests/lib/fake.sh"

ACCT_ID="e2e-acct-0001"
WH="10939f58de2d5413"   # a warehouse of the demo data

# --- the fake's own test ---------------------------------------------------------------------
"$PYTHON3" "$SRCDIR/tests/fake/test_fleet_fake.py" >"$TMPD/selftest" 2>&1
tap_ok "the fleet fake passes its own test (routing, token binding, faults, statements)" $? "$(tail -20 "$TMPD/selftest")"

# --- an account's workspaces ------------------------------------------------------------------
start_fake fl --fleet 12 --account-id "$ACCT_ID" --fleet-pat-prefix "fleetpat" \
	--fleet-fault 'ws-003=401' --fleet-fault 'ws-004=500' --fleet-fault 'ws-005=reset' \
	--fleet-fault 'ws-006=slow:400' --fleet-status 'ws-007=PROVISIONING' --results-log "$TMPD/results.log"
FL_PORT=$PORT
CFG="$TMPD/fleet.cfg"
cat >"$CFG" <<EOF
[acct]
host = http://accounts.localhost:$FL_PORT
account_id = $ACCT_ID
client_id = $CID
client_secret = $CSECRET

[results]
host = http://ws-001.localhost:$FL_PORT
client_id = $CID
client_secret = $CSECRET
EOF
chmod 600 "$CFG"
export DATABRICKS_CONFIG_FILE="$CFG"
fleet() { DATABRICKS_RATE_LIMIT=200 run "$PWAF" check "$@"; }

: >"$TMPD/fl.log"
fleet --account acct --format json --save-dir "$TMPD/save" --deadline 15
printf '%s\n' "$OUT" >"$TMPD/f.json"
expect "a fleet with unreachable workspaces exits 3" 3 ""
expect "stderr names each workspace that could not be reached, with why" 3 "tenant-003 .*credentials refused"
expect "... the one answering 500" 3 "tenant-004 .*could not be reached: .*500"
expect "... and the one resetting connections" 3 "tenant-005 .*could not be reached"
"$PYTHON3" - "$TMPD/f.json" "$TMPD/fl.log" >"$TMPD/py" 2>&1 <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
W = {w["name"]: w for w in j["workspaces"]}
assert len(W) == 12, sorted(W)
st = {n: w["state"] for n, w in W.items()}
want = {"tenant-003": "auth", "tenant-004": "unreachable", "tenant-005": "unreachable", "tenant-007": "skipped"}
for n, s in want.items():
    assert st[n] == s, (n, st[n])
others = [n for n in W if n not in want]
assert all(st[n] == "checked" for n in others), st
assert W["tenant-006"]["state"] == "checked", "the slow one is checked, not dropped"
assert W["tenant-002"]["workspace_id"] == "1000000000000002", W["tenant-002"]["workspace_id"]
assert "PROVISIONING" in W["tenant-007"]["error"], W["tenant-007"]
assert j["summary"]["checked"] == 8 and j["summary"]["auth"] == 1 and j["summary"]["unreachable"] == 2, j["summary"]
L = [json.loads(l) for l in open(sys.argv[2])]
L = [r for r in L if "path" in r]
crossed = [r for r in L if r.get("token_host") and r["token_host"] != r.get("realm")]
assert not crossed, crossed[:3]
assert not [r for r in L if r.get("realm") == "ws-007"], "a workspace that is not running gets no request"
lists = [r for r in L if r.get("realm") == "accounts" and r["path"].endswith("/workspaces")]
assert len(lists) == 1, len(lists)
print("yes")
PY
tap_ok "every workspace has its own state; ids from the account list; no token crossed hosts; nothing sent to a PROVISIONING one" $? "$(cat "$TMPD/py")"
pyj_items() {   # pyj_items NAME EXPR: EXPR over I (items by id) and W (workspaces by name) of f.json
	"$PYTHON3" -c "import json,sys
j=json.load(open(sys.argv[1])); I={i['item']:i for i in j['items']}; W={w['name']:w for w in j['workspaces']}
r=($2)
print('yes' if r else 'no')" "$TMPD/f.json" >"$TMPD/py" 2>&1
	[ "$(cat "$TMPD/py")" = yes ]; tap_ok "$1" $? "$(cat "$TMPD/py")"
}
pyj_items "per item: how many workspaces fail it (MCP-OPS-01 fails in the odd checked ones only)" \
	"set(I['MCP-OPS-01']['failing_workspaces'])=={'tenant-001','tenant-009','tenant-011'}"
pyj_items "a workspace without a metastore fails the Unity Catalog items the others pass" \
	"'BO-GOV-01' in W['tenant-010']['failing'] and 'BO-GOV-01' not in W['tenant-001']['failing']"
pyj_items "failing required items are listed per workspace" \
	"all(isinstance(W[n]['failing_required'],list) for n in W) and len(W['tenant-001']['failing_required'])>0"
n=$(ls "$TMPD/save"/*.snapshot 2>/dev/null | wc -l)
[ "$n" -eq 8 ] && [ -s "$TMPD/save/fleet.json" ]
tap_ok "--save-dir keeps one snapshot per checked workspace and fleet.json" $? "$n snapshots: $(ls "$TMPD/save")"
[ "$(stat -c %a "$TMPD/save/tenant-001.snapshot")" = 600 ]
tap_ok "saved snapshots are private (0600)" $? "$(stat -c %a "$TMPD/save/tenant-001.snapshot")"
no_secret "no secret in the report, the snapshots or the fake's log" "$TMPD/f.json" "$TMPD/save"/* "$TMPD/fl.log" "$TMPD/err"

# --- the saved fleet, re-checked offline ----------------------------------------------------
run "$PWAF" check --snapshot-dir "$TMPD/save" --format json
printf '%s\n' "$OUT" >"$TMPD/off.json"
"$PYTHON3" - "$TMPD/f.json" "$TMPD/off.json" >"$TMPD/py" 2>&1 <<'PY'
import json, sys
a, b = (json.load(open(p)) for p in sys.argv[1:3])
def m(j): return {w["name"]: (w["state"], w.get("summary")) for w in j["workspaces"]}
assert m(a) == m(b), {k: (m(a)[k], m(b).get(k)) for k in m(a) if m(a)[k] != m(b).get(k)}
print("yes")
PY
tap_ok "--snapshot-dir re-checks the saved fleet offline: the same states and counts, unreached ones kept" $? "$(cat "$TMPD/py")"
expect "... and the same exit code (3: the unreached are remembered)" 3 ""

# --- other formats --------------------------------------------------------------------------
run "$PWAF" check --snapshot-dir "$TMPD/save" --format html --output "$TMPD/heat.html"
"$PYTHON3" - "$TMPD/heat.html" >"$TMPD/py" 2>&1 <<'PY'
import sys
from html.parser import HTMLParser
t = open(sys.argv[1], encoding="utf-8").read()
class P(HTMLParser):
    def __init__(s):
        super().__init__(); s.stack = []; s.bad = []; s.tags = set()
    def handle_starttag(s, tag, a):
        s.tags.add(tag)
        if tag not in ("br", "meta", "link", "img", "hr", "input", "col", "wbr"): s.stack.append(tag)
    def handle_endtag(s, tag):
        if tag in s.stack:
            while s.stack and s.stack.pop() != tag: pass
        else: s.bad.append(tag)
p = P(); p.feed(t)
assert not p.bad, p.bad[:5]
assert "script" not in p.tags and "src=" not in t, "self-contained, no script"
for n in ("tenant-001", "tenant-012", "tenant-003"): assert n in t, n
assert "print-color-adjust" in t
print("yes")
PY
tap_ok "the HTML heat map is well-formed, self-contained, names every workspace" $? "$(cat "$TMPD/py")"
run "$PWAF" check --snapshot-dir "$TMPD/save" --format junit
printf '%s\n' "$OUT" >"$TMPD/j.xml"
"$PYTHON3" -c "import sys,xml.etree.ElementTree as E
r=E.parse(sys.argv[1]).getroot(); names=[c.get('name') for c in r.iter('testcase')]
assert any(n.startswith('tenant-002: ') for n in names), names[:5]
assert any(c.find('error') is not None for c in r.iter('testcase') if c.get('name','').startswith('tenant-004')), 'unreached is an error'
print('yes')" "$TMPD/j.xml" >"$TMPD/py" 2>&1
tap_ok "JUnit: a test per workspace and item, named with the workspace; an unreached workspace errs" $? "$(cat "$TMPD/py")"
run "$PWAF" check --snapshot-dir "$TMPD/save" --format sarif
printf '%s\n' "$OUT" >"$TMPD/s.json"
"$PYTHON3" -c "import sys,json
j=json.load(open(sys.argv[1])); r=j['runs'][0]['results']
assert j['version']=='2.1.0'
hosts={l['logicalLocations'][0]['fullyQualifiedName'] for x in r for l in x['locations']}
assert any('ws-002.localhost' in h for h in hosts), list(hosts)[:3]
assert any(x['ruleId']=='pwaf/workspace-unreached' for x in r)
print('yes')" "$TMPD/s.json" >"$TMPD/py" 2>&1
tap_ok "SARIF: results located at their workspace's host; unreached workspaces reported" $? "$(cat "$TMPD/py")"

# --- the results table --------------------------------------------------------------------------
: >"$TMPD/results.log"
fleet --account acct --workspaces 'tenant-00[1-2]' --results-table main.pwaf.fleet_results --warehouse "$WH" \
	--results-profile results --results-batch 100 --format json
printf '%s\n' "$OUT" >"$TMPD/r.json"
expect "two healthy workspaces with a results table: exit 1 (required items fail), rows appended" 1 "rows appended to main.pwaf.fleet_results"
"$PYTHON3" - "$TMPD/r.json" "$TMPD/results.log" >"$TMPD/py" 2>&1 <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
L = [json.loads(l) for l in open(sys.argv[2])]
assert L[0]["kind"] == "create" and L[0]["accepted"], L[0]
ins = [l for l in L if l["kind"] == "insert"]
assert all(l["accepted"] for l in ins), [l["error"] for l in ins if not l["accepted"]]
rows = sum(l["n_rows"] for l in ins)
want = sum(len(w["failing"]) * 0 + sum(w["summary"].values()) for w in j["workspaces"])
assert rows == want, (rows, want)
assert all(l["n_rows"] <= 100 for l in ins) and len(ins) == -(-want // 100), (len(ins), want)
assert {l["run_id"] for l in ins} == {j["run"]["id"]}
assert all(l["table"] == "main.pwaf.fleet_results" for l in L)
assert all(not l["problems"] for l in ins), [l["problems"] for l in ins][:2]
assert all(set(l["parameters"]) >= {"table", "run_id", "run_time", "rows"} for l in ins)
hosts = {r["workspace_host"] for l in ins for r in l["rows"]}
assert len(hosts) == 2, hosts
print("yes")
PY
tap_ok "CREATE first, then batches of at most 100 rows with named parameters, one run id, every result once" $? "$(cat "$TMPD/py")"

: >"$TMPD/fl.log"
fleet --account acct --results-table main.pwaf.fleet_results --warehouse nosuchwarehouse --results-profile results
expect "a results table on a warehouse that does not exist fails before any workspace is checked" 3 "results table main.pwaf.fleet_results: cannot create"
"$PYTHON3" -c "import json,sys
L=[json.loads(l) for l in open(sys.argv[1])]
assert not [r for r in L if r.get('realm') not in (None,'ws-001') or (r.get('realm')=='ws-001' and 'statements' not in r.get('path','') and 'oidc' not in r.get('path',''))], 'a workspace was probed'
print('yes')" "$TMPD/fl.log" >"$TMPD/py" 2>&1
tap_ok "... no workspace was probed" $? "$(cat "$TMPD/py")"
run "$PWAF" check --account acct --results-table 'main.pwaf.t; DROP TABLE x' --warehouse "$WH"
expect "a results table name that is not catalog.schema.table is refused (exit 2)" 2 "is not a table name of three parts"
run "$PWAF" check --account acct --results-table main.pwaf.t
expect "a results table needs a warehouse" 2 "needs the SQL warehouse"

# --- every profile ----------------------------------------------------------------------------
CFG2="$TMPD/profiles.cfg"
{
	for i in 001 002 003; do printf '[p%s]\nhost = http://ws-%s.localhost:%s\ntoken = fleetpat-ws-%s\n\n' $i $i "$FL_PORT" $i; done
	printf '[wrongtoken]\nhost = http://ws-008.localhost:%s\ntoken = fleetpat-ws-009\n\n' "$FL_PORT"
	printf '[acct]\nhost = http://accounts.localhost:%s\naccount_id = %s\nclient_id = %s\nclient_secret = %s\n' \
		"$FL_PORT" "$ACCT_ID" "$CID" "$CSECRET"
} >"$CFG2"
chmod 600 "$CFG2"
: >"$TMPD/fl.log"
DATABRICKS_CONFIG_FILE="$CFG2" DATABRICKS_RATE_LIMIT=200 run "$PWAF" check --all-profiles --format json
printf '%s\n' "$OUT" >"$TMPD/p.json"
expect "--all-profiles: a profile whose token belongs to another workspace is refused there (exit 3)" 3 "wrongtoken .*credentials refused"
expect "... and the account console's profile is left out" 3 "left out 1 account-console profile"
"$PYTHON3" - "$TMPD/p.json" "$TMPD/fl.log" >"$TMPD/py" 2>&1 <<'PY'
import json, sys
j = json.load(open(sys.argv[1]))
st = {w["name"]: w["state"] for w in j["workspaces"]}
assert st == {"p001": "checked", "p002": "checked", "p003": "auth", "wrongtoken": "auth"}, st
L = [json.loads(l) for l in open(sys.argv[2])]
L = [r for r in L if "path" in r]
assert not [r for r in L if r.get("token_host") and r["token_host"] != r.get("realm")
            and r.get("realm") != "ws-008"], "a token went to a host it was not written for"
print("yes")
PY
tap_ok "every profile checked with its own credentials only" $? "$(cat "$TMPD/py")"
DATABRICKS_CONFIG_FILE="$CFG2" run "$PWAF" check --all-profiles --workspaces 'p00[12]' --format json
printf '%s\n' "$OUT" >"$TMPD/p2.json"
"$PYTHON3" -c "import json,sys; j=json.load(open(sys.argv[1])); assert [w['name'] for w in j['workspaces']]==['p001','p002']; print('yes')" "$TMPD/p2.json" >"$TMPD/py" 2>&1
tap_ok "--workspaces GLOB narrows the profiles" $? "$(cat "$TMPD/py")"
expect "... two healthy workspaces failing required items: exit 1" 1 ""

# --- Ctrl-C keeps what finished -----------------------------------------------------------------
start_fake slowfl --fleet 6 --account-id "$ACCT_ID" --fleet-fault 'ws-00[4-6]=slow:20000'
cat >"$TMPD/slow.cfg" <<EOF
[acct]
host = http://accounts.localhost:$PORT
account_id = $ACCT_ID
client_id = $CID
client_secret = $CSECRET
EOF
chmod 600 "$TMPD/slow.cfg"
DATABRICKS_CONFIG_FILE="$TMPD/slow.cfg" DATABRICKS_RATE_LIMIT=200 "$PWAF" check --account acct --format json \
	--parallel 6 >"$TMPD/int.json" 2>"$TMPD/int.err" &
pid=$!
i=0
while [ $i -lt 150 ] && ! [ "$(grep -c ': checked' "$TMPD/int.err" 2>/dev/null)" -ge 3 ]; do sleep 0.2; i=$((i + 1)); done
kill -INT $pid
t0=$(date +%s)
wait $pid
rc=$?
t1=$(date +%s)
[ $rc -eq 130 ] && [ $((t1 - t0)) -le 5 ]
tap_ok "Ctrl-C stops the fleet at once (exit 130)" $? "rc=$rc after $((t1 - t0)) s; $(tail -3 "$TMPD/int.err")"
"$PYTHON3" -c "import json,sys
j=json.load(open(sys.argv[1])); st={w['name']:w['state'] for w in j['workspaces']}
assert sum(1 for s in st.values() if s=='checked')>=3 and sum(1 for s in st.values() if s=='cancelled')>=1, st
print('yes')" "$TMPD/int.json" >"$TMPD/py" 2>&1
tap_ok "... and the report holds the workspaces that finished, the rest cancelled" $? "$(cat "$TMPD/py")"

# --- usage --------------------------------------------------------------------------------------
run "$PWAF" check --all-profiles --save x.db
expect "--save with a fleet points to --save-dir" 2 "keep their snapshots with --save-dir"
run "$PWAF" check --workspaces 'a*'
expect "--workspaces without a fleet says what it needs" 2 "is for a fleet"
run "$PWAF" check --all-profiles --account acct
expect "two ways to name a fleet at once are refused" 2 "give one"
run "$PWAF" check --account acct --format markdown
expect "a fleet's formats are text, json, html, junit, sarif" 2 "html"

# --- fleet-sql ------------------------------------------------------------------------------------
run "$PWAF" fleet-sql --table main.pwaf.fleet_results
expect "fleet-sql prints the drift, failing and worse queries over the table" 0 "-- worse:"
printf '%s\n' "$OUT" | grep -c 'FROM main.pwaf.fleet_results' >"$TMPD/n"
[ "$(cat "$TMPD/n")" -ge 4 ]
tap_ok "... each naming the table" $? "$(cat "$TMPD/n")"
run "$PWAF" fleet-sql --table 'x.y.z UNION SELECT 1'
expect "fleet-sql refuses a table name that is not one" 2 "not a table name"

tap_done
