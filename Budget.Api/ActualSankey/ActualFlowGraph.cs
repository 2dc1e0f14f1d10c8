using Budget.Api.Budgets;
using Budget.Api.Sankey;

namespace Budget.Api.ActualSankey;

/// <summary>
/// Builds the Sankey of what really happened in a period: each income source → Income → each budget (what was
/// spent) and → what is left for savings. Every link carries its planned amount for the same period beside the
/// actual one. All in minor units; both columns reconcile exactly:
/// income + refunds + overspent = Σ spent + left for savings (and the same with the planned amounts).
/// </summary>
public static class ActualFlowGraph
{
    public sealed record IncomeSource(long NodeId, string Label, long Monthly);

    /// <summary>A budget's net spending in the period and, in the built <see cref="Graph"/>, its plan for the period.</summary>
    /// <param name="Spent">Net spending in the period (refunds subtracted); may be negative.</param>
    public sealed record BudgetFigures(long BudgetId, string Name, BudgetPeriod Period, long Budgeted, long Spent)
    {
        /// <summary>The budget prorated to the period; set by <see cref="Build"/> (0 on the way in).</summary>
        public long Planned { get; init; }
    }

    public sealed record GraphNode(long Id, string Label, NodeType Type, long Actual, long Planned);

    /// <param name="BudgetId">The budget the link spends into, if it does.</param>
    public sealed record GraphLink(long Id, long Source, long Target, long Actual, long Planned, long? BudgetId);

    public sealed record Graph(
        long Income, long Refunds, long Spent, long LeftOver, long Deficit,
        long PlannedIncome, long PlannedSpending, long PlannedLeftOver, long PlannedDeficit,
        IReadOnlyList<BudgetFigures> Budgets, IReadOnlyList<GraphNode> Nodes, IReadOnlyList<GraphLink> Links);

    public const string IncomeLabel = "Income";
    public const string RefundsLabel = "Refunds";
    public const string LeftOverLabel = "Left for savings";
    public const string DeficitLabel = "Overspent";

    /// <summary>
    /// Budget records spending, not pay: the income that came in is the money map's planned income for the period,
    /// so an income link's actual amount is its planned one. A budget whose refunds outweigh its spending adds the
    /// difference as refunds, since a Sankey band cannot run backwards.
    /// </summary>
    public static Graph Build(IEnumerable<IncomeSource> incomeSources, IEnumerable<BudgetFigures> budgets, DateOnly from, DateOnly to)
    {
        var nodes = new List<(string Label, NodeType Type)>();
        var links = new List<(int Source, int Target, long Actual, long Planned, long? BudgetId)>();
        int Add(string label, NodeType type)
        {
            nodes.Add((label, type));
            return nodes.Count - 1;
        }

        var pool = Add(IncomeLabel, NodeType.Income);
        long income = 0;
        foreach (var source in incomeSources)
        {
            var amount = Proration.Prorate(source.Monthly, BudgetPeriod.Monthly, from, to);
            if (amount > 0)
            {
                links.Add((Add(source.Label, NodeType.Income), pool, amount, amount, null));
                income += amount;
            }
        }

        long spent = 0, refunds = 0, plannedSpending = 0;
        var spending = new List<(int Source, int Target, long Actual, long Planned, long? BudgetId)>();
        var budgetLines = new List<BudgetFigures>();
        foreach (var budget in budgets)
        {
            var planned = Proration.Prorate(budget.Budgeted, budget.Period, from, to);
            var actual = Math.Max(0, budget.Spent);
            refunds += Math.Max(0, -budget.Spent);
            spent += actual;
            plannedSpending += planned;
            spending.Add((pool, Add(budget.Name, NodeType.Expense), actual, planned, budget.BudgetId));
            budgetLines.Add(budget with { Planned = planned });
        }
        if (refunds > 0)
        {
            links.Add((Add(RefundsLabel, NodeType.Income), pool, refunds, 0, null));
        }

        var leftOver = Math.Max(0, income + refunds - spent);
        var deficit = Math.Max(0, spent - income - refunds);
        var plannedLeftOver = Math.Max(0, income - plannedSpending);
        var plannedDeficit = Math.Max(0, plannedSpending - income);
        if (deficit > 0 || plannedDeficit > 0)
        {
            links.Add((Add(DeficitLabel, NodeType.Debt), pool, deficit, plannedDeficit, null));
        }
        links.AddRange(spending);
        if (leftOver > 0 || plannedLeftOver > 0)
        {
            links.Add((pool, Add(LeftOverLabel, NodeType.Savings), leftOver, plannedLeftOver, null));
        }

        // A node is as big as the larger of what enters and what leaves it (in each column apart).
        long Size(int node, Func<(int Source, int Target, long Actual, long Planned, long? BudgetId), long> amount) => Math.Max(
            links.Where(l => l.Target == node).Sum(amount),
            links.Where(l => l.Source == node).Sum(amount));
        return new Graph(
            income, refunds, spent, leftOver, deficit,
            income, plannedSpending, plannedLeftOver, plannedDeficit,
            budgetLines,
            nodes.Select((n, i) => new GraphNode(i + 1, n.Label, n.Type, Size(i, l => l.Actual), Size(i, l => l.Planned))).ToArray(),
            links.Select((l, i) => new GraphLink(i + 1, l.Source + 1, l.Target + 1, l.Actual, l.Planned, l.BudgetId)).ToArray());
    }
}
