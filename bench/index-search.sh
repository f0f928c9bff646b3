#!/bin/sh
# index-search.sh - replicate content/ to 20,000 pages, then print side by side: index time and
# peak memory, and search latency (p50/p99) and peak memory for pwaf searching the database in
# place, the sqlite3 shell running the same FTS5 query on the same file, and grep.
# usage: bench/index-search.sh [PAGES]   (run from the build tree after make; env RUNS, COLD_RUNS, REUSE=1)
set -eu
PAGES=${1:-20000}
TOP=$(cd "$(dirname "$0")/.." && pwd)
PWAF=${PWAF:-$TOP/src/pwaf}
OUT=${OUT:-$TOP/bench/out}
RUNS=${RUNS:-5}
mkdir -p "$OUT"
# REUSE=1 keeps the database and content of an earlier run and measures search only.
if [ "${REUSE:-0}" != 1 ] || [ ! -s "$OUT/big.db" ]; then
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
fi

# Search: pwaf opens --db FILE in place; the sqlite3 shell runs pwaf's FTS5 query on the same file.
# Warm: the file is in the OS page cache. Cold: its pages are dropped before every process.
RAW="SELECT d.id, d.title, bm25(fts, 0.0, 10.0, 8.0, 4.0, 1.0) AS r, snippet(fts, -1, '[', ']', '…', 14) FROM fts JOIN docs d ON d.rowid = fts.rowid WHERE fts MATCH '{q}' ORDER BY r LIMIT 10;"
LAT="$TOP/bench/search_latency.py"
echo "== search $(($(wc -c < "$OUT/big.db") / 1048576)) MB in place, 12 queries x $RUNS runs, one process per query"
printf '%-40s %8s %8s %10s\n' "warm cache" "p50 ms" "p99 ms" "peak RSS"
python3 "$LAT" "$RUNS" --- "$PWAF" search --db "$OUT/big.db" --format json "{q}" --- sqlite3 "$OUT/big.db" "$RAW" \
	--- grep -ril -- "{q}" "$OUT/content" > "$OUT/warm.txt"
{ read P50 P99 PM; read S50 S99 SM; read G50 G99 GM; } < "$OUT/warm.txt"
printf '%-40s %8s %8s %7s MB\n' "pwaf search --db (ranked, snippets)" "$P50" "$P99" "$PM" \
	"sqlite3 shell, same FTS5 query" "$S50" "$S99" "$SM" "grep -ril over the files" "$G50" "$G99" "$GM"
python3 -c "print('pwaf / sqlite3 = %.2fx (target <= 1.2x);  grep / pwaf = %.1fx (target >= 5x);  pwaf peak %s MB (target < 30 MB)' % ($P50/$S50, $G50/$P50, '$PM'))"
COLD_RUNS=${COLD_RUNS:-2}
printf '%-40s %8s %8s %10s\n' "cold cache ($COLD_RUNS runs)" "p50 ms" "p99 ms" "peak RSS"
if python3 "$LAT" "$COLD_RUNS" --cold "$OUT/big.db" --- "$PWAF" search --db "$OUT/big.db" --format json "{q}" \
	--- sqlite3 "$OUT/big.db" "$RAW" > "$OUT/cold.txt" 2>/dev/null; then
	{ read P50 P99 PM; read S50 S99 SM; } < "$OUT/cold.txt"
	printf '%-40s %8s %8s %7s MB\n' "pwaf search --db" "$P50" "$P99" "$PM" "sqlite3 shell, same FTS5 query" "$S50" "$S99" "$SM"
	python3 -c "print('pwaf / sqlite3 = %.2fx cold' % ($P50/$S50))"
else
	echo "(cannot drop the file from the page cache here: no cold figures)"
fi
