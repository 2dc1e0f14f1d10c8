using System.Text.Json.Serialization;

namespace Budget.Api.Common;

/// <summary>
/// What a member may do in a shared profile, each level including the ones below. Stored by name; <see cref="Owner"/>
/// is never stored: the owner is the profile's <c>UserId</c>, kept as a member with role <see cref="Admin"/>.
/// Distinct bits (as <c>NodeType</c>) so "viewer,editor" is never a defined value.
/// </summary>
[JsonConverter(typeof(LowercaseEnumConverter<ProfileRole>))]
public enum ProfileRole
{
    /// <summary>Reads everything in the profile.</summary>
    Viewer = 1,
    /// <summary>Also changes the money data: nodes, flows, budgets, transactions, goals.</summary>
    Editor = 2,
    /// <summary>Also renames the profile, invites, changes roles and removes members.</summary>
    Admin = 4,
    /// <summary>Also deletes the profile and hands it to another member; exactly one per profile.</summary>
    Owner = 8,
}

/// <summary>The role an endpoint under <c>/api/profiles/{profileId}</c> takes, when its HTTP method's default is not right.</summary>
public sealed record RequiredProfileRole(ProfileRole Role);

public static class ProfileRoles
{
    /// <summary>The roles a member can be given; the owner is made by handing over the profile.</summary>
    public static bool IsAssignable(ProfileRole role) => role is ProfileRole.Viewer or ProfileRole.Editor or ProfileRole.Admin;

    /// <summary>Reading takes a viewer, any change an editor, unless the endpoint says otherwise (<see cref="RequireProfileRole"/>).</summary>
    public static ProfileRole Required(Endpoint? endpoint, string method) =>
        endpoint?.Metadata.GetMetadata<RequiredProfileRole>()?.Role
        ?? (HttpMethods.IsGet(method) || HttpMethods.IsHead(method) ? ProfileRole.Viewer : ProfileRole.Editor);

    public static TBuilder RequireProfileRole<TBuilder>(this TBuilder builder, ProfileRole role) where TBuilder : IEndpointConventionBuilder =>
        builder.WithMetadata(new RequiredProfileRole(role));

    /// <summary>A member's role as everyone sees it: the profile's owner is <see cref="ProfileRole.Owner"/>, whatever their stored role.</summary>
    public static ProfileRole Of(long memberUserId, long ownerUserId, ProfileRole storedRole) =>
        memberUserId == ownerUserId ? ProfileRole.Owner : storedRole;

    public static string Name(ProfileRole role) => role.ToString().ToLowerInvariant();
}
