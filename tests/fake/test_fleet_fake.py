#!/usr/bin/env python3
"""test_fleet_fake.py - self-test of fake_workspace.py --fleet: account list, host routing, host-bound tokens, faults, statuses, results statements.

Standard library only: python3 tests/fake/test_fleet_fake.py. Shapes follow databricks-sdk-go
service/provisioning/model.go (Workspace, WorkspaceStatus) and service/sql/model.go
(ExecuteStatementRequest, StatementParameterListItem, StatementStatus).
"""
import base64
import http.client
import json
import os
import subprocess
import sys
import tempfile
import time
import unittest

HERE = os.path.dirname(os.path.abspath(__file__))
FAKE = os.path.join(HERE, "fake_workspace.py")
ACCOUNT = "acct-fleet-test"
CID, SECRET = "fleet-client", "fleet-secret-value"
WAREHOUSE = "10939f58de2d5413"   # a RUNNING warehouse of content/demo-workspace.json

# The statements src/ws/resultstable.c sends (create_sql, insert_sql), verbatim.
COLUMNS = ("run_id STRING NOT NULL, run_time TIMESTAMP NOT NULL, pwaf_version STRING, partner_type STRING, "
           "workspace_host STRING, workspace_id BIGINT, workspace_name STRING, item STRING, level STRING, "
           "status STRING, evidence STRING")
CREATE_SQL = ("CREATE TABLE IF NOT EXISTS IDENTIFIER(:table) (" + COLUMNS + ") "
              "COMMENT 'Partner Well-Architected checks by pwaf: one row per workspace and item per run'")
INSERT_SQL = ("INSERT INTO IDENTIFIER(:table) (run_id, run_time, pwaf_version, partner_type, workspace_host, "
              "workspace_id, workspace_name, item, level, status, evidence) "
              "SELECT :run_id, CAST(:run_time AS TIMESTAMP), :pwaf_version, :partner_type, r.workspace_host, "
              "r.workspace_id, r.workspace_name, r.item, r.level, r.status, r.evidence "
              "FROM (SELECT explode(from_json(:rows, 'ARRAY<STRUCT<workspace_host: STRING, workspace_id: BIGINT, "
              "workspace_name: STRING, item: STRING, level: STRING, status: STRING, evidence: STRING>>')) AS r) AS t")


class Fake:
    def __init__(self, *extra):
        self.dir = tempfile.mkdtemp(prefix="fleet-fake-")
        self.log = os.path.join(self.dir, "req.log")
        self.results = os.path.join(self.dir, "results.log")
        pf = os.path.join(self.dir, "port")
        self.proc = subprocess.Popen([sys.executable, FAKE, "--port-file", pf, "--log", self.log,
                                      "--results-log", self.results, "--account-id", ACCOUNT,
                                      "--client-id", CID, "--client-secret", SECRET, "--token", "single-pat"]
                                     + (["--fleet-pat-prefix", "pp"] if "--fleet" in extra else []) + list(extra),
                                     stderr=subprocess.PIPE)
        for _ in range(200):
            if os.path.exists(pf) and os.path.getsize(pf) > 0:
                break
            if self.proc.poll() is not None:
                raise RuntimeError("fake exited: " + self.proc.stderr.read().decode())
            time.sleep(0.05)
        with open(pf) as f:
            self.port = int(f.read())

    def stop(self):
        self.proc.terminate()
        self.proc.wait(10)
        self.proc.stderr.close()

    def request(self, host, method, path, body=None, headers=None, token=None):
        """(status, parsed JSON or raw bytes); status 0 when the connection was closed unanswered."""
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        h = {"Host": "%s:%d" % (host, self.port)} if host else {}
        if token:
            h["Authorization"] = "Bearer " + token
        h.update(headers or {})
        try:
            c.request(method, path, body=body, headers=h)
            r = c.getresponse()
            data = r.read()
        except (ConnectionError, http.client.RemoteDisconnected):
            return 0, None
        finally:
            c.close()
        try:
            return r.status, json.loads(data)
        except ValueError:
            return r.status, data

    def headers_of(self, host, path, token):
        c = http.client.HTTPConnection("127.0.0.1", self.port, timeout=10)
        c.request("GET", path, headers={"Host": "%s:%d" % (host, self.port), "Authorization": "Bearer " + token})
        r = c.getresponse()
        r.read()
        c.close()
        return {k.lower(): v for k, v in r.getheaders()}

    def token(self, host, path="/oidc/v1/token"):
        basic = base64.b64encode(("%s:%s" % (CID, SECRET)).encode()).decode()
        return self.request(host, "POST", path, body="grant_type=client_credentials&scope=all-apis",
                            headers={"Content-Type": "application/x-www-form-urlencoded",
                                     "Authorization": "Basic " + basic})

    def account_token(self):
        st, j = self.token("accounts.localhost", "/oidc/accounts/%s/v1/token" % ACCOUNT)
        assert st == 200, (st, j)
        return j["access_token"]

    def ws_token(self, name):
        st, j = self.token(name + ".localhost")
        assert st == 200, (st, j)
        return j["access_token"]

    def log_lines(self, path=None):
        with open(path or self.log) as f:
            return [json.loads(l) for l in f if l.strip()]


