using System.Reflection;
using Microsoft.Extensions.Options;
using BCryptHasher = BCrypt.Net.BCrypt;
using HashType = BCrypt.Net.HashType;

namespace Budget.Api.Auth;

/// <summary>
/// Password rules of NIST SP 800-63B rev 4: length, not composition; no well-known passwords. Hashing is BCrypt over a
/// SHA-384 pre-hash (BCrypt.Net's "enhanced" mode), so nothing past BCrypt's 72 bytes is silently ignored.
/// </summary>
public sealed class Passwords(IOptions<AuthOptions> options)
{
    public const int MinimumLength = 15;
    public const int MaximumLength = 256;
    private const HashType PreHash = HashType.SHA384;

    // Verifying against this when the email is unknown makes a wrong email cost as much time as a wrong password.
    private readonly Lazy<string> _decoyHash = new(() =>
        BCryptHasher.EnhancedHashPassword(Guid.NewGuid().ToString(), options.Value.BcryptWorkFactor, PreHash));

    public string Hash(string password) =>
        BCryptHasher.EnhancedHashPassword(password, options.Value.BcryptWorkFactor, PreHash);

    public bool Verify(string password, string? hash)
    {
        if (hash is null)
        {
            BCryptHasher.EnhancedVerify(password, _decoyHash.Value, PreHash);
            return false;
        }
        return BCryptHasher.EnhancedVerify(password, hash, PreHash);
    }

    /// <summary>Why the password cannot be used, or null when it can.</summary>
    public static string? Weakness(string? password, string email)
    {
        if (string.IsNullOrEmpty(password))
        {
            return "Required.";
        }
        // NIST counts characters as code points: an emoji is one character, not two.
        var length = password.EnumerateRunes().Count();
        if (length < MinimumLength)
        {
            return $"Must be at least {MinimumLength} characters. A few unrelated words make a strong one.";
        }
        if (length > MaximumLength)
        {
            return $"Must be at most {MaximumLength} characters.";
        }

        var lowered = password.ToLowerInvariant();
        if (lowered == email || lowered == email.Split('@')[0])
        {
            return "Must not be your email address.";
        }
        var unit = RepeatedUnit(lowered);
        if (unit.Length <= 4 || CommonPasswords.Contains(unit))
        {
            return "This password is too common or too easy to guess.";
        }
        return null;
    }

    /// <summary>The shortest string the password repeats ("abcabcabc" gives "abc"), or the password itself.</summary>
    private static string RepeatedUnit(string password)
    {
        for (var period = 1; period <= password.Length / 2; period++)
        {
            if (password.Length % period == 0 && password.AsSpan(period).SequenceEqual(password.AsSpan(0, password.Length - period)))
            {
                return password[..period];
            }
        }
        return password;
    }

    /// <summary>
    /// The 30,000 most common passwords (zxcvbn's list, from leaked password sets). Read from the assembly on each
    /// check instead of kept in memory: checks are rare (sign-up, password change) and memory on a Pi is not.
    /// </summary>
    private static class CommonPasswords
    {
        public static bool Contains(string lowered)
        {
            using var stream = Assembly.GetExecutingAssembly().GetManifestResourceStream("common-passwords.txt")!;
            using var reader = new StreamReader(stream);
            while (reader.ReadLine() is { } line)
            {
                if (line == lowered)
                {
                    return true;
                }
            }
            return false;
        }
    }
}
