using Budget.Api.Common;

namespace Budget.Api.Profiles;

public static class AvatarColors
{
    // Distinct, and readable with white initials on them in both themes.
    private static readonly string[] Palette = ["#2563EB", "#DB2777", "#059669", "#D97706", "#7C3AED", "#DC2626", "#0891B2", "#4D7C0F"];

    public static string ForIndex(int index) => Palette[index % Palette.Length];

    /// <summary>An upper-case <c>#RRGGBB</c>, the next palette colour when none is given.</summary>
    public static string Parse(Validator validator, string? value, int existingProfiles)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            return ForIndex(existingProfiles);
        }
        var color = value.Trim();
        if (color.Length != 7 || color[0] != '#' || !color.AsSpan(1).ContainsOnlyHex())
        {
            validator.Error("avatarColor", "Must be a colour as #RRGGBB.");
        }
        return color.ToUpperInvariant();
    }

    private static bool ContainsOnlyHex(this ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigit(c))
            {
                return false;
            }
        }
        return true;
    }
}
