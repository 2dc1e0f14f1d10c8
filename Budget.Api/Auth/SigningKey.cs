using System.Security.Cryptography;
using Budget.Api.Common;
using Microsoft.IdentityModel.Tokens;

namespace Budget.Api.Auth;

/// <summary>
/// The HMAC key that signs access tokens: from configuration, or generated once and kept beside the database
/// (mode 600) so a restart does not sign everyone out.
/// </summary>
public sealed class SigningKey
{
    public const string Algorithm = SecurityAlgorithms.HmacSha256;
    private const string FileName = "jwt-signing.key";
    private const int MinimumBytes = 32;

    public SymmetricSecurityKey Key { get; }

    private SigningKey(byte[] bytes) => Key = new SymmetricSecurityKey(bytes) { KeyId = null };

    public static SigningKey Load(AuthOptions options, string dataDirectory)
    {
        if (!string.IsNullOrWhiteSpace(options.SigningKey))
        {
            byte[] configured;
            try
            {
                configured = Convert.FromBase64String(options.SigningKey.Trim());
            }
            catch (FormatException)
            {
                throw new InvalidOperationException("Auth:SigningKey must be base64 (e.g. `openssl rand -base64 48`).");
            }
            return configured.Length >= MinimumBytes
                ? new SigningKey(configured)
                : throw new InvalidOperationException($"Auth:SigningKey must hold at least {MinimumBytes} bytes.");
        }

        var path = Path.Combine(dataDirectory, FileName);
        if (File.Exists(path))
        {
            return new SigningKey(Convert.FromBase64String(File.ReadAllText(path).Trim()));
        }

        var generated = Convert.ToBase64String(RandomNumberGenerator.GetBytes(64));
        // If another instance wrote one first, theirs wins.
        return new SigningKey(Convert.FromBase64String(OwnerOnlyFiles.TryCreate(path, generated) ? generated : File.ReadAllText(path).Trim()));
    }
}
