using System.Diagnostics;
using System.Diagnostics.Metrics;
using Budget.Api.ActualSankey;
using Budget.Api.Auth;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Goals;
using Budget.Api.Sankey;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Dashboard;

public static class DashboardApi
{
    private static readonly ActivitySource Tracing = new(AuthMetrics.MeterName);
    private static readonly Histogram<double> ComputeTime = new Meter(AuthMetrics.MeterName)
        .CreateHistogram<double>("budget.dashboard.duration", unit: "ms", description: "Time to compute a dashboard");

    public static RouteGroupBuilder MapDashboardApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("dashboard").WithTags("Dashboard");
        group.MapGet("/", Get);
        return group;
    }

    /// <param name="date">The caller's today (YYYY-MM-DD), which picks the budgets' current periods; the household's if left out.</param>
    private static async Task<Results<Ok<DashboardResponse>, ValidationProblem>> Get(
        long profileId, string? date, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var asOf = Dates.ParseQuery(validator, "date", date) ?? household.Today();
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        using var activity = Tracing.StartActivity("dashboard.compute");
        var started = Stopwatch.GetTimestamp();
        var currency = user.Currency;
        // One read transaction: every figure comes from the same snapshot, even while the household edits.
        await using var snapshot = await db.BeginSnapshotAsync(cancellationToken);

        // Nodes and flows are few (bounded per profile); budgets' spending is summed in SQLite.
        var nodes = await db.Nodes.AsNoTracking().Where(n => n.ProfileId == profileId).OrderBy(n => n.Id)
            .Select(n => new { n.Id, n.Label, n.Type, n.Balance, n.Amount })
            .ToListAsync(cancellationToken);
        var flows = await db.Flows.AsNoTracking().Where(f => f.ProfileId == profileId).OrderBy(f => f.Id)
            .Select(f => new { f.Id, f.FromNodeId, f.ToNodeId, f.Amount, f.Label })
            .ToListAsync(cancellationToken);
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.ProfileId == profileId).OrderBy(b => b.Name).ThenBy(b => b.Id)
            .ToListAsync(cancellationToken);
        var spending = await BudgetSpending.ForProfileAsync(db, profileId, asOf, cancellationToken);
        var goals = await db.Goals.AsNoTracking().Where(g => g.ProfileId == profileId)
            .OrderBy(g => g.Priority).ThenBy(g => g.Id)
            .ToListAsync(cancellationToken);
        var goalLinks = await GoalLinks.ForProfileAsync(db, profileId, cancellationToken);
        var income = PlannedIncome.Monthly(
            nodes.Select(n => new MoneyMap.Node(n.Id, n.Label, n.Type, n.Amount)).ToList(),
            flows.Select(f => new MoneyMap.Flow(f.FromNodeId, f.ToNodeId, f.Amount)).ToList());

        var groupOf = nodes.ToDictionary(n => n.Id, n => Group(n.Type));
        // Money counts once, where it crosses into a group: a transfer from savings to investments is not new saving,
        // and "Housing → Rent" is not a second expense. Income is the one planned income the report and the actual
        // Sankey show too (PlannedIncome).
        long Into(NodeType group) => flows
            .Where(f => groupOf[f.FromNodeId] != groupOf[f.ToNodeId] && groupOf[f.ToNodeId] == group)
            .Sum(f => f.Amount);
        var expenses = Into(NodeType.Expense);
        var savings = Into(NodeType.Savings);
        var debtPayments = Into(NodeType.Debt);
        var assets = nodes.Where(n => n.Type is NodeType.Account or NodeType.Savings or NodeType.Investment).Sum(n => n.Balance);
        var debts = nodes.Where(n => n.Type == NodeType.Debt).Sum(n => n.Balance);

        var inflow = flows.GroupBy(f => f.ToNodeId).ToDictionary(g => g.Key, g => g.Sum(f => f.Amount));
        var outflow = flows.GroupBy(f => f.FromNodeId).ToDictionary(g => g.Key, g => g.Sum(f => f.Amount));
        var sankey = new SankeyGraph(
            nodes.Select(n => new SankeyNode(n.Id, n.Label, n.Type,
                Money.ToMajor(Math.Max(inflow.GetValueOrDefault(n.Id), outflow.GetValueOrDefault(n.Id)), currency))).ToArray(),
            flows.Select(f => new SankeyLink(f.Id, f.FromNodeId, f.ToNodeId, Money.ToMajor(f.Amount, currency), f.Label)).ToArray());

        var today = household.Today();
        var response = new DashboardResponse(
            currency.Code,
            asOf,
            Money.ToMajor(income, currency),
            Money.ToMajor(expenses, currency),
            Money.ToMajor(savings, currency),
            Money.ToMajor(debtPayments, currency),
            Money.ToMajor(income - expenses - debtPayments, currency),
            income == 0 ? null : Percent(savings, income),
            Money.ToMajor(assets, currency),
            Money.ToMajor(debts, currency),
            Money.ToMajor(assets - debts, currency),
            budgets.Select(b => ToDashboardBudget(b, spending[b.Id], currency)).ToArray(),
            goals.Select(g => GoalResponse.From(g, currency, today, household.Zone, goalLinks.Of(g))).ToArray(),
            sankey);
        ComputeTime.Record(Stopwatch.GetElapsedTime(started).TotalMilliseconds);
        return TypedResults.Ok(response);
    }

    /// <summary>A share in percent to one decimal, rounded the way people do (12.25 is 12.3).</summary>
    private static decimal Percent(long part, long whole) => decimal.Round(100m * part / whole, 1, MidpointRounding.AwayFromZero);

    /// <summary>Savings and investments are one group for the figures: both are money put aside.</summary>
    private static NodeType Group(NodeType type) => type == NodeType.Investment ? NodeType.Savings : type;

    private static DashboardBudget ToDashboardBudget(SpendingBudget budget, BudgetSpending.PeriodSpending spending, Currency currency) => new(
        budget.Id,
        budget.Name,
        budget.Period,
        spending.Start,
        spending.End,
        Money.ToMajor(budget.Budgeted, currency),
        Money.ToMajor(spending.Spent, currency),
        Money.ToMajor(budget.Budgeted - spending.Spent, currency),
        Percent(spending.Spent, budget.Budgeted),
        spending.Spent > budget.Budgeted);
}
