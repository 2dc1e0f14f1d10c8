using Budget.Api.Alerts;
using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Budgets;

public static class BudgetsApi
{
    public static RouteGroupBuilder MapBudgetsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("budgets").WithTags("Budgets");
        group.MapGet("/", List);
        group.MapGet("/{budgetId:long}", Get).WithName("GetBudget");
        group.MapPost("/", Create);
        group.MapPut("/{budgetId:long}", Update);
        group.MapDelete("/{budgetId:long}", Delete);
        return group;
    }

    /// <param name="date">The day whose periods to report (YYYY-MM-DD, the caller's today); the household's today if left out.</param>
    private static async Task<Results<Ok<BudgetResponse[]>, ValidationProblem>> List(
        long profileId, string? date, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var asOf = Dates.ParseQuery(validator, "date", date) ?? household.Today();
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        // One read transaction, so a budget deleted meanwhile cannot be in one query and missing from the other.
        await using var snapshot = await db.BeginSnapshotAsync(cancellationToken);
        var budgets = await db.Budgets.AsNoTracking().Where(b => b.ProfileId == profileId).OrderBy(b => b.Name).ThenBy(b => b.Id).ToListAsync(cancellationToken);
        var spending = await BudgetSpending.ForProfileAsync(db, profileId, asOf, cancellationToken);
        return TypedResults.Ok(budgets.Select(b => BudgetResponse.From(b, spending[b.Id], user.Currency)).ToArray());
    }

    /// <param name="date">The day whose period to report, as for the list; the household's today if left out.</param>
    private static async Task<Results<Ok<BudgetResponse>, NotFound, ValidationProblem>> Get(
        long profileId, long budgetId, string? date, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var asOf = Dates.ParseQuery(validator, "date", date) ?? household.Today();
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        var budget = await db.Budgets.AsNoTracking().SingleOrDefaultAsync(b => b.Id == budgetId && b.ProfileId == profileId, cancellationToken);
        if (budget is null)
        {
            return TypedResults.NotFound();
        }
        return TypedResults.Ok(BudgetResponse.From(budget, await BudgetSpending.OfAsync(db, budget, asOf, cancellationToken), user.Currency));
    }

    private static async Task<Results<CreatedAtRoute<BudgetResponse>, ValidationProblem>> Create(
        long profileId, BudgetRequest request, CurrentUser user, BudgetDbContext db, TimeProvider clock, HouseholdTime household, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        if (await db.Budgets.CountAsync(b => b.ProfileId == profileId, cancellationToken) >= Limits.BudgetsPerProfile)
        {
            return Problems.Invalid("$", $"A profile can keep at most {Limits.BudgetsPerProfile} budgets.");
        }
        var budget = new SpendingBudget { ProfileId = profileId, Name = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        var validator = new Validator(user.Currency);
        Apply(request, budget, validator);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        db.Budgets.Add(budget);
        await db.SaveChangesAsync(cancellationToken);
        var period = BudgetPeriods.Containing(budget.Period, household.Today());
        var response = BudgetResponse.From(budget, new BudgetSpending.PeriodSpending(period.Start, period.End, 0), user.Currency);
        return TypedResults.CreatedAtRoute(response, "GetBudget", new { profileId, budgetId = budget.Id });
    }

    private static async Task<Results<Ok<BudgetResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long profileId, long budgetId, BudgetRequest request, CurrentUser user, BudgetDbContext db, HouseholdTime household, Alerting alerting, CancellationToken cancellationToken)
    {
        var budget = await db.Budgets.SingleOrDefaultAsync(b => b.Id == budgetId && b.ProfileId == profileId, cancellationToken);
        if (budget is null)
        {
            return TypedResults.NotFound();
        }
        var validator = new Validator(user.Currency);
        Apply(request, budget, validator);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        switch (await Versions.SaveAsync(db, budget, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(budget.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        // Summed once, for the answer and for the alerts: a lower limit or threshold may be reached already.
        var spending = await BudgetSpending.OfAsync(db, budget, household.Today(), cancellationToken);
        await alerting.CheckBudgetAsync(db, budget, spending, cancellationToken);
        return TypedResults.Ok(BudgetResponse.From(budget, spending, user.Currency));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long profileId, long budgetId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        // Its transactions go with it (cascade).
        var deleted = await db.Budgets.Where(b => b.Id == budgetId && b.ProfileId == profileId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>The rules of a budget, for these routes and for a restored backup.</summary>
    internal static void Apply(BudgetRequest request, SpendingBudget budget, Validator validator)
    {
        budget.Name = validator.Text("name", request.Name, Limits.NameLength);
        budget.Budgeted = validator.Money("budgeted", request.Budgeted, AmountRule.Positive);
        budget.Period = validator.Defined("period", request.Period);
        budget.AlertThresholds = Alerting.Thresholds(validator, "alertThresholds", request.AlertThresholds, budget.AlertThresholds);
    }
}
