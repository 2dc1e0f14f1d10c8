using Budget.Api.Common;

namespace Budget.Api.Sankey;

/// <summary>Money that moves every month from one node to another: a link in the money map.</summary>
public sealed class Flow : IVersioned, IIdempotentRow
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public long FromNodeId { get; set; }
    public long ToNodeId { get; set; }
    /// <summary>Monthly amount in minor units.</summary>
    public long Amount { get; set; }
    public string? Label { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Goes up by one on every update (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;
    /// <summary>The <c>Idempotency-Key</c> of the request that created it, if it sent one.</summary>
    public string? IdempotencyKey { get; set; }
}
