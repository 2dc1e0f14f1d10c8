using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using Budget.Api.ActualSankey;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Exports;
using Budget.Api.Sankey;
using Budget.Tests.Infrastructure;
using UglyToad.PdfPig;

namespace Budget.Tests.Api;

/// <summary>A profile's CSV downloads and its monthly PDF report, read back the way a spreadsheet or a PDF reader would.</summary>
public sealed class ExportsApiTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private static CancellationToken Ct => TestContext.Current.CancellationToken;

    private static string Exports(TestUser user) => $"/api/profiles/{user.ProfileId}/exports";

    [Fact]
    public async Task The_transactions_csv_lists_every_transaction_with_exact_amounts_the_currency_and_iso_dates()
    {
        var user = await RichHousehold.CreateAsync(factory);

        var response = await user.Client.GetAsync($"{Exports(user)}/transactions.csv", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("text/csv", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("utf-8", response.Content.Headers.ContentType?.CharSet);
        Assert.Equal("attachment", response.Content.Headers.ContentDisposition?.DispositionType);
        Assert.Matches(@"^budget-transactions-\d{4}-\d{2}-\d{2}\.csv$", response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        Assert.Equal([0xEF, 0xBB, 0xBF], bytes[..3]);
        Assert.Equal(
            "Date,Budget,Amount,Currency,Note\r\n" +
            "2026-01-15,Food,42.17,EUR,Market\r\n" +
            "2026-01-15,Food,-5.50,EUR,\"Refund, \"\"bottle\"\" deposit\"\r\n" +
            "2026-01-31,Food,310.01,EUR,\r\n" +
            "2026-02-01,Fuel,61.20,EUR,\"'=1+1 🚗\"\r\n",
            Encoding.UTF8.GetString(bytes[3..]));
    }

    [Fact]
    public async Task A_date_range_narrows_the_transactions_and_names_the_file_after_it()
    {
        var user = await RichHousehold.CreateAsync(factory);

        var response = await user.Client.GetAsync($"{Exports(user)}/transactions.csv?from=2026-01-16&to=2026-01-31", Ct);

        Assert.Equal("budget-transactions-2026-01-16-to-2026-01-31.csv", response.Content.Headers.ContentDisposition?.FileNameStar);
        Assert.Equal(["Date,Budget,Amount,Currency,Note", "2026-01-31,Food,310.01,EUR,"], Lines(await response.Content.ReadAsStringAsync(Ct)));
    }

    [Theory]
    [InlineData("from=2026-13-01", "from")]
    [InlineData("to=yesterday", "to")]
    [InlineData("from=2026-02-01&to=2026-01-01", "to")]
    public async Task A_bad_date_range_is_a_400_naming_the_parameter(string query, string field)
    {
        var user = await TestUser.RegisterAsync(factory);

        var response = await user.Client.GetAsync($"{Exports(user)}/transactions.csv?{query}", Ct);

        Assert.Equal([field], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task Text_that_a_spreadsheet_would_run_as_a_formula_is_written_as_text_but_negative_amounts_stay_numbers()
    {
        var user = await TestUser.RegisterAsync(factory);
        var budget = await user.CreateAsync("budgets", new { name = "@SUM(A1:A9)", budgeted = 100, period = "monthly" });
        foreach (var note in new[] { "=HYPERLINK(\"http://evil.example\",\"click\")", "+1-555-0100", "-2+3", "@cmd", "plain - dash" })
        {
            await user.CreateAsync($"budgets/{budget}/transactions", new { amount = -1, date = "2026-03-01", note });
        }
        await user.CreateAsync("goals", new { name = "=1+2", target = 10 });

        var transactions = Lines(await user.Client.GetStringAsync($"{Exports(user)}/transactions.csv", Ct));
        var budgets = Lines(await user.Client.GetStringAsync($"{Exports(user)}/budgets.csv", Ct));
        var goals = Lines(await user.Client.GetStringAsync($"{Exports(user)}/goals.csv", Ct));

        // Defused cells are quoted too, so a program that strips the apostrophe still reads them as one text cell.
        Assert.Equal(
        [
            "2026-03-01,\"'@SUM(A1:A9)\",-1.00,USD,\"'=HYPERLINK(\"\"http://evil.example\"\",\"\"click\"\")\"",
            "2026-03-01,\"'@SUM(A1:A9)\",-1.00,USD,\"'+1-555-0100\"",
            "2026-03-01,\"'@SUM(A1:A9)\",-1.00,USD,\"'-2+3\"",
            "2026-03-01,\"'@SUM(A1:A9)\",-1.00,USD,\"'@cmd\"",
            "2026-03-01,\"'@SUM(A1:A9)\",-1.00,USD,plain - dash",
        ], transactions.Skip(1));
        Assert.Equal("\"'=1+2\",10.00,0.00,USD,0.0,,3", goals[1][..goals[1].LastIndexOf(',')]);
        Assert.Equal("\"'@SUM(A1:A9)\",monthly,100.00,USD", budgets[1][..budgets[1].LastIndexOf(',')]);
    }

    [Fact]
    public async Task The_budgets_and_goals_csv_show_what_the_screens_show()
    {
        var user = await RichHousehold.CreateAsync(factory);

        var budgets = Lines(await user.Client.GetStringAsync($"{Exports(user)}/budgets.csv", Ct));
        var goals = Lines(await user.Client.GetStringAsync($"{Exports(user)}/goals.csv", Ct));

        Assert.Equal("Name,Period,Budgeted,Currency,Created", budgets[0]);
        Assert.Equal(["Food,monthly,600.00,EUR", "Fuel,weekly,50.00,EUR", "Insurance,yearly,1200.00,EUR"], budgets.Skip(1).Select(l => l[..l.LastIndexOf(',')]));
        Assert.Equal("Name,Target,Saved,Currency,Progress (%),Deadline,Priority,Created", goals[0]);
        Assert.Equal(["Holiday,5000.00,1250.50,EUR,25.0,2027-06-30,1", "New roof,20000.00,0.00,EUR,0.0,,3", "Buffer,9000.00,5000.00,EUR,55.5,2028-01-01,3"], goals.Skip(1).Select(l => l[..l.LastIndexOf(',')]));
    }

    [Fact]
    public async Task The_monthly_report_is_a_pdf_showing_the_month_its_totals_budgets_goals_and_money_map()
    {
        var user = await RichHousehold.CreateAsync(factory);

        var response = await user.Client.GetAsync($"{Exports(user)}/report.pdf?month=2026-01", Ct);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/pdf", response.Content.Headers.ContentType?.MediaType);
        Assert.Equal("budget-report-2026-01.pdf", response.Content.Headers.ContentDisposition?.FileNameStar);
        var bytes = await response.Content.ReadAsByteArrayAsync(Ct);
        using var pdf = PdfDocument.Open(bytes);
        var text = string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("Monthly report: January 2026", text);
        Assert.Contains("rich-", text);
        // Income 4,000.00 from the map; spent in January 42.17 − 5.50 + 310.01 = 346.68; left 3,653.32, 91.3 %.
        // Planned: 600.00 + 221.43 + 101.92 = 923.35, leaving 3,076.65.
        Assert.Contains("Income (money map) Spent (transactions) Left for savings Savings rate 4,000.00 346.68 3,653.32 91.3 %", text);
        Assert.Contains("91.3 % planned 923.35 planned 3,076.65", text);
        Assert.Contains("Food 600.00 346.68 253.32 58 %", text);
        // Fuel: 50 a week is 221.43 for January's 31 days, nothing spent in January; Insurance: 1,200 × 31/365 = 101.917….
        Assert.Contains("Fuel (weekly) 221.43 0.00 221.43 0 %", text);
        Assert.Contains("Insurance (yearly) 101.92 0.00 101.92 0 %", text);
        Assert.Contains("Holiday 1,250.50 5,000.00 25.0 % 2027-06-30", text);
        Assert.Contains("New roof 0.00 20,000.00 0.0 % none", text);
        Assert.Contains("Money map", text);
        Assert.Contains("Rainy day", text);
        Assert.Contains("Car loan", text);
        Assert.All(pdf.GetPages(), page => Assert.Empty(page.GetImages()));
    }

    /// <summary>
    /// Salary 2,500.00 a month mapped into checking and a pension of 100.00 a month not mapped yet; insurance
    /// 1,000.00 a year, food 300.00 and gifts 50.00 a month. In the month: food 120.00, a gift returned (−20.00,
    /// a refund beyond the budget's spending) and the insurance paid as given.
    /// </summary>
    [Theory]
    [InlineData("2026-03", "2026-03-31", "90.00", "84.93")] // 1,000 × 31/365 = 84.931…
    [InlineData("2026-04", "2026-04-30", "3000.00", "82.19")] // 1,000 × 30/365 = 82.191…, and overspent
    public async Task The_report_shows_the_same_planned_and_left_over_figures_as_what_happened(string month, string last, string insurancePaid, string insurancePlanned)
    {
        var ann = await TestUser.RegisterAsync(factory);
        var salary = await ann.CreateAsync("nodes", new { type = "income", label = "Salary", amount = 9999 });
        var checking = await ann.CreateAsync("nodes", new { type = "account", label = "Checking" });
        await ann.CreateAsync("flows", new { fromNodeId = salary, toNodeId = checking, amount = 2500 });
        await ann.CreateAsync("nodes", new { type = "income", label = "Pension", amount = 100 });
        var insurance = await ann.CreateAsync("budgets", new { name = "Insurance", budgeted = 1000, period = "yearly" });
        var food = await ann.CreateAsync("budgets", new { name = "Food", budgeted = 300, period = "monthly" });
        var gifts = await ann.CreateAsync("budgets", new { name = "Gifts", budgeted = 50, period = "monthly" });
        await ann.CreateAsync($"budgets/{insurance}/transactions", new { amount = decimal.Parse(insurancePaid, CultureInfo.InvariantCulture), date = $"{month}-15" });
        await ann.CreateAsync($"budgets/{food}/transactions", new { amount = 120, date = $"{month}-01" });
        await ann.CreateAsync($"budgets/{gifts}/transactions", new { amount = -20, date = last });

        var happened = await ann.Client.GetJsonAsync($"/api/profiles/{ann.ProfileId}/actual-sankey?from={month}-01&to={last}");
        var text = await ReportTextAsync(ann, month);

        string Figure(string name) => happened.Number(name).ToString("#,##0.00", CultureInfo.InvariantCulture);
        var plannedInsurance = happened.GetProperty("links").EnumerateArray()
            .Single(l => l.TryGetProperty("budgetId", out var id) && id.ValueKind == JsonValueKind.Number && id.GetInt64() == insurance).Number("planned");
        Assert.Equal(decimal.Parse(insurancePlanned, CultureInfo.InvariantCulture), plannedInsurance);
        Assert.Contains($"Insurance (yearly) {insurancePlanned} {decimal.Parse(insurancePaid, CultureInfo.InvariantCulture):#,##0.00}", text);
        Assert.Contains("Food 300.00 120.00 180.00 40 %", text);
        Assert.Contains("Gifts 50.00 -20.00 70.00 -40 %", text);
        // Both count the pension the map has not spread yet: income is 2,600.00.
        Assert.Equal(2600m, happened.Number("income"));
        Assert.Equal(20m, happened.Number("refunds"));
        Assert.Equal(happened.Number("income") + happened.Number("refunds") + happened.Number("deficit"), happened.Number("spent") + happened.Number("leftOver"));
        Assert.Equal(happened.Number("plannedIncome") + happened.Number("plannedDeficit"), happened.Number("plannedSpending") + happened.Number("plannedLeftOver"));
        var (leftLabel, left, plannedLeft) = happened.Number("deficit") > 0
            ? ("Overspent", Figure("deficit"), Figure("plannedDeficit"))
            : ("Left for savings", Figure("leftOver"), Figure("plannedLeftOver"));
        Assert.Contains($"Income (money map) Spent (transactions) {leftLabel} Savings rate {Figure("income")} {Figure("spent")} {left} ", text);
        Assert.Contains($"planned {Figure("plannedSpending")} planned {plannedLeft}", text);
        Assert.Contains($"Includes {Figure("refunds")} of refunds beyond what some budgets spent.", text);
    }

    [Fact]
    public async Task A_goal_linked_to_a_savings_node_shows_the_nodes_balance_after_it_changes_in_the_report_and_the_goals_csv()
    {
        var ann = await TestUser.RegisterAsync(factory);
        var fund = await ann.CreateAsync("nodes", new { type = "savings", label = "Rainy day", balance = 100 });
        await ann.CreateAsync("goals", new { name = "Buffer", target = 1000, current = 5, nodeId = fund });

        var put = await ann.Client.PutAsJsonAsync($"/api/profiles/{ann.ProfileId}/nodes/{fund}", new { type = "savings", label = "Rainy day", balance = 450.10m }, Ct);
        Assert.Equal(HttpStatusCode.OK, put.StatusCode);

        Assert.Contains("Buffer 450.10 1,000.00 45.0 % none", await ReportTextAsync(ann, "2026-03"));
        var goals = Lines(await ann.Client.GetStringAsync($"{Exports(ann)}/goals.csv", Ct));
        Assert.StartsWith("Buffer,1000.00,450.10,USD,45.0,,", goals[1]);
    }

    private static async Task<string> ReportTextAsync(TestUser user, string month)
    {
        var bytes = await user.Client.GetByteArrayAsync($"{Exports(user)}/report.pdf?month={month}", Ct);
        using var pdf = PdfDocument.Open(bytes);
        return string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
    }

    [Theory]
    [InlineData("2026-13")]
    [InlineData("January")]
    [InlineData("1800-01")]
    public async Task A_month_that_is_not_a_month_is_a_400_naming_it(string month)
    {
        var user = await TestUser.RegisterAsync(factory);

        var response = await user.Client.GetAsync($"{Exports(user)}/report.pdf?month={month}", Ct);

        Assert.Equal(["month"], await response.ProblemFieldsAsync());
    }

    [Fact]
    public async Task An_empty_profile_still_gets_a_report_and_csv_files_with_only_headers()
    {
        var user = await TestUser.RegisterAsync(factory);

        var pdf = await user.Client.GetByteArrayAsync($"{Exports(user)}/report.pdf", Ct);
        var csv = Lines(await user.Client.GetStringAsync($"{Exports(user)}/goals.csv", Ct));

        using var document = PdfDocument.Open(pdf);
        var text = string.Join(" ", document.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text));
        Assert.Contains("No budgets yet.", text);
        Assert.Contains("Savings rate 0.00 0.00 0.00 no income", text);
        Assert.Single(csv);
    }

    [Fact]
    public async Task Another_users_exports_are_404()
    {
        var owner = await RichHousehold.CreateAsync(factory);
        var stranger = await TestUser.RegisterAsync(factory);

        foreach (var file in new[] { "transactions.csv", "budgets.csv", "goals.csv", "report.pdf" })
        {
            Assert.Equal(HttpStatusCode.NotFound, (await stranger.Client.GetAsync($"{Exports(owner)}/{file}", Ct)).StatusCode);
        }
    }

    /// <summary>
    /// The report is drawn in memory before it is sent, so its size is what one report costs: a large household's
    /// report (200 budgets over several pages, 200 goals, a 60-node map) allocates a few MB, well inside the pod.
    /// </summary>
    [Fact]
    public void Drawing_a_large_households_report_allocates_a_few_megabytes()
    {
        var currency = Currency.Usd;
        var nodes = Enumerable.Range(1, 60).Select(i => new MoneyMap.Node(i, $"Node {i}", i <= 5 ? NodeType.Income : i <= 20 ? NodeType.Account : NodeType.Expense, 0)).ToList();
        var flows = Enumerable.Range(6, 55).Select(i => new MoneyMap.Flow(i <= 20 ? (i % 5) + 1 : (i % 15) + 6, i, 1000 * i)).ToList();
        var happened = ActualFlowGraph.Build(
            Enumerable.Range(1, 5).Select(i => new ActualFlowGraph.IncomeSource(i, $"Node {i}", 100_000_00)),
            Enumerable.Range(1, 200).Select(i => new ActualFlowGraph.BudgetFigures(i, $"Budget {i}", BudgetPeriod.Monthly, 100_00 * i, 90_00 * i)),
            new DateOnly(2026, 1, 1), new DateOnly(2026, 1, 31));
        var report = new MonthlyReport("Large household", currency, new DateOnly(2026, 1, 1), new DateOnly(2026, 2, 1), happened,
            Enumerable.Range(1, 200).Select(i => new MonthlyReport.GoalLine($"Goal {i}", 1000_00, 10_00 * i, i, new DateOnly(2027, 1, 1), i % 2 == 0)).ToList(),
            nodes, flows);
        ReportPdf.Write(report, Stream.Null); // the fonts load once per process; measure a report after that

        using var output = new MemoryStream();
        var before = GC.GetAllocatedBytesForCurrentThread();
        ReportPdf.Write(report, output);
        var allocated = GC.GetAllocatedBytesForCurrentThread() - before;

        using var pdf = PdfDocument.Open(output.ToArray());
        Assert.True(pdf.NumberOfPages >= 5, $"{pdf.NumberOfPages} pages");
        Assert.Contains("Budget 200", string.Join(" ", pdf.GetPages().SelectMany(p => p.GetWords()).Select(w => w.Text)));
        TestContext.Current.SendDiagnosticMessage($"A {pdf.NumberOfPages}-page report: {output.Length / 1024} KiB of PDF, {allocated / 1024 / 1024.0:0.0} MiB allocated while drawing it");
        Assert.True(allocated < 32 * 1024 * 1024, $"{allocated / 1024 / 1024.0:0.0} MiB allocated");
    }

    private static string[] Lines(string csv) => csv.TrimStart('\uFEFF').Split("\r\n", StringSplitOptions.RemoveEmptyEntries);
}
