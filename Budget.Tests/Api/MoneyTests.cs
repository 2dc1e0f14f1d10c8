using System.Net;
using System.Net.Http.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class MoneyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private long Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = factory.OpenDatabase();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }
        return Convert.ToInt64(command.ExecuteScalar());
    }

    private long StoredTransactionAmount(long id) => Scalar("SELECT amount FROM transactions WHERE id = $id", ("$id", id));

    private long TransactionCount(long budgetId) => Scalar("SELECT count(*) FROM transactions WHERE budget_id = $id", ("$id", budgetId));

    private static Task<long> AddBudgetAsync(TestUser user) =>
        user.CreateAsync("budgets", new { name = "Groceries", budgeted = 600m, period = "monthly" });

    private static Task<HttpResponseMessage> PostTransactionAsync(TestUser user, long budgetId, string amountJson) =>
        user.Client.SendJsonAsync(HttpMethod.Post, $"/api/profiles/{user.ProfileId}/budgets/{budgetId}/transactions",
            $$"""{"amount":{{amountJson}},"date":"2031-03-19"}""");

    [Theory]
    [InlineData("0.1", "0.1", 10)]
    [InlineData("0.2", "0.2", 20)]
    [InlineData("0.3", "0.3", 30)]
    [InlineData("0.10", "0.1", 10)]
    [InlineData("1999.99", "1999.99", 199999)]
    [InlineData("-0.01", "-0.01", -1)]
    [InlineData("999999999999.99", "999999999999.99", 99999999999999)]
    [InlineData("1000000000000", "1000000000000", 100000000000000)]
    [InlineData("1e3", "1000", 100000)]
    public async Task Amounts_round_trip_exactly(string sent, string answered, long storedCents)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budget = await AddBudgetAsync(ann);

        var response = await PostTransactionAsync(ann, budget, sent);

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var created = await response.ReadJsonAsync();
        Assert.Equal(answered, created.GetProperty("amount").GetRawText());
        var read = await ann.Client.GetJsonAsync(response.Headers.Location!.AbsolutePath);
        Assert.Equal(answered, read.GetProperty("amount").GetRawText());
        Assert.Equal(storedCents, StoredTransactionAmount(created.GetProperty("id").GetInt64()));
    }

    [Theory]
    [InlineData("-0")]
    [InlineData("-0.00")]
    [InlineData("-0e5")]
    public async Task Minus_zero_is_stored_and_answered_as_zero(string zero)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, $"/api/profiles/{ann.ProfileId}/nodes",
            $$"""{"type":"account","label":"Checking","amount":{{zero}},"balance":{{zero}}}""");

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        var node = await response.ReadJsonAsync();
        Assert.Equal("0", node.GetProperty("amount").GetRawText());
        Assert.Equal("0", node.GetProperty("balance").GetRawText());
        var id = node.GetProperty("id").GetInt64();
        Assert.Equal(0, Scalar("SELECT amount FROM nodes WHERE id = $id", ("$id", id)));
        Assert.Equal(0, Scalar("SELECT balance FROM nodes WHERE id = $id", ("$id", id)));
    }

    [Fact]
    public async Task Minus_zero_is_still_zero_where_zero_is_not_allowed()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budget = await AddBudgetAsync(ann);

        var response = await PostTransactionAsync(ann, budget, "-0");

        Assert.Equal(["amount"], await response.ProblemFieldsAsync());
        Assert.Equal(0, TransactionCount(budget));
    }

    [Theory]
    [InlineData("1e309")]
    [InlineData("-1e309")]
    [InlineData("1e29")]
    [InlineData("\"NaN\"")]
    [InlineData("\"Infinity\"")]
    [InlineData("\"12\"")]
    [InlineData("\"12.50\"")]
    [InlineData("1.005")]
    [InlineData("0.001")]
    [InlineData("1000000000000.01")]
    [InlineData("-1000000000000.01")]
    [InlineData("true")]
    [InlineData("null")]
    [InlineData("0")]
    public async Task Bad_transaction_amounts_are_refused_naming_amount(string amount)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budget = await AddBudgetAsync(ann);

        var response = await PostTransactionAsync(ann, budget, amount);

        Assert.Equal(["amount"], await response.ProblemFieldsAsync());
        Assert.Equal(0, TransactionCount(budget));
    }

    [Theory]
    [InlineData("budgets", "budgeted", """{"name":"Groceries","period":"monthly","budgeted":%}""")]
    [InlineData("nodes", "balance", """{"type":"account","label":"Checking","balance":%}""")]
    [InlineData("nodes", "amount", """{"type":"income","label":"Salary","amount":%}""")]
    [InlineData("goals", "target", """{"name":"Roof","target":%}""")]
    [InlineData("goals", "current", """{"name":"Roof","target":10,"current":%}""")]
    public async Task Every_money_field_refuses_what_it_cannot_keep_exactly(string collection, string field, string template)
    {
        var ann = await TestUser.RegisterAsync(factory);

        foreach (var amount in new[] { "1e309", "\"NaN\"", "\"12\"", "1.005", "1000000000000.01" })
        {
            var response = await ann.Client.SendJsonAsync(HttpMethod.Post, $"/api/profiles/{ann.ProfileId}/{collection}", template.Replace("%", amount));

            Assert.Equal([field], await response.ProblemFieldsAsync());
        }
        Assert.Equal(0, Scalar($"SELECT count(*) FROM {collection} WHERE profile_id = $id", ("$id", ann.ProfileId)));
    }

    [Fact]
    public async Task A_flow_refuses_a_fraction_of_a_cent_naming_amount()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary" });
        var checking = await ann.CreateAsync("nodes", new { type = "account", label = "Checking" });

        foreach (var amount in new[] { "1e309", "\"12\"", "1.005", "1000000000000.01" })
        {
            var response = await ann.Client.SendJsonAsync(HttpMethod.Post, $"/api/profiles/{ann.ProfileId}/flows",
                $$"""{"fromNodeId":{{salary}},"toNodeId":{{checking}},"amount":{{amount}}}""");

            Assert.Equal(["amount"], await response.ProblemFieldsAsync());
        }
        Assert.Equal(0, Scalar("SELECT count(*) FROM flows WHERE profile_id = $id", ("$id", ann.ProfileId)));
    }

    [Fact]
    public async Task Accounts_are_in_US_dollars_unless_registered_otherwise()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var me = await ann.Client.GetJsonAsync("/api/auth/me");

        Assert.Equal("USD", me.GetProperty("currency").GetString());
        Assert.Equal(2, me.GetProperty("currencyExponent").GetInt32());
    }

    [Fact]
    public async Task Yen_amounts_are_whole_numbers()
    {
        var ken = await TestUser.RegisterAsync(factory, "ken", currency: "JPY");
        var budget = await AddBudgetAsync(ken);

        var me = await ken.Client.GetJsonAsync("/api/auth/me");
        Assert.Equal("JPY", me.GetProperty("currency").GetString());
        Assert.Equal(0, me.GetProperty("currencyExponent").GetInt32());

        var whole = await PostTransactionAsync(ken, budget, "1500");
        Assert.Equal(HttpStatusCode.Created, whole.StatusCode);
        var created = await whole.ReadJsonAsync();
        Assert.Equal("1500", created.GetProperty("amount").GetRawText());
        Assert.Equal(1500, StoredTransactionAmount(created.GetProperty("id").GetInt64()));

        Assert.Equal(["amount"], await (await PostTransactionAsync(ken, budget, "1500.5")).ProblemFieldsAsync());
        Assert.Equal(["amount"], await (await PostTransactionAsync(ken, budget, "0.01")).ProblemFieldsAsync());
        Assert.Equal(1, TransactionCount(budget));
    }

    [Fact]
    public async Task Yen_keep_the_same_ten_to_the_twelve_bound_as_dollars()
    {
        var ken = await TestUser.RegisterAsync(factory, "ken", currency: "JPY");
        var budget = await AddBudgetAsync(ken);

        Assert.Equal(HttpStatusCode.Created, (await PostTransactionAsync(ken, budget, "1000000000000")).StatusCode);
        Assert.Equal(["amount"], await (await PostTransactionAsync(ken, budget, "1000000000001")).ProblemFieldsAsync());
        Assert.Equal(1, TransactionCount(budget));
    }

    [Fact]
    public async Task Kuwaiti_dinar_amounts_have_three_decimals()
    {
        var kim = await TestUser.RegisterAsync(factory, "kim", currency: "KWD");
        var budget = await AddBudgetAsync(kim);

        var me = await kim.Client.GetJsonAsync("/api/auth/me");
        Assert.Equal("KWD", me.GetProperty("currency").GetString());
        Assert.Equal(3, me.GetProperty("currencyExponent").GetInt32());

        var fils = await PostTransactionAsync(kim, budget, "1.005");
        Assert.Equal(HttpStatusCode.Created, fils.StatusCode);
        var created = await fils.ReadJsonAsync();
        Assert.Equal("1.005", created.GetProperty("amount").GetRawText());
        Assert.Equal(1005, StoredTransactionAmount(created.GetProperty("id").GetInt64()));

        Assert.Equal(["amount"], await (await PostTransactionAsync(kim, budget, "1.0005")).ProblemFieldsAsync());
        Assert.Equal(1, TransactionCount(budget));
    }

    [Fact]
    public async Task The_dashboard_answers_in_the_accounts_currency()
    {
        var ken = await TestUser.RegisterAsync(factory, "ken", currency: "JPY");
        await ken.CreateAsync("nodes", new { type = "account", label = "Checking", balance = 123456 });

        var dashboard = await ken.Client.GetJsonAsync($"/api/profiles/{ken.ProfileId}/dashboard");

        Assert.Equal("JPY", dashboard.GetProperty("currency").GetString());
        Assert.Equal("123456", dashboard.GetProperty("assets").GetRawText());
    }

    [Fact]
    public async Task A_currency_code_is_read_whatever_its_case()
    {
        var eve = await TestUser.RegisterAsync(factory, "eve", currency: "eur");

        var me = await eve.Client.GetJsonAsync("/api/auth/me");

        Assert.Equal("EUR", me.GetProperty("currency").GetString());
        Assert.Equal(2, me.GetProperty("currencyExponent").GetInt32());
    }

    [Theory]
    [InlineData("XYZ")]
    [InlineData("XAU")]
    [InlineData("")]
    [InlineData("US")]
    public async Task An_unknown_currency_is_refused_and_no_account_is_made(string currency)
    {
        var email = $"xyz-{Guid.NewGuid():N}@example.org";
        var client = factory.CreateClient();

        var response = await client.PostAsJsonAsync("/api/auth/register", new { email, password = TestUser.DefaultPassword, currency }, Ct);

        Assert.Equal(["currency"], await response.ProblemFieldsAsync());
        Assert.Equal(0, Scalar("SELECT count(*) FROM users WHERE email = $email", ("$email", email)));
    }

    [Fact]
    public async Task Every_money_column_holds_integers()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var kim = await TestUser.RegisterAsync(factory, "kim", currency: "KWD");
        foreach (var (user, awkward) in new[] { (ann, 0.1m), (kim, 1.005m) })
        {
            var salary = await user.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 1999.99m - awkward });
            var checking = await user.CreateAsync("nodes", new { type = "account", label = "Checking", balance = -awkward });
            await user.CreateAsync("flows", new { fromNodeId = salary, toNodeId = checking, amount = awkward + 0.2m });
            var budget = await user.CreateAsync("budgets", new { name = "Groceries", budgeted = awkward * 3, period = "weekly" });
            await user.CreateAsync($"budgets/{budget}/transactions", new { amount = awkward, date = "2031-03-19" });
            await user.CreateAsync($"budgets/{budget}/transactions", new { amount = -awkward, date = "2031-03-20" });
            await user.CreateAsync("goals", new { name = "Roof", target = 999999999999.99m, current = awkward });
        }

        foreach (var (table, column) in new[]
        {
            ("transactions", "amount"), ("nodes", "amount"), ("nodes", "balance"), ("flows", "amount"),
            ("budgets", "budgeted"), ("goals", "target"), ("goals", "current"), ("goals", "starting_amount"),
        })
        {
            Assert.True(Scalar($"SELECT count(*) FROM {table}") > 0, $"{table} is empty, so the check below proves nothing");
            Assert.True(0 == Scalar($"SELECT count(*) FROM {table} WHERE typeof({column}) <> 'integer'"), $"{table}.{column} holds non-integers");
        }
        Assert.Equal(-1005, Scalar("SELECT balance FROM nodes WHERE profile_id = $id AND label = 'Checking'", ("$id", kim.ProfileId)));
        Assert.Equal(99999999999999, Scalar("SELECT target FROM goals WHERE profile_id = $id", ("$id", ann.ProfileId)));
    }
}
