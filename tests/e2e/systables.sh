#!/bin/sh
# systables.sh - system tables through the Statement Execution API, and the account console (TAP, loopback fake).
# The fake answers POST /api/2.0/sql/statements as databricks-sdk-go service/sql describes it
# (ExecuteStatementRequest, StatementResponse: PENDING, RUNNING, SUCCEEDED, FAILED, CANCELED, CLOSED;
# ResultData chunks) and the account console's budgets, federation policies and OAuth app integrations
# (service/billing, service/oauth2).
. "$SRCDIR/tests/lib/tap.sh"
. "$SRCDIR/tests/lib/fake.sh"

"$PWAF" check --demo --format json >"$TMPD/demo.json" 2>/dev/null
check() {
	DATABRICKS_RATE_LIMIT=200 DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --format json "$@"
	printf '%s\n' "$OUT" >"$TMPD/r.json"
}
SYS="ISV-UA-01 ISV-UA-04 BO-COST-01 BO-COST-02 BO-GOV-04 ISV-CAT-04 DC-OPS-02 BO-TAG-04"
ACCT="BO-COST-03 ISV-OAUTH-02 ISV-OAUTH-04"

# --- the demo: 66 live statuses or more -------------------------------------------------------
pyj "the demo gives at least 66 live statuses (pass, fail, warn or unknown)" "$TMPD/demo.json" \
	"sum(1 for s in D.values() if s in ('pass','fail','warn','unknown'))>=66"

# --- statements that run a while, in chunks ---------------------------------------------------
start_fake slow --sql-latency 1200 --sql-max-wait 0 --sql-chunk 2
LOG="$TMPD/slow.log"
check --product Northwind_Insights --customer-tag customer_id --since 14d
pyj "statements that outlive the wait are polled to the end, every chunk read: the demo's statuses" "$TMPD/r.json" \
	"all(S[i]==D[i] for i in '$SYS'.split())"
pyj "each statement is polled (GET /api/2.0/sql/statements/{id}) and its chunks fetched" "$TMPD/r.json" \
	"sum(1 for r in L if r['method']=='GET' and r['path'].startswith('/api/2.0/sql/statements/') and '/result/chunks/' not in r['path'])>=6 and sum(1 for r in L if '/result/chunks/' in r['path'])>=10"
"$PYTHON3" - "$TMPD/slow.log" >"$TMPD/body" 2>&1 <<'PY'
import json, sys
posts = [json.loads(l) for l in open(sys.argv[1])]
posts = [r for r in posts if r.get("method") == "POST" and r.get("path") == "/api/2.0/sql/statements"]
assert len(posts) == 6, len(posts)
assert all("content-type" in r["header_names"] for r in posts)
PY
tap_ok "six statements, one per system-table probe, POSTed as JSON" $? "$(cat "$TMPD/body")"

# --- what the requests say (the fake validates parameters, format, disposition, wait) ---------
start_fake strict
LOG="$TMPD/strict.log"
check --product Northwind_Insights --save "$TMPD/strict.db"
pyj "named parameters bound, JSON_ARRAY, INLINE, wait_timeout, on_wait_timeout CONTINUE: no statement refused" "$TMPD/r.json" \
	"all(S[i]==D[i] for i in '$SYS'.split()) and not any(r['status']==400 for r in L)"
