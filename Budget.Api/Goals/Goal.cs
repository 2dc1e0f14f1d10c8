using Budget.Api.Common;

namespace Budget.Api.Goals;

/// <summary>Something the household saves towards.</summary>
public sealed class Goal : IVersioned, IIdempotentRow
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public required string Name { get; set; }
    public long Target { get; set; }
    public long Current { get; set; }
    /// <summary>What was already saved when the goal was set: the pace is measured from here.</summary>
    public long StartingAmount { get; set; }
    public DateOnly? Deadline { get; set; }
    /// <summary>The savings or investment node the goal saves into: its balance is then the goal's current amount.</summary>
    public long? NodeId { get; set; }
    /// <summary>1 is the most important, 5 the least.</summary>
    public int Priority { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Goes up by one on every update (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;
    /// <summary>The <c>Idempotency-Key</c> of the request that created it, if it sent one.</summary>
    public string? IdempotencyKey { get; set; }
}
