using Budget.Api.Budgets;

namespace Budget.Tests.Unit;

public class BudgetPeriodsTests
{
    private static (DateOnly, DateOnly) Period(BudgetPeriod period, string date) =>
        BudgetPeriods.Containing(period, DateOnly.Parse(date, System.Globalization.CultureInfo.InvariantCulture));

    private static (DateOnly, DateOnly) Days(string start, string end) =>
        (DateOnly.Parse(start, System.Globalization.CultureInfo.InvariantCulture), DateOnly.Parse(end, System.Globalization.CultureInfo.InvariantCulture));

    [Theory]
    [InlineData("2024-12-30", "2024-12-30", "2025-01-05")] // Monday
    [InlineData("2024-12-31", "2024-12-30", "2025-01-05")]
    [InlineData("2025-01-01", "2024-12-30", "2025-01-05")]
    [InlineData("2025-01-05", "2024-12-30", "2025-01-05")] // Sunday
    [InlineData("2025-01-06", "2025-01-06", "2025-01-12")]
    [InlineData("2024-12-29", "2024-12-23", "2024-12-29")]
    [InlineData("2021-01-01", "2020-12-28", "2021-01-03")] // ISO week 53 of 2020
    [InlineData("2024-02-29", "2024-02-26", "2024-03-03")]
    public void A_week_runs_Monday_to_Sunday_even_across_a_year_or_month_boundary(string date, string start, string end)
    {
        Assert.Equal(Days(start, end), Period(BudgetPeriod.Weekly, date));
    }

    [Fact]
    public void Every_day_of_a_year_lies_in_a_Monday_to_Sunday_week()
    {
        for (var date = new DateOnly(2023, 12, 1); date <= new DateOnly(2025, 1, 31); date = date.AddDays(1))
        {
            var (start, end) = BudgetPeriods.Containing(BudgetPeriod.Weekly, date);
            Assert.Equal(DayOfWeek.Monday, start.DayOfWeek);
            Assert.Equal(start.AddDays(6), end);
            Assert.InRange(date, start, end);
        }
    }

    [Theory]
    [InlineData("2024-02-10", "2024-02-01", "2024-02-29")] // leap year
    [InlineData("2024-02-29", "2024-02-01", "2024-02-29")]
    [InlineData("2023-02-10", "2023-02-01", "2023-02-28")]
    [InlineData("2000-02-15", "2000-02-01", "2000-02-29")] // divisible by 400: leap
    [InlineData("2100-02-15", "2100-02-01", "2100-02-28")] // divisible by 100: not leap
    [InlineData("2024-01-31", "2024-01-01", "2024-01-31")]
    [InlineData("2024-04-01", "2024-04-01", "2024-04-30")]
    [InlineData("2024-12-31", "2024-12-01", "2024-12-31")]
    public void A_month_runs_from_its_first_to_its_last_day(string date, string start, string end)
    {
        Assert.Equal(Days(start, end), Period(BudgetPeriod.Monthly, date));
    }

    [Theory]
    [InlineData("2024-01-01")]
    [InlineData("2024-06-15")]
    [InlineData("2024-12-31")]
    public void A_year_runs_from_January_1_to_December_31(string date)
    {
        Assert.Equal(Days("2024-01-01", "2024-12-31"), Period(BudgetPeriod.Yearly, date));
    }

    [Fact]
    public void An_unknown_period_is_a_programming_error()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => BudgetPeriods.Containing((BudgetPeriod)42, new DateOnly(2024, 1, 1)));
    }
}
