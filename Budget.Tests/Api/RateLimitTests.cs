using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;

namespace Budget.Tests.Api;

/// <summary>
/// Per-address limits with small numbers. The test server has no sockets, so each request says which address it
/// comes from in a test-only header, applied before the app sees the request.
/// </summary>
public sealed class RateLimitTests(RateLimitTests.LimitedApi factory) : IClassFixture<RateLimitTests.LimitedApi>
{
    private const string TrustedProxy = "10.0.0.1";
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public sealed class LimitedApi : ApiFactory
    {
        public const string PeerHeader = "X-Test-Peer";

        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?>
        {
            ["Network:PermitsPerMinute"] = "5",
            ["Network:SignInPermitsPerMinute"] = "3",
            ["Network:TrustedProxies:0"] = TrustedProxy,
        };

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services => services.AddTransient<IStartupFilter, PeerAddressFilter>());
        }

        private sealed class PeerAddressFilter : IStartupFilter
        {
            public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
            {
                app.Use((context, nextMiddleware) =>
                {
                    context.Connection.RemoteIpAddress = IPAddress.Parse(context.Request.Headers[PeerHeader].ToString());
                    return nextMiddleware(context);
                });
                next(app);
            };
        }
    }

    [Fact]
    public async Task The_sixth_request_in_a_minute_from_one_address_gets_429_with_retry_after()
    {
        var client = ClientFrom("192.0.2.10");
        for (var i = 0; i < 5; i++)
        {
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/profiles", Ct)).StatusCode);
        }

        var limited = await client.GetAsync("/api/profiles", Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
        Assert.Equal("application/problem+json", limited.Content.Headers.ContentType?.MediaType);
        // Another address is not held back, and the probes never are.
        Assert.Equal(HttpStatusCode.Unauthorized, (await ClientFrom("192.0.2.11").GetAsync("/api/profiles", Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/health", Ct)).StatusCode);
    }

    [Fact]
    public async Task Sign_in_has_a_stricter_limit_than_the_rest()
    {
        var client = ClientFrom("192.0.2.20");
        for (var i = 0; i < 3; i++)
        {
            var attempt = await client.PostAsJsonAsync("/api/auth/login", new { email = $"x{i}@example.org", password = "wrong but long enough" }, Ct);
            Assert.Equal(HttpStatusCode.Unauthorized, attempt.StatusCode);
        }

        var limited = await client.PostAsJsonAsync("/api/auth/login", new { email = "x@example.org", password = "wrong but long enough" }, Ct);

        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.True(limited.Headers.RetryAfter?.Delta > TimeSpan.Zero);
    }

    [Fact]
    public async Task A_forwarded_for_header_from_a_client_that_is_not_the_proxy_is_ignored()
    {
        var client = ClientFrom("192.0.2.30");
        for (var i = 0; i < 5; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/profiles");
            request.Headers.Add("X-Forwarded-For", $"198.51.100.{i}");
            Assert.Equal(HttpStatusCode.Unauthorized, (await client.SendAsync(request, Ct)).StatusCode);
        }

        var spoofed = new HttpRequestMessage(HttpMethod.Get, "/api/profiles");
        spoofed.Headers.Add("X-Forwarded-For", "198.51.100.99");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await client.SendAsync(spoofed, Ct)).StatusCode);
    }

    [Fact]
    public async Task Behind_the_trusted_proxy_each_household_device_has_its_own_limit()
    {
        var proxy = ClientFrom(TrustedProxy);
        for (var i = 0; i < 5; i++)
        {
            var request = new HttpRequestMessage(HttpMethod.Get, "/api/profiles");
            request.Headers.Add("X-Forwarded-For", "198.51.100.7");
            Assert.Equal(HttpStatusCode.Unauthorized, (await proxy.SendAsync(request, Ct)).StatusCode);
        }

        var sameDevice = new HttpRequestMessage(HttpMethod.Get, "/api/profiles");
        sameDevice.Headers.Add("X-Forwarded-For", "198.51.100.7");
        var otherDevice = new HttpRequestMessage(HttpMethod.Get, "/api/profiles");
        otherDevice.Headers.Add("X-Forwarded-For", "198.51.100.8");

        Assert.Equal(HttpStatusCode.TooManyRequests, (await proxy.SendAsync(sameDevice, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await proxy.SendAsync(otherDevice, Ct)).StatusCode);
    }

    private HttpClient ClientFrom(string address)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add(LimitedApi.PeerHeader, address);
        return client;
    }
}
