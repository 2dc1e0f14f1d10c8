using Budget.Api.Common;

namespace Budget.Api.Goals;

/// <summary>
/// How far a goal is, and when it will be reached: at the pace saved since it was set, or, for a goal linked to a
/// savings or investment node, by the node's planned monthly inflow and its yield (see <see cref="GoalProjection"/>).
/// Every caller passes the goal's <see cref="SavingsLink"/> when it has one (<see cref="GoalLinks"/> loads them).
/// </summary>
public static class GoalProgress
{
    /// <summary>What is saved: the linked node's balance, else the amount kept with the goal.</summary>
    public static long Current(Goal goal, SavingsLink? link) => link?.Balance ?? goal.Current;

    /// <summary>Percent of the target saved, to one decimal (may pass 100).</summary>
    public static decimal Percent(Goal goal, SavingsLink? link) =>
        decimal.Round(100m * Current(goal, link) / goal.Target, 1, MidpointRounding.ToZero);

    /// <summary>
    /// The date the target is reached; null when already reached or when it cannot be told. Unlinked: at the pace so
    /// far ((current − starting) / days since set), null with no pace yet (set today, or nothing added since).
    /// Linked: after the whole months of saving and interest it takes, null when not within a hundred years.
    /// <paramref name="zone"/> is the household's (<see cref="HouseholdTime.Zone"/>): the goal was set on its day then.
    /// </summary>
    public static DateOnly? ProjectedCompletion(Goal goal, DateOnly today, TimeZoneInfo zone, SavingsLink? link)
    {
        if (link is not null)
        {
            var months = GoalProjection.MonthsToReach(link.Balance, goal.Target, link.MonthlyInflow, GoalProjection.MonthlyRate(link.Apy));
            return months is { } count and > 0 ? today.AddMonths(count) : null;
        }
        var remaining = goal.Target - goal.Current;
        var saved = goal.Current - goal.StartingAmount;
        var days = today.DayNumber - SetOn(goal, zone).DayNumber;
        if (remaining <= 0 || saved <= 0 || days <= 0)
        {
            return null;
        }
        // Integer arithmetic: days needed = ceil(remaining × days / saved), in 128 bits so it cannot overflow.
        var daysNeeded = ((Int128)remaining * days + saved - 1) / saved;
        var dayNumber = today.DayNumber + daysNeeded;
        return dayNumber > DateOnly.MaxValue.DayNumber ? null : DateOnly.FromDayNumber((int)dayNumber);
    }

    /// <summary>
    /// Whether the deadline will be met: null without a deadline; true once reached; false once the deadline has
    /// passed unmet. Otherwise, linked: whether the projection lands on or before the deadline. Unlinked: null on the
    /// day the goal is set (there is no pace to judge by yet), false when nothing has been added since.
    /// </summary>
    public static bool? OnTrack(Goal goal, DateOnly today, TimeZoneInfo zone, SavingsLink? link)
    {
        if (goal.Deadline is not { } deadline)
        {
            return null;
        }
        if (Current(goal, link) >= goal.Target)
        {
            return true;
        }
        if (deadline < today)
        {
            return false;
        }
        if (link is null && today <= SetOn(goal, zone))
        {
            return null;
        }
        return ProjectedCompletion(goal, today, zone, link) is { } projected && projected <= deadline;
    }

    /// <summary>The household's day the goal was set on, as "today" is theirs (not UTC's).</summary>
    private static DateOnly SetOn(Goal goal, TimeZoneInfo zone) => HouseholdTime.DayOf(goal.CreatedAt, zone);

    /// <summary>
    /// For a linked goal with a deadline: how much more than the node's planned monthly inflow must go in each month
    /// to reach the target by the deadline, in whole minor units rounded up (0 when on track or reached). Null when
    /// unlinked, without a deadline, or with no whole month left before it.
    /// </summary>
    public static long? ExtraMonthlyNeeded(Goal goal, DateOnly today, SavingsLink? link)
    {
        if (link is null || goal.Deadline is not { } deadline)
        {
            return null;
        }
        var needed = GoalProjection.MonthlySavingNeeded(
            link.Balance, goal.Target, GoalProjection.MonthlyRate(link.Apy), GoalProjection.MonthsUntil(today, deadline));
        return needed is { } monthly ? Math.Max(0, monthly - link.MonthlyInflow) : null;
    }
}
