using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Goals;
using Budget.Api.Sankey;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Exports;

/// <summary>
/// What the monthly PDF shows, gathered from one read snapshot. Income is the money map's monthly income (money
/// leaving income nodes for other kinds); spending is the month's transactions; what is left of the income is the
/// saving, and the savings rate is that share of the income.
/// </summary>
public sealed record MonthlyReport(
    string ProfileName,
    Currency Currency,
    DateOnly Month,
    DateOnly Today,
    long Income,
    long Spent,
    IReadOnlyList<MonthlyReport.BudgetLine> Budgets,
    IReadOnlyList<MonthlyReport.GoalLine> Goals,
    IReadOnlyList<MonthlyReport.MapNode> Nodes,
    IReadOnlyList<MonthlyReport.MapFlow> Flows)
{
    /// <summary>A budget's allowance for the month (weekly and yearly budgets prorated by days) and what was spent in it.</summary>
    public sealed record BudgetLine(string Name, BudgetPeriod Period, long Budgeted, long ForMonth, long Spent);

    public sealed record GoalLine(string Name, long Target, long Current, decimal Percent, DateOnly? Deadline, bool? OnTrack);

    public sealed record MapNode(long Id, string Label, NodeType Type);

    public sealed record MapFlow(long FromNodeId, long ToNodeId, long Amount);

    public long LeftOver => Income - Spent;

    /// <summary>Left over as a percentage of income, one decimal; null without income.</summary>
    public decimal? SavingsRate => Income == 0 ? null : decimal.Round(100m * LeftOver / Income, 1, MidpointRounding.AwayFromZero);

    public static async Task<MonthlyReport> GatherAsync(BudgetDbContext db, long profileId, DateOnly month, DateOnly today, Currency currency, CancellationToken cancellationToken)
    {
        var first = Dates.FirstOfMonth(month);
        var last = first.AddMonths(1).AddDays(-1);
        await using var snapshot = await db.BeginSnapshotAsync(cancellationToken);
        var profileName = await db.Profiles.Where(p => p.Id == profileId).Select(p => p.Name).SingleAsync(cancellationToken);
        var nodes = await db.Nodes.AsNoTracking().Where(n => n.ProfileId == profileId).OrderBy(n => n.Id)
            .Select(n => new MapNode(n.Id, n.Label, n.Type)).ToListAsync(cancellationToken);
        var flows = await db.Flows.AsNoTracking().Where(f => f.ProfileId == profileId).OrderBy(f => f.Id)
            .Select(f => new MapFlow(f.FromNodeId, f.ToNodeId, f.Amount)).ToListAsync(cancellationToken);
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.ProfileId == profileId).OrderBy(b => b.Name).ThenBy(b => b.Id)
            .Select(b => new
            {
                b.Name,
                b.Period,
                b.Budgeted,
                Spent = db.Transactions.Where(t => t.BudgetId == b.Id && t.Date >= first && t.Date <= last).Sum(t => t.Amount),
            })
            .ToListAsync(cancellationToken);
        var goals = await db.Goals.AsNoTracking().Where(g => g.ProfileId == profileId).OrderBy(g => g.Priority).ThenBy(g => g.Id).ToListAsync(cancellationToken);
        var links = await GoalLinks.ForProfileAsync(db, profileId, cancellationToken);

        var typeOf = nodes.ToDictionary(n => n.Id, n => n.Type);
        var income = flows.Where(f => typeOf[f.FromNodeId] == NodeType.Income && typeOf[f.ToNodeId] != NodeType.Income).Sum(f => f.Amount);
        var days = last.Day;
        return new MonthlyReport(
            profileName,
            currency,
            first,
            today,
            income,
            budgets.Sum(b => b.Spent),
            budgets.Select(b => new BudgetLine(b.Name, b.Period, b.Budgeted, ForMonth(b.Period, b.Budgeted, days), b.Spent)).ToList(),
            goals.Select(g => new GoalLine(g.Name, g.Target, GoalProgress.Current(g, links.Of(g)), GoalProgress.Percent(g, links.Of(g)), g.Deadline, GoalProgress.OnTrack(g, today, links.Of(g)))).ToList(),
            nodes,
            flows);
    }

    /// <summary>A monthly budget as it is; a weekly one for the month's days; a yearly one a twelfth. Rounded to the minor unit.</summary>
    public static long ForMonth(BudgetPeriod period, long budgeted, int daysInMonth) => period switch
    {
        BudgetPeriod.Weekly => (long)Math.Round((decimal)budgeted * daysInMonth / 7, MidpointRounding.AwayFromZero),
        BudgetPeriod.Yearly => (long)Math.Round((decimal)budgeted / 12, MidpointRounding.AwayFromZero),
        _ => budgeted,
    };
}
