# tmux.sh - drive the explorer in a private tmux server (sourced after tap.sh).
# tui_start W H CMD... starts CMD in a W x H pane; screen prints the pane; wait_for TEXT waits for it.
TMUX_SOCK="pwaf-test-$$"
T() { "$TMUX_BIN" -L "$TMUX_SOCK" "$@"; }

tui_stop() { T kill-server >/dev/null 2>&1; sleep 0.1; }

tui_start() {   # tui_start W H COMMAND (a shell command line; its exit status is printed as rc=N)
	tui_stop
	# A server that is still shutting down can refuse the new session: try again.
	T -f /dev/null new-session -d -x "$1" -y "$2" "$3; echo rc=\$?; sleep 60" 2>/dev/null ||
		{ sleep 0.5; T -f /dev/null new-session -d -x "$1" -y "$2" "$3; echo rc=\$?; sleep 60"; } || return 1
	T set-option -g status off >/dev/null 2>&1
	sleep 0.3
}

screen() { T capture-pane -p 2>/dev/null; }
screen_esc() { T capture-pane -p -e 2>/dev/null; }   # with the colours, as SGR escapes

keys() { T send-keys "$@"; sleep 0.15; }
typed() { T send-keys -l "$1"; sleep 0.2; }

wait_for() {   # wait_for PATTERN [SECONDS]: 0 when grep -E finds it on screen
	local i=0 n=$(( ${2:-3} * 10 ))
	while [ $i -lt $n ]; do
		screen | grep -Eq -- "$1" && return 0
		sleep 0.1; i=$((i + 1))
	done
	return 1
}

check_screen() {   # check_screen NAME PATTERN: a TAP line, with the screen as diagnostics on failure
	wait_for "$2" 3
	tap_ok "$1" $? "$(screen)"
}

resize() { T resize-window -x "$1" -y "$2" >/dev/null 2>&1 || T resize-pane -x "$1" -y "$2"; sleep 0.3; }
