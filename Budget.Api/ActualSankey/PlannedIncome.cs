using Budget.Api.Sankey;

namespace Budget.Api.ActualSankey;

/// <summary>
/// The money map's monthly income: the one definition the dashboard, the monthly report and the actual Sankey share
/// (docs/decisions/actual-sankey-and-goal-projection.md). Budget records spending, not pay, so income is planned: each
/// income node's flows out to other kinds of node, or, while it has no flows out at all, its own monthly amount or
/// what other income nodes pass to it, whichever is larger. An income node that only feeds another income node passes
/// its money on and counts nothing itself, so a chain "Salary → Household pay → Checking" counts the salary once.
/// Computed from the map the caller has loaded anyway (<see cref="MoneyMap"/>), not queried again.
/// </summary>
public static class PlannedIncome
{
    /// <summary>Each income node with its monthly income, in the nodes' order.</summary>
    public static List<ActualFlowGraph.IncomeSource> Sources(IReadOnlyCollection<MoneyMap.Node> nodes, IReadOnlyCollection<MoneyMap.Flow> flows)
    {
        var isIncome = nodes.ToDictionary(n => n.Id, n => n.Type == NodeType.Income);
        return nodes.Where(n => n.Type == NodeType.Income).Select(n =>
        {
            var outgoing = flows.Where(f => f.FromNodeId == n.Id).ToList();
            var monthly = outgoing.Count > 0
                ? outgoing.Where(f => !isIncome.GetValueOrDefault(f.ToNodeId)).Sum(f => f.Amount)
                // The end of a chain counts what reaches it, or its own amount when that is larger (not yet all mapped).
                : Math.Max(n.Amount, flows.Where(f => f.ToNodeId == n.Id && isIncome.GetValueOrDefault(f.FromNodeId)).Sum(f => f.Amount));
            return new ActualFlowGraph.IncomeSource(n.Id, n.Label, monthly);
        }).ToList();
    }

    /// <summary>The profile's monthly income in minor units.</summary>
    public static long Monthly(IReadOnlyCollection<MoneyMap.Node> nodes, IReadOnlyCollection<MoneyMap.Flow> flows) => Sources(nodes, flows).Sum(s => s.Monthly);
}
