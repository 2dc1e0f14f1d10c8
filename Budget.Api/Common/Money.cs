namespace Budget.Api.Common;

/// <summary>What an amount may be, besides being within <see cref="Money.MaxMajorUnits"/>.</summary>
public enum AmountRule
{
    /// <summary>Greater than zero: a budget, a flow, a goal's target.</summary>
    Positive,
    /// <summary>Zero or more: a node's monthly amount, a goal's saved amount.</summary>
    NonNegative,
    /// <summary>Anything but zero: a transaction (negative is a refund).</summary>
    NonZero,
    /// <summary>Either sign: a balance (negative is an overdraft).</summary>
    Any,
}

/// <summary>
/// Money crosses the API as a JSON number in major units (<c>1234.56</c>) and lives everywhere else as a
/// <c>long</c> count of minor units (cents). <see cref="decimal"/> is only the exact carrier between the two.
/// </summary>
public static class Money
{
    /// <summary>Every amount and every total stays within ±10^12 major units, so it is exact in a JavaScript number.</summary>
    public const decimal MaxMajorUnits = 1_000_000_000_000m;

    public static decimal ToMajor(long minorUnits, Currency currency) => (decimal)minorUnits / currency.MinorPerMajor;

    public static long MaxMinorUnits(Currency currency) => (long)MaxMajorUnits * currency.MinorPerMajor;

    /// <summary>Converts exactly, or says in words why it cannot.</summary>
    public static bool TryToMinor(decimal majorUnits, Currency currency, AmountRule rule, out long minorUnits, out string? error)
    {
        minorUnits = 0;
        error = null;
        if (Math.Abs(majorUnits) > MaxMajorUnits)
        {
            error = $"Must be between -{MaxMajorUnits:0} and {MaxMajorUnits:0}.";
            return false;
        }

        var scaled = majorUnits * currency.MinorPerMajor;
        if (scaled != decimal.Truncate(scaled))
        {
            error = currency.Exponent == 0
                ? $"{currency.Code} amounts are whole numbers."
                : $"{currency.Code} amounts have at most {currency.Exponent} decimals.";
            return false;
        }

        minorUnits = (long)scaled;
        error = rule switch
        {
            AmountRule.Positive when minorUnits <= 0 => "Must be greater than zero.",
            AmountRule.NonNegative when minorUnits < 0 => "Must not be negative.",
            AmountRule.NonZero when minorUnits == 0 => "Must not be zero.",
            _ => null,
        };
        return error is null;
    }

    /// <summary>True when a total (already computed without overflow) stays inside the exact range.</summary>
    public static bool IsWithinLimit(long minorUnits, Currency currency) => Math.Abs(minorUnits) <= MaxMinorUnits(currency);

    /// <summary>Adds two amounts, or returns null when the sum leaves the exact range (never wraps).</summary>
    public static long? TryAdd(long a, long b, Currency currency)
    {
        var sum = (Int128)a + b;
        return Int128.Abs(sum) <= MaxMinorUnits(currency) ? (long)sum : null;
    }
}
