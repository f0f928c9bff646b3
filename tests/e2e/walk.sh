#!/bin/sh
# walk.sh - a developer's walk of a Connected ISV assessment in the explorer (tmux, --demo): from an
# item page into its checklist and back, three items marked with auto-advance, failing items only,
# two milestones and their difference, a Connected-ISV-only HTML export (issue 14's "done when").
. "$SRCDIR/tests/lib/tap.sh"
if [ -z "${TMUX_BIN:-}" ] || ! [ -x "$TMUX_BIN" ]; then echo "1..0 # SKIP tmux not installed"; exit 0; fi
. "$SRCDIR/tests/lib/tmux.sh"
trap 'tui_stop; rm -rf "$TMPD"' EXIT
export XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data"
STATE="$TMPD/state.db"
body() { screen | sed -n '2,29p'; }     # the screen without its status line

tui_start 110 32 "ESCDELAY=25 LANG=C.UTF-8 $PWAF --demo --state $STATE"
wait_for "Start here" 3

# An item page (found by search) into the checklist: its partner type is asked, the tree's preselected.
keys s; typed "ISV-OAUTH-09"; keys Enter
check_screen "search opens the item page" "│ No personal access token that never expires"
keys c
check_screen "c asks for the assessment's partner type" "Which partner type does this assessment cover"
keys Enter
check_screen "Enter takes the preselected one: the item page's partner type (Connected ISV)" \
	"Connected ISV checklist · assessment 'default'"
check_screen "the item stood on is the selected row (the detail pane shows it)" "^ ISV-OAUTH-09 · No personal access token"

# Enter opens the item; Backspace comes back to the same row, with the same scroll.
before=$(body)
keys Enter
check_screen "Enter opens the selected item's page" "│ No personal access token that never expires"
keys BSpace
wait_for "CHECKLIST" 3
[ "$(body)" = "$before" ]; tap_ok "Backspace returns to the row left, with its scroll" $? "$(screen)"

# From the top: the cursor skips headings; d marks and moves on to the next open item.
keys g
ids=$(screen | grep '^  \[open' | awk '{print $4}' | head -4)
one=$(echo "$ids" | sed -n 1p); two=$(echo "$ids" | sed -n 2p); three=$(echo "$ids" | sed -n 3p); four=$(echo "$ids" | sed -n 4p)
check_screen "g selects the first item, not a heading" "^ $one · "
keys d; keys d; keys d
check_screen "three d's mark three items done" "3 of [0-9]+ done"
screen | grep -Eq "\[DONE +\] .* $one " && screen | grep -Eq "\[DONE +\] .* $two " && screen | grep -Eq "\[DONE +\] .* $three "
tap_ok "the first three open items are the ones marked (auto-advance)" $? "$(screen)"
check_screen "the cursor moved on to the next open item" "^ $four · "

# Failing items only.
keys l
check_screen "l filters to failing items" "live fail"
rows=$(screen | grep -c '^  \[')
bad=$(screen | grep '^  \[' | grep -vc ' FAIL ')
[ "$rows" -gt 0 ] && [ "$bad" -eq 0 ]; tap_ok "every row shown fails its live check ($rows rows)" $? "$(screen)"
failing=$(screen | grep -m1 '^  \[' | awk '{print $4}')

# Two milestones, with a change between them, and their difference.
keys m
check_screen "m opens the milestones" "Milestones: n creates one"
keys n; typed "review-1"; keys Enter
check_screen "n creates a milestone" "milestone 'review-1': 3 item states"
keys Escape
check_screen "Esc returns to the checklist" "CHECKLIST"
keys x
check_screen "x asks what blocks the item" "Blocked by"
# the prompt edits as people expect: C-u, Home, End, C-w, Left, Delete
typed "junk"; keys C-u; typed "fix"; keys Home; typed "vendor "; keys End; typed " zz"; keys C-w; keys BSpace
typed "Q"; keys Left; keys DC
check_screen "the prompt line edits: C-u Home End C-w Left Delete" "^Blocked by.*: vendor fix *$"
keys Enter
check_screen "the failing item is marked blocked" "\[BLOCKED\] .* $failing "
keys k
check_screen "with the reason as edited" "reason: vendor fix$"
keys m; keys n; typed "review-2"; keys Enter
check_screen "a second milestone" "review-2 .* 4 item states"
keys Enter
check_screen "Enter on one asks which to compare it with" "Compare milestone 'review-2' with which other one"
keys Enter
check_screen "the difference runs from the older milestone to the newer" "From milestone 'review-1' to 'review-2': 1 item changed"
check_screen "it names the item, its state change and its live status" "$failing +state open → blocked +live fail"
keys Escape
wait_for "CHECKLIST" 3

# Export from the explorer: the Connected ISV items only.
keys X
check_screen "X asks where to export" "Export to"
keys C-u; typed "$TMPD/cisv.html"; keys Enter
check_screen "the export is reported" "exported [0-9]+ Connected ISV items to"
if [ -n "${PYTHON3:-}" ] && [ -s "$TMPD/cisv.html" ]; then
	run "$PWAF" list --kind item --partner connected-isv --format json
	printf '%s' "$OUT" >"$TMPD/cisv.json"
	res=$("$PYTHON3" -c "import json,re,sys
want={d['id'] for d in json.load(open(sys.argv[1]))}
html=open(sys.argv[2]).read()
got=set(re.findall(r'>([A-Z][A-Z0-9]*(?:-[A-Z0-9]+)+)(?:</a>)?</td><td>', html))
print('yes' if got==want else 'no: extra %s missing %s' % (sorted(got-want)[:5], sorted(want-got)[:5]))" "$TMPD/cisv.json" "$TMPD/cisv.html" 2>&1)
	[ "$res" = yes ]; tap_ok "the HTML report holds exactly the Connected ISV items" $? "$res"
	grep -q "vendor fix" "$TMPD/cisv.html"; tap_ok "it carries what was marked in the explorer" $?
else
	tap_skip "the HTML report holds exactly the Connected ISV items" "no python3 or no report"
	tap_skip "it carries what was marked in the explorer" "no python3 or no report"
fi
keys Escape; keys q
check_screen "q quits" "^rc=0"

tap_done
