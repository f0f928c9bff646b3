#!/bin/sh
# cli.sh - end-to-end tests of the pwaf binary's list, show, search and index commands.
. "$SRCDIR/tests/lib/tap.sh"

FIX="$SRCDIR/tests/fixtures/content"
DB="$TMPD/fx.db"

run "$PWAF" index "$FIX" --output "$DB"
expect "index builds the fixture content" 0 "2 pages, 2 items, .* 1 live checks"
[ -s "$DB" ]; tap_ok "index writes the database file" $?

run "$PWAF" --version
expect "--version prints the version" 0 "^pwaf [0-9]+\.[0-9]+"
run "$PWAF" --help
expect "--help lists every subcommand" 0 "pwaf search QUERY"
run "$PWAF" frobnicate
expect "an unknown command is a usage error" 2 "unknown command 'frobnicate'"

# list
run "$PWAF" list --db "$DB"
expect "list shows a header and every document" 0 "^ID +KIND +LEVEL"
n=$(printf '%s\n' "$OUT" | tail -n +2 | wc -l); [ "$n" -eq 4 ]; tap_ok "list prints one line per document" $? "got $n"
run "$PWAF" --db "$DB" list --kind item --format json
expect "list --format json succeeds (global --db before the command)" 0
json_check "list json has the stable fields" "len(j)==2 and all(set(['id','title','kind','partners','pillar','level','source']) <= set(o) for o in j)"
json_check "list json items are sorted by id" "[o['id'] for o in j]==['FX-PAT-01','FX-TAG-01']"
run "$PWAF" list --db "$DB" --partner built-on --kind page --format json
json_check "list filters by partner and kind" "sorted(o['id'] for o in j)==['cost','oauth-m2m']"
run "$PWAF" list --db "$DB" --pillar measurement-attribution --level required --format json
json_check "list filters by pillar and level" "[o['id'] for o in j]==['FX-TAG-01']"
run "$PWAF" list --db "$DB" --partner builtin
expect "an unknown partner names the valid ones" 2 "unknown partner type 'builtin' \(valid: connected-isv, built-on, data-collaboration or mcp\)"
run "$PWAF" list --db "$DB" --pillar security
expect "an unknown pillar is a usage error" 2 "valid: best-practices"
run "$PWAF" list --db "$DB" --format yaml
expect "an unknown format is a usage error" 2 "unknown format 'yaml' \(valid: text, json\)"
run "$PWAF" list --db /nonexistent/x.db
expect "a missing --db file is reported" 2 "/nonexistent/x.db: cannot open"
printf 'not a database at all, just text padding padding padding padding padding' > "$TMPD/junk.db"
run "$PWAF" list --db "$TMPD/junk.db"
expect "a file that is not a content database is reported" 2 "junk.db: (not a pwaf content database|cannot open)"

# show
run "$PWAF" show --db "$DB" oauth-m2m --width 60
expect "show prints the page title and metadata" 0 "oauth-m2m · Page"
expect "show prints the body" 0 "Machine-to-machine OAuth"
w=$(printf '%s\n' "$OUT" | grep -v '^Source: ' | wc -L)
[ "$w" -le 60 ]; tap_ok "show wraps text at --width" $? "widest line $w"
run "$PWAF" show --db "$DB" fx-pat-01 --format json
expect "show finds an id whatever its case" 0
json_check "show json has fields, body and check" "j['id']=='FX-PAT-01' and j['level']=='anti-pattern' and '# No personal' in j['body'] and 'count(*)' in j['check'] and j['probes']==['tokens']"
run "$PWAF" show --db "$DB" oauth-m2m --format json
json_check "show json of a page lists its items" "j['items']==['FX-PAT-01'] and j['level'] is None"
run "$PWAF" show --db "$DB" oauth-m2n
expect "show of an unknown id suggests close ones" 2 "no page or item has id 'oauth-m2n'"
run "$PWAF" show --db "$DB"
expect "show without an id is a usage error" 2 "expected one ID"
run "$PWAF" show --db "$DB" cost --width 5
expect "show rejects a silly width" 2 "--width takes"
run "$PWAF" show --db "$DB" cost --format plain
printf '%s' "$OUT" | grep -q "$(printf '\033')"; [ $? -ne 0 ]; tap_ok "plain show output holds no escape character" $?

