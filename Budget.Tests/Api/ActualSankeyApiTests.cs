using System.Net;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class ActualSankeyApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Sankey(TestUser user, string query = "") => $"/api/profiles/{user.ProfileId}/actual-sankey{query}";

    /// <summary>Salary 4,000.00 a month planned into checking; groceries 600.00 a month and fuel 50.00 a week.</summary>
    private static async Task<(long Groceries, long Fuel)> HouseholdAsync(TestUser user)
    {
        var salary = await user.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 9999 });
        var checking = await user.CreateAsync("nodes", new { type = "account", label = "Checking" });
        await user.CreateAsync("flows", new { fromNodeId = salary, toNodeId = checking, amount = 4000 });
        var groceries = await user.CreateAsync("budgets", new { name = "Groceries", budgeted = 600, period = "monthly" });
        var fuel = await user.CreateAsync("budgets", new { name = "Fuel", budgeted = 50, period = "weekly" });
        return (groceries, fuel);
    }

    private static Task<long> SpendAsync(TestUser user, long budgetId, decimal amount, string date) =>
        user.CreateAsync($"budgets/{budgetId}/transactions", new { amount, date });

    private static JsonElement Node(JsonElement sankey, string label) =>
        sankey.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("label").GetString() == label);

    private static JsonElement Link(JsonElement sankey, string from, string to)
    {
        var source = Node(sankey, from).GetProperty("id").GetInt64();
        var target = Node(sankey, to).GetProperty("id").GetInt64();
        return sankey.GetProperty("links").EnumerateArray()
            .Single(l => l.GetProperty("source").GetInt64() == source && l.GetProperty("target").GetInt64() == target);
    }

    private static (decimal Actual, decimal Planned) Amounts(JsonElement link) => (link.Number("actual"), link.Number("planned"));

    [Fact]
    public async Task A_month_shows_income_through_each_budget_to_what_is_left_with_the_plan_beside_it()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var (groceries, fuel) = await HouseholdAsync(ann);
        await SpendAsync(ann, groceries, 412.30m, "2026-03-02");
        await SpendAsync(ann, groceries, 250.00m, "2026-03-31");
        await SpendAsync(ann, groceries, -12.30m, "2026-03-15"); // a refund
        await SpendAsync(ann, groceries, 999m, "2026-02-28"); // the month before
        await SpendAsync(ann, fuel, 61.25m, "2026-03-10");
        await SpendAsync(ann, fuel, 999m, "2026-04-01"); // the month after

        var sankey = await ann.Client.GetJsonAsync(Sankey(ann, "?from=2026-03-01&to=2026-03-31"));

        Assert.Equal("2026-03-01", sankey.GetProperty("from").GetString());
        Assert.Equal("2026-03-31", sankey.GetProperty("to").GetString());
        Assert.Equal("USD", sankey.GetProperty("currency").GetString());
        // Income is the plan's: the salary's flows out (4,000.00), not its own amount.
        Assert.Equal(4000m, sankey.Number("income"));
        Assert.Equal((4000m, 4000m), Amounts(Link(sankey, "Salary", "Income")));
        Assert.Equal((650m, 600m), Amounts(Link(sankey, "Income", "Groceries")));
        // 50.00 a week over March's 31 days: 221.428… → 221.43.
        Assert.Equal((61.25m, 221.43m), Amounts(Link(sankey, "Income", "Fuel")));
        Assert.Equal(711.25m, sankey.Number("spent"));
        Assert.Equal(821.43m, sankey.Number("plannedSpending"));
        Assert.Equal((3288.75m, 3178.57m), Amounts(Link(sankey, "Income", "Left for savings")));
        Assert.Equal(sankey.Number("income"), sankey.Number("spent") + sankey.Number("leftOver"));
        Assert.Equal(0m, sankey.Number("deficit"));
        Assert.Equal("savings", Node(sankey, "Left for savings").GetProperty("type").GetString());
        Assert.Equal(groceries, Link(sankey, "Income", "Groceries").GetProperty("budgetId").GetInt64());
    }

    [Fact]
    public async Task A_quarter_plans_three_months_of_each_monthly_amount()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var (groceries, _) = await HouseholdAsync(ann);
        await SpendAsync(ann, groceries, 700m, "2026-02-10");

        var sankey = await ann.Client.GetJsonAsync(Sankey(ann, "?from=2026-01-01&to=2026-03-31"));

        Assert.Equal((12000m, 12000m), Amounts(Link(sankey, "Salary", "Income")));
        Assert.Equal((700m, 1800m), Amounts(Link(sankey, "Income", "Groceries")));
        // 90 days of 50.00 a week: 642.857… → 642.86.
        Assert.Equal((0m, 642.86m), Amounts(Link(sankey, "Income", "Fuel")));
    }

    [Fact]
    public async Task Spending_more_than_came_in_shows_the_shortfall_as_overspent()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var (groceries, _) = await HouseholdAsync(ann);
        await SpendAsync(ann, groceries, 4500.01m, "2026-03-05");

        var sankey = await ann.Client.GetJsonAsync(Sankey(ann, "?from=2026-03-01&to=2026-03-31"));

        Assert.Equal(500.01m, sankey.Number("deficit"));
        Assert.Equal(0m, sankey.Number("leftOver"));
        Assert.Equal((500.01m, 0m), Amounts(Link(sankey, "Overspent", "Income")));
        Assert.Equal(sankey.Number("income") + sankey.Number("deficit"), sankey.Number("spent"));
    }

    [Fact]
    public async Task An_income_box_without_flows_counts_its_own_monthly_amount()
    {
        var ann = await TestUser.RegisterAsync(factory);
        await ann.CreateAsync("nodes", new { type = "income", label = "Pension", amount = 1234.56m });

        var sankey = await ann.Client.GetJsonAsync(Sankey(ann, "?from=2026-03-01&to=2026-03-31"));

        Assert.Equal((1234.56m, 1234.56m), Amounts(Link(sankey, "Pension", "Income")));
        Assert.Equal((1234.56m, 1234.56m), Amounts(Link(sankey, "Income", "Left for savings")));
    }

    [Fact]
    public async Task An_income_box_that_only_feeds_another_income_box_is_counted_once()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 3000 });
        var pot = await ann.CreateAsync("nodes", new { type = "income", label = "Household pay" });
        var checking = await ann.CreateAsync("nodes", new { type = "account", label = "Checking" });
        await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = pot, amount = 3000 });
        await ann.CreateAsync("flows", new { fromNodeId = pot, toNodeId = checking, amount = 3000 });

        var sankey = await ann.Client.GetJsonAsync(Sankey(ann, "?from=2026-03-01&to=2026-03-31"));

        Assert.Equal(3000m, sankey.Number("income"));
        Assert.Equal((3000m, 3000m), Amounts(Link(sankey, "Household pay", "Income")));
        Assert.DoesNotContain(sankey.GetProperty("nodes").EnumerateArray(), n => n.GetProperty("label").GetString() == "Salary");
    }

    [Fact]
    public async Task An_income_box_fed_only_by_another_income_box_counts_what_it_receives()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 5000 });
        var pot = await ann.CreateAsync("nodes", new { type = "income", label = "Household pay" });
        await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = pot, amount = 5000 });

        var sankey = await ann.Client.GetJsonAsync(Sankey(ann, "?from=2026-03-01&to=2026-03-31"));

        // The pot has no amount of its own and no flows out yet: the salary it receives is the household's income, once.
        Assert.Equal(5000m, sankey.Number("income"));
        Assert.Equal((5000m, 5000m), Amounts(Link(sankey, "Household pay", "Income")));
    }

    [Fact]
    public async Task Without_dates_it_shows_the_current_month()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        var first = new DateOnly(today.Year, today.Month, 1);

        var sankey = await ann.Client.GetJsonAsync(Sankey(ann));

        Assert.Equal(first.ToString("yyyy-MM-dd"), sankey.GetProperty("from").GetString());
        Assert.Equal(first.AddMonths(1).AddDays(-1).ToString("yyyy-MM-dd"), sankey.GetProperty("to").GetString());
        Assert.Empty(sankey.GetProperty("links").EnumerateArray());
    }

    [Theory]
    [InlineData("?from=2026-03-01", "to")]
    [InlineData("?to=2026-03-31", "from")]
    [InlineData("?from=2026-03-31&to=2026-03-01", "to")]
    [InlineData("?from=03/01/2026&to=2026-03-31", "from")]
    [InlineData("?from=2026-03-01&to=2026-02-30", "to")]
    [InlineData("?from=2016-01-01&to=2026-01-01", "to")]
    [InlineData("?from=1800-01-01&to=1800-01-31", "from")]
    public async Task A_period_that_is_not_one_is_refused_naming_the_field(string query, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.GetAsync(Sankey(ann, query), Ct);

        Assert.Contains(field, await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Another_users_profile_is_not_found()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        await HouseholdAsync(ann);

        var response = await bob.Client.GetAsync(Sankey(ann, "?from=2026-03-01&to=2026-03-31"), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }
}
