#!/usr/bin/env python3
"""sdk-fields.py SDK_GIT_DIR > tests/sdk/fields.tsv - the JSON fields of every probe's response object,
read from databricks-sdk-go's service/*/model.go (a git dir, e.g. a bare clone).

For each probe of src/core/probes.c (its .sdk names "service/<svc>/model.go <Struct>") it walks the
struct's `json:"..."` tags recursively and prints one line per field path: probe, path ("a.b",
"a[].b" inside lists, "a{}" for a map), Go type, whether the field is omitempty (a zero value is
left out of answers), and the enum values of its type when the SDK declares them. The unit tests
read the file (tests/unit/test_probes_sdk.c); the probe table's declared fields, the checks' JSON
paths and the demo workspace must all stay within it.
"""
import re
import subprocess
import sys

HERE_PROBES = "src/core/probes.c"


def model(git, path, cache={}):
    if path not in cache:
        src = subprocess.run(["git", "-C", git, "show", "HEAD:" + path], check=True, capture_output=True,
                             text=True).stdout
        structs, enums = {}, {}
        for m in re.finditer(r"^type (\w+) struct \{\n(.*?)^\}", src, re.S | re.M):
            fields = []
            for line in m.group(2).splitlines():
                f = re.match(r'\s+\w+\s+(\S+)\s+`json:"([^",]*)(,omitempty)?"', line)
                if f and f.group(2) != "-":
                    fields.append((f.group(2), f.group(1), bool(f.group(3))))
            structs[m.group(1)] = fields
        for m in re.finditer(r"^const \w+ (\w+) = `([^`]*)`", src, re.M):
            enums.setdefault(m.group(1), []).append(m.group(2))
        cache[path] = (structs, enums)
    return cache[path]


def walk(structs, enums, name, prefix, out, seen):
    for field, gotype, omit in structs.get(name, []):
        base = gotype.lstrip("*[]")
        is_list = gotype.lstrip("*").startswith("[]")
        is_map = base.startswith("map[")
        path = prefix + field + ("[]" if is_list else "{}" if is_map else "")
        ev = enums.get(base.split(".")[-1], []) if "." not in base else []
        out.append((path, gotype, "omitempty" if omit else "always", "|".join(sorted(ev))))
        if base in structs and base not in seen and len(seen) < 6:
            walk(structs, enums, base, path + ".", out, seen | {base})


def main():
    git = sys.argv[1]
    src = open(HERE_PROBES).read()
    table = src[src.index("static const struct probe_def defs[]"):]
    probes = []
    for block in re.split(r"\n\t\{ \.name = ", table)[1:]:  # one entry of the table each
        m = re.match(r'"([^"]+)"', block)
        if not m:
            continue
        name = m.group(1)
        sdk = re.search(r'\.sdk = "([^"]+)"', block.split("\n\t{")[0])
        if sdk:  # system-table probes (PROBE_SQL) have no SDK model: their columns are the statement's
            probes.append((name, sdk.group(1)))
    ver = subprocess.run(["git", "-C", git, "log", "-1", "--format=%s"], capture_output=True, text=True).stdout.strip()
    print("# JSON fields of each probe's object, from databricks-sdk-go (%s), by tools/sdk-fields.py" % ver)
    print("# probe\tpath\tgo_type\tpresence\tenum")
    for probe, sdk in probes:
        file, struct = sdk.split()
        structs, enums = model(git, file)
        if struct not in structs:
            if struct == "WorkspaceConf":  # map[string]string of the keys asked for
                print("%s\t*\tstring\tomitempty\t" % probe)
                continue
            sys.exit("%s: no struct %s in %s" % (probe, struct, file))
        out = []
        walk(structs, enums, struct, "", out, {struct})
        for row in out:
            print(probe + "\t" + "\t".join(row))


if __name__ == "__main__":
    main()
