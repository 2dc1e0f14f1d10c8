using System.Globalization;
using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Budget.Api.Exports;

/// <summary>
/// Downloads of a profile (CSV per kind, the monthly PDF report) and of the whole account (JSON), and the restore of
/// such a JSON file. The profile routes only read (viewer rights); the account routes act on the caller's own profiles.
/// </summary>
public static class ExportsApi
{
    public const string PdfContentType = "application/pdf";

    public static RouteGroupBuilder MapExportsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("exports").WithTags("Exports");
        group.MapGet("/transactions.csv", Transactions).Produces<string>(StatusCodes.Status200OK, CsvExport.ContentType);
        group.MapGet("/budgets.csv", BudgetsCsv).Produces<string>(StatusCodes.Status200OK, CsvExport.ContentType);
        group.MapGet("/goals.csv", GoalsCsv).Produces<string>(StatusCodes.Status200OK, CsvExport.ContentType);
        group.MapGet("/report.pdf", Report).Produces(StatusCodes.Status200OK, responseType: null, contentType: PdfContentType);
        return group;
    }

    public static RouteGroupBuilder MapAccountExportApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/account").WithTags("Account export").RequireAuthorization();
        group.MapGet("/export", Export).Produces<AccountBackup>(StatusCodes.Status200OK, "application/json");
        group.MapPost("/restore", AccountRestore.RestoreAsync).Accepts<AccountBackup>("application/json").WithRequestBodyLimit(Limits.BackupBytes);
        group.MapGet("/upload-limits", () => TypedResults.Ok(new UploadLimits(Limits.BackupBytes, Limits.ImportFileBytes)));
        return group;
    }

    /// <summary>The profile's transactions, oldest first; <c>from</c>/<c>to</c> (YYYY-MM-DD, inclusive) narrow them.</summary>
    private static Results<PushStreamHttpResult, ValidationProblem> Transactions(
        long profileId, string? from, string? to, CurrentUser user, BudgetDbContext db, HouseholdTime household, HttpContext http)
    {
        var validator = new Validator(user.Currency);
        var fromDate = Dates.ParseQuery(validator, "from", from);
        var toDate = Dates.ParseQuery(validator, "to", to);
        if (fromDate > toDate)
        {
            validator.Error("to", "Must not be before from.");
        }
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        var name = fromDate is null && toDate is null
            ? FileName("transactions", "csv", household)
            : $"budget-transactions-{fromDate ?? Dates.Earliest:yyyy-MM-dd}-to-{toDate ?? Dates.Latest:yyyy-MM-dd}.csv";
        return TypedResults.Stream(
            output => CsvExport.WriteTransactionsAsync(output, db, profileId, fromDate ?? Dates.Earliest, toDate ?? Dates.Latest, user.Currency, http.RequestAborted),
            CsvExport.ContentType, name);
    }

    private static PushStreamHttpResult BudgetsCsv(long profileId, CurrentUser user, BudgetDbContext db, HouseholdTime household, HttpContext http) =>
        TypedResults.Stream(output => CsvExport.WriteBudgetsAsync(output, db, profileId, user.Currency, household.Zone, http.RequestAborted), CsvExport.ContentType, FileName("budgets", "csv", household));

    private static PushStreamHttpResult GoalsCsv(long profileId, CurrentUser user, BudgetDbContext db, HouseholdTime household, HttpContext http) =>
        TypedResults.Stream(output => CsvExport.WriteGoalsAsync(output, db, profileId, user.Currency, household.Zone, http.RequestAborted), CsvExport.ContentType, FileName("goals", "csv", household));

    /// <param name="month">The month to report, as YYYY-MM; the household's current month if left out.</param>
    private static async Task<Results<FileStreamHttpResult, ValidationProblem>> Report(
        long profileId, string? month, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var today = household.Today();
        var first = Dates.FirstOfMonth(today);
        if (!string.IsNullOrEmpty(month))
        {
            if (DateOnly.TryParseExact(month + "-01", "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var parsed))
            {
                first = validator.Date("month", parsed);
            }
            else
            {
                validator.Error("month", "Must be a month as YYYY-MM.");
            }
        }
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        var report = await MonthlyReport.GatherAsync(db, profileId, first, today, household.Zone, user.Currency, cancellationToken);
        // PDFsharp writes synchronously and seeks, so the file is made in memory (tens of KB; see ExportsApiTests for
        // a large household's) and then sent.
        var pdf = new MemoryStream();
        ReportPdf.Write(report, pdf);
        pdf.Position = 0;
        return TypedResults.File(pdf, PdfContentType, $"budget-report-{first:yyyy-MM}.pdf");
    }

    /// <summary>Everything the caller owns, as one JSON file (see <see cref="AccountBackup"/>), written as it is read.</summary>
    private static PushStreamHttpResult Export(CurrentUser user, BudgetDbContext db, TimeProvider clock, HouseholdTime household, HttpContext http) =>
        TypedResults.Stream(
            output => AccountExport.WriteAsync(output, db, user.Id, user.Currency, clock.GetUtcNow().UtcDateTime, http.RequestAborted),
            "application/json", FileName("account", "json", household));

    private static string FileName(string what, string extension, HouseholdTime household) => $"budget-{what}-{household.Today():yyyy-MM-dd}.{extension}";
}
