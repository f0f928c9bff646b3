#!/usr/bin/env python3
"""fake_workspace.py - a loopback fake Databricks workspace for pwaf's tests and benchmarks.

Standard library only. Serves every REST path pwaf probes (src/core/probes.c) from a data file
shaped like content/demo-workspace.json, with each API's own response shape and pagination,
PAT and OAuth M2M authentication, Databricks-shaped errors and injectable faults.
It binds 127.0.0.1 only. See tests/fake/README.md.
"""
import argparse
import base64
import binascii
import copy
import json
import os
import re
import signal
import sys
import threading
import time
import uuid
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlsplit

HERE = os.path.dirname(os.path.abspath(__file__))
DEFAULT_DATA = os.path.join(HERE, "..", "..", "content", "demo-workspace.json")

# Paging styles (each as the real API pages: databricks-sdk-go service/<svc>/impl.go)
NONE, TOKEN_CLUSTERS, TOKEN_JOBS, SCIM, TOKEN_UC, TOKEN_PIPELINES, TOKEN_APPS, TOKEN_WAREHOUSES = range(8)

# probe name -> (path regex, array key or None, paging). Detail calls (jobs/get, shares/{name},
# service principal secrets, catalog grants) answer from the data's "job-details", "share-details",
# "sp-secrets" and "catalog-grants".
ROUTES = [
    ("clusters", r"/api/2\.1/clusters/list", "clusters", TOKEN_CLUSTERS),
    ("warehouses", r"/api/2\.0/sql/warehouses", "warehouses", TOKEN_WAREHOUSES),
    ("jobs", r"/api/2\.2/jobs/list", "jobs", TOKEN_JOBS),
    ("job-details", r"/api/2\.2/jobs/get", None, NONE),
    ("cluster-policies", r"/api/2\.0/policies/clusters/list", "policies", NONE),
    ("tokens", r"/api/2\.0/token-management/tokens", "token_infos", NONE),
    ("workspace-conf", r"/api/2\.0/workspace-conf", None, NONE),
    ("ip-access-lists", r"/api/2\.0/ip-access-lists", "ip_access_lists", NONE),
    ("service-principals", r"/api/2\.0/preview/scim/v2/ServicePrincipals", "Resources", SCIM),
    ("sp-secrets", r"/api/2\.0/accounts/servicePrincipals/(?P<sp>[^/]+)/credentials/secrets", "secrets", TOKEN_APPS),
    ("apps", r"/api/2\.0/apps", "apps", TOKEN_APPS),
    ("secret-scopes", r"/api/2\.0/secrets/scopes/list", "scopes", NONE),
    ("serving-endpoints", r"/api/2\.0/serving-endpoints", "endpoints", NONE),
    ("metastore-assignment", r"/api/2\.1/unity-catalog/current-metastore-assignment", None, NONE),
    ("metastore-summary", r"/api/2\.1/unity-catalog/metastore_summary", None, NONE),
    ("catalogs", r"/api/2\.1/unity-catalog/catalogs", "catalogs", TOKEN_UC),
    ("catalog-grants", r"/api/2\.1/unity-catalog/permissions/catalog/(?P<catalog>[^/]+)", "privilege_assignments", NONE),
    ("shares", r"/api/2\.1/unity-catalog/shares", "shares", TOKEN_UC),
    ("share-details", r"/api/2\.1/unity-catalog/shares/(?P<share>[^/]+)", None, NONE),
    ("recipients", r"/api/2\.1/unity-catalog/recipients", "recipients", TOKEN_UC),
    ("providers", r"/api/2\.1/unity-catalog/providers", "providers", TOKEN_UC),
    ("system-schemas", r"/api/2\.1/unity-catalog/metastores/(?P<metastore_id>[^/]+)/systemschemas", "schemas", TOKEN_UC),
    ("pipelines", r"/api/2\.0/pipelines", "statuses", TOKEN_PIPELINES),
    ("current-user", r"/api/2\.0/preview/scim/v2/Me", None, NONE),
    ("disable-legacy-access", r"/api/2\.0/settings/types/disable_legacy_access/names/default", None, NONE),
    ("disable-legacy-dbfs", r"/api/2\.0/settings/types/disable_legacy_dbfs/names/default", None, NONE),
    ("account-budgets", r"/api/2\.1/accounts/(?P<account>[^/]+)/budgets", "budgets", TOKEN_APPS),
    ("account-federation-policies", r"/api/2\.0/accounts/(?P<account>[^/]+)/federationPolicies", "policies", TOKEN_APPS),
    ("account-custom-apps", r"/api/2\.0/accounts/(?P<account>[^/]+)/oauth2/custom-app-integrations", "apps", TOKEN_APPS),
]
ACCOUNT_PROBES = ("account-budgets", "account-federation-policies", "account-custom-apps")
ROUTES = [(n, re.compile(p + r"/?"), k, s) for n, p, k, s in ROUTES]
PROBES = [r[0] for r in ROUTES]
# Unity Catalog endpoints that answer 404 METASTORE_DOES_NOT_EXIST when no metastore is assigned.
UC_PROBES = ("metastore-assignment", "metastore-summary", "catalogs", "catalog-grants", "shares", "share-details",
             "recipients", "providers", "system-schemas")
# Lists the server filters by the caller: with --non-admin the caller sees only what it created.
ADMIN_ONLY = ("tokens", "sp-secrets", "ip-access-lists", "workspace-conf")
# The SDK's field table: which fields are omitempty (a zero value is left out of an answer).
FIELDS_TSV = os.path.join(HERE, "..", "sdk", "fields.tsv")

TOKEN_PATH = "/oidc/v1/token"
SQL_PATH = re.compile(r"/api/2\.0/sql/statements(?:/(?P<id>[^/]+)(?:/(?P<tail>cancel|result/chunks/(?P<chunk>\d+)))?)?/?")
ACCOUNT_OIDC = re.compile(r"/oidc/accounts/(?P<account>[^/]+)/(?P<what>\.well-known/oauth-authorization-server|v1/token)")
# system-table statements: the probe is named in the statement's leading comment, its rows are the
# data's "sys-..." list; each row's values become the columns (types from the values)
SQL_PROBE = re.compile(r"^/\* pwaf: (?P<probe>[a-z0-9-]+) \*/")
WELL_KNOWN = "/oidc/.well-known/oauth-authorization-server"
# The results table's statements (src/ws/resultstable.c): CREATE TABLE IF NOT EXISTS and INSERT INTO,
# the table by IDENTIFIER(:param) or in the text.
RESULTS_SQL = re.compile(r"\s*(?:/\*.*?\*/\s*)?(?P<kind>CREATE\s+TABLE(?:\s+IF\s+NOT\s+EXISTS)?|INSERT\s+INTO)\s+"
                         r"(?P<target>IDENTIFIER\(\s*:(?P<param>\w+)\s*\)|[\w.`]+)", re.I | re.S)
SQL_LITERAL = re.compile(r"'(?:[^'\\]|\\.|'')*'|\"(?:[^\"\\]|\\.)*\"", re.S)
# the literals a results statement may carry: a COMMENT, and the schema of from_json(:param, '...')
SQL_FIXED_LITERAL = re.compile(r"(?:\bCOMMENT|\bfrom_json\(\s*:\w+\s*,)\s*$", re.I)
SQL_TIMESTAMP = re.compile(r"\d{4}-\d{2}-\d{2}(?:[T ]\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?)?(?:Z|[+-]\d{2}:?\d{2})?")
RESULTS_ROW_TYPES = {"workspace_host": str, "workspace_id": int, "workspace_name": str, "item": str,
                     "level": str, "status": str, "evidence": str}
AAD_AUTH = "/aad/auth"   # Azure Databricks: redirects to the Entra ID login of the workspace's tenant
TOKEN_EXCHANGE = "urn:ietf:params:oauth:grant-type:token-exchange"
JWT_TYPE = "urn:ietf:params:oauth:token-type:jwt"

# Workspace-conf keys the fake knows about even when the data leaves them unset.
KNOWN_CONF_KEYS = ("enableTokensConfig", "maxTokenLifetimeDays", "enableIpAccessLists",
                   "enableDbfsFileBrowser", "enableExportNotebook", "enableResultsDownloading",
                   "enableWebTerminal", "enableVerboseAuditLogs", "storeInteractiveNotebookResultsInCustomerAccount")

# Name fields that --evil rewrites, per probe (dotted paths).
EVIL_FIELDS = {
    "clusters": ["cluster_name"], "warehouses": ["name"], "jobs": ["settings.name"],
    "cluster-policies": ["name"], "tokens": ["comment"], "ip-access-lists": ["label"],
    "service-principals": ["displayName"], "apps": ["name", "description"], "secret-scopes": ["name"],
    "serving-endpoints": ["name"], "catalogs": ["name", "comment"], "shares": ["name"],
    "recipients": ["name"], "providers": ["name"], "pipelines": ["name"],
    "current-user": ["displayName"], "metastore-assignment": ["default_catalog_name"],
    "job-details": ["settings.name"], "share-details": ["name"],
}
EVIL_PAYLOADS = [
    "\u001b[2J\u001b]0;pwned\u0007",             # clear screen + OSC window title
    "\u001b[31;1mRED\u001b[0m\u001b[1000D",       # CSI colour + cursor move
    "\u009b2J\u0085\u009d0;pwned\u009c",         # C1: CSI, NEL, OSC, ST
    "\u202eexe.tnemhcatta\u202c",               # bidi override (RLO ... PDF)
    "\u2067isolate\u2069\u200f\u200b",           # bidi isolate, RLM, zero-width space
    "line1\nline2\r\u0008\u0008overwrite\t",     # newline, CR, backspace, tab
    "\u001bP+q544e\u001b\\\u001b[6n",             # DCS request + cursor position report
]


def now_ms():
    return int(time.time() * 1000)


