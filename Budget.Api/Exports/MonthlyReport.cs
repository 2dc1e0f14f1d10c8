using Budget.Api.ActualSankey;
using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Goals;
using Budget.Api.Sankey;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Exports;

/// <summary>
/// What the monthly PDF shows, gathered from one read snapshot. The month's figures are the actual Sankey's for the
/// same month (<see cref="ActualPeriod"/>): income is the money map's planned income, each budget's plan is prorated
/// by days, spending is the month's transactions, and the totals reconcile the same way
/// (income + refunds + deficit = spent + leftOver), so the report and the "What happened" screen agree to the cent.
/// </summary>
public sealed record MonthlyReport(
    string ProfileName,
    Currency Currency,
    DateOnly Month,
    DateOnly Today,
    ActualFlowGraph.Graph Happened,
    IReadOnlyList<MonthlyReport.GoalLine> Goals,
    IReadOnlyList<MoneyMap.Node> Nodes,
    IReadOnlyList<MoneyMap.Flow> Flows)
{
    public sealed record GoalLine(string Name, long Target, long Current, decimal Percent, DateOnly? Deadline, bool? OnTrack);

    /// <summary>What is left of the income after the month's net spending, as a percentage of the income, one decimal (negative when overspent); null without income.</summary>
    public decimal? SavingsRate => Happened.Income == 0
        ? null
        : decimal.Round(100m * (Happened.LeftOver - Happened.Deficit) / Happened.Income, 1, MidpointRounding.AwayFromZero);

    public static async Task<MonthlyReport> GatherAsync(BudgetDbContext db, long profileId, DateOnly month, DateOnly today, TimeZoneInfo zone, Currency currency, CancellationToken cancellationToken)
    {
        var first = Dates.FirstOfMonth(month);
        var last = first.AddMonths(1).AddDays(-1);
        await using var snapshot = await db.BeginSnapshotAsync(cancellationToken);
        var profileName = await db.Profiles.Where(p => p.Id == profileId).Select(p => p.Name).SingleAsync(cancellationToken);
        var (nodes, flows) = await MoneyMap.LoadAsync(db, profileId, cancellationToken);
        var happened = await ActualPeriod.GatherAsync(db, profileId, first, last, PlannedIncome.Sources(nodes, flows), cancellationToken);
        var goals = await db.Goals.AsNoTracking().Where(g => g.ProfileId == profileId).OrderBy(g => g.Priority).ThenBy(g => g.Id).ToListAsync(cancellationToken);
        var links = await GoalLinks.ForProfileAsync(db, profileId, cancellationToken);

        return new MonthlyReport(
            profileName,
            currency,
            first,
            today,
            happened,
            goals.Select(g => new GoalLine(g.Name, g.Target, GoalProgress.Current(g, links.Of(g)), GoalProgress.Percent(g, links.Of(g)), g.Deadline, GoalProgress.OnTrack(g, today, zone, links.Of(g)))).ToList(),
            nodes,
            flows);
    }
}