# search
run "$PWAF" search --db "$DB" oauth
expect "search finds a page" 0 "^oauth-m2m"
first=$(printf '%s\n' "$OUT" | head -1 | cut -d' ' -f1)
[ "$first" = oauth-m2m ]; tap_ok "search oauth ranks the OAuth page first" $? "first: $first"
run "$PWAF" search --db "$DB" --format json "client credentials"
json_check "search json adds score and snippet" "j[0]['id']=='oauth-m2m' and j[0]['score']>0 and 'snippet' in j[0]"
run "$PWAF" search --db "$DB" --format json --kind item tag
json_check "search filters by kind" "all(o['kind']=='item' for o in j) and len(j)>=1"
run "$PWAF" search --db "$DB" --format json --partner connected-isv customer
json_check "search filters by partner" "all('connected-isv' in o['partners'] for o in j)"
run "$PWAF" search --db "$DB" --color always chargeback
printf '%s' "$OUT" | grep -q "$(printf '\033')\[1;4mChargeback"; tap_ok "search highlights the match in text mode" $? "$OUT"
run "$PWAF" search --db "$DB" --limit 1 tag
n=$(printf '%s\n' "$OUT" | grep -c '^[A-Za-z]'); [ "$n" -eq 1 ]; tap_ok "search --limit caps the results" $? "$OUT"
for q in '"' 'NOT' 'a AND' '*' '(((' 'oauth"' "x' OR 1=1 --" 'NEAR(a b, 2)' '^x' 'title:oauth'; do
	run "$PWAF" search --db "$DB" "$q"
	case "$RC$ERR" in *rror*|*fts5*|*syntax*) st=1 ;; 0*|2*) st=0 ;; *) st=1 ;; esac
	tap_ok "search survives the query [$q]" $st "rc=$RC err=$ERR"
done
run "$PWAF" search --db "$DB" ""
expect "an empty query is a clear usage error" 2 "no words to search for"
big=$(head -c 10240 /dev/zero | tr '\0' 'a b"*( ' | head -c 10240)
run "$PWAF" search --db "$DB" "$big"
case "$RC" in 0) st=0 ;; *) st=1 ;; esac
tap_ok "search accepts 10 KB of text" $st "rc=$RC $ERR"
run "$PWAF" search --db "$DB" --limit 0 oauth
expect "search rejects --limit 0" 2 "--limit takes"

# --db FILE is read in place (never copied into memory, never written): bad files are refused
# with the messages they always had, and any path gives the same answers.
sql() { "$PYTHON3" -c "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.executescript(sys.argv[2]); c.commit(); c.close()" "$@"; }
refused() {   # refused NAME FILE MESSAGE: list, search and show all exit 2 with exactly this message
	local name=$1 file=$2 msg=$3 st=0 why="" cmd
	for cmd in "list" "search oauth" "show oauth-m2m"; do
		# shellcheck disable=SC2086
		run "$PWAF" $cmd --db "$file"
		if [ "$RC" -ne 2 ] || [ -n "$OUT" ] || [ "$ERR" != "pwaf: $file: $msg" ]; then
			st=1; why="$why$cmd: rc=$RC out=[$OUT] err=[$ERR] "
		fi
	done
	tap_ok "$name" $st "$why"
}
NOTDB="not a pwaf content database (build one with 'pwaf index')"
refused "a missing --db file: cannot open" /nonexistent/x.db "cannot open: unable to open database file"
refused "a text file: not a pwaf content database" "$TMPD/junk.db" "$NOTDB"
: > "$TMPD/empty.db"
refused "an empty file: not a pwaf content database" "$TMPD/empty.db" "$NOTDB"
mkdir "$TMPD/dir.db"
refused "a directory: cannot open" "$TMPD/dir.db" "cannot open: disk I/O error"
if [ -n "${PYTHON3:-}" ]; then
	sql "$TMPD/other.db" "CREATE TABLE t(x); INSERT INTO t VALUES (1);"
	refused "an SQLite database of another program: not a pwaf content database" "$TMPD/other.db" "$NOTDB"
	sql "$TMPD/nometa.db" "CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT);"
	refused "a meta table without a schema version: not a pwaf content database" "$TMPD/nometa.db" "$NOTDB"
	cp "$DB" "$TMPD/future.db"
	sql "$TMPD/future.db" "UPDATE meta SET value = '999' WHERE key = 'schema_version';"
	run "$PWAF" list --db "$TMPD/future.db"
	expect "a content database of another schema version: rebuild it" 2 \
		"^pwaf: $TMPD/future.db: content database schema 999, this pwaf reads [0-9]+: rebuild it with 'pwaf index'\$"