# ---------------------------------------------------------------------------------------------- the fleet
# --fleet N: one server, one port, many hosts told apart by the Host header. accounts.localhost is the
# account console, ws-001.localhost ... are its workspaces (pwaf maps a deployment_name D to
# http://D.localhost:PORT on loopback: src/ws/wsconfig.c wsconfig_workspace_host), and any other Host
# (127.0.0.1, localhost) is the single workspace of --data, as without --fleet.
ACCOUNT_REALM = "accounts"
SINGLE_REALM = "single"
FLEET_WS_ID_BASE = 1000000000000000   # workspace_id of ws-NNN: FLEET_WS_ID_BASE + NNN
FLEET_LIST = re.compile(r"/api/2\.0/accounts/(?P<account>[^/]+)/workspaces(?:/(?P<wsid>[^/]+))?/?")
# databricks-sdk-go service/provisioning/model.go WorkspaceStatus, with the message each status
# carries in workspace_status_message
WORKSPACE_STATUSES = {
    "RUNNING": "Workspace is running.",
    "PROVISIONING": "Workspace resources are being set up.",
    "NOT_PROVISIONED": "Workspace has not been provisioned.",
    "FAILED": "Workspace failed to deploy: the cross-account IAM role cannot be assumed. [fake]",
    "BANNED": "Workspace is banned: contact your Databricks representative. [fake]",
    "CANCELLING": "Workspace is being deleted.",
}
FLEET_FAULTS = ("401", "500", "reset")   # and slow:MS


def _set_conf(key, value):
    def f(d):
        d["workspace-conf"] = dict(d.get("workspace-conf") or {}, **{key: value})
    return f


def _apps_running(d):
    apps = []
    for a in d.get("apps") or []:
        a = dict(a)
        a["app_status"] = {"state": "RUNNING", "message": "App has status: App is running"}
        a["compute_status"] = {"state": "ACTIVE", "message": "App compute is running."}
        apps.append(a)
    d["apps"] = apps


def _no_empty_shares(d):
    empty = {s.get("name") for s in d.get("share-details") or [] if not s.get("objects")}
    d["shares"] = [s for s in d.get("shares") or [] if s.get("name") not in empty]
    d["share-details"] = [s for s in d.get("share-details") or [] if s.get("name") not in empty]


def _warehouses_classic(d):
    d["warehouses"] = [dict(w, enable_serverless_compute=False) for w in d.get("warehouses") or []]


def _drop(key):
    def f(d):
        d.pop(key, None)
    return f


# Per-workspace variations, so that a fleet's reports differ, deterministic by the workspace's index
# i (ws-001 is 1): (name, applies to i, change to a shallow copy of the data's endpoints). The checks
# each one turns are in tests/fake/README.md. "no-metastore" is a flag (Ws.no_metastore), not data.
FLEET_VARIATIONS = [
    ("apps-running", lambda i: i % 2 == 0, _apps_running),            # every app running
    ("no-empty-share", lambda i: i % 2 == 0, _no_empty_shares),       # the empty share is gone
    ("legacy-access-unset", lambda i: i % 3 == 0, _drop("disable-legacy-access")),
    ("token-lifetime-365", lambda i: i % 4 == 0, _set_conf("maxTokenLifetimeDays", "365")),
    ("ip-lists-off", lambda i: i % 8 == 3, _set_conf("enableIpAccessLists", "false")),
    ("no-sp-secrets", lambda i: i % 6 == 0, _drop("sp-secrets")),     # no service principal holds a secret
    ("warehouses-classic", lambda i: i % 7 == 0, _warehouses_classic),
    ("no-metastore", lambda i: i % 5 == 0, None),                      # Unity Catalog APIs: 404
]


class Ws:
    """One host the server answers for: the single workspace, the account console or a fleet workspace."""
    def __init__(self, realm, index, data, workspace, variations=(), no_metastore=False):
        self.realm, self.index, self.data, self.workspace = realm, index, data, workspace
        self.variations, self.no_metastore = list(variations), no_metastore
        self.status = "RUNNING"
        self.faults = []          # fleet faults: "401", "500", "reset", ("slow", ms)


def fleet_workspace(index, base_data, base_ws):
    name = "ws-%03d" % index
    data = dict(base_data)
    applied = []
    for vname, applies, change in FLEET_VARIATIONS:
        if applies(index):
            applied.append(vname)
            if change:
                change(data)
    ws = dict(base_ws)
    ws["workspace_id"] = FLEET_WS_ID_BASE + index
    ws["name"] = "tenant-%03d" % index
    return Ws(name, index, data, ws, applied, "no-metastore" in applied)


def parse_fleet_spec(spec, what):
    glob, sep, value = spec.partition("=")
    if not sep or not glob or not value:
        raise ValueError(f"{what} '{spec}': want GLOB=VALUE")
    return glob, value


def fleet_fault_kind(spec):
    glob, kind = parse_fleet_spec(spec, "--fleet-fault")
    if kind in FLEET_FAULTS:
        return glob, kind
    m = re.fullmatch(r"slow:(\d+)", kind)
    if m:
        return glob, ("slow", int(m.group(1)))
    raise ValueError(f"--fleet-fault '{spec}': unknown kind '{kind}' (401, 500, reset, slow:MS)")


class Fault:
    def __init__(self, spec):
        self.spec = spec
        parts = spec.split(":")
        kind = parts[0]
        self.kind = kind
        self.count = None
        self.retry_after = None
        self.ms = 0
        self.used = 0

        def num(i, what, default=None):
            if len(parts) <= i or parts[i] == "":
                if default is None:
                    raise ValueError(f"fault '{spec}': missing {what}")
                return default
            try:
                v = int(parts[i])
            except ValueError:
                raise ValueError(f"fault '{spec}': {what} must be an integer")
            if v < 0:
                raise ValueError(f"fault '{spec}': {what} must not be negative")
            return v

        if kind in ("429", "503"):
            if len(parts) not in (3, 4):
                raise ValueError(f"fault '{spec}': want {kind}:NAME:N[:RETRY_AFTER]")
            self.count = num(2, "N")
            self.retry_after = num(3, "RETRY_AFTER", 1)
        elif kind in ("500", "502", "504", "limit", "reset"):
            if len(parts) != 3:
                raise ValueError(f"fault '{spec}': want {kind}:NAME:N")
            self.count = num(2, "N")
        elif kind in ("bloat", "scim-total"):
            if len(parts) != 3:
                raise ValueError(f"fault '{spec}': want {kind}:NAME:N")
            self.ms = num(2, "N")
        elif kind in ("403", "truncate", "drop", "bad-json", "disabled", "endless", "sql-denied", "sql-fail",
                      "sql-cancel", "sql-bad-state"):
            if len(parts) != 2:
                raise ValueError(f"fault '{spec}': want {kind}:NAME")
        elif kind == "slow":
            if len(parts) != 3:
                raise ValueError(f"fault '{spec}': want slow:NAME:MS")
            self.ms = num(2, "MS")
        elif kind == "empty-pages":
            if len(parts) != 3:
                raise ValueError(f"fault '{spec}': want empty-pages:NAME:N")
            self.count = num(2, "N")
        else:
            raise ValueError(f"fault '{spec}': unknown kind '{kind}' (429, 503, 500, 502, 504, limit, reset, 403, "
                             "disabled, truncate, drop, slow, empty-pages, endless, bloat, scim-total, bad-json)")
        if len(parts) < 2 or not parts[1]:
            raise ValueError(f"fault '{spec}': missing NAME")
        self.name = parts[1]
        if self.name not in PROBES and self.name not in ("token", "*") and not self.name.startswith("sys-"):
            raise ValueError(f"fault '{spec}': unknown NAME '{self.name}' (a probe name, token or *)")

    def matches(self, name):
        return self.name == "*" or self.name == name


class State:
    def __init__(self, args):
        self.args = args
        self.lock = threading.Lock()
        with open(args.data, encoding="utf-8") as f:
            raw = json.load(f)
        self.workspace = raw.get("workspace", {})
        self.data = raw.get("endpoints", {})
        if args.generate_clusters is not None:
            self.data["clusters"] = synth_clusters(self.data.get("clusters", []), args.generate_clusters)
        if args.evil:
            evilize(self.data)
        self.faults = [Fault(s) for s in args.fault]
        self.omit = load_omitempty(FIELDS_TSV)
        self.statements = {}      # statement id -> {probe, rows, columns, t0, state}
        self.account_id = args.account_id or (raw.get("account") or {}).get("account_id") or "fake-account-0001"
        self.notes = []
        self.oauth_tokens = {}  # access token -> (expiry (epoch seconds), realm it was issued at)
        self.log = open(args.log, "a", encoding="utf-8") if args.log else None
        self.results_log = open(args.results_log, "a", encoding="utf-8") if args.results_log else None
        self.tables = set()       # (realm, table) created by CREATE TABLE IF NOT EXISTS
        self.inserts = 0          # INSERT statements received (for --results-fail)
        self.cache = {}           # (realm, path, query) -> JSON body of a GET that answered 200
        self.cacheable = not self.faults
        self.single = Ws(SINGLE_REALM, 0, self.data, self.workspace)
        self.account = Ws(ACCOUNT_REALM, 0, self.data, self.workspace)
        self.fleet = {}           # deployment name -> Ws, in order
        for i in range(1, (args.fleet or 0) + 1):
            w = fleet_workspace(i, self.data, self.workspace)
            self.fleet[w.realm] = w
        import fnmatch
        for spec in args.fleet_fault:
            glob, kind = fleet_fault_kind(spec)
            hit = [w for w in list(self.fleet.values()) + [self.account] if fnmatch.fnmatchcase(w.realm, glob)]
            if not hit:
                raise ValueError(f"--fleet-fault '{spec}': no workspace of the fleet matches '{glob}'")
            for w in hit:
                w.faults.append(kind)
        for spec in args.fleet_status:
            glob, status = parse_fleet_spec(spec, "--fleet-status")
            if status not in WORKSPACE_STATUSES:
                raise ValueError(f"--fleet-status '{spec}': unknown status '{status}' ("
                                 + ", ".join(sorted(WORKSPACE_STATUSES)) + ")")
            hit = [w for w in self.fleet.values() if fnmatch.fnmatchcase(w.realm, glob)]
            if not hit:
                raise ValueError(f"--fleet-status '{spec}': no workspace of the fleet matches '{glob}'")
            for w in hit:
                w.status = status

    def realm_of(self, host_header):
        """The Ws a request's Host header names; None for a *.localhost name the fleet does not have."""
        if not self.fleet:
            return self.single
        h = (host_header or "").strip().lower()
        if h.startswith("["):
            h = h[:h.find("]") + 1]
        else:
            h = h.rsplit(":", 1)[0] if ":" in h else h
        if h == "accounts.localhost":
            return self.account
        if h.endswith(".localhost"):
            return self.fleet.get(h[:-len(".localhost")])
        return self.single

    def write_results(self, rec):
        if not self.results_log:
            return
        line = json.dumps(rec, ensure_ascii=True)
        with self.lock:
            self.results_log.write(line + "\n")
            self.results_log.flush()

    def fault_take(self, name, kinds):
        """First matching fault of the given kinds that still applies (counting ones are consumed)."""
        with self.lock:
            for f in self.faults:
                if f.kind not in kinds or not f.matches(name):
                    continue
                if f.count is not None and f.kind != "empty-pages":
                    if f.used >= f.count:
                        continue
                    f.used += 1
                return f
        return None

    def note(self, what):
        with self.lock:
            new = what not in self.notes
            if new:
                self.notes.append(what)
        if new:
            self.write_log({"note": what})  # takes the lock itself

    def shape_plain(self, obj):
        """A response object with its zero values left out (Go's omitempty), without a field table."""
        if isinstance(obj, dict):
            return {k: self.shape_plain(v) for k, v in obj.items() if not is_zero(v)}
        if isinstance(obj, list):
            return [self.shape_plain(x) for x in obj]
        return obj

    def shape(self, probe, obj):
        """obj as the service writes it: omitempty fields holding a zero value left out (Go's
        encoding/json with the SDK's `json:",omitempty"` tags)."""
        return strip_zero(obj, self.omit.get(probe, set()), "")

    def write_log(self, rec):
        if not self.log:
            return
        line = json.dumps(rec, ensure_ascii=True)
        with self.lock:
            self.log.write(line + "\n")
            self.log.flush()


