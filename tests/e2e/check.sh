#!/bin/sh
# check.sh - end-to-end tests of `pwaf check` against the loopback fake workspace (TAP).
. "$SRCDIR/tests/lib/tap.sh"

. "$SRCDIR/tests/lib/fake.sh"
# 200 requests a second, as live.sh: these tests are about answers, not pacing (live.sh tests
# --rate-limit); at the default 15 a full run of the fake's ~80 requests takes five seconds.
export DATABRICKS_RATE_LIMIT=200

# --- the demo, no network --------------------------------------------------------------
run "$PWAF" check --demo --format json
[ "$RC" -le 1 ]; tap_ok "check --demo --format json runs offline (exit $RC)" $? "$ERR"
printf '%s\n' "$OUT" >"$TMPD/demo.json"
pyj "demo json has the stable shape" "$TMPD/demo.json" \
	"set(j)=={'workspace','generated_at','results','summary'} and set(j['workspace'])=={'host','source'} and j['workspace']['source']=='demo' and all(set(r)=={'item','title','level','status','evidence'} for r in j['results']) and set(j['summary'])=={'pass','fail','warn','manual','unknown','error'} and sum(j['summary'].values())==len(j['results'])"
pyj "demo has no error results" "$TMPD/demo.json" "j['summary']['error']==0"

# --- text output: colour on a terminal only, and --status ------------------------------------
ESC=$(printf '\033')
if command -v script >/dev/null 2>&1; then
	# script(1) gives pwaf a terminal; CI exports NO_COLOR=1, so the colour run unsets it, and
	# names a terminal that can colour (CI may have no TERM).
	env -u NO_COLOR TERM=xterm script -qec "$PWAF check --demo" /dev/null </dev/null >"$TMPD/tty.txt" 2>&1
	grep -q "^${ESC}\[[0-9;]*mFAIL" "$TMPD/tty.txt" && grep -q "^${ESC}\[[0-9;]*mWARN" "$TMPD/tty.txt"
	tap_ok "check on a terminal colours the status words" $? "$(head -5 "$TMPD/tty.txt" | cat -v)"
	NO_COLOR=1 script -qec "$PWAF check --demo" /dev/null </dev/null >"$TMPD/tty-nc.txt" 2>&1
	grep -q FAIL "$TMPD/tty-nc.txt" && ! grep -q "$ESC" "$TMPD/tty-nc.txt"
	tap_ok "NO_COLOR on a terminal: no colour" $? "$(head -5 "$TMPD/tty-nc.txt" | cat -v)"
	env -u NO_COLOR TERM=dumb script -qec "$PWAF check --demo" /dev/null </dev/null >"$TMPD/tty-dumb.txt" 2>&1
	grep -q FAIL "$TMPD/tty-dumb.txt" && ! grep -q "$ESC" "$TMPD/tty-dumb.txt"
	tap_ok "TERM=dumb on a terminal: no colour" $? "$(head -5 "$TMPD/tty-dumb.txt" | cat -v)"
	env -u NO_COLOR -u TERM script -qec "$PWAF check --demo" /dev/null </dev/null >"$TMPD/tty-noterm.txt" 2>&1
	grep -q FAIL "$TMPD/tty-noterm.txt" && ! grep -q "$ESC" "$TMPD/tty-noterm.txt"
	tap_ok "TERM unset on a terminal: no colour" $? "$(head -5 "$TMPD/tty-noterm.txt" | cat -v)"
	env -u NO_COLOR TERM=dumb script -qec "$PWAF show oauth-m2m" /dev/null </dev/null >"$TMPD/show-dumb.txt" 2>&1
	grep -qi "oauth" "$TMPD/show-dumb.txt" && ! grep -q "$ESC" "$TMPD/show-dumb.txt"
	tap_ok "TERM=dumb: pwaf show does not style either" $? "$(head -5 "$TMPD/show-dumb.txt" | cat -v)"
	env -u NO_COLOR TERM=xterm script -qec "$PWAF check --demo --output $TMPD/tty-file.txt" /dev/null </dev/null >/dev/null 2>&1
	grep -q FAIL "$TMPD/tty-file.txt" && ! grep -q "$ESC" "$TMPD/tty-file.txt"
	tap_ok "--output on a terminal: the file has no colour" $? "$(head -3 "$TMPD/tty-file.txt" | cat -v)"
	env -u NO_COLOR TERM=xterm script -qec "$PWAF check --demo --status fail,warn" /dev/null </dev/null >"$TMPD/tty-fw.txt" 2>&1
	sed "s/${ESC}\[[0-9;]*m//g; s/\r\$//" "$TMPD/tty-fw.txt" | grep -Ev '^workspace: |^[0-9]+ items ' >"$TMPD/fw.txt"
	grep -q "$ESC" "$TMPD/tty-fw.txt" && grep -q '^FAIL' "$TMPD/fw.txt" && grep -q '^WARN' "$TMPD/fw.txt" && ! grep -Evq '^(FAIL|WARN) ' "$TMPD/fw.txt"
	tap_ok "--status fail,warn on a terminal lists only failing and warning items, coloured" $? "$(grep -Ev '^(FAIL|WARN) ' "$TMPD/fw.txt" | head -5)"
