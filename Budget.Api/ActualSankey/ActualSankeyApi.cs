using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Sankey;
using Microsoft.AspNetCore.Http.HttpResults;

namespace Budget.Api.ActualSankey;

public static class ActualSankeyApi
{
    /// <summary>Ten years: longer than any report a household asks for, and it keeps every sum far from overflow.</summary>
    public const int MaxPeriodDays = 3653;

    public static RouteGroupBuilder MapActualSankeyApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("actual-sankey").WithTags("Actual Sankey");
        group.MapGet("/", Get)
            .WithSummary("The Sankey of what really happened in a period, with the plan beside each flow")
            .WithDescription(
                "from and to (YYYY-MM-DD, both included, given together; the current month when both are left out). " +
                "Income is the money map's planned income for the period (Budget records spending, not pay). " +
                "Planned amounts are prorated exactly in minor units: the share of each calendar month, ISO week or year the period covers " +
                "(days covered / days in it), added as exact fractions and rounded once, halves away from zero. " +
                "Totals reconcile: income + refunds + deficit = spent + leftOver, and plannedIncome + plannedDeficit = plannedSpending + plannedLeftOver. " +
                "See docs/decisions/actual-sankey-and-goal-projection.md.");
        return group;
    }

    /// <param name="from">First day of the period (YYYY-MM-DD); with <c>to</c>, or both left out for the household's current month.</param>
    /// <param name="to">Last day of the period (YYYY-MM-DD), included; at most ten years after <c>from</c>.</param>
    private static async Task<Results<Ok<ActualSankeyResponse>, ValidationProblem>> Get(
        long profileId, string? from, string? to, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var start = Dates.ParseQuery(validator, "from", from);
        var end = Dates.ParseQuery(validator, "to", to);
        if (validator.IsValid)
        {
            if (start is null && end is not null)
            {
                validator.Error("from", "Required with to.");
            }
            else if (start is not null && end is null)
            {
                validator.Error("to", "Required with from.");
            }
            else if (start > end)
            {
                validator.Error("to", "Must not be before from.");
            }
            else if (end?.DayNumber - start?.DayNumber >= MaxPeriodDays)
            {
                validator.Error("to", "The period can be at most ten years long.");
            }
        }
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        var today = household.Today();
        var periodStart = start ?? Dates.FirstOfMonth(today);
        var periodEnd = end ?? Dates.FirstOfMonth(today).AddMonths(1).AddDays(-1);

        // One read transaction: the plan and the spending come from the same moment.
        await using var snapshot = await db.BeginSnapshotAsync(cancellationToken);
        var (nodes, flows) = await MoneyMap.LoadAsync(db, profileId, cancellationToken);
        var graph = await ActualPeriod.GatherAsync(db, profileId, periodStart, periodEnd, PlannedIncome.Sources(nodes, flows), cancellationToken);
        return TypedResults.Ok(ActualSankeyResponse.FromGraph(graph, periodStart, periodEnd, user.Currency));
    }
}
