#!/usr/bin/env python3
"""generate.py - build examples.dat from the GFM spec shipped by Debian's cmark-gfm.

Each record is "@@ <number> <md bytes> <plain bytes>\\n" followed by the example's Markdown and
cmark-gfm's own plain-text rendering of it (the reference for "no text lost" in test_md.c).
The spec text is (c) John MacFarlane, CC-BY-SA 4.0. Usage:
    tests/golden/gfm-spec/generate.py [/usr/share/doc/cmark-gfm/spec.txt.gz] > examples.dat
"""
import gzip
import subprocess
import sys

FENCE = "`" * 32
path = sys.argv[1] if len(sys.argv) > 1 else "/usr/share/doc/cmark-gfm/spec.txt.gz"
opener = gzip.open if path.endswith(".gz") else open
with opener(path, "rt", encoding="utf-8") as f:
    lines = f.read().split("\n")

examples, i = [], 0
while i < len(lines):
    if lines[i].startswith(FENCE + " example"):
        i += 1
        md = []
        while lines[i] != ".":
            md.append(lines[i])
            i += 1
        while lines[i] != FENCE:
            i += 1
        examples.append("\n".join(md).replace("\u2192", "\t") + ("\n" if md else ""))
    i += 1

out = sys.stdout.buffer
for n, md in enumerate(examples, 1):
    mdb = md.encode("utf-8")
    plain = subprocess.run(["cmark-gfm", "-t", "plaintext", "-e", "table", "-e", "strikethrough",
                            "-e", "autolink", "-e", "tasklist"], input=mdb, capture_output=True,
                           check=True).stdout
    out.write(b"@@ %d %d %d\n" % (n, len(mdb), len(plain)) + mdb + plain)
