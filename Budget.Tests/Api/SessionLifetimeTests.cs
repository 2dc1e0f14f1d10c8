using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>Time-bound rules, checked by moving the API's clock (this class has its own API and clock).</summary>
public sealed class SessionLifetimeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task An_access_token_stops_working_after_15_minutes()
    {
        var ann = await TestUser.RegisterAsync(factory);

        factory.Clock.Advance(TimeSpan.FromMinutes(14));
        Assert.Equal(HttpStatusCode.OK, (await ann.Client.GetAsync("/api/profiles", Ct)).StatusCode);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        var expired = await ann.Client.GetAsync("/api/profiles", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, expired.StatusCode);
        Assert.Contains("invalid_token", expired.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task A_session_refreshed_every_day_still_ends_7_days_after_sign_in()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var client = factory.CreateClient();

        for (var day = 1; day <= 6; day++)
        {
            factory.Clock.Advance(TimeSpan.FromDays(1));
            var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct);
            Assert.True(refreshed.StatusCode == HttpStatusCode.OK, $"day {day}: {refreshed.StatusCode}");
            ann.UseTokens(await refreshed.ReadJsonAsync());
        }
        factory.Clock.Advance(TimeSpan.FromDays(1));

        var afterAWeek = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = ann.RefreshToken }, Ct);
        Assert.Equal(HttpStatusCode.Unauthorized, afterAWeek.StatusCode);
    }

    [Fact]
    public async Task Failed_sign_ins_pause_the_account_from_any_address_until_the_window_passes()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var client = factory.CreateClient();
        for (var attempt = 0; attempt < 10; attempt++)
        {
            var guess = await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = $"guess number {attempt} is wrong" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, guess.StatusCode);
        }

        var owner = await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct);
        Assert.Equal(HttpStatusCode.TooManyRequests, owner.StatusCode);
        Assert.True(owner.Headers.RetryAfter?.Delta > TimeSpan.Zero);

        factory.Clock.Advance(TimeSpan.FromMinutes(15));
        var later = await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct);
        Assert.Equal(HttpStatusCode.OK, later.StatusCode);
    }

    [Fact]
    public async Task The_pause_looks_the_same_for_an_email_without_an_account()
    {
        var client = factory.CreateClient();
        var nobody = $"nobody-{Guid.NewGuid():N}@example.org";
        for (var attempt = 0; attempt < 10; attempt++)
        {
            await client.PostAsJsonAsync("/api/auth/login", new { email = nobody, password = "whatever it may be" }, Ct);
        }

        var response = await client.PostAsJsonAsync("/api/auth/login", new { email = nobody, password = "whatever it may be" }, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, response.StatusCode);
    }

    [Fact]
    public async Task A_token_issued_before_a_restart_still_works_after_it()
    {
        var ann = await TestUser.RegisterAsync(factory);

        // A second app on the same data folder is what a restarted pod is: it must read the same signing key.
        await using var restarted = factory.Restarted();
        var client = restarted.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", ann.AccessToken);

        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/profiles", Ct)).StatusCode);
    }
}
