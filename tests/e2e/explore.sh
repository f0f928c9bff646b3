#!/bin/sh
# explore.sh - the explorer's reading side in tmux (issue 14): the width used at 80 and 200 columns, T
# hides the tree, key hints at 80 columns, long messages whole, tree moves preview, / filters the
# tree, OSC 8 hyperlinks (on, off, auto), y copies (OSC 52), o opens with xdg-open (or says it is
# missing), the page's contents, search words marked, level labels and colours, advance = off, the
# improvement plan, LANG=C in the checklist.
. "$SRCDIR/tests/lib/tap.sh"
if [ -z "${TMUX_BIN:-}" ] || ! [ -x "$TMUX_BIN" ]; then echo "1..0 # SKIP tmux not installed"; exit 0; fi
. "$SRCDIR/tests/lib/tmux.sh"
trap 'tui_stop; rm -rf "$TMPD"' EXIT
export XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data"
mkdir -p "$XDG_CONFIG_HOME/pwaf" "$TMPD/bin" "$TMPD/nobin"
STATE="$TMPD/state.db"
P="ESCDELAY=25 LANG=C.UTF-8 $PWAF"
ESC=$(printf '\033')
status() { screen | tail -1; }
# The column of the tree's border on screen row 2 (0 when there is none).
border_col() { screen | sed -n 2p | awk '{ i = index($0, "│"); if (i) { print length(substr($0, 1, i - 1)) } else print 0 }'; }
# The three lines above the status line joined: where a long message wraps.
msg_lines() { screen | tail -4 | head -3 | sed 's/^ //; s/ *$//' | tr -d '\n'; }
raw() { cat "$TMPD/raw" 2>/dev/null; }   # what pwaf wrote to the terminal, escapes and all
wait_raw() {   # wait_raw PATTERN [SECONDS]: 0 when grep finds it in what pwaf wrote
	local i=0 n=$(( ${2:-3} * 10 ))
	while [ $i -lt $n ]; do raw | grep -q -- "$1" && return 0; sleep 0.1; i=$((i + 1)); done
	return 1
}
pipe_raw() { : > "$TMPD/raw"; T pipe-pane -o "cat >> $TMPD/raw"; }

# --- Widths: the tree follows the terminal, T hides it, hints shorten at 80 columns ----------
tui_start 80 24 "$P"
wait_for "Start here" 3
narrow=$(border_col)
resize 200 60
wait_for "Start here" 3
wide=$(border_col)
[ "$narrow" -ge 20 ] && [ "$narrow" -le 30 ] && [ "$wide" -ge 60 ] && [ "$wide" -le 70 ]
tap_ok "the tree's width follows the terminal (80: $narrow columns, 200: $wide)" $? "$(screen | head -5)"
status | grep -q "q quit"; tap_ok "at 200 columns every key hint is shown" $? "$(status)"
keys T
wait_for "tree hidden: T shows it" 3
[ "$(border_col)" -eq 0 ] && ! screen | grep -q "By partner type"
tap_ok "T hides the tree; the page takes the width" $? "$(screen | head -5)"
keys T
wait_for "By partner type" 3
[ "$(border_col)" -eq "$wide" ]; tap_ok "T shows it again" $? "$(screen | head -5)"
resize 80 24
keys j; keys k
wait_for "^ TREE " 3
status | grep -Eq "\? help +/ filter" && ! status | grep -q "q quit"
tap_ok "at 80 columns the key hints shorten instead of vanishing" $? "$(status)"
keys w
wait_for "w leaves" 3
screen | grep -q "workshop: Connected ISV · Space scrolls, . next page, comma back, w leaves"
tap_ok "a message wider than the status line gets the width it needs" $? "$(screen | tail -3)"
screen | tail -1 | grep -q "^ PAGE "; tap_ok "and the mode is still named in words" $? "$(screen | tail -3)"
keys w

