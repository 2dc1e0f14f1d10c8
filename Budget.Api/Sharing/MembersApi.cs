using Budget.Api.Auth;
using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Sharing;

/// <summary>
/// Who shares a profile, as its members see it: any member lists the members; admins invite, change roles and remove;
/// the owner hands the profile over; anyone but the owner may leave.
/// </summary>
public static class MembersApi
{
    public static IEndpointRouteBuilder MapSharingApi(this IEndpointRouteBuilder app)
    {
        app.MapMembersApi();
        app.MapInvitationsApi();
        return app;
    }

    public static RouteGroupBuilder MapMembersApi(this IEndpointRouteBuilder app)
    {
        var members = app.MapProfileGroup("members").WithTags("Sharing");
        members.MapGet("/", List);
        members.MapPut("/{memberId:long}", ChangeRole).RequireProfileRole(ProfileRole.Admin);
        members.MapDelete("/{memberId:long}", Remove).RequireProfileRole(ProfileRole.Admin);

        // The caller's own membership: leaving takes no more than being a member.
        app.MapProfileGroup("membership").WithTags("Sharing")
            .MapDelete("", Leave).RequireProfileRole(ProfileRole.Viewer);

        app.MapProfileGroup("owner").WithTags("Sharing")
            .MapPost("", HandOver).RequireProfileRole(ProfileRole.Owner);

        var invitations = app.MapProfileGroup("invitations").WithTags("Sharing").RequireProfileRole(ProfileRole.Admin);
        invitations.MapGet("/", ListInvitations);
        invitations.MapPost("/", Invite);
        invitations.MapDelete("/{sentInvitationId:long}", CancelInvitation);
        return members;
    }

    /// <summary>The owner first, then everyone else in the order they joined.</summary>
    private static async Task<Ok<ProfileMemberResponse[]>> List(long profileId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken) =>
        TypedResults.Ok(await MembersOf(db, profileId, user.Id, cancellationToken));

