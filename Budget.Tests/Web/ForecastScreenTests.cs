using System.Globalization;
using System.Text.RegularExpressions;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>The forecast screen with real history: the chart, its 80% band, and the plain sentence when history is short.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ForecastScreenTests(WebAppServer server)
{
    [Fact]
    public async Task Two_years_of_spending_draw_the_expected_line_inside_its_80_percent_band_and_a_new_budget_says_it_has_too_little_history()
    {
        using var household = await Household.RegisterAsync(server, "Robin");
        var groceries = await household.CreateAsync("budgets", new { name = "Groceries", budgeted = 600, period = "monthly" });
        await household.CreateAsync("budgets", new { name = "Fuel", budgeted = 120, period = "monthly" });
        // One shop on the 10th of each of the 24 complete months before this one, wobbling so the band has width.
        var thisMonth = new DateOnly(server.Today.Year, server.Today.Month, 1);
        for (var t = 0; t < 24; t++)
        {
            var amount = 400m + (t * 7 % 5 - 2) * 11.5m + (t % 12 == 11 ? 80m : 0m);
            var date = thisMonth.AddMonths(t - 24).AddDays(9);
            await household.CreateAsync($"budgets/{groceries}/transactions", new { amount, date = date.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), note = "shop" });
        }

        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GetByRole(AriaRole.Link, new() { Name = "Forecast" }).ClickAsync();

        var chart = page.GetByRole(AriaRole.Img, new() { Name = "All budgets forecast" });
        await Expect(chart).ToBeVisibleAsync();
        await Expect(page.GetByText("from 24 months of history")).ToBeVisibleAsync();
        // Six months ahead by default: six dots on the line, six rows in the table, and a band with real height.
        await Expect(chart.Locator("circle.dot")).ToHaveCountAsync(6);
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Forecast for All budgets" }).Locator("tbody tr")).ToHaveCountAsync(6);
        var band = await chart.Locator("polygon.band").BoundingBoxAsync();
        var line = await chart.Locator("path.line").BoundingBoxAsync();
        Assert.NotNull(band);
        Assert.NotNull(line);
        Assert.True(band.Height > 4, $"the 80% band is {band.Height} px tall");
        Assert.True(line.Y >= band.Y - 1 && line.Y + line.Height <= band.Y + band.Height + 1, "the expected line lies inside its band");
        // Every month's expected figure sits inside its 80% range, as the table states it.
        foreach (var row in await page.Locator("table tbody tr").AllAsync())
        {
            var cells = await row.Locator("td").AllInnerTextsAsync();
            var range = cells[2].Split('–').Select(Dollars).ToArray();
            Assert.InRange(Dollars(cells[1]), range[0], range[1]);
            Assert.True(range[1] > range[0], $"{cells[0]}: the range {cells[2]} has width");
        }
        await Browser.ReviewAsync(page, "forecast-history");

        // Twelve months ahead redraws with twelve points.
        await page.GetByLabel("Months ahead").SelectOptionAsync("12");
        await Expect(chart.Locator("circle.dot")).ToHaveCountAsync(12);

        // The per-budget view of a budget with no spending yet says so in a plain sentence instead of a chart.
        await page.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Label = "Fuel" });
        await Expect(page.GetByText("Not enough history yet")).ToBeVisibleAsync();
        await Expect(page.GetByText(new Regex("fuel has 0 so far"))).ToBeVisibleAsync();
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Fuel forecast" })).ToHaveCountAsync(0);

        await page.GetByLabel("Show").SelectOptionAsync(new SelectOptionValue { Label = "Groceries" });
        await Expect(page.GetByRole(AriaRole.Img, new() { Name = "Groceries forecast" })).ToBeVisibleAsync();

        await page.Context.CloseAsync();
    }

    private static decimal Dollars(string text) =>
        decimal.Parse(text.Trim().Replace("$", "").Replace(",", ""), CultureInfo.InvariantCulture);
}