else
	tap_skip "check on a terminal colours the status words" "script(1) not installed"
fi
env -u NO_COLOR "$PWAF" check --demo >"$TMPD/pipe.txt" 2>&1
grep -q FAIL "$TMPD/pipe.txt" && ! grep -q "$ESC" "$TMPD/pipe.txt"
tap_ok "check into a pipe has no colour, even without NO_COLOR" $? "$(head -3 "$TMPD/pipe.txt" | cat -v)"
run "$PWAF" check --demo --status fail,warn
nf=$(printf '%s\n' "$OUT" | grep -c '^FAIL '); nw=$(printf '%s\n' "$OUT" | grep -c '^WARN ')
other=$(printf '%s\n' "$OUT" | grep -Ev '^(FAIL|WARN) |^workspace: |^[0-9]+ items ')
sum=$(printf '%s\n' "$OUT" | tail -1)
[ "$nf" -gt 0 ] && [ "$nw" -gt 0 ] && [ -z "$other" ] &&
	printf '%s\n' "$sum" | grep -Eq "^[0-9]+ items \($((nf + nw)) listed\): [0-9]+ pass, $nf fail, $nw warn"
tap_ok "--status fail,warn lists the $nf failing and $nw warning items and says how many of all" $? "$sum
$other"
run "$PWAF" check --demo --status fail --format json
json_check "--status fail filters the JSON results too" "j['results'] and all(r['status']=='fail' for r in j['results'])"
run "$PWAF" check --demo --status fail,bogus
expect "--status with an unknown status is a usage error naming it" 2 "bogus"

# --- live: PAT and OAuth M2M -------------------------------------------------------------
start_fake main; tap_ok "the fake workspace starts" $? "$(cat "$TMPD/main.err")"

DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --format json --save "$TMPD/pat.db" --output "$TMPD/pat.json"
[ "$RC" -le 1 ]; tap_ok "PAT run succeeds (exit $RC)" $? "$ERR"
pyj "PAT run gives the demo's statuses" "$TMPD/pat.json" "same(S,D) and j['workspace']['source']=='live'"
grep -q '"user_agent": "pwaf/[0-9.]* .*os/[a-z]* auth/pat' "$TMPD/main.log"
tap_ok "requests carry User-Agent pwaf/<version> ... auth/pat" $? "$(head -c 400 "$TMPD/main.log")"

DATABRICKS_CLIENT_ID=$CID DATABRICKS_CLIENT_SECRET=$CSECRET run "$PWAF" check --host "$URL" --format json --output "$TMPD/m2m.json"
[ "$RC" -le 1 ]; tap_ok "OAuth M2M run succeeds (exit $RC)" $? "$ERR"
pyj "OAuth M2M run gives the demo's statuses" "$TMPD/m2m.json" "same(S,D)"
grep -q '"path": "/oidc/v1/token"' "$TMPD/main.log"; tap_ok "OAuth M2M fetched a token at the discovered endpoint" $?
grep -q 'auth/oauth-m2m' "$TMPD/main.log"; tap_ok "User-Agent says auth/oauth-m2m" $?