# --- Tree moves preview the page; / filters the tree ----------------------------------------
resize 100 30
keys g
wait_for "^ TREE " 3
keys j; keys j
check_screen "moving in the tree previews the page under the cursor" "│ Using pwaf"
status | grep -q "^ TREE "; tap_ok "the preview leaves the focus in the tree" $? "$(status)"
resize 100 12
keys g
wait_for "│ The Partner Well-Architected Framework" 3
T send-keys -l "$(printf '\033[Ma&+')"   # the mouse wheel, down, over the tree (xterm X10 encoding)
check_screen "the mouse wheel over the tree moves the selection and previews it too" "│ Pillar: best practices"
resize 100 30
keys g
keys /
typed "oauth m2m"
check_screen "/ in the tree filters it as you type" "^Filter the tree: oauth m2m"
rows=$(screen | sed -n '2,29p' | sed 's/│.*//' | grep -c '[A-Za-z]')
screen | sed -n '2,29p' | sed 's/│.*//' | grep -q "Glossary"; glossary=$?
[ "$rows" -gt 2 ] && [ "$rows" -lt 16 ] && [ $glossary -ne 0 ]
tap_ok "the filtered tree holds the matches and their ancestors only ($rows rows)" $? "$(screen)"
keys Enter
check_screen "Enter keeps the filter and previews the first match" "filter 'oauth m2m', Esc clears"
keys Escape
wait_for "Glossary" 3; tap_ok "Esc shows the whole tree again" $? "$(screen)"
keys q

# --- Links: OSC 8 hyperlinks, y copies (OSC 52), o opens with xdg-open ----------------------
# links_page CMD: start CMD recording what it writes, then open the first page (its links on screen);
# started is 0 when the explorer came up.
links_page() {
	tui_start 100 30 "$1"
	pipe_raw
	wait_for "Start here" 3; started=$?
	keys Tab; keys Down
}
no_osc8() {   # no_osc8 NAME: a TAP line, ok when the explorer started and wrote no OSC 8 link
	sleep 0.5
	raw | grep -q "${ESC}]8;;"; [ $? -ne 0 ] && [ $started -eq 0 ]; tap_ok "$1" $?
	keys q
}
# hyperlinks = auto inside tmux: none (tmux passes them on only when configured to).
links_page "$P"
no_osc8 "hyperlinks = auto writes no OSC 8 inside tmux"
printf 'hyperlinks = on\n' > "$XDG_CONFIG_HOME/pwaf/config"
links_page "$P"
wait_raw "${ESC}]8;;https://databrickslabs.github.io/partner-architecture/[^$ESC]*${ESC}\\\\"
tap_ok "hyperlinks = on writes the page's web links as OSC 8 hyperlinks" $? "$(raw | grep -ao "]8;;[^ ]*" | head -3 | cat -v)"
keys q
printf 'hyperlinks = auto\n' > "$XDG_CONFIG_HOME/pwaf/config"
links_page "env -u TMUX TERM_PROGRAM=WezTerm $P"
wait_raw "${ESC}]8;;https://"; tap_ok "hyperlinks = auto: a terminal known to show them (WezTerm) gets them" $?
keys q
links_page "env -u TMUX TERM=linux TERM_PROGRAM=WezTerm VTE_VERSION=7000 $P"
no_osc8 "hyperlinks = auto: none on TERM=linux, whatever else the environment says"
printf 'hyperlinks = off\n' > "$XDG_CONFIG_HOME/pwaf/config"
links_page "env -u TMUX TERM_PROGRAM=WezTerm $P"
no_osc8 "hyperlinks = off turns them off"
rm -f "$XDG_CONFIG_HOME/pwaf/config"

