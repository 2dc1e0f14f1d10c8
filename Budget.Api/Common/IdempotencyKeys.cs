namespace Budget.Api.Common;

/// <summary>
/// The <c>Idempotency-Key</c> request header (IETF draft "The Idempotency-Key HTTP Header Field"): a client that
/// retries a money write with the same key gets the first result instead of a second row.
/// </summary>
public static class IdempotencyKeys
{
    public const string Header = "Idempotency-Key";
    public const int MaxLength = 100;

    /// <summary>The trimmed key, or null when none was sent; a malformed one is recorded as an error.</summary>
    public static string? Parse(Validator validator, string? value)
    {
        if (value is null)
        {
            return null;
        }
        var key = value.Trim().Trim('"');
        if (key.Length is 0 or > MaxLength || key.Any(c => c < 0x21 || c > 0x7E))
        {
            validator.Error(Header, $"Must be 1 to {MaxLength} visible ASCII characters, such as a UUID.");
            return null;
        }
        return key;
    }
}
