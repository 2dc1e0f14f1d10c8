"""Starts the published probe, times its first /health, and prints its memory idle and after 2,000 requests to one route.
Usage: measure.py ROUTE [NAME=VALUE ...]   (the NAME=VALUE pairs are runtime settings, e.g. DOTNET_GCHeapHardLimit=0x1800000)"""
import os, subprocess, sys, time, urllib.request

URL = "http://127.0.0.1:5099"


def memory(pid):
    status = {l.split(":")[0]: int(l.split()[1]) for l in open(f"/proc/{pid}/status") if l.startswith(("VmRSS", "VmHWM"))}
    rollup = {l.split(":")[0]: int(l.split()[1]) for l in open(f"/proc/{pid}/smaps_rollup").read().splitlines()[1:]}
    mib = lambda kib: f"{kib / 1024:.1f}"
    return (f"RSS {mib(status['VmRSS'])} MiB (anon {mib(rollup['Anonymous'])}, "
            f"files {mib(rollup['Shared_Clean'] + rollup['Private_Clean'])}), peak {mib(status['VmHWM'])}")


route, settings = sys.argv[1], dict(a.split("=", 1) for a in sys.argv[2:])
if os.path.exists("probe.db"):
    os.remove("probe.db")
started = time.perf_counter()
api = subprocess.Popen(["./probe", "--urls", URL], env={**os.environ, **settings}, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
try:
    while True:
        try:
            urllib.request.urlopen(f"{URL}/health", timeout=1).read()
            break
        except OSError:
            time.sleep(0.002)
    print(f"  {' '.join(sys.argv[2:]) or 'default runtime settings'}, /{route}")
    print(f"    first /health after {(time.perf_counter() - started) * 1000:.0f} ms")
    time.sleep(1)
    print(f"    idle:                 {memory(api.pid)}")
    for _ in range(2000):
        urllib.request.urlopen(f"{URL}/{route}").read()
    time.sleep(2)
    print(f"    after 2,000 requests: {memory(api.pid)}")
finally:
    api.terminate()
