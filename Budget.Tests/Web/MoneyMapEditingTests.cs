using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>Changing the money map: from the list with nothing but a keyboard, and by tapping a band of the diagram.</summary>
[Collection(WebAppCollection.Name)]
public sealed class MoneyMapEditingTests(WebAppServer server)
{
    [Fact]
    public async Task Boxes_and_flows_are_edited_and_deleted_from_the_list_with_the_keyboard_alone()
    {
        using var household = await MapAsync("Kai");
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Money map", Exact = true }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Boxes in the money map" })).ToBeVisibleAsync();

        // Tab to the box's Edit button, Enter opens its form with the focus in it, Enter in a field saves.
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Edit Rent" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Rent" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Kind")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab");
        await Expect(page.GetByLabel("Name")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+a");
        await page.Keyboard.TypeAsync("Rent and bills");
        await page.Keyboard.PressAsync("Enter");
        var boxes = page.GetByRole(AriaRole.Table, new() { Name = "Boxes in the money map" });
        await Expect(boxes.GetByRole(AriaRole.Cell, new() { Name = "Rent and bills", Exact = true })).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit Rent" })).ToHaveCountAsync(0);

        // The flow's Edit button names both ends, so a screen reader knows which row it is in.
        await TabToAsync(page, page.GetByRole(AriaRole.Button, new() { Name = "Edit flow Bank to Rent and bills" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit flow" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("From")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Tab"); // To
        await page.Keyboard.PressAsync("Tab"); // Monthly amount
        await Expect(page.GetByLabel("Monthly amount")).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("ControlOrMeta+a");
        await page.Keyboard.TypeAsync("1234.56");
        await page.Keyboard.PressAsync("Enter");
        var flows = page.GetByRole(AriaRole.Table, new() { Name = "Flows in the money map" });
        var rentFlow = flows.GetByRole(AriaRole.Row).Filter(new() { HasText = "Rent and bills" });
        await Expect(rentFlow.GetByRole(AriaRole.Cell, new() { Name = "$1,234.56" })).ToBeVisibleAsync();

        // Deleting from the keyboard asks first, with the focus already on the answer.
        await TabToAsync(page, rentFlow.GetByRole(AriaRole.Button, new() { Name = "Delete" }));
        await page.Keyboard.PressAsync("Enter");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Yes, delete" })).ToBeFocusedAsync();
        await page.Keyboard.PressAsync("Enter");
        await Expect(rentFlow).ToHaveCountAsync(0);
        await Expect(flows.GetByRole(AriaRole.Row)).ToHaveCountAsync(2); // the header and Salary → Bank

        var bank = boxes.GetByRole(AriaRole.Row).Filter(new() { HasText = "Bank" });
        await TabToAsync(page, bank.GetByRole(AriaRole.Button, new() { Name = "Delete" }));
        await page.Keyboard.PressAsync("Enter");
        await page.Keyboard.PressAsync("Enter");
        await Expect(bank).ToHaveCountAsync(0);
        await Expect(page.GetByText("Nothing flows yet")).ToBeVisibleAsync(); // its flows went with it
        await Browser.AssertAccessibleAsync(page, "money map after edits");
        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Tapping_a_band_of_the_diagram_shows_its_amount_and_opens_it_for_editing()
    {
        using var household = await MapAsync("Ari");
        var page = await server.NewPageAsync(360, 780, touch: true);
        await household.SignInAsync(page);
        // The dashboard's small diagram of three columns fits the phone whole, no scrolling needed.
        var glance = page.GetByRole(AriaRole.Region, new() { Name = "Money map, scrolls sideways" });
        await glance.ScrollIntoViewIfNeededAsync();
        await Expect(glance.Locator("svg text", new() { HasText = "Rent" })).ToBeInViewportAsync();
        Assert.True(await glance.EvaluateAsync<bool>("e => e.scrollWidth <= e.clientWidth"), "the dashboard's diagram fits a phone");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the money map" }).ClickAsync();

        var band = page.Locator(".sankey path:has(title:text-is('Bank → Rent: $1,100.00'))");
        await Expect(band).ToBeVisibleAsync();
        await band.TapAsync(); // scrolls it into view first, and retries while the chart settles
        await Expect(page.Locator(".sankey figcaption")).ToHaveTextAsync("Bank → Rent: $1,100.00");
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit flow" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Monthly amount")).ToHaveValueAsync(new System.Text.RegularExpressions.Regex(@"^1100(\.00)?$"));
        await page.GetByLabel("Monthly amount").FillAsync("1250");
        await page.GetByRole(AriaRole.Button, new() { Name = "Save flow" }).ClickAsync();

        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Edit flow" })).ToHaveCountAsync(0);
        await Expect(page.Locator(".sankey figcaption")).ToHaveTextAsync("Bank → Rent: $1,250.00");
        await Expect(page.Locator(".sankey path:has(title:text-is('Bank → Rent: $1,250.00'))")).ToHaveCountAsync(1);
        await page.Context.CloseAsync();
    }

    /// <summary>Salary into the bank, rent out of it.</summary>
    private async Task<Household> MapAsync(string name)
    {
        var household = await Household.RegisterAsync(server, name);
        var salary = await household.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 3200 });
        var bank = await household.CreateAsync("nodes", new { type = "account", label = "Bank", balance = 1520.75m });
        var rent = await household.CreateAsync("nodes", new { type = "expense", label = "Rent" });
        await household.CreateAsync("flows", new { fromNodeId = salary, toNodeId = bank, amount = 3200 });
        await household.CreateAsync("flows", new { fromNodeId = bank, toNodeId = rent, amount = 1100 });
        return household;
    }

    /// <summary>Presses Tab until <paramref name="target"/> has the focus, as a keyboard user would.</summary>
    private static async Task TabToAsync(IPage page, ILocator target)
    {
        for (var presses = 0; presses < 80; presses++)
        {
            if (await target.EvaluateAsync<bool>("element => element === document.activeElement")) return;
            await page.Keyboard.PressAsync("Tab");
        }
        Assert.Fail("Tab never reached the control");
    }
}
