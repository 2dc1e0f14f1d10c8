using Budget.Api.Common;

namespace Budget.Api.Goals;

/// <summary><c>priority</c> runs from 1 (most important) to 5; <c>deadline</c> is optional. On an update, <c>version</c> is the one last read: if the row changed since, the answer is 409 and nothing is saved; left out, the update simply wins.</summary>
public sealed record GoalRequest(string Name, decimal Target, decimal Current = 0, DateOnly? Deadline = null, int Priority = 3, long? Version = null);

/// <summary>
/// A goal with its <c>progress</c> (percent), the <c>projectedCompletion</c> date at the pace saved since it was set
/// (null when reached or no pace yet), and whether that meets the deadline (<c>onTrack</c>, null without one).
/// </summary>
public sealed record GoalResponse(
    long Id,
    string Name,
    decimal Target,
    decimal Current,
    DateOnly? Deadline,
    int Priority,
    decimal Progress,
    DateOnly? ProjectedCompletion,
    bool? OnTrack,
    DateTime CreatedAt,
    long Version)
{
    public static GoalResponse From(Goal goal, Currency currency, DateOnly today) => new(
        goal.Id,
        goal.Name,
        Money.ToMajor(goal.Target, currency),
        Money.ToMajor(goal.Current, currency),
        goal.Deadline,
        goal.Priority,
        GoalProgress.Percent(goal),
        GoalProgress.ProjectedCompletion(goal, today),
        GoalProgress.OnTrack(goal, today),
        goal.CreatedAt,
        goal.Version);
}
