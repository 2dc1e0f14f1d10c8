using System.Diagnostics;
using System.Net;
using System.Net.Sockets;
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
        var folder = Environment.GetEnvironmentVariable(FolderVariable);
        Assert.SkipWhen(string.IsNullOrEmpty(folder), $"{FolderVariable} is not set: .ci/run publishes the API and sets it.");
        var data = Directory.CreateTempSubdirectory("budget-published-").FullName;
        var port = FreePort();
        var start = new ProcessStartInfo(Path.Combine(folder, "Budget.Api")) { WorkingDirectory = folder, RedirectStandardOutput = true, RedirectStandardError = true };
        var container = ManifestTreeObjects.ApiContainer();
        foreach (var env in container.Env.Where(e => e.Value is not null))
        {
            start.Environment[env.Name] = env.Value.Replace("/data", data, StringComparison.Ordinal);
        }
        start.Environment["HTTP_PORTS"] = port.ToString(System.Globalization.CultureInfo.InvariantCulture);
        start.Environment["Auth__SigningKey"] = Convert.ToBase64String(System.Security.Cryptography.RandomNumberGenerator.GetBytes(48));
        start.Environment.Remove("OTEL_EXPORTER_OTLP_ENDPOINT");

        using var process = Process.Start(start)!;
        var log = new System.Text.StringBuilder();
        process.OutputDataReceived += (_, line) => log.AppendLine(line.Data);
        process.ErrorDataReceived += (_, line) => log.AppendLine(line.Data);
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        try
        {
            using var client = new HttpClient { BaseAddress = new Uri($"http://127.0.0.1:{port}") };
            HttpStatusCode? health = null;
            for (var attempt = 0; attempt < 150 && health != HttpStatusCode.OK && !process.HasExited; attempt++)
            {
                try
                {
                    health = (await client.GetAsync("/health", Ct)).StatusCode;
                }
                catch (HttpRequestException)
                {
                    await Task.Delay(200, Ct);
                }
            }

            Assert.True(health == HttpStatusCode.OK, $"/health answered {health}; the app's log:\n{log}");
            Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", Ct)).StatusCode);
            Assert.True(File.Exists(Path.Combine(data, "budget.db")), "the database is created where the manifest's connection string says");

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
            process.Refresh();
            TestContext.Current.SendDiagnosticMessage($"published API working set after start: {process.WorkingSet64 / (1 << 20)} MiB");
        }
        finally
        {
            process.Kill(entireProcessTree: true);
            await process.WaitForExitAsync(CancellationToken.None);
            Directory.Delete(data, recursive: true);
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

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
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
