namespace Budget.Api.Profiles;

/// <summary><c>avatarColor</c> is <c>#RRGGBB</c>; left out, a colour from the palette is picked. On an update, <c>version</c> is the one last read: if the row changed since, the answer is 409 and nothing is saved; left out, the update simply wins.</summary>
public sealed record ProfileRequest(string Name, string? AvatarColor = null, long? Version = null);

public sealed record ProfileResponse(long Id, string Name, string AvatarColor, bool IsOwner, DateTime CreatedAt, long Version)
{
    public static ProfileResponse From(Profile profile) =>
        new(profile.Id, profile.Name, profile.AvatarColor, profile.IsOwner, profile.CreatedAt, profile.Version);
}
