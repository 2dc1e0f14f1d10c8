using Budget.Api.Auth;
using Budget.Api.Common;
using Budget.Api.Sharing;

namespace Budget.Api.Profiles;

/// <summary>
/// A member of the household whose money is tracked: the account owner's own, or one they keep for someone. Its
/// creator (<see cref="UserId"/>) owns it and may share it with other accounts (<see cref="Members"/>).
/// </summary>
public sealed class Profile : IVersioned
{
    public long Id { get; set; }
    public long UserId { get; set; }
    public required string Name { get; set; }
    public required string AvatarColor { get; set; }
    /// <summary>The profile created with the account; it lives as long as the account does.</summary>
    public bool IsOwner { get; set; }
    /// <summary>ISO 4217 code of every amount in the profile: its creator's currency, kept when it is shared or handed over.</summary>
    public required string Currency { get; set; }
    public DateTime CreatedAt { get; set; }
    /// <summary>Goes up by one on every update (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;

    public User? User { get; set; }
    /// <summary>Everyone who may open the profile, its owner included.</summary>
    public List<ProfileMember> Members { get; set; } = [];

    /// <summary>A new profile of <paramref name="owner"/>'s, with the owner as its first member.</summary>
    public static Profile CreateFor(User owner, string name, string avatarColor, bool isOwner, DateTime now) => new()
    {
        User = owner,
        Name = name,
        AvatarColor = avatarColor,
        IsOwner = isOwner,
        Currency = owner.Currency,
        CreatedAt = now,
        Members = [new ProfileMember { User = owner, Role = ProfileRole.Admin, JoinedAt = now }],
    };
}
