#!/usr/bin/env python3
"""replicate.py SRC DST N - copy a content tree until it holds at least N documents (whole copies,
so every link resolves), renaming ids per copy.

Copy k of a file X.md becomes DST/copy-k/X-ck.md with id X-ck; its page and internal links are
renamed the same way, so the replicated tree indexes without errors."""
import os, re, sys

def main():
    src, dst, want = sys.argv[1], sys.argv[2], int(sys.argv[3])
    files = sorted(f for f in os.listdir(src) if f.endswith(".md"))
    ids = {f[:-3] for f in files}
    texts = {f: open(os.path.join(src, f), encoding="utf-8").read() for f in files}
    link = re.compile(r"\]\(([A-Za-z0-9_-]+)(#[^)]*)?\)")
    made, k = 0, 0
    while made < want:
        d = os.path.join(dst, "copy-%d" % k)
        os.makedirs(d, exist_ok=True)
        suffix = "-c%d" % k
        for f in files:
            t = texts[f]
            t = re.sub(r"(?m)^id: (.+)$", lambda m: "id: " + m.group(1).strip() + suffix, t, count=1)
            t = re.sub(r"(?m)^page: (.+)$", lambda m: "page: " + m.group(1).strip() + suffix, t, count=1)
            t = link.sub(lambda m: "](" + (m.group(1) + suffix if m.group(1) in ids else m.group(1))
                         + (m.group(2) or "") + ")", t)
            with open(os.path.join(d, f[:-3] + suffix + ".md"), "w", encoding="utf-8") as out:
                out.write(t)
            made += 1
        k += 1
    print("%d documents in %d copies" % (made, k), file=sys.stderr)

main()
