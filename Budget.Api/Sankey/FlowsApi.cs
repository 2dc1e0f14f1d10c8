using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Sankey;

public static class FlowsApi
{
    public static RouteGroupBuilder MapFlowsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("flows").WithTags("Flows");
        group.MapGet("/", List);
        group.MapGet("/{flowId:long}", Get).WithName("GetFlow");
        group.MapPost("/", Create);
        group.MapPut("/{flowId:long}", Update);
        group.MapDelete("/{flowId:long}", Delete);
        return group;
    }

    private static async Task<Ok<FlowResponse[]>> List(long profileId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var flows = await db.Flows.AsNoTracking().Where(f => f.ProfileId == profileId).OrderBy(f => f.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(flows.Select(f => FlowResponse.From(f, user.Currency)).ToArray());
    }

    private static async Task<Results<Ok<FlowResponse>, NotFound>> Get(long profileId, long flowId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var flow = await db.Flows.AsNoTracking().SingleOrDefaultAsync(f => f.Id == flowId && f.ProfileId == profileId, cancellationToken);
        return flow is null ? TypedResults.NotFound() : TypedResults.Ok(FlowResponse.From(flow, user.Currency));
    }

    /// <summary>Adds a flow; with an <c>Idempotency-Key</c> header a retry answers the flow the first attempt created.</summary>
    private static async Task<Results<CreatedAtRoute<FlowResponse>, ValidationProblem, ProblemHttpResult>> Create(
        long profileId, FlowRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        var keyCheck = new Validator(user.Currency);
        var flow = new Flow { ProfileId = profileId, CreatedAt = clock.GetUtcNow().UtcDateTime, IdempotencyKey = IdempotencyKeys.Parse(keyCheck, idempotencyKey) };
        if (!keyCheck.IsValid)
        {
            return keyCheck.Problem();
        }
        // A retry is checked as the flow it asks for, which already counts against the limit, the loop check and the
        // totals; it is answered with that flow.
        var sameProfile = db.Flows.Where(f => f.ProfileId == profileId);
        var earlier = await IdempotencyKeys.EarlierAsync(sameProfile, flow.IdempotencyKey, cancellationToken);
        flow.Id = earlier?.Id ?? 0;
        if (await Apply(request, flow, db, user.Currency, cancellationToken) is { } problem)
        {
            return problem;
        }
        if (earlier is not null)
        {
            return Answer(earlier, flow, profileId, user.Currency);
        }
        return Answer(await IdempotencyKeys.SaveOnceAsync(db, sameProfile, flow, cancellationToken), flow, profileId, user.Currency);
    }

    /// <summary>The created flow, or the one an earlier attempt with the same key created if the request matches it.</summary>
    private static Results<CreatedAtRoute<FlowResponse>, ValidationProblem, ProblemHttpResult> Answer(Flow saved, Flow requested, long profileId, Currency currency)
    {
        // Compared only while unedited: a retry that arrives after an edit answers the row as it is now.
        if (saved.Version == 1 && (saved.FromNodeId != requested.FromNodeId || saved.ToNodeId != requested.ToNodeId
            || saved.Amount != requested.Amount || saved.Label != requested.Label))
        {
            return IdempotencyKeys.Reused();
        }
        return TypedResults.CreatedAtRoute(FlowResponse.From(saved, currency), "GetFlow", new { profileId, flowId = saved.Id });
    }

    private static async Task<Results<Ok<FlowResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long profileId, long flowId, FlowRequest request, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var flow = await db.Flows.SingleOrDefaultAsync(f => f.Id == flowId && f.ProfileId == profileId, cancellationToken);
        if (flow is null)
        {
            return TypedResults.NotFound();
        }
        if (await Apply(request, flow, db, user.Currency, cancellationToken) is { } problem)
        {
            return problem;
        }
        switch (await Versions.SaveAsync(db, flow, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(flow.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        return TypedResults.Ok(FlowResponse.From(flow, user.Currency));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long profileId, long flowId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.Flows.Where(f => f.Id == flowId && f.ProfileId == profileId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>Validates the request against the profile's map and copies it onto the flow, or says what is wrong.</summary>
    private static async Task<ValidationProblem?> Apply(FlowRequest request, Flow flow, BudgetDbContext db, Currency currency, CancellationToken cancellationToken)
    {
        var validator = new Validator(currency);
        var amount = validator.Money("amount", request.Amount, AmountRule.Positive);
        var label = validator.OptionalText("label", request.Label, Limits.NameLength);

        var profileNodes = await db.Nodes.AsNoTracking()
            .Where(n => n.ProfileId == flow.ProfileId && (n.Id == request.FromNodeId || n.Id == request.ToNodeId))
            .Select(n => n.Id)
            .ToListAsync(cancellationToken);
        // A node of another profile is reported exactly like one that does not exist.
        if (!profileNodes.Contains(request.FromNodeId))
        {
            validator.Error("fromNodeId", "No such node in this profile.");
        }
        if (!profileNodes.Contains(request.ToNodeId))
        {
            validator.Error("toNodeId", "No such node in this profile.");
        }
        if (request.FromNodeId == request.ToNodeId)
        {
            validator.Error("toNodeId", "A flow joins two different nodes.");
        }
        if (!validator.IsValid)
        {
            return validator.Problem();
        }

        var others = await db.Flows.AsNoTracking()
            .Where(f => f.ProfileId == flow.ProfileId && f.Id != flow.Id)
            .Select(f => new { f.FromNodeId, f.ToNodeId, f.Amount })
            .ToListAsync(cancellationToken);
        if (flow.Id == 0 && others.Count >= Limits.FlowsPerProfile)
        {
            return Problems.Invalid("$", $"A profile can keep at most {Limits.FlowsPerProfile} flows.");
        }
        if (FlowGraph.WouldCloseCycle(others.Select(f => (f.FromNodeId, f.ToNodeId)), request.FromNodeId, request.ToNodeId))
        {
            return Problems.Invalid("toNodeId", "This flow would close a loop; money in the map must flow one way.");
        }
        if (Money.TryAdd(others.Sum(f => f.Amount), amount, currency) is null)
        {
            return Problems.Invalid("amount", "The profile's flows would add up to more than the largest total Budget keeps.");
        }

        flow.FromNodeId = request.FromNodeId;
        flow.ToNodeId = request.ToNodeId;
        flow.Amount = amount;
        flow.Label = label;
        return null;
    }
}
