#!/bin/sh
# docs.sh - the documentation agrees with the program (TAP): every documented key is bound to what the
# docs say it does (README, Using pwaf, pwaf(1) against the help screen), the help screen names every
# action so a config error can be fixed, every documented command and option is accepted, README's
# config example loads, Using pwaf's mark examples run, and --save writes the SQLite file the docs say.
. "$SRCDIR/tests/lib/tap.sh"
if [ -z "${TMUX_BIN:-}" ] || ! [ -x "$TMUX_BIN" ]; then echo "1..0 # SKIP tmux not installed"; exit 0; fi
if [ -z "${PYTHON3:-}" ]; then echo "1..0 # SKIP python3 not found"; exit 0; fi
. "$SRCDIR/tests/lib/tmux.sh"
trap 'tui_stop; rm -rf "$TMPD"' EXIT
export XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data" HOME="$TMPD/home"
mkdir -p "$XDG_CONFIG_HOME/pwaf" "$HOME"
for v in $(env | sed -n 's/^\(DATABRICKS_[A-Z_]*\)=.*/\1/p'); do unset "$v"; done
CHECK="$SRCDIR/tests/lib/docs_check.py"
P="ESCDELAY=25 LANG=C.UTF-8 $PWAF --demo --state $TMPD/state.db"

# --- a config error names an action; the help screen shows action names ----------------------
printf 'theme = projector\nbind page x quitt\n' >"$XDG_CONFIG_HOME/pwaf/config"
tui_start 100 30 "$P"
check_screen "a bind line with an unknown action is an error naming it and pointing at help" \
	"config:2: error: unknown action 'quitt'.*help screen"
check_screen "and pwaf exits 2" "^rc=2"

rm -f "$XDG_CONFIG_HOME/pwaf/config"
tui_start 140 45 "$P"
wait_for "Start here" 5
keys "?"
check_screen "help at 140 columns shows each key's action name beside it" "^    q +quit +quit pwaf"
: >"$TMPD/help.txt"
prev=""; i=0
while [ $i -lt 40 ]; do   # every page of help, to its end
	cur=$(screen)
	[ "$cur" = "$prev" ] && break
	printf '%s\n' "$cur" >>"$TMPD/help.txt"
	prev=$cur; keys PgDn; i=$((i + 1))
done
names=$(sed -n 's/^	{ ACT_[A-Z_]*, "\([a-z-]*\)".*/\1/p' "$SRCDIR/src/tui/actions.c")
missing=""
for n in $names; do
	grep -Eq "^    .{22} $n( |$)" "$TMPD/help.txt" || missing="$missing $n"
done
[ -n "$names" ] && [ -z "$missing" ]
tap_ok "the help screen names every action of the action table ($(echo $names | wc -w))" $? "missing:$missing"
for m in tree page search find checklist pick fleet; do
	grep -q "(bind $m \.\.\.)" "$TMPD/help.txt" || missing="$missing $m"
done
[ -z "$missing" ]; tap_ok "help names the mode of every section as bind lines take it" $? "missing:$missing"
resize 80 30
keys g
check_screen "help at 80 columns still names the action, after what it does" "quit pwaf \(quit\)"
keys Escape; keys q

# The name help shows fixes the config: the corrected line loads and the key does what it names.
printf 'theme = projector\nbind page x quit\n' >"$XDG_CONFIG_HOME/pwaf/config"
tui_start 100 30 "$P"
wait_for "Start here" 5
keys Tab; keys x
check_screen "with the action name from help, 'bind page x quit' loads and x quits" "^rc=0"

# --- what pwaf alone does with a [DEFAULT] profile (README, Using pwaf, pwaf(1)) ---------------
printf '[DEFAULT]\nhost = http://127.0.0.1:1\ntoken = dapi-docs-test\n' >"$HOME/.databrickscfg"
chmod 600 "$HOME/.databrickscfg"
tui_start 120 30 "ESCDELAY=25 LANG=C.UTF-8 $PWAF --state $TMPD/state.db"
wait_for "Start here" 5
sleep 0.5
check_screen "pwaf alone with a [DEFAULT] profile reads no workspace until r" "no workspace \(r: fetch"
keys r
wait_for "live: cannot connect to 127\.0\.0\.1:1 \(connection refused\)" 10
tap_ok "r fetches from the [DEFAULT] profile, and the header says at once that nothing answers there" $? "$(screen | head -3)"
keys q
rm -f "$HOME/.databrickscfg"

# --- keys: the docs against the help screen ---------------------------------------------------
out=$("$PYTHON3" "$CHECK" keys "$TMPD/help.txt" "$SRCDIR" 2>&1)
tap_ok "every key README, Using pwaf and pwaf(1) document is bound, to what they say it does" $? "$out"

# The check can fail: a page that says Ctrl-F searches (it pages down) is caught.
mkdir -p "$TMPD/bad/content" "$TMPD/bad/man"
cp "$SRCDIR/man/pwaf.1" "$TMPD/bad/man/"
sed 's/^| `s`, Ctrl-K | search all pages and items |$/| `s`, Ctrl-F | search all pages and items |/' \
	"$SRCDIR/content/using-pwaf.md" >"$TMPD/bad/content/using-pwaf.md"
