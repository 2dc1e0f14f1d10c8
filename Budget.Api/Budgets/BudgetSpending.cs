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

    /// <summary>The same for any set of budgets (the alert scan takes every household's).</summary>
    public static async Task<Dictionary<long, PeriodSpending>> ForAsync(
        BudgetDbContext db, IQueryable<SpendingBudget> budgets, DateOnly asOf, CancellationToken cancellationToken)
    {
        var result = new Dictionary<long, PeriodSpending>();
        // One query per kind of period (at most three), each over exactly its own date range.
        foreach (var period in Enum.GetValues<BudgetPeriod>())
        {
            var (start, end) = BudgetPeriods.Containing(period, asOf);
            var spent = await budgets.AsNoTracking()
                .Where(b => b.Period == period)
                .Select(b => new
                {
                    b.Id,
                    Spent = db.Transactions.Where(t => t.BudgetId == b.Id && t.Date >= start && t.Date <= end).Sum(t => t.Amount),
                })
                .ToListAsync(cancellationToken);
            foreach (var budget in spent)
            {
                result[budget.Id] = new PeriodSpending(start, end, budget.Spent);
            }
        }
        return result;
    }
}
