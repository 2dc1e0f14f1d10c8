using System.Text.Json;
using Budget.Tests.Infrastructure;
using Microsoft.Playwright;
using UglyToad.PdfPig;
using static Microsoft.Playwright.Assertions;

namespace Budget.Tests.Web;

/// <summary>The Export section of the Account screen: files arrive as downloads, and a backup restores into another account.</summary>
[Collection(WebAppCollection.Name)]
public sealed class ExportScreenTests(WebAppServer server)
{
    [Fact]
    public async Task The_monthly_pdf_and_the_account_backup_download_and_the_backup_restores_into_another_account()
    {
        using var ada = await Household.RegisterAsync(server, "Ada");
        var salary = await ada.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 3000 });
        var checking = await ada.CreateAsync("nodes", new { type = "account", label = "Checking" });
        await ada.CreateAsync("flows", new { fromNodeId = salary, toNodeId = checking, amount = 3000 });
        var food = await ada.CreateAsync("budgets", new { name = "Groceries", budgeted = 450, period = "monthly" });
        var today = server.Today;
        await ada.CreateAsync($"budgets/{food}/transactions", new { amount = 87.65, date = today.ToString("yyyy-MM-dd"), note = "Market" });
        await ada.CreateAsync("goals", new { name = "Bike", target = 900, current = 300 });
        var page = await server.NewPageAsync();
        await ada.SignInAsync(page);
        await page.GotoAsync("/account");

        // The monthly report, for this month.
        await page.GetByLabel("Month").FillAsync(today.ToString("yyyy-MM"));
        var report = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download monthly report (PDF)" }).ClickAsync());
        Assert.Equal($"budget-report-{today:yyyy-MM}.pdf", report.SuggestedFilename);
        using (var pdf = PdfDocument.Open(await File.ReadAllBytesAsync(await report.PathAsync(), TestContext.Current.CancellationToken)))
        {
            var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
            Assert.Contains($"Monthly report: {today.ToString("MMMM yyyy", System.Globalization.CultureInfo.InvariantCulture)}", text);
            Assert.Contains("Groceries 450.00 87.65 362.35", text);
            Assert.Contains("Bike 300.00 900.00 33.3 %", text);
        }
        await Expect(page.GetByRole(AriaRole.Status).Filter(new() { HasText = "Downloaded budget-report-" })).ToBeVisibleAsync();

        // The whole account, as JSON.
        var backup = await page.RunAndWaitForDownloadAsync(() => page.GetByRole(AriaRole.Button, new() { Name = "Download account backup (JSON)" }).ClickAsync());
        Assert.Matches(@"^budget-account-\d{4}-\d{2}-\d{2}\.json$", backup.SuggestedFilename);
        var backupPath = Path.Combine(Path.GetTempPath(), $"ada-{Guid.NewGuid():N}.json");
        await backup.SaveAsAsync(backupPath);
        using (var json = JsonDocument.Parse(await File.ReadAllTextAsync(backupPath, TestContext.Current.CancellationToken)))
        {
            Assert.Equal("budget-account-export", json.RootElement.GetProperty("format").GetString());
        }
        await Browser.AssertAccessibleAsync(page, "account export");
        await page.Context.CloseAsync();

        // Bo restores it into a fresh account: a confirm step first, then the result.
        using var bo = await Household.RegisterAsync(server, "Bo");
        var boPage = await server.NewPageAsync();
        await bo.SignInAsync(boPage);
        await boPage.GotoAsync("/account");
        var confirm = boPage.GetByRole(AriaRole.Group, new() { Name = "Confirm restore" });
        // A backup over the server's limit (12 MiB) is refused before it is sent, saying what to do.
        await boPage.GetByLabel("Backup file", new() { Exact = true }).SetInputFilesAsync(new FilePayload { Name = "huge.json", MimeType = "application/json", Buffer = new byte[13 * 1024 * 1024] });
        await Expect(boPage.GetByRole(AriaRole.Alert)).ToContainTextAsync("huge.json is 13.0 MiB; this server takes at most 12.0 MiB at once. Nothing was restored.");
        await Expect(confirm).ToHaveCountAsync(0);
        await boPage.GetByLabel("Backup file", new() { Exact = true }).SetInputFilesAsync(backupPath);
        await Expect(confirm).ToContainTextAsync("Restore 1 profile (Ada)");
        await boPage.GetByRole(AriaRole.Button, new() { Name = "Cancel" }).ClickAsync();
        await Expect(confirm).ToHaveCountAsync(0);
        Assert.Empty((await bo.Api.GetJsonAsync($"/api/profiles/{bo.ProfileId}/budgets")).EnumerateArray());
        await boPage.GetByLabel("Backup file", new() { Exact = true }).SetInputFilesAsync(Array.Empty<string>());
        await boPage.GetByLabel("Backup file", new() { Exact = true }).SetInputFilesAsync(backupPath);
        await boPage.GetByRole(AriaRole.Button, new() { Name = "Restore backup" }).ClickAsync();

        await Expect(boPage.GetByRole(AriaRole.Status).Filter(new() { HasText = "Restored 1 profile (Ada)" }))
            .ToContainTextAsync("2 nodes, 1 flows, 1 budgets, 1 transactions and 1 goals");
        var budgets = await bo.Api.GetJsonAsync($"/api/profiles/{bo.ProfileId}/budgets");
        Assert.Equal("Groceries", budgets[0].GetProperty("name").GetString());
        Assert.Equal(87.65m, budgets[0].GetProperty("spent").GetDecimal());
        await Expect(boPage.GetByRole(AriaRole.Combobox, new() { Name = "Profile" }).Locator("option")).ToHaveTextAsync("Ada");
        await Browser.ReviewAsync(boPage, "export");
        await boPage.SetViewportSizeAsync(1280, 900);
        await boPage.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(WebAppServer.WebProject, "..", "docs", "screenshots", "export.png"), FullPage = true });
        File.Delete(backupPath);
        await boPage.Context.CloseAsync();
    }
}
