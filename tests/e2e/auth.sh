#!/bin/sh
# auth.sh - end-to-end tests of credential resolution and every auth type, against loopback fakes (TAP).
# Each test names the Go SDK file (databricks-sdk-go config/) whose behaviour it pins down.
. "$SRCDIR/tests/lib/tap.sh"

if [ -z "${PYTHON3:-}" ] || ! command -v "$PYTHON3" >/dev/null 2>&1; then
	echo "1..0 # SKIP python3 not found (needed by the fakes)"
	exit 0
fi
FAKE="$SRCDIR/tests/fake/fake_workspace.py"
ENTRA="$SRCDIR/tests/fake/fake_entra.py"
DATA="$SRCDIR/content/demo-workspace.json"
TOKEN="dapiAuthE2Etok3n0001"
OTHER_TOKEN="dapiOTHERworkspaceSECRET9"
AZ_APP="2ff814a6-3304-4ab8-85cb-cd0e6f879c1d"
AZ_MGMT="https://management.core.windows.net/"
RID="/subscriptions/sub-1/resourceGroups/rg/providers/Microsoft.Databricks/workspaces/ws"
for v in $(env | sed -n 's/^\(DATABRICKS_[A-Z_]*\|ARM_[A-Z_]*\|ACTIONS_[A-Z_]*\|GOOGLE_CREDENTIALS\|PWAF_TEST_[A-Z_]*\)=.*/\1/p'); do
	unset "$v"
done
# 200 requests a second, as live.sh: these tests are about credentials, not pacing.
export DATABRICKS_RATE_LIMIT=200
export HOME="$TMPD/home"; mkdir -p "$HOME"
SYSPATH=/usr/bin:/bin
EMPTY="$TMPD/empty"; mkdir -p "$EMPTY"     # a PATH with no databricks and no az
FAKEBIN="$TMPD/fakebin"; mkdir -p "$FAKEBIN"
PY=$PYTHON3
TIMEOUT=$(command -v timeout)

PIDS=""
cleanup() {
	for p in $PIDS; do kill "$p" 2>/dev/null; done
	for p in $PIDS; do wait "$p" 2>/dev/null; done
	rm -rf "$TMPD"
}
trap cleanup EXIT INT TERM

wait_port() { # wait_port FILE: prints the port
	local i=0
	while [ ! -s "$1" ] && [ $i -lt 100 ]; do sleep 0.1; i=$((i + 1)); done
	cat "$1" 2>/dev/null
}

# start_ws NAME ARGS...: a fake workspace; sets PORT and URL (log in $TMPD/NAME.log)
start_ws() {
	local name=$1; shift
	rm -f "$TMPD/$name.port" "$TMPD/$name.log"; : >"$TMPD/$name.log"
	"$PY" "$FAKE" --data "$DATA" --port-file "$TMPD/$name.port" --log "$TMPD/$name.log" "$@" 2>"$TMPD/$name.err" &
	PIDS="$PIDS $!"
	PORT=$(wait_port "$TMPD/$name.port")
	URL="http://127.0.0.1:$PORT"
}

# start_idp NAME ARGS...: a fake Entra ID or metadata service; sets IPORT
start_idp() {
	local name=$1; shift
	rm -f "$TMPD/$name.port" "$TMPD/$name.log"; : >"$TMPD/$name.log"
	"$PY" "$ENTRA" --port-file "$TMPD/$name.port" --log "$TMPD/$name.log" "$@" 2>"$TMPD/$name.err" &
	PIDS="$PIDS $!"
	IPORT=$(wait_port "$TMPD/$name.port")
}

