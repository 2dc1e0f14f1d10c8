using Budget.Api.Sankey;

namespace Budget.Api.Exports;

/// <summary>
/// Places a money map for drawing: each node in the column of its longest path from a source (the map is acyclic),
/// as tall as the larger of what flows in and out; each flow a band leaving its source and reaching its target in
/// the order of the nodes it joins, so bands do not cross at the nodes.
/// </summary>
public static class SankeyLayout
{
    public const double NodeWidth = 10;
    private const double Gap = 10;

    public sealed record Box(long Id, string Label, NodeType Type, long Value, double X, double Y, double Height, bool IsLastColumn);

    public sealed record Band(NodeType SourceType, double X0, double Y0, double X1, double Y1, double Width);

    public sealed record Layout(IReadOnlyList<Box> Boxes, IReadOnlyList<Band> Bands);

    public static Layout Compute(IReadOnlyList<MoneyMap.Node> nodes, IReadOnlyList<MoneyMap.Flow> flows, double left, double top, double width, double height)
    {
        var used = flows.SelectMany(f => new[] { f.FromNodeId, f.ToNodeId }).ToHashSet();
        var shown = nodes.Where(n => used.Contains(n.Id)).ToList();
        var inflow = flows.GroupBy(f => f.ToNodeId).ToDictionary(g => g.Key, g => g.Sum(f => f.Amount));
        var outflow = flows.GroupBy(f => f.FromNodeId).ToDictionary(g => g.Key, g => g.Sum(f => f.Amount));
        var value = shown.ToDictionary(n => n.Id, n => Math.Max(inflow.GetValueOrDefault(n.Id), outflow.GetValueOrDefault(n.Id)));

        // Longest path from a source, by relaxing edges as often as there are nodes (acyclic, so it settles).
        var column = shown.ToDictionary(n => n.Id, _ => 0);
        for (var round = 0; round < shown.Count; round++)
        {
            var changed = false;
            foreach (var flow in flows)
            {
                if (column[flow.ToNodeId] < column[flow.FromNodeId] + 1)
                {
                    column[flow.ToNodeId] = column[flow.FromNodeId] + 1;
                    changed = true;
                }
            }
            if (!changed)
            {
                break;
            }
        }
        var columns = column.Values.Max() + 1;
        var byColumn = shown.GroupBy(n => column[n.Id]).ToDictionary(g => g.Key, g => g.ToList());
        // One scale for all columns, so a band is equally wide wherever it is drawn.
        var scale = byColumn.Values.Min(c => (height - Gap * (c.Count - 1)) / Math.Max(1, c.Sum(n => value[n.Id])));
        var step = columns == 1 ? 0 : (width - NodeWidth) / (columns - 1);

        var boxes = new Dictionary<long, Box>();
        foreach (var (index, members) in byColumn)
        {
            var y = top;
            foreach (var node in members)
            {
                var box = new Box(node.Id, node.Label, node.Type, value[node.Id], left + index * step, y, value[node.Id] * scale, index == columns - 1 && columns > 1);
                boxes[node.Id] = box;
                y += box.Height + Gap;
            }
        }

        var outOffset = boxes.Keys.ToDictionary(id => id, _ => 0.0);
        var inOffset = boxes.Keys.ToDictionary(id => id, _ => 0.0);
        var bands = new List<Band>();
        foreach (var flow in flows.OrderBy(f => boxes[f.FromNodeId].Y).ThenBy(f => boxes[f.ToNodeId].Y))
        {
            var source = boxes[flow.FromNodeId];
            var target = boxes[flow.ToNodeId];
            var bandWidth = flow.Amount * scale;
            bands.Add(new Band(source.Type, source.X + NodeWidth, source.Y + outOffset[source.Id], target.X, target.Y + inOffset[target.Id], bandWidth));
            outOffset[source.Id] += bandWidth;
            inOffset[target.Id] += bandWidth;
        }
        return new Layout([.. boxes.Values], bands);
    }
}
