#!/bin/sh
# live.sh - live checks give the answers a real workspace would: SDK paging, detail calls, zero values,
# expected 404s, callers who are not admins, retries, budgets and exit codes (TAP, loopback fake).
# The fake answers as databricks-sdk-go describes the services (service/*/model.go, impl.go): zero
# values left out, run-as only in jobs/get, share objects only in shares/{name}, every list paged.
. "$SRCDIR/tests/lib/tap.sh"
. "$SRCDIR/tests/lib/fake.sh"

"$PWAF" check --demo --format json >"$TMPD/demo.json" 2>/dev/null
# DATABRICKS_RATE_LIMIT as in the SDKs: 200 requests a second keeps the suite quick (15 by default)
check() {
	DATABRICKS_RATE_LIMIT=200 DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --format json "$@"
	printf '%s\n' "$OUT" >"$TMPD/r.json"
}
# raw PATH: the fake's own answer to PATH (JSON on stdout)
raw() {
	"$PYTHON3" -c "import sys,urllib.request
q=urllib.request.Request(sys.argv[1]+sys.argv[2], headers={'Authorization':'Bearer '+sys.argv[3]})
print(urllib.request.urlopen(q).read().decode())" "$URL" "$1" "$TOKEN"
}

# --- paging and detail calls, as the SDK does them ------------------------------------------
start_fake paged --page-size 3 --fault scim-total:service-principals:4
LOG="$TMPD/paged.log"
check
[ "$RC" -le 1 ]; tap_ok "a fully paged workspace is read (exit $RC)" $? "$ERR"
pyj "every list paged at 3 gives the demo's statuses" "$TMPD/r.json" "same(S,D)"
pyj "SQL warehouses are read page by page (page_size, page_token)" "$TMPD/r.json" \
	"sum(1 for r in L if r['path']=='/api/2.0/sql/warehouses' and 'page_token=' in r['query'])>=3"
pyj "Unity Catalog lists ask for the paginated form (max_results=0)" "$TMPD/r.json" \
	"all(any(r['path']==p and 'max_results=0' in r['query'] for r in L) for p in ['/api/2.1/unity-catalog/catalogs','/api/2.1/unity-catalog/shares','/api/2.1/unity-catalog/recipients','/api/2.1/unity-catalog/providers']) and not any(r['path'].startswith('/api/2.1/unity-catalog/') and r['path'].count('/')==4 and 'max_results' not in r['query'] for r in L if r['path'].endswith(('catalogs','shares','recipients','providers')))"
pyj "SCIM is read until an empty page, whatever totalResults says (16 service principals, total said 4)" "$TMPD/r.json" \
	"any('startIndex=17' in r['query'] for r in L if r['path'].endswith('/ServicePrincipals')) and 'of 15 active' in E['BO-SEC-01']"
pyj "run-as comes from jobs/get, one call per job" "$TMPD/r.json" \
	"sum(1 for r in L if r['path']=='/api/2.2/jobs/get')==26 and 'claims-quality-checks' not in E['BO-SEC-07'] and 'via creator' not in E['BO-SEC-07']"
pyj "share objects come from shares/{name}?include_shared_data=true" "$TMPD/r.json" \
	"sum(1 for r in L if r['path'].startswith('/api/2.1/unity-catalog/shares/') and 'include_shared_data=true' in r['query'])==5 and S['DC-SHR-01']=='fail' and 'partner_preview_q1' in E['DC-SHR-01']"
pyj "service principal OAuth secrets are read per principal" "$TMPD/r.json" \
	"sum(1 for r in L if r['path'].endswith('/credentials/secrets'))==16 and 'hold an active OAuth secret' in E['ISV-OAUTH-03']"
pyj "catalog grants are read for the workspace's own catalogs only" "$TMPD/r.json" \
	"sorted(r['path'].rsplit('/',1)[1] for r in L if '/permissions/catalog/' in r['path'])==sorted(['acme_retail','globex','initech','northwind_prod','northwind_dev','sandbox','legacy_pg']) and 'granted to dev.patel' in E['BO-GOV-05']"

# --- zero values are left out: read them as zero ---------------------------------------------
pyj "a warehouse without auto_stop_mins never stops (BO-COST-04 fails, ISV-SRV-03 warns)" "$TMPD/r.json" \
	"S['BO-COST-04']=='fail' and 'internal-bi (never stops)' in E['BO-COST-04'] and S['ISV-SRV-03']=='warn' and 'internal-bi' in E['ISV-SRV-03']"
pyj "a warehouse without enable_serverless_compute is classic (BO-COST-05)" "$TMPD/r.json" \
	"S['BO-COST-05']=='warn' and 'internal-bi' in E['BO-COST-05']"
