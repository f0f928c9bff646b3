#!/bin/sh
# untrusted.sh - files pwaf reads that anyone may have made: saved snapshots (a generated column
# building 400 MB a row, triggers, views, huge values), config and theme files that are FIFOs or
# directories, binary input to render. Each case runs under a timeout, so a regression cannot hang
# the suite, and is refused fast, with a clear message and little memory.
. "$SRCDIR/tests/lib/tap.sh"
T=20
export XDG_CONFIG_HOME="$TMPD/config" XDG_DATA_HOME="$TMPD/data"

TIME=/usr/bin/time
[ -x "$TIME" ] || TIME=""

# fast_refusal NAME FILE PATTERN: check --snapshot FILE exits 2 naming the problem, in under a
# second and under 200 MB (the issue's file ran 523 s and peaked at 7.4 GB).
fast_refusal() {
	name=$1 file=$2 pat=$3
	if [ -n "$TIME" ]; then
		run "$TIME" -f '%e %M' -o "$TMPD/time" timeout $T "$PWAF" check --snapshot "$file" --format json
		set -- $(tail -1 "$TMPD/time")
		secs=$1 kb=$2
	else
		run timeout $T "$PWAF" check --snapshot "$file" --format json
		secs=0 kb=0
	fi
	st=0
	[ "$RC" -eq 2 ] || st=1
	printf '%s\n' "$ERR" | grep -Eq -- "$pat" || st=1
	awk -v s="$secs" -v k="$kb" 'BEGIN { exit !(s < 1.0 && k < 200000) }' || st=1
	tap_ok "$name" $st "rc=$RC (124: timed out) in ${secs}s, ${kb} KB
$ERR"
}

if [ -z "${PYTHON3:-}" ]; then
	tap_skip "hostile snapshots" "no python3"
else
	# The tables pwaf writes (src/core/probes.c, src/ws/snapshot.c), then a twist per file.
	cat > "$TMPD/mk.py" <<'PY'
import sqlite3, sys
path, kind = sys.argv[1], sys.argv[2]
db = sqlite3.connect(path, isolation_level=None)
db.executescript("PRAGMA synchronous = OFF; PRAGMA journal_mode = MEMORY;")   # no waiting for the disk
json_col = ", json TEXT NOT NULL"
gencol = "CREATE TABLE objects(endpoint TEXT NOT NULL, id TEXT, fetched_at TEXT NOT NULL, status INTEGER NOT NULL," \
    " json TEXT GENERATED ALWAYS AS (printf('%.*c', 400000000, 'x')) VIRTUAL)"
if kind == "gencol":
    json_col = ""   # rows are written without it; the generated column is put in the schema last
objects = f"CREATE TABLE objects(endpoint TEXT NOT NULL, id TEXT, fetched_at TEXT NOT NULL, status INTEGER NOT NULL{json_col});"
if kind == "view":
    objects = ("CREATE VIEW objects AS WITH RECURSIVE c(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM c) "
               "SELECT 'clusters' AS endpoint, x AS id, printf('%.*c', 400000000, 'x') AS json, "
               "'t' AS fetched_at, 200 AS status FROM c;")
db.executescript(objects + """
CREATE TABLE fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER, error TEXT, count INTEGER, fetched_at TEXT);
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);
INSERT INTO meta VALUES('format','pwaf-snapshot'),('schema','1'),('host','https://x.example.com'),('source','live');
""")
for p in ["clusters", "warehouses", "jobs", "cluster-policies", "tokens", "workspace-conf", "recipients"]:
    db.execute("INSERT INTO fetches VALUES(?, '/x', 200, NULL, 3, 't')", (p,))
    if kind != "view":
        for i in range(3):
            if kind == "gencol":
                db.execute("INSERT INTO objects(endpoint, id, fetched_at, status) VALUES(?, ?, 't', 200)", (p, str(i)))
            else:
                big = kind == "huge" and p == "clusters" and i == 0
                db.execute("INSERT INTO objects VALUES(?, ?, 't', 200, ?)", (p, str(i), '{"a":"' + "x" * (20 << 20) + '"}' if big else "{}"))
