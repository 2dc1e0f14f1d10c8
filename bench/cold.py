#!/usr/bin/env python3
"""The API in a pod whose own files count against its memory limit (see bench/README.md, "A pod's own files").

bench.py measures the API while the runtime's files sit in the page cache charged to another cgroup (the publish and
the seeding start read them first), so the 64 MiB limit counts only what the API allocates. In a pod, the kernel
charges a page of the image's files to the cgroup that reads it first: after a node restart, after the page cache
dropped them, and from the second container start on, that is the pod itself. This drops the published folder's pages
from the page cache before each start (posix_fadvise DONTNEED), so the API reads and is charged for every page of
the runtime it touches, and then, for each memory limit given:

  - time from exec to the first 200 from /health, waiting at most --wait seconds, and the major page faults (pages
    read back from disk) until then;
  - if it answered: the household mix at 8 connections for --seconds (wrk), with the major faults per second during
    it, anon+shmem and the cgroup's usage (page cache included) at the end.

    python3 bench/cold.py --app bench/.out/publish/Budget.Api --limits 64 128 192
    python3 bench/cold.py --app ... --seed-cache /tmp/seeds --transactions 5000 --out result.json
"""
import argparse, json, os, re, shutil, subprocess, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the same process, cgroup, pod environment and wrk mix as the benchmark)


def manifest_limit_mib():
    """The API container's memory limit in the generated k3s manifest (aspirate-output), in MiB."""
    with open(os.path.join(bench.ROOT, "aspirate-output", "base", "api-deployment.yaml")) as f:
        limits = re.search(r"limits:\s+memory: (\d+)Mi", f.read())
    return int(limits.group(1))


def drop_from_page_cache(folder):
    """Every file of the folder out of the page cache: whoever reads it next reads it from disk and is charged for it."""
    for root, _, files in os.walk(folder):
        for name in files:
            fd = os.open(os.path.join(root, name), os.O_RDONLY)
            try:
                os.posix_fadvise(fd, 0, 0, os.POSIX_FADV_DONTNEED)
            finally:
                os.close(fd)


def major_faults(cgroup):
    """Pages the cgroup's processes have read back from disk so far (v1 total_pgmajfault, v2 pgmajfault)."""
    with open(os.path.join(cgroup, "memory.stat")) as f:
        for line in f:
            key, value = line.split()
            if key in ("total_pgmajfault", "pgmajfault"):
                return int(value)
    return 0


def usage_mib(cgroup):
    for name in ("memory.usage_in_bytes", "memory.current"):
        p = os.path.join(cgroup, name)
        if os.path.exists(p):
            with open(p) as f:
                return round(int(f.read()) / 2**20, 1)
    return None


