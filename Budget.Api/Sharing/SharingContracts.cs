using Budget.Api.Common;

namespace Budget.Api.Sharing;

/// <summary>Invites <c>email</c> as <c>viewer</c>, <c>editor</c> or <c>admin</c>. The answer is the same whether an account has that email or not.</summary>
public sealed record InvitationRequest(string Email, ProfileRole Role);

/// <summary>On a change, <c>version</c> is the one last read: if the membership changed since, the answer is 409; left out, the change simply wins.</summary>
public sealed record RoleChangeRequest(ProfileRole Role, long? Version = null);

/// <summary>Hands the profile to the member with this id; the old owner stays as an admin.</summary>
public sealed record OwnerTransferRequest(long MemberId);

/// <summary>One person in a profile; <c>role</c> is <c>owner</c> for its owner, <c>you</c> marks the caller.</summary>
public sealed record ProfileMemberResponse(long Id, string Email, ProfileRole Role, bool You, DateTime JoinedAt, long Version);

/// <summary>An invitation the profile has out, as its admins see it; <c>expired</c> once <c>expiresAt</c> passed unanswered (invite the email again to renew it).</summary>
public sealed record SentInvitationResponse(long Id, string Email, ProfileRole Role, DateTime CreatedAt, DateTime ExpiresAt, bool Expired);

/// <summary>An invitation waiting for the caller: to which profile, from whose household, as what, and until when it can be accepted.</summary>
public sealed record ReceivedInvitationResponse(long Id, long ProfileId, string ProfileName, string OwnerEmail, ProfileRole Role, DateTime CreatedAt, DateTime ExpiresAt);
