#!/bin/sh
# index-errors.sh - a broken content file is reported with its file and line, and nothing is written.
. "$SRCDIR/tests/lib/tap.sh"

FIX="$SRCDIR/tests/fixtures/content"

# Each case: a file name, the broken text, and the message that must appear with file:line.
check_case() {   # NAME FILE LINE PATTERN
	name=$1 file=$2 line=$3 pat=$4
	run timeout 20 "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
	st=0
	[ "$RC" -eq 2 ] || st=1
	printf '%s\n' "$ERR" | grep -Eq -- "c/$file:$line: error: $pat" || st=1
	[ ! -e "$TMPD/out.db" ] || st=1
	ls "$TMPD" | grep -q 'out.db.tmp' && st=1
	tap_ok "$name" $st "rc=$RC
$ERR"
}

fresh() { rm -rf "$TMPD/c" "$TMPD/out.db"; cp -r "$FIX" "$TMPD/c"; }

fresh
sed -i 's/^pillar: technical-standards/pillar: security/' "$TMPD/c/FX-PAT-01.md"
check_case "unknown pillar: file and line" FX-PAT-01.md 6 "unknown pillar 'security'"

fresh
sed -i 's/^partners: \[built-on\]/partners: [built-on, resellers]/' "$TMPD/c/FX-TAG-01.md"
check_case "unknown partner type: file and line" FX-TAG-01.md 5 "unknown partner type 'resellers'"

fresh
sed -i 's/^level: required/level: must/' "$TMPD/c/FX-TAG-01.md"
check_case "unknown level: file and line" FX-TAG-01.md 7 "unknown level 'must'"

fresh
sed -i '/^page: cost/d' "$TMPD/c/FX-TAG-01.md"
check_case "missing field: file and the closing line" FX-TAG-01.md 9 "missing field 'page'"

fresh
sed -i 's/^page: cost/page: costs/' "$TMPD/c/FX-TAG-01.md"
check_case "item whose page does not exist" FX-TAG-01.md 11 "item page 'costs' does not exist"

fresh
sed -i 's/\[FX-TAG-01\](FX-TAG-01)/[FX-TAG-01](FX-TAG-99)/' "$TMPD/c/cost.md"
check_case "broken internal link: file and the link's line" cost.md 13 "broken link: no page or item has id 'FX-TAG-99'"

fresh
mkdir -p "$TMPD/c/sub" && cp "$TMPD/c/cost.md" "$TMPD/c/sub/cost.md"
check_case "duplicate id" sub/cost.md 2 "duplicate id 'cost'"

fresh
sed -i 's/^title: Cost attribution/title: [Cost/' "$TMPD/c/cost.md"
run "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
printf '%s\n' "$ERR" | grep -Eq "c/cost.md:[0-9]+: error: malformed front matter"
tap_ok "malformed YAML is reported with a line" $? "$ERR"

fresh
sed -i 's/count(\*) = 0/count(*) = = 0/' "$TMPD/c/FX-PAT-01.md"
check_case "check SQL that does not compile" FX-PAT-01.md 17 "check SQL does not compile"

fresh
printf 'hello\n' > "$TMPD/c/loose.md"
check_case "a file with no front matter" loose.md 1 "no front matter"

# --- files that are not content: each case under a timeout, so a regression cannot hang the suite.
# (A FIFO named x.md hung, a link to /dev/zero read without end, two links to '.' recursed forever.)
T=20
whole_file_case() {   # NAME FILE PATTERN: an error about the whole file (file: error: ...), exit 2, fast
	name=$1 file=$2 pat=$3
	run timeout $T "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
	st=0
	[ "$RC" -eq 2 ] || st=1
	printf '%s\n' "$ERR" | grep -Eq -- "c/$file: error: $pat" || st=1
	[ ! -e "$TMPD/out.db" ] || st=1
	tap_ok "$name" $st "rc=$RC (124: timed out after ${T}s)
$ERR"
}

fresh
mkfifo "$TMPD/c/x.md"
whole_file_case "a FIFO named x.md is refused without waiting for a writer" x.md "not a regular file \(a FIFO\)"

fresh
ln -s /dev/zero "$TMPD/c/zero.md"
whole_file_case "a link to /dev/zero is refused, not read" zero.md "not a regular file \(a character device\)"

fresh
truncate -s 1G "$TMPD/c/sparse.md"
whole_file_case "a 1 GB sparse file is refused by its size, not read" sparse.md "too large: 1073741824 bytes \\(at most 4 MB\\)"

fresh
{ printf -- '---\nid: cost\n---\n# Cost\n'; head -c 4200000 /dev/zero | tr '\0' 'a'; } > "$TMPD/c/cost.md"
whole_file_case "a 4.2 MB content file is too large" cost.md "too large: 42000[0-9]+ bytes"

fresh
ln -s . "$TMPD/c/loop1"
ln -s . "$TMPD/c/loop2"
mkdir "$TMPD/c/sub"
ln -s .. "$TMPD/c/sub/up"
run timeout $T "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
expect "symbolic links back to the tree are walked once: no endless recursion, no duplicates" 0 "2 pages, 2 items"

fresh
ln -s "$TMPD/nowhere.md" "$TMPD/c/dangling.md"
whole_file_case "a dangling link is reported" dangling.md "cannot read: No such file"

fresh
{ printf -- '---\nid: cost\nkind: page\ntitle: '; head -c 100000 /dev/zero | tr '\0' '['; printf '\n---\n# Cost\n'; } > "$TMPD/c/cost.md"
run timeout $T "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
printf '%s\n' "$ERR" | grep -Eq "c/cost.md:1: error: front matter is too large: 1000[0-9]+ bytes \(at most 64 KB\)"
tap_ok "front matter over 64 KB is refused before the YAML parser sees it" $? "rc=$RC
$ERR"

fresh
{ printf -- '---\nid: cost\nkind: page\ntitle: '; head -c 60000 /dev/zero | tr '\0' '['; printf '\n---\n# Cost\n'; } > "$TMPD/c/cost.md"
check_case "60,000 '[' (quadratic in libyaml) are refused by depth, fast" cost.md 4 "front matter nests deeper than 16 levels"

fresh
sed -i 's/^title: Cost attribution/title: "[[[[[[[[[[[[[[[[[[[[ in quotes is text"/' "$TMPD/c/cost.md"
run timeout $T "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
expect "brackets inside a quoted title are text, not nesting" 0 "2 pages, 2 items"

fresh
run "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
expect "a fixed tree indexes again" 0 "2 pages, 2 items"

tap_done