# logq NAME FILE EXPR: EXPR over L = the JSON lines of the log FILE
logq() {
	local res
	res=$("$PY" -c "import json,sys
L=[json.loads(l) for l in open(sys.argv[1]) if l.strip()]
W=[r for r in L if not r['path'].startswith('/oidc') and r['path']!='/aad/auth']
r=($3)
print('yes' if r else 'no: '+repr(r)[:200]+' log: '+repr(L)[:600])" "$2" 2>&1)
	[ "$res" = yes ]
	tap_ok "$1" $? "$res"
}

# fake_cli VERSION: a padded copy of the fake databricks CLI in $FAKEBIN (the SDK takes files
# under 1 MiB for the legacy Python CLI: config/cli_token_source.go databricksCliMinSize)
fake_cli() {
	cp "$SRCDIR/tests/fake/bin/databricks" "$FAKEBIN/databricks"
	head -c 1100000 /dev/zero | tr '\0' '#' >>"$FAKEBIN/databricks"
	echo >>"$FAKEBIN/databricks"
	chmod +x "$FAKEBIN/databricks"
	export FAKE_DATABRICKS_VERSION="$1" FAKE_DATABRICKS_LOG="$TMPD/dbcli.log"
	: >"$TMPD/dbcli.log"
}

# pwaf_check ARGS...: `pwaf check` with a 20 s guard, PATH=$CHECK_PATH (default: no databricks, no az)
pwaf_check() {
	run "$TIMEOUT" 20 env PATH="${CHECK_PATH:-$EMPTY}" "$PWAF" check "$@"
}

# === config/config_file.go configFileLoader.Configure: no profile named + a host or credentials
#     from flags/env => the config file is not read at all ==========================================
start_ws main --token "$TOKEN"
cat >"$HOME/.databrickscfg" <<EOF
[DEFAULT]
host = https://other-workspace.cloud.databricks.com
token = $OTHER_TOKEN
EOF
chmod 600 "$HOME/.databrickscfg"
pwaf_check --host "$URL" --items ISV-UC-01
expect "--host and a [DEFAULT] of another workspace: 'no credentials for URL', exit 2" 2 "no credentials for $URL"
logq "... and the other workspace's token never reached the fake (no request at all)" "$TMPD/main.log" "L==[]"
case "$ERR" in *"$OTHER_TOKEN"*) tap_ok "... and the message does not show that token" 1 ;; *) tap_ok "... and the message does not show that token" 0 ;; esac
DATABRICKS_HOST=$URL pwaf_check --items ISV-UC-01
expect "DATABRICKS_HOST and a [DEFAULT] of another workspace: exit 2 too" 2 "no credentials for $URL"
logq "... and still no request reached the fake" "$TMPD/main.log" "L==[]"
printf '[broken\n' >>"$HOME/.databrickscfg"
DATABRICKS_TOKEN=$TOKEN pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "a host and a token from flags/env: the (broken) config file is not even read (exit $RC)" $? "$ERR"
DATABRICKS_CLIENT_ID=x pwaf_check --items ISV-UC-01
expect "an auth attribute from the environment alone also skips the file: no host, exit 2" 2 "no workspace host"
cat >"$HOME/.databrickscfg" <<EOF
[DEFAULT]
host = $URL
token = $TOKEN

[other]
host = https://other-workspace.cloud.databricks.com
token = $OTHER_TOKEN
EOF
pwaf_check --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "no host, no profile named: the [DEFAULT] profile is read (exit $RC)" $? "$ERR"
pwaf_check --profile other --host "$URL" --items ISV-UC-01
expect "a named profile is read even with --host (the user's explicit choice), its token refused: exit 3" 3 "401"
DATABRICKS_CONFIG_PROFILE=DEFAULT pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "DATABRICKS_CONFIG_PROFILE names a profile: read with --host (exit $RC)" $? "$ERR"
printf '[__settings__]\ndefault_profile = nope\n' >>"$HOME/.databrickscfg"
pwaf_check --items ISV-UC-01
expect "[__settings__] default_profile naming a missing profile is an error listing the profiles" 2 "no profile 'nope'.*profiles: DEFAULT, other"

# --- hardening: files that are not regular files are refused without blocking -------------------
mkfifo "$TMPD/fifo"
DATABRICKS_CONFIG_FILE="$TMPD/fifo" pwaf_check --profile x
expect "a FIFO as DATABRICKS_CONFIG_FILE is refused at once (no hang)" 2 "not a regular file"
DATABRICKS_CONFIG_FILE="$TMPD" pwaf_check --profile x
expect "a directory as DATABRICKS_CONFIG_FILE is refused" 2 "not a regular file"
DATABRICKS_CONFIG_FILE=/dev/zero pwaf_check --profile x
expect "a device as DATABRICKS_CONFIG_FILE is refused" 2 "not a regular file"
pwaf_check --profile "$(printf 'ev\033[31mil\033]0;pwned\007')"
"$PY" -c "import sys; d=open(sys.argv[1],'rb').read(); sys.exit(1 if b'\x1b' in d or b'\x07' in d else 0)" "$TMPD/err"
tap_ok "a profile name with escape sequences is sanitised in the error (exit $RC)" $? "$(od -c "$TMPD/err" | head -5)"
rm -f "$HOME/.databrickscfg"

