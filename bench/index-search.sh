#!/bin/sh
# index-search.sh - replicate content/ to 20,000 pages, then print side by side: index time and
# peak memory, and search latency (p50/p99) for pwaf, the sqlite3 CLI on the same index, and grep.
# usage: bench/index-search.sh [PAGES]   (run from the build tree after make)
set -eu
PAGES=${1:-20000}
TOP=$(cd "$(dirname "$0")/.." && pwd)
PWAF=${PWAF:-$TOP/src/pwaf}
OUT=${OUT:-$TOP/bench/out}
RUNS=${RUNS:-5}
mkdir -p "$OUT"
rm -rf "$OUT/content" "$OUT/big.db"
python3 "$TOP/bench/replicate.py" "$TOP/content" "$OUT/content" "$PAGES"

echo "== indexing $PAGES pages"
/usr/bin/time -f "%e %M" -o "$OUT/time.txt" "$PWAF" index "$OUT/content" --output "$OUT/big.db"
read secs kb < "$OUT/time.txt"
printf '%-28s %8s s   peak RSS %6d MB   (target < 4 s, flat memory)\n' "pwaf index" "$secs" $((kb / 1024))
for n in 2000 $PAGES; do
	rm -rf "$OUT/c$n"; python3 "$TOP/bench/replicate.py" "$TOP/content" "$OUT/c$n" "$n" 2>/dev/null
	/usr/bin/time -f "%e %M" -o "$OUT/t$n.txt" "$PWAF" index "$OUT/c$n" --output "$OUT/c$n.db" --quiet
	read s k < "$OUT/t$n.txt"
	printf '%-28s %8s s   peak RSS %6d MB\n' "  memory at $n pages" "$s" $((k / 1024))
	rm -rf "$OUT/c$n" "$OUT/c$n.db"
done

echo "== search latency over 12 queries x $RUNS runs, one process per query (ms)"
RAW="SELECT d.id, d.title, bm25(fts, 0.0, 10.0, 8.0, 4.0, 1.0) AS r, snippet(fts, -1, '[', ']', '…', 14) FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH '{q}' ORDER BY r LIMIT 10;"
printf '%-40s %8s %8s\n' "" p50 p99
set -- $(python3 "$TOP/bench/search_latency.py" "$RUNS" -- "$PWAF" search --db "$OUT/big.db" --format json "{q}")
printf '%-40s %8s %8s\n' "pwaf search (ranked, snippets)" "$1" "$2"; P50=$1
set -- $(python3 "$TOP/bench/search_latency.py" "$RUNS" -- sqlite3 "$OUT/big.db" "$RAW")
printf '%-40s %8s %8s\n' "sqlite3 CLI, same FTS5 query" "$1" "$2"; S50=$1
set -- $(python3 "$TOP/bench/search_latency.py" "$RUNS" -- grep -ril -- "{q}" "$OUT/content")
printf '%-40s %8s %8s\n' "grep -ril over the files" "$1" "$2"; G50=$1
python3 -c "print('pwaf / sqlite3 = %.2fx (target <= 1.2x);  grep / pwaf = %.1fx (target >= 5x)' % ($P50/$S50, $G50/$P50))"
