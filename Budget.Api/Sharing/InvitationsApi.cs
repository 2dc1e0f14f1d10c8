using Budget.Api.Common;
using Budget.Api.Data;
using Budget.Api.Profiles;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Sharing;

/// <summary>
/// The invitations waiting for the signed-in user (addressed to their email), to accept or decline. An expired one
/// (<see cref="ProfileInvitation.Lifetime"/>) is no longer listed and cannot be accepted.
/// </summary>
public static class InvitationsApi
{
    public static RouteGroupBuilder MapInvitationsApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/invitations").WithTags("Sharing").RequireAuthorization();
        group.MapGet("/", Received);
        group.MapPost("/{invitationId:long}/accept", Accept);
        group.MapDelete("/{invitationId:long}", Decline);
        return group;
    }

    private static async Task<Ok<ReceivedInvitationResponse[]>> Received(CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var email = await EmailOf(db, user, cancellationToken);
        var expiredBefore = ProfileInvitation.ExpiredBefore(clock);
        var invitations = await db.ProfileInvitations.AsNoTracking()
            .Where(i => i.Email == email && i.CreatedAt > expiredBefore && !i.Profile!.Members.Any(m => m.UserId == user.Id))
            .OrderBy(i => i.CreatedAt).ThenBy(i => i.Id)
            .Select(i => new ReceivedInvitationResponse(
                i.Id, i.ProfileId, i.Profile!.Name, i.Profile.User!.Email, i.Role, i.CreatedAt, ProfileInvitation.ExpiresAt(i.CreatedAt)))
            .ToListAsync(cancellationToken);
        return TypedResults.Ok(invitations.ToArray());
    }

    /// <summary>
    /// Joins the profile with the role the invitation offers, and answers the profile as the new member sees it. An
    /// expired invitation is 410 Gone: it existed, so 404 would puzzle whoever follows an old link; the admin may invite again.
    /// </summary>
    private static async Task<Results<Ok<ProfileResponse>, NotFound, ProblemHttpResult>> Accept(
        long invitationId, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        var email = await EmailOf(db, user, cancellationToken);
        var invitation = await db.ProfileInvitations.SingleOrDefaultAsync(i => i.Id == invitationId && i.Email == email, cancellationToken);
        if (invitation is null)
        {
            return TypedResults.NotFound();
        }
        if (invitation.CreatedAt <= ProfileInvitation.ExpiredBefore(clock))
        {
            return TypedResults.Problem(
                $"This invitation expired on {ProfileInvitation.ExpiresAt(invitation.CreatedAt):yyyy-MM-dd}, {ProfileInvitation.Lifetime.Days} days after it was sent; ask the profile's admin to invite you again.",
                title: "Invitation expired", statusCode: StatusCodes.Status410Gone);
        }
        var profileId = invitation.ProfileId;
        var alreadyMember = await db.ProfileMembers.AnyAsync(m => m.ProfileId == profileId && m.UserId == user.Id, cancellationToken);
        if (!alreadyMember)
        {
            if (await db.ProfileMembers.CountAsync(m => m.ProfileId == profileId, cancellationToken) >= Limits.MembersPerProfile)
            {
                return Problems.Conflict($"This profile already has {Limits.MembersPerProfile} members, the most it can keep; ask its admin to make room.");
            }
            db.ProfileMembers.Add(new ProfileMember { ProfileId = profileId, UserId = user.Id, Role = invitation.Role, JoinedAt = clock.GetUtcNow().UtcDateTime });
        }
        db.ProfileInvitations.Remove(invitation);
        try
        {
            await db.SaveChangesAsync(cancellationToken);
        }
        catch (DbUpdateException)
        {
            // The same invitation accepted twice at once: the unique membership let one in, which is all that was asked.
            db.ChangeTracker.Clear();
            if (!await db.ProfileMembers.AnyAsync(m => m.ProfileId == profileId && m.UserId == user.Id, cancellationToken))
            {
                throw;
            }
        }
        return await ProfilesApi.ViewAsync(db, profileId, user.Id, cancellationToken) is { } profile ? TypedResults.Ok(profile) : TypedResults.NotFound();
    }

    private static async Task<Results<NoContent, NotFound>> Decline(long invitationId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var email = await EmailOf(db, user, cancellationToken);
        var deleted = await db.ProfileInvitations.Where(i => i.Id == invitationId && i.Email == email).ExecuteDeleteAsync(cancellationToken);
        return deleted == 0 ? TypedResults.NotFound() : TypedResults.NoContent();
    }

    private static Task<string> EmailOf(BudgetDbContext db, CurrentUser user, CancellationToken cancellationToken) =>
        db.Users.Where(u => u.Id == user.Id).Select(u => u.Email).SingleAsync(cancellationToken);
}
