using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Budget.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Budget.Tests.Api;

/// <summary>
/// Nobody reaches another user's data by guessing an id. The routes come from the app's own endpoint list, so a new
/// route is checked the day it is added (and fails here until it has a sample body, if it takes one).
/// </summary>
public sealed partial class OwnershipTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const long MissingId = 987_654_321;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A valid body for each write route, so a 404 cannot be mistaken for a validation error.</summary>
    private static readonly Dictionary<string, object> SampleBodies = new()
    {
        ["PUT /api/profiles/{profileId}"] = new { name = "Renamed" },
        ["POST /api/profiles/{profileId}/nodes"] = new { type = "expense", label = "Sneaky" },
        ["PUT /api/profiles/{profileId}/nodes/{nodeId}"] = new { type = "expense", label = "Sneaky", amount = 1 },
        ["POST /api/profiles/{profileId}/flows"] = new { fromNodeId = 0, toNodeId = 0, amount = 1 },
        ["PUT /api/profiles/{profileId}/flows/{flowId}"] = new { fromNodeId = 0, toNodeId = 0, amount = 1 },
        ["POST /api/profiles/{profileId}/budgets"] = new { name = "Sneaky", budgeted = 1, period = "monthly" },
        ["PUT /api/profiles/{profileId}/budgets/{budgetId}"] = new { name = "Sneaky", budgeted = 1, period = "monthly" },
        ["POST /api/profiles/{profileId}/budgets/{budgetId}/transactions"] = new { amount = 1, date = "2026-01-01" },
        ["POST /api/profiles/{profileId}/goals"] = new { name = "Sneaky", target = 1 },
        ["PUT /api/profiles/{profileId}/goals/{goalId}"] = new { name = "Sneaky", target = 1 },
    };

    [Fact]
    public async Task Another_user_gets_exactly_what_a_missing_id_gets_on_every_route_and_changes_nothing()
    {
        var owner = await Household.CreateAsync(factory);
        var stranger = await TestUser.RegisterAsync(factory, "stranger");
        var before = await owner.SnapshotAsync();
        var checkedRoutes = new List<string>();

        foreach (var route in RoutesTakingIds())
        {
            var theirs = await SendAsync(stranger.Client, route, owner.Ids, owner.Ids);
            var missing = await SendAsync(owner.User.Client, route, owner.Ids.ToDictionary(id => id.Key, _ => MissingId), owner.Ids);

            Assert.True(theirs.StatusCode == HttpStatusCode.NotFound, $"{route.Key} answered a stranger {(int)theirs.StatusCode}");
            Assert.Equal(HttpStatusCode.NotFound, missing.StatusCode);
            Assert.Equal(await ProblemWithoutTraceIdAsync(missing), await ProblemWithoutTraceIdAsync(theirs));
            checkedRoutes.Add(route.Key);
        }

        Assert.Equal(before, await owner.SnapshotAsync());
        Assert.Contains("DELETE /api/profiles/{profileId}/budgets/{budgetId}/transactions/{transactionId}", checkedRoutes);
        Assert.Contains("GET /api/profiles/{profileId}/forecast", checkedRoutes);
    }

    [Fact]
    public async Task One_profiles_things_cannot_be_reached_through_another_profile_of_the_same_user()
    {
        var owner = await Household.CreateAsync(factory);
        var otherProfileId = await owner.User.CreateAsync("../../profiles", new { name = "Second" }, profileId: 0);
        var before = await owner.SnapshotAsync();
        var underOtherProfile = new Dictionary<string, long>(owner.Ids) { ["profileId"] = otherProfileId };

        foreach (var route in RoutesTakingIds().Where(r => r.Parameters.Length > 1))
        {
            var response = await SendAsync(owner.User.Client, route, underOtherProfile, underOtherProfile);
            Assert.True(response.StatusCode == HttpStatusCode.NotFound, $"{route.Key} under another profile answered {(int)response.StatusCode}");
        }

        Assert.Equal(before, await owner.SnapshotAsync());
    }

    [Fact]
    public async Task A_flow_cannot_join_nodes_of_another_users_map()
    {
        var owner = await Household.CreateAsync(factory);
        var stranger = await TestUser.RegisterAsync(factory, "stranger");
        var strangersNode = await stranger.CreateAsync("nodes", new { type = "expense", label = "Theirs" });

        var response = await owner.User.Client.PostAsJsonAsync($"/api/profiles/{owner.User.ProfileId}/flows",
            new { fromNodeId = owner.Ids["nodeId"], toNodeId = strangersNode, amount = 10 }, Ct);

        Assert.Equal(["toNodeId"], await response.ProblemFieldsAsync());
    }

    private sealed record Route(string Method, string Pattern, string[] Parameters)
    {
        public string Key => $"{Method} {Pattern}";
    }

    private IEnumerable<Route> RoutesTakingIds()
    {
        _ = factory.CreateClient();
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.Parameters.Count > 0 && e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<Microsoft.AspNetCore.Routing.HttpMethodMetadata>()?.HttpMethods ?? []).Select(method =>
                new Route(method, Constraint().Replace(e.RoutePattern.RawText!, "{$1}").TrimEnd('/'), e.RoutePattern.Parameters.Select(p => p.Name).ToArray())))
            .Distinct()
            .ToList();
    }

    private static async Task<HttpResponseMessage> SendAsync(HttpClient client, Route route, IReadOnlyDictionary<string, long> ids, IReadOnlyDictionary<string, long> bodyIds)
    {
        var url = route.Pattern;
        foreach (var parameter in route.Parameters)
        {
            Assert.True(ids.ContainsKey(parameter), $"{route.Key}: the test household has no {parameter}; add one to Household");
            url = url.Replace($"{{{parameter}}}", ids[parameter].ToString(System.Globalization.CultureInfo.InvariantCulture));
        }
        var request = new HttpRequestMessage(new HttpMethod(route.Method), url);
        if (route.Method is "POST" or "PUT")
        {
            Assert.True(SampleBodies.TryGetValue(route.Key, out var body), $"{route.Key} takes a body: add a valid sample to SampleBodies");
            // Flows need real node ids to be valid: use the owner's.
            var json = JsonSerializer.Serialize(body, JsonSerializerOptions.Web)
                .Replace("\"fromNodeId\":0", $"\"fromNodeId\":{bodyIds["nodeId"]}")
                .Replace("\"toNodeId\":0", $"\"toNodeId\":{bodyIds["otherNodeId"]}");
            request.Content = new StringContent(json, System.Text.Encoding.UTF8, "application/json");
        }
        return await client.SendAsync(request, Ct);
    }

    private static async Task<string> ProblemWithoutTraceIdAsync(HttpResponseMessage response)
    {
        var problem = await response.ReadJsonAsync();
        return JsonSerializer.Serialize(problem.EnumerateObject().Where(p => p.Name != "traceId").ToDictionary(p => p.Name, p => p.Value.ToString()));
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();

    /// <summary>A user with one of everything, and the ids of it all.</summary>
    private sealed class Household
    {
        public required TestUser User { get; init; }
        public required Dictionary<string, long> Ids { get; init; }

        public static async Task<Household> CreateAsync(ApiFactory factory)
        {
            var user = await TestUser.RegisterAsync(factory, "owner");
            var nodeId = await user.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 4000 });
            var otherNodeId = await user.CreateAsync("nodes", new { type = "account", label = "Checking", balance = 1500.25 });
            var flowId = await user.CreateAsync("flows", new { fromNodeId = nodeId, toNodeId = otherNodeId, amount = 3900 });
            var budgetId = await user.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" });
            var transactionId = await user.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 42.17, date = "2026-01-15", note = "market" });
            var goalId = await user.CreateAsync("goals", new { name = "Holiday", target = 2000, current = 150 });
            return new Household
            {
                User = user,
                Ids = new()
                {
                    ["profileId"] = user.ProfileId,
                    ["nodeId"] = nodeId,
                    ["otherNodeId"] = otherNodeId,
                    ["flowId"] = flowId,
                    ["budgetId"] = budgetId,
                    ["transactionId"] = transactionId,
                    ["goalId"] = goalId,
                },
            };
        }

        /// <summary>Everything the user can read, as text, to compare before and after.</summary>
        public async Task<string> SnapshotAsync()
        {
            var profile = $"/api/profiles/{User.ProfileId}";
            var parts = new List<string>();
            foreach (var url in new[] { "/api/profiles", $"{profile}/nodes", $"{profile}/flows", $"{profile}/budgets?date=2026-01-20", $"{profile}/budgets/{Ids["budgetId"]}/transactions", $"{profile}/goals" })
            {
                parts.Add((await User.Client.GetJsonAsync(url)).GetRawText());
            }
            return string.Join('\n', parts);
        }
    }
}
