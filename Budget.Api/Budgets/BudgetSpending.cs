using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Budgets;

/// <summary>A budget's spending in the period containing a date, summed in SQLite over the (budget, date) index.</summary>
public static class BudgetSpending
{
    public sealed record PeriodSpending(DateOnly Start, DateOnly End, long Spent);

    /// <summary>One budget's, for a request about that budget (its answer, and its alerts after a write).</summary>
    public static async Task<PeriodSpending> OfAsync(BudgetDbContext db, SpendingBudget budget, DateOnly asOf, CancellationToken cancellationToken)
    {
        var (start, end) = BudgetPeriods.Containing(budget.Period, asOf);
        var spent = await db.Transactions.Where(t => t.BudgetId == budget.Id && t.Date >= start && t.Date <= end).SumAsync(t => t.Amount, cancellationToken);
        return new PeriodSpending(start, end, spent);
    }

    public static Task<Dictionary<long, PeriodSpending>> ForProfileAsync(
        BudgetDbContext db, long profileId, DateOnly asOf, CancellationToken cancellationToken) =>
        ForAsync(db, db.Budgets.Where(b => b.ProfileId == profileId), asOf, cancellationToken);

    /// <summary>The same for any set of budgets (the alert scan takes every household's), in one query.</summary>
    public static async Task<Dictionary<long, PeriodSpending>> ForAsync(
        BudgetDbContext db, IQueryable<SpendingBudget> budgets, DateOnly asOf, CancellationToken cancellationToken)
    {
        var ranges = Enum.GetValues<BudgetPeriod>().ToDictionary(p => p, p => BudgetPeriods.Containing(p, asOf));
        var (weekStart, weekEnd) = ranges[BudgetPeriod.Weekly];
        var (monthStart, monthEnd) = ranges[BudgetPeriod.Monthly];
        var (yearStart, yearEnd) = ranges[BudgetPeriod.Yearly];
        // Each budget's sum runs over exactly its own period's dates (a CASE on its period), on the (budget, date) index.
        var spent = await budgets.AsNoTracking()
            .Select(b => new
            {
                b.Id,
                b.Period,
                Spent = db.Transactions
                    .Where(t => t.BudgetId == b.Id
                        && t.Date >= (b.Period == BudgetPeriod.Weekly ? weekStart : b.Period == BudgetPeriod.Monthly ? monthStart : yearStart)
                        && t.Date <= (b.Period == BudgetPeriod.Weekly ? weekEnd : b.Period == BudgetPeriod.Monthly ? monthEnd : yearEnd))
                    .Sum(t => t.Amount),
            })
            .ToListAsync(cancellationToken);
        return spent.ToDictionary(b => b.Id, b => new PeriodSpending(ranges[b.Period].Start, ranges[b.Period].End, b.Spent));
    }
}
