using Budget.Api.Budgets;

namespace Budget.Api.ActualSankey;

/// <summary>
/// A planned amount per week, month or year turned into the amount for any period, exactly in minor units. The
/// period counts the share of each calendar week, month or year it covers (days covered ÷ days in that week, month
/// or year: a whole month is 1, so a quarter of whole months is exactly 3); the shares are added as exact fractions
/// and the amount × their sum is rounded once to the minor unit, halves away from zero.
/// </summary>
public static class Proration
{
    // Common denominators of every length a unit can have, so the fractions add up exactly in integers.
    private const long MonthDenominator = 28L * 29 * 30 * 31 / 2; // lcm(28, 29, 30, 31) = 377,580
    private const long YearDenominator = 365L * 366; // lcm(365, 366)

    public static long Prorate(long amount, BudgetPeriod period, DateOnly from, DateOnly to)
    {
        if (to < from)
        {
            return 0;
        }
        var (covered, denominator) = period switch
        {
            BudgetPeriod.Weekly => ((Int128)(to.DayNumber - from.DayNumber + 1), (Int128)7),
            BudgetPeriod.Monthly => (Covered(from, to, MonthDenominator, d => new DateOnly(d.Year, d.Month, 1), d => d.AddMonths(1)), (Int128)MonthDenominator),
            BudgetPeriod.Yearly => (Covered(from, to, YearDenominator, d => new DateOnly(d.Year, 1, 1), d => d.AddYears(1)), (Int128)YearDenominator),
            _ => throw new ArgumentOutOfRangeException(nameof(period)),
        };
        var exact = amount * covered;
        // Round half away from zero: (2 × exact ± denominator) ÷ (2 × denominator), truncated.
        var rounded = (2 * exact + (exact >= 0 ? denominator : -denominator)) / (2 * denominator);
        return (long)rounded;
    }

    /// <summary>Σ days covered × (denominator ÷ days in the unit) over the units the period touches.</summary>
    private static Int128 Covered(DateOnly from, DateOnly to, long denominator, Func<DateOnly, DateOnly> unitStart, Func<DateOnly, DateOnly> nextUnit)
    {
        Int128 covered = 0;
        for (var start = unitStart(from); start <= to; start = nextUnit(start))
        {
            var end = nextUnit(start).AddDays(-1);
            var unitDays = end.DayNumber - start.DayNumber + 1;
            var first = start < from ? from : start;
            var last = end > to ? to : end;
            covered += (Int128)(last.DayNumber - first.DayNumber + 1) * (denominator / unitDays);
        }
        return covered;
    }
}
