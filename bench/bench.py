#!/usr/bin/env python3
"""Runs the published Budget.Api the way the pod does and measures it (see bench/README.md).

Seeds a household through the API's own HTTP endpoints, then for each run: copies the seeded data folder to a
fresh one, starts the API (in a 64 MiB memory cgroup when the machine allows one), and measures start-up time,
RSS idle / after warm-up / after load, peak RSS (VmHWM) and per-route throughput and latency with wrk.
"""
import argparse, datetime, http.client, json, os, random, re, shutil, signal, statistics, subprocess, sys, tempfile, threading, time
from concurrent.futures import ThreadPoolExecutor

HERE = os.path.dirname(os.path.abspath(__file__))
PORT = int(os.environ.get("BENCH_PORT", "5391"))
EMAIL, PASSWORD = "bench@example.com", "correct horse battery staple 42"
LIMIT_BYTES = 64 * 1024 * 1024
SEED_FILE_ROWS = 1400  # rows per seeding import: a file under the pod's import limit

# Only for the benchmark: the per-address rate limit would throttle a load generator on loopback.
# BCrypt stays at its production cost (12): logins in the mix cost what they cost in the pod.
BENCH_ENV = {
    "ASPNETCORE_ENVIRONMENT": "Production",
    "ASPNETCORE_URLS": f"http://127.0.0.1:{PORT}",
    "Network__PermitsPerMinute": "100000000",
    "Network__SignInPermitsPerMinute": "100000000",
    "Logging__LogLevel__Default": "Warning",
    "DOTNET_gcServer": None,  # never inherited: the published runtimeconfig decides
}

ROOT = os.path.dirname(HERE)


def pod_runtime_env():
    """The runtime's environment as the pod gets it: the image's ENV lines (deploy/Dockerfile) and the DOTNET_
    variables of the API's manifest (aspirate-output, generated from the AppHost's PiSettings), so the bench measures
    the pod's settings and not only the runtimeconfig's."""
    env = {}
    try:
        for m in re.finditer(r"^ENV\s+(.+)$", open(os.path.join(ROOT, "deploy", "Dockerfile")).read(), re.M):
            env.update(kv.split("=", 1) for kv in m.group(1).split() if "=" in kv)
        manifest = open(os.path.join(ROOT, "aspirate-output", "base", "api-deployment.yaml")).read()
        env.update(re.findall(r"- name: (DOTNET_\w+)\s+value: \"?([^\"\n]+)\"?", manifest))
    except OSError as e:
        log(f"  pod environment not read ({e})")
    return {k: v for k, v in env.items() if k.startswith(("DOTNET_", "MALLOC_"))}

POD_ENV = {}


def log(*a):
    print(*a, file=sys.stderr, flush=True)


class Client:
    """One keep-alive HTTP/1.1 connection to the API."""

    def __init__(self, token=None):
        self.conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=30)
        self.token = token

    def call(self, method, path, body=None):
        status, data = self.send(method, path, body)
        if status >= 400:
            raise RuntimeError(f"{method} {path} -> {status}: {data[:300]!r}")
        return json.loads(data) if data else None

    def send(self, method, path, body=None, headers=None):
        """(status, body bytes), whatever the status; retries only a dropped keep-alive connection. `body` is sent as
        JSON, or as it is when it is bytes (then `headers` give its Content-Type)."""
        headers = {"Content-Type": "application/json", **(headers or {})}
        if self.token:
            headers["Authorization"] = "Bearer " + self.token
        data = body if body is None or isinstance(body, bytes) else json.dumps(body)
        for attempt in range(3):
            try:
                self.conn.request(method, path, body=data, headers=headers)
                r = self.conn.getresponse()
                return r.status, r.read()
            except (ConnectionError, http.client.HTTPException):
                self.conn.close()
                if attempt == 2:
                    raise


