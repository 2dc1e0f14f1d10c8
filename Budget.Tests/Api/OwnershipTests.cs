using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Attack;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>
/// Nobody reaches another user's data by guessing an id. The routes come from the app's own endpoint list and their
/// bodies from <see cref="AttackHousehold.SampleBody"/>, so a new route is checked the day it is added (and fails
/// here until it has a sample body, if it takes one).
/// </summary>
public sealed class OwnershipTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const long MissingId = 987_654_321;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Another_user_gets_exactly_what_a_missing_id_gets_on_every_route_and_changes_nothing()
    {
        var owner = await AttackHousehold.CreateAsync(factory, "owner", profiles: 1);
        var stranger = await TestUser.RegisterAsync(factory, "stranger");
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);
        var checkedRoutes = new List<string>();

        foreach (var route in RoutesTakingIds())
        {
            var theirs = await SendAsync(stranger.Client, route, owner.Ids, owner);
            var missing = await SendAsync(owner.User.Client, route, owner.Ids.ToDictionary(id => id.Key, _ => MissingId), owner);

            Assert.True(theirs.StatusCode == HttpStatusCode.NotFound, $"{route.Key} answered a stranger {(int)theirs.StatusCode}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(await ProblemWithoutTraceIdAsync(missing), await ProblemWithoutTraceIdAsync(theirs));
            checkedRoutes.Add(route.Key);
        }

        Assert.Equal(before, DatabaseAudit.Dump(database));
        Assert.Contains("DELETE /api/profiles/{profileId}/budgets/{budgetId}/transactions/{transactionId}", checkedRoutes);
        Assert.Contains("GET /api/profiles/{profileId}/forecast", checkedRoutes);
    }

    [Fact]
    public async Task One_profiles_things_cannot_be_reached_through_another_profile_of_the_same_user()
    {
        var owner = await AttackHousehold.CreateAsync(factory, "owner", profiles: 2);
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);
        var underOtherProfile = new Dictionary<string, long>(owner.Ids) { ["profileId"] = owner.ProfileIds[1] };

        foreach (var route in RoutesTakingIds().Where(r => r.Parameters.Length > 1))
        {
            var response = await SendAsync(owner.User.Client, route, underOtherProfile, owner);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route.Key} under another profile answered {(int)response.StatusCode}");
        }

        Assert.Equal(before, DatabaseAudit.Dump(database));
    }

    [Fact]
    public async Task A_flow_cannot_join_nodes_of_another_users_map()
    {
        var owner = await AttackHousehold.CreateAsync(factory, "owner", profiles: 1);
        var stranger = await TestUser.RegisterAsync(factory, "stranger");
        var strangersNode = await stranger.CreateAsync("nodes", new { type = "expense", label = "Theirs" });

        var response = await owner.User.Client.PostAsJsonAsync($"/api/profiles/{owner.User.ProfileId}/flows",
            new { fromNodeId = owner.Ids["nodeId"], toNodeId = strangersNode, amount = 10 }, Ct);

        Assert.Equal(["toNodeId"], await response.ProblemFieldsAsync());
    }

    private IEnumerable<ApiRoute> RoutesTakingIds() => ApiRoute.All(factory).Where(r => r.Parameters.Length > 0);

    /// <summary>The route at <paramref name="ids"/>, with the owner's valid sample body, so a 404 cannot be a validation error.</summary>
    private static Task<HttpResponseMessage> SendAsync(HttpClient client, ApiRoute route, IReadOnlyDictionary<string, long> ids, AttackHousehold owner)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url(ids));
        if (route.TakesBody)
        {
            request.Content = route.Content(owner.SampleBody(route));
        }
        return client.SendAsync(request, Ct);
    }

    private static async Task<string> ProblemWithoutTraceIdAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadJsonAsync();
        return JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name != "traceId").ToDictionary(p => p.Name, p => p.Value.ToString()));
    }
}
