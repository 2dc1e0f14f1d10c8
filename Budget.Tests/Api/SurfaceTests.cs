using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Logging;

namespace Budget.Tests.Api;

/// <summary>What any response shows a browser or an attacker: headers, CORS, and what the logs keep.</summary>
public sealed class SurfaceTests(SurfaceTests.ObservedApi factory) : IClassFixture<SurfaceTests.ObservedApi>
{
    private const string HouseholdOrigin = "https://budget.example.org";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>An API that allows one extra origin and keeps every log line, down to Debug.</summary>
    public sealed class ObservedApi : LoggedApi
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Network:AllowedOrigins:0"] = HouseholdOrigin,
            ["Logging:LogLevel:Default"] = "Debug",
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureLogging(logging => logging.SetMinimumLevel(LogLevel.Debug));
        }
    }

    [Theory]
    [InlineData("/api/profiles")]
    [InlineData("/api/nowhere")]
    [InlineData("/health")]
    [InlineData("/openapi/v1.json")]
    public async Task Every_response_carries_the_security_headers(string path)
    {
        var response = await factory.CreateClient().GetAsync(path, Ct);

        var csp = string.Join(' ', response.Headers.GetValues("Content-Security-Policy"));
        Assert.Contains("object-src 'none'", csp);
        Assert.Contains("base-uri 'none'", csp);
        Assert.Contains("frame-ancestors 'none'", csp);
        Assert.Equal("nosniff", response.Headers.GetValues("X-Content-Type-Options").Single());
        Assert.Equal("no-referrer", response.Headers.GetValues("Referrer-Policy").Single());
        Assert.StartsWith("max-age=", response.Headers.GetValues("Strict-Transport-Security").Single());
        Assert.False(response.Headers.Contains("Server"));
        if (path.StartsWith("/api", StringComparison.Ordinal))
        {
            Assert.True(response.Headers.CacheControl?.NoStore, $"{path} must not be cached");
        }
    }

    [Fact]
    public async Task Errors_carry_the_headers_and_no_stack_trace()
    {
        var response = await factory.CreateClient().SendJsonAsync(HttpMethod.Post, "/api/auth/login", """{"email":""");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.True(response.Headers.Contains("Content-Security-Policy"));
        var body = await response.Content.ReadAsStringAsync(Ct);
        Assert.DoesNotContain("   at ", body);
        Assert.DoesNotContain("Exception", body);
    }

    [Fact]
    public async Task Only_a_configured_origin_may_call_from_a_browser_and_never_as_a_wildcard()
    {
        var client = factory.CreateClient();

        var allowed = await client.SendAsync(Preflight(HouseholdOrigin), Ct);
        var foreign = await client.SendAsync(Preflight("https://evil.example.com"), Ct);

        Assert.Equal(HouseholdOrigin, allowed.Headers.GetValues("Access-Control-Allow-Origin").Single());
        Assert.Equal("true", allowed.Headers.GetValues("Access-Control-Allow-Credentials").Single());
        Assert.Contains("Origin", allowed.Headers.Vary);
        Assert.False(foreign.Headers.Contains("Access-Control-Allow-Origin"));
    }

    [Fact]
    public async Task Passwords_tokens_and_hashes_never_reach_the_logs()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var client = factory.CreateClient();
        var login = await (await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct)).ReadJsonAsync();
        await client.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = "an attacker's wrong guess" }, Ct);
        var refreshed = await (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }, Ct)).ReadJsonAsync();
        await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = login.GetProperty("refreshToken").GetString() }, Ct);
        await ann.Client.PutAsJsonAsync("/api/auth/password", new { currentPassword = ann.Password, newPassword = "a new and rather long passphrase" }, Ct);

        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = "SELECT password_hash FROM users";
        var hash = (string)command.ExecuteScalar()!;
        var secrets = new[]
        {
            ann.Password, "an attacker's wrong guess", "a new and rather long passphrase", hash, ann.AccessToken,
            login.GetProperty("accessToken").GetString()!, login.GetProperty("refreshToken").GetString()!,
            refreshed.GetProperty("refreshToken").GetString()!,
        };
        Assert.NotEmpty(factory.Logs);
        foreach (var line in factory.Logs)
        {
            Assert.DoesNotContain(secrets, secret => line.ToString().Contains(secret, StringComparison.Ordinal));
        }
    }

    private static HttpRequestMessage Preflight(string origin)
    {
        var request = new HttpRequestMessage(HttpMethod.Options, "/api/profiles");
        request.Headers.Add("Origin", origin);
        request.Headers.Add("Access-Control-Request-Method", "GET");
        request.Headers.Add("Access-Control-Request-Headers", "authorization");
        return request;
    }
}