if kind == "gencol":   # inserting through the generated column would build its 400 MB value per row
    db.executescript("PRAGMA writable_schema = ON;")
    db.execute("UPDATE sqlite_schema SET sql = ? WHERE name = 'objects'", (gencol,))
    db.executescript("PRAGMA writable_schema = OFF;")
if kind == "trigger":
    db.executescript("CREATE TRIGGER t AFTER INSERT ON fetches BEGIN INSERT INTO meta VALUES(printf('%.*c', 400000000, 'x'), 1); END;")
db.commit()
PY
	for k in gencol trigger view huge; do "$PYTHON3" "$TMPD/mk.py" "$TMPD/$k.db" $k; done
	size=$(wc -c < "$TMPD/gencol.db")
	fast_refusal "the issue's ${size}-byte snapshot with a generated column is refused" "$TMPD/gencol.db" \
		"gencol.db: not a pwaf snapshot: column objects.json is computed"
	fast_refusal "a snapshot with a trigger is refused" "$TMPD/trigger.db" "not a pwaf snapshot: it holds a trigger 't'"
	fast_refusal "a snapshot whose objects is a view is refused" "$TMPD/view.db" "not a pwaf snapshot: it holds a view 'objects'"
	fast_refusal "a snapshot holding a 20 MB value is refused" "$TMPD/huge.db" "not a pwaf snapshot: it holds a value larger than 16 MB"
fi

mkfifo "$TMPD/fifo.db"
fast_refusal "a FIFO as --snapshot is refused without waiting for a writer" "$TMPD/fifo.db" "not a regular file"

# A snapshot saved today opens again, is private whatever the umask, and holds no activation link.
(umask 000; "$PWAF" check --demo --save "$TMPD/saved.db" >/dev/null 2>&1)
run timeout $T "$PWAF" check --snapshot "$TMPD/saved.db" --format json
expect "a snapshot saved by check --save opens again" 1 '"source":[[:space:]]*"file"'
mode=$(stat -c %a "$TMPD/saved.db")
[ "$mode" = 600 ]
tap_ok "check --save writes the snapshot 0600 even with umask 000" $? "mode $mode"
(umask 000; "$PWAF" mark BO-TAG-01 done --state "$TMPD/state.db" >/dev/null 2>&1)
mode=$(stat -c %a "$TMPD/state.db" 2>/dev/null); wal=$(stat -c %a "$TMPD/state.db-wal" 2>/dev/null || echo gone)
[ "$mode" = 600 ] && { [ "$wal" = 600 ] || [ "$wal" = gone ]; }
tap_ok "the state database is created 0600 even with umask 000" $? "mode $mode, -wal $wal"

# --- render: Markdown is text ----------------------------------------------------------------
printf '# Title\n\nbefore\000after\n' > "$TMPD/nul.md"
run timeout $T "$PWAF" render "$TMPD/nul.md"
expect "render refuses a file with a NUL byte, naming the offset" 2 "nul.md: not a text file \(NUL byte at offset 15\)"
printf '%s' "$OUT" | grep -q before
tap_ok "and prints nothing of it" $((! $?))
printf 'abc\000def' > "$TMPD/abc"
run sh -c 'timeout "$0" "$1" render - < "$2"' $T "$PWAF" "$TMPD/abc"
expect "render refuses NUL bytes on stdin too" 2 "-: not a text file \(NUL byte at offset 3\)"

