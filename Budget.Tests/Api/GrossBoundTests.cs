using System.Net;
using System.Net.Http.Json;
using System.Text;
using Budget.Tests.Infrastructure;

namespace Budget.Tests.Api;

/// <summary>
/// A budget's transactions add up (in size) to at most a trillion, however they arrive: typed in (see
/// MoneyEdgeTests), imported from a bank file, or created by a schedule. One rule, so these three agree to the cent.
/// </summary>
public sealed class GrossBoundTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    /// <summary>A budget one cent below the bound.</summary>
    private async Task<(TestUser User, long BudgetId)> AlmostFullBudgetAsync(string currency)
    {
        var user = await TestUser.RegisterAsync(factory, currency: currency);
        var budgetId = await user.CreateAsync("budgets", new { name = "Everything", budgeted = 1000, period = "monthly" });
        await user.CreateAsync($"budgets/{budgetId}/transactions", new { amount = 999_999_999_999.99m, date = "2026-01-10" });
        return (user, budgetId);
    }

    private static async Task<int> CountAsync(TestUser user, long budgetId)
    {
        var response = await user.Client.GetAsync($"/api/profiles/{user.ProfileId}/budgets/{budgetId}/transactions", Ct);
        return int.Parse(response.Headers.GetValues("X-Total-Count").Single(), System.Globalization.CultureInfo.InvariantCulture);
    }

    [Fact]
    public async Task An_import_that_would_pass_the_bound_is_refused_whole_and_one_that_reaches_it_is_taken()
    {
        var (ann, budgetId) = await AlmostFullBudgetAsync("EUR");
        Task<HttpResponseMessage> ImportAsync(string name, params string[] lines) => ann.Client.PostAsync(
            $"/api/profiles/{ann.ProfileId}/imports",
            BankUpload.Form(name, Encoding.UTF8.GetBytes("Buchungstag;Betrag;Verwendungszweck\n" + string.Join("\n", lines) + "\n"), budgetId: budgetId),
            Ct);

        var over = await ImportAsync("two.csv", "11.01.2026;-0,01;Kaffee", "12.01.2026;-0,01;Brötchen");
        var exact = await ImportAsync("one.csv", "11.01.2026;-0,01;Kaffee");

        Assert.Equal(["budgetId"], await over.ProblemFieldsAsync());
        Assert.Equal(HttpStatusCode.Created, exact.StatusCode);
        Assert.Equal(2, await CountAsync(ann, budgetId));
    }

    [Fact]
    public async Task A_schedule_whose_occurrences_would_pass_the_bound_creates_none_of_them()
    {
        var (ann, budgetId) = await AlmostFullBudgetAsync("USD");
        var today = DateOnly.FromDateTime(factory.Clock.GetUtcNow().UtcDateTime);
        object Weekly(DateOnly start) => new { amount = 0.01m, frequency = "weekly", weekday = start.DayOfWeek.ToString().ToLowerInvariant(), startDate = start.ToString("yyyy-MM-dd") };

        // Three weeks' occurrences (two weeks ago, last week, today) are three cents: one too many.
        await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(today.AddDays(-14)));
        Assert.Equal(1, await CountAsync(ann, budgetId));

        // Today's one cent reaches the bound exactly.
        await ann.CreateAsync($"budgets/{budgetId}/schedules", Weekly(today));
        Assert.Equal(2, await CountAsync(ann, budgetId));
    }
}
