#!/bin/sh
# tui.sh - the explorer driven in tmux: start, search, read a table at 80 columns, follow a link and
# come back, find in page, help, workshop mode, resize to 20x6 and back, themes, NO_COLOR, quit, signals.
. "$SRCDIR/tests/lib/tap.sh"
if [ -z "${TMUX_BIN:-}" ] || ! [ -x "$TMUX_BIN" ]; then echo "1..0 # SKIP tmux not installed"; exit 0; fi
. "$SRCDIR/tests/lib/tmux.sh"
trap 'tui_stop; rm -rf "$TMPD"' EXIT
export XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data"
P="ESCDELAY=25 LANG=C.UTF-8 $PWAF"

tui_start 100 30 "$P"
check_screen "starts on the introduction with the tree" "Start here"
check_screen "status line names the mode in words" "^ TREE "
check_screen "title bar says what this is" "Partner Well-Architected Framework"

keys s
typed "oauth m2m"
check_screen "search results update as you type" "oauth-m2m +OAuth M2M"
keys Enter
check_screen "Enter opens the OAuth M2M page" "OAuth M2M: service principals"
keys s
typed "é"
check_screen "search keeps the last query; a non-ASCII character is typed whole" "Search: oauth m2mé"
keys BSpace
check_screen "Backspace deletes the whole character" "Search: oauth m2m$"
keys Escape
check_screen "status shows page mode and breadcrumbs" "^ PAGE .*OAuth M2M"

resize 80 24
keys g
keys /
typed "compared"
keys Enter
check_screen "find jumps to the comparison table" "U2M and M2M compared"
keys Down; keys Down; keys Down
wait_for "┌" 2
st=$?
w=$(screen | wc -L)
[ $st -eq 0 ] && [ "$w" -le 80 ]
tap_ok "the table is drawn with box lines within 80 columns" $? "width $w
$(screen)"
screen | grep -q "│ U2M" ; tap_ok "table cells are intact" $? "$(screen)"

keys J
check_screen "J selects a link and says where it goes" "link \[[0-9]+\]"
before=$(screen | sed -n '2,20p' | sed 's/^[^│]*│//')
target=$(screen | tail -1 | sed -n 's/.*link \[[0-9]*\] \([A-Za-z0-9_-]*\).*/\1/p')
keys Enter
wait_for "$target" 2
tap_ok "Enter follows the link (to $target)" $? "$(screen)"
keys BSpace
sleep 0.2
after=$(screen | sed -n '2,20p' | sed 's/^[^│]*│//')
[ "$before" = "$after" ]
tap_ok "Backspace comes back to OAuth M2M where the reader was" $? "$(screen)"
keys l
wait_for "$target" 2
tap_ok "l goes forward again" $? "$(screen)"
keys h

keys "?"
check_screen "? opens help generated from the action table" "In the tree"
check_screen "help lists keys with their actions" "search all pages and items"
keys Escape
check_screen "Esc closes help" "^ PAGE "

resize 20 6
check_screen "a 20x6 window says it is too small" "too small"
resize 100 30
check_screen "back at 100x30 the page returns" "OAuth M2M"

keys w
check_screen "w enters workshop mode" "workshop"
screen | sed -n '2,10p' | grep -q "Start here"; [ $? -ne 0 ]
tap_ok "workshop mode hides the tree" $? "$(screen)"
before=$(screen | sed -n '2,20p')
keys Space
sleep 0.2
[ "$(screen | sed -n '2,20p')" != "$before" ] && ! screen | grep -q "page [0-9]* of"
tap_ok "in workshop mode Space scrolls the page" $? "$(screen)"
keys .
check_screen ". steps to the next page of the partner type" "page [0-9]+ of [0-9]+"
keys w
check_screen "w leaves workshop mode" "Glossary|By partner type|Connected ISV +│"

keys q
check_screen "q quits cleanly" "^rc=0"