"$PYTHON3" -c "import sqlite3,sys
v=sqlite3.connect(sys.argv[1]).execute(\"select value from meta where key='sql_warehouse'\").fetchone()
assert v and 'acme-retail-serving' in v[0] and 'serverless' in v[0] and 'running' in v[0], v" "$TMPD/strict.db" >"$TMPD/wh" 2>&1
tap_ok "the warehouse used is a running serverless one the caller can use, and the snapshot says which" $? "$(cat "$TMPD/wh")"

# --- honest statuses: no privilege, failures, canceled, states the API does not define ---------
start_fake denied --fault sql-denied:sys-audit-user-agents --fault sql-fail:sys-billing-by-tag \
	--fault sql-cancel:sys-lineage --fault sql-bad-state:sys-sharing-activity
check --product Northwind_Insights
pyj "no SELECT on system.access.audit: unknown, naming the grant that is missing" "$TMPD/r.json" \
	"S['ISV-UA-01']=='unknown' and 'USE SCHEMA on system.access and SELECT on system.access.audit' in E['ISV-UA-01'] and 'INSUFFICIENT_PERMISSIONS' in E['ISV-UA-01']"
pyj "a FAILED statement is an error with the server's message" "$TMPD/r.json" \
	"S['BO-COST-01']=='error' and 'failed' in E['BO-COST-01'] and 'system.billing.usage' in E['BO-COST-01']"
pyj "a CANCELED statement is an error, never a pass" "$TMPD/r.json" "S['ISV-UC-03']=='error' and 'canceled' in E['ISV-UC-03']"
pyj "a state the API does not define is an error" "$TMPD/r.json" "S['DC-OPS-02']=='error' and 'not one the API defines' in E['DC-OPS-02']"
start_fake nonadmin --non-admin
check --product Northwind_Insights
pyj "a caller without rights on system.*: every system-table item unknown, none passes" "$TMPD/r.json" \
	"all(S[i]=='unknown' and 'no permission to read system.' in E[i] for i in ['ISV-UA-01','ISV-UA-04','BO-COST-01','ISV-CAT-04'])"

# --- warehouses: never started unless asked -----------------------------------------------------
"$PYTHON3" - "$DATA" "$TMPD/stopped.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
for w in d["endpoints"]["warehouses"]:
    w["state"] = "STOPPED"
json.dump(d, open(sys.argv[2], "w"))
PY
start_fake stopped --data "$TMPD/stopped.json"
LOG="$TMPD/stopped.log"
check --product Northwind_Insights
pyj "no running warehouse: unknown naming --warehouse and --start-warehouse, no statement sent" "$TMPD/r.json" \
	"S['ISV-UA-01']=='unknown' and '--start-warehouse' in E['ISV-UA-01'] and not any(r['path'].startswith('/api/2.0/sql/statements') for r in L)"
check --product Northwind_Insights --start-warehouse
pyj "--start-warehouse runs the statements on a stopped warehouse (the fake starts it)" "$TMPD/r.json" \
	"S['ISV-UA-01']==D['ISV-UA-01'] and any(r.get('note','').startswith('started-warehouse:') for r in [json.loads(l) for l in open('$TMPD/stopped.log')])"
check --product Northwind_Insights --warehouse 10939f58de2d5413
pyj "an explicit --warehouse that is stopped is not started either" "$TMPD/r.json" \
	"S['ISV-UA-01']=='unknown' and 'is STOPPED' in E['ISV-UA-01']"

# --- a statement still running at the deadline is canceled ---------------------------------------
start_fake long --sql-latency 60000 --sql-max-wait 0
LOG="$TMPD/long.log"
t0=$(date +%s)
check --product Northwind_Insights --items ISV-UA-01 --deadline 4
t1=$(date +%s)
[ $((t1 - t0)) -le 8 ]; tap_ok "a statement that outruns --deadline stops the run in time ($((t1 - t0)) s)" $?
pyj "... is canceled on the warehouse (POST .../cancel) and the item says so" "$TMPD/r.json" \
	"S['ISV-UA-01']=='error' and 'deadline' in E['ISV-UA-01'] and any(r['path'].endswith('/cancel') for r in L)"

# --- the partner's identity -----------------------------------------------------------------------
rm -f "$HOME/.config/pwaf/config"   # fake.sh gave the demo partner's; start without one
start_fake ident
check --items ISV-UA-01,ISV-UA-04
pyj "without the product's name the User-Agent items are unknown and say how to set it" "$TMPD/r.json" \
	"S['ISV-UA-01']=='unknown' and 'pwaf config product' in E['ISV-UA-01']"
printf '%s\n' "$ERR" | grep -q "items need your product's User-Agent name (ISV-UA-01, ISV-UA-04)"
tap_ok "... and check says once which items need it" $? "$ERR"
run "$PWAF" config product Northwind_Insights
expect "pwaf config product NAME keeps it" 0 "product = Northwind_Insights"
check --items ISV-UA-01
pyj "... and the next check uses it" "$TMPD/r.json" "S['ISV-UA-01']==D['ISV-UA-01']"
run "$PWAF" config product "Bad Name/1"
expect "a product name that cannot be a User-Agent token is refused" 2 "product .* takes letters, digits"
run "$PWAF" config colour red
expect "an unknown setting is refused, naming the ones there are" 2 "unknown setting 'colour'"
check --items ISV-UA-01 --save "$TMPD/saved.db"
run "$PWAF" check --snapshot "$TMPD/saved.db" --items ISV-UA-01,BO-COST-01 --format json
pyj "a saved snapshot re-checks the system-table items offline" "$TMPD/out" "S['ISV-UA-01']==D['ISV-UA-01']"
rm -f "$HOME/.config/pwaf/config"

# --- the account console ---------------------------------------------------------------------------
start_fake acct
LOG="$TMPD/acct.log"
ACCOUNT_ID=$("$PYTHON3" -c "import json,sys; print(json.load(open(sys.argv[1]))['account']['account_id'])" "$DATA")
cat >"$HOME/.databrickscfg" <<EOF
[acct]
host = http://accounts.localhost:$PORT
account_id = $ACCOUNT_ID
client_id = $CID
client_secret = $CSECRET

[ws-not-account]
host = $URL
token = $TOKEN
EOF
chmod 600 "$HOME/.databrickscfg"
check --product Northwind_Insights --items BO-COST-03,ISV-OAUTH-02,ISV-OAUTH-04
pyj "without an account profile the account items are unknown, naming --account-profile" "$TMPD/r.json" \
	"all(S[i]=='unknown' and '--account-profile' in E[i] for i in '$ACCT'.split())"
check --product Northwind_Insights --account-profile acct --items BO-COST-03,ISV-OAUTH-02,ISV-OAUTH-04
pyj "with --account-profile: budgets, federation policies and OAuth apps read from the account console" "$TMPD/r.json" \
	"all(S[i]==D[i] for i in '$ACCT'.split()) and any(r['path']=='/oidc/accounts/$ACCOUNT_ID/v1/token' for r in L)"
pyj "account requests go to the account host only, with the account's OAuth token (never the workspace PAT)" "$TMPD/r.json" \
	"all(r['path'].startswith(('/api/2.1/accounts/','/api/2.0/accounts/$ACCOUNT_ID','/oidc/accounts/')) for r in L if '/accounts/$ACCOUNT_ID' in r['path'])"
check --account-profile ws-not-account --items BO-COST-03
expect "a workspace profile given as --account-profile is refused" 2 "not an account console"
check --account-profile nope --items BO-COST-03
expect "a missing account profile is a config error" 2 "no profile 'nope'|nope"
rm -f "$HOME/.databrickscfg"

no_secret "no secret in any report or log" "$TMPD"/*.json "$TMPD"/*.log "$TMPD/err"
tap_done
