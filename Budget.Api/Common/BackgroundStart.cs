namespace Budget.Api.Common;

/// <summary>
/// When the background passes (the recurring catch-up, the alert scan, notification deliveries) begin: once the API
/// answers requests, and a moment later. On the Pi's share of one core a restarted pod would otherwise spend its
/// first second on them instead of on the readiness probe and the household's first requests.
/// </summary>
public static class BackgroundStart
{
    private static readonly TimeSpan Grace = TimeSpan.FromSeconds(1);

    public static async Task AfterStartAsync(this IHostApplicationLifetime lifetime, CancellationToken stoppingToken)
    {
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        await using (lifetime.ApplicationStarted.Register(() => started.TrySetResult()))
        {
            await started.Task.WaitAsync(stoppingToken);
        }
        await Task.Delay(Grace, stoppingToken);
    }
}
