using System.Text.Json;
using Budget.Api.Common;

namespace Budget.Api.Sankey;

/// <summary>
/// <c>amount</c> is the node's planned monthly amount, <c>balance</c> what it holds now (for a debt, what is owed),
/// <c>apy</c> a yearly rate in percent, <c>metadata</c> any JSON object the client wants kept.
/// On an update, <c>version</c> is the one last read: if the row changed since, the answer is 409 and nothing is saved; left out, the update simply wins.
/// </summary>
public sealed record NodeRequest(
    NodeType Type,
    string Label,
    decimal Amount = 0,
    decimal Balance = 0,
    string? Institution = null,
    decimal? Apy = null,
    JsonElement? Metadata = null,
    long? Version = null);

public sealed record NodeResponse(
    long Id,
    NodeType Type,
    string Label,
    string? Institution,
    decimal Amount,
    decimal Balance,
    decimal? Apy,
    JsonElement? Metadata,
    DateTime CreatedAt,
    long Version)
{
    public static NodeResponse From(Node node, Currency currency) => new(
        node.Id,
        node.Type,
        node.Label,
        node.Institution,
        Money.ToMajor(node.Amount, currency),
        Money.ToMajor(node.Balance, currency),
        node.Apy,
        node.Metadata is null ? null : JsonDocument.Parse(node.Metadata).RootElement.Clone(),
        node.CreatedAt,
        node.Version);
}

/// <summary>A monthly <c>amount</c> moving from one node of the profile to another. On an update, <c>version</c> is the one last read: if the row changed since, the answer is 409 and nothing is saved; left out, the update simply wins.</summary>
public sealed record FlowRequest(long FromNodeId, long ToNodeId, decimal Amount, string? Label = null, long? Version = null);

public sealed record FlowResponse(long Id, long FromNodeId, long ToNodeId, decimal Amount, string? Label, DateTime CreatedAt, long Version)
{
    public static FlowResponse From(Flow flow, Currency currency) =>
        new(flow.Id, flow.FromNodeId, flow.ToNodeId, Money.ToMajor(flow.Amount, currency), flow.Label, flow.CreatedAt, flow.Version);
}
