using Budget.Api.Schedules;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>A recurring transaction set on a budget's screen: caught up once, then shown as upcoming.</summary>
[Collection(WebAppCollection.Name)]
public sealed class RecurringTests(WebAppServer server)
{
    [Fact]
    public async Task A_recurring_transaction_started_in_the_past_is_created_once_and_its_next_days_are_upcoming()
    {
        using var household = await Household.RegisterAsync(server, "Robin");
        var home = await household.CreateAsync("budgets", new { name = "Home", budgeted = 2000, period = "monthly" });
        var today = server.Today;
        // The weekday two days from now; started 12 days ago, it fell due 12 and 5 days ago.
        var weekday = today.AddDays(2).DayOfWeek.ToString();
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GotoAsync($"/budgets/{home}");

        await page.GetByRole(AriaRole.Button, new() { Name = "New recurring transaction" }).ClickAsync();
        var form = page.Locator("form").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "New recurring transaction" }) });
        await form.GetByLabel("Amount").FillAsync("950");
        await form.GetByLabel("Note").FillAsync("Rent");
        await form.GetByLabel("Repeats").SelectOptionAsync("weekly");
        await form.GetByLabel("On", new() { Exact = true }).SelectOptionAsync(weekday.ToLowerInvariant());
        await form.GetByLabel("Starts").FillAsync(today.AddDays(-12).ToString("yyyy-MM-dd"));
        await form.GetByRole(AriaRole.Button, new() { Name = "Save recurring transaction" }).ClickAsync();

        var rent = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Rent" });
        await Expect(rent).ToContainTextAsync($"Every week on {weekday}");
        await Expect(rent).ToContainTextAsync("Next on");
        var recurringRows = page.GetByRole(AriaRole.Row).Filter(new() { HasText = "Recurring" });
        await Expect(recurringRows).ToHaveCountAsync(2);

        // Another pass (as at the next start-up) finds nothing left to create.
        Assert.Equal(0, await server.ApiServices.GetRequiredService<RecurringTransactions>().RunAsync(TestContext.Current.CancellationToken));
        await page.ReloadAsync();
        await Expect(recurringRows).ToHaveCountAsync(2);
        await Browser.ReviewAsync(page, "recurring-budget");

        // The dashboard lists what is due in the next 30 days: 2, 9, 16, 23 and 30 days from now.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        var upcoming = page.GetByRole(AriaRole.List, new() { Name = "Upcoming in the next 30 days" }).GetByRole(AriaRole.Listitem);
        await Expect(upcoming).ToHaveCountAsync(5);
        await Expect(upcoming.First).ToContainTextAsync("Home");
        await Expect(upcoming.First).ToContainTextAsync("Rent");
        await Browser.ReviewAsync(page, "recurring-upcoming");

        // Stopping it keeps what it created and empties the upcoming list.
        await page.GotoAsync($"/budgets/{home}");
        await rent.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(rent).ToHaveCountAsync(0);
        await Expect(recurringRows).ToHaveCountAsync(2);
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.GetByText("Nothing due in the next 30 days")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
