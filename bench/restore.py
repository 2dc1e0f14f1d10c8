#!/usr/bin/env python3
"""Restores large account backups into the published API inside the 64 MiB cgroup with the pod's environment, as
bench.py runs it, and records memory (see bench/README.md, "What each step bought").

    python3 bench/restore.py --app bench/.out/publish/Budget.Api                      # 50,000 transactions
    python3 bench/restore.py --app ... --transactions 50000 75000 --out result.json  # one fresh account each

Each backup is written here the way the export writes one (a profile, 5 budgets, transactions over 5 years with
their nulls), posted to /api/account/restore on a fresh account, and that account is then exported again. Recorded
per backup: its size, the status, the time, anon+shmem sampled every 10 ms (peak), the cgroup's peak, OOM kills.
"""
import argparse, datetime, http.client, json, os, random, sys, tempfile, time

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import bench  # noqa: E402  (the same process, cgroup and memory readings as the benchmark)


def backup(transactions):
    rnd = random.Random(7)
    today = datetime.date.today()
    created = "2026-11-01T08:00:00.1234567Z"
    budgets = []
    for b, name in enumerate(["Groceries", "Dining", "Fuel", "Utilities", "Fun"]):
        rows = []
        for k in range(b, transactions, 5):
            day = today - datetime.timedelta(days=rnd.randrange(5 * 365))
            rows.append({"amount": round(rnd.uniform(1, 120), 2), "date": day.isoformat(), "note": f"Card payment at shop no. {k % 997:03d}", "createdAt": created,
                         "scheduleId": None, "scheduledFor": None})
        budgets.append({"id": b + 1, "name": name, "budgeted": 400, "period": "monthly", "createdAt": created,
                        "alertThresholds": [80, 100], "schedules": [], "transactions": rows})
    return json.dumps({"format": "budget-account-export", "version": 1, "exportedAt": created, "currency": "EUR",
                       "profiles": [{"name": "Alex", "avatarColor": "#2563EB", "isOwner": True, "createdAt": created,
                                     "nodes": [], "flows": [], "budgets": budgets, "goals": []}]},
                      separators=(",", ":")).encode()


def request(token, method, path, body=None):
    conn = http.client.HTTPConnection("127.0.0.1", bench.PORT, timeout=600)
    headers = {"Content-Type": "application/json", "Authorization": "Bearer " + token}
    started = time.perf_counter()
    conn.request(method, path, body=body, headers=headers)
    r = conn.getresponse()
    data = r.read()
    return r.status, data, time.perf_counter() - started


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True, help="published Budget.Api executable (bench/run.sh publishes it)")
    ap.add_argument("--transactions", type=int, nargs="+", default=[50000])
    ap.add_argument("--out")
    args = ap.parse_args()

    bench.POD_ENV.update(bench.pod_runtime_env())
    bench.log(f"== pod environment: {' '.join(f'{k}={v}' for k, v in sorted(bench.POD_ENV.items()))}")
    cgroup = bench.memory_cgroup()
    bench.log(f"== memory: {'cgroup 64 MiB ' + cgroup if cgroup else 'no cgroup: heap hard limit only'}")
    work = tempfile.mkdtemp(prefix="budget-restore-")
    data = os.path.join(work, "data")
    os.makedirs(data)
    api = bench.Api(os.path.abspath(args.app), data, cgroup, 0)
    api.start()
    results = []
    try:
        for n, count in enumerate(args.transactions):
            c = bench.Client()
            token = c.call("POST", "/api/auth/register", {"email": f"restore{n}@example.com", "password": bench.PASSWORD, "name": "Alex", "currency": "EUR"})["accessToken"]
            body = backup(count)
            bench.settle(api, 2)
            r = {"transactions": count, "backup_mib": round(len(body) / 2**20, 2), "before_mib": api.unreclaimable()}
            if api.cgroup:
                api.reset_cgroup_peak()
            sampler = bench.Sampler(api)
            sampler.start()
            try:
                status, answer, seconds = request(token, "POST", "/api/account/restore", body)
                r.update(status=status, seconds=round(seconds, 1), answer=answer[:300].decode(errors="replace"))
            except (OSError, http.client.HTTPException) as e:
                r.update(status=None, error=f"{type(e).__name__}: {e}")
            r["peak_mib"] = round(sampler.stop(), 1)
            r["cgroup_peak_mib"] = api.cgroup_peak()
            r["oom_kills"] = api.oom_killed()
            del body
            if r.get("status") == 200:
                sampler = bench.Sampler(api)
                sampler.start()
                status, exported, seconds = request(token, "GET", "/api/account/export")
                r["export"] = {"status": status, "mib": round(len(exported) / 2**20, 2), "seconds": round(seconds, 1),
                               "peak_mib": round(sampler.stop(), 1)}
            bench.settle(api, 2)
            r["after_mib"] = api.unreclaimable()
            results.append(r)
            bench.log(f"  {count} transactions ({r['backup_mib']} MiB): {r.get('status')} in {r.get('seconds')} s, "
                      f"anon+shmem {r['before_mib']} -> peak {r['peak_mib']} -> {r['after_mib']} MiB, "
                      f"cgroup peak {r['cgroup_peak_mib']}, OOM kills {r['oom_kills']}, export {r.get('export')}")
            if r.get("status") is None:
                break
    finally:
        api.stop()
        if cgroup:
            try:
                os.rmdir(cgroup)
            except OSError:
                pass
    out = {"when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"), "machine": bench.machine(),
           "pod_env": bench.POD_ENV, "cgroup": bool(cgroup), "restores": results}
    if args.out:
        with open(args.out, "w") as f:
            json.dump(out, f, indent=2)
    print(json.dumps(out, indent=2))


if __name__ == "__main__":
    main()
