using Budget.Api.Profiles;

namespace Budget.Api.Auth;

public sealed class User
{
    public long Id { get; set; }
    /// <summary>Trimmed and lower-cased, so it is unique however it was typed.</summary>
    public required string Email { get; set; }
    public required string PasswordHash { get; set; }
    /// <summary>ISO 4217 code; fixed at registration because every stored amount is in its minor units.</summary>
    public required string Currency { get; set; }
    public DateTime CreatedAt { get; set; }
    public DateTime UpdatedAt { get; set; }

    public List<Profile> Profiles { get; set; } = [];
}
