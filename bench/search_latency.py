#!/usr/bin/env python3
"""search_latency.py RUNS -- CMD... : run CMD once per query (the query replaces {q}), RUNS times,
and print p50 and p99 wall-clock latency in milliseconds."""
import subprocess, sys, time

QUERIES = ["oauth", "service principal token", "customer_id tag", "delta sharing recipient",
           "user agent telemetry", "cluster policy", "unity catalog isolation", "marketplace listing",
           "lakebase", "serverless warehouse auto stop", "mcp server", "cost attribution"]

def main():
    runs = int(sys.argv[1])
    cmd = sys.argv[3:]
    times = []
    for _ in range(runs):
        for q in QUERIES:
            argv = [a.replace("{q}", q) for a in cmd]
            t = time.perf_counter()
            subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
            times.append((time.perf_counter() - t) * 1000)
    times.sort()
    p50 = times[len(times) // 2]
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print("%.2f %.2f" % (p50, p99))

main()
