using System.Text.Json.Serialization;
using Budget.Api.Common;

namespace Budget.Api.Budgets;

/// <remarks>Distinct bits for the reason given on <see cref="Sankey.NodeType"/>.</remarks>
[JsonConverter(typeof(LowercaseEnumConverter<BudgetPeriod>))]
public enum BudgetPeriod
{
    Weekly = 1,
    Monthly = 2,
    Yearly = 4,
}

/// <summary>A spending limit per period ("Groceries, 600 a month"), named so as not to clash with the namespace.</summary>
public sealed class SpendingBudget : IVersioned
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public required string Name { get; set; }
    /// <summary>Limit per period in minor units.</summary>
    public long Budgeted { get; set; }
    public BudgetPeriod Period { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Goes up by one on every update (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;
    /// <summary>Percents of <see cref="Budgeted"/> whose reaching raises an alert, once per period (see Alerts/).</summary>
    public List<int> AlertThresholds { get; set; } = [.. Alerts.Alerting.DefaultThresholds];
}

/// <summary>Money spent against a budget on a date; a negative amount is a refund.</summary>
public sealed class Transaction : IIdempotentRow
{
    public long Id { get; set; }
    public long BudgetId { get; set; }
    public long Amount { get; set; }
    public string? Note { get; set; }
    public DateOnly Date { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>The client's Idempotency-Key, when it sent one: a retry with it finds this row instead of adding one.</summary>
    public string? IdempotencyKey { get; set; }
    /// <summary>The schedule that created it; null when entered by hand, or once that schedule is deleted.</summary>
    public long? ScheduleId { get; set; }
    /// <summary>The occurrence it was created for; it stays when the schedule is deleted, marking it recurring.</summary>
    public DateOnly? ScheduledFor { get; set; }
}
