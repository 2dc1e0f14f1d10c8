using System.Collections.Concurrent;
using System.Data.Common;
using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Api.Alerts;
using Budget.Api.Data;
using Budget.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Data.Sqlite;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Diagnostics;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Budget.Tests.Api;

public sealed class AlertsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private DateOnly Today => DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);

    private static string Alerts(TestUser user) => $"/api/profiles/{user.ProfileId}/alerts";

    private static Task<long> BudgetAsync(TestUser user, decimal budgeted = 100, object? alertThresholds = null) =>
        alertThresholds is null
            ? user.CreateAsync("budgets", new { name = "Groceries", budgeted, period = "monthly" })
            : user.CreateAsync("budgets", new { name = "Groceries", budgeted, period = "monthly", alertThresholds });

    private Task<long> SpendAsync(TestUser user, long budgetId, decimal amount) =>
        user.CreateAsync($"budgets/{budgetId}/transactions", new { amount, date = Today.ToString("yyyy-MM-dd") });

    private static async Task<JsonElement> AlertsOfAsync(TestUser user) => await user.Client.GetJsonAsync(Alerts(user));

    private static int[] Thresholds(JsonElement alerts) =>
        alerts.GetProperty("alerts").EnumerateArray().Select(a => a.GetProperty("threshold").GetInt32()).ToArray();

    private long Count(string sql)
    {
        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task Spending_past_80_percent_twice_in_one_period_raises_one_alert_and_the_next_period_raises_it_again()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await BudgetAsync(ann);

        await SpendAsync(ann, groceries, 79.99m);
        Assert.Equal(0, (await AlertsOfAsync(ann)).GetProperty("unread").GetInt32());

        await SpendAsync(ann, groceries, 0.01m);
        await SpendAsync(ann, groceries, 5);
        await SpendAsync(ann, groceries, -10);
        await SpendAsync(ann, groceries, 10);

        var alerts = await AlertsOfAsync(ann);
        Assert.Equal(1, alerts.GetProperty("unread").GetInt32());
        var alert = Assert.Single(alerts.GetProperty("alerts").EnumerateArray());
        Assert.Equal("budgetThreshold", alert.GetProperty("kind").GetString());
        Assert.Equal(80, alert.GetProperty("threshold").GetInt32());
        Assert.Equal(groceries, alert.GetProperty("budgetId").GetInt64());
        Assert.Contains("Groceries", alert.GetProperty("title").GetString());
        Assert.Contains("80.00 USD of 100.00 USD spent (80%)", alert.GetProperty("message").GetString());

        var nextMonth = new DateOnly(Today.Year, Today.Month, 1).AddMonths(1);
        factory.Clock.SetUtcNow(new DateTimeOffset(nextMonth.ToDateTime(new TimeOnly(9, 0)), TimeSpan.Zero));
        await ann.SignInAgainAsync();
        await SpendAsync(ann, groceries, 80);

        alerts = await AlertsOfAsync(ann);
        Assert.Equal([80, 80], Thresholds(alerts));
        Assert.Equal(nextMonth.ToString("yyyy-MM-dd"), alerts.GetProperty("alerts")[0].GetProperty("periodStart").GetString());
    }

    [Fact]
    public async Task One_write_past_both_thresholds_raises_both_newest_first_and_they_can_be_marked_read_one_or_all()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await BudgetAsync(ann);
        await SpendAsync(ann, groceries, 120);
        var other = await BudgetAsync(ann, alertThresholds: new[] { 50 });
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await SpendAsync(ann, other, 60);

        var alerts = await AlertsOfAsync(ann);
        Assert.Equal(3, alerts.GetProperty("unread").GetInt32());
        Assert.Equal([50, 100, 80], Thresholds(alerts));

        var newest = alerts.GetProperty("alerts")[0].GetProperty("id").GetInt64();
        var read = await ann.Client.PostAsync($"{Alerts(ann)}/{newest}/read", null, Ct);
        Assert.Equal(HttpStatusCode.NoContent, read.StatusCode);
        alerts = await AlertsOfAsync(ann);
        Assert.Equal(2, alerts.GetProperty("unread").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, alerts.GetProperty("alerts")[0].GetProperty("readAt").ValueKind);
        Assert.Equal(JsonValueKind.Null, alerts.GetProperty("alerts")[1].GetProperty("readAt").ValueKind);

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.PostAsync($"{Alerts(ann)}/read", null, Ct)).StatusCode);
        Assert.Equal(0, (await AlertsOfAsync(ann)).GetProperty("unread").GetInt32());
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.PostAsync($"{Alerts(ann)}/987654321/read", null, Ct)).StatusCode);
    }

    [Fact]
    public async Task Each_member_of_a_shared_profile_reads_the_alerts_for_themselves()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        await bob.JoinAsync(ann, ann.ProfileId, "viewer");
        var groceries = await BudgetAsync(ann);
        await SpendAsync(ann, groceries, 120);
        var newest = (await AlertsOfAsync(ann)).GetProperty("alerts")[0].GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.PostAsync($"{Alerts(ann)}/{newest}/read", null, Ct)).StatusCode);

        var annSees = await AlertsOfAsync(ann);
        var bobSees = await bob.Client.GetJsonAsync(Alerts(ann));
        Assert.Equal(1, annSees.GetProperty("unread").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, annSees.GetProperty("alerts")[0].GetProperty("readAt").ValueKind);
        Assert.Equal(2, bobSees.GetProperty("unread").GetInt32());
        Assert.All(bobSees.GetProperty("alerts").EnumerateArray(), a => Assert.Equal(JsonValueKind.Null, a.GetProperty("readAt").ValueKind));

        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.PostAsync($"{Alerts(ann)}/read", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.PostAsync($"{Alerts(ann)}/read", null, Ct)).StatusCode);

        Assert.Equal(0, (await bob.Client.GetJsonAsync(Alerts(ann))).GetProperty("unread").GetInt32());
        Assert.Equal(1, (await AlertsOfAsync(ann)).GetProperty("unread").GetInt32());
        Assert.Equal(3, Count($"SELECT count(*) FROM alert_reads WHERE alert_id IN (SELECT id FROM alerts WHERE profile_id = {ann.ProfileId})"));
    }

    [Fact]
    public async Task A_new_member_is_not_shown_old_alerts_as_news_and_a_member_who_leaves_takes_their_read_state_along()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        var groceries = await BudgetAsync(ann);
        await SpendAsync(ann, groceries, 90);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await bob.JoinAsync(ann, ann.ProfileId, "viewer");

        var bobSees = await bob.Client.GetJsonAsync(Alerts(ann));
        Assert.Equal(0, bobSees.GetProperty("unread").GetInt32());
        Assert.NotEqual(JsonValueKind.Null, Assert.Single(bobSees.GetProperty("alerts").EnumerateArray()).GetProperty("readAt").ValueKind);

        await SpendAsync(ann, groceries, 20);
        Assert.Equal(1, (await bob.Client.GetJsonAsync(Alerts(ann))).GetProperty("unread").GetInt32());
        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.PostAsync($"{Alerts(ann)}/read", null, Ct)).StatusCode);
        // Only the news was marked: the alert from before bob joined needs no row.
        Assert.Equal(1, Count($"SELECT count(*) FROM alert_reads WHERE user_id = (SELECT id FROM users WHERE email = '{bob.Email}')"));

        Assert.Equal(HttpStatusCode.NoContent, (await bob.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/membership", Ct)).StatusCode);
        Assert.Equal(0, Count($"SELECT count(*) FROM alert_reads WHERE user_id = (SELECT id FROM users WHERE email = '{bob.Email}')"));

        // Removed by an admin: the same. The old alerts read as read from the moment carol joined.
        var carol = await TestUser.RegisterAsync(factory);
        factory.Clock.Advance(TimeSpan.FromMinutes(1));
        await carol.JoinAsync(ann, ann.ProfileId, "viewer");
        var carolsRow = (await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/members")).EnumerateArray().Single(m => m.GetProperty("email").GetString() == carol.Email);
        var carolSees = await carol.Client.GetJsonAsync(Alerts(ann));
        Assert.All(carolSees.GetProperty("alerts").EnumerateArray(), a => Assert.Equal(carolsRow.GetProperty("joinedAt").GetDateTime(), a.GetProperty("readAt").GetDateTime()));
        var fuel = await ann.CreateAsync("budgets", new { name = "Fuel", budgeted = 100, period = "monthly" });
        await SpendAsync(ann, fuel, 85);
        Assert.Equal(HttpStatusCode.NoContent, (await carol.Client.PostAsync($"{Alerts(ann)}/read", null, Ct)).StatusCode);
        Assert.Equal(1, Count($"SELECT count(*) FROM alert_reads WHERE user_id = (SELECT id FROM users WHERE email = '{carol.Email}')"));
        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/members/{carolsRow.GetProperty("id").GetInt64()}", Ct)).StatusCode);
        Assert.Equal(0, Count($"SELECT count(*) FROM alert_reads WHERE user_id = (SELECT id FROM users WHERE email = '{carol.Email}')"));
    }

    [Fact]
    public async Task Marking_thousands_of_alerts_read_at_once_marks_each_of_mine_once_and_no_one_elses()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        using (var db = factory.OpenDatabase())
        {
            using var insert = db.CreateCommand();
            insert.CommandText = """
                WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 3000)
                INSERT INTO alerts (profile_id, kind, title, message, created_at)
                SELECT p.id, 'GoalAtRisk', 'Old news ' || i, 'm', $now FROM n, profiles p WHERE p.id IN ($ann, $bob)
                """;
            insert.Parameters.AddWithValue("$ann", ann.ProfileId);
            insert.Parameters.AddWithValue("$bob", bob.ProfileId);
            insert.Parameters.AddWithValue("$now", factory.Clock.GetUtcNow().UtcDateTime);
            insert.ExecuteNonQuery();
        }
        Assert.Equal(3000, (await AlertsOfAsync(ann)).GetProperty("unread").GetInt32());

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.PostAsync($"{Alerts(ann)}/read", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.PostAsync($"{Alerts(ann)}/read", null, Ct)).StatusCode);

        Assert.Equal(0, (await AlertsOfAsync(ann)).GetProperty("unread").GetInt32());
        Assert.Equal(3000, (await AlertsOfAsync(bob)).GetProperty("unread").GetInt32());
        Assert.Equal(3000, Count($"SELECT count(*) FROM alert_reads r JOIN alerts a ON a.id = r.alert_id WHERE a.profile_id = {ann.ProfileId}"));
        Assert.Equal(0, Count($"SELECT count(*) FROM alert_reads r JOIN alerts a ON a.id = r.alert_id WHERE a.profile_id = {bob.ProfileId}"));
    }

    [Fact]
    public async Task A_budget_has_80_and_100_percent_by_default_and_its_own_thresholds_when_set()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var url = $"/api/profiles/{ann.ProfileId}/budgets";
        var groceries = await BudgetAsync(ann);
        Assert.Equal(new[] { 80, 100 }, ThresholdsOf(await ann.Client.GetJsonAsync($"{url}/{groceries}")));

        var changed = await ann.Client.PutAsJsonAsync($"{url}/{groceries}", new { name = "Groceries", budgeted = 100, period = "monthly", alertThresholds = new[] { 150, 50, 50 } }, Ct);
        Assert.Equal(new[] { 50, 150 }, ThresholdsOf(await changed.ReadJsonAsync()));
        var renamed = await ann.Client.PutAsJsonAsync($"{url}/{groceries}", new { name = "Food", budgeted = 100, period = "monthly" }, Ct);
        Assert.Equal(new[] { 50, 150 }, ThresholdsOf(await renamed.ReadJsonAsync()));
        var silent = await ann.Client.PutAsJsonAsync($"{url}/{groceries}", new { name = "Food", budgeted = 100, period = "monthly", alertThresholds = Array.Empty<int>() }, Ct);
        Assert.Empty(ThresholdsOf(await silent.ReadJsonAsync()));

        await SpendAsync(ann, groceries, 500);
        Assert.Equal(0, (await AlertsOfAsync(ann)).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task Lowering_a_budget_below_what_was_spent_raises_its_alerts_at_once()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await BudgetAsync(ann, budgeted: 1000);
        await SpendAsync(ann, groceries, 90);

        await ann.Client.PutAsJsonAsync($"/api/profiles/{ann.ProfileId}/budgets/{groceries}", new { name = "Groceries", budgeted = 100, period = "monthly" }, Ct);

        Assert.Equal(new[] { 80 }, Thresholds(await AlertsOfAsync(ann)));
    }

    [Theory]
    [InlineData("[0]")]
    [InlineData("[1001]")]
    [InlineData("[1,2,3,4,5,6,7,8,9,10,11]")]
    [InlineData("[\"80\"]")]
    public async Task Thresholds_out_of_range_are_refused_naming_the_field_and_nothing_is_written(string thresholds)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var url = $"/api/profiles/{ann.ProfileId}/budgets";
        var groceries = await BudgetAsync(ann);

        var created = await ann.Client.SendJsonAsync(HttpMethod.Post, url, $$"""{"name":"Fuel","budgeted":50,"period":"monthly","alertThresholds":{{thresholds}}}""");
        var updated = await ann.Client.SendJsonAsync(HttpMethod.Put, $"{url}/{groceries}", $$"""{"name":"Fuel","budgeted":50,"period":"monthly","alertThresholds":{{thresholds}}}""");

        // A wrong type is named down to the element ("alertThresholds[0]").
        Assert.StartsWith("alertThresholds", Assert.Single(await created.ProblemFieldsAsync()));
        Assert.StartsWith("alertThresholds", Assert.Single(await updated.ProblemFieldsAsync()));
        var budget = await ann.Client.GetJsonAsync($"{url}/{groceries}");
        Assert.Equal("Groceries", budget.GetProperty("name").GetString());
        Assert.Single((await ann.Client.GetJsonAsync(url)).EnumerateArray());
    }

    [Fact]
    public async Task A_bad_limit_is_refused_by_name()
    {
        var ann = await TestUser.RegisterAsync(factory);

        Assert.Equal(["limit"], await (await ann.Client.GetAsync($"{Alerts(ann)}?limit=0", Ct)).ProblemFieldsAsync());
        Assert.Equal(["limit"], await (await ann.Client.GetAsync($"{Alerts(ann)}?limit=many", Ct)).ProblemFieldsAsync());
    }

    [Fact]
    public async Task Another_user_gets_404_for_my_alerts_and_cannot_mark_them_read()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory, "bob");
        await SpendAsync(ann, await BudgetAsync(ann), 90);
        var alert = (await AlertsOfAsync(ann)).GetProperty("alerts")[0].GetProperty("id").GetInt64();

        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.GetAsync(Alerts(ann), Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsync($"{Alerts(ann)}/{alert}/read", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsync($"{Alerts(ann)}/read", null, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await bob.Client.PostAsync($"{Alerts(bob)}/{alert}/read", null, Ct)).StatusCode);
        Assert.Equal(1, (await AlertsOfAsync(ann)).GetProperty("unread").GetInt32());
    }

    [Fact]
    public async Task The_database_itself_refuses_a_second_alert_for_the_same_threshold_and_period()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await BudgetAsync(ann);
        await SpendAsync(ann, groceries, 90);

        using var db = factory.OpenDatabase();
        using var copy = db.CreateCommand();
        copy.CommandText = """
            INSERT INTO alerts (profile_id, kind, budget_id, period_start, threshold, title, message, created_at)
            SELECT profile_id, kind, budget_id, period_start, threshold, title, message, created_at FROM alerts WHERE budget_id = $id
            """;
        copy.Parameters.AddWithValue("$id", groceries);

        var refused = Assert.Throws<SqliteException>(() => copy.ExecuteNonQuery());
        Assert.Contains("UNIQUE", refused.Message);
    }

    [Fact]
    public async Task Two_writers_racing_to_raise_one_alert_raise_it_once_and_log_no_error()
    {
        await using var api = new TransactionWatchingApi();
        var ann = await TestUser.RegisterAsync(api);
        var groceries = await ann.CreateAsync("budgets", new { name = "Groceries", budgeted = 100, period = "monthly" });
        // Past 80% by other means than the API (as a restore writes them), so no alert is raised yet.
        using (var db = api.OpenDatabase())
        {
            using var insert = db.CreateCommand();
            insert.CommandText = "INSERT INTO transactions (budget_id, amount, date, created_at) VALUES ($budget, 9000, $date, '2026-01-01 00:00:00')";
            insert.Parameters.AddWithValue("$budget", groceries);
            insert.Parameters.AddWithValue("$date", DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd"));
            insert.ExecuteNonQuery();
        }

        // Two scans find the alert missing, then wait for the write lock a raw connection holds: released together,
        // one raises it and the other finds it raised.
        var alerting = api.Services.GetRequiredService<Alerting>();
        Task[] scans;
        using (new WriteLockHold(api))
        {
            var queued = new List<Task>();
            scans = [.. Enumerable.Range(0, 2).Select(_ =>
            {
                var scope = api.Services.CreateAsyncScope();
                var db = scope.ServiceProvider.GetRequiredService<BudgetDbContext>();
                queued.Add(api.TransactionStarted(db));
                return Task.Run(async () =>
                {
                    await using (scope)
                    {
                        await alerting.ScanAsync(db, Ct);
                    }
                }, Ct);
            })];
            // A scan starts its transaction only after finding the alert missing: once both have, release them.
            // (Bounded well under SQLite's 5 s busy timeout, past which they would fail instead of racing.)
            await Task.WhenAll(queued).WaitAsync(TimeSpan.FromSeconds(4), Ct);
        }
        await Task.WhenAll(scans);

        var alerts = await AlertsOfAsync(ann);
        Assert.Equal([80], Thresholds(alerts));
        Assert.DoesNotContain(api.Logs, line => line.Level >= LogLevel.Error);
    }

    [Fact]
    public async Task A_goal_falling_behind_its_deadline_raises_one_alert_from_the_periodic_check()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var deadline = Today.AddDays(20).ToString("yyyy-MM-dd");
        var roof = await ann.CreateAsync("goals", new { name = "Roof", target = 5000, current = 100, deadline });
        await ann.CreateAsync("goals", new { name = "Someday", target = 5000, current = 100 });

        // Nothing saved towards it for two days: at that pace the deadline is out of reach.
        for (var i = 0; i < 2 * 24 * 4 && Count($"select count(*) from alerts where goal_id = {roof}") == 0; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(15));
            await Task.Delay(20, Ct);
        }
        for (var i = 0; i < 8; i++)
        {
            factory.Clock.Advance(TimeSpan.FromMinutes(15));
            await Task.Delay(20, Ct);
        }

        await ann.SignInAgainAsync();
        var alert = Assert.Single((await AlertsOfAsync(ann)).GetProperty("alerts").EnumerateArray());
        Assert.Equal("goalAtRisk", alert.GetProperty("kind").GetString());
        Assert.Equal(roof, alert.GetProperty("goalId").GetInt64());
        Assert.Equal("Roof: deadline at risk", alert.GetProperty("title").GetString());
    }

    /// <summary>Days went by on the clock: the access token from registering has expired.</summary>
    private static int[] ThresholdsOf(JsonElement budget) =>
        budget.GetProperty("alertThresholds").EnumerateArray().Select(t => t.GetInt32()).ToArray();

    /// <summary>The API telling a test when a unit of work it watches starts a transaction (where a writer queues for the write lock).</summary>
    private sealed class TransactionWatchingApi : LoggedApi
    {
        private readonly ConcurrentDictionary<DbContext, TaskCompletionSource> _watched = new();

        public Task TransactionStarted(DbContext db) =>
            _watched.GetOrAdd(db, _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).Task;

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.ConfigureServices(services =>
                services.ConfigureDbContext<BudgetDbContext>(options => options.AddInterceptors(new Watch(this))));
        }

        private sealed class Watch(TransactionWatchingApi api) : DbTransactionInterceptor
        {
            public override ValueTask<InterceptionResult<DbTransaction>> TransactionStartingAsync(DbConnection connection, TransactionStartingEventData eventData,
                InterceptionResult<DbTransaction> result, CancellationToken cancellationToken = default)
            {
                if (eventData.Context is { } context && api._watched.TryGetValue(context, out var started))
                {
                    started.TrySetResult();
                }
                return ValueTask.FromResult(result);
            }
        }
    }
}
