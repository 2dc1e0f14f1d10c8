using System.Globalization;
using System.Net;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Attack;

/// <summary>
/// Every money field, in currencies with 0, 2 and 3 decimals: the bound ±10¹² is kept exactly, one minor unit beyond
/// it and one decimal too many are refused naming the field, totals that would pass the bound are refused, and what
/// the dashboard and budgets answer adds up to the cent.
/// </summary>
public sealed class MoneyEdgeTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>Each money field as (collection, member, a body template where % is the amount, the ids it needs).</summary>
    private static readonly (string Collection, string Member, string Template)[] MoneyFields =
    [
        ("nodes", "amount", """{"type":"income","label":"Salary","amount":%}"""),
        ("nodes", "balance", """{"type":"account","label":"Checking","balance":%}"""),
        ("flows", "amount", """{"fromNodeId":{from},"toNodeId":{to},"amount":%}"""),
        ("budgets", "budgeted", """{"name":"Food","budgeted":%,"period":"monthly"}"""),
        ("budgets/{budget}/transactions", "amount", """{"amount":%,"date":"2026-01-10"}"""),
        ("budgets/{budget}/schedules", "amount", """{"amount":%,"frequency":"monthly","dayOfMonth":1,"startDate":"2150-01-01"}"""),
        ("goals", "target", """{"name":"Roof","target":%}"""),
        ("goals", "current", """{"name":"Roof","target":1000000000000,"current":%}"""),
    ];

    public static TheoryData<string, string, string, string> Currencies() => new()
    {
        // currency, the bound written in its decimals, one minor unit beyond, one decimal too many
        { "JPY", "1000000000000", "1000000000001", "0.5" },
        { "USD", "1000000000000.00", "1000000000000.01", "0.001" },
        { "KWD", "1000000000000.000", "1000000000000.001", "0.0001" },
    };

    [Fact]
    public void The_list_above_covers_every_money_member_of_every_request()
    {
        // Uploads (BodyType null) carry a file and text fields, no money.
        var money = ApiRoute.All(factory).Where(r => r.BodyType is not null && r.Pattern.StartsWith("/api/profiles/", StringComparison.Ordinal))
            .SelectMany(r => r.BodyType!.GetProperties().Where(p => (p.PropertyType == typeof(decimal) || p.PropertyType == typeof(decimal?)) && p.Name != "Apy")
                .Select(p => $"{r.BodyType.Name}.{JsonNamingPolicy.CamelCase.ConvertName(p.Name)}"))
            .Distinct().Order().ToArray();

        Assert.Equal(
            ["BudgetRequest.budgeted", "FlowRequest.amount", "GoalRequest.current", "GoalRequest.target", "NodeRequest.amount", "NodeRequest.balance", "ScheduleRequest.amount", "TransactionRequest.amount"],
            money);
    }

    [Theory]
    [MemberData(nameof(Currencies))]
    public async Task Every_money_field_keeps_the_bound_exactly_and_refuses_one_unit_beyond_or_a_decimal_too_many(string currency, string bound, string beyond, string tooPrecise)
    {
        var failures = new List<string>();
        foreach (var field in MoneyFields)
        {
            var (user, url, template) = await FreshAsync(currency, field);
            foreach (var refused in new[] { beyond, "-" + beyond, tooPrecise })
            {
                var response = await user.Client.SendJsonAsync(HttpMethod.Post, url, template.Replace("%", refused, StringComparison.Ordinal));
                var fields = response.StatusCode == HttpStatusCode.BadRequest ? await response.ProblemFieldsAsync() : [];
                if (fields is not [var named] || named != field.Member)
                {
                    failures.Add($"{currency} {field.Collection}.{field.Member}={refused}: {(int)response.StatusCode} [{string.Join(", ", fields)}]");
                }
            }

            var accepted = await user.Client.SendJsonAsync(HttpMethod.Post, url, template.Replace("%", bound, StringComparison.Ordinal));
            if (accepted.StatusCode != HttpStatusCode.Created)
            {
                failures.Add($"{currency} {field.Collection}.{field.Member}={bound}: {(int)accepted.StatusCode} {await accepted.Content.ReadAsStringAsync(Ct)}");
                continue;
            }
            var read = await user.Client.GetJsonAsync(accepted.Headers.Location!.OriginalString);
            if (read.GetProperty(field.Member).GetRawText() != "1000000000000")
            {
                failures.Add($"{currency} {field.Collection}.{field.Member}={bound}: read back {read.GetProperty(field.Member).GetRawText()}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
        using var database = factory.OpenDatabase();
        Assert.Empty(DatabaseAudit.Violations(database));
    }

    [Theory]
    [MemberData(nameof(Currencies))]
    public async Task Minus_the_bound_is_kept_exactly_wherever_a_negative_amount_is_allowed(string currency, string bound, string beyond, string tooPrecise)
    {
        _ = (beyond, tooPrecise);
        var failures = new List<string>();
        foreach (var field in MoneyFields)
        {
            var (user, url, template) = await FreshAsync(currency, field);
            var response = await user.Client.SendJsonAsync(HttpMethod.Post, url, template.Replace("%", "-" + bound, StringComparison.Ordinal));
            var negativeAllowed = field is ("nodes", "balance", _) or ("budgets/{budget}/transactions", "amount", _) or ("budgets/{budget}/schedules", "amount", _);

            if (negativeAllowed && response.StatusCode == HttpStatusCode.Created)
            {
                var read = await user.Client.GetJsonAsync(response.Headers.Location!.OriginalString);
                if (read.GetProperty(field.Member).GetRawText() != "-1000000000000")
                {
                    failures.Add($"{currency} {field.Collection}.{field.Member}: read back {read.GetProperty(field.Member).GetRawText()}");
                }
            }
            else if (negativeAllowed || response.StatusCode != HttpStatusCode.BadRequest || (await response.ProblemFieldsAsync()) is not [var named] || named != field.Member)
            {
                failures.Add($"{currency} {field.Collection}.{field.Member}=-{bound}: {(int)response.StatusCode}");
            }
        }

        Assert.True(failures.Count == 0, string.Join("\n", failures));
    }

    [Theory]
    [InlineData("nodes", "balance", """{"type":"account","label":"Checking","balance":%}""")]
    [InlineData("nodes", "amount", """{"type":"income","label":"Salary","amount":%}""")]
    [InlineData("flows", "amount", """{"fromNodeId":{from},"toNodeId":{to},"amount":%}""")]
    [InlineData("budgets/{budget}/transactions", "amount", """{"amount":%,"date":"2026-01-10"}""")]
    public async Task A_total_that_would_pass_the_bound_is_refused_and_the_totals_stay_exact(string collection, string member, string template)
    {
        var (user, url, body) = await FreshAsync("USD", (collection, member, template));
        Assert.Equal(HttpStatusCode.Created, (await user.Client.SendJsonAsync(HttpMethod.Post, url, body.Replace("%", "999999999999.99", StringComparison.Ordinal))).StatusCode);

        var over = await user.Client.SendJsonAsync(HttpMethod.Post, url, body.Replace("%", "0.02", StringComparison.Ordinal));
        var exact = await user.Client.SendJsonAsync(HttpMethod.Post, url, body.Replace("%", "0.01", StringComparison.Ordinal));

        Assert.Equal([member], await over.ProblemFieldsAsync());
        Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        var dashboard = await user.Client.GetJsonAsync($"/api/profiles/{user.ProfileId}/dashboard?date=2026-01-20");
        switch (collection, member)
        {
            case ("nodes", "balance"):
                Assert.Equal("1000000000000", dashboard.GetProperty("assets").GetRawText());
                break;
            case ("flows", _):
                Assert.Equal("1000000000000", dashboard.GetProperty("monthlyIncome").GetRawText());
                break;
            case ("budgets/{budget}/transactions", _):
                var budget = dashboard.GetProperty("budgets")[0];
                Assert.Equal("1000000000000", budget.GetProperty("spent").GetRawText());
                Assert.Equal("-999999999999", budget.GetProperty("remaining").GetRawText());
                break;
        }
    }

    [Theory]
    [InlineData("USD", new[] { "0.01", "0.1", "0.2", "0.3", "1999.99", "-0.07", "33.33", "33.33", "33.34", "0.05", "12.345e1" })]
    [InlineData("KWD", new[] { "0.001", "0.1", "0.2", "0.3", "1999.999", "-0.007", "33.333", "33.333", "33.334", "0.005", "1.2345e1" })]
    [InlineData("JPY", new[] { "1", "10", "20", "30", "1999", "-7", "3333", "3333", "3334", "5", "1.2e1" })]
    public async Task Budgets_and_the_dashboard_add_up_to_the_last_minor_unit(string currency, string[] amounts)
    {
        var user = await TestUser.RegisterAsync(factory, "sums", currency);
        var budget = await user.CreateAsync("budgets", new { name = "Food", budgeted = 3000, period = "monthly" });
        var salary = await user.CreateAsync("nodes", new { type = "income", label = "Salary" });
        var checking = await user.CreateAsync("nodes", new { type = "account", label = "Checking" });
        var rent = await user.CreateAsync("nodes", new { type = "expense", label = "Rent" });
        var expected = 0m;
        foreach (var amount in amounts)
        {
            var value = decimal.Parse(amount, NumberStyles.Float, CultureInfo.InvariantCulture);
            expected += value;
            var profile = $"/api/profiles/{user.ProfileId}";
            Assert.Equal(HttpStatusCode.Created, (await user.Client.SendJsonAsync(HttpMethod.Post, $"{profile}/budgets/{budget}/transactions", $$"""{"amount":{{amount}},"date":"2026-01-10"}""")).StatusCode);
            Assert.Equal(HttpStatusCode.Created, (await user.Client.SendJsonAsync(HttpMethod.Post, $"{profile}/nodes", $$"""{"type":"account","label":"Pot","balance":{{amount}}}""")).StatusCode);
            if (value > 0)
            {
                Assert.Equal(HttpStatusCode.Created, (await user.Client.SendJsonAsync(HttpMethod.Post, $"{profile}/flows", $$"""{"fromNodeId":{{salary}},"toNodeId":{{checking}},"amount":{{amount}}}""")).StatusCode);
                Assert.Equal(HttpStatusCode.Created, (await user.Client.SendJsonAsync(HttpMethod.Post, $"{profile}/flows", $$"""{"fromNodeId":{{checking}},"toNodeId":{{rent}},"amount":{{amount}}}""")).StatusCode);
            }
        }
        var positive = amounts.Select(a => decimal.Parse(a, NumberStyles.Float, CultureInfo.InvariantCulture)).Where(v => v > 0).Sum();

        var read = await user.Client.GetJsonAsync($"/api/profiles/{user.ProfileId}/budgets/{budget}?date=2026-01-20");
        var dashboard = await user.Client.GetJsonAsync($"/api/profiles/{user.ProfileId}/dashboard?date=2026-01-20");
        var onDashboard = dashboard.GetProperty("budgets")[0];

        Assert.Equal(expected, read.Number("spent"));
        Assert.Equal(3000 - expected, read.Number("remaining"));
        Assert.Equal(expected, onDashboard.Number("spent"));
        Assert.Equal(3000 - expected, onDashboard.Number("remaining"));
        Assert.Equal(expected, dashboard.Number("assets"));
        Assert.Equal(positive, dashboard.Number("monthlyIncome"));
        Assert.Equal(positive, dashboard.Number("monthlyExpenses"));
        Assert.Equal(0, dashboard.Number("netCashFlow"));
        using var database = factory.OpenDatabase();
        var exponent = currency switch { "JPY" => 0, "KWD" => 3, _ => 2 };
        Assert.Equal((long)(expected * (decimal)Math.Pow(10, exponent)), DatabaseAudit.Scalar(database, $"SELECT sum(amount) FROM transactions WHERE budget_id = {budget}"));
    }

    /// <summary>A new account in <paramref name="currency"/> with empty totals, and the URL and body for one money field.</summary>
    private async Task<(TestUser User, string Url, string Template)> FreshAsync(string currency, (string Collection, string Member, string Template) field)
    {
        var user = await TestUser.RegisterAsync(factory, "edge", currency);
        var template = field.Template;
        var collection = field.Collection;
        if (template.Contains("{from}", StringComparison.Ordinal))
        {
            template = template
                .Replace("{from}", (await user.CreateAsync("nodes", new { type = "income", label = "Salary" })).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal)
                .Replace("{to}", (await user.CreateAsync("nodes", new { type = "account", label = "Checking" })).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        if (collection.Contains("{budget}", StringComparison.Ordinal))
        {
            collection = collection.Replace("{budget}", (await user.CreateAsync("budgets", new { name = "Food", budgeted = 1, period = "monthly" })).ToString(CultureInfo.InvariantCulture), StringComparison.Ordinal);
        }
        return (user, $"/api/profiles/{user.ProfileId}/{collection}", template);
    }
}
