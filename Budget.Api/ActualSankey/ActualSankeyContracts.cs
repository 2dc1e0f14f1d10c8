using Budget.Api.Common;
using Budget.Api.Sankey;

namespace Budget.Api.ActualSankey;

/// <summary>A box in the Sankey of what happened: its size from the actual amounts, and from the planned ones.</summary>
public sealed record ActualSankeyNode(long Id, string Label, NodeType Type, decimal Actual, decimal Planned);

/// <summary>A band from <c>source</c> to <c>target</c> (node ids of this answer): what moved, and what was planned to.</summary>
public sealed record ActualSankeyLink(long Id, long Source, long Target, decimal Actual, decimal Planned, long? BudgetId);

/// <summary>
/// What really happened from <c>from</c> to <c>to</c> (both included): income sources → Income → each budget (net
/// spending, refunds subtracted) and → what is left for savings, each link with its planned amount for the period.
/// <para>Income: Budget records spending, not pay, so the income of the period is the money map's planned income:
/// each income node's monthly income (<see cref="PlannedIncome"/>: its planned flows out to other kinds of node; without
/// flows out, its own amount or what other income nodes pass to it), prorated to the period; an income link's actual equals its planned amount.
/// Refunds beyond a budget's spending come in as <c>refunds</c>.</para>
/// <para>Planned amounts are prorated exactly in minor units: the period counts the share of each calendar month
/// (monthly amounts and income), ISO week (weekly budgets, i.e. days ÷ 7) or calendar year (yearly budgets) it
/// covers, days covered ÷ days in that month, week or year; the shares add up as exact fractions and amount × sum is
/// rounded once to the minor unit, halves away from zero. So a whole month is exactly the monthly amount, a quarter
/// of whole months exactly three times it, and a weekly budget over a 31-day month is amount × 31 ÷ 7, rounded.</para>
/// <para>Totals reconcile to the minor unit in each column: <c>income + refunds + deficit = spent + leftOver</c>, and
/// <c>plannedIncome + plannedDeficit = plannedSpending + plannedLeftOver</c>. Spending beyond income shows as an
/// "Overspent" node feeding Income (<c>deficit</c>), and nothing is left for savings.</para>
/// </summary>
public sealed record ActualSankeyResponse(
    string Currency,
    DateOnly From,
    DateOnly To,
    decimal Income,
    decimal Refunds,
    decimal Spent,
    decimal LeftOver,
    decimal Deficit,
    decimal PlannedIncome,
    decimal PlannedSpending,
    decimal PlannedLeftOver,
    decimal PlannedDeficit,
    ActualSankeyNode[] Nodes,
    ActualSankeyLink[] Links)
{
    public static ActualSankeyResponse FromGraph(ActualFlowGraph.Graph graph, DateOnly from, DateOnly to, Currency currency)
    {
        decimal Major(long minor) => Money.ToMajor(minor, currency);
        return new(
            currency.Code, from, to,
            Major(graph.Income), Major(graph.Refunds), Major(graph.Spent), Major(graph.LeftOver), Major(graph.Deficit),
            Major(graph.PlannedIncome), Major(graph.PlannedSpending), Major(graph.PlannedLeftOver), Major(graph.PlannedDeficit),
            graph.Nodes.Select(n => new ActualSankeyNode(n.Id, n.Label, n.Type, Major(n.Actual), Major(n.Planned))).ToArray(),
            graph.Links.Select(l => new ActualSankeyLink(l.Id, l.Source, l.Target, Major(l.Actual), Major(l.Planned), l.BudgetId)).ToArray());
    }
}
