namespace Budget.Api.Sankey;

/// <summary>The money map must stay a directed acyclic graph: a Sankey diagram cannot draw a loop.</summary>
public static class FlowGraph
{
    /// <summary>Whether adding <paramref name="from"/> → <paramref name="to"/> to the edges closes a cycle.</summary>
    public static bool WouldCloseCycle(IEnumerable<(long From, long To)> edges, long from, long to)
    {
        if (from == to)
        {
            return true;
        }
        var successors = edges.ToLookup(e => e.From, e => e.To);
        // A cycle appears exactly when `from` is already reachable from `to`.
        var seen = new HashSet<long> { to };
        var pending = new Stack<long>([to]);
        while (pending.TryPop(out var node))
        {
            foreach (var next in successors[node])
            {
                if (next == from)
                {
                    return true;
                }
                if (seen.Add(next))
                {
                    pending.Push(next);
                }
            }
        }
        return false;
    }
}
