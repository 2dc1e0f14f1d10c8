using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>The web app's session: the refresh token in an httpOnly cookie that page scripts cannot read.</summary>
public sealed class RefreshCookieTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Asked_for_the_cookie_sign_in_sets_it_httponly_strict_and_keeps_the_token_out_of_the_body()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var browser = Browser();

        var response = await browser.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var body = await response.ReadJsonAsync();
        Assert.Equal(System.Text.Json.JsonValueKind.Null, body.GetProperty("refreshToken").ValueKind);
        var cookie = Assert.Single(response.Headers.GetValues("Set-Cookie"));
        Assert.StartsWith("budget_refresh=", cookie);
        Assert.Contains("httponly", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=strict", cookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("path=/api/auth", cookie, StringComparison.OrdinalIgnoreCase);
    }

    [Fact]
    public async Task The_cookie_refreshes_and_rotates_without_any_token_in_the_page()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var browser = Browser();
        await browser.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct);
        var firstCookie = CookieValue(await browser.PostAsync("/api/auth/refresh", null, Ct));

        var second = await browser.PostAsync("/api/auth/refresh", null, Ct);

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.NotEqual(firstCookie, CookieValue(second));
        Assert.False(string.IsNullOrEmpty((await second.ReadJsonAsync()).GetProperty("accessToken").GetString()));
    }

    [Fact]
    public async Task Without_the_header_the_cookie_is_not_used()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var browser = Browser();
        await browser.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct);
        browser.DefaultRequestHeaders.Remove("X-Refresh-Cookie");

        var response = await browser.PostAsync("/api/auth/refresh", null, Ct);

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
    }

    [Fact]
    public async Task Signing_out_clears_the_cookie_and_it_refreshes_no_more()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var browser = Browser();
        var tokens = await (await browser.PostAsJsonAsync("/api/auth/login", new { email = ann.Email, password = ann.Password }, Ct)).ReadJsonAsync();
        var logout = new HttpRequestMessage(HttpMethod.Delete, "/api/auth/logout");
        logout.Headers.Authorization = new System.Net.Http.Headers.AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());

        var response = await browser.SendAsync(logout, Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Contains(response.Headers.GetValues("Set-Cookie"), c => c.StartsWith("budget_refresh=;", StringComparison.Ordinal));
        Assert.Equal(HttpStatusCode.Unauthorized, (await browser.PostAsync("/api/auth/refresh", null, Ct)).StatusCode);
    }

    private HttpClient Browser()
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Add("X-Refresh-Cookie", "1");
        return client;
    }

    private static string CookieValue(HttpResponseMessage response) =>
        response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
}