cat >"$HOME/.databrickscfg" <<EOF
[fake]
host = $URL
token = $TOKEN
EOF
chmod 600 "$HOME/.databrickscfg"
run "$PWAF" check --profile fake --items ISV-UC-01 --format json
pyj "--profile reads ~/.databrickscfg" "$TMPD/out" "S=={'ISV-UC-01':D['ISV-UC-01']}"
chmod 644 "$HOME/.databrickscfg"
run "$PWAF" check --profile fake --items ISV-UC-01
expect "a world-readable config file with a secret gives a warning with the fix" "$RC" "chmod 600 $HOME/.databrickscfg"
run "$PWAF" check --profile nope
expect "a missing profile is a config error naming the ones that exist" 2 "no profile 'nope'.*profiles: fake"
rm -f "$HOME/.databrickscfg"

mkdir -p "$TMPD/bin"
cat >"$TMPD/bin/databricks" <<EOF
#!/bin/sh
[ "\$1 \$2 \$3" = "auth token --host" ] || exit 9
printf '{"access_token":"%s","token_type":"Bearer","expiry":"2099-01-01T00:00:00Z"}\n' "$TOKEN"
EOF
head -c 1100000 /dev/zero | tr '\0' '#' >>"$TMPD/bin/databricks" # under 1 MiB the SDK sees the legacy CLI
chmod +x "$TMPD/bin/databricks"
DATABRICKS_AUTH_TYPE=databricks-cli DATABRICKS_CLI_PATH="$TMPD/bin/databricks" run "$PWAF" check --host "$URL" --items ISV-UC-01 --format json
pyj "auth_type databricks-cli runs 'databricks auth token' and uses its token" "$TMPD/out" "S=={'ISV-UC-01':D['ISV-UC-01']}"
DATABRICKS_AUTH_TYPE=databricks-cli DATABRICKS_CLI_PATH=pwaf-no-such-cli run "$PWAF" check --host "$URL" --items ISV-UC-01
expect "a missing databricks CLI is a clear error" 3 "Databricks CLI 'pwaf-no-such-cli' was not found"

# --- every format ------------------------------------------------------------------------
for f in text json markdown junit sarif; do
	DATABRICKS_TOKEN=$TOKEN "$PWAF" check --host "$URL" --format $f --output "$TMPD/out.$f" >"$TMPD/stdout.$f" 2>"$TMPD/stderr.$f"
done
"$PYTHON3" -c "import json,sys; json.load(open(sys.argv[1]))" "$TMPD/out.json"; tap_ok "json output parses" $?
"$PYTHON3" -c "import sys,xml.etree.ElementTree as E
r=E.parse(sys.argv[1]).getroot(); cases=r.findall('.//testcase')
assert r.tag=='testsuites' and len(cases)>100
assert sum(1 for c in cases if c.find('failure') is not None)==int(r.get('failures'))
assert sum(1 for c in cases if c.find('skipped') is not None)==int(r.get('skipped'))" "$TMPD/out.junit"
tap_ok "junit output parses, one testcase per item, failures and skips counted" $?
"$PYTHON3" -c "import json,sys
s=json.load(open(sys.argv[1])); run=s['runs'][0]
assert s['version']=='2.1.0' and run['tool']['driver']['name']=='pwaf'
ids=[r['id'] for r in run['tool']['driver']['rules']]
assert len(ids)==len(set(ids))>100
assert run['results'] and all(r['level'] in ('error','warning','note') and r['ruleId'] in ids for r in run['results'])" "$TMPD/out.sarif"
tap_ok "sarif output is SARIF 2.1.0 with one rule per item" $?
grep -q '^| \*\*FAIL\*\* |' "$TMPD/out.markdown"; tap_ok "markdown output is a table with status words" $?
grep -Eq '^(PASS|FAIL|WARN) +[A-Z]+-[A-Z]+-[0-9]+ ' "$TMPD/out.text" && tail -1 "$TMPD/out.text" | grep -Eq '^[0-9]+ items: [0-9]+ pass'
tap_ok "text output has a line per item and a summary" $?
[ ! -s "$TMPD/stdout.json" ]; tap_ok "--output leaves stdout empty" $?
no_secret "no secret in any output, error stream, saved snapshot or log" "$TMPD"/out.* "$TMPD"/stdout.* "$TMPD"/stderr.* \
	"$TMPD/pat.db" "$TMPD/pat.json" "$TMPD/m2m.json" "$TMPD/main.log"