# The mouse (xterm X10 encoding, as a terminal sends it): a click opens a tree entry, the wheel scrolls.
tui_start 100 30 "$P"
wait_for "Start here" 3
T send-keys -l "$(printf '\033[M &$')"; sleep 0.1; T send-keys -l "$(printf '\033[M#&$')"
check_screen "a click on a tree entry opens it" "^ PAGE  Using pwaf"
before=$(screen | sed -n 2p)
T send-keys -l "$(printf '\033[Ma`%%')"; T send-keys -l "$(printf '\033[Ma`%%')"; sleep 0.3
[ "$(screen | sed -n 2p)" != "$before" ]; tap_ok "the mouse wheel scrolls the page" $? "$(screen)"
keys q

for theme in light projector monochrome dark; do
	tui_start 100 30 "$P --theme $theme"
	check_screen "theme $theme starts" "Start here"
	keys q
	check_screen "theme $theme quits with status 0" "^rc=0"
done

tui_start 100 30 "NO_COLOR=1 $P"
check_screen "NO_COLOR=1 starts" "Start here"
keys s; typed "tag"
check_screen "NO_COLOR: search still works" "result"
keys Escape; keys q
check_screen "NO_COLOR: quits" "^rc=0"

tui_start 100 30 "TERM=xterm $P"
check_screen "an 8-colour terminal starts" "Start here"
keys q

tui_start 100 30 "LANG=C LC_ALL=C ESCDELAY=25 $PWAF"
check_screen "a non-UTF-8 locale starts with ASCII lines" "\+ Connected ISV|- Start here"
keys s; typed "ISV-OAUTH-09"; keys Enter
wait_for "never expires" 3
LC_ALL=C.UTF-8 screen | LC_ALL=C grep -q "$(printf '[\200-\377]')"; [ $? -ne 0 ]
tap_ok "LANG=C: every glyph on an item page is ASCII (no UTF-8 byte on screen)" $? "$(screen | head -12)"
keys q

tui_start 100 30 "TERM=dumb ESCDELAY=25 $PWAF"
check_screen "TERM=dumb refuses the explorer with a message" "needs a terminal that can move the cursor \(TERM is dumb\)"
check_screen "and exits 2" "^rc=2"

tui_start 100 30 "$P"
wait_for "Start here" 3
pid=$(pgrep -n -f "src/pwaf$" || pgrep -n pwaf)
kill -TERM "$pid" 2>/dev/null
check_screen "SIGTERM ends the explorer cleanly" "^rc=0"

tui_start 100 30 "$P --theme neon"
check_screen "an unknown theme is a clear error" "unknown theme 'neon'"
check_screen "and exits 2" "^rc=2"

mkdir -p "$XDG_CONFIG_HOME/pwaf"
printf 'theme = light\nbind page x quit\nbind page C-q nonsense\n' > "$XDG_CONFIG_HOME/pwaf/config"
tui_start 100 30 "$P"
check_screen "a bad binding is reported with file and line" "config:3: error: unknown action 'nonsense'"
# An action that exists but does nothing on that screen is an error too, naming what does.
printf 'theme = light\nbind tree x mark-done\n' > "$XDG_CONFIG_HOME/pwaf/config"
tui_start 120 30 "$P"
check_screen "bind tree x mark-done: file:line names the screen and the action" \
	"config:2: error: action 'mark-done' does not apply to the tree screen"
check_screen "... followed by the actions valid there" "\\(actions there: "
check_screen "... and exits 2" "^rc=2"
run "$PWAF" config
expect "pwaf config validates bind lines as the explorer does (exit 2, file:line)" 2 \
	"config:2: error: action 'mark-done' does not apply to the tree screen \(actions there: .*refresh"
printf 'theme = light\nbind checklist D mark-done\n' > "$XDG_CONFIG_HOME/pwaf/config"
run "$PWAF" config
expect "pwaf config shows a right bind line" 0 "^bind checklist D mark-done$"
printf 'bind tree x quit\n' > "$XDG_CONFIG_HOME/pwaf/config"
tui_start 100 30 "$P"
wait_for "Start here" 3
keys x
check_screen "a remapped key works" "^rc=0"
rm -f "$XDG_CONFIG_HOME/pwaf/config"

echo "" | "$PWAF" >/dev/null 2>"$TMPD/err"; rc=$?
[ $rc -eq 2 ] && grep -q "needs a terminal" "$TMPD/err"
tap_ok "without a terminal the explorer says so and exits 2" $? "rc=$rc $(cat "$TMPD/err")"

tap_done
