using System.Text.Json;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>On a 360-px-wide phone nothing makes the page scroll sideways and the top bar stays one tidy row.</summary>
[Collection(WebAppCollection.Name)]
public sealed class PhoneLayoutTests(WebAppServer server)
{
    private const int PhoneWidth = 360;

    [Fact]
    public async Task Every_screen_fits_a_360_px_phone_the_sankey_scrolls_inside_its_own_box_and_the_top_bar_keeps_one_row()
    {
        using var household = await Household.RegisterAsync(server, "Maximiliane");
        // Four columns of boxes: wider than a phone, so the diagram must scroll inside its own box.
        var salary = await household.CreateAsync("nodes", new { type = "income", label = "Salary from the hospital", amount = 4200 });
        var bank = await household.CreateAsync("nodes", new { type = "account", label = "Everyday current account" });
        var savings = await household.CreateAsync("nodes", new { type = "savings", label = "Rainy-day savings" });
        var fund = await household.CreateAsync("nodes", new { type = "investment", label = "Global index fund" });
        var rent = await household.CreateAsync("nodes", new { type = "expense", label = "Rent" });
        await household.CreateAsync("flows", new { fromNodeId = salary, toNodeId = bank, amount = 4200 });
        await household.CreateAsync("flows", new { fromNodeId = bank, toNodeId = rent, amount = 1400 });
        await household.CreateAsync("flows", new { fromNodeId = bank, toNodeId = savings, amount = 900 });
        await household.CreateAsync("flows", new { fromNodeId = savings, toNodeId = fund, amount = 400 });
        var budget = await household.CreateAsync("budgets", new { name = "Groceries and household things", budgeted = 650, period = "monthly" });
        await household.CreateAsync($"budgets/{budget}/transactions", new { amount = 123.45m, date = server.Today.ToString("yyyy-MM-dd"), note = "The big weekly shop at the market" });
        await household.CreateAsync("goals", new { name = "Family holiday by the sea", target = 2500, current = 400, deadline = server.Today.AddYears(1).ToString("yyyy-MM-dd") });

        var page = await server.NewPageAsync(PhoneWidth, 780, touch: true);
        await household.SignInAsync(page);
        var problems = new List<string>();
        foreach (var (path, heading) in new[]
        {
            ("/", "Maximiliane's money"), ("/map", "Money map"), ("/budgets", "Budgets"), ($"/budgets/{budget}", "Groceries and household things"),
            ("/goals", "Goals"), ("/forecast", "Forecast"), ("/profiles", "Profiles"), ("/account", "Account"), ("/import", "Import a bank file"),
            ("/alerts", "Notifications"),
        })
        {
            await page.GotoAsync(path);
            await Expect(page.GetByRole(AriaRole.Heading, new() { Name = heading, Exact = true })).ToBeVisibleAsync();
            if (path is "/" or "/map") await Expect(page.Locator(".sankey svg")).ToBeVisibleAsync();
            var layout = await page.EvaluateAsync<JsonElement>(
                """
                () => {
                  const bar = document.querySelector('.topbar');
                  const parts = [...bar.children].filter(c => c.getClientRects().length > 0).map(c => c.getBoundingClientRect());
                  const middles = parts.map(r => r.top + r.height / 2);
                  return {
                    pageWidth: document.scrollingElement.scrollWidth,
                    barHeight: bar.getBoundingClientRect().height,
                    barRowSpread: Math.max(...middles) - Math.min(...middles),
                    barRight: Math.max(...parts.map(r => r.right)),
                    // What sticks out, for the failure message: elements past the right edge outside any scrolling box.
                    culprits: [...document.querySelectorAll('body *')]
                      .filter(e => e.getBoundingClientRect().right > innerWidth + 0.5 && !e.closest('.sankey-scroll, .table-scroll, .tabs'))
                      .slice(-4).map(e => `${e.tagName.toLowerCase()}.${e.getAttribute('class') ?? ''} "${(e.textContent ?? '').trim().slice(0, 24)}"`).join(', '),
                  };
                }
                """);
            var pageWidth = layout.GetProperty("pageWidth").GetDouble();
            var barHeight = layout.GetProperty("barHeight").GetDouble();
            var barRight = layout.GetProperty("barRight").GetDouble();
            if (pageWidth > PhoneWidth) problems.Add($"{path}: the page is {pageWidth} px wide ({layout.GetProperty("culprits").GetString()})");
            if (layout.GetProperty("barRowSpread").GetDouble() >= 4) problems.Add($"{path}: the top bar wraps into more than one row");
            if (barHeight > 64) problems.Add($"{path}: the top bar is {barHeight} px tall");
            if (barRight > PhoneWidth) problems.Add($"{path}: the top bar runs to {barRight} px");
        }
        Assert.True(problems.Count == 0, $"On a {PhoneWidth} px phone:\n{string.Join("\n", problems)}");

        // The diagram is wider than the phone and scrolls inside its own box, which a keyboard can reach.
        await page.GotoAsync("/map");
        var scroller = page.GetByRole(AriaRole.Region, new() { Name = "Money map diagram, scrolls sideways" });
        await Expect(scroller).ToBeVisibleAsync();
        var inside = await scroller.EvaluateAsync<JsonElement>("e => ({ scroll: e.scrollWidth, client: e.clientWidth })");
        Assert.True(inside.GetProperty("scroll").GetInt32() > inside.GetProperty("client").GetInt32(), "the wide diagram scrolls inside its box");
        await scroller.EvaluateAsync("e => e.scrollLeft = e.scrollWidth");
        await Expect(page.Locator(".sankey text", new() { HasText = "Global index fund" })).ToBeInViewportAsync();
        Assert.Equal(0, await page.EvaluateAsync<int>("() => document.scrollingElement.scrollLeft"));
        await Browser.AssertAccessibleAsync(page, "money map on a phone");
        await Browser.ScreenshotAsync(page, "money-map-wide");
        await page.Context.CloseAsync();
    }
}
