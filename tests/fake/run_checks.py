#!/usr/bin/env python3
"""run_checks.py DATA.json CONTENT_DIR - run every content check over a demo/fake data file.

Loads DATA.json ({"workspace": {...}, "endpoints": {probe: [objects] | object}}) into an
in-memory SQLite database with the snapshot schema of src/core/probes.c, runs each
```sql check block found in CONTENT_DIR/*.md and prints one line per check:

    ID STATUS EVIDENCE

then a summary. Exit status: 0 when every check returns exactly one row whose status is
pass, fail, warn or unknown; 1 otherwise (SQL error, bad status, wrong row count);
2 on usage or input errors.
"""
import json
import os
import re
import sqlite3
import sys
import time
from collections import Counter

HERE = os.path.dirname(os.path.abspath(__file__))
PROBES_C = os.path.join(HERE, "..", "..", "src", "core", "probes.c")

# Fallback when probes.c cannot be read: name -> (path, array_key, id_key)
FALLBACK_PROBES = {
    "clusters": ("/api/2.1/clusters/list?page_size=100", "clusters", "cluster_id"),
    "warehouses": ("/api/2.0/sql/warehouses", "warehouses", "id"),
    "jobs": ("/api/2.2/jobs/list?limit=100", "jobs", "job_id"),
    "cluster-policies": ("/api/2.0/policies/clusters/list", "policies", "policy_id"),
    "tokens": ("/api/2.0/token-management/tokens", "token_infos", "token_id"),
    "workspace-conf": ("/api/2.0/workspace-conf?keys=enableTokensConfig,maxTokenLifetimeDays,"
                       "enableIpAccessLists", None, None),
    "ip-access-lists": ("/api/2.0/ip-access-lists", "ip_access_lists", "list_id"),
    "service-principals": ("/api/2.0/preview/scim/v2/ServicePrincipals", "Resources", "id"),
    "apps": ("/api/2.0/apps", "apps", "name"),
    "secret-scopes": ("/api/2.0/secrets/scopes/list", "scopes", "name"),
    "serving-endpoints": ("/api/2.0/serving-endpoints", "endpoints", "name"),
    "metastore-assignment": ("/api/2.1/unity-catalog/current-metastore-assignment", None, "metastore_id"),
    "catalogs": ("/api/2.1/unity-catalog/catalogs", "catalogs", "name"),
    "shares": ("/api/2.1/unity-catalog/shares", "shares", "name"),
    "recipients": ("/api/2.1/unity-catalog/recipients", "recipients", "name"),
    "providers": ("/api/2.1/unity-catalog/providers", "providers", "name"),
    "system-schemas": ("/api/2.1/unity-catalog/metastores/{metastore_id}/systemschemas", "schemas", "schema"),
    "pipelines": ("/api/2.0/pipelines", "statuses", "pipeline_id"),
    "current-user": ("/api/2.0/preview/scim/v2/Me", None, "userName"),
}

# Kept in step with probe_snapshot_schema in src/core/probes.c (read from there when possible).
FALLBACK_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS objects(endpoint TEXT NOT NULL, id TEXT, json TEXT NOT NULL,"
    " fetched_at TEXT NOT NULL, status INTEGER NOT NULL);"
    "CREATE INDEX IF NOT EXISTS objects_endpoint ON objects(endpoint);"
    "CREATE TABLE IF NOT EXISTS fetches(endpoint TEXT PRIMARY KEY, path TEXT, status INTEGER,"
    " error TEXT, count INTEGER, fetched_at TEXT);"
)

STATUSES = ("pass", "fail", "warn", "unknown")


def c_str(tok):
    return None if tok == "NULL" else tok[1:-1]


def load_probes():
    try:
        with open(PROBES_C, encoding="utf-8") as f:
            src = f.read()
    except OSError:
        return FALLBACK_PROBES, FALLBACK_SCHEMA
    probes = {}
    for m in re.finditer(r'\{\s*"([^"]+)",\s*"([^"]+)",\s*(NULL|"[^"]*"),\s*(NULL|"[^"]*"),\s*PAGING_\w+',
                         src):
        probes[m.group(1)] = (m.group(2), c_str(m.group(3)), c_str(m.group(4)))
    schema = FALLBACK_SCHEMA
    m = re.search(r'probe_snapshot_schema\[\]\s*=\s*((?:\s*"(?:[^"\\]|\\.)*")+)\s*;', src)
    if m:
        schema = "".join(re.findall(r'"((?:[^"\\]|\\.)*)"', m.group(1)))
    return (probes or FALLBACK_PROBES), schema


