using System.Net;
using System.Net.Http.Json;
using Aspire.Hosting.ApplicationModel;
using Aspire.Hosting.Testing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace Budget.Tests.AppHost;

/// <summary>The composition a developer gets from <c>dotnet run --project Budget.AppHost</c>, with Redis as a local process.</summary>
[Collection(AppHostFixture.Collection)]
public sealed class LocalRedisAppHostTests(LocalRedisAppHost fixture) : IClassFixture<LocalRedisAppHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_web_dev_server_serves_the_app_and_passes_api_calls_through()
    {
        var web = fixture.App.CreateHttpClient("web");

        var page = await web.GetStringAsync("/", Ct);
        var health = await web.GetAsync("/api/auth/me", Ct);

        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);
        // Answered by the API through Vite's proxy: a problem body, not Vite's own page.
        Assert.Equal(HttpStatusCode.Unauthorized, health.StatusCode);
        Assert.Equal("application/problem+json", health.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task A_household_walks_through_its_first_minutes_with_sessions_in_redis()
    {
        // Through the web app's address, as a browser in development would.
        var api = fixture.App.CreateHttpClient("web");

        var walk = await HouseholdWalk.FirstMinutesAsync(api, Ct);

        await using var redis = await ConnectionMultiplexer.ConnectAsync((await fixture.App.GetConnectionStringAsync("cache", Ct))!);
        var server = redis.GetServer(redis.GetEndPoints()[0]);
        var sessionId = Infrastructure.Jwt.Payload(walk.AccessToken)["sid"]!.GetValue<string>();
        Assert.True(await redis.GetDatabase().KeyExistsAsync($"budget:session:{sessionId}"));
        var refreshKeys = new List<string>();
        await foreach (var key in server.KeysAsync(pattern: "budget:refresh:*"))
        {
            refreshKeys.Add(key.ToString());
        }
        Assert.True(refreshKeys.Count >= 2, "the first refresh token and its successor are both in Redis");
        Assert.DoesNotContain(refreshKeys, key => key.Contains(walk.RefreshToken, StringComparison.Ordinal));

        await HouseholdWalk.SignOutAsync(api, walk.RefreshToken, Ct);
    }

    [Fact]
    public async Task A_restart_of_the_api_loses_no_session()
    {
        var api = fixture.App.CreateHttpClient("api");
        var walk = await HouseholdWalk.FirstMinutesAsync(api, Ct);

        await fixture.StartAndWaitHealthyAsync("api", KnownResourceCommands.RestartCommand, Ct);

        var after = fixture.App.CreateHttpClient("api");
        after.DefaultRequestHeaders.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", walk.AccessToken);
        Assert.Equal(HttpStatusCode.OK, (await after.GetAsync("/api/profiles", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await after.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = walk.RefreshToken }, Ct)).StatusCode);
    }

    [Fact]
    public async Task While_redis_is_stopped_tokens_in_hand_work_refresh_fails_closed_and_it_recovers()
    {
        var api = fixture.App.CreateHttpClient("api");
        var walk = await HouseholdWalk.FirstMinutesAsync(api, Ct);

        await fixture.App.ResourceCommands.ExecuteCommandAsync("cache", KnownResourceCommands.StopCommand, Ct);
        try
        {
            Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/api/profiles", Ct)).StatusCode);
            var refresh = await api.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = walk.RefreshToken }, Ct);
            Assert.Equal(HttpStatusCode.ServiceUnavailable, refresh.StatusCode);
            Assert.NotNull(refresh.Headers.RetryAfter);
        }
        finally
        {
            await fixture.StartAndWaitHealthyAsync("cache", KnownResourceCommands.StartCommand, Ct);
        }

        // The restarted Redis kept nothing: the old session is over, cleanly, and signing in again works.
        await WaitForAsync(async () => (await api.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = walk.RefreshToken }, Ct)).StatusCode == HttpStatusCode.Unauthorized);
        Assert.Equal(HttpStatusCode.Unauthorized, (await api.GetAsync("/api/profiles", Ct)).StatusCode);
        var again = await HouseholdWalk.FirstMinutesAsync(fixture.App.CreateHttpClient("api"), Ct);
        Assert.False(string.IsNullOrEmpty(again.AccessToken));
    }

    private static async Task WaitForAsync(Func<Task<bool>> condition)
    {
        for (var attempt = 0; attempt < 50; attempt++)
        {
            if (await condition())
            {
                return;
            }
            await Task.Delay(200, Ct);
        }
        Assert.Fail("The API did not reconnect to the restarted Redis within 10 seconds.");
    }
}

/// <summary>The same walk with no cache: sessions live in SQLite.</summary>
[Collection(AppHostFixture.Collection)]
public sealed class NoCacheAppHostTests(NoCacheAppHost fixture) : IClassFixture<NoCacheAppHost>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task A_household_walks_through_its_first_minutes_with_sessions_in_sqlite()
    {
        Assert.DoesNotContain(fixture.App.Services.GetRequiredService<DistributedApplicationModel>().Resources, r => r.Name == "cache");
        var api = fixture.App.CreateHttpClient("api");

        var walk = await HouseholdWalk.FirstMinutesAsync(api, Ct);

        await HouseholdWalk.SignOutAsync(api, walk.RefreshToken, Ct);
    }
}
