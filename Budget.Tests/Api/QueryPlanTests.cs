using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>
/// Issue 7: the routes a household uses every day stay as fast with 500,000 transactions as with 5,000 only if
/// SQLite never walks a whole table or index for them. Every command each route runs is planned by SQLite itself
/// (<c>EXPLAIN QUERY PLAN</c>, on the request's connection with its parameters): a line starting with
/// <c>SCAN</c> is a full walk, where <c>SEARCH</c> goes straight to the rows of one profile or budget.
/// </summary>
public sealed class QueryPlanTests(RecordingApi api) : IClassFixture<RecordingApi>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    public static TheoryData<string> Routes => new()
    {
        "dashboard",
        "forecast",
        "budgets",
        "budgets/{budget}",
        "budgets/{budget}/transactions?limit=50",
        "actual-sankey",
        "goals",
        "alerts",
        "upcoming",
        "budgets/{budget}/schedules",
        "exports/transactions.csv",
        "exports/report.pdf",
    };

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task A_daily_route_reads_only_the_profiles_own_rows(string route)
    {
        var (ann, budgetId) = await HouseholdAsync();
        var path = $"/api/profiles/{ann.ProfileId}/{route.Replace("{budget}", budgetId.ToString(), StringComparison.Ordinal)}";

        var commands = await api.CommandsOfAsync(() => ann.Client.GetAsync(path, Ct), HttpStatusCode.OK);

        AssertNoFullScan(commands);
    }

    [Fact]
    public async Task Adding_a_transaction_reads_only_its_budgets_rows()
    {
        var (ann, budgetId) = await HouseholdAsync();

        var commands = await api.CommandsOfAsync(() => ann.Client.PostAsJsonAsync(
            $"/api/profiles/{ann.ProfileId}/budgets/{budgetId}/transactions", new { amount = 12.5m, date = Today() }, Ct), HttpStatusCode.Created);

        AssertNoFullScan(commands);
    }

    [Fact]
    public async Task The_dashboard_sums_every_budgets_period_in_one_command()
    {
        var (ann, _) = await HouseholdAsync();

        var commands = await api.CommandsOfAsync(() => ann.Client.GetAsync($"/api/profiles/{ann.ProfileId}/dashboard", Ct), HttpStatusCode.OK);

        // A weekly, a monthly and a yearly budget: one sum over the transactions, not one per kind of period (was 3).
        var sums = commands.Where(c => c.Sql.Contains("FROM \"transactions\"", StringComparison.Ordinal)).ToArray();
        Assert.True(sums.Length == 1, RecordingApi.Describe(sums));
    }

    private static void AssertNoFullScan(RecordedCommand[] commands)
    {
        Assert.Contains(commands, c => c.Plan.Length > 0);
        // A scan of a subquery's or CTE's own result is not a table walk.
        var scans = commands.Where(c => c.Plan.Any(line => line.StartsWith("SCAN ", StringComparison.Ordinal) && !line.StartsWith("SCAN (", StringComparison.Ordinal)
            && !line.StartsWith("SCAN CONSTANT ROW", StringComparison.Ordinal))).ToArray();
        Assert.True(scans.Length == 0, "Full scans:\n" + RecordingApi.Describe(scans));
    }

    private string Today() => DateOnly.FromDateTime(api.Clock.GetUtcNow().UtcDateTime).ToString("yyyy-MM-dd");

    /// <summary>A household with something in every table the routes read: budgets of each period, a money map, a goal, a schedule, history.</summary>
    private async Task<(TestUser Ann, long BudgetId)> HouseholdAsync()
    {
        var ann = await TestUser.RegisterAsync(api);
        var budgetId = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 400, period = "monthly" });
        await ann.CreateAsync("budgets", new { name = "Fun", budgeted = 50, period = "weekly" });
        await ann.CreateAsync("budgets", new { name = "Insurance", budgeted = 900, period = "yearly" });
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 3000 });
        var checking = await ann.CreateAsync("nodes", new { type = "account", label = "Checking", balance = 1000 });
        var savings = await ann.CreateAsync("nodes", new { type = "savings", label = "Rainy day", balance = 500 });
        await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = checking, amount = 3000 });
        await ann.CreateAsync("flows", new { fromNodeId = checking, toNodeId = savings, amount = 200 });
        await ann.CreateAsync("goals", new { name = "Holiday", target = 2000, current = 100, priority = 1, nodeId = savings });
        await ann.CreateAsync($"budgets/{budgetId}/schedules", new { amount = 30, frequency = "monthly", dayOfMonth = 1, startDate = Today() });
        var today = DateOnly.Parse(Today());
        for (var month = 0; month < 14; month++)
        {
            await ann.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 380 + month, date = today.AddMonths(-month).ToString("yyyy-MM-dd") });
        }
        return (ann, budgetId);
    }
}
