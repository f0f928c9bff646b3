#!/bin/sh
# fleet-tui.sh - the explorer's fleet screen (pwaf --fleet-dir DIR, tmux): workspaces × pillars with counts, drilling into one workspace's checklist and back.
# The fleet is made without network: the demo workspace saved twice under two names (one with its
# clusters and jobs taken out, so it fails fewer items) and a fleet.json naming a third workspace
# that could not be reached, as `pwaf check --save-dir` writes them.
. "$SRCDIR/tests/lib/tap.sh"
if [ -z "${TMUX_BIN:-}" ] || ! [ -x "$TMUX_BIN" ]; then echo "1..0 # SKIP tmux not installed"; exit 0; fi
. "$SRCDIR/tests/lib/tmux.sh"
trap 'tui_stop; rm -rf "$TMPD"' EXIT
export XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data"

FD="$TMPD/fleet"
mkdir -p "$FD" "$TMPD/empty"
"$PWAF" check --demo --save "$FD/zeta.snapshot" >/dev/null 2>&1
cp "$FD/zeta.snapshot" "$FD/beta.snapshot"
# beta: no clusters, jobs or job details fetched, so their items are unknown there, not failing
"$PYTHON3" -c 'import sqlite3, sys
c = sqlite3.connect(sys.argv[1])
for t in ("objects", "fetches"):
    c.execute("delete from %s where endpoint in (\"clusters\", \"jobs\", \"job-details\")" % t)
c.commit()' "$FD/beta.snapshot"
cat >"$FD/fleet.json" <<'EOF'
{"workspaces": [
 {"name": "gamma", "host": "https://gamma.example.com", "workspace_id": "77", "state": "unreachable",
  "error": "cannot connect: connection refused"}
]}
EOF
# What `pwaf check` finds in the same fleet: the screen's totals must agree with it.
run "$PWAF" check --snapshot-dir "$FD"
expect "the fleet made for the test checks offline (zeta fails 15, beta 9, gamma unreachable)" 3 \
	"zeta +checked +31 +15 +23"
printf '%s\n' "$OUT" | grep -Eq "beta +checked +31 +9 +21"
tap_ok "beta fails fewer items than zeta" $? "$OUT"

STATE="$TMPD/state.db"
P="ESCDELAY=25 LANG=C.UTF-8 $PWAF --state $STATE"

# --- bad input, before the terminal is taken over ----------------------------------------------------
tui_start 100 30 "$P --fleet-dir $TMPD/nonexistent"
check_screen "a missing fleet directory is named, exit 2" "pwaf: --fleet-dir: cannot open .*nonexistent: No such file"
check_screen "... with exit code 2" "^rc=2"
tui_start 100 30 "$P --fleet-dir $TMPD/empty"
check_screen "a directory without snapshots says so, exit 2" "empty holds no saved workspace \(\*\.snapshot\)"
check_screen "... with exit code 2" "^rc=2"
run "$PWAF" --fleet-dir "$FD" --demo
expect "--fleet-dir with --demo is a usage error" 2 "cannot be combined with --demo"
run "$PWAF" --fleet-dir "$FD" list
expect "--fleet-dir before a subcommand is a usage error that names check --snapshot-dir" 2 "pwaf check --snapshot-dir DIR"

# --- the fleet screen at 100x30 ----------------------------------------------------------------------
tui_start 100 30 "env -u NO_COLOR $P --fleet-dir $FD"
check_screen "the header counts the workspaces and those not reached" "fleet: 3 workspaces · 1 not reached"
check_screen "pillars head the columns, each with fail and warn" "Architectural +Technical +Measurement +Operations +All pillars"
check_screen "zeta's row: 8 required failing, fail/warn per pillar, total 15/23" \
	"^ zeta +checked +8 +2 +4 +6 +7 +4 +10 +3 +2 +15 +23 *$"
