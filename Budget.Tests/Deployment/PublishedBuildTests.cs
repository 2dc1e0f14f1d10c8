using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
using System.Net.Http.Json;
using System.Text.Json.Nodes;
using Budget.Tests.Infrastructure;
using k8s.Models;

namespace Budget.Tests.Deployment;

/// <summary>
/// The API as the image runs it: a published linux-x64 build (CI publishes it before the tests, see .ci/run, and names
/// its folder in BUDGET_PUBLISHED_API), started from its own folder with the k3s manifest's settings.
/// </summary>
public sealed class PublishedBuildTests
{
    public const string FolderVariable = "BUDGET_PUBLISHED_API";

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_published_build_starts_with_the_pis_settings_and_serves_health()
    {
        await using var api = await PublishedApi.StartAsync();
        var client = api.Client;
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", Ct)).StatusCode);
        Assert.True(File.Exists(Path.Combine(api.DataDirectory, "budget.db")), "the database is created where the manifest's connection string says");

        // One publish output holds the web app too: the page, its hashed assets cached for good, the page never.
        var page = await client.GetAsync("/budgets", Ct);
        Assert.Equal(HttpStatusCode.OK, page.StatusCode);
        Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
        Assert.True(page.Headers.CacheControl?.NoCache, "index.html must be revalidated, or a phone keeps an old app");
        var html = await page.Content.ReadAsStringAsync(Ct);
        var script = System.Text.RegularExpressions.Regex.Match(html, "src=\"(/assets/[^\"]+\\.js)\"").Groups[1].Value;
        Assert.False(string.IsNullOrEmpty(script), $"no hashed script in the published index.html:\n{html}");
        var asset = await client.GetAsync(script, Ct);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.True(asset.Headers.CacheControl?.MaxAge >= TimeSpan.FromDays(30), $"hashed assets are cached long: {asset.Headers.CacheControl}");
        TestContext.Current.SendDiagnosticMessage($"published API working set after start: {api.WorkingSetMiB()} MiB");
    }

    /// <summary>
    /// An operator reads the pod's log: a restart with nothing wrong says nothing at Warning or above. Data protection,
    /// which the API does not use, warned at every start that its keys "will not be persisted" and "may be persisted
    /// to storage in unencrypted form". (The first start on a new database logs EF Core's warnings about its SQLite
    /// table rebuilds once; they are not this.)
    /// </summary>
    [Fact]
    public async Task A_restart_in_the_pods_conditions_logs_nothing_at_warning_or_above()
    {
        await using var first = await PublishedApi.StartAsync();
        await first.StopAsync();

        await using var restarted = await PublishedApi.StartAsync(first.DataDirectory);
        var loud = restarted.Log.Split('\n').Where(line => line.StartsWith("warn:", StringComparison.Ordinal) || line.StartsWith("fail:", StringComparison.Ordinal) || line.StartsWith("crit:", StringComparison.Ordinal));
        Assert.True(!loud.Any(), $"the restart logged:\n{restarted.Log}");
    }

