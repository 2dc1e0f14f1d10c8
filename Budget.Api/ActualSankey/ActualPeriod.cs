using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.ActualSankey;

/// <summary>
/// What happened in a period, read for one profile: the planned income and each budget's net spending, built into the
/// <see cref="ActualFlowGraph"/>. The actual Sankey and the monthly PDF report both ask this, so their figures agree
/// to the minor unit.
/// </summary>
public static class ActualPeriod
{
    /// <summary>Call it inside <c>db.BeginSnapshotAsync</c>, so the plan and the spending come from the same moment.</summary>
    /// <param name="incomeSources">The profile's planned income (<see cref="PlannedIncome.Sources"/>), from the map the caller loaded.</param>
    public static async Task<ActualFlowGraph.Graph> GatherAsync(
        BudgetDbContext db, long profileId, DateOnly from, DateOnly to, IReadOnlyList<ActualFlowGraph.IncomeSource> incomeSources, CancellationToken cancellationToken)
    {
        var budgets = await db.Budgets.AsNoTracking()
            .Where(b => b.ProfileId == profileId)
            .OrderBy(b => b.Name).ThenBy(b => b.Id)
            .Select(b => new ActualFlowGraph.BudgetFigures(
                b.Id,
                b.Name,
                b.Period,
                b.Budgeted,
                db.Transactions.Where(t => t.BudgetId == b.Id && t.Date >= from && t.Date <= to).Sum(t => t.Amount)))
            .ToListAsync(cancellationToken);
        return ActualFlowGraph.Build(incomeSources, budgets, from, to);
    }
}
