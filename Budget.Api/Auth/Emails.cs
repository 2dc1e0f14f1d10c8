namespace Budget.Api.Auth;

public static class Emails
{
    public const int MaximumLength = 254;

    /// <summary>Trimmed and lower-cased: "Ann@Example.org " and "ann@example.org" are one account.</summary>
    public static string Normalize(string? email) => (email ?? "").Trim().ToLowerInvariant();

    /// <summary>
    /// A deliberately plain check (one @, a dotted domain, no spaces or controls): the address is a user name here,
    /// never mailed, so only obvious typos are worth refusing.
    /// </summary>
    public static bool IsValid(string normalized)
    {
        if (normalized.Length is 0 or > MaximumLength || normalized.Any(c => char.IsWhiteSpace(c) || char.IsControl(c)))
        {
            return false;
        }
        var at = normalized.IndexOf('@');
        if (at <= 0 || at > 64 || at != normalized.LastIndexOf('@'))
        {
            return false;
        }
        var domain = normalized[(at + 1)..];
        return domain.Contains('.') && domain.Split('.').All(label => label.Length is > 0 and <= 63);
    }
}
