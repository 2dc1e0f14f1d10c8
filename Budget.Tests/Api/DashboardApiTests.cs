using System.Globalization;
using System.Net;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class DashboardApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private sealed record PostedNode(string Label, string Type, decimal Balance);

    private sealed record PostedFlow(string From, string To, decimal Amount, string? Label);

    // A small household: pay comes into the current account and leaves it for rent, two kinds of saving and a loan.
    // The amounts are ones a double would get wrong (0.1 + 0.2, 400.10 + 200.20) so only exact sums pass.
    private static readonly PostedNode[] Nodes =
    [
        new("Salary", "income", 0m),
        new("Checking", "account", 1999.99m),
        new("Rent", "expense", 7.77m), // an expense's balance is not an asset
        new("Emergency fund", "savings", 0.10m),
        new("Index fund", "investment", 0.20m),
        new("Car loan", "debt", 12000.30m),
    ];

    private static readonly PostedFlow[] Flows =
    [
        new("Salary", "Checking", 4000.00m, "Pay"),
        new("Checking", "Rent", 1999.99m, null),
        new("Checking", "Emergency fund", 400.10m, "Rainy day"),
        new("Checking", "Index fund", 200.20m, null),
        new("Checking", "Car loan", 350.70m, "Instalment"),
    ];

    private static string Dashboard(TestUser user, string? date = null) =>
        $"/api/profiles/{user.ProfileId}/dashboard" + (date is null ? "" : $"?date={date}");

    /// <summary>Posts <see cref="Nodes"/> and <see cref="Flows"/>; returns node ids by label and flow ids in order.</summary>
    private static async Task<(Dictionary<string, long> NodeIds, long[] FlowIds)> PostMoneyMapAsync(TestUser user)
    {
        var nodeIds = new Dictionary<string, long>();
        foreach (var node in Nodes)
        {
            nodeIds[node.Label] = await user.CreateAsync("nodes", new { type = node.Type, label = node.Label, balance = node.Balance });
        }
        var flowIds = new List<long>();
        foreach (var flow in Flows)
        {
            flowIds.Add(await user.CreateAsync("flows", new { fromNodeId = nodeIds[flow.From], toNodeId = nodeIds[flow.To], amount = flow.Amount, label = flow.Label }));
        }
        return (nodeIds, flowIds.ToArray());
    }

    private static string TypeOf(string label) => Nodes.Single(n => n.Label == label).Type;

    private static decimal SumInto(params string[] types) => Flows.Where(f => types.Contains(TypeOf(f.To))).Sum(f => f.Amount);

    [Fact]
    public async Task Monthly_totals_are_the_exact_sums_of_the_money_maps_flows()
    {
        var ann = await TestUser.RegisterAsync(factory);
        await PostMoneyMapAsync(ann);

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));

        var income = Flows.Where(f => TypeOf(f.From) == "income").Sum(f => f.Amount);
        var expenses = SumInto("expense");
        var savings = SumInto("savings", "investment");
        var debtPayments = SumInto("debt");
        Assert.Equal("USD", dashboard.GetProperty("currency").GetString());
        Assert.Equal(income, dashboard.Number("monthlyIncome"));
        Assert.Equal(expenses, dashboard.Number("monthlyExpenses"));
        Assert.Equal(savings, dashboard.Number("monthlySavings"));
        Assert.Equal(debtPayments, dashboard.Number("monthlyDebtPayments"));
        Assert.Equal(income - expenses - debtPayments, dashboard.Number("netCashFlow"));

        // The same figures written out, so a reader sees what "exact" means here.
        Assert.Equal("4000", dashboard.GetProperty("monthlyIncome").GetRawText());
        Assert.Equal("600.3", dashboard.GetProperty("monthlySavings").GetRawText());
        Assert.Equal("1649.31", dashboard.GetProperty("netCashFlow").GetRawText());
    }

    [Fact]
    public async Task The_savings_rate_is_savings_over_income_in_percent_to_one_decimal()
    {
        var ann = await TestUser.RegisterAsync(factory);
        await PostMoneyMapAsync(ann);

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));

        // 600.30 of 4000.00 is 15.0075 %.
        Assert.Equal(15.0m, dashboard.Number("savingsRate"));
    }

    [Theory]
    [InlineData("3.00", "1.00", "33.3")]
    [InlineData("3.00", "2.00", "66.7")]
    [InlineData("1999.99", "1999.99", "100")]
    [InlineData("0.30", "0.10", "33.3")]
    public async Task The_savings_rate_rounds_to_one_decimal(string income, string saved, string rate)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary" });
        var fund = await ann.CreateAsync("nodes", new { type = "savings", label = "Emergency fund" });
        var checking = await ann.CreateAsync("nodes", new { type = "account", label = "Checking" });
        await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = checking, amount = decimal.Parse(income, CultureInfo.InvariantCulture) });
        await ann.CreateAsync("flows", new { fromNodeId = checking, toNodeId = fund, amount = decimal.Parse(saved, CultureInfo.InvariantCulture) });

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));

        Assert.Equal(decimal.Parse(rate, CultureInfo.InvariantCulture), dashboard.Number("savingsRate"));
    }

    [Fact]
    public async Task Without_income_the_savings_rate_is_null()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var checking = await ann.CreateAsync("nodes", new { type = "account", label = "Checking", balance = 500 });
        var fund = await ann.CreateAsync("nodes", new { type = "savings", label = "Emergency fund" });
        await ann.CreateAsync("flows", new { fromNodeId = checking, toNodeId = fund, amount = 100.10m });

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));

        Assert.Equal(JsonValueKind.Null, dashboard.GetProperty("savingsRate").ValueKind);
        Assert.Equal(100.10m, dashboard.Number("monthlySavings"));
        Assert.Equal(0m, dashboard.Number("monthlyIncome"));
    }

    [Fact]
    public async Task Net_worth_is_account_savings_and_investment_balances_less_debts()
    {
        var ann = await TestUser.RegisterAsync(factory);
        await PostMoneyMapAsync(ann);

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));

        var assets = Nodes.Where(n => n.Type is "account" or "savings" or "investment").Sum(n => n.Balance);
        var debts = Nodes.Where(n => n.Type == "debt").Sum(n => n.Balance);
        Assert.Equal(assets, dashboard.Number("assets"));
        Assert.Equal(debts, dashboard.Number("debts"));
        Assert.Equal(assets - debts, dashboard.Number("netWorth"));
        Assert.Equal("2000.29", dashboard.GetProperty("assets").GetRawText());
        Assert.Equal("-10000.01", dashboard.GetProperty("netWorth").GetRawText());
    }

    [Fact]
    public async Task An_overdraft_lowers_assets_and_net_worth()
    {
        var ann = await TestUser.RegisterAsync(factory);
        await ann.CreateAsync("nodes", new { type = "account", label = "Checking", balance = -250.50m });
        await ann.CreateAsync("nodes", new { type = "savings", label = "Emergency fund", balance = 100.25m });

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));

        Assert.Equal(-150.25m, dashboard.Number("assets"));
        Assert.Equal(0m, dashboard.Number("debts"));
        Assert.Equal(-150.25m, dashboard.Number("netWorth"));
    }

    [Fact]
    public async Task The_sankey_has_every_node_valued_at_the_larger_of_what_flows_in_and_out()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var (nodeIds, _) = await PostMoneyMapAsync(ann);

        var sankey = (await ann.Client.GetJsonAsync(Dashboard(ann))).GetProperty("sankey");

        var nodes = sankey.GetProperty("nodes").EnumerateArray().ToArray();
        Assert.Equal(Nodes.Length, nodes.Length);
        foreach (var posted in Nodes)
        {
            var node = Assert.Single(nodes, n => n.GetProperty("id").GetInt64() == nodeIds[posted.Label]);
            var flowingIn = Flows.Where(f => f.To == posted.Label).Sum(f => f.Amount);
            var flowingOut = Flows.Where(f => f.From == posted.Label).Sum(f => f.Amount);
            Assert.Equal(posted.Label, node.GetProperty("label").GetString());
            Assert.Equal(posted.Type, node.GetProperty("type").GetString());
            Assert.Equal(Math.Max(flowingIn, flowingOut), node.Number("value"));
        }
        // Checking takes in 4000.00 and pays out 2950.99; Salary only pays out.
        Assert.Equal(4000m, nodes.Single(n => n.GetProperty("id").GetInt64() == nodeIds["Checking"]).Number("value"));
        Assert.Equal(4000m, nodes.Single(n => n.GetProperty("id").GetInt64() == nodeIds["Salary"]).Number("value"));
    }

    [Fact]
    public async Task The_sankey_has_every_flow_as_a_link()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var (nodeIds, flowIds) = await PostMoneyMapAsync(ann);

        var sankey = (await ann.Client.GetJsonAsync(Dashboard(ann))).GetProperty("sankey");

        var links = sankey.GetProperty("links").EnumerateArray().ToArray();
        Assert.Equal(Flows.Length, links.Length);
        for (var i = 0; i < Flows.Length; i++)
        {
            var link = Assert.Single(links, l => l.GetProperty("id").GetInt64() == flowIds[i]);
            Assert.Equal(nodeIds[Flows[i].From], link.GetProperty("source").GetInt64());
            Assert.Equal(nodeIds[Flows[i].To], link.GetProperty("target").GetInt64());
            Assert.Equal(Flows[i].Amount, link.Number("value"));
            Assert.Equal(Flows[i].Label, link.GetProperty("label").GetString());
        }
    }

    [Fact]
    public async Task Budgets_show_what_was_spent_in_their_current_period()
    {
        var ann = await TestUser.RegisterAsync(factory);
        // 2031-03-19 is a Wednesday: its week runs Monday 17 to Sunday 23 March.
        var groceries = await ann.CreateAsync("budgets", new { name = "Groceries", budgeted = 600.00m, period = "monthly" });
        await AddTransactionsAsync(ann, groceries, ("2031-02-28", 50m), ("2031-03-01", 0.10m), ("2031-03-19", 0.20m), ("2031-03-31", 599.70m), ("2031-04-01", 50m));
        var coffee = await ann.CreateAsync("budgets", new { name = "Coffee", budgeted = 20.00m, period = "weekly" });
        await AddTransactionsAsync(ann, coffee, ("2031-03-16", 5m), ("2031-03-17", 12.34m), ("2031-03-23", 10.00m), ("2031-03-24", 5m));
        var holidays = await ann.CreateAsync("budgets", new { name = "Holidays", budgeted = 1999.99m, period = "yearly" });
        await AddTransactionsAsync(ann, holidays, ("2030-12-31", 500m), ("2031-01-01", 1000.00m), ("2031-06-01", -0.02m), ("2031-12-31", 0.01m));

        var budgets = (await ann.Client.GetJsonAsync(Dashboard(ann, "2031-03-19"))).GetProperty("budgets").EnumerateArray().ToArray();

        Assert.Equal(["Coffee", "Groceries", "Holidays"], budgets.Select(b => b.GetProperty("name").GetString()));
        AssertBudget(budgets[0], coffee, "weekly", "2031-03-17", "2031-03-23", budgeted: 20.00m, spent: 22.34m, remaining: -2.34m, percentUsed: 111.7m, overBudget: true);
        // Exactly at the limit (0.10 + 0.20 + 599.70) is not over it.
        AssertBudget(budgets[1], groceries, "monthly", "2031-03-01", "2031-03-31", budgeted: 600.00m, spent: 600.00m, remaining: 0m, percentUsed: 100.0m, overBudget: false);
        // A refund counts against spending; 999.99 of 1999.99 is 49.99975 %.
        AssertBudget(budgets[2], holidays, "yearly", "2031-01-01", "2031-12-31", budgeted: 1999.99m, spent: 999.99m, remaining: 1000.00m, percentUsed: 50.0m, overBudget: false);
    }

    [Fact]
    public async Task The_date_picks_the_budgets_period()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await ann.CreateAsync("budgets", new { name = "Groceries", budgeted = 100.00m, period = "monthly" });
        await AddTransactionsAsync(ann, groceries, ("2031-02-01", 40.10m), ("2031-02-28", 60.00m), ("2031-03-15", 0.30m));

        var february = (await ann.Client.GetJsonAsync(Dashboard(ann, "2031-02-14"))).GetProperty("budgets")[0];
        var march = (await ann.Client.GetJsonAsync(Dashboard(ann, "2031-03-01"))).GetProperty("budgets")[0];
        var april = (await ann.Client.GetJsonAsync(Dashboard(ann, "2031-04-30"))).GetProperty("budgets")[0];

        AssertBudget(february, groceries, "monthly", "2031-02-01", "2031-02-28", budgeted: 100m, spent: 100.10m, remaining: -0.10m, percentUsed: 100.1m, overBudget: true);
        AssertBudget(march, groceries, "monthly", "2031-03-01", "2031-03-31", budgeted: 100m, spent: 0.30m, remaining: 99.70m, percentUsed: 0.3m, overBudget: false);
        AssertBudget(april, groceries, "monthly", "2031-04-01", "2031-04-30", budgeted: 100m, spent: 0m, remaining: 100m, percentUsed: 0m, overBudget: false);
    }

    [Fact]
    public async Task The_dashboard_says_which_day_it_was_computed_for()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann, "2031-03-19"));

        Assert.Equal("2031-03-19", dashboard.GetProperty("asOf").GetString());
    }

    [Fact]
    public async Task An_empty_profile_has_zeros_and_empty_lists()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));

        foreach (var total in new[] { "monthlyIncome", "monthlyExpenses", "monthlySavings", "monthlyDebtPayments", "netCashFlow", "assets", "debts", "netWorth" })
        {
            Assert.Equal("0", dashboard.GetProperty(total).GetRawText());
        }
        Assert.Equal(JsonValueKind.Null, dashboard.GetProperty("savingsRate").ValueKind);
        Assert.Empty(dashboard.GetProperty("budgets").EnumerateArray());
        Assert.Empty(dashboard.GetProperty("goals").EnumerateArray());
        Assert.Empty(dashboard.GetProperty("sankey").GetProperty("nodes").EnumerateArray());
        Assert.Empty(dashboard.GetProperty("sankey").GetProperty("links").EnumerateArray());
    }

    [Fact]
    public async Task Goals_appear_on_the_dashboard_most_important_first()
    {
        var ann = await TestUser.RegisterAsync(factory);
        await ann.CreateAsync("goals", new { name = "Car", target = 1999.99m, current = 0.10m, priority = 4 });
        await ann.CreateAsync("goals", new { name = "Roof", target = 8000.20m, current = 0.20m, priority = 1 });

        var goals = (await ann.Client.GetJsonAsync(Dashboard(ann))).GetProperty("goals").EnumerateArray().ToArray();

        Assert.Equal(["Roof", "Car"], goals.Select(g => g.GetProperty("name").GetString()));
        Assert.Equal(8000.20m, goals[0].Number("target"));
        Assert.Equal(0.20m, goals[0].Number("current"));
        Assert.Equal(1999.99m, goals[1].Number("target"));
    }

    [Fact]
    public async Task Another_users_map_never_reaches_my_dashboard()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        await PostMoneyMapAsync(bob);
        await bob.CreateAsync("budgets", new { name = "Groceries", budgeted = 600m, period = "monthly" });

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));

        Assert.Equal(0m, dashboard.Number("monthlyIncome"));
        Assert.Equal(0m, dashboard.Number("netWorth"));
        Assert.Empty(dashboard.GetProperty("budgets").EnumerateArray());
        Assert.Empty(dashboard.GetProperty("sankey").GetProperty("nodes").EnumerateArray());
    }

    [Fact]
    public async Task Monthly_income_is_the_money_maps_planned_income_the_same_what_happened_shows_for_a_month()
    {
        var ann = await TestUser.RegisterAsync(factory);
        // Salary passes through a household pot (counted once, where it leaves income); the pension is not mapped yet.
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 3000 });
        var pot = await ann.CreateAsync("nodes", new { type = "income", label = "Household pay" });
        var checking = await ann.CreateAsync("nodes", new { type = "account", label = "Checking" });
        await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = pot, amount = 3000 });
        await ann.CreateAsync("flows", new { fromNodeId = pot, toNodeId = checking, amount = 2999.99m });
        await ann.CreateAsync("nodes", new { type = "income", label = "Pension", amount = 250.50m });

        var dashboard = await ann.Client.GetJsonAsync(Dashboard(ann));
        var happened = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/actual-sankey?from=2026-02-01&to=2026-02-28");

        Assert.Equal(3250.49m, dashboard.Number("monthlyIncome"));
        Assert.Equal(dashboard.Number("monthlyIncome"), happened.Number("income"));
        Assert.Equal(3250.49m, dashboard.Number("netCashFlow"));
    }

    [Fact]
    public async Task Another_users_dashboard_is_404()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        await PostMoneyMapAsync(bob);

        var response = await ann.Client.GetAsync(Dashboard(bob), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    [Theory]
    [InlineData("2031-02-30")]
    [InlineData("19-03-2031")]
    [InlineData("2031-3-9")]
    [InlineData("1899-12-31")]
    [InlineData("tomorrow")]
    public async Task A_bad_date_is_refused_naming_date(string date)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.GetAsync(Dashboard(ann, date), Ct);

        Assert.Equal(["date"], await response.ProblemFieldsAsync());
    }

    private static async Task AddTransactionsAsync(TestUser user, long budgetId, params (string Date, decimal Amount)[] transactions)
    {
        foreach (var (date, amount) in transactions)
        {
            await user.CreateAsync($"budgets/{budgetId}/transactions", new { amount, date });
        }
    }

    private static void AssertBudget(
        JsonElement budget, long id, string period, string periodStart, string periodEnd,
        decimal budgeted, decimal spent, decimal remaining, decimal percentUsed, bool overBudget)
    {
        Assert.Equal(id, budget.GetProperty("id").GetInt64());
        Assert.Equal(period, budget.GetProperty("period").GetString());
        Assert.Equal(periodStart, budget.GetProperty("periodStart").GetString());
        Assert.Equal(periodEnd, budget.GetProperty("periodEnd").GetString());
        Assert.Equal(budgeted, budget.Number("budgeted"));
        Assert.Equal(spent, budget.Number("spent"));
        Assert.Equal(remaining, budget.Number("remaining"));
        Assert.Equal(percentUsed, budget.Number("percentUsed"));
        Assert.Equal(overBudget, budget.GetProperty("overBudget").GetBoolean());
    }
}