# --- config and theme files ------------------------------------------------------------------
# A log (or any text that is not a config) as the config file: 20 errors and a last line saying
# the rest was not read, not one error for each of its 3,000 lines.
mkdir -p "$XDG_CONFIG_HOME/pwaf"
seq -f 'GET /index.html 200 %g' 3000 > "$XDG_CONFIG_HOME/pwaf/config"
run timeout $T "$PWAF" config
expect "a log as the config file stops at 20 errors" 2 "config:21: error: more than 20 errors: the rest of the file is not read"
n=$(printf '%s\n' "$ERR" | wc -l)
[ "$n" -eq 21 ]; tap_ok "and prints 21 lines, not 3,000" $? "got $n"
rm -f "$XDG_CONFIG_HOME/pwaf/config"

if [ -z "${TMUX_BIN:-}" ] || ! [ -x "$TMUX_BIN" ]; then
	tap_skip "config and theme files in the explorer" "tmux not installed"
else
	. "$SRCDIR/tests/lib/tmux.sh"
	trap 'tui_stop; rm -rf "$TMPD"' EXIT
	P="ESCDELAY=25 LANG=C.UTF-8 XDG_CONFIG_HOME=$XDG_CONFIG_HOME XDG_DATA_HOME=$XDG_DATA_HOME timeout $T $PWAF"
	mkdir -p "$XDG_CONFIG_HOME/pwaf/themes"
	mkfifo "$XDG_CONFIG_HOME/pwaf/config"
	tui_start 100 30 "$P --demo"
	check_screen "a FIFO as the config file is refused at once" "config: error: not a regular file \(a FIFO\)"
	check_screen "and pwaf exits 2" "^rc=2"
	rm -f "$XDG_CONFIG_HOME/pwaf/config"
	mkdir "$XDG_CONFIG_HOME/pwaf/config"
	tui_start 100 30 "$P --demo"
	check_screen "a directory as the config file is refused" "config: error: not a regular file \(a directory\)"
	rmdir "$XDG_CONFIG_HOME/pwaf/config"

	mkfifo "$XDG_CONFIG_HOME/pwaf/themes/neon.theme"
	tui_start 100 30 "$P --demo --theme neon"
	check_screen "a FIFO as a theme file is refused at once" "neon.theme: error: not a regular file \(a FIFO\)"
	check_screen "and pwaf exits 2" "^rc=2"
	rm -f "$XDG_CONFIG_HOME/pwaf/themes/neon.theme"

	# Words from the files reach the terminal through the sanitiser: no escape sequence survives.
	printf 'text = red blue \033]0;owned\007\n' > "$XDG_CONFIG_HOME/pwaf/themes/evil.theme"
	tui_start 100 30 "$P --demo --theme evil 2>$TMPD/theme.err"
	wait_for "^rc=2" 5
	grep -q "evil.theme:1: .* is not a colour or attribute" "$TMPD/theme.err" && ! grep -q "$(printf '\033')" "$TMPD/theme.err"
	tap_ok "a theme error quotes the file's word without its escape sequence" $? "$(od -c "$TMPD/theme.err" | head -5)"
	printf 'bind page x \033[2Jquit\ncolour\033]0;x\007 = red\n' > "$XDG_CONFIG_HOME/pwaf/config"
	tui_start 100 30 "$P --demo 2>$TMPD/config.err"
	wait_for "^rc=2" 5
	grep -q "config:2: error: unknown setting" "$TMPD/config.err" && ! grep -q "$(printf '\033')" "$TMPD/config.err"
	tap_ok "a config error quotes the file's text without its escape sequence" $? "$(od -c "$TMPD/config.err" | head -5)"
	printf 'bind page x \033[2Jquit\n' > "$XDG_CONFIG_HOME/pwaf/config"
	tui_start 100 30 "$P --demo 2>$TMPD/bind.err"
	wait_for "^rc=2" 5
	grep -q "config:1: error: unknown action" "$TMPD/bind.err" && ! grep -q "$(printf '\033')" "$TMPD/bind.err"
	tap_ok "a bad binding is reported without its escape sequence" $? "$(od -c "$TMPD/bind.err" | head -5)"
	rm -f "$XDG_CONFIG_HOME/pwaf/config"
fi

tap_done