# ---------------------------------------------------------------- seeding
def seed(transactions, concurrency=8):
    """A household: 4 profiles, ~60 nodes and flows, 20 budgets, `transactions` over 5 years, 10 goals."""
    c = Client()
    token = c.call("POST", "/api/auth/register", {"email": EMAIL, "password": PASSWORD, "name": "Alex"})["accessToken"]
    c.token = token
    for name in ["Sam", "Kids", "House"]:
        c.call("POST", "/api/profiles", {"name": name})
    profiles = [p["id"] for p in c.call("GET", "/api/profiles")]
    budgets = []
    names = ["Groceries", "Dining", "Fuel", "Utilities", "Fun"]
    for i, p in enumerate(profiles):
        nodes = []
        for j, (t, label) in enumerate([("income", "Salary"), ("income", "Side job"), ("account", "Checking"), ("account", "Cash"),
                                         ("savings", "Rainy day"), ("investment", "Index fund"), ("expense", "Rent"),
                                         ("expense", "Food"), ("expense", "Transport"), ("debt", "Car loan")]):
            body = {"type": t, "label": label, "amount": 100 + 50 * j, "balance": 1000 + 10 * j}
            nodes.append(c.call("POST", f"/api/profiles/{p}/nodes", body)["id"])
        for a, b in [(0, 2), (1, 2), (2, 4), (2, 5), (2, 6), (2, 7), (3, 8), (2, 9)][:5]:
            c.call("POST", f"/api/profiles/{p}/flows", {"fromNodeId": nodes[a], "toNodeId": nodes[b], "amount": 200})
        for n in names:
            period = "monthly" if n != "Fun" else "weekly"
            budgets.append((p, c.call("POST", f"/api/profiles/{p}/budgets", {"name": n, "budgeted": 400, "period": period})["id"]))
        for g in range(10 // len(profiles) + (1 if i < 10 % len(profiles) else 0)):
            c.call("POST", f"/api/profiles/{p}/goals", {"name": f"Goal {g}", "target": 5000, "current": 250, "priority": 3})
    # The transactions come as a household gets most of them: bank exports through the import route (its own parsing,
    # checks and writes), one file of up to SEED_FILE_ROWS rows at a time per budget, spread over the last 5 years.
    today = datetime.date.today()
    counts = [transactions // len(budgets) + (1 if i < transactions % len(budgets) else 0) for i in range(len(budgets))]
    files = [(p, b, min(SEED_FILE_ROWS, n - start)) for (p, b), n in zip(budgets, counts) for start in range(0, n, SEED_FILE_ROWS)]
    local = threading.local()

    def import_file(job):
        number, (p, b, rows) = job
        if not hasattr(local, "c"):
            local.c = Client(token)
        body, headers = upload({"budgetId": b}, f"seed-{number}.csv", bank_csv(rows, today, days=5 * 365, seed=1000 + number))
        status, data = local.c.send("POST", f"/api/profiles/{p}/imports", body, headers)
        if status != 201 or json.loads(data)["imported"] != rows:
            raise RuntimeError(f"seeding import {number}: {status} {data[:300]!r}")
        return rows

    started, done = time.time(), 0
    # Two at a time: one is parsed while the other writes (SQLite has one writer).
    with ThreadPoolExecutor(min(concurrency, 2)) as pool:
        for rows in pool.map(import_file, enumerate(files)):
            done += rows
            if done // 50000 != (done - rows) // 50000:
                log(f"  seeded {done} transactions ({done / (time.time() - started):.0f}/s)")
    per_profile = {p: sum(n for (q, _), n in zip(budgets, counts) if q == p) for p in profiles}
    busiest = max(profiles, key=lambda p: per_profile[p])
    return {"profiles": profiles, "budgets": budgets, "busiest": busiest, "seconds": round(time.time() - started, 1)}


# ---------------------------------------------------------------- process and memory
def memory_cgroup(limit_bytes=LIMIT_BYTES):
    """A fresh cgroup (v2 dir, or v1 memory dir under ours) limited to `limit_bytes` (the pod's 64 MiB), or None where none can be made."""
    try:
        for line in open("/proc/self/cgroup"):
            hid, ctrls, path = line.rstrip("\n").split(":", 2)
            if hid == "0" and os.path.exists("/sys/fs/cgroup/cgroup.controllers"):
                base, limit_file = "/sys/fs/cgroup" + path, "memory.max"
            elif "memory" in ctrls.split(","):
                base, limit_file = "/sys/fs/cgroup/memory" + path, "memory.limit_in_bytes"
            else:
                continue
            d = os.path.join(base, f"budget-bench-{os.getpid()}")
            os.makedirs(d, exist_ok=True)
            with open(os.path.join(d, limit_file), "w") as f:
                f.write(str(limit_bytes))
            if limit_file == "memory.limit_in_bytes":
                try:  # no swap to hide in: the pod has none
                    with open(os.path.join(d, "memory.memsw.limit_in_bytes"), "w") as f:
                        f.write(str(limit_bytes))
                except OSError:
                    pass
            return d
    except OSError as e:
        log(f"  no memory cgroup ({e}); relying on the runtime's heap hard limit")
    return None


def num(value, decimals=1):
    """A figure for the log, or n/a where the run died before it was measured."""
    return "n/a" if value is None else f"{value:.{decimals}f}"


def tail(path, lines=40):
    with open(path, errors="replace") as f:
        return "".join(f.readlines()[-lines:])


def status(pid, field):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024.0  # MiB
    return None


class Api:
    def __init__(self, dll, data_dir, cgroup, cpu, extra_env=None, wait_seconds=60):
        self.dll, self.data_dir, self.cgroup, self.cpu = dll, data_dir, cgroup, cpu
        self.extra_env = extra_env or {}
        self.wait_seconds = wait_seconds

    def start(self):
        env = {k: v for k, v in os.environ.items() if not k.startswith("DOTNET_gc")}
        env.update(POD_ENV)
        for k, v in BENCH_ENV.items():
            if v is not None:
                env[k] = v
        env.update(self.extra_env)
        env["ConnectionStrings__budget"] = f"Data Source={self.data_dir}/budget.db"
        cmd = ["dotnet", self.dll] if self.dll.endswith(".dll") else [self.dll]
        if self.cpu is not None:
            cmd = ["taskset", "-c", str(self.cpu)] + cmd

        def enter_cgroup():
            if self.cgroup:
                with open(os.path.join(self.cgroup, "cgroup.procs"), "w") as f:
                    f.write(str(os.getpid()))

        self.log = open(os.path.join(self.data_dir, "..", "api.log"), "ab")
        self.oom_before = 0
        if self.cgroup:
            self.oom_before = self._oom_total()
            self.reset_cgroup_peak()
        t0 = time.perf_counter()
        self.proc = subprocess.Popen(cmd, env=env, cwd=os.path.dirname(self.dll), preexec_fn=enter_cgroup,
                                     stdout=self.log, stderr=subprocess.STDOUT)
        while True:
            if self.proc.poll() is not None:
                raise RuntimeError(f"API exited with {self.proc.returncode}; see {self.log.name}")
            try:
                conn = http.client.HTTPConnection("127.0.0.1", PORT, timeout=5)
                conn.request("GET", "/health")
                if conn.getresponse().status == 200:
                    return (time.perf_counter() - t0) * 1000
            except OSError:
                pass
            time.sleep(0.002)
            if time.perf_counter() - t0 > self.wait_seconds:
                raise RuntimeError(f"no /health within {self.wait_seconds:g} s")

    def rss(self):
        return status(self.proc.pid, "VmRSS")

    def hwm(self):
        return status(self.proc.pid, "VmHWM")

    def stop(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
        try:
            self.proc.wait(15)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        self.log.close()
        return self.proc.returncode

    def _oom_total(self):
        for name in ("memory.oom_control", "memory.events"):
            p = os.path.join(self.cgroup, name)
            if os.path.exists(p):
                m = re.search(r"oom_kill (\d+)", open(p).read())
                return int(m.group(1)) if m else 0
        return 0

    def oom_killed(self):
        """OOM kills in the cgroup since this API started."""
        return self._oom_total() - self.oom_before if self.cgroup else None

    def reset_cgroup_peak(self):
        """Restarts the cgroup's peak (v1 only; v2's memory.peak cannot be reset on older kernels). True if it could."""
        try:
            with open(os.path.join(self.cgroup, "memory.max_usage_in_bytes"), "w") as f:
                f.write("0")
            return True
        except OSError:
            return False

    def unreclaimable(self):
        """Anonymous + shared memory (MiB): what a cgroup cannot reclaim; mapped files it can (by re-reading them).
        None once the process is gone."""
        try:
            anon, shmem = status(self.proc.pid, "RssAnon"), status(self.proc.pid, "RssShmem")
        except OSError:
            return None
        return None if anon is None or shmem is None else anon + shmem

    def cgroup_peak(self):
        """The cgroup's own peak (RSS plus the page cache it is charged for): what the OOM killer compares."""
        if not self.cgroup:
            return None
        for name in ("memory.max_usage_in_bytes", "memory.peak"):
            p = os.path.join(self.cgroup, name)
            if os.path.exists(p):
                return int(open(p).read().split()[0]) / 1024 / 1024
        return None


# ---------------------------------------------------------------- load
ROUTES = ["dashboard", "transactions", "add_transaction", "budgets", "forecast", "login"]
# Each route but login again one request at a time, recorded as "<route> ×1".
ONE_AT_A_TIME = [route for route in ROUTES if route != "login"]
MIX = {"dashboard": 30, "transactions": 25, "add_transaction": 15, "budgets": 15, "forecast": 14, "login": 1}


def wrk(token, profile, budget, route, seconds, connections, cpu):
    env = dict(os.environ, BENCH_TOKEN=token, BENCH_PROFILE=str(profile), BENCH_BUDGET=str(budget),
               BENCH_EMAIL=EMAIL, BENCH_PASSWORD=PASSWORD,
               BENCH_MIX=",".join(f"{r}={MIX[r]}" for r in ROUTES) if route == "mix" else f"{route}=1")
    cmd = ["wrk", "-t1", f"-c{connections}", f"-d{seconds}s", "--latency", "-s", os.path.join(HERE, "mix.lua"),
           f"http://127.0.0.1:{PORT}"]
    if cpu is not None:
        cmd = ["taskset", "-c", str(cpu)] + cmd
    out = subprocess.run(cmd, env=env, capture_output=True, text=True, check=True).stdout
    m = re.search(r"BENCH (\{.*\})", out)
    result = json.loads(m.group(1)) if m else {}
    result["rps"] = float(re.search(r"Requests/sec:\s+([\d.]+)", out).group(1))
    for pct in ("50", "99"):
        m = re.search(rf"^\s+{pct}%\s+([\d.]+)(us|ms|s)", out, re.M)
        result[f"p{pct}_ms"] = float(m.group(1)) * {"us": 0.001, "ms": 1, "s": 1000}[m.group(2)] if m else None
    return result


def drained_wrk(token, profile, budget, route, seconds, connections, cpu):
    """wrk on one route after a second of quiet: when a run ends, the API may still be working on what the previous
    one sent (a login is ~270 ms of BCrypt on the API's one core), and that would show as this route's p99."""
    time.sleep(1)
    return wrk(token, profile, budget, route, seconds, connections, cpu)


def warm_up(token, profile, budget):
    c = Client(token)
    for _ in range(30):
        c.call("GET", f"/api/profiles/{profile}/dashboard")
        c.call("GET", f"/api/profiles/{profile}/budgets/{budget}/transactions?limit=50")
        c.call("GET", f"/api/profiles/{profile}/budgets")
        c.call("GET", f"/api/profiles/{profile}/forecast")
        c.call("POST", f"/api/profiles/{profile}/budgets/{budget}/transactions", {"amount": 3.5, "date": datetime.date.today().isoformat()})
    Client().call("POST", "/api/auth/login", {"email": EMAIL, "password": PASSWORD})


def settle(api, seconds):
    time.sleep(seconds)
    return api.rss()


# ---------------------------------------------------------------- reports and import
def bank_csv(rows, today, days=365, seed=11):
    """A German bank's CSV export (UTF-8, ';', dd.MM.yyyy, decimal comma, newest first) of `rows` distinct rows over the
    last `days`, ~205 bytes each: 1,400 rows are ~280 KiB, just under the 292 KiB the pod's 16 MiB heap allows
    (Limits.ImportFileBytes). Another `seed` gives other rows."""
    rnd = random.Random(seed)
    payees = ["REWE Markt GmbH", "Stadtwerke München", "Deutsche Bahn", "Amazon EU S.a.r.l.", "Bäckerei Müller", "Aral Tankstelle"]
    lines = ["Buchungstag;Valuta;Auftraggeber/Empfänger;Verwendungszweck;Betrag"]
    for k in range(rows):
        day = today - datetime.timedelta(days=k * days // rows)
        cents = rnd.randrange(100, 25000) * (-1 if rnd.random() < 0.9 else 1)
        purpose = (f"Kartenzahlung {k:05d} girocard Terminal {rnd.randrange(10**7):07d} Ref. {rnd.randrange(16**16):016X} "
                   f"Kartennr. ****{rnd.randrange(10**4):04d} Datum {day:%d.%m.%Y} {rnd.randrange(24):02d}:{rnd.randrange(60):02d} Folgenr. {k % 97:02d} "
                   f"Mandatsref. MREF{rnd.randrange(10**10):010d} Karte 1")
        amount = f"{'-' if cents < 0 else ''}{abs(cents) // 100},{abs(cents) % 100:02d}"
        lines.append(f"{day:%d.%m.%Y};{day:%d.%m.%Y};{payees[k % len(payees)]};{purpose};{amount}")
    return ("\r\n".join(lines) + "\r\n").encode()


def upload(fields, file_name, content):
    """A multipart/form-data body as the web app's FormData sends it: the text fields, then the file in `file`.
    Returns (body, headers)."""
    boundary = f"----BenchBoundary{random.getrandbits(64):016x}"
    parts = [f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n{value}\r\n'.encode()
             for name, value in fields.items() if value is not None]
    parts.append(f'--{boundary}\r\nContent-Disposition: form-data; name="file"; filename="{file_name}"\r\n'
                 f'Content-Type: text/csv\r\n\r\n'.encode() + content + b"\r\n")
    parts.append(f"--{boundary}--\r\n".encode())
    return b"".join(parts), {"Content-Type": f"multipart/form-data; boundary={boundary}"}


class Sampler(threading.Thread):
    """Polls the API's anon+shmem every 10 ms: the peak of what the cgroup cannot reclaim during a phase."""

    def __init__(self, api):
        super().__init__(daemon=True)
        self.api, self.peak, self.done = api, 0.0, threading.Event()

    def run(self):
        while not self.done.is_set():
            now = self.api.unreclaimable()
            if now is None:  # the process is gone
                return
            self.peak = max(self.peak, now)
            time.sleep(0.01)

    def stop(self):
        self.done.set()
        self.join()
        return self.peak


def reports_and_import(api, token, profile, budget, args, r):
    """The heaviest single requests a user makes: monthly PDF reports of the busiest profile, one after another as the
    web app downloads them, then the largest CSV import the pod takes through preview and commit as the import screen sends them
    (a multipart upload, the previewed mapping, an Idempotency-Key). Records memory during them and every non-2xx."""
    h = r["heavy"] = {"reports": args.reports, "non_2xx": []}
    oom_before = api.oom_killed()
    peak_reset = api.cgroup is not None and api.reset_cgroup_peak()
    h["anon_before_mib"] = api.unreclaimable()
    sampler = Sampler(api)
    sampler.start()
    c = Client(token)

    def send(what, method, path, body=None, headers=None):
        t0 = time.perf_counter()
        try:
            status, data = c.send(method, path, body, headers)
        except (OSError, http.client.HTTPException) as e:
            status, data = None, repr(e).encode()
        ms = (time.perf_counter() - t0) * 1000
        if status is None or not 200 <= status < 300:
            h["non_2xx"].append({"request": what, "status": status, "body": data[:300].decode(errors="replace")})
        return status, data, ms

    today = datetime.date.today()
    report_ms, report_bytes = [], []
    for i in range(args.reports):
        year, month0 = divmod(today.year * 12 + today.month - 1 - i % 12, 12)  # the last 12 months, round and round
        month = f"{year}-{month0 + 1:02d}"
        status, data, ms = send(f"report {month}", "GET", f"/api/profiles/{profile}/exports/report.pdf?month={month}")
        if status == 200:
            report_ms.append(ms)
            report_bytes.append(len(data))
        h.setdefault("anon_per_report_mib", []).append(api.unreclaimable())
    h["report_ms"] = summary(report_ms)
    h["report_kib"] = summary([b / 1024 for b in report_bytes])
    h["anon_peak_reports_mib"] = sampler.peak

    if args.import_rows:
        import_csv(profile, budget, args, h, send, today, sampler)
    h["anon_peak_mib"] = sampler.stop()
    h["cgroup_peak_mib"] = api.cgroup_peak() if peak_reset else None
    h["oom_kills"] = api.oom_killed() - oom_before if api.cgroup else None
    if api.proc.poll() is not None:
        raise RuntimeError(f"API exited with {api.proc.returncode} during the reports and import")
    time.sleep(2)
    h["anon_after_mib"] = api.unreclaimable()


def import_csv(profile, budget, args, h, send, today, sampler):
    """The import screen's two requests: the preview of the file, then the import with the mapping it proposed, each
    a multipart upload of the file (as the web app's FormData sends it)."""
    csv = bank_csv(args.import_rows, today)
    h["import_rows"], h["import_kib"] = args.import_rows, round(len(csv) / 1024, 1)
    body, headers = upload({}, "umsaetze.csv", csv)
    status, data, h["preview_ms"] = send("import preview", "POST", f"/api/profiles/{profile}/imports/preview", body, headers)
    h["anon_peak_preview_mib"] = sampler.peak
    if status != 200:
        return
    preview = json.loads(data)
    h["preview_new_rows"], h["preview_problems"] = preview["newRows"], preview["problemCount"]
    body, headers = upload({"budgetId": budget, "mapping": json.dumps(preview["csv"]["mapping"])}, "umsaetze.csv", csv)
    status, data, h["commit_ms"] = send("import commit", "POST", f"/api/profiles/{profile}/imports", body,
                                        {**headers, "Idempotency-Key": f"bench-{os.getpid()}-{time.time_ns()}"})
    if status == 201:
        h["imported"] = json.loads(data)["imported"]


# ---------------------------------------------------------------- main
def measure(api, args, profile, budget, heavy_profile, heavy_budget, load_cpu, r):
    """Fills `r` as it goes, so a run the kernel kills still shows how far it got."""
    r["startup_ms"] = api.start()
    r["rss_idle_mib"] = settle(api, 1)
    token = Client().call("POST", "/api/auth/login", {"email": EMAIL, "password": PASSWORD})["accessToken"]
    warm_up(token, profile, budget)
    r["rss_warm_mib"] = settle(api, 2)
    # Anonymous + shared memory is what a cgroup cannot reclaim; mapped files it can (and does, by re-reading them).
    r["anon_warm_mib"] = api.unreclaimable()
    r["mix"] = wrk(token, profile, budget, "mix", args.seconds, args.connections, load_cpu)
    r["routes"] = {}
    for route in ROUTES:
        conns = 1 if route == "login" else args.connections
        r["routes"][route] = drained_wrk(token, profile, budget, route, args.route_seconds, conns, load_cpu)
    # The same routes one request at a time: the latency one household member sees, without the queue that 8
    # connections build on one core (at 8 connections p99 is mostly waiting for the 7 requests ahead).
    for route in ONE_AT_A_TIME:
        r["routes"][f"{route} ×1"] = drained_wrk(token, profile, budget, route, args.route_seconds, 1, load_cpu)
    r["peak_rss_mib"] = api.hwm()
    r["anon_after_load_mib"] = api.unreclaimable()
    r["rss_after_load_mib"] = settle(api, 5)
    r["cgroup_peak_mib"] = api.cgroup_peak()
    if args.reports or args.import_rows:
        reports_and_import(api, token, heavy_profile, heavy_budget, args, r)
    r["oom_kills"] = api.oom_killed()
    r["exit_code"] = api.stop()


def summary(values):
    values = [v for v in values if v is not None]
    if not values:
        return None
    return {"median": round(statistics.median(values), 1), "min": round(min(values), 1), "max": round(max(values), 1)}


def seed_folder(seed_cache, transactions, work):
    """Where the household is seeded: DIR/<transactions> with --seed-cache (kept for the next run), else in `work`."""
    return os.path.join(os.path.abspath(seed_cache), str(transactions)) if seed_cache else os.path.join(work, "seeded")


def seeded_household(app, seeded, transactions, api_cpu):
    """The household in the folder `seeded`, seeded there first when it holds none (that first start, on an empty
    folder, also applies every migration; when reused, one start applies any migration added since). Set-up, not the
    measurement: it runs outside the memory limit. Returns the household and that start's time (ms)."""
    cached = os.path.join(seeded, "household.json")
    if os.path.exists(cached):
        with open(cached) as f:
            household = json.load(f)
        api = Api(app, seeded, None, api_cpu)
        first_start = api.start()
        api.stop()
        log(f"== reusing the household seeded in {seeded} ({transactions} transactions); first start {first_start:.0f} ms")
        return household, first_start
    shutil.rmtree(seeded, ignore_errors=True)
    os.makedirs(seeded)
    # Seeding runs with a 64 MiB heap: outside a memory cgroup, near-limit imports in a row sometimes run out of the
    # pod's 16 MiB (bench/README.md "Where the gap is"). The measured runs keep the pod's settings.
    api = Api(app, seeded, None, api_cpu, {"DOTNET_GCHeapHardLimit": "0x4000000"})
    first_start = api.start()
    log(f"== first start on an empty folder (migrations): {first_start:.0f} ms; seeding {transactions} transactions")
    try:
        household = seed(transactions)
    except Exception:
        log(f"== seeding failed; the API's log ends with:\n{tail(api.log.name)}")
        raise
    finally:
        api.stop()
    with open(cached, "w") as f:
        json.dump(household, f)
    return household, first_start


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--app", required=True, help="published Budget.Api executable, or a Budget.Api.dll to run with dotnet")
    ap.add_argument("--label", default="jit")
    ap.add_argument("--transactions", type=int, default=50000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--seconds", type=int, default=20, help="wrk duration of the mix")
    ap.add_argument("--route-seconds", type=int, default=5, help="wrk duration of each single-route run")
    ap.add_argument("--connections", type=int, default=8)
    ap.add_argument("--out", required=True)
    ap.add_argument("--reports", type=int, default=20, help="monthly PDF reports after the load (0: none)")
    ap.add_argument("--import-rows", type=int, default=1400, help="rows of the CSV imported after the reports (~205 bytes each; 0: none; the pod takes at most 292 KiB)")
    ap.add_argument("--no-cgroup", action="store_true")
    ap.add_argument("--seed-cache", metavar="DIR", help="keep the seeded household in DIR/<transactions> and reuse it next time "
                    "(for experiments: its dates are relative to the day it was seeded)")
    ap.add_argument("--strict", action="store_true", help="exit 1 when a run fails, is OOM-killed or the steady-state check fails")
    args = ap.parse_args()

    POD_ENV.update(pod_runtime_env())
    # BENCH_ENV_<NAME>=value tries a runtime setting on top of the pod's (bench/README.md, "What each step bought").
    POD_ENV.update({k[len("BENCH_ENV_"):]: v for k, v in os.environ.items() if k.startswith("BENCH_ENV_")})
    log(f"== pod environment: {' '.join(f'{k}={v}' for k, v in sorted(POD_ENV.items())) or 'none'}")
    work = tempfile.mkdtemp(prefix="budget-bench-")
    cgroup = None if args.no_cgroup else memory_cgroup()
    memory_mode = f"cgroup memory limit 64 MiB ({cgroup})" if cgroup else "no cgroup: runtime GC heap hard limit only"
    api_cpu, load_cpu = (0, 1) if os.cpu_count() and os.cpu_count() >= 2 else (None, None)
    log(f"== memory: {memory_mode}; API on cpu {api_cpu}, wrk on cpu {load_cpu}")

    # Seed once, starting on an empty folder (this start also applies every migration). Seeding is set-up, not
    # the measurement, so it runs outside the memory limit; every measured run below runs inside it.
    seeded = seed_folder(args.seed_cache, args.transactions, work)
    household, first_start = seeded_household(os.path.abspath(args.app), seeded, args.transactions, api_cpu)
    household["budgets"] = [tuple(b) for b in household["budgets"]]
    profile, budget = household["budgets"][0]
    heavy_profile = household["busiest"]
    heavy_budget = next(b for p, b in household["budgets"] if p == heavy_profile)

    runs = []
    for run in range(args.runs):
        data = os.path.join(work, f"run{run}")
        shutil.copytree(seeded, data)
        api = Api(os.path.abspath(args.app), data, cgroup, api_cpu)
        r = {}
        try:
            measure(api, args, profile, budget, heavy_profile, heavy_budget, load_cpu, r)
        except Exception as e:  # most often: the kernel killed the API at the memory limit
            if "heavy" in r and r["heavy"].get("cgroup_peak_mib") is None and api.cgroup:
                r["heavy"]["cgroup_peak_mib"] = api.cgroup_peak()  # the phase reset the peak: keep the one it died at
            r.update(failed=f"{type(e).__name__}: {e}", oom_kills=api.oom_killed(), exit_code=api.stop(),
                     cgroup_peak_mib=r.get("cgroup_peak_mib") or api.cgroup_peak())
            runs.append(r)
            log(f"  run {run + 1} FAILED: {r['failed']} (OOM kills in the cgroup so far: {r['oom_kills']})")
            continue
        runs.append(r)
        log(f"  run {run + 1}: start {num(r.get('startup_ms'), 0)} ms, idle {num(r.get('rss_idle_mib'))}, "
            f"warm {num(r.get('rss_warm_mib'))}, peak {num(r.get('peak_rss_mib'))}, "
            f"after load {num(r.get('rss_after_load_mib'))} MiB, mix {num((r.get('mix') or {}).get('rps'), 0)} req/s")

    if cgroup:
        try:
            os.rmdir(cgroup)
        except OSError:
            pass

    result = {
        "label": args.label,
        "when": datetime.datetime.now(datetime.timezone.utc).isoformat(timespec="seconds"),
        "machine": machine(),
        "memory_mode": memory_mode,
        "pod_env": POD_ENV,
        "household": {"profiles": 4, "budgets": len(household["budgets"]), "transactions": args.transactions,
                      "goals": 10, "nodes": 40, "flows": 20, "seed_seconds": household["seconds"]},
        "load": {"connections": args.connections, "mix_seconds": args.seconds, "route_seconds": args.route_seconds, "mix": MIX},
        "first_start_ms": round(first_start, 1),
        "startup_ms": summary([r.get("startup_ms") for r in runs]),
        "rss_idle_mib": summary([r.get("rss_idle_mib") for r in runs]),
        "rss_warm_mib": summary([r.get("rss_warm_mib") for r in runs]),
        "peak_rss_mib": summary([r.get("peak_rss_mib") for r in runs]),
        "rss_after_load_mib": summary([r.get("rss_after_load_mib") for r in runs]),
        "anon_warm_mib": summary([r.get("anon_warm_mib") for r in runs]),
        "anon_after_load_mib": summary([r.get("anon_after_load_mib") for r in runs]),
        "cgroup_peak_mib": summary([r.get("cgroup_peak_mib") for r in runs]),
        "mix_rps": summary([r["mix"]["rps"] for r in runs if "mix" in r]),
        "mix_errors": sum(r["mix"].get("errors", 0) for r in runs if "mix" in r),
        "routes": {route: {"rps": summary([r["routes"][route]["rps"] for r in runs if route in r.get("routes", {})]),
                           "p50_ms": summary([r["routes"][route]["p50_ms"] for r in runs if route in r.get("routes", {})]),
                           "p99_ms": summary([r["routes"][route]["p99_ms"] for r in runs if route in r.get("routes", {})]),
                           "errors": sum(r["routes"][route].get("errors", 0) for r in runs if route in r.get("routes", {}))}
                   for route in ROUTES + [f"{route} ×1" for route in ONE_AT_A_TIME]},
        "heavy": heavy_summary(runs, household["busiest"], args),
        "failed_runs": sum(1 for r in runs if "failed" in r),
        "oom_kills": sum(r["oom_kills"] or 0 for r in runs),
        "runs": runs,
    }
    # The steady-state check: after the load, memory comes back to within 10% of the warmed-up idle value.
    steady = all("failed" not in r and r["rss_after_load_mib"] <= r["rss_warm_mib"] * 1.10 for r in runs)
    result["steady_state"] = {"passed": steady, "rule": "RSS after load <= 1.10 x warmed-up idle RSS, every run"}
    os.makedirs(os.path.dirname(args.out), exist_ok=True)
    with open(args.out, "w") as f:
        json.dump(result, f, indent=2)
    print_table(result)
    # The API's log (every run's) beside the JSON: a 500 or a kill is explained there.
    shutil.copyfile(os.path.join(work, "api.log"), os.path.splitext(args.out)[0] + ".api.log")
    shutil.rmtree(work, ignore_errors=True)
    healthy = steady and result["oom_kills"] == 0 and result["failed_runs"] == 0 and not result["heavy"]["non_2xx"]
    return 0 if healthy or not args.strict else 1


def heavy_summary(runs, profile, args):
    """The reports-and-import phase over the runs that reached it."""
    hs = [r["heavy"] for r in runs if "heavy" in r]
    keys = ["cgroup_peak_mib", "anon_before_mib", "anon_peak_reports_mib", "anon_peak_preview_mib", "anon_peak_mib", "anon_after_mib",
            "report_ms", "report_kib", "preview_ms", "commit_ms"]
    out = {"profile": profile, "reports": args.reports, "import_rows": args.import_rows,
           "import_kib": hs[0].get("import_kib") if hs else None, "runs": len(hs),
           "oom_kills": sum(h.get("oom_kills") or 0 for h in hs), "non_2xx": [e for h in hs for e in h["non_2xx"]],
           "imported": [h.get("imported") for h in hs]}
    for k in keys:
        # report_ms and report_kib are already per-run summaries: their medians stand for the run.
        out[k] = summary([h[k]["median"] if isinstance(h.get(k), dict) else h.get(k) for h in hs])
    return out


def machine():
    cpu = next((l.split(":", 1)[1].strip() for l in open("/proc/cpuinfo") if l.startswith("model name")), "?")
    mem = next((l.split()[1] for l in open("/proc/meminfo") if l.startswith("MemTotal")), "0")
    dotnet = subprocess.run(["dotnet", "--list-runtimes"], capture_output=True, text=True).stdout.strip().splitlines()
    return {"cpu": cpu, "cores": os.cpu_count(), "mem_gib": round(int(mem) / 1024 / 1024, 1), "kernel": os.uname().release,
            "runtimes": dotnet}


TARGETS = {"startup_ms": 150, "rss_idle_mib": 30, "peak_rss_mib": 56}


def print_table(r):
    f = lambda s: "n/a" if s is None else f"{s['median']:.1f} ({s['min']:.1f}–{s['max']:.1f})"
    print(f"\nBudget.Api [{r['label']}], {r['household']['transactions']} transactions, {len(r['runs'])} runs; {r['memory_mode']}")
    print(f"{'measure':34} {'median (min–max)':>24}  target")
    print(f"{'first start, migrations (ms)':34} {r['first_start_ms']:>24.1f}")
    for key, name in [("startup_ms", "start to first /health (ms)"), ("rss_idle_mib", "RSS idle after start (MiB)"),
                      ("rss_warm_mib", "RSS idle after warm-up (MiB)"), ("peak_rss_mib", "peak RSS, VmHWM (MiB)"),
                      ("rss_after_load_mib", "RSS 5 s after load (MiB)"), ("anon_warm_mib", "anon+shmem RSS, warmed up (MiB)"),
                      ("anon_after_load_mib", "anon+shmem RSS after load (MiB)"), ("cgroup_peak_mib", "cgroup peak incl. page cache (MiB)"),
                      ("mix_rps", "household mix (req/s)")]:
        t = TARGETS.get(key)
        print(f"{name:34} {f(r[key]):>24}  {'≤ ' + str(t) if t else ''}")
    print(f"\n{'route':18} {'req/s':>22} {'p50 ms':>22} {'p99 ms':>22}  errors")
    for route, s in r["routes"].items():
        print(f"{route:18} {f(s['rps']):>22} {f(s['p50_ms']):>22} {f(s['p99_ms']):>22}  {s['errors']}")
    print(f"(×1: one connection at a time; the others at {r['load']['connections']} connections, login at 1)")
    h = r["heavy"]
    if h["reports"] or h["import_rows"]:
        print(f"\nafter the load: {h['reports']} monthly PDF reports of profile {h['profile']}, then one CSV import "
              f"({h['import_rows']} rows, {h['import_kib']} KiB) through preview and commit; {h['runs']} runs reached it")
        for key, name in [("cgroup_peak_mib", "cgroup peak incl. page cache (MiB)"), ("anon_before_mib", "anon+shmem before (MiB)"),
                          ("anon_peak_reports_mib", "anon+shmem peak, reports (MiB)"), ("anon_peak_preview_mib", "anon+shmem peak, + preview (MiB)"),
                          ("anon_peak_mib", "anon+shmem peak, + import (MiB)"),
                          ("anon_after_mib", "anon+shmem after (MiB)"), ("report_ms", "one report (ms)"), ("report_kib", "report size (KiB)"),
                          ("preview_ms", "import preview (ms)"), ("commit_ms", "import commit (ms)")]:
            print(f"{name:34} {f(h[key]):>24}")
        print(f"OOM kills: {h['oom_kills']}; non-2xx: {len(h['non_2xx'])}; rows imported per run: {h['imported']}")
        for e in h["non_2xx"][:5]:
            print(f"  {e['request']}: {e['status']} {e['body'][:160]}")
    print(f"\nfailed runs: {r['failed_runs']}; mix errors: {r['mix_errors']}; OOM kills: {r['oom_kills']}; steady state "
          f"({r['steady_state']['rule']}): {'PASS' if r['steady_state']['passed'] else 'FAIL'}")


if __name__ == "__main__":
    sys.exit(main())
