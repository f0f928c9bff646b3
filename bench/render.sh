#!/bin/sh
# render.sh - benchmark the Markdown renderer against lowdown -tterm and cmark-gfm on a big document.
# Usage: bench/render.sh [REPEAT]   (run from the source tree; needs gcc, md4c, lowdown, cmark-gfm)
set -eu
top=$(cd "$(dirname "$0")/.." && pwd)
work=${TMPDIR:-/tmp}/pwaf-bench.$$
mkdir -p "$work"
trap 'rm -rf "$work"' EXIT
repeat=${1:-20}

spec=/usr/share/doc/cmark-gfm/spec.txt.gz
doc=$work/big.md
i=0
while [ "$i" -lt "$repeat" ]; do
	cat "$top"/tests/golden/md/*.md
	if [ -r "$spec" ]; then gzip -dc "$spec"; fi
	i=$((i + 1))
done > "$doc"

gcc -std=c11 -D_GNU_SOURCE -O2 -I"$top/src" "$top"/src/md/*.c \
	"$top/src/core/sanitize.c" "$top/bench/md_bench.c" $(pkg-config --cflags --libs md4c) \
	-o "$work/md_bench"

# Wall-clock seconds of one run of "$@", output to /dev/null.
run_once() {
	s=$(date +%s.%N)
	"$@" > /dev/null
	e=$(date +%s.%N)
	echo "$s $e" | awk '{ printf "%.4f\n", $2 - $1 }'
}

# Median of 5 runs.
median5() {
	for k in 1 2 3 4 5; do run_once "$@"; done | sort -n | sed -n 3p
}

have() { command -v "$1" > /dev/null 2>&1; }

ours=$(median5 "$work/md_bench" "$doc" 80 1)
low=-; cmk=-
if have lowdown; then low=$(median5 lowdown -tterm "$doc"); fi
if have cmark-gfm; then cmk=$(median5 cmark-gfm -e table -e strikethrough -e autolink -e tasklist -t plaintext "$doc"); fi

size=$(wc -c < "$doc")
printf 'document: %s bytes (%s copies of tests/golden/md/*.md + the GFM spec), median of 5 runs\n\n' "$size" "$repeat"
printf '%-36s %10s %12s\n' renderer seconds "vs lowdown"
ratio() { if [ "$low" = - ] || [ "$1" = - ]; then echo -; else echo "$1 $low" | awk '{ printf "%.3fx", $1 / $2 }'; fi; }
printf '%-36s %10s %12s\n' "pwaf md_render+md_print (ANSI, 80)" "$ours" "$(ratio "$ours")"
printf '%-36s %10s %12s\n' "lowdown -tterm" "$low" "$(ratio "$low")"
printf '%-36s %10s %12s\n' "cmark-gfm -t plaintext" "$cmk" "$(ratio "$cmk")"
