using System.Text.Json;
using System.Text.Json.Serialization;

namespace Budget.Api.Alerts;

/// <summary>An alert: <c>threshold</c> and <c>periodStart</c> for a budget's, <c>goalId</c> for a goal's; <c>readAt</c> is when the caller read it, null while unread by them.</summary>
public sealed record AlertResponse(
    long Id,
    AlertKind Kind,
    string Title,
    string Message,
    long? BudgetId,
    int? Threshold,
    DateOnly? PeriodStart,
    long? GoalId,
    DateTime CreatedAt,
    DateTime? ReadAt)
{
    public static AlertResponse From(Alert alert, DateTime? readAt) => new(
        alert.Id, alert.Kind, alert.Title, alert.Message, alert.BudgetId, alert.Threshold, alert.PeriodStart, alert.GoalId, alert.CreatedAt, readAt);
}

/// <summary>The newest alerts first, and how many of all the profile's alerts the caller has not read (read state is each member's own).</summary>
public sealed record AlertListResponse(int Unread, AlertResponse[] Alerts);

/// <summary>
/// A delivery channel. <c>url</c>: for ntfy the topic's address (<c>https://ntfy.example/budget</c>), for Gotify the
/// server's, for a webhook the address to POST to; http or https, without a user name or password in it.
/// <c>token</c>: the ntfy access token (optional), the Gotify application token (required), or the webhook's
/// signing key (optional, signs the body with HMAC-SHA256). On an update a left-out <c>token</c> keeps the stored
/// one and an empty one removes it. On an update, <c>version</c> is the one last read (409 if it changed since).
/// </summary>
public sealed record ChannelRequest(ChannelKind Kind, string Name, string Url, string? Token = null, bool Enabled = true, long? Version = null);

/// <summary>
/// A channel as its owner sees it: the token only as a hint (its last characters), and how the last delivery went
/// (<c>lastError</c> is why the last attempt failed, cleared by the next success).
/// </summary>
public sealed record ChannelResponse(
    long Id,
    ChannelKind Kind,
    string Name,
    string Url,
    string? TokenHint,
    bool Enabled,
    DateTime CreatedAt,
    DateTime? LastDeliveredAt,
    string? LastError,
    DateTime? LastErrorAt,
    long Version)
{
    public static ChannelResponse From(NotificationChannel channel) => new(
        channel.Id, channel.Kind, channel.Name, channel.Url, HintOf(channel.Secret), channel.Enabled, channel.CreatedAt,
        channel.LastDeliveredAt, channel.LastError, channel.LastErrorAt, channel.Version);

    /// <summary>Enough to tell two tokens apart, too little to use one: the last four characters of a long secret, none of a short one.</summary>
    private static string? HintOf(string? secret) => secret switch
    {
        null => null,
        { Length: >= 16 } => "…" + secret[^4..],
        _ => "…",
    };
}

/// <summary>
/// What is pushed, and exactly the JSON body a webhook receives (documented in docs/notifications.md). Fields that do
/// not apply to the event are left out.
/// </summary>
/// <param name="Event"><c>budget.threshold</c>, <c>goal.at_risk</c> or <c>test</c>.</param>
/// <param name="Priority">1 (min) to 5 (max), ntfy's scale.</param>
public sealed record NotificationMessage(
    string Event,
    string Title,
    string Message,
    int Priority,
    DateTime CreatedAt,
    long? AlertId = null,
    long? ProfileId = null,
    long? BudgetId = null,
    int? Threshold = null,
    DateOnly? PeriodStart = null,
    long? GoalId = null)
{
    public const string BudgetThresholdEvent = "budget.threshold";
    public const string GoalAtRiskEvent = "goal.at_risk";
    public const string TestEvent = "test";
}

/// <summary>ntfy's JSON publishing format (POSTed to the server's root with the topic inside).</summary>
internal sealed record NtfyMessage(string Topic, string Title, string Message, int Priority, string[] Tags);

/// <summary>Gotify's <c>POST /message</c> body; its priority runs 0 to 10.</summary>
internal sealed record GotifyMessage(string Title, string Message, int Priority);

/// <summary>Outgoing bodies: not part of the API's contract, so kept out of its JSON context and OpenAPI document.</summary>
[JsonSourceGenerationOptions(JsonSerializerDefaults.Web, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
[JsonSerializable(typeof(NotificationMessage))]
[JsonSerializable(typeof(NtfyMessage))]
[JsonSerializable(typeof(GotifyMessage))]
internal sealed partial class NotificationJsonContext : JsonSerializerContext;
