using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>
/// The write path's SQL: how many commands a request sends to SQLite (issue 7 measures the p99 of adding a
/// transaction). Each count is everything the request runs, sign-in and profile checks included, so a new query
/// anywhere on the path shows here.
/// </summary>
public sealed class WriteQueriesTests(RecordingApi api) : IClassFixture<RecordingApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Today(ApiFactory api) => DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    [Fact]
    public async Task Adding_a_transaction_reads_its_budget_once()
    {
        var ann = await TestUser.RegisterAsync(api);
        var budgetId = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 100, period = "monthly" });

        var commands = await api.SqlOfAsync(() => ann.Client.PostAsJsonAsync(
            $"/api/profiles/{ann.ProfileId}/budgets/{budgetId}/transactions", new { amount = 10, date = Today(api) }, Ct), HttpStatusCode.Created);

        // Sign-in and profile checks, the budget, the bound, the insert, the period's spending for the alerts (was 7).
        Assert.True(commands.Count(c => c.Contains("FROM \"budgets\"", StringComparison.Ordinal)) == 1, string.Join("\n---\n", commands));
        Assert.True(commands.Length == 6, string.Join("\n---\n", commands));
    }

    [Fact]
    public async Task Updating_a_budget_sums_its_spending_once_for_the_answer_and_the_alerts()
    {
        var ann = await TestUser.RegisterAsync(api);
        var budgetId = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 100, period = "monthly" });

        var commands = await api.SqlOfAsync(() => ann.Client.PutAsJsonAsync(
            $"/api/profiles/{ann.ProfileId}/budgets/{budgetId}", new { name = "Groceries", budgeted = 90, period = "monthly" }, Ct), HttpStatusCode.OK);

        // Sign-in and profile checks, the budget, the update, the period's spending (was 7: the alerts read both again).
        Assert.True(commands.Count(c => c.Contains("FROM \"budgets\"", StringComparison.Ordinal)) == 1, string.Join("\n---\n", commands));
        Assert.True(commands.Count(c => c.Contains("FROM \"transactions\"", StringComparison.Ordinal)) == 1, string.Join("\n---\n", commands));
        Assert.True(commands.Length == 5, string.Join("\n---\n", commands));
    }

    [Fact]
    public async Task Updating_a_schedule_checks_that_it_is_mine_once()
    {
        var ann = await TestUser.RegisterAsync(api);
        var budgetId = await ann.CreateAsync("budgets", new { name = "Rent", budgeted = 1000, period = "monthly" });
        var schedules = $"budgets/{budgetId}/schedules";
        var scheduleId = await ann.CreateAsync(schedules, new { amount = 950, frequency = "monthly", dayOfMonth = 1, startDate = Today(api) });

        var commands = await api.SqlOfAsync(() => ann.Client.PutAsJsonAsync(
            $"/api/profiles/{ann.ProfileId}/{schedules}/{scheduleId}", new { amount = 975, frequency = "monthly", dayOfMonth = 1, startDate = Today(api) }, Ct), HttpStatusCode.OK);

        // Sign-in and profile checks, the schedule (read once, under the write lock), the update (was 5: the
        // catch-up read it again), which writes only the columns the edit changed.
        Assert.True(commands.Count(c => c.Contains("FROM \"schedules\"", StringComparison.Ordinal)) == 1, string.Join("\n---\n", commands));
        Assert.True(commands.Length == 4, string.Join("\n---\n", commands));
        var update = Assert.Single(commands, c => c.Contains("UPDATE \"schedules\"", StringComparison.Ordinal));
        Assert.DoesNotContain("\"created_at\"", update, StringComparison.Ordinal);
        Assert.DoesNotContain("\"budget_id\"", update, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Marking_all_alerts_read_is_one_statement_however_many_there_are()
    {
        var ann = await TestUser.RegisterAsync(api);
        var budgetId = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 100, period = "monthly", alertThresholds = new[] { 10, 20, 30, 40, 50 } });
        await ann.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 60, date = Today(api) });

        var commands = await api.SqlOfAsync(() => ann.Client.PostAsync($"/api/profiles/{ann.ProfileId}/alerts/read", null, Ct), HttpStatusCode.NoContent);

        // Sign-in and profile checks, then one INSERT ... SELECT: no alert ids are read into the app (was a SELECT
        // of every unread id, then an INSERT of each).
        var reads = commands.Where(c => c.Contains("alert_reads", StringComparison.Ordinal)).ToArray();
        Assert.True(reads.Length == 1 && reads[0].Contains("INSERT", StringComparison.Ordinal), string.Join("\n---\n", commands));
    }
}
