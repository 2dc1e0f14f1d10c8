using System.Globalization;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.RegularExpressions;
using Budget.Tests.Infrastructure;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;

namespace Budget.Tests.Attack;

/// <summary>One route and verb of the API, as the app's own endpoint list describes it.</summary>
public sealed partial record ApiRoute(string Method, string Pattern, string[] Parameters, Type? BodyType)
{
    public string Key => $"{Method} {Pattern}";

    public bool TakesBody => BodyType is not null;

    public bool IsWrite => Method is "POST" or "PUT" or "PATCH" or "DELETE";

    /// <summary>The address with each <c>{parameter}</c> filled from <paramref name="ids"/>.</summary>
    public string Url(IReadOnlyDictionary<string, long> ids)
    {
        var url = Pattern;
        foreach (var parameter in Parameters)
        {
            Assert.True(ids.ContainsKey(parameter), $"{Key}: the attack household has no {parameter}; add one to AttackHousehold");
            url = url.Replace($"{{{parameter}}}", ids[parameter].ToString(CultureInfo.InvariantCulture));
        }
        return url;
    }

    /// <summary>Every route under /api, read from <see cref="EndpointDataSource"/> so a new one is attacked the day it is added.</summary>
    public static IReadOnlyList<ApiRoute> All(ApiFactory factory)
    {
        _ = factory.CreateClient();
        return factory.Services.GetRequiredService<EndpointDataSource>().Endpoints
            .OfType<RouteEndpoint>()
            .Where(e => e.RoutePattern.RawText!.StartsWith("/api/", StringComparison.Ordinal))
            .SelectMany(e => (e.Metadata.GetMetadata<HttpMethodMetadata>()?.HttpMethods ?? []).Select(method => new ApiRoute(
                method,
                Constraint().Replace(e.RoutePattern.RawText!, "{$1}").TrimEnd('/'),
                e.RoutePattern.Parameters.Select(p => p.Name).ToArray(),
                e.Metadata.GetMetadata<IAcceptsMetadata>()?.RequestType)))
            .DistinctBy(r => r.Key)
            .OrderBy(r => r.Key, StringComparer.Ordinal)
            .ToList();
    }

    [GeneratedRegex(@"\{(\w+)(:[^}]*)?\}")]
    private static partial Regex Constraint();
}

/// <summary>
/// A user with three profiles, each holding one of everything, and a valid body for every route that takes one. A
/// write route without a sample here fails every attack test, so nothing new goes unattacked.
/// </summary>
public sealed class AttackHousehold
{
    public const string NewPassword = "a different long passphrase for the test";

    private AttackHousehold(TestUser user, Dictionary<string, long> ids, long[] profileIds)
    {
        User = user;
        Ids = ids;
        ProfileIds = profileIds;
    }

    public TestUser User { get; }

    /// <summary>The first profile's things, by route parameter name.</summary>
    public Dictionary<string, long> Ids { get; }

    public long[] ProfileIds { get; }

    public static async Task<AttackHousehold> CreateAsync(ApiFactory factory, string name = "owner", int profiles = 3)
    {
        var user = await TestUser.RegisterAsync(factory, name);
        var profileIds = new List<long> { user.ProfileId };
        for (var i = 1; i < profiles; i++)
        {
            profileIds.Add(await user.CreateAsync("../../profiles", new { name = $"Member {i}" }, profileId: 0));
        }
        Dictionary<string, long>? first = null;
        foreach (var profileId in profileIds)
        {
            var things = await FillAsync(user, profileId);
            first ??= things;
        }
        return new AttackHousehold(user, first!, [.. profileIds]);
    }

    /// <summary>One of everything in a profile: two nodes and a flow, a budget with a transaction, a goal.</summary>
    public static async Task<Dictionary<string, long>> FillAsync(TestUser user, long profileId)
    {
        var nodeId = await user.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 4000 }, profileId);
        var otherNodeId = await user.CreateAsync("nodes", new { type = "account", label = "Checking", balance = 1500 }, profileId);
        var flowId = await user.CreateAsync("flows", new { fromNodeId = nodeId, toNodeId = otherNodeId, amount = 3900 }, profileId);
        var budgetId = await user.CreateAsync("budgets", new { name = "Food", budgeted = 600, period = "monthly" }, profileId);
        var transactionId = await user.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 42.17, date = "2026-01-15", note = "market" }, profileId);
        var goalId = await user.CreateAsync("goals", new { name = "Holiday", target = 2000, current = 150 }, profileId);
        // Starts far ahead, so no test's moving clock makes it create transactions while the attacks compare the database.
        var scheduleId = await user.CreateAsync($"budgets/{budgetId}/schedules", FarOffSchedule, profileId);
        return new()
        {
            ["profileId"] = profileId,
            ["nodeId"] = nodeId,
            ["otherNodeId"] = otherNodeId,
            ["flowId"] = flowId,
            ["budgetId"] = budgetId,
            ["transactionId"] = transactionId,
            ["goalId"] = goalId,
            ["scheduleId"] = scheduleId,
        };
    }

    private static readonly object FarOffSchedule = new { amount = 950, note = "rent", frequency = "monthly", dayOfMonth = 1, startDate = "2150-01-01" };

    /// <summary>A body the route accepts, so whatever the test adds or breaks is the only thing wrong with it.</summary>
    public JsonObject SampleBody(ApiRoute route)
    {
        object? body = route.Key switch
        {
            "POST /api/auth/register" => new { email = $"new-{Guid.NewGuid():N}@example.org", password = TestUser.DefaultPassword },
            "POST /api/auth/login" => new { email = User.Email, password = User.Password },
            "POST /api/auth/refresh" => new { refreshToken = User.RefreshToken },
            "PUT /api/auth/password" => new { currentPassword = User.Password, newPassword = NewPassword },
            "DELETE /api/auth/me" => new { password = User.Password },
            "POST /api/profiles" or "PUT /api/profiles/{profileId}" => new { name = "Renamed", avatarColor = "#123456" },
            "POST /api/profiles/{profileId}/nodes" or "PUT /api/profiles/{profileId}/nodes/{nodeId}" =>
                new { type = "expense", label = "Rent", amount = 1, balance = 2, institution = "Bank", apy = 1.5, metadata = new { color = "red" } },
            "POST /api/profiles/{profileId}/flows" or "PUT /api/profiles/{profileId}/flows/{flowId}" =>
                new { fromNodeId = Ids["nodeId"], toNodeId = Ids["otherNodeId"], amount = 1, label = "Pay" },
            "POST /api/profiles/{profileId}/budgets" or "PUT /api/profiles/{profileId}/budgets/{budgetId}" =>
                new { name = "Fuel", budgeted = 1, period = "monthly" },
            "POST /api/profiles/{profileId}/budgets/{budgetId}/transactions" => new { amount = 1, date = "2026-01-01", note = "bread" },
            "POST /api/profiles/{profileId}/goals" or "PUT /api/profiles/{profileId}/goals/{goalId}" =>
                new { name = "Roof", target = 1, current = 0, deadline = "2030-01-01", priority = 2 },
            "POST /api/profiles/{profileId}/budgets/{budgetId}/schedules" or "PUT /api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}" =>
                FarOffSchedule,
            _ => null,
        };
        Assert.True(body is not null, $"{route.Key} takes a body: add a valid sample to AttackHousehold.SampleBody");
        return JsonSerializer.SerializeToNode(body, JsonSerializerOptions.Web)!.AsObject();
    }
}
