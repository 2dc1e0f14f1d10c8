using Budget.Api.Common;

namespace Budget.Api.Profiles;

/// <summary><c>avatarColor</c> is <c>#RRGGBB</c>; left out, a colour from the palette is picked. On an update, <c>version</c> is the one last read: if the row changed since, the answer is 409 and nothing is saved; left out, the update simply wins.</summary>
public sealed record ProfileRequest(string Name, string? AvatarColor = null, long? Version = null);

/// <summary>
/// A profile as the caller sees it. <c>isOwner</c> marks the profile created with its account; <c>role</c> is the
/// caller's (<c>owner</c>, <c>admin</c>, <c>editor</c> or <c>viewer</c>); <c>sharedWithYou</c> marks someone else's
/// profile, whose owner is <c>ownerEmail</c>; <c>memberCount</c> counts everyone in it, the owner included. Amounts in
/// it are in <c>currency</c> (with <c>currencyExponent</c> decimals), the owner's currency when it was created.
/// </summary>
public sealed record ProfileResponse(
    long Id, string Name, string AvatarColor, bool IsOwner, DateTime CreatedAt, long Version,
    ProfileRole Role, bool SharedWithYou, string OwnerEmail, int MemberCount, string Currency, int CurrencyExponent)
{
    public static ProfileResponse From(Profile profile, ProfileRole role, string ownerEmail, int memberCount)
    {
        var currency = Common.Currency.Stored(profile.Currency);
        return new(profile.Id, profile.Name, profile.AvatarColor, profile.IsOwner, profile.CreatedAt, profile.Version,
            role, role != ProfileRole.Owner, ownerEmail, memberCount, currency.Code, currency.Exponent);
    }
}
