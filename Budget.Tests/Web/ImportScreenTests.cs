using System.Net.Http.Json;
using System.Text;
using Budget.Tests.Infrastructure;
using Microsoft.Playwright;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>The import screen: a bank's CSV through the real file picker, its preview and mapping, the import, and the same file again.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ImportScreenTests(WebAppServer server)
{
    private static string Sample(string name) => Path.Combine(AppContext.BaseDirectory, "Import", "Samples", name);

    [Fact]
    public async Task A_bank_csv_is_previewed_imported_into_a_budget_and_importing_it_again_adds_nothing()
    {
        using var household = await Household.RegisterAsync(server, "Jordan");
        var budget = await household.CreateAsync("budgets", new { name = "Everyday", budgeted = 3000, period = "monthly" });
        var page = await server.NewPageAsync();
        await household.SignInAsync(page);
        await page.GotoAsync($"/budgets/{budget}");
        await page.GetByRole(AriaRole.Link, new() { Name = "Import from a bank file" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Heading, new() { Name = "Import a bank file" })).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Budget", new() { Exact = true })).ToHaveValueAsync(budget.ToString(System.Globalization.CultureInfo.InvariantCulture));

        // A file over the server's limit is refused before it is sent (a browser cut off mid-upload shows only a network error).
        await Expect(page.GetByText("Up to 1.0 MiB; import a larger one in parts.")).ToBeVisibleAsync();
        await page.GetByLabel("Bank file").SetInputFilesAsync(new FilePayload { Name = "huge.csv", MimeType = "text/csv", Buffer = new byte[1536 * 1024] });
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("huge.csv is 1.5 MiB; this server takes at most 1.0 MiB at once. Import it in parts");
        await Expect(page.GetByRole(AriaRole.Table, new() { Name = "Rows in the file" })).ToHaveCountAsync(0);

        // A broken file names its line in the preview, and cannot be imported.
        await page.GetByLabel("Bank file").SetInputFilesAsync(new FilePayload
        {
            Name = "broken.csv",
            MimeType = "text/csv",
            Buffer = Encoding.UTF8.GetBytes("Date,Description,Debit,Credit\n12/01/2025,COFFEE,3.50,\n12/02/2025,LUNCH,12.5O,\n"),
        });
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Line 3 (debit)");
        await Expect(page.GetByRole(AriaRole.Button, new() { Name = "Import 1 transaction into Everyday" })).ToBeDisabledAsync();

        await page.GetByLabel("Bank file").SetInputFilesAsync(Sample("us-credit-union.csv"));
        await Expect(page.GetByText("4 new")).ToBeVisibleAsync();
        await Expect(page.GetByLabel("Date format")).ToHaveValueAsync("MM/dd/yyyy");
        await Expect(page.GetByLabel("Debit column (money out)")).ToHaveValueAsync("2");
        var rows = page.GetByRole(AriaRole.Table, new() { Name = "Rows in the file" }).Locator("tbody tr");
        await Expect(rows).ToHaveCountAsync(4);
        await Expect(rows.First).ToContainTextAsync("$1,234.56");
        // Read day first, December's 15th and 22nd are no dates: the preview says which lines, and back it goes.
        await page.GetByLabel("Date format").SelectOptionAsync("dd/MM/yyyy");
        await Expect(page.GetByRole(AriaRole.Alert)).ToContainTextAsync("Line 4 (date)");
        await page.GetByLabel("Date format").SelectOptionAsync("MM/dd/yyyy");
        await Expect(page.GetByRole(AriaRole.Alert)).ToHaveCountAsync(0);
        await Expect(rows).ToHaveCountAsync(4);
        await Browser.ReviewAsync(page, "import-preview");
        Directory.CreateDirectory(Path.Combine(WebAppServer.RepositoryRoot, "docs", "screenshots"));
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebAppServer.RepositoryRoot, "docs", "screenshots", "import.png"), FullPage = true });

        // On a 360 px phone the preview table scrolls inside its own box, never the page.
        await page.SetViewportSizeAsync(360, 780);
        Assert.True(await page.EvaluateAsync<double>("() => document.scrollingElement.scrollWidth") <= 360, "the import screen is wider than a phone");
        await page.SetViewportSizeAsync(1280, 900);

        await page.GetByRole(AriaRole.Button, new() { Name = "Import 4 transactions into Everyday" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("4 imported, 0 already there.");

        // The same file again: every row is recognised, and importing it adds nothing.
        await page.GetByLabel("Bank file").SetInputFilesAsync(Sample("us-credit-union.csv"));
        await Expect(page.GetByText("0 new")).ToBeVisibleAsync();
        await Expect(page.GetByText("4 already imported")).ToBeVisibleAsync();
        await Expect(rows.Filter(new() { HasText = "Already imported" })).ToHaveCountAsync(4);
        await page.GetByRole(AriaRole.Button, new() { Name = "Import 0 transactions into Everyday" }).ClickAsync();
        await Expect(page.GetByRole(AriaRole.Status)).ToContainTextAsync("0 imported, 4 already there.");

        await page.GetByRole(AriaRole.Link, new() { Name = "Open the budget" }).ClickAsync();
        var transactions = page.GetByRole(AriaRole.Table, new() { Name = "Transactions in Everyday" }).Locator("tbody tr");
        await Expect(transactions).ToHaveCountAsync(4);
        await Expect(transactions.Filter(new() { HasText = "PAYROLL ACME CORP" })).ToContainTextAsync("-$2,500.00");

        await page.Context.CloseAsync();
    }

    [Fact]
    public async Task Kestrel_takes_a_bank_file_well_over_the_usual_64_KiB_body_limit_and_refuses_one_over_the_import_limit()
    {
        using var household = await Household.RegisterAsync(server, "Sam");
        var budget = await household.CreateAsync("budgets", new { name = "Card", budgeted = 3000, period = "monthly" });
        var csv = new StringBuilder("Date,Amount,Description\n");
        for (var i = 0; i < 3_000; i++)
        {
            csv.Append(new DateOnly(2025, 1, 1).AddDays(i % 365).ToString("yyyy-MM-dd", System.Globalization.CultureInfo.InvariantCulture))
                .Append(",-").Append(1 + i % 50).Append(".25,Card payment number ").Append(i).Append(" at a shop with a long name\n");
        }
        var content = Encoding.UTF8.GetBytes(csv.ToString());
        Assert.True(content.Length > 150 * 1024);

        var imported = await household.Api.PostAsync($"/api/profiles/{household.ProfileId}/imports", BankUpload.Form("year.csv", content, budgetId: budget), TestContext.Current.CancellationToken);
        // Expect: 100-continue, as a careful client sends a large body: the server refuses it from the headers, before a
        // byte of it is sent. Without it the refusal closes the connection while the client may still be writing, and the
        // client sees a reset instead of the 413 (a browser never gets this far: the web app checks the size first).
        using var oversized = new HttpRequestMessage(HttpMethod.Post, $"/api/profiles/{household.ProfileId}/imports/preview") { Content = BankUpload.Form("huge.csv", new byte[2 * 1024 * 1024]) };
        oversized.Headers.ExpectContinue = true;
        var tooLarge = await household.Api.SendAsync(oversized, TestContext.Current.CancellationToken);

        Assert.Equal(System.Net.HttpStatusCode.Created, imported.StatusCode);
        Assert.Equal(System.Net.HttpStatusCode.RequestEntityTooLarge, tooLarge.StatusCode);
    }
}