class FleetTest(unittest.TestCase):
    @classmethod
    def setUpClass(cls):
        cls.f = Fake("--fleet", "5", "--fleet-fault", "ws-003=500", "--fleet-fault", "ws-004=401",
                     "--fleet-fault", "ws-00[45]=slow:300", "--fleet-status", "ws-002=PROVISIONING",
                     "--results-fail", "3")

    @classmethod
    def tearDownClass(cls):
        cls.f.stop()

    def test_account_list_shape(self):
        tok = self.f.account_token()
        st, ws = self.f.request("accounts.localhost", "GET", "/api/2.0/accounts/%s/workspaces" % ACCOUNT, token=tok)
        self.assertEqual(st, 200)
        self.assertIsInstance(ws, list)   # workspacesImpl.List: a bare JSON array
        self.assertEqual([w["deployment_name"] for w in ws], ["ws-00%d" % i for i in range(1, 6)])
        w1 = ws[0]
        self.assertEqual(w1["workspace_id"], 1000000000000001)
        self.assertEqual(w1["account_id"], ACCOUNT)
        self.assertEqual(w1["workspace_status"], "RUNNING")
        self.assertEqual(w1["aws_region"], "us-east-1")
        self.assertIn(w1["pricing_tier"], ("PREMIUM", "ENTERPRISE"))
        self.assertIsInstance(w1["creation_time"], int)
        self.assertNotIn("network_id", w1)       # zero value left out (omitempty)
        self.assertNotIn("cloud", w1)
        self.assertEqual(ws[1]["workspace_status"], "PROVISIONING")
        self.assertTrue(ws[1]["workspace_status_message"])
        st, one = self.f.request("accounts.localhost", "GET",
                                 "/api/2.0/accounts/%s/workspaces/1000000000000003" % ACCOUNT, token=tok)
        self.assertEqual((st, one["deployment_name"]), (200, "ws-003"))
        st, e = self.f.request("accounts.localhost", "GET", "/api/2.0/accounts/other/workspaces", token=tok)
        self.assertEqual(st, 404)

    def test_account_list_refuses_workspace_token(self):
        tok = self.f.ws_token("ws-001")
        st, e = self.f.request("accounts.localhost", "GET", "/api/2.0/accounts/%s/workspaces" % ACCOUNT, token=tok)
        self.assertEqual(st, 401)
        self.assertEqual(e["error_code"], "UNAUTHENTICATED")
        # and the list is no workspace API
        st, _ = self.f.request("ws-001.localhost", "GET", "/api/2.0/accounts/%s/workspaces" % ACCOUNT, token=tok)
        self.assertEqual(st, 404)

    def test_host_routing_and_ids(self):
        for name, wid in (("ws-001", "1000000000000001"), ("ws-005", "1000000000000005")):
            h = self.f.headers_of(name + ".localhost", "/api/2.1/clusters/list", "pp-" + name)
            self.assertEqual(h["x-databricks-org-id"], wid)
        h = self.f.headers_of("127.0.0.1", "/api/2.1/clusters/list", "single-pat")
        self.assertEqual(h["x-databricks-org-id"], "3125804497264621")   # the single workspace, as before
        st, _ = self.f.request("ws-009.localhost", "GET", "/api/2.1/clusters/list", token="pp-ws-001")
        self.assertEqual(st, 0)   # no such workspace: the connection closes unanswered
        tok = self.f.account_token()
        st, _ = self.f.request("accounts.localhost", "GET", "/api/2.1/clusters/list", token=tok)
        self.assertEqual(st, 404)   # workspace APIs are not on the account console

    def test_variations_by_index(self):
        def apps(name):
            st, j = self.f.request(name + ".localhost", "GET", "/api/2.0/apps", token="pp-" + name)
            self.assertEqual(st, 200)
            return {a["name"]: a["app_status"]["state"] for a in j["apps"]}
        self.assertEqual(apps("ws-001")["mcp-ops-assistant"], "UNAVAILABLE")
        self.assertEqual(apps("ws-002")["mcp-ops-assistant"], "RUNNING")       # even: every app runs
        st, _ = self.f.request("ws-001.localhost", "GET", "/api/2.1/unity-catalog/current-metastore-assignment",
                               token="pp-ws-001")
        self.assertEqual(st, 200)
        st, e = self.f.request("ws-005.localhost", "GET", "/api/2.1/unity-catalog/current-metastore-assignment",
                               token="pp-ws-005")
        self.assertEqual((st, e["error_code"]), (404, "METASTORE_DOES_NOT_EXIST"))   # every 5th: no metastore

    def test_oauth_discovery_and_binding(self):
        st, d = self.f.request("ws-001.localhost", "GET", "/oidc/.well-known/oauth-authorization-server")
        self.assertEqual(d["token_endpoint"], "http://ws-001.localhost:%d/oidc/v1/token" % self.f.port)
        t1 = self.f.ws_token("ws-001")
        st, _ = self.f.request("ws-001.localhost", "GET", "/api/2.0/apps", token=t1)
        self.assertEqual(st, 200)
        st, e = self.f.request("ws-002.localhost", "GET", "/api/2.0/apps", token=t1)
        self.assertEqual((st, e["error_code"]), (401, "UNAUTHENTICATED"))
        self.assertIn("message", e)
        ta = self.f.account_token()
        st, _ = self.f.request("ws-001.localhost", "GET", "/api/2.0/apps", token=ta)
        self.assertEqual(st, 401)   # an account token is no workspace token
        st, _ = self.f.request("127.0.0.1", "GET", "/api/2.0/apps", token=t1)
        self.assertEqual(st, 401)   # nor is it good at the single workspace
        st, _ = self.f.request("ws-002.localhost", "GET", "/api/2.0/apps", token="pp-ws-001")
        self.assertEqual(st, 401)   # PAT of ws-001
        st, _ = self.f.request("ws-002.localhost", "GET", "/api/2.0/apps", token="single-pat")
        self.assertEqual(st, 401)
        st, _ = self.f.request("accounts.localhost", "GET", "/oidc/v1/token")
        self.assertEqual(st, 404)   # the account's token endpoint is under /oidc/accounts/{id}
        # the log names the host and the token's host, never the token
        time.sleep(0.1)
        recs = [r for r in self.f.log_lines() if r.get("path") == "/api/2.0/apps" and r.get("status") == 401
                and r.get("host", "").startswith("ws-002.")]
        self.assertTrue(any(r["token_host"] == "ws-001" and r["token_kind"] == "oauth" for r in recs), recs)
        self.assertTrue(any(r["token_host"] == "ws-001" and r["token_kind"] == "pat" for r in recs), recs)
        with open(self.f.log) as fh:
            raw = fh.read()
        self.assertNotIn(t1, raw)
        self.assertNotIn("pp-ws-001", raw)
        self.assertNotIn(SECRET, raw)

    def test_fault_500(self):
        st, e = self.f.request("ws-003.localhost", "GET", "/api/2.0/apps", token="pp-ws-003")
        self.assertEqual((st, e["error_code"]), (500, "INTERNAL_ERROR"))
        st, j = self.f.token("ws-003.localhost")   # the OAuth endpoints still answer
        self.assertEqual(st, 200)

    def test_fault_401_and_slow(self):
        t0 = time.time()
        st, e = self.f.request("ws-004.localhost", "GET", "/api/2.0/apps", token="pp-ws-004")
        self.assertEqual((st, e["error_code"]), (401, "UNAUTHENTICATED"))
        self.assertGreaterEqual(time.time() - t0, 0.29)     # slow:300 as well
        st, e = self.f.token("ws-004.localhost")
        self.assertEqual((st, e["error"]), (401, "invalid_client"))
        t0 = time.time()
        st, _ = self.f.request("ws-001.localhost", "GET", "/api/2.0/apps", token="pp-ws-001")
        self.assertEqual(st, 200)
        self.assertLess(time.time() - t0, 0.25)             # others are not slowed

    def test_fault_reset(self):
        f = Fake("--fleet", "3", "--fleet-fault", "ws-002=reset")
        try:
            st, _ = f.request("ws-002.localhost", "GET", "/api/2.0/apps", token="pp-ws-002")
            self.assertEqual(st, 0)
            st, _ = f.token("ws-002.localhost")
            self.assertEqual(st, 0)
            st, _ = f.request("ws-001.localhost", "GET", "/api/2.0/apps", token="pp-ws-001")
            self.assertEqual(st, 200)
        finally:
            f.stop()

    def statement(self, name, sql, params, token=None):
        body = {"statement": sql, "warehouse_id": WAREHOUSE, "wait_timeout": "30s", "on_wait_timeout": "CONTINUE",
                "format": "JSON_ARRAY", "disposition": "INLINE", "parameters": params}
        st, j = self.f.request(name + ".localhost", "POST", "/api/2.0/sql/statements", body=json.dumps(body),
                               headers={"Content-Type": "application/json"}, token=token or "pp-" + name)
        self.assertEqual(st, 200, j)
        return j

    def insert_params(self, rows, run_id="run-1"):
        return [{"name": "table", "value": "main.pwaf.results", "type": "STRING"},
                {"name": "run_id", "value": run_id, "type": "STRING"},
                {"name": "run_time", "value": "2026-12-04T10:00:00Z", "type": "STRING"},
                {"name": "pwaf_version", "value": "0.9.0", "type": "STRING"},
                {"name": "partner_type", "value": "built-on", "type": "STRING"},
                {"name": "rows", "value": json.dumps(rows), "type": "STRING"}]

    def test_results_statements(self):
        rows = [{"workspace_host": "http://ws-001.localhost:1", "workspace_id": 1000000000000001,
                 "workspace_name": "tenant-001", "item": "BO-SEC-01", "level": "required", "status": "pass",
                 "evidence": "8 of 15 hold a secret"},
                {"workspace_host": "http://ws-003.localhost:1", "workspace_id": None, "workspace_name": "tenant-003",
                 "item": None, "level": None, "status": "unreachable", "evidence": "HTTP 500"}]
        # before the table exists: TABLE_OR_VIEW_NOT_FOUND (insert 1)
        j = self.statement("ws-001", INSERT_SQL, self.insert_params(rows))
        self.assertEqual(j["status"]["state"], "FAILED")
        self.assertIn("TABLE_OR_VIEW_NOT_FOUND", j["status"]["error"]["message"])
        j = self.statement("ws-001", CREATE_SQL, [{"name": "table", "value": "main.pwaf.results", "type": "STRING"}])
        self.assertEqual(j["status"]["state"], "SUCCEEDED", j)
        # with parameters: accepted (insert 2)
        j = self.statement("ws-001", INSERT_SQL, self.insert_params(rows))
        self.assertEqual(j["status"]["state"], "SUCCEEDED", j)
        self.assertEqual(j["result"]["data_array"], [["2", "2"]])
        # --results-fail 3: the third insert fails
        j = self.statement("ws-001", INSERT_SQL, self.insert_params(rows, "run-2"))
        self.assertEqual(j["status"]["state"], "FAILED")
        self.assertEqual(j["status"]["error"]["error_code"], "BAD_REQUEST")
        # a value pasted into the text: refused (insert 4)
        pasted = INSERT_SQL.replace(":run_id", "'run-3'")
        j = self.statement("ws-001", pasted, [p for p in self.insert_params(rows) if p["name"] != "run_id"])
        self.assertEqual(j["status"]["state"], "FAILED")
        self.assertIn("literal", j["status"]["error"]["message"])
        values = ("INSERT INTO IDENTIFIER(:table) (run_id, workspace_id) VALUES (:run_id, 1000000000000001)")
        j = self.statement("ws-001", values, self.insert_params(rows)[:2] + [self.insert_params(rows)[5]])
        self.assertEqual(j["status"]["state"], "FAILED")   # a workspace id from the rows in the text
        # the table of ws-001 is not ws-002's
        j = self.statement("ws-002", INSERT_SQL, self.insert_params(rows))
        self.assertIn("TABLE_OR_VIEW_NOT_FOUND", j["status"]["error"]["message"])
        # a statement of ws-001 is not found at ws-002
        sid = j["statement_id"]
        st, _ = self.f.request("ws-001.localhost", "GET", "/api/2.0/sql/statements/" + sid, token="pp-ws-001")
        self.assertEqual(st, 404)
        time.sleep(0.1)
        log = self.f.log_lines(self.f.results)
        ok = [r for r in log if r["accepted"]]
        self.assertEqual([r["kind"] for r in ok], ["create", "insert"])
        self.assertEqual(ok[1]["n_rows"], 2)
        self.assertEqual(ok[1]["rows"], rows)
        self.assertEqual(ok[1]["table"], "main.pwaf.results")
        self.assertEqual(ok[1]["run_id"], "run-1")
        self.assertEqual(ok[1]["realm"], "ws-001")
        self.assertEqual(ok[1]["problems"], [])
        self.assertEqual(len([r for r in log if r["kind"] == "insert" and not r["accepted"]]), 5)


class SingleModeTest(unittest.TestCase):
    """Without --fleet every Host is the one workspace, and tokens are not bound to a host."""

    def test_unchanged(self):
        f = Fake()
        try:
            st, j = f.token("127.0.0.1")
            tok = j["access_token"]
            for host in ("127.0.0.1", "ws-002.localhost", "accounts.localhost"):
                h = "accounts.localhost" == host
                st, _ = f.request(host, "GET", "/api/2.0/apps", token=tok)
                self.assertEqual(st, 404 if h else 200, host)
            rec = f.log_lines()[-1]
            self.assertNotIn("token_host", rec)
            st, _ = f.request("accounts.localhost", "GET", "/api/2.0/accounts/%s/workspaces" % ACCOUNT, token=tok)
            self.assertEqual(st, 404)
        finally:
            f.stop()


if __name__ == "__main__":
    unittest.main()
