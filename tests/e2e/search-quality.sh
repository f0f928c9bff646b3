#!/bin/sh
# search-quality.sh - plain questions find the right page in the top three results of the bundled content.
# Each question is a test line; a miss is reported as TODO, and the suite fails below a 95% hit rate.
. "$SRCDIR/tests/lib/tap.sh"

total=0
hits=0
for f in "$SRCDIR"/tests/search/*.tsv; do
	[ -e "$f" ] || continue
	while IFS='	' read -r question expected; do
		case "$question" in ''|'#'*) continue ;; esac
		total=$((total + 1))
		top=$("$PWAF" search --limit 3 --format json "$question" 2>/dev/null |
			"$PYTHON3" -c 'import json,sys; print(" ".join(o["id"] for o in json.load(sys.stdin)))' 2>/dev/null)
		TAP_N=$((TAP_N + 1))
		case " $top " in
		*" $expected "*) hits=$((hits + 1)); echo "ok $TAP_N - [$expected] $question" ;;
		*) echo "not ok $TAP_N - [$expected] $question # TODO ranked: $top" ;;
		esac
	done < "$f"
done

[ "$total" -ge 30 ]
tap_ok "at least 30 questions are defined ($total)" $?
pct=$(( total ? hits * 100 / total : 0 ))
[ "$pct" -ge 95 ]
tap_ok "at least 95% of questions find their page in the top 3 ($hits of $total, $pct%)" $?
tap_done