pyj "a cluster without autotermination_minutes never stops (BO-COST-06)" "$TMPD/r.json" \
	"S['BO-COST-06']=='fail' and 'shared-analytics' in E['BO-COST-06']"
pyj "a cluster without data_security_mode cannot use Unity Catalog (BO-GOV-07)" "$TMPD/r.json" \
	"S['BO-GOV-07']=='fail' and 'legacy-hive-etl (unset)' in E['BO-GOV-07']"
# --- rate limit and retries ----------------------------------------------------------------------
start_fake rl
LOG="$TMPD/rl.log"
raw "/api/2.0/sql/warehouses?page_size=100" >"$TMPD/wh.json"; raw "/api/2.2/jobs/list?limit=100" >"$TMPD/jobs.json"
raw "/api/2.1/unity-catalog/shares?max_results=0" >"$TMPD/shares.json"
"$PYTHON3" -c "import json,sys
w=json.load(open(sys.argv[1]))['warehouses']; j=json.load(open(sys.argv[2]))['jobs']; s=json.load(open(sys.argv[3]))['shares']
ib=[x for x in w if x['name']=='internal-bi'][0]
assert 'auto_stop_mins' not in ib and 'enable_serverless_compute' not in ib, ib
assert not any(v in (0, False, '', [], {}) for x in w for v in x.values()), 'a zero value in a warehouse'
assert not any('run_as' in x.get('settings', {}) or 'run_as_user_name' in x for x in j), 'run-as in the jobs list'
assert not any('objects' in x for x in s), 'objects in the shares list'" "$TMPD/wh.json" "$TMPD/jobs.json" "$TMPD/shares.json" >"$TMPD/shape" 2>&1
tap_ok "the fake answers as the SDK describes: zero values left out, no run-as in job lists, no objects in share lists" $? \
	"$(cat "$TMPD/shape")"
DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --rate-limit 5 --items BO-COST-04,BO-TAG-03 --format json
pyj "at most --rate-limit requests start in any second" "$TMPD/r.json" \
	"len(L)>=3 and max(sum(1 for b in L if 0<=b['t']-a['t']<1.0) for a in L)<=6"
start_fake retry --fault 502:clusters:1 --fault 504:warehouses:1 --fault reset:jobs:1 \
	--fault limit:service-principals:2 --fault 429:cluster-policies:1:2
LOG="$TMPD/retry.log"
check --deadline 60
pyj "502, 504, a reset connection and SCIM's REQUEST_LIMIT_EXCEEDED are retried to the same answers" "$TMPD/r.json" \
	"same(S,D)"
pyj "Retry-After is honoured (2 s between the 429 and the retry)" "$TMPD/r.json" \
	"(lambda t: len(t)>=2 and t[1]-t[0]>=1.9)([r['t'] for r in L if r['path']=='/api/2.0/policies/clusters/list'])"

# --- a host that cannot be reached: exit 3 (pwaf(1) EXIT STATUS) and a clear message -------------
# Refused: retried as databricks-sdk-go retries "connection refused", said at once, not after the retries.
DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host http://127.0.0.1:1 --deadline 4
expect "nothing listening: exit 3, naming the host and the refusal" 3 \
	"cannot connect to or authenticate with http://127.0.0.1:1: could not connect to http://127.0.0.1:1: connection refused"
printf '%s\n' "$ERR" | head -1 | grep -q "^pwaf check: cannot connect to 127.0.0.1:1 (connection refused), retrying…$"
tap_ok "... and says on its first line that it is retrying" $? "$ERR"
# A host that does not resolve is not retried (nor by the SDK): at once, exit 3.
DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host https://pwaf-e2e-no-such-host.invalid --deadline 20
expect "a host that does not resolve: exit 3, saying so" 3 "could not resolve the host https://pwaf-e2e-no-such-host.invalid"
! printf '%s\n' "$ERR" | grep -Eq "retrying|gave up after"
tap_ok "... without retrying it" $? "$ERR"

# --- no metastore: an answer, not an error ----------------------------------------------------------
start_fake noms --no-metastore
check
pyj "no metastore fails BO-GOV-01 and ISV-UC-01" "$TMPD/r.json" \
	"S['BO-GOV-01']=='fail' and S['ISV-UC-01']=='fail' and 'no Unity Catalog metastore' in E['BO-GOV-01']"
pyj "no metastore: system-table items fail saying why, nothing is an error" "$TMPD/r.json" \
	"S['BO-COST-02']=='fail' and 'no Unity Catalog metastore' in E['BO-COST-02'] and S['DC-OPS-01']=='fail' and j['summary']['error']==0"