    private static async Task<Results<Ok<ProfileMemberResponse>, NotFound, ValidationProblem, ProblemHttpResult>> ChangeRole(
        long profileId, long memberId, RoleChangeRequest request, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var member = await db.ProfileMembers.Include(m => m.User).Include(m => m.Profile)
            .SingleOrDefaultAsync(m => m.Id == memberId && m.ProfileId == profileId, cancellationToken);
        if (member is null)
        {
            return TypedResults.NotFound();
        }
        if (!ProfileRoles.IsAssignable(request.Role))
        {
            return Problems.Invalid("role", "Must be viewer, editor or admin.");
        }
        if (member.UserId == member.Profile!.UserId)
        {
            return Problems.Conflict("The owner's role cannot change; hand the profile to another member first.");
        }
        member.Role = request.Role;
        switch (await Versions.SaveAsync(db, member, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(member.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        return TypedResults.Ok(new ProfileMemberResponse(member.Id, member.User!.Email, member.Role, member.UserId == user.Id, member.JoinedAt, member.Version));
    }

    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Remove(long profileId, long memberId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var member = await db.ProfileMembers.AsNoTracking()
            .Where(m => m.Id == memberId && m.ProfileId == profileId)
            .Select(m => new { m.UserId, IsOwner = m.UserId == m.Profile!.UserId })
            .SingleOrDefaultAsync(cancellationToken);
        if (member is null)
        {
            return TypedResults.NotFound();
        }
        if (member.IsOwner)
        {
            return Problems.Conflict("The owner cannot be removed; the owner may hand the profile to another member.");
        }
        // Checked again in the delete itself, in case the profile was handed to this member in between.
        await EndMembershipAsync(db, profileId, db.ProfileMembers.Where(m => m.Id == memberId && m.ProfileId == profileId), member.UserId, cancellationToken);
        return TypedResults.NoContent();
    }

    private static async Task<Results<NoContent, ProblemHttpResult>> Leave(long profileId, CurrentUser user, HttpContext http, BudgetDbContext db, CancellationToken cancellationToken)
    {
        if (ProfileAccess.Of(http).Role == ProfileRole.Owner)
        {
            return Problems.Conflict("The owner cannot leave; hand the profile to another member first, or delete it.");
        }
        await EndMembershipAsync(db, profileId, db.ProfileMembers.Where(m => m.ProfileId == profileId && m.UserId == user.Id), user.Id, cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>
    /// Ends a membership and the member's read state with it, in one transaction. The owner's row is never deleted,
    /// checked in the delete itself in case the profile was handed to this member in between (then nothing changes).
    /// </summary>
    private static async Task EndMembershipAsync(BudgetDbContext db, long profileId, IQueryable<ProfileMember> membership, long userId, CancellationToken cancellationToken)
    {
        await using var transaction = await db.Database.BeginTransactionAsync(cancellationToken);
        if (await membership.Where(m => m.UserId != m.Profile!.UserId).ExecuteDeleteAsync(cancellationToken) > 0)
        {
            await Alerts.AlertsApi.ForgetReadsAsync(db, profileId, userId, cancellationToken);
        }
        await transaction.CommitAsync(cancellationToken);
    }

    /// <summary>The member becomes the owner (also of the old owner's account profile, which then is an ordinary profile); the old owner stays as an admin.</summary>
    private static async Task<Results<Ok<ProfileMemberResponse[]>, ValidationProblem, ProblemHttpResult>> HandOver(
        long profileId, OwnerTransferRequest request, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.SingleAsync(p => p.Id == profileId, cancellationToken);
        var heir = await db.ProfileMembers.SingleOrDefaultAsync(m => m.Id == request.MemberId && m.ProfileId == profileId, cancellationToken);
        if (heir is null)
        {
            return Problems.Invalid("memberId", "Not a member of this profile.");
        }
        if (heir.UserId == profile.UserId)
        {
            return Problems.Invalid("memberId", "Already the owner.");
        }
        if (await db.Profiles.CountAsync(p => p.UserId == heir.UserId, cancellationToken) >= Limits.ProfilesPerUser)
        {
            return Problems.Invalid("memberId", $"That member already owns {Limits.ProfilesPerUser} profiles, the most an account can keep.");
        }
        profile.UserId = heir.UserId;
        // The old account's own profile becomes an ordinary one of the new owner's, which they may delete.
        profile.IsOwner = false;
        profile.Version++;
        heir.Role = ProfileRole.Admin;
        heir.Version++;
        // The old owner's member row already says Admin (the owner is always kept as one), so it stays as it is.
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateConcurrencyException)
        {
            return Problems.Conflict("Someone changed this profile or its members at the same moment. Reload and try again.");
        }
        return TypedResults.Ok(await MembersOf(db, profileId, user.Id, cancellationToken));
    }

    /// <summary>Expired invitations stay listed, marked expired, so the admin sees who never answered (until the next invitation clears them).</summary>
    private static async Task<Ok<SentInvitationResponse[]>> ListInvitations(long profileId, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var invitations = await db.ProfileInvitations.AsNoTracking()
            .Where(i => i.ProfileId == profileId)
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .ToListAsync(cancellationToken);
        var expiredBefore = ProfileInvitation.ExpiredBefore(clock);
        return TypedResults.Ok(invitations.Select(i => Sent(i, expiredBefore)).ToArray());
    }

    /// <summary>
    /// Invites an email, registered or not, and answers the same either way (an admin learns nothing about who has an
    /// account): the invitation waits for whoever signs in with that email. Inviting an email again changes the role and,
    /// if it had expired, sends it again (a new fourteen days). Expired invitations of other emails are dropped here:
    /// nobody can accept them any more, and they must not hold places under the limits.
    /// </summary>
    private static async Task<Results<Created<SentInvitationResponse>, Ok<SentInvitationResponse>, ValidationProblem, ProblemHttpResult>> Invite(
        long profileId, InvitationRequest request, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var validator = new Validator(user.Currency);
        var email = Emails.Normalize(request.Email);
        if (!Emails.IsValid(email))
        {
            validator.Error("email", "Must be an email address.");
        }
        if (!ProfileRoles.IsAssignable(request.Role))
        {
            validator.Error("role", "Must be viewer, editor or admin.");
        }
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        // Members are listed to every member with their emails already, so saying so tells an admin nothing new.
        if (await db.ProfileMembers.AnyAsync(m => m.ProfileId == profileId && m.User!.Email == email, cancellationToken))
        {
            return Problems.Conflict("This email is already a member of the profile.");
        }
        var expiredBefore = ProfileInvitation.ExpiredBefore(clock);
        await db.ProfileInvitations.Where(i => i.ProfileId == profileId && i.Email != email && i.CreatedAt <= expiredBefore).ExecuteDeleteAsync(cancellationToken);
        var pending = await db.ProfileInvitations.Where(i => i.ProfileId == profileId).ToListAsync(cancellationToken);
        if (pending.Find(i => i.Email == email) is { } earlier)
        {
            earlier.Role = request.Role;
            if (earlier.CreatedAt <= expiredBefore)
            {
                earlier.CreatedAt = clock.GetUtcNow().UtcDateTime;
            }
            await db.SaveChangesAsync(cancellationToken);
            return TypedResults.Ok(Sent(earlier, expiredBefore));
        }
        if (pending.Count >= Limits.PendingInvitationsPerProfile)
        {
            return Problems.Invalid("$", $"A profile can have at most {Limits.PendingInvitationsPerProfile} invitations waiting; cancel one first.");
        }
        if (pending.Count + await db.ProfileMembers.CountAsync(m => m.ProfileId == profileId, cancellationToken) >= Limits.MembersPerProfile)
        {
            return Problems.Invalid("$", $"A profile can be shared by at most {Limits.MembersPerProfile} people, counting invitations waiting.");
        }
        var invitation = new ProfileInvitation { ProfileId = profileId, Email = email, Role = request.Role, CreatedAt = clock.GetUtcNow().UtcDateTime };
        db.ProfileInvitations.Add(invitation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            db.ChangeTracker.Clear();
            if (!await db.ProfileInvitations.AsNoTracking().AnyAsync(i => i.ProfileId == profileId && i.Email == email, cancellationToken))
            {
                throw;
            }
            // The unique index let in the other of two invitations sent at the same moment.
            return Problems.Conflict("Someone invited this email at the same moment.");
        }
        return TypedResults.Created($"/api/profiles/{profileId}/invitations", Sent(invitation, expiredBefore));
    }

    private static async Task<Results<NoContent, NotFound>> CancelInvitation(long profileId, long sentInvitationId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var deleted = await db.ProfileInvitations.Where(i => i.Id == sentInvitationId && i.ProfileId == profileId).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static SentInvitationResponse Sent(ProfileInvitation invitation, DateTime expiredBefore) => new(
        invitation.Id, invitation.Email, invitation.Role, invitation.CreatedAt, ProfileInvitation.ExpiresAt(invitation.CreatedAt), invitation.CreatedAt <= expiredBefore);

    private static async Task<ProfileMemberResponse[]> MembersOf(BudgetDbContext db, long profileId, long userId, CancellationToken cancellationToken)
    {
        var members = await db.ProfileMembers.AsNoTracking()
            .Where(m => m.ProfileId == profileId)
            .OrderByDescending(m => m.UserId == m.Profile!.UserId).ThenBy(m => m.JoinedAt).ThenBy(m => m.Id)
            .Select(m => new { m.Id, m.User!.Email, m.Role, m.UserId, OwnerId = m.Profile!.UserId, m.JoinedAt, m.Version })
            .ToListAsync(cancellationToken);
        return members
            .Select(m => new ProfileMemberResponse(m.Id, m.Email, ProfileRoles.Of(m.UserId, m.OwnerId, m.Role), m.UserId == userId, m.JoinedAt, m.Version))
            .ToArray();
    }
}