# --- saved snapshots -----------------------------------------------------------------------
run "$PWAF" check --snapshot "$TMPD/pat.db" --format json
pyj "--snapshot re-checks a saved run offline" "$TMPD/out" "same(S,D) and j['workspace']['source']=='file' and j['workspace']['host'].startswith('http://127.0.0.1:')"
run "$PWAF" check --snapshot "$DATA"
expect "--snapshot of a file that is not a snapshot is refused" 2 "not a pwaf snapshot|cannot open"
run "$PWAF" check --demo --snapshot "$TMPD/pat.db"
expect "two sources at once is a usage error" 2 "choose one"

# --- authentication and connection failures -------------------------------------------------
DATABRICKS_TOKEN=wrong-token run "$PWAF" check --host "$URL"
expect "a wrong token exits 3" 3 "401 UNAUTHENTICATED"
DATABRICKS_CLIENT_ID=$CID DATABRICKS_CLIENT_SECRET=wrong run "$PWAF" check --host "$URL"
expect "a wrong client secret exits 3" 3 "invalid_client"
DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "http://127.0.0.1:1" --timeout 5
expect "nothing listening exits 3" 3 "could not connect"
DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "http://example.com"
expect "plain http to a non-loopback host is refused" 2 "refusing plain http"
DATABRICKS_TOKEN=$TOKEN DATABRICKS_CLIENT_ID=$CID DATABRICKS_CLIENT_SECRET=$CSECRET run "$PWAF" check --host "$URL"
expect "a token and client credentials at once are refused" 2 "more than one authentication method"
no_secret "no secret in the messages of failed runs" "$TMPD/out" "$TMPD/err"

# --- faults ---------------------------------------------------------------------------------
# expect_items NAME FILE PROBE STATUS [EVIDENCE]: every item using PROBE (and no other faulty probe) has STATUS
start_fake faults --page-size 5 --fault 429:clusters:2:1 --fault 503:shares:1:1 --fault 500:jobs:1 \
	--fault 500:tokens:99 \
	--fault 403:cluster-policies --fault empty-pages:catalogs:3 --fault empty-pages:system-schemas:2
DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --format json --deadline 8
printf '%s\n' "$OUT" >"$TMPD/f1.json"
f1_only() { # items using $1 and none of the other faulty probes of this run
	items_using "$1" >"$TMPD/a"; : >"$TMPD/b"
	for p in jobs cluster-policies tokens; do [ "$p" = "$1" ] || items_using "$p" >>"$TMPD/b"; done
	sort -u "$TMPD/a" | grep -vxF -f "$TMPD/b" | tr '\n' ' '
}
CL=$(f1_only clusters); JB=$(f1_only jobs); CP=$(f1_only cluster-policies); CA=$(f1_only catalogs); SH=$(f1_only shares)
TK=$(f1_only tokens)
pyj "429 with Retry-After is retried and succeeds (clusters items as in the demo)" "$TMPD/f1.json" "all(S[i]==D[i] for i in '$CL'.split()) and '$CL'.split()"
grep -c '"probe": "clusters".*"status": 429' "$TMPD/faults.log" | grep -qx 2; tap_ok "the fake saw two 429s for clusters" $?
pyj "503 is retried and succeeds" "$TMPD/f1.json" "all(S[i]==D[i] for i in '$SH'.split())"
pyj "a passing 500 is retried and succeeds" "$TMPD/f1.json" "'$JB'.split() and all(S[i]==D[i] for i in '$JB'.split())"
pyj "a lasting 500 gives error with the server's message, retries stopped at the deadline" "$TMPD/f1.json" \
	"'$TK'.split() and all(S[i]=='error' and '500 INTERNAL_ERROR' in E[i] and 'deadline' in E[i] for i in '$TK'.split())"
