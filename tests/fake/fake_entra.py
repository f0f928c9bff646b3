#!/usr/bin/env python3
"""fake_entra.py - a loopback fake of Microsoft Entra ID's v1 token endpoint, and of a metadata service.

Standard library only; binds 127.0.0.1. Two modes:

  entra     POST /<tenant>/oauth2/token, grant_type=client_credentials&resource=R, the client
            authenticated by a Basic header (both halves form-encoded, RFC 6749 2.3.1) or by
            client_id/client_secret in the form. Answers as Entra ID v1 does (expires_in as a string).
  metadata  GET any path with X-Databricks-Metadata-Version: 1 and X-Databricks-Host: <--host>;
            answers {"access_token", "token_type", "expires_on"} (config/auth_metadata_service.go).

Every request is logged as one JSON line (--log): path, header names, form keys, client auth
style, resource, status. Never a secret.
"""
import argparse
import base64
import binascii
import json
import os
import signal
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from urllib.parse import parse_qs, unquote_plus, urlsplit


class Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"

    def log_message(self, fmt, *args):
        pass

    def reply(self, status, obj, headers=None, raw=None):
        self._status = status
        body = raw if raw is not None else json.dumps(obj).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def fault(self):
        a = self.server.args
        with self.server.lock:
            for f in self.server.faults:
                if f["used"] < f["n"]:
                    f["used"] += 1
                    return f
        return None

    def handle_any(self):
        self._status = 0
        self._rec = {}
        try:
            n = int(self.headers.get("Content-Length") or 0)
        except ValueError:
            n = 0
        body = self.rfile.read(n) if n > 0 else b""
        path = urlsplit(self.path).path
        try:
            f = self.fault()
            if f:
                self._rec["fault"] = f["spec"]
                return self.reply(f["status"], {"error": "temporarily_unavailable",
                                                "error_description": "fake fault"},
                                  {"Retry-After": str(f["ra"])})
            if self.server.args.mode == "metadata":
                return self.metadata()
            return self.entra(path, body)
        finally:
            rec = {"method": self.command, "path": path, "status": self._status,
                   "header_names": sorted(k.lower() for k in self.headers.keys()),
                   "user_agent": self.headers.get("User-Agent")}
            rec.update(self._rec)
            self.server.write_log(rec)

    do_GET = handle_any
    do_POST = handle_any

    def entra(self, path, body):
        a = self.server.args
        parts = path.strip("/").split("/")
        if self.command != "POST" or len(parts) != 3 or parts[1:] != ["oauth2", "token"]:
            return self.reply(404, {"error": "not_found", "error_description": "No such endpoint"})
        tenant = parts[0]
        form = parse_qs(body.decode("utf-8", "replace"), keep_blank_values=True)
        one = lambda k: (form.get(k) or [None])[0]
        cid, secret, style = one("client_id"), one("client_secret"), "post"
        auth = self.headers.get("Authorization") or ""
        if auth.startswith("Basic "):
            try:
                dec = base64.b64decode(auth[6:].strip(), validate=True).decode()
                bid, _, bsec = dec.partition(":")
            except (ValueError, binascii.Error, UnicodeDecodeError):
                return self.reply(401, {"error": "invalid_client", "error_description": "bad Basic header"})
            cid, secret, style = unquote_plus(bid), unquote_plus(bsec), "basic"
        resource = one("resource")
        self._rec.update({"tenant": tenant, "resource": resource, "client_auth": style,
                          "form_keys": sorted(form), "grant_type": one("grant_type")})
        if a.reject_basic and style == "basic":
            return self.reply(401, {"error": "invalid_client", "error_description":
                                    "AADSTS7000218: The request body must contain client_assertion or client_secret."})
        if tenant != a.tenant:
            return self.reply(400, {"error": "invalid_request", "error_description":
                                    "AADSTS90002: Tenant '%s' not found. Trace ID: 1 Correlation ID: 2" % tenant})
        if one("grant_type") != "client_credentials":
            return self.reply(400, {"error": "unsupported_grant_type", "error_description": "AADSTS70003"})
        if cid != a.client_id or secret != a.client_secret:
            return self.reply(401, {"error": "invalid_client", "error_description":
                                    "AADSTS7000215: Invalid client secret provided. Trace ID: 1"})
        tok = self.server.tokens.get(resource)
        if tok is None:
            return self.reply(400, {"error": "invalid_resource", "error_description":
                                    "AADSTS500011: The resource principal was not found."})
        now = int(time.time())
        exp = a.expires_in if a.expires_in is not None else '"3599"'
        raw = ('{"token_type":"Bearer","expires_in":%s,"ext_expires_in":"3599","expires_on":"%d",'
               '"not_before":"%d","resource":%s,"access_token":%s}'
               % (exp, now + 3599, now, json.dumps(resource), json.dumps(tok))).encode()
        self.reply(200, None, raw=raw)

    def metadata(self):
        a = self.server.args
        self._rec["metadata_version"] = self.headers.get("X-Databricks-Metadata-Version")
        self._rec["databricks_host"] = self.headers.get("X-Databricks-Host")
        if self.headers.get("X-Databricks-Metadata-Version") != "1":
            return self.reply(400, {"error": "unsupported metadata version"})
        if self.headers.get("X-Databricks-Host") != a.host:
            return self.reply(403, {"error": "this token is for another host"})
        exp = a.expires_on if a.expires_on is not None else str(int(time.time()) + 3600)
        raw = ('{"access_token":%s,"token_type":"Bearer","expires_on":%s}' % (json.dumps(a.token), exp)).encode()
        self.reply(200, None, raw=raw)


