namespace Budget.Api.Profiles;

/// <summary><c>avatarColor</c> is <c>#RRGGBB</c>; left out, a colour from the palette is picked.</summary>
public sealed record ProfileRequest(string Name, string? AvatarColor = null);

public sealed record ProfileResponse(long Id, string Name, string AvatarColor, bool IsOwner, DateTime CreatedAt)
{
    public static ProfileResponse From(Profile profile) =>
        new(profile.Id, profile.Name, profile.AvatarColor, profile.IsOwner, profile.CreatedAt);
}