else
	tap_skip "SQLite databases that are not pwaf content databases" "no python3"
fi
head -c 8192 "$DB" > "$TMPD/cut.db"
refused "a database cut short: not a pwaf content database" "$TMPD/cut.db" "$NOTDB"

# The same database under paths that mean something in an SQLite URI answers the same.
answers() {   # answers FILE: list, a search and a page as one text
	"$PWAF" list --db "$1" --format json && "$PWAF" search --db "$1" --format json "client credentials" &&
		"$PWAF" search --db "$1" --kind item --partner built-on tag && "$PWAF" show --db "$1" oauth-m2m --width 70
}
want=$(answers "$DB" 2>&1)
sum0=$(cksum < "$DB")
mkdir -p "$TMPD/a dir?#%41&x=1"
cp "$DB" "$TMPD/a dir?#%41&x=1/c?mode=rwc#%2541.db"
for p in "$TMPD/a dir?#%41&x=1/c?mode=rwc#%2541.db" "/$DB" "$TMPD/./a dir?#%41&x=1/../fx.db"; do
	got=$(answers "$p" 2>&1)
	[ -n "$want" ] && [ "$got" = "$want" ]; tap_ok "list, search and show read [$p] like the plain path" $? "$got"
done
got=$(cd "$TMPD" && answers fx.db 2>&1)
[ "$got" = "$want" ]; tap_ok "a relative --db path is read like the absolute one" $? "$got"
cp "$DB" "$TMPD/file:fx.db"
got=$(cd "$TMPD" && answers "file:fx.db" 2>&1)
[ "$got" = "$want" ]; tap_ok "a file named file:… is a file name, not a URI" $? "$got"
[ "$(cksum < "$DB")" = "$sum0" ] && ! ls "$DB"-* >/dev/null 2>&1
tap_ok "reading leaves the database unchanged and creates no journal or WAL file beside it" $? "$(ls "$TMPD")"
if [ -n "${PYTHON3:-}" ]; then
	mkdir "$TMPD/wal"
	cp "$DB" "$TMPD/wal/fx.db"
	sql "$TMPD/wal/fx.db" "PRAGMA journal_mode=WAL;"
	got=$(answers "$TMPD/wal/fx.db" 2>&1)
	[ "$got" = "$want" ] && [ "$(ls "$TMPD/wal")" = fx.db ]
	tap_ok "a copy switched to WAL mode is read alike, with no -wal or -shm file made beside it" $? "$(ls "$TMPD/wal") $got"
fi

