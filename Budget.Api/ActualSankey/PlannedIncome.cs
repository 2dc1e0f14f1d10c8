using Budget.Api.Data;
using Budget.Api.Sankey;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.ActualSankey;

/// <summary>
/// The money map's monthly income: the one definition the dashboard, the monthly report and the actual Sankey share
/// (docs/decisions/actual-sankey-and-goal-projection.md). Budget records spending, not pay, so income is planned: each
/// income node's flows out to other kinds of node, or, while it has no flows out at all, its own monthly amount or
/// what other income nodes pass to it, whichever is larger. An
/// income node that only feeds another income node passes its money on and counts nothing itself, so a chain
/// "Salary → Household pay → Checking" counts the salary once.
/// </summary>
public static class PlannedIncome
{
    /// <summary>Each income node with its monthly income, in node order.</summary>
    public static async Task<List<ActualFlowGraph.IncomeSource>> SourcesAsync(BudgetDbContext db, long profileId, CancellationToken cancellationToken)
    {
        var nodes = await db.Nodes.AsNoTracking()
            .Where(n => n.ProfileId == profileId && n.Type == NodeType.Income)
            .OrderBy(n => n.Id)
            .Select(n => new
            {
                n.Id,
                n.Label,
                n.Amount,
                HasFlowsOut = db.Flows.Any(f => f.FromNodeId == n.Id),
                ToOtherKinds = db.Flows.Where(f => f.FromNodeId == n.Id && db.Nodes.Any(t => t.Id == f.ToNodeId && t.Type != NodeType.Income)).Sum(f => f.Amount),
                FromIncome = db.Flows.Where(f => f.ToNodeId == n.Id && db.Nodes.Any(s => s.Id == f.FromNodeId && s.Type == NodeType.Income)).Sum(f => f.Amount),
            })
            .ToListAsync(cancellationToken);
        // The end of a chain counts what reaches it, or its own amount when that is larger (not yet all mapped).
        return nodes.Select(n => new ActualFlowGraph.IncomeSource(n.Id, n.Label, n.HasFlowsOut ? n.ToOtherKinds : Math.Max(n.Amount, n.FromIncome))).ToList();
    }

    /// <summary>The profile's monthly income in minor units.</summary>
    public static async Task<long> MonthlyAsync(BudgetDbContext db, long profileId, CancellationToken cancellationToken) =>
        (await SourcesAsync(db, profileId, cancellationToken)).Sum(s => s.Monthly);
}
