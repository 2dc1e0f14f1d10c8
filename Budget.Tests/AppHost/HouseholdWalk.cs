using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.AppHost;

/// <summary>A household's first minutes, through whatever endpoint it is given.</summary>
public static class HouseholdWalk
{
    public sealed record Outcome(string AccessToken, string RefreshToken, JsonElement Dashboard);

    public static async Task<Outcome> FirstMinutesAsync(HttpClient client, CancellationToken cancellationToken)
    {
        var email = $"walk-{Guid.NewGuid():N}@example.org";
        Assert.Equal(HttpStatusCode.Created, (await client.PostAsJsonAsync("/api/auth/register", new { email, password = TestUser.DefaultPassword }, cancellationToken)).StatusCode);
        var login = await client.PostAsJsonAsync("/api/auth/login", new { email, password = TestUser.DefaultPassword }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, login.StatusCode);
        var tokens = await login.ReadJsonAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());

        var profile = await PostAsync(client, "/api/profiles", new { name = "Kids" }, cancellationToken);
        var budget = await PostAsync(client, $"/api/profiles/{profile}/budgets", new { name = "Groceries", budgeted = 450, period = "monthly" }, cancellationToken);
        var today = DateOnly.FromDateTime(DateTime.UtcNow).ToString("yyyy-MM-dd");
        await PostAsync(client, $"/api/profiles/{profile}/budgets/{budget}/transactions", new { amount = 62.40, date = today }, cancellationToken);
        var dashboard = await client.GetJsonAsync($"/api/profiles/{profile}/dashboard?date={today}");
        Assert.Equal(62.40m, dashboard.GetProperty("budgets")[0].GetProperty("spent").GetDecimal());

        var refreshed = await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken = tokens.GetProperty("refreshToken").GetString() }, cancellationToken);
        Assert.Equal(HttpStatusCode.OK, refreshed.StatusCode);
        var renewed = await refreshed.ReadJsonAsync();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", renewed.GetProperty("accessToken").GetString());
        return new Outcome(renewed.GetProperty("accessToken").GetString()!, renewed.GetProperty("refreshToken").GetString()!, dashboard);
    }

    public static async Task SignOutAsync(HttpClient client, string refreshToken, CancellationToken cancellationToken)
    {
        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync("/api/auth/logout", cancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/profiles", cancellationToken)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await client.PostAsJsonAsync("/api/auth/refresh", new { refreshToken }, cancellationToken)).StatusCode);
    }

    private static async Task<long> PostAsync(HttpClient client, string url, object body, CancellationToken cancellationToken)
    {
        var response = await client.PostAsJsonAsync(url, body, cancellationToken);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(cancellationToken)}");
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }
}
