using System.Net;
using System.Net.Http.Headers;
using System.Security.Cryptography;
using System.Text.Json.Nodes;
using Budget.Api.Auth;
using Budget.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Budget.Tests.Api;

/// <summary>Forged, altered and stale access tokens are refused (RFC 8725): 401 with error="invalid_token".</summary>
public sealed class AccessTokenTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Forgeries =>
    [
        "alg none, no signature",
        "alg none, original signature",
        "signed with another key",
        "payload edited, old signature",
        "expired 1 second ago",
        "expired 6 minutes ago",
        "not valid before a minute from now",
        "wrong issuer",
        "wrong audience",
        "no session claim",
        "no expiry",
        "typ JWT instead of at+jwt",
        "HS512 with the right key",
        "the refresh token",
    ];

    [Theory]
    [MemberData(nameof(Forgeries))]
    public async Task A_forged_or_stale_access_token_is_refused(string forgery)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var victim = await TestUser.RegisterAsync(factory);
        var key = Jwt.ApiKey(factory);
        var header = Jwt.Header(ann.AccessToken);
        var payload = Jwt.Payload(ann.AccessToken);
        var now = factory.Clock.GetUtcNow();
        JsonObject With(string claim, JsonNode? value) { var copy = payload.DeepClone().AsObject(); copy[claim] = value; return copy; }
        JsonObject Without(string claim) { var copy = payload.DeepClone().AsObject(); copy.Remove(claim); return copy; }

        var token = forgery switch
        {
            "alg none, no signature" => Jwt.Unsigned(new JsonObject { ["alg"] = "none", ["typ"] = "at+jwt" }, payload),
            "alg none, original signature" => Jwt.Unsigned(new JsonObject { ["alg"] = "none", ["typ"] = "at+jwt" }, payload, Jwt.Signature(ann.AccessToken)),
            "signed with another key" => Jwt.Sign(header, payload, RandomNumberGenerator.GetBytes(64)),
            "payload edited, old signature" => Jwt.Unsigned(header, With("sub", Jwt.Payload(victim.AccessToken)["sub"]!.GetValue<string>()), Jwt.Signature(ann.AccessToken)),
            "expired 1 second ago" => Jwt.Sign(header, With("exp", Jwt.UnixTime(now) - 1), key),
            "expired 6 minutes ago" => Jwt.Sign(header, With("exp", Jwt.UnixTime(now.AddMinutes(-6))), key),
            "not valid before a minute from now" => Jwt.Sign(header, With("nbf", Jwt.UnixTime(now.AddMinutes(1))), key),
            "wrong issuer" => Jwt.Sign(header, With("iss", "someone-else"), key),
            "wrong audience" => Jwt.Sign(header, With("aud", "another-app"), key),
            "no session claim" => Jwt.Sign(header, Without("sid"), key),
            "no expiry" => Jwt.Sign(header, Without("exp"), key),
            "typ JWT instead of at+jwt" => Jwt.Sign(new JsonObject { ["alg"] = "HS256", ["typ"] = "JWT" }, payload, key),
            "HS512 with the right key" => Jwt.Sign(new JsonObject { ["alg"] = "HS512", ["typ"] = "at+jwt" }, payload, key, "HS512"),
            "the refresh token" => ann.RefreshToken,
            _ => throw new ArgumentOutOfRangeException(nameof(forgery)),
        };

        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        var response = await client.GetAsync($"/api/profiles/{victim.ProfileId}", Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("error=\"invalid_token\"", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task The_genuine_token_re_signed_with_the_api_key_is_accepted()
    {
        // Proves the forgeries above fail for the reason they name, not because re-signing is broken.
        var ann = await TestUser.RegisterAsync(factory);
        var token = Jwt.Sign(Jwt.Header(ann.AccessToken), Jwt.Payload(ann.AccessToken), Jwt.ApiKey(factory));
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);

        var response = await client.GetAsync("/api/profiles", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
    }

    [Fact]
    public async Task The_access_token_is_a_short_lived_hs256_jwt_with_exactly_the_claims_needed()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var header = Jwt.Header(ann.AccessToken);
        var payload = Jwt.Payload(ann.AccessToken);

        Assert.Equal("HS256", header["alg"]!.GetValue<string>());
        Assert.Equal("at+jwt", header["typ"]!.GetValue<string>());
        Assert.Equal(15 * 60, payload["exp"]!.GetValue<long>() - payload["iat"]!.GetValue<long>());
        Assert.Equal(["aud", "cur", "exp", "iat", "iss", "jti", "nbf", "sid", "sub"], payload.Select(p => p.Key).Order().ToArray());
        Assert.DoesNotContain(ann.Email, payload.ToJsonString());
    }
}

