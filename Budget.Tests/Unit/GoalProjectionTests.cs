using Budget.Api.Goals;

namespace Budget.Tests.Unit;

public class GoalProjectionTests
{
    /// <summary>An APY that is exactly 1 % a month compounded: (1.01)^12 − 1.</summary>
    private const decimal OnePercentAMonth = 12.682503013197m;

    private static readonly DateOnly Today = new(2026, 1, 31);

    private static Goal Goal(long target, DateOnly? deadline = null) => new()
    {
        Name = "House",
        Target = target,
        Deadline = deadline,
        Priority = 1,
        CreatedAt = new DateTime(2026, 1, 31, 8, 0, 0, DateTimeKind.Utc),
    };

    [Fact]
    public void Without_interest_the_balance_grows_by_the_monthly_saving_alone()
    {
        // 250.00 saved, 1,000.00 to go at 100.00 a month: exactly 10 months.
        Assert.Equal(10, GoalProjection.MonthsToReach(25_000, 125_000, 10_000, GoalProjection.MonthlyRate(0)));
        Assert.Equal(10, GoalProjection.MonthsToReach(25_000, 125_000, 10_000, GoalProjection.MonthlyRate(null)));
        // A cent more takes a whole month more.
        Assert.Equal(11, GoalProjection.MonthsToReach(25_000, 125_001, 10_000, 0));
    }

    [Fact]
    public void The_apy_compounds_monthly_with_each_credit_rounded_to_the_cent()
    {
        var rate = GoalProjection.MonthlyRate(OnePercentAMonth);
        // By hand: 10,000.00 + 100.00 interest + 500.00 = 10,600.00; + 106.00 + 500 = 11,206.00; + 112.06 + 500 = 11,818.06.
        var balance = 1_000_000L;
        balance = GoalProjection.NextMonth(balance, 50_000, rate);
        Assert.Equal(1_060_000, balance);
        balance = GoalProjection.NextMonth(balance, 50_000, rate);
        Assert.Equal(1_120_600, balance);
        balance = GoalProjection.NextMonth(balance, 50_000, rate);
        Assert.Equal(1_181_806, balance);
    }

    [Fact]
    public void Compounding_reaches_the_target_sooner_than_saving_alone()
    {
        // 10,000.00 towards 20,000.00 at 500.00 a month: 20 months without interest, 16 at 1 % a month
        // (month 15 ends at 19,658.12, month 16 at 20,354.70, worked out month by month as above).
        Assert.Equal(20, GoalProjection.MonthsToReach(1_000_000, 2_000_000, 50_000, 0));
        Assert.Equal(16, GoalProjection.MonthsToReach(1_000_000, 2_000_000, 50_000, GoalProjection.MonthlyRate(OnePercentAMonth)));
    }

    [Fact]
    public void Interest_alone_reaches_the_target_in_time()
    {
        // Doubling at 1 % a month takes 70 months (1.01^70 = 2.007).
        Assert.Equal(70, GoalProjection.MonthsToReach(1_000_000, 2_000_000, 0, GoalProjection.MonthlyRate(OnePercentAMonth)));
    }

    [Theory]
    [InlineData(0L)] // nothing comes in, nothing grows
    [InlineData(-5_000L)] // money planned out of the node
    [InlineData(1L)] // a cent a month takes longer than a hundred years
    public void A_target_that_saving_never_reaches_has_no_projection(long monthly)
    {
        Assert.Null(GoalProjection.MonthsToReach(10_000, 100_000_000, monthly, 0));
        var link = new SavingsLink(10_000, 0, monthly);
        Assert.Null(GoalProgress.ProjectedCompletion(Goal(100_000_000, Today.AddYears(5)), Today, TimeZoneInfo.Utc, link));
        Assert.False(GoalProgress.OnTrack(Goal(100_000_000, Today.AddYears(5)), Today, TimeZoneInfo.Utc, link));
    }

    [Fact]
    public void A_reached_goal_is_on_track_with_nothing_more_needed_and_no_date_to_project()
    {
        var goal = Goal(100_000, Today.AddMonths(6));
        var link = new SavingsLink(100_000, 2m, 0);

        Assert.Equal(0, GoalProjection.MonthsToReach(100_000, 100_000, 0, 0));
        Assert.Null(GoalProgress.ProjectedCompletion(goal, Today, TimeZoneInfo.Utc, link));
        Assert.True(GoalProgress.OnTrack(goal, Today, TimeZoneInfo.Utc, link));
        Assert.Equal(0, GoalProgress.ExtraMonthlyNeeded(goal, Today, link));
        Assert.Equal(100m, GoalProgress.Percent(goal, link));
    }

