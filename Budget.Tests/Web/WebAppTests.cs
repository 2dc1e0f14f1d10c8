using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>The household's web app in a real Chromium against the API serving the built app on a real port and SQLite file.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WebAppTests(WebAppServer server)
{
    private const string Password = "correct horse battery staple";

    [Fact]
    public async Task A_household_signs_up_maps_its_money_budgets_sets_a_goal_and_signs_back_in()
    {
        var page = await server.NewPageAsync();
        var email = $"alex-{Guid.NewGuid():N}@example.com";

        // Sign up: the dashboard is the landing screen.
        await page.GotoAsync("/signup");
        await Browser.ReviewAsync(page, "signup");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByLabel("Your name").FillAsync("Alex");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Alex's money" })).ToBeVisibleAsync();
        await Expect(page.GetByText("The money map is empty")).ToBeVisibleAsync();

        // A second profile for another family member, with its own colour.
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a profile" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Sam");
        await page.Locator(".swatch").Nth(3).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Sam" })).ToBeVisibleAsync();
        await Browser.ReviewAsync(page, "profiles");

        // A small money map: salary into the bank, rent out of it.
        await page.GetByRole(AriaRole.Link, new() { Name = "Money map" }).ClickAsync();
        await Expect(page.GetByText("Nothing flows yet")).ToBeVisibleAsync();
        await AddBoxAsync(page, "Income", "Salary", "3200");
        await AddBoxAsync(page, "Account", "Bank", "0", balance: "1520.75");
        await AddBoxAsync(page, "Expense", "Rent", "0");
        await AddFlowAsync(page, "Salary (income)", "Bank (account)", "3200");
        await AddFlowAsync(page, "Bank (account)", "Rent (expense)", "1100");
        await Expect(page.Locator(".sankey svg")).ToBeVisibleAsync();
        await page.Locator(".sankey svg text", new() { HasText = "Rent" }).First.ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Rent" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Browser.ReviewAsync(page, "money-map");

        // A budget and two transactions that take it over.
        await page.GetByRole(AriaRole.Link, new() { Name = "Budgets" }).ClickAsync();
        await Expect(page.GetByText("No budgets yet")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New budget" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Groceries");
        await page.GetByLabel("Amount (USD)").FillAsync("400");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save budget" }).ClickAsync();
        await Expect(page.GetByText("$0.00 of $400.00")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "Transactions" }).ClickAsync();
        await AddTransactionAsync(page, "62.40", "market");
        await AddTransactionAsync(page, "350", "big shop");
        await Expect(page.GetByText("Over by $12.40")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = "-$62.40" })).ToHaveCountAsync(0);
        await Browser.ReviewAsync(page, "budget-transactions");

        // A wrong amount is refused next to its field, before it reaches the API.
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync("1.234");
        await page.GetByRole(AriaRole.Button, new() { Name = "Add transaction" }).ClickAsync();
        await Expect(page.GetByText("At most 2 decimals.")).ToBeVisibleAsync();

        // Deleting asks first.
        await page.GetByRole(AriaRole.Row).Filter(new() { HasText = "market" }).GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "market" })).ToHaveCountAsync(0);
        await AddTransactionAsync(page, "62.40", "market");
        await page.GetByRole(AriaRole.Link, new() { Name = "Budgets" }).First.ClickAsync();
        await Browser.ReviewAsync(page, "budgets");

        // The dashboard reflects the map and the budget.
        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.Locator("[data-figure='Income']")).ToHaveTextAsync("$3,200.00");
        await Expect(page.Locator("[data-figure='Expenses']")).ToHaveTextAsync("$1,100.00");
        await Expect(page.Locator("[data-figure='Net worth']")).ToHaveTextAsync("$1,520.75");
        await Expect(page.GetByRole(AriaRole.Link, new() { Name = "Groceries" })).ToBeVisibleAsync();
        await Expect(page.Locator(".sankey svg")).ToBeVisibleAsync();

        // A goal with its progress.
        await page.GetByRole(AriaRole.Link, new() { Name = "Goals" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "New goal" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Holiday");
        await page.GetByLabel("Target").FillAsync("1500");
        await page.GetByLabel("Saved so far").FillAsync("300");
        await page.GetByLabel("Deadline").FillAsync($"{DateTime.UtcNow.Year + 1}-06-30");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save goal" }).ClickAsync();
        await Expect(page.GetByText("$300.00 of $1,500.00 · 20%")).ToBeVisibleAsync();
        await Browser.ReviewAsync(page, "goals");

        await page.GetByRole(AriaRole.Link, new() { Name = "Dashboard" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Holiday" })).ToBeVisibleAsync();
        await Browser.ReviewAsync(page, "dashboard");

        // The API's problem details appear next to the field at fault.
        await page.GetByRole(AriaRole.Link, new() { Name = "Account" }).ClickAsync();
        await page.GetByLabel("Current password").FillAsync("not my password at all");
        await page.GetByLabel("New password").FillAsync("another long passphrase here");
        await page.GetByRole(AriaRole.Button, new() { Name = "Change password" }).ClickAsync();
        await Expect(page.GetByLabel("Current password")).ToHaveAttributeAsync("aria-invalid", "true");
        await Expect(page.GetByText("Incorrect.")).ToBeVisibleAsync();
        await Browser.ReviewAsync(page, "account");

        // The forecast says plainly that a day of transactions is not enough history.
        await page.GetByRole(AriaRole.Link, new() { Name = "Forecast" }).ClickAsync();
        await Expect(page.GetByText("Not enough history yet")).ToBeVisibleAsync();
        await Browser.ReviewAsync(page, "forecast");

        // A reload keeps the session (the refresh cookie), sign-out ends it, signing in brings the data back.
        await page.ReloadAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Forecast" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign out" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Sign in" })).ToBeVisibleAsync();
        await Browser.ReviewAsync(page, "signin");
        await page.GetByLabel("Email").FillAsync(email);
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByRole(AriaRole.Button, new() { Name = "Sign in" }).ClickAsync();
        await Expect(page.Locator("[data-figure='Income']")).ToHaveTextAsync("$3,200.00");

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_second_user_sees_none_of_the_first_users_data()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };
        var first = await http.PostAsJsonAsync("/api/auth/register", new { email = $"first-{Guid.NewGuid():N}@example.com", password = Password }, TestContext.Current.CancellationToken);
        var token = (await first.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("accessToken").GetString();
        http.DefaultRequestHeaders.Authorization = new("Bearer", token);
        var profiles = await http.GetFromJsonAsync<JsonElement>("/api/profiles", TestContext.Current.CancellationToken);
        var profileId = profiles[0].GetProperty("id").GetInt64();
        var budget = await http.PostAsJsonAsync($"/api/profiles/{profileId}/budgets", new { name = "Secret savings", budgeted = 999, period = "monthly" }, TestContext.Current.CancellationToken);
        var budgetId = (await budget.Content.ReadFromJsonAsync<JsonElement>(TestContext.Current.CancellationToken)).GetProperty("id").GetInt64();

        var page = await server.NewPageAsync(360, 780);
        await page.GotoAsync("/signup");
        await page.GetByLabel("Email").FillAsync($"second-{Guid.NewGuid():N}@example.com");
        await page.GetByLabel("Password").FillAsync(Password);
        await page.GetByLabel("Your name").FillAsync("Bea");
        await page.GetByRole(AriaRole.Button, new() { Name = "Create account" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Bea's money" })).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Link, new() { Name = "Budgets" }).ClickAsync();
        await Expect(page.GetByText("No budgets yet")).ToBeVisibleAsync();
        await Expect(page.GetByText("Secret savings")).ToHaveCountAsync(0);
        await page.GotoAsync($"/budgets/{budgetId}");
        await Expect(page.GetByText("This budget is not here")).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Profile" }).Locator("option")).ToHaveTextAsync(new Regex("^Bea$"));

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task The_api_serves_the_app_with_long_caching_for_hashed_assets_and_index_html_for_client_routes()
    {
        using var http = new HttpClient { BaseAddress = server.BaseAddress };

        var clientRoute = await http.GetAsync("/budgets/12", TestContext.Current.CancellationToken);
        var html = await clientRoute.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        var script = Regex.Match(html, "/assets/[^\"]+\\.js").Value;
        var asset = await http.GetAsync(script, TestContext.Current.CancellationToken);
        var worker = await http.GetAsync("/sw.js", TestContext.Current.CancellationToken);
        var unknownApi = await http.GetAsync("/api/nothing-here", TestContext.Current.CancellationToken);

        Assert.Equal(HttpStatusCode.OK, clientRoute.StatusCode);
        Assert.Contains("<div id=\"root\">", html);
        Assert.True(clientRoute.Headers.CacheControl?.NoCache);
        Assert.Equal(HttpStatusCode.OK, asset.StatusCode);
        Assert.Equal("public, max-age=31536000, immutable", asset.Headers.CacheControl?.ToString());
        Assert.True(worker.Headers.CacheControl?.NoCache);
        Assert.Equal(HttpStatusCode.NotFound, unknownApi.StatusCode);
        Assert.DoesNotContain("<html", await unknownApi.Content.ReadAsStringAsync(TestContext.Current.CancellationToken));
    }

    private static async Task AddBoxAsync(IPage page, string kind, string name, string monthly, string balance = "0")
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a box" }).ClickAsync();
        await page.GetByLabel("Kind").SelectOptionAsync(new SelectOptionValue { Label = kind });
        await page.GetByLabel("Name").FillAsync(name);
        await page.GetByLabel("Monthly amount").FillAsync(monthly);
        await page.GetByLabel("Balance").FillAsync(balance);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save box" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Cell, new() { Name = name, Exact = true })).ToBeVisibleAsync();
    }

    private static async Task AddFlowAsync(IPage page, string from, string to, string monthly)
    {
        await page.GetByRole(AriaRole.Button, new() { Name = "Add a flow" }).ClickAsync();
        await page.GetByLabel("From").SelectOptionAsync(new SelectOptionValue { Label = from });
        await page.GetByLabel("To", new() { Exact = true }).SelectOptionAsync(new SelectOptionValue { Label = to });
        await page.GetByLabel("Monthly amount").FillAsync(monthly);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save flow" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Save flow" })).ToHaveCountAsync(0);
    }

    private static async Task AddTransactionAsync(IPage page, string amount, string note)
    {
        await page.GetByLabel("Amount", new() { Exact = true }).FillAsync(amount);
        await page.GetByLabel("Note").FillAsync(note);
        await page.GetByRole(AriaRole.Button, new() { Name = "Add transaction" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = note })).ToBeVisibleAsync();
    }
}
