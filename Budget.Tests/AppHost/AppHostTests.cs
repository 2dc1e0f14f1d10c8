using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using Aspire.Hosting.Testing;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.AppHost;

/// <summary>The composition a developer gets from <c>dotnet run --project Budget.AppHost</c>.</summary>
public sealed class AppHostTests(AppHostFixture fixture) : IClassFixture<AppHostFixture>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task The_api_starts_healthy_and_a_household_can_sign_up_through_it()
    {
        var api = fixture.App.CreateHttpClient("api");

        Assert.Equal(HttpStatusCode.OK, (await api.GetAsync("/health", Ct)).StatusCode);
        var registered = await api.PostAsJsonAsync("/api/auth/register",
            new { email = $"aspire-{Guid.NewGuid():N}@example.org", password = TestUser.DefaultPassword }, Ct);
        Assert.Equal(HttpStatusCode.Created, registered.StatusCode);
        var tokens = await registered.ReadJsonAsync();
        api.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", tokens.GetProperty("accessToken").GetString());
        var profiles = await api.GetJsonAsync("/api/profiles");
        Assert.Single(profiles.EnumerateArray());
    }
}