class Server(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True

    def write_log(self, rec):
        if not self.log:
            return
        with self.lock:
            self.log.write(json.dumps(rec, ensure_ascii=True) + "\n")
            self.log.flush()


def main(argv=None):
    ap = argparse.ArgumentParser(description="Loopback fake Entra ID token endpoint / metadata service.")
    ap.add_argument("--mode", choices=("entra", "metadata"), default="entra")
    ap.add_argument("--port-file", required=True)
    ap.add_argument("--log")
    ap.add_argument("--tenant", default="fake-tenant", help="entra: the tenant id in the path")
    ap.add_argument("--client-id", help="entra: the accepted client id")
    ap.add_argument("--client-secret", help="entra: the accepted client secret")
    ap.add_argument("--issue", action="append", default=[], metavar="RESOURCE=TOKEN",
                    help="entra: the access token issued for a resource (repeatable)")
    ap.add_argument("--expires-in", metavar="JSON", help="entra: raw JSON for expires_in")
    ap.add_argument("--reject-basic", action="store_true", help="entra: refuse Basic client auth (form only)")
    ap.add_argument("--fault", action="append", default=[], metavar="STATUS:N[:RA]",
                    help="the first N requests get STATUS (429, 502, 503, 504) with Retry-After RA")
    ap.add_argument("--host", help="metadata: the X-Databricks-Host the token is for")
    ap.add_argument("--token", help="metadata: the access token to hand out")
    ap.add_argument("--expires-on", metavar="JSON", help="metadata: raw JSON for expires_on")
    a = ap.parse_args(argv)
    srv = Server(("127.0.0.1", 0), Handler)
    srv.args = a
    srv.lock = threading.Lock()
    srv.log = open(a.log, "a", encoding="utf-8") if a.log else None
    srv.tokens = dict(x.split("=", 1) for x in a.issue)
    srv.faults = []
    for spec in a.fault:
        p = spec.split(":")
        srv.faults.append({"spec": spec, "status": int(p[0]), "n": int(p[1]), "ra": int(p[2]) if len(p) > 2 else 0,
                           "used": 0})

    def stop(signum, frame):
        threading.Thread(target=srv.shutdown, daemon=True).start()

    signal.signal(signal.SIGTERM, stop)
    signal.signal(signal.SIGINT, stop)
    tmp = a.port_file + ".tmp"
    with open(tmp, "w") as f:
        f.write("%d\n" % srv.server_address[1])
    os.replace(tmp, a.port_file)
    try:
        srv.serve_forever(poll_interval=0.1)
    finally:
        srv.server_close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
