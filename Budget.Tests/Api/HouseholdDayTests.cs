using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>
/// "Today" is the household's day (Budget:TimeZone), not UTC's: every screen that defaults to the current period
/// shows the one the household is living in, also in the hours when UTC is on another date.
/// </summary>
public sealed class HouseholdDayTests
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    // Far ahead, because the fake clock starts at the real time and can only move forward.
    // 12:30 UTC on 31 December is 01:30 on 1 January in Auckland (NZDT, +13).
    private static readonly DateTimeOffset AucklandNewYearsNight = new(2098, 12, 31, 12, 30, 0, TimeSpan.Zero);
    // 03:00 UTC on 1 December is 19:00 on 30 November in Los Angeles (PST, −8).
    private static readonly DateTimeOffset LosAngelesEveningOfThe30th = new(2098, 12, 1, 3, 0, 0, TimeSpan.Zero);

    /// <summary>A household in <paramref name="zone"/> at <paramref name="now"/>, with a monthly budget of 100.</summary>
    private static async Task<(ApiInZone Api, TestUser Ann, long BudgetId)> HouseholdAsync(string zone, DateTimeOffset now)
    {
        var api = new ApiInZone(zone);
        api.Clock.SetUtcNow(now);
        var ann = await TestUser.RegisterAsync(api);
        var budgetId = await ann.CreateAsync("budgets", new { name = "Groceries", budgeted = 100, period = "monthly" });
        return (api, ann, budgetId);
    }

    [Fact]
    public async Task In_auckland_after_midnight_on_new_years_day_the_screens_show_january_while_utc_is_still_in_december()
    {
        var (api, ann, budgetId) = await HouseholdAsync("Pacific/Auckland", AucklandNewYearsNight);
        await using var _ = api;
        await ann.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 30, date = "2098-12-31", note = "last year's" });
        await ann.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 100, date = "2099-01-01", note = "new year's" });

        var budgets = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/budgets");
        var budget = Assert.Single(budgets.EnumerateArray());
        Assert.Equal("2099-01-01", budget.GetProperty("periodStart").GetString());
        Assert.Equal("2099-01-31", budget.GetProperty("periodEnd").GetString());
        Assert.Equal(100m, budget.Number("spent"));

        var dashboard = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/dashboard");
        Assert.Equal("2099-01-01", dashboard.GetProperty("asOf").GetString());
        Assert.Equal("2099-01-01", dashboard.GetProperty("budgets")[0].GetProperty("periodStart").GetString());
        Assert.Equal(100m, dashboard.GetProperty("budgets")[0].Number("spent"));

        // December is now a complete month of history; the forecast starts with January.
        var forecast = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/forecast");
        Assert.Equal("2099-01-01", forecast.GetProperty("total").GetProperty("scheduled")[0].GetProperty("month").GetString());
        Assert.Equal(1, forecast.GetProperty("total").GetProperty("historyMonths").GetInt32());

        // New Year's spending reached the whole January budget: that is the alert, for January's period.
        var alerts = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/alerts");
        var alert = Assert.Single(alerts.GetProperty("alerts").EnumerateArray(), a => a.GetProperty("threshold").GetInt32() == 100);
        Assert.Equal("2099-01-01", alert.GetProperty("periodStart").GetString());

        var csv = await ann.Client.GetAsync($"/api/profiles/{ann.ProfileId}/exports/budgets.csv", Ct);
        Assert.Equal("budget-budgets-2099-01-01.csv", csv.Content.Headers.ContentDisposition?.FileNameStar);
        var report = await ann.Client.GetAsync($"/api/profiles/{ann.ProfileId}/exports/report.pdf", Ct);
        Assert.Equal("budget-report-2099-01.pdf", report.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task In_los_angeles_on_the_evening_of_the_30th_the_screens_still_show_november_while_utc_is_in_december()
    {
        var (api, ann, budgetId) = await HouseholdAsync("America/Los_Angeles", LosAngelesEveningOfThe30th);
        await using var _ = api;
        await ann.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 40, date = "2098-11-30", note = "tonight's" });

        var budgets = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/budgets");
        var budget = Assert.Single(budgets.EnumerateArray());
        Assert.Equal("2098-11-01", budget.GetProperty("periodStart").GetString());
        Assert.Equal("2098-11-30", budget.GetProperty("periodEnd").GetString());
        Assert.Equal(40m, budget.Number("spent"));

        // The answers of a create and an update name the current period too.
        var created = await (await ann.Client.PostAsJsonAsync($"/api/profiles/{ann.ProfileId}/budgets", new { name = "Fuel", budgeted = 50, period = "monthly" }, Ct)).ReadJsonAsync();
        Assert.Equal("2098-11-01", created.GetProperty("periodStart").GetString());
        var updated = await (await ann.Client.PutAsJsonAsync($"/api/profiles/{ann.ProfileId}/budgets/{budgetId}", new { name = "Food", budgeted = 100, period = "monthly" }, Ct)).ReadJsonAsync();
        Assert.Equal("2098-11-01", updated.GetProperty("periodStart").GetString());
        Assert.Equal(40m, updated.Number("spent"));

        var dashboard = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/dashboard");
        Assert.Equal("2098-11-30", dashboard.GetProperty("asOf").GetString());
        Assert.Equal(40m, dashboard.GetProperty("budgets").EnumerateArray().Single(b => b.GetProperty("name").GetString() == "Food").Number("spent"));

        var forecast = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/forecast");
        Assert.Equal("2098-11-01", forecast.GetProperty("total").GetProperty("scheduled")[0].GetProperty("month").GetString());

        var sankey = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/actual-sankey");
        Assert.Equal("2098-11-01", sankey.GetProperty("from").GetString());

        var csv = await ann.Client.GetAsync($"/api/profiles/{ann.ProfileId}/exports/transactions.csv", Ct);
        Assert.Equal("budget-transactions-2098-11-30.csv", csv.Content.Headers.ContentDisposition?.FileNameStar);
        var backup = await ann.Client.GetAsync("/api/account/export", Ct);
        Assert.Equal("budget-account-2098-11-30.json", backup.Content.Headers.ContentDisposition?.FileNameStar);
    }

    [Fact]
    public async Task In_auckland_a_goal_set_after_midnight_counts_its_pace_from_that_day_not_from_utcs_day_before()
    {
        var (api, ann, _) = await HouseholdAsync("Pacific/Auckland", AucklandNewYearsNight);
        await using var _ = api;
        var goalId = await ann.CreateAsync("goals", new { name = "Roof", target = 1000, current = 100, deadline = "2099-06-30" });
        var goal = $"/api/profiles/{ann.ProfileId}/goals/{goalId}";

        // Set on 1 January in Auckland: today, so there is no pace to judge by yet.
        var setToday = await ann.Client.GetJsonAsync(goal);
        Assert.Equal(JsonValueKind.Null, setToday.GetProperty("onTrack").ValueKind);
        Assert.Equal(JsonValueKind.Null, setToday.GetProperty("projectedCompletion").ValueKind);

        // On 2 January 100 more is saved: 100 in one day, so the other 800 take eight (not sixteen, from UTC's 31 December).
        api.Clock.Advance(TimeSpan.FromDays(1));
        await ann.SignInAgainAsync();
        var saved = await ann.Client.PutAsJsonAsync(goal, new { name = "Roof", target = 1000, current = 200, deadline = "2099-06-30" }, Ct);
        Assert.Equal(HttpStatusCode.OK, saved.StatusCode);
        Assert.Equal("2099-01-10", (await saved.ReadJsonAsync()).GetProperty("projectedCompletion").GetString());
    }

    [Fact]
    public async Task In_los_angeles_a_budget_and_a_goal_made_on_the_evening_of_the_30th_are_created_on_the_30th_in_the_csv_exports()
    {
        var (api, ann, _) = await HouseholdAsync("America/Los_Angeles", LosAngelesEveningOfThe30th);
        await using var _ = api;
        await ann.CreateAsync("goals", new { name = "Roof", target = 1000, current = 100 });

        // UTC is already on 1 December; the household made both on 30 November.
        var budgets = (await ann.Client.GetStringAsync($"/api/profiles/{ann.ProfileId}/exports/budgets.csv", Ct)).Split("\r\n");
        Assert.EndsWith(",Created", budgets[0]);
        Assert.EndsWith(",2098-11-30", budgets[1]);
        var goals = (await ann.Client.GetStringAsync($"/api/profiles/{ann.ProfileId}/exports/goals.csv", Ct)).Split("\r\n");
        Assert.EndsWith(",Created", goals[0]);
        Assert.EndsWith(",2098-11-30", goals[1]);
    }

    private sealed class ApiInZone(string timeZone) : ApiFactory
    {
        protected override IReadOnlyDictionary<string, string?> Settings => new Dictionary<string, string?> { ["Budget:TimeZone"] = timeZone };
    }
}
