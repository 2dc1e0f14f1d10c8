using System.Net;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

public sealed class ForecastApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // "Today" for every forecast here; its history is the complete months before it, up to December 2029.
    private const string Today = "2030-01-15";
    private static readonly DateOnly FirstForecastMonth = new(2030, 1, 1);

    private static string Forecast(TestUser user, string query = "") =>
        $"/api/profiles/{user.ProfileId}/forecast?date={Today}{query}";

    /// <summary>One transaction a month for <paramref name="months"/> months ending December 2029; amount by month index.</summary>
    private static async Task<decimal[]> AddMonthlySpendingAsync(TestUser user, long budgetId, int months, Func<int, decimal> amount)
    {
        var amounts = new decimal[months];
        var first = FirstForecastMonth.AddMonths(-months);
        for (var t = 0; t < months; t++)
        {
            amounts[t] = amount(t);
            await user.CreateAsync($"budgets/{budgetId}/transactions", new { amount = amounts[t], date = first.AddMonths(t).AddDays(9).ToString("yyyy-MM-dd") });
        }
        return amounts;
    }

    private static Task<long> AddBudgetAsync(TestUser user, string name) =>
        user.CreateAsync("budgets", new { name, budgeted = 1000m, period = "monthly" });

    // Not a multiple of twelve months, so the seasonal terms cannot absorb it and the band keeps some width.
    private static decimal Wiggle(int t) => (t * 7 % 5 - 2) * 1.11m;

    [Fact]
    public async Task A_profile_without_spending_is_told_there_is_too_little_history()
    {
        var ann = await TestUser.RegisterAsync(factory);

        var forecast = await ann.Client.GetJsonAsync(Forecast(ann));

        Assert.False(string.IsNullOrWhiteSpace(forecast.GetProperty("message").GetString()));
        var total = forecast.GetProperty("total");
        Assert.Equal("insufficientHistory", total.GetProperty("method").ToString());
        Assert.Equal(0, total.GetProperty("historyMonths").GetInt32());
        Assert.Empty(total.GetProperty("points").EnumerateArray());
        Assert.Empty(forecast.GetProperty("budgets").EnumerateArray());
    }

    [Fact]
    public async Task Eleven_months_of_spending_are_too_little_and_the_message_says_how_many_there_are()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await AddBudgetAsync(ann, "Groceries");
        await AddMonthlySpendingAsync(ann, groceries, 11, t => 300m + t);

        var forecast = await ann.Client.GetJsonAsync(Forecast(ann));

        var message = forecast.GetProperty("message").GetString();
        Assert.Contains("11", message);
        Assert.Contains("12", message);
        var total = forecast.GetProperty("total");
        Assert.Equal("insufficientHistory", total.GetProperty("method").ToString());
        Assert.Equal(11, total.GetProperty("historyMonths").GetInt32());
        Assert.Empty(total.GetProperty("points").EnumerateArray());
        var budget = Assert.Single(forecast.GetProperty("budgets").EnumerateArray());
        Assert.Equal(groceries, budget.GetProperty("budgetId").GetInt64());
        Assert.Equal("insufficientHistory", budget.GetProperty("method").ToString());
        Assert.Empty(budget.GetProperty("points").EnumerateArray());
    }

    [Fact]
    public async Task Six_months_are_forecast_unless_asked_otherwise()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await AddBudgetAsync(ann, "Groceries");
        await AddMonthlySpendingAsync(ann, groceries, 12, t => 250m);

        var forecast = await ann.Client.GetJsonAsync(Forecast(ann));

        Assert.Equal(6, forecast.GetProperty("months").GetInt32());
        Assert.Equal(6, forecast.GetProperty("total").GetProperty("points").GetArrayLength());
        Assert.Null(forecast.GetProperty("message").GetString());
    }

    [Theory]
    [InlineData(1)]
    [InlineData(24)]
    public async Task Any_horizon_from_one_to_twenty_four_months_is_forecast(int months)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await AddBudgetAsync(ann, "Groceries");
        await AddMonthlySpendingAsync(ann, groceries, 12, t => 250m);

        var forecast = await ann.Client.GetJsonAsync(Forecast(ann, $"&months={months}"));

        Assert.Equal(months, forecast.GetProperty("months").GetInt32());
        Assert.Equal(months, forecast.GetProperty("total").GetProperty("points").GetArrayLength());
        Assert.Equal(months, forecast.GetProperty("budgets")[0].GetProperty("points").GetArrayLength());
    }

    [Theory]
    [InlineData("0")]
    [InlineData("25")]
    [InlineData("-1")]
    public async Task A_horizon_outside_one_to_twenty_four_months_is_refused_naming_months(string months)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.GetAsync(Forecast(ann, $"&months={months}"), Ct);

        Assert.Equal(["months"], await response.ProblemFieldsAsync());
    }

    [Theory]
    [InlineData("2030-02-30")]
    [InlineData("15-01-2030")]
    public async Task A_bad_date_is_refused_naming_date(string date)
    {
        var ann = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.GetAsync($"/api/profiles/{ann.ProfileId}/forecast?date={date}", Ct);

        Assert.Equal(["date"], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Three_years_of_growing_spending_forecast_more_than_last_month_inside_an_ordered_band()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await AddBudgetAsync(ann, "Groceries");
        var utilities = await AddBudgetAsync(ann, "Utilities");
        var groceryHistory = await AddMonthlySpendingAsync(ann, groceries, 36, t => 400.00m + 10.10m * t + Wiggle(t));
        var utilityHistory = await AddMonthlySpendingAsync(ann, utilities, 36, t => 150.20m + 0.30m * t + Wiggle(t + 2));

        var forecast = await ann.Client.GetJsonAsync(Forecast(ann, "&months=12"));

        Assert.Null(forecast.GetProperty("message").GetString());
        Assert.Equal("USD", forecast.GetProperty("currency").GetString());
        var total = forecast.GetProperty("total");
        Assert.Equal("trendAndSeasonality", total.GetProperty("method").ToString());
        Assert.Equal(36, total.GetProperty("historyMonths").GetInt32());
        var lastMonth = groceryHistory[^1] + utilityHistory[^1];
        var points = AssertWellFormedPoints(total, 12);
        Assert.All(points, p => Assert.True(p.Number("expected") > lastMonth, $"{p} is not above last month's {lastMonth}"));
        Assert.True(points[^1].Number("expected") > points[0].Number("expected"), "the trend keeps growing");
        Assert.Contains(points, p => p.Number("low") < p.Number("high"));

        var budgets = forecast.GetProperty("budgets").EnumerateArray().ToArray();
        Assert.Equal([groceries, utilities], budgets.Select(b => b.GetProperty("budgetId").GetInt64()));
        Assert.Equal(["Groceries", "Utilities"], budgets.Select(b => b.GetProperty("name").GetString()));
        foreach (var budget in budgets)
        {
            Assert.Equal("trendAndSeasonality", budget.GetProperty("method").ToString());
            Assert.Equal(36, budget.GetProperty("historyMonths").GetInt32());
            AssertWellFormedPoints(budget, 12);
        }
        Assert.All(budgets[0].GetProperty("points").EnumerateArray(), p => Assert.True(p.Number("expected") > groceryHistory[^1]));
    }

    [Fact]
    public async Task The_current_month_is_not_history_because_it_is_still_being_spent()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var rent = await AddBudgetAsync(ann, "Rent");
        await AddMonthlySpendingAsync(ann, rent, 12, t => 1999.99m);
        await ann.CreateAsync($"budgets/{rent}/transactions", new { amount = 50_000m, date = "2030-01-02" });

        var forecast = await ann.Client.GetJsonAsync(Forecast(ann, "&months=3"));

        // Twelve identical months extend to the same amount, to the cent, with no spread.
        var total = forecast.GetProperty("total");
        Assert.Equal("trend", total.GetProperty("method").ToString());
        Assert.Equal(12, total.GetProperty("historyMonths").GetInt32());
        Assert.All(AssertWellFormedPoints(total, 3), p =>
        {
            Assert.Equal(1999.99m, p.Number("expected"));
            Assert.Equal(1999.99m, p.Number("low"));
            Assert.Equal(1999.99m, p.Number("high"));
        });
    }

    [Fact]
    public async Task A_budget_without_spending_is_listed_with_too_little_history()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var groceries = await AddBudgetAsync(ann, "Groceries");
        var unused = await AddBudgetAsync(ann, "Hobbies");
        await AddMonthlySpendingAsync(ann, groceries, 24, t => 300m + t);

        var forecast = await ann.Client.GetJsonAsync(Forecast(ann));

        var hobbies = Assert.Single(forecast.GetProperty("budgets").EnumerateArray(), b => b.GetProperty("budgetId").GetInt64() == unused);
        Assert.Equal("insufficientHistory", hobbies.GetProperty("method").ToString());
        Assert.Equal(0, hobbies.GetProperty("historyMonths").GetInt32());
        Assert.Empty(hobbies.GetProperty("points").EnumerateArray());
        Assert.Equal(6, forecast.GetProperty("total").GetProperty("points").GetArrayLength());
    }

    [Fact]
    public async Task Another_users_spending_never_reaches_my_forecast()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);
        var groceries = await AddBudgetAsync(bob, "Groceries");
        await AddMonthlySpendingAsync(bob, groceries, 12, t => 250m);

        var forecast = await ann.Client.GetJsonAsync(Forecast(ann));

        Assert.Equal(0, forecast.GetProperty("total").GetProperty("historyMonths").GetInt32());
        Assert.Empty(forecast.GetProperty("budgets").EnumerateArray());
    }

    [Fact]
    public async Task Another_users_forecast_is_404()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var bob = await TestUser.RegisterAsync(factory);

        var response = await ann.Client.GetAsync(Forecast(bob), Ct);

        Assert.Equal(HttpStatusCode.NotFound, response.StatusCode);
    }

    /// <summary>
    /// <paramref name="count"/> points, one per month from the first of the month containing "today" (the month still
    /// being spent) onwards, each with 0 ≤ low ≤ expected ≤ high.
    /// </summary>
    private static JsonElement[] AssertWellFormedPoints(JsonElement series, int count)
    {
        var points = series.GetProperty("points").EnumerateArray().ToArray();
        Assert.Equal(count, points.Length);
        for (var i = 0; i < points.Length; i++)
        {
            Assert.Equal(FirstForecastMonth.AddMonths(i).ToString("yyyy-MM-dd"), points[i].GetProperty("month").GetString());
            var (low, expected, high) = (points[i].Number("low"), points[i].Number("expected"), points[i].Number("high"));
            Assert.True(0 <= low && low <= expected && expected <= high, $"month {i}: low {low}, expected {expected}, high {high}");
        }
        return points;
    }
}
