using Budget.Api.Data;
using Budget.Api.Sankey;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Goals;

/// <summary>Loads what the profile's linked goals need from their nodes, in one query.</summary>
public static class GoalLinks
{
    /// <summary>The savings link of every node some goal of the profile is linked to, by node id.</summary>
    public static Task<Dictionary<long, SavingsLink>> ForProfileAsync(BudgetDbContext db, long profileId, CancellationToken cancellationToken) =>
        LoadAsync(db, db.Nodes.Where(n => n.ProfileId == profileId && db.Goals.Any(g => g.NodeId == n.Id)), cancellationToken);

    /// <summary>One goal's link (null when it has none, or its node is gone), for an answer about that goal alone.</summary>
    public static async Task<SavingsLink?> ForGoalAsync(BudgetDbContext db, Goal goal, CancellationToken cancellationToken)
    {
        if (goal.NodeId is not { } nodeId)
        {
            return null;
        }
        var links = await LoadAsync(db, db.Nodes.Where(n => n.Id == nodeId && n.ProfileId == goal.ProfileId), cancellationToken);
        return links.Of(goal);
    }

    private static async Task<Dictionary<long, SavingsLink>> LoadAsync(BudgetDbContext db, IQueryable<Node> nodes, CancellationToken cancellationToken)
    {
        var loaded = await nodes.AsNoTracking()
            .Select(n => new { n.Id, n.Balance, n.Apy, Inflow = db.Flows.Where(f => f.ToNodeId == n.Id).Sum(f => f.Amount) })
            .ToListAsync(cancellationToken);
        return loaded.ToDictionary(n => n.Id, n => new SavingsLink(n.Balance, n.Apy, n.Inflow));
    }

    /// <summary>The goal's link among those loaded, if it has one.</summary>
    public static SavingsLink? Of(this Dictionary<long, SavingsLink> links, Goal goal) =>
        goal.NodeId is { } nodeId && links.TryGetValue(nodeId, out var link) ? link : null;
}
