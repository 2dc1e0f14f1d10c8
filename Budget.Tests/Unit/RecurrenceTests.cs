using Budget.Api.Schedules;

namespace Budget.Tests.Unit;

public sealed class RecurrenceTests
{
    private static DateOnly D(string date) => DateOnly.ParseExact(date, "yyyy-MM-dd");

    private static string[] Dates(Recurrence rule, string after, string through) =>
        rule.Between(D(after), D(through)).Select(d => d.ToString("yyyy-MM-dd")).ToArray();

    [Fact]
    public void The_31st_falls_on_the_last_day_of_shorter_months_and_comes_back_after_them()
    {
        var rule = new Recurrence(Frequency.Monthly, 1, null, 31, null, D("2026-01-01"), null);

        Assert.Equal(["2026-01-31", "2026-02-28", "2026-03-31", "2026-04-30", "2026-05-31"], Dates(rule, "2025-12-31", "2026-05-31"));
    }

    [Fact]
    public void The_30th_of_a_month_is_the_29th_of_february_in_a_leap_year()
    {
        var rule = new Recurrence(Frequency.Monthly, 1, null, 30, null, D("2028-01-01"), null);

        Assert.Equal(["2028-01-30", "2028-02-29", "2028-03-30"], Dates(rule, "2027-12-31", "2028-03-31"));
    }

    [Fact]
    public void The_29th_of_february_yearly_is_the_28th_in_other_years()
    {
        var rule = new Recurrence(Frequency.Yearly, 1, null, 29, 2, D("2024-01-01"), null);

        Assert.Equal(["2024-02-29", "2025-02-28", "2026-02-28", "2027-02-28", "2028-02-29"], Dates(rule, "2023-12-31", "2028-12-31"));
    }

    [Fact]
    public void Every_two_weeks_counts_from_the_first_named_weekday_on_or_after_the_start()
    {
        // 2026-03-03 is a Tuesday: the first Friday is the 6th, then every other Friday.
        var rule = new Recurrence(Frequency.Weekly, 2, Weekday.Friday, null, null, D("2026-03-03"), null);

        Assert.Equal(["2026-03-06", "2026-03-20", "2026-04-03"], Dates(rule, "2026-01-01", "2026-04-05"));
    }

    [Fact]
    public void A_start_on_the_weekday_itself_is_the_first_occurrence()
    {
        var rule = new Recurrence(Frequency.Weekly, 1, Weekday.Sunday, null, null, D("2026-03-01"), null);

        Assert.Equal(["2026-03-01", "2026-03-08"], Dates(rule, "2026-02-28", "2026-03-08"));
    }

    [Fact]
    public void Every_three_months_counts_from_the_start_month_and_a_day_before_the_start_waits_a_whole_interval()
    {
        var rule = new Recurrence(Frequency.Monthly, 3, null, 15, null, D("2026-01-20"), null);

        Assert.Equal(["2026-04-15", "2026-07-15", "2026-10-15"], Dates(rule, "2025-01-01", "2026-12-31"));
    }

    [Fact]
    public void The_end_date_is_the_last_day_an_occurrence_may_fall_on()
    {
        var rule = new Recurrence(Frequency.Monthly, 1, null, 10, null, D("2026-01-01"), D("2026-03-10"));

        Assert.Equal(["2026-01-10", "2026-02-10", "2026-03-10"], Dates(rule, "2025-12-31", "2026-12-31"));
        Assert.Null(rule.NextAfter(D("2026-03-10")));
    }

    [Fact]
    public void After_is_exclusive_and_through_is_inclusive()
    {
        var rule = new Recurrence(Frequency.Monthly, 1, null, 10, null, D("2026-01-01"), null);

        Assert.Equal(["2026-02-10", "2026-03-10"], Dates(rule, "2026-01-10", "2026-03-10"));
        Assert.Equal(D("2026-02-10"), rule.NextAfter(D("2026-01-10")));
    }

    [Theory]
    [InlineData("weekly", 1)]
    [InlineData("weekly", 3)]
    [InlineData("monthly", 1)]
    [InlineData("monthly", 5)]
    [InlineData("yearly", 2)]
    public void A_window_far_from_the_start_holds_exactly_the_occurrences_of_the_whole_list(string frequency, int interval)
    {
        var rule = frequency switch
        {
            "weekly" => new Recurrence(Frequency.Weekly, interval, Weekday.Wednesday, null, null, D("1990-05-17"), null),
            "monthly" => new Recurrence(Frequency.Monthly, interval, null, 31, null, D("1990-05-17"), null),
            _ => new Recurrence(Frequency.Yearly, interval, null, 29, 2, D("1990-05-17"), null),
        };
        var all = rule.Between(D("1990-01-01"), D("2040-12-31")).ToList();

        foreach (var (after, through) in new[] { ("2025-01-30", "2025-03-01"), ("2031-12-31", "2036-01-01"), ("2040-02-28", "2040-12-31") })
        {
            var expected = all.Where(d => d > D(after) && d <= D(through));
            Assert.Equal(expected, rule.Between(D(after), D(through)));
        }
    }
}
