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

    /// <summary>Newest first; <c>limit</c> 1 to 200 (default 50). <c>unread</c> counts all unread alerts, not only those listed.</summary>
    private static async Task<Results<Ok<AlertListResponse>, ValidationProblem>> List(
        long profileId, string? limit, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
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
        var mine = db.Alerts.AsNoTracking().Where(a => a.ProfileId == profileId);
        var unread = await mine.CountAsync(a => a.ReadAt == null, cancellationToken);
        var alerts = await mine.OrderByDescending(a => a.CreatedAt).ThenByDescending(a => a.Id).Take(pageSize).ToListAsync(cancellationToken);
        return TypedResults.Ok(new AlertListResponse(unread, alerts.Select(AlertResponse.From).ToArray()));
    }

    private static async Task<Results<NoContent, NotFound>> MarkRead(long profileId, long alertId, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var alert = db.Alerts.Where(a => a.Id == alertId && a.ProfileId == profileId);
        if (!await alert.AnyAsync(cancellationToken))
        {
            return TypedResults.NotFound();
        }
        var now = clock.GetUtcNow().UtcDateTime;
        await alert.Where(a => a.ReadAt == null).ExecuteUpdateAsync(set => set.SetProperty(a => a.ReadAt, now), cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<NoContent> MarkAllRead(long profileId, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var now = clock.GetUtcNow().UtcDateTime;
        await db.Alerts.Where(a => a.ProfileId == profileId && a.ReadAt == null).ExecuteUpdateAsync(set => set.SetProperty(a => a.ReadAt, now), cancellationToken);
        return TypedResults.NoContent();
    }
}