# --- a token holding CR LF never becomes a header --------------------------------------------------
: >"$TMPD/main.log"
DATABRICKS_TOKEN="$(printf 'dapiX\r\nX-Injected: yes')" pwaf_check --host "$URL" --items ISV-UC-01
expect "a PAT with CR LF is refused (exit 2), naming where it came from" 2 "token from DATABRICKS_TOKEN holds a character that cannot be in a token"
case "$ERR" in *Injected*) tap_ok "... and the message does not print it" 1 "$ERR" ;; *) tap_ok "... and the message does not print it" 0 ;; esac
logq "... and the fake saw no request" "$TMPD/main.log" "L==[]"
start_ws inj --client-id cid --client-secret csec --access-token "$(printf 'tok\r\nX-Injected: yes')"
DATABRICKS_CLIENT_ID=cid DATABRICKS_CLIENT_SECRET=csec pwaf_check --host "$URL" --items ISV-UC-01
expect "an OAuth token response with CR LF in access_token is refused (exit 3)" 3 "cannot be in a token"
logq "... and no request to the fake carried an X-Injected header or any token" "$TMPD/inj.log" \
	"L and not any('x-injected' in r['header_names'] for r in L) and not any(r['has_authorization'] for r in W)"

# --- OAuth discovery must name the workspace's own token endpoint ---------------------------------
start_ws evil --client-id cid --client-secret csec
EVIL=$URL
start_ws liar --client-id cid --client-secret csec --token-endpoint "$EVIL/oidc/v1/token"
DATABRICKS_CLIENT_ID=cid DATABRICKS_CLIENT_SECRET=csec pwaf_check --host "$URL" --items ISV-UC-01
expect "a discovery document naming another host's token endpoint is refused, naming both hosts" 3 \
	"OAuth discovery at $URL names a token endpoint on another host \\($EVIL\\)"
logq "... and the client secret never went to the other host" "$TMPD/evil.log" "L==[]"

# --- expires_in is range-checked: never a token per request, never undefined behaviour -------------
for ex in 0.5 1e300 -1 '"3600"' 0; do
	start_ws "ttl" --client-id cid --client-secret csec --token-expires-in "$ex"
	DATABRICKS_CLIENT_ID=cid DATABRICKS_CLIENT_SECRET=csec pwaf_check --host "$URL" --format json
	[ "$RC" -le 1 ]; tap_ok "expires_in: $ex is accepted and clamped (exit $RC)" $? "$ERR"
	logq "... and one token served the whole run ($ex)" "$TMPD/ttl.log" \
		"sum(r['path']=='/oidc/v1/token' for r in L)==1 and len(W)>10"
done
start_ws ttl --client-id cid --client-secret csec --token-expires-in '"soon"'
DATABRICKS_CLIENT_ID=cid DATABRICKS_CLIENT_SECRET=csec pwaf_check --host "$URL" --items ISV-UC-01
expect "expires_in: \"soon\" is refused" 3 "expires_in is not a number"

# === config/auth_m2m.go + golang.org/x/oauth2 AuthStyleInHeader: id and secret form-encoded ======
CID='my client:id+1%20x'
CSEC='s3cr:et+with%2F spaces&='
start_ws m2m --client-id "$CID" --client-secret "$CSEC"
DATABRICKS_CLIENT_ID=$CID DATABRICKS_CLIENT_SECRET=$CSEC pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "OAuth M2M with ':' '+' '%' '&' and spaces in the id and secret (RFC 6749 2.3.1) (exit $RC)" $? "$ERR"
logq "... sent as a Basic header with grant_type and scope in the form" "$TMPD/m2m.log" \
	"[r['oauth'] for r in L if r['path']=='/oidc/v1/token']==[{'form_keys':['grant_type','scope'],'client_auth':'basic','grant_type':'client_credentials','scope':'all-apis'}]"
logq "... and the User-Agent names auth/oauth-m2m" "$TMPD/m2m.log" "W and all(' auth/oauth-m2m' in r['user_agent'] for r in W)"

