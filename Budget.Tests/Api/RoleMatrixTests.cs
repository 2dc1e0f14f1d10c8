using System.Net;
using Budget.Api.Common;
using Budget.Tests.Attack;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>
/// The ownership matrix, extended to shared profiles: every route under a profile (from the app's endpoint list) ×
/// owner, admin, editor, viewer and a non-member. The role each route takes is written out below by hand and checked
/// against what the endpoint itself declares, so a new route that forgets its role fails here twice.
/// </summary>
public sealed class RoleMatrixTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static readonly Dictionary<string, ProfileRole> Expected = new()
    {
        ["GET /api/profiles/{profileId}"] = ProfileRole.Viewer,
        ["PUT /api/profiles/{profileId}"] = ProfileRole.Admin,
        ["DELETE /api/profiles/{profileId}"] = ProfileRole.Owner,
        ["GET /api/profiles/{profileId}/nodes"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/nodes/{nodeId}"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/nodes"] = ProfileRole.Editor,
        ["PUT /api/profiles/{profileId}/nodes/{nodeId}"] = ProfileRole.Editor,
        ["DELETE /api/profiles/{profileId}/nodes/{nodeId}"] = ProfileRole.Editor,
        ["GET /api/profiles/{profileId}/flows"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/flows/{flowId}"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/flows"] = ProfileRole.Editor,
        ["PUT /api/profiles/{profileId}/flows/{flowId}"] = ProfileRole.Editor,
        ["DELETE /api/profiles/{profileId}/flows/{flowId}"] = ProfileRole.Editor,
        ["GET /api/profiles/{profileId}/budgets"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/budgets/{budgetId}"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/budgets"] = ProfileRole.Editor,
        ["PUT /api/profiles/{profileId}/budgets/{budgetId}"] = ProfileRole.Editor,
        ["DELETE /api/profiles/{profileId}/budgets/{budgetId}"] = ProfileRole.Editor,
        ["GET /api/profiles/{profileId}/budgets/{budgetId}/transactions"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/budgets/{budgetId}/transactions/{transactionId}"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/budgets/{budgetId}/transactions"] = ProfileRole.Editor,
        ["DELETE /api/profiles/{profileId}/budgets/{budgetId}/transactions/{transactionId}"] = ProfileRole.Editor,
        ["GET /api/profiles/{profileId}/goals"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/goals/{goalId}"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/goals"] = ProfileRole.Editor,
        ["PUT /api/profiles/{profileId}/goals/{goalId}"] = ProfileRole.Editor,
        ["DELETE /api/profiles/{profileId}/goals/{goalId}"] = ProfileRole.Editor,
        ["GET /api/profiles/{profileId}/dashboard"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/forecast"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/actual-sankey"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/imports/preview"] = ProfileRole.Editor,
        ["POST /api/profiles/{profileId}/imports"] = ProfileRole.Editor,
        ["GET /api/profiles/{profileId}/imports"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/imports/{importId}"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/import-mappings"] = ProfileRole.Viewer,
        ["DELETE /api/profiles/{profileId}/import-mappings/{mappingId}"] = ProfileRole.Editor,
        ["GET /api/profiles/{profileId}/alerts"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/budgets/{budgetId}/schedules"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/budgets/{budgetId}/schedules"] = ProfileRole.Editor,
        ["PUT /api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}"] = ProfileRole.Editor,
        ["DELETE /api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}"] = ProfileRole.Editor,
        ["GET /api/profiles/{profileId}/upcoming"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/exports/transactions.csv"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/exports/budgets.csv"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/exports/goals.csv"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/exports/report.pdf"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/alerts/read"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/alerts/{alertId}/read"] = ProfileRole.Viewer,
        ["GET /api/profiles/{profileId}/members"] = ProfileRole.Viewer,
        ["PUT /api/profiles/{profileId}/members/{memberId}"] = ProfileRole.Admin,
        ["DELETE /api/profiles/{profileId}/members/{memberId}"] = ProfileRole.Admin,
        ["DELETE /api/profiles/{profileId}/membership"] = ProfileRole.Viewer,
        ["POST /api/profiles/{profileId}/owner"] = ProfileRole.Owner,
        ["GET /api/profiles/{profileId}/invitations"] = ProfileRole.Admin,
        ["POST /api/profiles/{profileId}/invitations"] = ProfileRole.Admin,
        ["DELETE /api/profiles/{profileId}/invitations/{sentInvitationId}"] = ProfileRole.Admin,
    };

    /// <summary>Allowed by role, refused for a reason of its own.</summary>
    private static readonly Dictionary<(string Route, ProfileRole Actor), HttpStatusCode> Refusals = new()
    {
        // The owner hands the profile over (or deletes it) instead of leaving it without one.
        [("DELETE /api/profiles/{profileId}/membership", ProfileRole.Owner)] = HttpStatusCode.Conflict,
    };

    private static readonly ProfileRole[] Members = [ProfileRole.Owner, ProfileRole.Admin, ProfileRole.Editor, ProfileRole.Viewer];

    [Fact]
    public void Every_route_under_a_profile_takes_the_role_in_the_table_and_its_endpoint_declares_the_same()
    {
        var routes = ProfileRoutes();
        var declared = routes.ToDictionary(r => r.Key, r => ProfileRoles.Required(r.Endpoint, r.Method));

        Assert.Equal(Expected.Keys.Order(StringComparer.Ordinal), declared.Keys.Order(StringComparer.Ordinal));
        Assert.All(routes, route => Assert.True(Expected[route.Key] == declared[route.Key],
            $"{route.Key} declares {declared[route.Key]}, the table says {Expected[route.Key]}"));
    }

    [Fact]
    public async Task A_member_below_a_routes_role_gets_403_a_non_member_404_and_nothing_changes()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 2, ownProfileFirst: false);
        var stranger = await TestUser.RegisterAsync(factory, "stranger");
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);
        var failures = new List<string>();
        var refused = 0;

        foreach (var route in ProfileRoutes())
        {
            foreach (var actor in Members.Where(role => role < Expected[route.Key]))
            {
                var response = await SendAsync(Actor(household, actor), route, household);
                refused++;
                if (response.StatusCode != HttpStatusCode.Forbidden || response.Content.Headers.ContentType?.MediaType != "application/problem+json")
                {
                    failures.Add($"{route.Key} as {actor}: {(int)response.StatusCode}, not a 403 problem");
                }
            }
            var stranger404 = await SendAsync(stranger, route, household);
            if (stranger404.StatusCode != HttpStatusCode.NotFound)
            {
                failures.Add($"{route.Key} as a non-member: {(int)stranger404.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, DatabaseAudit.Dump(database));
        Assert.True(refused >= 30, $"only {refused} refusals were tried");
    }

    [Fact]
    public async Task Every_role_at_or_above_a_routes_role_can_use_it()
    {
        // Reads share one household; each write gets a fresh one, so what one write changes cannot decide the next.
        var readers = await AttackHousehold.CreateAsync(factory, profiles: 2, ownProfileFirst: false);
        var failures = new List<string>();

        foreach (var route in ProfileRoutes())
        {
            foreach (var actor in Members.Where(role => role >= Expected[route.Key]))
            {
                var household = route.IsWrite ? await AttackHousehold.CreateAsync(factory, profiles: 2, ownProfileFirst: false) : readers;
                var response = await SendAsync(Actor(household, actor), route, household);
                var expected = Refusals.GetValueOrDefault((route.Key, actor));
                var ok = expected == default ? response.IsSuccessStatusCode : response.StatusCode == expected;
                if (!ok)
                {
                    failures.Add($"{route.Key} as {actor}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    private List<ApiRoute> ProfileRoutes() => ApiRoute.All(factory).Where(r => r.Parameters.Contains("profileId")).ToList();

    private static TestUser Actor(AttackHousehold household, ProfileRole role) => role switch
    {
        ProfileRole.Owner => household.User,
        ProfileRole.Admin => household.Admin,
        ProfileRole.Editor => household.Editor,
        _ => household.Viewer,
    };

    private static Task<HttpResponseMessage> SendAsync(TestUser actor, ApiRoute route, AttackHousehold household)
    {
        var request = new HttpRequestMessage(new HttpMethod(route.Method), route.Url(household.Ids));
        if (route.TakesBody)
        {
            request.Content = route.Content(household.SampleBody(route));
        }
        return actor.Client.SendAsync(request, Ct);
    }
}
