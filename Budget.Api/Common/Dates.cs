namespace Budget.Api.Common;

/// <summary>Calendar helpers. Dates are calendar dates (no time zone); "today" is the caller's, else the household's (<see cref="HouseholdTime"/>).</summary>
public static class Dates
{
    public static readonly DateOnly Earliest = new(1900, 1, 1);
    public static readonly DateOnly Latest = new(2199, 12, 31);

    public static DateOnly FirstOfMonth(DateOnly date) => new(date.Year, date.Month, 1);

    /// <summary>Parses an optional <c>YYYY-MM-DD</c> query value, recording an error when it is malformed.</summary>
    public static DateOnly? ParseQuery(Validator validator, string field, string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return null;
        }
        if (DateOnly.TryParseExact(value, "yyyy-MM-dd", out var date))
        {
            return validator.Date(field, date);
        }
        validator.Error(field, "Must be a date as YYYY-MM-DD.");
        return null;
    }
}
