#!/bin/sh
# run.sh - build the libFuzzer targets with clang (ASan + UBSan) and run each for SECONDS (default 60).
# usage: fuzz/run.sh [SECONDS]     (needs clang and Debian's libclang-rt-14-dev)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
secs=${1:-60}
out=${TMPDIR:-/tmp}/pwaf-fuzz
mkdir -p "$out"
CFLAGS="-g -O1 -fsanitize=fuzzer,address,undefined -D_GNU_SOURCE -I$top/src/core -I$top/src/md"
CORE="$top/src/core/frontmatter.c $top/src/core/mdscan.c $top/src/core/diag.c $top/src/core/buf.c
	$top/src/core/vocab.c $top/src/core/slug.c $top/src/core/sanitize.c $top/src/core/search.c
	$top/src/core/contentdb.c $top/src/core/indexer.c $top/src/core/probes.c $top/src/core/atomicfile.c"
LIBS="$(pkg-config --libs md4c yaml-0.1 sqlite3 libcjson)"
clang $CFLAGS -o "$out/fuzz_content" "$top/fuzz/fuzz_content.c" $CORE $top/src/md/*.c $LIBS
clang $CFLAGS -o "$out/fuzz_search" "$top/fuzz/fuzz_search.c" $CORE $LIBS
for t in content search; do
	mkdir -p "$out/corpus-$t"
	[ "$t" = content ] && cp "$top"/content/*.md "$top"/tests/golden/md/*.md "$out/corpus-$t/" 2>/dev/null || true
	echo "== fuzz_$t for ${secs}s"
	"$out/fuzz_$t" -max_total_time="$secs" -max_len=65536 -timeout=10 "$out/corpus-$t" 2>&1 | tail -3
done
