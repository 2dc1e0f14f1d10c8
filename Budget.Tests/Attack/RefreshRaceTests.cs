using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// A refresh token is good for exactly one refresh, even when two requests carry it at the same instant (two tabs, a
/// retry, a thief racing the owner): over many trials through the whole stack, each race lets exactly one through.
/// <c>BUDGET_REFRESH_RACE_TRIALS</c> sets the number of trials (1,000 by default; CI keeps the default).
/// </summary>
public abstract class RefreshRaceTests<TFactory>(TFactory factory) where TFactory : ApiFactory
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static int Trials =>
        int.TryParse(Environment.GetEnvironmentVariable("BUDGET_REFRESH_RACE_TRIALS"), NumberStyles.None, CultureInfo.InvariantCulture, out var trials) && trials > 0
            ? trials
            : 1_000;

    [Fact]
    public async Task Of_two_simultaneous_refreshes_with_one_token_exactly_one_succeeds_every_time()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var client = factory.CreateClient();
        var failures = new System.Collections.Concurrent.ConcurrentBag<string>();
        var clock = Stopwatch.StartNew();

        // Eight races at a time keep the run short; within each, the two requests start together.
        await Parallel.ForEachAsync(Enumerable.Range(0, Trials), new ParallelOptions { MaxDegreeOfParallelism = 8, CancellationToken = Ct }, async (trial, _) =>
        {
            // Each trial needs a fresh session: a race counts as reuse, which ends the session it was run on.
            var signIn = await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct);
            var token = (await signIn.ReadJsonAsync()).GetProperty("refreshToken").GetString();
            var start = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            var racers = Enumerable.Range(0, 2).Select(_ => Task.Run(async () =>
            {
                await start.Task;
                return await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = token }, Ct);
            }, Ct)).ToArray();
            start.SetResult();
            var answers = await Task.WhenAll(racers);

            var succeeded = answers.Count(a => a.StatusCode == HttpStatusCode.OK);
            var refused = answers.Count(a => a.StatusCode == HttpStatusCode.Unauthorized);
            if (succeeded != 1 || refused != 1)
            {
                failures.Add($"trial {trial}: {string.Join(", ", answers.Select(a => (int)a.StatusCode))}");
            }
        });

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        TestContext.Current.SendDiagnosticMessage($"{GetType().Name}: {Trials} refresh races, each exactly one winner, in {clock.Elapsed.TotalSeconds:0.0} s");
    }
}

public sealed class SqliteRefreshRaceTests(ApiFactory factory) : RefreshRaceTests<ApiFactory>(factory), IClassFixture<ApiFactory>;

public sealed class RedisRefreshRaceTests(RedisApiFactory factory) : RefreshRaceTests<RedisApiFactory>(factory), IClassFixture<RedisApiFactory>;

/// <summary>The API with its sessions in a real <c>redis-server</c> of its own.</summary>
public sealed class RedisApiFactory : ApiFactory, IAsyncLifetime
{
    private readonly RedisServer _redis = new();

    public ValueTask InitializeAsync() => _redis.InitializeAsync();

    protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["ConnectionStrings:cache"] = _redis.ConnectionString };

    public override async ValueTask DisposeAsync()
    {
        await base.DisposeAsync();
        await _redis.DisposeAsync();
    }
}