# y and o on an item page: its source URL, or the selected link.
printf '#!/bin/sh\nprintf "%%s\\n" "$1" >> %s/opened\nsleep 30\n' "$TMPD" > "$TMPD/bin/xdg-open"
chmod +x "$TMPD/bin/xdg-open"
url=$(sed -n 's/^source: //p' "$SRCDIR/content/ISV-OAUTH-09.md")
tui_start 100 30 "PATH=$TMPD/bin:/usr/bin:/bin $P"
pipe_raw
wait_for "Start here" 3
keys s; typed "ISV-OAUTH-09"; keys Enter
wait_for "│ No personal access token" 3
keys y
wait_for "copied: " 3
msg_lines | grep -qF "copied: $url"; tap_ok "y copies the page's source link; the long message is shown whole" $? "$(screen | tail -4)"
b64=$(printf '%s' "$url" | base64 -w0)
raw | grep -qF "]52;c;$b64"; tap_ok "as an OSC 52 clipboard sequence" $? "$(raw | grep -ao ']52;[^ ]*' | cat -v)"
msg_lines | grep -qF "set-clipboard on"; tap_ok "inside tmux it says tmux passes it on only with set-clipboard on" $? "$(screen | tail -4)"
keys o
wait_for "opening " 3
msg_lines | grep -qF "opening $url"; tap_ok "o opens it with xdg-open" $? "$(screen | tail -4)"
i=0; while [ ! -s "$TMPD/opened" ] && [ $i -lt 30 ]; do sleep 0.1; i=$((i + 1)); done
[ "$(cat "$TMPD/opened" 2>/dev/null)" = "$url" ]; tap_ok "xdg-open was given the link" $? "$(cat "$TMPD/opened" 2>&1)"
keys j; keys J
check_screen "the explorer answers keys while xdg-open runs" "link \[[0-9]+\]"
keys y
check_screen "y on an internal link copies the command that shows it" "copied: pwaf show [A-Za-z0-9-]+"
keys q
tui_start 100 30 "PATH=$TMPD/nobin $P"
wait_for "Start here" 3
keys s; typed "ISV-OAUTH-09"; keys Enter
wait_for "│ No personal access token" 3
keys o
check_screen "without xdg-open, o says so" "xdg-open is not installed"
keys j
check_screen "and the explorer goes on" "^ PAGE "

# The page's contents; Enter jumps to a heading.
keys g
wait_for "^ PAGE " 3
screen | grep -q "│ Fix a failure"; [ $? -ne 0 ]; tap_ok "(the page's last heading is out of sight)" $? "$(screen)"
keys t
check_screen "t lists the page's headings" "Contents of this page"
n=$(screen | grep -n "Fix a failure" | head -1 | cut -d: -f1)
first=$(screen | grep -n "^  [^ ]" | head -1 | cut -d: -f1)   # the page's title, selected
i=$first; while [ "$i" -lt "$n" ]; do keys j; i=$((i + 1)); done
keys Enter
wait_for "^ PAGE " 3
check_screen "Enter scrolls the page to that heading" "│ Fix a failure"
keys q

# --- After a search, its words are marked in the page opened from the results ----------------
tui_start 100 30 "env -u NO_COLOR $P"
wait_for "Start here" 3
keys s; typed "never expires"; keys Enter
wait_for "No personal access token" 3
# The match role of the dark theme: black on 220 (yellow).
screen_esc | grep -Eq "48;5;220m(${ESC}\[[0-9;]*m)*expires"
tap_ok "the search's words are marked in the page opened" $? "$(screen_esc | grep -m2 expires | cat -v)"
keys q

