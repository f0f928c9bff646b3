# tap.sh - a tiny TAP producer for the end-to-end shell tests (sourced, not run).
# Each check prints "ok N - name" or "not ok N - name" with diagnostics; call tap_done last.
TAP_N=0
TAP_FAILED=0
TMPD=$(mktemp -d /tmp/pwaf-e2e-XXXXXX)
trap 'rm -rf "$TMPD"' EXIT

tap_ok() {   # tap_ok NAME STATUS [DIAGNOSTIC]
	TAP_N=$((TAP_N + 1))
	if [ "$2" -eq 0 ]; then
		echo "ok $TAP_N - $1"
	else
		TAP_FAILED=$((TAP_FAILED + 1))
		echo "not ok $TAP_N - $1"
		[ -n "${3:-}" ] && printf '%s\n' "$3" | sed 's/^/# /' | head -40
	fi
	return 0
}

tap_skip() { TAP_N=$((TAP_N + 1)); echo "ok $TAP_N - $1 # SKIP ${2:-}"; }

# run CMD...: sets OUT, ERR, RC
run() {
	"$@" >"$TMPD/out" 2>"$TMPD/err"
	RC=$?
	OUT=$(cat "$TMPD/out")
	ERR=$(cat "$TMPD/err")
}

# expect NAME RC_WANTED PATTERN_IN_STDOUT_OR_STDERR (grep -E), after run
expect() {
	local name=$1 want=$2 pat=${3:-}
	local st=0 why=""
	if [ "$RC" -ne "$want" ]; then st=1; why="exit $RC, wanted $want"; fi
	if [ -n "$pat" ] && ! printf '%s\n%s\n' "$OUT" "$ERR" | grep -Eq -- "$pat"; then
		st=1; why="$why; output lacks /$pat/"
	fi
	tap_ok "$name" $st "$why
stdout: $(printf '%s' "$OUT" | head -15)
stderr: $(printf '%s' "$ERR" | head -15)"
}

# json_check NAME PYTHON_EXPR: evaluates EXPR with j = parsed stdout of the last run
json_check() {
	local name=$1 expr=$2
	if [ -z "${PYTHON3:-}" ]; then tap_skip "$name" "no python3"; return; fi
	local res
	res=$(printf '%s' "$OUT" | "$PYTHON3" -c "import json,sys
j=json.load(sys.stdin)
r=($expr)
print('yes' if r else 'no')" 2>&1)
	[ "$res" = yes ]
	tap_ok "$name" $? "$res"
}

tap_done() { echo "1..$TAP_N"; exit 0; }   # failures are in the TAP lines
