using Budget.Api.Auth;
using Budget.Api.Common;
using Budget.Api.Profiles;

namespace Budget.Api.Sharing;

/// <summary>
/// A user's place in a profile. Every profile has one for its owner (role <see cref="ProfileRole.Admin"/>; the owner
/// is the profile's <c>UserId</c>), so one lookup answers who may do what.
/// </summary>
public sealed class ProfileMember : IVersioned
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    public long UserId { get; set; }
    /// <summary>Viewer, editor or admin; never owner.</summary>
    public ProfileRole Role { get; set; }
    public DateTime JoinedAt { get; set; }
    /// <summary>Goes up by one on every role change (optimistic concurrency, see <see cref="Versions"/>).</summary>
    public long Version { get; set; } = 1;

    public Profile? Profile { get; set; }
    public User? User { get; set; }
}

/// <summary>
/// An invitation to a profile, addressed to an email whether or not an account has it: an admin cannot tell from it
/// who is registered, and whoever signs up with that email later finds it waiting.
/// </summary>
public sealed class ProfileInvitation
{
    public long Id { get; set; }
    public long ProfileId { get; set; }
    /// <summary>Normalized as accounts' emails are (<see cref="Emails.Normalize"/>).</summary>
    public required string Email { get; set; }
    public ProfileRole Role { get; set; }
    /// <summary>When it was sent, or last sent again: it expires <see cref="Lifetime"/> after.</summary>
    public DateTime CreatedAt { get; set; }

    public Profile? Profile { get; set; }

    /// <summary>
    /// How long an invitation waits for an answer. An unanswered one should not let someone in months later, after
    /// the household has forgotten it; the admin invites again if it is still wanted.
    /// </summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromDays(14);

    /// <summary>Invitations created before this are expired (computed from <see cref="CreatedAt"/>, so no column or sweep is needed).</summary>
    public static DateTime ExpiredBefore(TimeProvider clock) => clock.GetUtcNow().UtcDateTime - Lifetime;

    public static DateTime ExpiresAt(DateTime createdAt) => createdAt + Lifetime;
}
