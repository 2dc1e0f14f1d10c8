namespace Budget.Api.Schedules;

/// <summary>
/// When a schedule falls due. Weekly: on <c>Weekday</c>, every <c>Interval</c> weeks counted from the first such
/// weekday on or after the start. Monthly: on <c>DayOfMonth</c> of every <c>Interval</c>-th month counted from the
/// start's month. Yearly: on <c>Month</c>/<c>DayOfMonth</c> every <c>Interval</c> years from the start's year.
/// A day the month lacks falls on its last day (the 31st in April is the 30th; 29 February in a non-leap year is
/// the 28th), and each occurrence is computed from the rule, not from the one before, so the 31st comes back after
/// February. Nothing falls before the start or after the end.
/// </summary>
public sealed record Recurrence(Frequency Frequency, int Interval, Weekday? Weekday, int? DayOfMonth, int? Month, DateOnly Start, DateOnly? End)
{
    /// <summary>The occurrences after <paramref name="after"/> up to and including <paramref name="through"/>, in order.</summary>
    public IEnumerable<DateOnly> Between(DateOnly after, DateOnly through)
    {
        if (End is { } end && end < through)
        {
            through = end;
        }
        var from = after < Start ? Start : after.AddDays(1);
        if (from > through)
        {
            yield break;
        }
        for (var k = FirstIndexNear(from); ; k++)
        {
            var date = Nth(k);
            if (date is null || date > through)
            {
                yield break;
            }
            if (date >= from)
            {
                yield return date.Value;
            }
        }
    }

    /// <summary>The first occurrence after <paramref name="after"/>, or null when the schedule has ended by then.</summary>
    public DateOnly? NextAfter(DateOnly after) =>
        Between(after, End ?? Common.Dates.Latest).Cast<DateOnly?>().FirstOrDefault();

    /// <summary>The k-th occurrence (k from 0), or null past the last representable date.</summary>
    private DateOnly? Nth(long k)
    {
        switch (Frequency)
        {
            case Frequency.Weekly:
                var first = Start.AddDays(((int)Weekday!.Value % 7 - (int)Start.DayOfWeek + 7) % 7);
                var days = first.DayNumber + k * 7 * Interval;
                return days > Common.Dates.Latest.DayNumber ? null : DateOnly.FromDayNumber((int)days);
            case Frequency.Monthly:
                var monthIndex = Start.Year * 12L + Start.Month - 1 + k * Interval;
                return OnDay(monthIndex / 12, (int)(monthIndex % 12) + 1);
            case Frequency.Yearly:
                return OnDay(Start.Year + k * Interval, Month!.Value);
            default:
                throw new InvalidOperationException($"Unknown frequency {Frequency}.");
        }
    }

    private DateOnly? OnDay(long year, int month)
    {
        if (year > Common.Dates.Latest.Year)
        {
            return null;
        }
        var day = Math.Min(DayOfMonth!.Value, DateTime.DaysInMonth((int)year, month));
        return new DateOnly((int)year, month, day);
    }

    /// <summary>An index whose occurrence is not after <paramref name="date"/>, close to it, so far-off dates cost no loop from the start.</summary>
    private long FirstIndexNear(DateOnly date)
    {
        long k = Frequency switch
        {
            Frequency.Weekly => (date.DayNumber - Start.DayNumber) / (7L * Interval),
            Frequency.Monthly => (date.Year * 12L + date.Month - (Start.Year * 12L + Start.Month)) / Interval,
            _ => (date.Year - (long)Start.Year) / Interval,
        };
        // One step back covers the start's offset within its week, month or year.
        return Math.Max(0, k - 1);
    }
}
