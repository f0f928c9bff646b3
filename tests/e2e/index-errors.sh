#!/bin/sh
# index-errors.sh - a broken content file is reported with its file and line, and nothing is written.
. "$SRCDIR/tests/lib/tap.sh"

FIX="$SRCDIR/tests/fixtures/content"

# Each case: a file name, the broken text, and the message that must appear with file:line.
check_case() {   # NAME FILE LINE PATTERN
	name=$1 file=$2 line=$3 pat=$4
	run "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
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

fresh
run "$PWAF" index "$TMPD/c" --output "$TMPD/out.db"
expect "a fixed tree indexes again" 0 "2 pages, 2 items"

tap_done
