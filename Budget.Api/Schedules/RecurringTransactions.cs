using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Schedules;

/// <summary>
/// Turns due occurrences into transactions, exactly once. Each schedule is caught up in one write transaction that
/// re-reads it under SQLite's write lock, creates its occurrences after <see cref="Schedule.HandledThrough"/> up to
/// the household's today and moves that mark; a second pass (another instance, or a request) waits for the lock
/// and then finds nothing left. Should two ever get past that, the unique index on (schedule, occurrence) refuses
/// the second transaction for the same occurrence and its pass rolls back.
/// </summary>
public sealed class RecurringTransactions(IServiceScopeFactory scopes, HouseholdTime household, TimeProvider clock, ILogger<RecurringTransactions> logger)
{
    /// <summary>One pass over every schedule with something due; returns how many transactions it created.</summary>
    public async Task<int> RunAsync(CancellationToken cancellationToken = default)
    {
        var today = household.Today();
        await using var scope = scopes.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<BudgetDbContext>();
        var due = await db.Schedules.AsNoTracking()
            .Where(s => s.HandledThrough < today && (s.EndDate == null || s.HandledThrough < s.EndDate))
            .OrderBy(s => s.Id).Select(s => s.Id)
            .ToListAsync(cancellationToken);
        var created = 0;
        foreach (var scheduleId in due)
        {
            created += await CatchUpAsync(db, scheduleId, today, cancellationToken);
        }
        return created;
    }

    /// <summary>
    /// Creates <paramref name="scheduleId"/>'s occurrences up to <paramref name="today"/> that are not yet handled.
    /// Leaves nothing tracked, so the caller's context can go on with the schedule as it stands.
    /// </summary>
    public async Task<int> CatchUpAsync(BudgetDbContext db, long scheduleId, DateOnly today, CancellationToken cancellationToken)
    {
        // BEGIN IMMEDIATE: the schedule is read under the write lock, so what it says is still true at the commit.
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        var schedule = await db.Schedules.SingleOrDefaultAsync(s => s.Id == scheduleId, cancellationToken);
        if (schedule is null)
        {
            db.ChangeTracker.Clear();
            return 0;
        }
        // Nothing due (handled through today already) is AddDueAsync's guard, kept there as the update calls it too.
        var created = await AddDueAsync(db, schedule, today, cancellationToken);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException exception) when (exception.IsUniqueViolation())
        {
            await transaction.RollbackAsync(CancellationToken.None);
            logger.LogWarning(exception, "Schedule {ScheduleId}: its occurrences up to {Today} were created elsewhere meanwhile; this pass created none.", scheduleId, today);
            return 0;
        }
        finally
        {
            db.ChangeTracker.Clear();
        }
        if (created > 0)
        {
            logger.LogInformation("Schedule {ScheduleId}: created {Count} transactions up to {Today}.", schedule.Id, created, today);
        }
        return created;
    }

    /// <summary>
    /// Adds the transactions of <paramref name="schedule"/>'s occurrences after its handled mark up to
    /// <paramref name="today"/> to the context and moves the mark, without saving: the caller saves them, read and
    /// written in one write transaction. Returns how many it added.
    /// </summary>
    public async Task<int> AddDueAsync(BudgetDbContext db, Schedule schedule, DateOnly today, CancellationToken cancellationToken)
    {
        if (schedule.HandledThrough >= today)
        {
            return 0;
        }
        var dates = schedule.Rule.Between(schedule.HandledThrough, today).ToList();
        var rows = dates.Select(date => new Transaction
        {
            BudgetId = schedule.BudgetId,
            Amount = schedule.Amount,
            Note = schedule.Note,
            Date = date,
            CreatedAt = clock.GetUtcNow().UtcDateTime,
            ScheduleId = schedule.Id,
            ScheduledFor = date,
        }).ToList();
        if (rows.Count > 0 && !await FitsTheBudgetsBoundAsync(db, schedule, rows.Count, cancellationToken))
        {
            logger.LogWarning("Schedule {ScheduleId}: {Count} occurrences up to {Today} were not created, as the budget's transactions would add up to more than Budget keeps exactly.", schedule.Id, rows.Count, today);
            rows.Clear();
        }
        db.Transactions.AddRange(rows);
        schedule.HandledThrough = today;
        return rows.Count;
    }

    /// <summary>The same bound as a hand-entered transaction (<see cref="GrossBound"/>), in the profile's currency.</summary>
    private static async Task<bool> FitsTheBudgetsBoundAsync(BudgetDbContext db, Schedule schedule, int count, CancellationToken cancellationToken)
    {
        var currencyCode = await db.Budgets.Where(b => b.Id == schedule.BudgetId)
            .Select(b => db.Profiles.Where(p => p.Id == b.ProfileId).Select(p => p.Currency).Single())
            .SingleAsync(cancellationToken);
        return await GrossBound.AllowsAsync(db, schedule.BudgetId, (Int128)Math.Abs(schedule.Amount) * count, Currency.Stored(currencyCode), cancellationToken);
    }
}
