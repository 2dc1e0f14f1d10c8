using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class BudgetsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Budgets(TestUser user) => $"/api/profiles/{user.ProfileId}/budgets";

    private DateOnly Today => DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);

    private static async Task<long> CreateBudgetAsync(TestUser user, string period = "monthly", decimal budgeted = 600, string name = "Groceries") =>
        await user.CreateAsync("budgets", new { name, budgeted, period });

    private static Task<long> SpendAsync(TestUser user, long budgetId, decimal amount, string date) =>
        user.CreateAsync($"budgets/{budgetId}/transactions", new { amount, date });

    private static JsonElement Find(JsonElement list, long id) =>
        Assert.Single(list.EnumerateArray(), b => b.GetProperty("id").GetInt64() == id);

    private static void AssertPeriod(JsonElement budget, string start, string end, decimal spent, decimal remaining)
    {
        Assert.Equal(start, budget.GetProperty("periodStart").GetString());
        Assert.Equal(end, budget.GetProperty("periodEnd").GetString());
        Assert.Equal(spent, budget.Number("spent"));
        Assert.Equal(remaining, budget.Number("remaining"));
    }

    private long Count(string sql, long id)
    {
        using var db = factory.OpenDatabase();
        using var command = db.CreateCommand();
        command.CommandText = sql;
        command.Parameters.AddWithValue("$id", id);
        return (long)command.ExecuteScalar()!;
    }

    [Fact]
    public async Task A_budget_can_be_created_read_changed_and_deleted()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var created = await ann.Client.PostAsJsonAsync(Budgets(ann), new { name = " Groceries ", budgeted = 600.50m, period = "monthly" }, Ct);

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var budget = await created.ReadJsonAsync();
        var id = budget.GetProperty("id").GetInt64();
        var url = $"{Budgets(ann)}/{id}";
        Assert.Equal(url, created.Headers.Location?.AbsolutePath);
        Assert.Equal("Groceries", budget.GetProperty("name").GetString());
        Assert.Equal(600.50m, budget.Number("budgeted"));
        Assert.Equal("monthly", budget.GetProperty("period").GetString());
        Assert.Equal(0m, budget.Number("spent"));
        Assert.Equal(600.50m, budget.Number("remaining"));
        Assert.Equal(60050, Count("select budgeted from budgets where id = $id and typeof(budgeted) = 'integer'", id));

        var read = await ann.Client.GetJsonAsync(url);
        Assert.Equal("Groceries", read.GetProperty("name").GetString());
        Assert.Equal(600.50m, read.Number("budgeted"));

        var changed = await ann.Client.PutAsJsonAsync(url, new { name = "Food", budgeted = 150, period = "weekly" }, Ct);
        Assert.Equal(HttpStatusCode.OK, changed.StatusCode);
        read = await ann.Client.GetJsonAsync(url);
        Assert.Equal("Food", read.GetProperty("name").GetString());
        Assert.Equal(150m, read.Number("budgeted"));
        Assert.Equal("weekly", read.GetProperty("period").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.GetAsync(url, Ct)).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await ann.Client.DeleteAsync(url, Ct)).StatusCode);
        Assert.Empty((await ann.Client.GetJsonAsync(Budgets(ann))).EnumerateArray());
    }

    [Theory]
    [InlineData("weekly")]
    [InlineData("monthly")]
    [InlineData("yearly")]
    public async Task Periods_travel_as_lower_case_names(string period)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var id = await CreateBudgetAsync(ann, period);

        Assert.Equal(period, Find(await ann.Client.GetJsonAsync(Budgets(ann)), id).GetProperty("period").GetString());
        Assert.Equal(period, (await ann.Client.GetJsonAsync($"{Budgets(ann)}/{id}")).GetProperty("period").GetString());
    }

    [Theory]
    [InlineData("""{"name":"","budgeted":600,"period":"monthly"}""", "name")]
    [InlineData("""{"name":"Food","budgeted":0,"period":"monthly"}""", "budgeted")]
    [InlineData("""{"name":"Food","budgeted":-5,"period":"monthly"}""", "budgeted")]
    [InlineData("""{"name":"Food","budgeted":1.234,"period":"monthly"}""", "budgeted")]
    [InlineData("""{"name":"Food","budgeted":"600","period":"monthly"}""", "budgeted")]
    [InlineData("""{"name":"Food","budgeted":1000000000000.01,"period":"monthly"}""", "budgeted")]
    [InlineData("""{"name":"Food","budgeted":600,"period":"daily"}""", "period")]
    [InlineData("""{"name":"Food","budgeted":600,"period":1}""", "period")]
    [InlineData("""{"name":"Food","budgeted":600}""", "period")]
    [InlineData("""{"name":"Food","budgeted":600,"period":"monthly","spent":10}""", "spent")]
    [InlineData("""{}""", "budgeted,name,period")]
    public async Task Bad_budgets_are_refused_naming_the_field_and_nothing_is_stored(string body, string fields)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.SendJsonAsync(HttpMethod.Post, Budgets(ann), body);

        Assert.Equal(fields.Split(','), await response.ProblemFieldsAsync());
        Assert.Equal(0, Count("select count(*) from budgets where profile_id = $id", ann.ProfileId));
    }

    [Fact]
    public async Task A_bad_change_leaves_the_budget_as_it_was()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await CreateBudgetAsync(ann, "monthly", 600, "Groceries");

        var response = await ann.Client.SendJsonAsync(HttpMethod.Put, $"{Budgets(ann)}/{id}", """{"name":"Food","budgeted":0,"period":"weekly"}""");

        Assert.Equal(["budgeted"], await response.ProblemFieldsAsync());
        var read = await ann.Client.GetJsonAsync($"{Budgets(ann)}/{id}");
        Assert.Equal("Groceries", read.GetProperty("name").GetString());
        Assert.Equal(600m, read.Number("budgeted"));
        Assert.Equal("monthly", read.GetProperty("period").GetString());
    }

    [Fact]
    public async Task The_list_reports_the_month_containing_date_up_to_its_last_day()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await CreateBudgetAsync(ann, "monthly", 600);
        await SpendAsync(ann, id, 7, "2023-12-31");
        await SpendAsync(ann, id, 20, "2024-01-01");
        await SpendAsync(ann, id, 100, "2024-01-31");
        await SpendAsync(ann, id, 50, "2024-02-01");

        var january = Find(await ann.Client.GetJsonAsync($"{Budgets(ann)}?date=2024-01-15"), id);
        var february = Find(await ann.Client.GetJsonAsync($"{Budgets(ann)}?date=2024-02-29"), id);

        AssertPeriod(january, "2024-01-01", "2024-01-31", spent: 120, remaining: 480);
        AssertPeriod(february, "2024-02-01", "2024-02-29", spent: 50, remaining: 550);
    }

    [Fact]
    public async Task Refunds_reduce_what_was_spent()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await CreateBudgetAsync(ann, "monthly", 600);
        await SpendAsync(ann, id, 100.25m, "2024-05-03");
        await SpendAsync(ann, id, -30.25m, "2024-05-10");

        var budget = Find(await ann.Client.GetJsonAsync($"{Budgets(ann)}?date=2024-05-20"), id);

        AssertPeriod(budget, "2024-05-01", "2024-05-31", spent: 70, remaining: 530);
    }

    [Fact]
    public async Task A_weekly_budget_runs_Monday_to_Sunday_across_the_new_year()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await CreateBudgetAsync(ann, "weekly", 100);
        await SpendAsync(ann, id, 40, "2024-12-29"); // the Sunday before
        await SpendAsync(ann, id, 10, "2024-12-30"); // Monday
        await SpendAsync(ann, id, 20, "2025-01-05"); // Sunday
        await SpendAsync(ann, id, 80, "2025-01-06"); // the Monday after

        var budget = Find(await ann.Client.GetJsonAsync($"{Budgets(ann)}?date=2025-01-01"), id);

        AssertPeriod(budget, "2024-12-30", "2025-01-05", spent: 30, remaining: 70);
    }

    [Fact]
    public async Task A_yearly_budget_runs_January_to_December()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await CreateBudgetAsync(ann, "yearly", 5000);
        await SpendAsync(ann, id, 1, "2023-12-31");
        await SpendAsync(ann, id, 200, "2024-01-01");
        await SpendAsync(ann, id, 300, "2024-12-31");
        await SpendAsync(ann, id, 4, "2025-01-01");

        var budget = Find(await ann.Client.GetJsonAsync($"{Budgets(ann)}?date=2024-06-15"), id);

        AssertPeriod(budget, "2024-01-01", "2024-12-31", spent: 500, remaining: 4500);
    }

    [Fact]
    public async Task Each_budget_in_the_list_reports_its_own_kind_of_period_and_only_its_own_spending()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var weekly = await CreateBudgetAsync(ann, "weekly", 100, "Coffee");
        var monthly = await CreateBudgetAsync(ann, "monthly", 600, "Groceries");
        var yearly = await CreateBudgetAsync(ann, "yearly", 1200, "Gifts");
        var empty = await CreateBudgetAsync(ann, "monthly", 50, "Books");
        await SpendAsync(ann, weekly, 5, "2024-03-14");
        await SpendAsync(ann, monthly, 60, "2024-03-02");
        await SpendAsync(ann, yearly, 120, "2024-01-20");

        var list = await ann.Client.GetJsonAsync($"{Budgets(ann)}?date=2024-03-14");

        Assert.Equal(["Books", "Coffee", "Gifts", "Groceries"], list.EnumerateArray().Select(b => b.GetProperty("name").GetString()));
        AssertPeriod(Find(list, weekly), "2024-03-11", "2024-03-17", spent: 5, remaining: 95);
        AssertPeriod(Find(list, monthly), "2024-03-01", "2024-03-31", spent: 60, remaining: 540);
        AssertPeriod(Find(list, yearly), "2024-01-01", "2024-12-31", spent: 120, remaining: 1080);
        AssertPeriod(Find(list, empty), "2024-03-01", "2024-03-31", spent: 0, remaining: 50);
    }

    [Fact]
    public async Task Without_a_date_the_period_is_the_one_containing_today()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var today = Today;
        var first = new DateOnly(today.Year, today.Month, 1);
        var last = first.AddMonths(1).AddDays(-1);
        var created = await ann.Client.PostAsJsonAsync(Budgets(ann), new { name = "Groceries", budgeted = 600, period = "monthly" }, Ct);
        var answered = await created.ReadJsonAsync();
        var id = answered.GetProperty("id").GetInt64();
        await SpendAsync(ann, id, 10, today.ToString("yyyy-MM-dd"));
        await SpendAsync(ann, id, 20, last.ToString("yyyy-MM-dd"));
        await SpendAsync(ann, id, 40, last.AddDays(1).ToString("yyyy-MM-dd"));
        await SpendAsync(ann, id, 80, first.AddDays(-1).ToString("yyyy-MM-dd"));

        var listed = Find(await ann.Client.GetJsonAsync(Budgets(ann)), id);
        var one = await ann.Client.GetJsonAsync($"{Budgets(ann)}/{id}");

        AssertPeriod(answered, first.ToString("yyyy-MM-dd"), last.ToString("yyyy-MM-dd"), spent: 0, remaining: 600);
        AssertPeriod(listed, first.ToString("yyyy-MM-dd"), last.ToString("yyyy-MM-dd"), spent: 30, remaining: 570);
        AssertPeriod(one, first.ToString("yyyy-MM-dd"), last.ToString("yyyy-MM-dd"), spent: 30, remaining: 570);
    }

    [Fact]
    public async Task Get_one_reports_the_period_containing_date_as_the_list_does()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var id = await CreateBudgetAsync(ann, "monthly", 600);
        await SpendAsync(ann, id, 100, "2024-01-31");
        await SpendAsync(ann, id, 50, "2024-02-01");

        var one = await ann.Client.GetJsonAsync($"{Budgets(ann)}/{id}?date=2024-01-15");
        var bad = await ann.Client.GetAsync($"{Budgets(ann)}/{id}?date=2024-13-01", Ct);

        AssertPeriod(one, "2024-01-01", "2024-01-31", spent: 100, remaining: 500);
        Assert.Equal(["date"], await bad.ProblemFieldsAsync());
    }

    [Theory]
    [InlineData("2024-13-01")]
    [InlineData("2023-02-29")]
    [InlineData("15/01/2024")]
    [InlineData("today")]
    [InlineData("1899-12-31")]
    public async Task A_date_that_is_not_a_calendar_day_is_refused(string date)
    {
        var ann = await TestUser.RegisterAsync(factory);
        await CreateBudgetAsync(ann);

        var response = await ann.Client.GetAsync($"{Budgets(ann)}?date={Uri.EscapeDataString(date)}", Ct);

        Assert.Equal(["date"], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Deleting_a_budget_deletes_its_transactions_and_no_others()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var doomed = await CreateBudgetAsync(ann, name: "Doomed");
        var kept = await CreateBudgetAsync(ann, name: "Kept");
        await SpendAsync(ann, doomed, 10, "2024-01-01");
        await SpendAsync(ann, doomed, 20, "2024-01-02");
        await SpendAsync(ann, kept, 30, "2024-01-03");

        var response = await ann.Client.DeleteAsync($"{Budgets(ann)}/{doomed}", Ct);

        Assert.Equal(HttpStatusCode.NoContent, response.StatusCode);
        Assert.Equal(0, Count("select count(*) from transactions where budget_id = $id", doomed));
        Assert.Equal(1, Count("select count(*) from transactions where budget_id = $id", kept));
    }

    [Fact]
    public async Task A_profile_keeps_at_most_200_budgets()
    {
        var ann = await TestUser.RegisterAsync(factory);
        using (var db = factory.OpenDatabase())
        {
            using var insert = db.CreateCommand();
            insert.CommandText = """
                with recursive n(i) as (select 1 union all select i + 1 from n where i < 200)
                insert into budgets (profile_id, name, budgeted, period, created_at)
                select $id, 'Budget ' || i, 100, 'Monthly', '2024-01-01 00:00:00' from n
                """;
            insert.Parameters.AddWithValue("$id", ann.ProfileId);
            insert.ExecuteNonQuery();
        }

        var response = await ann.Client.PostAsJsonAsync(Budgets(ann), new { name = "One too many", budgeted = 10, period = "monthly" }, Ct);

        Assert.Equal(["$"], await response.ProblemFieldsAsync());
        Assert.Equal(200, Count("select count(*) from budgets where profile_id = $id", ann.ProfileId));
    }

    public static TheoryData<string, string> OwnerRoutes => new()
    {
        { "GET", "budgets" },
        { "GET", "budgets/{budget}" },
        { "POST", "budgets" },
        { "PUT", "budgets/{budget}" },
        { "DELETE", "budgets/{budget}" },
    };

    public static TheoryData<string, string> BudgetRoutes => new()
    {
        { "GET", "budgets/{budget}" },
        { "PUT", "budgets/{budget}" },
        { "DELETE", "budgets/{budget}" },
    };

    private static async Task<long> CreateProfileAsync(TestUser user, string name)
    {
        var response = await user.Client.PostAsJsonAsync("/api/profiles", new { name }, Ct);
        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        return (await response.ReadJsonAsync()).GetProperty("id").GetInt64();
    }

    private static Task<HttpResponseMessage> SendAsync(TestUser user, string method, string url) =>
        method is "POST" or "PUT"
            ? user.Client.SendJsonAsync(new HttpMethod(method), url, """{"name":"Taken","budgeted":1,"period":"weekly"}""")
            : user.Client.SendAsync(new HttpRequestMessage(new HttpMethod(method), url), Ct);

    private async Task AssertUntouchedAsync(TestUser owner, long budgetId)
    {
        var budget = await owner.Client.GetJsonAsync($"{Budgets(owner)}/{budgetId}");
        Assert.Equal("Groceries", budget.GetProperty("name").GetString());
        Assert.Equal(600m, budget.Number("budgeted"));
        Assert.Equal(1, Count("select count(*) from budgets where profile_id = $id", owner.ProfileId));
    }

    [Theory]
    [MemberData(nameof(OwnerRoutes))]
    public async Task Another_users_budgets_are_404(string method, string route)
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var budgetId = await CreateBudgetAsync(ann);
        var eve = await TestUser.RegisterAsync(factory, "eve");

        var response = await SendAsync(eve, method, $"/api/profiles/{ann.ProfileId}/{route.Replace("{budget}", budgetId.ToString())}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertUntouchedAsync(ann, budgetId);
    }

    [Theory]
    [MemberData(nameof(BudgetRoutes))]
    public async Task Another_users_budget_is_404_under_my_own_profile(string method, string route)
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var budgetId = await CreateBudgetAsync(ann);
        var eve = await TestUser.RegisterAsync(factory, "eve");

        var response = await SendAsync(eve, method, $"/api/profiles/{eve.ProfileId}/{route.Replace("{budget}", budgetId.ToString())}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertUntouchedAsync(ann, budgetId);
    }

    [Theory]
    [MemberData(nameof(BudgetRoutes))]
    public async Task A_budget_is_404_under_another_profile_of_the_same_account(string method, string route)
    {
        var ann = await TestUser.RegisterAsync(factory, "ann");
        var budgetId = await CreateBudgetAsync(ann);
        var kid = await CreateProfileAsync(ann, "Kid");

        var response = await SendAsync(ann, method, $"/api/profiles/{kid}/{route.Replace("{budget}", budgetId.ToString())}");

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
        await AssertUntouchedAsync(ann, budgetId);
    }
}
