using Budget.Api.Common;

namespace Budget.Api.Schedules;

/// <summary>
/// Runs <see cref="RecurringTransactions"/> at start-up (catching up whatever fell due while the app was down) and
/// again when the household's next day begins. It wakes at least hourly: a Raspberry Pi has no real-time clock, and
/// when NTP corrects the time after boot a single long sleep would end at the wrong hour.
/// </summary>
public sealed class RecurringTransactionsService(
    RecurringTransactions recurring, HouseholdTime household, TimeProvider clock, IHostApplicationLifetime lifetime, ILogger<RecurringTransactionsService> logger)
    : BackgroundService
{
    private static readonly TimeSpan LongestSleep = TimeSpan.FromHours(1);

    private readonly TaskCompletionSource _catchUp = new(TaskCreationOptions.RunContinuationsAsynchronously);

    /// <summary>Done when the catch-up at start has ended, whether it created anything or failed.</summary>
    public Task CatchUp => _catchUp.Task;

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        await using var _ = stoppingToken.Register(() => _catchUp.TrySetCanceled());
        await lifetime.AfterStartAsync(stoppingToken);
        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await recurring.RunAsync(stoppingToken);
            }
            catch (Exception exception) when (!stoppingToken.IsCancellationRequested)
            {
                // The next wake-up tries again; what is due stays due.
                logger.LogError(exception, "Creating due recurring transactions failed.");
            }
            _catchUp.TrySetResult();
            var untilTomorrow = household.NextDayStarts() - clock.GetUtcNow();
            var sleep = untilTomorrow < LongestSleep ? untilTomorrow : LongestSleep;
            try
            {
                await Task.Delay(sleep > TimeSpan.Zero ? sleep : TimeSpan.Zero, clock, stoppingToken);
            }
            catch (OperationCanceledException)
            {
                return;
            }
        }
    }
}