check_screen "beta's row: 3 required failing, total 9/21" "^ beta +checked +3 +1 +4 +4 +7 +2 +9 +2 +1 +9 +21 *$"
check_screen "the unreachable workspace shows its state and error" "^ gamma +unreachable +cannot connect: connection refused"
order=$(screen | grep -E '^ (zeta|beta|gamma) +(checked|unreachable)' | awk '{print $1}' | tr '\n' ' ')
[ "$order" = "zeta beta gamma " ]
tap_ok "rows sorted: most failing required items first, not reached last (not by name)" $? "order: $order
$(screen)"
check_screen "the detail line shows the selected workspace's host and counts" \
	"^ zeta · https://northwind-demo.cloud.databricks.com · 31 pass · 15 fail · 23 warn"
keys Down
esc=$(printf '\033')
screen_esc | grep -E '^.{0,40} zeta ' | grep -Eq "(38;5;203|31|91)m +15${esc}.*(38;5;220|33|93)m +23"
tap_ok "fail counts in the fail colour, warn counts in the warn colour" $? "$(screen_esc | sed -n 4p | cat -v)"
capture100=$(screen)

# --- drill into beta's checklist and back -----------------------------------------------------------------
keys Enter
check_screen "Enter on a checked workspace opens the checklist (asking the partner type first)" "Which partner type"
keys Down; keys Enter
check_screen "the checklist's live source is beta's snapshot: 9 fail" "Built-On ISV checklist"
check_screen "... its title counts beta's failures" "snapshot [0-9:]+ · 9 fail"
check_screen "live statuses sit beside the items" "(FAIL|WARN) "
keys Escape
check_screen "Esc returns to the fleet screen" "fleet: 3 workspaces · 1 not reached"
check_screen "... on the same row (beta)" "^ beta · https://"
keys Enter
check_screen "Enter opens beta again" "snapshot [0-9:]+ · 9 fail"
keys BSpace
check_screen "Backspace returns to the fleet screen on the same row" "^ beta · https://"
keys Up; keys Enter
check_screen "zeta's checklist reads zeta's snapshot: 15 fail" "snapshot [0-9:]+ · 15 fail"
keys F
check_screen "F goes to the fleet screen from the checklist" "fleet: 3 workspaces · 1 not reached"
check_screen "... on zeta's row" "^ zeta · https://"
keys Escape
check_screen "Esc on the fleet screen opens the pages" "TREE|PAGE"
keys F
check_screen "F goes back to the fleet screen from the pages" "^ FLEET "
keys End; keys Enter
check_screen "Enter on the unreachable workspace explains there is no checklist" "gamma was not checked \(unreachable\)"
check_screen "... and its error is in the detail line" "^ gamma · https://gamma.example.com · could not be reached: cannot connect"
keys '?'; keys End
check_screen "the help screen lists the fleet screen's keys" "On the fleet screen \(bind fleet"
check_screen "... and F, the fleet action" "^ +F +fleet "
keys Escape
keys q
check_screen "q quits from the fleet screen, exit 0" "^rc=0"

# --- sizes and terminals ----------------------------------------------------------------------------------
tui_start 80 24 "NO_COLOR=1 LANG=C ESCDELAY=25 $PWAF --state $STATE --fleet-dir $FD"
check_screen "80x24, LANG=C: pillar abbreviations" "req +BP +TS +MA +OL +Total"
check_screen "... the rows still fit" "^ zeta +checked +8 +2 +4 +6 +7 +4 +10 +3 +2 +15 +23 *$"
check_screen "... and the header in ASCII" "fleet: 3 workspaces - 1 not reached"
screen_esc | grep -Eq "38;5;203m|\[31m"
[ $? -ne 0 ]
tap_ok "NO_COLOR: no fail colour on screen" $? "$(screen_esc | sed -n 4p | cat -v)"
screen | awk 'length > 80 { bad = 1 } END { exit bad }'
tap_ok "80x24: no line wider than the terminal" $? "$(screen)"
tui_start 200 60 "$P --fleet-dir $FD"
check_screen "200x60: full pillar names" "Architectural +Technical +Measurement +Operations +All pillars"
check_screen "... and the rows" "^ beta +checked +3 +1 +4 +4 +7 +2 +9 +2 +1 +9 +21 *$"
tui_stop

printf '%s\n' "$capture100" | sed 's/^/# /'
tap_done