# --- Level labels and colours in the checklist; advance = off; the plan ----------------------
tui_start 110 40 "env -u NO_COLOR $P --demo --state $STATE"
wait_for "Start here" 3
keys c; keys Enter
wait_for "Connected ISV checklist" 3
wait_for "live [0-9:]+ · [0-9]+ fail|demo workspace" 5
keys l
wait_for "live fail" 3
req=$(screen_esc | grep -o "\(${ESC}\[[0-9;]*m\)*REQ " | head -1)
fail=$(screen_esc | grep "\] " | sed -n 2p | grep -o "\(${ESC}\[[0-9;]*m\)*FAIL" | head -1)   # a row not selected
fc=$(printf '%s' "$fail" | grep -o '38;5;[0-9]*\|\[3[0-7]m\|\[9[0-7]m' | head -1)   # the FAIL colour, 256 or 8
[ -n "$req" ] && [ -n "$fc" ] && [ "$req" != "${fail%FAIL}REQ " ] && ! printf '%s' "$req" | grep -qF "$fc"
tap_ok "REQ is not drawn in the FAIL colour" $? "REQ: $(printf '%s' "$req" | cat -v)  FAIL: $(printf '%s' "$fail" | cat -v)"
# Wide terminals: the title and the evidence of a row both get more of the width.
row_parts() {   # row_parts ID: "TITLE-LENGTH EVIDENCE-LENGTH" of that item's row
	screen | sed 's/│.*//' | grep -m1 " $1 " | sed 's/ *$//' |
		awk -v id="$1" '{ i = index($0, " FAIL "); t = substr($0, index($0, id), i - index($0, id)); sub(/ +$/, "", t); print length(t), length(substr($0, i + 6)) }'
}
fid=$(screen | grep -m1 '^  \[.* FAIL ' | awk '{print $4}')
wide_parts=$(row_parts "$fid")
resize 80 24
keys j; keys k
wait_for "^ CHECKLIST " 3
narrow_parts=$(row_parts "$fid")
set -- $narrow_parts $wide_parts
[ $# -eq 4 ] && [ "$3" -gt "$1" ] && [ "$4" -gt "$2" ]
tap_ok "a wider terminal gives a row's title and its evidence more room (80: $narrow_parts, 110: $wide_parts)" $? "$(screen)"
status | grep -Eq "\? help +d done +a n/a .*Esc back"
tap_ok "at 80 columns the checklist keeps its first key hints, help and Esc among them" $? "$(status)"
resize 110 40
keys t; keys Down; keys Down; keys Enter
wait_for "Data Collaboration checklist" 3
keys l; keys l; keys l
wait_for "live all" 3
keys /; typed "DC-SDS-02"; keys Enter
check_screen "info-level items are labelled info" "\] info DC-SDS-02 "
screen | grep -q "rec  DC-SDS-02"; [ $? -ne 0 ]; tap_ok "not rec" $?
keys q
printf 'advance = off\n' > "$XDG_CONFIG_HOME/pwaf/config"
tui_start 110 40 "$P --demo --state $TMPD/adv.db"
wait_for "Start here" 3
keys c; keys Enter
wait_for "Connected ISV checklist" 3
keys g
one=$(screen | grep -m1 '^  \[open' | awk '{print $4}')
keys d
check_screen "advance = off: d marks the item" "\[DONE +\] .* $one "
check_screen "and the cursor stays on it" "^ $one · "
keys q
rm -f "$XDG_CONFIG_HOME/pwaf/config"

# The improvement plan: failing required items first, then warn, each with its fix.
tui_start 160 60 "$P --demo --state $TMPD/plan.db"
wait_for "Start here" 3
keys c; keys Enter
wait_for "live [0-9:]+ · [0-9]+ fail|demo workspace" 5
keys i
check_screen "i shows the improvement plan" "improvement plan"
order=$(screen | grep -nE "^[0-9]\. " | sed 's/│.*//')
l1=$(echo "$order" | grep "Required items that fail" | cut -d: -f1)
l2=$(echo "$order" | grep "Other items that fail" | cut -d: -f1)
l3=$(echo "$order" | grep "Required items that warn" | cut -d: -f1)
l4=$(echo "$order" | grep "Other items that warn" | cut -d: -f1)
[ -n "$l1" ] && [ -n "$l3" ] && [ "$l1" -lt "$l3" ] && { [ -z "$l4" ] || [ "$l3" -lt "$l4" ]; }
tap_ok "failing required items come first, then warning ones" $? "$order"
sec1=$(screen | sed -n "$((l1 + 1)),$((${l2:-$l3} - 1))p" | sed 's/│.*//' | grep '^  \[')
[ -n "$sec1" ] && ! echo "$sec1" | grep -v " REQ .* FAIL " | grep -q .
tap_ok "every row of the first rank is a required item that fails" $? "$sec1"
sec3=$(screen | sed -n "$((l3 + 1)),\$p" | sed 's/│.*//' | grep '^  \[' | head -3)
! echo "$sec3" | grep -v " WARN " | grep -q .; tap_ok "the warn rank lists warning items" $? "$sec3"
check_screen "the detail pane shows how to fix the selected item" "│ How to fix it"
keys Escape; keys q

# --- LANG=C: the checklist, its header and detail pane, and the tree are ASCII ---------------
tui_start 100 30 "LANG=C LC_ALL=C ESCDELAY=25 $PWAF --demo --state $TMPD/c.db"
wait_for "Start here" 3
LC_ALL=C.UTF-8 screen | LC_ALL=C grep -q "$(printf '[\200-\377]')"; [ $? -ne 0 ]
tap_ok "LANG=C: the tree and the header are ASCII" $? "$(screen | head -8)"
keys c; keys Enter
wait_for "checklist - assessment" 3
wait_for " FAIL | PASS " 5
LC_ALL=C.UTF-8 screen | LC_ALL=C grep -q "$(printf '[\200-\377]')"; [ $? -ne 0 ]
tap_ok "LANG=C: the checklist, its progress bars and the detail pane are ASCII" $? "$(screen)"
keys q

tap_done