def load_omitempty(path):
    """{probe: {field path}} of the omitempty fields in tests/sdk/fields.tsv."""
    out = {}
    try:
        with open(path, encoding="utf-8") as f:
            for line in f:
                if line.startswith("#"):
                    continue
                parts = line.rstrip("\n").split("\t")
                if len(parts) >= 4 and parts[3] == "omitempty":
                    out.setdefault(parts[0], set()).add(parts[1])
    except OSError:
        pass
    return out


def is_zero(v):
    return v is None or v is False or v == "" or v == [] or v == {} or (type(v) in (int, float) and v == 0)


def strip_zero(obj, omit, prefix):
    if not isinstance(obj, dict) or not omit:
        return obj
    out = {}
    for k, v in obj.items():
        path = prefix + k
        spec = next((c for c in (path, path + "[]", path + "{}") if c in omit), None)
        if isinstance(v, dict) and not path + "{}" in omit:
            v = strip_zero(v, omit, path + ".")
        elif isinstance(v, list):
            v = [strip_zero(x, omit, path + "[].") for x in v]
        if spec and is_zero(v):
            continue
        out[k] = v
    return out


def synth_clusters(templates, n):
    import random
    r = random.Random(n)
    base = templates or [{"cluster_name": "c", "spark_version": "16.4.x-scala2.12", "node_type_id": "m6gd.xlarge",
                          "cluster_source": "API", "state": "TERMINATED", "autotermination_minutes": 30,
                          "data_security_mode": "SINGLE_USER"}]
    out = []
    for i in range(n):
        c = copy.deepcopy(base[i % len(base)])
        cid = "%04d-%06d-bench%03d" % (1000 + i // 1000000, i % 1000000, i % 1000)
        c["cluster_id"] = cid
        c["cluster_name"] = "bench-%06d" % i
        tags = c.get("custom_tags") or {}
        tags = dict(tags)
        if i % 7 == 0:
            tags.pop("customer_id", None)
        else:
            tags["customer_id"] = "tenant-%03d" % (i % 250)
        c["custom_tags"] = tags
        c["autotermination_minutes"] = 0 if i % 13 == 0 else r.choice([15, 20, 30, 60])
        c["start_time"] = now_ms() - r.randint(0, 90) * 86400000
        dt = c.get("default_tags")
        if isinstance(dt, dict):
            dt = dict(dt)
            dt["ClusterId"] = cid
            dt["ClusterName"] = c["cluster_name"]
            c["default_tags"] = dt
        out.append(c)
    return out


def evilize(data):
    k = 0
    for probe, fields in EVIL_FIELDS.items():
        v = data.get(probe)
        if v is None:
            continue
        objs = v if isinstance(v, list) else [v]
        for o in objs:
            if not isinstance(o, dict):
                continue
            for path in fields:
                cur = o
                keys = path.split(".")
                for key in keys[:-1]:
                    cur = cur.get(key) if isinstance(cur, dict) else None
                if isinstance(cur, dict) and isinstance(cur.get(keys[-1]), str):
                    payload = EVIL_PAYLOADS[k % len(EVIL_PAYLOADS)]
                    k += 1
                    cur[keys[-1]] = cur[keys[-1]] + payload if k % 2 else payload + cur[keys[-1]]
        # tags too: a customer_id value with a payload
        if probe == "clusters":
            for o in objs[:3]:
                if isinstance(o.get("custom_tags"), dict) and "customer_id" in o["custom_tags"]:
                    o["custom_tags"]["customer_id"] += EVIL_PAYLOADS[0]


def enc_token(probe, offset, empties=0):
    raw = json.dumps({"p": probe, "o": offset, "e": empties}, separators=(",", ":")).encode()
    return base64.urlsafe_b64encode(raw).decode().rstrip("=")


def dec_token(probe, tok):
    try:
        pad = "=" * (-len(tok) % 4)
        d = json.loads(base64.urlsafe_b64decode(tok + pad).decode())
        if d.get("p") != probe or not isinstance(d.get("o"), int) or d["o"] < 0:
            return None
        return d["o"], int(d.get("e", 0))
    except (ValueError, binascii.Error, UnicodeDecodeError, AttributeError, TypeError):
        return None


class ApiError(Exception):
    def __init__(self, status, code, message, headers=None, scim=False):
        super().__init__(message)
        self.status, self.code, self.message, self.headers = status, code, message, headers or {}
        self.scim = scim


class OAuthError(Exception):
    """An OAuth endpoint's error: {"error": ..., "error_description": ...} (RFC 6749 5.2)."""
    def __init__(self, status, error, description):
        super().__init__(description)
        self.status, self.error, self.description = status, error, description


def q1(query, name):
    v = query.get(name)
    return v[0] if v else None


def qint(query, name, lo=None):
    v = q1(query, name)
    if v is None or v == "":
        return None
    try:
        n = int(v)
    except ValueError:
        raise ApiError(400, "INVALID_PARAMETER_VALUE", f"Invalid value for parameter {name}: '{v}' is not an integer")
    if lo is not None and n < lo:
        raise ApiError(400, "INVALID_PARAMETER_VALUE", f"{name} must be at least {lo}, got {n}")
    return n


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    server_version = "fake-databricks/1.0"

    def version_string(self):
        return self.server_version

    # ------------------------------------------------------------------ plumbing
    def log_message(self, fmt, *args):  # quiet; --log has the request log
        pass

    @property
    def st(self):
        return self.server.state

    def base_url(self):
        host = self.headers.get("Host") or "127.0.0.1:%d" % self.server.server_address[1]
        return "http://" + host

    def send_json(self, status, obj, headers=None, fault=None):
        body = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        self.send_body(status, body, "application/json", headers, fault)

    def send_body(self, status, body, ctype, headers=None, fault=None):
        self._status = status
        kind = fault.kind if fault else None
        if kind == "bad-json":
            status, ctype = 200, "text/html; charset=utf-8"
            body = (b"<!DOCTYPE html>\n<html><head><title>Databricks - Error</title></head>"
                    b"<body><h1>Temporarily unavailable</h1><p>The service is being upgraded. "
                    b"Please try again later.</p></body></html>\n")
            self._status = 200
        send_len = len(body)
        if kind == "truncate":
            body = body[: max(1, len(body) // 2)]
            send_len = len(body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(send_len))
        if self.ws is not self.st.account:  # the account console is no workspace
            self.send_header("x-databricks-org-id", str(self.ws.workspace.get("workspace_id", 0)))
        self.send_header("x-request-id", str(uuid.uuid4()))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        if kind == "drop":
            self.send_header("Connection", "close")
        self.end_headers()
        if self.command == "HEAD":
            return
        if kind == "drop":
            cut = max(1, len(body) // 2)
            try:
                self.wfile.write(body[:cut])
                self.wfile.flush()
            except OSError:
                pass
            self.close_connection = True
            try:
                import socket
                self.connection.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass
            return
        self.wfile.write(body)

    def send_error_json(self, e, fault=None):
        if e.scim:  # SCIM's own error shape (RFC 7644 3.12)
            body = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:Error"], "detail": e.message,
                    "status": str(e.status)}
        else:
            body = {"error_code": e.code, "message": e.message}
        self.send_json(e.status, body, e.headers, fault)

    def reset_connection(self):
        """Close the socket without an answer (RST): a reset connection."""
        import socket
        import struct
        self._status = 0
        self.close_connection = True
        try:
            self.connection.setsockopt(socket.SOL_SOCKET, socket.SO_LINGER, struct.pack("ii", 1, 0))
            self.connection.close()
        except OSError:
            pass

    # ------------------------------------------------------------------ dispatch
    def do_GET(self):
        self.handle_any()

    def do_HEAD(self):
        self.handle_any()

    def do_POST(self):
        self.handle_any()

    def do_PUT(self):
        self.handle_any()

    def do_PATCH(self):
        self.handle_any()

    def do_DELETE(self):
        self.handle_any()

    def handle_any(self):
        t0 = time.time()
        self._status = 0
        self._oauth = None   # what the token endpoint saw (form keys, client auth style), for the log
        self._token_host = None   # the realm the request's bearer token was issued at (never the token)
        self._token_kind = None
        self._ffault = None       # the --fleet-fault that answered
        split = urlsplit(self.path)
        path, rawq = split.path, split.query
        query = parse_qs(rawq, keep_blank_values=True)
        name, route, match = self.find_route(path)
        fault_used = None
        self.ws = self.st.realm_of(self.headers.get("Host"))
        if self.st.fleet:  # for the log: which host the bearer token was issued for (never the token)
            bm = re.fullmatch(r"(?i:bearer)\s+(\S+)", (self.headers.get("Authorization") or "").strip())
            if bm:
                self._token_kind, self._token_host, _ = self.token_origin(bm.group(1))
        # Drain any request body (keep-alive safety); the token endpoint parses it.
        try:
            clen = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            clen = 0
        body = self.rfile.read(clen) if clen > 0 else b""
        try:
            if self.ws is None:  # a *.localhost name the fleet does not have: nothing answers there
                fault_used = "unknown-host"
                self.ws = self.st.single
                self.reset_connection()
                return
            if self.st.args.latency:
                time.sleep(self.st.args.latency / 1000.0)
            if self.fleet_fault(path) == "reset":
                return
            slow = self.st.fault_take(name, ("slow",)) if name else None
            if slow:
                time.sleep(slow.ms / 1000.0)
            if name:
                f = self.st.fault_take(name, ("429", "503", "500", "502", "504", "limit", "403", "disabled"))
                if f:
                    fault_used = f.spec
                    raise self.fault_error(f)
                if self.st.fault_take(name, ("reset",)):
                    fault_used = "reset"
                    self.reset_connection()
                    return
            if path in (TOKEN_PATH, WELL_KNOWN) and self.ws is self.st.account and self.st.fleet:
                raise ApiError(404, "ENDPOINT_NOT_FOUND", "The account console's OAuth endpoints are under "
                                                          "/oidc/accounts/{account_id}.")
            if path == WELL_KNOWN and self.command == "GET":
                return self.well_known()
            am = ACCOUNT_OIDC.fullmatch(path)
            if am:
                return self.account_oidc(am, body)
            sm = SQL_PATH.fullmatch(path)
            if sm:
                name = "sql-statements"
                self.authenticate()
                return self.send_json(200, self.sql_api(sm, body))
            if path == AAD_AUTH and self.command == "GET":
                return self.aad_auth()
            if path == TOKEN_PATH:
                if self.command != "POST":
                    raise ApiError(405, "METHOD_NOT_ALLOWED", "Use POST for the token endpoint")
                return self.oauth_token(body, self.st.fault_take("token", ("truncate", "drop", "bad-json")))
            fm = FLEET_LIST.fullmatch(path) if self.st.fleet else None
            if fm:
                name = "account-workspaces"
                self.authenticate()
                return self.send_json(200, self.account_workspaces(fm))
            self.authenticate()
            if not route or self.command not in ("GET", "HEAD"):
                raise ApiError(404, "ENDPOINT_NOT_FOUND", f"No API found for '{self.command} {path}'")
            key = (self.ws.realm, self.account_host(), path, rawq) \
                if self.st.cacheable and self.command == "GET" else None
            cached = self.st.cache.get(key) if key else None
            if cached is not None:
                return self.send_body(200, cached, "application/json")
            obj = self.serve_probe(name, route, match, query)
            body_fault = self.st.fault_take(name, ("truncate", "drop", "bad-json"))
            if body_fault:
                fault_used = body_fault.spec
            out = json.dumps(obj, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
            if key:
                self.st.cache[key] = out
            self.send_body(200, out, "application/json", fault=body_fault)
        except ApiError as e:
            self.send_error_json(e)
        except OAuthError as e:
            self.oauth_error(e.status, e.error, e.description)
        except (BrokenPipeError, ConnectionResetError):
            self.close_connection = True
        finally:
            if not fault_used and self._ffault:
                fault_used = "fleet:" + self._ffault
            rec = {
                "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "t": round(t0, 4),
                "method": self.command, "path": path, "query": rawq,
                "user_agent": self.headers.get("User-Agent"),
                "has_authorization": self.headers.get("Authorization") is not None,
                "probe": name, "status": self._status, "fault": fault_used,
                "header_names": sorted(k.lower() for k in self.headers.keys()),
                "oauth": self._oauth,
                "ms": int((time.time() - t0) * 1000),
            }
            if self.st.fleet:
                rec["host"] = self.headers.get("Host")
                rec["realm"] = None if fault_used == "unknown-host" else self.ws.realm
                rec["token_host"] = self._token_host
                rec["token_kind"] = self._token_kind
            self.st.write_log(rec)

    def fleet_fault(self, path):
        """Apply the --fleet-fault kinds of this host: slow waits, then reset, 401 or 500 answer.
        Returns the kind that answered (or "slow:MS" when only a wait applied), None without one."""
        for k in self.ws.faults:
            if isinstance(k, tuple):
                time.sleep(k[1] / 1000.0)
                self._ffault = "slow:%d" % k[1]
        for k in self.ws.faults:
            if isinstance(k, tuple):
                continue
            self._ffault = k
            if k == "reset":
                self.reset_connection()
                return "reset"
            oauth = path in (TOKEN_PATH, WELL_KNOWN) or ACCOUNT_OIDC.fullmatch(path)
            if k == "401":
                if oauth and path != WELL_KNOWN and not path.endswith("oauth-authorization-server"):
                    raise OAuthError(401, "invalid_client", "Client authentication failed [fake: 401 host]")
                raise ApiError(401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type "
                                                       "for this API. [fake: 401 host]")
            if k == "500" and not oauth:  # the OAuth endpoints still answer: the APIs fail
                raise ApiError(500, "INTERNAL_ERROR", "Internal error. Please try again later. [fake: 500 host]")
            self._ffault = None
        return None

    def find_route(self, path):
        if path == TOKEN_PATH:
            return "token", None, None
        for name, rx, key, paging in ROUTES:
            m = rx.fullmatch(path)
            if m:
                return name, (name, key, paging), m
        return None, None, None

    def fault_error(self, f):
        if f.kind == "429":
            return ApiError(429, "TOO_MANY_REQUESTS", "Too many requests. Please wait a moment and try again.",
                            {"Retry-After": str(f.retry_after)})
        if f.kind == "503":
            return ApiError(503, "TEMPORARILY_UNAVAILABLE", "The service is temporarily unavailable. Try again later.",
                            {"Retry-After": str(f.retry_after)})
        if f.kind == "500":
            return ApiError(500, "INTERNAL_ERROR", "Internal error. Please try again later. [fake]")
        if f.kind == "502":
            return ApiError(502, "BAD_GATEWAY", "Bad gateway. [fake]")
        if f.kind == "504":
            return ApiError(504, "GATEWAY_TIMEOUT", "Gateway timeout. [fake]")
        if f.kind == "limit":  # SCIM reports it as a 500 with its own error shape
            return ApiError(500, None, "REQUEST_LIMIT_EXCEEDED: too many requests for this organization [fake]",
                            scim=True)
        if f.kind == "disabled":
            return ApiError(404, "FEATURE_DISABLED", "This feature is not enabled for this workspace. [fake]")
        return ApiError(403, "PERMISSION_DENIED", "User does not have permission to perform this action. [fake]")

    # ------------------------------------------------------------------ auth
    def authenticate(self):
        a = self.headers.get("Authorization")
        if not a:
            raise ApiError(401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.")
        m = re.fullmatch(r"(?i:bearer)\s+(\S+)", a.strip())
        if not m:
            raise ApiError(401, "UNAUTHENTICATED", "Credential was not sent or was of an unsupported type for this API.")
        tok = m.group(1)
        args = self.st.args
        if args.azure_mgmt_token is not None and \
                self.headers.get("X-Databricks-Azure-SP-Management-Token") != args.azure_mgmt_token:
            raise ApiError(401, "UNAUTHENTICATED", "Missing or wrong X-Databricks-Azure-SP-Management-Token.")
        if self.st.fleet:
            return self.authenticate_fleet(tok)
        if args.token and tok == args.token:
            return
        with self.st.lock:
            exp = self.st.oauth_tokens.get(tok)
        if exp is not None:
            if exp[0] > time.time():
                return
            raise ApiError(401, "UNAUTHENTICATED", "Token expired.")
        if not args.token and not args.client_id:
            return  # open mode: any bearer token
        raise ApiError(401, "UNAUTHENTICATED", "Invalid access token.")

    def token_origin(self, tok):
        """(kind, realm it was issued for, (expiry, realm) of an OAuth token) of a bearer token;
        (None, None, None) for one the fake never issued."""
        args = self.st.args
        with self.st.lock:
            exp = self.st.oauth_tokens.get(tok)
        if exp is not None:
            return "oauth", exp[1], exp
        if args.token and tok == args.token:
            return "pat", SINGLE_REALM, None
        p = args.fleet_pat_prefix
        if p and tok.startswith(p + "-") and tok[len(p) + 1:] in self.st.fleet:
            return "pat", tok[len(p) + 1:], None
        return None, None, None

    def authenticate_fleet(self, tok):
        """With --fleet a token is good only at the host that issued it: OAuth tokens at the realm
        whose token endpoint issued them, --token at the single workspace, PREFIX-ws-007 at ws-007."""
        args = self.st.args
        self._token_kind, self._token_host, exp = self.token_origin(tok)
        if self._token_kind is None:
            if not args.token and not args.client_id and not args.fleet_pat_prefix:
                return  # open mode: any bearer token nobody issued
            raise ApiError(401, "UNAUTHENTICATED", "Invalid access token.")
        if self._token_host != self.ws.realm:
            raise ApiError(401, "UNAUTHENTICATED", "Invalid access token: it was not issued for this "
                           + ("account" if self.ws is self.st.account else "workspace") + ".")
        if exp is not None and exp[0] <= time.time():
            raise ApiError(401, "UNAUTHENTICATED", "Token expired.")

    def well_known(self):
        b = self.base_url()
        self.send_json(200, {
            "issuer": b + "/oidc",
            "authorization_endpoint": b + "/oidc/v1/authorize",
            "token_endpoint": self.st.args.token_endpoint or b + TOKEN_PATH,
            "jwks_uri": b + "/oidc/jwks.json",
            "response_types_supported": ["code", "id_token"],
            "response_modes_supported": ["query", "fragment", "form_post"],
            "grant_types_supported": ["client_credentials", "authorization_code", "refresh_token"],
            "code_challenge_methods_supported": ["S256"],
            "token_endpoint_auth_methods_supported": ["client_secret_basic", "client_secret_post", "none"],
            "subject_types_supported": ["public"],
            "id_token_signing_alg_values_supported": ["RS256"],
            "scopes_supported": ["all-apis", "email", "offline_access", "openid", "profile", "sql"],
            "request_uri_parameter_supported": False,
        })

    def oauth_error(self, status, err, desc, body_fault=None):
        self.send_json(status, {"error": err, "error_description": desc}, fault=body_fault)

    def aad_auth(self):
        tenant = self.st.args.azure_tenant
        if not tenant:
            raise ApiError(404, "ENDPOINT_NOT_FOUND", "Not an Azure Databricks workspace.")
        self._status = 302
        self.send_response(302)
        self.send_header("Location", "https://login.microsoftonline.com/%s/oauth2/authorize?client_id="
                         "2ff814a6-3304-4ab8-85cb-cd0e6f879c1d&response_type=code&state=fake" % tenant)
        self.send_header("Content-Length", "0")
        self.end_headers()

    def issue(self, body_fault):
        """Answer a token request with a fresh (or the configured) access token."""
        args = self.st.args
        tok = args.access_token or "fake-oauth-" + uuid.uuid4().hex + uuid.uuid4().hex
        with self.st.lock:
            self.st.oauth_tokens[tok] = (time.time() + args.token_ttl, self.ws.realm)
        raw = args.token_expires_in if args.token_expires_in is not None else str(args.token_ttl)
        body = ('{"access_token":%s,"token_type":"Bearer","expires_in":%s,"scope":"all-apis"}'
                % (json.dumps(tok), raw)).encode()
        self.send_body(200, body, "application/json", fault=body_fault)

    def oauth_token(self, body, body_fault):
        """POST /oidc/v1/token: client_credentials (client_secret_basic, form-encoded as RFC 6749 2.3.1,
        or client_secret_post) and the token exchange of an OIDC token (RFC 8693)."""
        args = self.st.args
        ctype = (self.headers.get("Content-Type") or "").split(";")[0].strip().lower()
        if ctype != "application/x-www-form-urlencoded":
            return self.oauth_error(400, "invalid_request", "Content-Type must be application/x-www-form-urlencoded")
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        cid, secret = q1(form, "client_id"), q1(form, "client_secret")
        auth = self.headers.get("Authorization") or ""
        style = "post" if secret is not None else "none"
        if auth.startswith("Basic "):
            try:
                dec = base64.b64decode(auth[6:].strip(), validate=True).decode("utf-8")
                bid, sep, bsecret = dec.partition(":")
                if not sep:
                    raise ValueError("no colon")
            except (ValueError, binascii.Error, UnicodeDecodeError):
                return self.oauth_error(401, "invalid_client", "Malformed Basic credentials")
            # RFC 6749 2.3.1: both are application/x-www-form-urlencoded before the Basic encoding
            cid, secret, style = unquote_plus(bid), unquote_plus(bsecret), "basic"
        grant = q1(form, "grant_type")
        self._oauth = {"form_keys": sorted(form), "client_auth": style, "grant_type": grant,
                       "scope": q1(form, "scope")}
        if grant == TOKEN_EXCHANGE:
            if args.oidc_token is None:
                return self.oauth_error(400, "unsupported_grant_type", "Token exchange is not enabled")
            if q1(form, "subject_token_type") != JWT_TYPE:
                return self.oauth_error(400, "invalid_request", "subject_token_type must be " + JWT_TYPE)
            if q1(form, "subject_token") != args.oidc_token:
                return self.oauth_error(401, "invalid_grant", "The subject token was not accepted")
            if args.oidc_client_id is not None and cid != args.oidc_client_id:
                return self.oauth_error(401, "invalid_client", "Unknown client for token federation")
            return self.issue(body_fault)
        if grant != "client_credentials":
            return self.oauth_error(400, "unsupported_grant_type", f"Unsupported grant_type: {grant!r}")
        if not args.client_id or cid != args.client_id or secret != args.client_secret:
            return self.oauth_error(401, "invalid_client", "Client authentication failed")
        return self.issue(body_fault)

    # ------------------------------------------------------------------ probes
    def items(self, name):
        v = self.ws.data.get(name)
        if v is None:
            return []
        return v if isinstance(v, list) else [v]

    def page_size(self, requested, default, maximum):
        n = requested if requested else default
        n = min(n, maximum)
        if self.st.args.page_size:
            n = min(n, self.st.args.page_size)
        return max(1, n)

    def start_offset(self, name, query, token_param="page_token"):
        """(offset, empties_remaining) from the page token, or a fresh listing."""
        tok = q1(query, token_param)
        if tok:
            d = dec_token(name, tok)
            if d is None:
                raise ApiError(400, "INVALID_PARAMETER_VALUE", f"Invalid page token: {tok[:40]}")
            return d
        f = self.st.fault_take(name, ("empty-pages",))
        return 0, (f.count if f else 0)

    def token_page(self, name, key, items, off, empties, size, extra=None, prev=True):
        out = dict(extra or {})
        if self.st.fault_take(name, ("endless",)):  # a listing that never ends: a new token every page
            out["next_page_token"] = enc_token(name, off + 1)
            return out
        if empties > 0:  # an empty page that still carries a token (Unity Catalog does this)
            out["next_page_token"] = enc_token(name, off, empties - 1)
            return out
        page = self.list_shape(name.split(":")[0], items[off:off + size])
        if page:
            out[key] = page
        if off + size < len(items):
            out["next_page_token"] = enc_token(name, off + size)
        if prev and off > 0:
            out["prev_page_token"] = enc_token(name, max(0, off - size))
        return out

    def serve_probe(self, name, route, match, query):
        """The answer of one probe, shaped as the real API answers it."""
        _, key, paging = route
        args = self.st.args
        if (args.no_metastore or self.ws.no_metastore) and name in UC_PROBES:
            raise ApiError(404, "METASTORE_DOES_NOT_EXIST", "No metastore assigned for the current workspace.")
        if name in ACCOUNT_PROBES:
            if match.group("account") != self.st.account_id:
                raise ApiError(404, "NOT_FOUND", "Account not found.")
            if not self.account_host():
                raise ApiError(404, "ENDPOINT_NOT_FOUND", "Account APIs are served on the account console's host.")
        elif self.account_host():
            raise ApiError(404, "ENDPOINT_NOT_FOUND", "Workspace APIs are not served on the account console's host.")
        if args.non_admin and name in ADMIN_ONLY:
            raise ApiError(403, "PERMISSION_DENIED", "Only workspace admins can use this API. [fake]")
        if name == "workspace-conf":
            return self.workspace_conf(query)
        if name in ("metastore-assignment", "metastore-summary", "current-user", "disable-legacy-access",
                    "disable-legacy-dbfs"):
            obj = self.ws.data.get(name)
            if obj is None:
                if name in ("metastore-assignment", "metastore-summary"):
                    raise ApiError(404, "METASTORE_DOES_NOT_EXIST", "No metastore assigned for the current workspace.")
                if name.startswith("disable-"):
                    raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Setting was not set. [fake]")
                raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", "User not found.")
            if name == "current-user" and args.non_admin:
                obj = dict(obj)
                obj["groups"] = [g for g in obj.get("groups", []) if g.get("display") != "admins"]
            return self.st.shape(name, obj)
        if name == "job-details":
            jid = q1(query, "job_id")
            if not jid or not jid.isdigit():
                raise ApiError(400, "INVALID_PARAMETER_VALUE", "Missing or invalid required parameter: job_id")
            return self.st.shape(name, self.one(name, "job_id", jid, "Job %s does not exist." % jid))
        if name == "share-details":
            obj = dict(self.one(name, "name", match.group("share"), "Share '%s' does not exist." % match.group("share")))
            if (q1(query, "include_shared_data") or "").lower() != "true":
                obj.pop("objects", None)  # the objects come only with include_shared_data=true
            return self.st.shape(name, obj)
        if name == "sp-secrets":
            by_sp = self.ws.data.get("sp-secrets") or {}
            sp = match.group("sp")
            if not any(str(o.get("id")) == sp for o in self.items("service-principals")):
                raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Service principal %s does not exist." % sp)
            items = by_sp.get(sp, [])
            off, empties = self.start_offset(name + ":" + sp, query)
            return self.token_page(name + ":" + sp, key, items, off, empties, self.page_size(qint(query, "page_size", 1), 50, 100),
                                   prev=False)
        if name == "catalog-grants":
            cat = match.group("catalog")
            if not any(c.get("name") == cat for c in self.items("catalogs")):
                raise ApiError(404, "CATALOG_DOES_NOT_EXIST", "Catalog '%s' does not exist." % cat)
            grants = (self.ws.data.get("catalog-grants") or {}).get(cat, [])
            return {key: grants} if grants else {}
        items = self.items(name)  # shaped page by page (list_shape), as they are sent
        if name == "system-schemas":
            ma = self.ws.data.get("metastore-assignment") or {}
            if match.group("metastore_id") != ma.get("metastore_id"):
                raise ApiError(404, "METASTORE_DOES_NOT_EXIST",
                               f"Metastore '{match.group('metastore_id')}' does not exist.")
            by_ms = self.ws.data.get("system-schemas") or {}
            items = by_ms.get(match.group("metastore_id"), [])
        if name == "tokens":
            by_id, by_name = q1(query, "created_by_id"), q1(query, "created_by_username")
            if by_id:
                items = [t for t in items if str(t.get("created_by_id")) == by_id]
            if by_name:
                items = [t for t in items if t.get("created_by_username") == by_name]
        bloat = self.st.fault_take(name, ("bloat",))
        if bloat:
            items = [self.bloated(name, o, bloat.ms) for o in items]
        if paging == NONE:
            items = self.list_shape(name, items)
            return {key: items} if items else {}
        if paging == TOKEN_CLUSTERS:
            size = self.page_size(qint(query, "page_size", 0), 20, 100)
            off, empties = self.start_offset(name, query)
            return self.token_page(name, key, items, off, empties, size)
        if paging == TOKEN_WAREHOUSES:
            size = self.page_size(qint(query, "page_size", 0), 25, 100)
            off, empties = self.start_offset(name, query)
            return self.token_page(name, key, items, off, empties, size, prev=False)
        if paging == TOKEN_JOBS:
            limit = qint(query, "limit", 0)
            if limit is not None and limit > 100:
                raise ApiError(400, "INVALID_PARAMETER_VALUE", f"limit must be between 0 and 100, got {limit}")
            size = self.page_size(limit, 20, 100)
            if q1(query, "page_token"):
                off, empties = self.start_offset(name, query)
            else:
                off = qint(query, "offset", 0) or 0
                f = self.st.fault_take(name, ("empty-pages",))
                empties = f.count if f else 0
            name_filter = q1(query, "name")
            if name_filter:
                items = [j for j in items if (j.get("settings") or {}).get("name") == name_filter]
            out = self.token_page(name, key, items, off, empties, size)
            if "next_page_token" in out:
                out["has_more"] = True
            return out
        if paging == TOKEN_PIPELINES:
            mr = qint(query, "max_results", 1)
            if mr is not None and mr > 100:
                raise ApiError(400, "INVALID_PARAMETER_VALUE", "max_results must be at most 100")
            size = self.page_size(mr, 25, 100)
            off, empties = self.start_offset(name, query)
            return self.token_page(name, key, items, off, empties, size)
        if paging == TOKEN_APPS:
            size = self.page_size(qint(query, "page_size", 1), 50, 100)
            off, empties = self.start_offset(name, query)
            return self.token_page(name, key, items, off, empties, size, prev=False)
        if paging == TOKEN_UC:
            mr = q1(query, "max_results")
            if mr is None or mr == "":
                # the unpaginated form (being retired): everything at once; logged for the tests
                size = len(items) or 1
                self.st.note("unpaginated:" + name)
            else:
                n = qint(query, "max_results")
                if n < 0:
                    raise ApiError(400, "INVALID_PARAMETER_VALUE", "max_results must be greater than or equal to 0")
                size = self.page_size(n if n > 0 else None, 50, 1000)
            if self.st.args.page_size:
                size = min(size, self.st.args.page_size)
            off, empties = self.start_offset(name, query)
            return self.token_page(name, key, items, off, empties, size, prev=False)
        if paging == SCIM:
            start = max(1, qint(query, "startIndex") or 1)
            count = qint(query, "count")
            count = 10000 if count is None else max(0, count)
            if self.st.args.page_size:
                count = min(count, self.st.args.page_size)
            page = self.list_shape(name, items[start - 1:start - 1 + count]) if count else []
            lie = self.st.fault_take(name, ("scim-total",))
            out = {"schemas": ["urn:ietf:params:scim:api:messages:2.0:ListResponse"],
                   "totalResults": lie.ms if lie else len(items), "startIndex": start, "itemsPerPage": len(page)}
            if page:
                out["Resources"] = page
            return out
        raise ApiError(500, "INTERNAL_ERROR", "unhandled paging")

    # ------------------------------------------------------------------ Statement Execution API
    def sql_api(self, m, body):
        """POST /api/2.0/sql/statements, GET .../{id}, GET .../{id}/result/chunks/{n},
        POST .../{id}/cancel, as databricks-sdk-go service/sql (StatementResponse, ResultData)."""
        sid, tail = m.group("id"), m.group("tail")
        if sid is None:
            if self.command != "POST":
                raise ApiError(405, "METHOD_NOT_ALLOWED", "Use POST to execute a statement")
            return self.sql_submit(body)
        with self.st.lock:
            stmt = self.st.statements.get(sid)
        if stmt is None or stmt.get("realm", SINGLE_REALM) != self.ws.realm:
            raise ApiError(404, "NOT_FOUND", f"Statement {sid} not found.")
        if tail == "cancel":
            if self.command != "POST":
                raise ApiError(405, "METHOD_NOT_ALLOWED", "Use POST to cancel")
            with self.st.lock:
                if stmt["state"] in ("PENDING", "RUNNING"):
                    stmt["state"] = "CANCELED"
                stmt["canceled"] = True
            self.st.note("canceled:" + stmt["probe"])
            if stmt.get("results") and stmt["state"] == "CANCELED":
                self.st.write_results({"time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()),
                                       "realm": self.ws.realm, "statement_id": sid, "kind": "cancel"})
            return {}
        if tail:
            return self.sql_chunk(stmt, int(m.group("chunk")))
        return self.sql_response(sid, stmt)

    def sql_submit(self, body):
        try:
            req = json.loads(body.decode("utf-8"))
        except (ValueError, UnicodeDecodeError):
            raise ApiError(400, "MALFORMED_REQUEST", "Could not parse the request body as JSON.")
        for k in ("statement", "warehouse_id"):
            if not isinstance(req.get(k), str) or not req[k]:
                raise ApiError(400, "INVALID_PARAMETER_VALUE", f"Missing required field: {k}")
        if req.get("format", "JSON_ARRAY") != "JSON_ARRAY" or req.get("disposition", "INLINE") != "INLINE":
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "the fake answers format JSON_ARRAY, disposition INLINE")
        if req.get("on_wait_timeout", "CONTINUE") not in ("CONTINUE", "CANCEL"):
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "on_wait_timeout must be CONTINUE or CANCEL")
        wh = [w for w in self.items("warehouses") if w.get("id") == req["warehouse_id"]]
        if not wh:
            raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", f"SQL warehouse {req['warehouse_id']} does not exist.")
        m = SQL_PROBE.match(req["statement"])
        probe = m.group("probe") if m else None
        names = set(re.findall(r"(?<!:):([a-z_]+)", re.sub(r"'[^']*'", "", req["statement"])))
        given = {p.get("name"): p for p in req.get("parameters") or []}
        missing = sorted(n for n in names if n not in given)
        if missing:
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "[UNBOUND_SQL_PARAMETER] Found the unbound parameter: "
                           + missing[0])
        for p in given.values():
            if p.get("type") == "INT" and not str(p.get("value", "")).lstrip("-").isdigit():
                raise ApiError(400, "INVALID_PARAMETER_VALUE", f"parameter {p.get('name')} is not an INT")
        rs = RESULTS_SQL.match(req["statement"])
        if rs:
            return self.results_submit(req, rs, given, wh[0])
        sid = "01ef" + uuid.uuid4().hex[:28]
        rows = self.ws.data.get(probe) if probe else None
        stmt = {"probe": probe or "?", "rows": rows if isinstance(rows, list) else [], "t0": time.time(),
                "state": "PENDING", "row_limit": req.get("row_limit"), "warehouse": wh[0],
                "tags": req.get("query_tags"), "params": given, "realm": self.ws.realm}
        fault = None
        for kind in ("sql-denied", "sql-fail", "sql-cancel", "sql-bad-state"):
            if probe and self.st.fault_take(probe, (kind,)):
                fault = kind
        if self.st.args.non_admin:
            fault = "sql-denied"
        if probe is None or (rows is None and not fault):
            fault = fault or "sql-notable"
        stmt["fault"] = fault
        if wh[0].get("state") not in (None, "RUNNING"):
            stmt["starting"] = True  # a statement starts a stopped warehouse (and waits for it)
            self.st.note("started-warehouse:" + wh[0]["id"])
        with self.st.lock:
            self.st.statements[sid] = stmt
        wait = req.get("wait_timeout", "10s")
        if not re.fullmatch(r"(0|[5-9]|[1-4][0-9]|50)s", wait):
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "wait_timeout must be 0s or 5s to 50s")
        limit = float(wait[:-1])
        if self.st.args.sql_max_wait is not None:  # the server answers before the statement ends
            limit = min(limit, self.st.args.sql_max_wait / 1000.0)
        # answer at once when the statement ends within the wait timeout, else PENDING/RUNNING
        if self.sql_elapsed_done(stmt, limit):
            pass
        return self.sql_response(sid, stmt)

    def results_check(self, kind, text, given, table):
        """Why the warehouse refuses a results statement (message, SQLSTATE), or None; and the rows
        the INSERT's :rows parameter carries, with the problems a warehouse would silently null."""
        for lit in SQL_LITERAL.finditer(text):
            if not SQL_FIXED_LITERAL.search(text[:lit.start()]):
                shown = lit.group(0)[:40] + ("..." if len(lit.group(0)) > 40 else "")
                return ("[FAKE_LITERAL_IN_STATEMENT] The statement text carries the literal %s: values must "
                        "travel as statement parameters. SQLSTATE: 42000" % shown, "42000"), None, []
        if kind == "create":
            return None, None, []
        if (self.ws.realm, table) not in self.st.tables:
            return ("[TABLE_OR_VIEW_NOT_FOUND] The table or view `%s` cannot be found. SQLSTATE: 42P01" % table[:120],
                    "42P01"), None, []
        for col in ("run_id", "run_time"):
            if col in given and given[col].get("value") is None:
                return ("[DELTA_NOT_NULL_CONSTRAINT_VIOLATED] NOT NULL constraint violated for column: %s. "
                        "SQLSTATE: 23502" % col, "23502"), None, []
        rt = given.get("run_time", {}).get("value")
        if rt is not None and not SQL_TIMESTAMP.fullmatch(rt):
            return ('[CAST_INVALID_INPUT] The value \'%s\' of the type "STRING" cannot be cast to "TIMESTAMP" '
                    'because it is malformed. SQLSTATE: 22018' % rt[:60], "22018"), None, []
        if "rows" not in given:
            return None, None, []
        try:
            rows = json.loads(given["rows"].get("value") or "null")
        except ValueError:
            rows = None
        if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
            return ("[MALFORMED_RECORD_IN_PARSING] Malformed records are detected in record parsing: the :rows "
                    "parameter is not a JSON array of objects. SQLSTATE: 22023", "22023"), None, []
        problems = []
        for n, r in enumerate(rows):
            for k, v in r.items():
                want = RESULTS_ROW_TYPES.get(k)
                if want is None:
                    problems.append("row %d: field %s is not in the from_json schema" % (n, k))
                elif v is not None and (type(v) is not want):
                    problems.append("row %d: %s is %s, not %s" % (n, k, type(v).__name__, want.__name__))
        # a value pasted into the text: a workspace id, or a longer string that is not a plain word
        for r in rows:
            for k, v in r.items():
                pasted = (k == "workspace_id" and isinstance(v, int) and len(str(v)) >= 6) or \
                    (isinstance(v, str) and len(v) >= 6 and not re.fullmatch(r"[A-Za-z_]+", v))
                if pasted and str(v) in text:
                    return ("[FAKE_LITERAL_IN_STATEMENT] The statement text carries the value of %s from the "
                            "rows: values must travel as statement parameters. SQLSTATE: 42000" % k, "42000"), None, []
        return None, rows, problems

    def results_submit(self, req, rs, given, wh):
        """CREATE TABLE IF NOT EXISTS / INSERT INTO of the fleet's results table: accepted when every
        value is a parameter (StatementParameterListItem, service/sql/model.go), recorded in
        --results-log; refused (FAILED, as a warehouse reports a SQL error) otherwise."""
        wait = req.get("wait_timeout", "10s")
        if not re.fullmatch(r"(0|[5-9]|[1-4][0-9]|50)s", wait):
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "wait_timeout must be 0s or 5s to 50s")
        text = req["statement"]
        kind = "insert" if rs.group("kind").upper().startswith("INSERT") else "create"
        param = rs.group("param")
        if param:
            table = given.get(param, {}).get("value")
            if not table:
                raise ApiError(400, "INVALID_PARAMETER_VALUE", "[UNBOUND_SQL_PARAMETER] Found the unbound "
                               "parameter: " + param)
        else:
            table = rs.group("target")
        error, rows, problems = self.results_check(kind, text, given, table)
        with self.st.lock:
            if kind == "insert":
                self.st.inserts += 1
                if error is None and self.st.args.results_fail and self.st.inserts == self.st.args.results_fail:
                    error = ("[INTERNAL_ERROR] The statement failed on the warehouse: the insert was not committed "
                             "[fake: --results-fail]. SQLSTATE: XX000", "XX000")
            if kind == "create" and error is None:
                self.st.tables.add((self.ws.realm, table))
        sid = "01ef" + uuid.uuid4().hex[:28]
        n = len(rows) if rows is not None else None
        out_rows = [{"num_affected_rows": n or 0, "num_inserted_rows": n or 0}] if kind == "insert" else []
        stmt = {"probe": "results-" + kind, "rows": out_rows, "t0": time.time(), "state": "PENDING",
                "row_limit": req.get("row_limit"), "warehouse": wh, "tags": req.get("query_tags"),
                "params": given, "fault": "results" if error else None, "error": error, "results": True,
                "realm": self.ws.realm}
        if wh.get("state") not in (None, "RUNNING"):
            stmt["starting"] = True
        with self.st.lock:
            self.st.statements[sid] = stmt
        self.st.write_results({
            "time": time.strftime("%Y-%m-%dT%H:%M:%SZ", time.gmtime()), "realm": self.ws.realm,
            "host": self.headers.get("Host"), "statement_id": sid, "kind": kind, "table": table,
            "accepted": error is None, "error": error[0] if error else None,
            "parameters": [p for p in given], "types": {k: v.get("type") for k, v in given.items()},
            "run_id": given.get("run_id", {}).get("value"), "run_time": given.get("run_time", {}).get("value"),
            "pwaf_version": given.get("pwaf_version", {}).get("value"),
            "partner_type": given.get("partner_type", {}).get("value"),
            "n_rows": n, "rows": rows, "problems": problems, "warehouse_id": wh.get("id"),
        })
        limit = float(wait[:-1])
        if self.st.args.sql_max_wait is not None:
            limit = min(limit, self.st.args.sql_max_wait / 1000.0)
        self.sql_elapsed_done(stmt, limit)
        return self.sql_response(sid, stmt)

    def sql_elapsed_done(self, stmt, wait_s):
        dur = self.st.args.sql_latency / 1000.0 + (1.0 if stmt.get("starting") else 0.0)
        if dur <= wait_s:
            time.sleep(max(0.0, dur - (time.time() - stmt["t0"])))
            return True
        return False

    def sql_state(self, stmt):
        with self.st.lock:
            if stmt["state"] in ("CANCELED", "CLOSED"):
                return stmt["state"]
            dur = self.st.args.sql_latency / 1000.0 + (1.0 if stmt.get("starting") else 0.0)
            el = time.time() - stmt["t0"]
            if el < dur:
                stmt["state"] = "PENDING" if el < dur / 3 else "RUNNING"
                return stmt["state"]
            f = stmt["fault"]
            stmt["state"] = {"sql-cancel": "CANCELED", "sql-denied": "FAILED", "sql-fail": "FAILED",
                             "sql-notable": "FAILED", "sql-bad-state": "EXPLODED",
                             "results": "FAILED"}.get(f, "SUCCEEDED")
            return stmt["state"]

    def sql_columns(self, rows):
        cols, seen = [], {}
        for r in rows:
            for k, v in r.items():
                t = "BOOLEAN" if isinstance(v, bool) else "LONG" if isinstance(v, int) else \
                    "DOUBLE" if isinstance(v, float) else "STRING"
                if k not in seen:
                    seen[k] = len(cols)
                    cols.append({"name": k, "type_name": t, "type_text": t.lower(), "position": len(cols)})
                elif v is not None and cols[seen[k]]["type_name"] == "STRING" and t != "STRING" and \
                        all(r2.get(k) is None for r2 in rows[:rows.index(r)]):
                    cols[seen[k]]["type_name"] = t
        return cols

    @staticmethod
    def sql_cell(v):
        if v is None:
            return None
        if isinstance(v, bool):
            return "true" if v else "false"
        return str(v)

    def sql_chunks(self, stmt):
        rows = stmt["rows"]
        lim = stmt.get("row_limit")
        truncated = isinstance(lim, int) and lim >= 0 and len(rows) > lim
        if truncated:
            rows = rows[:lim]
        size = self.st.args.sql_chunk or max(1, len(rows))
        chunks = [rows[i:i + size] for i in range(0, len(rows), size)] or [[]]
        return chunks, truncated

    def sql_data(self, stmt, n, chunks, cols):
        rows = chunks[n]
        off = sum(len(c) for c in chunks[:n])
        out = {"chunk_index": n, "row_offset": off, "row_count": len(rows),
               "data_array": [[self.sql_cell(r.get(c["name"])) for c in cols] for r in rows]}
        if n + 1 < len(chunks):
            out["next_chunk_index"] = n + 1
            out["next_chunk_internal_link"] = f"/api/2.0/sql/statements/{{id}}/result/chunks/{n + 1}"
        return self.st.shape_plain(out)

    def sql_response(self, sid, stmt):
        state = self.sql_state(stmt)
        out = {"statement_id": sid, "status": {"state": state}}
        if state == "FAILED" and stmt.get("error"):
            msg, out["status"]["sql_state"] = stmt["error"]
            out["status"]["error"] = {"error_code": "BAD_REQUEST", "message": msg}
        elif state == "FAILED":
            f = stmt["fault"]
            table = {"sys-audit-user-agents": "system.access.audit", "sys-sharing-activity": "system.access.audit",
                     "sys-query-clients": "system.query.history", "sys-system-table-readers": "system.query.history",
                     "sys-billing-by-tag": "system.billing.usage", "sys-lineage": "system.access.table_lineage"}.get(
                stmt["probe"], "system.unknown")
            schema = table.rsplit(".", 1)[0]
            if f == "sql-denied":
                msg = (f"[INSUFFICIENT_PERMISSIONS] Insufficient privileges: User does not have USE SCHEMA on Schema "
                       f"'{schema}'. SQLSTATE: 42501")
                out["status"]["sql_state"] = "42501"
            elif f == "sql-notable":
                msg = f"[TABLE_OR_VIEW_NOT_FOUND] The table or view `{table}` cannot be found. SQLSTATE: 42P01"
                out["status"]["sql_state"] = "42P01"
            else:
                msg = "[INTERNAL_ERROR] The statement failed on the warehouse [fake]."
            out["status"]["error"] = {"error_code": "BAD_REQUEST", "message": msg}
        elif state == "CANCELED":
            out["status"]["error"] = {"error_code": "CANCELLED", "message": "The statement was canceled."}
        elif state == "SUCCEEDED":
            chunks, truncated = self.sql_chunks(stmt)
            cols = self.sql_columns(stmt["rows"])
            stmt["cols"] = cols
            out["manifest"] = self.st.shape_plain({
                "format": "JSON_ARRAY", "schema": {"column_count": len(cols), "columns": cols},
                "total_chunk_count": len(chunks), "total_row_count": sum(len(c) for c in chunks),
                "truncated": truncated,
                "chunks": [{"chunk_index": i, "row_offset": sum(len(c) for c in chunks[:i]), "row_count": len(c)}
                           for i, c in enumerate(chunks)]})
            out["result"] = self.sql_data(stmt, 0, chunks, cols)
        return out

    def sql_chunk(self, stmt, n):
        if self.sql_state(stmt) != "SUCCEEDED":
            raise ApiError(400, "INVALID_STATE", "The statement has no result (it is not SUCCEEDED).")
        chunks, _ = self.sql_chunks(stmt)
        if n >= len(chunks):
            raise ApiError(404, "NOT_FOUND", f"Chunk {n} does not exist.")
        return self.sql_data(stmt, n, chunks, stmt.get("cols") or self.sql_columns(stmt["rows"]))

    # ------------------------------------------------------------------ the account console
    def account_workspaces(self, m):
        """GET /api/2.0/accounts/{account_id}/workspaces (a JSON array, no paging) and
        .../workspaces/{workspace_id}: databricks-sdk-go service/provisioning/impl.go workspacesImpl.List
        and Get, each entry a Workspace of service/provisioning/model.go with its omitempty zero
        values left out."""
        if self.ws is not self.st.account:
            raise ApiError(404, "ENDPOINT_NOT_FOUND", "Account APIs are served on the account console's host.")
        if m.group("account") != self.st.account_id:
            raise ApiError(404, "NOT_FOUND", "Account not found.")
        if self.command not in ("GET", "HEAD"):
            raise ApiError(405, "METHOD_NOT_ALLOWED", "The fake lists and gets workspaces only.")
        wsid = m.group("wsid")
        if wsid is None:
            return [self.workspace_object(w) for w in self.st.fleet.values()]
        for w in self.st.fleet.values():
            if str(w.workspace["workspace_id"]) == wsid:
                return self.workspace_object(w)
        raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", "Workspace %s does not exist." % wsid[:40])

    def workspace_object(self, w):
        """One provisioning Workspace (service/provisioning/model.go): AWS fields by default;
        --fleet-cloud azure gives azure_workspace_info and location, gcp cloud_resource_container
        and location (an account is on one cloud)."""
        cloud = self.st.args.fleet_cloud
        i = w.index
        o = {
            "account_id": self.st.account_id,
            "workspace_id": w.workspace["workspace_id"],
            "workspace_name": w.workspace["name"],
            "deployment_name": w.realm,
            "workspace_status": w.status,
            "workspace_status_message": WORKSPACE_STATUSES[w.status],
            "creation_time": 1735689600000 + i * 86400000,   # 2025-01-01 plus i days, epoch ms
            "pricing_tier": "ENTERPRISE" if i % 10 == 0 else "PREMIUM",
            "custom_tags": {"customer_id": "tenant-%03d" % i} if i % 6 else {},   # zero value: left out
        }
        if cloud == "aws":
            o["aws_region"] = "us-east-1" if i % 2 else "eu-west-1"
            o["credentials_id"] = str(uuid.UUID(int=0xc0ffee << 64 | i))
            o["storage_configuration_id"] = str(uuid.UUID(int=0x5707a6e << 64 | i))
            o["network_id"] = str(uuid.UUID(int=0x4e7 << 64 | i)) if i % 3 == 0 else ""   # BYO VPC: every 3rd
        elif cloud == "azure":
            o["cloud"] = "azure"
            o["location"] = "eastus2"
            o["azure_workspace_info"] = {"subscription_id": "00000000-0000-4000-8000-%012d" % i,
                                         "resource_group": "rg-tenant-%03d" % i}
        else:
            o["cloud"] = "gcp"
            o["location"] = "us-east4"
            o["cloud_resource_container"] = {"gcp": {"project_id": "tenant-%03d-project" % i}}
        return self.st.shape_plain(o)

    def account_oidc(self, m, body):
        if self.st.fleet and self.ws is not self.st.account:
            raise ApiError(404, "ENDPOINT_NOT_FOUND", "The account's OAuth endpoints are on the account console's host.")
        if m.group("account") != self.st.account_id:
            raise ApiError(404, "NOT_FOUND", "Account not found.")
        if m.group("what").startswith(".well-known"):
            b = self.base_url() + "/oidc/accounts/" + self.st.account_id
            return self.send_json(200, {"issuer": b, "token_endpoint": b + "/v1/token",
                                        "authorization_endpoint": b + "/v1/authorize"})
        if self.command != "POST":
            raise ApiError(405, "METHOD_NOT_ALLOWED", "Use POST for the token endpoint")
        return self.oauth_token(body, None)

    def list_shape(self, name, objs):
        """Objects of a list as the service sends them: zero values left out; the jobs list never
        carries who a job runs as (that is jobs/get's), the shares list never carries objects."""
        out = [self.st.shape(name, o) for o in objs]
        if name == "jobs":
            for j in out:
                j.pop("run_as_user_name", None)
                if isinstance(j.get("settings"), dict):
                    j["settings"] = {k: v for k, v in j["settings"].items() if k != "run_as"}
        if name == "shares":
            for sh in out:
                sh.pop("objects", None)
        return out

    def workspace_conf(self, query):
        keys = q1(query, "keys")
        if not keys:
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "Missing required parameter: keys")
        conf = self.ws.data.get("workspace-conf") or {}
        out, bad = {}, []
        for k in keys.split(","):
            k = k.strip()
            if not k:
                continue
            if k in conf:
                out[k] = conf[k]
            elif k in KNOWN_CONF_KEYS:
                out[k] = None
            else:
                bad.append(k)
        if bad:
            raise ApiError(400, "INVALID_PARAMETER_VALUE", "Invalid keys: " + json.dumps(bad))
        return out

    def account_host(self):
        return (self.headers.get("Host") or "").lower().startswith("accounts.")

    def one(self, name, field, value, missing):
        for o in self.items(name):
            if str(o.get(field)) == value:
                return o
        raise ApiError(404, "RESOURCE_DOES_NOT_EXIST", missing)

    @staticmethod
    def bloated(name, obj, kb):
        o = copy.deepcopy(obj)
        for path in EVIL_FIELDS.get(name, []):
            cur, keys = o, path.split(".")
            for k in keys[:-1]:
                cur = cur.get(k) if isinstance(cur, dict) else None
            if isinstance(cur, dict) and isinstance(cur.get(keys[-1]), str):
                cur[keys[-1]] += "x" * (kb * 1024)
                break
        return o