# A server that has the database open keeps answering when `pwaf index` replaces the file: the
# index is written beside it and renamed over it, so the open file is never changed in place.
if [ -n "${PYTHON3:-}" ]; then
	cp -R "$FIX" "$TMPD/fix2"
	sed 's/^title: .*/title: "Renamed while served"/' "$FIX/oauth-m2m.md" > "$TMPD/fix2/oauth-m2m.md"
	cp "$DB" "$TMPD/live.db"
	res=$("$PYTHON3" - "$PWAF" "$TMPD/live.db" "$TMPD/fix2" <<'PY' 2>&1
import json, subprocess, sys
pwaf, db, fix = sys.argv[1:4]
p = subprocess.Popen([pwaf, "mcp", "--db", db], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
def ask(i, method, params):
    p.stdin.write(json.dumps({"jsonrpc": "2.0", "id": i, "method": method, "params": params}) + "\n")
    p.stdin.flush()
    while True:
        m = json.loads(p.stdout.readline())
        if m.get("id") == i:
            return m
ask(1, "initialize", {"protocolVersion": "2025-11-25", "capabilities": {}, "clientInfo": {"name": "sh", "version": "1"}})
p.stdin.write('{"jsonrpc":"2.0","method":"notifications/initialized"}\n')
search = {"name": "search", "arguments": {"query": "oauth"}}
before = json.dumps(ask(2, "tools/call", search)["result"])
rc = subprocess.run([pwaf, "index", fix, "--output", db, "--quiet"]).returncode
after = ask(3, "tools/call", search)
fresh = subprocess.run([pwaf, "search", "--db", db, "--format", "json", "oauth"], capture_output=True, text=True).stdout
p.stdin.close()
p.wait(10)
ok = (rc == 0 and "error" not in after and not after["result"].get("isError")
      and json.dumps(after["result"]) == before and "Renamed while served" not in before
      and "Renamed while served" in fresh)
print("yes" if ok else "no: rc=%s before=%s after=%s fresh=%s" % (rc, before[:300], json.dumps(after)[:300], fresh[:300]))
PY
)
	[ "$res" = yes ]; tap_ok "a server keeps answering from the file it opened while pwaf index replaces it" $? "$res"
else
	tap_skip "a server keeps answering while pwaf index replaces its database" "no python3"
fi

# render
printf '# Title\n\nSome *text* with a [link](https://example.com).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n' > "$TMPD/doc.md"
run "$PWAF" render "$TMPD/doc.md" --width 40
expect "render prints a Markdown file" 0 "^Title"
expect "render draws tables with box lines" 0 "┌"
expect "render lists links at the end" 0 "\[1\] https://example.com"
run sh -c "printf '# From stdin\n' | \"$PWAF\" render -"
expect "render reads standard input" 0 "From stdin"
run "$PWAF" render "$FIX/cost.md"
printf '%s' "$OUT" | grep -q "^id: cost"; [ $? -ne 0 ]; tap_ok "render skips a content file's front matter" $? "$OUT"
printf '# Evil\n\nname \033]0;pwned\007 and \342\200\256reversed\n' > "$TMPD/evil.md"
run "$PWAF" render "$TMPD/evil.md"
printf '%s' "$OUT" | grep -q "$(printf '\033')"; a=$?
printf '%s' "$OUT" | grep -q "$(printf '\342\200\256')"; b=$?
[ $a -ne 0 ] && [ $b -ne 0 ]; tap_ok "render strips escape sequences and bidi overrides" $? "$OUT"
run "$PWAF" render "$TMPD/missing.md"
expect "render of a missing file is a clear error" 2 "missing.md: No such file"
printf 'ELF\000\001\002binary' > "$TMPD/prog.bin"
run "$PWAF" render "$TMPD/prog.bin"
expect "render of a binary file says it is not text (exit 2)" 2 "prog.bin: not a text file \(NUL byte at offset 3\)"
[ -z "$OUT" ]; tap_ok "and prints nothing of it" $? "$OUT"

# index errors
run "$PWAF" index "$FIX"
expect "index without --output is a usage error" 2 "--output FILE is required"
run "$PWAF" index /nonexistent --output "$TMPD/x.db"
expect "index of a missing directory" 2 "cannot open content directory"

# Output to a device is written to it, never replaced by a regular file.
export XDG_DATA_HOME="$TMPD/data"
if [ -c /dev/null ]; then
	run "$PWAF" check --demo --format json --output /dev/null
	[ -c /dev/null ]; tap_ok "check --output /dev/null leaves /dev/null a device" $? "rc=$RC $ERR"
	run "$PWAF" export --db "$DB" --format csv --output /dev/null
	[ -c /dev/null ]; tap_ok "export --output /dev/null leaves /dev/null a device" $? "rc=$RC $ERR"
	run "$PWAF" index "$FIX" --output /dev/null
	st=1; [ "$RC" -eq 2 ] && [ -c /dev/null ] && printf '%s' "$ERR" | grep -q "not a regular file" && st=0
	tap_ok "index refuses to replace /dev/null with a database" $st "rc=$RC $ERR"
fi

tap_done