    /// <summary>
    /// Under the pod's 16 MiB heap a restore reads the file one element at a time, so its memory does not grow with
    /// the file: a backup just under the 12 MiB limit (more than 75,000 transactions) restores in full; one just over
    /// it gets a 413 naming the size before the body is read, nothing of it is written, and the API goes on serving.
    /// </summary>
    [Fact]
    public async Task A_backup_restores_up_to_12_MiB_in_the_pods_heap_and_a_larger_one_is_refused_with_413()
    {
        const int limit = 12 << 20;
        await using var api = await PublishedApi.StartAsync();
        var owner = await api.RegisterAsync("owner@example.com");
        // What the web app checks a chosen file against: the backup's limit, and a 56th of the heap for a bank file.
        var limits = (await owner.GetFromJsonAsync<JsonObject>("/api/account/upload-limits", Ct))!;
        Assert.Equal(limit, limits["backupBytes"]!.GetValue<int>());
        Assert.Equal((16 << 20) / 56, limits["importFileBytes"]!.GetValue<int>());
        var profileId = (await owner.GetFromJsonAsync<JsonArray>("/api/profiles", Ct))![0]!["id"]!.GetValue<long>();
        var budget = await owner.PostAsJsonAsync($"/api/profiles/{profileId}/budgets", new { name = "Groceries", budgeted = 400, period = "monthly" }, Ct);
        var budgetId = (await budget.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<long>();
        var added = await owner.PostAsJsonAsync($"/api/profiles/{profileId}/budgets/{budgetId}/transactions", new { amount = 12.34m, date = "2026-11-02", note = "market" }, Ct);
        Assert.Equal(HttpStatusCode.Created, added.StatusCode);
        var backup = JsonNode.Parse(await owner.GetStringAsync("/api/account/export", Ct))!;
        var transactions = backup["profiles"]![0]!["budgets"]![0]!["transactions"]!.AsArray();
        var first = transactions[0]!;
        transactions.Clear();
        string fitting = "", tooLarge;
        var fittingCount = 0;
        for (var i = 0; ; i++)
        {
            var copy = first.DeepClone();
            copy["amount"] = 10 + i % 9_000 / 100m;
            copy["date"] = new DateOnly(2021, 12, 1).AddDays(i % 1_800).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture);
            transactions.Add(copy);
            // The length grows by one row at a time; checking every 2,000th (~280 KB) keeps the test quick and the step small.
            if (i % 2_000 != 0)
            {
                continue;
            }
            var text = backup.ToJsonString();
            if (System.Text.Encoding.UTF8.GetByteCount(text) > limit)
            {
                tooLarge = text;
                break;
            }
            fitting = text;
            fittingCount = transactions.Count;
        }

        var newcomer = await api.RegisterAsync("newcomer@example.com");
        var restored = await newcomer.PostAsync("/api/account/restore", new StringContent(fitting, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.True(restored.StatusCode == HttpStatusCode.OK, $"{(int)restored.StatusCode} {await restored.Content.ReadAsStringAsync(Ct)}\n{api.Log}");
        var counted = (await restored.Content.ReadFromJsonAsync<JsonObject>(Ct))!["transactions"]!.GetValue<int>();
        Assert.Equal(fittingCount, counted);
        Assert.True(fittingCount > 50_000, $"only {fittingCount} transactions fit: a household's 50,000 (issue 7) should");

        var third = await api.RegisterAsync("third@example.com");
        // Expect: 100-continue, as a careful client sends a large body: the server answers before taking it.
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/account/restore") { Content = new StringContent(tooLarge, System.Text.Encoding.UTF8, "application/json") };
        request.Headers.ExpectContinue = true;
        var refused = await third.SendAsync(request, Ct);
        Assert.Equal(HttpStatusCode.RequestEntityTooLarge, refused.StatusCode);
        Assert.Equal("The request body is larger than 12288 KiB, the most this server takes here.", (await refused.Content.ReadFromJsonAsync<JsonObject>(Ct))!["detail"]!.GetValue<string>());
        var afterRefusal = JsonNode.Parse(await third.GetStringAsync("/api/account/export", Ct))!;
        Assert.Empty(afterRefusal["profiles"]![0]!["budgets"]!.AsArray());
        Assert.Equal(HttpStatusCode.OK, (await api.Client.GetAsync("/health", Ct)).StatusCode);
    }

    /// <summary>
    /// Two people importing their bank's export into one budget at the same moment, each file just under the pod's
    /// limit: both are imported in full inside the pod's 16 MiB heap.
    /// </summary>
    [Fact]
    public async Task Two_bank_imports_sent_at_once_both_import_in_the_pods_heap()
    {
        await using var api = await PublishedApi.StartAsync();
        var owner = await api.RegisterAsync("owner@example.com");
        var limits = (await owner.GetFromJsonAsync<JsonObject>("/api/account/upload-limits", Ct))!;
        var profileId = (await owner.GetFromJsonAsync<JsonArray>("/api/profiles", Ct))![0]!["id"]!.GetValue<long>();
        var budget = await owner.PostAsJsonAsync($"/api/profiles/{profileId}/budgets", new { name = "Groceries", budgeted = 400, period = "monthly" }, Ct);
        var budgetId = (await budget.Content.ReadFromJsonAsync<JsonObject>(Ct))!["id"]!.GetValue<long>();
        const int rows = 1_400;
        var files = new[] { GermanBankCsv(rows, seed: 1), GermanBankCsv(rows, seed: 2) };
        Assert.All(files, file => Assert.InRange(file.Length, 250 << 10, limits["importFileBytes"]!.GetValue<int>()));

        var answers = await Task.WhenAll(files.Select((file, i) => owner.PostAsync(
            $"/api/profiles/{profileId}/imports", BankUpload.Form($"umsatz-{i}.csv", file, budgetId: budgetId), Ct)));

        foreach (var answer in answers)
        {
            Assert.True(answer.StatusCode == HttpStatusCode.Created, $"{(int)answer.StatusCode} {await answer.Content.ReadAsStringAsync(Ct)}\n{api.Log}");
            Assert.Equal(rows, (await answer.Content.ReadFromJsonAsync<JsonObject>(Ct))!["imported"]!.GetValue<int>());
        }
    }

    /// <summary>A German bank's CSV export with long purpose texts (~200 bytes a row), as the benchmark's.</summary>
    private static byte[] GermanBankCsv(int rows, int seed)
    {
        var random = new Random(seed);
        var text = new System.Text.StringBuilder("Buchungstag;Valuta;Auftraggeber/Empfänger;Verwendungszweck;Betrag\r\n");
        for (var k = 0; k < rows; k++)
        {
            var day = new DateOnly(2026, 10, 31).AddDays(-k * 365 / rows).ToString("dd.MM.yyyy", System.Globalization.CultureInfo.InvariantCulture);
            var cents = random.Next(100, 25_000);
            text.Append(System.Globalization.CultureInfo.InvariantCulture, $"{day};{day};REWE Markt GmbH;Kartenzahlung {k:00000} girocard Terminal {random.Next(10_000_000):0000000} ")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"Ref. {random.NextInt64():X16} Kartennr. ****{random.Next(10_000):0000} Datum {day} Folgenr. {k % 97:00} ")
                .Append(System.Globalization.CultureInfo.InvariantCulture, $"Mandatsref. MREF{random.NextInt64(10_000_000_000):0000000000} Karte 1;-{cents / 100},{cents % 100:00}\r\n");
        }
        return System.Text.Encoding.UTF8.GetBytes(text.ToString());
    }

    /// <summary>
    /// One restore at a time: each spools its backup to the pod's /tmp (an emptyDir that gets the pod evicted when it
    /// overflows). A second restore while the first is still arriving is told to try again, and then restores.
    /// </summary>
    [Fact]
    public async Task A_second_restore_while_one_is_running_is_told_to_try_again_and_both_restore_in_the_end()
    {
        await using var api = await PublishedApi.StartAsync();
        var owner = await api.RegisterAsync("owner@example.com");
        var backup = await owner.GetStringAsync("/api/account/export", Ct);
        var first = await api.RegisterAsync("first@example.com");
        var second = await api.RegisterAsync("second@example.com");

        // The first restore's body arrives slowly: it holds the server's one restore slot while it does.
        var slow = new SlowContent(System.Text.Encoding.UTF8.GetBytes(backup));
        var running = first.PostAsync("/api/account/restore", slow, Ct);
        await slow.HalfSent.WaitAsync(Ct);
        await Task.Delay(500, Ct);
        var refused = await second.PostAsync("/api/account/restore", new StringContent(backup, System.Text.Encoding.UTF8, "application/json"), Ct);
        slow.SendTheRest();
        var restored = await running;

        Assert.Equal(HttpStatusCode.TooManyRequests, refused.StatusCode);
        Assert.NotNull(refused.Headers.RetryAfter);
        Assert.True(restored.StatusCode == HttpStatusCode.OK, await restored.Content.ReadAsStringAsync(Ct));
        var again = await second.PostAsync("/api/account/restore", new StringContent(backup, System.Text.Encoding.UTF8, "application/json"), Ct);
        Assert.True(again.StatusCode == HttpStatusCode.OK, await again.Content.ReadAsStringAsync(Ct));
    }

    /// <summary>A JSON body sent in two halves, the second only when the test says so.</summary>
    private sealed class SlowContent : HttpContent
    {
        private readonly byte[] _body;
        private readonly TaskCompletionSource _halfSent = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private readonly TaskCompletionSource _rest = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public SlowContent(byte[] body)
        {
            _body = body;
            Headers.ContentType = new System.Net.Http.Headers.MediaTypeHeaderValue("application/json");
        }

        public Task HalfSent => _halfSent.Task;

        public void SendTheRest() => _rest.SetResult();

        protected override async Task SerializeToStreamAsync(Stream stream, System.Net.TransportContext? context)
        {
            await stream.WriteAsync(_body.AsMemory(0, _body.Length / 2));
            await stream.FlushAsync();
            _halfSent.SetResult();
            await _rest.Task;
            await stream.WriteAsync(_body.AsMemory(_body.Length / 2));
        }

        protected override bool TryComputeLength(out long length)
        {
            length = _body.Length;
            return true;
        }
    }

    [Fact]
    public void The_published_build_alone_states_the_gc_mode_and_the_heap_limit_the_pod_runs_with()
    {
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(folder), $"{FolderVariable} is not set: .ci/run publishes the API and sets it.");
        using var runtimeConfig = System.Text.Json.JsonDocument.Parse(File.ReadAllText(Path.Combine(folder, "Budget.Api.runtimeconfig.json")));
        var options = runtimeConfig.RootElement.GetProperty("runtimeOptions").GetProperty("configProperties");
        var container = ManifestTreeObjects.ApiContainer();
        var podLimit = (long)container.Resources.Limits["memory"].ToDecimal();

        // The runtime's own share (JIT code, type data, SQLite) takes ~35 MiB beside the heap (bench/README.md).
        Assert.InRange(options.GetProperty("System.GC.HeapHardLimit").GetInt64(), 8L << 20, podLimit - (32L << 20));
        Assert.False(options.GetProperty("System.GC.Server").GetBoolean());
        Assert.False(options.GetProperty("System.GC.Concurrent").GetBoolean());
        Assert.False(options.GetProperty("System.Runtime.TieredCompilation").GetBoolean());
        Assert.Equal("libclrgc.so", options.GetProperty("System.GC.Name").GetString());
        // Nothing in the pod overrides them: the benchmark, the image and the Pi share one value.
        Assert.DoesNotContain(container.Env, e => e.Name.StartsWith("DOTNET_GCHeap", StringComparison.Ordinal) || e.Name.StartsWith("DOTNET_Tiered", StringComparison.Ordinal) || e.Name is "DOTNET_gcServer" or "DOTNET_gcConcurrent");
    }

