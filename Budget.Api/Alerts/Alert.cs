using System.Text.Json.Serialization;
using Budget.Api.Common;

namespace Budget.Api.Alerts;

[JsonConverter(typeof(LowercaseEnumConverter<AlertKind>))]
public enum AlertKind
{
    /// <summary>A budget's spending reached one of its thresholds in the current period.</summary>
    BudgetThreshold = 1,
    /// <summary>A goal will not reach its target by its deadline at its pace (<see cref="Goals.GoalProgress.OnTrack"/>).</summary>
    GoalAtRisk = 2,
}

/// <summary>
/// Something the household should know, raised once: a budget's threshold once per period (unique on budget, period
/// start and threshold), a goal's risk once per deadline (unique on goal and deadline). The database enforces it, so
/// two requests or instances racing cannot raise it twice.
/// </summary>
public sealed class Alert
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public AlertKind Kind { get; set; }
    public long? BudgetId { get; set; }
    /// <summary>The first day of the budget period the threshold was reached in.</summary>
    public DateOnly? PeriodStart { get; set; }
    /// <summary>Percent of the period's budget.</summary>
    public int? Threshold { get; set; }
    public long? GoalId { get; set; }
    /// <summary>The goal's deadline when it was found at risk: a new deadline may be at risk again.</summary>
    public DateOnly? GoalDeadline { get; set; }
    public required string Title { get; set; }
    public required string Message { get; set; }
    public DateTime CreatedAt { get; set; }
}

/// <summary>
/// One member has read one alert. Read state is each member's own (an alert belongs to a profile that several people
/// may share): one spouse reading an alert leaves it unread for the other.
/// </summary>
public sealed class AlertRead
{
    public long AlertId { get; set; }
    public long UserId { get; set; }
    public DateTime ReadAt { get; set; }
}

[JsonConverter(typeof(LowercaseEnumConverter<ChannelKind>))]
public enum ChannelKind
{
    Ntfy = 1,
    Gotify = 2,
    Webhook = 3,
}

/// <summary>Where one user's alerts are pushed: an ntfy topic, a Gotify application or a webhook.</summary>
public sealed class NotificationChannel : IVersioned, IIdempotentRow
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public ChannelKind Kind { get; set; }
    public required string Name { get; set; }
    public required string Url { get; set; }
    /// <summary>ntfy access token, Gotify application token or webhook signing key. Never answered in full.</summary>
    public string? Secret { get; set; }
    public bool Enabled { get; set; } = true;
    public DateTime CreatedAt { get; set; }
    public DateTime? LastDeliveredAt { get; set; }
    /// <summary>Why the last attempt failed (a status code, a timeout); cleared by the next success.</summary>
    public string? LastError { get; set; }
    public DateTime? LastErrorAt { get; set; }
    /// <summary>Goes up by one on every update by the user (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;
    /// <summary>The <c>Idempotency-Key</c> of the request that created it, if it sent one.</summary>
    public string? IdempotencyKey { get; set; }
}

public enum DeliveryStatus
{
    Pending = 1,
    Delivered = 2,
    Failed = 3,
}

/// <summary>
/// The outbox: one message to one channel, written in the same transaction as the alert, sent later by
/// <see cref="DeliveryWorker"/>, so a request never waits for a push and a restart loses none.
/// </summary>
public sealed class NotificationDelivery
{
    public long Id { get; set; }
    public long ChannelId { get; set; }
    public long? AlertId { get; set; }
    /// <summary>The <see cref="NotificationMessage"/> as JSON, fixed when the alert was raised.</summary>
    public required string Payload { get; set; }
    public DeliveryStatus Status { get; set; } = DeliveryStatus.Pending;
    public int Attempts { get; set; }
    /// <summary>When it is due; while a worker sends it, the end of that worker's lease.</summary>
    public DateTime NextAttemptAt { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime? CompletedAt { get; set; }
    public string? LastError { get; set; }
}
