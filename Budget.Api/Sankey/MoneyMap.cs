using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Sankey;

/// <summary>
/// A profile's money map as the figures drawn from it need it (planned income, the PDF's diagram): nodes and flows
/// are few per profile, so they are loaded once and worked on in memory.
/// </summary>
public static class MoneyMap
{
    public sealed record Node(long Id, string Label, NodeType Type, long Amount);

    public sealed record Flow(long FromNodeId, long ToNodeId, long Amount);

    public static async Task<(List<Node> Nodes, List<Flow> Flows)> LoadAsync(BudgetDbContext db, long profileId, CancellationToken cancellationToken)
    {
        var nodes = await db.Nodes.AsNoTracking().Where(n => n.ProfileId == profileId).OrderBy(n => n.Id)
            .Select(n => new Node(n.Id, n.Label, n.Type, n.Amount)).ToListAsync(cancellationToken);
        var flows = await db.Flows.AsNoTracking().Where(f => f.ProfileId == profileId).OrderBy(f => f.Id)
            .Select(f => new Flow(f.FromNodeId, f.ToNodeId, f.Amount)).ToListAsync(cancellationToken);
        return (nodes, flows);
    }
}
