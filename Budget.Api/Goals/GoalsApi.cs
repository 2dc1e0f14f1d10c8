using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Goals;

public static class GoalsApi
{
    public static RouteGroupBuilder MapGoalsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("goals").WithTags("Goals");
        group.MapGet("/", List);
        group.MapGet("/{goalId:long}", Get).WithName("GetGoal");
        group.MapPost("/", Create);
        group.MapPut("/{goalId:long}", Update);
        group.MapDelete("/{goalId:long}", Delete);
        return group;
    }

    private static async Task<Ok<GoalResponse[]>> List(long profileId, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var goals = await db.Goals.AsNoTracking()
            .Where(g => g.ProfileId == profileId)
            .OrderBy(g => g.Priority).ThenBy(g => g.Deadline == null).ThenBy(g => g.Deadline).ThenBy(g => g.Id)
            .ToListAsync(cancellationToken);
        var today = Dates.Today(clock);
        return TypedResults.Ok(goals.Select(g => GoalResponse.From(g, user.Currency, today)).ToArray());
    }

    private static async Task<Results<Ok<GoalResponse>, NotFound>> Get(
        long profileId, long goalId, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var goal = await db.Goals.AsNoTracking().SingleOrDefaultAsync(g => g.Id == goalId && g.ProfileId == profileId, cancellationToken);
        return goal is null ? TypedResults.NotFound() : TypedResults.Ok(GoalResponse.From(goal, user.Currency, Dates.Today(clock)));
    }

    /// <summary>Adds a goal; with an <c>Idempotency-Key</c> header a retry answers the goal the first attempt created.</summary>
    private static async Task<Results<CreatedAtRoute<GoalResponse>, ValidationProblem, ProblemHttpResult>> Create(
        long profileId, GoalRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        var goal = new Goal { ProfileId = profileId, Name = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        var validator = new Validator(user.Currency);
        Apply(request, goal, validator);
        goal.IdempotencyKey = IdempotencyKeys.Parse(validator, idempotencyKey);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        goal.StartingAmount = goal.Current;
        // A retry is answered before the limit is checked: the goal it asks for already counts against it.
        var sameProfile = db.Goals.Where(g => g.ProfileId == profileId);
        if (await IdempotencyKeys.EarlierAsync(sameProfile, goal.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Answer(earlier, goal, profileId, user.Currency, clock);
        }
        if (await sameProfile.CountAsync(cancellationToken) >= Limits.GoalsPerProfile)
        {
            return Problems.Invalid("$", $"A profile can keep at most {Limits.GoalsPerProfile} goals.");
        }
        return Answer(await IdempotencyKeys.SaveOnceAsync(db, sameProfile, goal, cancellationToken), goal, profileId, user.Currency, clock);
    }

    /// <summary>The created goal, or the one an earlier attempt with the same key created if the request matches it.</summary>
    private static Results<CreatedAtRoute<GoalResponse>, ValidationProblem, ProblemHttpResult> Answer(
        Goal saved, Goal requested, long profileId, Currency currency, TimeProvider clock)
    {
        // Compared only while unedited: a retry that arrives after an edit answers the row as it is now.
        if (saved.Version == 1 && (saved.Name != requested.Name || saved.Target != requested.Target || saved.StartingAmount != requested.StartingAmount
            || saved.Deadline != requested.Deadline || saved.Priority != requested.Priority))
        {
            return IdempotencyKeys.Reused();
        }
        return TypedResults.CreatedAtRoute(GoalResponse.From(saved, currency, Dates.Today(clock)), "GetGoal", new { profileId, goalId = saved.Id });
    }

    private static async Task<Results<Ok<GoalResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long profileId, long goalId, GoalRequest request, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == goalId && g.ProfileId == profileId, cancellationToken);
        if (goal is null)
        {
            return TypedResults.NotFound();
        }
        var validator = new Validator(user.Currency);
        Apply(request, goal, validator);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        switch (await Versions.SaveAsync(db, goal, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(goal.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        return TypedResults.Ok(GoalResponse.From(goal, user.Currency, Dates.Today(clock)));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long profileId, long goalId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Goals.Where(g => g.Id == goalId && g.ProfileId == profileId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static void Apply(GoalRequest request, Goal goal, Validator validator)
    {
        goal.Name = validator.Text("name", request.Name, Limits.NameLength);
        goal.Target = validator.Money("target", request.Target, AmountRule.Positive);
        goal.Current = validator.Money("current", request.Current, AmountRule.NonNegative);
        goal.Deadline = request.Deadline is { } deadline ? validator.Date("deadline", deadline) : null;
        goal.Priority = validator.Range("priority", request.Priority, 1, 5);
    }
}
