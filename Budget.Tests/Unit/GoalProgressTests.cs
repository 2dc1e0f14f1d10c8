using Budget.Api.Goals;

namespace Budget.Tests.Unit;

public class GoalProgressTests
{
    private static readonly DateTime SetAt = new(2024, 1, 1, 23, 30, 0, DateTimeKind.Utc);
    private static readonly DateOnly SetOn = DateOnly.FromDateTime(SetAt);

    private static Goal Goal(long target, long current, long starting = 0, DateOnly? deadline = null) => new()
    {
        Name = "Car",
        Target = target,
        Current = current,
        StartingAmount = starting,
        Deadline = deadline,
        Priority = 3,
        CreatedAt = SetAt,
    };

    [Theory]
    [InlineData(300, 100, 33.3)]
    [InlineData(300, 200, 66.6)] // cut, not rounded up
    [InlineData(100_000, 99_999, 99.9)] // a cent short is not yet 100
    [InlineData(100, 0, 0)]
    [InlineData(100, 100, 100)]
    [InlineData(100, 250, 250)]
    [InlineData(1_000_000_000_000_000, 1, 0)]
    public void Percent_is_the_share_of_the_target_saved_to_one_decimal(long target, long current, decimal percent)
    {
        Assert.Equal(percent, GoalProgress.Percent(Goal(target, current), link: null));
    }

    [Fact]
    public void At_the_pace_so_far_the_rest_takes_proportionally_long()
    {
        // 100 saved in 4 days; 800 to go takes 32 more.
        var goal = Goal(target: 1000, current: 200, starting: 100);

        Assert.Equal(SetOn.AddDays(36), GoalProgress.ProjectedCompletion(goal, SetOn.AddDays(4), TimeZoneInfo.Utc, link: null));
    }

    [Fact]
    public void A_part_of_a_day_counts_as_a_whole_day()
    {
        // 3 saved in a day; the last 1 takes a third of a day.
        var goal = Goal(target: 4, current: 3, starting: 0);

        Assert.Equal(SetOn.AddDays(2), GoalProgress.ProjectedCompletion(goal, SetOn.AddDays(1), TimeZoneInfo.Utc, link: null));
    }

    [Fact]
    public void There_is_no_projection_on_the_day_the_goal_is_set()
    {
        Assert.Null(GoalProgress.ProjectedCompletion(Goal(1000, 900, starting: 100), SetOn, TimeZoneInfo.Utc, link: null));
    }

    [Theory]
    [InlineData(100)] // nothing added
    [InlineData(50)] // money taken out
    public void Without_anything_saved_since_the_goal_was_set_there_is_no_projection(long current)
    {
        Assert.Null(GoalProgress.ProjectedCompletion(Goal(1000, current, starting: 100), SetOn.AddDays(30), TimeZoneInfo.Utc, link: null));
    }

    [Theory]
    [InlineData(1000)]
    [InlineData(1200)]
    public void A_reached_goal_has_no_projection(long current)
    {
        Assert.Null(GoalProgress.ProjectedCompletion(Goal(1000, current, starting: 0), SetOn.AddDays(30), TimeZoneInfo.Utc, link: null));
    }

    [Fact]
    public void A_pace_that_would_end_after_the_calendar_has_no_projection()
    {
        var goal = Goal(target: 1_000_000_000_000_000, current: 1, starting: 0);

        Assert.Null(GoalProgress.ProjectedCompletion(goal, SetOn.AddDays(1), TimeZoneInfo.Utc, link: null));
    }

    [Fact]
    public void Without_a_deadline_on_track_is_unknown()
    {
        Assert.Null(GoalProgress.OnTrack(Goal(1000, 200, starting: 100), SetOn.AddDays(4), TimeZoneInfo.Utc, link: null));
        Assert.Null(GoalProgress.OnTrack(Goal(1000, 1000, starting: 100), SetOn.AddDays(4), TimeZoneInfo.Utc, link: null));
    }

    [Theory]
    [InlineData(36, true)]
    [InlineData(37, true)]
    [InlineData(35, false)]
    public void On_track_means_the_projection_meets_the_deadline(int deadlineDays, bool onTrack)
    {
        var goal = Goal(target: 1000, current: 200, starting: 100, deadline: SetOn.AddDays(deadlineDays));

        Assert.Equal(onTrack, GoalProgress.OnTrack(goal, SetOn.AddDays(4), TimeZoneInfo.Utc, link: null));
    }

    [Fact]
    public void A_reached_goal_is_on_track_even_past_its_deadline()
    {
        var goal = Goal(target: 1000, current: 1000, starting: 0, deadline: SetOn.AddDays(1));

        Assert.True(GoalProgress.OnTrack(goal, SetOn.AddDays(10), TimeZoneInfo.Utc, link: null));
    }

    [Fact]
    public void A_goal_nothing_was_added_to_since_it_was_set_is_not_on_track()
    {
        var goal = Goal(target: 1000, current: 100, starting: 100, deadline: SetOn.AddDays(365));

        Assert.False(GoalProgress.OnTrack(goal, SetOn.AddDays(3), TimeZoneInfo.Utc, link: null));
    }

    [Fact]
    public void On_the_day_it_is_set_a_goal_is_neither_on_nor_off_track()
    {
        var goal = Goal(target: 1000, current: 100, starting: 100, deadline: SetOn.AddDays(365));

        Assert.Null(GoalProgress.OnTrack(goal, SetOn, TimeZoneInfo.Utc, link: null));
    }

    [Fact]
    public void A_missed_deadline_is_off_track()
    {
        var goal = Goal(target: 1000, current: 900, starting: 100, deadline: SetOn.AddDays(30));

        Assert.False(GoalProgress.OnTrack(goal, SetOn.AddDays(31), TimeZoneInfo.Utc, link: null));
    }
}
