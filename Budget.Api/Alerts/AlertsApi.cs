using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Alerts;

public static class AlertsApi
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 200;

    public static IServiceCollection AddAlerts(this IServiceCollection services)
    {
        services.AddSingleton<DeliverySignal>();
        services.AddSingleton<Alerting>();
        // Its own handler, not the factory's defaults: those add in-memory retries (the outbox retries, durably)
        // and would follow redirects.
        services.AddSingleton(_ => new NotificationSender(new HttpClient(ChannelUrls.CreateHandler()) { Timeout = ChannelUrls.Timeout }));
        if (!OpenApiBuild.IsRunning)
        {
            services.AddHostedService<DeliveryWorker>();
            services.AddHostedService<AlertScanner>();
        }
        return services;
    }

    /// <summary>A profile's alerts (viewers read them; marking read is allowed to viewers too: it changes no money data).</summary>
    public static RouteGroupBuilder MapAlertsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapProfileGroup("alerts").WithTags("Alerts");
        group.MapGet("/", List);
        // Marking read changes no money data: anyone who can see the alerts may.
        group.MapPost("/read", MarkAllRead).RequireProfileRole(ProfileRole.Viewer);
        group.MapPost("/{alertId:long}/read", MarkRead).RequireProfileRole(ProfileRole.Viewer);
        app.MapNotificationChannelsApi();
        return group;
    }

    /// <summary>
    /// Newest first; <c>limit</c> 1 to 200 (default 50). <c>unread</c> counts all unread alerts, not only those listed.
    /// An alert raised before the caller joined the profile is not news to them: it reads as read when they joined.
    /// </summary>
    private static async Task<Results<Ok<AlertListResponse>, ValidationProblem>> List(
        long profileId, string? limit, CurrentUser user, HttpContext http, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var pageSize = validator.QueryInt("limit", limit) ?? DefaultPageSize;
        if (pageSize is < 1 or > MaxPageSize)
        {
            validator.Error("limit", $"Must be between 1 and {MaxPageSize}.");
        }
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        var joinedAt = ProfileAccess.Of(http).JoinedAt;
        var mine = db.Alerts.AsNoTracking().Where(a => a.ProfileId == profileId);
        var unread = await News(db, mine, joinedAt, user.Id).CountAsync(cancellationToken);
        var alerts = await mine.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(pageSize)
            .Select(a => new
            {
                Alert = a,
                ReadAt = a.CreatedAt < joinedAt ? joinedAt : db.AlertReads.Where(r => r.AlertId == a.Id && r.UserId == user.Id).Select(r => (DateTime?)r.ReadAt).FirstOrDefault(),
            })
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(new AlertListResponse(unread, alerts.Select(a => AlertResponse.From(a.Alert, a.ReadAt)).ToArray()));
    }

    /// <summary>Marks the alert read for the caller only: the other members still see it unread.</summary>
    private static async Task<Results<NoContent, NotFound>> MarkRead(
        long profileId, long alertId, CurrentUser user, HttpContext http, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (!await db.Alerts.AnyAsync(a => a.Id == alertId && a.ProfileId == profileId, cancellationToken))
        {
            return TypedResults.NotFound();
        }
        await MarkReadAsync(db, profileId, alertId, ProfileAccess.Of(http).JoinedAt, user.Id, clock, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> MarkAllRead(long profileId, CurrentUser user, HttpContext http, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        await MarkReadAsync(db, profileId, alertId: null, ProfileAccess.Of(http).JoinedAt, user.Id, clock, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>Alerts raised since the member joined that they have not read.</summary>
    private static IQueryable<Alert> News(BudgetDbContext db, IQueryable<Alert> alerts, DateTime joinedAt, long userId) =>
        alerts.Where(a => a.CreatedAt >= joinedAt && !db.AlertReads.Any(r => r.AlertId == a.Id && r.UserId == userId));

    /// <summary>A member's read rows go with their membership (removed or left); rejoining starts from then.</summary>
    public static Task ForgetReadsAsync(BudgetDbContext db, long profileId, long userId, CancellationToken cancellationToken) =>
        db.AlertReads.Where(r => r.UserId == userId && db.Alerts.Any(a => a.Id == r.AlertId && a.ProfileId == profileId)).ExecuteDeleteAsync(cancellationToken);

    /// <summary>
    /// Adds the caller's read row for <paramref name="alertId"/> (null: every alert of the profile) if it is news to
    /// them (<see cref="News"/>: raised since they joined). One statement however many alerts there are, so the ids
    /// never pass through the app; one already read (also in another tab at the same moment) keeps its first read time.
    /// </summary>
    private static Task MarkReadAsync(BudgetDbContext db, long profileId, long? alertId, DateTime joinedAt, long userId, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        return db.Database.ExecuteSqlInterpolatedAsync($"""
            INSERT INTO alert_reads (alert_id, user_id, read_at)
            SELECT id, {userId}, {now} FROM alerts
            WHERE profile_id = {profileId} AND created_at >= {joinedAt} AND ({alertId} IS NULL OR id = {alertId})
            ON CONFLICT (alert_id, user_id) DO NOTHING
            """, cancellationToken);
    }
}