# --- a caller who is not an admin ------------------------------------------------------------------
start_fake nonadmin --non-admin
check
pyj "not an admin: no pass over a list the server filters by caller" "$TMPD/r.json" \
	"all(D[i]=='pass' and S[i]=='unknown' and 'not an admin: the list may be partial' in E[i] for i in ['BO-TAG-02','BO-IAC-03','ISV-SRV-01','MCP-AUTH-03'])"
pyj "... while the metastore admin still sees every catalog (owner group in SCIM Me)" "$TMPD/r.json" "S['ISV-UC-01']=='pass'"
pyj "not an admin: failures seen in part of a list still fail" "$TMPD/r.json" "S['BO-TAG-01']=='fail' and S['BO-GOV-07']=='fail'"
pyj "not an admin: admin-only lists are unknown, never pass" "$TMPD/r.json" \
	"all(S[i]=='unknown' and 'no permission' in E[i] for i in ['BO-SEC-02','BO-SEC-03','ISV-OAUTH-09','BO-SEC-01'])"
DATABRICKS_RATE_LIMIT=200 DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --items BO-IAC-03
expect "an unknown required item exits 0 ..." 0 "UNKNOWN +BO-IAC-03"
DATABRICKS_RATE_LIMIT=200 DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --items BO-IAC-03 --strict
expect "... and 1 with --strict" 1 "UNKNOWN +BO-IAC-03"

# --- a feature that is off ------------------------------------------------------------------------
start_fake off --fault disabled:apps
check
pyj "a feature that is off is 'not enabled in this workspace', not an error" "$TMPD/r.json" \
	"S['MCP-OPS-01']=='unknown' and 'apps: not enabled in this workspace' in E['MCP-OPS-01']"

# --- answers that are empty lists -------------------------------------------------------------------
"$PYTHON3" - "$DATA" "$TMPD/self.json" "$TMPD/empty.json" <<'PY'
import json, sys
d = json.load(open(sys.argv[1]))
me = d["endpoints"]["current-user"]["userName"]
d["endpoints"]["tokens"] = [t for t in d["endpoints"]["tokens"] if t.get("created_by_username") == me]
json.dump(d, open(sys.argv[2], "w"))
for k in ("tokens", "clusters", "warehouses", "jobs", "job-details"):
    d["endpoints"][k] = []
json.dump(d, open(sys.argv[3], "w"))
PY
start_fake self --data "$TMPD/self.json"
check --items BO-SEC-02,ISV-OAUTH-01
pyj "the only tokens belong to the user pwaf signs in as: the evidence says one is pwaf's own" "$TMPD/r.json" \
	"S['BO-SEC-02']=='warn' and \"pwaf's own\" in E['BO-SEC-02'] and \"pwaf's own\" in E['ISV-OAUTH-01']"
start_fake empty --data "$TMPD/empty.json"
check
pyj "a list fetched empty is an answer: pass or fail, never unknown" "$TMPD/r.json" \
	"S['MCP-SEC-03']=='pass' and S['BO-SEC-02']=='pass' and S['BO-TAG-01']=='pass' and S['BO-COST-04']=='pass' and S['ISV-SRV-01']=='fail' and S['BO-SEC-07']=='pass'"

# --- bounded runs ----------------------------------------------------------------------------------
start_fake endless --latency 200 --fault endless:clusters
LOG="$TMPD/endless.log"
t0=$(date +%s)
check --deadline 3 --items BO-TAG-03
t1=$(date +%s)
[ $((t1 - t0)) -le 6 ]; tap_ok "endless page tokens stop at --deadline (took $((t1 - t0)) s)" $?
pyj "... and the item says so" "$TMPD/r.json" "S['BO-TAG-03']=='error' and 'deadline' in E['BO-TAG-03']"
start_fake big --fault bloat:clusters:400
check --max-mb 4 --items BO-TAG-03,BO-COST-04
pyj "a probe over its share of --max-mb keeps nothing and says so" "$TMPD/r.json" \
	"S['BO-TAG-03']=='unknown' and 'more than pwaf keeps' in E['BO-TAG-03'] and S['BO-COST-04']!='unknown'"
check --max-objects 10 --items BO-TAG-03
pyj "a probe over --max-objects is unknown, naming the limit" "$TMPD/r.json" \
	"S['BO-TAG-03']=='unknown' and 'more than pwaf keeps (over 10 clusters)' in E['BO-TAG-03']"
DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --deadline 0
expect "a bad --deadline is a usage error" 2 "--deadline takes seconds"

no_secret "no secret in any report or log" "$TMPD"/*.json "$TMPD"/*.log "$TMPD/err"
tap_done
