#!/usr/bin/env python3
"""docs_check.py - compare what the documentation says about keys and commands with the program.

Used by tests/e2e/docs.sh:
  docs_check.py keys HELP_CAPTURE SRCDIR   every key the docs name is bound, to an action that does what they say
  docs_check.py commands SRCDIR            print "SUBCOMMAND OPTION" for every option of the documented commands
Prints one line per problem (keys) and exits 1 when there is any.
"""
import re
import sys

STOP = {"the", "and", "this", "its", "with", "for", "from", "you", "your", "then", "one", "every", "each",
        "all", "any", "what", "are", "that", "into", "out", "how", "not", "but", "being", "read"}
NAMED = {"Tab", "Enter", "Backspace", "Space", "PgUp", "PgDn", "Esc", "Home", "End", "Delete", "Up", "Down",
         "Left", "Right", "F1"}


def words(text):
    text = re.sub(r"\([^)]*\)", " ", text)          # side notes in brackets are not the claim
    out = set()
    for w in re.findall(r"[a-z]+", text.lower()):
        if len(w) < 3 or w in STOP:
            continue
        if len(w) > 3 and w.endswith("s") and not w.endswith("ss"):
            w = w[:-1]
        out.add(w)
    return out


def parse_help(path):
    """{key: [(mode title, action name, help text)]} from a capture of the help screen (wide layout)."""
    binds = {}
    mode = None
    for line in open(path, encoding="utf-8", errors="replace"):
        line = line.rstrip("\n")
        if line.startswith("  In "):
            mode = line.strip()
            continue
        if not line.startswith("    ") or mode is None:
            continue
        keys, name, text = line[4:26].strip(), line[27:43].strip(), line[44:].strip()
        if not keys or not name:
            continue
        for k in keys.split(", "):
            entry = (mode, name, text)
            if entry not in binds.setdefault(k.strip(), []):
                binds[k.strip()].append(entry)
    return binds


def norm_key(k):
    k = k.strip().strip("`").replace("\\-", "-")
    m = re.fullmatch(r"Ctrl-([A-Za-z])", k)
    if m:
        return ["C-" + m.group(1).lower()]
    if k == "arrows":
        return ["Up", "Down"]
    return [k] if k else []


def md_key_rows(path, section):
    """(keys, description, where) of each row of the first table under the heading `section`."""
    lines = open(path, encoding="utf-8").read().split("\n")
    rows, inside, seen_table = [], False, False
    for n, line in enumerate(lines, 1):
        if line.startswith("#"):
            if inside and seen_table:
                break
            inside = line.lstrip("#").strip() == section
            continue
        if not inside:
            continue
        if line.startswith("|"):
            seen_table = True
            cells = [c.strip() for c in re.split(r"(?<!\\)\|", line)[1:-1]]
            if len(cells) < 2 or set(cells[0]) <= set("-: ") or cells[0] in ("key", "keys"):
                continue
            keys = []
            for tok in re.findall(r"`([^`]+)`|(Ctrl-[A-Za-z])|\b(arrows|Tab|Enter|Backspace|Space|PgUp|PgDn|Esc|Home|End)\b", cells[0]):
                for t in tok:
                    if t:
                        keys += norm_key(t)
            rows.append((keys, cells[1], "%s:%d" % (path, n)))
        elif seen_table:
            break
    return rows


def man_key_rows(path):
    """(keys, first sentence, where) of each .TP entry of THE EXPLORER in a man page."""
    lines = open(path, encoding="utf-8").read().split("\n")
    rows, inside = [], False
    for i, line in enumerate(lines):
        if line.startswith(".SH"):
            inside = line.strip() == ".SH THE EXPLORER"
            continue
        if inside and line == ".TP" and i + 1 < len(lines):
            tag = re.sub(r"^\.(B|BR|RB|I)\s+", "", lines[i + 1]).replace('"', "")
            keys = []
            for k in tag.split(","):
                keys += norm_key(k)
            body = []
            for nxt in lines[i + 2:]:
                if nxt.startswith(".TP") or nxt.startswith(".SH"):
                    break
                body.append(re.sub(r"^\.(B|BR|RB|I|IR|BI)\s+", "", nxt).replace('"', ""))
            text = " ".join(body).replace("\\-", "-")
            first = re.split(r"\.(\s|$)", re.sub(r"\([^)]*\)", " ", text), maxsplit=1)[0]
            rows.append((keys, first, "%s:%d" % (path, i + 2)))
    return rows


def check_keys(capture, srcdir):
    binds = parse_help(capture)
    problems = []
    if len(binds) < 20:
        problems.append("the help capture has only %d keys: %s" % (len(binds), sorted(binds)))
    rows = md_key_rows(srcdir + "/README.md", "The explorer") + md_key_rows(srcdir + "/content/using-pwaf.md", "The explorer") \
        + man_key_rows(srcdir + "/man/pwaf.1")
    if len(rows) < 25:
        problems.append("found only %d documented key rows (README, Using pwaf, pwaf(1))" % len(rows))
    for keys, desc, where in rows:
        want = words(desc)
        for k in keys:
            if k not in binds:
                problems.append("%s: key %r is not bound in any mode (help lists: %s)" % (where, k, ", ".join(sorted(binds))))
                continue
            if not any(words(text) & want for _, _, text in binds[k]):
                problems.append("%s: key %r is documented as %r but does %s" % (
                    where, k, desc, "; ".join("%s in %s" % (text, mode) for mode, _, text in binds[k])))
    # The checklist keys listed in README's `c` row exist in the checklist.
    readme = open(srcdir + "/README.md", encoding="utf-8").read()
    m = re.search(r"^\| `c` \| (.*)$", readme, re.M)
    if not m:
        problems.append("README.md: no `c` row in the explorer's table")
    else:
        for k in re.findall(r"`([^`]+)`", m.group(1)):
            if len(k) == 1 and not any(mode.startswith("In the checklist") for mode, _, _ in binds.get(k, [])):
                problems.append("README.md: checklist key %r is not bound in the checklist" % k)
    for p in problems:
        print(p)
    return 1 if problems else 0


def commands(srcdir):
    """Each documented command line as 'SUB OPT' pairs (SUB '-' for the explorer)."""
    out = []
    text = open(srcdir + "/README.md", encoding="utf-8").read()
    block = re.search(r"## Commands\n\n```\n(.*?)\n```", text, re.S)
    lines = block.group(1).split("\n") if block else []
    using = open(srcdir + "/content/using-pwaf.md", encoding="utf-8").read()
    for row in re.findall(r"^\| `(pwaf [^`]*)` \|", using, re.M):
        lines.append(row.replace("\\|", "|"))
    sub = None
    for line in lines:
        if line.startswith("pwaf"):
            w = line.split()
            sub = w[1] if len(w) > 1 and re.fullmatch(r"[a-z][a-z-]*", w[1]) else "-"
            out.append("%s -" % sub)
        elif not line.startswith(" ") or sub is None:
            continue
        elif re.match(r"\s+[a-z]", line):   # a description column, not options
            continue
        for opt in re.findall(r"(?<![\w-])--[a-z][a-z-]*", re.split(r"\s{6,}", line.strip())[0]):
            out.append("%s %s" % (sub, opt))
    for pair in dict.fromkeys(out):
        print(pair)
    return 0 if out else 1


if __name__ == "__main__":
    if sys.argv[1] == "keys":
        sys.exit(check_keys(sys.argv[2], sys.argv[3]))
    if sys.argv[1] == "commands":
        sys.exit(commands(sys.argv[2]))
    sys.exit(2)
