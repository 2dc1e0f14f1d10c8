using System.Globalization;
using System.Text.Json;
using Budget.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>The Sankey of what really happened, and goals that plan themselves from a savings box.</summary>
[Collection(WebAppCollection.Name)]
public sealed class WhatHappenedTests(WebAppServer server)
{
    private const int PhoneWidth = 360;

    [Fact]
    public async Task On_a_phone_the_month_shows_income_through_each_budget_with_the_plan_beside_it_and_a_quarter_plans_three_months()
    {
        using var household = await Household.RegisterAsync(server, "Noor");
        var salary = await household.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 4000 });
        var bank = await household.CreateAsync("nodes", new { type = "account", label = "Bank" });
        await household.CreateAsync("flows", new { fromNodeId = salary, toNodeId = bank, amount = 4000 });
        var groceries = await household.CreateAsync("budgets", new { name = "Groceries", budgeted = 600, period = "monthly" });
        var today = server.Today.ToString("yyyy-MM-dd");
        await household.CreateAsync($"budgets/{groceries}/transactions", new { amount = 640.25m, date = today });
        var page = await server.NewPageAsync(PhoneWidth, 780, touch: true);
        await household.SignInAsync(page);

        await page.GetByRole(AriaRole.Link, new() { Name = "Money map", Exact = true }).ClickAsync();
        await page.GetByRole(AriaRole.Link, new() { Name = "What happened" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "What happened", Exact = true })).ToBeVisibleAsync();
        var month = server.Today.ToString("MMMM yyyy", CultureInfo.GetCultureInfo("en-US"));
        await Expect(page.Locator(".period-name")).ToHaveTextAsync(month);
        await Expect(page.Locator("[data-figure='Spent']")).ToHaveTextAsync("$640.25");
        await Expect(page.Locator("[data-figure='Left for savings']")).ToHaveTextAsync("$3,359.75");
        var flows = page.GetByRole(AriaRole.Table, new() { Name = $"Flows in {month}, actual and planned" });
        var groceriesRow = flows.GetByRole(AriaRole.Row).Filter(new() { HasText = "Income → Groceries" });
        // Actual and planned; the difference column is left to wider screens.
        await Expect(groceriesRow.GetByRole(AriaRole.Cell)).ToHaveTextAsync(["$640.25", "$600.00"]);
        // The band itself says both: tapping it shows the actual amount and the plan.
        var band = page.Locator(".sankey path:has(title:text-is('Income → Groceries: $640.25, planned $600.00'))");
        await band.TapAsync();
        await Expect(page.Locator(".sankey figcaption")).ToHaveTextAsync("Income → Groceries: $640.25, planned $600.00");
        await AssertFitsAsync(page);
        await Browser.AssertAccessibleAsync(page, "what happened on a phone");
        await Browser.ScreenshotAsync(page, "what-happened");

        await page.GetByLabel("Period", new() { Exact = true }).SelectOptionAsync("quarter");
        var quarter = $"Q{(server.Today.Month - 1) / 3 + 1} {server.Today.Year}";
        await Expect(page.Locator(".period-name")).ToHaveTextAsync(quarter);
        var quarterRow = page.GetByRole(AriaRole.Table, new() { Name = $"Flows in {quarter}, actual and planned" })
            .GetByRole(AriaRole.Row).Filter(new() { HasText = "Income → Groceries" });
        await Expect(quarterRow.GetByRole(AriaRole.Cell).Nth(1)).ToHaveTextAsync("$1,800.00");
        await Expect(page.Locator("[data-figure='Income']")).ToHaveTextAsync("$12,000.00");

        // The quarter before had no spending: the plan is still there to compare against.
        await page.GetByRole(AriaRole.Button, new() { Name = "Previous quarter" }).ClickAsync();
        await Expect(page.Locator("[data-figure='Spent']")).ToHaveTextAsync("$0.00");
        await Expect(page).ToHaveURLAsync(new System.Text.RegularExpressions.Regex("period=quarter"));
        await AssertFitsAsync(page);
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_goal_linked_to_a_savings_box_shows_when_it_will_be_reached_and_what_more_a_month_would_make_the_deadline()
    {
        using var household = await Household.RegisterAsync(server, "Sami");
        var salary = await household.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 3000 });
        var savings = await household.CreateAsync("nodes", new { type = "savings", label = "Rainy day", balance = 1000 });
        await household.CreateAsync("nodes", new { type = "expense", label = "Rent" });
        await household.CreateAsync("flows", new { fromNodeId = salary, toNodeId = savings, amount = 100 });
        var page = await server.NewPageAsync(PhoneWidth, 780, touch: true);
        await household.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Goals", Exact = true }).ClickAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "New goal" }).ClickAsync();
        await page.GetByLabel("Name").FillAsync("Sofa");
        await page.GetByLabel("Target").FillAsync("2200");
        await page.GetByLabel("Deadline").FillAsync(server.Today.AddMonths(6).ToString("yyyy-MM-dd"));
        // Only savings and investment boxes can be picked; once linked, the box's balance is what is saved.
        var picker = page.GetByLabel("Saves into");
        await Expect(picker.Locator("option")).ToHaveTextAsync(["Not linked: I enter what is saved", "Rainy day (savings)"]);
        await picker.SelectOptionAsync(new SelectOptionValue { Label = "Rainy day (savings)" });
        await Expect(page.GetByLabel("Saved so far")).ToHaveCountAsync(0);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save goal" }).ClickAsync();

        var card = page.Locator(".card").Filter(new() { Has = page.GetByRole(AriaRole.Heading, new() { Name = "Sofa", Exact = true }) });
        await Expect(card.GetByText("$1,000.00 of $2,200.00")).ToBeVisibleAsync();
        await Expect(card.GetByText(new System.Text.RegularExpressions.Regex("Saving \\$100\\.00 a month into Rainy day, reached around"))).ToBeVisibleAsync();
        await Expect(card.GetByText("Behind the deadline.")).ToBeVisibleAsync();
        // 1,200.00 to go in six months is 200.00 a month: 100.00 more than the plan puts in.
        await Expect(card.GetByText("Save $100.00 more a month to make it.")).ToBeVisibleAsync();
        await AssertFitsAsync(page);
        await Browser.AssertAccessibleAsync(page, "linked goal on a phone");
        await Browser.ScreenshotAsync(page, "linked-goal");

        // More planned into the box puts the goal on track, and the advice goes away.
        var flows = await household.Api.GetJsonAsync($"/api/profiles/{household.ProfileId}/flows");
        var flowId = flows[0].GetProperty("id").GetInt64();
        var changed = await household.Api.PutAsync($"/api/profiles/{household.ProfileId}/flows/{flowId}",
            new StringContent(JsonSerializer.Serialize(new { fromNodeId = salary, toNodeId = savings, amount = 200 }), System.Text.Encoding.UTF8, "application/json"),
            TestContext.Current.CancellationToken);
        Assert.True(changed.IsSuccessStatusCode);
        await page.ReloadAsync();
        await Expect(card.GetByText("On track.")).ToBeVisibleAsync();
        await Expect(card.GetByText(new System.Text.RegularExpressions.Regex("more a month"))).ToHaveCountAsync(0);
        await page.Context.CloseAsync();
    }

    private static async Task AssertFitsAsync(IPage page)
    {
        var width = await page.EvaluateAsync<int>("() => document.scrollingElement.scrollWidth");
        Assert.True(width <= PhoneWidth, $"the page is {width} px wide on a {PhoneWidth} px phone");
    }
}
