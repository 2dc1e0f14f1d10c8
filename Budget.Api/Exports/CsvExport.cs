using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Goals;
using CsvHelper;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Exports;

/// <summary>
/// A profile's transactions, budgets and goals as RFC 4180 CSV (comma, CRLF, quotes where needed), one file per kind,
/// for a spreadsheet: amounts are exact decimals in major units with a '.' and the currency in its own column, dates
/// are ISO 8601. UTF-8 with a byte order mark, which is how spreadsheet programs recognise UTF-8.
/// </summary>
public static class CsvExport
{
    public const string ContentType = "text/csv; charset=utf-8";

    private static readonly CsvWriterOptions Options = new()
    {
        // A text cell starting with = + - @, a tab or a return gets a leading apostrophe (and quotes), so a spreadsheet
        // shows it instead of running it as a formula (OWASP "CSV injection"). Numbers are not text: a refund stays -12.50.
        Injection = CsvInjection.Escape,
        WriteByteOrderMark = true,
    };

    public static async Task WriteTransactionsAsync(Stream output, BudgetDbContext db, long profileId, DateOnly from, DateOnly to, Currency currency, CancellationToken cancellationToken)
    {
        await using var snapshot = await db.BeginSnapshotAsync(cancellationToken);
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.ProfileId == profileId).ToDictionaryAsync(b => b.Id, b => b.Name, cancellationToken);
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        await csv.WriteRecordAsync(["Date", "Budget", "Amount", "Currency", "Note"], cancellationToken);
        var rows = db.Transactions.AsNoTracking()
            .Where(t => budgets.Keys.Contains(t.BudgetId) && t.Date >= from && t.Date <= to)
            .OrderBy(t => t.Date).ThenBy(t => t.Id)
            .AsAsyncEnumerable();
        await foreach (var transaction in rows.WithCancellation(cancellationToken))
        {
            csv.WriteField(transaction.Date, IsoDate);
            csv.WriteField(budgets[transaction.BudgetId]);
            csv.WriteField(Money.ToMajor(transaction.Amount, currency), AmountFormat(currency));
            csv.WriteField(currency.Code);
            csv.WriteField(transaction.Note);
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <param name="zone">The household's time zone: a budget's Created column is the household's day it was made, as on screen.</param>
    public static async Task WriteBudgetsAsync(Stream output, BudgetDbContext db, long profileId, Currency currency, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.ProfileId == profileId).OrderBy(b => b.Name).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        await csv.WriteRecordAsync(["Name", "Period", "Budgeted", "Currency", "Created"], cancellationToken);
        foreach (var budget in budgets)
        {
            csv.WriteField(budget.Name);
            csv.WriteField(budget.Period.ToString().ToLowerInvariant());
            csv.WriteField(Money.ToMajor(budget.Budgeted, currency), AmountFormat(currency));
            csv.WriteField(currency.Code);
            csv.WriteField(HouseholdTime.DayOf(budget.CreatedAt, zone), IsoDate);
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    /// <param name="zone">The household's time zone: a goal's Created column is the household's day it was set, as on screen.</param>
    public static async Task WriteGoalsAsync(Stream output, BudgetDbContext db, long profileId, Currency currency, TimeZoneInfo zone, CancellationToken cancellationToken)
    {
        var goals = await db.Goals.AsNoTracking().Where(g => g.ProfileId == profileId).OrderBy(g => g.Priority).ThenBy(g => g.Id).ToListAsync(cancellationToken);
        var links = await GoalLinks.ForProfileAsync(db, profileId, cancellationToken);
        await using var csv = CsvWriter.Create(output, Options, leaveOpen: true);
        await csv.WriteRecordAsync(["Name", "Target", "Saved", "Currency", "Progress (%)", "Deadline", "Priority", "Created"], cancellationToken);
        foreach (var goal in goals)
        {
            csv.WriteField(goal.Name);
            csv.WriteField(Money.ToMajor(goal.Target, currency), AmountFormat(currency));
            csv.WriteField(Money.ToMajor(GoalProgress.Current(goal, links.Of(goal)), currency), AmountFormat(currency));
            csv.WriteField(currency.Code);
            csv.WriteField(GoalProgress.Percent(goal, links.Of(goal)), "0.0");
            if (goal.Deadline is { } deadline)
            {
                csv.WriteField(deadline, IsoDate);
            }
            else
            {
                csv.WriteField((string?)null);
            }
            csv.WriteField(goal.Priority, "0");
            csv.WriteField(HouseholdTime.DayOf(goal.CreatedAt, zone), IsoDate);
            await csv.EndRecordAsync(cancellationToken);
        }
        await csv.FlushAsync(cancellationToken);
    }

    private const string IsoDate = "yyyy-MM-dd";

    /// <summary>Always the currency's decimals ("12.50", "1200" for JPY), so a column reads alike.</summary>
    private static string AmountFormat(Currency currency) => currency.Exponent == 0 ? "0" : "0." + new string('0', currency.Exponent);
}
