using Budget.Api.Auth;
using Budget.Api.Common;

namespace Budget.Api.Profiles;

/// <summary>A member of the household whose money is tracked: the account owner's own, or one they keep for someone.</summary>
public sealed class Profile : IVersioned
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Name { get; set; }
    public required string AvatarColor { get; set; }
    /// <summary>The profile created with the account; it lives as long as the account does.</summary>
    public bool IsOwner { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Goes up by one on every update (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;

    public User? User { get; set; }
}