pyj "403 gives unknown (never fail) saying no permission" "$TMPD/f1.json" "'$CP'.split() and all(S[i]=='unknown' and 'no permission to read cluster policies: 403 PERMISSION_DENIED' in E[i] for i in '$CP'.split())"
pyj "empty Unity Catalog pages are followed to the data" "$TMPD/f1.json" "'$CA'.split() and all(S[i]==D[i] for i in '$CA'.split()) and S['ISV-UC-05']==D['ISV-UC-05']"

start_fake faults2 --fault truncate:tokens --fault drop:apps --fault bad-json:warehouses --fault slow:ip-access-lists:4000
DATABRICKS_TOKEN=$TOKEN run "$PWAF" check --host "$URL" --format json --timeout 1.5 --deadline 6
printf '%s\n' "$OUT" >"$TMPD/f2.json"
TK=$(items_using tokens | tr '\n' ' '); AP=$(items_using apps | tr '\n' ' ')
WH=$(items_using warehouses | tr '\n' ' '); IP=$(items_using ip-access-lists | tr '\n' ' ')
pyj "truncated JSON gives a clear error" "$TMPD/f2.json" "'$TK'.split() and all(S[i]=='error' and 'not valid JSON' in E[i] for i in '$TK'.split())"
pyj "a dropped connection gives a clear error" "$TMPD/f2.json" "'$AP'.split() and all(S[i]=='error' and 'cut short' in E[i] for i in '$AP'.split())"
pyj "an HTML answer gives a clear error" "$TMPD/f2.json" "[i for i in '$WH'.split() if S[i]=='error' and 'HTML, not JSON' in E[i]]"
pyj "a slow endpoint times out with --timeout" "$TMPD/f2.json" "'$IP'.split() and all(S[i]=='error' and 'timed out' in E[i] for i in '$IP'.split())"

# --- hostile names ----------------------------------------------------------------------------
start_fake evil --evil
for f in text json markdown junit sarif; do
	DATABRICKS_TOKEN=$TOKEN "$PWAF" check --host "$URL" --format $f >"$TMPD/evil.$f" 2>"$TMPD/evil-err.$f"
	DATABRICKS_TOKEN=$TOKEN "$PWAF" check --host "$URL" --format $f --output "$TMPD/evil-out.$f" 2>/dev/null
done
"$PYTHON3" -c "import sys,re
bad=re.compile('[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u061c\u202a-\u202e\u2066-\u2069]')
hits=[f for f in sys.argv[1:] if bad.search(open(f,encoding='utf-8',errors='strict').read())]
print(' '.join(hits)); sys.exit(1 if hits else 0)" "$TMPD"/evil.* "$TMPD"/evil-err.* "$TMPD"/evil-out.* >"$TMPD/evilhits" 2>&1
tap_ok "--evil names put no control or bidi character in any format" $? "$(cat "$TMPD/evilhits")"
grep -q 'pwned' "$TMPD/evil.text"; tap_ok "--evil names still appear (as text)" $?
"$PYTHON3" -c "import json,sys; json.load(open(sys.argv[1])); json.load(open(sys.argv[2]))" "$TMPD/evil.json" "$TMPD/evil.sarif" &&
	"$PYTHON3" -c "import sys,xml.etree.ElementTree as E; E.parse(sys.argv[1])" "$TMPD/evil.junit"
tap_ok "--evil outputs still parse" $?

tap_done