class Server(ThreadingHTTPServer):
    daemon_threads = True
    request_queue_size = 256  # a fleet opens up to 64 connections at once; the default backlog of 5 delays some
    allow_reuse_address = True


def main(argv=None):
    ap = argparse.ArgumentParser(description="Loopback fake Databricks workspace (127.0.0.1 only).")
    ap.add_argument("--data", default=DEFAULT_DATA, help="workspace data JSON (default: content/demo-workspace.json)")
    ap.add_argument("--port", type=int, default=0, help="port on 127.0.0.1 (default 0: any free port)")
    ap.add_argument("--port-file", help="write the bound port here once ready")
    ap.add_argument("--token", help="PAT accepted as 'Authorization: Bearer T'")
    ap.add_argument("--client-id", help="OAuth M2M client id accepted by POST /oidc/v1/token")
    ap.add_argument("--client-secret", default="", help="OAuth M2M client secret")
    ap.add_argument("--token-ttl", type=int, default=3600, help="lifetime of issued OAuth tokens, seconds")
    ap.add_argument("--token-expires-in", metavar="JSON", help="raw JSON for expires_in in token responses")
    ap.add_argument("--access-token", help="the access token the token endpoint issues (default: a random one)")
    ap.add_argument("--token-endpoint", help="token_endpoint announced by OAuth discovery (default: this server)")
    ap.add_argument("--oidc-token", help="accept the token exchange (RFC 8693) of this OIDC token")
    ap.add_argument("--oidc-client-id", help="with --oidc-token: the client_id the exchange must carry")
    ap.add_argument("--azure-tenant", help="answer GET /aad/auth with a redirect to this Entra ID tenant")
    ap.add_argument("--azure-mgmt-token", help="require X-Databricks-Azure-SP-Management-Token with this value")
    ap.add_argument("--latency", type=int, default=0, help="delay every request by MS milliseconds")
    ap.add_argument("--page-size", type=int, default=0, help="cap every paged response at N items")
    ap.add_argument("--log", help="append one JSON line per request to FILE (never the Authorization value)")
    ap.add_argument("--generate-clusters", type=int, metavar="N", help="replace clusters with N synthetic ones")
    ap.add_argument("--sql-latency", type=int, default=0, metavar="MS",
                    help="a statement runs MS milliseconds (PENDING, then RUNNING, then done)")
    ap.add_argument("--sql-chunk", type=int, default=0, metavar="N", help="N rows per result chunk")
    ap.add_argument("--sql-max-wait", type=int, metavar="MS",
                    help="answer a statement after at most MS ms (PENDING/RUNNING when it runs longer)")
    ap.add_argument("--account-id", help="the account id the account console answers for (default: the data's)")
    ap.add_argument("--no-metastore", action="store_true",
                    help="no Unity Catalog metastore: UC endpoints answer 404 METASTORE_DOES_NOT_EXIST")
    ap.add_argument("--non-admin", action="store_true",
                    help="the caller is not a workspace admin: Me has no admins group, admin APIs answer 403")
    ap.add_argument("--evil", action="store_true", help="put terminal escapes, C1 controls and bidi overrides in names")
    ap.add_argument("--fault", action="append", default=[], metavar="SPEC",
                    help="429:NAME:N[:RA] 503:NAME:N[:RA] 500|502|504|limit|reset:NAME:N 403:NAME disabled:NAME "
                         "truncate:NAME drop:NAME slow:NAME:MS empty-pages:NAME:N endless:NAME bloat:NAME:KB "
                         "scim-total:NAME:N bad-json:NAME (NAME: probe, token or *)")
    ap.add_argument("--fleet", type=int, default=0, metavar="N",
                    help="serve an account (accounts.localhost:PORT) and N workspaces (ws-001.localhost:PORT ...) "
                         "by Host header")
    ap.add_argument("--fleet-pat-prefix", metavar="P", help="with --fleet: the PAT P-ws-007 is good at ws-007 only")
    ap.add_argument("--fleet-fault", action="append", default=[], metavar="GLOB=KIND",
                    help="with --fleet: hosts whose deployment name matches GLOB answer 401 | 500 | reset | slow:MS")
    ap.add_argument("--fleet-status", action="append", default=[], metavar="GLOB=STATUS",
                    help="with --fleet: the account lists those workspaces with this workspace_status")
    ap.add_argument("--fleet-cloud", choices=("aws", "azure", "gcp"), default="aws",
                    help="with --fleet: the cloud of the account's workspace list (default aws)")
    ap.add_argument("--results-log", metavar="FILE",
                    help="append one JSON line per results-table statement (CREATE TABLE / INSERT INTO) to FILE")
    ap.add_argument("--results-fail", type=int, default=0, metavar="N",
                    help="the Nth INSERT INTO the fake receives fails (FAILED, INTERNAL_ERROR)")
    args = ap.parse_args(argv)
    if args.fleet < 0 or args.fleet > 9999:
        ap.error("--fleet must be between 0 and 9999")
    if not args.fleet and (args.fleet_pat_prefix or args.fleet_fault or args.fleet_status):
        ap.error("--fleet-pat-prefix, --fleet-fault and --fleet-status need --fleet N")
    if args.results_fail < 0:
        ap.error("--results-fail must not be negative")
    if args.page_size < 0 or args.latency < 0 or args.token_ttl < 0:
        ap.error("--page-size, --latency and --token-ttl must not be negative")
    if args.generate_clusters is not None and args.generate_clusters < 0:
        ap.error("--generate-clusters must not be negative")
    try:
        state = State(args)
    except (OSError, ValueError) as e:
        print(f"fake_workspace: {e}", file=sys.stderr)
        return 2

    srv = Server(("127.0.0.1", args.port), Handler)
    srv.state = state
    port = srv.server_address[1]
    stopping = threading.Event()

    def stop(signum, frame):
        if not stopping.is_set():
            stopping.set()
            threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    if args.port_file:
        tmp = args.port_file + ".tmp"
        with open(tmp, "w") as f:
            f.write(f"{port}\n")
        os.replace(tmp, args.port_file)
    else:
        print(f"fake workspace on http://127.0.0.1:{port}", file=sys.stderr, flush=True)
    try:
        srv.serve_forever(poll_interval=0.1)
    finally:
        srv.server_close()
        if state.log:
            state.log.close()
        if state.results_log:
            state.results_log.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
