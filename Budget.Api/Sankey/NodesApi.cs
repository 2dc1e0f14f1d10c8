using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Sankey;

public static class NodesApi
{
    public const decimal MaxApyPercent = 1000;

    public static RouteGroupBuilder MapNodesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("nodes").WithTags("Nodes");
        group.MapGet("/", List);
        group.MapGet("/{nodeId:long}", Get).WithName("GetNode");
        group.MapPost("/", Create);
        group.MapPut("/{nodeId:long}", Update);
        group.MapDelete("/{nodeId:long}", Delete);
        return group;
    }

    private static async Task<Ok<NodeResponse[]>> List(long profileId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var nodes = await db.Nodes.AsNoTracking().Where(n => n.ProfileId == profileId).OrderBy(n => n.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(nodes.Select(n => NodeResponse.From(n, user.Currency)).ToArray());
    }

    private static async Task<Results<Ok<NodeResponse>, NotFound>> Get(long profileId, long nodeId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var node = await db.Nodes.AsNoTracking().SingleOrDefaultAsync(n => n.Id == nodeId && n.ProfileId == profileId, cancellationToken);
        return node is null ? TypedResults.NotFound() : TypedResults.Ok(NodeResponse.From(node, user.Currency));
    }

    /// <summary>Adds a node; with an <c>Idempotency-Key</c> header a retry answers the node the first attempt created.</summary>
    private static async Task<Results<CreatedAtRoute<NodeResponse>, ValidationProblem, ProblemHttpResult>> Create(
        long profileId, NodeRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        var node = new Node { ProfileId = profileId, Label = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        var validator = new Validator(user.Currency);
        Apply(request, node, validator);
        node.IdempotencyKey = IdempotencyKeys.Parse(validator, idempotencyKey);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        // A retry is answered before the limits are checked: the node it asks for already counts against them.
        var sameProfile = db.Nodes.Where(n => n.ProfileId == profileId);
        if (await IdempotencyKeys.EarlierAsync(sameProfile, node.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Answer(earlier, node, profileId, user.Currency);
        }
        if (await sameProfile.CountAsync(cancellationToken) >= Limits.NodesPerProfile)
        {
            return Problems.Invalid("$", $"A profile can keep at most {Limits.NodesPerProfile} nodes.");
        }
        if (await TotalsProblem(db, profileId, node, user.Currency, cancellationToken) is { } problem)
        {
            return problem;
        }
        return Answer(await IdempotencyKeys.SaveOnceAsync(db, sameProfile, node, cancellationToken), node, profileId, user.Currency);
    }

    /// <summary>The created node, or the one an earlier attempt with the same key created if the request matches it.</summary>
    private static Results<CreatedAtRoute<NodeResponse>, ValidationProblem, ProblemHttpResult> Answer(Node saved, Node requested, long profileId, Currency currency)
    {
        // Compared only while unedited: a retry that arrives after an edit answers the row as it is now.
        if (saved.Version == 1 && (saved.Type != requested.Type || saved.Label != requested.Label || saved.Institution != requested.Institution
            || saved.Amount != requested.Amount || saved.Balance != requested.Balance || saved.Apy != requested.Apy || saved.Metadata != requested.Metadata))
        {
            return IdempotencyKeys.Reused();
        }
        return TypedResults.CreatedAtRoute(NodeResponse.From(saved, currency), "GetNode", new { profileId, nodeId = saved.Id });
    }

    private static async Task<Results<Ok<NodeResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long profileId, long nodeId, NodeRequest request, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var node = await db.Nodes.SingleOrDefaultAsync(n => n.Id == nodeId && n.ProfileId == profileId, cancellationToken);
        if (node is null)
        {
            return TypedResults.NotFound();
        }
        var validator = new Validator(user.Currency);
        Apply(request, node, validator);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        if (await TotalsProblem(db, profileId, node, user.Currency, cancellationToken) is { } problem)
        {
            return problem;
        }
        switch (await Versions.SaveAsync(db, node, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(node.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        return TypedResults.Ok(NodeResponse.From(node, user.Currency));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long profileId, long nodeId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        // The flows touching the node go with it (cascade), so the map never shows a dangling link.
        var deleted = await db.Nodes.Where(n => n.Id == nodeId && n.ProfileId == profileId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>The rules of a node, for these routes and for a restored backup.</summary>
    internal static void Apply(NodeRequest request, Node node, Validator validator)
    {
        node.Type = validator.Defined("type", request.Type);
        node.Label = validator.Text("label", request.Label, Limits.NameLength);
        node.Institution = validator.OptionalText("institution", request.Institution, Limits.NameLength);
        node.Amount = validator.Money("amount", request.Amount, AmountRule.NonNegative);
        node.Balance = validator.Money("balance", request.Balance, AmountRule.Any);
        node.Metadata = validator.JsonObject("metadata", request.Metadata, Limits.MetadataLength);
        node.Apy = request.Apy;
        if (request.Apy is { } apy && (apy < 0 || apy > MaxApyPercent || decimal.Round(apy, 4) != apy))
        {
            validator.Error("apy", $"Must be a percentage between 0 and {MaxApyPercent} with at most 4 decimals.");
        }
    }

    /// <summary>Keeps the profile's summed amounts and balances inside the exact range, so the dashboard's totals are too.</summary>
    private static async Task<ValidationProblem?> TotalsProblem(BudgetDbContext db, long profileId, Node node, Currency currency, CancellationToken cancellationToken)
    {
        var others = await db.Nodes.AsNoTracking()
            .Where(n => n.ProfileId == profileId && n.Id != node.Id)
            .GroupBy(n => n.ProfileId)
            .Select(g => new { Amounts = g.Sum(n => n.Amount), Balances = g.Sum(n => Math.Abs(n.Balance)) })
            .SingleOrDefaultAsync(cancellationToken);
        if (Money.TryAdd(others?.Amounts ?? 0, node.Amount, currency) is null)
        {
            return Problems.Invalid("amount", "The profile's nodes would add up to more than the largest total Budget keeps.");
        }
        if (Money.TryAdd(others?.Balances ?? 0, Math.Abs(node.Balance), currency) is null)
        {
            return Problems.Invalid("balance", "The profile's balances would add up to more than the largest total Budget keeps.");
        }
        return null;
    }
}
