using System.Globalization;
using System.Text.Json;
using Budget.Api.Budgets;
using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Goals;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Alerts;

/// <summary>
/// Raises alerts and queues their pushes. Called after a transaction or budget is written (for that budget) and by
/// <see cref="AlertScanner"/> for everything (goals, a new period, transactions written by other means). An alert
/// is raised once: the unique indexes on <see cref="Alert"/> refuse a second one, whoever races to write it.
/// </summary>
public sealed class Alerting(TimeProvider clock, HouseholdTime household, DeliverySignal deliveries, ILogger<Alerting> logger)
{
    public static readonly int[] DefaultThresholds = [80, 100];
    public const int MinThreshold = 1;
    public const int MaxThreshold = 1_000;

    /// <summary>Validates a budget's thresholds (percent of the period's budget); null keeps <paramref name="current"/>.</summary>
    public static List<int> Thresholds(Validator validator, string field, int[]? requested, List<int> current)
    {
        if (requested is null)
        {
            return current;
        }
        if (requested.Length > Limits.AlertThresholdsPerBudget)
        {
            validator.Error(field, $"At most {Limits.AlertThresholdsPerBudget} thresholds.");
        }
        if (requested.Any(t => t is < MinThreshold or > MaxThreshold))
        {
            validator.Error(field, $"Each threshold must be between {MinThreshold} and {MaxThreshold} (percent of the budget).");
        }
        return requested.Distinct().Order().ToList();
    }

    /// <summary>
    /// After a write to a budget: raises what its current period (summed after the write by the caller, who answers
    /// with it too) has reached. Never fails the request that already saved its change (the scanner catches up on
    /// anything missed here).
    /// </summary>
    public Task CheckBudgetAsync(BudgetDbContext db, SpendingBudget budget, BudgetSpending.PeriodSpending current, CancellationToken cancellationToken) =>
        CheckAsync(db, budget, () => Task.FromResult(current), cancellationToken);

    /// <summary>After a write to a budget's transactions: sums the period containing <paramref name="today"/> and raises what it has reached, as above.</summary>
    public Task CheckBudgetAsync(BudgetDbContext db, SpendingBudget budget, DateOnly today, CancellationToken cancellationToken) =>
        CheckAsync(db, budget, () => BudgetSpending.OfAsync(db, budget, today, cancellationToken), cancellationToken);

    private async Task CheckAsync(BudgetDbContext db, SpendingBudget budget, Func<Task<BudgetSpending.PeriodSpending>> currentPeriod, CancellationToken cancellationToken)
    {
        if (budget.AlertThresholds.Count == 0)
        {
            return;
        }
        try
        {
            var current = await currentPeriod();
            await RaiseForBudgetAsync(db, budget, current.Start, current.End, current.Spent, cancellationToken);
        }
        catch (Exception e) when (e is not OperationCanceledException)
        {
            logger.LogWarning(e, "Checking budget {BudgetId} for alerts failed; the next scan will try again", budget.Id);
        }
    }

    /// <summary>Every budget's current period and every goal with a deadline, for all households.</summary>
    public async Task ScanAsync(BudgetDbContext db, CancellationToken cancellationToken)
    {
        var today = household.Today();
        var budgets = await db.Budgets.AsNoTracking().ToListAsync(cancellationToken);
        var spending = await BudgetSpending.ForAsync(db, db.Budgets, today, cancellationToken);
        foreach (var budget in budgets.Where(b => b.AlertThresholds.Count > 0))
        {
            var period = spending[budget.Id];
            await RaiseForBudgetAsync(db, budget, period.Start, period.End, period.Spent, cancellationToken);
        }

        // A linked goal's progress is its node's balance, so "reached" is for GoalProgress to say, with the profile's links.
        var goals = await db.Goals.AsNoTracking().Where(g => g.Deadline != null).ToListAsync(cancellationToken);
        foreach (var profileGoals in goals.GroupBy(g => g.ProfileId))
        {
            var links = profileGoals.Any(g => g.NodeId != null)
                ? await GoalLinks.ForProfileAsync(db, profileGoals.Key, cancellationToken)
                : [];
            foreach (var goal in profileGoals.Where(g => GoalProgress.OnTrack(g, today, household.Zone, links.Of(g)) == false))
            {
                await RaiseForGoalAsync(db, goal, today, cancellationToken);
            }
        }
    }

