using Budget.Api.Common;

namespace Budget.Api.Goals;

/// <summary>
/// <c>priority</c> runs from 1 (most important) to 5; <c>deadline</c> is optional. <c>nodeId</c> links the goal to a
/// savings or investment node of the same profile: its balance is then the goal's current amount (<c>current</c> is
/// ignored) and the projection follows the node's planned monthly inflow and APY; left out, the goal is unlinked.
/// On an update, <c>version</c> is the one last read: if the row changed since, the answer is 409 and nothing is saved; left out, the update simply wins.
/// </summary>
public sealed record GoalRequest(string Name, decimal Target, decimal Current = 0, DateOnly? Deadline = null, int Priority = 3, long? NodeId = null, long? Version = null);

/// <summary>
/// A goal with its <c>progress</c> (percent), the <c>projectedCompletion</c> date and whether that meets the deadline
/// (<c>onTrack</c>, null without one). Unlinked, the projection goes by the pace saved since the goal was set (null
/// when reached or no pace yet). Linked to a node (<c>nodeId</c>), <c>current</c> is the node's balance, and the
/// projection saves <c>monthlySaving</c> (the sum of the planned flows into the node) at the end of each month after
/// crediting that month's interest, compounded monthly at the rate that gives the node's APY over a year, each
/// credit rounded to the minor unit (null when reached, or when not reached within 100 years);
/// <c>extraMonthlyNeeded</c> is how much more a month would reach the target by the deadline (whole minor units,
/// rounded up; 0 when on track; null when unlinked, without a deadline, or with no whole month left before it).
/// </summary>
public sealed record GoalResponse(
    long Id,
    string Name,
    decimal Target,
    decimal Current,
    DateOnly? Deadline,
    int Priority,
    long? NodeId,
    decimal Progress,
    DateOnly? ProjectedCompletion,
    bool? OnTrack,
    decimal? MonthlySaving,
    decimal? ExtraMonthlyNeeded,
    DateTime CreatedAt,
    long Version)
{
    /// <param name="link">The linked node's figures (see <see cref="GoalLinks"/>); null for an unlinked goal.</param>
    /// <param name="zone">The household's time zone, that <paramref name="today"/> is in.</param>
    public static GoalResponse From(Goal goal, Currency currency, DateOnly today, TimeZoneInfo zone, SavingsLink? link) => new(
        goal.Id,
        goal.Name,
        Money.ToMajor(goal.Target, currency),
        Money.ToMajor(GoalProgress.Current(goal, link), currency),
        goal.Deadline,
        goal.Priority,
        goal.NodeId,
        GoalProgress.Percent(goal, link),
        GoalProgress.ProjectedCompletion(goal, today, zone, link),
        GoalProgress.OnTrack(goal, today, zone, link),
        link is null ? null : Money.ToMajor(link.MonthlyInflow, currency),
        GoalProgress.ExtraMonthlyNeeded(goal, today, link) is { } extra ? Money.ToMajor(extra, currency) : null,
        goal.CreatedAt,
        goal.Version);
}
