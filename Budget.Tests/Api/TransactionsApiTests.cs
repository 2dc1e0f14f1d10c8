using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class TransactionsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Transactions(TestUser user, long budgetId) => $"/api/profiles/{user.ProfileId}/budgets/{budgetId}/transactions";

    private static Task<long> CreateBudgetAsync(TestUser user, string name = "Groceries") =>
        user.CreateAsync("budgets", new { name, budgeted = 600, period = "monthly" });

    private static Task<long> SpendAsync(TestUser user, long budgetId, decimal amount, string date, string? note = null) =>
        user.CreateAsync($"budgets/{budgetId}/transactions", new { amount, date, note });

    private static long[] Ids(JsonElement list) => list.EnumerateArray().Select(t => t.GetProperty("id").GetInt64()).ToArray();

    private static long TotalCount(HttpResponseMessage response) =>
        long.Parse(Assert.Single(response.Headers.GetValues("X-Total-Count")), System.Globalization.CultureInfo.InvariantCulture);

    private static async Task<(JsonElement Page, long Total)> ListAsync(TestUser user, long budgetId, string query = "")
    {
        var response = await user.Client.GetAsync($"{Transactions(user, budgetId)}{query}", Ct);
        Assert.True(response.StatusCode == HttpStatusCode.OK, $"{(int)response.StatusCode} {await response.Content.ReadAsStringAsync(Ct)}");
        return (await response.ReadJsonAsync(), TotalCount(response));
    }

    private long Scalar(string sql, long id)
    {
        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return (long)command.ExecuteScalar()!;
    }

    private long CountIn(long budgetId) => Scalar("select count(*) from transactions where budget_id = $id", budgetId);

    [Fact]
    public async Task A_transaction_can_be_added_read_and_deleted()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);

        var created = await ann.Client.PostAsJsonAsync(Transactions(ann, budgetId), new { amount = 12.34m, date = "2024-03-05", note = "  Milk  " }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var transaction = await created.ReadJsonAsync();
        var id = transaction.GetProperty("id").GetInt64();
        var url = $"{Transactions(ann, budgetId)}/{id}";
        Assert.Equal(url, created.Headers.Location?.AbsolutePath);
        var read = await ann.Client.GetJsonAsync(created.Headers.Location!.AbsolutePath);
        Assert.Equal(id, read.GetProperty("id").GetInt64());
        Assert.Equal(budgetId, read.GetProperty("budgetId").GetInt64());
        Assert.Equal(12.34m, read.Number("amount"));
        Assert.Equal("2024-03-05", read.GetProperty("date").GetString());
        Assert.Equal("Milk", read.GetProperty("note").GetString());
        Assert.Equal(1234, Scalar("select amount from transactions where id = $id and typeof(amount) = 'integer'", id));

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(0, CountIn(budgetId));
    }

    [Fact]
    public async Task A_blank_note_is_no_note()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);

        var id = await SpendAsync(ann, budgetId, 5, "2024-03-05", "   ");

        var read = await ann.Client.GetJsonAsync($"{Transactions(ann, budgetId)}/{id}");
        Assert.Equal(JsonValueKind.Null, read.GetProperty("note").ValueKind);
    }

    [Fact]
    public async Task The_list_is_newest_first_and_the_later_entry_first_within_a_day()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var a = await SpendAsync(ann, budgetId, 1, "2024-01-02");
        var b = await SpendAsync(ann, budgetId, 2, "2024-01-05");
        var c = await SpendAsync(ann, budgetId, 3, "2024-01-02");
        var d = await SpendAsync(ann, budgetId, 4, "2024-01-03");

        var (page, total) = await ListAsync(ann, budgetId);

        Assert.Equal([b, d, c, a], Ids(page));
        Assert.Equal(4, total);
    }

    [Theory]
    [InlineData("?from=2024-01-15&to=2024-01-31", "2024-01-31,2024-01-15")]
    [InlineData("?from=2024-01-15&to=2024-01-15", "2024-01-15")]
    [InlineData("?from=2024-01-15", "2024-02-01,2024-01-31,2024-01-15")]
    [InlineData("?to=2024-01-15", "2024-01-15,2024-01-01")]
    [InlineData("?from=2024-01-16&to=2024-01-30", "")]
    public async Task From_and_to_are_inclusive(string query, string expectedDates)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        foreach (var date in new[] { "2024-01-01", "2024-01-15", "2024-01-31", "2024-02-01" })
        {
            await SpendAsync(ann, budgetId, 10, date);
        }

        var (page, total) = await ListAsync(ann, budgetId, query);

        var dates = page.EnumerateArray().Select(t => t.GetProperty("date").GetString()).ToArray();
        Assert.Equal(expectedDates.Split(',', StringSplitOptions.RemoveEmptyEntries), dates);
        Assert.Equal(dates.Length, total);
    }

    [Fact]
    public async Task Limit_and_offset_page_through_the_list_and_the_total_counts_every_match()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        var ids = new List<long>();
        for (var day = 1; day <= 5; day++)
        {
            ids.Add(await SpendAsync(ann, budgetId, day, $"2024-01-0{day}"));
        }
        ids.Reverse();

        var (second, total) = await ListAsync(ann, budgetId, "?limit=2&offset=2");
        var (past, pastTotal) = await ListAsync(ann, budgetId, "?limit=2&offset=10");

        Assert.Equal(ids[2..4], Ids(second));
        Assert.Equal(5, total);
        Assert.Empty(past.EnumerateArray());
        Assert.Equal(5, pastTotal);
    }

    [Fact]
    public async Task The_page_size_defaults_to_100_and_is_clamped_to_1000()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        using (var db = factory.OpenDatabase())
        {
            using var insert = db.CreateCommand();
            insert.CommandText = """
                with recursive n(i) as (select 1 union all select i + 1 from n where i < 1005)
                insert into transactions (budget_id, amount, note, date, created_at)
                select $id, 100, null, date('2020-01-01', '+' || i || ' days'), '2024-01-01 00:00:00' from n
                """;
            insert.Parameters.AddWithValue("$id", budgetId);
            Assert.Equal(1005, insert.ExecuteNonQuery());
        }

        var (byDefault, total) = await ListAsync(ann, budgetId);
        var (clamped, clampedTotal) = await ListAsync(ann, budgetId, "?limit=5000");
        var (rest, _) = await ListAsync(ann, budgetId, "?limit=5000&offset=1000");

        Assert.Equal(100, byDefault.GetArrayLength());
        Assert.Equal(1000, clamped.GetArrayLength());
        Assert.Equal(5, rest.GetArrayLength());
        Assert.Equal(1005, total);
        Assert.Equal(1005, clampedTotal);
        Assert.Equal("2022-10-02", byDefault[0].GetProperty("date").GetString());
        Assert.Equal("2020-01-02", rest[4].GetProperty("date").GetString());
    }

    [Theory]
    [InlineData("?limit=0", "limit")]
    [InlineData("?limit=-1", "limit")]
    [InlineData("?offset=-1", "offset")]
    [InlineData("?from=2024-02-01&to=2024-01-31", "to")]
    [InlineData("?from=2024-13-01", "from")]
    [InlineData("?to=31-01-2024", "to")]
    [InlineData("?limit=ten", "limit")]
    [InlineData("?offset=1.5", "offset")]
    public async Task Bad_list_queries_are_refused_naming_the_parameter(string query, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        await SpendAsync(ann, budgetId, 1, "2024-01-15");

        var response = await ann.Client.GetAsync($"{Transactions(ann, budgetId)}{query}", Ct);

        Assert.Equal([field], await response.ProblemFieldsAsync());
    }

    [Theory]
    [InlineData("""{"amount":0,"date":"2024-01-15"}""", "amount")]
    [InlineData("""{"amount":-0.00,"date":"2024-01-15"}""", "amount")]
    [InlineData("""{"amount":1.234,"date":"2024-01-15"}""", "amount")]
    [InlineData("""{"amount":0.001,"date":"2024-01-15"}""", "amount")]
    [InlineData("""{"amount":1000000000000.01,"date":"2024-01-15"}""", "amount")]
    [InlineData("""{"amount":-1000000000001,"date":"2024-01-15"}""", "amount")]
    [InlineData("""{"amount":1e20,"date":"2024-01-15"}""", "amount")]
    [InlineData("""{"amount":"12.50","date":"2024-01-15"}""", "amount")]
    [InlineData("""{"date":"2024-01-15"}""", "amount")]
    [InlineData("""{"amount":12.5}""", "date")]
    [InlineData("""{"amount":12.5,"date":null}""", "date")]
    [InlineData("""{"amount":12.5,"date":"2024-02-30"}""", "date")]
    [InlineData("""{"amount":12.5,"date":"15/01/2024"}""", "date")]
    [InlineData("""{"amount":12.5,"date":"1899-12-31"}""", "date")]
    [InlineData("""{"amount":12.5,"date":"2200-01-01"}""", "date")]
    [InlineData("""{"amount":12.5,"date":"2024-01-15","budgetId":1}""", "budgetId")]
    public async Task Bad_transactions_are_refused_naming_the_field_and_nothing_is_written(string body, string field)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Transactions(ann, budgetId), body);

        Assert.Equal([field], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountIn(budgetId));
    }

    [Fact]
    public async Task A_note_longer_than_500_characters_is_refused()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);

        var response = await ann.Client.PostAsJsonAsync(Transactions(ann, budgetId), new { amount = 1, date = "2024-01-15", note = new string('x', 501) }, Ct);

        Assert.Equal(["note"], await response.ProblemFieldsAsync());
        Assert.Equal(0, CountIn(budgetId));
    }

    [Theory]
    [InlineData(1000000000000)]
    [InlineData(-1000000000000)]
    public async Task A_trillion_is_the_largest_amount(long amount)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);

        var id = await SpendAsync(ann, budgetId, amount, "2024-01-15");

        Assert.Equal(amount, (await ann.Client.GetJsonAsync($"{Transactions(ann, budgetId)}/{id}")).Number("amount"));
    }

    [Fact]
    public async Task A_budgets_transactions_cannot_add_up_to_more_than_a_trillion()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        await SpendAsync(ann, budgetId, 999_999_999_999.99m, "2024-01-15");

        var over = await ann.Client.PostAsJsonAsync(Transactions(ann, budgetId), new { amount = -0.02m, date = "2024-01-16" }, Ct);

        Assert.Equal(["amount"], await over.ProblemFieldsAsync());
        Assert.Equal(1, CountIn(budgetId));
        await SpendAsync(ann, budgetId, -0.01m, "2024-01-16");
    }

    [Theory]
    [InlineData("JPY", "1.5", false, 0)]
    [InlineData("JPY", "0.1", false, 0)]
    [InlineData("JPY", "1500", true, 1500)]
    [InlineData("KWD", "1.234", true, 1234)]
    [InlineData("KWD", "1.2345", false, 0)]
    [InlineData("USD", "1.23", true, 123)]
    [InlineData("USD", "1.235", false, 0)]
    public async Task Amounts_have_at_most_as_many_decimals_as_the_users_currency(string currency, string amount, bool accepted, long minorUnits)
    {
        var ann = await TestUser.RegisterAsync(factory, currency: currency);
        var budgetId = await CreateBudgetAsync(ann);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Transactions(ann, budgetId), $$"""{"amount":{{amount}},"date":"2024-01-15"}""");

        if (accepted)
        {
            Assert.Equal(HttpStatusCode.Created, response.StatusCode);
            var transaction = await response.ReadJsonAsync();
            Assert.Equal(decimal.Parse(amount, System.Globalization.CultureInfo.InvariantCulture), transaction.Number("amount"));
            Assert.Equal(minorUnits, Scalar("select amount from transactions where id = $id", transaction.GetProperty("id").GetInt64()));
        }
        else
        {
            Assert.Equal(["amount"], await response.ProblemFieldsAsync());
            Assert.Equal(0, CountIn(budgetId));
        }
    }

    [Fact]
    public async Task A_transaction_addressed_under_another_budget_of_the_profile_is_404()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await CreateBudgetAsync(ann, "Groceries");
        var fuel = await CreateBudgetAsync(ann, "Fuel");
        var id = await SpendAsync(ann, groceries, 10, "2024-01-15");

        var read = await ann.Client.GetAsync($"{Transactions(ann, fuel)}/{id}", Ct);
        var deleted = await ann.Client.DeleteAsync($"{Transactions(ann, fuel)}/{id}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.Empty((await ListAsync(ann, fuel)).Page.EnumerateArray());
        await ann.Client.GetJsonAsync($"{Transactions(ann, groceries)}/{id}");
        Assert.Equal(1, CountIn(groceries));
    }

    [Fact]
    public async Task A_budget_that_does_not_exist_has_no_transactions_to_list_or_add()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var budgetId = await CreateBudgetAsync(ann);
        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync($"/api/profiles/{ann.ProfileId}/budgets/{budgetId}", Ct)).StatusCode);

        var listed = await ann.Client.GetAsync(Transactions(ann, budgetId), Ct);
        var added = await ann.Client.PostAsJsonAsync(Transactions(ann, budgetId), new { amount = 1, date = "2024-01-15" }, Ct);

        Assert.Equal(HttpStatusCode.NotFound, listed.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, added.StatusCode);
        Assert.Equal(0, CountIn(budgetId));
    }

    public static TheoryData<string, string> Routes => new()
    {
        { "GET", "budgets/{budget}/transactions" },
        { "GET", "budgets/{budget}/transactions/{transaction}" },
        { "POST", "budgets/{budget}/transactions" },
        { "DELETE", "budgets/{budget}/transactions/{transaction}" },
    };

    private static Task<HttpResponseMessage> SendAsync(TestUser user, string method, string url) =>
        method == "POST"
            ? user.Client.SendJsonAsync(HttpMethod.Post, url, """{"amount":1,"date":"2024-01-15"}""")
            : user.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), Ct);

    private static string Fill(string route, long budgetId, long transactionId) =>
        route.Replace("{budget}", budgetId.ToString()).Replace("{transaction}", transactionId.ToString());

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_users_transactions_are_404(string method, string route)
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var budgetId = await CreateBudgetAsync(ann);
        var id = await SpendAsync(ann, budgetId, 10, "2024-01-10");
        var eve = await TestUser.RegisterAsync(factory, "eve");

        var response = await SendAsync(eve, method, $"/api/profiles/{ann.ProfileId}/{Fill(route, budgetId, id)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ann.Client.GetJsonAsync($"{Transactions(ann, budgetId)}/{id}");
        Assert.Equal(1, CountIn(budgetId));
    }

    [Theory]
    [MemberData(nameof(Routes))]
    public async Task Another_users_transactions_are_404_under_my_own_profile(string method, string route)
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var budgetId = await CreateBudgetAsync(ann);
        var id = await SpendAsync(ann, budgetId, 10, "2024-01-10");
        var eve = await TestUser.RegisterAsync(factory, "eve");

        var response = await SendAsync(eve, method, $"/api/profiles/{eve.ProfileId}/{Fill(route, budgetId, id)}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await ann.Client.GetJsonAsync($"{Transactions(ann, budgetId)}/{id}");
        Assert.Equal(1, CountIn(budgetId));
    }

    [Fact]
    public async Task My_own_budget_id_does_not_reach_another_users_transaction()
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var annBudget = await CreateBudgetAsync(ann);
        var id = await SpendAsync(ann, annBudget, 10, "2024-01-10");
        var eve = await TestUser.RegisterAsync(factory, "eve");
        var eveBudget = await CreateBudgetAsync(eve);

        var read = await eve.Client.GetAsync($"{Transactions(eve, eveBudget)}/{id}", Ct);
        var deleted = await eve.Client.DeleteAsync($"{Transactions(eve, eveBudget)}/{id}", Ct);

        Assert.Equal(HttpStatusCode.NotFound, read.StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, deleted.StatusCode);
        Assert.Equal(1, CountIn(annBudget));
    }
}
