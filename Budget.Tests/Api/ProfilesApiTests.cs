using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;
using Microsoft.Extensions.Logging;

namespace Budget.Tests.Api;

public sealed class ProfilesApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Registration_creates_the_owner_profile()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");

        var profiles = await ann.Client.GetJsonAsync("/api/profiles");

        var only = Assert.Single(profiles.EnumerateArray());
        Assert.True(only.GetProperty("isOwner").GetBoolean());
        Assert.StartsWith("ann-", only.GetProperty("name").GetString());
        Assert.Matches("^#[0-9A-F]{6}$", only.GetProperty("avatarColor").GetString());
    }

    [Fact]
    public async Task A_profile_whose_stored_currency_is_unknown_still_opens_in_usd_and_the_log_says_which_once()
    {
        await using var api = new LoggedApi();
        var ann = await TestUser.RegisterAsync(api);
        using (var db = api.OpenDatabase())
        {
            using var update = db.CreateCommand();
            update.CommandText = "UPDATE profiles SET currency = 'XQQ' WHERE id = $id";
            update.Parameters.AddWithValue("$id", ann.ProfileId);
            Assert.Equal(1, update.ExecuteNonQuery());
        }

        var profile = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}");
        var budgets = await ann.Client.GetAsync($"/api/profiles/{ann.ProfileId}/budgets", Ct);

        Assert.Equal("USD", profile.GetProperty("currency").GetString());
        Assert.Equal(HttpStatusCode.OK, budgets.StatusCode);
        // Two requests, one warning: every request of the profile would repeat it otherwise.
        Assert.Single(api.Logs, line => line.Level == LogLevel.Warning
            && line.Message.Contains($"Profile {ann.ProfileId} ", StringComparison.Ordinal) && line.Message.Contains("XQQ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_profile_can_be_created_renamed_recoloured_and_deleted()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var created = await ann.Client.PostAsJsonAsync("/api/profiles", new { name = "Kid", avatarColor = "#10b981" }, Ct);
        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var kid = await created.ReadJsonAsync();
        Assert.Equal($"/api/profiles/{kid.GetProperty("id").GetInt64()}", created.Headers.Location?.AbsolutePath);
        Assert.Equal("#10B981", kid.GetProperty("avatarColor").GetString());
        Assert.False(kid.GetProperty("isOwner").GetBoolean());

        var url = created.Headers.Location!.AbsolutePath;
        var renamed = await ann.Client.PutAsJsonAsync(url, new { name = "Teen", avatarColor = "#112233" }, Ct);
        Assert.Equal(HttpStatusCode.OK, renamed.StatusCode);
        var read = await ann.Client.GetJsonAsync(url);
        Assert.Equal("Teen", read.GetProperty("name").GetString());
        Assert.Equal("#112233", read.GetProperty("avatarColor").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(url, Ct)).StatusCode);
    }

    [Fact]
    public async Task The_owner_profile_cannot_be_deleted()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}", Ct);

        Assert.Equal(HttpStatusCode.Conflict, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}");
    }

    [Theory]
    [InlineData("""{"name":""}""", "name")]
    [InlineData("""{"name":"   "}""", "name")]
    [InlineData("""{"name":"Kid","avatarColor":"red"}""", "avatarColor")]
    [InlineData("""{"name":"Kid","isOwner":true}""", "isOwner")]
    [InlineData("""{"name":"Kid","userId":1}""", "userId")]
    [InlineData("""{}""", "name")]
    public async Task Bad_profiles_are_refused_naming_the_field(string body, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, "/api/profiles", body);

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Single((await ann.Client.GetJsonAsync("/api/profiles")).EnumerateArray());
    }
}
