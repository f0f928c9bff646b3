#!/usr/bin/env python3
"""bench_fleet_fake.py - how many requests a second fake_workspace.py --fleet answers over C keep-alive connections.

Standard library only: python3 tests/fake/bench_fleet_fake.py [--fleet 200] [--latency 200]
[--connections 64] [--seconds 10]. Each connection takes workspaces round-robin and GETs the
probe paths pwaf reads most (PAT per workspace via --fleet-pat-prefix); prints requests/s, the
latency percentiles and any status other than 200.
"""
import argparse
import http.client
import os
import subprocess
import sys
import tempfile
import threading
import time

HERE = os.path.dirname(os.path.abspath(__file__))
PATHS = ["/api/2.1/clusters/list?page_size=100", "/api/2.0/sql/warehouses?page_size=100",
         "/api/2.2/jobs/list?limit=100", "/api/2.0/token-management/tokens", "/api/2.0/apps?page_size=100",
         "/api/2.0/preview/scim/v2/ServicePrincipals?startIndex=1&count=100",
         "/api/2.1/unity-catalog/catalogs?max_results=0", "/api/2.0/workspace-conf?keys=enableTokensConfig"]


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--fleet", type=int, default=200)
    ap.add_argument("--latency", type=int, default=200)
    ap.add_argument("--connections", type=int, default=64)
    ap.add_argument("--seconds", type=float, default=10)
    a = ap.parse_args()
    d = tempfile.mkdtemp(prefix="fleet-bench-")
    pf = os.path.join(d, "port")
    proc = subprocess.Popen([sys.executable, os.path.join(HERE, "fake_workspace.py"), "--port-file", pf,
                             "--fleet", str(a.fleet), "--fleet-pat-prefix", "pp", "--latency", str(a.latency),
                             "--log", os.path.join(d, "req.log")])
    try:
        while not (os.path.exists(pf) and os.path.getsize(pf)):
            time.sleep(0.05)
        with open(pf) as f:
            port = int(f.read())
        lock = threading.Lock()
        times, bad = [], {}
        stop = time.time() + a.seconds

        def worker(k):
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
            n = k
            while time.time() < stop:
                ws = "ws-%03d" % (n % a.fleet + 1)
                path = PATHS[(n // a.fleet) % len(PATHS)]
                n += a.connections
                t0 = time.time()
                try:
                    conn.request("GET", path, headers={"Host": "%s.localhost:%d" % (ws, port),
                                                       "Authorization": "Bearer pp-" + ws})
                    r = conn.getresponse()
                    r.read()
                    st = r.status
                except (OSError, http.client.HTTPException):
                    conn.close()
                    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
                    st = "error"
                with lock:
                    times.append(time.time() - t0)
                    if st != 200:
                        bad[st] = bad.get(st, 0) + 1
            conn.close()

        t0 = time.time()
        th = [threading.Thread(target=worker, args=(k,)) for k in range(a.connections)]
        for t in th:
            t.start()
        for t in th:
            t.join()
        el = time.time() - t0
        times.sort()
        pct = lambda p: times[min(len(times) - 1, int(p * len(times)))] * 1000
        print("fleet %d, latency %d ms, %d connections: %d requests in %.1f s = %.0f requests/s; "
              "p50 %.0f ms, p99 %.0f ms; not 200: %s"
              % (a.fleet, a.latency, a.connections, len(times), el, len(times) / el, pct(0.5), pct(0.99), bad or "none"))
    finally:
        proc.terminate()
        proc.wait()


if __name__ == "__main__":
    main()
