using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Alerts;

/// <summary>Tells the <see cref="DeliveryWorker"/> that something was queued, so it need not wait for its next look.</summary>
public sealed class DeliverySignal
{
    private readonly SemaphoreSlim _queued = new(0, 1);

    public void Wake()
    {
        try
        {
            _queued.Release();
        }
        catch (SemaphoreFullException)
        {
            // Already woken: one look covers everything queued so far.
        }
    }

    public Task WaitAsync(CancellationToken cancellationToken) => _queued.WaitAsync(cancellationToken);
}

/// <summary>
/// Sends the outbox (<see cref="NotificationDelivery"/>) in the background. A failed attempt is tried again after
/// 30 s, 1, 2, 4 … minutes, up to <see cref="MaxAttempts"/> attempts (about two hours), then marked failed, and the
/// channel shows why. The backoff lives in the row, not in memory (which is why this is not a Polly retry): a restart
/// resumes where it stopped. A worker claims a row by moving its due time a lease ahead, so a second instance skips
/// it and a worker that dies mid-send leaves it to be sent again (at least once: webhooks get a delivery id to
/// drop repeats by).
/// </summary>
public sealed class DeliveryWorker(
    IServiceScopeFactory scopes, DeliverySignal signal, NotificationSender sender, TimeProvider clock, IHostApplicationLifetime lifetime,
    ILogger<DeliveryWorker> logger) : BackgroundService
{
    public const int MaxAttempts = 8;
    public static readonly TimeSpan FirstRetry = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Lease = TimeSpan.FromMinutes(2);
    private static readonly TimeSpan LongestWait = TimeSpan.FromMinutes(5);
    private const int Batch = 20;

    /// <summary>The wait after the given number of failed attempts: 30 s, doubling each time.</summary>
    public static TimeSpan Backoff(int failedAttempts) => FirstRetry * Math.Pow(2, failedAttempts - 1);

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await lifetime.AfterStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            TimeSpan wait;
            try
            {
                wait = await DeliverDueAsync(stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Sending notifications failed; trying again shortly");
                wait = FirstRetry;
            }
            catch (OperationCanceledException)
            {
                return;
            }
            await WaitAsync(wait, stoppingToken);
        }
    }

    /// <summary>Sends what is due; answers how long until the next is.</summary>
    private async Task<TimeSpan> DeliverDueAsync(CancellationToken cancellationToken)
    {
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BudgetDbContext>();
        var now = clock.GetUtcNow().UtcDateTime;
        var due = await db.Deliveries.AsNoTracking()
            .Where(d => d.Status == DeliveryStatus.Pending && d.NextAttemptAt <= now)
            .OrderBy(d => d.NextAttemptAt).ThenBy(d => d.Id)
            .Take(Batch)
            .ToListAsync(cancellationToken);
        foreach (var delivery in due)
        {
            var claimed = await db.Deliveries
                .Where(d => d.Id == delivery.Id && d.Status == DeliveryStatus.Pending && d.NextAttemptAt == delivery.NextAttemptAt)
                .ExecuteUpdateAsync(set => set.SetProperty(d => d.NextAttemptAt, now + Lease), cancellationToken);
            if (claimed == 1)
            {
                await DeliverAsync(db, delivery, cancellationToken);
            }
        }
        if (due.Count == Batch)
        {
            return TimeSpan.Zero;
        }
        var next = await db.Deliveries.Where(d => d.Status == DeliveryStatus.Pending).MinAsync(d => (DateTime?)d.NextAttemptAt, cancellationToken);
        var untilNext = next is { } when ? when - clock.GetUtcNow().UtcDateTime : LongestWait;
        return untilNext < TimeSpan.Zero ? TimeSpan.Zero : untilNext > LongestWait ? LongestWait : untilNext;
    }

    private async Task DeliverAsync(BudgetDbContext db, NotificationDelivery delivery, CancellationToken cancellationToken)
    {
        var channel = await db.NotificationChannels.AsNoTracking().SingleOrDefaultAsync(c => c.Id == delivery.ChannelId, cancellationToken);
        if (channel is null)
        {
            return; // deleted meanwhile, and its deliveries with it
        }
        var error = channel.Enabled ? await sender.SendAsync(channel, delivery, cancellationToken) : "the channel is switched off";
        var at = clock.GetUtcNow().UtcDateTime;
        var attempts = delivery.Attempts + 1;
        var thisDelivery = db.Deliveries.Where(d => d.Id == delivery.Id);
        var thisChannel = db.NotificationChannels.Where(c => c.Id == channel.Id);
        if (error is null)
        {
            await thisDelivery.ExecuteUpdateAsync(set => set
                .SetProperty(d => d.Status, DeliveryStatus.Delivered).SetProperty(d => d.Attempts, attempts)
                .SetProperty(d => d.CompletedAt, at).SetProperty(d => d.LastError, (string?)null), cancellationToken);
            // Not the channel's version: that counts the user's edits, and a delivery must not make their next edit a conflict.
            await thisChannel.ExecuteUpdateAsync(set => set
                .SetProperty(c => c.LastDeliveredAt, at).SetProperty(c => c.LastError, (string?)null).SetProperty(c => c.LastErrorAt, (DateTime?)null), cancellationToken);
            return;
        }
        var givesUp = attempts >= MaxAttempts || !channel.Enabled;
        logger.LogInformation("Notification {DeliveryId} to channel {ChannelId} failed (attempt {Attempt}): {Error}", delivery.Id, channel.Id, attempts, error);
        await thisDelivery.ExecuteUpdateAsync(set => set
            .SetProperty(d => d.Status, givesUp ? DeliveryStatus.Failed : DeliveryStatus.Pending)
            .SetProperty(d => d.Attempts, attempts)
            .SetProperty(d => d.NextAttemptAt, givesUp ? at : at + Backoff(attempts))
            .SetProperty(d => d.CompletedAt, givesUp ? at : null)
            .SetProperty(d => d.LastError, error), cancellationToken);
        var shown = givesUp ? $"{error} (gave up after {attempts} attempts)" : $"{error} (trying again)";
        await thisChannel.ExecuteUpdateAsync(set => set.SetProperty(c => c.LastError, shown).SetProperty(c => c.LastErrorAt, at), cancellationToken);
    }

    private async Task WaitAsync(TimeSpan wait, CancellationToken stoppingToken)
    {
        if (wait <= TimeSpan.Zero || stoppingToken.IsCancellationRequested)
        {
            return;
        }
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken);
        var timer = Task.Delay(wait, clock, stop.Token);
        var woken = signal.WaitAsync(stop.Token);
        await Task.WhenAny(timer, woken);
        await stop.CancelAsync();
        try
        {
            await Task.WhenAll(timer, woken);
        }
        catch (OperationCanceledException)
        {
            // The other of the two, or the app stopping.
        }
    }
}

/// <summary>
/// Looks at every budget and goal every quarter of an hour (and at start): catches a new period whose spending is
/// already past a threshold, transactions written by other means than the API's create, and goals falling behind.
/// </summary>
public sealed class AlertScanner(
    IServiceScopeFactory scopes, Alerting alerting, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<AlertScanner> logger) : BackgroundService
{
    public static readonly TimeSpan Interval = TimeSpan.FromMinutes(15);

    private readonly TaskCompletionSource _firstScan = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done when the scan at start has ended, whether it raised anything or failed.</summary>
    public Task FirstScan => _firstScan.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var _ = stoppingToken.Register(() => _firstScan.TrySetCanceled());
        await lifetime.AfterStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await alerting.ScanAsync(scope.ServiceProvider.GetRequiredService<BudgetDbContext>(), stoppingToken);
            }
            catch (Exception e) when (!stoppingToken.IsCancellationRequested)
            {
                logger.LogWarning(e, "Scanning for alerts failed; trying again at the next scan");
            }
            _firstScan.TrySetResult();
            try
            {
                await Task.Delay(Interval, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
