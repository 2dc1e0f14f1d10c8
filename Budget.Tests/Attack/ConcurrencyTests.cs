using System.Collections.Concurrent;
using System.Diagnostics;
using System.Net;
using System.Text.Json.Nodes;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// Two people edit the same thing at once: with the <c>version</c> they read, the later one is told (409) instead of
/// silently undoing the other's change; every acknowledged write is in the final totals.
/// </summary>
public sealed class ConcurrencyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const int Writers = 16;
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> EditableRoutes() =>
    [
        "PUT /api/profiles/{profileId}",
        "PUT /api/profiles/{profileId}/nodes/{nodeId}",
        "PUT /api/profiles/{profileId}/flows/{flowId}",
        "PUT /api/profiles/{profileId}/budgets/{budgetId}",
        "PUT /api/profiles/{profileId}/goals/{goalId}",
        "PUT /api/profiles/{profileId}/budgets/{budgetId}/schedules/{scheduleId}",
    ];

    [Theory]
    [MemberData(nameof(EditableRoutes))]
    public async Task Of_sixteen_writers_with_the_same_version_one_wins_and_fifteen_get_409(string routeKey)
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var route = Route(routeKey);
        var url = route.Url(household.Ids);
        var read = await household.User.Client.GetJsonAsync(url);
        var version = read.GetProperty("version").GetInt64();

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
        {
            var body = Edit(household, route, writer, version);
            var response = await household.User.Client.SendJsonAsync(HttpMethod.Put, url, body.ToJsonString());
            return (Writer: writer, Response: response, Body: await response.Content.ReadAsStringAsync(Ct));
        }));

        var winners = answers.Where(a => a.Response.StatusCode == HttpStatusCode.OK).ToArray();
        var refused = answers.Where(a => a.Response.StatusCode == HttpStatusCode.Conflict).ToArray();
        Assert.True(winners.Length == 1, string.Join("\n", answers.Select(a => $"{(int)a.Response.StatusCode} {a.Body}")));
        Assert.Equal(Writers - 1, refused.Length);
        Assert.All(refused, a => Assert.Equal("application/problem+json", a.Response.Content.Headers.ContentType?.MediaType));
        var final = await household.User.Client.GetJsonAsync(url);
        Assert.Equal(version + 1, final.GetProperty("version").GetInt64());
        Assert.Equal(NameOf(Edit(household, route, winners[0].Writer, version)), NameIn(final));
    }

    [Fact]
    public async Task A_stale_version_is_a_409_naming_the_current_version_and_changes_nothing()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var url = $"/api/profiles/{household.User.ProfileId}/goals/{household.Ids["goalId"]}";
        var first = await household.User.Client.SendJsonAsync(HttpMethod.Put, url, """{"name":"Holiday in Rome","target":2000,"version":1}""");
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal(2, (await first.ReadJsonAsync()).GetProperty("version").GetInt64());
        using var database = factory.OpenDatabase();
        var before = DatabaseAudit.Dump(database);

        var stale = await household.User.Client.SendJsonAsync(HttpMethod.Put, url, """{"name":"Holiday in Oslo","target":2000,"version":1}""");

        Assert.Equal(HttpStatusCode.Conflict, stale.StatusCode);
        Assert.Contains("version 2", (await stale.ReadJsonAsync()).GetProperty("detail").GetString());
        Assert.Equal(before, DatabaseAudit.Dump(database));
        Assert.Equal("Holiday in Rome", (await household.User.Client.GetJsonAsync(url)).GetProperty("name").GetString());
    }

    [Fact]
    public async Task Without_a_version_sixteen_writers_all_succeed_and_the_last_write_wins()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var url = $"/api/profiles/{household.User.ProfileId}/budgets/{household.Ids["budgetId"]}";

        var answers = await Task.WhenAll(Enumerable.Range(0, Writers).Select(writer =>
            household.User.Client.SendJsonAsync(HttpMethod.Put, url, $$"""{"name":"Food {{writer}}","budgeted":600,"period":"monthly"}""")));

        Assert.All(answers, a => Assert.Equal(HttpStatusCode.OK, a.StatusCode));
        var final = await household.User.Client.GetJsonAsync(url);
        Assert.Equal(1 + Writers, final.GetProperty("version").GetInt64());
        var lastAnswered = (await Task.WhenAll(answers.Select(a => a.ReadJsonAsync()))).MaxBy(a => a.GetProperty("version").GetInt64());
        Assert.Equal(lastAnswered.GetProperty("name").GetString(), final.GetProperty("name").GetString());
    }

    [Fact]
    public async Task Creating_with_a_version_is_refused_naming_version()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);

        var response = await household.User.Client.SendJsonAsync(HttpMethod.Post, $"/api/profiles/{household.User.ProfileId}/goals", """{"name":"Car","target":10,"version":7}""");

        Assert.Equal(["version"], await response.ProblemFieldsAsync());
    }

    /// <summary>
    /// Sixteen clients for a bounded time: half add transactions, half add a cent to the same goal by read, edit, write
    /// with its version, retrying on 409. The stored totals equal the sum of what was acknowledged, to the cent.
    /// </summary>
    [Fact]
    public async Task Under_sixteen_concurrent_clients_every_acknowledged_write_is_in_the_totals()
    {
        var household = await AttackHousehold.CreateAsync(factory, profiles: 1);
        var profile = $"/api/profiles/{household.User.ProfileId}";
        var goalUrl = $"{profile}/goals/{household.Ids["goalId"]}";
        var transactionsUrl = $"{profile}/budgets/{household.Ids["budgetId"]}/transactions";
        var startingCents = (long)((await household.User.Client.GetJsonAsync(goalUrl)).Number("current") * 100);
        var statuses = new ConcurrentBag<HttpStatusCode>();
        long goalCents = 0, transactionCents = 0, conflicts = 0;
        var deadline = Stopwatch.StartNew();

        await Task.WhenAll(Enumerable.Range(0, Writers).Select(async writer =>
        {
            for (var i = 0; deadline.Elapsed < TimeSpan.FromSeconds(4); i++)
            {
                if (writer % 2 == 0)
                {
                    var cents = 1 + (writer * 31 + i) % 997;
                    var response = await household.User.Client.SendJsonAsync(HttpMethod.Post, transactionsUrl, $$"""{"amount":{{cents / 100m}},"date":"2026-01-10"}""");
                    statuses.Add(response.StatusCode);
                    if (response.StatusCode == HttpStatusCode.Created)
                    {
                        Interlocked.Add(ref transactionCents, cents);
                    }
                    continue;
                }
                var goal = await household.User.Client.GetJsonAsync(goalUrl);
                var current = goal.Number("current") + 0.01m;
                var edit = await household.User.Client.SendJsonAsync(HttpMethod.Put, goalUrl,
                    $$"""{"name":"Holiday","target":2000,"current":{{current}},"version":{{goal.GetProperty("version").GetInt64()}}}""");
                statuses.Add(edit.StatusCode);
                if (edit.StatusCode == HttpStatusCode.OK)
                {
                    Interlocked.Increment(ref goalCents);
                }
                else if (edit.StatusCode == HttpStatusCode.Conflict)
                {
                    Interlocked.Increment(ref conflicts);
                }
            }
        }));

        Assert.All(statuses, s => Assert.True(s is HttpStatusCode.OK or HttpStatusCode.Created or HttpStatusCode.Conflict, $"answered {(int)s}"));
        Assert.True(goalCents > 0 && transactionCents > 0, "nothing was acknowledged");
        var finalGoal = await household.User.Client.GetJsonAsync(goalUrl);
        Assert.Equal(startingCents + goalCents, (long)(finalGoal.Number("current") * 100));
        using var database = factory.OpenDatabase();
        Assert.Equal(42_17 + transactionCents, DatabaseAudit.Scalar(database, $"SELECT sum(amount) FROM transactions WHERE budget_id = {household.Ids["budgetId"]}"));
        var budget = await household.User.Client.GetJsonAsync($"{profile}/budgets/{household.Ids["budgetId"]}?date=2026-01-20");
        Assert.Equal((42_17 + transactionCents) / 100m, budget.Number("spent"));
        Assert.Empty(DatabaseAudit.Violations(database));
        TestContext.Current.SendDiagnosticMessage($"16 clients, 4 s: {statuses.Count} writes, {goalCents} goal edits, {conflicts} conflicts refused, {transactionCents} cents of transactions");
    }

    private ApiRoute Route(string key) => ApiRoute.All(factory).Single(r => r.Key == key);

    private static JsonObject Edit(AttackHousehold household, ApiRoute route, int writer, long version)
    {
        var body = household.SampleBody(route);
        body[TextField(body)] = $"Writer {writer}";
        body["version"] = version;
        return body;
    }

    /// <summary>The text a writer signs its edit with: a name, a node's label or a schedule's note.</summary>
    private static string TextField(JsonObject body) => body.ContainsKey("name") ? "name" : body.ContainsKey("label") ? "label" : "note";

    private static string NameOf(JsonObject body) => (string)body[TextField(body)]!;

    private static string NameIn(System.Text.Json.JsonElement read) =>
        (read.TryGetProperty("name", out var name) ? name : read.TryGetProperty("label", out var label) ? label : read.GetProperty("note")).GetString()!;
}
