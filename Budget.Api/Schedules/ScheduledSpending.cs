using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Schedules;

/// <summary>What a profile's schedules will spend: the occurrences not yet created as transactions, in a date range.</summary>
public static class ScheduledSpending
{
    public sealed record Occurrence(Schedule Schedule, string BudgetName, DateOnly Date);

    /// <summary>
    /// Occurrences after <paramref name="after"/> up to <paramref name="through"/>, by date then budget; never one a
    /// pass has already handled, so nothing is counted both as a transaction and as scheduled.
    /// </summary>
    public static async Task<List<Occurrence>> OccurrencesAsync(BudgetDbContext db, long profileId, DateOnly after, DateOnly through, CancellationToken cancellationToken)
    {
        var schedules = await db.Schedules.AsNoTracking()
            .Where(s => s.EndDate == null || s.EndDate > after)
            .Join(db.Budgets.Where(b => b.ProfileId == profileId), s => s.BudgetId, b => b.Id, (s, b) => new { Schedule = s, BudgetName = b.Name })
            .ToListAsync(cancellationToken);
        return schedules
            .SelectMany(s => s.Schedule.Rule.Between(s.Schedule.HandledThrough > after ? s.Schedule.HandledThrough : after, through)
                .Select(date => new Occurrence(s.Schedule, s.BudgetName, date)))
            .OrderBy(o => o.Date).ThenBy(o => o.BudgetName, StringComparer.Ordinal).ThenBy(o => o.Schedule.Id)
            .ToList();
    }

    /// <summary>Scheduled spending per budget and month, in minor units, for <paramref name="months"/> months from <paramref name="firstMonth"/>.</summary>
    public static async Task<Dictionary<long, decimal[]>> ByBudgetAndMonthAsync(
        BudgetDbContext db, long profileId, DateOnly after, DateOnly firstMonth, int months, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, decimal[]>();
        var occurrences = await OccurrencesAsync(db, profileId, after, firstMonth.AddMonths(months).AddDays(-1), cancellationToken);
        foreach (var occurrence in occurrences)
        {
            if (!result.TryGetValue(occurrence.Schedule.BudgetId, out var perMonth))
            {
                result[occurrence.Schedule.BudgetId] = perMonth = new decimal[months];
            }
            // Decimal: a year of weekly occurrences of the largest amount in every schedule would overflow a long.
            perMonth[(occurrence.Date.Year - firstMonth.Year) * 12 + occurrence.Date.Month - firstMonth.Month] += occurrence.Schedule.Amount;
        }
        return result;
    }
}