def one_limit(app, seeded, household, limit_mib, args, api_cpu, load_cpu, work):
    cgroup = bench.memory_cgroup(limit_mib * 2**20)
    data = os.path.join(work, f"limit{limit_mib}")
    shutil.copytree(seeded, data)
    r = {"limit_mib": limit_mib}
    api = bench.Api(app, data, cgroup, api_cpu, wait_seconds=args.wait)
    try:
        drop_from_page_cache(os.path.dirname(app))
        faults = major_faults(cgroup)
        try:
            r["start_ms"] = round(api.start(), 1)
        except RuntimeError as e:
            r["start_ms"] = None
            r["error"] = str(e)
        r["start_major_faults"] = major_faults(cgroup) - faults
        r["start_usage_mib"] = usage_mib(cgroup)
        if r["start_ms"] is None:
            return r
        profile, budget = household["budgets"][0]
        faults, started = major_faults(cgroup), time.perf_counter()
        try:
            token = bench.Client().call("POST", "/api/auth/login", {"email": bench.EMAIL, "password": bench.PASSWORD})["accessToken"]
            mix = bench.wrk(token, profile, budget, "mix", args.seconds, args.connections, load_cpu)
            r["mix_rps"], r["mix_p99_ms"], r["mix_errors"] = mix["rps"], mix["p99_ms"], mix.get("errors", 0)
        except (OSError, RuntimeError, subprocess.CalledProcessError) as e:  # a thrashing API answers nothing in time
            r["error"] = f"sign-in or mix: {type(e).__name__}: {e}"
        r["mix_major_faults_per_s"] = round((major_faults(cgroup) - faults) / (time.perf_counter() - started), 1)
        r["anon_shmem_mib"], r["usage_mib"] = api.unreclaimable(), usage_mib(cgroup)
    finally:
        if getattr(api, "proc", None):
            api.stop()
            r["oom_kills"] = api.oom_killed()
        time.sleep(0.5)
        os.rmdir(cgroup)
    return r


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True, help="published Budget.Api executable (bench/run.sh publishes it)")
    ap.add_argument("--limits", type=int, nargs="+", help="memory limits to try, MiB (default: 64, the issue's, and the manifest's)")
    ap.add_argument("--transactions", type=int, default=5000)
    ap.add_argument("--seed-cache", metavar="DIR", help="as bench.py's: reuse DIR/<transactions> (bench.py seeds it)")
    ap.add_argument("--seed-app", help="the build that seeds the household (default --app; aot-probe/whole-api.sh seeds "
                                       "with the ReadyToRun build, as its Native AOT build runs no query)")
    ap.add_argument("--wait", type=float, default=30, help="seconds to wait for the first /health")
    ap.add_argument("--seconds", type=int, default=10, help="wrk duration of the mix")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--out")
    ap.add_argument("--strict", action="store_true", help="exit 1 unless the API starts, signs in and serves the mix at the manifest's limit")
    args = ap.parse_args()
    manifest = manifest_limit_mib()
    args.limits = args.limits or [64, manifest]
    probe = bench.memory_cgroup()
    if not probe:  # bench.py then measures under the heap limit alone; this has nothing to measure without a cgroup
        print("no memory cgroup can be made here: the pod's own files were not measured")
        return
    os.rmdir(probe)

    bench.POD_ENV.update(bench.pod_runtime_env())
    app = os.path.abspath(args.app)
    api_cpu, load_cpu = (0, 1) if os.cpu_count() and os.cpu_count() >= 2 else (None, None)
    work = tempfile.mkdtemp(prefix="budget-cold-")
    seeded = bench.seed_folder(args.seed_cache, args.transactions, work)
    household, _ = bench.seeded_household(os.path.abspath(args.seed_app or app), seeded, args.transactions, api_cpu)

    bench.log(f"== the API's own files charged to its cgroup (dropped from the page cache before each start); "
              f"{args.transactions} transactions; pod environment: {' '.join(f'{k}={v}' for k, v in sorted(bench.POD_ENV.items()))}")
    results = [one_limit(app, seeded, household, limit, args, api_cpu, load_cpu, work) for limit in args.limits]
    shutil.rmtree(work, ignore_errors=True)

    print(f"{'limit (MiB)':>11}  {'first /health':>16}  {'major faults':>12}  {'mix req/s':>9}  {'mix p99 ms':>10}  "
          f"{'major faults/s':>14}  {'anon+shmem':>10}  {'cgroup usage':>12}")
    for r in results:
        start = f"{r['start_ms']:.0f} ms" if r["start_ms"] is not None else f"none in {args.wait:.0f} s"
        if r["start_ms"] is None:
            mix = f"{'—':>9}  {'—':>10}  {'—':>14}  {'—':>10}  {'—':>12}"
        else:
            rps = f"{r['mix_rps']:9.1f}  {bench.num(r['mix_p99_ms']):>10}" if "mix_rps" in r else f"{'no answer':>9}  {'—':>10}"
            mix = f"{rps}  {r['mix_major_faults_per_s']:14.1f}  {r['anon_shmem_mib']:10.1f}  {r['usage_mib']:12.1f}"
        print(f"{r['limit_mib']:11}  {start:>16}  {r['start_major_faults']:12}  {mix}")
    if args.out:
        with open(args.out, "w") as f:
            json.dump({"transactions": args.transactions, "wait_s": args.wait, "mix_seconds": args.seconds,
                       "manifest_limit_mib": manifest, "runs": results}, f, indent=1)
    at_manifest = [r for r in results if r["limit_mib"] == manifest]
    serves = bool(at_manifest) and all(r.get("mix_rps", 0) > 0 for r in at_manifest)
    print(f"at the manifest's {manifest} MiB: {'starts and serves' if serves else 'DOES NOT start and serve' if at_manifest else 'not measured'}")
    if args.strict and not serves:
        sys.exit(1)


if __name__ == "__main__":
    main()
