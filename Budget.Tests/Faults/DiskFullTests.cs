using System.Diagnostics;
using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Faults;

/// <summary>
/// The database on a 2 MiB disk that the test fills up: writes are refused with 507 and lose nothing, reads go on,
/// readiness says unhealthy, and all recovers without a restart when space returns. Needs root (to mount a tmpfs).
/// </summary>
public sealed class DiskFullTests : IAsyncLifetime
{
    private readonly string _mountPoint = Directory.CreateTempSubdirectory("budget-tinydisk-").FullName;
    private bool _mounted;

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public async ValueTask InitializeAsync()
    {
        _mounted = await RunAsync("mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", _mountPoint) == 0;
    }

    public async ValueTask DisposeAsync()
    {
        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        if (_mounted)
        {
            await RunAsync("umount", "-l", _mountPoint);
        }
        Directory.Delete(_mountPoint, recursive: true);
    }

    [Fact]
    public async Task A_full_disk_refuses_writes_with_507_keeps_reads_and_recovers_when_space_returns()
    {
        Assert.SkipUnless(_mounted, "mounting a tmpfs needs root; CI runs as root");
        await using var factory = ApiFactory.On(_mountPoint);
        var ann = await TestUser.RegisterAsync(factory);
        var budget = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" });
        var transactions = $"/api/profiles/{ann.ProfileId}/budgets/{budget}/transactions";
        var filler = Path.Combine(_mountPoint, "filler");
        FillDisk(filler);

        var acknowledged = 0;
        HttpResponseMessage? refused = null;
        for (var attempt = 0; attempt < 200 && refused is null; attempt++)
        {
            var response = await ann.Client.PostAsJsonAsync(transactions, new { amount = 1.25, date = "2026-03-01", note = new string('n', 500) }, Ct);
            Assert.True(response.StatusCode is HttpStatusCode.Created or HttpStatusCode.InsufficientStorage, $"attempt {attempt}: {(int)response.StatusCode}");
            if (response.StatusCode == HttpStatusCode.Created)
            {
                acknowledged++;
            }
            else
            {
                refused = response;
            }
        }

        Assert.NotNull(refused);
        Assert.Equal("application/problem+json", refused.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(refused.Headers.RetryAfter);
        var listed = await ann.Client.GetAsync(transactions, Ct);
        Assert.Equal(HttpStatusCode.OK, listed.StatusCode);
        Assert.Equal(acknowledged.ToString(), listed.Headers.GetValues("X-Total-Count").Single());
        var client = factory.CreateClient();
        Assert.Equal(HttpStatusCode.ServiceUnavailable, (await client.GetAsync("/health", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/alive", Ct)).StatusCode);

        File.Delete(filler);

        var after = await ann.Client.PostAsJsonAsync(transactions, new { amount = 2.50, date = "2026-03-02" }, Ct);
        Assert.Equal(HttpStatusCode.Created, after.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", Ct)).StatusCode);
        var total = await ann.Client.GetAsync(transactions, Ct);
        Assert.Equal((acknowledged + 1).ToString(), total.Headers.GetValues("X-Total-Count").Single());
    }

    private static void FillDisk(string path)
    {
        using var stream = File.Create(path);
        var block = new byte[4096];
        try
        {
            while (true)
            {
                stream.Write(block);
                stream.Flush();
            }
        }
        catch (IOException)
        {
            // The disk is full.
        }
    }

    private static async Task<int> RunAsync(string command, params string[] arguments)
    {
        try
        {
            using var process = Process.Start(new ProcessStartInfo(command, arguments) { RedirectStandardError = true, RedirectStandardOutput = true })!;
            await process.WaitForExitAsync();
            return process.ExitCode;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return -1;
        }
    }
}
