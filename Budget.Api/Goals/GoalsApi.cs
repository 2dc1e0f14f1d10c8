using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Sankey;
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

    private static async Task<Ok<GoalResponse[]>> List(long profileId, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var goals = await db.Goals.AsNoTracking()
            .Where(g => g.ProfileId == profileId)
            .OrderBy(g => g.Priority).ThenBy(g => g.Deadline == null).ThenBy(g => g.Deadline).ThenBy(g => g.Id)
            .ToListAsync(cancellationToken);
        var links = await GoalLinks.ForProfileAsync(db, profileId, cancellationToken);
        var today = household.Today();
        return TypedResults.Ok(goals.Select(g => GoalResponse.From(g, user.Currency, today, household.Zone, links.Of(g))).ToArray());
    }

    private static async Task<Results<Ok<GoalResponse>, NotFound>> Get(
        long profileId, long goalId, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var goal = await db.Goals.AsNoTracking().SingleOrDefaultAsync(g => g.Id == goalId && g.ProfileId == profileId, cancellationToken);
        return goal is null ? TypedResults.NotFound() : TypedResults.Ok(await ResponseAsync(goal, user.Currency, db, household, cancellationToken));
    }

    /// <summary>Adds a goal; with an <c>Idempotency-Key</c> header a retry answers the goal the first attempt created.</summary>
    private static async Task<Results<CreatedAtRoute<GoalResponse>, ValidationProblem, ProblemHttpResult>> Create(
        long profileId, GoalRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, CurrentUser user, BudgetDbContext db, TimeProvider clock, HouseholdTime household, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        var goal = new Goal { ProfileId = profileId, Name = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        var validator = new Validator(user.Currency);
        Apply(request, goal, validator);
        await LinkAsync(request, goal, profileId, db, validator, cancellationToken);
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
            return await AnswerAsync(earlier, goal, profileId, user.Currency, db, household, cancellationToken);
        }
        if (await sameProfile.CountAsync(cancellationToken) >= Limits.GoalsPerProfile)
        {
            return Problems.Invalid("$", $"A profile can keep at most {Limits.GoalsPerProfile} goals.");
        }
        var saved = await IdempotencyKeys.SaveOnceAsync(db, sameProfile, goal, cancellationToken);
        return await AnswerAsync(saved, goal, profileId, user.Currency, db, household, cancellationToken);
    }

    /// <summary>The created goal, or the one an earlier attempt with the same key created if the request matches it.</summary>
    private static async Task<Results<CreatedAtRoute<GoalResponse>, ValidationProblem, ProblemHttpResult>> AnswerAsync(
        Goal saved, Goal requested, long profileId, Currency currency, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        // Compared only while unedited: a retry that arrives after an edit answers the row as it is now.
        // A linked goal's amounts follow its node, so a retry after the balance moved still matches on the link.
        if (saved.Version == 1 && (saved.Name != requested.Name || saved.Target != requested.Target || saved.NodeId != requested.NodeId
            || (saved.NodeId is null && saved.StartingAmount != requested.StartingAmount)
            || saved.Deadline != requested.Deadline || saved.Priority != requested.Priority))
        {
            return IdempotencyKeys.Reused();
        }
        var response = await ResponseAsync(saved, currency, db, household, cancellationToken);
        return TypedResults.CreatedAtRoute(response, "GetGoal", new { profileId, goalId = saved.Id });
    }

    /// <summary>One goal's answer: only its own node's link is loaded.</summary>
    private static async Task<GoalResponse> ResponseAsync(Goal goal, Currency currency, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken) =>
        GoalResponse.From(goal, currency, household.Today(), household.Zone, await GoalLinks.ForGoalAsync(db, goal, cancellationToken));

    private static async Task<Results<Ok<GoalResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long profileId, long goalId, GoalRequest request, CurrentUser user, BudgetDbContext db, HouseholdTime household, CancellationToken cancellationToken)
    {
        var goal = await db.Goals.SingleOrDefaultAsync(g => g.Id == goalId && g.ProfileId == profileId, cancellationToken);
        if (goal is null)
        {
            return TypedResults.NotFound();
        }
        var validator = new Validator(user.Currency);
        Apply(request, goal, validator);
        await LinkAsync(request, goal, profileId, db, validator, cancellationToken);
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
        return TypedResults.Ok(await ResponseAsync(goal, user.Currency, db, household, cancellationToken));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long profileId, long goalId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Goals.Where(g => g.Id == goalId && g.ProfileId == profileId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>The rules of a goal but its link (<see cref="CanLink"/>), for these routes and for a restored backup.</summary>
    internal static void Apply(GoalRequest request, Goal goal, Validator validator)
    {
        goal.Name = validator.Text("name", request.Name, Limits.NameLength);
        goal.Target = validator.Money("target", request.Target, AmountRule.Positive);
        goal.Current = validator.Money("current", request.Current, AmountRule.NonNegative);
        goal.Deadline = request.Deadline is { } deadline ? validator.Date("deadline", deadline) : null;
        goal.Priority = validator.Range("priority", request.Priority, 1, 5);
    }

    /// <summary>The nodes a goal can follow: only they hold what is saved. For these routes and for a restored backup.</summary>
    internal static bool CanLink(NodeType type) => type is NodeType.Savings or NodeType.Investment;

    /// <summary>
    /// Links the goal to the node asked for, which must be a savings or investment node of the same profile; the
    /// stored amount then follows the node's balance (so the goal keeps it if the node is deleted later).
    /// </summary>
    private static async Task LinkAsync(GoalRequest request, Goal goal, long profileId, BudgetDbContext db, Validator validator, CancellationToken cancellationToken)
    {
        goal.NodeId = request.NodeId;
        if (request.NodeId is not { } nodeId)
        {
            return;
        }
        var node = await db.Nodes.AsNoTracking().Where(n => n.Id == nodeId && n.ProfileId == profileId)
            .Select(n => new { n.Type, n.Balance })
            .SingleOrDefaultAsync(cancellationToken);
        if (node is null)
        {
            validator.Error("nodeId", "No such node in this profile.");
        }
        else if (!CanLink(node.Type))
        {
            validator.Error("nodeId", "Must be a savings or investment node.");
        }
        else
        {
            goal.Current = Math.Max(0, node.Balance);
        }
    }
}
