# fake.sh - start the loopback fake workspace and read pwaf's JSON reports in e2e tests (sourced after tap.sh).
# Sets FAKE, DATA, TOKEN, CID, CSECRET; clears DATABRICKS_* and points HOME at an empty directory.
if [ -z "${PYTHON3:-}" ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found (needed by the fake workspace)"
	exit 0
fi
FAKE="$SRCDIR/tests/fake/fake_workspace.py"
DATA="$SRCDIR/content/demo-workspace.json"
TOKEN="dapiE2Etok3n5ecret0001"
CID="e2e-client-id"
CSECRET="e2eClientS3cretValue42"
for v in $(env | sed -n 's/^\(DATABRICKS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
export HOME="$TMPD/home"; mkdir -p "$HOME/.config/pwaf"   # no ~/.databrickscfg of the user's
# the demo partner's identity, so live runs of the demo data match the bundled demo
printf 'product = Northwind_Insights\nquery_tag = customer_id\n' >"$HOME/.config/pwaf/config"

FAKE_PIDS=""
fake_cleanup() {
	for p in $FAKE_PIDS; do kill "$p" 2>/dev/null; done
	for p in $FAKE_PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$TMPD"
}
trap fake_cleanup EXIT INT TERM

# start_fake NAME ARGS...: starts a fake (data: $DATA unless ARGS has --data), sets PORT and URL;
# its request log is $TMPD/NAME.log
start_fake() {
	local name=$1; shift
	rm -f "$TMPD/$name.port"
	"$PYTHON3" "$FAKE" --data "$DATA" --port-file "$TMPD/$name.port" --token "$TOKEN" \
		--client-id "$CID" --client-secret "$CSECRET" --log "$TMPD/$name.log" "$@" 2>"$TMPD/$name.err" &
	FAKE_PIDS="$FAKE_PIDS $!"
	local i=0
	while [ ! -s "$TMPD/$name.port" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	PORT=$(cat "$TMPD/$name.port" 2>/dev/null)
	URL="http://127.0.0.1:$PORT"
	[ -n "$PORT" ]
}

# pyj NAME FILE EXPR: EXPR over j = the JSON report in FILE, with S (status by item), E (evidence
# by item) and D (the demo's statuses, from $TMPD/demo.json when it exists); L = the request log
# of the fake named by $LOG (a list of dicts), when set. same(S, D): equal but for the items that
# read the account console (runs without --account-profile cannot see what the demo holds).
pyj() {
	local res
	res=$("$PYTHON3" -c "import json,os,sys
j=json.load(open(sys.argv[1]))
D={r['item']:r['status'] for r in json.load(open(sys.argv[2]))['results']} if os.path.exists(sys.argv[2]) else {}
S={r['item']:r['status'] for r in j['results']}
E={r['item']:r['evidence'] for r in j['results']}
L=[json.loads(l) for l in open(sys.argv[3])] if sys.argv[3] and os.path.exists(sys.argv[3]) else []
L=[r for r in L if 'path' in r]
A=set(os.environ.get('ACCOUNT_ITEMS','').split())
def same(a, b): return {k:v for k,v in a.items() if k not in A}=={k:v for k,v in b.items() if k not in A}
r=($3)
print('yes' if r else 'no: '+repr(r)[:300])" "$2" "$TMPD/demo.json" "${LOG:-}" 2>&1)
	[ "$res" = yes ]
	tap_ok "$1" $? "$res"
}

# items_using PROBE: checklist items whose front matter lists the probe
items_using() {
	"$PYTHON3" -c "import glob,re,sys
for f in sorted(glob.glob(sys.argv[1]+'/content/*.md')):
    t=open(f,encoding='utf-8').read(3000)
    m=re.search(r'^probes:\s*\[([^\]]*)\]', t, re.M)
    i=re.search(r'^id:\s*(\S+)', t, re.M)
    if m and i and sys.argv[2] in [p.strip() for p in m.group(1).split(',')]: print(i.group(1))" "$SRCDIR" "$1"
}

no_secret() {   # no_secret NAME FILE...: neither secret in any of the files
	if grep -l -a -e "$TOKEN" -e "$CSECRET" "$@" >"$TMPD/leak" 2>/dev/null; then
		tap_ok "$1" 1 "secret found in: $(cat "$TMPD/leak")"
	else
		tap_ok "$1" 0
	fi
}

ACCOUNT_ITEMS=$(for p in account-budgets account-federation-policies account-custom-apps; do items_using $p; done | sort -u | tr '\n' ' ')
export ACCOUNT_ITEMS