# config/experimental/auth/retry.go: 429 and 503 are retried, honouring Retry-After
start_ws retry --client-id cid --client-secret csec --fault 429:token:2:1 --fault 503:token:1:1
t0=$(date +%s)
DATABRICKS_CLIENT_ID=cid DATABRICKS_CLIENT_SECRET=csec pwaf_check --host "$URL" --items ISV-UC-01 --format json
t1=$(date +%s)
[ "$RC" -le 1 ]; tap_ok "the token endpoint's 429, 429, 503 are retried and the run succeeds (exit $RC)" $? "$ERR"
logq "... three refusals then a token" "$TMPD/retry.log" "[r['status'] for r in L if r['path']=='/oidc/v1/token']==[429,429,503,200]"
[ $((t1 - t0)) -ge 3 ]; tap_ok "... waiting Retry-After (1 s) each time ($((t1 - t0)) s)" $?
start_ws retry500 --client-id cid --client-secret csec --fault 500:token:1
DATABRICKS_CLIENT_ID=cid DATABRICKS_CLIENT_SECRET=csec pwaf_check --host "$URL" --items ISV-UC-01
expect "a 500 from the token endpoint is not retried" 3 "500"
logq "... one request only" "$TMPD/retry500.log" "sum(r['path']=='/oidc/v1/token' for r in L)==1"

