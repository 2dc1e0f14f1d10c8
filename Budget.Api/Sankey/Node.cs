using System.Text.Json.Serialization;
using Budget.Api.Common;

namespace Budget.Api.Sankey;

/// <remarks>
/// Distinct bits on purpose: System.Text.Json reads "account,savings" as the two values OR-ed together, and with
/// distinct bits that is never a defined value, so <see cref="Validator.Defined{TEnum}"/> refuses it.
/// Stored by name, so the numbers never reach the database.
/// </remarks>
[JsonConverter(typeof(LowercaseEnumConverter<NodeType>))]
public enum NodeType
{
    Income = 1,
    Account = 2,
    Savings = 4,
    Investment = 8,
    Expense = 16,
    Debt = 32,
}

/// <summary>A place money comes from, sits in or goes to: a box in the money map.</summary>
public sealed class Node : IVersioned, IIdempotentRow
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public NodeType Type { get; set; }
    public required string Label { get; set; }
    public string? Institution { get; set; }
    /// <summary>Planned monthly amount in minor units (a salary, a rent).</summary>
    public long Amount { get; set; }
    /// <summary>Current balance in minor units; for a debt, what is owed.</summary>
    public long Balance { get; set; }
    /// <summary>Annual percentage yield, in percent (4.25 is 4.25 %).</summary>
    public decimal? Apy { get; set; }
    /// <summary>A JSON object the web app may keep with the node.</summary>
    public string? Metadata { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Goes up by one on every update (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;
    /// <summary>The <c>Idempotency-Key</c> of the request that created it, if it sent one.</summary>
    public string? IdempotencyKey { get; set; }
}
