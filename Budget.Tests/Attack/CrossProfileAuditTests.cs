using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// After two households with several profiles each have done their work and tried every way of linking one profile's
/// things to another's, no row in the file does: checked in SQL over every foreign key, not through the API.
/// </summary>
public sealed class CrossProfileAuditTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    [Fact]
    public async Task No_row_links_two_profiles_or_two_users_after_attempts_to_link_them()
    {
        var ann = await AttackHousehold.CreateAsync(factory, "ann");
        var bob = await AttackHousehold.CreateAsync(factory, "bob");
        var annsOther = await AttackHousehold.FillAsync(ann.User, ann.ProfileIds[1]);
        var bobs = bob.Ids;
        var client = ann.User.Client;
        var profile = $"/api/profiles/{ann.Ids["profileId"]}";

        var attempts = new (string Description, Task<HttpResponseMessage> Response)[]
        {
            ("a flow from another profile's node", client.PostAsJsonAsync($"{profile}/flows", new { fromNodeId = annsOther["nodeId"], toNodeId = ann.Ids["otherNodeId"], amount = 1 }, Ct)),
            ("a flow to another user's node", client.PostAsJsonAsync($"{profile}/flows", new { fromNodeId = ann.Ids["nodeId"], toNodeId = bobs["otherNodeId"], amount = 1 }, Ct)),
            ("a flow moved onto another profile's nodes", client.PutAsJsonAsync($"{profile}/flows/{ann.Ids["flowId"]}", new { fromNodeId = annsOther["nodeId"], toNodeId = annsOther["otherNodeId"], amount = 1 }, Ct)),
            ("a transaction in another profile's budget", client.PostAsJsonAsync($"{profile}/budgets/{annsOther["budgetId"]}/transactions", new { amount = 1, date = "2026-01-02" }, Ct)),
            ("a transaction in another user's budget", client.PostAsJsonAsync($"{profile}/budgets/{bobs["budgetId"]}/transactions", new { amount = 1, date = "2026-01-02" }, Ct)),
            ("another profile's flow edited from here", client.PutAsJsonAsync($"{profile}/flows/{annsOther["flowId"]}", new { fromNodeId = ann.Ids["nodeId"], toNodeId = ann.Ids["otherNodeId"], amount = 1 }, Ct)),
            ("another user's node edited from here", client.PutAsJsonAsync($"{profile}/nodes/{bobs["nodeId"]}", new { type = "income", label = "Mine now" }, Ct)),
            ("a goal linked to another profile's node", client.PostAsJsonAsync($"{profile}/goals", new { name = "Linked", target = 1, nodeId = annsOther["otherNodeId"] }, Ct)),
            ("a goal linked to another user's node", client.PutAsJsonAsync($"{profile}/goals/{ann.Ids["goalId"]}", new { name = "Linked", target = 1, nodeId = bobs["otherNodeId"] }, Ct)),
            ("another user's goal edited from here", client.PutAsJsonAsync($"{profile}/goals/{bobs["goalId"]}", new { name = "Mine now", target = 1 }, Ct)),
        };
        foreach (var (description, response) in attempts)
        {
            var status = (await response).StatusCode;
            Assert.True(status is HttpStatusCode.BadRequest or HttpStatusCode.NotFound, $"{description}: {(int)status}");
        }
        // Legitimate work in every profile, so the audit below runs over real rows of every kind.
        foreach (var profileId in ann.ProfileIds.Concat(bob.ProfileIds))
        {
            var owner = ann.ProfileIds.Contains(profileId) ? ann.User : bob.User;
            var things = await AttackHousehold.FillAsync(owner, profileId);
            await owner.ImportAsync(profileId, things["budgetId"], "bank.csv", "Datum;Betrag;Text\n02.01.2026;-1,00;bread\n"u8.ToArray());
        }

        using var database = factory.OpenDatabase();
        Assert.Empty(DatabaseAudit.Violations(database));
        Assert.All(DatabaseAudit.RowCounts(database).Where(t => !t.Key.StartsWith("__EFMigrations", StringComparison.Ordinal)), table => Assert.True(table.Value > 0, $"{table.Key} is empty"));
    }

    [Fact]
    public async Task The_audit_finds_a_flow_that_joins_two_profiles_when_one_is_forced_in()
    {
        var ann = await AttackHousehold.CreateAsync(factory, "ann", profiles: 2);
        var other = await AttackHousehold.FillAsync(ann.User, ann.ProfileIds[1]);
        using var database = factory.OpenDatabase();
        using var transaction = database.BeginTransaction();
        using var insert = database.CreateCommand();
        insert.CommandText = "INSERT INTO flows (profile_id, from_node_id, to_node_id, amount, created_at) VALUES ($profile, $from, $to, 1, '2026-01-01 00:00:00')";
        insert.Parameters.AddWithValue("$profile", ann.Ids["profileId"]);
        insert.Parameters.AddWithValue("$from", ann.Ids["nodeId"]);
        insert.Parameters.AddWithValue("$to", other["otherNodeId"]);
        insert.ExecuteNonQuery();

        var violations = DatabaseAudit.Violations(database);

        Assert.Equal(["flows.to_node_id -> nodes: 1 rows point into another profile"], violations);
        transaction.Rollback();
    }
}
