namespace Budget.Api.Goals;

/// <summary>What a goal's linked node brings to it: what it holds, its yearly yield, and the money planned into it monthly.</summary>
/// <param name="Balance">The node's balance in minor units: the goal's current amount.</param>
/// <param name="Apy">The node's annual percentage yield in percent, if it earns any.</param>
/// <param name="MonthlyInflow">The sum of the planned flows into the node (minor units a month).</param>
public sealed record SavingsLink(long Balance, decimal? Apy, long MonthlyInflow);

/// <summary>
/// Month-by-month saving into a node that earns interest. At the end of each month the interest on a positive
/// balance is credited, rounded to the minor unit (halves away from zero), and then the month's saving is added.
/// The APY is an effective yearly yield, so the monthly rate is the one that compounded twelve times gives it:
/// (1 + APY)^(1/12) − 1.
/// </summary>
public static class GoalProjection
{
    /// <summary>A hundred years: a goal further away than that counts as out of reach.</summary>
    public const int MaxMonths = 1200;

    public static double MonthlyRate(decimal? apyPercent) =>
        apyPercent is { } apy && apy > 0 ? Math.Pow(1 + (double)apy / 100, 1.0 / 12) - 1 : 0;

    /// <summary>The balance a month later: interest on what is there, then the month's saving.</summary>
    public static long NextMonth(long balance, long monthlySaving, double monthlyRate)
    {
        var interest = balance > 0 ? (long)Math.Round(balance * monthlyRate, MidpointRounding.AwayFromZero) : 0;
        return balance + interest + monthlySaving;
    }

    /// <summary>Whole months until the balance reaches the target (0 when it already has); null when not within <paramref name="maxMonths"/>.</summary>
    public static int? MonthsToReach(long balance, long target, long monthlySaving, double monthlyRate, int maxMonths = MaxMonths)
    {
        if (balance >= target)
        {
            return 0;
        }
        if (monthlySaving <= 0 && (monthlyRate <= 0 || balance <= 0))
        {
            // Nothing comes in and nothing grows: it never gets there (and a withdrawal only moves it away).
            return null;
        }
        for (var month = 1; month <= maxMonths; month++)
        {
            balance = NextMonth(balance, monthlySaving, monthlyRate);
            if (balance >= target)
            {
                return month;
            }
            if (balance <= 0 && monthlySaving <= 0)
            {
                return null;
            }
        }
        return null;
    }

    /// <summary>How many whole months fit between today and the deadline (month-ends on or before it).</summary>
    public static int MonthsUntil(DateOnly today, DateOnly deadline)
    {
        if (deadline < today)
        {
            return 0;
        }
        var months = (deadline.Year - today.Year) * 12 + deadline.Month - today.Month;
        return today.AddMonths(months) > deadline ? months - 1 : months;
    }

    /// <summary>
    /// The smallest monthly saving, in whole minor units, that reaches the target within <paramref name="months"/>
    /// months under the rules above (so any fraction of a minor unit is rounded up); null when no month is left.
    /// </summary>
    public static long? MonthlySavingNeeded(long balance, long target, double monthlyRate, int months)
    {
        if (balance >= target)
        {
            return 0;
        }
        if (months <= 0)
        {
            return null;
        }
        bool Reaches(long saving) => MonthsToReach(balance, target, saving, monthlyRate, months) is not null;

        // The textbook annuity formula gives a guess; per-month rounding of interest can move the answer by a few
        // minor units, so a short binary search around it with the real month-by-month rule settles it exactly.
        var growth = Math.Pow(1 + monthlyRate, months);
        var guess = monthlyRate == 0
            ? (double)(target - balance) / months
            : (target - Math.Max(balance, 0) * growth) * monthlyRate / (growth - 1);
        var ceiling = target - balance; // saved in the first month, the whole gap always reaches
        var slack = 64L + months;
        var estimate = double.IsFinite(guess) ? (long)Math.Clamp(Math.Ceiling(guess), 0, ceiling) : ceiling;
        var low = Math.Max(0, estimate - slack);
        var high = Math.Min(ceiling, estimate + slack);
        if (!Reaches(high) || (low > 0 && Reaches(low)))
        {
            (low, high) = (0, ceiling);
        }
        if (Reaches(low))
        {
            return low;
        }
        // Invariant: low does not reach, high does.
        while (high - low > 1)
        {
            var middle = low + (high - low) / 2;
            if (Reaches(middle))
            {
                high = middle;
            }
            else
            {
                low = middle;
            }
        }
        return high;
    }
}