# === config/cli_token_source.go, config/auth_u2m.go: databricks-cli ===========================
start_ws clws --token "$TOKEN"
cat >"$HOME/.databrickscfg" <<EOF
[fake]
host = $URL
auth_type = databricks-cli
EOF
for c in "0.296.0|auth token --profile fake --force-refresh" "0.250.0|auth token --profile fake" \
	    "0.205.0|auth token --host $URL" "|auth token --host $URL"; do
	ver=${c%%|*}; want=${c#*|}
	fake_cli "$ver"
	FAKE_DATABRICKS_TOKEN=$TOKEN CHECK_PATH="$FAKEBIN:$SYSPATH" pwaf_check --profile fake --items ISV-UC-01 --format json
	[ "$RC" -le 1 ]; tap_ok "databricks-cli ${ver:-without 'version'} signed in: a token (exit $RC)" $? "$ERR"
	grep -qxF -- "$want" "$TMPD/dbcli.log"; tap_ok "... ran '$want'" $? "$(cat "$TMPD/dbcli.log")"
done
: >"$TMPD/dbcli.log"
fake_cli 0.296.0
CHECK_PATH="$FAKEBIN:$SYSPATH" pwaf_check --profile fake --items ISV-UC-01
expect "explicit databricks-cli not signed in reports the CLI's own error (exit 3)" 3 "cannot get access token: Error: cache: databricks OAuth is not configured"
cp "$SRCDIR/tests/fake/bin/databricks" "$FAKEBIN/databricks"
FAKE_DATABRICKS_TOKEN=$TOKEN CHECK_PATH="$FAKEBIN:$SYSPATH" pwaf_check --profile fake --items ISV-UC-01
expect "a CLI under 1 MiB is taken for the legacy Python CLI, as the SDK does" 3 "legacy databricks CLI detected"
rm -f "$HOME/.databrickscfg"

# config/auth_default.go: in the default chain the CLI is picked only when its dry run gives a token
fake_cli 0.296.0
: >"$TMPD/dbcli.log"
FAKE_DATABRICKS_TOKEN=$TOKEN CHECK_PATH="$FAKEBIN:$SYSPATH" pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "no auth_type, a signed-in CLI on PATH: its token is used (exit $RC)" $? "$ERR"
grep -qxF -- "auth token --host $URL --force-refresh" "$TMPD/dbcli.log"; tap_ok "... asked with --host (no profile was read)" $? "$(cat "$TMPD/dbcli.log")"
logq "... and the User-Agent names auth/databricks-cli" "$TMPD/clws.log" "W and all(' auth/databricks-cli' in r['user_agent'] for r in W)"
start_ws oidc1 --oidc-token jwt-from-ci --token "$TOKEN"
CHECK_PATH="$FAKEBIN:$SYSPATH" DATABRICKS_OIDC_TOKEN=jwt-from-ci pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "a CLI on PATH that is not signed in is passed over: the next type (env-oidc) is used (exit $RC)" $? "$ERR"
logq "... and the User-Agent says auth/env-oidc" "$TMPD/oidc1.log" "W and all(' auth/env-oidc' in r['user_agent'] for r in W)"
start_ws m2mcli --client-id cid --client-secret right --token "$TOKEN"
FAKE_DATABRICKS_TOKEN=$TOKEN CHECK_PATH="$FAKEBIN:$SYSPATH" DATABRICKS_CLIENT_ID=cid DATABRICKS_CLIENT_SECRET=wrong \
	pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "default chain in the SDK's order: M2M refused, then the signed-in CLI (exit $RC)" $? "$ERR"
logq "... the token endpoint refused M2M, the workspace requests say auth/databricks-cli" "$TMPD/m2mcli.log" \
	"[r['status'] for r in L if r['path']=='/oidc/v1/token']==[401] and W and all(' auth/databricks-cli' in r['user_agent'] for r in W)"
CHECK_PATH="$FAKEBIN:$SYSPATH" pwaf_check --host "$URL" --items ISV-UC-01
expect "default chain with only an unsigned CLI: exit 3 with the CLI's error" 3 "databricks-cli: cannot get access token"

# === config/auth_oidc.go + experimental/auth/oidc: env-oidc and file-oidc ========================
start_ws oidc --oidc-token jwt-abc.def --token "$TOKEN"
OIDC_URL=$URL
DATABRICKS_OIDC_TOKEN=jwt-abc.def pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "env-oidc: DATABRICKS_OIDC_TOKEN exchanged at the workspace (exit $RC)" $? "$ERR"
logq "... with the token-exchange grant exactly as the SDK sends it" "$TMPD/oidc.log" \
	"[r['oauth'] for r in L if r['path']=='/oidc/v1/token']==[{'form_keys':['grant_type','scope','subject_token','subject_token_type'],'client_auth':'none','grant_type':'urn:ietf:params:oauth:grant-type:token-exchange','scope':'all-apis'}]"
start_ws oidcsp --oidc-token jwt-abc.def --oidc-client-id sp-app-id --token "$TOKEN"
MY_ID_TOKEN=jwt-abc.def DATABRICKS_OIDC_TOKEN_ENV=MY_ID_TOKEN DATABRICKS_CLIENT_ID=sp-app-id DATABRICKS_AUTH_TYPE=env-oidc \
	pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "env-oidc: oidc_token_env names the variable, client_id for workload identity federation (exit $RC)" $? "$ERR"
logq "... client_id in the form" "$TMPD/oidcsp.log" \
	"[r['oauth']['form_keys'] for r in L if r['path']=='/oidc/v1/token']==[['client_id','grant_type','scope','subject_token','subject_token_type']]"
printf 'jwt-abc.def' >"$TMPD/idtoken"
DATABRICKS_OIDC_TOKEN_FILEPATH="$TMPD/idtoken" pwaf_check --host "$OIDC_URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "file-oidc: the token file exchanged at the workspace (exit $RC)" $? "$ERR"
DATABRICKS_OIDC_TOKEN_FILEPATH="$TMPD/fifo" DATABRICKS_AUTH_TYPE=file-oidc pwaf_check --host "$OIDC_URL" --items ISV-UC-01
expect "file-oidc: a FIFO as the token file is refused without blocking" 3 "not a regular file"
DATABRICKS_OIDC_TOKEN=wrong-jwt pwaf_check --host "$OIDC_URL" --items ISV-UC-01
expect "env-oidc: a token the workspace does not accept: exit 3" 3 "invalid_grant"

# === config/auth_metadata_service.go ==========================================================
start_ws md --token "$TOKEN"
start_idp meta --mode metadata --host "$URL" --token "$TOKEN"
DATABRICKS_METADATA_SERVICE_URL="http://127.0.0.1:$IPORT/token" pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "metadata-service: a token from the local service (exit $RC)" $? "$ERR"
logq "... asked with X-Databricks-Metadata-Version: 1 and X-Databricks-Host" "$TMPD/meta.log" \
	"L and all(r['metadata_version']=='1' and r['databricks_host']=='$URL' for r in L)"
logq "... User-Agent auth/metadata-service" "$TMPD/md.log" "W and all(' auth/metadata-service' in r['user_agent'] for r in W)"
DATABRICKS_METADATA_SERVICE_URL="http://example.com:$IPORT/token" DATABRICKS_AUTH_TYPE=metadata-service pwaf_check --host "$URL"
expect "metadata-service: a URL that is not localhost is refused" 2 "only localhost URLs are allowed"
start_idp meta2 --mode metadata --host "$URL" --token "$TOKEN" --expires-on '"tomorrow"'
DATABRICKS_METADATA_SERVICE_URL="http://127.0.0.1:$IPORT/token" pwaf_check --host "$URL" --items ISV-UC-01
expect "metadata-service: an expires_on that is not Unix seconds is refused" 3 "invalid token expiry"

# === config/auth_azure_client_secret.go, config/azure.go =========================================
start_ws azws --token "$TOKEN" --azure-mgmt-token mgmt-tok-1
start_idp entra --tenant tenant-1 --client-id az-id --client-secret 'az sec+ret' \
	--issue "$AZ_APP=$TOKEN" --issue "$AZ_MGMT=mgmt-tok-1" --fault 502:1:0 --fault 504:1:0
export PWAF_TEST_AZURE_LOGIN_URL="http://127.0.0.1:$IPORT/"
ARM_CLIENT_ID=az-id ARM_CLIENT_SECRET='az sec+ret' ARM_TENANT_ID=tenant-1 DATABRICKS_AZURE_RESOURCE_ID=$RID \
	pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "azure-client-secret: Entra ID tokens, after a 502 and a 504 (exit $RC)" $? "$ERR"
logq "... two resources asked for, Databricks' and service management, with Basic client auth" "$TMPD/entra.log" \
	"sorted(r['resource'] for r in L if r['status']==200)==sorted(['$AZ_APP','$AZ_MGMT']) and sorted(r['status'] for r in L)[-2:]==[502,504] and all(r.get('client_auth')=='basic' for r in L if r['status']==200)"
logq "... and every workspace request carried the management token and resource id headers" "$TMPD/azws.log" \
	"W and all('x-databricks-azure-sp-management-token' in r['header_names'] and 'x-databricks-azure-workspace-resource-id' in r['header_names'] for r in W)"
logq "... User-Agent auth/azure-client-secret" "$TMPD/azws.log" "W and all(' auth/azure-client-secret' in r['user_agent'] for r in W)"
start_idp entra2 --tenant tenant-1 --client-id az-id --client-secret s2 --reject-basic \
	--issue "$AZ_APP=$TOKEN" --issue "$AZ_MGMT=mgmt-tok-1"
PWAF_TEST_AZURE_LOGIN_URL="http://127.0.0.1:$IPORT/" ARM_CLIENT_ID=az-id ARM_CLIENT_SECRET=s2 ARM_TENANT_ID=tenant-1 \
	pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "azure-client-secret: Basic refused, the credentials go in the form (oauth2 auto-detect) (exit $RC)" $? "$ERR"
logq "... form keys as oauth2 sends them" "$TMPD/entra2.log" \
	"[r['form_keys'] for r in L if r['status']==200][0]==['client_id','client_secret','grant_type','resource']"
ARM_CLIENT_ID=az-id ARM_CLIENT_SECRET=wrong ARM_TENANT_ID=tenant-1 pwaf_check --host "$URL" --items ISV-UC-01
expect "azure-client-secret: a wrong secret is refused with Entra ID's message" 3 "AADSTS7000215"
PWAF_TEST_AZURE_LOGIN_URL=https://login.example.com/ ARM_CLIENT_ID=az-id ARM_CLIENT_SECRET=x ARM_TENANT_ID=t \
	pwaf_check --host "$URL"
expect "the test login override is refused for a non-loopback URL" 2 "PWAF_TEST_AZURE_LOGIN_URL is a test setting"
PWAF_TEST_AZURE_LOGIN_URL="http://127.0.0.1:$IPORT/" DATABRICKS_TOKEN=$TOKEN pwaf_check --host https://adb-1.azuredatabricks.net
expect "... and for a workspace that is not loopback" 2 "PWAF_TEST_AZURE_LOGIN_URL is a test setting"

# === config/auth_azure_cli.go ===================================================================
cp "$SRCDIR/tests/fake/bin/az" "$FAKEBIN/az"; rm -f "$FAKEBIN/databricks"
export FAKE_AZ_LOG="$TMPD/az.log"; : >"$FAKE_AZ_LOG"
FAKE_AZ_TOKEN=$TOKEN FAKE_AZ_MGMT_TOKEN=mgmt-tok-1 FAKE_AZ_TENANT=tenant-1 ARM_TENANT_ID=tenant-1 \
	DATABRICKS_AZURE_RESOURCE_ID=$RID CHECK_PATH="$FAKEBIN:$SYSPATH" pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "azure-cli (default chain): tokens from 'az account get-access-token' (exit $RC)" $? "$ERR"
grep -qxF "account get-access-token --resource $AZ_APP --output json --tenant tenant-1" "$FAKE_AZ_LOG"
tap_ok "... asked for Azure Databricks' resource with --tenant" $? "$(cat "$FAKE_AZ_LOG")"
grep -qxF "account get-access-token --resource $AZ_MGMT --output json --tenant tenant-1" "$FAKE_AZ_LOG"
tap_ok "... and for the service management token" $? "$(cat "$FAKE_AZ_LOG")"
logq "... User-Agent auth/azure-cli and the management header" "$TMPD/azws.log" \
	"[r for r in W if ' auth/azure-cli' in r['user_agent']] and all('x-databricks-azure-sp-management-token' in r['header_names'] for r in W if ' auth/azure-cli' in r['user_agent'])"
start_ws azt --token "$TOKEN" --azure-tenant tenant-2
: >"$FAKE_AZ_LOG"
FAKE_AZ_TOKEN=$TOKEN FAKE_AZ_TENANT=tenant-2 DATABRICKS_AUTH_TYPE=azure-cli CHECK_PATH="$FAKEBIN:$SYSPATH" \
	pwaf_check --host "$URL" --items ISV-UC-01 --format json
[ "$RC" -le 1 ]; tap_ok "azure-cli: the tenant found from the workspace's /aad/auth redirect, no management token (exit $RC)" $? "$ERR"
grep -qxF "account get-access-token --resource $AZ_APP --output json --tenant tenant-2" "$FAKE_AZ_LOG"
tap_ok "... passed to az as --tenant" $? "$(cat "$FAKE_AZ_LOG")"
DATABRICKS_AUTH_TYPE=azure-cli CHECK_PATH="$FAKEBIN:$SYSPATH" ARM_TENANT_ID=t pwaf_check --host "$URL" --items ISV-UC-01
expect "azure-cli not logged in: the CLI's message, exit 3" 3 "Please run 'az login'"
FAKE_AZ_TOKEN='tok\nX-Injected: yes' DATABRICKS_AUTH_TYPE=azure-cli CHECK_PATH="$FAKEBIN:$SYSPATH" ARM_TENANT_ID=t \
	pwaf_check --host "$URL" --items ISV-UC-01
expect "azure-cli: a token with a line break is refused" 3 "cannot be in a token"
unset PWAF_TEST_AZURE_LOGIN_URL

# === types pwaf lacks ==========================================================================
DATABRICKS_AUTH_TYPE=azure-msi pwaf_check --host "$URL"
expect "auth_type azure-msi: 'not supported by pwaf; supported: ...', exit 2" 2 "auth_type azure-msi \\(from DATABRICKS_AUTH_TYPE\\) is not supported by pwaf; supported: pat, oauth-m2m"
DATABRICKS_AUTH_TYPE=external-browser pwaf_check --host "$URL"
expect "auth_type external-browser: not supported by pwaf" 2 "not supported by pwaf"
DATABRICKS_USERNAME=u DATABRICKS_PASSWORD=p pwaf_check --host "$URL"
expect "username and password (basic) in the default chain: not supported by pwaf" 2 "auth type basic, which is not supported by pwaf"
DATABRICKS_AUTH_TYPE=bogus pwaf_check --host "$URL"
expect "an unknown auth_type is an error" 2 "not an auth type of the Databricks SDKs"
DATABRICKS_TOKEN=$TOKEN DATABRICKS_CLIENT_ID=cid pwaf_check --host "$URL"
expect "auth attributes of two methods without auth_type (attributes.Validate)" 2 "more than one authentication method is configured: pat .*and oauth"

tap_done