    /// <summary>The published build, started from its own folder with the manifest's environment on a fresh data folder.</summary>
    private sealed class PublishedApi : IAsyncDisposable
    {
        private readonly Process _process;
        private readonly System.Text.StringBuilder _log = new();

        private readonly string _home;

        private PublishedApi(Process process, string dataDirectory, string home, HttpClient client)
        {
            _process = process;
            _home = home;
            DataDirectory = dataDirectory;
            Client = client;
        }

        public string DataDirectory { get; }

        public HttpClient Client { get; }

        /// <summary>Starts the published API on a new data folder, or on <paramref name="data"/> as a restarted pod does.</summary>
        public static async Task<PublishedApi> StartAsync(string? data = null)
        {
            var folder = Environment.GetEnvironmentVariable(FolderVariable);
            Assert.SkipWhen(string.IsNullOrEmpty(folder), $"{FolderVariable} is not set: .ci/run publishes the API and sets it.");
            data ??= Directory.CreateTempSubdirectory("budget-published-").FullName;
            var port = FreePort();
            var start = new ProcessStartInfo(Path.Combine(folder, "Budget.Api")) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
            foreach (var env in ManifestTreeObjects.ApiContainer().Env.Where(e => e.Value is not null))
            {
                start.Environment[env.Name] = env.Value.Replace("/data", data, StringComparison.Ordinal);
            }
            start.Environment["HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
            start.Environment["Auth__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
            start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");
            // The pod's root filesystem is read-only: nothing the app leaves in its home survives to the next start.
            var home = Directory.CreateTempSubdirectory("budget-home-").FullName;
            start.Environment["HOME"] = home;

            var api = new PublishedApi(Process.Start(start)!, data, home, new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}"), Timeout = TimeSpan.FromMinutes(5) });
            api._process.OutputDataReceived += (_, line) => api.AppendLog(line.Data);
            api._process.ErrorDataReceived += (_, line) => api.AppendLog(line.Data);
            api._process.BeginOutputReadLine();
            api._process.BeginErrorReadLine();
            HttpStatusCode? health = null;
            for (var attempt = 0; attempt < 150 && health != HttpStatusCode.OK && !api._process.HasExited; attempt++)
            {
                try
                {
                    health = (await api.Client.GetAsync("/health", Ct)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200, Ct);
                }
            }
            if (health != HttpStatusCode.OK)
            {
                await api.DisposeAsync();
                Assert.Fail($"/health answered {health}; the app's log:\n{api.Log}");
            }
            return api;
        }

        public string Log
        {
            get
            {
                lock (_log)
                {
                    return _log.ToString();
                }
            }
        }

        /// <summary>A client signed in as a new account (the manifest's production BCrypt cost: a few hundred ms).</summary>
        public async Task<HttpClient> RegisterAsync(string email)
        {
            var registered = await Client.PostAsJsonAsync("/api/auth/register", new { email, password = "correct horse battery staple", name = "Sam" }, Ct);
            Assert.True(registered.StatusCode == HttpStatusCode.Created, $"register: {(int)registered.StatusCode}\n{Log}");
            var token = (await registered.Content.ReadFromJsonAsync<JsonObject>(Ct))!["accessToken"]!.GetValue<string>();
            var client = new HttpClient { BaseAddress = Client.BaseAddress, Timeout = Client.Timeout };
            client.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", token);
            return client;
        }

        public long WorkingSetMiB()
        {
            _process.Refresh();
            return _process.WorkingSet64 / (1 << 20);
        }

        /// <summary>Kills the API as a pod's end does, and keeps its data.</summary>
        public async Task StopAsync()
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None);
        }

        public async ValueTask DisposeAsync()
        {
            await StopAsync();
            _process.Dispose();
            Client.Dispose();
            Directory.Delete(_home, recursive: true);
            if (Directory.Exists(DataDirectory))
            {
                Directory.Delete(DataDirectory, recursive: true);
            }
        }

        private void AppendLog(string? line)
        {
            lock (_log)
            {
                _log.AppendLine(line);
            }
        }

        private static int FreePort()
        {
            using var listener = new TcpListener(IPAddress.Loopback, 0);
            listener.Start();
            return ((IPEndPoint)listener.LocalEndpoint).Port;
        }
    }
}

/// <summary>The committed API container, for tests outside <see cref="ManifestTests"/>.</summary>
internal static class ManifestTreeObjects
{
    public static V1Container ApiContainer()
    {
        var text = ManifestTree.Files(ManifestTree.Committed)["base/api-deployment.yaml"];
        return ManifestTree.LoadStrictly(text, "api-deployment.yaml").OfType<V1Deployment>().Single().Spec.Template.Spec.Containers.Single();
    }
}
