using System.Text.Json;
using Budget.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>Notifications in the web app: the bell's count, the list and its read state, thresholds, push channels.</summary>
[Collection(WebAppCollection.Name)]
public sealed class AlertsScreenTests(WebAppServer server)
{
    [Fact]
    public async Task Spending_past_80_percent_shows_1_on_the_bell_and_the_alert_is_marked_read_from_the_list()
    {
        using var household = await Household.RegisterAsync(server, "Kim");
        var groceries = await household.CreateAsync("budgets", new { name = "Groceries", budgeted = 100, period = "monthly" });
        var page = await server.NewPageAsync(360, 780, touch: true);
        await household.SignInAsync(page);
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync();

        await page.GotoAsync($"/budgets/{groceries}");
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("85");
        await page.GetByLabel("Note").FillAsync("big shop");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add transaction" }).ClickAsync();

        var bell = page.GetByRole(AriaRole.Link, new() { Name = "Notifications, 1 unread" });
        await Expect(bell).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unread-count")).ToHaveTextAsync("1");
        await bell.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync();
        var alert = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Groceries: 80% of the monthly budget reached" });
        await Expect(alert).ToContainTextAsync("85.00 USD of 100.00 USD spent (85%)");
        await Expect(alert.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Unread: Groceries: 80% of the monthly budget reached");
        await Browser.ReviewAsync(page, "alerts");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebAppServer.RepositoryRoot, "docs", "screenshots", "alerts.png"), FullPage = true });

        await alert.GetByRole(AriaRole.Button, new() { Name = "Mark read: Groceries: 80% of the monthly budget reached" }).ClickAsync();

        await Expect(alert.GetByRole(AriaRole.Button)).ToHaveCountAsync(0);
        await Expect(alert.GetByRole(AriaRole.Heading)).ToHaveTextAsync("Groceries: 80% of the monthly budget reached");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Notifications", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByTestId("unread-count")).ToHaveCountAsync(0);
        Assert.Equal(0, (await household.Api.GetJsonAsync($"/api/profiles/{household.ProfileId}/alerts")).GetProperty("unread").GetInt32());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_budgets_thresholds_are_set_on_its_form_and_a_bad_one_is_refused_next_to_the_field()
    {
        using var household = await Household.RegisterAsync(server, "Noor");
        await household.CreateAsync("budgets", new { name = "Fuel", budgeted = 200, period = "monthly" });
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GotoAsync("/budgets");

        await page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Fuel" }).GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        var thresholds = page.GetByLabel("Alert at (% of the budget)");
        await Expect(thresholds).ToHaveValueAsync("80, 100");
        await thresholds.FillAsync("50, ninety");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save budget" }).ClickAsync();
        await Expect(page.GetByText("Whole percents between 1 and 1000, separated by commas.")).ToBeVisibleAsync();
        await Expect(thresholds).ToHaveAttributeAsync("aria-invalid", "true");
        await thresholds.FillAsync("90, 50");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save budget" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Fuel" })).ToHaveCountAsync(0);

        var budgets = await household.Api.GetJsonAsync($"/api/profiles/{household.ProfileId}/budgets");
        Assert.Equal(new[] { 50, 90 }, budgets[0].GetProperty("alertThresholds").EnumerateArray().Select(t => t.GetInt32()).ToArray());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_channel_is_added_tested_against_a_real_listener_edited_and_deleted_on_the_account_screen()
    {
        await using var listener = await NotificationListener.StartAsync(TimeProvider.System);
        using var household = await Household.RegisterAsync(server, "Ari");
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GotoAsync("/account");
        var channels = page.GetByRole(AriaRole.Region, new() { Name = "Notifications" });
        await Expect(channels.GetByText("No channels yet")).ToBeVisibleAsync();

        await channels.GetByRole(AriaRole.Button, new() { Name = "Add channel" }).ClickAsync();
        await channels.GetByLabel("Service").SelectOptionAsync("ntfy");
        await channels.GetByLabel("Name").FillAsync("Phone");
        await channels.GetByLabel("Topic address, such as http://ntfy.lan/budget").FillAsync("http://user:pw@127.0.0.1/budget");
        await channels.GetByLabel("Access token", new() { Exact = true }).FillAsync("tk_browser_test_token");
        await channels.GetByRole(AriaRole.Button, new() { Name = "Save channel" }).ClickAsync();
        await Expect(channels.GetByText("Must not contain a user name or password: put it in the token.")).ToBeVisibleAsync();
        await channels.GetByLabel("Topic address, such as http://ntfy.lan/budget").FillAsync($"{listener.BaseUrl}/budget");
        await channels.GetByRole(AriaRole.Button, new() { Name = "Save channel" }).ClickAsync();

        var phone = channels.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Phone" });
        await Expect(phone).ToContainTextAsync("Nothing sent yet.");
        await phone.GetByRole(AriaRole.Button, new() { Name = "Send test" }).ClickAsync();
        var test = Assert.Single(await listener.WaitForAsync(1));
        Assert.Equal("Bearer tk_browser_test_token", test.Headers["Authorization"]);
        Assert.Equal("budget", JsonDocument.Parse(test.Body).RootElement.GetProperty("topic").GetString());
        await Expect(phone).ToContainTextAsync("Last delivered");
        await Browser.AssertAccessibleAsync(page, "account with a channel");

        // The token is never shown back: editing keeps it unless a new one is typed.
        await phone.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(channels.GetByText("Stored (ends …oken); leave blank to keep it.")).ToBeVisibleAsync();
        await Expect(channels.GetByLabel("Access token", new() { Exact = true })).ToHaveValueAsync("");
        await channels.GetByLabel("Name").FillAsync("Kitchen tablet");
        await channels.GetByRole(AriaRole.Button, new() { Name = "Save channel" }).ClickAsync();
        var tablet = channels.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Kitchen tablet" });
        await Expect(tablet).ToBeVisibleAsync();
        Assert.Equal("…oken", (await household.Api.GetJsonAsync("/api/notification-channels"))[0].GetProperty("tokenHint").GetString());

        await tablet.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(channels.GetByText("No channels yet")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
