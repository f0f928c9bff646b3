#!/usr/bin/env python3
"""search_latency.py - time commands that each answer one query, one process per query.

usage: search_latency.py RUNS [--cold FILE] --- CMD... [--- CMD...]...   ("---" separates commands)

Every CMD is run once per query (the query replaces {q} in its arguments), RUNS times over the
12 queries; the commands take turns query by query, so a change in the machine's load hits them
alike. The time is the process's life, spawn to exit. With --cold FILE, FILE's pages are dropped
from the OS page cache (posix_fadvise DONTNEED, that file only) before every run, so each process
reads it from the disk. Then one more pass runs each command under /usr/bin/time to read its
peak resident memory (left out, "-", when /usr/bin/time is missing).
Prints one line per command: p50 and p99 in milliseconds, and the peak RSS in MB over the queries.
"""
import os, subprocess, sys, tempfile, time

QUERIES = ["oauth", "service principal token", "customer_id tag", "delta sharing recipient",
           "user agent telemetry", "cluster policy", "unity catalog isolation", "marketplace listing",
           "lakebase", "serverless warehouse auto stop", "mcp server", "cost attribution"]
GNU_TIME = "/usr/bin/time"


def parse(argv):
    runs, cold, cmds = int(argv[1]), None, []
    i = 2
    if argv[i] == "--cold":
        cold, i = argv[i + 1], i + 2
    for a in argv[i:]:
        if a == "---":
            cmds.append([])
        else:
            cmds[-1].append(a)
    return runs, cold, [c for c in cmds if c]


def evict(path):
    fd = os.open(path, os.O_RDONLY)
    try:
        os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
    finally:
        os.close(fd)


def run(argv, cold):
    if cold:
        evict(cold)
    t = time.perf_counter()
    subprocess.run(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, check=False)
    return (time.perf_counter() - t) * 1000


def peak_rss_mb(cmd, cold):
    if not os.access(GNU_TIME, os.X_OK):
        return None
    peak = 0
    with tempfile.NamedTemporaryFile("r") as out:
        for q in QUERIES:
            run([GNU_TIME, "-f", "%M", "-o", out.name] + [a.replace("{q}", q) for a in cmd], cold)
            out.seek(0)
            peak = max(peak, int(out.read().split()[-1]))
    return peak / 1024


def main():
    runs, cold, cmds = parse(sys.argv)
    times = [[] for _ in cmds]
    for _ in range(runs):
        for q in QUERIES:
            for k, cmd in enumerate(cmds):
                times[k].append(run([a.replace("{q}", q) for a in cmd], cold))
    for k, cmd in enumerate(cmds):
        t = sorted(times[k])
        p50 = t[len(t) // 2]
        p99 = t[min(len(t) - 1, int(len(t) * 0.99))]
        rss = peak_rss_mb(cmd, cold)
        print("%.2f %.2f %s" % (p50, p99, "%.1f" % rss if rss is not None else "-"))


main()
