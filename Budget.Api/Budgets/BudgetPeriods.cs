namespace Budget.Api.Budgets;

public static class BudgetPeriods
{
    /// <summary>The period containing <paramref name="date"/>: an ISO week (Monday to Sunday), a calendar month or year.</summary>
    public static (DateOnly Start, DateOnly End) Containing(BudgetPeriod period, DateOnly date) => period switch
    {
        BudgetPeriod.Weekly => WeekOf(date),
        BudgetPeriod.Monthly => (new DateOnly(date.Year, date.Month, 1), new DateOnly(date.Year, date.Month, DateTime.DaysInMonth(date.Year, date.Month))),
        BudgetPeriod.Yearly => (new DateOnly(date.Year, 1, 1), new DateOnly(date.Year, 12, 31)),
        _ => throw new ArgumentOutOfRangeException(nameof(period)),
    };

    private static (DateOnly, DateOnly) WeekOf(DateOnly date)
    {
        var daysSinceMonday = ((int)date.DayOfWeek + 6) % 7;
        var monday = date.AddDays(-daysSinceMonday);
        return (monday, monday.AddDays(6));
    }
}
