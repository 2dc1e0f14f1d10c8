namespace Budget.Api.Goals;

/// <summary>How far a goal is, and when it will be reached at the pace saved since it was set.</summary>
public static class GoalProgress
{
    /// <summary>Percent of the target saved, to one decimal (may pass 100).</summary>
    public static decimal Percent(Goal goal) => decimal.Round(100m * goal.Current / goal.Target, 1, MidpointRounding.ToZero);

    /// <summary>
    /// The date the target is reached if saving goes on at its pace so far ((current − starting) / days since set);
    /// null when already reached, or when there is no pace yet to go by (set today, or nothing added since).
    /// </summary>
    public static DateOnly? ProjectedCompletion(Goal goal, DateOnly today)
    {
        var remaining = goal.Target - goal.Current;
        var saved = goal.Current - goal.StartingAmount;
        var days = today.DayNumber - DateOnly.FromDateTime(goal.CreatedAt).DayNumber;
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
    /// Whether the deadline will be met at this pace: null without a deadline, or on the day the goal is set (there is
    /// no pace to judge by yet); false once the deadline has passed unmet, or when nothing has been added since.
    /// </summary>
    public static bool? OnTrack(Goal goal, DateOnly today)
    {
        if (goal.Deadline is not { } deadline)
        {
            return null;
        }
        if (goal.Current >= goal.Target)
        {
            return true;
        }
        if (deadline < today)
        {
            return false;
        }
        if (today <= DateOnly.FromDateTime(goal.CreatedAt))
        {
            return null;
        }
        return ProjectedCompletion(goal, today) is { } projected && projected <= deadline;
    }
}
