using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>
/// A household registered through the API of the running app, so a browser test can start from data that would
/// take many clicks to type (two years of transactions, a whole money map) and then sign in as a person would.
/// </summary>
public sealed class Household : IDisposable
{
    public const string Password = "correct horse battery staple";

    private Household(HttpClient api, string email, string name, long profileId)
    {
        Api = api;
        Email = email;
        Name = name;
        ProfileId = profileId;
    }

    /// <summary>A client signed in as this household, through its own session (not the browser's).</summary>
    public HttpClient Api { get; }
    public string Email { get; }
    public string Name { get; }
    public long ProfileId { get; }

    public static async Task<Household> RegisterAsync(WebAppServer server, string name)
    {
        var api = new HttpClient { BaseAddress = server.BaseAddress };
        var email = $"{name.ToLowerInvariant()}-{Guid.NewGuid():N}@example.com";
        var registered = await api.PostAsJsonAsync("/api/auth/register", new { email, password = Password, name }, Ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        api.DefaultRequestHeaders.Authorization = new("Bearer", (await registered.ReadJsonAsync()).GetProperty("accessToken").GetString());
        var profiles = await api.GetJsonAsync("/api/profiles");
        return new Household(api, email, name, profiles[0].GetProperty("id").GetInt64());
    }

    /// <summary>POSTs to a collection of the household's profile (or <paramref name="url"/> as given when it starts with /api) and returns the new id.</summary>
    public async Task<long> CreateAsync(string collection, object body)
    {
        var url = collection.StartsWith("/api", StringComparison.Ordinal) ? collection : $"/api/profiles/{ProfileId}/{collection}";
        var response = await Api.PostAsJsonAsync(url, body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {url}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Signs in on the sign-in screen and waits for the dashboard.</summary>
    public async Task SignInAsync(IPage page, string password = Password)
    {
        await page.GotoAsync("/signin");
        await page.GetByLabel("Email").FillAsync(Email);
        await page.GetByLabel("Password").FillAsync(password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = $"{Name}'s money" })).ToBeVisibleAsync();
    }

    public void Dispose() => Api.Dispose();

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