def build_db(data, probes, schema):
    db = sqlite3.connect(":memory:")
    db.executescript(schema)
    now = time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime())
    endpoints = data.get("endpoints", {})
    unknown = [k for k in endpoints if k not in probes]
    for name, value in endpoints.items():
        path, array_key, id_key = probes.get(name, ("?", None, None))
        objs = value if isinstance(value, list) else [value]
        for o in objs:
            oid = o.get(id_key) if (id_key and isinstance(o, dict)) else None
            db.execute("INSERT INTO objects(endpoint, id, json, fetched_at, status) VALUES (?,?,?,?,200)",
                       (name, None if oid is None else str(oid), json.dumps(o), now))
        db.execute("INSERT INTO fetches(endpoint, path, status, error, count, fetched_at) "
                   "VALUES (?,?,200,NULL,?,?)", (name, path, len(objs), now))
    db.commit()
    return db, unknown


def parse_content(path):
    with open(path, encoding="utf-8") as f:
        text = f.read()
    lines = text.split("\n")
    item_id, probes = None, []
    if lines and lines[0].strip() == "---":
        for line in lines[1:]:
            if line.strip() == "---":
                break
            m = re.match(r"id:\s*(\S+)", line)
            if m:
                item_id = m.group(1).strip("'\"")
            m = re.match(r"probes:\s*\[(.*)\]", line)
            if m:
                probes = [p.strip().strip("'\"") for p in m.group(1).split(",") if p.strip()]
    checks, cur, start = [], None, 0
    for i, line in enumerate(lines):
        if cur is None and re.match(r"^\s*```+\s*sql\s+check\b", line):
            cur, start = [], i + 2
        elif cur is not None and re.match(r"^\s*```", line):
            checks.append((start, "\n".join(cur)))
            cur = None
        elif cur is not None:
            cur.append(line)
    return item_id, probes, checks


def main(argv):
    if len(argv) != 3:
        print("usage: run_checks.py DATA.json CONTENT_DIR", file=sys.stderr)
        return 2
    data_path, content_dir = argv[1], argv[2]
    try:
        with open(data_path, encoding="utf-8") as f:
            data = json.load(f)
    except (OSError, ValueError) as e:
        print(f"run_checks: {data_path}: {e}", file=sys.stderr)
        return 2
    probes, schema = load_probes()
    db, unknown = build_db(data, probes, schema)
    for u in unknown:
        print(f"note: data endpoint '{u}' is not a probe of probes.c", file=sys.stderr)
    try:
        files = sorted(f for f in os.listdir(content_dir) if f.endswith(".md"))
    except OSError as e:
        print(f"run_checks: {content_dir}: {e}", file=sys.stderr)
        return 2
    counts, problems, missing = Counter(), [], set()
    for fn in files:
        item_id, item_probes, checks = parse_content(os.path.join(content_dir, fn))
        for p in item_probes:
            if p not in probes:
                problems.append(f"{fn}: probes: names unknown probe '{p}'")
            elif p not in data.get("endpoints", {}):
                missing.add(p)
        for n, (line, sql) in enumerate(checks):
            cid = (item_id or fn) + (f"#{n + 1}" if len(checks) > 1 else "")
            try:
                rows = db.execute(sql).fetchall()
            except sqlite3.Error as e:
                counts["error"] += 1
                problems.append(f"{fn}:{line}: {cid}: SQLite: {e}")
                print(f"{cid} error SQLite: {e}")
                continue
            if len(rows) != 1:
                counts["error"] += 1
                problems.append(f"{fn}:{line}: {cid}: returned {len(rows)} rows, want 1")
                print(f"{cid} error {len(rows)} rows")
                continue
            row = rows[0]
            status = row[0] if len(row) > 0 else None
            evidence = row[1] if len(row) > 1 else None
            if status not in STATUSES:
                counts["error"] += 1
                problems.append(f"{fn}:{line}: {cid}: status {status!r} not one of {', '.join(STATUSES)}")
                print(f"{cid} error bad status {status!r}: {evidence}")
                continue
            if not isinstance(evidence, str) or not evidence:
                problems.append(f"{fn}:{line}: {cid}: evidence is {evidence!r} (not fatal)")
            counts[status] += 1
            ev = "" if evidence is None else str(evidence).replace("\n", " ")
            print(f"{cid} {status} {ev}")
    total = sum(counts.values())
    print()
    summary = ", ".join(f"{k} {counts[k]} ({100 * counts[k] // total if total else 0}%)"
                        for k in STATUSES + ("error",))
    print(f"{total} checks: {summary}")
    for p in sorted(missing):
        print(f"note: a check reads probe '{p}' that the data does not hold", file=sys.stderr)
    for p in problems:
        print(f"problem: {p}", file=sys.stderr)
    fatal = counts["error"] > 0
    return 1 if fatal else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
