using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;

namespace Budget.Tests.Infrastructure;

/// <summary>A registered, signed-in user with a client that sends their access token, and their own profile's id.</summary>
public sealed class TestUser
{
    public const string DefaultPassword = "correct horse battery staple";

    private TestUser(HttpClient client, string email, JsonElement tokens)
    {
        Client = client;
        Email = email;
        UseTokens(tokens);
    }

    public HttpClient Client { get; }
    public string Email { get; }
    public string Password => DefaultPassword;
    public long ProfileId { get; private set; }
    public string AccessToken { get; private set; } = "";
    public string RefreshToken { get; private set; } = "";

    public static async Task<TestUser> RegisterAsync(ApiFactory factory, string? name = null, string? currency = null)
    {
        var email = $"{name ?? "user"}-{Guid.NewGuid():N}@example.org";
        var client = factory.CreateClient();
        var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password = DefaultPassword, currency }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var user = new TestUser(client, email, await response.ReadJsonAsync());
        var profiles = await client.GetJsonAsync("/api/profiles");
        user.ProfileId = profiles[0].GetProperty("id").GetInt64();
        return user;
    }

    public void UseAccessToken(string token)
    {
        AccessToken = token;
        Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
    }

    /// <summary>Adopts the token pair a sign-in or refresh answered.</summary>
    public void UseTokens(JsonElement tokens)
    {
        UseAccessToken(tokens.GetProperty("accessToken").GetString()!);
        RefreshToken = tokens.GetProperty("refreshToken").GetString()!;
    }

    /// <summary>Signs in again, as a user does when the clock has moved past the access token's life.</summary>
    public async Task SignInAgainAsync()
    {
        var signedIn = await Client.PostAsJsonAsync("/api/auth/login", new { email = Email, password = Password }, TestContext.Current.CancellationToken);
        Assert.Equal(HttpStatusCode.OK, signedIn.StatusCode);
        UseTokens(await signedIn.ReadJsonAsync());
    }

    /// <summary>Creates something under this user's profile (or <paramref name="profileId"/>) and returns its id.</summary>
    public async Task<long> CreateAsync(string collection, object body, long? profileId = null)
    {
        var response = await Client.PostAsJsonAsync($"/api/profiles/{profileId ?? ProfileId}/{collection}", body, Ct);
        Assert.True(response.StatusCode == HttpStatusCode.Created, $"POST {collection}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    /// <summary>Joins <paramref name="owner"/>'s profile as <paramref name="role"/>: the owner invites this user's email, this user accepts.</summary>
    public Task JoinAsync(TestUser owner, long profileId, string role) => JoinAsync(owner.Client, profileId, Client, Email, role);

    /// <summary>The same between any two signed-in clients (the browser tests' households too): <paramref name="owner"/> invites <paramref name="email"/>, <paramref name="member"/> accepts.</summary>
    public static async Task JoinAsync(HttpClient owner, long profileId, HttpClient member, string email, string role)
    {
        var invited = await owner.PostAsJsonAsync($"/api/profiles/{profileId}/invitations", new { email, role }, Ct);
        Assert.True(invited.IsSuccessStatusCode, $"invite: {(int)invited.StatusCode} {await invited.Content.ReadAsStringAsync(Ct)}");
        var invitationId = (await member.GetJsonAsync("/api/invitations")).EnumerateArray().Single(i => i.GetProperty("profileId").GetInt64() == profileId).GetProperty("id").GetInt64();
        var accepted = await member.PostAsync($"/api/invitations/{invitationId}/accept", null, Ct);
        Assert.True(accepted.StatusCode == HttpStatusCode.OK, $"accept: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(Ct)}");
    }

    private static CancellationToken Ct => TestContext.Current.CancellationToken;
}
