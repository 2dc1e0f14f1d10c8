using Budget.Api.Common;
using Budget.Api.Data;
using Microsoft.AspNetCore.Http.HttpResults;
using Microsoft.EntityFrameworkCore;

namespace Budget.Api.Profiles;

public static class ProfilesApi
{
    public static RouteGroupBuilder MapProfilesApi(this IEndpointRouteBuilder app)
    {
        var group = app.MapGroup("/api/profiles").WithTags("Profiles").RequireAuthorization();
        group.MapGet("/", List);
        group.MapPost("/", Create);
        // The profile itself is under the member filter like everything in it: renaming takes an admin, deleting its owner.
        var profile = app.MapProfileGroup("").WithTags("Profiles");
        profile.MapGet("", Get).WithName("GetProfile");
        profile.MapPut("", Update).RequireProfileRole(ProfileRole.Admin);
        profile.MapDelete("", Delete).RequireProfileRole(ProfileRole.Owner);
        return group;
    }

    /// <summary>The caller's own profiles first (the account's own at the top), then those shared with them.</summary>
    private static async Task<Ok<ProfileResponse[]>> List(CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var profiles = await Views(db, user.Id).ToListAsync(cancellationToken);
        return TypedResults.Ok(profiles.Select(v => v.ToResponse(user.Id)).ToArray());
    }

    private static async Task<Results<Ok<ProfileResponse>, NotFound>> Get(long profileId, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken) =>
        await ViewAsync(db, profileId, user.Id, cancellationToken) is { } profile ? TypedResults.Ok(profile) : TypedResults.NotFound();

    private static async Task<Results<CreatedAtRoute<ProfileResponse>, ValidationProblem>> Create(
        ProfileRequest request, CurrentUser user, BudgetDbContext db, TimeProvider clock, CancellationToken cancellationToken)
    {
        if (request.Version is not null)
        {
            return Versions.NotOnCreate();
        }
        var count = await db.Profiles.CountAsync(p => p.UserId == user.Id, cancellationToken);
        if (count >= Limits.ProfilesPerUser)
        {
            return Problems.Invalid("$", $"An account can keep at most {Limits.ProfilesPerUser} profiles.");
        }
        var validator = new Validator(user.Currency);
        var name = validator.Text("name", request.Name, Limits.NameLength);
        var color = AvatarColors.Parse(validator, request.AvatarColor, count);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        var owner = await db.Users.SingleAsync(u => u.Id == user.Id, cancellationToken);
        var profile = Profile.CreateFor(owner, name, color, isOwner: false, clock.GetUtcNow().UtcDateTime);
        db.Profiles.Add(profile);
        await db.SaveChangesAsync(cancellationToken);
        return TypedResults.CreatedAtRoute(ProfileResponse.From(profile, ProfileRole.Owner, owner.Email, memberCount: 1), "GetProfile", new { profileId = profile.Id });
    }

    private static async Task<Results<Ok<ProfileResponse>, NotFound, ValidationProblem, ProblemHttpResult>> Update(
        long profileId, ProfileRequest request, CurrentUser user, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.SingleOrDefaultAsync(p => p.Id == profileId, cancellationToken);
        if (profile is null)
        {
            return TypedResults.NotFound();
        }
        var validator = new Validator(user.Currency);
        var name = validator.Text("name", request.Name, Limits.NameLength);
        // Leaving the colour out keeps the one it has.
        var color = request.AvatarColor is null ? profile.AvatarColor : AvatarColors.Parse(validator, request.AvatarColor, 0);
        if (!validator.IsValid)
        {
            return validator.Problem();
        }
        profile.Name = name;
        profile.AvatarColor = color;
        switch (await Versions.SaveAsync(db, profile, request.Version, cancellationToken))
        {
            case Versions.Outcome.Conflict:
                return Versions.Conflict(profile.Version);
            case Versions.Outcome.Gone:
                return TypedResults.NotFound();
        }
        return await ViewAsync(db, profileId, user.Id, cancellationToken) is { } saved ? TypedResults.Ok(saved) : TypedResults.NotFound();
    }

    /// <summary>Only the owner deletes a profile: it takes every member's shared work with it.</summary>
    private static async Task<Results<NoContent, NotFound, ProblemHttpResult>> Delete(long profileId, BudgetDbContext db, CancellationToken cancellationToken)
    {
        var profile = await db.Profiles.AsNoTracking()
            .Where(p => p.Id == profileId)
            .Select(p => new { p.IsOwner })
            .SingleOrDefaultAsync(cancellationToken);
        if (profile is null)
        {
            return TypedResults.NotFound();
        }
        if (profile.IsOwner)
        {
            return Problems.Conflict("The account's own profile lives as long as the account; delete the account instead.");
        }
        // The database cascades to the profile's members, invitations, nodes, flows, budgets, transactions and goals.
        await db.Profiles.Where(p => p.Id == profileId).ExecuteDeleteAsync(cancellationToken);
        return TypedResults.NoContent();
    }

    /// <summary>One profile as <paramref name="userId"/> sees it, or null when they are not a member.</summary>
    public static async Task<ProfileResponse?> ViewAsync(BudgetDbContext db, long profileId, long userId, CancellationToken cancellationToken) =>
        (await Views(db, userId, profileId).SingleOrDefaultAsync(cancellationToken))?.ToResponse(userId);

    private sealed record ProfileView(Profile Profile, ProfileRole Role, string OwnerEmail, int MemberCount)
    {
        public ProfileResponse ToResponse(long userId) =>
            ProfileResponse.From(Profile, ProfileRoles.Of(userId, Profile.UserId, Role), OwnerEmail, MemberCount);
    }

    /// <summary>The profiles <paramref name="userId"/> is a member of, with their role, the owner's email and how many share each.</summary>
    private static IQueryable<ProfileView> Views(BudgetDbContext db, long userId, long? profileId = null) =>
        db.ProfileMembers.AsNoTracking()
            .Where(m => m.UserId == userId && (profileId == null || m.ProfileId == profileId))
            .OrderByDescending(m => m.Profile!.UserId == userId).ThenByDescending(m => m.Profile!.IsOwner).ThenBy(m => m.ProfileId)
            .Select(m => new ProfileView(m.Profile!, m.Role, m.Profile!.User!.Email, m.Profile.Members.Count));
}
