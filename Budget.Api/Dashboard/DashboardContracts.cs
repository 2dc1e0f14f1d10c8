using Budget.Api.Budgets;
using Budget.Api.Goals;
using Budget.Api.Sankey;

namespace Budget.Api.Dashboard;

/// <summary>
/// A profile at a glance. <c>monthlyIncome</c> is the money map's planned income, the same the monthly report and the
/// actual Sankey show for a month (<see cref="ActualSankey.PlannedIncome"/>: each income node's flows out to other kinds of
/// node; an income node without flows out counts its own amount or what other income nodes pass to it). The other monthly figures come from the money map's flows, each counted where it
/// crosses into a kind of node from another kind: <c>expenses</c> reach expense nodes, <c>savings</c> reach savings
/// or investment nodes (moving between the two is not new saving), <c>debtPayments</c> reach debt nodes;
/// <c>netCashFlow</c> = income − expenses − debtPayments; <c>savingsRate</c> = savings / income in percent, one
/// decimal (null without income). <c>netWorth</c> = <c>assets</c> (account, savings, investment balances) − <c>debts</c>.
/// </summary>
public sealed record DashboardResponse(
    string Currency,
    DateOnly AsOf,
    decimal MonthlyIncome,
    decimal MonthlyExpenses,
    decimal MonthlySavings,
    decimal MonthlyDebtPayments,
    decimal NetCashFlow,
    decimal? SavingsRate,
    decimal Assets,
    decimal Debts,
    decimal NetWorth,
    DashboardBudget[] Budgets,
    GoalResponse[] Goals,
    SankeyGraph Sankey);

/// <summary>A budget's current period; <c>percentUsed</c> is spent / budgeted in percent.</summary>
public sealed record DashboardBudget(
    long Id,
    string Name,
    BudgetPeriod Period,
    DateOnly PeriodStart,
    DateOnly PeriodEnd,
    decimal Budgeted,
    decimal Spent,
    decimal Remaining,
    decimal PercentUsed,
    bool OverBudget);

/// <summary>The money map ready to draw: each node's <c>value</c> is the larger of what flows in and out.</summary>
public sealed record SankeyGraph(SankeyNode[] Nodes, SankeyLink[] Links);

public sealed record SankeyNode(long Id, string Label, NodeType Type, decimal Value);

public sealed record SankeyLink(long Id, long Source, long Target, decimal Value, string? Label);
