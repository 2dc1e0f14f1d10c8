using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.AspNetCore.Mvc;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Alerts;

/// <summary>The signed-in user's own delivery channels; another user's are 404 like a missing id.</summary>
public static class NotificationChannelsApi
{
    /// <summary>Queued test messages a channel may have waiting at once: the test button cannot fill the outbox.</summary>
    public const int PendingTestsPerChannel = 3;

    public static RouteGroupBuilder MapNotificationChannelsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/notification-channels").WithTags("Notification channels").RequireAuthorization();
        group.MapGet("/", List);
        group.MapGet("/{channelId:long}", Get).WithName("GetNotificationChannel");
        group.MapPost("/", Create);
        group.MapPut("/{channelId:long}", Update);
        group.MapDelete("/{channelId:long}", Delete);
        group.MapPost("/{channelId:long}/test", SendTest);
        return group;
    }

    private static async Task<Ok<ChannelResponse[]>> List(CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var channels = await db.NotificationChannels.AsNoTracking().Where(c => c.UserId == user.Id).OrderBy(c => c.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(channels.Select(ChannelResponse.From).ToArray());
    }

    private static async Task<Results<Ok<ChannelResponse>, NotFound>> Get(long channelId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var channel = await db.NotificationChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.UserId == user.Id, cancellationToken);
        return channel is null ? TypedResults.NotFound() : TypedResults.Ok(ChannelResponse.From(channel));
    }

    /// <summary>Adds a channel; with an <c>Idempotency-Key</c> header a retry answers the channel the first attempt created.</summary>
    private static async Task<Results<CreatedAtRoute<ChannelResponse>, ValidationProblem, ProblemHttpResult>> Create(
        ChannelRequest request, [FromHeader(Name = IdempotencyKeys.Header)] string? idempotencyKey, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        var channel = new NotificationChannel { UserId = user.Id, Name = "", Url = "", CreatedAt = clock.GetUtcNow().UtcDateTime };
        var validator = new Validator(user.Currency);
        Apply(request, channel, validator);
        channel.IdempotencyKey = IdempotencyKeys.Parse(validator, idempotencyKey);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        // A retry is answered before the limit is checked: the channel it asks for already counts against it.
        var sameUser = db.NotificationChannels.Where(c => c.UserId == user.Id);
        if (await IdempotencyKeys.EarlierAsync(sameUser, channel.IdempotencyKey, cancellationToken) is { } earlier)
        {
            return Answer(earlier, channel);
        }
        if (await sameUser.CountAsync(cancellationToken) >= Limits.NotificationChannelsPerUser)
        {
            return Problems.Invalid("$", $"A user can keep at most {Limits.NotificationChannelsPerUser} notification channels.");
        }
        return Answer(await IdempotencyKeys.SaveOnceAsync(db, sameUser, channel, cancellationToken), channel);
    }

    /// <summary>The created channel, or the one an earlier attempt with the same key created if the request matches it.</summary>
    private static Results<CreatedAtRoute<ChannelResponse>, ValidationProblem, ProblemHttpResult> Answer(NotificationChannel saved, NotificationChannel requested)
    {
        // Compared only while unedited: a retry that arrives after an edit answers the row as it is now.
        if (saved.Version == 1 && (saved.Kind != requested.Kind || saved.Name != requested.Name || saved.Url != requested.Url
            || saved.Secret != requested.Secret || saved.Enabled != requested.Enabled))
        {
            return IdempotencyKeys.Reused();
        }
        return TypedResults.CreatedAtRoute(ChannelResponse.From(saved), "GetNotificationChannel", new { channelId = saved.Id });
    }

    private static async Task<Results<Ok<ChannelResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long channelId, ChannelRequest request, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var channel = await db.NotificationChannels.SingleOrDefaultAsync(c => c.Id == channelId && c.UserId == user.Id, cancellationToken);
        if (channel is null)
        {
            return TypedResults.NotFound();
        }
        var validator = new Validator(user.Currency);
        Apply(request, channel, validator);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        switch (await Versions.SaveAsync(db, channel, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(channel.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        return TypedResults.Ok(ChannelResponse.From(channel));
    }

    private static async Task<Results<NoContent, NotFound>> Delete(long channelId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        // Its queued deliveries go with it (cascade).
        var deleted = await db.NotificationChannels.Where(c => c.Id == channelId && c.UserId == user.Id).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    /// <summary>Queues a test message to the channel (202); how it went shows on the channel a moment later.</summary>
    private static async Task<Results<Accepted, NotFound, ProblemHttpResult>> SendTest(
        long channelId, CurrentUser user, BudgetDbContext db, TimeProvider clock, DeliverySignal deliveries, HttpContext http, CancellationToken cancellationToken)
    {
        var channel = await db.NotificationChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == channelId && c.UserId == user.Id, cancellationToken);
        if (channel is null)
        {
            return TypedResults.NotFound();
        }
        var waiting = await db.Deliveries.CountAsync(d => d.ChannelId == channelId && d.AlertId == null && d.Status == DeliveryStatus.Pending, cancellationToken);
        if (waiting >= PendingTestsPerChannel)
        {
            return Problems.TooManyRequests(http, DeliveryWorker.FirstRetry, "Test messages to this channel are still waiting to be sent.");
        }
        var now = clock.GetUtcNow().UtcDateTime;
        var message = new NotificationMessage(
            NotificationMessage.TestEvent, "Budget test notification", $"Notifications from Budget reach \"{channel.Name}\".", 3, now);
        db.Deliveries.Add(new NotificationDelivery
        {
            ChannelId = channel.Id,
            Payload = System.Text.Json.JsonSerializer.Serialize(message, NotificationJsonContext.Default.NotificationMessage),
            CreatedAt = now,
            NextAttemptAt = now,
        });
        await db.SaveChangesAsync(cancellationToken);
        deliveries.Wake();
        return TypedResults.Accepted((string?)null);
    }

    private static void Apply(ChannelRequest request, NotificationChannel channel, Validator validator)
    {
        channel.Kind = validator.Defined("kind", request.Kind);
        channel.Name = validator.Text("name", request.Name, Limits.NameLength);
        channel.Url = ChannelUrls.Validate(validator, "url", request.Url, channel.Kind);
        channel.Enabled = request.Enabled;
        // Left out keeps the stored token (the client never had it); empty removes it.
        if (request.Token is not null)
        {
            channel.Secret = request.Token.Length == 0 ? null : validator.Text("token", request.Token, Limits.SecretLength);
        }
        if (channel.Kind == ChannelKind.Gotify && channel.Secret is null)
        {
            validator.Error("token", "Required for Gotify: the application's token.");
        }
    }
}