cp "$SRCDIR/README.md" "$TMPD/bad/"
out=$("$PYTHON3" "$CHECK" keys "$TMPD/help.txt" "$TMPD/bad" 2>&1)
rc=$?
[ $rc -ne 0 ] && printf '%s\n' "$out" | grep -q "key 'C-f' is documented as 'search all pages and items'"
tap_ok "the key check catches 'Ctrl-F searches' (it pages down)" $? "rc=$rc $out"

# --- commands and options: README's command block and Using pwaf's table ----------------------
"$PYTHON3" "$CHECK" commands "$SRCDIR" >"$TMPD/cmds" 2>&1
n=$(wc -l <"$TMPD/cmds")
bad=""
cd "$TMPD" || exit 1   # an option taking a file (export --output) gets "--help" as its name: write it here
while read -r sub opt; do
	if [ "$sub" = "-" ]; then set -- ; else set -- "$sub"; fi
	if [ "$opt" = "-" ]; then
		"$PWAF" "$@" --help >"$TMPD/h" 2>&1 || bad="$bad
$sub: --help exits $?"
		continue
	fi
	"$PWAF" "$@" "$opt" --help >"$TMPD/h" 2>&1
	grep -qi "unrecognized option\|unknown option\|invalid option" "$TMPD/h" && bad="$bad
pwaf $* $opt: $(head -1 "$TMPD/h")"
done <"$TMPD/cmds"
[ "$n" -gt 60 ] && [ -z "$bad" ]
tap_ok "every subcommand and option of README's command block and Using pwaf's table is accepted ($n)" $? "$bad"
"$PWAF" list --no-such-option >"$TMPD/h" 2>&1
grep -qi "unrecognized option" "$TMPD/h"; tap_ok "(an option that does not exist is refused, so the check can fail)" $? "$(cat "$TMPD/h")"
undocumented=""
for sub in list show render search mark milestone export index check fleet-sql mcp llms; do
	grep -q "^$sub -$" "$TMPD/cmds" || undocumented="$undocumented $sub"
done
[ -z "$undocumented" ]; tap_ok "README documents every subcommand" $? "not in README:$undocumented"

# --- the config example of the README ---------------------------------------------------------
sed -n '/^Themes: /,/^## /p' "$SRCDIR/README.md" | sed -n '/^```$/,/^```$/p' | sed '/^```$/d' >"$XDG_CONFIG_HOME/pwaf/config"
[ -s "$XDG_CONFIG_HOME/pwaf/config" ]; tap_ok "README has a config example" $? "$(sed -n '/^Themes: /,/^## /p' "$SRCDIR/README.md" | head)"
run "$PWAF" config
ok=0
for kv in $(grep -v '^bind ' "$XDG_CONFIG_HOME/pwaf/config" | sed 's/ = /=/'); do
	printf '%s\n' "$OUT" | grep -qx "$(printf '%s' "$kv" | sed 's/=/ = /')" || ok=1
done
[ "$RC" -eq 0 ] && [ $ok -eq 0 ]; tap_ok "pwaf config reads README's example with every setting it shows" $? "rc=$RC
$OUT
$ERR
config: $(cat "$XDG_CONFIG_HOME/pwaf/config")"
tui_start 100 30 "$P"
wait_for "Start here" 5
tap_ok "the explorer starts with README's example config" $? "$(screen)"
keys q
rm -f "$XDG_CONFIG_HOME/pwaf/config"

# --- Using pwaf's examples --------------------------------------------------------------------
sed -n '/^## Walk the checklist/,/^## /p' "$SRCDIR/content/using-pwaf.md" | grep '^pwaf mark ' >"$TMPD/marks"
[ -s "$TMPD/marks" ]; tap_ok "Using pwaf shows pwaf mark examples" $?
while IFS= read -r line; do
	eval "set -- ${line#pwaf }"
	run "$PWAF" "$@" --state "$TMPD/marks.db"
	expect "Using pwaf's example runs: $line" 0 "->"
done <"$TMPD/marks"

# Its command table escapes | in code spans (GFM): shown as |, in two columns, with no backslash.
run "$PWAF" show using-pwaf --width 160
row=$(printf '%s\n' "$OUT" | grep 'pwaf list \[--kind')
[ "$RC" -eq 0 ] && printf '%s\n' "$row" | grep -q 'pwaf list \[--kind page|item\]' && ! printf '%s\n' "$OUT" | grep -q '\\|' &&
	[ "$(printf '%s' "$row" | grep -o '│' | wc -l)" -eq 3 ]
tap_ok "Using pwaf's table shows --kind page|item in one cell, no backslash" $? "$row"

# --- --save writes an SQLite database, as the docs say -----------------------------------------
"$PWAF" check --demo --save "$TMPD/saved.db" --format json >/dev/null 2>&1
[ "$(head -c 15 "$TMPD/saved.db")" = "SQLite format 3" ]
tap_ok "check --save writes an SQLite database" $? "$(head -c 40 "$TMPD/saved.db" | od -c | head -2)"
grep -A2 '^\.B \\-\\-save$' "$SRCDIR/man/pwaf.1" | grep -q 'SQLite database' &&
	grep -q '`--save FILE` keeps the$' "$SRCDIR/README.md" && grep -A1 '`--save FILE` keeps the$' "$SRCDIR/README.md" | grep -q 'SQLite database'
tap_ok "pwaf(1) and README say --save writes an SQLite database" $?

tap_done
