using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Faults;

/// <summary>
/// Another writer holds the database longer than the API waits for it (a large restore holds the write lock while it
/// writes): a write then answers 503 with Retry-After, saves nothing, and works once the lock is gone.
/// </summary>
public sealed class BusyDatabaseTests(BusyDatabaseTests.ShortWaitApi factory) : IClassFixture<BusyDatabaseTests.ShortWaitApi>
{
    /// <summary>Waits 3 s for a lock instead of the default 30 (SQLite's own 5 s busy timeout still comes first).</summary>
    public sealed class ShortWaitApi : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["ConnectionStrings:budget"] = $"Data Source={DatabasePath};Default Timeout=3",
        };
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_write_that_waits_out_another_writers_lock_is_a_503_to_retry_and_saves_nothing()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" });
        var transactions = $"/api/profiles/{ann.ProfileId}/budgets/{budgetId}/transactions";

        HttpResponseMessage busy;
        using (new WriteLockHold(factory))
        {
            busy = await ann.Client.PostAsJsonAsync(transactions, new { amount = 12.5m, date = "2026-11-02" }, Ct);
        }

        Assert.Equal(HttpStatusCode.ServiceUnavailable, busy.StatusCode);
        Assert.Equal("application/problem+json", busy.Content.Headers.ContentType?.MediaType);
        Assert.NotNull(busy.Headers.RetryAfter);
        Assert.Empty((await ann.Client.GetJsonAsync(transactions)).EnumerateArray());
        Assert.Equal(HttpStatusCode.Created, (await ann.Client.PostAsJsonAsync(transactions, new { amount = 12.5m, date = "2026-11-02" }, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await ann.Client.GetAsync("/health", Ct)).StatusCode);
    }
}
