#!/bin/sh
# mcp.sh - `pwaf mcp` end to end: the official MCP TypeScript SDK client (tests/mcp/e2e.mjs) over stdio
# and --http, raw JSON-RPC on stdin (stdout carries only messages), the address rules, and `pwaf llms` (TAP).
. "$SRCDIR/tests/lib/tap.sh"

. "$SRCDIR/tests/lib/fake.sh"

INIT='{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"VERSION","capabilities":{},"clientInfo":{"name":"sh","version":"1"}}}'
init_with() { printf '%s\n' "$INIT" | sed "s/VERSION/$1/"; }

# raw NAME PYTHON_EXPR ARGS...: feed stdin (from $TMPD/in) to `pwaf mcp ARGS`; EXPR over
# M = the stdout lines parsed as JSON, R = responses by id, E = stdout's raw lines.
raw() {
	local name=$1 expr=$2; shift 2
	"$PWAF" mcp "$@" <"$TMPD/in" >"$TMPD/raw.out" 2>"$TMPD/raw.err"
	local rc=$?
	local res
	res=$("$PYTHON3" -c "import json,sys
E=open(sys.argv[1],encoding='utf-8').read().split('\n')
assert E[-1]=='', 'stdout does not end with a newline'
E=E[:-1]
M=[json.loads(l) for l in E]
R={m['id']:m for m in M if 'id' in m and m['id'] is not None}
r=($expr)
print('yes' if r else 'no: '+repr(r)[:300])" "$TMPD/raw.out" 2>&1)
	[ "$res" = yes ] && [ $rc -eq 0 ]
	tap_ok "$name" $? "exit $rc; $res
stdout: $(head -c 1500 "$TMPD/raw.out")
stderr: $(head -c 500 "$TMPD/raw.err")"
}

# --- raw JSON-RPC over stdio ------------------------------------------------------------------
{
	init_with 2025-11-25
	echo '{"jsonrpc":"2.0","method":"notifications/initialized"}'
	echo 'this is not json'
	echo '[{"jsonrpc":"2.0","id":9,"method":"ping"}]'
	echo ''
	printf '%s\r\n' '{"jsonrpc":"2.0","id":2,"method":"ping"}'
	echo '{"jsonrpc":"2.0","id":3,"method":"resources/subscribe","params":{"uri":"pwaf://page/x"}}'
	echo '{"jsonrpc":"1.0","id":4,"method":"ping"}'
	echo '{"jsonrpc":"2.0","id":{"a":1},"method":"ping"}'
	echo '{"jsonrpc":"2.0","id":5,"method":"tools/call","params":[1,2]}'
	echo '{"jsonrpc":"2.0","id":6,"method":"tools/call","params":{"arguments":{}}}'
	echo '{"jsonrpc":"2.0","id":7,"result":{}}'
	echo '{"jsonrpc":"2.0","id":8,"method":"tools/call","params":{"name":"show","arguments":{"id":"BO-TAG-01"}}} trailing'
	echo '{"jsonrpc":"2.0","id":"s","method":"tools/call","params":{"name":"search","arguments":{"query":"oauth"}}}'
	echo '{"jsonrpc":"2.0","id":10,"method":"initialize","params":{"protocolVersion":"2025-11-25"}}'
	"$PYTHON3" -c "print('{\"jsonrpc\":\"2.0\",\"id\":11,\"method\":\"ping\",\"params\":{\"pad\":\"' + 'x'*(5<<20) + '\"}}')"
	echo '{"jsonrpc":"2.0","id":12,"method":"ping"}'
} >"$TMPD/in"
raw "stdout carries only JSON-RPC 2.0 messages, one a line" \
	"len(E)==14 and all(m.get('jsonrpc')=='2.0' for m in M) and all('\n' not in l for l in E)" --demo
raw "invalid JSON: -32700 with a null id" \
	"[m['error']['code'] for m in M if m.get('id') is None][:1]==[-32700]" --demo
raw "a batch: -32600 (batching left MCP in 2025-06-18)" \
	"any(m.get('id') is None and m['error']['code']==-32600 and 'batch' in m['error']['message'] for m in M)" --demo
raw "a CRLF line and blank lines are read" "R[2]['result']=={}" --demo
raw "a method the server lacks: -32601" "R[3]['error']['code']==-32601" --demo
raw "jsonrpc not 2.0: -32600" "R[4]['error']['code']==-32600" --demo
raw "an object as id: -32600 with a null id" \
	"sum(1 for m in M if m.get('id') is None and m.get('error',{}).get('code')==-32600 and 'id must be' in m['error']['message'])==1" --demo
raw "params not an object: -32602" "R[5]['error']['code']==-32602" --demo
raw "tools/call without a name: -32602 naming params.name" \
	"R[6]['error']['code']==-32602 and 'params.name' in R[6]['error']['message']" --demo
raw "a client's response gets no answer" "7 not in R" --demo
raw "trailing bytes after the JSON: a parse error" "8 not in R" --demo
raw "a string id is echoed" "R['s']['result']['structuredContent']['results'][0]['id']" --demo
raw "initialize twice: -32600" "R[10]['error']['code']==-32600" --demo
raw "a message over 4 MiB: a parse error, then the server goes on" \
	"11 not in R and R[12]['result']=={} and any('4 MiB' in m.get('error',{}).get('message','') for m in M)" --demo

# --- version negotiation --------------------------------------------------------------------------
{ init_with 2025-06-18; echo '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"search","arguments":{"query":7}}}'; } >"$TMPD/in"
raw "initialize 2025-06-18: answered 2025-06-18, without 2025-11-25's serverInfo fields" \
	"R[1]['result']['protocolVersion']=='2025-06-18' and 'description' not in R[1]['result']['serverInfo']" --demo
raw "2025-06-18: a wrongly typed argument is a -32602 protocol error naming it" \
	"R[2]['error']['code']==-32602 and 'query: expected string, got integer 7' in R[2]['error']['message']" --demo
{ init_with 2024-11-05; } >"$TMPD/in"
raw "initialize 2024-11-05: the server answers its latest, 2025-11-25" "R[1]['result']['protocolVersion']=='2025-11-25'" --demo
{ echo '{"jsonrpc":"2.0","id":1,"method":"tools/list"}'; echo '{"jsonrpc":"2.0","id":2,"method":"ping"}'; } >"$TMPD/in"
raw "before initialize: requests are refused (-32600), ping answered" \
	"R[1]['error']['code']==-32600 and 'initialize' in R[1]['error']['message'] and R[2]['result']=={}" --demo
printf '%s\n' '{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"capabilities":{}}}' >"$TMPD/in"
raw "initialize without protocolVersion: -32602 naming params.protocolVersion" \
	"R[1]['error']['code']==-32602 and 'protocolVersion' in R[1]['error']['message']" --demo

# --- a saved snapshot as the live source ---------------------------------------------------------
"$PWAF" check --demo --save "$TMPD/snap.db" >/dev/null 2>&1
{ init_with 2025-11-25; echo '{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"check","arguments":{"items":["BO-TAG-01"]}}}'; } >"$TMPD/in"
raw "--snapshot FILE: check reads the saved snapshot" \
	"R[2]['result']['structuredContent']['workspace']['source']=='file' and R[2]['result']['structuredContent']['results'][0]['status']=='fail'" \
	--snapshot "$TMPD/snap.db"

# --- the command line ---------------------------------------------------------------------------
run "$PWAF" mcp --http 0.0.0.0:8080
expect "--http 0.0.0.0 is refused (exit 2): loopback only" 2 "loopback only"
run "$PWAF" mcp --http 192.168.1.10:8080
expect "--http on a LAN address is refused (exit 2)" 2 "loopback only"
run "$PWAF" mcp --http 127.0.0.1:http
expect "--http with a bad port is refused (exit 2)" 2 "PORT"
run "$PWAF" mcp --demo --snapshot "$TMPD/snap.db"
expect "--demo with --snapshot is refused (exit 2)" 2 "choose one"
run "$PWAF" mcp --snapshot "$TMPD/none.db"
expect "a missing snapshot is refused before serving (exit 2)" 2 "none.db"
run "$PWAF" mcp --profile nosuch
expect "an unknown profile is refused before serving (exit 2)" 2 "nosuch"
run "$PWAF" --help
expect "pwaf --help lists mcp and llms" 0 "pwaf mcp .*--allow-write"

# --- pwaf llms --------------------------------------------------------------------------------
run "$PWAF" llms
printf '%s\n' "$OUT" >"$TMPD/llms.txt"
"$PWAF" list --format json >"$TMPD/list.json"
res=$("$PYTHON3" -c "import json,re,sys
t=open(sys.argv[1],encoding='utf-8').read().split('\n')
ids={d['id'] for d in json.load(open(sys.argv[2]))}
assert t[0].startswith('# '), 'no H1 first'
assert t[2].startswith('> '), 'no blockquote summary'
h2=[l for l in t if l.startswith('## ')]
assert len(h2)>=5, h2
links=[l for l in t if l.startswith('- ')]
bad=[l for l in links if not re.match(r'^- \[[^\]]+\]\(pwaf://page/[A-Za-z0-9-]+\): \S', l)]
assert not bad, bad[:3]
seen={re.search(r'\(pwaf://page/([^)]+)\)', l).group(1) for l in links}
assert seen==ids, sorted(ids-seen)[:5]
assert not [l for l in t if l.startswith('#') and not l.startswith('# ') and not l.startswith('## ')]
print('yes')" "$TMPD/llms.txt" "$TMPD/list.json" 2>&1)
[ "$res" = yes ]; tap_ok "llms: H1, blockquote, H2 sections of '- [Title](uri): description' covering every page and item" $? "$res"
run "$PWAF" llms --full
printf '%s\n' "$OUT" >"$TMPD/full.txt"
res=$("$PYTHON3" -c "import json,sys
t=open(sys.argv[1],encoding='utf-8').read()
ids=[d['id'] for d in json.load(open(sys.argv[2]))]
miss=[i for i in ids if '(pwaf://page/%s)' % i not in t]
assert t.startswith('# ') and '\n> ' in t and not miss and len(t)>20*len(open(sys.argv[3]).read())//10, miss[:5]
print('yes')" "$TMPD/full.txt" "$TMPD/list.json" "$TMPD/llms.txt" 2>&1)
[ "$res" = yes ]; tap_ok "llms --full: the same head, then every page and item in Markdown" $? "$res"
run "$PWAF" llms extra
expect "llms with an argument is a usage error (exit 2)" 2 "unexpected argument"

# --- the official SDK client -------------------------------------------------------------------
NODE_BIN=${NODE:-node}
MCPDIR="$SRCDIR/tests/mcp"
if ! command -v "$NODE_BIN" >/dev/null 2>&1; then
	tap_skip "MCP TypeScript SDK client over stdio and --http" "node not found (.ci/setup installs Debian's nodejs and npm)"
	tap_done
fi
if [ ! -f "$MCPDIR/node_modules/@modelcontextprotocol/sdk/package.json" ]; then
	tap_ok "the MCP TypeScript SDK is installed (npm ci in tests/mcp; .ci/setup does it)" 1 \
		"missing $MCPDIR/node_modules/@modelcontextprotocol/sdk"
	tap_done
fi

# sdk NAME MODE SCENARIO ARGS...: the client's own checks, numbered here
sdk() {
	local label=$1 mode=$2 scenario=$3; shift 3
	(cd "$MCPDIR" && "$NODE_BIN" e2e.mjs "$mode" "$scenario" "$TMPD/transcript-$label.txt" -- "$PWAF" mcp "$@") \
		>"$TMPD/sdk.out" 2>"$TMPD/sdk.err"
	local rc=$? n=0
	while IFS= read -r line; do
		case $line in
		"ok - "*) tap_ok "$label: ${line#ok - }" 0; n=$((n + 1)) ;;
		"not ok - "*) l=${line#not ok - }; tap_ok "$label: ${l%% # *}" 1 "${l#* # }"; n=$((n + 1)) ;;
		esac
	done <"$TMPD/sdk.out"
	[ $rc -eq 0 ] && [ $n -gt 5 ]
	tap_ok "$label: the client script ran to the end" $? "exit $rc, $n checks; $(head -c 800 "$TMPD/sdk.err")"
}

export HOME="$TMPD/home"
sdk "stdio demo" stdio demo --demo
sdk "http demo" http demo --demo
sdk "stdio write" stdio write --demo --allow-write --state "$TMPD/state.db"
sdk "stdio no source" stdio nosource

start_fake slow --fault slow:clusters:4000; tap_ok "the fake workspace starts" $? "$(cat "$TMPD/slow.err")"
export DATABRICKS_TOKEN="$TOKEN"
sdk "stdio live" stdio live --host "$URL"
sdk "http live" http live --host "$URL"
unset DATABRICKS_TOKEN
[ -n "${MCP_TRANSCRIPT:-}" ] && cp "$TMPD/transcript-stdio demo.txt" "$MCP_TRANSCRIPT"
no_secret "no token in any transcript" "$TMPD"/transcript-*.txt

tap_done
