using System.Net;
using System.Text.Json.Nodes;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// OWASP API3 (mass assignment): a client cannot set what the server owns (ids, owners, timestamps, derived totals,
/// password hashes) by adding members to a valid body. Every write route refuses any member it does not take, names
/// it, and writes nothing; the proof is a dump of every table before and after.
/// </summary>
public sealed class MassAssignmentTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task Every_write_route_refuses_members_that_set_server_owned_fields_and_nothing_changes()
    {
        var household = await AttackHousehold.CreateAsync(factory);
        var stranger = await AttackHousehold.CreateAsync(factory, "stranger", profiles: 1);
        // Plausible values: another user's ids, a date in the past, a huge total, a hash an attacker knows the password to.
        var extras = new Dictionary<string, JsonNode?>
        {
            ["id"] = stranger.Ids["goalId"],
            ["Id"] = 1,
            ["userId"] = 1,
            ["user_id"] = 1,
            ["ownerId"] = 1,
            ["profileId"] = stranger.User.ProfileId,
            ["budgetId"] = stranger.Ids["budgetId"],
            ["createdAt"] = "2000-01-01T00:00:00Z",
            ["updatedAt"] = "2000-01-01T00:00:00Z",
            ["spent"] = 0,
            ["remaining"] = 1_000_000,
            ["progress"] = 100,
            ["startingAmount"] = 0,
            ["isOwner"] = true,
            ["passwordHash"] = "$2a$04$abcdefghijklmnopqrstuuJ3Q6x1qfJ0X2O4a5n8cS5T6m1i7K9Bu",
            ["role"] = "admin",
            ["currency"] = "JPY",
            ["__proto__"] = new JsonObject { ["isOwner"] = true },
        };
        var routes = ApiRoute.All(factory).Where(r => r.TakesBody).ToList();
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);
        var failures = new List<string>();

        foreach (var route in routes)
        {
            foreach (var (member, value) in extras)
            {
                // An upload's fields are those of its sample (it has no body type).
                var takes = route.BodyType?.GetProperties().Select(p => p.Name) ?? household.SampleBody(route).Select(m => m.Key);
                if (takes.Any(name => name.Equals(member, StringComparison.OrdinalIgnoreCase)))
                {
                    continue; // the route takes this member (registration's currency): not an extra here.
                }
                var body = household.SampleBody(route);
                body[member] = value?.DeepClone();
                var response = await household.User.Client.SendAsync(route.Request(household.Ids, body), Ct);

                if (response.StatusCode != HttpStatusCode.BadRequest)
                {
                    failures.Add($"{route.Key} with {member}: {(int)response.StatusCode}");
                    continue;
                }
                var fields = await response.ProblemFieldsAsync();
                if (fields is not [var field] || field != member)
                {
                    failures.Add($"{route.Key} with {member}: named [{string.Join(", ", fields)}]");
                }
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        Assert.Equal(before, DatabaseAudit.Dump(database));
        Assert.Contains(routes, r => r.Key == "POST /api/auth/register");
        Assert.Contains(routes, r => r.Key == "PUT /api/profiles/{profileId}/goals/{goalId}");
        Assert.True(routes.Count >= 15, $"only {routes.Count} routes with a body were found");
    }

    [Fact]
    public async Task The_sample_bodies_are_valid_so_the_refusals_above_are_about_the_extra_member()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        // Sign-in routes are left out: they would change the password, end the session or delete the account.
        var routes = ApiRoute.All(factory).Where(r => r.TakesBody && !r.Pattern.StartsWith("/api/auth/", StringComparison.Ordinal));

        foreach (var route in routes)
        {
            var response = await household.User.Client.SendAsync(route.Request(household.Ids, household.SampleBody(route)), Ct);

            Assert.True(response.IsSuccessStatusCode, $"{route.Key}: {(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        }
    }
}