    private async Task RaiseForBudgetAsync(BudgetDbContext db, SpendingBudget budget, DateOnly start, DateOnly end, long spent, CancellationToken cancellationToken)
    {
        // Integer arithmetic, in 128 bits: spent / budgeted ≥ threshold / 100.
        var reached = budget.AlertThresholds.Where(t => (Int128)spent * 100 >= (Int128)t * budget.Budgeted).ToList();
        if (reached.Count == 0)
        {
            return;
        }
        var raised = await RaisedForPeriod(db, budget.Id, start).Select(a => a.Threshold).ToListAsync(cancellationToken);
        var fresh = reached.Where(t => !raised.Contains(t)).Order().ToList();
        if (fresh.Count == 0)
        {
            return;
        }
        var currency = await CurrencyOfAsync(db, budget.ProfileId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var percentSpent = (long)((Int128)spent * 100 / budget.Budgeted);
        var alerts = fresh.Select(threshold => new Alert
        {
            ProfileId = budget.ProfileId,
            Kind = AlertKind.BudgetThreshold,
            BudgetId = budget.Id,
            PeriodStart = start,
            Threshold = threshold,
            Title = $"{budget.Name}: {threshold}% of the {PeriodName(budget.Period)} budget reached",
            Message = $"{Amount(spent, currency)} of {Amount(budget.Budgeted, currency)} spent ({percentSpent}%) between {start:yyyy-MM-dd} and {end:yyyy-MM-dd}.",
            CreatedAt = now,
        }).ToList();
        // One push per write, however many thresholds it passed at once: the highest says it all.
        var pushed = alerts[^1];
        await SaveAsync(db, alerts, pushed, alert => new NotificationMessage(
            NotificationMessage.BudgetThresholdEvent, alert.Title, alert.Message, alert.Threshold >= 100 ? 4 : 3, now,
            alert.Id, alert.ProfileId, BudgetId: alert.BudgetId, Threshold: alert.Threshold, PeriodStart: alert.PeriodStart), cancellationToken);
    }

    private async Task RaiseForGoalAsync(BudgetDbContext db, Goal goal, DateOnly today, CancellationToken cancellationToken)
    {
        if (await RaisedForGoal(db, goal.Id, goal.Deadline).AnyAsync(cancellationToken))
        {
            return;
        }
        var currency = await CurrencyOfAsync(db, goal.ProfileId, cancellationToken);
        var now = clock.GetUtcNow().UtcDateTime;
        var deadline = goal.Deadline!.Value;
        var alert = new Alert
        {
            ProfileId = goal.ProfileId,
            Kind = AlertKind.GoalAtRisk,
            GoalId = goal.Id,
            GoalDeadline = deadline,
            Title = deadline < today ? $"{goal.Name}: deadline missed" : $"{goal.Name}: deadline at risk",
            Message = deadline < today
                ? $"{Amount(goal.Current, currency)} of {Amount(goal.Target, currency)} saved; the deadline was {deadline:yyyy-MM-dd}."
                : $"At the pace saved so far, {Amount(goal.Current, currency)} of {Amount(goal.Target, currency)} will not reach the target by {deadline:yyyy-MM-dd}.",
            CreatedAt = now,
        };
        await SaveAsync(db, [alert], alert, a => new NotificationMessage(
            NotificationMessage.GoalAtRiskEvent, a.Title, a.Message, 3, now, a.Id, a.ProfileId, GoalId: a.GoalId), cancellationToken);
    }

    /// <summary>
    /// The alerts and the pushes of <paramref name="pushed"/> to every enabled channel of the profile's people, in one
    /// transaction. If another writer raised one of them first, nothing is written here: theirs stands.
    /// </summary>
    private async Task SaveAsync(BudgetDbContext db, List<Alert> alerts, Alert pushed, Func<Alert, NotificationMessage> message, CancellationToken cancellationToken)
    {
        var channelIds = await db.NotificationChannels
            .Where(c => c.Enabled && RecipientsOf(db, pushed.ProfileId).Contains(c.UserId))
            .Select(c => c.Id)
            .ToListAsync(cancellationToken);
        var added = new List<object>();
        try
        {
            await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
            // Checked again under the write lock (BEGIN IMMEDIATE): a writer that raised one first has committed by
            // now and no other can until this commits, so the loser of a race stops here instead of being refused by
            // the unique index (which EF would log as a failed command, at Error level).
            if (await RaisedAlready(db, alerts[0], alerts.Select(a => a.Threshold).ToList()).AnyAsync(cancellationToken))
            {
                logger.LogDebug("An alert was raised by another writer first");
                return;
            }
            db.Alerts.AddRange(alerts);
            added.AddRange(alerts);
            await db.SaveChangesAsync(cancellationToken);
            var payload = JsonSerializer.Serialize(message(pushed), NotificationJsonContext.Default.NotificationMessage);
            var outbox = channelIds.Select(channelId => new NotificationDelivery
            {
                ChannelId = channelId,
                AlertId = pushed.Id,
                Payload = payload,
                CreatedAt = pushed.CreatedAt,
                NextAttemptAt = pushed.CreatedAt,
            }).ToList();
            db.Deliveries.AddRange(outbox);
            added.AddRange(outbox);
            await db.SaveChangesAsync(cancellationToken);
            await transaction.CommitAsync(cancellationToken);
        }
        catch (DbUpdateException e) when (e.IsUniqueViolation())
        {
            logger.LogDebug("An alert was raised by another writer first");
            return;
        }
        finally
        {
            // The request's context goes on being used (or pooled): nothing of this may stay tracked.
            foreach (var row in added)
            {
                db.Entry(row).State = EntityState.Detached;
            }
        }
        if (channelIds.Count > 0)
        {
            deliveries.Wake();
        }
    }

    /// <summary>The alerts already raised for what <paramref name="alert"/> is about: its goal and deadline, or its budget, period and one of <paramref name="thresholds"/>.</summary>
    private static IQueryable<Alert> RaisedAlready(BudgetDbContext db, Alert alert, List<int?> thresholds) =>
        alert.GoalId is { } goalId
            ? RaisedForGoal(db, goalId, alert.GoalDeadline)
            : RaisedForPeriod(db, alert.BudgetId, alert.PeriodStart).Where(a => thresholds.Contains(a.Threshold));

    // One definition each, for the cheap check before building alerts and the recheck under the write lock.
    private static IQueryable<Alert> RaisedForGoal(BudgetDbContext db, long goalId, DateOnly? deadline) =>
        db.Alerts.Where(a => a.GoalId == goalId && a.GoalDeadline == deadline);

    private static IQueryable<Alert> RaisedForPeriod(BudgetDbContext db, long? budgetId, DateOnly? periodStart) =>
        db.Alerts.Where(a => a.BudgetId == budgetId && a.PeriodStart == periodStart);

    /// <summary>Whose channels a profile's alerts are pushed to: every member's, the owner included (a member row too).</summary>
    private static IQueryable<long> RecipientsOf(BudgetDbContext db, long profileId) =>
        db.ProfileMembers.Where(m => m.ProfileId == profileId).Select(m => m.UserId);

    /// <summary>The profile's money is kept in its own currency, whoever reads it.</summary>
    private static async Task<Currency> CurrencyOfAsync(BudgetDbContext db, long profileId, CancellationToken cancellationToken)
    {
        var code = await db.Profiles.Where(p => p.Id == profileId).Select(p => p.Currency).SingleAsync(cancellationToken);
        return Currency.Stored(code);
    }

    private static string Amount(long minorUnits, Currency currency) =>
        Money.ToMajor(minorUnits, currency).ToString("N" + currency.Exponent.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) + " " + currency.Code;

    private static string PeriodName(BudgetPeriod period) => period switch
    {
        BudgetPeriod.Weekly => "weekly",
        BudgetPeriod.Monthly => "monthly",
        _ => "yearly",
    };
}
