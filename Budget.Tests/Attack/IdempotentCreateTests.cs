using System.Net;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// The money writes besides transactions (a node with its amounts, a flow, a goal) take an <c>Idempotency-Key</c> too:
/// a retried or doubled create makes one row and answers the first result; the same key for something else is a 409.
/// </summary>
public sealed class IdempotentCreateTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    public static TheoryData<string, string> Creates() => new()
    {
        { "POST /api/profiles/{profileId}/nodes", "nodes" },
        { "POST /api/profiles/{profileId}/flows", "flows" },
        { "POST /api/profiles/{profileId}/goals", "goals" },
    };

    [Theory]
    [MemberData(nameof(Creates))]
    public async Task Eight_simultaneous_retries_with_one_key_create_one_row_and_all_answer_it(string routeKey, string table)
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var route = ApiRoute.All(factory).Single(r => r.Key == routeKey);
        var body = household.SampleBody(route).ToJsonString();
        var key = Guid.NewGuid().ToString();
        var rowsBefore = Rows(table, household.User.ProfileId);

        var answers = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => household.User.Client.PostWithIdempotencyKeyAsync(route.Url(household.Ids), key, body)));
        var later = await household.User.Client.PostWithIdempotencyKeyAsync(route.Url(household.Ids), key, body);

        Assert.All(answers.Append(later), a => Assert.Equal(HttpStatusCode.Created, a.StatusCode));
        Assert.Single(answers.Append(later).Select(a => a.Headers.Location).Distinct());
        Assert.Equal((await answers[0].ReadJsonAsync()).GetRawText(), (await later.ReadJsonAsync()).GetRawText());
        Assert.Equal(rowsBefore + 1, Rows(table, household.User.ProfileId));
    }

    [Theory]
    [MemberData(nameof(Creates))]
    public async Task The_same_key_for_a_different_request_is_a_409_and_writes_nothing(string routeKey, string table)
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var route = ApiRoute.All(factory).Single(r => r.Key == routeKey);
        var key = Guid.NewGuid().ToString();
        var first = household.SampleBody(route);
        var second = household.SampleBody(route);
        second["amount"] = 2;
        second["target"] = 3;
        if (routeKey.EndsWith("goals", StringComparison.Ordinal))
        {
            second.Remove("amount");
        }
        else
        {
            second.Remove("target");
        }
        Assert.Equal(HttpStatusCode.Created, (await household.User.Client.PostWithIdempotencyKeyAsync(route.Url(household.Ids), key, first.ToJsonString())).StatusCode);
        var rows = Rows(table, household.User.ProfileId);

        var reused = await household.User.Client.PostWithIdempotencyKeyAsync(route.Url(household.Ids), key, second.ToJsonString());

        Assert.Equal(HttpStatusCode.Conflict, reused.StatusCode);
        Assert.Equal("application/problem+json", reused.Content.Headers.ContentType?.MediaType);
        Assert.Equal(rows, Rows(table, household.User.ProfileId));
    }

    [Fact]
    public async Task A_key_belongs_to_one_profile_and_a_malformed_key_is_refused_by_name()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 2);
        var key = Guid.NewGuid().ToString();
        const string Goal = """{"name":"Roof","target":100}""";

        var mine = await household.User.Client.PostWithIdempotencyKeyAsync($"/api/profiles/{household.ProfileIds[0]}/goals", key, Goal);
        var theirs = await household.User.Client.PostWithIdempotencyKeyAsync($"/api/profiles/{household.ProfileIds[1]}/goals", key, Goal);
        var malformed = await household.User.Client.PostWithIdempotencyKeyAsync($"/api/profiles/{household.ProfileIds[0]}/goals", "bad key with spaces", Goal);

        Assert.Equal(HttpStatusCode.Created, mine.StatusCode);
        Assert.Equal(HttpStatusCode.Created, theirs.StatusCode);
        Assert.NotEqual(mine.Headers.Location, theirs.Headers.Location);
        Assert.Equal(["Idempotency-Key"], await malformed.ProblemFieldsAsync());
    }

    [Theory]
    [InlineData("nodes", Budget.Api.Common.Limits.NodesPerProfile, """{"type":"expense","label":"Roof","amount":5}""")]
    [InlineData("flows", Budget.Api.Common.Limits.FlowsPerProfile, """{"fromNodeId":FROM,"toNodeId":TO,"amount":5}""")]
    [InlineData("goals", Budget.Api.Common.Limits.GoalsPerProfile, """{"name":"Roof","target":5}""")]
    public async Task A_retry_of_the_create_that_filled_a_profile_to_its_limit_still_answers_the_first_result(string table, int limit, string json)
    {
        var user = await TestUser.RegisterAsync(factory);
        var from = await user.CreateAsync("nodes", new { type = "income", label = "Pay", amount = 1 });
        var to = await user.CreateAsync("nodes", new { type = "expense", label = "Bills", amount = 1 });
        var filler = await user.CreateAsync(table, table switch
        {
            "nodes" => new { type = "expense", label = "Filler", amount = 1 },
            "flows" => (object)new { fromNodeId = from, toNodeId = to, amount = 1 },
            _ => new { name = "Filler", target = 1 },
        });
        // Up to one below the limit straight in SQL: hundreds of creates through the API would only be slower.
        using (var database = factory.OpenDatabase())
        {
            var columns = string.Join(", ", DatabaseAudit.Columns(database, table).Where(c => c is not "id" and not "idempotency_key"));
            var missing = limit - 1 - DatabaseAudit.Scalar(database, $"SELECT count(*) FROM {table} WHERE profile_id = {user.ProfileId}");
            using var fill = database.CreateCommand();
            fill.CommandText = $"""
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < {missing})
                INSERT INTO {table} ({columns}) SELECT {columns} FROM {table}, n WHERE id = {filler}
                """;
            fill.ExecuteNonQuery();
        }
        var url = $"/api/profiles/{user.ProfileId}/{table}";
        var body = json.Replace("FROM", from.ToString(System.Globalization.CultureInfo.InvariantCulture)).Replace("TO", to.ToString(System.Globalization.CultureInfo.InvariantCulture));
        var key = Guid.NewGuid().ToString();

        var first = await user.Client.PostWithIdempotencyKeyAsync(url, key, body);
        var retry = await user.Client.PostWithIdempotencyKeyAsync(url, key, body);
        var beyond = await user.Client.PostWithIdempotencyKeyAsync(url, Guid.NewGuid().ToString(), body);

        Assert.Equal(HttpStatusCode.Created, first.StatusCode);
        Assert.Equal(HttpStatusCode.Created, retry.StatusCode);
        Assert.Equal(first.Headers.Location, retry.Headers.Location);
        Assert.Equal(HttpStatusCode.BadRequest, beyond.StatusCode);
        Assert.Equal(limit, Rows(table, user.ProfileId));
    }

    private long Rows(string table, long profileId)
    {
        using var database = factory.OpenDatabase();
        return DatabaseAudit.Scalar(database, $"SELECT count(*) FROM {table} WHERE profile_id = {profileId}");
    }
}
