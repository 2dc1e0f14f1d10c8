using System.Globalization;
using Budget.Api.Common;

namespace Budget.Api.Imports;

/// <summary>
/// Amounts and dates as banks write them in their own locale (<c>1.234,56</c> and <c>31.12.2025</c> in Germany,
/// <c>1,234.56</c> and <c>12/31/2025</c> in the US), read exactly: the digits become minor units, never a float.
/// </summary>
public static class LocalAmounts
{
    /// <summary>The date formats a CSV mapping may name, and the patterns each reads (one or two digit days and months).</summary>
    public static readonly IReadOnlyDictionary<string, string[]> DateFormats = new Dictionary<string, string[]>
    {
        ["dd.MM.yyyy"] = ["d.M.yyyy"],
        ["dd.MM.yy"] = ["d.M.yy"],
        ["MM/dd/yyyy"] = ["M/d/yyyy"],
        ["MM/dd/yy"] = ["M/d/yy"],
        ["dd/MM/yyyy"] = ["d/M/yyyy"],
        ["dd/MM/yy"] = ["d/M/yy"],
        ["yyyy-MM-dd"] = ["yyyy-M-d"],
        ["dd-MM-yyyy"] = ["d-M-yyyy"],
        ["dd MMM yyyy"] = ["d MMM yyyy", "d-MMM-yyyy", "d MMMM yyyy"],
        ["yyyyMMdd"] = ["yyyyMMdd"],
    };

    public static bool TryParseDate(string text, string format, out DateOnly date, out string? error)
    {
        error = null;
        if (DateOnly.TryParseExact(text.Trim(), DateFormats[format], CultureInfo.InvariantCulture, DateTimeStyles.None, out date)
            && date >= Dates.Earliest && date <= Dates.Latest)
        {
            return true;
        }
        error = $"\"{Shorten(text)}\" is not a date like {Example(format)}.";
        return false;
    }

    private static string Example(string format) =>
        new DateOnly(2025, 12, 31).ToString(format, CultureInfo.InvariantCulture);

    /// <summary>
    /// Reads <paramref name="text"/> as a bank amount (negative = money out) in minor units of <paramref name="currency"/>.
    /// Accepts a sign in front or behind, parentheses, a currency symbol or code, and thousands separators in threes;
    /// more decimals than the currency has is an error, not a rounding.
    /// </summary>
    public static bool TryParse(string text, char decimalSeparator, Currency currency, out long minorUnits, out string? error)
    {
        minorUnits = 0;
        error = null;
        var s = text.Trim();
        var negative = false;
        if (s.StartsWith('(') && s.EndsWith(')'))
        {
            negative = true;
            s = s[1..^1].Trim();
        }
        s = StripCurrency(s, currency);
        if (s.Length > 0 && s[0] is '-' or '\u2212' or '+')
        {
            negative |= s[0] != '+';
            s = s[1..].TrimStart();
        }
        else if (s.Length > 0 && s[^1] is '-' or '\u2212' or '+')
        {
            negative |= s[^1] != '+';
            s = s[..^1].TrimEnd();
        }
        s = StripCurrency(s, currency);

        var example = decimalSeparator == ',' ? "1.234,56" : "1,234.56";
        var parts = s.Split(decimalSeparator);
        if (s.Length == 0 || parts.Length > 2 || (parts.Length == 2 && (parts[1].Length == 0 || !parts[1].All(char.IsAsciiDigit))))
        {
            error = $"\"{Shorten(text)}\" is not an amount like {example}.";
            return false;
        }
        if (!TryWholeDigits(parts[0], decimalSeparator, out var whole))
        {
            error = $"\"{Shorten(text)}\" is not an amount like {example}.";
            return false;
        }
        var fraction = parts.Length == 2 ? parts[1] : "";
        if (fraction.Length > currency.Exponent)
        {
            error = currency.Exponent == 0
                ? $"\"{Shorten(text)}\" has decimals; {currency.Code} amounts are whole numbers."
                : $"\"{Shorten(text)}\" has {fraction.Length} decimals; {currency.Code} amounts have at most {currency.Exponent}.";
            return false;
        }
        if (whole.Length > 13)
        {
            error = $"\"{Shorten(text)}\" is larger than Budget keeps.";
            return false;
        }
        var major = decimal.Parse(fraction.Length == 0 ? whole : $"{whole}.{fraction}", NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture);
        if (!Money.TryToMinor(negative ? -major : major, currency, AmountRule.Any, out minorUnits, out error))
        {
            error = $"\"{Shorten(text)}\": {error}";
            return false;
        }
        return true;
    }

    /// <summary>Digits, optionally grouped in threes by one kind of separator that is not the decimal one.</summary>
    private static bool TryWholeDigits(string text, char decimalSeparator, out string digits)
    {
        digits = text;
        if (text.Length > 0 && text.All(char.IsAsciiDigit))
        {
            return true;
        }
        var separators = new[] { '.', ',', ' ', '\u00A0', '\u202F', '\'' }.Where(c => c != decimalSeparator && text.Contains(c)).ToArray();
        if (separators.Length != 1)
        {
            return false;
        }
        var groups = text.Split(separators[0]);
        if (groups[0].Length is < 1 or > 3 || groups.Skip(1).Any(g => g.Length != 3) || !groups.All(g => g.All(char.IsAsciiDigit)))
        {
            return false;
        }
        digits = string.Concat(groups);
        return true;
    }

    private static string StripCurrency(string s, Currency currency)
    {
        foreach (var mark in new[] { currency.Code, "EUR", "USD", "GBP", "€", "$", "£", "CHF" })
        {
            if (s.StartsWith(mark, StringComparison.OrdinalIgnoreCase))
            {
                s = s[mark.Length..].TrimStart();
            }
            if (s.EndsWith(mark, StringComparison.OrdinalIgnoreCase))
            {
                s = s[..^mark.Length].TrimEnd();
            }
        }
        return s;
    }

    /// <summary>Which decimal separator a column of amounts uses, when its values say so (<c>12,50</c> or <c>12.50</c>).</summary>
    public static char? GuessDecimalSeparator(IEnumerable<string> values)
    {
        int comma = 0, point = 0;
        foreach (var value in values)
        {
            var v = value.Trim().TrimEnd('-', ')', ' ');
            var last = v.LastIndexOfAny(['.', ',']);
            if (last < 0)
            {
                continue;
            }
            var digitsAfter = v.Length - last - 1;
            var onlyOne = v.IndexOfAny(['.', ',']) == last;
            // "1.234" alone could be either; two decimals, or a second kind of separator before it, decides.
            if (digitsAfter is 1 or 2 || !onlyOne)
            {
                if (v[last] == ',') comma++; else point++;
            }
        }
        return comma == point ? null : comma > point ? ',' : '.';
    }

    public static string Shorten(string text) => text.Length <= 40 ? text : text[..40] + "…";
}
