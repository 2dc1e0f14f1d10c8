using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Goals;

/// <summary>Loads what the profile's linked goals need from their nodes, in one query.</summary>
public static class GoalLinks
{
    /// <summary>The savings link of every node some goal of the profile is linked to, by node id.</summary>
    public static async Task<Dictionary<long, SavingsLink>> ForProfileAsync(BudgetDbContext db, long profileId, CancellationToken cancellationToken)
    {
        var nodes = await db.Nodes.AsNoTracking()
            .Where(n => n.ProfileId == profileId && db.Goals.Any(g => g.NodeId == n.Id))
            .Select(n => new { n.Id, n.Balance, n.Apy, Inflow = db.Flows.Where(f => f.ToNodeId == n.Id).Sum(f => f.Amount) })
            .ToListAsync(cancellationToken);
        return nodes.ToDictionary(n => n.Id, n => new SavingsLink(n.Balance, n.Apy, n.Inflow));
    }

    /// <summary>The goal's link among those loaded, if it has one.</summary>
    public static SavingsLink? Of(this Dictionary<long, SavingsLink> links, Goal goal) =>
        goal.NodeId is { } nodeId && links.TryGetValue(nodeId, out var link) ? link : null;
}