/// <summary>A client that goes away while its token's session is being looked up is not an error in the operator's log.</summary>
public sealed class AbortedSessionCheckTests
{
    [Fact]
    public async Task A_request_abandoned_during_the_session_check_logs_no_error()
    {
        await using var api = new SlowSessionApi();
        var ann = await TestUser.RegisterAsync(api);
        api.HoldSessionChecks = true;

        var finishedBefore = api.RequestsFinished();
        using var giveUp = new CancellationTokenSource();
        var request = ann.Client.GetAsync("/api/profiles", giveUp.Token);
        await api.SessionCheckStarted.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        await giveUp.CancelAsync();
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => request);
        await api.SessionCheckCancelled.Task.WaitAsync(TimeSpan.FromSeconds(10), TestContext.Current.CancellationToken);
        // The handler logs after the check has thrown: wait for the host's own last word on the request.
        for (var waited = 0; api.RequestsFinished() == finishedBefore; waited += 10)
        {
            Assert.True(waited < 10_000, "The abandoned request never finished on the server.");
            await Task.Delay(10, TestContext.Current.CancellationToken);
        }

        Assert.DoesNotContain(api.Logs, line => line.Level >= LogLevel.Error);
    }

    /// <summary>The API whose session checks, once held, wait until the request is aborted.</summary>
    private sealed class SlowSessionApi : LoggedApi
    {
        public volatile bool HoldSessionChecks;
        public TaskCompletionSource SessionCheckStarted { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);
        public TaskCompletionSource SessionCheckCancelled { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        /// <summary>How many requests the host has logged as finished, which it does after everything else it logs about one.</summary>
        public int RequestsFinished() =>
            Logs.Count(line => line.Category == "Microsoft.AspNetCore.Hosting.Diagnostics" && line.Message.StartsWith("Request finished", StringComparison.Ordinal));

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Logging:LogLevel:Microsoft.AspNetCore.Hosting.Diagnostics", "Information");
            builder.ConfigureServices(services =>
            {
                services.AddScoped<ISessionStore>(provider => new HeldSessions(this, ActivatorUtilities.CreateInstance<SqliteSessionStore>(provider)));
            });
        }

        private sealed class HeldSessions(SlowSessionApi api, ISessionStore inner) : ISessionStore
        {
            public Task<IssuedSession> StartAsync(long userId, CancellationToken cancellationToken) => inner.StartAsync(userId, cancellationToken);
            public Task<RotatedSession?> RotateAsync(string refreshToken, CancellationToken cancellationToken) => inner.RotateAsync(refreshToken, cancellationToken);
            public Task EndAsync(string sessionId, CancellationToken cancellationToken) => inner.EndAsync(sessionId, cancellationToken);
            public Task EndAllAsync(long userId, string? keepSessionId, CancellationToken cancellationToken) => inner.EndAllAsync(userId, keepSessionId, cancellationToken);

            public async Task<bool> IsActiveAsync(string sessionId, CancellationToken cancellationToken)
            {
                if (api.HoldSessionChecks)
                {
                    api.SessionCheckStarted.TrySetResult();
                    try
                    {
                        await Task.Delay(Timeout.Infinite, cancellationToken);
                    }
                    catch (OperationCanceledException)
                    {
                        api.SessionCheckCancelled.TrySetResult();
                        throw;
                    }
                }
                return await inner.IsActiveAsync(sessionId, cancellationToken);
            }
        }
    }
}