    [Fact]
    public void A_linked_goal_projects_whole_months_from_today_and_judges_the_deadline_by_it()
    {
        var link = new SavingsLink(25_000, 0, 10_000);

        // Ten months from 31 January is 30 November (the month has no 31st).
        Assert.Equal(new DateOnly(2026, 11, 30), GoalProgress.ProjectedCompletion(Goal(125_000), Today, TimeZoneInfo.Utc, link));
        Assert.True(GoalProgress.OnTrack(Goal(125_000, new DateOnly(2026, 11, 30)), Today, TimeZoneInfo.Utc, link));
        Assert.False(GoalProgress.OnTrack(Goal(125_000, new DateOnly(2026, 11, 29)), Today, TimeZoneInfo.Utc, link));
        // Judged from the day it is set: the plan is the pace, there is no need to wait for saving to show.
        Assert.Null(GoalProgress.OnTrack(Goal(125_000), Today, TimeZoneInfo.Utc, link));
    }

    [Fact]
    public void Without_interest_the_monthly_saving_needed_is_the_gap_over_the_months_rounded_up_to_the_cent()
    {
        // 1,000.00 in 12 months is 83.333… a month: 83.34, and 83.33 would fall 4 cents short.
        Assert.Equal(8_334, GoalProjection.MonthlySavingNeeded(0, 100_000, 0, 12));
        var goal = Goal(100_000, Today.AddMonths(12));
        Assert.Equal(3_334, GoalProgress.ExtraMonthlyNeeded(goal, Today, new SavingsLink(0, null, 5_000)));
        Assert.Equal(0, GoalProgress.ExtraMonthlyNeeded(goal, Today, new SavingsLink(0, null, 9_000)));
    }

    [Fact]
    public void With_interest_the_monthly_saving_needed_is_the_smallest_that_gets_there_in_time()
    {
        var rate = GoalProjection.MonthlyRate(OnePercentAMonth);
        // 1,000.00 a month for 12 months at 1 % a month ends at 12,682.51 by hand (the annuity 12.6825… × 1,000 plus
        // the cents of rounding); a cent more needs 1,000.01 a month.
        Assert.Equal(100_000, GoalProjection.MonthlySavingNeeded(0, 1_268_251, rate, 12));
        Assert.Equal(100_001, GoalProjection.MonthlySavingNeeded(0, 1_268_252, rate, 12));
        // From 5,000.00 towards 20,000.00 in a year: 1,132.74 a month, 1,132.73 falls short.
        Assert.Equal(113_274, GoalProjection.MonthlySavingNeeded(500_000, 2_000_000, rate, 12));
        Assert.Null(GoalProjection.MonthsToReach(500_000, 2_000_000, 113_273, rate, maxMonths: 12));
    }

    [Theory]
    [InlineData("2026-01-31", "2026-02-27", 0)]
    [InlineData("2026-01-31", "2026-02-28", 1)]
    [InlineData("2026-01-15", "2027-01-14", 11)]
    [InlineData("2026-01-15", "2027-01-15", 12)]
    [InlineData("2026-01-15", "2026-01-01", 0)]
    public void The_months_before_a_deadline_are_the_whole_months_that_end_by_it(string today, string deadline, int months)
    {
        Assert.Equal(months, GoalProjection.MonthsUntil(DateOnly.Parse(today), DateOnly.Parse(deadline)));
    }

    [Fact]
    public void No_whole_month_before_the_deadline_leaves_no_monthly_answer_and_the_goal_off_track()
    {
        var goal = Goal(100_000, Today.AddDays(20));
        var link = new SavingsLink(0, null, 10_000);

        Assert.Null(GoalProgress.ExtraMonthlyNeeded(goal, Today, link));
        Assert.False(GoalProgress.OnTrack(goal, Today, TimeZoneInfo.Utc, link));
    }

    [Fact]
    public void A_linked_goal_counts_the_node_balance_as_saved()
    {
        var goal = Goal(200_000);
        goal.Current = 5;

        Assert.Equal(50m, GoalProgress.Percent(goal, new SavingsLink(100_000, null, 0)));
        Assert.Equal(100_000, GoalProgress.Current(goal, new SavingsLink(100_000, null, 0)));
        Assert.Null(GoalProgress.ExtraMonthlyNeeded(goal, Today, null));
    }
}
