using System.Net.Http.Json;
using System.Text.RegularExpressions;
using Budget.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>Changing and removing what a household already has: profiles, budgets, goals.</summary>
[Collection(WebAppCollection.Name)]
public sealed class EditingTests(WebAppServer server)
{
    [Fact]
    public async Task A_profile_is_renamed_recoloured_and_deleted_only_after_saying_yes()
    {
        using var household = await Household.RegisterAsync(server, "Jo");
        await household.CreateAsync("/api/profiles", new { name = "Sam", avatarColor = "#1d4ed8" });
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Manage" }).ClickAsync();

        var sam = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Sam" });
        await sam.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Sam" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Name")).ToHaveValueAsync("Sam");
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Blue" })).ToBeCheckedAsync();
        await page.GetByLabel("Name").FillAsync("Samantha");
        await page.Locator(".swatch").Filter(new() { HasText = "Green" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();

        var samantha = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Samantha" });
        await Expect(samantha).ToBeVisibleAsync();
        await Expect(samantha.Locator(".avatar")).ToHaveCSSAsync("background-color", "rgb(21, 128, 61)");
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Profile" }).Locator("option", new() { HasText = "Samantha" })).ToHaveCountAsync(1);

        // Delete asks first; saying no keeps the profile.
        await samantha.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Group, new() { Name = "Delete Samantha and all their data?" })).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(samantha).ToBeVisibleAsync();
        await samantha.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(samantha).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Combobox, new() { Name = "Profile" }).Locator("option")).ToHaveTextAsync(new Regex("^Jo$"));
        Assert.Equal(1, (await household.Api.GetJsonAsync("/api/profiles")).GetArrayLength());

        // The owner's profile cannot be deleted; its colour, picked by the API from outside the web palette, shows as
        // chosen when editing, so saving a new name does not change it.
        var jo = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Jo" });
        await Expect(jo.GetByRole(AriaRole.Button, new() { Name = "Delete" })).ToHaveCountAsync(0);
        var colourBefore = await jo.Locator(".avatar").EvaluateAsync<string>("e => getComputedStyle(e).backgroundColor");
        await jo.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Radio, new() { Name = "Current colour" })).ToBeCheckedAsync();
        await page.GetByLabel("Name").FillAsync("Joanna");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save" }).ClickAsync();
        var joanna = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Joanna" });
        await Expect(joanna.Locator(".avatar")).ToHaveCSSAsync("background-color", colourBefore);
        await Browser.AssertAccessibleAsync(page, "profiles after edits");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_budget_is_edited_then_deleted_after_confirmation()
    {
        using var household = await Household.RegisterAsync(server, "Lee");
        var groceries = await household.CreateAsync("budgets", new { name = "Groceries", budgeted = 400, period = "monthly" });
        var today = server.Today;
        foreach (var (daysAgo, note) in new[] { (40, "old shop"), (3, "recent shop"), (0, "today's shop") })
        {
            await household.CreateAsync($"budgets/{groceries}/transactions", new { amount = 20, date = today.AddDays(-daysAgo).ToString("yyyy-MM-dd"), note });
        }
        var page = await server.NewPageAsync(360, 780);
        await household.SignInAsync(page);

        // The transactions' date filter keeps only the days asked for.
        await page.GotoAsync($"/budgets/{groceries}");
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "shop" })).ToHaveCountAsync(3);
        var dates = page.GetByRole(AriaRole.Group, new() { Name = "Date filter" });
        await dates.GetByLabel("From").FillAsync(today.AddDays(-10).ToString("yyyy-MM-dd"));
        await dates.GetByLabel("To").FillAsync(today.AddDays(-1).ToString("yyyy-MM-dd"));
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "shop" })).ToHaveCountAsync(1);
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "recent shop" })).ToBeVisibleAsync();
        await dates.GetByLabel("To").FillAsync(today.AddDays(-5).ToString("yyyy-MM-dd"));
        await Expect(page.GetByText("No transactions between these dates")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Clear dates" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Row).Filter(new() { HasText = "shop" })).ToHaveCountAsync(3);

        await page.GetByRole(AriaRole.Link, new() { Name = "Budgets" }).First.ClickAsync();

        var card = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Groceries" });
        await card.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Groceries" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Amount (USD)")).ToHaveValueAsync(new Regex(@"^400(\.00)?$"));
        await page.GetByLabel("Name").FillAsync("Food");
        await page.GetByLabel("Amount (USD)").FillAsync("125.50");
        await page.GetByLabel("Period").SelectOptionAsync("weekly");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save budget" }).ClickAsync();

        var food = page.GetByRole(AriaRole.Listitem).Filter(new() { HasText = "Food" });
        await Expect(food.GetByText(new Regex(@"^\$\d+\.00 of \$125\.50"))).ToBeVisibleAsync();
        await Expect(food.GetByText("weekly")).ToBeVisibleAsync();
        await Expect(page.GetByText("Groceries")).ToHaveCountAsync(0);

        await food.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByText("Delete Food and its transactions?")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(page.GetByText("No budgets yet")).ToBeVisibleAsync();
        Assert.Equal(0, (await household.Api.GetJsonAsync($"/api/profiles/{household.ProfileId}/budgets")).GetArrayLength());
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task A_goal_is_edited_then_deleted_after_confirmation()
    {
        using var household = await Household.RegisterAsync(server, "Max");
        await household.CreateAsync("goals", new { name = "Holiday", target = 1500, current = 300, priority = 3 });
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Goals" }).ClickAsync();
        await Expect(page.GetByText("$300.00 of $1,500.00 · 20%")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Holiday" })).ToBeVisibleAsync();
        await page.GetByLabel("Name").FillAsync("Summer holiday");
        await page.GetByLabel("Saved so far").FillAsync("750");
        await page.GetByLabel("Priority").SelectOptionAsync("1");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save goal" }).ClickAsync();

        // The list shows the change a moment before the form closes: wait for both, by exact name.
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Summer holiday" })).ToHaveCountAsync(0);
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Summer holiday", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByText("$750.00 of $1,500.00 · 50%")).ToBeVisibleAsync();
        await Expect(page.GetByText("priority 1")).ToBeVisibleAsync();

        await page.GetByRole(AriaRole.Button, new() { Name = "Delete" }).ClickAsync();
        await Expect(page.GetByText("Delete the goal Summer holiday?")).ToBeVisibleAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" }).ClickAsync();
        await Expect(page.GetByText("No goals yet")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Saving_over_a_change_made_on_another_phone_is_refused_and_the_other_change_is_kept()
    {
        using var household = await Household.RegisterAsync(server, "Ari");
        var goal = await household.CreateAsync("goals", new { name = "Bike", target = 800, current = 100, priority = 3 });
        var page = await server.NewPageAsync(360, 780);
        await household.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Goals" }).ClickAsync();
        await page.GetByRole(AriaRole.Button, new() { Name = "Edit" }).ClickAsync();
        await page.GetByLabel("Saved so far").FillAsync("150");

        // Meanwhile the partner's phone records a bigger saving on the same goal.
        var partner = await household.Api.PutAsJsonAsync(
            $"/api/profiles/{household.ProfileId}/goals/{goal}", new { name = "Bike", target = 800, current = 400, priority = 3 },
            TestContext.Current.CancellationToken);
        Assert.Equal(System.Net.HttpStatusCode.OK, partner.StatusCode);
        await page.GetByRole(AriaRole.Button, new() { Name = "Save goal" }).ClickAsync();

        await Expect(page.GetByText(new Regex("Someone else changed this since you read it"))).ToBeVisibleAsync();
        var stored = await household.Api.GetJsonAsync($"/api/profiles/{household.ProfileId}/goals/{goal}");
        Assert.Equal(400m, stored.GetProperty("current").GetDecimal());
        await page.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(page.GetByText("$400.00 of $800.00 · 50%")).ToBeVisibleAsync();
        await page.Context.CloseAsync();
    }
}
